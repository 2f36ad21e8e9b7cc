"""The offline search index: one compact JSON file per language.

The browser script (theme/static/js/search.js) folds the query the same way
`fold` does here and ranks title matches above summary and body matches.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from html import unescape
from typing import Iterable, Iterator, Mapping, Sequence

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
# Off in a one-shot build, which would never read the memos back: `keep_indexes` turns
# them on in a process that builds again.
KEEP_MEMOS = False


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


# Markdown's HTML is regular enough for patterns, which read it several times faster than
# html.parser (a second of every rebuild at 2,000 entries); attribute values may hold ">".
_HIDDEN = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"""</?[A-Za-z][^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>""")


def plain_text(html: str) -> str:
    """The readable text of an HTML fragment, whitespace collapsed: a tag separates words,
    a comment does not, and what a script, style or template holds is left out."""
    html = _HIDDEN.sub(" ", _COMMENT.sub("", html))
    return " ".join(unescape(_HTML_TAG.sub(" ", html)).split())


def _words_and_fields(title: str, summary: str, text: str) -> tuple[tuple[str, ...], bytes]:
    """Each word of a record once, and the sum of the field bits it occurs in (one byte a
    word); words are interned, since most of them occur in many entries."""
    fields: dict[str, int] = {}
    for bit, field in ((TITLE, title), (SUMMARY, summary), (BODY, text)):
        for word in tokenize(field):
            fields[word] = fields.get(word, 0) | bit
    return tuple(sys.intern(word) for word in fields), bytes(fields.values())


_record_words = _Memo(_words_and_fields)


def build_index(records: Iterable[SearchRecord]) -> dict:
    """The index as plain data: documents in the given order and a term table.

    `terms` maps each folded word to a flat list `[doc, fields, doc, fields, ...]`
    where `fields` is the sum of the field bits the word occurs in. `records` is read
    once, so it may be a generator: no record need be held after its words are read.
    """
    docs = []
    # Each record lists a word once and records come in document order, so every
    # posting list is built in document order already.
    postings: dict[str, list[int]] = {}
    for number, record in enumerate(records):
        docs.append([record.url, record.title, record.summary, record.section])
        words, bits = _record_words(record.title, record.summary, record.text)
        for word, field_bits in zip(words, bits):
            postings.setdefault(word, []).extend((number, field_bits))
    sections = sorted({doc[3] for doc in docs})
    section_number = {label: number for number, label in enumerate(sections)}
    for doc in docs:
        doc[3] = section_number[doc[3]]
    terms = {word: postings[word] for word in sorted(postings)}
    return {"version": INDEX_VERSION, "sections": sections, "docs": docs, "terms": terms}


def encode_index(index: dict) -> bytes:
    """The index as compact, deterministic UTF-8 JSON: the bytes of `_json(index)`, encoded
    a document and a term at a time, so that the whole text is never held as a str (two or
    four bytes a character once a title has a letter beyond Latin-1)."""
    docs = b",".join([_json(doc).encode("utf-8") for doc in index["docs"]])
    terms = b",".join([(_json(word) + ":" + _json(flat)).encode("utf-8")
                       for word, flat in sorted(index["terms"].items())])
    # The layout json.dumps(sort_keys=True) gives: docs, sections, terms, version.
    return b"".join((b'{"docs":[', docs, b'],"sections":', _json(index["sections"]).encode("utf-8"),
                     b',"terms":{', terms, b'},"version":', _json(index["version"]).encode("utf-8"), b"}"))


def search_index_bytes(records: Iterable[SearchRecord]) -> bytes:
    """Build and encode the index of `records` in one step."""
    return encode_index(build_index(records))


def _json(value) -> str:
    """Compact, deterministic JSON: the index whole, or a piece of it (IndexedRecords)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class IndexedRecords:
    """The encoded index of a list of records, kept up to date one record at a time.

    A warm process (the dev server) rebuilds after one entry changed: only that record's
    words are read again, only the posting lists of words it had or has are changed, and
    the JSON is joined from kept pieces (a word's posting list, a document), only the
    changed pieces encoded again. The bytes are always those of `search_index_bytes`.
    Records added or removed renumber the documents, so the index is then made anew."""

    def __init__(self) -> None:
        self.records: list[SearchRecord] = []
        self.sections: list[str] = []
        self._words: list[tuple[tuple[str, ...], bytes]] = []
        self._postings: dict[str, list[int]] = {}
        self._sorted: list[str] = []
        self._terms: dict[str, str] = {}      # word -> its encoded '"word":[doc,fields,...]'
        self._docs: list[str] = []            # encoded documents, in order
        # Body HTML -> its text, by the identity of the HTML (unchanged bodies are the same
        # strings from build to build); what one update did not use is dropped at the next.
        self._texts: dict[int, tuple[str, str]] = {}
        self._texts_before: dict[int, tuple[str, str]] = {}

    def plain_text(self, html: str) -> str:
        """plain_text(html), remembered for the next update."""
        found = self._texts.get(id(html)) or self._texts_before.get(id(html))
        if found is None or found[0] is not html:
            found = (html, plain_text(html))
        self._texts[id(html)] = found
        return found[1]

    def update(self, records: Sequence[SearchRecord]) -> bytes:
        """The encoded index of records (what search_index_bytes gives)."""
        sections = sorted({record.section for record in records})
        changed = [number for number, (old, new) in enumerate(zip(self.records, records)) if old != new] \
            if len(records) == len(self.records) and sections == self.sections else None
        if changed is None or len(changed) > len(records) // 4:
            self._start(records, sections)
        else:
            for number in changed:
                self._replace(number, records[number])
        self._texts_before, self._texts = self._texts, {}
        return self._encoded()

    def _start(self, records: Sequence[SearchRecord], sections: list[str]) -> None:
        index = build_index(records)
        self.records, self.sections = list(records), sections
        self._words = [_record_words(r.title, r.summary, r.text) for r in records]
        self._postings = index["terms"]
        self._sorted = list(self._postings)
        self._terms = {word: _json(word) + ":" + _json(flat) for word, flat in self._postings.items()}
        self._docs = [_json(doc) for doc in index["docs"]]

    def _replace(self, number: int, record: SearchRecord) -> None:
        old_words, _old_bits = self._words[number]
        words, bits = self._words[number] = _record_words(record.title, record.summary, record.text)
        for word in set(old_words) - set(words):
            self._drop_posting(word, number)
        for word, field_bits in zip(words, bits):
            self._set_posting(word, number, field_bits)
        self.records[number] = record
        section = self.sections.index(record.section)
        self._docs[number] = _json([record.url, record.title, record.summary, section])

    def _drop_posting(self, word: str, number: int) -> None:
        flat = self._postings[word]
        at = _posting_at(flat, number)
        del flat[at:at + 2]
        if flat:
            self._terms[word] = _json(word) + ":" + _json(flat)
            return
        del self._postings[word], self._terms[word]
        del self._sorted[bisect.bisect_left(self._sorted, word)]

    def _set_posting(self, word: str, number: int, field_bits: int) -> None:
        flat = self._postings.get(word)
        if flat is None:
            flat = self._postings[word] = []
            bisect.insort(self._sorted, word)
        at = _posting_at(flat, number)
        if at < len(flat) and flat[at] == number:
            if flat[at + 1] == field_bits:
                return   # most words of an edited entry: nothing to encode again
            flat[at + 1] = field_bits
        else:
            flat[at:at] = [number, field_bits]
        self._terms[word] = _json(word) + ":" + _json(flat)

    def _encoded(self) -> bytes:
        # The layout json.dumps(sort_keys=True) gives: docs, sections, terms, version.
        terms = self._terms
        text = "".join(('{"docs":[', ",".join(self._docs), '],"sections":', _json(self.sections),
                        ',"terms":{', ",".join([terms[word] for word in self._sorted]),
                        '},"version":', _json(INDEX_VERSION), "}"))
        return text.encode("utf-8")


def _posting_at(flat: list[int], number: int) -> int:
    """Where document `number` is (or would go) in a flat [doc, fields, doc, fields...] list."""
    return 2 * bisect.bisect_left(range(len(flat) // 2), number, key=lambda pair: flat[2 * pair])


# One kept index per index file (language), for the rebuilds of a warm process; None in a
# one-shot build, which would only carry the pieces to its end.
_indexes: dict[str, IndexedRecords] | None = None


def keep_indexes() -> None:
    """Keep each language's index, and each entry's words, between builds of this process
    (see IndexedRecords)."""
    global _indexes, KEEP_MEMOS
    KEEP_MEMOS = True
    if _indexes is None:
        _indexes = {}


def _searchable_text(html: Mapping[str, str], entry: Entry, plain=plain_text) -> str:
    """The body's text, and for guides and events the parts shown outside the body."""
    parts = [plain(html[entry.source])]
    if entry.guide is not None:
        parts.extend(entry.guide.signs)
        parts.extend(entry.guide.what_to_do)
    if entry.event is not None:
        parts.extend(part for part in (entry.event.location, entry.event.address) if part)
    return " ".join(parts)


def search_records(site: Site, lang: str, plain=plain_text) -> list[SearchRecord]:
    """The published entries of `lang` as search records, in the site's entry order."""
    return list(iter_search_records(site, lang, plain))


def iter_search_records(site: Site, lang: str, plain=plain_text) -> Iterator[SearchRecord]:
    """search_records one at a time: a one-shot build never holds every entry's text."""
    # The Site's parts read once, not per entry: a rebuild records these reads (tracing.py).
    config, catalogs, html = site.config, site.catalogs, site.html
    sections: dict[str, str] = {}
    for entry in site.in_language(lang):
        yield SearchRecord(
            url=href(config, entry.url), title=entry.title, summary=entry.summary,
            section=sections.get(entry.section) or sections.setdefault(
                entry.section, catalogs.text(lang, f"section_{entry.section}")),
            text=_searchable_text(html, entry, plain),
        )


def search_index_files(site: Site) -> list[OutputFile]:
    """The search index of every language."""
    return [search_index_file(site, lang) for lang in site.config.language_codes]


def search_index_file(site: Site, lang: str) -> OutputFile:
    """The search index of one language: it reads that language's entries only, so that a
    rebuild after an edit in one language keeps the other's (incremental.BuildState.call)."""
    path = output_path(search_index_url(site.config, lang))
    if _indexes is None:
        return OutputFile(path, search_index_bytes(iter_search_records(site, lang)))
    kept = _indexes.setdefault(path, IndexedRecords())
    return OutputFile(path, kept.update(search_records(site, lang, kept.plain_text)))
