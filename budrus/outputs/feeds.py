"""Atom feeds (RFC 4287): one per language, of that language's articles."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Mapping, Sequence

from ..assemble import Site
from ..config import SiteConfig
from ..model import Entry, OutputFile
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


def _entry_element(feed: ET.Element, config: SiteConfig, entry: Entry, html: str | None,
                   categories: tuple[str, ...]) -> None:
    item = ET.SubElement(feed, "entry")
    absolute = config.absolute(entry.url)
    _text(item, "id", absolute)
    _text(item, "title", entry.title)
    ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html", "href": absolute})
    if entry.date:
        _text(item, "published", atom_datetime(entry.date, config))
    _text(item, "updated", atom_datetime(entry.lastmod or entry.date, config))
    for name in categories:
        ET.SubElement(item, "category", {"term": name})
    if entry.summary:
        _text(item, "summary", entry.summary)
    if html:
        # Links in the body are site paths; xml:base lets readers resolve them.
        _text(item, "content", html, type="html", **{"xml:base": config.absolute(entry.url)})


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
    for entry in entries:
        _entry_element(feed, config, entry, (html_of or {}).get(entry.source),
                       (categories_of or {}).get(entry.source, ()))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_files(site: Site) -> list[OutputFile]:
    """The Atom feed of every language, from the site's published articles."""
    files = []
    for lang in site.config.language_codes:
        articles = site.in_section(lang, "articles")
        dated = [entry.lastmod for entry in site.entries if entry.lang == lang and entry.lastmod]
        data = atom_feed(
            site.config, lang, articles, html_of=site.html,
            categories_of={e.source: tuple(tag.name for tag in site.tags_of(e)) for e in articles},
            fallback_updated=max(dated) if dated else site.now.date(),
        )
        files.append(OutputFile(output_path(feed_url(lang)), data))
    return files
