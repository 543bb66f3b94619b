"""The days off the Labour Code 2019 (Article 112) sets, and the State's yearly swaps.

Tết Dương lịch (1/1); Tết Âm lịch: the last day of the lunar year and the first four of the
new one; Giỗ Tổ Hùng Vương (10/3 âm lịch); 30/4; 1/5; Quốc khánh (2/9 and the day next to it),
and the days the State has added (Ngày Văn hóa Việt Nam, 24/11, from 2026). A holiday on a
weekend gives a day off in lieu (nghỉ bù) on the next working day; a weekday the Government
swaps for a worked Saturday is a day off and that Saturday a working day.

The lunar dates follow Vietnam's own calendar (UTC+7), which differs from the Chinese one in
some years (Tết 2030 is 2 February in Vietnam, 3 February in China). They and the yearly swaps
come from the ``holidays`` library (Open World Holidays), which cites the Government's
announcements; a span the Government decides differently is corrected in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import holidays


@dataclass(frozen=True)
class StatutoryDay:
    day: date
    name: str
    is_day_off: bool


def statutory_days(year: int) -> list[StatutoryDay]:
    """The holidays, days off in lieu and make-up working days of ``year``, by date."""
    table = holidays.country_holidays("VN", years=year, language="vi")
    days = [StatutoryDay(d, str(name)[:200], True) for d, name in table.items() if d.year == year]
    for worked in table.weekend_workdays:
        if worked.year != year or worked in table:
            continue
        written = f"{worked:%d/%m/%Y}"
        swapped = [d for d, name in table.items() if written in str(name)]
        name = f"Làm bù cho ngày nghỉ {swapped[0]:%d/%m/%Y}" if swapped else "Ngày làm bù"
        days.append(StatutoryDay(worked, name, False))
    return sorted(days, key=lambda s: s.day)


def tet_of_year(year: int) -> date:
    """Mùng 1 Tết Nguyên đán of ``year`` in Vietnam's lunar calendar."""
    return _lunar().lunar_new_year_date(year)[0]


def hung_kings_day(year: int) -> date:
    """Giỗ Tổ Hùng Vương (10/3 âm lịch) of ``year``."""
    return _lunar().hung_kings_date(year)[0]


def _lunar():  # type: ignore[no-untyped-def]
    from holidays.calendars.chinese import VIETNAMESE_CALENDAR, _ChineseLunisolar

    return _ChineseLunisolar(calendar=VIETNAMESE_CALENDAR)
