"""Sharing a page: its share card, the share links, and the QR code for a class.

Everything here is computed from the Site and the planned pages; the templates only
print it (partials/meta.html and partials/share.html).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from ..cache import ContentCache, RecentMemo
from ..model import OutputFile
from ..workers import BackgroundWork
from . import cards
from .cards import HEIGHT, WIDTH, CardSpec
from . import qr
from .qr import prepare_qr_codes, qr_svg

CARD_FILE = "card.png"
CARD_TYPE = "image/png"
CARD_CACHE = "cards"
QR_CACHE = "qr"
ARTICLE_SECTIONS = ("articles", "guides")
NETWORKS = ("facebook", "x", "linkedin", "whatsapp", "telegram", "email")


@dataclass(frozen=True)
class ShareLink:
    """A plain link that opens a network's own share dialog."""

    network: str  # facebook, x, linkedin, whatsapp, telegram, email
    label: str
    href: str


@dataclass(frozen=True)
class Share:
    """What a page's templates need to show and announce it for sharing."""

    url: str  # the page's absolute URL
    short_url: str  # the same without scheme and trailing slash, for reading aloud and typing
    title: str
    og_type: str  # "article" for articles and guides, else "website"
    locale_alternates: tuple[str, ...]  # og:locale of the languages this page also exists in
    card_url: str  # absolute URL of the page's 1200x630 card
    card_alt: str
    card_width: int
    card_height: int
    card_type: str
    links: tuple[ShareLink, ...]
    qr_svg: Markup | None  # only for entries: the pages a class is sent to


def card_path(page_url: str) -> str:
    """The site path of a page's card: next to its index.html, or beside a named file."""
    if page_url.endswith("/"):
        return page_url + CARD_FILE
    stem = page_url.rsplit(".", 1)[0] if "." in page_url.rsplit("/", 1)[-1] else page_url
    return f"{stem}-{CARD_FILE}"


@lru_cache(maxsize=65536)   # asked for every entry page in every build
def short_url(url: str) -> str:
    """An absolute URL as people write it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    text = parts.netloc + parts.path
    if parts.query:
        text += "?" + parts.query
    return text.rstrip("/")


def share_links(url: str, title: str, labels: dict[str, str]) -> tuple[ShareLink, ...]:
    """Links to each network's share page, with the page URL (and title) filled in."""
    u, t = _q(url), _q(title)
    hrefs = (
        ("facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("x", f"https://x.com/intent/tweet?url={u}&text={t}"),
        ("linkedin", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ("whatsapp", f"https://wa.me/?text={_q(title + ' ' + url)}"),
        ("telegram", f"https://t.me/share/url?url={u}&text={t}"),
        ("email", f"mailto:?subject={t}&body={_q(title + chr(10) + chr(10) + url)}"),
    )
    return tuple(ShareLink(network, labels[network], href) for network, href in hrefs)


def _q(text: str) -> str:
    # Everything reserved is escaped, spaces as %20: mailto: does not read + as a space.
    return quote(text, safe="")


def card_spec(site, page) -> CardSpec:
    """The card of one page in its language, in the campaign's colours."""
    config, catalogs = site.config, site.catalogs
    if page.kind == "landing":
        language = " · ".join(config.languages[code].name for code in config.language_codes)
    else:
        language = config.languages[page.lang].name
    return CardSpec(
        title=page.title,
        kind=catalogs.text(page.lang, card_kind_key(page)),
        site_name=config.languages[page.lang].title,
        language=language,
        background=config.colors["background"],
        text=config.colors["text"],
        accent=config.colors["accent"],
    )


def card_kind_key(page) -> str:
    """The UI string that names what kind of page a card shows.

    Lists, tag and search pages are titled with their kind already ("Straipsniai"), so
    their cards name the site instead of saying it twice."""
    if page.kind == "entry":
        return f"card_kind_{page.section}"
    if page.kind == "audience":
        return "section_audiences"
    return "card_kind_home"


def share_info(site, page) -> Share:
    """The share data of one page, for its templates."""
    config, catalogs, lang = site.config, site.catalogs, page.lang
    url = config.absolute(page.url)
    spec = card_spec(site, page)
    labels = {network: catalogs.text(lang, f"share_{network}") for network in NETWORKS}
    is_entry = page.kind == "entry"
    return Share(
        url=url,
        short_url=short_url(url),
        title=page.title,
        og_type="article" if is_entry and page.section in ARTICLE_SECTIONS else "website",
        locale_alternates=locale_alternates(site, page),
        card_url=config.absolute(card_path(page.url)),
        card_alt=catalogs.text(lang, "share_card_alt", kind=spec.kind, title=page.title, site=spec.site_name),
        card_width=WIDTH,
        card_height=HEIGHT,
        card_type=CARD_TYPE,
        links=share_links(url, page.title, labels) if is_entry else (),
        qr_svg=Markup(qr_svg(*qr_request(site, page))) if is_entry else None,
    )


def qr_request(site, page) -> tuple[str, str]:
    """The (url, accessible name) of a page's QR code."""
    url = site.config.absolute(page.url)
    return url, site.catalogs.text(page.lang, "share_qr_label", url=short_url(url))


def locale_alternates(site, page) -> tuple[str, ...]:
    """Locales of the other languages this very page exists in (all of them on the landing)."""
    languages = site.config.languages
    if page.kind == "landing":
        codes = site.config.language_codes
    else:
        codes = tuple(code for code, _url in page.alternates if code in languages)
    return tuple(languages[code].locale for code in codes if code != page.lang)


@dataclass(frozen=True)
class ShareImages:
    """How a build draws its cards and QR codes: through which caches, in how many processes."""

    cards: ContentCache
    qr_codes: ContentCache
    jobs: int
    kept_cards: RecentMemo | None = None   # a warm process's cards of the last build
    # A warm process's card and QR code of each page object, valid while `context` (the
    # digest of the config and the UI strings, which they are made from besides the page) is.
    kept_plans: RecentMemo | None = None
    context: bytes = b""

    def problems(self) -> list[str]:
        """Why a cache could not be used (the build then draws without it)."""
        return [cache.problem for cache in (self.cards, self.qr_codes) if cache.problem]


def share_images(source: Path, cache_dir: Path | None, no_cache: bool, jobs: int | None,
                 kept_cards: RecentMemo | None = None, kept_plans: RecentMemo | None = None,
                 context: bytes | None = None) -> ShareImages:
    """The settings of a build: --cache-dir (default SOURCE/.cache), --no-cache, --jobs."""
    root = None if no_cache else (cache_dir if cache_dir is not None else source / ".cache")
    return ShareImages(ContentCache(root, CARD_CACHE), ContentCache(root, QR_CACHE), default_jobs(jobs), kept_cards,
                       kept_plans if context is not None else None, context or b"")


@dataclass(frozen=True)
class SharePlan:
    """What a page's share card and QR code are: the card's spec, cache key and output path."""

    spec: CardSpec
    card_key: str
    card_output: str
    qr: tuple[str, str] | None   # qr_request, for entry pages


def share_plan(site, page, settings: ShareImages) -> SharePlan:
    """The page's SharePlan; a warm process's unchanged page object gives last build's."""
    kept = settings.kept_plans
    if kept is not None:
        found = kept.get((id(page), settings.context))
        if found is not None and found[0] is page:
            return found[1]
    spec = card_spec(site, page)
    plan = SharePlan(spec, cards.card_key(spec), card_path(page.url).lstrip("/"),
                     qr_request(site, page) if page.kind == "entry" else None)
    if kept is not None:
        kept.put((id(page), settings.context), (page, plan))
    return plan


def default_jobs(jobs: int | None) -> int:
    """--jobs, else every core this process may use."""
    if jobs is not None:
        return max(1, jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def prepare_share_images(site, pages: Sequence, settings: ShareImages) -> None:
    """Load or draw the QR codes the pages will show, before they are rendered."""
    prepare_qr_codes(_qr_requests(site, pages, settings), settings.qr_codes, settings.jobs)


def _qr_requests(site, pages: Sequence, settings: ShareImages) -> list[tuple[str, str]]:
    return [plan.qr for plan in (share_plan(site, page, settings) for page in pages) if plan.qr is not None]


@dataclass(frozen=True)
class CardPlan:
    """The cards of a build: each distinct card by its key, and the pages' paths of each."""

    specs: dict[str, CardSpec]
    paths: dict[str, list[str]]


def plan_share_cards(site, pages: Sequence, settings: ShareImages) -> CardPlan:
    """Which card each page shows; pages with the same card share one drawing."""
    paths: dict[str, list[str]] = {}   # card key -> the output paths of the pages it is for
    specs: dict[str, CardSpec] = {}
    for page in pages:
        plan = share_plan(site, page, settings)
        paths.setdefault(plan.card_key, []).append(plan.card_output)
        specs.setdefault(plan.card_key, plan.spec)
    return CardPlan(specs, paths)


def start_share_images(site, pages: Sequence, plan: CardPlan, settings: ShareImages) -> BackgroundWork | None:
    """Start drawing the QR codes and cards missing from the cache in worker processes,
    QR codes first, while this process renders the pages; each is stored in the cache by
    the process that drew it. A page whose QR code is not there yet draws it itself.

    Without workers (one job, few images, no cache) the QR codes are made ready here and
    the cards left to write_share_cards; returns None then."""
    requests = _qr_requests(site, pages, settings)
    if settings.cards.enabled and settings.qr_codes.enabled:
        items = [(_QR, request) for request in qr.missing_qr_codes(requests, settings.qr_codes)]
        items += [(_CARD, item) for item in cards.missing_cards(plan.specs, settings.cards, settings.kept_cards)]
        work = BackgroundWork(_draw_and_store, (settings.qr_codes, settings.cards), items, settings.jobs,
                              min(qr.ITEMS_PER_WORKER, cards.ITEMS_PER_WORKER))
        if work.in_background:
            return work
        work.close()
    prepare_qr_codes(requests, settings.qr_codes, settings.jobs)
    return None


def stop_share_images(started: BackgroundWork | None) -> None:
    """End what start_share_images began, finished or not: its workers stop, and a page
    that draws a QR code keeps it in memory again rather than in the cache."""
    if started is not None:
        started.close()
        qr.stop_filling_cache()


_QR, _CARD = "qr", "card"


def _draw_and_store(caches: tuple[ContentCache, ContentCache], item: tuple) -> None:
    kind, what = item
    if kind == _QR:
        qr.draw_and_store(caches[0], what)
    else:
        cards.draw_and_store(caches[1], what)


def write_share_cards(plan: CardPlan, settings: ShareImages, outputs, started=None) -> int:
    """Each page's card into `outputs`, one card in memory at a time (a warm process's
    `kept_cards` aside): the drawing `started` is finished first, then cards are copied
    from their (checksummed) cache entries and the rest drawn in --jobs worker processes
    and stored as they come. Returns how many were drawn here, after `started`."""
    if started is not None:
        started.finish()
    drawn = 0
    for key, png, was_drawn in cards.stream_cards(plan.specs, settings.jobs, settings.cards, settings.kept_cards):
        for path in plan.paths[key]:
            outputs.add(OutputFile(path, png))
        drawn += was_drawn
    return drawn
