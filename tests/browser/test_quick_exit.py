"""The quick-exit script and styles on their own, in a page shaped like the theme's:
the button, Shift three times and Escape leave with location.replace; Shift used as a
modifier or pressed too slowly does not; without JavaScript the link still leaves."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "budrus" / "theme" / "static"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sensitive page</title>
<link rel="stylesheet" href="/css/site.css">
<script src="/js/quick-exit.js" defer></script>
</head><body>
<a class="skip-link" href="#main">Skip to content</a>
<div class="quick-exit" data-quick-exit data-msg-two-more="Shift, press 2 more times to exit."
  data-msg-one-more="Shift, press 1 more time to exit." data-msg-timed-out="Exit this page expired.">
  <a class="quick-exit__help" href="#help">Get help</a>
  <a class="quick-exit__button" href="EXIT_URL" rel="nofollow noreferrer"><span
    class="visually-hidden">Emergency: </span>Exit this page</a>
</div>
<main id="main"><h1>Sensitive page</h1><p>Text a reader may need to hide.</p>
<label for="q">Search</label> <input id="q" type="text"></main>
<aside id="help" aria-label="Help"><p>Call 112.</p></aside>
</body></html>
"""


@pytest.fixture(scope="module")
def servers(tmp_path_factory, serve_folder) -> tuple[object, object]:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "index.html").write_text("<!doctype html><title>Weather</title><h1>Weather</h1>", encoding="utf-8")
    exit_server = serve_folder(elsewhere)
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(STATIC, site, dirs_exist_ok=True)
    (site / "index.html").write_text(PAGE.replace("EXIT_URL", exit_server.url("/")), encoding="utf-8")
    (site / "before.html").write_text("<!doctype html><title>Before</title><h1>Before</h1>", encoding="utf-8")
    return serve_folder(site), exit_server


@pytest.fixture
def sensitive_page(servers, new_page) -> Iterator[object]:
    """The page under test, opened after another page so that history can be checked."""
    site, _ = servers
    page, log = new_page()
    page.goto(site.url("/before.html"))
    page.goto(site.url("/"))
    page.wait_for_load_state("load")
    yield page
    assert log.csp_violations() == []


def assert_left_without_history(page, servers) -> None:
    site, exit_server = servers
    page.wait_for_url(exit_server.url("/"))
    assert page.title() == "Weather"
    page.go_back()
    assert page.url == site.url("/before.html"), "the sensitive page stayed in the history"


def test_clicking_the_button_replaces_the_page(sensitive_page, servers):
    sensitive_page.click(".quick-exit__button")
    assert_left_without_history(sensitive_page, servers)


def test_pressing_shift_three_times_replaces_the_page(sensitive_page, servers):
    for _ in range(3):
        sensitive_page.keyboard.press("Shift")
    assert_left_without_history(sensitive_page, servers)


def test_escape_replaces_the_page(sensitive_page, servers):
    sensitive_page.keyboard.press("Escape")
    assert_left_without_history(sensitive_page, servers)


def test_escape_leaves_even_while_typing_in_a_field(sensitive_page, servers):
    sensitive_page.fill("#q", "help")
    sensitive_page.press("#q", "Escape")
    assert_left_without_history(sensitive_page, servers)


def test_shift_used_for_capitals_does_not_count(sensitive_page, servers):
    site, _ = servers
    sensitive_page.click("#q")
    sensitive_page.keyboard.press("Shift+A")
    sensitive_page.keyboard.press("Shift+B")
    sensitive_page.keyboard.press("Shift")
    sensitive_page.keyboard.press("Shift")
    assert sensitive_page.url == site.url("/")
    assert sensitive_page.locator("[role=status]").text_content() == "Shift, press 1 more time to exit."


def test_the_shift_count_starts_again_after_the_time_window(sensitive_page, servers):
    site, _ = servers
    sensitive_page.clock.install()
    sensitive_page.reload()
    sensitive_page.keyboard.press("Shift")
    sensitive_page.keyboard.press("Shift")
    sensitive_page.clock.run_for(6000)
    assert sensitive_page.locator("[role=status]").text_content() == "Exit this page expired."
    sensitive_page.keyboard.press("Shift")
    assert sensitive_page.url == site.url("/")
    assert sensitive_page.locator(".quick-exit__lights").get_attribute("class") == "quick-exit__lights is-on-1"


def test_without_javascript_the_button_is_a_plain_link_out(servers, new_page):
    site, exit_server = servers
    page, _ = new_page(java_script_enabled=False)
    page.goto(site.url("/"))
    link = page.locator(".quick-exit__button")
    assert link.get_attribute("href") == exit_server.url("/")
    assert link.get_attribute("rel") == "nofollow noreferrer"
    link.click()
    page.wait_for_url(exit_server.url("/"))


def test_on_a_360px_screen_the_bar_fits_and_stays_visible_while_scrolling(servers, new_page):
    site, _ = servers
    page, _ = new_page(viewport={"width": 360, "height": 640})
    page.goto(site.url("/"))
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<p>more</p>'.repeat(80))")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.evaluate("window.scrollTo({top: 2000, behavior: 'instant'})")
    assert page.evaluate("window.scrollY") > 1000
    box = page.locator(".quick-exit__button").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 60
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
