"""Every write to documents, goals, indicators and measurements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from namro.audit.services import record, snapshot
from namro.core.text import fold
from namro.orgs.models import Unit

from .models import Document, DocumentKind, DocumentState, Goal, Indicator, Measurement


def _decimal(value: Any, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("«%(v)s» không phải là một số.") % {"v": value}}) from None


def document_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    issuer: Unit | int,
    issued_on: date,
    number: str = "",
    body: str = "",
    implements: Iterable[Document] = (),
    state: str = DocumentState.ISSUED,
    is_sample: bool = False,
    is_public: bool = False,
) -> Document:
    """Record a document; ``implements`` names the higher documents it concretises."""
    errors: dict[str, str] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = _("Loại văn bản «%(v)s» không hợp lệ.") % {"v": kind}
    if not title.strip():
        errors["title"] = _("Trích yếu không được để trống.")
    if not isinstance(issuer, Unit):
        found = Unit.objects.filter(pk=issuer).first()
        if found is None:
            errors["issuer"] = _("Không tìm thấy cơ quan ban hành có mã %(id)s.") % {"id": issuer}
        else:
            issuer = found
    number = number.strip()
    if not errors and number and Document.objects.filter(issuer=issuer, number=number).exists():
        errors["number"] = _("Văn bản số %(n)s của %(u)s đã có.") % {"n": number, "u": issuer}
    if errors:
        raise ValidationError(errors)
    assert isinstance(issuer, Unit)
    with transaction.atomic():
        document = Document(
            kind=kind,
            number=number,
            title=title.strip(),
            issuer=issuer,
            issued_on=issued_on,
            body=body,
            state=state,
            is_sample=is_sample,
            is_public=is_public,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            search_text=fold(f"{number} {title}"),
        )
        document.save()
        higher = list(implements)
        if any(h.pk == document.pk for h in higher):
            raise ValidationError({"implements": _("Văn bản không thể cụ thể hóa chính nó.")})
        document.implements.set(higher)
        record(
            actor=actor,
            action="document.create",
            obj=document,
            after={**snapshot(document), "implements": [h.pk for h in higher]},
        )
    return document


def goal_create(*, actor: Any, document: Document, text: str, order: int = 0) -> Goal:
    if not text.strip():
        raise ValidationError({"text": _("Mục tiêu không được để trống.")})
    with transaction.atomic():
        goal = Goal.objects.create(document=document, text=text.strip(), order=order)
        record(actor=actor, action="goal.create", obj=goal, after=snapshot(goal))
    return goal


def indicator_create(
    *,
    actor: Any,
    document: Document,
    name: str,
    target: Any,
    unit_of_measure: str = "",
    baseline: Any = None,
    target_on: date | None = None,
    goal: Goal | None = None,
    lead_unit: Unit | None = None,
) -> Indicator:
    """A measurable target of ``document`` (chỉ tiêu)."""
    if not name.strip():
        raise ValidationError({"name": _("Tên chỉ tiêu không được để trống.")})
    target_value = _decimal(target, "target")
    baseline_value = _decimal(baseline, "baseline") if baseline is not None else None
    if target_on is not None and target_on < document.issued_on:
        raise ValidationError(
            {"target_on": _("Thời hạn đạt chỉ tiêu trước ngày ban hành văn bản.")}
        )
    if goal is not None and goal.document_id != document.pk:
        raise ValidationError({"goal": _("Mục tiêu không thuộc văn bản này.")})
    with transaction.atomic():
        indicator = Indicator.objects.create(
            document=document,
            goal=goal,
            name=name.strip(),
            unit_of_measure=unit_of_measure.strip(),
            baseline=baseline_value,
            target=target_value,
            target_on=target_on,
            lead_unit=lead_unit,
        )
        record(actor=actor, action="indicator.create", obj=indicator, after=snapshot(indicator))
    return indicator


def measurement_record(
    *, actor: Any, indicator: Indicator, measured_on: date, value: Any, note: str = ""
) -> Measurement:
    """Record (or correct) the value of ``indicator`` on ``measured_on``."""
    amount = _decimal(value, "value")
    with transaction.atomic():
        existing = (
            Measurement.objects.select_for_update()
            .filter(indicator=indicator, measured_on=measured_on)
            .first()
        )
        before = snapshot(existing) if existing else None
        measurement, _created = Measurement.objects.update_or_create(
            indicator=indicator,
            measured_on=measured_on,
            defaults={
                "value": amount,
                "note": note.strip(),
                "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        record(
            actor=actor,
            action="measurement.record",
            obj=measurement,
            before=before,
            after=snapshot(measurement),
        )
    return measurement
