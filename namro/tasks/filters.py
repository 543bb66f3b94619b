"""The task-list filter: one definition for the pages and the API.

``filter_tasks(qs, params, units=…)`` takes the query parameters as a dict (``request.GET``
or an API schema's ``.dict()``), checks them, and returns ``qs`` annotated with ``status``
and ``due_soon`` as of the chosen date and narrowed by every filter given. Bad values raise
``ValidationError`` naming the parameter. Pass ``qs`` already narrowed by
``access.policy.visible_tasks`` and ``units`` = ``access.policy.visible_units(user)``, so
that a unit out of scope is treated as unknown.

Parameters (all optional):

- ``unit``: a unit id; the unit **and its whole subtree**;
- ``role``: ``lead`` (led by a unit of ``unit``), ``coordinating`` (coordinated by one), or
  empty for either;
- ``status``: a ``TaskStatus`` value, or ``due_soon`` (in progress, deadline near);
- ``as_of``: the date the status is computed for (default today);
- ``due_from`` / ``due_to``: the deadline in force, inclusive;
- ``document``: a document id;
- ``is_key`` / ``is_breakthrough``: ``true``/``false``;
- ``counted``: ``true`` keeps only the tasks an evaluation counts (none stopped by the date);
- ``q``: text in the task's action, without regard to diacritics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.core.text import fold
from namro.orgs.models import Unit

from .aggregation import with_status
from .labels import DUE_SOON, STATUS_LABELS
from .models import Task, TaskStatus
from .selectors import led_within

ROLES = ("", "lead", "coordinating")
STATUSES = tuple(STATUS_LABELS)
PARAMS = (
    "unit",
    "role",
    "status",
    "as_of",
    "due_from",
    "due_to",
    "document",
    "is_key",
    "is_breakthrough",
    "counted",
    "q",
)
TRUE = {"1", "true", "on", "yes", "có"}
FALSE = {"0", "false", "off", "no", "không"}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date(value: Any, name: str) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        {name: _("«%(v)s» không phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd).") % {"v": text}}
    )


def _int(value: Any, name: str) -> int | None:
    if _blank(value):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(
            {name: _("«%(v)s» không phải là một mã số.") % {"v": value}}
        ) from None
    if not 1 <= number < 2**63:
        raise ValidationError({name: _("«%(v)s» không phải là một mã số.") % {"v": value}})
    return number


def _bool(value: Any, name: str) -> bool | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValidationError({name: _("«%(v)s» phải là true hoặc false.") % {"v": value}})


@dataclass(frozen=True)
class TaskFilter:
    """The checked values of a task-list filter."""

    as_of: date
    unit: Unit | None = None
    role: str = ""
    status: str = ""
    due_from: date | None = None
    due_to: date | None = None
    document: int | None = None
    is_key: bool | None = None
    is_breakthrough: bool | None = None
    counted: bool | None = None  # True: only the tasks an evaluation counts (not stopped)
    q: str = ""

    @classmethod
    def from_params(
        cls, params: Mapping[str, Any], *, units: QuerySet[Unit] | None = None
    ) -> TaskFilter:
        """Check ``params``; raise ``ValidationError`` naming each bad one."""
        errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}

        def take(name: str, parse: Any) -> None:
            try:
                values[name] = parse(params.get(name), name)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    errors.setdefault(field, []).extend(messages)

        for name in ("as_of", "due_from", "due_to"):
            take(name, _date)
        for name in ("unit", "document"):
            take(name, _int)
        for name in ("is_key", "is_breakthrough", "counted"):
            take(name, _bool)
        role = str(params.get("role") or "").strip()
        if role not in ROLES:
            errors["role"] = [_("Vai trò phải là lead (chủ trì) hoặc coordinating (phối hợp).")]
        status = str(params.get("status") or "").strip()
        if status and status not in STATUSES:
            errors["status"] = [_("Trạng thái «%(v)s» không hợp lệ.") % {"v": status}]
        unit = None
        if values.get("unit") is not None:
            pool = Unit.objects.all() if units is None else units
            unit = pool.filter(pk=values["unit"]).first()
            if unit is None:
                errors["unit"] = [_("Không tìm thấy đơn vị có mã %(id)s.") % {"id": values["unit"]}]
        if (
            values.get("due_from") is not None
            and values.get("due_to") is not None
            and values["due_from"] > values["due_to"]
        ):
            errors["due_to"] = [_("Hạn đến phải sau hạn từ.")]
        if errors:
            raise ValidationError(errors)
        return cls(
            as_of=values.get("as_of") or timezone.localdate(),
            unit=unit,
            role=role,
            status=status,
            due_from=values.get("due_from"),
            due_to=values.get("due_to"),
            document=values.get("document"),
            is_key=values.get("is_key"),
            is_breakthrough=values.get("is_breakthrough"),
            counted=values.get("counted"),
            q=str(params.get("q") or "").strip(),
        )

    def apply(self, qs: QuerySet[Task]) -> QuerySet[Task]:
        """``qs`` with ``status``/``due_soon`` as of ``as_of``, narrowed by the filter."""
        qs = with_status(qs, self.as_of, warn_days=int(settings.NAMRO_DUE_SOON_DAYS))
        if self.unit is not None:
            lead = led_within(self.unit)
            coordinating = Q(
                Exists(
                    Task.coordinating_units.through.objects.filter(
                        task_id=OuterRef("pk"),
                        unit_id__in=Unit.objects.subtree(self.unit).values("pk"),
                    )
                )
            )
            qs = qs.filter(
                lead if self.role == "lead" else coordinating if self.role else lead | coordinating
            )
        if self.status == DUE_SOON:
            qs = qs.filter(due_soon=True)
        elif self.status:
            qs = qs.filter(status=self.status)
        if self.counted:
            # What an evaluation counts: a task stopped by the date counts for no one.
            qs = qs.exclude(status=TaskStatus.CANCELLED.value)
        if self.due_from is not None:
            qs = qs.filter(deadline_on__gte=self.due_from)
        if self.due_to is not None:
            qs = qs.filter(deadline_on__lte=self.due_to)
        if self.document is not None:
            qs = qs.filter(document_id=self.document)
        if self.is_key is not None:
            qs = qs.filter(is_key=self.is_key)
        if self.is_breakthrough is not None:
            qs = qs.filter(is_breakthrough=self.is_breakthrough)
        if self.q:
            folded = fold(self.q)
            qs = qs.filter(search_text__contains=folded) if folded else qs
        return qs


def filter_tasks(
    qs: QuerySet[Task], params: Mapping[str, Any], *, units: QuerySet[Unit] | None = None
) -> QuerySet[Task]:
    """Check ``params`` and apply them to ``qs`` (see the module docstring)."""
    return TaskFilter.from_params(params, units=units).apply(qs)
