"""site_config.yaml -> a frozen SiteConfig. The schema is kept as data below."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from .colours import MIN_CONTRAST, contrast_ratio
from .diagnostics import ConfigFailed, Diagnostics
from .schema import Checker, Field
from .yamlsource import YamlError, load_yaml

CONFIG_NAME = "site_config.yaml"
SECTIONS = ("articles", "guides", "events", "pages")
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_HINT = "use only lowercase letters a-z, digits and single hyphens"

_SECTION_SLUGS = {
    name: Field("str", required=required, pattern=SLUG, pattern_hint=SLUG_HINT)
    for name, required in (("articles", True), ("guides", True), ("events", True), ("tags", True),
                           ("audiences", False), ("search", False))
}
_LANGUAGE = {
    "name": Field("str", required=True),
    "locale": Field("str", required=True, pattern=r"[a-z]{2,3}(_[A-Z]{2})?", pattern_hint="write it like lt_LT"),
    "title": Field("str", required=True),
    "description": Field("str", required=True),
    "sections": Field("map", required=True, fields=_SECTION_SLUGS),
}
_HELP_LINE = {
    "name": Field("localized", required=True),
    "phone": Field("str", required=True, pattern=r"\+?[0-9][0-9 ]*[0-9]", pattern_hint="write digits and spaces, optionally starting with +"),
    "note": Field("localized"),
}
_COLOR = Field("str", pattern=r"#[0-9a-fA-F]{6}", pattern_hint="write a colour as #rrggbb")
SCHEMA = {
    "base_url": Field("url", required=True),
    "default_language": Field("str", required=True),
    "timezone": Field("str", required=True),
    "languages": Field("map", required=True, values=Field("map", fields=_LANGUAGE)),
    "organization": Field("map", required=True, fields={"name": Field("localized", required=True), "url": Field("url")}),
    "audiences": Field("map", required=True, values=Field("localized")),
    "help": Field("list", required=True, min_items=1, item=Field("map", fields=_HELP_LINE)),
    "quick_exit_url": Field("url", required=True),
    "funding": Field("localized", required=True),
    "colors": Field("map", fields={"background": _COLOR, "text": _COLOR, "accent": _COLOR},
                    default={}),
    "allow_raw_html": Field("bool", default=False),
}
DEFAULT_COLORS = {"background": "#1d3557", "text": "#ffffff", "accent": "#f4a261"}


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    locale: str
    title: str
    description: str
    sections: Mapping[str, str]


@dataclass(frozen=True)
class HelpLine:
    name: Mapping[str, str]
    phone: str
    note: Mapping[str, str]

    @property
    def tel(self) -> str:
        """The number as a tel: URI (digits and a leading +)."""
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)


@dataclass(frozen=True)
class SiteConfig:
    """Everything site_config.yaml says, validated."""

    base_url: str
    default_language: str
    timezone: ZoneInfo
    languages: Mapping[str, Language]
    organization_name: Mapping[str, str]
    organization_url: str | None
    audiences: Mapping[str, Mapping[str, str]]
    help: tuple[HelpLine, ...]
    quick_exit_url: str
    funding: Mapping[str, str]
    colors: Mapping[str, str]
    allow_raw_html: bool

    @property
    def language_codes(self) -> tuple[str, ...]:
        """Languages, the default first, then in config order."""
        others = [code for code in self.languages if code != self.default_language]
        return (self.default_language, *others)

    @property
    def base_path(self) -> str:
        """The path part of base_url without a trailing slash ('' at a domain's root)."""
        return urlsplit(self.base_url).path.rstrip("/")

    def absolute(self, url_path: str) -> str:
        """An absolute URL for a site path such as '/lt/'."""
        return self.base_url.rstrip("/") + url_path


def load_config(source: Path, base_url: str | None = None) -> tuple[SiteConfig, Diagnostics]:
    """Read and validate site_config.yaml; raises ConfigFailed (exit 2) with every problem.

    Returns the config and its warnings."""
    diagnostics = Diagnostics()
    path = source / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        diagnostics.error(CONFIG_NAME, 0, f"no {CONFIG_NAME} in {source}; is --source right?")
        raise ConfigFailed(diagnostics)
    except (UnicodeDecodeError, OSError) as exc:
        diagnostics.error(CONFIG_NAME, 0, f"cannot read the file: {exc}")
        raise ConfigFailed(diagnostics)
    try:
        doc = load_yaml(text.replace("\r\n", "\n"))
    except YamlError as exc:
        diagnostics.error(CONFIG_NAME, exc.line, exc.message)
        raise ConfigFailed(diagnostics)
    config = _validate(doc, diagnostics, base_url)
    if config is None or diagnostics.has_errors():
        raise ConfigFailed(diagnostics)
    return config, diagnostics


def _validate(doc, diagnostics: Diagnostics, base_url: str | None) -> SiteConfig | None:
    data = doc.data if isinstance(doc.data, dict) else {}
    languages = tuple(str(k) for k in data.get("languages", {}) or {}) if isinstance(data.get("languages"), dict) else ()
    checker = Checker(doc, CONFIG_NAME, diagnostics, languages)
    values = checker.mapping(doc.data, SCHEMA)
    # The checks below run even when a key above was wrong, so that one run names every
    # problem (a mistyped language code explains the "no text for the language" errors).
    _check_languages(values, languages, checker)
    for key in values["audiences"] or {}:
        if not re.fullmatch(SLUG, key):
            checker.error(("audiences", key), f'the audience key "{key}" must be a slug; {SLUG_HINT}')
    colors = {**DEFAULT_COLORS, **{k: v for k, v in (values["colors"] or {}).items() if v}}
    _check_contrast(colors, checker)
    timezone = _timezone(values["timezone"], checker)
    if not checker.ok:
        return None
    return SiteConfig(
        base_url=(base_url or values["base_url"]).rstrip("/"),
        default_language=values["default_language"],
        timezone=timezone,
        languages=MappingProxyType({code: _language(code, values["languages"][code]) for code in languages}),
        organization_name=MappingProxyType(values["organization"]["name"]),
        organization_url=values["organization"]["url"],
        audiences=MappingProxyType({k: MappingProxyType(v) for k, v in values["audiences"].items()}),
        help=tuple(HelpLine(MappingProxyType(h["name"]), h["phone"], MappingProxyType(h["note"] or {}))
                   for h in values["help"]),
        quick_exit_url=values["quick_exit_url"],
        funding=MappingProxyType(values["funding"]),
        colors=MappingProxyType(colors),
        allow_raw_html=values["allow_raw_html"],
    )


def _check_languages(values: dict, languages: tuple[str, ...], checker: Checker) -> None:
    for code in languages:
        if not re.fullmatch(r"[a-z]{2,3}", code):
            checker.error(("languages", code), f'the language code "{code}" must be two or three lowercase letters')
        locale = ((values["languages"] or {}).get(code) or {}).get("locale")
        if locale and not _known_locale(locale):
            checker.error(("languages", code, "locale"), f'"languages.{code}.locale" is "{locale}", '
                          "which is not a known locale (write it like lt_LT or en_GB)")
    default = values["default_language"]
    if default is not None and default not in languages:
        checker.error(("default_language",), f'default_language "{default}" is not one of the languages ({", ".join(languages)})')


def _known_locale(locale: str) -> bool:
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _timezone(name: str | None, checker: Checker) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        checker.error(("timezone",), f'unknown time zone "{name}" (write it like Europe/Vilnius)')
        return None


def _check_contrast(colors: dict[str, str], checker: Checker) -> None:
    """Text and accent are drawn on the background (share cards, theme): WCAG AA or better."""
    for name in ("text", "accent"):
        ratio = contrast_ratio(colors[name], colors["background"])
        if ratio < MIN_CONTRAST:
            checker.error(("colors", name),
                          f'colors.{name} {colors[name]} on colors.background {colors["background"]} '
                          f"has a contrast of {ratio:.2f}:1; WCAG AA needs at least {MIN_CONTRAST}:1")


def _language(code: str, values: dict) -> Language:
    sections = {k: v for k, v in values["sections"].items() if v}
    sections.setdefault("audiences", "audiences")
    sections.setdefault("search", "search")
    return Language(code, values["name"], values["locale"], values["title"], values["description"],
                    MappingProxyType(sections))
