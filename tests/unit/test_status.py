"""`status`: missing translations, and translations older than their original."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from budrus.cli import main


@pytest.fixture
def site(basic_site):
    return basic_site


def report(site: Path, capsys) -> dict:
    assert main(["status", "--source", str(site), "--json"]) == 0
    return {entry["key"]: entry for entry in json.loads(capsys.readouterr().out)["entries"]}


def set_updated(path: Path, day: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\nupdated: {day}\n", 1), encoding="utf-8")


def git(site: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=site, env=env, check=True, capture_output=True)


def test_an_entry_in_one_language_only_is_reported_missing(site, capsys):
    entries = report(site, capsys)
    assert entries["articles/future"]["missing"] == ["en"]
    assert entries["events/workshop"]["missing"] == ["en"]
    assert entries["guides/job-offers"]["missing"] == []
    assert entries["articles/future"]["languages"]["lt"]["state"] == "original"
    assert entries["articles/future"]["languages"]["en"] == {
        "path": None, "state": "missing", "draft": False, "changed": None, "changed_by": None}


def test_a_translation_updated_before_its_original_is_older(site, capsys):
    set_updated(site / "content/guides/job-offers.lt.md", "2026-11-10")
    set_updated(site / "content/guides/job-offers.en.md", "2026-10-01")
    set_updated(site / "content/pages/help.lt.md", "2026-11-10")
    set_updated(site / "content/pages/help.en.md", "2026-11-10")
    entries = report(site, capsys)
    assert entries["guides/job-offers"]["older"] == ["en"]
    assert entries["guides/job-offers"]["languages"]["en"]["changed"] == "2026-10-01"
    assert entries["guides/job-offers"]["languages"]["en"]["changed_by"] == "updated"
    assert entries["pages/help"]["older"] == []
    assert entries["pages/help"]["languages"]["en"]["state"] == "ok"


def test_without_dates_or_git_a_translation_is_undated(site, capsys):
    assert report(site, capsys)["pages/help"]["languages"]["en"]["state"] == "unknown"


def test_in_a_git_checkout_the_last_commit_of_each_file_decides(site, capsys):
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "first", when="2026-10-01T10:00:00+03:00")
    original = site / "content/pages/help.lt.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nDaugiau.\n", encoding="utf-8")
    git(site, "commit", "-q", "-am", "original changed", when="2026-10-05T10:00:00+03:00")
    entries = report(site, capsys)
    assert entries["pages/help"]["older"] == ["en"]
    assert entries["pages/help"]["languages"]["en"]["changed"] == "2026-10-01T10:00:00+03:00"
    assert entries["pages/help"]["languages"]["en"]["changed_by"] == "git"
    assert entries["guides/job-offers"]["older"] == []

    translation = site / "content/pages/help.en.md"
    translation.write_text(translation.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    git(site, "commit", "-q", "-am", "translation caught up", when="2026-10-06T10:00:00+03:00")
    assert report(site, capsys)["pages/help"]["older"] == []


def test_an_updated_date_wins_over_the_commit_time(site, capsys):
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "first", when="2026-10-01T10:00:00+03:00")
    set_updated(site / "content/pages/help.lt.md", "2026-11-20")
    entries = report(site, capsys)
    assert entries["pages/help"]["languages"]["lt"]["changed_by"] == "updated"
    assert entries["pages/help"]["older"] == ["en"]  # committed 1 October, original updated 20 November


def test_the_table_has_a_row_per_entry_and_a_column_per_language(site, capsys):
    set_updated(site / "content/guides/job-offers.lt.md", "2026-11-10")
    set_updated(site / "content/guides/job-offers.en.md", "2026-10-01")
    assert main(["status", "--source", str(site)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["entry", "lt", "en"]
    rows = {line.split()[0]: line for line in lines[1:] if line and not line[0].isdigit()}
    assert "MISSING" in rows["articles/future"]
    assert "OLDER (updated 2026-10-01)" in rows["guides/job-offers"]
    assert "original (updated 2026-11-10)" in rows["guides/job-offers"]
    assert "5 entries; 2 missing translations, 1 older than the original (lt)" in lines


def test_a_broken_entry_is_still_listed(site, capsys):
    (site / "content/pages/help.en.md").write_text("not front matter", encoding="utf-8")
    entries = report(site, capsys)
    assert entries["pages/help"]["languages"]["en"]["path"] == "content/pages/help.en.md"
