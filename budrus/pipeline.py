"""build() and check(): one straight sequence, one call per stage.

check is build stopped before the writer, so the two never disagree.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from . import assemble
from .config import SiteConfig, load_config
from .content import discover, parse_entry
from .diagnostics import BuildFailed, ConfigFailed, Diagnostics
from .i18n import Catalogs, load_catalogs
from .markdown_html import LinkTargets, MarkdownConverter
from .model import OutputFile
from .outputs.aliases import redirect_pages, redirects_file
from .outputs.calendars import calendar_files
from .outputs.feeds import feed_files
from .outputs.pages import plan_pages, render_pages
from .outputs.robots import robots_file
from .outputs.search import search_index_files
from .outputs.sitemap import sitemap_file
from .outputs.share import prepare_share_images, share_card_files, share_images
from .render import check_templates, make_environment
from .static import load_static
from .writer import WriteFailed, find_duplicates, write_site


@dataclass(frozen=True)
class BuildOptions:
    """What the command line says about one run."""

    source: Path = Path(".")
    out: Path | None = None
    drafts: bool = False
    now: str | None = None
    base_url: str | None = None
    jobs: int | None = None
    cache_dir: Path | None = None
    no_cache: bool = False

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.source / "public"


def load_site(options: BuildOptions, diagnostics: Diagnostics) -> assemble.Site | None:
    """Read and check everything the site is made of; None when content has errors."""
    config, config_warnings = load_config(options.source, options.base_url)
    diagnostics.extend(config_warnings.items)
    now = resolve_now(options.now, config)
    catalogs = load_catalogs(options.source, config, diagnostics)
    files = discover(options.source, config, diagnostics)
    entries = [e for e in (parse_entry(f, config, diagnostics) for f in files) if e is not None]
    known = frozenset(f.path for f in files)
    entries = assemble.published(entries, now, options.drafts)
    entries = assemble.assign_urls(entries, config, diagnostics)
    ordered = assemble.order_entries(entries)
    html = render_markdown(ordered, known, config, catalogs, diagnostics)
    tags = assemble.collect_tags(ordered, config, diagnostics)
    site = assemble.Site(
        config=config, catalogs=catalogs, now=now, entries=ordered, html=html,
        translations=assemble.translations_of(ordered), tags=tags,
        aliases=assemble.collect_aliases(ordered, config, diagnostics, tags),
        static_files=load_static(options.source, diagnostics),
    )
    return None if diagnostics.has_errors() else site


def render_markdown(entries, known, config: SiteConfig, catalogs: Catalogs,
                    diagnostics: Diagnostics) -> dict[str, str]:
    """Body HTML of every entry; link problems become diagnostics at their lines."""
    targets = LinkTargets({e.source: e.url for e in entries}, known, config.base_path)
    # A language without this string is already an error of load_catalogs; the
    # conversion still runs so that link errors are reported in the same run.
    converters = {lang: MarkdownConverter(targets, catalogs.strings[lang].get("footnote_back", "↩"))
                  for lang in config.language_codes}
    html = {}
    for entry in entries:
        rendered = converters[entry.lang].convert(entry)
        for line, message in rendered.problems:
            diagnostics.error(entry.source, line, message)
        html[entry.source] = rendered.html
    return html


def render_site(site: assemble.Site, options: BuildOptions, diagnostics: Diagnostics,
                cards: bool = True) -> list[OutputFile]:
    """Every output file of the site, in memory; share cards only when `cards`.

    Cards and QR codes go through the cache; check passes cards=False and so writes nothing."""
    env = make_environment(options.source)
    check_templates(env, options.source, diagnostics)
    if diagnostics.has_errors():
        return []
    pages = plan_pages(site)
    images = share_images(options.source, options.cache_dir, options.no_cache, options.jobs)
    if cards:
        prepare_share_images(site, pages, images)
    files, problems = render_pages(site, env, options.source, pages + redirect_pages(site))
    for path, line, message in problems:
        diagnostics.error(path, line, message)
    if cards and not diagnostics.has_errors():
        files += share_card_files(site, pages, images)
    for problem in images.problems():
        diagnostics.warning("--cache-dir", 0, problem)
    files += feed_files(site) + search_index_files(site) + calendar_files(site)
    files += [sitemap_file(site, pages), robots_file(site.config, drafts=options.drafts), redirects_file(site)]
    files += [OutputFile(f.path, f.data) for f in site.static_files]
    find_duplicates(files, diagnostics)
    return files


def check(options: BuildOptions) -> Diagnostics:
    """Everything build does except writing; raises BuildFailed when there are errors."""
    diagnostics = Diagnostics()
    site = load_site(options, diagnostics)
    if site is not None:
        # Cards are pixels from already checked data; drawing them would only fill the cache.
        render_site(site, options, diagnostics, cards=False)
    if diagnostics.has_errors():
        raise BuildFailed(diagnostics)
    return diagnostics


def build(options: BuildOptions) -> tuple[Diagnostics, int]:
    """Build the site and swap it into the output folder; returns warnings and the file count."""
    diagnostics = Diagnostics()
    site = load_site(options, diagnostics)
    files = render_site(site, options, diagnostics) if site is not None else []
    if diagnostics.has_errors():
        raise BuildFailed(diagnostics)
    try:
        write_site(files, options.out_dir)
    except WriteFailed as exc:
        diagnostics.error("--out", 0, str(exc))
        raise ConfigFailed(diagnostics) from None
    return diagnostics, len(files)


def resolve_now(option: str | None, config: SiteConfig) -> dt.datetime:
    """"Now": --now, else SOURCE_DATE_EPOCH, else the clock; in the site's time zone."""
    if option:
        try:
            moment = dt.datetime.fromisoformat(option)
        except ValueError:
            raise _usage(f"--now {option!r} is not an ISO date or date-time (like 2026-12-03 or 2026-12-03T10:00)")
        return moment.replace(tzinfo=config.timezone) if moment.tzinfo is None else moment.astimezone(config.timezone)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=config.timezone)
        except (ValueError, OverflowError, OSError):
            raise _usage(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds")
    return dt.datetime.now(tz=config.timezone)


def _usage(message: str) -> ConfigFailed:
    diagnostics = Diagnostics()
    diagnostics.error("command line", 0, message)
    return ConfigFailed(diagnostics)
