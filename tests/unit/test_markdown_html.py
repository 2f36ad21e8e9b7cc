from bs4 import BeautifulSoup

from budrus.markdown_html import LinkTargets, MarkdownConverter
from budrus.model import Entry

TARGETS = LinkTargets(
    published={"content/guides/loverboy.lt.md": "/lt/atpazinimas/loverboy/"},
    known=frozenset({"content/guides/loverboy.lt.md", "content/guides/draft.lt.md"}),
)


def entry(body: str) -> Entry:
    return Entry(source="content/articles/a.lt.md", section="articles", key="articles/a", lang="lt",
                 title="A", slug="a", url="/lt/straipsniai/a/", summary="", date=None, updated=None,
                 tags=(), audience=(), draft=False, image=None, image_alt=None, aliases=(), weight=0,
                 body=body, body_line=6, line_of={})


def convert(body: str, targets: LinkTargets = TARGETS):
    rendered = MarkdownConverter(targets).convert(entry(body))
    return BeautifulSoup(rendered.html, "html.parser"), rendered.problems


def test_source_path_link_becomes_the_entry_url_with_its_anchor():
    html, problems = convert("[gidas](../guides/loverboy.lt.md#zenklai)")
    assert problems == [] and html.a["href"] == "/lt/atpazinimas/loverboy/#zenklai"


def test_link_to_a_missing_entry_is_an_error_at_its_file_line():
    _, problems = convert("Pirma.\n\nAntra [x](../guides/none.lt.md).\n")
    assert problems == [(8, "the link to content/guides/none.lt.md points nowhere: no such entry")]


def test_link_to_an_unpublished_entry_is_an_error():
    _, problems = convert("[x](../guides/draft.lt.md)")
    assert "not published" in problems[0][1]


def test_site_paths_get_the_base_path():
    html, _ = convert("[x](/lt/)", LinkTargets({}, frozenset(), "/sub"))
    assert html.a["href"] == "/sub/lt/"


def test_external_links_open_without_referrer():
    html, _ = convert("[x](https://example.net/)")
    assert html.a["rel"] == ["noopener", "noreferrer"]


def test_javascript_links_are_errors():
    _, problems = convert("[x](javascript:alert(1))")
    assert problems and "javascript:" in problems[0][1]


def test_tables_fences_footnotes_and_anchors():
    html, _ = convert("## Ženklai\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\nX[^1]\n\n[^1]: note\n")
    assert html.h2["id"] == "zenklai"
    assert html.table and html.pre.code.get_text() == "code\n"
    assert html.select_one("div.footnote")


def test_the_converter_is_reusable_between_entries():
    converter = MarkdownConverter(TARGETS)
    first = converter.convert(entry("X[^1]\n\n[^1]: one\n")).html
    second = converter.convert(entry("Y\n")).html
    assert "footnote" in first and "footnote" not in second


def test_tables_can_be_focused_to_scroll_them_from_the_keyboard():
    html, _ = convert("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert html.table["tabindex"] == "0"
