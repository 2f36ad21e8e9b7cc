import pytest

from budrus.markdown_html import LinkTargets, MarkdownConverter
from budrus.model import Entry
from budrus.sanitize import is_script_url, raw_html_problems

BODY_LINE = 5   # the Markdown starts on line 5 of the file, after the front matter


def entry(body: str) -> Entry:
    return Entry(source="content/pages/a.en.md", section="pages", key="pages/a", lang="en",
                 title="A", slug="a", url="/en/a/", summary="", date=None, updated=None,
                 tags=(), audience=(), draft=False, image=None, image_alt=None, aliases=(), weight=0,
                 body=body, body_line=BODY_LINE, line_of={})


def problems(body: str, allow_raw_html: bool = False) -> list[tuple[int, str]]:
    targets = LinkTargets({}, frozenset(), "", allow_raw_html)
    return MarkdownConverter(targets).convert(entry(body)).problems


@pytest.mark.parametrize("body, line, words", [
    ("Text.\n\n<script>alert(1)</script>\n", 7, "<script>"),
    ("Text with <script>alert(1)</script> inline.\n", 5, "<script>"),
    ("One.\n\n<style>body { display: none }</style>\n", 7, "<style>"),
    ("<iframe src=\"https://example.com/\"></iframe>\n", 5, "<iframe>"),
    ("A <b>b</b> and <iframe src=x></iframe> inline.\n", 5, "<iframe>"),
    ("One.\n\nTwo <img src=x onerror=\"alert(1)\"> here.\n", 7, '"onerror"'),
    ("<div onclick=\"steal()\">\nblock\n</div>\n", 5, '"onclick"'),
    ("<a href=\"javascript:alert(1)\">x</a>\n", 5, "javascript:"),
    ("<a href=\"JaVa&#x09;ScRiPt:alert(1)\">x</a>\n", 5, "javascript:"),
    ("<object data=\"x.swf\"></object>\n", 5, "<object>"),
    ("<noscript><p title=\"</noscript><img src=x>\"></p></noscript>\n", 5, "<noscript>"),
    # A browser ends a comment at "<!-->"; Python's parser reads on to "-->".
    ("Text <!--><img src=x onerror=alert(1)>--> here.\n", 5, '"onerror"'),
    ("One.\n\n<!-- a --!><a href=\"javascript:alert(1)\">x</a> -->\n", 7, "javascript:"),
    ("A <img title=\"a>b\" onerror=alert(1)> quoted bracket.\n", 5, '"onerror"'),
    ("<IMG SRC=x ONERROR=alert(1)>\n", 5, '"onerror"'),
])
def test_dangerous_raw_html_is_an_error_at_its_line(body, line, words):
    found = problems(body)
    assert found and found[0][0] == line and words in found[0][1]


def test_every_problem_is_reported_each_at_its_own_line():
    body = "<script>a()</script>\n\nText.\n\n<script>b()</script>\n\n<p onmouseover=\"c()\">x</p>\n"
    assert [line for line, _ in problems(body)] == [5, 9, 11]


def test_harmless_raw_html_passes():
    assert problems("Press <kbd>Ctrl</kbd>.<br>\n\n<details><summary>More</summary>Text.</details>\n") == []
    assert problems("An <abbr title=\"on the way\">OTW</abbr> and <!-- a note -->\n") == []


def test_a_forbidden_tag_is_reported_once_though_both_scans_see_it():
    assert len(problems("<span onclick=\"x()\">y</span> and <span onclick=\"x()\">y</span>\n")) == 2


def test_script_shown_as_code_is_text_not_html():
    body = "Write `<script>` like this:\n\n```html\n<script src=\"x.js\"></script>\n<a onclick=\"x()\">\n```\n"
    assert problems(body) == []


def test_allow_raw_html_lets_the_html_through_unchanged():
    targets = LinkTargets({}, frozenset(), "", allow_raw_html=True)
    rendered = MarkdownConverter(targets).convert(entry("<iframe src=\"https://example.com/\"></iframe>\n"))
    assert rendered.problems == [] and "<iframe" in rendered.html


def test_markdown_javascript_link_is_reported_once():
    found = problems("[x](javascript:alert(1))\n")
    assert len(found) == 1 and found[0][0] == 5


def test_markdown_image_with_a_javascript_address_is_an_error():
    assert "javascript:" in problems("![x](javascript:alert(1))\n")[0][1]


@pytest.mark.parametrize("value, expected", [
    ("javascript:alert(1)", True), (" JAVASCRIPT:x", True), ("java\nscript:x", True),
    ("&#106;avascript:x", True), ("vbscript:x", True),
    ("https://example.org/javascript:", False), ("/lt/", False), ("#javascript", False),
])
def test_script_addresses_are_recognised_however_they_are_written(value, expected):
    assert is_script_url(value) is expected


def test_a_repeated_tag_maps_to_its_own_line():
    body = "<span onclick=\"a()\">x</span>\n\n<span onclick=\"a()\">x</span>\n"
    assert [line for line, _ in raw_html_problems(body, body, 3)] == [3, 5]


def test_a_raw_tag_never_closed_is_an_error_and_scanned_in_linear_time():
    import time

    body = "<div>\nFine.\n" + "<a b=" * 20_000 + "\n"
    started = time.perf_counter()
    found = raw_html_problems(body, body, 5)
    assert time.perf_counter() - started < 1
    assert found == [(7, 'the HTML tag <a is never closed with ">"; close it, or write &lt; for a < sign')]


def test_thousands_of_unclosed_tags_are_refused_before_markdown_spends_minutes_on_them():
    import time

    body = "Intro.\n\n<div>\n" + "<a b=" * 100_000 + "\n"
    started = time.perf_counter()
    found = problems(body)
    assert time.perf_counter() - started < 1
    assert found == [(8, 'the text has 100000 "<" signs that open HTML tags never closed with ">"; '
                         'write &lt; for a "<" meant as text')]


def test_a_few_unclosed_signs_are_text_as_markdown_makes_them():
    assert problems("Compare a <b and c <d.\n\n" + "x <y " * 150 + "\n") == []


@pytest.mark.parametrize("body, address", [
    ("![pixel](https://tracker.example/p.gif)\n", "https://tracker.example/p.gif"),
    ("<img src=\"//cdn.example/x.png\" alt=\"x\">\n", "//cdn.example/x.png"),
    ("<img srcset=\"/a.png 1x, https://x.example/b.png 2x\" src=\"/a.png\" alt=\"\">\n", "https://x.example/b.png"),
    ("<video poster=\"http://x.example/p.jpg\"></video>\n", "http://x.example/p.jpg"),
])
def test_a_picture_or_video_from_another_site_is_an_error(body, address):
    assert problems(body) == [(5, f"<{'video' if 'video' in body else 'img'}> would load {address} from another "
                                  "site; pages load nothing from other hosts: put the file in static/ and write "
                                  "its path, like /images/x.jpg")]


def test_pictures_of_the_site_and_links_elsewhere_pass():
    assert problems("![a](/images/a.png) ![b](b.png) ![c](data:image/gif;base64,R0lGOD)\n\n"
                    "[a link elsewhere](https://example.org/)\n") == []
