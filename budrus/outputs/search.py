"""The offline search index: one compact JSON file per language.

The browser script (theme/static/js/search.js) folds the query the same way
`fold` does here and ranks title matches above summary and body matches.
"""
from __future__ import annotations

import json
import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Sequence

from ..assemble import Site
from ..model import Entry, OutputFile
from ..urls import href, output_path, search_index_url

INDEX_VERSION = 1

# Field bits stored with every posting; search.js gives them its weights.
TITLE = 4
SUMMARY = 2
BODY = 1

# Words shorter than this carry no meaning on their own in either language
# ("ir", "of") and would only make the index bigger.
MIN_TOKEN_LENGTH = 2

_TOKEN = re.compile(r"[^\W_]+")

# Entries whose words and body text are kept between builds of one process (the dev
# server's rebuilds), so a change to one entry re-reads one entry; well above the number
# of entries of a large site.
MEMO_ENTRIES = 16384
# False in a one-shot build, which never reads the memos back (set by the pipeline).
KEEP_MEMOS = True


class _Memo:
    """Answers of a pure function of strings, kept under a digest of the strings rather
    than the strings themselves (bodies are kilobytes); the oldest are dropped first."""

    def __init__(self, compute, size: int = MEMO_ENTRIES) -> None:
        self._compute, self._size = compute, size
        self._found: dict[bytes, object] = {}
        self.hits = 0

    def __call__(self, *texts: str):
        key = _digest(texts)
        found = self._found.get(key)
        if found is not None:
            self.hits += 1
            return found
        found = self._compute(*texts)
        if not KEEP_MEMOS:
            return found
        self._found[key] = found
        if len(self._found) > self._size:
            del self._found[next(iter(self._found))]
        return found


def _digest(texts: tuple[str, ...]) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.digest()


@dataclass(frozen=True)
class SearchRecord:
    """One searchable page: what the results list shows and the text it matches."""

    url: str
    title: str
    summary: str
    section: str
    text: str


def fold(text: str) -> str:
    """Lower-case `text` and drop its diacritics, so `ŽMONĖMIS` becomes `zmonemis`."""
    # Lower-case first: some capitals (İ) lower-case to a letter plus a mark.
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return decomposed.translate(_WITHOUT_MARKS)


class _MarkRemover(dict):
    """A str.translate table that drops combining marks, filled one character at a time."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.category(chr(code)).startswith("M") else code
        return self[code]


_WITHOUT_MARKS = _MarkRemover()


def tokenize(text: str) -> list[str]:
    """The folded words of `text` in order, short ones left out."""
    return [word for word in _TOKEN.findall(fold(text)) if len(word) >= MIN_TOKEN_LENGTH]


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, one space between blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "template"):
            self._skipping += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skipping:
            self._skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The readable text of an HTML fragment, whitespace collapsed."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())


def _words_and_fields(title: str, summary: str, text: str) -> tuple[tuple[str, ...], bytes]:
    """Each word of a record once, and the sum of the field bits it occurs in (one byte a
    word); words are interned, since most of them occur in many entries."""
    fields: dict[str, int] = {}
    for bit, field in ((TITLE, title), (SUMMARY, summary), (BODY, text)):
        for word in tokenize(field):
            fields[word] = fields.get(word, 0) | bit
    return tuple(sys.intern(word) for word in fields), bytes(fields.values())


_record_words = _Memo(_words_and_fields)
_plain_text_of_body = _Memo(plain_text)


def build_index(records: Sequence[SearchRecord]) -> dict:
    """The index as plain data: documents in the given order and a term table.

    `terms` maps each folded word to a flat list `[doc, fields, doc, fields, ...]`
    where `fields` is the sum of the field bits the word occurs in.
    """
    sections = sorted({record.section for record in records})
    section_number = {label: number for number, label in enumerate(sections)}
    docs = []
    # Each record lists a word once and records come in document order, so every
    # posting list is built in document order already.
    postings: dict[str, list[int]] = {}
    for number, record in enumerate(records):
        docs.append([record.url, record.title, record.summary, section_number[record.section]])
        words, bits = _record_words(record.title, record.summary, record.text)
        for word, field_bits in zip(words, bits):
            postings.setdefault(word, []).extend((number, field_bits))
    terms = {word: postings[word] for word in sorted(postings)}
    return {"version": INDEX_VERSION, "sections": sections, "docs": docs, "terms": terms}


def encode_index(index: dict) -> bytes:
    """The index as compact, deterministic UTF-8 JSON."""
    text = json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def search_index_bytes(records: Sequence[SearchRecord]) -> bytes:
    """Build and encode the index of `records` in one step."""
    return encode_index(build_index(records))


def _searchable_text(site: Site, entry: Entry) -> str:
    """The body's text, and for guides and events the parts shown outside the body."""
    parts = [_plain_text_of_body(site.html[entry.source])]
    if entry.guide is not None:
        parts.extend(entry.guide.signs)
        parts.extend(entry.guide.what_to_do)
    if entry.event is not None:
        parts.extend(part for part in (entry.event.location, entry.event.address) if part)
    return " ".join(parts)


def search_records(site: Site, lang: str) -> list[SearchRecord]:
    """The published entries of `lang` as search records, in the site's entry order."""
    return [
        SearchRecord(
            url=href(site.config, entry.url), title=entry.title, summary=entry.summary,
            section=site.catalogs.text(lang, f"section_{entry.section}"),
            text=_searchable_text(site, entry),
        )
        for entry in site.entries if entry.lang == lang
    ]


def search_index_files(site: Site) -> list[OutputFile]:
    """The search index of every language."""
    return [
        OutputFile(output_path(search_index_url(site.config, lang)),
                   search_index_bytes(search_records(site, lang)))
        for lang in site.config.language_codes
    ]
