"""Digests of values and of the code, for caches that must never serve a stale result.

`Fingerprinter.digest(value)` hashes a value by its structure (dataclass fields, mapping
items in their order, sequence items, dates, strings), so two values with equal digests
behave the same in every template and output function. Values are immutable during a
build, so digests of containers are remembered by identity.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import importlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path, PurePath
from types import MappingProxyType
from zoneinfo import ZoneInfo

PACKAGE_ROOT = Path(__file__).parent
# Libraries whose behaviour shapes the output: a new version must not reuse old results.
LIBRARIES = ("markdown", "jinja2", "babel", "yaml", "PIL", "segno")


class Unfingerprintable(TypeError):
    """A value whose content cannot be hashed faithfully (a function, an open file...)."""


class Fingerprinter:
    """Structural digests, remembered by object identity for the life of one build."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}

    def digest(self, value: object) -> bytes:
        """The 32-byte digest of value; raises Unfingerprintable for opaque objects."""
        if _is_leaf(value):
            hasher = hashlib.sha256()
            _feed_leaf(hasher, value)
            return hasher.digest()
        found = self._memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        hasher = hashlib.sha256()
        self._feed_composite(hasher, value)
        result = hasher.digest()
        # Keeping the value alive keeps its id from being reused by another object.
        self._memo[id(value)] = (value, result)
        return result

    def _feed(self, hasher, value: object) -> None:
        if _is_leaf(value):
            _feed_leaf(hasher, value)
        else:
            hasher.update(b"#" + self.digest(value))

    def _feed_composite(self, hasher, value: object) -> None:
        kind = type(value)
        if kind is tuple or kind is list:
            hasher.update(b"(%d" % len(value))
            for item in value:
                self._feed(hasher, item)
        elif isinstance(value, Mapping):
            hasher.update(b"{%d" % len(value))
            for key, item in value.items():
                self._feed(hasher, key)
                self._feed(hasher, item)
        elif isinstance(value, (set, frozenset)):
            hasher.update(b"<%d" % len(value))
            for item_digest in sorted(self.digest(item) for item in value):
                hasher.update(item_digest)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            _feed_leaf(hasher, f"{kind.__module__}.{kind.__qualname__}")
            for field in dataclasses.fields(value):
                _feed_leaf(hasher, field.name)
                self._feed(hasher, getattr(value, field.name))
        else:
            raise Unfingerprintable(f"cannot fingerprint a {kind.__qualname__}")


_LEAVES = (str, bytes, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, ZoneInfo,
           enum.Enum, PurePath)


def _is_leaf(value: object) -> bool:
    return isinstance(value, _LEAVES)


def _feed_leaf(hasher, value: object) -> None:
    # The type's name is part of the digest: "1" and 1, or Markup and str, are different values.
    kind = type(value)
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
    """Hash of Budrus's own code and theme and of the libraries it renders with.

    Part of every cache key, so that an upgrade (or an edit to the code) can never reuse
    a result made by other code."""
    hasher = hashlib.sha256()
    for path in sorted(PACKAGE_ROOT.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            _feed_leaf(hasher, path.relative_to(PACKAGE_ROOT).as_posix())
            _feed_leaf(hasher, path.read_bytes())
    for name in LIBRARIES:
        try:
            version = getattr(importlib.import_module(name), "__version__", "unknown")
        except ImportError:
            version = "absent"
        _feed_leaf(hasher, f"{name}=={version}")
    return hasher.hexdigest()


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
