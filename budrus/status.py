"""`status`: the translation report.

For every entry key: which languages exist, which are missing, and which translations are
older than their original (the default language's file). A file's age is its `updated`
date, else the time of the last commit that touched it when the site is in a git checkout.
Two commit times are compared exactly; when either side is a date, by date.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig, load_config
from .content import CONTENT, SourceFile, discover, parse_entry
from .diagnostics import Diagnostics

ORIGINAL, CURRENT, OLDER, MISSING, UNKNOWN = "original", "ok", "older", "missing", "unknown"


@dataclass(frozen=True)
class Stamp:
    """When a file last changed, and how that is known."""

    moment: dt.date | dt.datetime
    basis: str   # "updated" or "git"

    def day(self, config: SiteConfig) -> dt.date:
        if isinstance(self.moment, dt.datetime):
            return self.moment.astimezone(config.timezone).date()
        return self.moment

    def text(self) -> str:
        return self.moment.isoformat()

    def short(self) -> str:
        if isinstance(self.moment, dt.datetime):
            return self.moment.strftime("%Y-%m-%d %H:%M")
        return self.moment.isoformat()


@dataclass(frozen=True)
class Translation:
    """One language of one entry key."""

    lang: str
    path: str | None
    state: str
    stamp: Stamp | None = None
    draft: bool = False


@dataclass(frozen=True)
class KeyStatus:
    key: str        # section/key, like guides/loverboy
    translations: tuple[Translation, ...]

    def langs_in(self, state: str) -> list[str]:
        return [t.lang for t in self.translations if t.state == state]


def collect(source: Path, config: SiteConfig) -> list[KeyStatus]:
    """The status of every entry key, sorted by key."""
    ignored = Diagnostics()  # content errors are `check`'s job; status reports what exists
    files = discover(source, config, ignored)
    commits = last_commits(source)
    by_key: dict[str, dict[str, SourceFile]] = {}
    for file in files:
        by_key.setdefault(file.key, {})[file.lang] = file
    return [_key_status(key, by_key[key], config, commits, ignored) for key in sorted(by_key)]


def _key_status(key, files: dict[str, SourceFile], config, commits, ignored) -> KeyStatus:
    stamps, drafts = {}, {}
    for lang, file in files.items():
        entry = parse_entry(file, config, ignored)
        updated = entry.updated if entry is not None else None
        drafts[lang] = bool(entry and entry.draft)
        stamps[lang] = Stamp(updated, "updated") if updated else (
            Stamp(commits[file.path], "git") if file.path in commits else None)
    has_original = config.default_language in files
    original = stamps.get(config.default_language)
    translations = []
    for lang in config.language_codes:
        if lang not in files:
            translations.append(Translation(lang, None, MISSING))
            continue
        if lang == config.default_language:
            state = ORIGINAL
        else:
            state = _compare(stamps[lang], original, config) if has_original else CURRENT
        translations.append(Translation(lang, files[lang].path, state, stamps[lang], drafts[lang]))
    return KeyStatus(key, tuple(translations))


def _compare(stamp: Stamp | None, original: Stamp | None, config: SiteConfig) -> str:
    if original is None or stamp is None:
        return UNKNOWN  # neither `updated` nor a commit says when one of them changed
    if isinstance(stamp.moment, dt.datetime) and isinstance(original.moment, dt.datetime):
        return OLDER if stamp.moment < original.moment else CURRENT
    return OLDER if stamp.day(config) < original.day(config) else CURRENT


def last_commits(source: Path) -> dict[str, dt.datetime]:
    """The last commit time of every content file, by path relative to `source`; {} outside git.

    One `git log` over content/ instead of one per file: the first time a path appears
    (newest first) is its last commit.
    """
    command = ["git", "-c", "core.quotePath=false", "log", "--format=%x00%cI", "--name-only",
               "--no-renames", "--relative", "--", CONTENT]
    try:
        result = subprocess.run(command, cwd=source, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    commits: dict[str, dt.datetime] = {}
    moment = None
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            moment = dt.datetime.fromisoformat(line[1:])
        elif line and moment is not None:
            commits.setdefault(line, moment)
    return commits


def as_json(statuses: list[KeyStatus], config: SiteConfig) -> str:
    """The report for tools: every key with each language's path, state and age."""
    return json.dumps({
        "default_language": config.default_language,
        "languages": list(config.language_codes),
        "entries": [{
            "key": status.key,
            "missing": status.langs_in(MISSING),
            "older": status.langs_in(OLDER),
            "languages": {t.lang: {"path": t.path, "state": t.state, "draft": t.draft,
                                   "changed": t.stamp.text() if t.stamp else None,
                                   "changed_by": t.stamp.basis if t.stamp else None}
                          for t in status.translations},
        } for status in statuses],
    }, ensure_ascii=False, indent=2)


def as_table(statuses: list[KeyStatus], config: SiteConfig) -> str:
    """The report for people: one row per entry key, one column per language."""
    languages = config.language_codes
    rows = [["entry", *languages]]
    for status in statuses:
        rows.append([status.key, *(_cell(t) for t in status.translations)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    missing = sum(len(s.langs_in(MISSING)) for s in statuses)
    older = sum(len(s.langs_in(OLDER)) for s in statuses)
    lines.append("")
    lines.append(f"{len(statuses)} entries; {missing} missing translation{'s' * (missing != 1)}, "
                 f"{older} older than the original ({config.default_language})")
    if any(s.langs_in(UNKNOWN) for s in statuses):
        lines.append("undated: neither `updated` nor a git commit says when the file or its original changed")
    return "\n".join(lines)


def _cell(translation: Translation) -> str:
    if translation.state == MISSING:
        return "MISSING"
    label = {ORIGINAL: "original", CURRENT: "ok", OLDER: "OLDER", UNKNOWN: "undated"}[translation.state]
    if translation.stamp is not None:
        label += f" ({translation.stamp.basis} {translation.stamp.short()})"
    return label + (" draft" if translation.draft else "")


def run(source: Path, json_output: bool = False) -> int:
    """Print the report; the config's problems stop it (exit 2), content problems do not."""
    config, _warnings = load_config(source)
    statuses = collect(source, config)
    print(as_json(statuses, config) if json_output else as_table(statuses, config))
    return 0
