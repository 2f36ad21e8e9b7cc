"""Atom feeds (RFC 4287): one per language, of that language's articles."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Mapping, Sequence

from ..assemble import Site
from ..config import SiteConfig
from ..model import Entry, OutputFile, Tag
from ..urls import feed_url, home_url, output_path

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_TYPE = "application/atom+xml"
# Most readers show only the latest entries; a campaign posts a few a month.
MAX_ENTRIES = 50


def atom_datetime(day: dt.date, config: SiteConfig) -> str:
    """An entry date as an Atom date-time: midnight in the site's time zone."""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=config.timezone)
    return midnight.isoformat()


def newest_first(entries: Sequence[Entry]) -> list[Entry]:
    """Articles by date, newest first; the URL breaks ties so the order is fixed."""
    by_url = sorted(entries, key=lambda entry: entry.url)
    return sorted(by_url, key=lambda entry: entry.date or dt.date.min, reverse=True)


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _feed_updated(entries: Sequence[Entry], fallback: dt.date) -> dt.date:
    dates = [entry.lastmod for entry in entries if entry.lastmod]
    return max(dates) if dates else fallback


def _entry_xml(config: SiteConfig, entry: Entry, html: str | None, categories: tuple[str, ...]) -> str:
    """One <entry> as ElementTree writes it one level deep in the indented feed."""
    published = atom_datetime(entry.date, config) if entry.date else None
    return _entry_fragment(config.absolute(entry.url), entry.title, published,
                           atom_datetime(entry.lastmod or entry.date, config), categories, entry.summary, html)


# Entries are serialised on their own and remembered, so that a warm process's rebuild
# serialises only the entries that changed; a feed holds at most MAX_ENTRIES per language.
@lru_cache(maxsize=8 * MAX_ENTRIES)
def _entry_fragment(absolute: str, title: str, published: str | None, updated: str,
                    categories: tuple[str, ...], summary: str, html: str | None) -> str:
    item = ET.Element("entry")
    _text(item, "id", absolute)
    _text(item, "title", title)
    ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html", "href": absolute})
    if published:
        _text(item, "published", published)
    _text(item, "updated", updated)
    for name in categories:
        ET.SubElement(item, "category", {"term": name})
    if summary:
        _text(item, "summary", summary)
    if html:
        # Links in the body are site paths; xml:base lets readers resolve them.
        _text(item, "content", html, type="html", **{"xml:base": absolute})
    ET.indent(item, level=1)
    return ET.tostring(item, encoding="unicode")


def atom_feed(config: SiteConfig, lang: str, articles: Sequence[Entry], *,
              html_of: Mapping[str, str] | None = None,
              categories_of: Mapping[str, tuple[str, ...]] | None = None,
              fallback_updated: dt.date) -> bytes:
    """The Atom feed of `lang`: `articles` newest first, absolute URLs throughout.

    `html_of` and `categories_of` map an entry's source to its rendered body and to
    its tags' display names; `fallback_updated` dates a feed without articles.
    """
    language = config.languages[lang]
    entries = newest_first(articles)[:MAX_ENTRIES]
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": lang})
    _text(feed, "id", config.absolute(feed_url(lang)))
    _text(feed, "title", language.title)
    _text(feed, "subtitle", language.description)
    ET.SubElement(feed, "link", {"rel": "self", "type": FEED_TYPE, "href": config.absolute(feed_url(lang))})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": config.absolute(home_url(lang))})
    _text(feed, "updated", atom_datetime(_feed_updated(entries, fallback_updated), config))
    author = ET.SubElement(feed, "author")
    _text(author, "name", config.organization_name[lang])
    if config.organization_url:
        _text(author, "uri", config.organization_url)
    ET.indent(feed)
    head = ET.tostring(feed, encoding="utf-8", xml_declaration=True).decode("utf-8")
    if not entries:
        return (head + "\n").encode("utf-8")
    # What ElementTree writes for the whole feed: the entries after the head, indented alike.
    if not head.endswith(_CLOSE):
        raise AssertionError(f"the feed head ends unexpectedly: {head[-40:]!r}")
    parts = [head[: -len(_CLOSE)]]
    # Tested against None, not for truth: the truth of a mapping is its length, which a
    # rebuild would record as a read of every body (tracing.py), not of the feed's own.
    html_of = html_of if html_of is not None else {}
    categories_of = categories_of if categories_of is not None else {}
    for entry in entries:
        parts.append(_entry_xml(config, entry, html_of.get(entry.source), categories_of.get(entry.source, ())))
    return ("\n  ".join(parts) + _CLOSE + "\n").encode("utf-8")


_CLOSE = "\n</feed>"


def _tag_names(tags: Sequence[Tag]) -> dict[str, tuple[str, ...]]:
    """Entry source -> the names of its tags in the language's tag order (as Site.tags_of
    gives them), from one read of the language's tags rather than one read per entry."""
    names: dict[str, list[str]] = {}
    for tag in tags:
        for source in tag.entry_sources:
            names.setdefault(source, []).append(tag.name)
    return {source: tuple(found) for source, found in names.items()}


def feed_files(site: Site) -> list[OutputFile]:
    """The Atom feed of every language, from the site's published articles."""
    return [feed_file(site, lang) for lang in site.config.language_codes]


def feed_file(site: Site, lang: str) -> OutputFile:
    """The Atom feed of one language; it reads that language's entries only."""
    articles = site.in_section(lang, "articles")
    dated = [entry.lastmod for entry in site.in_language(lang) if entry.lastmod]
    data = atom_feed(
        site.config, lang, articles, html_of=site.html, categories_of=_tag_names(site.tags[lang]),
        fallback_updated=max(dated) if dated else site.now.date(),
    )
    return OutputFile(output_path(feed_url(lang)), data)
