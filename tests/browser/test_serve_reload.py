"""The live preview in a real browser: a save reloads the open page, through an error and back.

The pages' Content-Security-Policy allows only scripts from the site itself; this proves
the reload script gets through it and that the error page keeps reloading too.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from serving import CHANGE_SECONDS, edit, start_serve

ENTRY = Path("content/pages/help.en.md")
TIMEOUT_MS = CHANGE_SECONDS * 1000


@pytest.fixture
def served(basic_site):
    server = start_serve(basic_site)
    try:
        yield server
    finally:
        server.stop()


def connected_page(browser, url):
    """A page whose livereload connection has finished its handshake.

    Waits use selectors, not `wait_for_function`: the page's CSP forbids evaluating strings."""
    page = browser.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    with page.expect_websocket(timeout=TIMEOUT_MS) as opened:
        page.goto(url)
    socket = opened.value
    socket.wait_for_event("framereceived", timeout=TIMEOUT_MS)  # the server's hello
    page.wait_for_timeout(300)  # the page answers with its "info"; then it is told about rebuilds
    return page, console


def test_a_save_reloads_the_open_page_and_errors_show_and_clear_without_a_click(browser, served):
    page, console = connected_page(browser, f"http://127.0.0.1:{served.port}/en/help/")
    try:
        assert "Where to get help" in page.inner_text("h1")

        edit(served.source / ENTRY, "title: Where to get help", "title: Help is one call away")
        page.wait_for_selector("h1:has-text('Help is one call away')", timeout=TIMEOUT_MS)

        edit(served.source / ENTRY, "title: Help is one call away", "title: [unclosed")
        page.wait_for_selector("li:has-text('content/pages/help.en.md:2: error:')", timeout=TIMEOUT_MS)

        edit(served.source / ENTRY, "title: [unclosed", "title: Help, once more")
        page.wait_for_selector("h1:has-text('Help, once more')", timeout=TIMEOUT_MS)
        assert not [text for text in console if "Content Security Policy" in text]
    finally:
        page.close()
