"""Build the basic fixture site and read the output back with an HTML parser."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import NOW, copy_fixture, run_cli, tree_digest

ARTICLE_LT = "lt/straipsniai/kas-yra-prekyba-zmonemis/index.html"
ARTICLE_EN = "en/articles/what-human-trafficking-is/index.html"
GUIDE_LT = "lt/atpazinimas/per-geras-darbo-pasiulymas-uzsienyje/index.html"
EVENT_LT = "lt/renginiai/uzsiemimas-mokykloje/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("built")
    site = copy_fixture("basic", root / "site")
    result = run_cli("build", "--source", site, "--out", root / "public", "--now", NOW)
    assert result.code == 0, result.err
    return root / "public"


def soup(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def test_every_spec_url_is_written(built):
    for path in ["index.html", "404.html", "lt/index.html", "en/index.html",
                 "lt/straipsniai/index.html", "lt/atpazinimas/index.html", "lt/renginiai/index.html",
                 "en/articles/index.html", "en/guides/index.html", "en/events/index.html",
                 "lt/zymos/index.html", "en/tags/index.html", ARTICLE_LT, ARTICLE_EN, GUIDE_LT, EVENT_LT,
                 "lt/pagalba/index.html", "en/help/index.html"]:
        assert (built / path).is_file(), path


def test_entry_page_has_language_canonical_and_every_alternate(built):
    page = soup(built, ARTICLE_LT)
    assert page.html["lang"] == "lt"
    assert page.find("link", rel="canonical")["href"] == "https://example.org/lt/straipsniai/kas-yra-prekyba-zmonemis/"
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "lt": "https://example.org/lt/straipsniai/kas-yra-prekyba-zmonemis/",
        "en": "https://example.org/en/articles/what-human-trafficking-is/",
        "x-default": "https://example.org/lt/straipsniai/kas-yra-prekyba-zmonemis/",
    }


def test_language_switcher_goes_to_the_translation(built):
    switcher = soup(built, ARTICLE_LT).find("nav", class_="language-switcher")
    link = switcher.find("a", hreflang="en")
    assert link["href"] == "/en/articles/what-human-trafficking-is/"
    assert switcher.find(class_="not-translated") is None


def test_missing_translation_links_to_section_list_with_a_notice(built):
    switcher = soup(built, EVENT_LT).find("nav", class_="language-switcher")
    assert switcher.find("a", hreflang="en")["href"] == "/en/events/"
    assert "not translated" in switcher.get_text() or "neišverstas" in switcher.get_text()


def test_dates_are_written_in_each_languages_form(built):
    assert "2026 m. kovo 1 d." in soup(built, ARTICLE_LT).get_text()
    assert "1 March 2026" in soup(built, ARTICLE_EN).get_text()


def test_source_path_links_become_entry_urls(built):
    links = [a["href"] for a in soup(built, ARTICLE_LT).select(".prose a")]
    assert "/lt/atpazinimas/per-geras-darbo-pasiulymas-uzsienyje/#zenklai" in links
    assert "/lt/pagalba/" in links


def test_markdown_tables_footnotes_and_heading_anchors(built):
    prose = soup(built, ARTICLE_LT).select_one(".prose")
    assert prose.find("table").find("th").get_text() == "Veiksmas"
    assert prose.find("h2")["id"] == "apibrezimas"
    assert prose.select_one(".footnote li")["id"] == "fn:1"


def test_external_links_carry_noopener_noreferrer(built):
    link = soup(built, "lt/pagalba/index.html").find("a", href="https://example.net/")
    assert link["rel"] == ["noopener", "noreferrer"]


def test_tags_differing_in_case_are_one_tag_page(built):
    page = soup(built, "lt/zymos/darbas-uzsienyje/index.html")
    titles = [a.get_text() for a in page.select("main .entry-list h3 a, main .entry-card a")]
    assert "Kas yra prekyba žmonėmis" in titles
    assert "Per geras darbo pasiūlymas užsienyje" in titles


def test_scheduled_entry_is_left_out_without_drafts(built):
    assert not any("busimas" in str(p) for p in built.rglob("*"))


def test_drafts_flag_builds_scheduled_entries(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    assert run_cli("build", "--source", site, "--out", tmp_path / "out", "--now", NOW, "--drafts").code == 0
    assert (tmp_path / "out/lt/straipsniai/busimas-straipsnis/index.html").is_file()


def test_now_from_source_date_epoch(tmp_path, monkeypatch):
    site = copy_fixture("basic", tmp_path / "site")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01T00:00Z, 02:00 in Vilnius
    assert run_cli("build", "--source", site, "--out", tmp_path / "out").code == 0
    assert (tmp_path / "out/lt/straipsniai/busimas-straipsnis/index.html").is_file()


def test_base_url_option_changes_absolute_and_site_links(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    out = tmp_path / "out"
    assert run_cli("build", "--source", site, "--out", out, "--now", NOW,
                   "--base-url", "https://campaign.example/sub/").code == 0
    page = soup(out, ARTICLE_LT)
    assert page.find("link", rel="canonical")["href"].startswith("https://campaign.example/sub/lt/")
    assert page.select_one(".site-title a")["href"] == "/sub/lt/"


def test_out_defaults_to_public_in_the_source(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    cwd = os.getcwd()
    os.chdir(site)
    try:
        assert run_cli("build", "--now", NOW).code == 0
    finally:
        os.chdir(cwd)
    assert (site / "public/index.html").is_file()


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    first = copy_fixture("basic", tmp_path / "a")
    second = copy_fixture("basic", tmp_path / "elsewhere/b")
    run_cli("build", "--source", first, "--out", tmp_path / "out1", "--now", NOW, "--jobs", "1")
    run_cli("build", "--source", second, "--out", tmp_path / "out2", "--now", NOW, "--jobs", "2")
    assert tree_digest(tmp_path / "out1") == tree_digest(tmp_path / "out2")


def test_check_writes_nothing(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    assert run_cli("check", "--source", site, "--now", NOW).code == 0
    assert sorted(p.relative_to(site) for p in site.rglob("*") if ".cache" not in p.parts) == before


def test_bad_now_is_a_usage_error(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    result = run_cli("build", "--source", site, "--now", "tomorrow")
    assert result.code == 2
    assert "--now 'tomorrow' is not an ISO date" in result.err
