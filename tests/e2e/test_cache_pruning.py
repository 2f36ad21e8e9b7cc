"""The cache folder does not grow for ever: what no build used for a month goes, what the
builds use stays, and the output never depends on either."""
from __future__ import annotations

import os
from pathlib import Path

from budrus import pipeline
from budrus.cache import PRUNED_STAMP
from support import NOW, copy_fixture, run_cli, tree_digest

MONTH_AND_MORE = 40 * 24 * 3600


def _build(site: Path, out: Path, cache: Path) -> dict[str, str]:
    result = run_cli("build", "--source", site, "--out", out, "--now", NOW, "--cache-dir", cache)
    assert result.code == 0, result.err
    return tree_digest(out)


def _entries(cache: Path) -> set[Path]:
    return {p for p in cache.rglob("*") if p.is_file() and p.name != PRUNED_STAMP}


def _age_everything(cache: Path) -> None:
    for path in cache.rglob("*"):
        when = path.lstat().st_mtime - MONTH_AND_MORE
        os.utime(path, (when, when), follow_symlinks=False)


def test_a_build_prunes_what_no_build_used_for_a_month_and_keeps_what_it_used(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    cache, out = tmp_path / "cache", tmp_path / "out"
    article = next(p for p in sorted((site / "content").rglob("*.md")) if "articles" in p.parts)
    original = article.read_text(encoding="utf-8")
    _build(site, out, cache)
    article.write_text(original + "\nA sentence added before the month passed.\n", encoding="utf-8")
    _build(site, out, cache)
    before = _entries(cache)
    _age_everything(cache)

    article.write_text(original, encoding="utf-8")   # back to the first version, a month later
    pruned = _build(site, out, cache)

    after = _entries(cache)
    assert after < before   # the entries of the added sentence's version are gone
    assert pruned == _build(site, tmp_path / "fresh", tmp_path / "fresh-cache")
    # Everything a build of this site needs survived: a new build renders nothing again.
    options = pipeline.BuildOptions(source=site, out=tmp_path / "again", now=NOW, jobs=1, cache_dir=cache)
    state = pipeline.build_state(options)
    pipeline.build(options, state)
    assert state.stats["pages_rendered"] == 0 and state.stats["markdown_converted"] == 0


def test_check_prunes_nothing_and_touches_no_time_stamp(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    cache = site / ".cache"   # where check looks
    _build(site, tmp_path / "out", cache)
    _age_everything(cache)
    stamps = {p: p.lstat().st_mtime for p in cache.rglob("*")}
    result = run_cli("check", "--source", site, "--now", NOW)
    assert result.code == 0, result.err
    assert {p: p.lstat().st_mtime for p in cache.rglob("*")} == stamps
