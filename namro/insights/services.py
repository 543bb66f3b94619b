"""Writes of the insights app: closing a period, recording a correction after closing, and
recording a competent authority's confirmation of an objective cause (a waiver).

A closed period keeps the evaluation as it stood at closing; the figures shown for it are
that snapshot, or the latest correction, which is recorded with its reason, author and date
and shown as made after closing. Nothing is rewritten in place.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.audit.services import record
from namro.core.actors import Actor
from namro.orgs.models import Unit
from namro.tasks import rules
from namro.tasks.models import Task

from .evaluation import Period, evaluate_unit
from .models import ClosedPeriod, PeriodCorrection, Waiver


def _figures(unit: Unit, period: Period, user: Any, count_against: rules.CountAgainst) -> dict:
    evaluation = evaluate_unit(unit, period, user=user, count_against=count_against)
    return {**evaluation.as_dict(), "count_against": count_against.value}


def period_close(
    *,
    actor: Actor,
    unit: Unit,
    period: Period,
    count_against: rules.CountAgainst = rules.CountAgainst.CURRENT,
    on: date | None = None,
) -> ClosedPeriod:
    """Close ``period`` for ``unit``: its evaluation is kept as it stands now."""
    on = on or timezone.localdate()
    start, end = period.bounds
    with transaction.atomic():
        policy.require(actor, Action.PERIOD_CLOSE, unit)
        if on <= end:
            raise ValidationError({"period": _("Chỉ khóa sổ được kỳ đã kết thúc.")})
        if ClosedPeriod.objects.filter(unit=unit, kind=period.kind, start=start).exists():
            raise ValidationError({"period": _("Kỳ này đã được khóa sổ.")})
        closed = ClosedPeriod.objects.create(
            unit=unit,
            kind=period.kind,
            start=start,
            end=end,
            closed_on=on,
            closed_by=actor if getattr(actor, "is_authenticated", False) else None,
            snapshot=_figures(unit, period, actor, count_against),
        )
        record(
            actor=actor,
            action="period.close",
            obj=closed,
            after={"unit": unit.pk, "kind": period.kind, "start": start.isoformat()},
        )
    return closed


def period_figures(closed: ClosedPeriod) -> dict:
    """The figures a closed period shows: the latest correction, else the snapshot."""
    latest = closed.corrections.order_by("-made_at", "-pk").first()
    return latest.after if latest else closed.snapshot


def period_correct(
    *, actor: Actor, closed: ClosedPeriod, reason: str, on: date | None = None
) -> PeriodCorrection:
    """Record that the period's figures, recomputed now, replace those shown since closing."""
    if not reason.strip():
        raise ValidationError({"reason": _("Phải nêu lý do điều chỉnh sau khóa sổ.")})
    with transaction.atomic():
        closed = ClosedPeriod.objects.select_for_update().select_related("unit").get(pk=closed.pk)
        policy.require(actor, Action.PERIOD_CLOSE, closed.unit)
        period = Period(closed.kind, closed.start.year, _number(closed))
        against = rules.CountAgainst(closed.snapshot.get("count_against", "current"))
        before = period_figures(closed)
        after = _figures(closed.unit, period, actor, against)
        correction = PeriodCorrection.objects.create(
            period=closed,
            made_on=on or timezone.localdate(),
            made_by=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason.strip(),
            before=before,
            after=after,
        )
        record(
            actor=actor,
            action="period.correct",
            obj=closed,
            before={"score": before.get("score")},
            after={"score": after.get("score"), "reason": reason.strip()},
        )
    return correction


def _number(closed: ClosedPeriod) -> int:
    if closed.kind == "month":
        return closed.start.month
    if closed.kind == "quarter":
        return (closed.start.month - 1) // 3 + 1
    return 1


def waiver_record(
    *,
    actor: Actor,
    task: Task,
    decided_by: str,
    decision_number: str,
    decided_on: date | None,
    reason: str,
    occurrence_due_on: date | None = None,
    on: date | None = None,
) -> Waiver:
    """Record that ``decided_by`` (the competent authority), by its decision
    ``decision_number`` of ``decided_on``, confirmed an objective cause for the product of
    ``task`` (for a periodic task, its occurrence due ``occurrence_due_on``): from then on no
    evaluation deducts for it, and one that finds it not completed leaves it out."""
    today = on or timezone.localdate()
    fields = {
        "decided_by": decided_by.strip(),
        "decision_number": decision_number.strip(),
        "reason": reason.strip(),
    }
    errors: dict[str, str] = {}
    if not fields["decided_by"]:
        errors["decided_by"] = _("Phải nêu cấp có thẩm quyền xác nhận nguyên nhân khách quan.")
    if not fields["decision_number"]:
        errors["decision_number"] = _("Phải nêu số văn bản xác nhận.")
    if decided_on is None:
        errors["decided_on"] = _("Phải nêu ngày của văn bản xác nhận.")
    elif decided_on > today:
        errors["decided_on"] = _("Ngày văn bản xác nhận không được sau hôm nay.")
    if not fields["reason"]:
        errors["reason"] = _("Phải nêu nguyên nhân khách quan.")
    recurrence = rules.Recurrence(task.recurrence)
    if recurrence in rules.PERIODIC:
        if occurrence_due_on is None:
            errors["occurrence_due_on"] = _("Nhiệm vụ định kỳ: phải nêu hạn của kỳ được xác nhận.")
        elif rules.period_bounds(recurrence, occurrence_due_on)[1] != occurrence_due_on:
            errors["occurrence_due_on"] = _(
                "Ngày %(d)s không phải là hạn của một kỳ của nhiệm vụ định kỳ này."
            ) % {"d": f"{occurrence_due_on:%d/%m/%Y}"}
    elif occurrence_due_on is not None:
        errors["occurrence_due_on"] = _("Nhiệm vụ không định kỳ: không nêu hạn của kỳ.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = Task.objects.select_related("document__issuer", "authority").get(pk=task.pk)
        policy.require(actor, Action.EVALUATION_WAIVE, task)
        if Waiver.objects.filter(task=task, occurrence_due_on=occurrence_due_on).exists():
            raise ValidationError(
                {"task": _("Sản phẩm này đã được ghi nhận xác nhận nguyên nhân khách quan.")}
            )
        waiver = Waiver.objects.create(
            task=task,
            occurrence_due_on=occurrence_due_on,
            decided_on=decided_on,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            **fields,
        )
        record(
            actor=actor,
            action="evaluation.waive",
            obj=waiver,
            after={
                "task": task.pk,
                "occurrence_due_on": occurrence_due_on.isoformat() if occurrence_due_on else None,
                "decided_by": fields["decided_by"],
                "decision_number": fields["decision_number"],
                "decided_on": decided_on.isoformat() if decided_on else None,
                "reason": fields["reason"],
            },
        )
    return waiver
