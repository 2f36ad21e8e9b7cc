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


def billion_laughs(levels: int = 12) -> str:
    """Each level lists the one before nine times: 9**12 strings if aliases were expanded."""
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_in_milliseconds():
    import time

    started = time.perf_counter()
    with pytest.raises(YamlError) as refused:
        load_yaml(billion_laughs(), first_line=2)
    assert time.perf_counter() - started < 0.5
    assert refused.value.line == 3 and "aliases" in refused.value.message   # the first *alias


def test_deep_nesting_is_a_yaml_error_not_a_crash():
    with pytest.raises(YamlError) as refused:
        load_yaml("x: " + "[" * 20000 + "]" * 20000 + "\n")
    assert "nesting depth" in refused.value.message


@pytest.mark.parametrize("text", ["x: " + "[" * 999 + "]" * 999, "x: " + "{a: " * 600 + "1" + "}" * 600])
def test_nesting_the_parser_accepts_is_still_refused_before_it_can_crash(text):
    with pytest.raises(YamlError, match="nested more than 32 levels"):
        load_yaml("title: x\n" + text + "\n")


def test_a_control_character_is_reported_on_its_line_in_one_sentence():
    with pytest.raises(YamlError) as refused:
        load_yaml("title: x\nsummary: a\x1fb\n", first_line=2)
    assert refused.value.line == 3
    assert refused.value.message == ("invalid YAML: the character U+001F is not allowed in YAML "
                                     "(an invisible control character; delete it)")
