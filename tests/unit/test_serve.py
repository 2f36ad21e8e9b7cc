"""The preview's parts without a server: path rules, the error page, change coalescing, the watcher."""
from __future__ import annotations

import os
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


def run_preview(actions, seconds=2.0):
    """Run `actions(preview)` on a fresh loop, then let it settle; returns the preview."""
    calls = {"builds": 0, "reloads": 0}

    def build():
        calls["builds"] += 1
        time.sleep(0.05)
        return []

    loop = IOLoop(make_current=False)
    preview = Preview(build, lambda: calls.__setitem__("reloads", calls["reloads"] + 1), quiet=0.05)

    async def scenario():
        await actions(preview)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and (preview._building or preview._timer or preview._dirty):
            await _sleep(0.02)

    try:
        loop.run_sync(scenario, timeout=seconds + 5)
    finally:
        preview.close()
        loop.close()
    return calls


async def _sleep(seconds):
    import asyncio
    await asyncio.sleep(seconds)


def test_a_burst_of_saves_is_one_rebuild_and_one_reload():
    async def burst(preview):
        for _ in range(10):
            preview.changed("content/a.md")
            await _sleep(0.005)
    assert run_preview(burst) == {"builds": 1, "reloads": 1}


def test_saves_during_a_rebuild_make_exactly_one_more_rebuild():
    async def during(preview):
        preview.changed("content/a.md")
        await _sleep(0.07)  # the first build has started and sleeps 50 ms
        for _ in range(5):
            preview.changed("content/b.md")
    assert run_preview(during) == {"builds": 2, "reloads": 2}


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
