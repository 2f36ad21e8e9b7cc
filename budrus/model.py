"""The content model: frozen records that every later stage reads and none changes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Mapping

# Long texts (bodies, body HTML) travel as UTF-8 bytes when an entry is pickled (Entry.__reduce__)
# and are hashed once per object, remembered by identity like containers (fingerprint.py).
LONG_TEXT = 512


@dataclass(frozen=True)
class SelfCheckItem:
    statement: str
    answer: str          # "safe" or "risky"
    explanation: str


@dataclass(frozen=True)
class TeacherNotes:
    age: str
    minutes: int | None
    questions: tuple[str, ...]


@dataclass(frozen=True)
class GuideData:
    signs: tuple[str, ...]
    what_to_do: tuple[str, ...]
    self_check: tuple[SelfCheckItem, ...]
    for_teachers: TeacherNotes | None


@dataclass(frozen=True)
class EventData:
    start: dt.datetime   # aware, in the site's time zone
    end: dt.datetime | None
    location: str | None
    address: str | None
    online: bool
    registration_url: str | None


@dataclass(frozen=True)
class Entry:
    """One content file: one entry in one language."""

    source: str          # path relative to the site folder: content/guides/loverboy.lt.md
    section: str         # articles, guides, events or pages
    key: str             # the translation key: guides/loverboy
    lang: str
    title: str
    slug: str
    url: str             # the site path: /lt/atpazinimas/loverboy/
    summary: str
    date: dt.date | None
    updated: dt.date | None
    tags: tuple[str, ...]
    audience: tuple[str, ...]
    draft: bool
    image: str | None
    image_alt: str | None
    aliases: tuple[str, ...]
    weight: int
    body: str            # the Markdown text
    body_line: int       # the file line on which the Markdown begins
    line_of: Mapping[str, int]  # front-matter key -> file line, for later diagnostics
    guide: GuideData | None = None
    event: EventData | None = None

    @property
    def lastmod(self) -> dt.date | None:
        """When the entry last changed: `updated`, else `date`."""
        return self.updated or self.date

    def __reduce__(self):
        # Pickling a str that is not ASCII leaves a UTF-8 copy of it inside the str for the
        # rest of its life. Entries are pickled into the cache, into page records and to
        # worker processes, so their long texts (the body) travel as UTF-8 bytes instead:
        # that copy is freed at once.
        state = dict(vars(self))
        encoded = tuple(name for name, value in state.items()
                        if type(value) is str and len(value) >= LONG_TEXT and not value.isascii())
        for name in encoded:
            state[name] = state[name].encode("utf-8", "surrogatepass")
        return (_entry_from_state, (state, encoded))


def _entry_from_state(state: dict, encoded: tuple[str, ...]) -> Entry:
    for name in encoded:
        state[name] = state[name].decode("utf-8", "surrogatepass")
    entry = Entry.__new__(Entry)
    entry.__dict__.update(state)   # as pickle itself restores a frozen dataclass
    return entry


# What a list of entries shows of each: every field but the Markdown and where it stands in
# the file. A list page's reuse depends on these alone (tracing.TracedEntry records any other read).
LISTING_FIELDS = tuple(f.name for f in fields(Entry) if f.name not in ("body", "body_line", "line_of"))


@dataclass(frozen=True)
class Tag:
    """A tag in one language; its identity is its slug."""

    slug: str
    name: str
    lang: str
    url: str
    entry_sources: tuple[str, ...]


@dataclass(frozen=True)
class StaticFile:
    """A file copied to the output as it is."""

    path: str            # output path, relative: css/site.css
    data: bytes


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: its path relative to the output folder and its bytes."""

    path: str
    data: bytes
