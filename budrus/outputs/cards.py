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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from ..cache import ContentCache, RecentMemo, cache_key
from ..colours import MIN_CONTRAST, contrast_ratio, parse_hex
from ..workers import map_items

WIDTH, HEIGHT = 1200, 630
# A card costs milliseconds: a few of them already repay starting a worker.
ITEMS_PER_WORKER = 3
# Bump when the drawing changes, so cached cards of the old design are not reused.
RENDERER_VERSION = "budrus-card-2"
FONT_FILES = {"bold": "DejaVuSans-Bold.ttf", "regular": "DejaVuSans.ttf"}

STRIPE_WIDTH = 24
RULE_HEIGHT = 4
GAP = 28
TITLE_SIZES = tuple(range(76, 39, -2))  # whole words only, largest first
BREAK_SIZES = tuple(range(40, 23, -2))  # last resort: words broken with a hyphen
KIND_SIZES = tuple(range(32, 21, -2))
FOOTER_SIZES = tuple(range(28, 17, -2))
LINE_PITCH = 1.2
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


@dataclass(frozen=True)
class CardBatch:
    """The PNGs of render_cards, in the order of the specs, and what it cost."""

    images: tuple[bytes, ...]
    rendered: int
    cached: int


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


# A rebuild asks again for the keys of thousands of unchanged specs; a spec is a few strings.
@lru_cache(maxsize=65536)
def card_key(spec: CardSpec) -> str:
    """The cache key of a card: every field of the spec plus the renderer fingerprint."""
    return cache_key(*renderer_fingerprint(), *dataclasses.astuple(spec))


# -- layout ----------------------------------------------------------------------------


def layout_card(spec: CardSpec) -> CardLayout:
    """Place the kind label, the title and the footer inside the CONTENT box."""
    kind_run, kind_bottom = _layout_kind(spec)
    footer_runs, rule = _layout_footer(spec)
    title_box = Box(CONTENT.left, kind_bottom + GAP, CONTENT.right, rule.top - GAP)
    title_runs, size, broken = _layout_title(spec.title, title_box, spec.text)
    return CardLayout(
        rects=((STRIPE, spec.accent), (rule, spec.accent)),
        runs=(kind_run, *title_runs, *footer_runs),
        title_size=size,
        title_lines=len(title_runs),
        words_broken=broken,
    )


def ink_box(run: TextRun) -> Box:
    """The box the glyphs of a run cover on the card."""
    left, top, right, bottom = load_font(run.weight, run.size).getbbox(run.text, anchor="ls")
    return Box(run.x + left, run.y + top, run.x + right, run.y + bottom)


def _layout_kind(spec: CardSpec) -> tuple[TextRun, int]:
    text, size = _fit_line(spec.kind, "bold", CONTENT.width, KIND_SIZES)
    ascent, descent = load_font("bold", size).getmetrics()
    run = _run_at(text, "bold", size, CONTENT.left, CONTENT.top + ascent, spec.accent)
    return run, run.y + descent


def _layout_footer(spec: CardSpec) -> tuple[list[TextRun], Box]:
    """Site name at the left, language at the right, an accent rule above both."""
    language, language_size = _fit_line(spec.language, "bold", CONTENT.width // 3, FOOTER_SIZES)
    language_font = load_font("bold", language_size)
    language_width = _ink_width(language_font, language)
    name_width = CONTENT.width - language_width - GAP
    name, name_size = _fit_line(spec.site_name, "regular", name_width, FOOTER_SIZES)
    descent = max(load_font("regular", name_size).getmetrics()[1], language_font.getmetrics()[1])
    ascent = max(load_font("regular", name_size).getmetrics()[0], language_font.getmetrics()[0])
    baseline = CONTENT.bottom - descent
    right_x = CONTENT.right - language_width
    runs = [
        _run_at(name, "regular", name_size, CONTENT.left, baseline, spec.text),
        _run_at(language, "bold", language_size, right_x, baseline, spec.accent),
    ]
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
    left, _top, right, _bottom = font.getbbox(text, anchor="ls")
    return right - min(0, left)


def _run_at(text: str, weight: str, size: int, x: int, y: int, colour: str) -> TextRun:
    # Shift right when the first glyph reaches left of the pen, so ink starts at x.
    left = load_font(weight, size).getbbox(text, anchor="ls")[0] if text else 0
    return TextRun(text, weight, size, x - min(0, left), y, colour)


def _inside(inner: Box, outer: Box) -> bool:
    return (
        inner.left >= outer.left
        and inner.top >= outer.top
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


# -- drawing ---------------------------------------------------------------------------


def render_card(spec: CardSpec) -> bytes:
    """Draw the card as PNG bytes; the same spec always gives the same bytes."""
    problems = colour_problems(spec)
    if problems:
        raise ValueError("; ".join(problems))
    layout = layout_card(spec)
    image = Image.new("RGB", (WIDTH, HEIGHT), parse_hex(spec.background))
    draw = ImageDraw.Draw(image)
    for box, colour in layout.rects:
        draw.rectangle((box.left, box.top, box.right - 1, box.bottom - 1), fill=parse_hex(colour))
    for run in layout.runs:
        font = load_font(run.weight, run.size)
        draw.text((run.x, run.y), run.text, font=font, fill=parse_hex(run.colour), anchor="ls")
    output = io.BytesIO()
    # No pnginfo, no dpi: the file holds pixels only, no time stamps or software names.
    # Encoding is most of a card's cost: level 3 takes two thirds of the time of level 6
    # for files about a fifth larger (50 KB instead of 42 KB a card); levels 1 to 3 cost the same.
    image.save(output, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return output.getvalue()


def render_cards(specs: Sequence[CardSpec], jobs: int, cache: ContentCache,
                 kept: RecentMemo | None = None) -> CardBatch:
    """PNGs for specs: cached ones read back, the rest rendered (in parallel) and stored.

    `kept` (a warm process's memo, by key) spares reading the cache folder again for the
    cards of the last build."""
    keys = [card_key(spec) for spec in specs]
    found = {key: _cached_card(key, cache, kept) for key in dict.fromkeys(keys)}
    missing = {key: spec for key, spec in zip(keys, specs) if found[key] is None}
    pngs = map_items(render_card, list(missing.values()), jobs, ITEMS_PER_WORKER)
    for key, png in zip(missing, pngs):
        cache.put(key, png)
        found[key] = png
        if kept is not None:
            kept.put(key, png)
    cached = sum(1 for key in keys if key not in missing)
    return CardBatch(tuple(found[key] for key in keys), rendered=len(missing), cached=cached)


def _cached_card(key: str, cache: ContentCache, kept: RecentMemo | None) -> bytes | None:
    png = kept.get(key) if kept is not None else None
    if png is None:
        png = cache.get(key)
        if png is not None and kept is not None:
            kept.put(key, png)
    return png
