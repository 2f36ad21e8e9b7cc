"""Browser test helpers: Debian's Chromium driven by Playwright, a local static server,
a guard that proves no request leaves the site, and axe-core restricted to WCAG A/AA.

Importable by test modules and scripts as `browser.harness` (with tests/ on the path,
as pytest's `pythonpath` sets it); the fixtures that use them are in conftest.py.

Chromium is the system one (`apt-get install -y chromium`): Playwright's own download is
not available everywhere, and the system build is what `.ci/run` installs. Without it the
browser tests skip with a reason, except under CI=true, where a skip would hide a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOCAL_HOST = "127.0.0.1"
# Schemes that never reach the network; everything else must go to a local test server.
OFFLINE_SCHEMES = ("data", "blob", "about")


def find_chromium() -> str | None:
    """The Chromium executable to drive: $CHROME_PATH if set, else the first on PATH."""
    configured = os.environ.get("CHROME_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip locally; under CI a missing browser is a failure, not a silent skip."""
    if running_in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


# --- static server -------------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder like a static host: no logging, /404.html for missing paths."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found_page = Path(self.directory) / "404.html"
        if code != 404 or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class StaticServer:
    """A threaded HTTP server on 127.0.0.1 (a free port unless one is given), serving one folder."""

    def __init__(self, folder: Path, port: int = 0) -> None:
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer((LOCAL_HOST, port), handler)
        self.httpd.daemon_threads = True
        self.folder = folder
        self.origin = f"http://{LOCAL_HOST}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str = "/") -> str:
        return self.origin + (path if path.startswith("/") else "/" + path)

    def start(self) -> StaticServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- pages and the request guard -----------------------------------------------------


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in OFFLINE_SCHEMES or parts.hostname == LOCAL_HOST


class RequestLog:
    """Every request a browser context makes; anything not local is recorded and aborted,
    so a test can never reach the internet and can prove a page did not try to."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.console_errors: list[str] = []

    def attach(self, context: object) -> None:
        context.route("**/*", self._route)

    def watch_console(self, page: object) -> None:
        page.on("console", self._console)

    def _console(self, message: object) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _route(self, route: object) -> None:
        url = route.request.url
        self.urls.append(url)
        if is_local(url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def clear(self) -> None:
        self.urls.clear()

    def foreign(self, origin: str) -> list[str]:
        """Requests that went anywhere but `origin` (offline schemes excepted)."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme not in OFFLINE_SCHEMES and not url.startswith(origin + "/")
        ]

    def assert_only(self, origin: str) -> None:
        foreign = self.foreign(origin)
        assert not foreign, f"requests left {origin}:\n  " + "\n  ".join(foreign)

    def csp_violations(self) -> list[str]:
        """What the Content-Security-Policy refused: a blocked request never shows up
        in `urls`, but it is still a page that tried to load something it must not."""
        return [text for text in self.console_errors if "Content Security Policy" in text]


class PageFactory:
    """Opens pages in fresh contexts, each with its RequestLog; closes them all at once."""

    def __init__(self, browser: object) -> None:
        self.browser = browser
        self.contexts: list[object] = []

    def __call__(self, **options: object) -> tuple[object, RequestLog]:
        """(page, RequestLog); options are Playwright's (viewport, java_script_enabled, ...)."""
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        log = RequestLog()
        log.attach(context)
        page = context.new_page()
        log.watch_console(page)
        return page, log

    def close(self) -> None:
        for context in self.contexts:
            context.close()


# --- axe-core ------------------------------------------------------------------------


def axe_violations(page: object, rules: list[str] | None = None) -> list[str]:
    """Run axe-core on the page with the WCAG 2.0/2.1/2.2 A and AA rules (or only the
    named `rules`); one readable line per offending element: rule, impact, selector,
    and what is wrong."""
    from axe_playwright_python.sync_playwright import Axe

    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    options = {"runOnly": only, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [
        describe_violation(violation, node)
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def describe_violation(violation: dict, node: dict) -> str:
    target = ", ".join(str(part) for part in node["target"])
    checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
    reasons = "; ".join(check["message"] for check in checks) or violation["help"]
    return f"{violation['id']} ({violation['impact']}) at {target}: {reasons}"


def assert_no_axe_violations(page: object, rules: list[str] | None = None) -> None:
    violations = axe_violations(page, rules)
    assert not violations, f"axe-core found {len(violations)} problem(s) on {page.url}:\n  " + "\n  ".join(
        violations
    )
