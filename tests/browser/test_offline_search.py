"""Offline search in Chromium: folded queries in both languages, ranking, the live region,
the page without JavaScript, and the 404 page's search box. The discovery fixture lives
under /kampanija/, so the server's root holds a kampanija/ folder."""
from __future__ import annotations

import shutil

import pytest

from support import NOW, copy_fixture, run_cli

BASE_PATH = "/kampanija"
LT_SEARCH = f"{BASE_PATH}/lt/paieska/"
EN_SEARCH = f"{BASE_PATH}/en/search/"


@pytest.fixture(scope="module")
def site_server(tmp_path_factory, serve_folder):
    root = tmp_path_factory.mktemp("search")
    source = copy_fixture("discovery", root / "site")
    result = run_cli("build", "--source", source, "--out", root / "web" / "kampanija", "--now", NOW)
    assert result.code == 0, result.err
    # A host serving the site under /kampanija/ is told to answer misses with its 404 page.
    shutil.copyfile(root / "web" / "kampanija" / "404.html", root / "web" / "404.html")
    return serve_folder(root / "web")


def expect():
    from playwright.sync_api import expect as playwright_expect
    return playwright_expect


def search(new_page, server, path: str, query: str):
    page, log = new_page()
    page.goto(server.url(path))
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    expect()(page.locator("#search-status")).not_to_be_empty()
    expect()(page.locator("#search-status")).not_to_have_text(page.locator("form[data-search-index]").get_attribute("data-msg-loading"))
    return page, log


def titles(page) -> list[str]:
    return page.locator("#search-results h2").all_inner_texts()


LT_ZMONEMIS = ["Prekyba žmonėmis šiandien", "Mylimasis, kuris verbuoja", "Darbo pasiūlymai socialiniuose tinkluose"]


@pytest.mark.parametrize("query", ["zmonemis", "ZMONĖMIS", "Žmonėmis"])
def test_lithuanian_query_finds_words_whatever_the_accents_and_case(new_page, site_server, query):
    page, log = search(new_page, site_server, LT_SEARCH, query)
    assert titles(page) == LT_ZMONEMIS  # title match, then summary, then body
    expect()(page.locator("#search-status")).to_have_text("Rasta rezultatų: 3.")
    log.assert_only(site_server.origin)
    assert not log.csp_violations()


@pytest.mark.parametrize("query", ["vaiku linija", "VAIKŲ LINIJA"])
def test_english_query_folds_lithuanian_names_too(new_page, site_server, query):
    page, log = search(new_page, site_server, EN_SEARCH, query)
    assert sorted(titles(page)) == ["Job offers on social media", "Where to get help"]
    log.assert_only(site_server.origin)
    assert not log.csp_violations()


def test_english_ranking_puts_title_above_summary_above_body(new_page, site_server):
    page, _ = search(new_page, site_server, EN_SEARCH, "TRAFFICKING")
    assert titles(page) == ["Human trafficking today", "The boyfriend who recruits", "Job offers on social media"]


def test_results_show_the_summary_and_section_and_link_the_entry(new_page, site_server):
    page, _ = search(new_page, site_server, LT_SEARCH, "mylimasis")
    first = page.locator("#search-results li").first
    assert first.locator(".search-section").inner_text() == "Atpažinimo gidai"
    assert "Kaip santykiai tampa prekybos žmonėmis įrankiu." in first.inner_text()
    first.locator("a").click()
    page.wait_for_url(site_server.url(f"{BASE_PATH}/lt/atpazinimas/mylimasis-kuris-verbuoja/"))


def test_a_query_that_matches_nothing_says_so(new_page, site_server):
    page, _ = search(new_page, site_server, EN_SEARCH, "zzzzqx")
    assert titles(page) == []
    expect()(page.locator("#search-status")).to_contain_text("Nothing found for “zzzzqx”")


def test_query_in_the_address_is_searched_on_load_and_prefix_matches(new_page, site_server):
    page, _ = new_page()
    page.goto(site_server.url(LT_SEARCH + "?q=verbuo"))
    # "verbuo" is the start of "verbuoja" (a title) and "verbuotojai" (a body): title first.
    expect()(page.locator("#search-results h2").first).to_have_text("Mylimasis, kuris verbuoja")
    assert "Darbo pasiūlymai socialiniuose tinkluose" in titles(page)
    assert page.input_value("#search-q") == "verbuo"


def test_without_javascript_the_page_explains_itself_and_links_the_sections(new_page, site_server):
    page, _ = new_page(java_script_enabled=False)
    page.goto(site_server.url(LT_SEARCH))
    assert page.locator("[data-search-nojs]").is_visible()
    assert not page.locator("form[data-search-index]").is_visible()
    assert page.locator("[data-search-nojs] a").count() >= 4


def test_404_search_box_hands_the_query_to_the_search_page(new_page, site_server):
    page, log = new_page()
    response = page.goto(site_server.url(f"{BASE_PATH}/en/no-such-page/"))
    assert response.status == 404
    page.fill("#not-found-q-en", "trafficking")
    page.press("#not-found-q-en", "Enter")
    page.wait_for_url("**/en/search/?q=trafficking")
    expect()(page.locator("#search-results h2").first).to_have_text("Human trafficking today")
    log.assert_only(site_server.origin)


def test_search_page_with_results_passes_axe(new_page, site_server, assert_accessible):
    page, _ = search(new_page, site_server, LT_SEARCH, "zmonemis")
    assert_accessible(page)


def test_404_page_passes_axe(new_page, site_server, assert_accessible):
    page, _ = new_page()
    page.goto(site_server.url(f"{BASE_PATH}/lt/no-such-page/"))
    assert_accessible(page)
