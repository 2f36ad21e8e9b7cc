"""build() and check(): one straight sequence, one call per stage.

check is build stopped before the writer, so the two never disagree.
"""
from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import dataclass

from . import assemble
from .config import SiteConfig, load_config
from .content import discover, parse_entry
from .diagnostics import BuildFailed, ConfigFailed, Diagnostics
from .i18n import Catalogs, load_catalogs
from .incremental import BuildState
from .markdown_html import LinkTargets
from .model import OutputFile
from .options import NOW_OPTION, BuildOptions, fixed_now, fixed_now_setting
from .outputs.aliases import redirect_pages, redirects_file
from .outputs.calendars import calendar_files
from .outputs.feeds import feed_file
from .outputs.pages import plan_pages, render_page
from .outputs.robots import robots_file
from .outputs.search import keep_indexes, search_index_file
from .outputs.sitemap import keep_url_memo, sitemap_file, sitemap_pages
from .outputs.share import (card_path, plan_share_cards, share_images, start_share_images, stop_share_images,
                            write_share_cards)
from .render import check_templates, make_environment
from .schema import YEARS
from .static import check_images, load_static
from .workers import give_back_free_memory, keep_large_blocks_apart
from .writer import CollectedOutputs, Outputs, Staging, WriteFailed, update_site


def build_state(options: BuildOptions, read_only: bool = False) -> BuildState:
    """The caches of a one-shot run: --cache-dir (default SOURCE/.cache) unless --no-cache;
    --jobs. A Builder makes it warm (BuildState.keep_warm) to build again."""
    root = None if options.no_cache else (options.cache_dir or options.source / ".cache")
    return BuildState(root, options.jobs or default_jobs(), read_only=read_only, keep=False)


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load_site(options: BuildOptions, diagnostics: Diagnostics,
              state: BuildState | None = None) -> assemble.Site | None:
    """Read and check everything the site is made of; None when content has errors."""
    state = state or build_state(options)
    state.begin(options.source)
    keep_large_blocks_apart()
    config, config_warnings = load_config(options.source, options.base_url)
    diagnostics.extend(config_warnings.items)
    now = state.now = resolve_now(options.now, config)
    catalogs = load_catalogs(options.source, config, diagnostics)
    files = discover(options.source, config, diagnostics, state.seen_files)
    entries = state.parse_entries(files, config, parse_entry, diagnostics)
    known = frozenset(f.path for f in files)
    del files   # the bytes of every content file: parsed, they are not needed again
    entries = assemble.published(entries, now, options.drafts)
    entries = assemble.assign_urls(entries, config, diagnostics, state.placed_entries)
    ordered = assemble.order_entries(entries)
    html = render_markdown(ordered, known, config, catalogs, diagnostics, state)
    tags = assemble.collect_tags(ordered, config, diagnostics)
    site = assemble.Site(
        config=config, catalogs=catalogs, now=now, entries=ordered, html=html,
        translations=assemble.translations_of(ordered), tags=tags,
        aliases=assemble.collect_aliases(ordered, config, diagnostics, tags),
        static_files=load_static(options.source, diagnostics),
    )
    check_images(ordered, site.static_files, diagnostics)
    give_back_free_memory()   # the files read and the stages' garbage: much of a cold build's heap
    return None if diagnostics.has_errors() else site


def render_markdown(entries, known, config: SiteConfig, catalogs: Catalogs,
                    diagnostics: Diagnostics, state: BuildState) -> dict[str, str]:
    """Body HTML of every entry; link problems become diagnostics at their lines."""
    targets = LinkTargets({e.source: e.url for e in entries}, known, config.base_path, config.allow_raw_html)
    # A language without this string is already an error of load_catalogs; the
    # conversion still runs so that link errors are reported in the same run.
    backlinks = {lang: catalogs.strings[lang].get("footnote_back", "↩") for lang in config.language_codes}
    html = {}
    converted = state.render_markdown(entries, targets, backlinks)
    for entry in entries:
        rendered = converted[entry.source]
        for line, message in rendered.problems:
            diagnostics.error(entry.source, line, message)
        html[entry.source] = rendered.html
    return html


def render_site(site: assemble.Site, options: BuildOptions, diagnostics: Diagnostics, outputs: Outputs,
                cards: bool = True, state: BuildState | None = None) -> None:
    """Every output file of the site, handed to `outputs` as soon as it is made; share
    cards only when `cards`.

    Cards and QR codes go through the cache; check passes cards=False and so writes nothing."""
    if state is None:
        state = build_state(options)
        state.begin(options.source)
    env = state.environment(options.source, make_environment)
    check_templates(env, options.source, diagnostics)
    if diagnostics.has_errors():
        return
    outputs.open()
    pages = state.plan_pages(site, plan_pages)
    site_wide_outputs(site, pages, options, state, outputs)
    give_back_free_memory()
    images = share_images(options.source, options.cache_dir, options.no_cache, options.jobs, state.kept_cards,
                          state.kept_share_plans, state.share_context(site))
    plan = plan_share_cards(site, pages, images) if cards else None
    # Workers draw the QR codes and cards while this process renders the pages.
    drawing = start_share_images(site, pages, plan, images) if cards else None
    try:
        problems = state.render_pages(site, env, options.source, pages + redirect_pages(site), render_page, outputs)
        for path, line, message in problems:
            diagnostics.error(path, line, message)
        if cards and not diagnostics.has_errors():
            write_share_cards(plan, images, outputs, drawing)
    finally:
        stop_share_images(drawing)
    for problem in images.problems():
        diagnostics.warning("--cache-dir", 0, problem)
    # Card paths count even when check draws no card, so that check and build agree.
    for file in static_outputs(site, set(outputs.paths) | {card_path(p.url).lstrip("/") for p in pages}, diagnostics):
        outputs.add(file)
    outputs.report_duplicates(diagnostics)
    state.finish()


def site_wide_outputs(site: assemble.Site, pages, options: BuildOptions, state: BuildState, outputs: Outputs) -> None:
    """Feeds, search index, calendars, sitemap, robots.txt and _redirects into `outputs`.

    Each is reused while everything it read from the Site is unchanged."""
    # Each output written away before the next is made: a large site's search indexes and
    # sitemap are megabytes each.
    for file in _site_wide_files(site, pages, options, state):
        outputs.add(file)


def _site_wide_files(site: assemble.Site, pages, options: BuildOptions, state: BuildState):
    # Feeds and search indexes one language at a time: an edit in one keeps the other's.
    languages = site.config.language_codes
    for lang in languages:
        yield state.call(feed_file, site, lang)
    for lang in languages:
        yield state.call(search_index_file, site, lang)
    yield from state.call(calendar_files, site)
    yield state.call(sitemap_file, site, sitemap_pages(site, pages, state.planned_pages))
    yield robots_file(site.config, drafts=options.drafts)
    yield state.call(redirects_file, site)


def static_outputs(site: assemble.Site, made: set[str], diagnostics: Diagnostics) -> list[OutputFile]:
    """The static files; one on the path of a file the site makes is an error naming both."""
    for file in site.static_files:
        if file.path in made:
            diagnostics.error(f"static/{file.path}", 1, f"has the address /{file.path}, which the site uses "
                              "for a file of its own; rename or move it")
    return [OutputFile(f.path, f.data) for f in site.static_files if f.path not in made]


def check(options: BuildOptions) -> Diagnostics:
    """Everything build does except writing; raises BuildFailed when there are errors."""
    diagnostics = Diagnostics()
    state = build_state(options, read_only=True)
    site = load_site(options, diagnostics, state)
    if site is not None:
        # Cards are pixels from already checked data; drawing them would only fill the cache.
        render_site(site, options, diagnostics, Outputs(), cards=False, state=state)
    if diagnostics.has_errors():
        raise BuildFailed(diagnostics)
    return diagnostics


def build(options: BuildOptions, state: BuildState | None = None) -> tuple[Diagnostics, int]:
    """Build the site and swap it into the output folder; returns warnings and the file count.

    `state` (see Builder) carries caches from an earlier build; the output is the same."""
    diagnostics = Diagnostics()
    state = state or build_state(options)
    staging = Staging(options.out_dir, state.spare_output(options.out_dir))
    _write(staging, options, diagnostics, state)
    return diagnostics, len(staging)


def _write(staging: Staging, options: BuildOptions, diagnostics: Diagnostics, state: BuildState) -> list[str]:
    """Render the site into the staging tree, file by file, and swap it in when all went
    well; on any error the tree is discarded and the output folder stays as it was."""
    try:
        site = load_site(options, diagnostics, state)
        if site is not None:
            render_site(site, options, diagnostics, staging, state=state)
            del site   # the swap needs none of it
        if diagnostics.has_errors():
            raise BuildFailed(diagnostics)
        return staging.commit()
    except WriteFailed as exc:
        diagnostics.error("--out", 0, str(exc))
        raise ConfigFailed(diagnostics) from None
    finally:
        staging.discard()


# A warm Builder frees cycles of garbage among what earlier builds left every this many builds.
FULL_COLLECTION_EVERY = 16


@dataclass(frozen=True)
class BuildResult:
    """What one Builder.build() did."""

    diagnostics: Diagnostics      # warnings (errors raise BuildFailed instead)
    files: int                    # files in the output folder
    changed: tuple[str, ...]      # output paths written (and, with write="update", removed)
    rendered: int                 # pages rendered (the rest were reused unchanged)


class Builder:
    """Builds one site again and again with warm caches: the dev server's way to rebuild.

        builder = Builder(options)              # once; imports and caches stay warm
        result = builder.build()                # after every change; BuildFailed on errors

    Each build reads the whole site folder again and passes it through the same pipeline
    as `budrus build`; what did not change is taken from memory (parsed front matter,
    Markdown HTML, pages whose recorded reads of the Site agree, see incremental.py). No
    list of changed files is needed and none is kept, so the output is byte-identical to a
    fresh `budrus build` with the same options. A failed build raises BuildFailed and
    leaves the output folder as it was; the next build recovers without a restart.

    write="swap" (the default) replaces the output folder as a whole, like `build`;
    write="update" rewrites only the files that changed (faster on large sites; see
    writer.update_site). Use one Builder from one thread at a time.
    """

    def __init__(self, options: BuildOptions, write: str = "swap") -> None:
        if write not in ("swap", "update"):
            raise ValueError(f'write must be "swap" or "update", not {write!r}')
        self.options = options
        self.write = write
        self.state = build_state(options)
        self.state.keep_warm()
        keep_indexes()
        keep_url_memo()
        self._known: dict = {}
        self._builds = 0

    def build(self) -> BuildResult:
        """Build once; raises BuildFailed (content) or ConfigFailed (config, output folder)."""
        try:
            return self._build()
        finally:
            self._settle()

    def _settle(self) -> None:
        # What a build leaves in memory stays for the next ones: frozen, the collector's full
        # passes (a tenth of a second each at 2,000 pages) no longer walk it again and again.
        # Cycles among frozen objects are only freed by the full collection every few builds.
        self._builds += 1
        if self._builds % FULL_COLLECTION_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def _build(self) -> BuildResult:
        diagnostics = Diagnostics()
        if self.write == "swap":
            staging = Staging(self.options.out_dir, self.state.spare_output(self.options.out_dir))
            changed = _write(staging, self.options, diagnostics, self.state)
            return BuildResult(diagnostics, len(staging), tuple(changed), self.state.stats["pages_rendered"])
        # Files change in place only after the whole build succeeded: collected first.
        outputs = CollectedOutputs()
        site = load_site(self.options, diagnostics, self.state)
        if site is not None:
            render_site(site, self.options, diagnostics, outputs, state=self.state)
        if diagnostics.has_errors():
            raise BuildFailed(diagnostics)
        try:
            changed = update_site(outputs.files, self.options.out_dir, self._known)
        except WriteFailed as exc:
            diagnostics.error("--out", 0, str(exc))
            raise ConfigFailed(diagnostics) from None
        return BuildResult(diagnostics, len(outputs), tuple(changed), self.state.stats["pages_rendered"])


def resolve_now(option: str | None, config: SiteConfig) -> dt.datetime:
    """"Now": --now, else SOURCE_DATE_EPOCH, else the clock; in the site's time zone."""
    now = _read_now(option, config)
    if now.year not in YEARS:
        raise _usage(f"now ({now.date().isoformat()}) must be in the years {YEARS.start} to {YEARS.stop - 1}")
    return now


def _read_now(option: str | None, config: SiteConfig) -> dt.datetime:
    setting = fixed_now_setting(option)
    if setting is None:
        return dt.datetime.now(tz=config.timezone)
    try:
        return fixed_now(setting, config.timezone)
    except (ValueError, OverflowError, OSError):
        if setting[0] == NOW_OPTION:
            raise _usage(f"--now {option!r} is not an ISO date or date-time (like 2026-12-03 or 2026-12-03T10:00)")
        raise _usage(f"SOURCE_DATE_EPOCH={setting[1]!r} is not a whole number of seconds")


def _usage(message: str) -> ConfigFailed:
    diagnostics = Diagnostics()
    diagnostics.error("command line", 0, message)
    return ConfigFailed(diagnostics)
