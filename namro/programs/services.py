"""Every write to work programmes and their items."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.audit.services import record, snapshot
from namro.core.actors import Actor
from namro.documents.models import Document
from namro.orgs.models import Unit
from namro.oversight.models import Review, Visit, VisitState

from .models import ItemKind, PeriodKind, ProgramItem, ProgramKind, WorkProgram, period_end

# A programme ending mid-month or mid-quarter may still plan work for that period.
GRACE = timedelta(days=92)


def _d(day: date) -> str:
    return date_format(day, "d/m/Y")


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def program_create(
    *,
    actor: Actor,
    unit: Unit,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date,
    document: Document | None = None,
    is_sample: bool = False,
) -> WorkProgram:
    """A term or annual work programme of ``unit``."""
    errors: dict[str, str] = {}
    if kind not in ProgramKind.values:
        errors["kind"] = _("Loại chương trình «%(v)s» không hợp lệ.") % {"v": kind}
    if not title.strip():
        errors["title"] = _("Tên chương trình không được để trống.")
    if ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc %(end)s trước ngày bắt đầu %(start)s.") % {
            "end": _d(ends_on),
            "start": _d(starts_on),
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy.require(actor, Action.PROGRAM_CREATE, unit)
        program = WorkProgram.objects.create(
            unit=unit,
            kind=kind,
            title=title.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            document=document,
            is_sample=is_sample,
            created_by=_user(actor),
        )
        record(actor=actor, action="program.create", obj=program, after=snapshot(program))
    return program


def program_item_add(
    *,
    actor: Actor,
    program: WorkProgram,
    kind: str,
    title: str,
    period_kind: str,
    year: int,
    period_number: int = 1,
    lead_unit: Unit | None = None,
    is_sample: bool = False,
) -> ProgramItem:
    """Plan one piece of work, due by the end of its month, quarter or year."""
    errors: dict[str, str] = {}
    if kind not in ItemKind.values:
        errors["kind"] = _("Loại công việc «%(v)s» không hợp lệ.") % {"v": kind}
    if not title.strip():
        errors["title"] = _("Nội dung không được để trống.")
    limits = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}
    if period_kind not in PeriodKind.values:
        errors["period_kind"] = _("Kỳ «%(v)s» không hợp lệ.") % {"v": period_kind}
    elif not 1 <= period_number <= limits[PeriodKind(period_kind)]:
        errors["period_number"] = _("Tháng/quý %(n)s không hợp lệ.") % {"n": period_number}
    if errors:
        raise ValidationError(errors)
    due = period_end(period_kind, year, period_number)
    if not program.starts_on <= due <= program.ends_on + GRACE:
        raise ValidationError(
            {
                "year": _("Kỳ %(n)s/%(y)s nằm ngoài thời gian của chương trình (%(s)s – %(e)s).")
                % {
                    "n": period_number,
                    "y": year,
                    "s": _d(program.starts_on),
                    "e": _d(program.ends_on),
                }
            }
        )
    with transaction.atomic():
        program = WorkProgram.objects.select_for_update().get(pk=program.pk)
        policy.require(actor, Action.PROGRAM_MANAGE, program)
        item = ProgramItem.objects.create(
            program=program,
            order=program.items.count() + 1,
            kind=kind,
            title=title.strip(),
            period_kind=period_kind,
            year=year,
            period_number=period_number if period_kind != PeriodKind.YEAR else 1,
            due_on=due,
            lead_unit=lead_unit,
            is_sample=is_sample,
        )
        record(actor=actor, action="program_item.add", obj=item, after=snapshot(item))
    return item


def program_item_link(
    *,
    actor: Actor,
    item: ProgramItem,
    document: Document | None = None,
    review: Review | None = None,
    visit: Visit | None = None,
) -> ProgramItem:
    """Link an item to what was actually issued, reviewed or visited; its date is the day the
    item was done (so a late one shows its slippage)."""
    given = [x for x in (document, review, visit) if x is not None]
    if len(given) != 1:
        raise ValidationError(_("Phải chọn đúng một văn bản, hội nghị hoặc buổi làm việc."))
    expected = {
        ItemKind.ISSUE_DOCUMENT: "document",
        ItemKind.HOLD_REVIEW: "review",
        ItemKind.RUN_VISIT: "visit",
    }.get(ItemKind(item.kind))
    field = "document" if document else "review" if review else "visit"
    if expected is not None and field != expected:
        raise ValidationError(
            {
                field: _("Nội dung «%(kind)s» không gắn với loại này.")
                % {"kind": item.get_kind_display()}
            }
        )
    if document is not None:
        done_on = document.issued_on
    elif review is not None:
        if review.held_on is None:
            raise ValidationError({"review": _("Hội nghị sơ kết, tổng kết chưa tổ chức.")})
        done_on = review.held_on
    else:
        assert visit is not None
        if visit.state != VisitState.HELD:
            raise ValidationError({"visit": _("Buổi làm việc chưa diễn ra.")})
        done_on = visit.held_on
    if done_on > timezone.localdate():
        raise ValidationError({field: _("Ngày thực hiện là ngày trong tương lai.")})
    with transaction.atomic():
        item = ProgramItem.objects.select_for_update().select_related("program").get(pk=item.pk)
        policy.require(actor, Action.PROGRAM_MANAGE, item.program)
        if item.cancelled_on is not None:
            raise ValidationError(_("Nội dung đã rút khỏi chương trình."))
        if item.done_on is not None:
            raise ValidationError(_("Nội dung đã được gắn với kết quả thực hiện."))
        before = snapshot(item)
        item.document = document
        item.review = review
        item.visit = visit
        item.done_on = done_on
        item.save()
        record(
            actor=actor, action="program_item.link", obj=item, before=before, after=snapshot(item)
        )
    return item


def program_item_cancel(
    *, actor: Actor, item: ProgramItem, reason: str, on: date | None = None
) -> ProgramItem:
    """Take an item out of the programme (it stays on record, counted as cancelled)."""
    day = on or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": _("Phải nêu lý do rút khỏi chương trình.")})
    with transaction.atomic():
        item = ProgramItem.objects.select_for_update().select_related("program").get(pk=item.pk)
        policy.require(actor, Action.PROGRAM_MANAGE, item.program)
        if item.cancelled_on is not None or item.done_on is not None:
            raise ValidationError(_("Nội dung đã kết thúc, không thể rút."))
        before = snapshot(item)
        item.cancelled_on = day
        item.cancel_reason = reason.strip()
        item.save()
        record(
            actor=actor,
            action="program_item.cancel",
            obj=item,
            before=before,
            after=snapshot(item),
        )
    return item
