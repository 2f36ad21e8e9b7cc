"""schema.org JSON-LD for entry pages: Event, Article and BreadcrumbList.

Each object is serialised with json.dumps and then made safe for an HTML script element:
<, > and & become \\u003c, \\u003e and \\u0026 (still the same JSON string), so no field can
close the element or open a comment, whatever an editor writes.
"""
from __future__ import annotations

import datetime as dt
import json

from markupsafe import Markup

from ..assemble import LISTED_SECTIONS, Site
from ..model import Entry
from ..urls import home_url, section_url

CONTEXT = "https://schema.org"
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_ld_script(data: dict) -> Markup:
    """One <script type="application/ld+json"> element holding `data`."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, escaped in _SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return Markup(f'<script type="application/ld+json">{text}</script>')


def structured_data(site: Site, entry: Entry | None, description: str, image_url: str | None) -> Markup:
    """The JSON-LD scripts of a page: nothing for pages that are not entries."""
    if entry is None:
        return Markup("")
    objects = [breadcrumbs(site, entry)]
    if entry.section == "events":
        objects.append(event_object(site, entry, description, image_url))
    elif entry.section == "articles":
        objects.append(article_object(site, entry, description, image_url))
    return Markup("\n").join(json_ld_script(item) for item in objects)


def event_object(site: Site, entry: Entry, description: str, image_url: str | None) -> dict:
    """A schema.org Event: dates with their offset, attendance mode, place or virtual location."""
    data = entry.event
    event = {
        "@context": CONTEXT, "@type": "Event",
        "name": entry.title,
        "startDate": data.start.isoformat(),
    }
    if data.end is not None:
        event["endDate"] = data.end.isoformat()
    event.update({
        "eventStatus": f"{CONTEXT}/EventScheduled",
        "eventAttendanceMode": f"{CONTEXT}/{_attendance_mode(entry)}",
        "location": _locations(site, entry),
        "organizer": organization(site, entry.lang),
        "description": description,
        "inLanguage": entry.lang,
        "url": site.config.absolute(entry.url),
    })
    if image_url:
        event["image"] = [image_url]
    return event


def article_object(site: Site, entry: Entry, description: str, image_url: str | None) -> dict:
    """A schema.org Article published by the campaign's organisation."""
    article = {
        "@context": CONTEXT, "@type": "Article",
        "headline": entry.title,
        "description": description,
        "datePublished": _local_midnight(site, entry.date),
        "dateModified": _local_midnight(site, entry.lastmod),
        "inLanguage": entry.lang,
        "author": organization(site, entry.lang),
        "publisher": organization(site, entry.lang),
        "mainEntityOfPage": site.config.absolute(entry.url),
        "url": site.config.absolute(entry.url),
    }
    if image_url:
        article["image"] = [image_url]
    return article


def breadcrumbs(site: Site, entry: Entry) -> dict:
    """Home, the section list (for listed sections), the entry."""
    lang = entry.lang
    trail = [(site.config.languages[lang].title, home_url(lang))]
    if entry.section in LISTED_SECTIONS:
        trail.append((site.catalogs.text(lang, f"section_{entry.section}"), section_url(site.config, lang, entry.section)))
    trail.append((entry.title, entry.url))
    return {
        "@context": CONTEXT, "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": site.config.absolute(url)}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def organization(site: Site, lang: str) -> dict:
    config = site.config
    found = {"@type": "Organization", "name": config.organization_name.get(lang) or config.languages[lang].title}
    if config.organization_url:
        found["url"] = config.organization_url
    return found


def _attendance_mode(entry: Entry) -> str:
    data = entry.event
    if data.online and data.location:
        return "MixedEventAttendanceMode"
    return "OnlineEventAttendanceMode" if data.online else "OfflineEventAttendanceMode"


def _locations(site: Site, entry: Entry):
    """A Place with its address, a VirtualLocation, or both for a mixed event."""
    data = entry.event
    found = []
    if data.location:
        found.append({"@type": "Place", "name": data.location, "address": data.address or data.location})
    if data.online:
        found.append({"@type": "VirtualLocation", "url": data.registration_url or site.config.absolute(entry.url)})
    return found[0] if len(found) == 1 else found


def _local_midnight(site: Site, day: dt.date | None) -> str | None:
    """A date as the start of that day in the site's time zone, with its offset."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=site.config.timezone).isoformat()
