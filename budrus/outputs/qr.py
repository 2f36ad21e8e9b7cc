"""QR codes of page URLs for "share in class": inline SVG that screens and printers show.

Drawing a QR code takes under a millisecond (qr_symbol: segno's symbol, made faster
than segno makes it), so a build first makes sure of the SVGs of all its pages
with `prepare_qr_codes` (drawing only those missing from the content cache, in parallel);
`qr_svg` then reads each from the cache when a page needs it, so that thousands of SVGs
are not held in memory (nor copied into every worker). Without a cache they are kept in
memory.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

import segno

from ..cache import ContentCache, cache_key
from ..workers import imap_items
from .qr_symbol import qr_symbol, svg_path

# M recovers from about 15% damage: enough for a creased handout, still a small symbol.
ERROR_LEVEL = "m"
# Drawing a code costs about half a millisecond: a worker is worth starting only for
# dozens of them (a cold build), not for the few codes of a rebuild.
ITEMS_PER_WORKER = 48
QUIET_ZONE = 4  # modules; the QR standard asks for four
# Bump when the SVG markup changes, so that cached SVGs of the old markup are not reused.
QR_VERSION = "budrus-qr-1"

# (url, label) -> SVG. A memo of a pure function: it changes speed, never output.
_drawn: dict[tuple[str, str], str] = {}
# Where the last prepare_qr_codes stored the SVGs; None without a cache.
_cache: ContentCache | None = None
# Requests this process found (or stored) in the cache folder, by cache folder: a process
# that builds again does not read 2,000 SVGs back only to learn that they are there. Should
# one go missing since, qr_svg draws it when a page asks for it: the same markup.
_stored: dict[str | None, set[tuple[str, str]]] = {}
# Whether an SVG missing from the cache is stored there once drawn: while workers are still
# drawing them (missing_qr_codes), rather than kept in memory.
_fill_cache = False


def make_qr(url: str) -> segno.QRCode:
    """The QR symbol of url; qr_svg draws exactly this symbol."""
    if not url:
        raise ValueError("a QR code needs a URL")
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)


def qr_svg(url: str, label: str | None = None) -> str:
    """An inline SVG of url's QR code, named for screen readers by label (default: url)."""
    request = (url, label if label is not None else url)
    found = _drawn.get(request)
    if found is None and _cache is not None:
        stored = _cache.get(qr_key(request))   # a damaged entry is a miss: drawn again below
        found = stored.decode("utf-8") if stored is not None else None
    if found is None:
        found = draw_qr_svg(request)
        if _fill_cache and _cache is not None and _cache.problem is None:
            _cache.put(qr_key(request), found.encode("utf-8"))   # a worker has not got to it yet
        else:
            _drawn[request] = found
    return found


def qr_key(request: tuple[str, str]) -> str:
    """The cache key of the SVG of one (url, label) pair."""
    return cache_key(QR_VERSION, segno.__version__, *request)


def prepare_qr_codes(requests: Sequence[tuple[str, str]], cache: ContentCache, jobs: int) -> int:
    """Have the SVGs of these (url, label) pairs ready; returns how many had to be drawn."""
    global _cache
    _cache = cache if cache.enabled else None
    stop_filling_cache()
    stored = _stored_in(cache)
    wanted = [request for request in dict.fromkeys(requests) if request not in _drawn and request not in stored]
    missing = []
    for request in wanted:
        if cache.get(qr_key(request)) is None:
            missing.append(request)
        else:
            stored.add(request)
    for request, svg in zip(missing, imap_items(draw_qr_svg, missing, jobs, ITEMS_PER_WORKER)):
        cache.put(qr_key(request), svg.encode("utf-8"))
        if _cache is None or cache.problem:   # qr_svg could not read it back
            _drawn[request] = svg
        else:
            stored.add(request)
    return len(missing)


def missing_qr_codes(requests: Sequence[tuple[str, str]], cache: ContentCache) -> list[tuple[str, str]]:
    """The (url, label) pairs whose SVG is neither in memory nor in the cache folder, once
    each; `qr_svg` reads the others from `cache` from now on."""
    global _cache, _fill_cache
    _cache = cache if cache.enabled else None
    _fill_cache = True
    stored = _stored_in(cache)
    missing = []
    for request in dict.fromkeys(requests):
        if request in _drawn or request in stored:
            continue
        if cache.has(qr_key(request)):
            stored.add(request)
        else:
            missing.append(request)
    return missing


def _stored_in(cache: ContentCache) -> set[tuple[str, str]]:
    """The requests this process knows to be in `cache`'s folder (see _stored)."""
    return _stored.setdefault(str(cache.root) if cache.enabled else None, set())


def stop_filling_cache() -> None:
    """From now on an SVG missing from the cache is drawn and kept in memory (see qr_svg)."""
    global _fill_cache
    _fill_cache = False


def draw_and_store(cache: ContentCache, request: tuple[str, str]) -> None:
    """Draw one SVG into the cache folder (in a worker), unless a page drew it first."""
    key = qr_key(request)
    if not cache.has(key):
        cache.put(key, draw_qr_svg(request).encode("utf-8"))


def draw_qr_svg(request: tuple[str, str]) -> str:
    """Draw the SVG of one (url, label) pair: the markup segno's SVG writer gives for
    make_qr(url), written here from the symbol's rows (see qr_symbol)."""
    url, name = request
    if not url:
        raise ValueError("a QR code needs a URL")
    symbol = qr_symbol(url, ERROR_LEVEL)
    width = symbol.size + 2 * QUIET_ZONE
    # A viewBox only: CSS decides the printed and on-screen size. The quiet zone is opaque,
    # which keeps the code readable on a dark page.
    return (
        f'<svg role="img" aria-label="{escape(name, quote=True)}" xmlns="http://www.w3.org/2000/svg"'
        f' viewBox="0 0 {width} {width}" class="qr"><title>{escape(name, quote=False)}</title>'
        f'<path fill="#fff" d="M0 0h{width}v{width}h-{width}z"/>'
        f'<path stroke="#000" d="{svg_path(symbol, QUIET_ZONE)}"/></svg>\n'
    )


def qr_png(url: str, scale: int = 8) -> bytes:
    """The same symbol as PNG bytes (for tests that decode it, and for print tools)."""
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()
