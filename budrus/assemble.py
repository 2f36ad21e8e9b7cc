"""Entries + config + now -> Site: what is published, URLs, translations, tags, aliases."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType
from typing import Mapping

from .cache import RecentMemo
from .config import SiteConfig
from .diagnostics import Diagnostics
from .guides import RelatedGuides, related_index
from .i18n import Catalogs
from .model import Entry, StaticFile, Tag
from .schedule import past, upcoming
from .urls import (NOT_FOUND_URL, REDIRECTS_URL, ROBOTS_URL, SITEMAP_URL, audience_url, entry_url,
                   events_calendar_url, feed_url, home_url, normalize_alias, search_index_url, section_url,
                   slugify, tag_url)

LISTED_SECTIONS = ("articles", "guides", "events")


@dataclass(frozen=True)
class Site:
    """Everything the outputs need, loaded and checked. Rendering only reads it."""

    config: SiteConfig
    catalogs: Catalogs
    now: dt.datetime
    entries: tuple[Entry, ...]                       # published, in a stable order
    html: Mapping[str, str]                          # entry source -> body HTML
    translations: Mapping[str, Mapping[str, Entry]]  # key -> lang -> entry
    tags: Mapping[str, tuple[Tag, ...]]              # lang -> tags, by name
    aliases: Mapping[str, str]                       # alias site path -> target site path
    static_files: tuple[StaticFile, ...]

    def in_section(self, lang: str, section: str) -> tuple[Entry, ...]:
        """Published entries of one section and language, in the section's order."""
        return self._by_section.get((lang, section), ())

    def in_language(self, lang: str) -> tuple[Entry, ...]:
        """Published entries of one language, in the site's order (those of `entries`)."""
        return self._by_language.get(lang, ())

    def upcoming_events(self, lang: str) -> tuple[Entry, ...]:
        """Events of one language not over at `now`, soonest first."""
        return upcoming(self.in_section(lang, "events"), self.now)

    def past_events(self, lang: str) -> tuple[Entry, ...]:
        """Events of one language over at `now`, the most recent first."""
        return past(self.in_section(lang, "events"), self.now)

    def related_guides(self, entry: Entry) -> tuple[Entry, ...]:
        """Guides of the entry's language that share its tags or audience."""
        index = self._related_guides.get(entry.lang)
        return index.of(entry) if index is not None else ()

    def for_audience(self, lang: str, section: str, audience: str) -> tuple[Entry, ...]:
        """Entries of one section and language meant for `audience`, in the section's order."""
        entries = self.upcoming_events(lang) if section == "events" else self.in_section(lang, section)
        return tuple(e for e in entries if audience in e.audience)

    def translation(self, entry: Entry, lang: str) -> Entry | None:
        return self.translations[entry.key].get(lang)

    def by_source(self, source: str) -> Entry:
        return self._by_source[source]

    def tags_of(self, entry: Entry) -> tuple[Tag, ...]:
        """The tags of one entry, in its language's tag order."""
        return self._tags_by_source.get(entry.source, ())

    @cached_property
    def _tags_by_source(self) -> Mapping[str, tuple[Tag, ...]]:
        found: dict[str, list[Tag]] = {}
        for tags in self.tags.values():
            for tag in tags:
                for source in tag.entry_sources:
                    found.setdefault(source, []).append(tag)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def _by_section(self) -> Mapping[tuple[str, str], tuple[Entry, ...]]:
        grouped: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.entries:
            grouped.setdefault((entry.lang, entry.section), []).append(entry)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def _by_language(self) -> Mapping[str, tuple[Entry, ...]]:
        grouped: dict[str, list[Entry]] = {}
        for entry in self.entries:
            grouped.setdefault(entry.lang, []).append(entry)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def _related_guides(self) -> Mapping[str, RelatedGuides]:
        # Built once per Site: every guide page asks for its related guides.
        return {lang: related_index(guides) for (lang, section), guides in self._by_section.items()
                if section == "guides"}

    @cached_property
    def _by_source(self) -> Mapping[str, Entry]:
        return {e.source: e for e in self.entries}


def published(entries: list[Entry], now: dt.datetime, drafts: bool) -> list[Entry]:
    """Entries that are neither drafts nor dated after now (unless --drafts)."""
    if drafts:
        return list(entries)
    today = now.date()
    return [e for e in entries if not e.draft and not (e.date and e.date > today)]


def assign_urls(entries: list[Entry], config: SiteConfig, diagnostics: Diagnostics,
                kept: RecentMemo | None = None) -> list[Entry]:
    """Give each entry its URL; two entries (or an entry and a generated page) on one URL are errors.

    `kept` (a warm process's memo) gives an unchanged entry the same object as last build."""
    taken = _generated_urls(config)
    placed = []
    for entry in sorted(entries, key=lambda e: e.source):
        url = entry_url(config, entry.lang, entry.section, entry.slug)
        line = entry.line_of.get("slug", entry.line_of.get("title", 1))
        if url in taken:
            other = taken[url]
            diagnostics.error(entry.source, line, f"the URL {url} is also the URL of {other}; "
                              "give one of them another slug")
            continue
        taken[url] = entry.source
        placed.append(_with_url(entry, url, kept))
    return placed


def _with_url(entry: Entry, url: str, kept: RecentMemo | None) -> Entry:
    # Keyed by the identity of the parsed entry, which the memo keeps alive: equal values
    # are not enough (two time zones' equal instants are written differently).
    if kept is None:
        return replace(entry, url=url)
    found = kept.get((id(entry), url))
    if found is None or found[0] is not entry:
        found = (entry, replace(entry, url=url))
        kept.put((id(entry), url), found)
    return found[1]


def _generated_urls(config: SiteConfig) -> dict[str, str]:
    """URLs the site makes itself, which no entry may take."""
    urls = {"/": "the landing page", SITEMAP_URL: "the sitemap", ROBOTS_URL: "robots.txt",
            REDIRECTS_URL: "the redirects file", NOT_FOUND_URL: "the not-found page"}
    for lang in config.language_codes:
        urls[home_url(lang)] = f"the {lang} home page"
        urls[feed_url(lang)] = f"the {lang} feed"
        urls[events_calendar_url(config, lang)] = f"the {lang} events calendar"
        for audience in config.audiences:
            urls[audience_url(config, lang, audience)] = f"the {lang} page for {audience}"
        urls[search_index_url(config, lang)] = f"the {lang} search index"
        for section in config.languages[lang].sections:
            urls[section_url(config, lang, section)] = f"the {lang} {section} list"
    return urls


def order_entries(entries: list[Entry]) -> tuple[Entry, ...]:
    """Articles newest first, events soonest first, guides and pages by weight and title."""
    def key(e: Entry):
        if e.section == "articles":
            return (e.section, e.lang, -e.date.toordinal(), e.title, e.source)
        if e.section == "events":
            return (e.section, e.lang, e.event.start.isoformat(), e.title, e.source)
        return (e.section, e.lang, e.weight, e.title.casefold(), e.source)
    return tuple(sorted(entries, key=key))


def translations_of(entries: tuple[Entry, ...]) -> Mapping[str, Mapping[str, Entry]]:
    grouped: dict[str, dict[str, Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.key, {})[entry.lang] = entry
    return MappingProxyType({k: MappingProxyType(v) for k, v in sorted(grouped.items())})


def collect_tags(entries: tuple[Entry, ...], config: SiteConfig, diagnostics: Diagnostics):
    """Tags per language; spellings that differ only in case or accents are one tag."""
    by_lang: dict[str, dict[str, tuple[str, list[str]]]] = {lang: {} for lang in config.language_codes}
    for entry in sorted(entries, key=lambda e: e.source):
        for name in entry.tags:
            slug = slugify(name)
            if not slug:
                diagnostics.error(entry.source, entry.line_of.get("tags", 1),
                                  f'the tag "{name}" has no letters or digits to make an address from')
                continue
            spelling, sources = by_lang[entry.lang].setdefault(slug, (name, []))
            if not sources or sources[-1] != entry.source:   # entries come one after another, by source
                sources.append(entry.source)
    return MappingProxyType({
        lang: tuple(sorted((Tag(slug, name, lang, tag_url(config, lang, slug), tuple(sources))
                            for slug, (name, sources) in tags.items()), key=lambda t: (t.name.casefold(), t.slug)))
        for lang, tags in by_lang.items()
    })


def collect_aliases(entries: tuple[Entry, ...], config: SiteConfig, diagnostics: Diagnostics,
                    tags: Mapping[str, tuple[Tag, ...]] | None = None) -> Mapping[str, str]:
    """Old URLs that redirect to entries; an alias that collides with a page or alias is an error."""
    tag_pages = {tag.url: f'the {tag.lang} tag page "{tag.name}"'
                 for lang_tags in (tags or {}).values() for tag in lang_tags}
    owners = {**_generated_urls(config), **tag_pages, **{e.url: e.source for e in entries}}
    aliases: dict[str, str] = {}
    alias_owners: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.source):
        for alias in entry.aliases:
            path = normalize_alias(alias)
            line = entry.line_of.get("aliases", 1)
            if path in alias_owners:
                diagnostics.error(entry.source, line, f"the alias {path} is also an alias in {alias_owners[path]}")
            elif path in owners:
                diagnostics.error(entry.source, line, f"the alias {path} is already the address of {owners[path]}")
            else:
                alias_owners[path] = entry.source
                aliases[path] = entry.url
                _warn_unless_html(path, entry.source, line, diagnostics)
    return MappingProxyType(dict(sorted(aliases.items())))


def _warn_unless_html(path: str, source: str, line: int, diagnostics: Diagnostics) -> None:
    """A static host serves old/page.php by its extension, not as the HTML redirect page in it."""
    last = path.rsplit("/", 1)[-1]
    if last and not last.endswith((".html", ".htm")):
        diagnostics.warning(source, line, f"the alias {path} is not an .html address: its redirect page "
                            "works only on hosts that read _redirects")


def audience_urls(config: SiteConfig, lang: str) -> dict[str, str]:
    return {key: audience_url(config, lang, key) for key in config.audiences}
