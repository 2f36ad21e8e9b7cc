"""Build the campaign's own site (the repository root) and read it back as a visitor would.

The counts and parts checked here are what the campaign promises its readers: recognition
guides with signs, steps, a self-check and lesson notes; articles; past and upcoming
events; the help, teachers, cooperation, privacy and about pages; every entry in
Lithuanian and English.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support import NOW, run_cli

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
BASE = "https://campaign.test"
LANGS = ("lt", "en")
SECTION_DIRS = {"lt": {"guides": "atpazinimas", "articles": "straipsniai", "events": "renginiai"},
                "en": {"guides": "guides", "articles": "articles", "events": "events"}}
PAGE_KEYS = ("help", "for-teachers", "cooperation", "privacy", "about")
HELP_NUMBERS = ("112", "8 800 91119", "+370 616 91119", "+370 700 60 000", "116 111")


def front_matter(path: Path) -> dict:
    """The YAML between the first two `---` lines of a content file."""
    text = path.read_text(encoding="utf-8")
    _, header, _ = text.split("---\n", 2)
    return yaml.safe_load(header)


def sources(section: str, lang: str) -> dict[str, dict]:
    """Front matter of every `content/SECTION/KEY.LANG.md`, by key."""
    return {p.name[: -len(f".{lang}.md")]: front_matter(p)
            for p in sorted((CONTENT / section).glob(f"*.{lang}.md"))}


def entry_path(section: str, lang: str, slug: str) -> str:
    if section == "pages":
        return f"{lang}/{slug}/index.html"
    return f"{lang}/{SECTION_DIRS[lang][section]}/{slug}/index.html"


def words(text: str) -> str:
    """Text with runs of whitespace folded, so wrapped HTML compares with the source."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("campaign")
    result = run_cli("build", "--source", ROOT, "--out", root / "public", "--now", NOW,
                     "--base-url", BASE, "--cache-dir", root / "cache")
    assert result.code == 0, result.err
    assert result.lines == [], "the campaign's own content must build without warnings"
    return root / "public"


def read(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html5lib")


def main_text(page: BeautifulSoup) -> str:
    return words(page.find("main").get_text(" "))


def test_every_lithuanian_source_has_an_english_translation_and_back():
    for section in ("guides", "articles", "events", "pages"):
        lt, en = set(sources(section, "lt")), set(sources(section, "en"))
        assert lt == en, f"{section}: only in one language: {sorted(lt ^ en)}"


def test_status_reports_every_entry_in_both_languages():
    result = run_cli("status", "--source", ROOT, "--json")
    assert result.code == 0, result.err
    entries = json.loads(result.out)["entries"]
    assert len(entries) >= 8 + 5 + 5 + len(PAGE_KEYS)
    for entry in entries:
        assert entry["missing"] == [] and set(entry["languages"]) == set(LANGS), entry["key"]


def test_the_site_holds_the_promised_number_of_entries_in_both_languages(site):
    for lang in LANGS:
        for section, least in (("guides", 8), ("articles", 5), ("events", 5)):
            entries = sources(section, lang)
            assert len(entries) >= least, (lang, section)
            for data in entries.values():
                assert (site / entry_path(section, lang, data["slug"])).is_file(), (lang, data["slug"])
        pages = sources("pages", lang)
        for key in PAGE_KEYS:
            assert (site / entry_path("pages", lang, pages[key]["slug"])).is_file(), (lang, key)


def test_every_entry_has_a_summary_an_audience_and_tags():
    audiences = set(yaml.safe_load((ROOT / "site_config.yaml").read_text(encoding="utf-8"))["audiences"])
    for section in ("guides", "articles", "events", "pages"):
        for lang in LANGS:
            for key, data in sources(section, lang).items():
                where = f"{section}/{key}.{lang}.md"
                assert data.get("summary"), where
                assert data.get("tags"), where
                assert data.get("audience") and set(data["audience"]) <= audiences, where


def test_every_guide_page_shows_its_signs_steps_self_check_and_lesson_notes(site):
    for lang in LANGS:
        for key, guide in sources("guides", lang).items():
            assert len(guide["signs"]) >= 5 and len(guide["self_check"]) >= 4, key
            assert guide["what_to_do"] and guide["for_teachers"]["questions"], key
            page = read(site, entry_path("guides", lang, guide["slug"]))
            assert page.html["lang"] == lang
            text = main_text(page)
            for sign in guide["signs"]:
                assert words(sign) in text, (lang, key, sign)
            steps = [words(li.get_text(" ")) for ol in page.find("main").find_all("ol") for li in ol.find_all("li")]
            for step in guide["what_to_do"]:
                assert words(step) in steps, (lang, key, step)
            for item in guide["self_check"]:
                assert item["answer"] in ("safe", "risky"), (lang, key)
                # The answers are in the HTML itself, so the exercise works without JavaScript.
                assert words(item["statement"]) in text and words(item["explanation"]) in text, (lang, key)
            for question in guide["for_teachers"]["questions"]:
                assert words(question) in text, (lang, key, question)
            assert guide["for_teachers"]["age"] in text, (lang, key)


def test_every_entry_links_its_translation_and_the_translation_links_back(site):
    for section in ("guides", "articles", "events", "pages"):
        lt_entries, en_entries = sources(section, "lt"), sources(section, "en")
        for key in lt_entries:
            lt_path = entry_path(section, "lt", lt_entries[key]["slug"])
            en_path = entry_path(section, "en", en_entries[key]["slug"])
            assert alternate(site, lt_path, "en") == url_of(en_path), (section, key)
            assert alternate(site, en_path, "lt") == url_of(lt_path), (section, key)


def url_of(path: str) -> str:
    return f"{BASE}/{path.removesuffix('index.html')}"


def alternate(site: Path, path: str, hreflang: str) -> str | None:
    link = read(site, path).find("link", rel="alternate", hreflang=hreflang)
    return link["href"] if link else None


def test_articles_are_dated_in_the_campaign_period_and_none_in_the_future():
    for lang in LANGS:
        for key, article in sources("articles", lang).items():
            assert dt.date(2025, 1, 1) <= article["date"] <= dt.date(2026, 11, 20), (lang, key)


def test_events_are_in_kaunas_or_online_and_some_are_past_and_some_upcoming():
    now = dt.datetime.fromisoformat(NOW)
    for lang in LANGS:
        events = sources("events", lang)
        starts = [dt.datetime.fromisoformat(str(e["start"])) for e in events.values()]
        assert min(starts) < now < max(starts), lang
        for key, event in events.items():
            assert event.get("online") is True or "Kaun" in event["location"], (lang, key)


def test_the_help_page_lists_every_help_number_and_explains_the_quick_exit(site):
    for lang, exit_words in (("lt", ("Escape", "Shift")), ("en", ("Escape", "Shift"))):
        slug = sources("pages", lang)["help"]["slug"]
        text = main_text(read(site, entry_path("pages", lang, slug)))
        for number in HELP_NUMBERS + exit_words:
            assert number in text, (lang, number)


def test_the_about_page_gives_the_project_facts_exactly(site):
    facts = {
        "lt": ("Sisteminis prekybos žmonėmis prevencijos modelis: tarpžinybinis bendradarbiavimas",
               "Lietuvos Caritas", "2013-09-23", "2015-11-27", "Kauno", "Europos socialinio fondo",
               "Žmogiškųjų išteklių plėtros veiksmų programa", "VP1-1.3-SADM-01-K",
               "VP1-1.3-SADM-01-K-02-014", "96 126,62 €"),
        "en": ("Lithuanian Caritas", "23 September 2013", "27 November 2015", "Kaunas",
               "European Social Fund", "Human Resources Development Operational Programme",
               "VP1-1.3-SADM-01-K", "VP1-1.3-SADM-01-K-02-014", "EUR 96,126.62"),
    }
    for lang, expected in facts.items():
        slug = sources("pages", lang)["about"]["slug"]
        text = main_text(read(site, entry_path("pages", lang, slug)))
        for fact in expected:
            assert fact in text, (lang, fact)


def test_every_link_in_the_campaign_text_leads_to_a_built_page(site):
    for page_path in sorted(site.rglob("index.html")):
        main = read(site, page_path.relative_to(site).as_posix()).find("main")
        if main is None:
            continue
        for link in main.find_all("a", href=True):
            href = link["href"].split("#")[0]
            if not href.startswith("/") or href.startswith("//"):
                continue
            target = site / href.lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), (page_path, href)
