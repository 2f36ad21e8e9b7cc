"""Upcoming and past events at a given "now", and their month groups."""
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from budrus.diagnostics import Diagnostics
from budrus.pipeline import BuildOptions, load_site
from budrus.schedule import by_month, ends_at, is_upcoming, past, upcoming

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "guides_events"
VILNIUS = ZoneInfo("Europe/Vilnius")


@pytest.fixture(scope="module")
def events():
    diagnostics = Diagnostics()
    site = load_site(BuildOptions(source=FIXTURE, now="2026-11-29T12:00"), diagnostics)
    assert site is not None, diagnostics.items
    return {e.slug: e for e in site.in_section("lt", "events")}


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VILNIUS)


def slugs(entries):
    return [e.slug for e in entries]


def test_upcoming_are_soonest_first_and_past_newest_first(events):
    now = moment("2026-12-10T00:00")
    assert slugs(upcoming(events.values(), now)) == ["konferencija", "nuotolinis-susitikimas", "misrus-seminaras"]
    assert slugs(past(events.values(), now)) == ["uzsiemimas", "vasaros-stovykla"]


def test_an_event_under_way_is_still_upcoming_until_it_ends(events):
    conference = events["konferencija"]
    assert is_upcoming(conference, moment("2026-12-15T15:59"))
    assert not is_upcoming(conference, moment("2026-12-15T16:00"))


def test_an_event_without_an_end_stays_upcoming_for_the_rest_of_its_day(events):
    camp = events["vasaros-stovykla"]
    assert ends_at(camp) == moment("2026-07-11T00:00")
    assert is_upcoming(camp, moment("2026-07-10T22:00"))
    assert not is_upcoming(camp, moment("2026-07-11T00:00"))


def test_now_in_another_zone_is_compared_as_the_same_instant(events):
    workshop = events["uzsiemimas"]   # ends 12:00 in Vilnius, 10:00 UTC
    assert is_upcoming(workshop, dt.datetime(2026, 12, 3, 9, 59, tzinfo=dt.timezone.utc))
    assert not is_upcoming(workshop, dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.timezone.utc))


def test_month_groups_keep_the_order_they_are_given(events):
    now = moment("2026-11-29T12:00")
    groups = by_month(upcoming(events.values(), now))
    assert [(g.month, slugs(g.events)) for g in groups] == [
        (dt.date(2026, 12, 1), ["uzsiemimas", "konferencija"]),
        (dt.date(2027, 1, 1), ["nuotolinis-susitikimas"]),
        (dt.date(2027, 3, 1), ["misrus-seminaras"]),
    ]
    assert [g.month for g in by_month(past(events.values(), moment("2027-12-31T00:00")))] == [
        dt.date(2027, 3, 1), dt.date(2027, 1, 1), dt.date(2026, 12, 1), dt.date(2026, 7, 1)]
