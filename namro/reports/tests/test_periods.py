"""Reporting periods: the Decree 09/2019 cut-off windows and the calendar ones."""

from __future__ import annotations

from datetime import date

import pytest

from namro.reports.periods import Kind, PeriodError, ReportPeriod, parse, roman


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-Q3", ReportPeriod(2026, Kind.QUARTER, 3)),
        ("2026-M10", ReportPeriod(2026, Kind.MONTH, 10)),
        ("2026-m1", ReportPeriod(2026, Kind.MONTH, 1)),
        ("2026-H1", ReportPeriod(2026, Kind.HALF, 1)),
        (" 2026 ", ReportPeriod(2026, Kind.YEAR)),
    ],
)
def test_parse_reads_every_written_form(text, expected):
    assert parse(text) == expected
    assert parse(expected.code) == expected


@pytest.mark.parametrize(
    "text", ["", "26-Q1", "2026-Q5", "2026-Q0", "2026-M13", "2026-H3", "2026Q1"]
)
def test_parse_refuses_what_is_not_a_period(text):
    with pytest.raises(PeriodError):
        parse(text)


def test_monthly_window_runs_from_the_15th_of_the_previous_month_to_the_14th():
    assert parse("2026-M10").window() == (date(2026, 9, 15), date(2026, 10, 14))


def test_january_window_starts_in_december_of_the_previous_year():
    assert parse("2026-M1").window() == (date(2025, 12, 15), date(2026, 1, 14))


def test_first_quarter_window_crosses_the_year():
    assert parse("2026-Q1").window() == (date(2025, 12, 15), date(2026, 3, 14))


def test_third_quarter_window():
    assert parse("2026-Q3").window() == (date(2026, 6, 15), date(2026, 9, 14))


def test_six_months_and_year_windows_follow_decree_09():
    assert parse("2026-H1").window() == (date(2025, 12, 15), date(2026, 6, 14))
    assert parse("2026-H2").window() == (date(2026, 6, 15), date(2026, 12, 14))
    assert parse("2026").window() == (date(2025, 12, 15), date(2026, 12, 14))


def test_consecutive_windows_leave_no_gap_and_no_overlap():
    for kind, count in [("M", 12), ("Q", 4), ("H", 2)]:
        period = parse(f"2025-{kind}1")
        for _ in range(count * 2):
            following = period.following()
            assert (following.window()[0] - period.window()[1]).days == 1
            period = following


def test_calendar_windows():
    assert parse("2026-Q1").window(calendar=True) == (date(2026, 1, 1), date(2026, 3, 31))
    assert parse("2024-M2").window(calendar=True) == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse("2026-H2").window(calendar=True) == (date(2026, 7, 1), date(2026, 12, 31))
    assert parse("2026").window(calendar=True) == (date(2026, 1, 1), date(2026, 12, 31))


def test_following_period_of_the_last_one_is_the_first_of_next_year():
    assert parse("2026-Q4").following() == parse("2027-Q1")
    assert parse("2026-M12").following() == parse("2027-M1")
    assert parse("2026").following() == parse("2027")


def test_roman_numerals_number_quarters():
    assert [roman(n) for n in (1, 2, 3, 4, 9, 14)] == ["I", "II", "III", "IV", "IX", "XIV"]
