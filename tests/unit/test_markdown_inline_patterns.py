"""Inline patterns are tried only where their character occurs: the HTML must not change."""
import random
from pathlib import Path

import pytest

from bench.generate import generate_site
from budrus.markdown_html import PATTERN_TRIGGERS, LinkTargets, MarkdownConverter
from budrus.model import Entry

ROOT = Path(__file__).resolve().parents[2]
TARGETS = LinkTargets({"content/guides/loverboy.lt.md": "/lt/atpazinimas/loverboy/"},
                      frozenset({"content/guides/loverboy.lt.md"}))

SAMPLES = [
    "Plain text, no markup at all.\n",
    "A `code span` with [a link](https://example.org/) and *emphasis*.\n",
    "Escapes: \\*not emphasis\\*, \\[not a link\\], \\`no code\\`.\n",
    "An ![image](/a.png \"title\") and a [reference][r] and [r] and ![r].\n\n[r]: /lt/ \"T\"\n",
    "Autolink <https://example.org/> and mail <a@b.example> and <b>html</b> and &amp; &copy; &#169;.\n",
    "Line  \nbreak and tab\there.\n",
    "Footnote[^1] and another[^note].\n\n[^1]: One.\n[^note]: Two with `code` & more.\n",
    "```\n<script>`x` & \\y ![z](w)</script>\n```\n\nAfter the fence: plain.\n",
    "<div>\nA raw block with `backticks` & entities &amp;.\n</div>\n\nThen text.\n",
    "| a | b |\n|---|---|\n| `x\\|y` | [l](../guides/loverboy.lt.md) |\n",
    "> Quote with **strong** and __strong__ and _em_ and ~~no~~.\n",
    "## Heading with `code` and &amp;\n\nText!\n",
    "Exclamation! Not an image. And [brackets] without a link.\n",
    "Ampersand & alone, less-than < alone, backslash \\ alone.\n",
    "- list with `a`\n- and <i>b</i>\n\n1. one &gt; two\n",
    "Setext\n======\n\nText with a trailing backslash\\\nnext line.\n",
    "[TOC]\n\n## One\n\nText.\n\n### Two\n\n## Three\n",
    "Intro.\n\n  [TOC]  \n\n## One\n\n> [TOC]\n\n- [TOC]\n\n## Two\n",
    "\\[TOC]\n\n`[TOC]`\n\n[TOC][]\n\n[[TOC]]\n\n## Heading\n",
    "[TOC]: /lt/\n\n## A reference named like the marker\n",
    "[T\x02OC]\n\n## A marker once control characters are dropped\n",
    "```\n[TOC]\n```\n\n## Only in code\n",
]
FRAGMENTS = ["[TOC]", "## h", "`", "\\", "!", "[", "]", "(", ")", "<", ">", "&", ";", "*", "_", "  \n", "\n\n", "\t", " ", "a",
             "#", "x.png", "https://e.example/", "@", "[^1]", "[^1]: ", "> ", "- ", "1. ", "```", "|", "---", "amp",
             "&amp;", "<b>", "</b>", "<!--", "-->", "'", "\"", "ą", "\r\n", "<https://e.example/>", "<a@b.example>"]


def entry(body: str) -> Entry:
    return Entry(source="content/articles/a.lt.md", section="articles", key="articles/a", lang="lt",
                 title="A", slug="a", url="/lt/straipsniai/a/", summary="", date=None, updated=None,
                 tags=(), audience=(), draft=False, image=None, image_alt=None, aliases=(), weight=0,
                 body=body, body_line=6, line_of={})


def every_pattern_converter() -> MarkdownConverter:
    """A converter that tries every inline pattern everywhere and looks for the table of
    contents' marker in every text, as Python-Markdown does."""
    converter = MarkdownConverter(TARGETS)
    converter._md.preprocessors.deregister("budrus_inline_patterns")
    converter._md.preprocessors.deregister("budrus_toc_marker")
    return converter


def assert_same_html(bodies) -> None:
    chosen, every = MarkdownConverter(TARGETS), every_pattern_converter()
    for body in bodies:
        expected = every.convert(entry(body))
        found = chosen.convert(entry(body))
        assert (found.html, found.problems, found.links) == (expected.html, expected.problems, expected.links), body


def test_the_samples_render_as_with_every_pattern():
    assert_same_html(SAMPLES)


def test_random_texts_render_as_with_every_pattern():
    chance = random.Random(31)
    assert_same_html("".join(chance.choice(FRAGMENTS) for _ in range(chance.randint(1, 40))) for _ in range(600))


def test_the_project_content_and_fixtures_render_as_with_every_pattern():
    files = sorted([*ROOT.glob("content/**/*.md"), *ROOT.glob("tests/fixtures/**/*.md")])
    assert len(files) > 50
    assert_same_html(path.read_text(encoding="utf-8") for path in files)


def test_a_generated_site_renders_as_with_every_pattern(tmp_path):
    generate_site(tmp_path / "site", 40, seed=3)
    files = sorted((tmp_path / "site" / "content").glob("*/*.md"))
    assert_same_html(path.read_text(encoding="utf-8").split("\n---\n", 1)[1] for path in files)


@pytest.mark.parametrize("name", sorted(PATTERN_TRIGGERS))
def test_a_pattern_left_out_cannot_match_a_text_without_its_character(name):
    pattern = MarkdownConverter(TARGETS)._md.inlinePatterns[name].compiled_re
    char = PATTERN_TRIGGERS[name]
    assert pattern.search("".join(FRAGMENTS)) is not None   # it does match where its character is
    chance = random.Random(name)
    without = [fragment for fragment in FRAGMENTS if char not in fragment]
    for _ in range(300):
        assert pattern.search("".join(chance.choice(without) for _ in range(chance.randint(1, 60)))) is None


def test_a_plain_text_is_spared_the_patterns_of_absent_characters():
    converter = MarkdownConverter(TARGETS)
    converter.convert(entry("Just words and *emphasis*.\n"))
    tried = converter._md.treeprocessors["inline"].inlinePatterns
    assert len(tried) == len(converter._md.inlinePatterns) - len(PATTERN_TRIGGERS)


@pytest.mark.parametrize("body, has_contents", [
    ("[TOC]\n\n## One\n", True),
    ("[T\x02OC]\n\n## One\n", True),   # Python-Markdown drops the control character first
    ("Intro.\n\n## One\n", False),
    ("\\[TOC]\n\n## One\n", False),
])
def test_the_table_of_contents_is_placed_only_where_its_marker_is(body, has_contents):
    html = MarkdownConverter(TARGETS).convert(entry(body)).html
    assert ('<div class="toc">' in html) is has_contents
    assert 'id="one"' in html
