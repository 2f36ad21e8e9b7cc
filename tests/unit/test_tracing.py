"""Traces of what an output reads, and their replay on a changed Site."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import pytest

from budrus.fingerprint import Fingerprinter
from budrus.tracing import Arg, Recorder, TracedSite, answer_key, replay


@dataclass(frozen=True)
class FakeSite:
    title: str
    html: MappingProxyType
    count: int

    def greeting(self, name: str) -> str:
        return f"{self.title}, {name}"


def site(**changes) -> FakeSite:
    values = {"title": "Hello", "html": MappingProxyType({"a.md": "<p>A</p>", "b.md": "<p>B</p>"}), "count": 2}
    values.update(changes)
    return FakeSite(**values)


def traced(function, target):
    recorder = Recorder(Fingerprinter())
    result = function(TracedSite(target, recorder))
    return result, recorder.reads


def agrees(reads, target) -> bool:
    fingerprinter = Fingerprinter()
    return all(replay(target, read, fingerprinter) == digest for read, digest in reads.items())


def test_attribute_method_and_key_reads_are_recorded():
    result, reads = traced(lambda s: (s.title, s.greeting("Ona"), s.html["a.md"]), site())
    assert result == ("Hello", "Hello, Ona", "<p>A</p>")
    steps = {read[-1][:2] for read in reads}
    assert steps == {("attr", "title"), ("call", "greeting"), ("item", "a.md")}


def test_a_change_to_an_unread_key_keeps_the_trace_valid():
    _result, reads = traced(lambda s: s.html["a.md"], site())
    assert agrees(reads, site(html=MappingProxyType({"a.md": "<p>A</p>", "b.md": "<p>changed</p>"})))


def test_a_change_to_a_read_key_invalidates_the_trace():
    _result, reads = traced(lambda s: s.html["a.md"], site())
    assert not agrees(reads, site(html=MappingProxyType({"a.md": "<p>new</p>", "b.md": "<p>B</p>"})))


def test_iterating_a_mapping_depends_on_all_of_it():
    _result, reads = traced(lambda s: sorted(s.html), site())
    assert not agrees(reads, site(html=MappingProxyType({"a.md": "<p>A</p>", "b.md": "<p>B2</p>"})))
    assert agrees(reads, site())


def test_a_missing_key_is_an_answer_too():
    def lookup(s):
        try:
            return s.html["c.md"]
        except KeyError:
            return None

    _result, reads = traced(lookup, site())
    assert agrees(reads, site())
    assert not agrees(reads, site(html=MappingProxyType({"c.md": "<p>C</p>"})))


def test_method_results_are_compared_not_the_method():
    _result, reads = traced(lambda s: s.greeting("Ona"), site())
    assert agrees(reads, site(count=3))
    assert not agrees(reads, site(title="Labas"))


def test_a_read_that_fails_on_the_new_site_does_not_agree():
    _result, reads = traced(lambda s: s.html["a.md"], site())
    assert not agrees(reads, object())


def test_the_traced_site_is_read_only():
    with pytest.raises(AttributeError):
        TracedSite(site(), Recorder(Fingerprinter())).title = "x"


def test_a_page_that_needs_the_real_site_is_rendered_without_a_trace(tmp_path):
    from budrus.incremental import BuildState, _render_one
    from budrus.model import OutputFile
    from budrus.render import RenderError
    from budrus.writer import CollectedOutputs

    class Page:
        path, url = "a/index.html", "/a/"

    def render_page(target, env, source, page):
        if not isinstance(target, FakeSite):
            raise RenderError("templates/a.html", 3, "template error: needs the real site")
        return OutputFile(page.path, target.title.encode())

    state = BuildState(tmp_path / "cache", jobs=1)
    outputs = CollectedOutputs()
    path, token, record, problem = _render_one(
        (site(), None, tmp_path, [Page()], [(0, "static")], render_page, state, outputs), 0)
    assert (path, token, record, problem) == ("a/index.html", b"Hello", None, None)


# -- narrow reads of entries (pages) ----------------------------------------------------------

from dataclasses import replace   # noqa: E402

from budrus.model import Entry   # noqa: E402
from budrus.tracing import TracedEntry   # noqa: E402


def an_entry(source: str, **changes) -> Entry:
    values = dict(source=source, section="articles", key=source, lang="en", title="T", slug="t", url=f"/{source}/",
                  summary="S", date=None, updated=None, tags=("x",), audience=(), draft=False, image=None,
                  image_alt=None, aliases=(), weight=0, body="Body text.", body_line=5, line_of={})
    values.update(changes)
    return Entry(**values)


@dataclass(frozen=True)
class EntrySite:
    entries: tuple

    def first(self):
        return self.entries[0] if self.entries else None

    def tags_of(self, entry: Entry) -> tuple:
        return entry.tags


def narrow_traced(function, target):
    recorder = Recorder(Fingerprinter(), narrow=True)
    result = function(TracedSite(target, recorder))
    return result, recorder.reads


ENTRIES = (an_entry("a"), an_entry("b"))


def test_a_narrow_trace_of_listed_entries_ignores_their_bodies():
    result, reads = narrow_traced(lambda s: [e.title for e in s.entries], EntrySite(ENTRIES))
    assert result == ["T", "T"]
    assert agrees(reads, EntrySite((replace(ENTRIES[0], body="Another body."), ENTRIES[1])))
    for change in ({"title": "U"}, {"summary": "Other"}, {"tags": ("y",)}, {"url": "/moved/"}):
        assert not agrees(reads, EntrySite((ENTRIES[0], replace(ENTRIES[1], **change)))), change
    assert not agrees(reads, EntrySite(ENTRIES[::-1]))
    assert not agrees(reads, EntrySite(ENTRIES[:1]))


def test_a_narrow_trace_records_a_body_that_is_read():
    _result, reads = narrow_traced(lambda s: [e.body for e in s.entries][1:], EntrySite(ENTRIES))
    assert not agrees(reads, EntrySite((replace(ENTRIES[0], title="U"), ENTRIES[1])))   # listed: the title
    assert not agrees(reads, EntrySite((ENTRIES[0], replace(ENTRIES[1], body="Changed."))))
    _result, reads = narrow_traced(lambda s: s.first().body, EntrySite(ENTRIES))
    assert not agrees(reads, EntrySite((replace(ENTRIES[0], body="Changed."), ENTRIES[1])))
    assert agrees(reads, EntrySite((ENTRIES[0], replace(ENTRIES[1], body="Changed."))))


def test_a_narrow_trace_of_one_entry_notices_it_is_gone():
    _result, reads = narrow_traced(lambda s: bool(s.first()), EntrySite(ENTRIES))
    assert agrees(reads, EntrySite(ENTRIES))
    assert not agrees(reads, EntrySite(()))


def test_a_traced_entry_goes_into_a_call_as_the_whole_entry():
    def tags_of_first(s):
        first = s.first()
        assert isinstance(first, TracedEntry)
        return s.tags_of(first)

    result, reads = narrow_traced(tags_of_first, EntrySite(ENTRIES))
    assert result == ("x",)
    (call,) = [read for read in reads if read[-1][:2] == ("call", "tags_of")]
    assert call[-1][2][0].value is ENTRIES[0]   # the entry itself, not the stand-in: replayed with it
    assert agrees(reads, EntrySite((replace(ENTRIES[0], body="Changed."), ENTRIES[1])))
    assert not agrees(reads, EntrySite((replace(ENTRIES[0], tags=("y",)), ENTRIES[1])))


def test_traced_entries_compare_as_their_entries_and_are_not_data():
    import pickle

    traced = TracedSite(EntrySite(ENTRIES), Recorder(Fingerprinter(), narrow=True)).entries
    assert traced[0] == ENTRIES[0] and ENTRIES[0] == traced[0] and traced[0] != ENTRIES[1]
    with pytest.raises(TypeError):
        pickle.dumps(traced[0])
    with pytest.raises(AttributeError):
        traced[0].title = "U"

@dataclass(frozen=True)
class Visitor:
    name: str
    notes: str


@dataclass(frozen=True)
class VisitorSite:
    title: str

    def greet(self, visitor: Visitor, loud: bool = False) -> str:
        return f"{self.title}, {visitor.name}" + ("!" if loud else "")


def test_an_answer_key_equals_its_read_but_holds_no_argument_value():
    visitor = Visitor("Ona", "a long text " * 1000)
    _, reads = traced(lambda s: s.greet(visitor, loud=True), VisitorSite("Labas"))
    (read,) = [r for r in reads if r[0][0] == "call"]
    key = answer_key(read)
    assert key == read and hash(key) == hash(read)
    assert {key: b"answer"}[read] == b"answer"
    held = [a.value for step in key for a in (*step[2], *(v for _k, v in step[3])) if isinstance(a, Arg)]
    assert held == [None]   # the Visitor is not kept, only its digest
    assert replay(VisitorSite("Labas"), read, Fingerprinter()) == reads[read]


def test_a_read_without_calls_is_its_own_answer_key():
    _, reads = traced(lambda s: s.html["a.md"], site())
    (read,) = reads
    assert answer_key(read) is read
