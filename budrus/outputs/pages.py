"""Site -> the HTML pages: which pages exist, their translations, and their rendering."""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..assemble import LISTED_SECTIONS, Site
from ..cache import RecentMemo
from ..fingerprint import share_by_digest
from ..model import Entry, OutputFile, Tag
from ..render import RenderError, markup, render_template
from ..urls import audience_url, feed_url, home_url, href, output_path, search_index_url, section_url
from .features import feature_context
from .share import share_info

DESCRIPTION_LENGTH = 160


@dataclass(frozen=True)
class Switch:
    """Where the language switcher goes for one other language."""

    lang: str
    name: str
    url: str
    exact: bool   # False: there is no translation; this is the other language's list


@share_by_digest
@dataclass(frozen=True)
class Page:
    """One HTML page to render."""

    kind: str            # landing, home, section, tags, tag, audiences, audience, entry, not_found
    lang: str
    url: str
    title: str
    description: str
    template: str
    alternates: tuple[tuple[str, str], ...] = ()   # (hreflang, site path), x-default last
    switch: tuple[Switch, ...] = ()
    entry: Entry | None = None
    section: str | None = None
    items: tuple[Entry, ...] = ()
    tag: Tag | None = None
    audience: str | None = None   # the audience key of an audience page
    output: str = field(default="")

    @property
    def path(self) -> str:
        return self.output or output_path(self.url)


def plan_pages(site: Site, kept: RecentMemo | None = None, config_key: bytes = b"") -> list[Page]:
    """Every HTML page of the site, in a stable order.

    `kept` (a warm process's memo, with `config_key` the digest of this build's config) gives
    an unchanged entry the same page object as last build, whose digest is then remembered."""
    pages = [_landing(site)]
    for lang in site.config.language_codes:
        pages.append(_home(site, lang))
        pages.extend(_section_list(site, lang, section) for section in LISTED_SECTIONS)
        pages.append(_tags_index(site, lang))
        pages.append(_search_page(site, lang))
        pages.extend(_tag_page(site, tag) for tag in site.tags[lang])
        pages.append(_audiences_index(site, lang))
        pages.extend(_audience_page(site, lang, key) for key in site.config.audiences)
    if kept is not None:
        pages = [_same_as_before(page, kept) for page in pages]
    pages.extend(_kept_entry_page(site, entry, kept, config_key) for entry in site.entries)
    pages.append(_same_as_before(_not_found(site), kept) if kept is not None else _not_found(site))
    return pages


def _same_as_before(page: Page, kept: RecentMemo) -> Page:
    """The page object planned last build when it holds the same values (its entries the
    same objects): its digest, and the digest of its list of entries, are then remembered."""
    values = tuple((type(value), value) for value in (page.kind, page.lang, page.url, page.title, page.description,
                                                       page.template, page.section, page.audience, page.output))
    # The ids are of objects that the kept page holds: equal ids are the same objects.
    key = ("page", values, page.alternates, page.switch, page.tag, id(page.entry), tuple(map(id, page.items)))
    found = kept.get(key)
    if found is None:
        kept.put(key, page)
        return page
    return found


def _kept_entry_page(site: Site, entry: Entry, kept: RecentMemo | None, config_key: bytes) -> Page:
    """_entry_page, or the page it made last build from the same objects: the entry, its
    body HTML (for the description), its translations' URLs and the config."""
    if kept is None:
        return _entry_page(site, entry)
    html = site.html[entry.source]
    key = (config_key, id(entry), id(html), tuple((lang, e.url) for lang, e in site.translations[entry.key].items()))
    found = kept.get(key)
    if found is None or found[0] is not entry or found[1] is not html:
        found = (entry, html, _entry_page(site, entry))
        kept.put(key, found)
    return found[2]


def render_pages(site: Site, env: jinja2.Environment, source: Path, pages: list[Page]):
    """Render pages; returns the files and a list of (path, line, message) problems."""
    files, problems = [], []
    for page in pages:
        try:
            files.append(render_page(site, env, source, page))
        except RenderError as exc:
            problems.append((exc.path, exc.line, f"{exc.message} (while rendering {page.url})"))
    return files, problems


def render_page(site: Site, env: jinja2.Environment, source: Path, page: Page) -> OutputFile:
    """One page as a file; a template failure is a RenderError."""
    return OutputFile(page.path, render_template(env, source, page.template, page_context(site, page)).encode("utf-8"))


def page_context(site: Site, page: Page) -> dict:
    """The small dict a template sees."""
    context = {
        "site": site, "config": site.config, "catalogs": site.catalogs, "page": page,
        "lang": page.lang, "language": site.config.languages[page.lang],
        "href": lambda url: href(site.config, url), "absolute": site.config.absolute,
        "feed": href(site.config, feed_url(page.lang)),
        "share": share_info(site, page),
    }
    if page.kind == "search":
        context["search_index"] = href(site.config, search_index_url(site.config, page.lang))
    if page.entry is not None:
        context["entry"] = page.entry
        context["body"] = markup(site.html[page.entry.source])
    context.update(feature_context(site, page, getattr(context.get("share"), "card_url", None)))
    return context


def _alternates(site: Site, urls: dict[str, str], default_url: str | None = None):
    ordered = [(lang, urls[lang]) for lang in site.config.language_codes if lang in urls]
    x_default = default_url or urls.get(site.config.default_language) or "/"
    return tuple(ordered) + (("x-default", x_default),)


def _switch(site: Site, lang: str, urls: dict[str, str], fallback) -> tuple[Switch, ...]:
    switches = []
    for other in site.config.language_codes:
        if other == lang:
            continue
        name = site.config.languages[other].name
        exact = other in urls
        switches.append(Switch(other, name, urls[other] if exact else fallback(other), exact))
    return tuple(switches)


def _landing(site: Site) -> Page:
    lang = site.config.default_language
    return Page("landing", lang, "/", site.config.languages[lang].title,
                site.config.languages[lang].description, "landing.html",
                alternates=_alternates(site, {}, "/"))


def _home(site: Site, lang: str) -> Page:
    urls = {code: home_url(code) for code in site.config.language_codes}
    language = site.config.languages[lang]
    return Page("home", lang, home_url(lang), language.title, language.description, "home.html",
                alternates=_alternates(site, urls, "/"), switch=_switch(site, lang, urls, home_url))


def _section_list(site: Site, lang: str, section: str) -> Page:
    urls = {code: section_url(site.config, code, section) for code in site.config.language_codes}
    title = site.catalogs.text(lang, f"section_{section}")
    return Page("section", lang, urls[lang], title, site.catalogs.text(lang, f"section_{section}_intro"),
                f"list_{section}.html", alternates=_alternates(site, urls),
                switch=_switch(site, lang, urls, home_url), section=section,
                items=site.in_section(lang, section))


def _tags_index(site: Site, lang: str) -> Page:
    urls = {code: section_url(site.config, code, "tags") for code in site.config.language_codes}
    return Page("tags", lang, urls[lang], site.catalogs.text(lang, "section_tags"),
                site.catalogs.text(lang, "section_tags_intro"), "tags.html",
                alternates=_alternates(site, urls), switch=_switch(site, lang, urls, home_url), section="tags")


def _search_page(site: Site, lang: str) -> Page:
    urls = {code: section_url(site.config, code, "search") for code in site.config.language_codes}
    return Page("search", lang, urls[lang], site.catalogs.text(lang, "section_search"),
                site.catalogs.text(lang, "section_search_intro"), "search.html",
                alternates=_alternates(site, urls), switch=_switch(site, lang, urls, home_url), section="search")


def _audiences_index(site: Site, lang: str) -> Page:
    urls = {code: section_url(site.config, code, "audiences") for code in site.config.language_codes}
    return Page("audiences", lang, urls[lang], site.catalogs.text(lang, "section_audiences"),
                site.catalogs.text(lang, "section_audiences_intro"), "audiences.html",
                alternates=_alternates(site, urls), switch=_switch(site, lang, urls, home_url), section="audiences")


def _audience_page(site: Site, lang: str, key: str) -> Page:
    """Everything meant for one audience, so that a teacher can give a class one link."""
    urls = {code: audience_url(site.config, code, key) for code in site.config.language_codes}
    label = site.config.audiences[key][lang]
    items = tuple(entry for section in LISTED_SECTIONS for entry in site.for_audience(lang, section, key))
    return Page("audience", lang, urls[lang], label, site.catalogs.text(lang, "audience_description", audience=label),
                "audience.html", alternates=_alternates(site, urls), switch=_switch(site, lang, urls, home_url),
                section="audiences", items=items, audience=key)


def _tag_page(site: Site, tag: Tag) -> Page:
    lang = tag.lang
    wanted = set(tag.entry_sources)
    items = tuple(e for e in site.entries if e.source in wanted)
    title = site.catalogs.text(lang, "tag_title", tag=tag.name)
    return Page("tag", lang, tag.url, title, site.catalogs.text(lang, "tag_description", tag=tag.name, count=len(items)),
                "tag.html", alternates=_alternates(site, {lang: tag.url}),
                switch=_switch(site, lang, {lang: tag.url}, lambda other: section_url(site.config, other, "tags")),
                section="tags", items=items, tag=tag)


def _entry_page(site: Site, entry: Entry) -> Page:
    urls = {lang: e.url for lang, e in site.translations[entry.key].items()}

    def fallback(other: str) -> str:
        if entry.section in LISTED_SECTIONS:
            return section_url(site.config, other, entry.section)
        return home_url(other)

    return Page("entry", entry.lang, entry.url, entry.title, describe(entry, site.html[entry.source]),
                f"{entry.section[:-1] if entry.section != 'pages' else 'page'}.html",
                alternates=_alternates(site, urls), switch=_switch(site, entry.lang, urls, fallback),
                entry=entry, section=entry.section)


def _not_found(site: Site) -> Page:
    lang = site.config.default_language
    urls = {code: home_url(code) for code in site.config.language_codes}
    return Page("not_found", lang, "/404.html", site.catalogs.text(lang, "not_found_title"),
                site.catalogs.text(lang, "not_found_text"), "404.html", output="404.html",
                switch=_switch(site, lang, urls, home_url))


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def describe(entry: Entry, body_html: str) -> str:
    """The page description: the summary, else the first paragraph trimmed at a word."""
    if entry.summary:
        return entry.summary
    match = _PARAGRAPH.search(body_html)
    text = html_lib.unescape(_TAG.sub("", match.group(1))).strip() if match else ""
    text = re.sub(r"\s+", " ", text)
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"
