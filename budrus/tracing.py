"""Record what an output reads from the Site, and check later whether those reads still agree.

An output (a page, a feed...) is a deterministic function of the code, the templates, its
own small arguments and whatever it reads from the Site. Rendering it with a `TracedSite`
in place of the Site records every read: an attribute, a method call with its arguments, a
key of a mapping. Each read is stored with the digest of what it returned. On a later build
`replay` performs the same reads on the new Site: if every one returns a value with the same
digest, the output would follow the same path and produce the same bytes, so it need not be
rendered again. No list of dependencies is kept by hand: the trace is the list.

A page's recorder is `narrow`: an entry it reads (or a tuple of entries, as a list page
reads them) is recorded by what a list shows of it (model.LISTING_FIELDS) and handed over
as a `TracedEntry`, which records any other field (the body...) when it is read. A list
page is then reused when only the body of a listed entry changed, unless it read that body.
"""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .fingerprint import Fingerprinter, Unfingerprintable
from .model import LISTING_FIELDS, Entry


class _Absent(enum.Enum):
    """What a read returned when the key was not there (a KeyError is also an answer)."""

    KEY = "absent key"


@dataclass(frozen=True)
class Arg:
    """An argument of a traced call: compared by digest, replayed with the value itself."""

    digest: bytes
    value: Any

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Arg) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)


Step = tuple  # ("attr", name) | ("call", name, args, kwargs) | ("item", key) | ("contains", key) | ("whole",)
#               | ("listing",): the last step only, the value's listing digest instead of its digest
Read = tuple  # a path of steps from the Site


class Recorder:
    """The reads of one output, each with the digest of its result."""

    def __init__(self, fingerprinter: Fingerprinter, narrow: bool = False) -> None:
        self.fingerprinter = fingerprinter
        self.reads: dict[Read, bytes] = {}
        self.faithful = True   # False when some result could not be fingerprinted
        self.narrow = narrow   # entries read are recorded by their listing (see the module's doc)

    def note(self, read: Read, value: object) -> None:
        if read in self.reads:
            return
        try:
            self.reads[read] = self.fingerprinter.digest(value)
        except Unfingerprintable:
            self.faithful = False

    def note_listing(self, read: Read, value: object) -> None:
        """Record what a list shows of an entry or a tuple of entries (replayed as such)."""
        read = read + (LISTING,)
        if read in self.reads:
            return
        try:
            self.reads[read] = self.fingerprinter.listing_digest(value)
        except Unfingerprintable:
            self.faithful = False

    def arg(self, value: object) -> object:
        """An argument as it goes into a read's key: primitives as they are, the rest by digest.

        A traced entry goes in as the entry itself, whole: what the call does with it is not traced."""
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        value = untraced(value)
        try:
            return Arg(self.fingerprinter.digest(value), value)
        except Unfingerprintable:
            self.faithful = False
            return Arg(b"", value)


class TracedSite:
    """Stands in for the Site (or any read-only object) and records every read through it."""

    def __init__(self, target: object, recorder: Recorder, path: Read = ()) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_recorder", recorder)
        object.__setattr__(self, "_path", path)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)   # protocol probes (__html__, __len__...) are not reads
        value = getattr(self._target, name)
        path = self._path + (("attr", name),)
        if callable(value) and not isinstance(value, type):
            return _TracedMethod(value, self._recorder, self._path, name)
        return _wrap(value, self._recorder, path)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("the Site is read-only while outputs are rendered")


class _TracedMethod:
    def __init__(self, method, recorder: Recorder, path: Read, name: str) -> None:
        self._method, self._recorder, self._path, self._name = method, recorder, path, name

    def __call__(self, *args, **kwargs):
        step = ("call", self._name, tuple(self._recorder.arg(a) for a in args),
                tuple(sorted((k, self._recorder.arg(v)) for k, v in kwargs.items())))
        args = tuple(untraced(a) for a in args)
        kwargs = {k: untraced(v) for k, v in kwargs.items()}
        return _wrap(self._method(*args, **kwargs), self._recorder, self._path + (step,))


LISTING = ("listing",)


class TracedEntry:
    """Stands in for an entry that a page read: the fields a list shows are already recorded
    (by the listing digest of the read that gave it); any other read is recorded as it is made."""

    __slots__ = ("_target", "_recorder", "_path")

    def __init__(self, target: Entry, recorder: Recorder, path: Read) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_recorder", recorder)
        object.__setattr__(self, "_path", path)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self._target, name)
        if name not in _LISTED:
            self._recorder.note(self._path + (("attr", name),), value)
        return value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("the Site is read-only while outputs are rendered")

    def __eq__(self, other: object) -> bool:
        # Entries of one Site are equal when they are the same entry: a listed field (source).
        return self._target == untraced(other)

    def __hash__(self) -> int:
        return hash(self._target)

    def __reduce_ex__(self, protocol):
        raise TypeError("a traced entry stands in for an entry while a page renders; it is not data")

    def __repr__(self) -> str:
        return f"TracedEntry({self._target.source!r})"


_LISTED = frozenset(LISTING_FIELDS)


def untraced(value: object) -> object:
    """The entry behind a TracedEntry (also inside a tuple or list); anything else as it is."""
    if type(value) is TracedEntry:
        return value._target
    if type(value) in (tuple, list) and any(type(item) is TracedEntry for item in value):
        return type(value)(untraced(item) for item in value)
    return value


def traced_entries(entries: tuple[Entry, ...], recorder: Recorder, read: Read) -> tuple[TracedEntry, ...]:
    """The entries as a traced page sees them; each found again by `read` + its index."""
    return tuple(TracedEntry(entry, recorder, read + (("item", index),)) for index, entry in enumerate(entries))


class TracedMapping(Mapping):
    """A read-only mapping of the Site whose key lookups are recorded one by one."""

    def __init__(self, target: Mapping, recorder: Recorder, path: Read) -> None:
        self._target, self._recorder, self._path = target, recorder, path

    def __getitem__(self, key):
        try:
            value = self._target[key]
        except KeyError:
            self._recorder.note(self._path + (("item", key),), _Absent.KEY)
            raise
        return _wrap(value, self._recorder, self._path + (("item", key),))

    def __contains__(self, key) -> bool:
        found = key in self._target
        self._recorder.note(self._path + (("contains", key),), found)
        return found

    def _whole(self) -> Mapping:
        # Iterating or counting depends on every key and value: record the whole mapping.
        self._recorder.note(self._path + (("whole",),), self._target)
        return self._target

    def __iter__(self):
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def keys(self):
        return self._whole().keys()

    def items(self):
        return self._whole().items()

    def values(self):
        return self._whole().values()


def _wrap(value: object, recorder: Recorder, path: Read):
    if isinstance(value, Mapping):
        return TracedMapping(value, recorder, path)
    if recorder.narrow:
        if type(value) is Entry:
            recorder.note_listing(path, value)
            return TracedEntry(value, recorder, path)
        if type(value) is tuple and value and all(type(item) is Entry for item in value):
            recorder.note_listing(path, value)
            return traced_entries(value, recorder, path)
    recorder.note(path, value)
    return value


def answer_key(read: Read) -> Read:
    """`read` as a key of a mapping of answers: equal to it (an Arg compares by digest) but
    without the arguments' values, which are whole entries read back with each output: a
    build's answers to thousands of reads would otherwise hold a copy of every entry."""
    if not any(step[0] == "call" for step in read):
        return read
    return tuple(_step_key(step) if step[0] == "call" else step for step in read)


def _step_key(step: Step) -> Step:
    kind, name, args, kwargs = step
    return (kind, name, tuple(_arg_key(a) for a in args), tuple((k, _arg_key(v)) for k, v in kwargs))


def _arg_key(value: object) -> object:
    return Arg(value.digest, None) if isinstance(value, Arg) else value


def replay(site: object, read: Read, fingerprinter: Fingerprinter) -> bytes | None:
    """The digest that `read` gives on `site` now; None when it cannot be performed."""
    value = site
    try:
        if read and read[-1] == LISTING:
            for step in read[:-1]:
                value = _perform(value, step)
            return fingerprinter.listing_digest(value)
        for step in read:
            value = _perform(value, step)
        return fingerprinter.digest(value)
    except Exception:   # noqa: BLE001 - any failure means "not the same": render again
        return None


def _perform(value: object, step: Step) -> object:
    kind = step[0]
    if kind == "attr":
        return getattr(value, step[1])
    if kind == "call":
        args = [a.value if isinstance(a, Arg) else a for a in step[2]]
        kwargs = {k: v.value if isinstance(v, Arg) else v for k, v in step[3]}
        return getattr(value, step[1])(*args, **kwargs)
    if kind == "item":
        try:
            return value[step[1]]
        except KeyError:
            return _Absent.KEY
    if kind == "contains":
        return step[1] in value
    if kind == "whole":
        return value
    raise ValueError(f"unknown step {kind!r}")
