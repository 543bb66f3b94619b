"""Documents (resolutions, directives, programmes…), their goals and indicators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from namro.core.models import Authored


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Nghị quyết")
    DIRECTIVE = "directive", _("Chỉ thị")
    CONCLUSION = "conclusion", _("Kết luận")
    CONCLUSION_NOTICE = "conclusion_notice", _("Thông báo kết luận")
    ACTION_PROGRAM = "action_program", _("Chương trình hành động")
    PLAN = "plan", _("Kế hoạch")
    DECISION = "decision", _("Quyết định")
    SCHEME = "scheme", _("Đề án")
    REGULATION = "regulation", _("Quy chế làm việc")
    OTHER = "other", _("Văn bản khác")


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    ARCHIVED = "archived", _("Lưu trữ")


class Document(Authored):
    """A document that sets goals or assigns work: its number, issuer, date and text.

    ``implements`` links it to the higher documents it concretises (cụ thể hóa).
    """

    kind = models.CharField(_("loại văn bản"), max_length=32, choices=DocumentKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    number_key = models.CharField(max_length=64, editable=False, default="", db_default="")
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issued_on = models.DateField(_("ngày ban hành"))
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=DocumentState.choices, default=DocumentState.ISSUED
    )
    body = models.TextField(_("nội dung"), blank=True)
    implements = models.ManyToManyField(
        "self",
        verbose_name=_("cụ thể hóa văn bản"),
        symmetrical=False,
        blank=True,
        related_name="implemented_by",
    )
    received_on = models.DateField(
        _("ngày đến"),
        null=True,
        blank=True,
        help_text=_("Ngày văn bản đến cơ quan; từ ngày này tính hạn nhập nhiệm vụ."),
    )
    tasks_entered_on = models.DateField(_("ngày nhập xong nhiệm vụ"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    is_public = models.BooleanField(_("công khai"), default=False)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "number"]
        constraints = [
            # One number per issuer, whatever its case, spacing, hyphen or Unicode form.
            models.UniqueConstraint(
                fields=["issuer", "number_key"],
                condition=~Q(number_key=""),
                name="document_number_key_unique_per_issuer",
            )
        ]
        indexes = [models.Index(fields=["issuer", "issued_on"], name="document_by_issuer_date")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title


class Goal(models.Model):
    """A goal a document sets (mục tiêu)."""

    document = models.ForeignKey(
        Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="goals"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("mục tiêu"))

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["document_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Indicator(models.Model):
    """A measurable target (chỉ tiêu): baseline, target, unit of measure, target date."""

    document = models.ForeignKey(
        Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="indicators"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("mục tiêu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    name = models.CharField(_("chỉ tiêu"), max_length=500)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("giá trị cơ sở"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(_("mục tiêu"), max_digits=18, decimal_places=4)
    target_on = models.DateField(_("thời hạn đạt"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị theo dõi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["document_id", "id"]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """A value of an indicator measured on a day."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="measurements"
    )
    measured_on = models.DateField(_("ngày đo"))
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=4)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("số liệu đo")
        verbose_name_plural = _("số liệu đo")
        ordering = ["indicator_id", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="measurement_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.measured_on:%d/%m/%Y}: {self.value}"
