"""Helpers for tests that run `serve` in a subprocess: free ports, raw and plain HTTP, bounded waits."""
from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def wait_for(predicate, seconds: float, what: str, printed=lambda: ""):
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
    raise AssertionError(f"timed out after {seconds} s waiting for {what} (last: {last!r}); "
                         f"the server printed:\n{printed()}")


class Served:
    """A running `serve` and what it printed."""

    def __init__(self, source: Path, port: int, env: dict[str, str] | None = None):
        self.source, self.port = source, port
        self.log = source.parent / "serve.log"
        self.handle = self.log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(source), "--port", str(port)],
            stdout=self.handle, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})

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


def start_serve(source: Path, env: dict[str, str] | None = None) -> Served:
    """A running `serve` of `source`, once it says it is serving; stop() it in a finally."""
    server = Served(source, free_port(), env)
    try:
        wait_for(lambda: "serving http://" in server.output() or server.process.poll() is not None,
                 STARTUP_SECONDS, "the server to start", server.output)
        assert server.process.poll() is None, server.output()
    except BaseException:
        server.stop()
        raise
    return server


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
