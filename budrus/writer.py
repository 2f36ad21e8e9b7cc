"""The only code that touches the output folder: write a new tree beside it, then swap.

Each file goes into the new tree as soon as the build makes it (`Staging`), so that a
large site is never held in memory whole. A build that fails, or is killed, leaves the
previous output exactly as it was. A file
whose bytes did not change is hard-linked from the previous output instead of written
again, so a rebuild costs little more than the files that changed.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import shutil
import stat
from pathlib import Path
from typing import Iterable

from .cache import mark_used, read_exactly
from .diagnostics import Diagnostics
from .model import OutputFile


class WriteFailed(Exception):
    """The output folder could not be written."""


class Outputs:
    """The files of a build, handed over one at a time as they are made.

    `put` touches nothing but the disk and returns a token for `record`, which notes the
    file: the two steps could run in different processes. This base class keeps only
    the paths (what `check` needs); `CollectedOutputs` keeps the bytes, `Staging` writes
    each file into the new output tree at once."""

    def __init__(self) -> None:
        self.paths: dict[str, None] = {}   # an ordered set
        self._folders: set[str] = set()
        self.duplicates: list[str] = []

    def open(self) -> None:
        """Get ready for the first file (before any worker is forked)."""

    def put(self, path: str, data: bytes):
        """Take one file's bytes; returns what `record` needs of them."""
        return None

    def record(self, path: str, token) -> None:
        """Note a file made by `put`; a second file on one path (or below a file) is refused."""
        folders = _folders_of(path)
        if path in self.paths or path in self._folders or not self.paths.keys().isdisjoint(folders):
            self.duplicates.append(path)
        self.paths[path] = None
        self._folders.update(folders)
        self._keep(path, token)

    def add(self, file: OutputFile) -> None:
        """put and record in one step, in this process."""
        self.record(file.path, self.put(file.path, file.data))

    def _keep(self, path: str, token) -> None:
        pass

    def report_duplicates(self, diagnostics: Diagnostics) -> None:
        """Two outputs for one path mean two things claim one URL: refuse, naming the path."""
        for path in self.duplicates:
            diagnostics.error(path, 0, "two outputs would be written to this path")

    def __len__(self) -> int:
        return len(self.paths)


@functools.lru_cache(maxsize=1 << 16)   # a rebuild records the same paths again
def _folders_of(path: str) -> tuple[str, ...]:
    parts = path.split("/")[:-1]
    return tuple("/".join(parts[:end]) for end in range(1, len(parts) + 1))


class CollectedOutputs(Outputs):
    """Outputs kept in memory, in order, for `update_site` (the dev server's writer)."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[OutputFile] = []

    def put(self, path: str, data: bytes) -> bytes:
        return data

    def _keep(self, path: str, token: bytes) -> None:
        self.files.append(OutputFile(path, token))


class Staging(Outputs):
    """A new output tree beside `out`, filled file by file as the build makes them.

    `commit` swaps it in place of `out` in one step; `discard` (on any failure) removes
    it, so the previous output stays exactly as it was. The tree starts from the spare
    tree in the cache when there is one (brought up to date by comparing bytes); a file
    whose bytes equal the current output's is hard-linked from it instead of written."""

    def __init__(self, out: Path, spare: Path | None = None) -> None:
        super().__init__()
        self.out = out.absolute()
        self.spare = spare
        self.root = self.out.parent / f".{self.out.name}.new-{os.getpid()}"
        self.written: list[str] = []        # paths whose bytes are new, in order
        self._opened = self._committed = self._from_spare = False
        self._previous: Path | None = None
        self._present: dict[str, os.stat_result] = {}   # files of the spare tree not yet made
        self._made_folders: set[Path] = set()   # per process: a forked worker has its own

    def open(self) -> None:
        if self._opened:
            return
        _refuse_files_in_the_way(self.out)
        self._opened = True
        with self._failing_as_write_failed():
            self.out.parent.mkdir(parents=True, exist_ok=True)
            _remove_leftovers(self.out)
            self._previous = self.out if self.out.is_dir() else None
            self._from_spare = _take_spare(self.spare, self.root)
            if self._from_spare:
                self._present = _existing_files(self.root)
            else:
                self.root.mkdir()

    def put(self, path: str, data: bytes) -> bool:
        """Write one file into the tree; True when its bytes are new (not linked or kept)."""
        self.open()
        target = self.root / path
        with self._failing_as_write_failed():
            if self._from_spare:
                return self._replace(path, target, data)
            if target.parent not in self._made_folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._made_folders.add(target.parent)
            if self._previous is not None and _link_if_same(self._previous / path, target, data):
                return False
            target.write_bytes(data)
            return True

    def _replace(self, path: str, target: Path, data: bytes) -> bool:
        """Into the spare tree: a file with the right bytes is kept, anything else in the
        way is an old output and goes. Files are replaced by rename, never rewritten in
        place: a file here may be a hard link to one of the current output."""
        found = self._present.get(path)
        if found is not None and stat.S_ISREG(found.st_mode) and found.st_size == len(data) \
                and _same_bytes(target, data):
            return False
        _make_folder(self.root, target.parent)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        temporary = target.parent / f".{target.name}.new-{os.getpid()}"
        written = self._previous is None or not _link_if_same(self._previous / path, temporary, data)
        if written:
            temporary.write_bytes(data)
        os.replace(temporary, target)
        return written

    def _keep(self, path: str, token: bool) -> None:
        self._present.pop(path, None)
        if token:
            self.written.append(path)

    def commit(self) -> list[str]:
        """Put the new tree in place of `out`; returns the paths whose bytes are new."""
        self.open()
        with self._failing_as_write_failed():
            # A stale file may stand where this build has since made a folder.
            _remove_stale(self.root, [path for path in self._present if path not in self._folders])
            _swap(self.root, self.out, self.spare)
        self._committed = True
        return self.written

    def discard(self) -> None:
        """Leave `out` as it was: the unfinished tree goes back to be the spare, or away."""
        if not self._opened or self._committed:
            return
        self._opened = False
        if self.spare is not None and self.root.is_dir():
            try:
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                shutil.rmtree(self.spare, ignore_errors=True)
                self.root.rename(self.spare)   # any tree will do: the next build compares bytes
                return
            except OSError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)

    @contextlib.contextmanager
    def _failing_as_write_failed(self):
        try:
            yield
        except OSError as exc:
            raise WriteFailed(f"cannot write the output folder {self.out}: {exc.strerror or exc}") from None


def write_site(files: Iterable[OutputFile], out: Path, spare: Path | None = None) -> list[str]:
    """Write all files into a fresh folder next to `out`, then put it in place of `out`.

    `spare` (a folder in the cache) keeps the replaced output for the next build, which
    brings it up to date (every file compared by its bytes) instead of making thousands of
    folders and removing as many. Returns the paths whose bytes are new, in order."""
    staging = Staging(out, spare)
    try:
        staging.open()
        for file in files:
            staging.add(file)
        return staging.commit()
    finally:
        staging.discard()


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
    whose size and time did not change since is compared in memory, not read back. With a
    `known` from an earlier call the folder is not walked: each file written before is looked
    at by its stat (one deleted or edited since is written again), but a file that another
    program added is left in place."""
    out = out.absolute()
    known = {} if known is None else known
    if not out.is_dir():
        known.clear()
        return write_site(files, out)
    known_before = bool(known)
    try:
        _remove_leftovers(out)
        present = _known_files(out, known) if known_before else _existing_files(out)
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


def _known_files(root: Path, known: dict) -> dict[str, os.stat_result]:
    """The stat of each file written before that is still there."""
    found: dict[str, os.stat_result] = {}
    prefix = str(root) + os.sep
    for path in known:
        try:
            found[path] = os.lstat(prefix + path)
        except (FileNotFoundError, NotADirectoryError):
            pass
    return found


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


def _make_folder(root: Path, folder: Path) -> None:
    """mkdir -p in a spare tree, where a file or link on the way is an old output: removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    path = root
    for part in folder.relative_to(root).parts:
        path = path / part
        if path.is_symlink() or (os.path.lexists(path) and not path.is_dir()):
            try:
                path.unlink()
            except FileNotFoundError:   # another worker was first
                pass
    folder.mkdir(parents=True, exist_ok=True)


def _same_bytes(path: Path, data: bytes) -> bool:
    # Through the file descriptor: a rebuild compares thousands of files. The caller has
    # compared sizes already; one byte more is asked for, so a longer file still differs.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:   # unreadable: replaced like any other old file
        return False
    try:
        return read_exactly(fd, len(data) + 1) == data
    except OSError:
        return False
    finally:
        os.close(fd)


def _remove_stale(root: Path, stale: list[str]) -> None:
    """Files of the spare tree that this build did not make, and the folders left empty."""
    if not stale:
        return
    for path in sorted(stale, reverse=True):
        path = root / path
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif os.path.lexists(path):
            path.unlink()
    _remove_empty_folders(root)


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
        _mirror(out, spare)
        return
    if _exchange(staging, out):
        _retire(staging, spare)   # it now holds the previous output
        return
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(retired)
    staging.rename(out)
    _retire(retired, spare)


def _mirror(out: Path, spare: Path | None) -> None:
    """With no previous output to keep as the spare tree, make one of hard links to the new
    output: after the output folder is deleted, the next build then compares bytes instead
    of writing every file again (linking is a third of the cost of writing). Files of a
    spare tree are only ever replaced by rename (Staging._replace), never rewritten in
    place, so neither tree can change the other."""
    if spare is None:
        return
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(spare, ignore_errors=True)
        _link_tree(os.fspath(out), os.fspath(spare))
        mark_used(spare)
    except OSError:   # no hard links here: the next build writes every file
        shutil.rmtree(spare, ignore_errors=True)


def _link_tree(source: str, target: str) -> None:
    """A copy of the tree `source` whose files are hard links to its files (symbolic links
    copied as links). Unlike shutil.copytree, folder times and attributes are not copied:
    nothing compares them, and on a large site that was most of the time taken."""
    os.mkdir(target)
    with os.scandir(source) as entries:
        for entry in entries:
            made = os.path.join(target, entry.name)
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), made)
            elif entry.is_dir():
                _link_tree(entry.path, made)
            else:
                os.link(entry.path, made)


def _retire(old: Path, spare: Path | None) -> None:
    """Keep the replaced output as the next build's spare tree, or remove it."""
    if spare is not None:
        try:
            spare.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(spare, ignore_errors=True)
            old.rename(spare)
            mark_used(spare)   # kept while builds into `out` go on (cache.prune)
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
