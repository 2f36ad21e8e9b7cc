"""Share cards: the 1200x630 PNG that a chat or a social network shows for a page.

The card is laid out first (``layout_card``: every text run with its font, size and
position) and drawn second (``render_card``), so tests can check the geometry of exactly
what is drawn. Titles of any length fit: the title shrinks step by step, and only when
even the smallest size cannot hold a word is that word broken with a hyphen.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import struct
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from ..cache import ContentCache, RecentMemo, cache_key
from ..colours import MIN_CONTRAST, contrast_ratio, parse_hex
from ..workers import imap_items

WIDTH, HEIGHT = 1200, 630
# A card costs milliseconds: a few of them already repay starting a worker.
ITEMS_PER_WORKER = 3
# Bump when the drawing changes, so cached cards of the old design are not reused.
RENDERER_VERSION = "budrus-card-3"
FONT_FILES = {"bold": "DejaVuSans-Bold.ttf", "regular": "DejaVuSans.ttf"}

STRIPE_WIDTH = 24
RULE_HEIGHT = 4
GAP = 28
TITLE_SIZES = tuple(range(76, 39, -2))  # whole words only, largest first
BREAK_SIZES = tuple(range(40, 23, -2))  # last resort: words broken with a hyphen
KIND_SIZES = tuple(range(32, 21, -2))
FOOTER_SIZES = tuple(range(28, 17, -2))
LINE_PITCH = 1.2
# zlib levels 1 to 3 cost the same on a palette card and 3 gives the smallest files;
# level 4 costs half as much again.
PNG_COMPRESS_LEVEL = 3
ELLIPSIS = "…"


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels; right and bottom are exclusive."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left


# Every glyph is drawn inside this box; outside it there is only background and the stripe.
CONTENT = Box(88, 64, WIDTH - 88, HEIGHT - 64)
STRIPE = Box(0, 0, STRIPE_WIDTH, HEIGHT)


@dataclass(frozen=True)
class CardSpec:
    """Everything that is drawn on one card."""

    title: str
    kind: str  # the page's section or type, e.g. "Atpažinimo gidas" / "Guide"
    site_name: str
    language: str  # e.g. "Lietuvių" / "English"
    background: str  # "#rrggbb"
    text: str
    accent: str

    def __post_init__(self) -> None:
        for name in ("background", "text", "accent"):
            parse_hex(getattr(self, name))


@dataclass(frozen=True)
class TextRun:
    """One line of text as drawn: (x, y) is the left end of its baseline."""

    text: str
    weight: str  # a key of FONT_FILES
    size: int
    x: int
    y: int
    colour: str


@dataclass(frozen=True)
class CardLayout:
    """What render_card draws: rectangles first, then text runs."""

    rects: tuple[tuple[Box, str], ...]
    runs: tuple[TextRun, ...]
    title_size: int
    title_lines: int
    words_broken: bool
    title_box: Box  # holds every glyph of the title; outside it, cards of a kind are alike

    @property
    def title_runs(self) -> tuple[TextRun, ...]:
        """The lines of the title (the kind label comes first in runs)."""
        return self.runs[1 : 1 + self.title_lines]

    @property
    def fixed_runs(self) -> tuple[TextRun, ...]:
        """The runs besides the title: the same on every card of a language and kind."""
        return self.runs[:1] + self.runs[1 + self.title_lines :]


# -- colours ---------------------------------------------------------------------------


def colour_problems(spec: CardSpec) -> list[str]:
    """Say which text colours of the card fall below AA contrast with its background."""
    problems = []
    for name in ("text", "accent"):
        ratio = contrast_ratio(getattr(spec, name), spec.background)
        if ratio < MIN_CONTRAST:
            problems.append(
                f"share card colour {name} {getattr(spec, name)} on background "
                f"{spec.background} has contrast {ratio:.2f}:1, below the {MIN_CONTRAST}:1 of WCAG AA"
            )
    return problems


# -- fonts -----------------------------------------------------------------------------


@lru_cache(maxsize=None)
def font_bytes(weight: str) -> bytes:
    """The bytes of the card font of this weight, shipped inside the package."""
    fonts = resources.files("budrus").joinpath("theme", "fonts")
    return fonts.joinpath(FONT_FILES[weight]).read_bytes()


@lru_cache(maxsize=None)
def load_font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    """The card font at a size; the basic layout engine keeps output equal on every install."""
    return ImageFont.truetype(
        io.BytesIO(font_bytes(weight)), size, layout_engine=ImageFont.Layout.BASIC
    )


@lru_cache(maxsize=None)
def renderer_fingerprint() -> tuple[str, ...]:
    """Everything besides the spec that changes the pixels: code, fonts, Pillow, FreeType."""
    font_digests = tuple(
        hashlib.sha256(font_bytes(weight)).hexdigest() for weight in sorted(FONT_FILES)
    )
    return (RENDERER_VERSION, *font_digests, PIL.__version__, features.version("freetype2") or "")


_SPEC_FIELDS = dataclasses.fields(CardSpec)


# A rebuild asks again for the keys of thousands of unchanged specs; a spec is a few strings.
@lru_cache(maxsize=65536)
def card_key(spec: CardSpec) -> str:
    """The cache key of a card: every field of the spec plus the renderer fingerprint."""
    # The fields are strings: a shallow tuple is what dataclasses.astuple gives, at a tenth of its cost.
    return cache_key(*renderer_fingerprint(), *(getattr(spec, field.name) for field in _SPEC_FIELDS))


# -- layout ----------------------------------------------------------------------------


def layout_card(spec: CardSpec) -> CardLayout:
    """Place the kind label, the title and the footer inside the CONTENT box."""
    # The kind and the footer are the same on every card of a language and kind: laid out once.
    kind_run, kind_bottom = _layout_kind(spec.kind, spec.accent)
    footer_runs, rule = _layout_footer(spec.site_name, spec.language, spec.text, spec.accent)
    title_box = Box(CONTENT.left, kind_bottom + GAP, CONTENT.right, rule.top - GAP)
    title_runs, size, broken = _layout_title(spec.title, title_box, spec.text)
    return CardLayout(
        rects=((STRIPE, spec.accent), (rule, spec.accent)),
        runs=(kind_run, *title_runs, *footer_runs),
        title_size=size,
        title_lines=len(title_runs),
        words_broken=broken,
        title_box=title_box,
    )


def ink_box(run: TextRun) -> Box:
    """The box the glyphs of a run cover on the card."""
    left, top, right, bottom = _text_box(load_font(run.weight, run.size), run.text)
    return Box(run.x + left, run.y + top, run.x + right, run.y + bottom)


@lru_cache(maxsize=64)
def _layout_kind(kind: str, accent: str) -> tuple[TextRun, int]:
    text, size = _fit_line(kind, "bold", CONTENT.width, KIND_SIZES)
    ascent, descent = load_font("bold", size).getmetrics()
    run = _run_at(text, "bold", size, CONTENT.left, CONTENT.top + ascent, accent)
    return run, run.y + descent


@lru_cache(maxsize=64)
def _layout_footer(site_name: str, language_name: str, text: str,
                   accent: str) -> tuple[tuple[TextRun, ...], Box]:
    """Site name at the left, language at the right, an accent rule above both."""
    language, language_size = _fit_line(language_name, "bold", CONTENT.width // 3, FOOTER_SIZES)
    language_font = load_font("bold", language_size)
    language_width = _ink_width(language_font, language)
    name_width = CONTENT.width - language_width - GAP
    name, name_size = _fit_line(site_name, "regular", name_width, FOOTER_SIZES)
    descent = max(load_font("regular", name_size).getmetrics()[1], language_font.getmetrics()[1])
    ascent = max(load_font("regular", name_size).getmetrics()[0], language_font.getmetrics()[0])
    baseline = CONTENT.bottom - descent
    right_x = CONTENT.right - language_width
    runs = (
        _run_at(name, "regular", name_size, CONTENT.left, baseline, text),
        _run_at(language, "bold", language_size, right_x, baseline, accent),
    )
    rule_bottom = baseline - ascent - GAP // 2
    return runs, Box(CONTENT.left, rule_bottom - RULE_HEIGHT, CONTENT.right, rule_bottom)


def _layout_title(title: str, box: Box, colour: str) -> tuple[list[TextRun], int, bool]:
    """Wrap the title at the largest size that fits; break words only as a last resort."""
    tokens = _tokens(title)
    for allow_breaks, sizes in ((False, TITLE_SIZES), (True, BREAK_SIZES)):
        for size in sizes:
            lines, broken = _wrap(tokens, load_font("bold", size), box.width, allow_breaks)
            runs = _place_block(lines, size, box, colour) if lines else None
            if runs:
                return runs, size, broken
    return _truncated_block(tokens, BREAK_SIZES[-1], box, colour), BREAK_SIZES[-1], True


def _place_block(lines: list[str], size: int, box: Box, colour: str) -> list[TextRun] | None:
    """Centre the lines vertically in box; None when any glyph would leave the box."""
    font = load_font("bold", size)
    ascent, descent = font.getmetrics()
    pitch = round(size * LINE_PITCH)
    height = ascent + (len(lines) - 1) * pitch + descent
    first_baseline = box.top + ascent + max(0, (box.bottom - box.top - height) // 2)
    runs = [
        _run_at(line, "bold", size, box.left, first_baseline + index * pitch, colour)
        for index, line in enumerate(lines)
    ]
    return runs if all(_inside(ink_box(run), box) for run in runs) else None


def _truncated_block(tokens, size: int, box: Box, colour: str) -> list[TextRun]:
    """For titles far beyond the 120-character limit: keep the lines that fit, end with …"""
    font = load_font("bold", size)
    lines = _wrap(tokens, font, box.width, allow_breaks=True)[0] or [""]
    while lines:
        last = _ellipsize(lines[-1] + ELLIPSIS, font, box.width)
        runs = _place_block([*lines[:-1], last], size, box, colour)
        if runs:
            return runs
        lines = lines[:-1]
    return []


# -- lines and words -------------------------------------------------------------------

# A token is (glue, text): glue is " " between words and "" after a hyphen or slash
# inside a word, where a line may also end without adding a hyphen of its own.
_BREAK_AFTER = re.compile(r"(?<=[-–/])(?=.)")


def _tokens(title: str) -> list[tuple[str, str]]:
    tokens = []
    for word in title.split():
        for index, part in enumerate(_BREAK_AFTER.split(word)):
            tokens.append(("" if index else " ", part))
    return tokens


def _wrap(tokens, font, width: int, allow_breaks: bool) -> tuple[list[str], bool]:
    """Greedy wrap into lines, and whether a word was broken; no lines when a word is
    too long for a line and breaking is not allowed."""
    lines: list[str] = []
    current = ""
    broken = False
    for glue, text in tokens:
        candidate = current + glue + text if current else text
        if _fits(font, candidate, width):
            current = candidate
            continue
        if current:
            lines.append(current)
        if _fits(font, text, width):
            current = text
            continue
        if not allow_breaks:
            return [], False
        broken = True
        pieces = _break_word(text, font, width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines, broken


def _break_word(word: str, font, width: int) -> list[str]:
    """Split a word too long for a line into pieces that end with a hyphen."""
    pieces = []
    rest = word
    while not _fits(font, rest, width):
        cut = max(1, _longest_prefix(rest, font, width, suffix="-"))
        # Never leave one or two letters alone on the next line.
        if 0 < len(rest) - cut < 3 and cut > 3:
            cut = len(rest) - 3
        pieces.append(rest[:cut] + "-")
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def _longest_prefix(text: str, font, width: int, suffix: str = "") -> int:
    """The largest n such that text[:n] + suffix fits the width (binary search)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(font, text[:middle] + suffix, width):
            low = middle
        else:
            high = middle - 1
    return low


def _fit_line(text: str, weight: str, width: int, sizes: Sequence[int]) -> tuple[str, int]:
    """One line at the largest size that fits, else the smallest size, shortened with …"""
    for size in sizes:
        if _fits(load_font(weight, size), text, width):
            return text, size
    return _ellipsize(text + ELLIPSIS, load_font(weight, sizes[-1]), width), sizes[-1]


def _ellipsize(text: str, font, width: int) -> str:
    """text (which ends with …) shortened before its … until it fits."""
    body = text[: -len(ELLIPSIS)] if text.endswith(ELLIPSIS) else text
    if _fits(font, text, width):
        return text
    keep = _longest_prefix(body, font, width, suffix=ELLIPSIS)
    return body[:keep].rstrip() + ELLIPSIS


def _fits(font, text: str, width: int) -> bool:
    return _ink_width(font, text) <= width


def _ink_width(font, text: str) -> int:
    # Measured from the pen position, counting a glyph that reaches left of it.
    left, _top, right, _bottom = _text_box(font, text)
    return right - min(0, left)


@lru_cache(maxsize=4096)
def _text_box(font: ImageFont.FreeTypeFont, text: str) -> tuple[int, int, int, int]:
    # Fitting, placing and checking a line each measure it: FreeType lays it out once.
    return font.getbbox(text, anchor="ls")


def _run_at(text: str, weight: str, size: int, x: int, y: int, colour: str) -> TextRun:
    # Shift right when the first glyph reaches left of the pen, so ink starts at x.
    left = _text_box(load_font(weight, size), text)[0] if text else 0
    return TextRun(text, weight, size, x - min(0, left), y, colour)


def _inside(inner: Box, outer: Box) -> bool:
    return (
        inner.left >= outer.left
        and inner.top >= outer.top
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


# -- drawing ---------------------------------------------------------------------------
#
# A card has a background, two text colours and the anti-aliased edges between them, so it
# is drawn as a palette image: indices 0 to SHADES - 1 are shades from the background to the
# text colour, the rest shades from the background to the accent. A third of the bytes of an
# RGB image makes zlib, most of a card's cost, several times cheaper, and the PNG half as big.
# Each shade is the colour Pillow's RGB drawing gives at its coverage, so a pixel is within
# one step of coverage (255 / (SHADES - 1)) of an RGB render of the same card.
#
# Cards of one language and kind differ only inside the title box. Everything else is
# drawn and compressed once (_CardBase); a card draws and compresses the rows of its title
# box and joins them to the shared rows in one zlib stream (a full flush ends each part on a
# byte boundary with no reference to what came before, so the parts join as they are).

SHADES = 128  # palette entries per text colour; two colours fill the 256 a PNG palette holds
TEXT_INK = SHADES - 1  # the index of the full text colour
ACCENT = SHADES  # the first index of the accent's shades
ROW_BYTES = 1 + WIDTH  # a PNG scanline: its filter type (0: none, best for palettes), pixels
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render_card(spec: CardSpec) -> bytes:
    """Draw the card as PNG bytes; the same spec always gives the same bytes."""
    problems = colour_problems(spec)
    if problems:
        raise ValueError("; ".join(problems))
    layout = layout_card(spec)
    base = _card_base(layout.rects, layout.fixed_runs, layout.title_box, spec.text)
    title_rows = base.title_rows.copy()
    _draw_runs(title_rows, layout.title_runs, spec.text, origin=(1, -layout.title_box.top))
    rows = title_rows.tobytes()
    checksum = adler32_combine(zlib.adler32(rows, base.checksum_above), base.checksum_below, len(base.rows_below))
    stream = base.above + _deflate(rows, zlib.Z_FULL_FLUSH) + base.below + struct.pack(">I", checksum)
    return _png(card_palette(spec.background, spec.text, spec.accent), stream)


@dataclass(frozen=True)
class _CardBase:
    """The parts of a card that all cards of a language and kind share."""

    title_rows: Image.Image  # the title box's rows, blank, as scanlines (filter byte first)
    above: bytes  # the zlib stream's header and the rows above the title box, full-flushed
    checksum_above: int  # adler32 of the rows above
    below: bytes  # the rows below the title box, compressed to the end of the stream
    rows_below: bytes  # the same uncompressed (their length finishes the stream's adler32)
    checksum_below: int  # adler32 of the rows below


@lru_cache(maxsize=32)
def _card_base(rects: tuple[tuple[Box, str], ...], runs: tuple[TextRun, ...], title_box: Box,
               text: str) -> _CardBase:
    """Draw and compress the stripe, the rule, the kind and the footer of a card."""
    scanlines = Image.new("L", (ROW_BYTES, HEIGHT), 0)  # column 0: filter type 0
    draw = ImageDraw.Draw(scanlines)
    for box, colour in rects:
        draw.rectangle((box.left + 1, box.top, box.right, box.bottom - 1),
                       fill=TEXT_INK if colour == text else ACCENT + TEXT_INK)
    _draw_runs(scanlines, runs, text, origin=(1, 0))
    raw = scanlines.tobytes()
    top, bottom = title_box.top * ROW_BYTES, title_box.bottom * ROW_BYTES
    head = zlib.compressobj(PNG_COMPRESS_LEVEL)  # with the zlib header, unlike _deflate
    return _CardBase(
        title_rows=scanlines.crop((0, title_box.top, ROW_BYTES, title_box.bottom)),
        above=head.compress(raw[:top]) + head.flush(zlib.Z_FULL_FLUSH),
        checksum_above=zlib.adler32(raw[:top]),
        below=_deflate(raw[bottom:], zlib.Z_FINISH),
        rows_below=raw[bottom:],
        checksum_below=zlib.adler32(raw[bottom:]),
    )


_ADLER_BASE = 65521


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The adler32 of two byte strings joined, from the checksum of each and the second's
    length (zlib's adler32_combine): the rows below a card's title box, the same on every
    card of its kind, are summed once instead of once per card."""
    remainder = second_length % _ADLER_BASE
    low = (first & 0xFFFF) + (second & 0xFFFF) + _ADLER_BASE - 1
    high = remainder * (first & 0xFFFF) + (first >> 16) + (second >> 16) + _ADLER_BASE - remainder
    return (low % _ADLER_BASE) | ((high % _ADLER_BASE) << 16)


def _deflate(data: bytes, flush: int) -> bytes:
    """Raw deflate blocks of data (no zlib header or checksum), ended by flush."""
    compressor = zlib.compressobj(PNG_COMPRESS_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(flush)


def _png(palette: bytes, stream: bytes) -> bytes:
    """An 8-bit palette PNG of the card: pixels only, no time stamps or software names."""
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # depth 8, colour type 3
    chunks = ((b"IHDR", header), (b"PLTE", palette), (b"IDAT", stream), (b"IEND", b""))
    return PNG_SIGNATURE + b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))
        for kind, data in chunks
    )


@lru_cache(maxsize=64)
def card_palette(background: str, text: str, accent: str) -> bytes:
    """The 256 RGB entries of a card: the text colour's shades, then the accent's."""
    # Shade i stands for the coverages that Pillow's blend of index TEXT_INK turns into i.
    coverages = [round(index * 255 / TEXT_INK) for index in range(SHADES)]
    return _shades(background, text, coverages) + _shades(background, accent, coverages)


def _shades(background: str, colour: str, coverages: list[int]) -> bytes:
    strip = Image.new("RGB", (len(coverages), 1), parse_hex(background))
    mask = Image.new("L", (len(coverages), 1))
    mask.putdata(coverages)
    # The blend that Pillow's text drawing does: a shade is the colour an RGB render has.
    strip.paste(parse_hex(colour), mask=mask)
    return strip.tobytes()


def _draw_runs(indices: Image.Image, runs: Sequence[TextRun], text: str, origin: tuple[int, int]) -> None:
    """Draw runs, moved by origin, onto the background (index 0) of an image of palette indices.

    The text colour's shades start at the background's index, so Pillow's blend of the
    indices is the blend of the colours; an accent run is drawn as coverage first and
    then moved to the accent's shades."""
    draw = ImageDraw.Draw(indices)
    dx, dy = origin
    for run in runs:
        font = load_font(run.weight, run.size)
        at = (run.x + dx, run.y + dy)
        if run.colour == text:
            draw.text(at, run.text, font=font, fill=TEXT_INK, anchor="ls")
            continue
        coverage = Image.new("L", indices.size, 0)
        ImageDraw.Draw(coverage).text(at, run.text, font=font, fill=255, anchor="ls")
        indices.paste(coverage.point(_ACCENT_SHADE), mask=coverage.point(_COVERED))


def _div255(value: int) -> int:
    # value / 255 rounded as Pillow rounds its blends (its DIV255 macro).
    value += 128
    return ((value >> 8) + value) >> 8


# Coverage 0..255 -> the nearest accent shade (0, the background, when nothing is covered).
_ACCENT_SHADE = [0] + [ACCENT + _div255(coverage * TEXT_INK) for coverage in range(1, 256)]
_COVERED = [0] + [255] * 255


def stream_cards(specs: dict[str, CardSpec], jobs: int, cache: ContentCache,
                 kept: RecentMemo | None = None) -> Iterator[tuple[str, bytes, bool]]:
    """(key, PNG, drawn now?) for every spec given by its key, one PNG at a time: cached
    cards first, then the missing ones as --jobs workers draw them, each stored once drawn.

    `kept` (a warm process's memo, by key) spares reading the cache folder again for the
    cards of the last build."""
    missing = []
    for key in specs:
        png = _cached_card(key, cache, kept)   # None also when the entry is damaged: drawn again
        if png is None:
            missing.append(key)
        else:
            yield key, png, False
    drawn = imap_items(render_card, [specs[key] for key in missing], jobs, ITEMS_PER_WORKER)
    for key, png in zip(missing, drawn):
        cache.put(key, png)
        if kept is not None:
            kept.put(key, png)
        yield key, png, True


def missing_cards(specs: dict[str, CardSpec], cache: ContentCache,
                  kept: RecentMemo | None = None) -> list[tuple[str, CardSpec]]:
    """The (key, spec) of the cards neither kept in memory nor stored in the cache folder."""
    return [(key, spec) for key, spec in specs.items()
            if (kept is None or kept.get(key) is None) and not cache.has(key)]


def draw_and_store(cache: ContentCache, item: tuple[str, CardSpec]) -> None:
    """Draw one card into the cache folder (in a worker), for stream_cards to read back."""
    key, spec = item
    cache.put(key, render_card(spec))


def _cached_card(key: str, cache: ContentCache, kept: RecentMemo | None) -> bytes | None:
    png = kept.get(key) if kept is not None else None
    if png is None:
        png = cache.get(key)
        if png is not None and kept is not None:
            kept.put(key, png)
    return png
