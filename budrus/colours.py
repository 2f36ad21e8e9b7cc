"""Colours written as #rrggbb and their WCAG 2.2 contrast."""

from __future__ import annotations

import re
from functools import lru_cache

MIN_CONTRAST = 4.5  # WCAG 2.2 AA for normal-size text

_HEX = re.compile(r"#([0-9a-fA-F]{6})")


def parse_hex(colour: str) -> tuple[int, int, int]:
    """Return the RGB of a "#rrggbb" colour; ValueError for anything else."""
    if isinstance(colour, str):
        return _parse_text(colour)
    raise ValueError(f"colour must be written #rrggbb, not {colour!r}")


# Every share card checks its three colours: a site has a handful of them.
@lru_cache(maxsize=1024)
def _parse_text(colour: str) -> tuple[int, int, int]:
    match = _HEX.fullmatch(colour)
    if not match:
        raise ValueError(f"colour must be written #rrggbb, not {colour!r}")
    value = int(match.group(1), 16)
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of a "#rrggbb" colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.2 contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)
