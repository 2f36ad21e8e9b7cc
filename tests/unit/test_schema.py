import datetime as dt

from budrus.diagnostics import Diagnostics
from budrus.schema import Checker, Field
from budrus.yamlsource import load_yaml

SCHEMA = {
    "title": Field("str", required=True, max_len=10),
    "date": Field("date"),
    "start": Field("datetime"),
    "count": Field("int"),
    "tags": Field("list", item=Field("str"), default=()),
    "kind": Field("str", choices=("safe", "risky")),
    "name": Field("localized"),
}


def check(text: str):
    diagnostics = Diagnostics()
    checker = Checker(load_yaml(text, first_line=2), "x.md", diagnostics, ("lt", "en"))
    values = checker.mapping(checker.doc.data, SCHEMA)
    return values, [str(d) for d in diagnostics.sorted()]


def test_valid_values_are_converted():
    values, problems = check("title: T\ndate: 2026-12-03\nstart: 2026-12-03T10:00\ntags: one\nname: {lt: a, en: b}\n")
    assert problems == []
    assert values["date"] == dt.date(2026, 12, 3)
    assert values["start"] == dt.datetime(2026, 12, 3, 10, 0)
    assert values["tags"] == ("one",)


def test_unknown_key_warns_with_a_hint_at_its_line():
    _, problems = check("title: T\ntitel: U\n")
    assert problems == ['x.md:3: warning: unknown key "titel" (did you mean "title"?); it is ignored']


def test_every_problem_is_reported_at_its_line():
    _, problems = check("date: yesterday\ncount: many\nkind: maybe\ntitle: far too long a title\n")
    assert problems == [
        'x.md:2: error: "date" must be a real date written YYYY-MM-DD, not \'yesterday\'',
        'x.md:3: error: "count" must be a whole number, not \'many\'',
        "x.md:4: error: \"kind\" is 'maybe'; allowed values: safe, risky",
        'x.md:5: error: "title" is 20 characters long; at most 10 are allowed',
    ]


def test_missing_required_key_is_reported():
    _, problems = check("date: 2026-01-01\n")
    assert problems == ['x.md:2: error: missing required key "title"']


def test_localized_text_needs_every_language():
    _, problems = check("title: T\nname: {lt: a}\n")
    assert problems == ['x.md:3: error: "name" has no text for the language "en"']


def test_nested_list_items_are_named_by_position():
    diagnostics = Diagnostics()
    doc = load_yaml("items:\n  - {answer: safe}\n  - {answer: rizikinga}\n")
    schema = {"items": Field("list", item=Field("map", fields={"answer": Field("str", choices=("safe", "risky"))}))}
    Checker(doc, "g.md", diagnostics).mapping(doc.data, schema)
    assert [str(d) for d in diagnostics.items] == ["g.md:3: error: \"items[2].answer\" is 'rizikinga'; allowed values: safe, risky"]
