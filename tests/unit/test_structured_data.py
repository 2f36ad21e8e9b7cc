"""schema.org JSON-LD read back with json: fields of Event, Article and BreadcrumbList,
and script elements that no title can break out of."""
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from budrus.diagnostics import Diagnostics
from budrus.outputs.structured_data import json_ld_script, structured_data
from budrus.pipeline import BuildOptions, load_site

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "guides_events"
BREAKOUT = "</script><script>alert(1)</script>"
CARD = "https://kampanija.example.org/card.png"


@pytest.fixture(scope="module")
def site():
    diagnostics = Diagnostics()
    found = load_site(BuildOptions(source=FIXTURE, now="2026-11-29T12:00"), diagnostics)
    assert found is not None, diagnostics.items
    return found


def entry(site, source):
    return site.by_source(source)


def objects(markup) -> list[dict]:
    """Every JSON-LD block of an HTML fragment, parsed the way a crawler parses it."""
    scripts = BeautifulSoup(str(markup), "html.parser").find_all("script")
    assert all(s["type"] == "application/ld+json" for s in scripts)
    return [json.loads(s.string) for s in scripts]


def by_type(markup) -> dict[str, dict]:
    return {item["@type"]: item for item in objects(markup)}


def test_a_script_closing_tag_in_a_field_stays_inside_the_json():
    markup = json_ld_script({"name": BREAKOUT, "note": "a & b <!-- c -->"})
    text = str(markup)
    assert text.count("<script") == 1 and text.count("</script>") == 1
    assert not re.search(r"[<>&]", text[len('<script type="application/ld+json">'):-len("</script>")])
    assert objects(markup) == [{"name": BREAKOUT, "note": "a & b <!-- c -->"}]


def test_a_hostile_title_cannot_break_out_of_an_events_json_ld(site):
    event = replace(entry(site, "content/events/workshop.lt.md"), title=f"Renginys {BREAKOUT}")
    markup = structured_data(site, event, f"Aprašymas {BREAKOUT}", CARD)
    assert str(markup).count("<script") == 2
    found = by_type(markup)
    assert found["Event"]["name"] == f"Renginys {BREAKOUT}"
    assert found["Event"]["description"] == f"Aprašymas {BREAKOUT}"
    assert found["BreadcrumbList"]["itemListElement"][-1]["name"] == f"Renginys {BREAKOUT}"


def test_an_event_gives_its_dates_with_offset_place_organizer_and_language(site):
    event = by_type(structured_data(site, entry(site, "content/events/workshop.lt.md"), "Aprašymas.", CARD))["Event"]
    assert event["@context"] == "https://schema.org"
    assert event["name"] == "Užsiėmimas mokykloje"
    assert event["startDate"] == "2026-12-03T10:00:00+02:00"
    assert event["endDate"] == "2026-12-03T12:00:00+02:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"] == {"@type": "Place", "name": "Kauno mokykla", "address": "Laisvės al. 1, Kaunas"}
    assert event["organizer"] == {"@type": "Organization", "name": "Kampanijos organizacija",
                                  "url": "https://kampanija.example.org/apie"}
    assert event["description"] == "Aprašymas."
    assert event["inLanguage"] == "lt"
    assert event["url"] == "https://kampanija.example.org/lt/renginiai/uzsiemimas/"
    assert event["image"] == [CARD]


def test_a_summer_event_has_the_summer_offset_and_no_end_when_none_is_given(site):
    event = by_type(structured_data(site, entry(site, "content/events/summer-camp.lt.md"), "", None))["Event"]
    assert event["startDate"] == "2026-07-10T10:00:00+03:00"
    assert "endDate" not in event and "image" not in event


def test_online_events_have_a_virtual_location_and_mixed_ones_both(site):
    online = by_type(structured_data(site, entry(site, "content/events/webinar.lt.md"), "", None))["Event"]
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["location"] == {"@type": "VirtualLocation",
                                  "url": "https://kampanija.example.org/lt/renginiai/nuotolinis-susitikimas/"}
    mixed = by_type(structured_data(site, entry(site, "content/events/late-hybrid.lt.md"), "", None))["Event"]
    assert mixed["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in mixed["location"]] == ["Place", "VirtualLocation"]


def test_an_article_gives_headline_dates_language_publisher_and_image(site):
    article_entry = entry(site, "content/articles/script-title.lt.md")
    article = by_type(structured_data(site, article_entry, "Santrauka.", CARD))["Article"]
    assert article["headline"] == article_entry.title
    assert article["datePublished"] == "2026-10-01T00:00:00+03:00"
    assert article["dateModified"] == "2026-10-05T00:00:00+03:00"
    assert article["inLanguage"] == "lt"
    assert article["publisher"] == {"@type": "Organization", "name": "Kampanijos organizacija",
                                    "url": "https://kampanija.example.org/apie"}
    assert article["image"] == [CARD]


def test_breadcrumbs_lead_from_home_through_the_section_to_the_entry(site):
    guide = entry(site, "content/guides/job-offers.en.md")
    found = by_type(structured_data(site, guide, "", CARD))
    assert set(found) == {"BreadcrumbList"}   # guides are not Articles or Events
    assert found["BreadcrumbList"]["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Guides and events site", "item": "https://kampanija.example.org/en/"},
        {"@type": "ListItem", "position": 2, "name": "Recognition guides", "item": "https://kampanija.example.org/en/guides/"},
        {"@type": "ListItem", "position": 3, "name": "A job offer too good to be true",
         "item": "https://kampanija.example.org/en/guides/job-offer/"},
    ]


def test_pages_that_are_not_entries_have_no_json_ld(site):
    assert str(structured_data(site, None, "", CARD)) == ""
