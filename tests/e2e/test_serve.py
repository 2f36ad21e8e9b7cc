"""`serve` end to end: a real server in a subprocess, real HTTP requests, real edits.

Every wait is bounded and the server is always stopped, also when a test fails.
"""
from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "basic"
PAGE = "/en/help/"
ENTRY = Path("content/pages/help.en.md")
STARTUP_SECONDS = 60
CHANGE_SECONDS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """Send the request line exactly as written: no client-side path normalisation."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def fetch(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except OSError as exc:  # the server is not listening yet
            last = exc
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what} (last: {last!r})")


class Served:
    """A running `serve` and what it printed."""

    def __init__(self, source: Path, port: int):
        self.source, self.port = source, port
        self.log = source.parent / "serve.log"
        self.handle = self.log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(source), "--port", str(port)],
            stdout=self.handle, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def out_dir(self) -> Path:
        match = re.search(r"output in (\S+)\)", self.output())
        assert match, self.output()
        return Path(match.group(1))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.handle.close()


@pytest.fixture
def served(tmp_path):
    source = tmp_path / "site"
    shutil.copytree(FIXTURE, source, ignore=shutil.ignore_patterns(".cache", "public"))
    server = Served(source, free_port())
    try:
        wait_for(lambda: "serving http://" in server.output() or server.process.poll() is not None,
                 STARTUP_SECONDS, "the server to start")
        assert server.process.poll() is None, server.output()
        yield server
    finally:
        server.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_shows_an_edit_then_an_error_page_then_recovers(served):
    status, page = fetch(served.port, PAGE)
    assert status == 200 and "Where to get help" in page
    assert '<script src="/livereload.js?port=' in page

    edit(served.source / ENTRY, "title: Where to get help", "title: Where to find help today")
    wait_for(lambda: "Where to find help today" in fetch(served.port, PAGE)[1], CHANGE_SECONDS, "the edit")

    edit(served.source / ENTRY, "title: Where to find help today", "title: [unclosed")
    status, page = wait_for(lambda: (r := fetch(served.port, "/lt/"))[0] == 500 and r, CHANGE_SECONDS,
                            "the error page")
    assert "content/pages/help.en.md:2: error:" in page
    assert '<script src="/livereload.js?port=' in page, "the error page must reload itself"
    assert fetch(served.port, "/static/nothing.css")[0] == 500, "every request shows the errors"
    kept = (served.out_dir() / "en/help/index.html").read_text(encoding="utf-8")
    assert "Where to find help today" in kept, "a failed build must leave the last good pages"
    assert "content/pages/help.en.md:2: error:" in served.output(), "the terminal shows the errors too"

    edit(served.source / ENTRY, "title: [unclosed", "title: Help, fixed")
    wait_for(lambda: "Help, fixed" in fetch(served.port, PAGE)[1], CHANGE_SECONDS, "the recovery")
    assert served.process.poll() is None


def test_serve_refuses_paths_that_leave_the_output_folder(served, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    (served.out_dir() / "leak.txt").symlink_to(secret)
    (served.out_dir() / "leakdir").symlink_to(tmp_path, target_is_directory=True)
    attempts = ["/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/.%2E/secret.txt",
                "/en%2f..%2f..%2fsecret.txt", "/en/..%5c..%5csecret.txt", "/leak.txt",
                "/leakdir/secret.txt", "/en/../../secret.txt"]
    for target in attempts:
        status, body = raw_get(served.port, target)
        assert status in (400, 403, 404), (target, status)
        assert b"top secret" not in body, target
    assert raw_get(served.port, "/en/help/")[0] == 200


def test_serve_redirects_a_folder_without_its_slash_and_answers_404_with_the_site_page(served):
    status, _ = raw_get(served.port, "/en/help")
    assert status == 302
    status, page = fetch(served.port, "/en/no-such-page/")
    assert status == 404 and "livereload.js" in page


def test_serve_refuses_a_folder_that_is_not_a_site(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--source", str(tmp_path),
                             "--port", str(free_port())], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2
    assert "site_config.yaml: error:" in result.stderr
