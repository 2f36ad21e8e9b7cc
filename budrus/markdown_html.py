"""Markdown -> HTML with Python-Markdown. Links written as source paths become URLs.

A link to an entry that does not exist, or is not published, is an error at its line.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .model import Entry
from .sanitize import raw_html_problems
from .urls import slugify

EXTERNAL_REL = "noopener noreferrer"
# "<" followed by a letter that no ">" closes before the next "<". Python-Markdown (through
# Python's HTML parser) takes time growing with the square of their number: 10,000 take
# minutes. Real text has a handful; so many are a broken paste or an attack.
_UNCLOSED_TAG = re.compile(r"<[A-Za-z][^<>]*(?=<|\Z)")
MAX_UNCLOSED_TAGS = 200


@dataclass(frozen=True)
class LinkTargets:
    """What a source-path link may point to, and whether raw HTML may pass unchecked."""

    published: Mapping[str, str]   # source path -> site path
    known: frozenset[str]          # every content file, published or not
    base_path: str = ""
    allow_raw_html: bool = False   # site_config.yaml's allow_raw_html (see sanitize.py)


@dataclass
class Rendered:
    html: str
    problems: list[tuple[int, str]] = field(default_factory=list)  # (file line, message)
    # Every source-path link resolved: (target, its URL or None, whether the file exists).
    # A cached rendering is reused only while all of them still resolve the same way.
    links: list[tuple[str, str | None, bool]] = field(default_factory=list)


class _LinkRewriter(Treeprocessor):
    def __init__(self, md, converter: "MarkdownConverter"):
        super().__init__(md)
        self.converter = converter

    def run(self, root):
        for element in root.iter("a"):
            self.converter.rewrite_link(element)
        for table in root.iter("table"):
            # A wide table scrolls sideways on a phone; keyboard users must be able to
            # focus it to scroll it (WCAG 2.1.1).
            table.set("tabindex", "0")
        return None


# Inline patterns that match only where a certain character is written. Most texts have
# no `, \, !, < or &: their patterns need not be tried on every piece of text of them.
PATTERN_TRIGGERS = {
    "backtick": "`", "escape": "\\", "footnote": "[", "reference": "[", "link": "[", "short_reference": "[",
    "image_link": "!", "image_reference": "!", "short_image_ref": "!", "autolink": "<", "automail": "<",
    "html": "<", "entity": "&",
}


class _InlinePatternChooser(Preprocessor):
    """The last preprocessor: it sees the text the inline patterns will work on (code
    blocks and raw HTML blocks already stashed away) and gives the inline processor only
    the patterns whose character occurs in it. Inline text is made of that text's
    characters and of placeholders (control characters, letters, digits and ":"), so a
    pattern left out could not have matched anywhere."""

    def __init__(self, md):
        super().__init__(md)
        self._chosen: dict[frozenset[str], list] = {}

    def run(self, lines):
        text = "\n".join(lines)
        present = frozenset(char for char in set(PATTERN_TRIGGERS.values()) if char in text)
        patterns = self._chosen.get(present)
        if patterns is None:
            patterns = self._chosen[present] = self._patterns(present)
        # The inline processor only counts and indexes its patterns: a list does for that.
        self.md.treeprocessors["inline"].inlinePatterns = patterns
        return lines

    def _patterns(self, present: frozenset[str]) -> list:
        every = self.md.inlinePatterns
        left_out = {every.get_index_for_name(name) for name, char in PATTERN_TRIGGERS.items()
                    if char not in present and name in every}
        return [pattern for index, pattern in enumerate(every) if index not in left_out]


class _HeadingIds(TocTreeprocessor):
    """The toc extension's treeprocessor: heading ids, and the table of contents where the
    text writes the marker ("[TOC]"). A marker in the tree comes from a line of the text
    (see _InlinePatternChooser), so a text without one is spared the search of every
    element and its text for it."""

    marker_written = True   # set for each text by _TocMarkerCheck

    def replace_marker(self, root, elem) -> None:
        if self.marker_written:
            super().replace_marker(root, elem)


class _HeadingIdsExtension(TocExtension):
    TreeProcessorClass = _HeadingIds


class _TocMarkerCheck(Preprocessor):
    """Tells the toc treeprocessor whether the text (as preprocessed) writes its marker."""

    def run(self, lines):
        toc = self.md.treeprocessors["toc"]
        toc.marker_written = bool(toc.marker) and toc.marker in "\n".join(lines)
        return lines


class _LinkExtension(Extension):
    def __init__(self, converter: "MarkdownConverter"):
        super().__init__()
        self.converter = converter

    def extendMarkdown(self, md):
        md.treeprocessors.register(_LinkRewriter(md, self.converter), "budrus_links", 15)
        md.preprocessors.register(_InlinePatternChooser(md), "budrus_inline_patterns", 0)
        md.preprocessors.register(_TocMarkerCheck(md), "budrus_toc_marker", 1)


class MarkdownConverter:
    """One reused Markdown instance; `convert` renders one entry's body."""

    def __init__(self, targets: LinkTargets, backlink_title: str = "Back to the text"):
        self.targets = targets
        self._md = markdown.Markdown(extensions=[
            "tables", "fenced_code", "sane_lists",
            FootnoteExtension(BACKLINK_TITLE=backlink_title),
            _HeadingIdsExtension(slugify=slugify, toc_depth="2-4"),
            _LinkExtension(self),
        ], output_format="html")
        self._entry: Entry | None = None
        self._problems: list[tuple[int, str]] = []
        self._links: list[tuple[str, str | None, bool]] = []

    def convert(self, entry: Entry) -> Rendered:
        """Render the entry's Markdown; link problems carry the file line they are on."""
        self._entry, self._problems, self._links = entry, [], []
        self._md.reset()
        unclosed = _UNCLOSED_TAG.findall(entry.body)
        if len(unclosed) > MAX_UNCLOSED_TAGS:
            self._problems.append((_line_of(entry, unclosed[0]), f"the text has {len(unclosed)} \"<\" signs that open "
                                   "HTML tags never closed with \">\"; write &lt; for a \"<\" meant as text"))
            return Rendered("", self._problems, self._links)
        try:
            html = self._md.convert(entry.body)
        except RecursionError:   # the parser recurses once per level of nesting
            self._problems.append((entry.body_line, "the text nests quotes or lists too deeply "
                                   "(hundreds of levels); it cannot be read"))
            return Rendered("", self._problems, self._links)
        if not self.targets.allow_raw_html:
            self._problems.extend(raw_html_problems(html, entry.body, entry.body_line))
        return Rendered(html, self._problems, self._links)

    def rewrite_link(self, element) -> None:
        href = element.get("href", "")
        parts = urlsplit(href)
        if parts.scheme in ("http", "https"):
            element.set("rel", EXTERNAL_REL)
        elif parts.scheme == "javascript":
            self._problem(href, "a javascript: link is not allowed; pages run no script from their text")
            del element.attrib["href"]  # reported here; the raw-HTML check must not report it again
        elif not parts.scheme and parts.path.endswith(".md"):
            self._resolve_source_link(element, href, parts)
        elif not parts.scheme and href.startswith("/") and not href.startswith("//"):
            element.set("href", self.targets.base_path + href)

    def _resolve_source_link(self, element, href: str, parts) -> None:
        entry = self._entry
        target = posixpath.normpath(posixpath.join(posixpath.dirname(entry.source), parts.path))
        if parts.path.startswith("/"):
            target = parts.path.lstrip("/")
        url = self.targets.published.get(target)
        self._links.append((target, url, target in self.targets.known))
        if url is not None:
            element.set("href", self.targets.base_path + url + (f"#{parts.fragment}" if parts.fragment else ""))
        elif target in self.targets.known:
            self._problem(href, f"the link to {target} points to a draft or scheduled entry that is not published")
        else:
            self._problem(href, f"the link to {target} points nowhere: no such entry")

    def _problem(self, needle: str, message: str) -> None:
        self._problems.append((_line_of(self._entry, needle), message))


def _line_of(entry: Entry, needle: str) -> int:
    """The file line where `needle` is first written in the entry's Markdown."""
    for offset, line in enumerate(entry.body.split("\n")):
        if needle in line:
            return entry.body_line + offset
    return entry.body_line

