"""A text without "<" is checked without Python's HTML parser: the answers must not change."""
import random

import pytest

from budrus import sanitize
from budrus.markdown_html import LinkTargets, MarkdownConverter
from budrus.model import Entry
from budrus.sanitize import parsed_problems, raw_html_problems

BODY_LINE = 5

# Markdown without "<" that still makes tags with addresses, quotes, entities and escapes.
HOSTILE = [
    "[x](javascript:alert(1))\n",
    "![x](javascript:alert(1))\n",
    "![x](JaVaScRiPt:alert(1))\n",
    "![x](java&#09;script:alert(1))\n",
    "![x](&#106;avascript:alert(1))\n",
    "![x](&#x6A;avascript:alert(1))\n",
    "![x](vbscript:msgbox(1))\n",
    "[x](vbscript:msgbox(1))\n",
    "[x](&#106;avascript:alert(1))\n",
    "[x](java\\script:alert(1))\n",
    "![pixel](https://tracker.example/p.gif)\n",
    "![pixel](//tracker.example/p.gif)\n",
    "![pixel](HTTP://tracker.example/p.gif)\n",
    "![pixel](&#47;/tracker.example/p.gif)\n",
    "![x]('javascript:alert(1)')\n",
    "![x](\"javascript:alert(1)\")\n",
    "![x](//evil.example/a.png')\n",
    "![x](x.png \"title with 'quotes' and &quot; and &amp;\")\n",
    "[x](x.html 'single \" quoted')\n",
    "![it's](it's.png)\n",
    "![x](x.png\\\")\n",
    "[ref][r]\n\n[r]: javascript:alert(1)\n",
    "![ref][r]\n\n[r]: //evil.example/x.png \"t\"\n",
    "`javascript:alert(1)` and `&#106;avascript:` in code\n",
    "```javascript\nlocation = 'javascript:alert(1)'\n```\n",
    "``` {.x-y #z}\ncode \"quoted\" & 'single'\n```\n",
    "```'\"x\ncode\n```\n",
    "## Heading with &amp; and &lt;script&gt; and 'quotes'\n",
    "Footnote[^1] here.\n\n[^1]: A note with [a link](javascript:x) and ![i](//e.example/i.png).\n",
    "| a | b |\n|---|---|\n| ![x](//evil.example/t.png) | [y](javascript:y) |\n",
    "Escaped \\[x\\](javascript:alert(1)) is text.\n",
    "https://example.org/ and mailto:a@b.example are text without angle brackets.\n",
    "Entities &#60;script&#62;alert(1)&#60;/script&#62; and &lt;img src=x onerror=y&gt;\n",
    "> ![x](//evil.example/q.png)\n>\n> - [j](javascript:j)\n",
    "1. one\n2. ![x](data:image/png;base64,AAAA)\n",
    "[x](onclick)\n\n![onerror](onload.png \"onmouseover\")\n",
    "Same twice: ![x](//a.example/x.png) and ![x](//a.example/x.png)\n",
]
PLAIN = "## Kaip atpažinti\n\nTekstas su **paryškinimu**, [nuoroda](https://example.org/) ir ![pav](/a.png).\n"

FRAGMENTS = [
    "[x](", "![x](", ")", "javascript:", "&#106;", "&#x09;", "//evil.example/", "https://e.example/", "'", "\"",
    "&amp;", "&quot;", "\\", "`", "```", "\n", "\n\n", " ", "x.png", "[^1]", "[^1]: ", "## ", "| a |", "---",
    "*", "_", "[r]", "[r]: ", "on", "error", "=", "{", "}", "#", ".",
]


def entry(body: str) -> Entry:
    return Entry(source="content/pages/a.en.md", section="pages", key="pages/a", lang="en",
                 title="A", slug="a", url="/en/a/", summary="", date=None, updated=None,
                 tags=(), audience=(), draft=False, image=None, image_alt=None, aliases=(), weight=0,
                 body=body, body_line=BODY_LINE, line_of={})


def rendered_html(body: str) -> str:
    return MarkdownConverter(LinkTargets({}, frozenset(), "", allow_raw_html=True)).convert(entry(body)).html


def assert_same_answer(body: str) -> None:
    html = rendered_html(body)
    assert raw_html_problems(html, body, BODY_LINE) == parsed_problems(html, body, BODY_LINE)


@pytest.mark.parametrize("body", HOSTILE)
def test_a_text_without_angle_brackets_gets_the_answer_of_the_full_parse(body):
    assert "<" not in body
    assert_same_answer(body)


def test_random_texts_without_angle_brackets_get_the_answer_of_the_full_parse():
    chance = random.Random(20261129)
    for _ in range(400):
        assert_same_answer("".join(chance.choice(FRAGMENTS) for _ in range(chance.randint(1, 30))))


def test_hostile_addresses_written_in_markdown_are_still_found_without_the_parse(monkeypatch):
    def refuse(*_args):
        raise AssertionError("the parser runs only where it could find something")

    monkeypatch.setattr(sanitize._Scanner, "feed", refuse)
    assert raw_html_problems(rendered_html(PLAIN), PLAIN, BODY_LINE) == []
    monkeypatch.undo()
    for body, words in [("![x](javascript:alert(1))\n", "javascript:"), ("![x](&#106;avascript:x)\n", "javascript:"),
                        ("![x](//evil.example/p.gif)\n", "//evil.example/p.gif"),
                        ("![x](https://evil.example/p.gif)\n", "https://evil.example/p.gif")]:
        found = raw_html_problems(rendered_html(body), body, BODY_LINE)
        assert len(found) == 1 and found[0][0] == BODY_LINE and words in found[0][1]


def test_a_text_with_raw_html_is_always_parsed(monkeypatch):
    parsed = []
    original = sanitize._Scanner.feed
    monkeypatch.setattr(sanitize._Scanner, "feed", lambda self, data: parsed.append(data) or original(self, data))
    body = "Harmless <kbd>Ctrl</kbd>.\n"
    html = rendered_html(body)
    assert raw_html_problems(html, body, BODY_LINE) == [] and parsed == [html]
