from budrus.diagnostics import Diagnostic, Diagnostics, did_you_mean


def test_format_is_path_line_severity_message():
    assert str(Diagnostic("content/a.lt.md", 3, "error", "bad")) == "content/a.lt.md:3: error: bad"


def test_did_you_mean_offers_the_closest_word_or_nothing():
    assert did_you_mean("summery", ["summary", "title"]) == ' (did you mean "summary"?)'
    assert did_you_mean("zzz", ["summary", "title"]) == ""


def test_sorted_is_by_file_and_line_without_duplicates():
    diagnostics = Diagnostics()
    diagnostics.error("b.md", 1, "x")
    diagnostics.error("a.md", 9, "y")
    diagnostics.error("a.md", 9, "y")
    assert [str(d) for d in diagnostics.sorted()] == ["a.md:9: error: y", "b.md:1: error: x"]
