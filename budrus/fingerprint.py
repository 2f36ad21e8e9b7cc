"""Digests of values and of the code, for caches that must never serve a stale result.

`Fingerprinter.digest(value)` hashes a value by its structure (dataclass fields, mapping
items in their order, sequence items, dates, strings), so two values with equal digests
behave the same in every template and output function. Values are immutable during a
build, so digests of containers are remembered by identity.
"""
from __future__ import annotations

import copyreg
import dataclasses
import datetime as dt
import enum
import hashlib
import importlib
import io
import pickle
from functools import lru_cache
from pathlib import Path, PurePath
from types import MappingProxyType
from zoneinfo import ZoneInfo

from .model import LISTING_FIELDS, LONG_TEXT, Entry, Tag

PACKAGE_ROOT = Path(__file__).parent
# Libraries whose behaviour shapes the output: a new version must not reuse old results.
LIBRARIES = ("markdown", "jinja2", "babel", "yaml", "PIL", "segno", "icalendar")


class Unfingerprintable(TypeError):
    """A value whose content cannot be hashed faithfully (a function, an open file...)."""


# Values that many others contain: inside another value's pickle they are replaced by their
# own remembered digest, so an entry listed on a hundred pages is hashed once.
SHARED_TYPES = (Entry, Tag)


def share_by_digest(kind: type) -> type:
    """Add a type to SHARED_TYPES: a class decorator for types of modules that this one
    cannot import, such as the planned pages, which the sitemap's arguments list by the thousand."""
    global SHARED_TYPES
    if kind not in SHARED_TYPES:
        SHARED_TYPES = (*SHARED_TYPES, kind)
    return kind


class Fingerprinter:
    """Digests of values, remembered by object identity for the life of one build.

    A composite value is hashed as its pickle (which runs in C), with SHARED_TYPES inside
    it replaced by their own digests. Equal pickles mean equal values, so an equal digest
    never hides a change; a value pickled differently for no reason only costs a re-render."""

    def __init__(self, previous: Fingerprinter | None = None) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        # A warm process's next build starts from the digests of the objects the last build
        # hashed: entries, HTML and the like that did not change are the same objects again.
        self._previous = previous._memo if previous is not None else {}
        self._listings: dict[int, tuple[object, bytes]] = {}
        self._previous_listings = previous._listings if previous is not None else {}
        self._tables: dict[type | None, dict] = {}

    def digest(self, value: object) -> bytes:
        """The 32-byte digest of value; raises Unfingerprintable for opaque objects."""
        if _is_leaf(value) and not (type(value) is str and len(value) > LONG_TEXT):
            return _leaf_digest(value)
        found = self._memo.get(id(value)) or self._recall(value)
        if found is not None and found[0] is value:
            return found[1]
        if _is_leaf(value):   # a long text: hashed once while it lives
            self._memo[id(value)] = (value, _leaf_digest(value))
            return self._memo[id(value)][1]
        if type(value) is tuple and value and all(type(item) in SHARED_TYPES for item in value):
            # Common in reads (the tags of an entry, the guides of a page): no pickle needed.
            hasher = hashlib.sha256(b"tuple of shared values:%d:" % len(value))
            for item in value:
                hasher.update(self.digest(item))
            self._memo[id(value)] = (value, hasher.digest())
            return self._memo[id(value)][1]
        buffer = io.BytesIO()
        try:
            _DigestPickler(buffer, self._dispatch_table(type(value))).dump(self._long_texts_apart(value))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
            raise Unfingerprintable(f"cannot fingerprint a {type(value).__qualname__}: {exc}") from None
        result = hashlib.sha256(buffer.getvalue()).digest()
        # Keeping the value alive keeps its id from being reused by another object.
        self._memo[id(value)] = (value, result)
        return result

    def listing_digest(self, value: object) -> bytes:
        """The digest of what a list shows of an entry (LISTING_FIELDS), or of a tuple of
        entries: equal when the entries differ only in their bodies."""
        found = self._listings.get(id(value))
        if found is None:
            found = self._previous_listings.get(id(value))
        if found is not None and found[0] is value:
            self._listings[id(value)] = found
            return found[1]
        if type(value) is Entry:
            hasher = hashlib.sha256(b"listing:")
            for name in LISTING_FIELDS:
                field = getattr(value, name)
                if _is_leaf(field) and not (type(field) is str and len(field) > LONG_TEXT):
                    _feed_leaf(hasher, field)   # written with its type and length: no digest of its own
                else:
                    hasher.update(b"d")   # a leaf begins with "s" or a digit
                    hasher.update(self.digest(field))
        elif type(value) is tuple and all(type(item) is Entry for item in value):
            hasher = hashlib.sha256(b"listings:%d:" % len(value))
            listings = self._listings
            for item in value:
                found = listings.get(id(item))   # the common case, without a call
                hasher.update(found[1] if found is not None and found[0] is item else self.listing_digest(item))
        else:
            raise Unfingerprintable(f"a listing digest is of entries, not of a {type(value).__qualname__}")
        self._listings[id(value)] = (value, hasher.digest())
        return self._listings[id(value)][1]

    def _long_texts_apart(self, value: object) -> object:
        """An Entry or a mapping, as what its pickle stands for, with long texts as digests."""
        if type(value) in SHARED_TYPES:
            return (type(value).__qualname__, tuple(self._text_apart(getattr(value, field.name))
                                                    for field in dataclasses.fields(value)))
        if type(value) in (dict, MappingProxyType):
            return (type(value).__qualname__, tuple((key, self._text_apart(item)) for key, item in value.items()))
        return value

    def _text_apart(self, value: object) -> object:
        if type(value) is not str or len(value) < LONG_TEXT or value.isascii():
            return value
        return (_LongText, self.digest(value))

    def _dispatch_table(self, top: type) -> dict:
        # Shared values inside a value are written as their digest; the value itself is not.
        key = top if top in SHARED_TYPES else None
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = dict(copyreg.dispatch_table)
            for kind in SHARED_TYPES:
                if kind is not key:
                    table[kind] = self._stand_in
        return table

    def _stand_in(self, value: object) -> tuple:
        return (_digest_of, (self.digest(value),))

    def _recall(self, value: object) -> tuple[object, bytes] | None:
        found = self._previous.get(id(value))
        if found is not None and found[0] is value:
            self._memo[id(value)] = found
            return found
        return None


class _DigestPickler(pickle.Pickler):
    def __init__(self, buffer, dispatch_table: dict) -> None:
        super().__init__(buffer, protocol=5)
        self.dispatch_table = dispatch_table


# Pickling a str leaves a UTF-8 copy of it cached inside the str for the rest of its life
# (CPython does so for any text that is not ASCII). Entry bodies and their HTML, pickled
# whole here, would each be held twice: their long texts (LONG_TEXT) are hashed apart instead.


class _LongText:
    """Marks a long text hashed apart; a value of the site is never this class."""


def _digest_of(digest: bytes) -> bytes:
    """Stands for a shared value inside a digest's pickle; never called to unpickle one."""
    return digest


_LEAVES = (str, bytes, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, ZoneInfo,
           enum.Enum, PurePath)


def _leaf_digest(value: object) -> bytes:
    hasher = hashlib.sha256()
    _feed_leaf(hasher, value)
    return hasher.digest()


def _is_leaf(value: object) -> bool:
    return isinstance(value, _LEAVES)


def _feed_leaf(hasher, value: object) -> None:
    # The type's name is part of the digest: "1" and 1, or Markup and str, are different values.
    kind = type(value)
    if kind is str:   # the common case, kept short
        data = value.encode("utf-8", "surrogatepass")
        hasher.update(b"s%d:" % len(data))
        hasher.update(data)
        return
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, bytes):
        data = value
    elif isinstance(value, (dt.datetime, dt.time)):
        data = f"{value.isoformat()}|{value.tzinfo!s}|{value.fold}".encode()
    elif isinstance(value, ZoneInfo):
        data = str(value.key).encode()
    else:
        data = repr(value).encode()
    name = kind.__qualname__.encode()
    hasher.update(b"%d:%s%d:" % (len(name), name, len(data)))
    hasher.update(data)


def mapping_proxy_reducer(proxy: MappingProxyType):
    """Pickle support for read-only mappings: they come back as read-only mappings."""
    return read_only_mapping, (dict(proxy),)


def read_only_mapping(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of Budrus's Python code and of the libraries it renders with.

    Part of every cache key, so that an upgrade (or an edit to the code) can never reuse
    a result made by other code. The theme's templates, strings and static files are not
    code: they reach outputs as data (the templates' own fingerprint, the Site)."""
    hasher = hashlib.sha256()
    _feed_sources(hasher)
    for name in LIBRARIES:
        try:
            version = getattr(importlib.import_module(name), "__version__", "unknown")
        except ImportError:
            version = "absent"
        _feed_leaf(hasher, f"{name}=={version}")
    return hasher.hexdigest()


def sources_fingerprint() -> str:
    """Hash of Budrus's own Python code: the part of code_fingerprint that needs no library imported."""
    hasher = hashlib.sha256()
    _feed_sources(hasher)
    return hasher.hexdigest()


def _feed_sources(hasher) -> None:
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        if path.is_file():
            _feed_leaf(hasher, path.relative_to(PACKAGE_ROOT).as_posix())
            _feed_leaf(hasher, path.read_bytes())


def folder_fingerprint(*folders: Path) -> str:
    """Hash of every file (relative path and bytes) under the folders, in a sorted walk."""
    hasher = hashlib.sha256()
    for index, folder in enumerate(folders):
        _feed_leaf(hasher, index)
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                _feed_leaf(hasher, path.relative_to(folder).as_posix())
                _feed_leaf(hasher, path.read_bytes())
    return hasher.hexdigest()


copyreg.pickle(MappingProxyType, mapping_proxy_reducer)
