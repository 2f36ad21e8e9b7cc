"""Feeds, sitemap, robots.txt, redirects, tags, search and 404, read back from a build of
the discovery fixture (a site living under /kampanija/, with aliases and tag spellings)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from support import NOW, copy_fixture, run_cli

BASE = "https://example.org/kampanija"
BASE_PATH = "/kampanija"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
ARTICLE_LT = "/lt/straipsniai/prekyba-zmonemis-siandien/"
ARTICLE_EN = "/en/articles/human-trafficking-today/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("discovery")
    site = copy_fixture("discovery", root / "site")
    result = run_cli("build", "--source", site, "--out", root / "public", "--now", NOW)
    assert result.code == 0, result.err
    return root / "public"


def soup(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def file_for(url: str) -> str:
    """The output file of an absolute URL or a site path under /kampanija/."""
    path = urlsplit(url).path.removeprefix(BASE_PATH).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def is_redirect(page: BeautifulSoup) -> bool:
    return page.find("meta", attrs={"http-equiv": "refresh"}) is not None


def html_pages(out: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(out).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(out.rglob("*.html"))}


# --- feeds ---------------------------------------------------------------------------


def read_feed(out: Path, lang: str):
    feed = feedparser.parse((out / lang / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_lithuanian_feed_lists_published_articles_newest_first_with_absolute_urls(built):
    feed = read_feed(built, "lt")
    assert [entry.link for entry in feed.entries] == [
        f"{BASE}/lt/straipsniai/kampanija-mokyklose/",
        f"{BASE}{ARTICLE_LT}",
        f"{BASE}/lt/straipsniai/darbo-pasiulymai-socialiniuose-tinkluose/",
    ]
    assert feed.feed.updated == "2026-09-15T00:00:00+03:00"


def test_english_feed_dates_entries_by_updated_and_links_itself(built):
    feed = read_feed(built, "en")
    assert [(e.title, e.updated) for e in feed.entries] == [
        ("Human trafficking today", "2026-05-10T00:00:00+03:00"),
        ("Job offers on social media", "2025-10-01T00:00:00+03:00"),
    ]
    assert {link.rel: link.href for link in feed.feed.links}["self"] == f"{BASE}/en/feed.xml"


def test_every_page_links_its_language_feed_in_its_head(built):
    for path, page in html_pages(built).items():
        if is_redirect(page):
            continue
        lang = page.html["lang"]
        feeds = page.head.find_all("link", rel="alternate", type="application/atom+xml")
        assert [link["href"] for link in feeds] == [f"{BASE_PATH}/{lang}/feed.xml"], path
        assert feeds[0]["title"], path


# --- sitemap and robots.txt ------------------------------------------------------------


def sitemap(out: Path) -> ET.Element:
    return ET.fromstring((out / "sitemap.xml").read_bytes())


def test_every_sitemap_url_exists_on_disk_once(built):
    locs = [loc.text for loc in sitemap(built).findall("s:url/s:loc", SITEMAP_NS)]
    assert len(locs) == len(set(locs))
    missing = [loc for loc in locs if not (built / file_for(loc)).is_file()]
    assert not missing


def test_every_page_is_in_the_sitemap_except_404_and_redirects(built):
    listed = {file_for(loc.text) for loc in sitemap(built).findall("s:url/s:loc", SITEMAP_NS)}
    pages = {path for path, page in html_pages(built).items() if path != "404.html" and not is_redirect(page)}
    assert pages == listed


def test_sitemap_gives_translations_x_default_and_lastmod(built):
    urls = {u.findtext("s:loc", namespaces=SITEMAP_NS): u for u in sitemap(built).findall("s:url", SITEMAP_NS)}
    article = urls[f"{BASE}{ARTICLE_EN}"]
    assert article.findtext("s:lastmod", namespaces=SITEMAP_NS) == "2026-05-10"
    alternates = {link.get("hreflang"): link.get("href") for link in article.findall("x:link", SITEMAP_NS)}
    assert alternates == {"lt": f"{BASE}{ARTICLE_LT}", "en": f"{BASE}{ARTICLE_EN}", "x-default": f"{BASE}{ARTICLE_LT}"}
    assert urls[f"{BASE}/en/events/"].find("s:lastmod", SITEMAP_NS) is None


def test_robots_txt_points_to_the_sitemap(built):
    lines = (built / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


# --- aliases ---------------------------------------------------------------------------

ALIASES = {
    "/senas/prekyba/": ARTICLE_LT,
    "/lt/senas-straipsnis.html": ARTICLE_LT,
    "/old/trafficking/": ARTICLE_EN,
    "/pagalba/": "/lt/pagalba/",
}


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_alias_page_refreshes_to_the_entry_with_canonical_and_a_visible_link(built, alias):
    target = ALIASES[alias]
    page = soup(built, file_for(alias))
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == f"0; url={BASE_PATH}{target}"
    assert page.find("link", rel="canonical")["href"] == f"{BASE}{target}"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert [a["href"] for a in page.main.find_all("a")] == [f"{BASE_PATH}{target}"]


def test_redirects_file_has_one_permanent_rule_per_alias(built):
    lines = (built / "_redirects").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(f"{BASE_PATH}{alias} {BASE_PATH}{target} 301" for alias, target in ALIASES.items())


# --- tags ------------------------------------------------------------------------------


def test_tag_spellings_differing_in_case_are_one_tag_with_its_count(built):
    index = soup(built, "lt/zymos/index.html")
    tags = {a["href"]: " ".join(a.parent.get_text().split()) for a in index.main.select("li a[href*='/zymos/']")}
    assert tags == {f"{BASE_PATH}/lt/zymos/darbas-uzsienyje/": "darbas užsienyje (3 psl.)",
                    f"{BASE_PATH}/lt/zymos/pagrindai/": "Pagrindai (1 psl.)"}
    tag_page = soup(built, "lt/zymos/darbas-uzsienyje/index.html")
    linked = {a["href"] for a in tag_page.main.find_all("a", href=True) if "/straipsniai/" in a["href"]}
    assert linked == {f"{BASE_PATH}/lt/straipsniai/{slug}/" for slug in
                      ("kampanija-mokyklose", "prekyba-zmonemis-siandien", "darbo-pasiulymai-socialiniuose-tinkluose")}


# --- search and 404 --------------------------------------------------------------------


@pytest.mark.parametrize("lang, slug", [("lt", "paieska"), ("en", "search")])
def test_search_page_without_script_explains_itself_and_links_the_sections(built, lang, slug):
    page = soup(built, f"{lang}/{slug}/index.html")
    nojs = page.find(attrs={"data-search-nojs": True})
    assert nojs is not None and not nojs.has_attr("hidden")
    links = [a["href"] for a in nojs.find_all("a")]
    assert f"{BASE_PATH}/{lang}/" in links and len(links) >= 4
    form = page.find("form", attrs={"data-search-index": True})
    assert form.has_attr("hidden")
    assert form["data-search-index"] == f"{BASE_PATH}/{lang}/{slug}/index.json"
    assert page.find(id="search-status")["role"] == "status"


@pytest.mark.parametrize("lang, slug", [("lt", "paieska"), ("en", "search")])
def test_search_index_is_small_and_holds_folded_words(built, lang, slug):
    data = (built / lang / slug / "index.json").read_bytes()
    assert len(data) < 150 * 1024
    index = json.loads(data)
    assert "vaiku" in index["terms"]
    urls = [doc[0] for doc in index["docs"]]
    assert len(urls) == len(set(urls))
    assert all(url.startswith(f"{BASE_PATH}/{lang}/") for url in urls)


def test_404_page_speaks_both_languages_with_a_search_box_and_sections(built):
    page = soup(built, "404.html")
    sections = {s["lang"]: s for s in page.select("section.not-found-language")}
    assert set(sections) == {"lt", "en"}
    assert sections["en"].h1.get_text() == "Page not found"
    assert sections["lt"].h1.get_text() == "Puslapis nerastas"
    for lang, slug in (("lt", "paieska"), ("en", "search")):
        form = sections[lang].find("form")
        assert form["action"] == f"{BASE_PATH}/{lang}/{slug}/" and form["method"] == "get"
        assert form.find("input", attrs={"name": "q"}) is not None
        assert f"{BASE_PATH}/{lang}/" in [a["href"] for a in sections[lang].find_all("a")]


# --- the campaign's own site -------------------------------------------------------------


def test_campaign_site_search_index_stays_under_150_kb_per_language():
    from budrus.diagnostics import Diagnostics
    from budrus.outputs.search import search_index_files
    from budrus.pipeline import BuildOptions, load_site

    diagnostics = Diagnostics()
    site = load_site(BuildOptions(source=Path(__file__).resolve().parents[2], now=NOW), diagnostics)
    assert site is not None, "\n".join(str(d) for d in diagnostics.items)
    sizes = {file.path: len(file.data) for file in search_index_files(site)}
    assert set(sizes) == {"lt/paieska/index.json", "en/search/index.json"}
    assert all(size < 150 * 1024 for size in sizes.values()), sizes
