"""Numbers and dates as a Vietnamese document writes them: 1.234 and 87,5% (the separators
of the active language, grouped by thousands), 14/09/2026."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat
from django.utils.formats import get_format


def number(value: int | Decimal | float | None, decimals: int | None = None) -> str:
    """``value`` with the active language's decimal mark and thousands grouped ("1.234",
    "87,5" in Vietnamese); trailing zeros of a decimal dropped unless ``decimals`` is given;
    "" for None."""
    if value is None:
        return ""
    if decimals is not None:
        # Rounded half up as a reader expects (87,56 → 87,6); Django's formatting alone cuts
        # the digits beyond ``decimals`` off.
        exact = value if isinstance(value, Decimal) else Decimal(str(value))
        value = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif isinstance(value, Decimal):
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
    """A percentage to one decimal with its sign ("87,5%"); "—" when there is none."""
    if value is None:
        return "—"
    return number(value, 1) + "%"


def rate(value: Decimal | float | None) -> str:
    """A rate held as a fraction (0.875) as a percentage: "87,5%"; "—" when there is none."""
    if value is None:
        return "—"
    return percent(Decimal(str(value)) * 100)


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
