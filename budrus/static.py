"""Files copied as they are: the theme's static/ and the site's static/ (which wins)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .diagnostics import Diagnostics
from .model import StaticFile

THEME_STATIC = Path(__file__).parent / "theme" / "static"
SITE_STATIC = "static"


def load_static(source: Path, diagnostics: Diagnostics) -> tuple[StaticFile, ...]:
    """Every static file, keyed by its output path; links leading outside the site are refused."""
    files: dict[str, StaticFile] = {}
    for root, shown in ((THEME_STATIC, None), (source / SITE_STATIC, SITE_STATIC)):
        for path in _walk(root):
            rel = path.relative_to(root).as_posix()
            problem = unreadable_reason(path)
            if shown and problem:
                diagnostics.error(f"{shown}/{rel}", 1, problem)
                continue
            if shown and path.is_symlink() and not path.resolve().is_relative_to(source.resolve()):
                diagnostics.error(f"{shown}/{rel}", 1, "is a symbolic link to a file outside the site; refused")
                continue
            files[rel] = StaticFile(rel, path.read_bytes())
    return tuple(files[k] for k in sorted(files))


def unreadable_reason(path: Path) -> str | None:
    """Why a found file cannot be read as a file, or None: a link to nowhere, a pipe, a device.

    Reading a named pipe would wait for a writer for ever, so it is refused unread."""
    try:
        mode = path.stat().st_mode   # follows symbolic links
    except OSError:
        return "is a symbolic link that leads nowhere (or to itself); refused"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a named pipe, socket or device); refused"
    return None


def _walk(root: Path):
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def check_images(entries, static_files: tuple[StaticFile, ...], diagnostics: Diagnostics) -> None:
    """An entry's `image` is a file of static/: `/images/photo.jpg` is static/images/photo.jpg."""
    present = {file.path for file in static_files}
    for entry in entries:
        if not entry.image:
            continue
        line = entry.line_of.get("image", 1)
        path = entry.image.strip().lstrip("/")
        if "://" in entry.image or entry.image.startswith("//"):
            diagnostics.error(entry.source, line, f'"image" is {entry.image!r}; it must be a file in static/, '
                              "like /images/photo.jpg, not an address on another site")
        elif ".." in path.split("/"):
            diagnostics.error(entry.source, line, f'"image" is {entry.image!r}; it must stay inside static/, '
                              "without ..")
        elif path not in present:
            diagnostics.error(entry.source, line, f'"image": there is no file static/{path}; put the picture '
                              "in the static/ folder or correct the path")
