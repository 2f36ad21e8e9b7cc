"""The sitemap, read back with a real XML parser."""
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from budrus.config import load_config
from budrus.outputs.sitemap import SitemapPage, sitemap_xml

ROOT = Path(__file__).resolve().parents[2]
CONFIG, _ = load_config(ROOT, base_url="https://example.org")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def pages():
    pair = (("lt", "/lt/atpazinimas/loverboy/"), ("en", "/en/guides/loverboy/"), ("x-default", "/"))
    return [
        SitemapPage("/lt/atpazinimas/loverboy/", dt.date(2026, 2, 1), pair),
        SitemapPage("/en/guides/loverboy/", None, pair),
        SitemapPage("/", None, (("lt", "/lt/"), ("en", "/en/"), ("x-default", "/"))),
    ]


def test_sitemap_lists_each_page_once_sorted_with_absolute_locations():
    root = ET.fromstring(sitemap_xml(CONFIG, pages()))
    locs = [loc.text for loc in root.findall("s:url/s:loc", NS)]
    assert locs == ["https://example.org/", "https://example.org/en/guides/loverboy/",
                    "https://example.org/lt/atpazinimas/loverboy/"]


def test_sitemap_gives_lastmod_only_when_known():
    root = ET.fromstring(sitemap_xml(CONFIG, pages()))
    lastmods = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
                for u in root.findall("s:url", NS)}
    assert lastmods["https://example.org/lt/atpazinimas/loverboy/"] == "2026-02-01"
    assert lastmods["https://example.org/en/guides/loverboy/"] is None


def test_sitemap_alternates_are_namespaced_xhtml_links_including_x_default():
    root = ET.fromstring(sitemap_xml(CONFIG, pages()))
    guide = root.findall("s:url", NS)[1]
    alternates = [(link.get("hreflang"), link.get("href")) for link in guide.findall("x:link", NS)]
    assert alternates == [("lt", "https://example.org/lt/atpazinimas/loverboy/"),
                          ("en", "https://example.org/en/guides/loverboy/"),
                          ("x-default", "https://example.org/")]
    assert all(link.get("rel") == "alternate" for link in guide.findall("x:link", NS))


def test_a_page_listed_twice_is_refused():
    with pytest.raises(ValueError, match="/lt/x/"):
        sitemap_xml(CONFIG, [SitemapPage("/lt/x/", None, ()), SitemapPage("/lt/x/", None, ())])


def test_sitemap_is_deterministic_whatever_the_input_order():
    assert sitemap_xml(CONFIG, pages()) == sitemap_xml(CONFIG, list(reversed(pages())))


def whole_document_sitemap(config, listed) -> bytes:
    """The sitemap as ElementTree writes it in one piece: what the pieced-together one must equal."""
    urlset = ET.Element("urlset", {"xmlns": NS["s"], "xmlns:xhtml": NS["x"]})
    for page in sorted(listed, key=lambda page: page.url):
        item = ET.SubElement(urlset, "url")
        ET.SubElement(item, "loc").text = config.absolute(page.url)
        if page.lastmod:
            ET.SubElement(item, "lastmod").text = page.lastmod.isoformat()
        for hreflang, url in page.alternates:
            ET.SubElement(item, "xhtml:link", {"rel": "alternate", "hreflang": hreflang,
                                               "href": config.absolute(url)})
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def test_the_sitemap_made_of_remembered_url_elements_equals_the_whole_document():
    odd = SitemapPage("/lt/ž&<'\"/", dt.date(2026, 3, 4), (("lt", "/lt/ž&<'\"/"), ("x-default", "/?a=1&b=2")))
    for listed in (pages(), pages() + [odd], [odd], []):
        assert sitemap_xml(CONFIG, listed) == whole_document_sitemap(CONFIG, listed)
        assert sitemap_xml(CONFIG, listed) == whole_document_sitemap(CONFIG, listed)   # from memory
