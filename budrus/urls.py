"""Slugs and URLs: the only place a site path is made.

Site paths start and end with "/" (`/lt/atpazinimas/loverboy/`); `output_path` turns one
into the file written, and `SiteConfig.absolute` into an absolute URL.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .config import SiteConfig

_LITHUANIAN = str.maketrans({
    "ą": "a", "č": "c", "ę": "e", "ė": "e", "į": "i", "š": "s", "ų": "u", "ū": "u", "ž": "z",
    "Ą": "a", "Č": "c", "Ę": "e", "Ė": "e", "Į": "i", "Š": "s", "Ų": "u", "Ū": "u", "Ž": "z",
})


# Tags are slugified for every entry they are on, in every build: a few hundred names.
@lru_cache(maxsize=16384)
def slugify(text: str, separator: str = "-") -> str:
    """A URL slug: Lithuanian letters transliterated, other accents dropped, words hyphenated."""
    text = text.translate(_LITHUANIAN)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", text.lower())
    return separator.join(words)


def home_url(lang: str) -> str:
    return f"/{lang}/"


def section_url(config: SiteConfig, lang: str, section: str) -> str:
    """The list of a section (articles, guides, events, tags, audiences, search)."""
    return f"/{lang}/{config.languages[lang].sections[section]}/"


def entry_url(config: SiteConfig, lang: str, section: str, slug: str) -> str:
    if section == "pages":
        return f"/{lang}/{slug}/"
    return f"{section_url(config, lang, section)}{slug}/"


def tag_url(config: SiteConfig, lang: str, tag_slug: str) -> str:
    return f"{section_url(config, lang, 'tags')}{tag_slug}/"


def audience_url(config: SiteConfig, lang: str, audience: str) -> str:
    return f"{section_url(config, lang, 'audiences')}{audience}/"


def feed_url(lang: str) -> str:
    return f"/{lang}/feed.xml"


def event_calendar_url(event_url: str, slug: str) -> str:
    """One event's .ics, inside the event's own folder so it never meets another address."""
    return f"{event_url}{slug}.ics"


def events_calendar_url(config: SiteConfig, lang: str) -> str:
    """The calendar of all events of one language: /lt/renginiai/renginiai.ics."""
    return f"{section_url(config, lang, 'events')}{config.languages[lang].sections['events']}.ics"


def search_index_url(config: SiteConfig, lang: str) -> str:
    """The static search index that the search page of `lang` fetches."""
    return f"{section_url(config, lang, 'search')}index.json"


# Files at the site's root that hosts and crawlers look for by name.
SITEMAP_URL = "/sitemap.xml"
ROBOTS_URL = "/robots.txt"
REDIRECTS_URL = "/_redirects"
NOT_FOUND_URL = "/404.html"


def normalize_alias(alias: str) -> str:
    """An alias as a site path: leading slash; a trailing slash unless it names a file."""
    path = "/" + alias.strip().lstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last:
        path += "/"
    return path


def output_path(url: str) -> str:
    """The file a site path is written to: '/lt/x/' -> 'lt/x/index.html'."""
    path = url.lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


def href(config: SiteConfig, url: str) -> str:
    """A link to a site path, under base_url's path when the site lives in a sub-folder."""
    return config.base_path + url
