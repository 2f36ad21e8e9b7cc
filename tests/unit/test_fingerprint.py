"""Digests that caches may trust: equal values agree, any difference shows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest
from markupsafe import Markup

from budrus.fingerprint import Fingerprinter, Unfingerprintable, code_fingerprint, folder_fingerprint


@dataclass(frozen=True)
class Item:
    name: str
    when: dt.datetime
    tags: tuple[str, ...]
    extra: MappingProxyType


def item(**changes) -> Item:
    base = Item("a", dt.datetime(2026, 1, 2, 3, 4, tzinfo=ZoneInfo("Europe/Vilnius")), ("x", "y"),
                MappingProxyType({"k": 1}))
    return replace(base, **changes)


def test_equal_values_built_separately_have_equal_digests():
    assert Fingerprinter().digest(item()) == Fingerprinter().digest(item())


@pytest.mark.parametrize("change", [
    {"name": "b"},
    {"when": dt.datetime(2026, 1, 2, 3, 5, tzinfo=ZoneInfo("Europe/Vilnius"))},
    {"when": dt.datetime(2026, 1, 2, 3, 4, tzinfo=ZoneInfo("UTC"))},
    {"tags": ("y", "x")},
    {"extra": MappingProxyType({"k": 2})},
])
def test_a_change_anywhere_changes_the_digest(change):
    assert Fingerprinter().digest(item(**change)) != Fingerprinter().digest(item())


def test_types_are_part_of_the_digest():
    digest = Fingerprinter().digest
    assert digest("1") != digest(1)
    assert digest(Markup("<b>")) != digest("<b>")
    assert digest(("ab", "c")) != digest(("a", "bc"))


def test_a_value_is_hashed_once_per_fingerprinter():
    fingerprinter = Fingerprinter()
    value = item()
    assert fingerprinter.digest(value) is fingerprinter.digest(value)


def test_a_lambda_cannot_be_fingerprinted():
    with pytest.raises(Unfingerprintable):
        Fingerprinter().digest((lambda: 1,))


def test_the_code_fingerprint_is_stable_within_a_process():
    assert code_fingerprint() == code_fingerprint()
    assert len(code_fingerprint()) == 64


@pytest.mark.parametrize("library", ["icalendar", "segno", "PIL"])
def test_a_new_version_of_a_library_that_shapes_the_output_changes_the_code_fingerprint(monkeypatch, library):
    import importlib

    before = code_fingerprint()
    monkeypatch.setattr(importlib.import_module(library), "__version__", "0.0.0-other")
    code_fingerprint.cache_clear()
    try:
        assert code_fingerprint() != before
    finally:
        monkeypatch.undo()
        code_fingerprint.cache_clear()
    assert code_fingerprint() == before


def test_folder_fingerprint_follows_file_bytes_and_names(tmp_path):
    (tmp_path / "a.html").write_text("one", encoding="utf-8")
    first = folder_fingerprint(tmp_path)
    (tmp_path / "a.html").write_text("two", encoding="utf-8")
    second = folder_fingerprint(tmp_path)
    (tmp_path / "a.html").rename(tmp_path / "b.html")
    third = folder_fingerprint(tmp_path)
    assert len({first, second, third}) == 3
    assert folder_fingerprint(tmp_path / "missing") != folder_fingerprint(tmp_path)


def test_a_next_build_takes_the_digests_of_objects_still_in_use_and_hashes_new_ones():
    earlier = Fingerprinter()
    kept, gone = item(), item(name="gone")
    digest = earlier.digest(kept)
    earlier.digest(gone)
    later = Fingerprinter(earlier)
    assert later.digest(kept) is digest                 # the same object: not hashed again
    assert later.digest(item()) == digest               # an equal new object: the same digest
    assert later.digest(item(name="new")) != digest
    latest = Fingerprinter(later)                        # two builds on: only what `later` used is kept
    assert id(kept) in latest._previous and id(gone) not in latest._previous


def test_long_texts_are_hashed_once_and_still_differ_by_content():
    fingerprinter = Fingerprinter()
    text = "žodis " * 200
    assert fingerprinter.digest(text) is fingerprinter.digest(text)
    assert fingerprinter.digest(text) == Fingerprinter().digest("žodis " * 200)
    assert fingerprinter.digest(text) != fingerprinter.digest(text + ".")
    assert fingerprinter.digest(Markup(text)) != fingerprinter.digest(text)


def test_a_tuple_of_entries_or_tags_has_a_digest_of_its_own_that_follows_every_member():
    from budrus.model import Tag
    digest = Fingerprinter().digest
    a, b = Tag("a", "A", "lt", "/lt/zymos/a/", ("x",)), Tag("b", "B", "lt", "/lt/zymos/b/", ("x",))
    assert digest((a, b)) == digest((Tag(*dataclasses_fields(a)), b))
    assert len({digest((a, b)), digest((b, a)), digest((a,)), digest((a, b, b)),
                digest((a, Tag("b", "B", "lt", "/lt/zymos/b/", ("y",))))}) == 5
    assert digest((a,)) != digest([a]) and digest(()) != digest((a,))


def dataclasses_fields(value) -> tuple:
    import dataclasses
    return tuple(getattr(value, f.name) for f in dataclasses.fields(value))
