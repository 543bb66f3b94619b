"""Working delegations and their visits, the recommendations lower bodies raise, and reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from namro.core.models import Authored, StoredFile, TimeStamped


class VisitKind(models.TextChoices):
    WORKING_SESSION = "working_session", _("Làm việc")
    INSPECTION = "inspection", _("Kiểm tra")
    SUPERVISION = "supervision", _("Giám sát")
    SURVEY = "survey", _("Khảo sát")


class VisitState(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    HELD = "held", _("Đã làm việc")


class Visit(Authored):
    """A visit (buổi làm việc) of a visiting body — a working delegation, an inspection or
    supervision team — to a host unit, on a date, about subject documents.

    Its conclusion is a ``Document`` of kind ``conclusion_notice``; the tasks it sets are tasks
    of that document, tracked like any others.
    """

    kind = models.CharField(_("hình thức"), max_length=32, choices=VisitKind.choices)
    title = models.CharField(_("nội dung"), max_length=500)
    visiting_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đoàn công tác"),
        on_delete=models.PROTECT,
        related_name="visits_made",
    )
    host_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị làm việc"),
        on_delete=models.PROTECT,
        related_name="visits_hosted",
    )
    held_on = models.DateField(_("ngày làm việc"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=VisitState.choices, default=VisitState.PLANNED
    )
    subject_documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("văn bản được xem xét"),
        blank=True,
        related_name="visits",
    )
    agenda = models.TextField(_("chương trình làm việc"), blank=True)
    minutes = models.TextField(_("biên bản"), blank=True)
    report = models.ForeignKey(
        "documents.Document",
        verbose_name=_("báo cáo của đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_visits",
    )
    conclusion = models.OneToOneField(
        "documents.Document",
        verbose_name=_("thông báo kết luận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concluded_visit",
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("buổi làm việc")
        verbose_name_plural = _("buổi làm việc")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(visiting_unit=F("host_unit")), name="visit_host_not_visitor"
            ),
        ]
        indexes = [
            models.Index(fields=["host_unit", "held_on"], name="visit_by_host_day"),
            models.Index(fields=["visiting_unit", "held_on"], name="visit_by_visitor_day"),
        ]

    def __str__(self) -> str:
        return f"{self.visiting_unit} — {self.host_unit} ({self.held_on:%d/%m/%Y})"


class DelegationRole(models.TextChoices):
    HEAD = "head", _("Trưởng đoàn")
    DEPUTY = "deputy", _("Phó Trưởng đoàn")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")
    INVITED = "invited", _("Đại biểu mời")


class VisitMember(models.Model):
    """A member of the delegation on one visit, with the position title they held then."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("buổi làm việc"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="+"
    )
    position_title = models.CharField(_("chức vụ khi đó"), max_length=500, blank=True)
    role = models.CharField(_("vai trò trong đoàn"), max_length=16, choices=DelegationRole.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        ordering = ["visit_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "person"], name="visit_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


def visit_attachment_path(instance: VisitAttachment, filename: str) -> str:
    """Named by the first migration; files now go by ``StoredFile.upload_folder``."""
    return f"{instance.upload_folder()}/{filename}"


class VisitAttachment(StoredFile):
    """A file kept with a visit (the host's report, slides, the signed minutes)."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("buổi làm việc"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def upload_folder(self) -> str:
        return f"visits/{self.visit_id}"


class RecommendationState(models.TextChoices):
    RAISED = "raised", _("Đã kiến nghị")
    RECEIVED = "received", _("Đã tiếp nhận")
    UNDER_CONSIDERATION = "under_consideration", _("Đang xem xét")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã kết thúc")


class RecommendationOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Tiếp thu")
    PARTLY_ACCEPTED = "partly_accepted", _("Tiếp thu một phần")
    DECLINED = "declined", _("Không tiếp thu")
    REFERRED = "referred", _("Chuyển cơ quan có thẩm quyền")


class Recommendation(TimeStamped):
    """A recommendation (kiến nghị, đề xuất) a unit raises to a higher body, followed until it
    is answered and closed.

    ``state`` and the dates mirror the last event of each kind on its ``events`` timeline, so
    lists and counts need no join; the events are the record.
    """

    raised_by = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị kiến nghị"),
        on_delete=models.PROTECT,
        related_name="recommendations_raised",
    )
    addressed_to = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("kiến nghị đến"),
        on_delete=models.PROTECT,
        related_name="recommendations_received",
    )
    responsible_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cơ quan chịu trách nhiệm trả lời"),
        on_delete=models.PROTECT,
        related_name="recommendations_to_answer",
    )
    subject = models.CharField(_("nội dung kiến nghị"), max_length=500)
    detail = models.TextField(_("chi tiết"), blank=True)
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("buổi làm việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    source_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("báo cáo nêu kiến nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations_raised",
    )
    subject_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    raised_on = models.DateField(_("ngày kiến nghị"))
    answer_due_on = models.DateField(_("hạn trả lời"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=24,
        choices=RecommendationState.choices,
        default=RecommendationState.RAISED,
    )
    received_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả xem xét"), max_length=24, choices=RecommendationOutcome.choices, blank=True
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    tasks = models.ManyToManyField(
        "tasks.Task",
        verbose_name=_("nhiệm vụ phát sinh"),
        blank=True,
        related_name="recommendations",
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_due_on__isnull=True) | Q(answer_due_on__gte=F("raised_on")),
                name="recommendation_due_after_raised",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("raised_on")),
                name="recommendation_answered_after_raised",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | ~Q(outcome=""),
                name="recommendation_answer_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(answered_on__isnull=False),
                name="recommendation_closed_after_answer",
            ),
        ]
        indexes = [
            models.Index(fields=["responsible_unit", "state"], name="recommendation_by_answerer"),
            models.Index(fields=["raised_by", "raised_on"], name="recommendation_by_raiser"),
            models.Index(fields=["answer_due_on"], name="recommendation_by_due"),
        ]

    def __str__(self) -> str:
        return self.subject if len(self.subject) <= 80 else self.subject[:79] + "…"


class RecommendationEvent(models.Model):
    """One dated, attributed step in a recommendation's lifecycle."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("kiến nghị"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    state = models.CharField(_("bước"), max_length=24, choices=RecommendationState.choices)
    on = models.DateField(_("ngày"))
    at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(
        _("kết quả xem xét"), max_length=24, choices=RecommendationOutcome.choices, blank=True
    )
    note = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("diễn biến kiến nghị")
        verbose_name_plural = _("diễn biến kiến nghị")
        ordering = ["recommendation_id", "on", "at", "id"]
        indexes = [models.Index(fields=["recommendation", "on"], name="rec_event_by_day")]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.on:%d/%m/%Y}"


class ReviewKind(models.TextChoices):
    INTERIM = "interim", _("Sơ kết")
    FINAL = "final", _("Tổng kết")


class Review(Authored):
    """An interim or final review (sơ kết, tổng kết) of how a unit implemented a document over
    a period. Its content is drafted from the data as of ``period_end``."""

    kind = models.CharField(_("loại"), max_length=16, choices=ReviewKind.choices)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản được sơ kết, tổng kết"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị sơ kết, tổng kết"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    held_on = models.DateField(_("ngày hội nghị"), null=True, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("sơ kết, tổng kết")
        verbose_name_plural = _("sơ kết, tổng kết")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="review_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["unit", "period_end"], name="review_by_unit_end")]

    def __str__(self) -> str:
        return self.title
