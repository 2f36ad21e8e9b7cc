"""`serve` end to end: a real server in a subprocess, real HTTP requests, real edits.

Every wait is bounded and the server is always stopped, also when a test fails.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from serving import CHANGE_SECONDS, ROOT, edit, fetch, free_port, raw_get, start_serve, wait_for
from support import tree_digest

PAGE = "/en/help/"
ENTRY = Path("content/pages/help.en.md")


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


def test_a_broken_config_at_start_and_a_broken_template_later_show_and_recover(basic_site):
    config = basic_site / "site_config.yaml"
    good = config.read_text(encoding="utf-8")
    edit(config, "timezone: Europe/Vilnius", "timezone: Europe/Vilnus")
    server = start_serve(basic_site)
    try:
        status, page = fetch(server.port, "/en/help/")
        assert status == 500 and "site_config.yaml:3: error: unknown time zone" in page
        config.write_text(good, encoding="utf-8")
        wait_for(lambda: fetch(server.port, PAGE)[0] == 200, CHANGE_SECONDS, "the fixed config")

        templates = basic_site / "templates"
        templates.mkdir()
        (templates / "page.html").write_text('{% extends "base.html" %}\n{% block main %}{{ oops(}}{% endblock %}\n',
                                              encoding="utf-8")
        status, page = wait_for(lambda: (r := fetch(server.port, PAGE))[0] == 500 and r, CHANGE_SECONDS,
                                "the template error")
        assert "templates/page.html:2: error:" in page
        (templates / "page.html").unlink()
        wait_for(lambda: fetch(server.port, PAGE)[0] == 200, CHANGE_SECONDS, "the removed template")
    finally:
        server.stop()


def test_after_edits_the_preview_equals_a_fresh_build_with_the_same_options(basic_site, tmp_path):
    epoch = {"SOURCE_DATE_EPOCH": "1796212800"}  # 2026-12-02: "now" for both
    server = start_serve(basic_site, env=epoch)
    try:
        edit(basic_site / ENTRY, "title: Where to get help", "title: Where to get help now")
        new_entry = basic_site / "content/articles/extra.en.md"
        new_entry.write_text("---\ntitle: An extra article\ndate: 2026-11-01\ntags: [Basics]\n---\nText.\n",
                             encoding="utf-8")
        (basic_site / "content/articles/future.lt.md").unlink()
        full = tmp_path / "full"
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "build", "--source", str(basic_site), "--out", str(full),
             "--drafts", "--base-url", f"http://127.0.0.1:{server.port}"],
            capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, **epoch})
        assert result.returncode == 0, result.stderr
        expected = tree_digest(full)
        assert "en/articles/an-extra-article/index.html" in expected
        # the preview may take one or two rebuilds to see all three changes; then it must match
        wait_for(lambda: tree_digest(server.out_dir()) == expected, CHANGE_SECONDS, "the preview to equal the build")
    finally:
        server.stop()


def test_serve_refuses_a_request_for_another_host_name(served):
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(b"GET /en/help/ HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.split()[1] == b"403" and b"Where to get help" not in reply
