"""Picking a unit by typing its name: part of it, without diacritics, or "Name (Parent)"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from namro.core.query import words_q
from namro.core.text import fold

from .models import Unit

CANDIDATES = 50


def _names(unit: Unit) -> set[str]:
    return {fold(n) for n in (unit.name, unit.short_name, *unit.alias_list) if n}


def resolve_unit(text: str, pool: QuerySet[Unit]) -> Unit:
    """The one unit of ``pool`` that ``text`` names.

    An exact name (or short name, or alias) wins; otherwise a single unit whose name holds
    every word; "Name (Parent)" tells apart units of the same name. Raise ``ValidationError``
    when none or several match.
    """
    text = " ".join(text.split())
    parent_name = ""
    if text.endswith(")") and "(" in text:
        text, parent_name = text[:-1].rsplit("(", 1)
        text, parent_name = text.strip(), parent_name.strip()
    q = words_q(text)
    if q is None:
        raise ValidationError(_("Hãy nhập tên đơn vị."))
    candidates = list(
        pool.filter(q).select_related("parent").order_by("depth", "name")[:CANDIDATES]
    )
    if parent_name:
        folded_parent = fold(parent_name)
        candidates = [
            u for u in candidates if u.parent is not None and fold(u.parent.name) == folded_parent
        ]
    folded = fold(text)
    exact = [u for u in candidates if folded in _names(u)]
    matches = exact or candidates
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(_("Không tìm thấy đơn vị «%(name)s».") % {"name": text})
    shown = ", ".join(label_of(u) for u in matches[:5])
    raise ValidationError(
        _("Có nhiều đơn vị khớp với «%(name)s»: %(units)s… Hãy ghi rõ hơn.")
        % {"name": text, "units": shown}
    )


def label_of(unit: Unit) -> str:
    """How a unit is written in a picker: its name, and its parent's when that helps."""
    return f"{unit.name} ({unit.parent.name})" if unit.parent_id and unit.parent else unit.name


class UnitNameField(forms.CharField):
    """A text input naming a unit; cleans to the ``Unit`` (see ``resolve_unit``)."""

    def __init__(self, *, pool: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        self.pool = pool if pool is not None else Unit.objects.none()
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Unit | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        return resolve_unit(text, self.pool)
