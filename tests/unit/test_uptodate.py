"""The up-to-date check's parts: what the stat of the inputs and of the output covers."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from budrus import config, content, i18n, render, static, uptodate
from budrus.diagnostics import Diagnostic, Diagnostics
from budrus.options import BuildOptions


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name in ("content/articles", "templates", "static", "i18n"):
        (root / name).mkdir(parents=True)
    (root / "site_config.yaml").write_text("base_url: https://example.org\n", encoding="utf-8")
    (root / "content/articles/a.lt.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    return root


def options(site: Path, **changes) -> BuildOptions:
    given = dict(source=site, out=site / "public", cache_dir=site / ".cache", now="2026-12-01")
    return BuildOptions(**{**given, **changes})


def digest(site: Path, **changes) -> str:
    return uptodate.input_stats(options(site, **changes)).digest


def test_the_site_folders_are_the_ones_the_build_reads():
    assert uptodate.CONFIG_FILE == config.CONFIG_NAME
    assert dict(uptodate.SITE_FOLDERS).keys() == {content.CONTENT, render.SITE_TEMPLATES, static.SITE_STATIC,
                                                  i18n.SITE_I18N}
    assert Path(uptodate.THEME) == render.THEME_TEMPLATES.parent == static.THEME_STATIC.parent


@pytest.mark.parametrize("path", ["site_config.yaml", "content/articles/a.lt.md", "templates/base.html",
                                  "static/css/site.css", "i18n/lt.yaml", "content/guides/new.lt.md"])
def test_a_file_written_anywhere_the_build_reads_changes_the_input_stats(site, path):
    before = digest(site)
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    with open(site / path, "a", encoding="utf-8") as file:
        file.write("x")
    assert digest(site) != before


def test_a_deleted_file_or_folder_changes_the_input_stats(site):
    before = digest(site)
    (site / "i18n").rmdir()
    assert digest(site) != before


def test_hidden_files_of_content_and_static_are_not_inputs_but_those_of_templates_are(site):
    before = digest(site)
    (site / "content/articles/.a.lt.md.swp").write_text("editor", encoding="utf-8")
    (site / "static/.hidden").mkdir()
    (site / "static/.hidden/x").write_text("x", encoding="utf-8")
    assert digest(site) == before
    (site / "templates/.partial.html").write_text("x", encoding="utf-8")
    assert digest(site) != before


def test_output_and_cache_folders_inside_the_inputs_are_not_inputs(site):
    before = digest(site, out=site / "static/out", cache_dir=site / "static/cache")
    for folder in ("static/out", "static/cache"):
        (site / folder).mkdir()
        (site / folder / "file").write_text("x", encoding="utf-8")
    assert digest(site, out=site / "static/out", cache_dir=site / "static/cache") == before


def test_files_outside_the_inputs_do_not_count(site):
    before = digest(site)
    (site / "notes.txt").write_text("x", encoding="utf-8")
    (site / ".cache").mkdir()
    assert digest(site) == before


def test_a_linked_file_counts_by_what_it_leads_to(site, tmp_path):
    target = tmp_path / "outside.css"
    target.write_text("a", encoding="utf-8")
    (site / "static/linked.css").symlink_to(target)
    before = digest(site)
    target.write_text("b", encoding="utf-8")
    assert digest(site) != before


def test_a_linked_folder_cannot_be_trusted_by_stat(site, tmp_path):
    (tmp_path / "shared").mkdir()
    (site / "templates/shared").symlink_to(tmp_path / "shared")
    with pytest.raises(uptodate.Untrusted):
        uptodate.input_stats(options(site))
    assert uptodate.before_build(options(site)) is None


def test_a_file_changed_a_moment_before_the_stat_makes_the_stats_racy(site):
    old = 1_700_000_000 * 10**9
    for path in site.rglob("*"):
        os.utime(path, ns=(old, old))
    assert not uptodate.input_stats(options(site)).racy
    (site / "static/new.txt").write_text("now", encoding="utf-8")
    assert uptodate.input_stats(options(site)).racy


def test_the_output_digest_sees_files_and_folders_added_removed_or_replaced(site):
    out = site / "public"
    (out / "en").mkdir(parents=True)
    (out / "en/index.html").write_text("page", encoding="utf-8")
    before = uptodate.output_digest(options(site))
    assert uptodate.output_digest(options(site)) == before
    (out / "en/index.html").rename(out / "en/moved.html")
    assert uptodate.output_digest(options(site)) != before
    moved = uptodate.output_digest(options(site))
    (out / "fr").mkdir()
    assert uptodate.output_digest(options(site)) != moved


def test_no_cache_has_no_manifest_and_jobs_do_not_shape_the_output(site):
    assert uptodate.manifest_path(options(site, no_cache=True)) is None
    assert uptodate.option_key(options(site, jobs=1)) == uptodate.option_key(options(site, jobs=8))
    assert uptodate.option_key(options(site, drafts=True)) != uptodate.option_key(options(site))
    assert uptodate.manifest_path(options(site)) != uptodate.manifest_path(options(site, out=site / "other"))


def test_the_code_stamp_follows_a_library_reinstalled(tmp_path, monkeypatch):
    library = tmp_path / "library_for_the_stamp"
    library.mkdir()
    (library / "__init__.py").write_text("__version__ = '1'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(uptodate, "LIBRARIES", ("library_for_the_stamp",))
    before = uptodate.code_stamp()
    assert uptodate.code_stamp() == before
    (library / "__init__.py").unlink()
    (library / "__init__.py").write_text("__version__ = '2'\n", encoding="utf-8")
    sys.path_importer_cache.clear()
    assert uptodate.code_stamp() != before


def test_the_code_stamp_follows_budrus_sources(monkeypatch):
    before = uptodate.code_stamp()
    monkeypatch.setattr(uptodate, "sources_fingerprint", lambda: "edited")
    assert uptodate.code_stamp() != before


def test_a_missing_or_unreadable_manifest_is_a_miss(site):
    assert uptodate.unchanged_build(options(site)) is None
    path = Path(uptodate.manifest_path(options(site)))
    path.mkdir(parents=True)   # a folder where the file should be
    assert uptodate.unchanged_build(options(site)) is None


def test_inputs_that_cannot_be_listed_leave_the_build_unrecorded(site, monkeypatch):
    def unlistable(options):
        raise PermissionError(13, "Permission denied", str(site / "static"))

    monkeypatch.setattr(uptodate, "input_stats", unlistable)
    assert uptodate.before_build(options(site)) is None
    assert uptodate.unchanged_build(options(site)) is None


def test_a_recorded_build_is_answered_with_its_warnings_even_for_odd_file_names(site):
    old = 1_700_000_000 * 10**9
    for path in site.rglob("*"):
        os.utime(path, ns=(old, old))
    (site / "public").mkdir()
    warnings = Diagnostics([Diagnostic("content/\udcff.lt.md", 3, "warning", 'unknown key "ą"'),
                            Diagnostic("content/\udcff.lt.md", 3, "warning", 'unknown key "ą"')])
    inputs = uptodate.before_build(options(site))
    now = dt.datetime(2026, 12, 1, tzinfo=ZoneInfo("Europe/Vilnius"))
    uptodate.after_build(options(site), inputs, warnings, 7, now)
    assert uptodate.unchanged_build(options(site)) == (warnings, 7)
    assert uptodate.unchanged_build(options(site, now="2026-12-01T00:00:01")) is None
