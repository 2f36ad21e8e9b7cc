"""A build with nothing changed answers from the manifest; anything that shapes the output
forces a full build, whose output equals a fresh build's."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budrus import uptodate
from budrus.options import BuildOptions
from support import NOW, copy_fixture, run_cli, tree_digest

ROOT = Path(__file__).resolve().parents[2]
OTHER_NOW = "2026-11-30T12:00"
ARTICLE = "content/articles/what-is.en.md"
HEAVY = ("jinja2", "markdown", "PIL", "babel", "segno", "icalendar", "yaml")


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return settled(copy_fixture("basic", tmp_path / "site"))


def settled(folder: Path) -> Path:
    """Every file's time stamp an hour back, as files edited a while ago have: a build that
    reads a file changed a moment ago (a racy one) is not recorded."""
    moment = time.time_ns() - 3600 * 10**9
    for path in folder.rglob("*"):
        os.utime(path, ns=(moment, moment), follow_symlinks=False)
    return folder


def arguments(site: Path, tmp_path: Path, *extra: str) -> list:
    return ["build", "--source", site, "--out", tmp_path / "public", "--cache-dir", tmp_path / "cache",
            "--now", NOW, *extra]


def options(site: Path, tmp_path: Path, **changes) -> BuildOptions:
    """The options the command line makes of `arguments(site, tmp_path)`."""
    given = dict(source=site, out=tmp_path / "public", cache_dir=tmp_path / "cache", now=NOW, jobs=1)
    return BuildOptions(**{**given, **changes})


def build(*argv) -> str:
    result = run_cli(*argv)
    assert result.code == 0, result.err
    return result.out + result.err


def fresh_build(site: Path, folder: Path, *extra: str) -> dict[str, str]:
    """The reference: a build with no cache at all into a folder of its own."""
    build("build", "--source", site, "--out", folder, "--now", NOW, "--no-cache", *extra)
    return tree_digest(folder)


def built_and_up_to_date(site: Path, tmp_path: Path) -> None:
    build(*arguments(site, tmp_path))
    assert uptodate.unchanged_build(options(site, tmp_path)) is not None


def assert_full_build_equals_fresh(site: Path, tmp_path: Path, *extra: str, **changes) -> None:
    assert uptodate.unchanged_build(options(site, tmp_path, **changes)) is None
    build(*arguments(site, tmp_path, *extra))
    out = changes.get("out", tmp_path / "public")
    assert tree_digest(out) == fresh_build(site, tmp_path / "fresh", *extra)


def test_a_second_build_imports_no_rendering_library_and_prints_the_same(site, tmp_path):
    command = [sys.executable, "-c",
               "import sys; from budrus.cli import main; code = main(sys.argv[1:]); "
               f"print(sorted(set({HEAVY!r}) & set(sys.modules)), file=sys.stderr); sys.exit(code)",
               *map(str, arguments(site, tmp_path))]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "'jinja2'" in first.stderr
    assert second.stderr.strip() == "[]"
    assert second.stdout == first.stdout and "built " in second.stdout
    assert tree_digest(tmp_path / "public") == fresh_build(site, tmp_path / "fresh")


def test_warnings_are_printed_again_word_for_word(site, tmp_path):
    article = site / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("---\n", "---\ncolour: red\n", 1),
                       encoding="utf-8")
    settled(site)
    first = build(*arguments(site, tmp_path))
    assert uptodate.unchanged_build(options(site, tmp_path)) is not None
    assert "warning: unknown key" in first and "1 warning)" in first
    assert build(*arguments(site, tmp_path)) == first


def test_a_content_file_edited_with_its_size_and_time_put_back_is_built(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    article = site / ARTICLE
    before = article.stat()
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Definition", "Defunition"), encoding="utf-8")   # same length
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert article.stat().st_size == before.st_size and article.stat().st_mtime_ns == before.st_mtime_ns
    assert_full_build_equals_fresh(site, tmp_path)
    assert "Defunition" in (tmp_path / "public/en/articles/what-human-trafficking-is/index.html").read_text()


def test_an_added_content_file_is_built(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    text = (site / ARTICLE).read_text(encoding="utf-8")
    (site / "content/articles/another.en.md").write_text(text.replace("What human", "Another human"),
                                                        encoding="utf-8")
    assert_full_build_equals_fresh(site, tmp_path)


def test_a_deleted_content_file_is_built(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    (site / "content/articles/future.lt.md").unlink()
    assert_full_build_equals_fresh(site, tmp_path)


def test_a_changed_template_is_built(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    theme = ROOT / "budrus/theme/templates/404.html"
    (site / "templates").mkdir()
    local = theme.read_text(encoding="utf-8").replace('class="not-found"', 'class="not-found local"')
    (site / "templates/404.html").write_text(local, encoding="utf-8")
    assert_full_build_equals_fresh(site, tmp_path)
    assert 'class="not-found local"' in (tmp_path / "public/404.html").read_text(encoding="utf-8")


def test_a_changed_static_file_is_built(site, tmp_path):
    (site / "static").mkdir()
    (site / "static/notice.txt").write_text("first\n", encoding="utf-8")
    settled(site)
    built_and_up_to_date(site, tmp_path)
    (site / "static/notice.txt").write_text("second\n", encoding="utf-8")
    assert_full_build_equals_fresh(site, tmp_path)
    assert (tmp_path / "public/notice.txt").read_text(encoding="utf-8") == "second\n"


def test_a_changed_config_is_built(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    config = site / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://", "https://www.", 1), encoding="utf-8")
    assert_full_build_equals_fresh(site, tmp_path)


@pytest.mark.parametrize("extra, changes", [
    (("--now", OTHER_NOW), {"now": OTHER_NOW}),
    (("--base-url", "https://mirror.example.org"), {"base_url": "https://mirror.example.org"}),
    (("--drafts",), {"drafts": True}),
])
def test_other_options_are_built(site, tmp_path, extra, changes):
    built_and_up_to_date(site, tmp_path)
    assert_full_build_equals_fresh(site, tmp_path, *extra, **changes)


def test_another_output_folder_is_built(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    other = tmp_path / "elsewhere"
    assert uptodate.unchanged_build(options(site, tmp_path, out=other)) is None
    build("build", "--source", site, "--out", other, "--cache-dir", tmp_path / "cache", "--now", NOW)
    assert tree_digest(other) == fresh_build(site, tmp_path / "fresh")
    assert uptodate.unchanged_build(options(site, tmp_path)) is not None   # each folder its own record


def test_the_same_moment_written_otherwise_is_up_to_date(site, tmp_path):
    built_and_up_to_date(site, tmp_path)   # NOW is 12:00 in Vilnius, two hours ahead of UTC in November
    assert uptodate.unchanged_build(options(site, tmp_path, now="2026-11-29T10:00:00+00:00")) is not None
    assert uptodate.unchanged_build(options(site, tmp_path, now="2026-11-29T10:00:01+00:00")) is None


def test_source_date_epoch_counts_as_now_and_the_clock_never_matches(site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    argv = ["build", "--source", site, "--out", tmp_path / "public", "--cache-dir", tmp_path / "cache"]
    build(*argv)
    assert uptodate.unchanged_build(options(site, tmp_path, now=None)) is not None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000001")
    assert uptodate.unchanged_build(options(site, tmp_path, now=None)) is None
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    build(*argv)   # by the clock
    assert uptodate.unchanged_build(options(site, tmp_path, now=None)) is None
    assert not os.path.exists(uptodate.manifest_path(options(site, tmp_path)))


def test_a_deleted_output_file_is_built_again(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    (tmp_path / "public/en/index.html").unlink()
    assert_full_build_equals_fresh(site, tmp_path)


def test_an_edited_output_file_is_built_again(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    page = tmp_path / "public/en/index.html"
    page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML", 1))
    assert_full_build_equals_fresh(site, tmp_path)


def test_a_file_added_to_the_output_is_removed_by_a_full_build(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    (tmp_path / "public/stray.txt").write_text("not the site's\n", encoding="utf-8")
    assert_full_build_equals_fresh(site, tmp_path)


@pytest.mark.parametrize("damage", [
    b"", b"\xff\xfe not text", b"{not json", b"[]", b'{"format": "budrus-uptodate-1"}', b"[" * 100_000,
])
def test_a_damaged_manifest_is_a_miss_never_an_error(site, tmp_path, damage):
    built_and_up_to_date(site, tmp_path)
    Path(uptodate.manifest_path(options(site, tmp_path))).write_bytes(damage)
    assert_full_build_equals_fresh(site, tmp_path)
    assert uptodate.unchanged_build(options(site, tmp_path)) is not None   # recorded anew


def test_a_manifest_with_wrong_types_is_a_miss(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    path = Path(uptodate.manifest_path(options(site, tmp_path)))
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for key, wrong in (("files", "4448"), ("files", -1), ("diagnostics", [["x", "1", "warning", "m"]]),
                       ("diagnostics", [[1, 2]]), ("now", None), ("options", [])):
        path.write_text(json.dumps({**manifest, key: wrong}), encoding="utf-8")
        assert uptodate.unchanged_build(options(site, tmp_path)) is None, (key, wrong)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert uptodate.unchanged_build(options(site, tmp_path)) is not None


def test_other_code_is_built(site, tmp_path, monkeypatch):
    built_and_up_to_date(site, tmp_path)
    monkeypatch.setattr(uptodate, "sources_fingerprint", lambda: "other code")
    assert_full_build_equals_fresh(site, tmp_path)


def test_a_failed_build_after_an_up_to_date_one_keeps_the_output_and_the_next_build_is_full(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    build(*arguments(site, tmp_path))   # up to date
    before = tree_digest(tmp_path / "public")
    article = site / ARTICLE
    good = article.read_bytes()
    article.write_bytes(good.replace(b"title:", b"title: [unclosed", 1))
    assert run_cli(*arguments(site, tmp_path)).code == 1
    assert tree_digest(tmp_path / "public") == before
    assert not os.path.exists(uptodate.manifest_path(options(site, tmp_path)))
    article.write_bytes(good)
    settled(site)
    assert_full_build_equals_fresh(site, tmp_path)


def test_a_build_that_read_a_file_changed_a_moment_ago_is_not_recorded(site, tmp_path):
    (site / ARTICLE).touch()
    build(*arguments(site, tmp_path))
    assert not os.path.exists(uptodate.manifest_path(options(site, tmp_path)))
    settled(site)
    built_and_up_to_date(site, tmp_path)


def test_no_cache_neither_reads_nor_writes_the_manifest(site, tmp_path):
    built_and_up_to_date(site, tmp_path)
    path = Path(uptodate.manifest_path(options(site, tmp_path)))
    recorded = path.read_bytes()
    assert uptodate.unchanged_build(options(site, tmp_path, no_cache=True)) is None
    build(*arguments(site, tmp_path, "--no-cache"))
    assert path.read_bytes() == recorded
