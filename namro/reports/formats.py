"""Numbers and dates as a Vietnamese document writes them: 1.234 and 87,5% (the separators
of the active language, grouped by thousands), 14/09/2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import numberformat
from django.utils.formats import get_format


def number(value: int | Decimal | float | None, decimals: int | None = None) -> str:
    """``value`` with the active language's decimal mark and thousands grouped ("1.234",
    "87,5" in Vietnamese); trailing zeros of a decimal dropped unless ``decimals`` is given;
    "" for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and decimals is None:
        value = value.normalize()
        if value == value.to_integral():
            value = value.quantize(Decimal(1))
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def percent(value: Decimal | float | None) -> str:
    """A rate to one decimal with its sign ("87,5%"); "—" when there is none."""
    if value is None:
        return "—"
    return number(value, 1) + "%"


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
