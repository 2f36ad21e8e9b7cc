"""Warm state: Markdown reuse checked against link targets; unchanged files not rewritten."""
from __future__ import annotations

import os
from dataclasses import replace
from types import MappingProxyType

from budrus.incremental import BuildState
from budrus.markdown_html import LinkTargets
from budrus.model import Entry, OutputFile
from budrus.writer import update_site, write_site


def entry(body: str) -> Entry:
    return Entry(source="content/articles/a.en.md", section="articles", key="articles/a", lang="en",
                 title="A", slug="a", url="/en/articles/a/", summary="", date=None, updated=None, tags=(),
                 audience=(), draft=False, image=None, image_alt=None, aliases=(), weight=0, body=body,
                 body_line=5, line_of=MappingProxyType({}))


LINKED = "See [b](b.en.md)."


def targets(url: str | None) -> LinkTargets:
    published = {"content/articles/a.en.md": "/en/articles/a/"}
    if url:
        published["content/articles/b.en.md"] = url
    return LinkTargets(published, frozenset(["content/articles/a.en.md", "content/articles/b.en.md"]))


def test_markdown_is_reused_while_its_links_resolve_the_same(tmp_path):
    state = BuildState(tmp_path / "cache", jobs=1)
    state.render_markdown([entry(LINKED)], targets("/en/articles/b/"), {"en": "Back"})
    again = state.render_markdown([entry(LINKED)], targets("/en/articles/b/"), {"en": "Back"})
    assert state.stats["markdown_converted"] == 1 and state.stats["markdown_reused"] == 1
    assert 'href="/en/articles/b/"' in again["content/articles/a.en.md"].html


def test_markdown_is_converted_again_when_a_link_target_moves(tmp_path):
    state = BuildState(tmp_path / "cache", jobs=1)
    state.render_markdown([entry(LINKED)], targets("/en/articles/b/"), {"en": "Back"})
    moved = state.render_markdown([entry(LINKED)], targets("/en/articles/b-moved/"), {"en": "Back"})
    assert 'href="/en/articles/b-moved/"' in moved["content/articles/a.en.md"].html


def test_markdown_reports_a_link_that_became_unpublished(tmp_path):
    state = BuildState(tmp_path / "cache", jobs=1)
    state.render_markdown([entry(LINKED)], targets("/en/articles/b/"), {"en": "Back"})
    unpublished = state.render_markdown([entry(LINKED)], targets(None), {"en": "Back"})
    assert unpublished["content/articles/a.en.md"].problems


def test_markdown_cache_on_disk_serves_a_new_process(tmp_path):
    BuildState(tmp_path / "cache", jobs=1).render_markdown([entry(LINKED)], targets("/x/"), {"en": "Back"})
    fresh = BuildState(tmp_path / "cache", jobs=1)
    fresh.render_markdown([entry(LINKED)], targets("/x/"), {"en": "Back"})
    assert fresh.stats["markdown_reused"] == 1


def test_a_read_only_state_writes_nothing(tmp_path):
    state = BuildState(tmp_path / "cache", jobs=1, read_only=True)
    state.render_markdown([entry(LINKED)], targets("/x/"), {"en": "Back"})
    assert not (tmp_path / "cache").exists()


def test_write_site_links_unchanged_files_from_the_previous_output(tmp_path):
    out = tmp_path / "public"
    write_site([OutputFile("a/index.html", b"same"), OutputFile("b.txt", b"old")], out)
    before = os.stat(out / "a/index.html").st_ino
    written = write_site([OutputFile("a/index.html", b"same"), OutputFile("b.txt", b"new")], out)
    assert written == ["b.txt"]
    assert os.stat(out / "a/index.html").st_ino == before
    assert (out / "b.txt").read_bytes() == b"new"


def test_update_site_touches_only_changed_and_removed_files(tmp_path):
    out = tmp_path / "public"
    known: dict = {}
    update_site([OutputFile("a/index.html", b"same"), OutputFile("old/index.html", b"gone soon")], out, known)
    kept = os.stat(out / "a/index.html").st_ino
    touched = update_site([OutputFile("a/index.html", b"same"), OutputFile("c.txt", b"new")], out, known)
    assert touched == ["c.txt", "old/index.html"]
    assert os.stat(out / "a/index.html").st_ino == kept
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a", "a/index.html", "c.txt"]


def test_update_site_notices_a_file_changed_behind_its_back(tmp_path):
    out = tmp_path / "public"
    known: dict = {}
    update_site([OutputFile("a.txt", b"mine")], out, known)
    (out / "a.txt").write_bytes(b"edit")   # same size, other bytes
    update_site([OutputFile("a.txt", b"mine")], out, known)
    assert (out / "a.txt").read_bytes() == b"mine"


def test_update_site_restores_files_and_folders_deleted_behind_its_back_without_walking(tmp_path, monkeypatch):
    import shutil

    from budrus import writer

    out = tmp_path / "public"
    out.mkdir()
    known: dict = {}
    files = [OutputFile("a/index.html", b"a"), OutputFile("b/c/index.html", b"c"), OutputFile("d.txt", b"d")]
    update_site(files, out, known)   # an unknown folder: walked once

    def no_walk(root):
        raise AssertionError("the output folder was walked again")

    monkeypatch.setattr(writer, "_existing_files", no_walk)
    assert update_site(files, out, known) == []
    (out / "d.txt").unlink()
    shutil.rmtree(out / "b")
    assert update_site(files, out, known) == ["b/c/index.html", "d.txt"]
    assert (out / "b/c/index.html").read_bytes() == b"c" and (out / "d.txt").read_bytes() == b"d"
    assert update_site(files[:1], out, known) == ["b/c/index.html", "d.txt"]   # no longer made: removed
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a", "a/index.html"]


def test_entries_parsed_once_are_reused_for_the_same_bytes(tmp_path):
    from budrus.content import SourceFile

    calls = []

    def parse(file, config, diagnostics):
        calls.append(file.path)
        diagnostics.warning(file.path, 2, "a warning that must be repeated")
        return replace(entry("x"), source=file.path)

    state = BuildState(None, jobs=1)
    file = SourceFile("content/articles/a.en.md", "articles", "articles/a", "en", b"---\ntitle: A\n---\n")
    from budrus.diagnostics import Diagnostics
    first, second = Diagnostics(), Diagnostics()
    state.parse_entries([file], {"config": 1}, parse, first)
    state.parse_entries([file], {"config": 1}, parse, second)
    assert calls == ["content/articles/a.en.md"]
    assert second.items == first.items


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_spare_tree_is_brought_up_to_date_by_bytes(tmp_path):
    out, spare = tmp_path / "public", tmp_path / "cache/output/x"
    write_site([OutputFile("a/index.html", b"one"), OutputFile("gone.txt", b"old")], out, spare)
    write_site([OutputFile("a/index.html", b"two"), OutputFile("gone.txt", b"old")], out, spare)
    assert spare.is_dir()   # the first output, kept for the next build
    (spare / "a/index.html").write_bytes(b"tampered")
    (spare / "extra.txt").write_bytes(b"not made by any build")
    files = [OutputFile("a/index.html", b"one"), OutputFile("b/c/index.html", b"three")]
    write_site(files, out, spare)
    assert tree(out) == {"a/index.html": b"one", "b/c/index.html": b"three"}
    assert not (out / "gone.txt").exists()


def test_a_spare_tree_with_a_file_where_a_folder_goes_is_replaced(tmp_path):
    out, spare = tmp_path / "public", tmp_path / "cache/output/x"
    spare.mkdir(parents=True)
    (spare / "a").write_bytes(b"a file where a folder must go")
    (out).mkdir()
    write_site([OutputFile("a/index.html", b"page")], out, spare)
    assert tree(out) == {"a/index.html": b"page"}


def test_kept_files_of_the_spare_tree_never_change_the_current_output(tmp_path):
    out, spare = tmp_path / "public", tmp_path / "cache/output/x"
    write_site([OutputFile("same.txt", b"same"), OutputFile("x.txt", b"1")], out, spare)
    write_site([OutputFile("same.txt", b"same"), OutputFile("x.txt", b"2")], out, spare)
    write_site([OutputFile("same.txt", b"same"), OutputFile("x.txt", b"3")], out, spare)
    assert tree(out) == {"same.txt": b"same", "x.txt": b"3"}
    assert tree(spare) == {"same.txt": b"same", "x.txt": b"2"}


def test_whole_site_outputs_are_reused_until_what_they_read_changes(tmp_path):
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Tiny:
        title: str
        unrelated: str

    CALLS.clear()
    state = BuildState(tmp_path / "cache", jobs=1)
    assert state.call(title_file, Tiny("a", "x")) == [OutputFile("t.txt", b"a")]
    state.finish()
    assert state.call(title_file, Tiny("a", "y")) == [OutputFile("t.txt", b"a")]
    state.finish()
    assert state.call(title_file, Tiny("b", "y")) == [OutputFile("t.txt", b"b")]
    assert len(CALLS) == 2


CALLS: list[int] = []


def title_file(site):
    CALLS.append(1)
    return [OutputFile("t.txt", site.title.encode())]


def test_an_output_that_cannot_be_kept_is_still_returned(tmp_path):
    state = BuildState(tmp_path / "cache", jobs=1)
    result = state.call(lambda site: [lambda: None], object())
    assert len(result) == 1 and callable(result[0])


def test_a_parsed_entry_comes_back_from_the_cache_whole(tmp_path):
    from budrus.content import SourceFile
    from budrus.diagnostics import Diagnostics

    body = "## Ženklai\n\nŠiandien – ne rytoj.\n" * 40
    file = SourceFile("content/articles/a.lt.md", "articles", "articles/a", "lt", b"---\ntitle: A\n---\n")

    def parse(file, config, diagnostics):
        diagnostics.warning(file.path, 2, "kept with the entry")
        return replace(entry("x"), source=file.path, body=body)

    first, second = Diagnostics(), Diagnostics()
    made = BuildState(tmp_path / "cache", jobs=1).parse_entries([file], {"config": 1}, parse, first)
    read = BuildState(tmp_path / "cache", jobs=1).parse_entries([file], {"config": 1}, lambda *a: None, second)
    assert read == made and read[0].body == body
    assert second.items == first.items


def test_a_stored_record_comes_back_whole_and_leaves_no_copy_in_the_entries_it_read():
    import pickle
    import sys

    from budrus.incremental import OutputRecord
    from budrus.tracing import Arg

    read = entry("## Ženklai\n\nŠiandien – ne rytoj.\n" * 40)
    record = OutputRecord("static", ((("call", "tags_of", (Arg(b"d" * 32, read),), ()), b"answer"),), b"<html>")
    size = sys.getsizeof(read.body)
    restored = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert restored == record and restored.reads[0][0][2][0].value == read
    assert sys.getsizeof(read.body) == size   # no UTF-8 copy left inside the body
    text = "Šiandien – ne rytoj. " * 40
    size = sys.getsizeof(text)
    pickle.dumps(text)
    assert sys.getsizeof(text) > size   # which pickling the str itself leaves: the reason for it


def test_an_entry_sent_to_a_worker_or_the_cache_comes_back_equal_and_leaves_its_texts_as_they_were():
    import pickle
    import sys

    from budrus.model import LONG_TEXT

    long_summary = "Ūkininkai ir statybų įmonės. " * 40
    original = replace(entry("## Ženklai\n\nŠiandien – ne rytoj.\n" * 40), summary=long_summary, title="Trumpas ž")
    sizes = [sys.getsizeof(original.body), sys.getsizeof(original.summary)]
    restored = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
    assert restored == original and type(restored.body) is str and restored.lastmod == original.lastmod
    assert [sys.getsizeof(original.body), sys.getsizeof(original.summary)] == sizes
    assert len(original.title) < LONG_TEXT   # short texts go as they are
    short = entry("ASCII body " * 100)
    assert pickle.loads(pickle.dumps(short)) == short
