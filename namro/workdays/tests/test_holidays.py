"""The law's days off: where they fall, loading them, and the admin's edits surviving a load."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from namro.audit.models import AuditEvent
from namro.intake.core.deadlines import TET
from namro.workdays.calendar import add_working_days, is_working_day, working_days_between
from namro.workdays.models import CalendarDay, DaySource
from namro.workdays.services import load_holidays
from namro.workdays.statutory import hung_kings_day, statutory_days, tet_of_year


def _off(year: int) -> set[date]:
    return {s.day for s in statutory_days(year) if s.is_day_off}


def test_tet_and_the_hung_kings_day_fall_on_the_known_dates():
    assert tet_of_year(2025) == date(2025, 1, 29)
    assert tet_of_year(2026) == date(2026, 2, 17)
    assert hung_kings_day(2025) == date(2025, 4, 7)
    assert hung_kings_day(2026) == date(2026, 4, 26)


def test_vietnams_lunar_calendar_is_its_own_in_2030():
    # The new moon of February 2030 falls before midnight at UTC+7, after it at UTC+8.
    assert tet_of_year(2030) == date(2030, 2, 2)


def test_the_intake_tet_table_agrees_with_the_lunar_calendar():
    assert min(TET) <= 2020 and max(TET) >= 2040
    assert {year: tet_of_year(year) for year in TET} == TET


@pytest.mark.parametrize("year", [2026, 2027, 2031, 2035])
def test_tet_is_the_last_day_of_the_lunar_year_and_the_first_four(year):
    tet = tet_of_year(year)
    assert {tet + timedelta(days=k) for k in range(-1, 4)} <= _off(year)


def test_the_fixed_holidays_and_national_day_with_its_neighbour():
    off = _off(2027)
    assert {date(2027, 1, 1), date(2027, 4, 30), date(2027, 9, 2)} <= off
    assert date(2027, 9, 1) in off or date(2027, 9, 3) in off
    assert hung_kings_day(2027) in off


def test_a_holiday_on_a_weekend_gives_the_next_working_day_off():
    # Giỗ Tổ 2026 is a Sunday; 1/5/2027 a Saturday.
    assert date(2026, 4, 27) in _off(2026)
    assert date(2027, 5, 3) in _off(2027)


def test_a_swapped_saturday_is_a_working_day():
    days = {s.day: s for s in statutory_days(2025)}
    assert days[date(2025, 5, 2)].is_day_off
    worked = days[date(2025, 4, 26)]
    assert not worked.is_day_off
    assert worked.name == "Làm bù cho ngày nghỉ 02/05/2025"


@pytest.mark.django_db
def test_a_loaded_year_counts_working_days_around_its_holidays():
    load_holidays(years=[2026])
    assert not is_working_day(date(2026, 4, 27))
    # Friday 24/4 + 1 working day skips Sunday's Giỗ Tổ and Monday's day off in lieu.
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)
    # Tết Bính Ngọ: Monday 16 to Friday 20 February are off.
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_writes_one_audit_event_a_day():
    first = load_holidays(years=[2026, 2027])
    rows = list(CalendarDay.objects.values_list("day", "name", "is_day_off", "source"))
    events = AuditEvent.objects.count()
    second = load_holidays(years=[2027, 2026])
    assert first.created == len(rows) == events
    assert (second.created, second.updated, second.removed) == (0, 0, 0)
    assert list(CalendarDay.objects.values_list("day", "name", "is_day_off", "source")) == rows
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_day_the_admin_edited_survives_a_load_and_a_stale_loaded_day_goes():
    CalendarDay.objects.create(
        day=date(2026, 9, 2), name="Quốc khánh (theo thông báo)", source=DaySource.ADMIN
    )
    CalendarDay.objects.create(day=date(2026, 12, 30), name="cũ", source=DaySource.LAW)
    CalendarDay.objects.create(
        day=date(2026, 2, 16), name="sai", is_day_off=False, source=DaySource.LAW
    )
    result = load_holidays(years=[2026])
    assert result.kept == 1 and result.removed == 1 and result.updated == 1
    kept = CalendarDay.objects.get(day=date(2026, 9, 2))
    assert kept.name == "Quốc khánh (theo thông báo)" and kept.source == DaySource.ADMIN
    assert not CalendarDay.objects.filter(day=date(2026, 12, 30)).exists()
    fixed = CalendarDay.objects.get(day=date(2026, 2, 16))
    assert fixed.is_day_off and fixed.name == "Giao thừa Tết Nguyên Đán"


@pytest.mark.django_db
def test_the_command_loads_years_and_lists_one():
    out = StringIO()
    call_command("holidays", "load", "--year", "2026", "--year", "2027", stdout=out)
    assert "Năm 2026, 2027: thêm" in out.getvalue()
    assert CalendarDay.objects.filter(day__year=2027).exists()
    out = StringIO()
    call_command("holidays", "list", "--year", "2026", stdout=out)
    text = out.getvalue()
    assert "17/02/2026  Thứ Ba    nghỉ    Tết Nguyên Đán" in text
    assert "27/04/2026" in text and "nghỉ bù" in text
    out = StringIO()
    call_command("holidays", "list", "--year", "2030", stdout=out)
    assert "chưa có ngày nghỉ nào" in out.getvalue()


@pytest.mark.django_db
def test_the_admin_marks_what_it_edits_so_a_load_keeps_it(admin_client):
    load_holidays(years=[2026])
    row = CalendarDay.objects.get(day=date(2026, 9, 1))
    response = admin_client.post(
        f"/admin/workdays/calendarday/{row.pk}/change/",
        {"day": "2026-09-01", "name": "Quốc khánh (đi làm)", "is_day_off": ""},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.source == DaySource.ADMIN and not row.is_day_off
    assert AuditEvent.objects.filter(action="calendar_day.update", object_id=str(row.pk)).exists()
    load_holidays(years=[2026])
    row.refresh_from_db()
    assert row.name == "Quốc khánh (đi làm)" and not row.is_day_off
    assert is_working_day(date(2026, 9, 1))
