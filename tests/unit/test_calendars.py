"""Calendar files read back with icalendar: time zones, UIDs, DTSTAMP, texts, determinism."""
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from budrus.diagnostics import Diagnostics
from budrus.outputs.calendars import calendar_files, transitions, vtimezone
from budrus.pipeline import BuildOptions, load_site

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "guides_events"
VILNIUS = ZoneInfo("Europe/Vilnius")


def load(now="2026-11-29T12:00", base_url=None):
    diagnostics = Diagnostics()
    site = load_site(BuildOptions(source=FIXTURE, now=now, base_url=base_url), diagnostics)
    assert site is not None, diagnostics.items
    return site


def calendars(site) -> dict[str, bytes]:
    return {f.path: f.data for f in calendar_files(site)}


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events_of(data: bytes) -> dict[str, icalendar.Event]:
    return {str(event["SUMMARY"]): event for event in parse(data).walk("VEVENT")}


@pytest.fixture(scope="module")
def files():
    return calendars(load())


def test_each_event_has_its_own_file_and_each_language_one_calendar_of_all(files):
    assert sorted(files) == [
        "en/events/events.ics", "en/events/workshop/workshop.ics",
        "lt/renginiai/konferencija/konferencija.ics", "lt/renginiai/misrus-seminaras/misrus-seminaras.ics",
        "lt/renginiai/nuotolinis-susitikimas/nuotolinis-susitikimas.ics", "lt/renginiai/renginiai.ics",
        "lt/renginiai/uzsiemimas/uzsiemimas.ics", "lt/renginiai/vasaros-stovykla/vasaros-stovykla.ics",
    ]
    assert len(events_of(files["lt/renginiai/renginiai.ics"])) == 5
    assert list(events_of(files["en/events/events.ics"])) == ["A workshop at school"]


def test_times_carry_the_sites_tzid_and_mean_the_right_instant(files):
    event = events_of(files["lt/renginiai/uzsiemimas/uzsiemimas.ics"])["Užsiėmimas mokykloje"]
    assert event["DTSTART"].params["TZID"] == "Europe/Vilnius"
    assert event["DTEND"].params["TZID"] == "Europe/Vilnius"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.timezone.utc)
    assert event.decoded("DTEND") == dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.timezone.utc)
    assert b"DTSTART;TZID=Europe/Vilnius:20261203T100000" in files["lt/renginiai/uzsiemimas/uzsiemimas.ics"]


def test_every_calendar_defines_the_time_zone_its_events_use(files):
    for path, data in files.items():
        zones = parse(data).walk("VTIMEZONE")
        assert [str(z["TZID"]) for z in zones] == ["Europe/Vilnius"], path


def test_vtimezone_onsets_are_wall_clock_times_in_the_offset_before_the_change():
    # RFC 5545 3.6.5: in spring clocks jump from 03:00 EET; in autumn from 04:00 EEST.
    zone = vtimezone(VILNIUS, 2026, 2026)
    onsets = [(c.name, c.decoded("DTSTART"), c["TZOFFSETFROM"].td, c["TZOFFSETTO"].td)
              for c in zone.subcomponents]
    hours = dt.timedelta(hours=1)
    assert onsets == [
        ("STANDARD", dt.datetime(2026, 1, 1, 0, 0), 2 * hours, 2 * hours),
        ("DAYLIGHT", dt.datetime(2026, 3, 29, 3, 0), 2 * hours, 3 * hours),
        ("STANDARD", dt.datetime(2026, 10, 25, 4, 0), 3 * hours, 2 * hours),
    ]


def test_transitions_are_found_to_the_second_in_any_zone():
    new_york = ZoneInfo("America/New_York")
    found = transitions(new_york, dt.datetime(2026, 1, 1, tzinfo=new_york), dt.datetime(2027, 1, 1, tzinfo=new_york))
    assert [after.astimezone(dt.timezone.utc) for _before, after in found] == [
        dt.datetime(2026, 3, 8, 7, 0, tzinfo=dt.timezone.utc),
        dt.datetime(2026, 11, 1, 6, 0, tzinfo=dt.timezone.utc),
    ]
    assert [(b.tzname(), a.tzname()) for b, a in found] == [("EST", "EDT"), ("EDT", "EST")]


def test_a_summer_event_is_written_in_summer_time(files):
    event = events_of(files["lt/renginiai/vasaros-stovykla/vasaros-stovykla.ics"])["Vasaros stovykla"]
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=3)
    assert "DTEND" not in event


def test_uids_are_stable_across_builds_and_distinct_per_event_and_language():
    first, second = calendars(load()), calendars(load(now="2027-05-01T08:00"))
    uids = {path: [str(e["UID"]) for e in parse(data).walk("VEVENT")] for path, data in first.items()}
    assert uids == {path: [str(e["UID"]) for e in parse(data).walk("VEVENT")] for path, data in second.items()}
    every = [uid for path, found in uids.items() if not path.endswith(("renginiai.ics", "events.ics")) for uid in found]
    assert len(every) == len(set(every)) == 6
    assert uids["lt/renginiai/uzsiemimas/uzsiemimas.ics"] == ["events-workshop-lt@kampanija.example.org"]
    assert uids["en/events/workshop/workshop.ics"] == ["events-workshop-en@kampanija.example.org"]


def test_dtstamp_is_now_in_utc_and_nothing_else_depends_on_the_clock():
    data = calendars(load(now="2026-11-29T12:00"))["lt/renginiai/renginiai.ics"]
    for event in parse(data).walk("VEVENT"):
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc)
    assert calendars(load()) == calendars(load())


def test_summary_description_location_and_url_come_from_the_entry(files):
    event = events_of(files["lt/renginiai/uzsiemimas/uzsiemimas.ics"])["Užsiėmimas mokykloje"]
    assert str(event["LOCATION"]) == "Kauno mokykla, Laisvės al. 1, Kaunas"
    assert str(event["URL"]) == "https://kampanija.example.org/lt/renginiai/uzsiemimas/"
    description = str(event["DESCRIPTION"])
    assert description.startswith("Dviejų valandų užsiėmimas moksleiviams.")
    assert "Registruotis: https://kampanija.example.org/registracija" in description
    assert description.endswith("https://kampanija.example.org/lt/renginiai/uzsiemimas/")


def test_online_events_say_so_in_their_location(files):
    every = events_of(files["lt/renginiai/renginiai.ics"])
    assert str(every["Nuotolinis susitikimas mokytojams"]["LOCATION"]) == "Renginys internetu"
    assert str(every["Mišrus seminaras"]["LOCATION"]) == "Kauno universitetas (Renginys internetu)"


def test_the_calendar_names_itself_in_its_language(files):
    cal = parse(files["lt/renginiai/renginiai.ics"])
    assert str(cal["X-WR-CALNAME"]) == "Gidų ir renginių svetainė: Renginiai"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert files["lt/renginiai/renginiai.ics"].count(b"\r\n") > 20   # RFC 5545 line ends
