from budrus.diagnostics import Diagnostics
from budrus.model import OutputFile
from budrus.writer import find_duplicates, write_site


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
    find_duplicates([OutputFile("a.html", b"1"), OutputFile("a.html", b"2")], diagnostics)
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
