"""The words of a digest: its subject and body, in Vietnamese, one line per task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from namro.tasks.models import TaskStatus

from .models import Escalation, ReminderKind

if TYPE_CHECKING:
    from .sweep import Item

# The order items appear in a digest: what is most pressing first.
KIND_ORDER = [
    ReminderKind.OVERDUE.value,
    ReminderKind.DUE_TODAY.value,
    ReminderKind.DUE_SOON.value,
    ReminderKind.STALE.value,
]


@dataclass(frozen=True)
class Message:
    subject: str
    text: str  # the e-mail body, links absolute
    body: str  # the in-app body, links within the site
    path: str  # where the in-app notification opens
    task_id: int | None


def item_order(item: Item) -> tuple[int, int, date, int]:
    first = min((KIND_ORDER.index(k) for k in item.kinds), default=len(KIND_ORDER))
    return (
        -(item.escalation_level or 0),
        first,
        item.task.deadline or date.max,
        item.task.pk,
    )


def _reason(kind: str, days: int) -> str:
    if kind == ReminderKind.OVERDUE:
        return ngettext("Quá hạn %(n)d ngày", "Quá hạn %(n)d ngày", days) % {"n": days}
    if kind == ReminderKind.DUE_TODAY:
        return _("Đến hạn hôm nay")
    if kind == ReminderKind.DUE_SOON:
        return ngettext("Còn %(n)d ngày đến hạn", "Còn %(n)d ngày đến hạn", days) % {"n": days}
    return ngettext(
        "%(n)d ngày chưa cập nhật tiến độ", "%(n)d ngày chưa cập nhật tiến độ", days
    ) % {"n": days}


def _escalation(item: Item) -> str:
    level = Escalation.Level(item.escalation_level)
    return _("Báo cáo vượt cấp (%(level)s): nhiệm vụ vẫn quá hạn sau %(n)d lần nhắc.") % {
        "level": level.label,
        "n": item.after_reminders or 0,
    }


def subject_of(day: date, count: int) -> str:
    return ngettext(
        "namro: %(n)d nhiệm vụ cần đôn đốc ngày %(day)s",
        "namro: %(n)d nhiệm vụ cần đôn đốc ngày %(day)s",
        count,
    ) % {"n": count, "day": day.strftime("%d/%m/%Y")}


def _lines(day: date, items: list[Item], name: str, base: str) -> list[str]:
    statuses = dict(TaskStatus.choices)
    lines = [
        _("Kính gửi %(name)s,") % {"name": name},
        "",
        ngettext(
            "Ngày %(day)s có %(n)d nhiệm vụ cần anh/chị đôn đốc:",
            "Ngày %(day)s có %(n)d nhiệm vụ cần anh/chị đôn đốc:",
            len(items),
        )
        % {"day": day.strftime("%d/%m/%Y"), "n": len(items)},
        "",
    ]
    for number, item in enumerate(items, 1):
        reasons = [
            _reason(k, item.days.get(k, 0)) for k in sorted(item.kinds, key=KIND_ORDER.index)
        ]
        if item.escalation_level:
            reasons.insert(0, _("Báo cáo vượt cấp"))
        lines.append(f"{number}. [{'; '.join(reasons)}] {item.task.label}")
        facts = [_("Văn bản: %(doc)s") % {"doc": item.task.document}]
        if item.task.deadline:
            facts.append(_("Thời hạn: %(d)s") % {"d": item.task.deadline.strftime("%d/%m/%Y")})
        facts.append(
            _("Trạng thái: %(s)s") % {"s": statuses.get(item.task.status, item.task.status)}
        )
        lines.append("   " + " · ".join(facts))
        if item.escalation_level:
            lines.append("   " + _escalation(item))
        lines.append("   " + _("Xem nhiệm vụ: %(url)s") % {"url": base + _path(item.task.pk)})
        lines.append("")
    lines.append(
        _("Đổi cách nhận thông báo: %(url)s") % {"url": base + reverse("reminders:preferences")}
    )
    return lines


def _path(task_id: int) -> str:
    return reverse("tasks:task", args=[task_id])


def compose(day: date, items: list[Item], user: Any) -> Message:
    """The digest of ``items`` for ``user`` on ``day``, in the site's language (Vietnamese)."""
    with translation.override(settings.LANGUAGE_CODE):
        name = (user.get_full_name() or user.get_username()) if user is not None else ""
        subject = subject_of(day, len(items))
        text = "\n".join(_lines(day, items, name, settings.NAMRO_SITE_URL))
        body = "\n".join(_lines(day, items, name, ""))
    single = items[0].task.pk if len(items) == 1 else None
    return Message(
        subject=subject,
        text=text,
        body=body,
        path=_path(single) if single else reverse("reminders:notifications"),
        task_id=single,
    )
