"""Dates, times and ranges written the way each language writes them (through Babel)."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from budrus.i18n import format_date, format_event_range, format_month, format_time

VILNIUS = ZoneInfo("Europe/Vilnius")


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VILNIUS)


def test_a_date_is_written_in_each_languages_long_form():
    assert format_date(dt.date(2026, 12, 3), "lt_LT") == "2026 m. gruodžio 3 d."
    assert format_date(dt.date(2026, 12, 3), "en_GB") == "3 December 2026"


def test_times_use_the_24_hour_clock_in_both_languages():
    assert format_time(at(3, 9, 5), "lt_LT") == "09:05"
    assert format_time(at(3, 18, 30), "en_GB") == "18:30"


def test_an_event_within_one_day_gives_the_date_once_and_the_times_joined_by_a_dash():
    assert format_event_range(at(3, 10), at(3, 12), "lt_LT") == "2026 m. gruodžio 3 d., 10:00–12:00"
    assert format_event_range(at(3, 10), at(3, 12), "en_GB") == "3 December 2026, 10:00–12:00"


def test_an_event_over_several_days_gives_both_dates_with_their_times():
    assert (format_event_range(at(14, 9), at(15, 16), "lt_LT")
            == "2026 m. gruodžio 14 d., 09:00 – 2026 m. gruodžio 15 d., 16:00")
    assert (format_event_range(at(30, 18), at(2, 12, month=1, year=2027), "en_GB")
            == "30 December 2026, 18:00 – 2 January 2027, 12:00")


@pytest.mark.parametrize("end", [None, "same"])
def test_an_event_without_a_real_end_gives_only_its_start(end):
    start = at(3, 10)
    assert format_event_range(start, start if end else None, "lt_LT") == "2026 m. gruodžio 3 d., 10:00"


@pytest.mark.parametrize(("month", "lt", "en"), [
    (1, "2026 m. sausis", "January 2026"),
    (5, "2026 m. gegužė", "May 2026"),
    (8, "2026 m. rugpjūtis", "August 2026"),
    (12, "2026 m. gruodis", "December 2026"),
])
def test_month_headings_use_the_nominative_stand_alone_form(month, lt, en):
    first = dt.date(2026, month, 1)
    assert format_month(first, "lt_LT") == lt
    assert format_month(first, "en_GB") == en


def test_remembered_dates_and_months_are_babels_own():
    from babel.dates import format_date as babel_date
    from babel.dates import format_skeleton

    day = dt.date(2024, 1, 1)
    for _ in range(2):   # the second round comes from the memo
        for offset in range(0, 800, 7):
            value = day + dt.timedelta(days=offset)
            for locale in ("lt_LT", "en_GB", "en_US", "de_DE"):
                assert format_date(value, locale) == babel_date(value, "long", locale=locale)
                assert format_month(value, locale) == format_skeleton("yMMMM", value, locale=locale)


def test_a_date_and_time_is_formatted_in_its_own_time_zone_not_remembered_as_an_equal_one():
    vilnius = dt.timezone(dt.timedelta(hours=2))
    late = dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.timezone.utc)
    same_moment = late.astimezone(vilnius)   # equal to `late`, but already 4 December there
    assert late == same_moment
    assert format_date(late, "en_GB") == "3 December 2026"
    assert format_date(same_moment, "en_GB") == "4 December 2026"
