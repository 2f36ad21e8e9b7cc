"""Pytest fixtures for the browser tests: one Chromium per session, static servers,
pages whose requests are recorded, and axe-core checks. The helpers are in harness.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.harness import (
    CHROMIUM_ARGS,
    PageFactory,
    StaticServer,
    assert_no_axe_violations,
    axe_violations,
    find_chromium,
    skip_or_fail,
)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session."""
    executable = find_chromium()
    if executable is None:
        skip_or_fail("no Chromium found: install it with `apt-get install -y chromium` or set CHROME_PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def serve_folder() -> Iterator[object]:
    """Factory: serve_folder(path) -> running StaticServer; all are stopped at session end."""
    servers: list[StaticServer] = []

    def start(folder: Path) -> StaticServer:
        server = StaticServer(Path(folder)).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def new_page(browser: object) -> Iterator[PageFactory]:
    """Factory: new_page(**context_options) -> (page, RequestLog), closed after the test."""
    factory = PageFactory(browser)
    yield factory
    factory.close()


@pytest.fixture(scope="module")
def module_page(browser: object) -> Iterator[PageFactory]:
    """The same factory, for pages a whole test module reuses (one per kind of context)."""
    factory = PageFactory(browser)
    yield factory
    factory.close()


@pytest.fixture(scope="session")
def axe() -> object:
    """axe(page) -> list of readable WCAG A/AA violations (empty when the page passes)."""
    return axe_violations


@pytest.fixture(scope="session")
def assert_accessible() -> object:
    """assert_accessible(page, rules=None): fails listing every axe-core WCAG A/AA violation."""
    return assert_no_axe_violations
