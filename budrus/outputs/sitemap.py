"""/sitemap.xml: every public page once, with its translations as xhtml:link alternates."""
from __future__ import annotations

import datetime as dt
from collections import Counter
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Sequence

from ..assemble import Site
from ..config import SiteConfig
from ..model import OutputFile
from ..urls import SITEMAP_URL, output_path

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# Pages that exist for browsers, not for search engines to list.
UNLISTED_KINDS = ("not_found", "redirect")


@dataclass(frozen=True)
class SitemapPage:
    """One page as the sitemap lists it: site paths, not absolute URLs."""

    url: str
    lastmod: dt.date | None
    alternates: tuple[tuple[str, str], ...]   # (hreflang, site path), x-default included


def _url_element(urlset: ET.Element, config: SiteConfig, page: SitemapPage) -> None:
    item = ET.SubElement(urlset, "url")
    ET.SubElement(item, "loc").text = config.absolute(page.url)
    if page.lastmod:
        ET.SubElement(item, "lastmod").text = page.lastmod.isoformat()
    for hreflang, url in page.alternates:
        ET.SubElement(item, "xhtml:link",
                      {"rel": "alternate", "hreflang": hreflang, "href": config.absolute(url)})


def sitemap_xml(config: SiteConfig, pages: Sequence[SitemapPage]) -> bytes:
    """The sitemap of `pages`, sorted by URL; a URL listed twice is a programming error."""
    counts = Counter(page.url for page in pages)
    duplicates = sorted(url for url, count in counts.items() if count > 1)
    if duplicates:
        raise ValueError(f"sitemap lists these pages more than once: {', '.join(duplicates)}")
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for page in sorted(pages, key=lambda page: page.url):
        _url_element(urlset, config, page)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def _lastmod(site: Site, page) -> dt.date | None:
    """An entry's own date; for a list, its newest entry; for a home page, its language's."""
    if page.entry is not None:
        return page.entry.lastmod
    if page.kind in ("section", "tag"):
        entries = page.items
    elif page.kind == "landing":
        entries = site.entries
    else:
        entries = tuple(entry for entry in site.entries if entry.lang == page.lang)
    dates = [entry.lastmod for entry in entries if entry.lastmod]
    return max(dates) if dates else None


def sitemap_file(site: Site, pages: Sequence) -> OutputFile:
    """/sitemap.xml for the planned HTML pages (pages.Page), redirects and 404 left out."""
    listed = [SitemapPage(page.url, _lastmod(site, page), tuple(page.alternates))
              for page in pages if page.kind not in UNLISTED_KINDS]
    return OutputFile(output_path(SITEMAP_URL), sitemap_xml(site.config, listed))
