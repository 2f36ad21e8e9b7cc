"""What guide, event and audience pages show beyond the common page context.

Computed from the Site before rendering, so that templates only print it.
"""
from __future__ import annotations

from ..assemble import Site
from ..guides import group_by_audience, reading_minutes
from ..schedule import by_month, is_upcoming
from ..urls import event_calendar_url, events_calendar_url, href
from .structured_data import structured_data


def feature_context(site: Site, page, image_url: str | None) -> dict:
    """Extra template values for one page (JSON-LD for every page, the rest per kind)."""
    config, lang, entry = site.config, page.lang, page.entry
    context = {
        "structured_data": structured_data(site, entry, page.description, image_url),
        "events_calendar_url": href(config, events_calendar_url(config, lang)),
    }
    if entry is not None and entry.section == "guides":
        context["reading_minutes"] = reading_minutes(entry)
        context["related_guides"] = site.related_guides(entry)
    if entry is not None and entry.section == "events":
        context["calendar_url"] = href(config, event_calendar_url(entry.url, entry.slug))
        context["event_is_past"] = not is_upcoming(entry, site.now)
    if page.kind == "section" and page.section == "guides":
        context["audience_groups"] = group_by_audience(page.items, config.audiences)
    if page.kind == "section" and page.section == "events":
        context["upcoming_months"] = by_month(site.upcoming_events(lang))
        context["past_months"] = by_month(site.past_events(lang))
    return context
