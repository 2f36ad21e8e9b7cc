"""A content-addressed cache on disk, shared by every stage that wants to skip work.

An entry is found by a key that hashes everything the value depends on, so an entry can
never be stale: a changed input is a different key. The cache is never needed for a
correct build; a missing, truncated or corrupt entry is simply a miss.

Since a changed input never overwrites its old entry, the folder would only grow: an
entry's time stamp says when a build last used it, and `prune` removes what no build has
used for UNUSED_FOR.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Part of every key: bump it when the way keys or entries are made changes.
CACHE_FORMAT = "budrus-cache-1"

_MAGIC = b"BUDRUS-CACHE\x01"
_DIGEST_SIZE = hashlib.sha256().digest_size
_LENGTH_SIZE = 8
_HEADER_SIZE = len(_MAGIC) + _DIGEST_SIZE + _LENGTH_SIZE
_NAMESPACE = re.compile(r"[a-z0-9][a-z0-9_-]*")
_KEY = re.compile(r"[0-9a-f]{16,128}")

CachePart = str | bytes | int | bool | None | tuple | list
# Names of temporary files, unique within a process; the process id sets processes apart.
_TEMPORARY_NUMBERS = itertools.count()
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)

DAY = 24 * 3600
# An entry's time stamp is brought forward when a build uses it and it is older than this:
# one extra system call a day per entry, not one per use.
REFRESH_AFTER = DAY
# Entries and spare output trees that no build has used for this long are removed ...
UNUSED_FOR = 30 * DAY
# ... by the first build after this long since the last pruning (the walk costs a stat per entry).
PRUNE_EVERY = DAY
PRUNED_STAMP = ".pruned"
_FAN_OUT = re.compile(r"[0-9a-f]{2}")


def cache_key(*parts: CachePart) -> str:
    """Return the hex SHA-256 of the parts, each encoded with its type and length."""
    chunks: list[bytes] = []
    _append(chunks, CACHE_FORMAT)
    for part in parts:
        _append(chunks, part)
    # One hash update over the joined encoding: a rebuild makes thousands of keys.
    return hashlib.sha256(b"".join(chunks)).hexdigest()


def _append(chunks: list[bytes], part: CachePart) -> None:
    # Type tag and length prefix keep ("ab", "c") and ("a", "bc"), or 1 and "1", apart.
    kind = type(part)
    if kind is str:   # the common cases first
        data = part.encode("utf-8")
        chunks += (b"s" + len(data).to_bytes(_LENGTH_SIZE, "big"), data)
    elif kind is tuple or kind is list or isinstance(part, (tuple, list)):
        chunks.append(b"(" + len(part).to_bytes(_LENGTH_SIZE, "big"))
        for item in part:
            _append(chunks, item)
    else:
        tag, data = _encode(part)
        chunks += (tag + len(data).to_bytes(_LENGTH_SIZE, "big"), data)


def _encode(part: CachePart) -> tuple[bytes, bytes]:
    if part is None:
        return b"n", b""
    if isinstance(part, bool):  # before int: bool is an int subclass
        return b"?", b"1" if part else b"0"
    if isinstance(part, int):
        return b"i", str(part).encode("ascii")
    if isinstance(part, str):
        return b"s", part.encode("utf-8")
    if isinstance(part, bytes):
        return b"b", part
    raise TypeError(f"cache_key() cannot hash a {type(part).__name__}")


@dataclass
class CacheStats:
    """What a ContentCache did, for reports and tests."""

    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    writes: int = 0


class ContentCache:
    """Values stored by key under ``root/namespace``; ``root=None`` disables caching.

    A cache folder that cannot be read or written makes every lookup a miss, never a
    failed build: the first such problem is kept in ``problem`` for a warning."""

    def __init__(self, root: Path | None, namespace: str, read_only: bool = False) -> None:
        if not _NAMESPACE.fullmatch(namespace):
            raise ValueError(f"cache namespace must match [a-z0-9_-]+, not {namespace!r}")
        self.root = root
        self.namespace = namespace
        self.read_only = read_only   # `check` reads entries but changes nothing, time stamps included
        # Plain strings: a rebuild looks up thousands of entries, and pathlib's joins were a
        # fifth of an unchanged build's time.
        self._folder = None if root is None else os.path.join(os.fspath(root), namespace)
        self.stats = CacheStats()
        self.problem: str | None = None
        self._folders: set[str] = set()   # folders known to exist (a forked worker has its own copy)

    @property
    def enabled(self) -> bool:
        """False when the build runs with --no-cache."""
        return self.root is not None

    def path_for(self, key: str) -> Path:
        """Return the file that holds (or would hold) the entry for key."""
        return Path(self._file_for(key))

    def _file_for(self, key: str) -> str:
        if self._folder is None:
            raise ValueError("the cache is disabled")
        if not _KEY.fullmatch(key):
            raise ValueError(f"cache key must be a lowercase hex digest, not {key!r}")
        # Two-letter fan-out keeps folders small on large sites.
        return os.path.join(self._folder, key[:2], key[2:])

    def get(self, key: str) -> bytes | None:
        """Return the stored value, or None on a miss; a damaged entry is deleted."""
        if self.root is None:
            return None
        path = self._file_for(key)
        try:
            header, data, used_before = _read_entry(path)
        except FileNotFoundError:
            self.stats.misses += 1
            return None
        except OSError as exc:
            self._give_up("read", exc)
            self.stats.misses += 1
            return None
        value = _unpack(header, data)
        if value is None:
            self._discard(path)
            return None
        self.stats.hits += 1
        if not self.read_only:
            _mark_used(path, used_before)
        return value

    def has(self, key: str) -> bool:
        """Whether an entry is stored under key; not checked (get checks it when reading)."""
        return self.root is not None and os.path.isfile(self._file_for(key))

    def put(self, key: str, data: bytes) -> None:
        """Store data under key atomically: readers see the old entry or the new one."""
        if self.root is None or self.problem is not None:
            return
        path = self._file_for(key)
        try:
            handle, temp_name = self._open_temporary(os.path.dirname(path))
        except OSError as exc:
            self._give_up("write", exc)
            return
        try:
            with os.fdopen(handle, "wb") as temp_file:
                temp_file.write(_header(data))
                temp_file.write(data)   # not joined to its header: a copy of a large value
            os.replace(temp_name, path)
        except OSError as exc:
            _remove_quietly(Path(temp_name))
            self._give_up("write", exc)
            return
        except BaseException:
            _remove_quietly(Path(temp_name))
            raise
        self.stats.writes += 1

    def _open_temporary(self, folder: str) -> tuple[int, str]:
        """A new file in folder, open for writing, and its name. A cold build writes ten
        thousand entries: the folders are made once, and the name is this process's id
        and a count rather than mkstemp's random tries."""
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        name = os.path.join(folder, f".tmp-{os.getpid()}-{next(_TEMPORARY_NUMBERS)}")
        try:
            return os.open(name, _NEW_FILE, 0o600), name
        except FileNotFoundError:   # the folder was removed since it was made
            os.makedirs(folder, exist_ok=True)
            return os.open(name, _NEW_FILE, 0o600), name
        except FileExistsError:   # left by an earlier process that had the same id
            return tempfile.mkstemp(dir=folder, prefix=".tmp-")

    def _give_up(self, action: str, exc: OSError) -> None:
        if self.problem is None:
            reason = exc.strerror or str(exc)
            self.problem = (f"cannot {action} the cache in {Path(self.root) / self.namespace}: {reason}; "
                            "the build goes on without it")

    def _discard(self, path: str) -> None:
        self.stats.corrupt += 1
        self.stats.misses += 1
        _remove_quietly(path)


def _read_entry(path: str) -> tuple[bytes, bytes, float]:
    """The header and the value of a stored entry, read apart (slicing the value off would
    copy it), and its time stamp. Through the file descriptor: open() adds a stat, a
    terminal check and two seeks to each of the thousands of reads of a rebuild."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        header = read_exactly(fd, min(_HEADER_SIZE, info.st_size))
        return header, read_exactly(fd, info.st_size - len(header)), info.st_mtime
    finally:
        os.close(fd)


def read_exactly(fd: int, size: int) -> bytes:
    """`size` bytes from fd, or fewer where the file ends first."""
    data = os.read(fd, size)
    if len(data) == size or not data:
        return data
    parts = [data]
    got = len(data)
    while got < size and (more := os.read(fd, size - got)):
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def _mark_used(path: str, used_before: float) -> None:
    if time.time() - used_before > REFRESH_AFTER:
        try:
            os.utime(path)
        except OSError:   # a cache we may read but not write: it is only pruned sooner
            pass


def mark_used(folder: Path) -> None:
    """Bring a folder's time stamp forward: a build has just used it (a spare output tree)."""
    try:
        os.utime(folder)
    except OSError:
        pass


def prune(root: Path, now: float | None = None) -> int:
    """Remove the entries and spare trees of `root` that no build has used for UNUSED_FOR;
    return how many. Runs at most once every PRUNE_EVERY (a stamp file in `root` says when
    it last did) and never fails: what cannot be removed stays.

    Only what this module's layout explains is touched: files `<namespace>/<xx>/<key>`,
    unfinished `.tmp-*` writes among them, and folders in a namespace of folders (the spare
    output trees). Anything else in the folder is left alone."""
    now = time.time() if now is None else now
    stamp = os.path.join(os.fspath(root), PRUNED_STAMP)
    try:
        if now - os.stat(stamp).st_mtime < PRUNE_EVERY:
            return 0
    except OSError:   # never pruned yet
        pass
    cutoff = now - UNUSED_FOR
    removed = sum(_prune_namespace(entry.path, cutoff) for entry in _namespaces(root))
    _touch(stamp, now)
    return removed


def _namespaces(root: Path) -> list[os.DirEntry]:
    try:
        return sorted((e for e in os.scandir(root) if e.is_dir(follow_symlinks=False)
                       and _NAMESPACE.fullmatch(e.name)), key=lambda e: e.name)
    except OSError:
        return []


def _prune_namespace(folder: str, cutoff: float) -> int:
    removed = 0
    for entry in _entries(folder):
        if _FAN_OUT.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
            removed += _prune_files(entry.path, cutoff)
        elif _KEY.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False) and _older(entry, cutoff):
            shutil.rmtree(entry.path, ignore_errors=True)   # a spare output tree
            removed += 1
    return removed


def _prune_files(folder: str, cutoff: float) -> int:
    removed = 0
    for entry in _entries(folder):
        known = _KEY.fullmatch(entry.name) or entry.name.startswith(".tmp-")
        if known and entry.is_file(follow_symlinks=False) and _older(entry, cutoff):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    try:
        os.rmdir(folder)   # only when it is now empty
    except OSError:
        pass
    return removed


def _entries(folder: str) -> list[os.DirEntry]:
    try:
        return sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []


def _older(entry: os.DirEntry, cutoff: float) -> bool:
    try:
        return entry.stat(follow_symlinks=False).st_mtime < cutoff
    except OSError:
        return False


def _touch(path: str, when: float) -> None:
    try:
        with open(path, "a"):
            pass
        os.utime(path, (when, when))
    except OSError:
        pass


class RecentMemo:
    """Values a warm process keeps from one build to the next, by content key.

    What the last build used and what this build uses are kept; whatever a build did not
    use is forgotten at the next `advance`, so the memo never outgrows two builds."""

    def __init__(self) -> None:
        self._last: dict = {}
        self._this: dict = {}

    def get(self, key):
        """The value stored under key, or None."""
        found = self._this.get(key)
        if found is None:
            found = self._last.pop(key, None)
            if found is not None:
                self._this[key] = found
        return found

    def put(self, key, value) -> None:
        self._this[key] = value

    def advance(self) -> None:
        """A new build begins: what the previous one did not use is dropped."""
        self._last, self._this = self._this, {}

    def __len__(self) -> int:
        return len(self._last.keys() | self._this.keys())


def _header(data: bytes) -> bytes:
    """What a stored entry starts with: the format's mark, the value's checksum and length."""
    return _MAGIC + hashlib.sha256(data).digest() + len(data).to_bytes(_LENGTH_SIZE, "big")


def _unpack(header: bytes, data: bytes) -> bytes | None:
    """Return the value of a stored entry (its header and the rest), or None when it is damaged."""
    if len(header) < _HEADER_SIZE or not header.startswith(_MAGIC):
        return None
    checksum = header[len(_MAGIC) : len(_MAGIC) + _DIGEST_SIZE]
    length = int.from_bytes(header[len(_MAGIC) + _DIGEST_SIZE : _HEADER_SIZE], "big")
    if len(data) != length or hashlib.sha256(data).digest() != checksum:
        return None
    return data


def _remove_quietly(path: str | Path) -> None:
    # Another build may have removed or replaced it first; either way it is gone.
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
