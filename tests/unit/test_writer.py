import os

from budrus.diagnostics import Diagnostics
from budrus.model import OutputFile
from budrus.writer import Outputs, write_site


def test_new_output_replaces_the_old_one_whole(tmp_path):
    out = tmp_path / "public"
    write_site([OutputFile("a/index.html", b"one"), OutputFile("old.html", b"x")], out)
    write_site([OutputFile("a/index.html", b"two")], out)
    assert (out / "a/index.html").read_bytes() == b"two"
    assert not (out / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_leftovers_of_a_killed_build_are_cleaned_and_an_interrupted_swap_restored(tmp_path):
    out = tmp_path / "public"
    (tmp_path / ".public.new-999").mkdir()
    retired = tmp_path / ".public.old-999"
    retired.mkdir()
    (retired / "index.html").write_bytes(b"previous")
    write_site([OutputFile("index.html", b"next")], out)
    assert (out / "index.html").read_bytes() == b"next"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_two_outputs_for_one_path_are_refused():
    diagnostics = Diagnostics()
    outputs = Outputs()
    outputs.add(OutputFile("a.html", b"1"))
    outputs.add(OutputFile("a.html", b"2"))
    outputs.report_duplicates(diagnostics)
    assert [d.message for d in diagnostics.errors] == ["two outputs would be written to this path"]


def test_the_new_output_is_swapped_in_without_a_moment_without_output(tmp_path, monkeypatch):
    from pathlib import Path

    out = tmp_path / "public"
    write_site([OutputFile("index.html", b"one")], out)

    def no_rename(self, target):   # the two-step swap would need these renames
        raise AssertionError(f"renamed {self} to {target}")

    monkeypatch.setattr(Path, "rename", no_rename)
    write_site([OutputFile("index.html", b"two")], out)
    assert (out / "index.html").read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_file_where_the_output_folder_goes_is_kept_and_reported(tmp_path):
    import pytest

    from budrus.writer import WriteFailed

    (tmp_path / "public").write_bytes(b"notes")
    with pytest.raises(WriteFailed, match="public is a file, not a folder"):
        write_site([OutputFile("index.html", b"x")], tmp_path / "public")
    with pytest.raises(WriteFailed, match="public is a file, not a folder"):
        write_site([OutputFile("index.html", b"x")], tmp_path / "public" / "site")
    assert (tmp_path / "public").read_bytes() == b"notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_updating_in_place_removes_stale_files_and_the_folders_they_leave_empty(tmp_path):
    import os
    from budrus.writer import update_site
    out, known = tmp_path / "out", {}
    files = [OutputFile("index.html", b"home"), OutputFile("a/b/index.html", b"deep"), OutputFile("c/x.txt", b"x")]
    update_site(files, out, known)
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", out / "linked")
    assert update_site(files, out, known) == []
    touched = update_site([files[0], OutputFile("c/x.txt", b"y")], out, known)
    assert touched == ["c/x.txt", "a/b/index.html"]
    assert not (out / "a").exists() and (out / "c/x.txt").read_bytes() == b"y"
    assert (out / "linked").is_symlink()   # a link to a folder is neither entered nor removed


def staging_folders(out):
    return sorted(out.parent.glob(f".{out.name}.new-*"))


def test_each_file_is_in_the_staging_folder_as_soon_as_it_is_added(tmp_path):
    from budrus.writer import Staging

    out = tmp_path / "public"
    staging = Staging(out)
    staging.open()
    staging.add(OutputFile("a/index.html", b"one"))
    assert (staging.root / "a/index.html").read_bytes() == b"one"
    assert not out.exists()
    assert staging.commit() == ["a/index.html"]
    assert (out / "a/index.html").read_bytes() == b"one" and not staging_folders(out)


def test_a_discarded_staging_tree_leaves_the_output_as_it_was_and_no_folder_behind(tmp_path):
    from budrus.writer import Staging

    out = tmp_path / "public"
    write_site([OutputFile("a/index.html", b"old"), OutputFile("b.txt", b"kept")], out)
    staging = Staging(out)
    staging.open()
    staging.add(OutputFile("a/index.html", b"half of a new site"))
    staging.discard()
    assert (out / "a/index.html").read_bytes() == b"old" and (out / "b.txt").read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_discarded_tree_becomes_the_spare_and_the_next_build_is_exact(tmp_path):
    from budrus.writer import Staging

    out, spare = tmp_path / "public", tmp_path / "cache/output/x"
    write_site([OutputFile("a/index.html", b"one"), OutputFile("gone.txt", b"old")], out, spare)
    staging = Staging(out, spare)
    staging.open()
    staging.add(OutputFile("stray.txt", b"made by a build that then failed"))
    staging.discard()
    assert spare.is_dir() and not staging_folders(out)
    write_site([OutputFile("a/index.html", b"two")], out, spare)
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} \
        == {"a/index.html": b"two"}


def test_a_file_and_a_file_below_its_path_are_refused():
    from budrus.writer import Outputs

    outputs = Outputs()
    for path in ("a/b", "a/b/index.html", "c/d/index.html", "c/d", "e/index.html"):
        outputs.record(path, None)
    assert outputs.duplicates == ["a/b/index.html", "c/d"]


def test_collected_outputs_keep_the_bytes_in_order():
    from budrus.writer import CollectedOutputs

    outputs = CollectedOutputs()
    outputs.add(OutputFile("b.txt", b"2"))
    outputs.record("a.txt", outputs.put("a.txt", b"1"))
    assert outputs.files == [OutputFile("b.txt", b"2"), OutputFile("a.txt", b"1")] and len(outputs) == 2


def test_a_first_build_leaves_a_spare_tree_of_links_that_spares_writing_after_the_output_is_deleted(tmp_path):
    import shutil

    out, spare = tmp_path / "public", tmp_path / "cache/output/x"
    files = [OutputFile("a/index.html", b"one"), OutputFile("b.txt", b"two")]
    assert sorted(write_site(files, out, spare)) == ["a/index.html", "b.txt"]
    assert os.stat(spare / "a/index.html").st_ino == os.stat(out / "a/index.html").st_ino
    shutil.rmtree(out)
    assert write_site([*files, OutputFile("c.txt", b"new")], out, spare) == ["c.txt"]
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} \
        == {"a/index.html": b"one", "b.txt": b"two", "c.txt": b"new"}


def test_a_file_shared_with_the_spare_tree_is_replaced_never_rewritten_in_place(tmp_path):
    out, spare = tmp_path / "public", tmp_path / "cache/output/x"
    write_site([OutputFile("a/index.html", b"one")], out, spare)
    linked = os.stat(out / "a/index.html").st_ino
    write_site([OutputFile("a/index.html", b"changed")], out, spare)
    assert (out / "a/index.html").read_bytes() == b"changed"
    assert os.stat(out / "a/index.html").st_ino != linked
    assert (spare / "a/index.html").read_bytes() == b"one"   # the replaced output, untouched
