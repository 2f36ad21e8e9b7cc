"""The built-in theme in real Chromium, for every page type in both languages: axe-core
finds no WCAG A/AA problem (light and dark), no request leaves the site, the quick exit
works by click, Shift x3 and Escape and leaves no history entry, the main text is there
without JavaScript, a 360 px screen needs no sideways scrolling, and a guide prints as
a handout.

One fixture site (tests/browser/site) is built once; pages are reused across tests."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import NOW, run_cli

SITE = Path(__file__).parent / "site"
LANGS = ("lt", "en")
PER_LANGUAGE = (
    "home", "section-guides", "section-articles", "section-events", "tags", "tag", "search",
    "audiences", "audience", "entry-articles", "entry-guides", "entry-events", "entry-pages",
)
PAGE_TYPES = ["landing", "not_found"] + [f"{kind}:{lang}" for lang in LANGS for kind in PER_LANGUAGE]
PHONE = {"width": 360, "height": 740}
BODY_CLASS = re.compile(r'<body class="page-([a-z_]+)(?: section-([a-z]+))?')
HTML_LANG = re.compile(r'<html lang="([a-z]+)"')


def page_type(html: str) -> str | None:
    """'entry-guides:en' for an English guide; None for pages that are no type (redirects)."""
    body, lang = BODY_CLASS.search(html), HTML_LANG.search(html)
    if not body or not lang or body.group(1) == "redirect":
        return None
    kind, section = body.groups()
    if kind in ("landing", "not_found"):
        return kind
    name = f"{kind}-{section}" if kind in ("section", "entry") else kind
    return f"{name}:{lang.group(1)}"


def pages_by_type(out: Path) -> dict[str, str]:
    """One site path per page type: the first in sorted order."""
    found: dict[str, str] = {}
    for path in sorted(out.rglob("*.html")):
        kind = page_type(path.read_text(encoding="utf-8"))
        if kind and kind not in found:
            rel = path.relative_to(out).as_posix()
            found[kind] = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return found


@pytest.fixture(scope="module")
def exit_server(tmp_path_factory, serve_folder):
    """The 'elsewhere' the quick exit leaves for: a second local server."""
    folder = tmp_path_factory.mktemp("elsewhere")
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><title>Weather</title><h1>Weather</h1></html>', encoding="utf-8")
    return serve_folder(folder)


@pytest.fixture(scope="module")
def site(tmp_path_factory, serve_folder, exit_server):
    """The fixture site built with its quick exit pointing at the exit server."""
    root = tmp_path_factory.mktemp("theme")
    source = shutil.copytree(SITE, root / "site")
    config = source / "site_config.yaml"
    text = re.sub(r"(?m)^quick_exit_url: .*$", f"quick_exit_url: {exit_server.url('/')}",
                  config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    result = run_cli("build", "--source", source, "--out", root / "public", "--now", NOW)
    assert result.code == 0, result.err
    server = serve_folder(root / "public")
    server.pages = pages_by_type(root / "public")
    return server


@pytest.fixture(scope="module")
def tab(module_page):
    """One page with JavaScript, reused by the tests of this module; .log records requests."""
    page, log = module_page()
    page.log = log
    return page


def open_type(tab, site, kind: str) -> str:
    url = site.url(site.pages[kind])
    tab.log.clear()
    tab.log.console_errors.clear()
    tab.goto(url)
    return url


def test_the_fixture_site_has_every_page_type(site):
    assert sorted(site.pages) == sorted(PAGE_TYPES)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_nothing_and_nothing_leaves_the_site_or_fails(site, tab, kind, assert_accessible):
    open_type(tab, site, kind)
    assert_accessible(tab)
    tab.log.assert_only(site.origin)
    assert tab.log.console_errors == []
    assert external_links_without_rel(tab) == []


def external_links_without_rel(page) -> list[str]:
    """Links to other hosts that lack rel="noopener noreferrer"."""
    return page.evaluate("""() => [...document.querySelectorAll('a[href]')]
        .filter(a => /^https?:$/.test(a.protocol) && a.host !== location.host)
        .filter(a => !(a.relList.contains('noopener') && a.relList.contains('noreferrer')))
        .map(a => a.outerHTML)""")


@pytest.fixture(scope="module")
def dark_tab(module_page):
    page, _ = module_page(color_scheme="dark")
    return page


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_colours_keep_their_contrast_in_dark_mode(site, dark_tab, kind, assert_accessible):
    dark_tab.goto(site.url(site.pages[kind]))
    assert_accessible(dark_tab, rules=["color-contrast", "link-in-text-block"])


@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.parametrize("how", ["click", "shift", "escape"])
def test_quick_exit_leaves_and_replaces_the_page(site, tab, exit_server, kind, how):
    page = tab.context.new_page()  # a fresh history: about:blank, then the page
    try:
        page.goto(site.url(site.pages[kind]))
        page.wait_for_load_state("load")
        entries = page.evaluate("history.length")
        if how == "click":
            page.click(".quick-exit__button")
        elif how == "shift":
            for _ in range(3):
                page.keyboard.press("Shift")
        else:
            page.keyboard.press("Escape")
        page.wait_for_url(exit_server.url("/"))
        assert page.evaluate("history.length") == entries, "the page stayed in the back-button history"
    finally:
        page.close()


@pytest.fixture(scope="module")
def no_js_tab(module_page):
    page, _ = module_page(java_script_enabled=False)
    return page


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_main_text_is_there_without_javascript(site, no_js_tab, exit_server, kind):
    no_js_tab.goto(site.url(site.pages[kind]))
    heading = no_js_tab.locator("main h1").first
    assert heading.is_visible() and heading.inner_text().strip()
    assert len(no_js_tab.locator("main").inner_text()) > 80
    if kind.startswith("entry-"):
        assert no_js_tab.locator("main .prose").inner_text().strip()
    exit_link = no_js_tab.locator(".quick-exit__button")
    assert exit_link.is_visible()
    assert exit_link.get_attribute("href") == exit_server.url("/")
    assert "noreferrer" in exit_link.get_attribute("rel").split()


@pytest.fixture(scope="module")
def phone_tab(module_page):
    page, _ = module_page(viewport=PHONE, is_mobile=True, has_touch=True)
    return page


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_a_360px_screen_needs_no_sideways_scrolling(site, phone_tab, kind):
    phone_tab.goto(site.url(site.pages[kind]))
    assert phone_tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    button = phone_tab.locator(".quick-exit__button").bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= PHONE["width"]
    # The bar sits above the page at the top and does not cover its first line.
    bar_bottom = phone_tab.locator(".quick-exit").bounding_box()
    first_below = phone_tab.locator(".quick-exit + *").bounding_box()
    assert bar_bottom["y"] + bar_bottom["height"] <= first_below["y"] + 0.5


def test_the_quick_exit_stays_in_view_while_reading_on_a_phone(site, phone_tab):
    phone_tab.goto(site.url(site.pages["entry-guides:lt"]))
    # An instant jump: smooth scrolling would still be on its way when the test looks.
    phone_tab.evaluate("window.scrollTo({top: document.body.scrollHeight, behavior: 'instant'})")
    assert phone_tab.evaluate("window.scrollY") > 500
    box = phone_tab.locator(".quick-exit__button").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 64


def test_keyboard_focus_reaches_the_quick_exit_right_after_the_skip_link(site, tab):
    open_type(tab, site, "entry-articles:en")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip-link"
    focused = []
    for _ in range(3):
        tab.keyboard.press("Tab")
        focused.append(tab.evaluate("document.activeElement.className"))
    assert "quick-exit__button" in focused


@pytest.mark.parametrize("lang", LANGS)
def test_a_guide_prints_as_a_handout(site, tab, lang):
    open_type(tab, site, f"entry-guides:{lang}")
    tab.emulate_media(media="print")
    try:
        for chrome in (".quick-exit", ".site-nav", ".language-switcher", ".share"):
            assert not tab.locator(chrome).first.is_visible(), chrome
        assert tab.locator(".help-box").is_visible()
        assert tab.locator(".help-box a[href^='tel:']").count() >= 3
        assert tab.locator(".print-url").is_visible()
        assert tab.locator(".print-url svg").is_visible()
    finally:
        tab.emulate_media(media="screen")


def test_keyboard_focus_is_marked_in_yellow_and_black(site, tab):
    open_type(tab, site, "home:en")
    styles = []
    for _ in range(8):
        tab.keyboard.press("Tab")
        styles.append(tab.evaluate("""() => {
            const style = getComputedStyle(document.activeElement);
            return [document.activeElement.textContent.trim(), style.backgroundColor, style.boxShadow];
        }"""))
    for text, background, shadow in styles[1:]:  # after the skip link: the bar, header and nav
        assert background == "rgb(255, 221, 0)" and "rgb(11, 12, 12)" in shadow, text


@pytest.mark.parametrize("preference, scrolling", [("no-preference", "smooth"), ("reduce", "auto")])
def test_smooth_scrolling_only_without_a_reduced_motion_preference(site, browser, preference, scrolling):
    context = browser.new_context(reduced_motion=preference)
    try:
        page = context.new_page()
        page.goto(site.url(site.pages["home:lt"]))
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == scrolling
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["entry-guides:lt", "landing"])
def test_focus_is_never_hidden_under_the_bar_when_tabbing_back_up(site, module_page, kind):
    # Reduced motion: focus scrolls the page at once, so each position can be read directly.
    phone_tab, _ = module_page(viewport=PHONE, is_mobile=True, has_touch=True, reduced_motion="reduce")
    phone_tab.goto(site.url(site.pages[kind]))
    phone_tab.locator("footer a").last.focus()
    bar = phone_tab.locator(".quick-exit")
    hidden = []
    for _ in range(40):
        phone_tab.keyboard.press("Shift+Tab")
        state = phone_tab.evaluate("""() => {
            const element = document.activeElement, box = element.getBoundingClientRect();
            return {inBar: !!element.closest('.quick-exit'), top: box.top, text: element.textContent.trim()};
        }""")
        bar_bottom = bar.bounding_box()["y"] + bar.bounding_box()["height"]
        if not state["inBar"] and state["top"] < bar_bottom - 1:
            hidden.append(state["text"])
        if state["inBar"]:
            break
    assert hidden == []
