"""The preview's parts without a server: path rules, the error page, change coalescing, the watcher."""
from __future__ import annotations

import asyncio
import os
import threading
import time

import pytest
from tornado.ioloop import IOLoop

from budrus.serve import Preview, Refused, SourceWatcher, error_page, preview_url, resolve_request


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "en" / "help").mkdir(parents=True)
    (root / "en" / "help" / "index.html").write_text("<html></html>")
    (root / "robots.txt").write_text("User-agent: *")
    (tmp_path / "secret.txt").write_text("secret")
    return root


def test_a_folder_request_gets_its_index_file(site):
    assert resolve_request(site, "/en/help/") == (site / "en/help/index.html").resolve()
    assert resolve_request(site, "/") is None  # no index.html at the root of this tree
    assert resolve_request(site, "/robots.txt") == (site / "robots.txt").resolve()


def test_a_missing_file_is_none_not_refused(site):
    assert resolve_request(site, "/en/nothing/") is None


@pytest.mark.parametrize("raw", [
    "/../secret.txt", "/en/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
    "/.%2e/secret.txt", "/en%2f..%2f..%2fsecret.txt", "/en/..%5c..%5csecret.txt", "/en\\..\\..\\secret.txt",
    "/en/%00", "secret.txt", "/%ff%fe",
])
def test_paths_that_try_to_leave_the_folder_are_refused(site, raw):
    with pytest.raises(Refused):
        resolve_request(site, raw)


def test_a_symbolic_link_that_leads_out_is_refused(site, tmp_path):
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "leakdir").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(Refused):
        resolve_request(site, "/leak.txt")
    with pytest.raises(Refused):
        resolve_request(site, "/leakdir/secret.txt")


def test_a_symbolic_link_inside_the_folder_is_served(site):
    (site / "alias.txt").symlink_to(site / "robots.txt")
    assert resolve_request(site, "/alias.txt") == (site / "robots.txt").resolve()


def test_the_error_page_escapes_messages_and_has_a_head_for_the_reload_script():
    page = error_page(["content/x.en.md:3: error: <script>alert(1)</script>"]).decode()
    assert "&lt;script&gt;alert(1)" in page and "<script>alert" not in page
    assert "</head>" in page and 'lang="en"' in page


def test_the_preview_address_uses_loopback_for_a_wildcard_bind():
    assert preview_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert preview_url("0.0.0.0", 8001) == "http://127.0.0.1:8001"
    assert preview_url("::1", 8002) == "http://[::1]:8002"


def run_preview(actions, quiet=0.3, seconds=10.0):
    """Run `actions(preview, release)` on a fresh loop, then let it settle; returns the counts.

    Each build blocks until `release` is set (the test decides when a build ends), so
    the outcome does not depend on how busy the machine is."""
    calls = {"builds": 0, "reloads": 0}
    release = threading.Event()

    def build():
        release.wait(seconds)
        calls["builds"] += 1
        return []

    loop = IOLoop(make_current=False)
    preview = Preview(build, lambda: calls.__setitem__("reloads", calls["reloads"] + 1), quiet=quiet)

    async def scenario():
        await actions(preview, release)
        release.set()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and (preview._building or preview._timer or preview._dirty):
            await asyncio.sleep(0.02)

    failures: list[BaseException] = []

    def run_loop():
        try:
            loop.run_sync(scenario, timeout=seconds * 3)
        except BaseException as exc:  # handed to the test's thread below
            failures.append(exc)
        finally:
            release.set()
            preview.close()
            loop.close()

    # A thread of its own: the browser tests' driver may leave an event loop running
    # in the main thread, and asyncio allows only one running loop per thread.
    runner = threading.Thread(target=run_loop)
    runner.start()
    runner.join(seconds * 4)
    if failures:
        raise failures[0]
    return calls


async def wait_until(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)


def test_a_burst_of_saves_is_one_rebuild_and_one_reload():
    async def burst(preview, release):
        for _ in range(10):
            preview.changed("content/a.md")
            await asyncio.sleep(0.005)
    assert run_preview(burst) == {"builds": 1, "reloads": 1}


def test_saves_during_a_rebuild_make_exactly_one_more_rebuild():
    async def during(preview, release):
        preview.changed("content/a.md")
        await wait_until(lambda: preview._building)
        for _ in range(5):
            preview.changed("content/b.md")
        await asyncio.sleep(0.05)
        assert preview._building, "the first build is still running"
    assert run_preview(during, quiet=0.02) == {"builds": 2, "reloads": 2}


def test_the_watcher_reports_each_added_changed_and_removed_file_once(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.lt.md").write_text("a")
    seen = []
    watcher = SourceWatcher(seen.append)
    watcher.watch(str(content))
    watcher.watch(str(tmp_path / "templates"))  # missing folders are fine
    watcher.scan()
    assert seen == []
    later = time.time() + 5
    (content / "b.lt.md").write_text("b")
    os.utime(content / "b.lt.md", (later, later))
    os.utime(content / "a.lt.md", (later, later))
    (content / ".a.lt.md.swp").write_text("editor")
    (content / "a.lt.md~").write_text("backup")
    watcher.scan()
    assert sorted(os.path.basename(p) for p in seen) == ["a.lt.md", "b.lt.md"]
    seen.clear()
    (content / "b.lt.md").unlink()
    watcher.scan()
    watcher.scan()
    assert [os.path.basename(p) for p in seen] == ["b.lt.md"]


def test_now_is_read_once_when_the_preview_starts(monkeypatch):
    from budrus.pipeline import BuildOptions
    from budrus.serve import frozen_now
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert frozen_now(BuildOptions(now="2026-12-01T12:00")) == "2026-12-01T12:00"
    moment = frozen_now(BuildOptions())
    assert moment.endswith("+00:00") and len(moment) == 25
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert frozen_now(BuildOptions()) is None  # the pipeline reads SOURCE_DATE_EPOCH itself


def test_the_watcher_does_not_scan_while_a_build_runs_and_catches_up_after(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    seen, building = [], [True]
    watcher = SourceWatcher(seen.append, busy=lambda: building[0])
    watcher.watch(str(content))
    later = time.time() + 5
    (content / "a.lt.md").write_text("a")
    os.utime(content / "a.lt.md", (later, later))
    watcher._tick()
    assert seen == []
    building[0] = False
    watcher._tick()
    assert [os.path.basename(p) for p in seen] == ["a.lt.md"]


@pytest.mark.parametrize("host, allowed", [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True), ("LOCALHOST", True),
    ("preview.localhost:8000", True), ("evil.example:8000", False), ("127.0.0.1.evil.example", False),
    ("", False),
])
def test_only_requests_made_for_this_computer_are_answered_on_loopback(host, allowed):
    from budrus.serve import is_loopback_host
    assert is_loopback_host(host) is allowed
