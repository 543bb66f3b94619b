"""Tasks, their timeline, completions of periodic occurrences and extension requests."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from namro.core.models import Authored, StoredFile

from . import rules


class Recurrence(models.TextChoices):
    NONE = rules.Recurrence.NONE.value, _("Có thời hạn")
    ONGOING = rules.Recurrence.ONGOING.value, _("Thường xuyên")
    YEARLY = rules.Recurrence.YEARLY.value, _("Hằng năm")
    SEMIANNUAL = rules.Recurrence.SEMIANNUAL.value, _("Định kỳ 6 tháng")
    QUARTERLY = rules.Recurrence.QUARTERLY.value, _("Hằng quý")
    MONTHLY = rules.Recurrence.MONTHLY.value, _("Hằng tháng")


class TaskStatus(models.TextChoices):
    """The one vocabulary of a task's status: values from ``rules.Status``, the labels every
    page, filter, chart, report and API schema shows (English through the locale files)."""

    IN_PROGRESS = rules.Status.IN_PROGRESS.value, _("Đang thực hiện")
    OVERDUE = rules.Status.OVERDUE.value, _("Quá hạn")
    DONE_ON_TIME = rules.Status.DONE_ON_TIME.value, _("Hoàn thành đúng hạn")
    DONE_LATE = rules.Status.DONE_LATE.value, _("Hoàn thành quá hạn")
    ONGOING = rules.Status.ONGOING.value, _("Thường xuyên")
    CANCELLED = rules.Status.CANCELLED.value, _("Dừng / hủy")


RECURRING = ~Q(recurrence=Recurrence.NONE)


class Task(Authored):
    """One piece of assigned work under the six clears (rõ người, việc, tiến độ, trách nhiệm,
    hiệu quả, thẩm quyền).

    ``due_on`` is the deadline now in force; ``original_due_on`` the one first assigned, kept
    whatever extensions follow; ``extended_on`` the day the latest extension was granted.
    ``claimed_on``/``confirmed_on`` hold the current completion claim of a one-off task; a
    sent-back claim is cleared here and stays on the timeline.
    """

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    section = models.CharField(_("mục"), max_length=32, blank=True)
    # The code a sheet gives the task ("Mã nhiệm vụ"), so that importing the sheet again
    # changes the task instead of adding a second one; unique within its document.
    external_key = models.CharField(_("mã nhiệm vụ"), max_length=64, blank=True, default="")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    action = models.TextField(_("nội dung nhiệm vụ"))
    lead_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit",
        verbose_name=_("đơn vị phối hợp"),
        blank=True,
        related_name="coordinated_tasks",
    )
    owner = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("người chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_tasks",
    )
    authority = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cấp có thẩm quyền"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authorised_tasks",
    )
    expected_output = models.CharField(_("sản phẩm, kết quả"), max_length=500, blank=True)
    recurrence = models.CharField(
        _("tính chất thời hạn"), max_length=16, choices=Recurrence.choices, default=Recurrence.NONE
    )
    assigned_on = models.DateField(_("ngày giao"))
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    original_due_on = models.DateField(_("thời hạn ban đầu"), null=True, blank=True)
    extended_on = models.DateField(_("ngày gia hạn gần nhất"), null=True, blank=True)
    is_key = models.BooleanField(_("nhiệm vụ trọng tâm"), default=False)
    is_breakthrough = models.BooleanField(_("đột phá"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    progress = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    claimed_on = models.DateField(_("ngày báo cáo hoàn thành"), null=True, blank=True)
    confirmed_on = models.DateField(_("ngày xác nhận hoàn thành"), null=True, blank=True)
    output_note = models.TextField(_("kết quả đạt được"), blank=True)
    cancelled_on = models.DateField(_("ngày dừng/hủy"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do dừng/hủy"), blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "external_key"],
                condition=~Q(external_key=""),
                name="task_external_key_unique_per_document",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("assigned_on")),
                name="task_due_not_before_assigned",
            ),
            models.CheckConstraint(
                condition=Q(recurrence="none") | Q(due_on__isnull=True),
                name="task_recurring_has_no_single_deadline",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(claimed_on__isnull=False),
                name="task_confirmation_needs_claim",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(confirmed_on__gte=F("claimed_on")),
                name="task_confirmed_after_claim",
            ),
        ]
        indexes = [
            models.Index(fields=["lead_unit", "due_on"], name="task_by_lead_due"),
            models.Index(fields=["due_on"], name="task_by_due"),
            # Tasks extended after a date (their deadline then was another): the few whose
            # status as of a past date cannot be read from ``due_on`` alone.
            models.Index(
                fields=["extended_on"],
                condition=Q(extended_on__isnull=False),
                name="task_by_extension",
            ),
            # Tasks confirmed or stopped after a date: with those extended after it, the few
            # whose status as of a past date differs from what their columns say today.
            models.Index(
                fields=["confirmed_on"],
                condition=Q(confirmed_on__isnull=False),
                name="task_by_confirmation",
            ),
            models.Index(
                fields=["cancelled_on"],
                condition=Q(cancelled_on__isnull=False),
                name="task_by_cancellation",
            ),
            # Open one-off tasks by deadline: the overdue first, read in order without a sort.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(
                    confirmed_on__isnull=True, cancelled_on__isnull=True, recurrence="none"
                ),
                name="task_open_by_due",
            ),
            # Periodic and standing tasks (a few percent of all): due soon at every period's end.
            # A query names the same condition (``RECURRING``) to read through it.
            models.Index(fields=["recurrence"], condition=RECURRING, name="task_recurring"),
            # A subtree's tasks extended after a date (whose deadline then was another): each
            # lead unit's few, not all its tasks.
            models.Index(
                fields=["lead_unit", "extended_on"],
                condition=Q(extended_on__isnull=False),
                name="task_extended_by_lead",
            ),
            # A subtree's periodic tasks (evaluation, periodic reports): each lead unit's few,
            # not all its tasks.
            models.Index(
                fields=["lead_unit", "assigned_on"],
                condition=RECURRING,
                name="task_recurring_by_lead",
            ),
            models.Index(fields=["document", "section"], name="task_by_document_section"),
            # Completion claims waiting for confirmation (the inbox, on every page's count).
            # It holds what the gate asks of a claim (who may confirm it), so counting the
            # claims a person may confirm reads this index alone.
            models.Index(
                fields=["claimed_on", "document", "authority", "recurrence"],
                condition=Q(claimed_on__isnull=False, confirmed_on__isnull=True),
                name="task_claim_waiting",
            ),
        ]

    def __str__(self) -> str:
        return self.label_of(self.section, self.action)

    @staticmethod
    def label_of(section: str, action: str) -> str:
        """What ``str()`` of a task with this section and action says (no instance needed)."""
        label = action if len(action) <= 80 else action[:79] + "…"
        return f"{section} {label}".strip()

    def facts(self) -> rules.TaskFacts:
        """The facts the status rules read. Needs ``extensions`` and ``occurrences`` loaded
        (prefetched by ``TaskQuerySet.with_facts``) to avoid a query per task."""
        extensions = tuple(
            rules.Extension(e.decided_on, e.requested_due_on)
            for e in self.extension_requests.all()
            if e.state == ExtensionState.GRANTED and e.decided_on is not None
        )
        claims: list[rules.Claim] = []
        if self.recurrence in rules.PERIODIC:
            claims = [
                rules.Claim(o.claimed_on, o.confirmed_on, None, o.due_on)
                for o in self.occurrences.all()
                if o.claimed_on is not None
            ]
        elif self.claimed_on is not None:
            claims = [rules.Claim(self.claimed_on, self.confirmed_on)]
        return rules.TaskFacts(
            assigned_on=self.assigned_on,
            original_due_on=self.original_due_on,
            recurrence=rules.Recurrence(self.recurrence),
            extensions=extensions,
            claims=tuple(claims),
            cancelled_on=self.cancelled_on,
        )

    def status_on(self, as_of, *, warn_days: int | None = None):  # type: ignore[no-untyped-def]
        """``rules.status_detail`` of this task on ``as_of``."""
        days = settings.NAMRO_DUE_SOON_DAYS if warn_days is None else warn_days
        return rules.status_detail(self.facts(), as_of, warn_days=days)


class TaskOccurrence(models.Model):
    """The completion of one occurrence of a periodic task (one month, quarter, half, year)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    due_on = models.DateField(_("hạn của kỳ"))
    claimed_on = models.DateField(_("ngày báo cáo hoàn thành"), null=True, blank=True)
    confirmed_on = models.DateField(_("ngày xác nhận"), null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ thực hiện")
        verbose_name_plural = _("kỳ thực hiện")
        constraints = [
            models.UniqueConstraint(fields=["task", "due_on"], name="occurrence_unique_per_period")
        ]
        indexes = [
            models.Index(
                fields=["task"],
                condition=Q(claimed_on__isnull=False, confirmed_on__isnull=True),
                name="occurrence_claim_waiting",
            ),
            # Completions due in a period, whatever the task (evaluation, periodic reports).
            models.Index(fields=["due_on"], name="occurrence_by_due"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} @ {self.due_on:%d/%m/%Y}"


class UpdateKind(models.TextChoices):
    CREATED = "created", _("Giao nhiệm vụ")
    PROGRESS = "progress", _("Báo cáo tiến độ")
    CLAIM = "claim", _("Báo cáo hoàn thành")
    CONFIRM = "confirm", _("Xác nhận hoàn thành")
    SEND_BACK = "send_back", _("Trả lại, chưa công nhận hoàn thành")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_GRANTED = "extension_granted", _("Đồng ý gia hạn")
    EXTENSION_REFUSED = "extension_refused", _("Không đồng ý gia hạn")
    CHANGED = "changed", _("Điều chỉnh nhiệm vụ")
    DELEGATED = "delegated", _("Phân cấp cho đơn vị cấp dưới")
    CANCELLED = "cancelled", _("Dừng / hủy")
    TRANSFERRED = "transferred", _("Chuyển đơn vị kế thừa")
    EXPLANATION_ASKED = "explanation_asked", _("Yêu cầu giải trình")
    EXPLANATION_GIVEN = "explanation_given", _("Giải trình")
    EXPLANATION_ACCEPTED = "explanation_accepted", _("Chấp nhận giải trình")
    EXPLANATION_ASKED_AGAIN = "explanation_asked_again", _("Yêu cầu giải trình lại")


class TaskUpdate(models.Model):
    """One entry on a task's timeline (báo cáo tiến độ and every other change)."""

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="updates"
    )
    kind = models.CharField(_("loại"), max_length=32, choices=UpdateKind.choices)
    on = models.DateField(_("ngày"))
    at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    narrative = models.TextField(_("nội dung"), blank=True)
    explanation = models.TextField(_("giải trình chậm tiến độ"), blank=True)
    status_before = models.CharField(max_length=16, blank=True, choices=TaskStatus.choices)
    status_after = models.CharField(max_length=16, blank=True, choices=TaskStatus.choices)
    changes = models.JSONField(_("thay đổi"), null=True, blank=True)

    class Meta:
        verbose_name = _("cập nhật nhiệm vụ")
        verbose_name_plural = _("cập nhật nhiệm vụ")
        ordering = ["task_id", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="update_progress_at_most_100",
            )
        ]
        indexes = [
            models.Index(fields=["task", "on"], name="update_by_task_day"),
            # Send-backs, few among millions of entries: what waits for a lead unit.
            models.Index(fields=["task"], condition=Q(kind="send_back"), name="update_send_back"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Named by the first migration; files now go by ``StoredFile.upload_folder``."""
    return f"{instance.upload_folder()}/{filename}"


class Evidence(StoredFile):
    """A file attached to a timeline entry as proof (minutes, a decision, a photo)."""

    update = models.ForeignKey(
        TaskUpdate, verbose_name=_("cập nhật"), on_delete=models.CASCADE, related_name="evidence"
    )

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def upload_folder(self) -> str:
        return f"evidence/{self.update.task_id}"


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    GRANTED = "granted", _("Đồng ý")
    REFUSED = "refused", _("Không đồng ý")


class ExtensionRequest(models.Model):
    """A request for a later deadline (gia hạn), decided by the task's authority."""

    task = models.ForeignKey(
        Task,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="extension_requests",
    )
    requested_on = models.DateField(_("ngày đề nghị"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    previous_due_on = models.DateField(_("thời hạn trước khi gia hạn"))
    requested_due_on = models.DateField(_("thời hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ExtensionState.choices,
        default=ExtensionState.PENDING,
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["task_id", "requested_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_due_on__gt=F("previous_due_on")),
                name="extension_moves_deadline_later",
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(decided_on__isnull=False),
                name="extension_decision_is_dated",
            ),
        ]
        indexes = [models.Index(fields=["task", "state", "decided_on"], name="extension_granted")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.previous_due_on:%d/%m/%Y} → {self.requested_due_on:%d/%m/%Y}"


# Counters by status, kept by the task services write by write.
#
# ``StatusTally`` holds, for each unit's whole subtree, how the number of tasks in each status
# changes on a day, in a month and in a year. Counts as of a date are the sum of the year rows
# before its year, the month rows before its month in that year and the day rows up to it in
# that month: at most 5 + 11 + 31 rows per unit, whatever the number of tasks. ``TaskTrail``
# remembers what each task last added, so a change to a task takes exactly that away again.
# The tables keep the names they had when the read side owned them.


class Grain(models.IntegerChoices):
    YEAR = 0, _("năm")
    MONTH = 1, _("tháng")
    DAY = 2, _("ngày")


class StatusTally(models.Model):
    """Net change of the number of tasks in each status led within ``unit``'s subtree, over
    the period of ``grain`` starting on ``start``."""

    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    grain = models.SmallIntegerField(choices=Grain.choices)
    start = models.DateField()
    in_progress = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    done_on_time = models.IntegerField(default=0)
    done_late = models.IntegerField(default=0)
    ongoing = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)

    class Meta:
        db_table = "insights_statustally"
        verbose_name = _("bộ đếm trạng thái")
        verbose_name_plural = _("bộ đếm trạng thái")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "grain", "start"], name="tally_one_row_per_unit_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.get_grain_display()} {self.start:%d/%m/%Y}"


class TaskTrail(models.Model):
    """What a task last added to the counters: its lead unit then and its status changes."""

    task = models.OneToOneField(
        "tasks.Task", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    trail = models.TextField(default="")

    class Meta:
        db_table = "insights_tasktrail"
        verbose_name = _("diễn biến trạng thái")
        verbose_name_plural = _("diễn biến trạng thái")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.trail}"


class ExplanationState(models.TextChoices):
    ASKED = "asked", _("Chờ giải trình")
    ANSWERED = "answered", _("Đã giải trình, chờ xem xét")
    ACCEPTED = "accepted", _("Đã chấp nhận")


class ExplanationRequest(models.Model):
    """A tracker or leader asks the lead unit of a late or slipping task to explain (yêu cầu
    giải trình): the reason, the remedy and the date it proposes. The unit answers; the asker
    accepts, or asks again (the request returns to ``asked`` with the new question)."""

    task = models.ForeignKey(
        Task,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="explanation_requests",
    )
    asked_on = models.DateField(_("ngày yêu cầu"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("nội dung yêu cầu"))
    answer_due_on = models.DateField(_("hạn giải trình"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ExplanationState.choices,
        default=ExplanationState.ASKED,
    )
    rounds = models.PositiveSmallIntegerField(_("số lần yêu cầu"), default=1)
    answered_on = models.DateField(_("ngày giải trình"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giải trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("nguyên nhân"), blank=True)
    remedy = models.TextField(_("giải pháp khắc phục"), blank=True)
    proposed_due_on = models.DateField(_("thời hạn đề xuất"), null=True, blank=True)
    closed_on = models.DateField(_("ngày chấp nhận"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu giải trình")
        verbose_name_plural = _("yêu cầu giải trình")
        ordering = ["task_id", "asked_on", "id"]
        indexes = [models.Index(fields=["state", "asked_on"], name="explanation_by_state")]

    def __str__(self) -> str:
        return f"{self.task_id} @ {self.asked_on:%d/%m/%Y}"


class ImportStep(models.Model):
    """One committed step of an import written in steps (on SQLite, ``services.tasks_import``):
    the tasks it wrote, recorded in the same transaction as they were, and deleted with the
    others of its import by the import's last transaction. A row left over is an import whose
    process died before its end (killed, timed out, the machine off): ``imports_recover`` takes
    its tasks back, so an import stays all or nothing whatever stops it."""

    import_key = models.UUIDField(_("mã lần nhập"), db_index=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("văn bản"),
    )
    # host:pid of the process that wrote the step: on the same host, a dead process is known
    # at once; elsewhere, an import is abandoned when no step was written for a while.
    process = models.CharField(_("tiến trình"), max_length=160)
    written_at = models.DateTimeField(_("ghi lúc"))
    task_ids = models.JSONField(_("nhiệm vụ đã ghi"), default=list)

    class Meta:
        verbose_name = _("bước nhập dở dang")
        verbose_name_plural = _("bước nhập dở dang")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.import_key} #{self.pk}: {len(self.task_ids)}"
