"""Sharing in Chromium: with JavaScript "copy link" copies the page's URL and says so, and
the share-sheet button shows only where the browser has one; without JavaScript only the
plain links show. The class QR code opens on demand and prints on the handout."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from support import build_fixture

from browser.harness import WCAG_TAGS, describe_violation

GUIDE = "/lt/atpazinimas/per-geras-darbo-pasiulymas-uzsienyje/"
GUIDE_URL = "https://example.org" + GUIDE
MM = 96 / 25.4  # CSS pixels per millimetre


@pytest.fixture(scope="module")
def server(tmp_path_factory, serve_folder):
    return serve_folder(build_fixture("basic", tmp_path_factory.mktemp("share")))


def test_copy_link_copies_the_page_url_and_announces_it(server, new_page):
    page, log = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(server.url(GUIDE))
    actions = page.locator("[data-share-actions]")
    copy = actions.get_by_role("button", name="Kopijuoti nuorodą")
    assert actions.is_visible() and copy.is_visible()
    copy.click()
    status = actions.get_by_role("status")
    # Polled from Python: a string predicate would be eval'd in the page, which its CSP forbids.
    expect(page.locator("[data-share-status]")).not_to_have_text("")
    assert status.inner_text() == "Nuoroda nukopijuota."
    assert page.evaluate("navigator.clipboard.readText()") == GUIDE_URL
    log.assert_only(server.origin)
    assert log.console_errors == []


def test_the_share_sheet_button_shows_only_where_the_browser_has_one(server, new_page):
    page, _ = new_page()
    page.goto(server.url(GUIDE))
    has_share = page.evaluate("typeof navigator.share === 'function'")
    assert page.locator("[data-share-native]").is_visible() == has_share


def test_without_javascript_only_the_plain_links_show(server, new_page):
    page, log = new_page(java_script_enabled=False)
    page.goto(server.url(GUIDE))
    share = page.locator("section.share")
    assert share.get_by_role("link").count() == 6
    assert all(link.is_visible() for link in share.get_by_role("link").all())
    assert not page.locator("[data-share-actions]").is_visible()
    assert share.get_by_role("button").count() == 0  # hidden buttons are not in the tree
    log.assert_only(server.origin)


def test_the_class_qr_code_opens_on_demand_from_the_keyboard(server, new_page):
    page, _ = new_page()
    page.goto(server.url(GUIDE))
    qr = page.locator(".share__class svg")
    assert not qr.is_visible()
    page.locator(".share__class summary").focus()
    page.keyboard.press("Enter")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] == box["height"] and box["width"] >= 150
    assert "example.org/lt/atpazinimas/per-geras-darbo-pasiulymas-uzsienyje" in page.locator(".share__class").inner_text()


def test_the_share_block_meets_wcag_aa_with_the_qr_code_open(server, new_page):
    page, log = new_page()
    page.goto(server.url(GUIDE))
    page.locator(".share__class summary").click()
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context={"include": [["section.share"]]}, options=options)
    problems = [describe_violation(v, node) for v in results.response["violations"] for node in v["nodes"]]
    assert problems == []
    assert log.csp_violations() == []


def test_the_handout_prints_the_qr_code_and_address_but_not_the_share_buttons(server, new_page):
    page, _ = new_page()
    page.goto(server.url(GUIDE))
    page.emulate_media(media="print")
    assert not page.locator("section.share").is_visible()
    printed = page.locator(".print-url svg")
    assert printed.is_visible()
    width = printed.bounding_box()["width"]
    assert abs(width - 28 * MM) < 2
    assert "example.org/lt/atpazinimas/per-geras-darbo-pasiulymas-uzsienyje" in page.locator(".print-url").inner_text()
    page.emulate_media(media="screen")
    assert not printed.is_visible()
