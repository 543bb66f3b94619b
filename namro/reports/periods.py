"""Reporting periods and their windows: pure, no Django.

A period is written ``2026-M10`` (a month), ``2026-Q3`` (a quarter), ``2026-H1`` (six months)
or ``2026`` (a year). Its window is, by default, the cut-off of the Government's reporting
regime (Decree 09/2019/NĐ-CP, Article 12): figures run from the 15th of the month before the
period to the 14th of its last month, so that a report can be drafted and sent before the
period ends. A month covers the 15th of the previous month to the 14th; a quarter the 15th of
the month before its first month to the 14th of its last; six months 15/12 of the previous
year to 14/6; a year 15/12 of the previous year to 14/12. ``calendar=True`` gives the calendar
period instead (1 January – 31 March for a first quarter).
"""

from __future__ import annotations

import calendar as _calendar
import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta

CUT_OFF_DAY = 14
"""The last day of the month a Decree 09 window counts; the next window starts the day after."""


class Kind(enum.StrEnum):
    MONTH = "M"
    QUARTER = "Q"
    HALF = "H"
    YEAR = "Y"


MONTHS = {Kind.MONTH: 1, Kind.QUARTER: 3, Kind.HALF: 6, Kind.YEAR: 12}
COUNT = {Kind.MONTH: 12, Kind.QUARTER: 4, Kind.HALF: 2, Kind.YEAR: 1}

_PATTERN = re.compile(r"(?P<year>\d{4})(?:-(?P<kind>[MQH])(?P<number>\d{1,2}))?")


class PeriodError(ValueError):
    """A period written in a form this module does not read."""


@dataclass(frozen=True, order=True)
class ReportPeriod:
    """One reporting period: the ``number``-th ``kind`` of ``year`` (1 for a year)."""

    year: int
    kind: Kind
    number: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.number <= COUNT[self.kind]:
            raise PeriodError(f"{self.kind.value}{self.number}: out of range")
        if not 1900 <= self.year <= 9999:
            raise PeriodError(f"{self.year}: year out of range")

    @property
    def code(self) -> str:
        """The period as written: ``2026-Q3``, ``2026-M10``, ``2026-H1``, ``2026``."""
        if self.kind is Kind.YEAR:
            return str(self.year)
        return f"{self.year}-{self.kind.value}{self.number}"

    @property
    def first_month(self) -> int:
        return (self.number - 1) * MONTHS[self.kind] + 1

    @property
    def last_month(self) -> int:
        return self.first_month + MONTHS[self.kind] - 1

    def window(self, *, calendar: bool = False) -> tuple[date, date]:
        """First and last day the period's report counts (both included)."""
        if calendar:
            last_day = _calendar.monthrange(self.year, self.last_month)[1]
            return date(self.year, self.first_month, 1), date(self.year, self.last_month, last_day)
        end = date(self.year, self.last_month, CUT_OFF_DAY)
        before = date(self.year, self.first_month, 1) - timedelta(days=1)
        start = date(before.year, before.month, CUT_OFF_DAY + 1)
        return start, end

    def following(self) -> ReportPeriod:
        """The next period of the same kind (the "kỳ tới" of the report)."""
        if self.number < COUNT[self.kind]:
            return ReportPeriod(self.year, self.kind, self.number + 1)
        return ReportPeriod(self.year + 1, self.kind, 1)


def parse(text: str) -> ReportPeriod:
    """The period written ``text``; ``PeriodError`` naming what is wrong otherwise."""
    found = _PATTERN.fullmatch(text.strip().upper())
    if not found:
        raise PeriodError(f"{text!r}: expected YYYY, YYYY-Mn, YYYY-Qn or YYYY-Hn")
    year = int(found["year"])
    if found["kind"] is None:
        return ReportPeriod(year, Kind.YEAR)
    return ReportPeriod(year, Kind(found["kind"]), int(found["number"]))


def roman(n: int) -> str:
    """``n`` (1–39) in Roman numerals, as quarters and report sections are numbered."""
    if not 1 <= n <= 39:
        raise ValueError(n)
    tens, units = divmod(n, 10)
    ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    return "X" * tens + ones[units]
