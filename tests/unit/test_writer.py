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
