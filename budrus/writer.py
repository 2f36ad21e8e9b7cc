"""The only code that touches the output folder: write a new tree beside it, then swap.

A build that fails, or is killed, leaves the previous output exactly as it was. A file
whose bytes did not change is hard-linked from the previous output instead of written
again, so a rebuild costs little more than the files that changed.
"""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Iterable

from .diagnostics import Diagnostics
from .model import OutputFile


class WriteFailed(Exception):
    """The output folder could not be written."""


def find_duplicates(files: Iterable[OutputFile], diagnostics: Diagnostics) -> None:
    """Two outputs for one path mean two things claim one URL: refuse, naming the path."""
    seen: set[str] = set()
    for file in files:
        if file.path in seen:
            diagnostics.error(file.path, 0, "two outputs would be written to this path")
        seen.add(file.path)


def write_site(files: Iterable[OutputFile], out: Path) -> None:
    """Write all files into a fresh folder next to `out`, then put it in place of `out`."""
    out = out.absolute()
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out)
        staging = parent / f".{out.name}.new-{os.getpid()}"
        staging.mkdir()
        _write_tree(staging, files, out if out.is_dir() else None)
        _swap(staging, out)
    except OSError as exc:
        raise WriteFailed(f"cannot write the output folder {out}: {exc.strerror or exc}") from None


def _write_tree(root: Path, files: Iterable[OutputFile], previous: Path | None) -> None:
    made: set[Path] = set()
    for file in files:
        target = root / file.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if previous is None or not _link_if_same(previous / file.path, target, file.data):
            target.write_bytes(file.data)


def _link_if_same(old: Path, target: Path, data: bytes) -> bool:
    """Hard-link the previous output's file into the new tree when its bytes are the same."""
    try:
        found = os.lstat(old)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, target)
    except OSError:   # no such file, or a file system without hard links: write it
        return False
    return True


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)


def _remove_leftovers(out: Path) -> None:
    """Folders left by a build that was killed; an interrupted swap gets its old output back."""
    for leftover in sorted(out.parent.glob(f".{out.name}.new-*")):
        shutil.rmtree(leftover, ignore_errors=True)
    for retired in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists():
            retired.rename(out)
        else:
            shutil.rmtree(retired, ignore_errors=True)
