"""/sitemap.xml: every public page once, with its translations as xhtml:link alternates."""
from __future__ import annotations

import datetime as dt
from collections import Counter
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..assemble import Site
from ..cache import RecentMemo
from ..config import SiteConfig
from ..fingerprint import share_by_digest
from ..model import OutputFile
from ..urls import SITEMAP_URL, output_path

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# Pages that exist for browsers, not for search engines to list.
UNLISTED_KINDS = ("not_found", "redirect")


@share_by_digest
@dataclass(frozen=True)
class SitemapPage:
    """One page as the sitemap lists it: site paths, not absolute URLs."""

    url: str
    lastmod: dt.date | None
    alternates: tuple[tuple[str, str], ...]   # (hreflang, site path), x-default included


# Each <url> element is serialised on its own and remembered, so a rebuild in a warm
# process serialises only the pages whose address, date or translations changed.
URL_MEMO = 65536
# Off in a one-shot build, which would never read the memo back (15 MB at 10,000 pages):
# `keep_url_memo` turns it on in a process that builds again.
KEEP_URL_MEMO = False
_HEAD = f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\" xmlns:xhtml=\"{XHTML_NS}\">"


@lru_cache(maxsize=URL_MEMO)
def _url_xml(loc: str, lastmod: dt.date | None, alternates: tuple[tuple[str, str], ...]) -> str:
    """One <url> element as ElementTree writes it one level deep in the indented urlset."""
    item = ET.Element("url")
    ET.SubElement(item, "loc").text = loc
    if lastmod:
        ET.SubElement(item, "lastmod").text = lastmod.isoformat()
    for hreflang, href in alternates:
        ET.SubElement(item, "xhtml:link", {"rel": "alternate", "hreflang": hreflang, "href": href})
    ET.indent(item, level=1)
    return ET.tostring(item, encoding="unicode")


def sitemap_xml(config: SiteConfig, pages: Sequence[SitemapPage]) -> bytes:
    """The sitemap of `pages`, sorted by URL; a URL listed twice is a programming error.

    The bytes are those of ElementTree indenting and writing the whole urlset."""
    counts = Counter(page.url for page in pages)
    duplicates = sorted(url for url, count in counts.items() if count > 1)
    if duplicates:
        raise ValueError(f"sitemap lists these pages more than once: {', '.join(duplicates)}")
    if not pages:
        urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
        return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
    parts = [_HEAD]
    for page in sorted(pages, key=lambda page: page.url):
        alternates = tuple((hreflang, config.absolute(url)) for hreflang, url in page.alternates)
        parts.append(url_xml(config.absolute(page.url), page.lastmod, alternates))
    return ("\n  ".join(parts) + "\n</urlset>\n").encode("utf-8")


def keep_url_memo() -> None:
    """Remember each <url> element between builds of this process."""
    global KEEP_URL_MEMO
    KEEP_URL_MEMO = True


def url_xml(loc: str, lastmod: dt.date | None, alternates: tuple[tuple[str, str], ...]) -> str:
    """One <url> element, through the memo in a process that builds again."""
    return (_url_xml if KEEP_URL_MEMO else _url_xml.__wrapped__)(loc, lastmod, alternates)


def sitemap_pages(site: Site, pages: Sequence, kept: RecentMemo | None = None) -> tuple[SitemapPage, ...]:
    """The planned HTML pages (pages.Page) as the sitemap lists them, redirects and 404 left out.

    What the sitemap shows of a page is its address, translations and date, so that a
    rebuild after an edit it does not show (an entry's body) gives equal SitemapPages and
    reuses the sitemap. `kept` (a warm process's memo) gives an unchanged page the same
    SitemapPage object as last build."""
    newest = _newest_by_language(site)
    return tuple(_sitemap_page(page, newest, kept) for page in pages if page.kind not in UNLISTED_KINDS)


# Kinds dated by their own entry or entries; the others by their language's newest entry.
_SELF_DATED = ("entry", "section", "tag")


def _sitemap_page(page, newest: dict[str, dt.date], kept: RecentMemo | None) -> SitemapPage:
    self_dated = page.entry is not None or page.kind in _SELF_DATED
    if kept is not None and self_dated:
        found = kept.get(("sitemap", id(page)))
        if found is not None and found[0] is page:
            return found[1]
    listed = SitemapPage(page.url, _lastmod(page, newest), tuple(page.alternates))
    if kept is not None and self_dated:
        kept.put(("sitemap", id(page)), (page, listed))
    return listed


def _lastmod(page, newest: dict[str, dt.date]) -> dt.date | None:
    """An entry's own date; for a list, its newest entry; for a home page, its language's;
    for the landing page, the site's. `newest`: the newest date of each language."""
    if page.entry is not None:
        return page.entry.lastmod
    if page.kind in ("section", "tag"):
        dates = [entry.lastmod for entry in page.items if entry.lastmod]
        return max(dates) if dates else None
    if page.kind == "landing":
        return max(newest.values()) if newest else None
    return newest.get(page.lang)


def _newest_by_language(site: Site) -> dict[str, dt.date]:
    """The newest date of each language's entries, in one pass rather than one per page."""
    newest: dict[str, dt.date] = {}
    for entry in site.entries:
        lastmod = entry.lastmod
        if lastmod and (entry.lang not in newest or lastmod > newest[entry.lang]):
            newest[entry.lang] = lastmod
    return newest


def sitemap_file(site: Site, pages: Sequence[SitemapPage]) -> OutputFile:
    """/sitemap.xml of the pages that sitemap_pages gives."""
    return OutputFile(output_path(SITEMAP_URL), sitemap_xml(site.config, pages))
