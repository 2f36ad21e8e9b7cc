"""The live preview in a real browser: a save reloads the open page, through an error and back.

The pages' Content-Security-Policy allows only scripts from the site itself; this proves
the reload script gets through it and that the error page keeps reloading too.
"""
from __future__ import annotations

import time
from pathlib import Path

from serving import CHANGE_SECONDS, edit

ENTRY = Path("content/pages/help.en.md")
TIMEOUT_MS = CHANGE_SECONDS * 1000


def connected_page(browser, url):
    """A page whose livereload connection has finished its handshake.

    The page's frames are recorded from the moment the socket opens (a wait started later
    could miss them); the page sends "info" once the server's hello arrived. Waits use selectors, not `wait_for_function`: the page's
    CSP forbids evaluating strings."""
    page = browser.new_page()
    console, frames = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: frames.append(payload)))
    page.goto(url)
    deadline = time.monotonic() + CHANGE_SECONDS
    while not any('"info"' in str(frame) for frame in frames):  # sent after the server's hello
        assert time.monotonic() < deadline, "the livereload handshake did not happen"
        page.wait_for_timeout(50)
    page.wait_for_timeout(200)  # the server registers the page when it reads its "info"
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
