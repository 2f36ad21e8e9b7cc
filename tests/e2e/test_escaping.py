"""A title, summary and tag written to break out of HTML, attributes, JSON, XML or a
template are shown as the very text that was written, everywhere they appear, and are never
evaluated. Every output is read back with a real parser."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup

from support import NOW, copy_fixture, run_cli

TITLE = """Hostile <script>alert('t')</script> "q" & {{ 7*7 }} {% if 1 %}if{% endif %}"""
SUMMARY = """</script><script>alert("s")</script> 'single' & "double" {{ 7*7 }} {% set x = 1 %}"""
TAG = """<b onmouseover="alert('g')">tag</b> {{ 7*7 }}"""
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def write_entry(site: Path, path: str, values: dict) -> None:
    front = yaml.safe_dump({"title": TITLE, "summary": SUMMARY, "tags": [TAG], **values},
                           allow_unicode=True, sort_keys=False)
    (site / path).write_text(f"---\n{front}---\nBody text.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    """The basic site with an article, an event and a guide of hostile text; built."""
    root = tmp_path_factory.mktemp("hostile")
    site = copy_fixture("basic", root / "site")
    write_entry(site, "content/articles/hostile.en.md", {"date": "2026-05-01"})
    write_entry(site, "content/events/hostile.en.md", {"start": "2026-12-10T10:00", "end": "2026-12-10T12:00",
                                                       "location": TITLE, "address": SUMMARY})
    write_entry(site, "content/guides/hostile.en.md", {"signs": [TITLE, SUMMARY, TAG]})
    result = run_cli("build", "--source", site, "--out", root / "public", "--now", NOW, "--no-cache")
    assert result.code == 0, result.err
    return site, root / "public"


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def entry_page(out: Path, section: str) -> BeautifulSoup:
    [page] = [p for p in (out / "en" / section).glob("hostile-*/index.html")]
    return soup_of(page)


def test_no_page_runs_the_injected_script(hostile):
    _, out = hostile
    for path in html_pages(out):
        soup = soup_of(path)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)   # the JSON was not cut short by a </script>
                assert "<" not in script.string, path
            else:
                assert "alert(" not in (script.string or ""), path
        for element in soup.find_all(True):
            assert element.name != "b", path
            assert not any(name.startswith("on") for name in element.attrs), path


def test_pages_that_show_the_title_show_it_literally(hostile):
    _, out = hostile
    showing = 0
    for path in html_pages(out):
        text = soup_of(path).get_text()
        if "Hostile" in text:
            showing += 1
            assert TITLE in text, path
            assert TITLE.replace("{{ 7*7 }}", "49") not in text
    assert showing >= 8   # entries, lists, tag and audience pages, home page


@pytest.mark.parametrize("section", ["articles", "events", "guides"])
def test_title_and_summary_are_text_in_headings_meta_and_open_graph(hostile, section):
    _, out = hostile
    soup = entry_page(out, section)
    assert soup.h1.get_text() == TITLE
    assert soup.title.get_text().startswith(TITLE)
    meta = {tag.get("property") or tag.get("name"): tag.get("content") for tag in soup.find_all("meta")}
    assert meta["og:title"] == TITLE
    assert meta["description"] == SUMMARY and meta["og:description"] == SUMMARY
    assert TITLE in meta["og:image:alt"]
    assert soup.find("a", string=TAG) is not None


@pytest.mark.parametrize("section, kind, field", [
    ("articles", "Article", "headline"), ("events", "Event", "name"),
])
def test_json_ld_carries_the_exact_text(hostile, section, kind, field):
    _, out = hostile
    scripts = entry_page(out, section).find_all("script", type="application/ld+json")
    data = {item["@type"]: item for item in (json.loads(s.string) for s in scripts)}
    assert data[kind][field] == TITLE and data[kind]["description"] == SUMMARY
    assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == TITLE
    for script in scripts:
        assert "</" not in script.string and "<script" not in script.string


def test_atom_feed_holds_the_exact_text(hostile):
    _, out = hostile
    data = (out / "en/feed.xml").read_bytes()
    assert not feedparser.parse(data).bozo
    entries = ET.fromstring(data).findall(f"{ATOM}entry")
    [entry] = [e for e in entries if e.findtext(f"{ATOM}title", "").startswith("Hostile")]
    assert entry.findtext(f"{ATOM}title") == TITLE
    assert entry.findtext(f"{ATOM}summary") == SUMMARY
    categories = entry.findall(f"{ATOM}category")
    assert TAG in {c.get("term") for c in categories} | {c.get("label") for c in categories}


def test_sitemap_is_valid_xml_of_plain_addresses(hostile):
    _, out = hostile
    locs = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert any("/en/articles/hostile-" in loc for loc in locs)
    assert all(re.fullmatch(r"https://example\.org/[a-z0-9/._-]*", loc) for loc in locs)


def test_calendars_hold_the_exact_text(hostile):
    _, out = hostile
    files = [*(out / "en/events").glob("hostile-*/*.ics"), out / "en/events/events.ics"]
    for path in files:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        [event] = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Hostile")]
        assert str(event["SUMMARY"]) == TITLE
        assert str(event["LOCATION"]).startswith(TITLE)
        assert SUMMARY in str(event.get("DESCRIPTION", SUMMARY))


def test_search_index_holds_the_exact_text(hostile):
    _, out = hostile
    index = json.loads((out / "en/search/index.json").read_text(encoding="utf-8"))
    found = [doc for doc in index["docs"] if "/hostile-" in doc[0]]
    assert len(found) == 3 and all(doc[1:3] == [TITLE, SUMMARY] for doc in found)


def test_share_cards_are_drawn_from_the_literal_text(hostile):
    from budrus.diagnostics import Diagnostics
    from budrus.outputs.pages import plan_pages
    from budrus.outputs.share import card_spec
    from budrus.pipeline import BuildOptions, load_site

    site_folder, _ = hostile
    site = load_site(BuildOptions(source=site_folder, now=NOW, no_cache=True), Diagnostics())
    specs = {page.url: card_spec(site, page) for page in plan_pages(site)}
    entry_cards = [spec for url, spec in specs.items() if "/hostile-" in url]
    assert len(entry_cards) == 3 and all(spec.title == TITLE for spec in entry_cards)
    assert any(spec.title == f"Tag: {TAG}" for spec in specs.values())


def test_no_output_evaluates_what_an_editor_wrote(hostile):
    _, out = hostile
    outputs = [*html_pages(out), *out.rglob("*.xml"), *out.rglob("*.ics"), *out.rglob("*.json")]
    mentioning = [path for path in outputs if "Hostile" in path.read_text(encoding="utf-8")]
    assert len(mentioning) >= 12
    for path in mentioning:
        text = path.read_text(encoding="utf-8")
        # "{{ 7*7 }}" evaluated is "49", "{% if 1 %}if{% endif %}" is "if": neither may follow "&".
        assert "{{ 7*7 }}" in text or "%7B%7B%207%2A7%20%7D%7D" in text, path
        assert not re.search(r"&(amp;)? 49|&(amp;)? if\b", text), path
