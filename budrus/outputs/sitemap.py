"""/sitemap.xml: every public page once, with its translations as xhtml:link alternates."""
from __future__ import annotations

import datetime as dt
from collections import Counter
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Sequence

from ..config import SiteConfig

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


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
