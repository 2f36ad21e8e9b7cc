"""A `budrus build` with nothing changed since the last one, found by stat as make finds a
target up to date, and answered without building.

After a build that wrote the output folder, a manifest in the cache folder records what
that build depended on and what it left: the code (Budrus's sources and the libraries it
renders with), the options that shape the output, the resolved "now", the stat of every
file the build reads and of every file and folder of the output tree, and the warnings it
printed. The next build compares them before it imports any rendering library; when all
agree, the output folder already holds what the build would write, so only the warnings
and the file count are printed again.

Stat is trusted within the limits git's index trusts it: a file may change again within
one tick of the file system's clock keeping its size and time, so a build that read a file
whose time stamp was that recent records no manifest, and the next build is a full one.
Whatever is unreadable, corrupt or made by other code in the manifest means "build".
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import operator
import os
import stat
import sys
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .diagnostics import Diagnostic, Diagnostics
from .fingerprint import LIBRARIES, PACKAGE_ROOT, sources_fingerprint
from .options import BuildOptions, fixed_now, fixed_now_setting

FORMAT = "budrus-uptodate-1"
MANIFESTS = "uptodate"   # the folder of manifests in the cache, one per output folder
# What the build reads from a site folder (config.CONFIG_NAME, content.CONTENT,
# render.SITE_TEMPLATES, static.SITE_STATIC, i18n.SITE_I18N; a test checks they agree):
CONFIG_FILE = "site_config.yaml"
# Each folder with whether the build skips hidden names in it, as discover and load_static
# do; templates may include any file by name, and catalogs are few.
SITE_FOLDERS = (("content", True), ("templates", False), ("static", True), ("i18n", False))
THEME = str(PACKAGE_ROOT / "theme")   # built-in templates, styles, scripts, strings, fonts
# A time stamp this close to the moment its stat was taken may be followed by a change in
# the same tick, unseen by stat (file systems keep time in ticks of up to 2 s).
RACY_NS = 2_000_000_000
# What a damaged or foreign manifest can raise while it is read and compared.
UNREADABLE = (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError,
              OverflowError, RecursionError)
# Diagnostics about the cache itself depend on its state, not on the site: such a build is
# not recorded, so that the next one meets the cache again and reports what it finds.
CACHE_DIAGNOSTICS = "--cache-dir"


class Untrusted(Exception):
    """An input whose changes stat cannot see: a link to a folder, whose files are not listed."""


@dataclass(frozen=True)
class InputStats:
    """The stat of every file a build reads, taken before it reads any."""

    taken_ns: int        # the clock before the first stat
    newest_ns: int       # the latest modification time among them
    digest: str          # of every path with its stat

    @property
    def racy(self) -> bool:
        """Whether a file may have changed after its stat was taken without showing it."""
        return self.newest_ns >= self.taken_ns - RACY_NS


def unchanged_build(options: BuildOptions) -> tuple[Diagnostics, int] | None:
    """What the last build printed (its warnings and file count), when nothing that shapes
    the output changed since and its output is still there as it left it; else None."""
    setting = fixed_now_setting(options.now)
    path = manifest_path(options)
    if path is None or setting is None:   # with the clock, "now" is never the same instant
        return None
    try:
        manifest = _read_manifest(path)
        if not _still_true(manifest, options, setting):
            return None
        return _diagnostics(manifest["diagnostics"]), _whole_number(manifest["files"])
    except UNREADABLE:
        return None


def before_build(options: BuildOptions) -> InputStats | None:
    """Forget the manifest (a build is about to change what it describes) and take the stat
    of the inputs; None when this build cannot be recorded."""
    path = manifest_path(options)
    if path is None:
        return None
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:   # an unwritable cache: nothing will be recorded either
        return None
    try:
        return input_stats(options)
    except (Untrusted, OSError):   # OSError: a folder that cannot be listed, which the build reports
        return None


def after_build(options: BuildOptions, inputs: InputStats | None, diagnostics: Diagnostics,
                files: int, now: dt.datetime | None) -> None:
    """Record a successful build, when the next one can rely on what was recorded."""
    path = manifest_path(options)
    setting = fixed_now_setting(options.now)
    if path is None or inputs is None or inputs.racy or setting is None or now is None \
            or any(item.path == CACHE_DIAGNOSTICS for item in diagnostics.items):
        return
    manifest = {
        "format": FORMAT,
        "code": code_stamp(),
        "options": option_key(options),
        "now": _now_key(now),
        "inputs": inputs.digest,
        "files": files,
        "diagnostics": [[d.path, d.line, d.severity, d.message] for d in diagnostics.items],
    }
    try:
        manifest["output"] = output_digest(options)
    except OSError:   # an output that cannot be listed cannot be compared either
        return
    _write_manifest(path, manifest)


def manifest_path(options: BuildOptions) -> str | None:
    """Where the manifest of this output folder lives; None with --no-cache (the cache is
    then neither read nor written)."""
    if options.no_cache:
        return None
    name = hashlib.sha256(os.fsencode(os.path.abspath(options.out_dir))).hexdigest()[:16]
    return os.path.join(_cache_folder(options), MANIFESTS, name + ".json")


# -- comparing ----------------------------------------------------------------------------


def _still_true(manifest: dict, options: BuildOptions, setting: tuple[str, str]) -> bool:
    """Whether every part of the manifest holds now; the cheap parts are asked first."""
    return (manifest["format"] == FORMAT
            and manifest["options"] == option_key(options)
            and _same_now(manifest["now"], setting)
            and manifest["code"] == code_stamp()
            and _inputs_unchanged(manifest["inputs"], options)
            and manifest["output"] == output_digest(options))


def _same_now(recorded: dict, setting: tuple[str, str]) -> bool:
    # The recorded build ran with this site_config.yaml (its stat is compared too), so its
    # time zone is the one a build would read "now" in.
    try:
        moment = fixed_now(setting, ZoneInfo(recorded["timezone"]))
    except (ValueError, OverflowError, OSError):   # not a moment: the build reports it
        return False
    return _now_key(moment) == recorded


def _now_key(now: dt.datetime) -> dict:
    """The exact moment with its wall time, offset and fold, as the site's pages see it."""
    return {"timezone": str(now.tzinfo), "moment": now.isoformat(), "fold": now.fold}


def _inputs_unchanged(recorded: str, options: BuildOptions) -> bool:
    try:
        return input_stats(options).digest == recorded
    except Untrusted:
        return False


def option_key(options: BuildOptions) -> dict:
    """The options that shape the output (--jobs and the cache do not)."""
    return {"source": os.path.abspath(options.source), "out": os.path.abspath(options.out_dir),
            "drafts": bool(options.drafts), "base_url": options.base_url}


def code_stamp() -> str:
    """What code_fingerprint covers, read without importing a library: Budrus's sources by
    their bytes, and each library by the stat of the file Python would import it from
    (installing another version writes it anew), with the Python that runs them."""
    hasher = hashlib.sha256()
    hasher.update(repr((sys.version, sys.executable, sources_fingerprint())).encode())
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        hasher.update(repr(_library_record(name, origin)).encode())
    return hasher.hexdigest()


def _library_record(name: str, origin: str | None) -> tuple:
    try:
        return _record(name, os.stat(origin)) + (origin,)
    except (OSError, TypeError):   # not installed, or not from a file
        return (name, origin)


# -- the stat of the inputs and of the output ---------------------------------------------


def input_stats(options: BuildOptions) -> InputStats:
    """The stat of every file the build reads: site_config.yaml, the site's folders (all of
    content/, templates/, static/ and i18n/, without the output and cache folders) and the
    built-in theme. Raises Untrusted for a folder stat cannot follow."""
    taken_ns = time.time_ns()   # before the first stat: a later change is after it
    source = os.path.abspath(options.source)
    skipped = {os.path.abspath(options.out_dir), os.path.abspath(_cache_folder(options))}
    walk = _Walk(skipped, follow_links=True)
    walk.top(os.path.join(source, CONFIG_FILE))
    for name, skip_hidden in SITE_FOLDERS:
        walk.folder(os.path.join(source, name), skip_hidden)
    walk.folder(THEME, skip_hidden=False)
    return InputStats(taken_ns, walk.newest_ns, walk.digest())


def output_digest(options: BuildOptions) -> str:
    """The stat of every file and folder of the output tree: a file deleted, added, edited
    or replaced there changes it. (Its files are as new as the build, so the racy rule
    cannot apply: an edit that kept the size within the same clock tick as the build's
    end, which only a program racing the build could make, would go unseen.)"""
    out = os.path.abspath(options.out_dir)
    walk = _Walk({os.path.abspath(_cache_folder(options))}, follow_links=False)
    walk.top(out)
    walk.folder(out, skip_hidden=False)
    return walk.digest()


def _cache_folder(options: BuildOptions) -> str:
    return os.fspath(options.cache_dir if options.cache_dir is not None else options.source / ".cache")


class _Walk:
    """A walk in name order, depth first, that lists every entry it meets with its stat."""

    def __init__(self, skipped: set[str], follow_links: bool) -> None:
        self.records: list[tuple] = []
        self.newest_ns = 0
        self.skipped = skipped
        # Inputs are read through links (the link and what it leads to both count); the
        # output is only listed, since a build replaces whatever stands there.
        self.follow_links = follow_links

    def top(self, path: str) -> None:
        try:
            found = os.lstat(path)
        except FileNotFoundError:
            self.records.append((path, "absent"))
            return
        self._add(path, path, found)

    def folder(self, path: str, skip_hidden: bool) -> None:
        # Entries are listed by name (a folder's own records, opened by its path and closed
        # by an end mark, say where each belongs): half the text to hash of full paths.
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=_NAME)
        except (FileNotFoundError, NotADirectoryError):
            self.records.append((path, "no folder"))
            return
        self.records.append((path, "folder"))
        for entry in entries:
            if (skip_hidden and entry.name[0] == ".") or entry.path in self.skipped:
                continue
            if entry.is_dir(follow_symlinks=False):
                self.records.append((entry.name, entry.inode()))
                self.folder(entry.path, skip_hidden)
            else:
                self._add(entry.name, entry.path, entry.stat(follow_symlinks=False))
        self.records.append(("end",))

    def _add(self, name: str, path: str, found: os.stat_result) -> None:
        self.records.append(_record(name, found))
        self.newest_ns = max(self.newest_ns, found.st_mtime_ns)
        if self.follow_links and stat.S_ISLNK(found.st_mode):
            self._add_target(name, path)

    def _add_target(self, name: str, path: str) -> None:
        try:
            target = os.stat(path)
        except OSError:   # leads nowhere: the build says so
            self.records.append((name, "leads nowhere"))
            return
        if stat.S_ISDIR(target.st_mode):
            raise Untrusted(path)
        self.records.append(_record(name, target))
        self.newest_ns = max(self.newest_ns, target.st_mtime_ns)

    def digest(self) -> str:
        text = repr(self.records).encode("utf-8", "surrogateescape")
        return hashlib.sha256(text).hexdigest()


_NAME = operator.attrgetter("name")


def _record(name: str, found: os.stat_result) -> tuple:
    # The inode and the change time catch a file replaced or edited with its size and
    # modification time put back.
    return (name, found.st_mode, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


# -- the manifest file --------------------------------------------------------------------


def _read_manifest(path: str) -> dict:
    with open(path, "rb") as stored:
        manifest = json.loads(stored.read().decode("utf-8"))
    if not isinstance(manifest, dict):
        raise ValueError("not a manifest")
    return manifest


def _write_manifest(path: str, manifest: dict) -> None:
    """Write the manifest whole or not at all: written beside its place, then renamed."""
    temporary = f"{path}.new-{os.getpid()}"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "w", encoding="utf-8") as stored:
            json.dump(manifest, stored)   # escaped to ASCII: a file name may hold any code point
        os.replace(temporary, path)
    except OSError:   # the cache only ever saves time: without a manifest the next build is full
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _diagnostics(recorded: list) -> Diagnostics:
    items = []
    for path, line, severity, message in recorded:
        if not (isinstance(path, str) and isinstance(severity, str) and isinstance(message, str)):
            raise TypeError("not a diagnostic")
        items.append(Diagnostic(path, _whole_number(line), severity, message))
    return Diagnostics(items)


def _whole_number(value) -> int:
    if type(value) is not int or value < 0:
        raise TypeError("not a count")
    return value
