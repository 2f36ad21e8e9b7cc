"""Content files that a folder in fixtures/invalid/ cannot hold: bytes that are not text,
huge files, symbolic links. Each is made in a fresh copy of the basic site; a failed build
must report it at its path and line and leave the previous output byte-identical."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support import NOW, copy_fixture, run_cli, tree_digest

FRONT = b"---\ntitle: A page\nsummary: Text.\n---\n"


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_fixture("basic", tmp_path / "site")


def build_keeps_output(site: Path, last_good_output: Path, tmp_path: Path):
    """Build over a copy of the last good output; returns the result, the output unchanged."""
    out = tmp_path / "public"
    shutil.copytree(last_good_output, out)
    before = tree_digest(out)
    result = run_cli("build", "--source", site, "--out", out, "--now", NOW, "--no-cache")
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.code == 1, result.err
    assert tree_digest(out) == before
    assert run_cli("check", "--source", site, "--now", NOW).lines == result.lines
    return result


def test_invalid_utf8_is_an_error_at_the_line_of_the_bad_bytes(site, last_good_output, tmp_path):
    (site / "content/pages/latin1.en.md").write_bytes(FRONT + b"First line.\nCaf\xe9 in Latin-1.\n")
    result = build_keeps_output(site, last_good_output, tmp_path)
    assert result.lines == ["content/pages/latin1.en.md:6: error: is not valid UTF-8 text; save it as UTF-8"]


def test_a_five_megabyte_entry_is_refused_with_the_size_limit(site, last_good_output, tmp_path):
    line = b"A sentence that an editor pasted again and again by accident.\n"
    (site / "content/pages/huge.en.md").write_bytes(FRONT + line * (5_000_000 // len(line) + 1))
    result = build_keeps_output(site, last_good_output, tmp_path)
    assert result.lines == ["content/pages/huge.en.md:1: error: the file is 5.0 MB; an entry may be at most "
                            "2 MB, split it into several entries"]


def test_binary_files_in_content_are_refused(site, last_good_output, tmp_path):
    png = (Path(__file__).parents[1] / "fixtures/invalid/missing-image/static/images/present.png").read_bytes()
    (site / "content/pages/photo.en.md").write_bytes(png)
    (site / "content/articles/photo.png").write_bytes(png)
    result = build_keeps_output(site, last_good_output, tmp_path)
    assert result.lines == [
        "content/articles/photo.png:1: error: content/ holds only Markdown entries named "
        "<name>.<language>.md; put images and other files in static/",
        "content/pages/photo.en.md:1: error: is a binary file, not Markdown text",
    ]


def test_symbolic_links_leading_outside_the_site_are_refused(site, last_good_output, tmp_path):
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.en.md").write_bytes(FRONT + b"Not part of the site.\n")
    (outside / "folder/also.en.md").write_bytes(FRONT + b"Not part of the site.\n")
    os.symlink(outside / "secret.en.md", site / "content/pages/secret.en.md")
    os.symlink(outside / "folder", site / "content/articles/linked")
    (site / "static").mkdir(exist_ok=True)
    os.symlink(outside / "secret.en.md", site / "static/host.txt")
    result = build_keeps_output(site, last_good_output, tmp_path)
    assert result.lines == [
        "content/articles/linked:1: error: is a symbolic link to a folder outside the site; refused",
        "content/pages/secret.en.md:1: error: is a symbolic link to a file outside the site; refused",
        "static/host.txt:1: error: is a symbolic link to a file outside the site; refused",
    ]


def test_a_symbolic_link_inside_the_site_is_read(site, tmp_path):
    os.symlink("help.en.md", site / "content/pages/contact.en.md")
    result = run_cli("check", "--source", site, "--now", NOW)
    # Read as an entry of its own: it has the same URL as the file it points to.
    assert result.code == 1 and "is also the URL of content/pages/contact.en.md" in result.err
    assert "outside the site" not in result.err


def test_bom_and_crlf_build_the_same_site_as_plain_lf(site, tmp_path):
    plain = run_cli("build", "--source", site, "--out", tmp_path / "lf", "--now", NOW, "--no-cache")
    assert plain.code == 0
    converted = 0
    for path in sorted(site.rglob("*")):
        if path.suffix in (".md", ".yaml") and path.is_file():
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
            converted += 1
    assert converted >= 9
    windows = run_cli("build", "--source", site, "--out", tmp_path / "crlf", "--now", NOW, "--no-cache")
    assert (windows.code, windows.lines) == (0, [])
    assert tree_digest(tmp_path / "crlf") == tree_digest(tmp_path / "lf")


def test_errors_in_a_crlf_file_are_reported_at_the_right_line(site):
    (site / "content/pages/bad.en.md").write_bytes(b"\xef\xbb\xbf---\r\ntitle: A\r\nsummary: [x\r\n---\r\nText.\r\n")
    result = run_cli("check", "--source", site, "--now", NOW)
    assert result.code == 1 and result.lines[0].startswith("content/pages/bad.en.md:3: error: invalid YAML")


def test_links_to_nowhere_and_named_pipes_are_refused_unread(site, last_good_output, tmp_path):
    os.symlink("missing.en.md", site / "content/pages/broken.en.md")
    os.symlink("loop.en.md", site / "content/pages/loop.en.md")
    os.mkfifo(site / "content/pages/pipe.en.md")   # reading it would wait for ever
    (site / "static").mkdir(exist_ok=True)
    os.mkfifo(site / "static/pipe.txt")
    result = build_keeps_output(site, last_good_output, tmp_path)
    assert result.lines == [
        "content/pages/broken.en.md:1: error: is a symbolic link that leads nowhere (or to itself); refused",
        "content/pages/loop.en.md:1: error: is a symbolic link that leads nowhere (or to itself); refused",
        "content/pages/pipe.en.md:1: error: is not a regular file (a named pipe, socket or device); refused",
        "static/pipe.txt:1: error: is not a regular file (a named pipe, socket or device); refused",
    ]


@pytest.mark.parametrize("now", ["0001-01-01", "9999-12-31T23:59"])
def test_a_now_outside_the_years_of_dates_is_a_usage_error(site, now):
    result = run_cli("check", "--source", site, "--now", now)
    assert result.code == 2 and "internal error" not in result.err
    assert result.lines == [f"command line: error: now ({now[:10]}) must be in the years 1900 to 2999"]


def test_a_file_name_with_a_line_break_is_refused_in_one_line(site, last_good_output, tmp_path):
    (site / "content/pages/two\nlines.en.md").write_bytes(FRONT + b"Text.\n")
    result = build_keeps_output(site, last_good_output, tmp_path)
    assert result.lines == ["content/pages/two\\nlines.en.md:1: error: the file name contains an invisible "
                            "control character or a line break; rename it"]
