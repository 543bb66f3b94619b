"""Working days: weekdays, less the listed days off, plus the listed make-up days."""

from __future__ import annotations

from datetime import date

import pytest

from namro.workdays.calendar import add_working_days, is_working_day, working_days_between
from namro.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_weekends_are_off_and_weekdays_worked():
    assert is_working_day(date(2026, 12, 4))  # Friday
    assert not is_working_day(date(2026, 12, 5))
    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)


def test_a_listed_day_off_and_a_make_up_saturday_change_the_count():
    CalendarDay.objects.create(day=date(2026, 9, 2), name="Quốc khánh")
    CalendarDay.objects.create(day=date(2026, 9, 5), name="Làm bù", is_day_off=False)
    assert not is_working_day(date(2026, 9, 2))
    assert is_working_day(date(2026, 9, 5))
    assert add_working_days(date(2026, 9, 1), 1) == date(2026, 9, 3)
    assert working_days_between(date(2026, 9, 1), date(2026, 9, 7)) == 4
    assert working_days_between(date(2026, 9, 7), date(2026, 9, 1)) == -4


def test_zero_working_days_from_a_day_off_is_the_next_working_day():
    assert add_working_days(date(2026, 12, 5), 0) == date(2026, 12, 7)
