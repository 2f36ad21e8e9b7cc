"""The raw-HTML rule: an entry's text may not bring script, styles or other sites into a page.

Every page promises its readers no script but the site's own. Markdown itself never makes
a <script>, an event handler or a javascript: address, so whatever of these reaches the
rendered HTML was written as raw HTML by an editor. The rendered HTML is parsed here (what
the browser will get, so code blocks, where `<script>` is only text, pass), and each
problem is mapped back to the line of the Markdown file it was written on.
A site whose config says `allow_raw_html: true` skips this check.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

_NO_SCRIPT = "pages run no script but the site's own"
_NO_EMBED = "pages show nothing from other sites inside them"
_PAGE_WIDE = "it would change how the whole page works"
_PARSER_TRICK = "browsers read what is inside it in different ways, which can hide a script"
FORBIDDEN_ELEMENTS = {
    "script": _NO_SCRIPT, "applet": _NO_SCRIPT,
    "style": "the theme styles every page",
    "iframe": _NO_EMBED, "frame": _NO_EMBED, "frameset": _NO_EMBED, "object": _NO_EMBED, "embed": _NO_EMBED,
    "base": _PAGE_WIDE, "meta": _PAGE_WIDE, "link": _PAGE_WIDE,
    "noscript": _PARSER_TRICK, "noembed": _PARSER_TRICK, "noframes": _PARSER_TRICK,
    "xmp": _PARSER_TRICK, "plaintext": _PARSER_TRICK,
}
_SCRIPT_SCHEMES = ("javascript:", "vbscript:")
# Attributes whose address the browser loads by itself, without a click.
_LOADED = ("src", "srcset", "poster", "background", "data")
_OTHER_HOST = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
# Browsers ignore ASCII whitespace and control characters inside a scheme: "java\tscript:".
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def is_script_url(value: str) -> bool:
    """Whether a browser would run `value` as script when it is followed or loaded."""
    cleaned = _IGNORED_IN_SCHEME.sub("", html.unescape(value)).lower()
    return cleaned.startswith(_SCRIPT_SCHEMES)


def _tag_problems(tag: str, attrs) -> tuple[tuple[str, ...], list[str]]:
    """What is forbidden in one start tag: (the offending attribute values, messages)."""
    messages, values = [], []
    if tag in FORBIDDEN_ELEMENTS:
        messages.append(f"the HTML element <{tag}> is not allowed in an entry: {FORBIDDEN_ELEMENTS[tag]}")
    for name, value in attrs:
        if name.startswith("on"):
            messages.append(f'the HTML attribute "{name}" on <{tag}> is not allowed in an entry: {_NO_SCRIPT}')
            values.append(value or "")
        elif value and is_script_url(value):
            messages.append(f'a javascript: address in "{name}" of <{tag}> is not allowed in an entry: '
                            f"{_NO_SCRIPT}")
            values.append(value)
        elif value and name in _LOADED and tag not in FORBIDDEN_ELEMENTS and (address := address_elsewhere(value)):
            messages.append(f"<{tag}> would load {address} from another site; pages load nothing from other "
                            "hosts: put the file in static/ and write its path, like /images/x.jpg")
            values.append(value)
    return tuple(values), messages


def address_elsewhere(value: str) -> str | None:
    """The first address of `value` (one, or a srcset list) on another host, or None."""
    for candidate in (part.split()[0] for part in value.split(",") if part.strip()):
        if _OTHER_HOST.match(_IGNORED_IN_SCHEME.sub("", html.unescape(candidate))):
            return candidate
    return None


class _Scanner(HTMLParser):
    """Collects every start tag with a forbidden element or attribute, and why."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, tuple[str, ...], list[str]]] = []  # (tag as written, values, messages)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values, messages = _tag_problems(tag, attrs)
        if messages:
            self.found.append((self.get_starttag_text() or f"<{tag}", values, messages))

    handle_startendtag = handle_starttag


# A second, cruder look at every tag-like text, wherever it stands. Python's parser and a
# browser disagree on a few malformed comments ("<!--><img onerror=...>-->" is live in a
# browser, a comment to Python); rendered Markdown escapes every "<" of the text, so any
# "<" left belongs to markup and may be judged on its own.
_TAG_START = re.compile(r"<([a-zA-Z][^\s/>]*)")
# Up to the ">" that ends the tag; quotes count only around a value, after "=", as in a
# browser. Possessive, and the scan stops at the first tag never closed, so that no input
# makes it slow.
_TAG_REST = re.compile(r"""(?:=\s*"[^"]*"|=\s*'[^']*'|[^>])*+>""")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


def _tag_like_findings(rendered: str) -> tuple[list[tuple[str, tuple[str, ...], list[str]]], str | None]:
    """Forbidden tags found by the crude scan, and the first tag never closed (or None)."""
    found = []
    position = 0
    while (start := _TAG_START.search(rendered, position)) is not None:
        rest = _TAG_REST.match(rendered, start.end())
        if rest is None:
            return found, rendered[start.start():start.start() + 40]
        attrs = [(name.lower(), html.unescape(value.strip("\"'")) if value else None)
                 for name, value in _ATTRIBUTE.findall(rest.group(0)[:-1])]
        values, messages = _tag_problems(start.group(1).lower(), attrs)
        if messages:
            found.append((rendered[start.start():rest.end()], values, messages))
        position = rest.end()
    return found, None


def raw_html_problems(rendered: str, body: str, body_line: int) -> list[tuple[int, str]]:
    """Forbidden raw HTML in an entry's rendered HTML, as (file line, message); `body` is
    the Markdown it was rendered from."""
    crude, unclosed = _tag_like_findings(rendered)
    if not crude and unclosed is None and "<" not in body:
        # A text without "<" holds no raw HTML: Markdown wrote every tag itself, well formed,
        # values double-quoted and escaped. On such HTML whatever the parser would find, the
        # crude scan finds too (its values are the parser's, at most with more quotes
        # stripped), so finding nothing it spares the parse. Anything found takes the full way.
        return []
    return parsed_problems(rendered, body, body_line, crude, unclosed)


def parsed_problems(rendered: str, body: str, body_line: int, crude=None, unclosed=None) -> list[tuple[int, str]]:
    """raw_html_problems the full way: Python's parser and the crude scan (given, or made here)."""
    if crude is None:
        crude, unclosed = _tag_like_findings(rendered)
    if unclosed is not None:
        # Broken HTML, which Python's parser reads in quadratic time; the editor fixes it first.
        found = [*crude, (unclosed, (), [f"the HTML tag {unclosed.split(None, 1)[0]} is never closed with \">\"; "
                                         "close it, or write &lt; for a < sign"])]
        return _located(found, body, body_line)
    scanner = _Scanner()
    scanner.feed(rendered)
    scanner.close()
    reported = Counter((written, message) for written, _values, messages in scanner.found for message in messages)
    found = list(scanner.found)
    for written, values, messages in crude:
        unseen = [m for m in messages if not _take(reported, (written, m))]
        if unseen:
            found.append((written, values, unseen))
    return _located(found, body, body_line)


def _located(found, body: str, body_line: int) -> list[tuple[int, str]]:
    used: set[int] = set()
    problems = []
    for written, values, messages in found:
        line = _source_line(body, body_line, (written, *values, written.split(None, 1)[0]), used)
        problems.extend((line, message) for message in messages)
    return sorted(problems)


def _take(counter: Counter, key) -> bool:
    if counter[key] > 0:
        counter[key] -= 1
        return True
    return False


def _source_line(body: str, body_line: int, needles: tuple[str, ...], used: set[int]) -> int:
    """The file line where the tag is written; repeated tags map to successive places."""
    for needle in needles:
        if not needle:
            continue
        start = body.find(needle)
        while start in used:
            start = body.find(needle, start + 1)
        if start >= 0:
            used.add(start)
            return body_line + body.count("\n", 0, start)
    return body_line
