"""Warm state between builds: one general mechanism that skips what did not change.

Three memories, each keyed by content and never by file names or times:
- entries: the parsed front matter of a content file, by its bytes and the config;
- Markdown: the body HTML of an entry, by its text, and checked against the link
  targets it resolved (kept with the HTML), so a renamed or unpublished target re-renders it;
- outputs: each page's bytes with the trace of what it read from the Site (see tracing.py),
  replayed on the next Site before the page is reused.
All three live in memory (for the dev server) and in the cache folder (for the next
`budrus build`); with --no-cache the folder is neither read nor written.
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
import jinja2.bccache

from .cache import ContentCache, RecentMemo, cache_key, prune
from .diagnostics import Diagnostics
from .fingerprint import Fingerprinter, Unfingerprintable, code_fingerprint, folder_fingerprint
from .markdown_html import LinkTargets, MarkdownConverter, Rendered
from .model import OutputFile
from .render import SITE_TEMPLATES, THEME_TEMPLATES, RenderError
from .tracing import Recorder, TracedEntry, TracedSite, answer_key, replay
from .workers import shared_imap

ENTRY_CACHE = "entries"
MARKDOWN_CACHE = "markdown"
PAGE_CACHE = "pages"
JINJA_CACHE = "jinja"
SPARE_OUTPUT = "output"


@dataclass(frozen=True)
class OutputRecord:
    """An output's bytes with the reads that made them, as the output memory keeps it."""

    static: str          # code, templates and the output's own arguments (the Page itself)
    reads: tuple         # ((read, digest of what it returned), ...)
    data: bytes


class BuildState:
    """Caches of one build, or of a series of builds when a Builder keeps it."""

    def __init__(self, cache_root: Path | None, jobs: int, read_only: bool = False, keep: bool = True) -> None:
        self.cache_root = cache_root
        self.jobs = max(1, jobs)
        self.read_only = read_only   # check reads the cache folder but writes nothing
        # Whether this process keeps its results in memory for the next build (a Builder
        # does); a one-shot build reads them back only from the cache folder.
        self.keep = keep
        self.fingerprinter = Fingerprinter()
        self._entries: dict[tuple, tuple] = {}
        self._markdown: dict[str, Rendered] = {}
        self._pages: dict[str, OutputRecord] = {}
        self._calls: dict[str, OutputRecord] = {}
        self._kept_calls: dict[str, OutputRecord] = {}
        self._markdown_disk = ContentCache(cache_root, MARKDOWN_CACHE, read_only)
        self._entries_disk = ContentCache(cache_root, ENTRY_CACHE, read_only)
        self._pages_disk = ContentCache(cache_root, PAGE_CACHE, read_only)
        self._env: tuple[str, jinja2.Environment] | None = None
        self.templates = ""
        self._replayed: dict = {}   # read -> digest on this build's Site (one Site a build)
        self._replayed_on: object = None
        self._static_prefix: tuple[str | None, bytes] = (None, b"")
        self._markdown_keys = RecentMemo()   # the inputs of an entry's Markdown -> their cache key
        self._statics = RecentMemo()   # id of a planned page -> (page, code and templates, its static key)
        self._results = RecentMemo()   # id of a site-wide output's record -> (record, its result)
        # Only a process that builds again (the dev server's Builder) keeps these warm.
        self.warm = False
        self.kept_cards: RecentMemo | None = None
        self.placed_entries: RecentMemo | None = None
        self.planned_pages: RecentMemo | None = None
        self.kept_share_plans: RecentMemo | None = None
        self.seen_files: dict | None = None   # content files by path with their stat (content.discover)
        self.now = None   # "now" as the last build resolved it (the up-to-date record keeps it)
        self.stats = {"pages_rendered": 0, "pages_reused": 0, "markdown_converted": 0, "markdown_reused": 0}

    def spare_output(self, out: Path) -> Path | None:
        """Where the writer keeps the replaced output folder for the next build to reuse."""
        if self.cache_root is None or self.read_only:
            return None
        return Path(self.cache_root) / SPARE_OUTPUT / cache_key(str(Path(out).absolute()))[:16]

    def keep_warm(self) -> None:
        """Keep what pays only in a later build of this process: card PNGs, entries with their
        URLs, the stat of each content file and the digests of objects still in use, besides
        the entries, Markdown and page records that `keep` holds."""
        self.keep = self.warm = True
        self.kept_cards = RecentMemo()
        self.placed_entries = RecentMemo()
        self.planned_pages = RecentMemo()
        self.kept_share_plans = RecentMemo()
        self.seen_files = {}

    def begin(self, source: Path) -> None:
        """Start a build: digests of objects the last build did not use are dropped, templates rehashed."""
        self.fingerprinter = Fingerprinter(self.fingerprinter if self.warm else None)
        self._replayed, self._replayed_on = {}, None
        for memo in (self.kept_cards, self.placed_entries, self.planned_pages, self.kept_share_plans,
                     self._markdown_keys, self._statics, self._results):
            if memo is not None:
                memo.advance()
        self.templates = folder_fingerprint(source / SITE_TEMPLATES, THEME_TEMPLATES)
        self.stats = dict.fromkeys(self.stats, 0)

    # -- front matter ---------------------------------------------------------------------

    def parse_entries(self, files, config, parse_entry, diagnostics: Diagnostics) -> list:
        """parse_entry for each file, reusing the result for bytes already parsed with this config."""
        try:
            config_digest = self.fingerprinter.digest(config)
        except Unfingerprintable:
            config_digest = None
        kept: dict[tuple, tuple] = {}
        entries = []
        for file in files:
            key = (file.path, file.data, file.section, file.key, file.lang, config_digest)
            found = self._entries.get(key) if config_digest is not None else None
            if found is None:
                found = self._parse_entry(file, config, config_digest, parse_entry)
            kept[key] = found
            diagnostics.extend(found[1])
            if found[0] is not None:
                entries.append(found[0])
        self._entries = kept if self.keep else {}
        return entries

    def _parse_entry(self, file, config, config_digest: bytes | None, parse_entry) -> tuple:
        """(entry or None, diagnostics) of one file, through the cache folder."""
        key = cache_key(code_fingerprint(), ENTRY_CACHE, file.path, file.data, file.section, file.key,
                        file.lang, config_digest) if config_digest is not None else None
        raw = self._entries_disk.get(key) if key else None
        if raw is not None:
            try:
                return pickle.loads(raw)
            except Exception:   # noqa: BLE001 - an unreadable entry is a miss, never an error
                pass
        local = Diagnostics()
        found = (parse_entry(file, config, local), tuple(local.items))
        if key and not self.read_only:
            self._entries_disk.put(key, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
        return found

    # -- Markdown -------------------------------------------------------------------------

    def render_markdown(self, entries, targets: LinkTargets, backlinks: dict[str, str]) -> dict[str, Rendered]:
        """Rendered Markdown of every entry, by source; converted again only when needed."""
        results: dict[str, Rendered] = {}
        kept: dict[str, Rendered] = {}
        misses = []
        for entry in entries:
            key = self._markdown_key((entry.source, entry.body, entry.body_line, backlinks[entry.lang],
                                      targets.base_path, targets.allow_raw_html))
            found = self._markdown.get(key) or self._load_markdown(key)
            if found is not None and _links_agree(found, targets):
                results[entry.source] = self._keeping(kept, key, found)
            else:
                misses.append((entry, key))
        shared = (targets, backlinks, self._markdown_disk if not self.read_only else None)
        converted = shared_imap(_convert_one, shared, misses, self.jobs)
        for (entry, key), rendered in zip(misses, converted):
            results[entry.source] = self._keeping(kept, key, rendered)
        self._markdown = kept
        self.stats["markdown_converted"] += len(misses)
        self.stats["markdown_reused"] += len(entries) - len(misses)
        return results

    def _keeping(self, kept: dict, key: str, rendered: Rendered) -> Rendered:
        # The links a rendering resolved matter only to a later build of this process.
        if self.keep:
            kept[key] = rendered
            return rendered
        return replace(rendered, links=[]) if rendered.links else rendered

    def _markdown_key(self, inputs: tuple) -> str:
        # Unchanged bodies are the same strings again, whose hash Python keeps: a dict lookup.
        key = self._markdown_keys.get(inputs)
        if key is None:
            key = cache_key(code_fingerprint(), MARKDOWN_CACHE, *inputs)
            self._markdown_keys.put(inputs, key)
        return key

    def _load_markdown(self, key: str) -> Rendered | None:
        found = _unpickle(self._markdown_disk.get(key), Rendered)
        if found is not None and not isinstance(found.html, bytes):
            return None
        return replace(found, html=found.html.decode("utf-8", "surrogatepass")) if found is not None else None

    # -- templates ------------------------------------------------------------------------

    def environment(self, source: Path, make_environment) -> jinja2.Environment:
        """The template environment, reused while no template changed; bytecode in the cache folder."""
        if self._env is not None and self._env[0] == self.templates:
            return self._env[1]
        env = make_environment(source)
        if self.cache_root is not None:
            env.bytecode_cache = CheckedBytecodeCache(ContentCache(self.cache_root, JINJA_CACHE, self.read_only),
                                                      self.read_only)
        self._env = (self.templates, env)
        return env

    # -- pages ----------------------------------------------------------------------------

    def share_context(self, site) -> bytes | None:
        """The digest of what share cards and QR codes are made from besides their page
        (the config and the UI strings); None when it cannot be taken or no build follows."""
        if self.kept_share_plans is None:
            return None
        try:
            return self.fingerprinter.digest(site.config) + self.fingerprinter.digest(site.catalogs)
        except Unfingerprintable:
            return None

    def plan_pages(self, site, plan_pages) -> list:
        """plan_pages(site), with a warm process's unchanged entries keeping their page objects."""
        try:
            config_key = self.fingerprinter.digest(site.config) if self.planned_pages is not None else b""
        except Unfingerprintable:
            return plan_pages(site)
        return plan_pages(site, self.planned_pages, config_key)

    def render_pages(self, site, env, source: Path, pages, render_page, outputs) -> list:
        """Each page into `outputs` as soon as it is made; returns the (path, line, message)
        problems. Pages whose reads agree are not rendered again."""
        misses = []
        records: dict[str, OutputRecord] = {}
        for index, page in enumerate(pages):
            static = self._page_static(page)
            record = self._reusable(site, page.path, static) if static else None
            if record is None:
                misses.append((index, static))
                continue
            outputs.add(OutputFile(page.path, record.data))
            if self.keep:
                records[page.path] = record
        # In this process only: a worker would need the whole Site, and a copy of this
        # process counts in full in the memory a build takes. Workers draw the share cards
        # meanwhile (pipeline.render_site).
        shared = (site, env, source, pages, misses, render_page, self, outputs)
        problems = []
        for path, token, record, problem in (_render_one(shared, index) for index in range(len(misses))):
            if problem is not None:
                problems.append(problem)
                continue
            outputs.record(path, token)
            if record is not None:
                records[path] = record
        self._pages = records
        self.stats["pages_rendered"] += len(misses)
        self.stats["pages_reused"] += len(pages) - len(misses)
        return problems

    def _page_static(self, page) -> str | None:
        # The code and the templates hashed once a build; each page adds its own digest.
        if self._static_prefix[0] != self.templates:
            self._static_prefix = (self.templates, cache_key(code_fingerprint(), self.templates, PAGE_CACHE).encode())
        prefix = self._static_prefix[1]
        found = self._statics.get(id(page))   # a warm process plans unchanged pages as the same objects
        if found is not None and found[0] is page and found[1] is prefix:
            return found[2]
        try:
            if getattr(page, "items", ()):
                # A list page's entries count by what a list shows of them; a template that
                # reads more of one (its body) records that read (see _render_one).
                digest = self.fingerprinter.digest(replace(page, items=())) \
                    + self.fingerprinter.listing_digest(page.items)
            else:
                digest = self.fingerprinter.digest(page)
        except Unfingerprintable:
            return None
        static = hashlib.sha256(prefix + digest).hexdigest()
        if self.warm:
            self._statics.put(id(page), (page, prefix, static))
        return static

    def _reusable(self, site, path: str, static: str) -> OutputRecord | None:
        record = self._pages.get(path)
        if record is None or record.static != static:
            record = self._load_record(cache_key(static, path))
        if record is None or record.static != static or not self._reads_agree(site, record):
            return None
        return record

    def store_page(self, path: str, static: str | None, recorder: Recorder, data: bytes) -> OutputRecord | None:
        """Keep a freshly rendered page with its reads (in the cache folder too)."""
        record = self._record(static, recorder, data) if static is not None else None
        if record is not None:
            self._store(cache_key(static, path), record)
        return record


    # -- other outputs --------------------------------------------------------------------

    def call(self, function, site, *args):
        """function(site, *args), reused while everything it read from the Site is unchanged.

        For outputs made from the whole Site (feeds, search index, calendars, sitemap): the
        function must be a module-level function (its name is part of the key), deterministic,
        and read the Site only through its argument."""
        if "<" in function.__qualname__:   # a lambda or a nested function: its name says too little
            return function(site, *args)
        try:
            static = cache_key(code_fingerprint(), "call", function.__module__, function.__qualname__,
                               self.fingerprinter.digest(args))
        except Unfingerprintable:
            return function(site, *args)
        record = self._calls.get(static)
        if record is None and not self.warm:
            # A warm process makes these outputs itself rather than read them back from the
            # cache folder: making them fills the memos (the search index's pieces, feed
            # entries, sitemap lines) that its later rebuilds take from memory.
            record = self._load_record(static)
        if record is not None and record.static == static and self._reads_agree(site, record):
            self._keep_call(static, record)
            return self._result_of(record)
        recorder = Recorder(self.fingerprinter)
        try:
            result = function(TracedSite(site, recorder), *args)
        except Exception:   # noqa: BLE001 - a function that needs the real Site runs untraced
            return function(site, *args)
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return result   # correct, just not kept
        record = self._record(static, recorder, data)
        if record is not None:
            self._keep_call(static, record)
            self._store(static, record)
        return result

    def _result_of(self, record: OutputRecord):
        # A warm process unpickles a kept record once (megabytes for a search index), not every build.
        found = self._results.get(id(record))
        if found is None or found[0] is not record:
            found = (record, pickle.loads(record.data))
            if self.warm:
                self._results.put(id(record), found)
        return found[1]

    def _keep_call(self, static: str, record: OutputRecord) -> None:
        if self.keep:
            self._kept_calls[static] = record

    def finish(self) -> None:
        """End a build: forget the records that this build did not use, and (once a day)
        remove from the cache folder what no build has used for a month."""
        self._calls, self._kept_calls = self._kept_calls, {}
        if self.cache_root is not None and not self.read_only:
            prune(self.cache_root)

    def _reads_agree(self, site, record: OutputRecord) -> bool:
        # Same static inputs and every read answering the same: the output is the same.
        if self._replayed_on is not site:
            self._replayed, self._replayed_on = {}, site
        answers = self._replayed
        for read, digest in record.reads:
            # Many outputs make the same read (the config, the catalogs): performed once a build.
            found = answers.get(read)
            if found is None:
                found = answers[answer_key(read)] = replay(site, read, self.fingerprinter) or b""
            if found != digest:
                return False
        return True

    def _record(self, static: str, recorder: Recorder, data: bytes) -> OutputRecord | None:
        if not recorder.faithful:
            return None
        return OutputRecord(static, tuple(recorder.reads.items()), data)

    def _load_record(self, key: str) -> OutputRecord | None:
        return _unpickle(self._pages_disk.get(key), OutputRecord)

    def _store(self, key: str, record: OutputRecord) -> None:
        if self.read_only or self.cache_root is None:
            return
        try:
            raw = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return   # still good in memory for this process
        self._pages_disk.put(key, raw)


class CheckedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's compiled templates in the content cache: checksummed like every entry, so a
    damaged file is compiled again, never run; an unusable folder only means compiling."""

    def __init__(self, cache: ContentCache, read_only: bool = False) -> None:
        self.cache, self.read_only = cache, read_only

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        raw = self.cache.get(cache_key(JINJA_CACHE, bucket.key))
        if raw is None:
            return
        try:
            bucket.bytecode_from_string(raw)
        except Exception:   # noqa: BLE001 - written by another Jinja version: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not self.read_only:
            self.cache.put(cache_key(JINJA_CACHE, bucket.key), bucket.bytecode_to_string())


def _links_agree(rendered: Rendered, targets: LinkTargets) -> bool:
    """True when every link the HTML resolved would resolve the same way now."""
    return all(targets.published.get(target) == url and (target in targets.known) == known
               for target, url, known in rendered.links)


_converters: dict[tuple, MarkdownConverter] = {}


def _convert_one(shared, item) -> Rendered:
    """Convert one (entry, cache key) and keep a conversion without problems in the cache
    folder (`shared`'s cache, None to keep none)."""
    targets, backlinks, cache = shared
    entry, cache_key_of_entry = item
    key = (id(targets), entry.lang)
    if key not in _converters:
        _converters.clear() if len(_converters) > 8 else None
        _converters[key] = MarkdownConverter(targets, backlinks[entry.lang])
    rendered = _converters[key].convert(entry)
    if cache is not None and not rendered.problems:
        cache.put(cache_key_of_entry, _pack_rendered(rendered))
    return rendered


def _pack_rendered(rendered: Rendered) -> bytes:
    """A conversion for the cache, its HTML as UTF-8 bytes: pickling the str itself would
    leave a UTF-8 copy cached inside it (CPython does) for the rest of the build."""
    html = rendered.html.encode("utf-8", "surrogatepass")
    return pickle.dumps(replace(rendered, html=html), protocol=pickle.HIGHEST_PROTOCOL)


def _render_one(shared, index: int):
    """Render one missed page with a traced Site and hand it to the outputs, which write it
    away; returns (path, token for outputs.record, record, problem)."""
    site, env, source, pages, misses, render_page, state, outputs = shared
    page_index, static = misses[index]
    page = pages[page_index]
    recorder = Recorder(state.fingerprinter, narrow=True)
    try:
        file = render_page(TracedSite(site, recorder), env, source, _listed_page(page, recorder))
    except RenderError:
        # Rendered again with the real Site, so that the error reported is the page's own,
        # and a page whose code needs the real Site still builds (it is just not kept).
        try:
            file = render_page(site, env, source, page)
        except RenderError as exc:
            return None, None, None, (exc.path, exc.line, f"{exc.message} (while rendering {page.url})")
        return file.path, outputs.put(file.path, file.data), None, None
    record = state.store_page(file.path, static, recorder, file.data)
    return file.path, outputs.put(file.path, file.data), record if state.keep else None, None


def _listed_page(page, recorder: Recorder):
    """The page with its listed entries traced: its key holds what a list shows of them,
    so any other field a template reads is recorded, as a read of the Site by the entry's source."""
    if not getattr(page, "items", ()):
        return page
    return replace(page, items=tuple(TracedEntry(entry, recorder, (("call", "by_source", (entry.source,), ()),))
                                     for entry in page.items))


def _unpickle(raw: bytes | None, kind: type):
    """A cached object of the expected kind, or None: an unreadable entry is a miss, never an error."""
    if raw is None:
        return None
    try:
        found = pickle.loads(raw)
    except Exception:   # noqa: BLE001 - any damage to the bytes
        return None
    return found if isinstance(found, kind) else None
