"""Reminders, escalations, daily digests, in-app notifications and each person's preferences.

Every row here is a record of something the daily sweep decided or sent (who, what, when, by
which channel). Their unique constraints are what make a sweep safe to run twice, or in two
workers at once: a reminder, an escalation or a digest exists once, and only the sweep that
inserted a digest sends it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    DUE_TODAY = "due_today", _("Đến hạn hôm nay")
    OVERDUE = "overdue", _("Quá hạn")
    STALE = "stale", _("Lâu chưa cập nhật")


class NotificationKind(models.TextChoices):
    """What a person may choose to hear about: the reminder kinds and escalations."""

    DUE_SOON = ReminderKind.DUE_SOON.value, ReminderKind.DUE_SOON.label
    DUE_TODAY = ReminderKind.DUE_TODAY.value, ReminderKind.DUE_TODAY.label
    OVERDUE = ReminderKind.OVERDUE.value, ReminderKind.OVERDUE.label
    STALE = ReminderKind.STALE.value, ReminderKind.STALE.label
    ESCALATION = "escalation", _("Báo cáo vượt cấp")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Trong ứng dụng")
    EMAIL = "email", _("Thư điện tử")


class Reminder(models.Model):
    """One reminder about one task to one person on one day (``days``: how many days before
    the deadline, for ``due_soon``; how many days overdue, for ``overdue``)."""

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=ReminderKind.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"), default=0)
    day = models.DateField(_("ngày nhắc"))
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc việc")
        verbose_name_plural = _("nhắc việc")
        ordering = ["-day", "task_id", "recipient_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "recipient", "kind", "day"], name="reminder_once_a_day"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "day"], name="reminder_by_recipient_day"),
            models.Index(fields=["task", "kind", "day"], name="reminder_by_task_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.task_id} → {self.recipient} {self.day:%d/%m/%Y}"


class Escalation(models.Model):
    """A task still overdue after ``after_reminders`` overdue reminders, reported over the
    lead unit's head: level 1 to the lead unit's leaders, level 2 to the office (trackers) of
    the body that assigned it (the document's issuer)."""

    class Level(models.IntegerChoices):
        LEAD_UNIT_LEADER = 1, _("Lãnh đạo đơn vị chủ trì")
        ISSUER_OFFICE = 2, _("Văn phòng cơ quan giao nhiệm vụ")

    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    day = models.DateField(_("ngày"))
    after_reminders = models.PositiveSmallIntegerField(_("sau số lần nhắc quá hạn"))
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo vượt cấp")
        verbose_name_plural = _("báo cáo vượt cấp")
        ordering = ["-day", "task_id", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "level", "recipient"], name="escalation_once_per_level"
            )
        ]
        indexes = [models.Index(fields=["recipient", "day"], name="escalation_by_recipient")]

    def __str__(self) -> str:
        return f"#{self.task_id} cấp {self.level} → {self.recipient} {self.day:%d/%m/%Y}"


class Digest(models.Model):
    """The one message a person gets on a day through one channel, listing every reminder
    and escalation of that day. ``sent_at`` is empty until delivered (and stays empty with
    ``error`` when delivery failed)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    day = models.DateField(_("ngày"))
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    item_count = models.PositiveIntegerField(_("số mục"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("bản tin nhắc việc")
        verbose_name_plural = _("bản tin nhắc việc")
        ordering = ["-day", "recipient_id", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "day", "channel"], name="digest_once_a_day_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.day:%d/%m/%Y} {self.get_channel_display()}"


class Notification(models.Model):
    """A message in a person's bell: unread until they open the notifications page."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại"), max_length=16, default="digest")
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=500, blank=True)
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    digest = models.OneToOneField(
        Digest,
        verbose_name=_("bản tin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_by_recipient"),
        ]

    def __str__(self) -> str:
        return self.title


def default_kinds() -> list[str]:
    return [k.value for k in NotificationKind]


class Preference(models.Model):
    """How one person wants to be told: which kinds, through which channels, at what hour
    the daily digest goes out. A person without a row gets the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    in_app = models.BooleanField(_("thông báo trong ứng dụng"), default=True)
    email = models.BooleanField(_("gửi thư điện tử"), default=True)
    kinds = models.JSONField(_("loại nhắc việc nhận"), default=default_kinds)
    digest_hour = models.PositiveSmallIntegerField(
        _("giờ gửi bản tin hằng ngày"),
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
    )

    class Meta:
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__lte=23), name="preference_digest_hour_in_day"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class ScheduledSweep(models.Model):
    """One hour of one day for which the worker has put the sweep in the job queue; the row
    is what keeps two workers from queueing the same sweep twice."""

    day = models.DateField(_("ngày"))
    hour = models.PositiveSmallIntegerField(_("giờ"))
    enqueued_at = models.DateTimeField(_("đưa vào hàng đợi lúc"), auto_now_add=True)
    job_id = models.CharField(_("mã công việc"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("lượt quét nhắc việc")
        verbose_name_plural = _("lượt quét nhắc việc")
        ordering = ["-day", "-hour"]
        constraints = [models.UniqueConstraint(fields=["day", "hour"], name="sweep_once_an_hour")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.hour:02d}:00"


class CalendarFeed(models.Model):
    """A secret address (``/lich/<secret>.ics``) at which a calendar client reads open
    deadlines: the user's own when ``unit`` is empty, else those of the tasks that ``unit``
    and the units below it lead.

    Only the SHA-256 of the secret is kept, as for API tokens: the address is shown once,
    when it is made; ``prefix`` (its first characters) lets its owner tell feeds apart. What
    a feed holds is decided again at every fetch, by the gate, for ``user`` as they are then.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    prefix = models.CharField(_("tiền tố"), max_length=24)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lịch nhiệm vụ")
        verbose_name_plural = _("lịch nhiệm vụ")
        ordering = ["user_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
