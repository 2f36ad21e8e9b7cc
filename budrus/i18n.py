"""UI strings per language, and dates written the way each language writes them."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.dates import format_time as babel_format_time

from .config import SiteConfig
from .diagnostics import Diagnostics
from .schema import CONTROL_CHARACTERS
from .yamlsource import YamlError, load_yaml

THEME_I18N = Path(__file__).parent / "theme" / "i18n"
SITE_I18N = "i18n"


class MissingString(KeyError):
    """A template asked for a UI string that no catalog has."""


@dataclass(frozen=True)
class Catalogs:
    """The UI strings of every language: built-in ones, overridden by the site's i18n/ files."""

    strings: Mapping[str, Mapping[str, str]]

    def text(self, lang: str, key: str, **values: object) -> str:
        """The string `key` in `lang`, with {placeholders} filled from `values`."""
        try:
            template = self.strings[lang][key]
        except KeyError:
            raise MissingString(f'no UI string "{key}" for the language "{lang}"') from None
        return template.format(**values) if values else template


def load_catalogs(source: Path, config: SiteConfig, diagnostics: Diagnostics) -> Catalogs:
    """Read the catalogs; a language without one, or a key missing in one language, is an error."""
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for lang in config.language_codes:
        strings: dict[str, str] = {}
        for path, shown in ((THEME_I18N / f"{lang}.yaml", f"(built-in theme) i18n/{lang}.yaml"),
                            (source / SITE_I18N / f"{lang}.yaml", f"{SITE_I18N}/{lang}.yaml")):
            if path.is_file():
                strings.update(_read_catalog(path, shown, diagnostics))
                origin[lang] = shown
        if not strings:
            diagnostics.error(f"{SITE_I18N}/{lang}.yaml", 0,
                              f'no UI strings for the language "{lang}": add {SITE_I18N}/{lang}.yaml')
        merged[lang] = strings
    _check_same_keys(merged, origin, diagnostics)
    return Catalogs(MappingProxyType({k: MappingProxyType(v) for k, v in merged.items()}))


def _read_catalog(path: Path, shown: str, diagnostics: Diagnostics) -> dict[str, str]:
    try:
        doc = load_yaml(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    except YamlError as exc:
        diagnostics.error(shown, exc.line, exc.message)
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        diagnostics.error(shown, 0, f"cannot read the file: {exc}")
        return {}
    if not isinstance(doc.data, dict):
        diagnostics.error(shown, 1, "a catalog must be keys and texts, like `skip_link: Skip to content`")
        return {}
    strings = {}
    for key, value in doc.data.items():
        if not isinstance(value, str):
            diagnostics.error(shown, doc.line(key), f'the UI string "{key}" must be text')
            continue
        problem = _placeholder_problem(key, value) or _control_problem(key, value)
        if problem:
            diagnostics.error(shown, doc.line(key), problem)
            continue
        strings[key] = value
    return strings


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def placeholders(text: str) -> list[str] | None:
    """The {names} in a UI string, or None when a brace is unpaired or a name is not a plain word."""
    names = []
    for match in _PLACEHOLDER.finditer(text):
        if match.group(0) in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None or not name.isidentifier():
            return None
        names.append(name)
    return names


def _placeholder_problem(key: str, text: str) -> str | None:
    """Why a UI string cannot be filled in, or None: checked when read, not while rendering."""
    found = placeholders(text)
    if found is None:
        return (f'the UI string "{key}" has a brace that is not a placeholder like {{count}}; '
                "write {{ or }} for a brace as text")
    allowed = _theme_placeholders().get(key)
    unknown = sorted(set(found) - allowed) if allowed is not None else []
    if unknown:
        offered = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
        return (f'the UI string "{key}" uses {{{unknown[0]}}}, which is not filled in here '
                f"(placeholders it may use: {offered})")
    return None


def _control_problem(key: str, text: str) -> str | None:
    control = CONTROL_CHARACTERS.search(text)
    if control:
        return f'the UI string "{key}" contains an invisible control character (U+{ord(control.group()):04X}); delete it'
    return None


@lru_cache(maxsize=1)
def _theme_placeholders() -> dict[str, set[str]]:
    """The placeholders each built-in string is filled with, from the theme's catalogs."""
    allowed: dict[str, set[str]] = {}
    for path in sorted(THEME_I18N.glob("*.yaml")):
        for key, value in (load_yaml(path.read_text(encoding="utf-8")).data or {}).items():
            if isinstance(value, str):
                allowed.setdefault(key, set()).update(placeholders(value) or ())
    return allowed


def _check_same_keys(merged: dict[str, dict[str, str]], origin: dict[str, str], diagnostics) -> None:
    every_key = set().union(*merged.values()) if merged else set()
    for lang, strings in merged.items():
        if not strings:
            continue
        for key in sorted(every_key - set(strings)):
            others = sorted(lang2 for lang2, s in merged.items() if key in s)
            diagnostics.error(origin.get(lang, f"{SITE_I18N}/{lang}.yaml"), 1,
                              f'the UI string "{key}" is missing in "{lang}" '
                              f"(it exists in {', '.join(others)}); add it to {SITE_I18N}/{lang}.yaml")


def format_date(value: dt.date, locale: str) -> str:
    """A date in the language's long form: '2026 m. gruodžio 3 d.', '3 December 2026'."""
    if type(value) is dt.date:   # a page lists many dates, and each date is on many pages
        return _formatted_day(value, locale)
    return babel_format_date(value, "long", locale=locale)


def format_month(value: dt.date, locale: str) -> str:
    """A month heading in the stand-alone form: '2026 m. gruodis', 'December 2026'."""
    if type(value) is dt.date:
        return _formatted_month(value, locale)
    return format_skeleton("yMMMM", value, locale=locale)


# Memos of the two for plain dates only: equal aware datetimes may fall on different days
# in their own time zones.
@lru_cache(maxsize=8192)
def _formatted_day(value: dt.date, locale: str) -> str:
    return babel_format_date(value, "long", locale=locale)


@lru_cache(maxsize=1024)
def _formatted_month(value: dt.date, locale: str) -> str:
    return format_skeleton("yMMMM", value, locale=locale)


# Between two times of one day: a bare en dash (10:00–12:00). Between two dates with times
# the parts hold spaces themselves, so the dash is spaced to show what it joins.
TIME_DASH = "\u2013"
RANGE_DASH = " \u2013 "


def format_time(value: dt.datetime, locale: str) -> str:
    """A clock time in the language's short form: '10:00'."""
    return babel_format_time(value, "short", locale=locale)


def format_moment(value: dt.datetime, locale: str) -> str:
    """A date and time: '2026 m. gruodžio 3 d., 10:00', '3 December 2026, 10:00'."""
    return f"{format_date(value.date(), locale)}, {format_time(value, locale)}"


def format_event_range(start: dt.datetime, end: dt.datetime | None, locale: str) -> str:
    """When an event happens: '2026 m. gruodžio 3 d., 10:00–12:00'; over several days,
    both ends with their dates: '3 December 2026, 10:00 – 4 December 2026, 16:00'."""
    if end is None or end == start:
        return format_moment(start, locale)
    if end.date() == start.date():
        return f"{format_moment(start, locale)}{TIME_DASH}{format_time(end, locale)}"
    return f"{format_moment(start, locale)}{RANGE_DASH}{format_moment(end, locale)}"
