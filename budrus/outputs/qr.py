"""QR codes of page URLs for "share in class": inline SVG that screens and printers show."""

from __future__ import annotations

import io
from html import escape

import segno

# M recovers from about 15% damage: enough for a creased handout, still a small symbol.
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules; the QR standard asks for four


def make_qr(url: str) -> segno.QRCode:
    """The QR symbol of url; qr_svg draws exactly this symbol."""
    if not url:
        raise ValueError("a QR code needs a URL")
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)


def qr_svg(url: str, label: str | None = None) -> str:
    """An inline SVG of url's QR code, named for screen readers by label (default: url)."""
    name = label if label is not None else url
    buffer = io.BytesIO()
    make_qr(url).save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,  # a viewBox only: CSS decides the printed and on-screen size
        border=QUIET_ZONE,
        dark="#000",
        light="#fff",  # an opaque quiet zone keeps it readable on a dark page
        svgclass="qr",
        lineclass=None,
        title=name,
        encoding="utf-8",
    )
    svg = buffer.getvalue().decode("utf-8")
    accessible = f'<svg role="img" aria-label="{escape(name, quote=True)}"'
    return accessible + svg[len("<svg") :]


def qr_png(url: str, scale: int = 8) -> bytes:
    """The same symbol as PNG bytes (for tests that decode it, and for print tools)."""
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()
