"""The only code that touches the output folder: write a new tree beside it, then swap.

A build that fails, or is killed, leaves the previous output exactly as it was. A file
whose bytes did not change is hard-linked from the previous output instead of written
again, so a rebuild costs little more than the files that changed.
"""
from __future__ import annotations

import ctypes
import errno
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


def write_site(files: Iterable[OutputFile], out: Path, spare: Path | None = None) -> list[str]:
    """Write all files into a fresh folder next to `out`, then put it in place of `out`.

    `spare` (a folder in the cache) keeps the replaced output for the next build, which
    brings it up to date (every file compared by its bytes) instead of making thousands of
    folders and removing as many. Returns the paths whose bytes are new, in order."""
    out = out.absolute()
    parent = out.parent
    _refuse_files_in_the_way(out)
    staging = parent / f".{out.name}.new-{os.getpid()}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out)
        previous = out if out.is_dir() else None
        if _take_spare(spare, staging):
            try:
                written = _fill_tree(staging, files, previous)
            except OSError:   # something odd in the spare tree: start from an empty folder
                shutil.rmtree(staging, ignore_errors=True)
                staging.mkdir()
                written = _write_tree(staging, files, previous)
        else:
            staging.mkdir()
            written = _write_tree(staging, files, previous)
        _swap(staging, out, spare)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)   # a full disk should not keep half a site
        raise WriteFailed(f"cannot write the output folder {out}: {exc.strerror or exc}") from None
    return written


def _refuse_files_in_the_way(out: Path) -> None:
    """A file where the output folder (or a folder above it) should be is the user's: keep it."""
    for folder in (out, *out.parents):
        if folder.is_symlink() or folder.exists():
            if not folder.is_dir():
                raise WriteFailed(f"cannot write the output folder {out}: {folder} is a file, not a folder")
            return


def update_site(files: Iterable[OutputFile], out: Path, known: dict | None = None) -> list[str]:
    """Make `out` hold exactly `files`, touching only what changed; returns the paths touched.

    Each changed file is written beside its place and renamed over it, and files no longer
    made are removed. For the dev server, where a rebuild changes a few files of thousands:
    a reader never sees half a file, but a run killed midway leaves old and new files mixed
    (the next build repairs it). `write_site` is the all-or-nothing way.

    `known` (kept by the caller between calls) remembers what was written, so that a file
    whose size and time did not change since is compared in memory, not read back."""
    out = out.absolute()
    known = {} if known is None else known
    if not out.is_dir():
        known.clear()
        return write_site(files, out)
    known_before = bool(known)
    try:
        _remove_leftovers(out)
        present = _existing_files(out)
        touched = [f.path for f in files if _replace_if_changed(out, f, present.pop(f.path, None), known)]
        for stale in sorted(present):
            (out / stale).unlink()
            known.pop(stale, None)
            touched.append(stale)
        if present or not known_before:   # only a removal (or an unknown tree) leaves folders empty
            _remove_empty_folders(out)
    except OSError:
        # Something in the way (a folder where a file goes...): fall back to the full swap.
        known.clear()
        return write_site(files, out)
    return touched


def _existing_files(root: Path) -> dict[str, os.stat_result]:
    found: dict[str, os.stat_result] = {}
    _scan(str(root), "", found)
    return found


def _scan(folder: str, prefix: str, found: dict[str, os.stat_result]) -> None:
    # What os.walk would list, without its path joins: links to folders are neither entered
    # nor listed, links to files are listed as links.
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                if not entry.is_symlink():
                    _scan(entry.path, prefix + entry.name + "/", found)
            else:
                found[prefix + entry.name] = entry.stat(follow_symlinks=False)


def _replace_if_changed(root: Path, file: OutputFile, present: os.stat_result | None, known: dict) -> bool:
    if present is not None and stat.S_ISREG(present.st_mode) and present.st_size == len(file.data):
        remembered = known.get(file.path)
        if remembered is not None and remembered[1] == (present.st_mtime_ns, present.st_ino):
            if remembered[0] is file.data or remembered[0] == file.data:
                return False
        elif (root / file.path).read_bytes() == file.data:
            known[file.path] = (file.data, (present.st_mtime_ns, present.st_ino))
            return False
    target = root / file.path
    temporary = target.parent / f".{target.name}.new-{os.getpid()}"
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_bytes(file.data)
    os.replace(temporary, target)
    written = os.lstat(target)
    known[file.path] = (file.data, (written.st_mtime_ns, written.st_ino))
    return True


def _remove_empty_folders(root: Path) -> None:
    for dirpath, _dirnames, _filenames in os.walk(root, topdown=False):
        if Path(dirpath) != root and not os.listdir(dirpath):
            os.rmdir(dirpath)


def _write_tree(root: Path, files: Iterable[OutputFile], previous: Path | None) -> list[str]:
    made: set[Path] = set()
    written = []
    for file in files:
        target = root / file.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if previous is None or not _link_if_same(previous / file.path, target, file.data):
            target.write_bytes(file.data)
            written.append(file.path)
    return written


def _take_spare(spare: Path | None, staging: Path) -> bool:
    """Start the new tree from the spare one, when there is one on this file system."""
    if spare is None or not spare.is_dir():
        return False
    try:
        spare.rename(staging)
    except OSError:
        shutil.rmtree(spare, ignore_errors=True)
        return False
    return True


def _fill_tree(root: Path, files: Iterable[OutputFile], previous: Path | None) -> list[str]:
    """Make an existing tree hold exactly `files`. Files are replaced by rename, never
    rewritten in place: a file here may be a hard link to one in the current output."""
    present = _existing_files(root)
    written = []
    for file in files:
        found = present.pop(file.path, None)
        target = root / file.path
        if found is not None and stat.S_ISREG(found.st_mode) and found.st_size == len(file.data) \
                and target.read_bytes() == file.data:
            continue
        if found is not None and stat.S_ISDIR(found.st_mode):
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.parent / f".{target.name}.new-{os.getpid()}"
        if previous is None or not _link_if_same(previous / file.path, temporary, file.data):
            temporary.write_bytes(file.data)
            written.append(file.path)
        os.replace(temporary, target)
    for stale in sorted(present, reverse=True):
        path = root / stale
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif os.path.lexists(path):
            path.unlink()
    _remove_empty_folders(root)
    return written


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


def _swap(staging: Path, out: Path, spare: Path | None = None) -> None:
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        _retire(staging, spare)   # it now holds the previous output
        return
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(retired)
    staging.rename(out)
    _retire(retired, spare)


def _retire(old: Path, spare: Path | None) -> None:
    """Keep the replaced output as the next build's spare tree, or remove it."""
    if spare is not None:
        try:
            spare.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(spare, ignore_errors=True)
            old.rename(spare)
            return
        except OSError:   # the cache is on another file system, or unwritable
            pass
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2), so that there is no moment without an
    output folder; False where the system or file system cannot, and the caller renames twice."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):   # not Linux, or a C library without it
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _remove_leftovers(out: Path) -> None:
    """Folders left by a build that was killed; an interrupted swap gets its old output back."""
    for leftover in sorted(out.parent.glob(f".{out.name}.new-*")):
        shutil.rmtree(leftover, ignore_errors=True)
    for retired in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists():
            retired.rename(out)
        else:
            shutil.rmtree(retired, ignore_errors=True)
