"""Calendar files (RFC 5545): one .ics per event and one of all events per language.

Event times are written with the site's TZID and a VTIMEZONE computed from the time zone
database for just the years the events span. The VTIMEZONE is built here rather than with
icalendar's Timezone.from_tzid, because that one gives the spring transition's DTSTART in
the new offset, where RFC 5545 (3.6.5) wants the wall-clock time in TZOFFSETFROM.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Sequence
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from ..assemble import Site
from ..model import Entry, OutputFile
from ..urls import event_calendar_url, events_calendar_url, output_path
from .pages import describe

CALENDAR_TYPE = "text/calendar"
# Time zone offsets change on the hour or half hour; probing every six hours finds every
# change (none is undone within six hours), then bisection pins it to the second.
_PROBE = dt.timedelta(hours=6)


def calendar_files(site: Site) -> list[OutputFile]:
    """Every event's own calendar and each language's calendar of all its events."""
    files = []
    for lang in site.config.language_codes:
        events = site.in_section(lang, "events")
        for event in events:
            data = calendar(site, lang, [event], event.title)
            files.append(OutputFile(output_path(event_calendar_url(event.url, event.slug)), data))
        name = f"{site.config.languages[lang].title}: {site.catalogs.text(lang, 'section_events')}"
        files.append(OutputFile(output_path(events_calendar_url(site.config, lang)), calendar(site, lang, events, name)))
    return files


def calendar(site: Site, lang: str, events: Sequence[Entry], name: str) -> bytes:
    """A VCALENDAR of `events` with the VTIMEZONE their times refer to."""
    zone = site.config.timezone
    cal = Calendar()
    cal.add("prodid", f"-//Budrus//{site_host(site)}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone.key)
    cal.add_component(vtimezone(zone, *_years(events, site.now)))
    for event in events:
        cal.add_component(vevent(site, event))
    return cal.to_ical()


def vevent(site: Site, entry: Entry) -> Event:
    """One event: UID stable across builds, DTSTAMP from "now", local times with TZID."""
    data = entry.event
    event = Event()
    event.add("uid", event_uid(site, entry))
    event.add("dtstamp", site.now.astimezone(dt.timezone.utc))
    event.add("dtstart", data.start)
    if data.end is not None:
        event.add("dtend", data.end)
    event.add("summary", entry.title)
    event.add("description", _description(site, entry))
    event.add("location", event_location(site, entry))
    event.add("url", site.config.absolute(entry.url))
    return event


def event_uid(site: Site, entry: Entry) -> str:
    """The event's identity for calendar programs: its translation key, language and the
    site's host, so that a changed title, date or slug updates the same event."""
    return f"{entry.key.replace('/', '-')}-{entry.lang}@{site_host(site)}"


def event_location(site: Site, entry: Entry) -> str:
    """The place and address; online events say so (and where, if also held on site)."""
    data = entry.event
    place = ", ".join(part for part in (data.location, data.address) if part)
    if not data.online:
        return place
    online = site.catalogs.text(entry.lang, "event_online")
    return f"{place} ({online})" if place else online


def site_host(site: Site) -> str:
    return urlsplit(site.config.base_url).hostname or "localhost"


def _description(site: Site, entry: Entry) -> str:
    lines = [describe(entry, site.html[entry.source])]
    if entry.event.registration_url:
        lines.append(f"{site.catalogs.text(entry.lang, 'event_register')}: {entry.event.registration_url}")
    lines.append(site.config.absolute(entry.url))
    return "\n\n".join(line for line in lines if line)


def _years(events: Sequence[Entry], now: dt.datetime) -> tuple[int, int]:
    """The first and last year the events touch; the year of "now" for no events."""
    if not events:
        return now.year, now.year
    starts = [e.event.start for e in events]
    ends = [e.event.end or e.event.start for e in events]
    return min(starts).year, max(ends).year


def vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """The zone's observances from 1 January of `first_year` to the end of `last_year`."""
    begin = dt.datetime(first_year, 1, 1, tzinfo=zone)
    component = Timezone()
    component.add("tzid", zone.key)
    component.add_component(_observance(begin, begin, begin.replace(tzinfo=None)))
    for before, after in _year_transitions(zone, first_year, last_year):
        onset = (after.astimezone(dt.timezone.utc) + before.utcoffset()).replace(tzinfo=None)
        component.add_component(_observance(before, after, onset))
    return component


@lru_cache(maxsize=64)
def _year_transitions(zone: ZoneInfo, first_year: int, last_year: int):
    """The changes of offset in whole years; most events of a site share a year or two."""
    begin = dt.datetime(first_year, 1, 1, tzinfo=zone)
    return tuple(transitions(zone, begin, dt.datetime(last_year + 1, 1, 1, tzinfo=zone)))


def transitions(zone: ZoneInfo, begin: dt.datetime, until: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """Each change of offset between `begin` and `until`: the last second of the old offset
    and the first of the new, both as aware times in `zone`."""
    found = []
    probe = begin.astimezone(dt.timezone.utc)
    end = until.astimezone(dt.timezone.utc)
    while probe < end:
        following = min(probe + _PROBE, end)
        if _offset(zone, probe) != _offset(zone, following):
            found.append(_bisect(zone, probe, following))
        probe = following
    return found


def _bisect(zone: ZoneInfo, low: dt.datetime, high: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Narrow a change of offset to whole seconds (offsets change on whole seconds)."""
    old = _offset(zone, low)
    low_s, high_s = int(low.timestamp()), int(high.timestamp())
    while high_s - low_s > 1:
        middle = (low_s + high_s) // 2
        if _offset(zone, dt.datetime.fromtimestamp(middle, dt.timezone.utc)) == old:
            low_s = middle
        else:
            high_s = middle
    return dt.datetime.fromtimestamp(low_s, zone), dt.datetime.fromtimestamp(high_s, zone)


def _offset(zone: ZoneInfo, moment: dt.datetime) -> dt.timedelta:
    return moment.astimezone(zone).utcoffset()


def _observance(before: dt.datetime, after: dt.datetime, onset: dt.datetime):
    """STANDARD or DAYLIGHT from `after` on; `onset` is the wall-clock time in the old offset."""
    observance = TimezoneDaylight() if after.dst() else TimezoneStandard()
    observance.add("dtstart", onset)
    observance.add("tzoffsetfrom", before.utcoffset())
    observance.add("tzoffsetto", after.utcoffset())
    observance.add("tzname", after.tzname())
    return observance
