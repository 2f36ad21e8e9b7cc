"""Events in time: which are upcoming and which are past at "now", and their month groups."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from typing import Iterable, Sequence

from .model import Entry


@dataclass(frozen=True)
class MonthGroup:
    """Events of one calendar month, under a heading such as '2026 m. gruodis'."""

    month: dt.date          # the first day of the month
    events: tuple[Entry, ...]


def ends_at(event: Entry) -> dt.datetime:
    """When an event is over: its end, else the end of the day it starts on.

    An event without an end stays on the upcoming list for the rest of its day, so
    that a reader who looks it up that afternoon still finds it there."""
    data = event.event
    if data.end is not None:
        return data.end
    next_day = data.start.date() + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time(), tzinfo=data.start.tzinfo)


def is_upcoming(event: Entry, now: dt.datetime) -> bool:
    """Not over yet: events that have begun but not ended count as upcoming."""
    return ends_at(event) > now


def upcoming(events: Iterable[Entry], now: dt.datetime) -> tuple[Entry, ...]:
    """Events not over at `now`, soonest first."""
    return tuple(sorted((e for e in events if is_upcoming(e, now)), key=_chronological))


def past(events: Iterable[Entry], now: dt.datetime) -> tuple[Entry, ...]:
    """Events over at `now`, the most recent first."""
    return tuple(sorted((e for e in events if not is_upcoming(e, now)), key=_chronological, reverse=True))


def by_month(events: Sequence[Entry]) -> tuple[MonthGroup, ...]:
    """Consecutive events of one month grouped, keeping the order they come in."""
    def month(event: Entry) -> dt.date:
        return event.event.start.date().replace(day=1)

    return tuple(MonthGroup(key, tuple(group)) for key, group in groupby(events, key=month))


def _chronological(event: Entry):
    return (event.event.start, ends_at(event), event.title.casefold(), event.source)
