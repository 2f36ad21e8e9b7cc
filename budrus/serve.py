"""The live preview: build once, serve the output, watch the sources, rebuild, reload the browser.

Built on livereload (and the Tornado server under it), with two parts of our own:

- Pages are served by `SiteHandler`, not by livereload's static handler. Tornado's static
  handler checks paths with `os.path.abspath`, so a symbolic link inside the output that
  leads out of it would be followed, and it could not answer every request with the
  error page while the sources are broken. `SiteHandler` resolves each request itself
  (`resolve_request`) and adds the livereload script to HTML as an external
  `<script src="/livereload.js">`: the pages' Content-Security-Policy (`default-src 'self'`)
  blocks the inline snippet livereload would inject. Bound to the loopback address, it
  answers only requests whose Host is this computer (no DNS rebinding onto drafts).
- Changes are found by livereload's `Watcher` (mtime scans), but rebuilds and reloads are
  driven by `Preview`: livereload reloads browsers as soon as it sees a change and skips
  reloads closer than a few seconds together, which would show half-built pages and drop
  quick edits. `Preview` waits for a quiet moment (a burst of saves is one rebuild), builds
  in a worker thread while the server keeps answering, then tells the browsers to reload
  through livereload's WebSocket handler.

The output goes to a temporary folder (removed on exit), never to SOURCE/public, so a
preview cannot leave unreviewed pages where `build` publishes from. Rebuilds go through
the warm `pipeline.Builder`: the same pipeline as `build`, with what did not change taken
from memory and only changed files rewritten; a failed build raises before anything is
written, so the last good pages stay in place.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import mimetypes
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import ioloop, web
from tornado.log import LogFormatter

from . import pipeline
from .config import CONFIG_NAME
from .diagnostics import BuildFailed

WATCHED = ("content", "templates", "static", "i18n", "site_config.yaml")
SCAN_INTERVAL_MS = 150    # how often the sources are scanned for changes
QUIET_SECONDS = 0.1       # a burst of saves closer together than this is one rebuild
LIVERELOAD_SCRIPT = '<script src="/livereload.js?port={port}"></script>'
_ENCODED_SEPARATOR = re.compile(r"%(2f|5c|00)", re.IGNORECASE)
_EDITOR_LEFTOVERS = re.compile(r"(^\.|~$|^#.*#$|\.(swp|swx|swo|tmp|bak)$|^4913$)")
mimetypes.add_type("text/calendar", ".ics")


class Refused(Exception):
    """A request for something outside the output folder."""


def resolve_request(root: Path, raw_path: str) -> Path | None:
    """The file a request path names inside `root`; None when there is none.

    Raises Refused for paths that try to leave `root`: `..` segments, encoded slashes,
    backslashes or NUL bytes, and symbolic links that lead out of it.
    """
    if not raw_path.startswith("/") or "\\" in raw_path or "\x00" in raw_path:
        raise Refused(raw_path)
    if _ENCODED_SEPARATOR.search(raw_path):
        raise Refused(raw_path)
    try:
        decoded = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        raise Refused(raw_path) from None
    segments = [s for s in decoded.split("/") if s]
    if any(s in (".", "..") or "\\" in s or "\x00" in s for s in segments):
        raise Refused(raw_path)
    real_root = os.path.realpath(root)
    target = os.path.join(real_root, *segments)
    if os.path.isdir(target):
        target = os.path.join(target, "index.html")
    real = os.path.realpath(target)
    if real != real_root and not real.startswith(real_root + os.sep):
        raise Refused(raw_path)
    return Path(real) if os.path.isfile(real) else None


@dataclass
class BuildState:
    """What the browser should see: the output folder, or the errors of the last build."""

    out: Path
    port: int
    errors: list[str] = field(default_factory=list)
    loopback_only: bool = True    # bound to this computer: answer only requests made for it


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback_host(host_header: str) -> bool:
    """Whether a Host header names this computer (a web page elsewhere that points its own
    name at 127.0.0.1, "DNS rebinding", must not read the preview's unpublished drafts)."""
    name = host_header.strip().lower()
    if name.startswith("["):
        name = name[1:name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    return name in LOOPBACK_NAMES or name.endswith(".localhost")


class SiteHandler(web.RequestHandler):
    """Serves the output folder, or the error page while the last build failed."""

    def initialize(self, state: BuildState) -> None:
        self.state = state

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def get(self, _path: str) -> None:
        self._answer(include_body=True)

    def head(self, _path: str) -> None:
        self._answer(include_body=False)

    def _answer(self, include_body: bool) -> None:
        if self.state.loopback_only and not is_loopback_host(self.request.host or ""):
            return self._send(403, "text/plain; charset=utf-8", b"refused: unknown host name\n", include_body)
        if self.state.errors:
            return self._send(500, "text/html; charset=utf-8", error_page(self.state.errors), include_body)
        try:
            path = resolve_request(self.state.out, self.request.path)
        except Refused:
            return self._send(403, "text/plain; charset=utf-8", b"refused: outside the site\n", include_body)
        if path is not None and not self.request.path.endswith("/") and path.name == "index.html" \
                and not self.request.path.endswith(".html"):
            return self.redirect(self.request.path + "/")  # /lt/guides -> /lt/guides/, as static hosts do
        try:
            body = path.read_bytes() if path is not None else None
        except OSError:  # removed by a rebuild between finding and reading it
            body = None
        if body is None:
            return self._not_found(include_body)
        self._send(200, _content_type(path), body, include_body)

    def _not_found(self, include_body: bool) -> None:
        page = self.state.out / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!doctype html><html><head><title>Not found</title></head><body>Not found</body></html>"
        self._send(404, "text/html; charset=utf-8", body, include_body)

    def _send(self, status: int, content_type: str, body: bytes, include_body: bool) -> None:
        if content_type.startswith("text/html"):
            script = LIVERELOAD_SCRIPT.format(port=self.state.port).encode()
            body = body.replace(b"</head>", script + b"</head>", 1)
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.set_header("Content-Length", str(len(body)))
        self.finish(body if include_body else None)


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    textual = kind.startswith("text/") or kind in ("application/json", "application/xml", "application/javascript")
    return f"{kind}; charset=utf-8" if textual else kind


def error_page(errors: list[str]) -> bytes:
    """The page every request gets while the sources have errors."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font:1rem/1.5 system-ui,sans-serif;margin:2rem;color:#1d1d1d}}
h1{{color:#a40000}}li{{margin:.4rem 0}}code{{white-space:pre-wrap}}</style>
</head><body><main>
<h1>The site could not be built</h1>
<p>Fix these problems and save; this page reloads by itself. The last good pages are kept.</p>
<ul>
{items}
</ul></main></body></html>
""".encode("utf-8")


class SourceWatcher(Watcher):
    """livereload's mtime watcher, scanned on our own timer; reports each change once."""

    def __init__(self, on_change: Callable[[str], None], interval_ms: int = SCAN_INTERVAL_MS,
                 busy: Callable[[], bool] = lambda: False):
        super().__init__()
        self.on_change = on_change
        self.interval_ms = interval_ms
        self.busy = busy            # while a build runs, scans wait: nothing is lost, the
        self._next_scan = 0.0       # mtimes are compared with the last scan, whenever it was
        self._timer: ioloop.PeriodicCallback | None = None

    def ignore(self, filename: str) -> bool:
        """Editors' swap, backup and lock files are not sources."""
        return bool(_EDITOR_LEFTOVERS.search(os.path.basename(filename)))

    def start(self, callback) -> bool:
        """Scan on our timer; True tells livereload not to poll and reload by itself."""
        if self._timer is None:
            self._timer = ioloop.PeriodicCallback(self._tick, self.interval_ms)
            self._timer.start()
        return True

    def _tick(self) -> None:
        """Scan unless a build runs; on a large site, scan at most a quarter of the time."""
        started = time.monotonic()
        if self.busy() or started < self._next_scan:
            return
        self.scan()
        self._next_scan = started + 4 * (time.monotonic() - started)

    def scan(self) -> None:
        """Report every file added, changed or removed since the last scan.

        livereload's `examine()` returns the last file it looked at even when nothing
        changed, so each watched path is asked directly; `is_changed` stops at the first
        change it finds and records it, so it is asked again until it finds none.
        """
        for path, task in sorted(self._tasks.items()):
            self._task_mtimes = task["mtimes"]
            for _ in range(100_000):
                self.filepath = None
                if not self.is_changed(path, task["ignore"]):
                    break
                self.on_change(self.filepath or path)


class Preview:
    """Coalesces changes into rebuilds, one at a time, and reloads the browsers after each."""

    def __init__(self, build: Callable[[], list[str]], reload: Callable[[], None],
                 quiet: float = QUIET_SECONDS):
        self.build = build          # returns the error lines; [] when the build succeeded
        self.reload = reload
        self.quiet = quiet
        self.builds = 0
        self._timer = None
        self._building = False
        self._dirty = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="budrus-build")

    def changed(self, path: str = "") -> None:
        """A source changed: rebuild once things have been quiet for a moment."""
        loop = ioloop.IOLoop.current()
        self._dirty = True
        if self._timer is not None:
            loop.remove_timeout(self._timer)
        self._timer = loop.call_later(self.quiet, self._start)

    def _start(self) -> None:
        self._timer = None
        if self._building or not self._dirty:
            return  # the running build's end starts the next one
        self._building, self._dirty = True, False
        loop = ioloop.IOLoop.current()
        loop.add_future(loop.run_in_executor(self._executor, self.build), self._finished)

    def _finished(self, future) -> None:
        self._building = False
        self.builds += 1
        future.result()
        self.reload()
        if self._dirty and self._timer is None:
            self._start()

    def building(self) -> bool:
        return self._building

    def close(self) -> None:
        self._executor.shutdown(wait=True)


class PreviewServer(Server):
    """livereload's server with our handler for the site's pages (see the module docstring)."""

    def __init__(self, state: BuildState, watcher: SourceWatcher):
        super().__init__(watcher=watcher)
        self.state = state

    def _setup_logging(self) -> None:
        """Our own lines say what happens; keep only livereload's and Tornado's warnings."""
        handler = logging.StreamHandler()
        handler.setFormatter(LogFormatter())
        for name in ("livereload", "tornado"):
            logging.getLogger(name).setLevel(logging.WARNING)
            logging.getLogger(name).addHandler(handler)
        logging.getLogger("tornado.access").setLevel(logging.CRITICAL)  # the error page is a 500

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = False  # a rebuild can change any page: always reload the page
        handlers = [
            (r"/livereload", LiveReloadHandler),
            (r"/livereload\.js", LiveReloadJSHandler),
            (r"/(.*)", SiteHandler, {"state": self.state}),
        ]
        web.Application(handlers=handlers, debug=False).listen(port, address=host)
        print(f"serving {preview_url(host, port)}/ (output in {self.state.out}); "
              f"watching {', '.join(WATCHED)}; Ctrl+C stops", flush=True)


def reload_browsers() -> None:
    """Ask every connected page to reload (on the server's loop)."""
    LiveReloadHandler.reload_waiters(path="*")


class PreviewBuild:
    """Rebuilds the preview with the warm `pipeline.Builder`; returns the error lines for the page.

    The Builder keeps parsed entries, Markdown and pages in memory between builds and
    rewrites only the output files that changed (write="update"); its output equals a
    fresh `build` with the same options, and a failed build writes nothing."""

    def __init__(self, options: pipeline.BuildOptions, state: BuildState):
        self.options = options
        self.state = state
        self.builder: pipeline.Builder | None = None

    def __call__(self) -> list[str]:
        started = time.perf_counter()
        try:
            if self.builder is None:
                self.builder = pipeline.Builder(self.options, write="update")
            result = self.builder.build()
        except BuildFailed as failed:
            return self._failed([str(d) for d in failed.diagnostics.sorted()])
        except Exception as exc:  # a bug must not stop the preview: show it and keep serving
            return self._failed([f"internal error: {type(exc).__name__}: {exc}"])
        for item in result.diagnostics.sorted():
            print(item, file=sys.stderr, flush=True)
        self.state.errors = []
        print(f"built {result.files} files ({result.rendered} pages rendered, {len(result.changed)} written) "
              f"in {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
        return []

    def _failed(self, lines: list[str]) -> list[str]:
        for line in lines:
            print(line, file=sys.stderr, flush=True)
        errors = [line for line in lines if ": error: " in line or line.startswith("internal error")]
        print(f"build failed ({len(errors)} error{'s' * (len(errors) != 1)}); "
              "the browser shows them; the last good pages are kept", file=sys.stderr, flush=True)
        self.state.errors = lines
        return lines


def preview_url(host: str, port: int) -> str:
    """The address to open; a wildcard bind is opened on the loopback address."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else "[::1]" if host == "::" else host
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
    return f"http://{shown}:{port}"


def frozen_now(options: pipeline.BuildOptions) -> str | None:
    """"Now" read once when the preview starts, unless --now or SOURCE_DATE_EPOCH fix it.

    With the clock read at every rebuild, everything stamped with "now" (the calendars'
    DTSTAMP) would change at every save, and a one-line edit would rewrite hundreds of
    files. Restart the preview to move "now" on."""
    if options.now is not None or os.environ.get("SOURCE_DATE_EPOCH"):
        return options.now
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def serve(options: pipeline.BuildOptions, host: str, port: int) -> int:
    """Run the preview until interrupted; returns the exit code."""
    if not (options.source / CONFIG_NAME).is_file():
        print(f"{CONFIG_NAME}: error: no {CONFIG_NAME} in {options.source}; is --source right?", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="budrus-serve-"))
    url = preview_url(host, port)
    state = BuildState(out=folder / "site", port=port, loopback_only=host in ("127.0.0.1", "::1", "localhost"))
    builder = PreviewBuild(replace(options, out=state.out, base_url=url, now=frozen_now(options)), state)
    preview = Preview(builder, reload_browsers)
    watcher = SourceWatcher(lambda path: _announce(path, options.source, preview), busy=preview.building)
    for name in WATCHED:
        watcher.watch(str(options.source / name))
    _stop_on_terminate()
    try:
        builder()
        PreviewServer(state, watcher).serve(port=port, host=host, restart_delay=0)
        return 0
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        preview.close()
        shutil.rmtree(folder, ignore_errors=True)


def _announce(path: str, source: Path, preview: Preview) -> None:
    try:
        shown = Path(path).relative_to(source).as_posix()
    except ValueError:
        shown = path
    print(f"changed: {shown}", flush=True)
    preview.changed(path)


def _stop_on_terminate() -> None:
    """SIGTERM stops the preview like Ctrl+C, so that its temporary folder is removed."""
    serving = os.getpid()

    def interrupt(signum, frame) -> None:
        if os.getpid() != serving:  # a forked build worker inherited this handler: end as usual
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
