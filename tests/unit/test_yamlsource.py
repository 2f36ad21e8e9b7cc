import pytest

from budrus.yamlsource import YamlError, load_yaml


def test_every_key_and_item_keeps_its_line_with_offset():
    doc = load_yaml("title: x\nsigns:\n  - a\n  - b\n", first_line=2)
    assert doc.line("title") == 2
    assert doc.line("signs", 1) == 5


def test_unknown_path_falls_back_to_nearest_parent_line():
    doc = load_yaml("a:\n  b: 1\n")
    assert doc.line("a", "c") == 1


def test_dates_stay_text_so_the_schema_can_explain_them():
    assert load_yaml("date: 2026-13-45\n").data == {"date": "2026-13-45"}


def test_unclosed_bracket_is_reported_where_it_was_opened():
    with pytest.raises(YamlError) as error:
        load_yaml("title: x\nsummary: [a, b\ndate: 2026-01-01\n", first_line=2)
    assert error.value.line == 3


def test_aliases_are_refused_so_a_yaml_bomb_cannot_expand():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n"
    with pytest.raises(YamlError, match="anchors and aliases"):
        load_yaml(bomb)


def test_a_key_written_twice_is_an_error_at_the_second():
    with pytest.raises(YamlError) as error:
        load_yaml("title: a\nsummary: b\ntitle: c\n")
    assert error.value.line == 3 and "written twice" in error.value.message
