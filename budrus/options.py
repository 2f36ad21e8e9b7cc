"""What the command line says about one build, and where its "now" comes from.

Kept apart from the pipeline (and free of its libraries) so that the up-to-date check
(uptodate.py) can read the same options before anything heavy is imported.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

NOW_OPTION, NOW_EPOCH = "--now", "SOURCE_DATE_EPOCH"


@dataclass(frozen=True)
class BuildOptions:
    """What the command line says about one run."""

    source: Path = Path(".")
    out: Path | None = None
    drafts: bool = False
    now: str | None = None
    base_url: str | None = None
    jobs: int | None = None
    cache_dir: Path | None = None
    no_cache: bool = False

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.source / "public"


def fixed_now_setting(option: str | None) -> tuple[str, str] | None:
    """Where a fixed "now" is given: (NOW_OPTION, text), else (NOW_EPOCH, text), else
    None, when the clock decides."""
    if option:
        return NOW_OPTION, option
    epoch = os.environ.get(NOW_EPOCH)
    return (NOW_EPOCH, epoch) if epoch else None


def fixed_now(setting: tuple[str, str], timezone: dt.tzinfo) -> dt.datetime:
    """The moment a fixed-now setting names, in the site's time zone (a date-time without a
    zone is read in it); raises ValueError, OverflowError or OSError when it names none."""
    kind, text = setting
    if kind == NOW_OPTION:
        moment = dt.datetime.fromisoformat(text)
        return moment.replace(tzinfo=timezone) if moment.tzinfo is None else moment.astimezone(timezone)
    return dt.datetime.fromtimestamp(int(text), tz=timezone)
