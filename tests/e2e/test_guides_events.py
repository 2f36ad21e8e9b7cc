"""Build the guides-and-events fixture site at two moments and read it back: the
upcoming/past split, month headings, guide features without JavaScript, audience pages,
calendar links and JSON-LD."""
from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup

from support import copy_fixture, run_cli, tree_digest

BEFORE = "2026-11-29T12:00"   # every December event ahead
MID_DECEMBER = "2026-12-10T12:00"   # the school workshop is over, the conference ahead
GUIDE = "lt/atpazinimas/darbo-pasiulymas/index.html"
EVENTS = "lt/renginiai/index.html"


def build(root: Path, now: str, name: str) -> Path:
    site = root / "site"
    if not site.exists():
        copy_fixture("guides_events", site)
    out = root / name
    result = run_cli("build", "--source", site, "--out", out, "--now", now, "--no-cache")
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("guides_events")
    return {now: build(root, now, f"public-{index}") for index, now in enumerate((BEFORE, MID_DECEMBER))}


@pytest.fixture(scope="module")
def built(outputs) -> Path:
    return outputs[BEFORE]


def soup(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def titles(section) -> list[str]:
    return [a.get_text() for a in section.select(".event-card__title a")]


def test_events_split_into_upcoming_and_past_at_each_now(outputs):
    first = soup(outputs[BEFORE], EVENTS)
    assert titles(first.select_one(".events-upcoming")) == [
        "Užsiėmimas mokykloje", "Dviejų dienų konferencija", "Nuotolinis susitikimas mokytojams", "Mišrus seminaras"]
    assert titles(first.select_one(".events-past")) == ["Vasaros stovykla"]
    later = soup(outputs[MID_DECEMBER], EVENTS)
    assert titles(later.select_one(".events-upcoming")) == [
        "Dviejų dienų konferencija", "Nuotolinis susitikimas mokytojams", "Mišrus seminaras"]
    assert titles(later.select_one(".events-past")) == ["Užsiėmimas mokykloje", "Vasaros stovykla"]


def test_event_lists_have_stand_alone_month_headings(built):
    page = soup(built, EVENTS)
    assert [h.get_text() for h in page.select(".events-upcoming h3")] == [
        "2026 m. gruodis", "2027 m. sausis", "2027 m. kovas"]
    assert [h.get_text() for h in page.select(".events-past h3")] == ["2026 m. liepa"]
    english = soup(built, "en/events/index.html")
    assert [h.get_text() for h in english.select(".events-upcoming h3")] == ["December 2026"]


def test_list_items_give_the_date_range_and_mark_online_events(built):
    cards = {card.select_one("a").get_text(): card for card in soup(built, EVENTS).select(".event-card")}
    assert cards["Užsiėmimas mokykloje"].select_one(".event-card__when").get_text() == "2026 m. gruodžio 3 d., 10:00–12:00"
    assert (cards["Dviejų dienų konferencija"].select_one(".event-card__when").get_text()
            == "2026 m. gruodžio 14 d., 09:00 – 2026 m. gruodžio 15 d., 16:00")
    assert cards["Nuotolinis susitikimas mokytojams"].select_one(".badge--online").get_text() == "Internetu"
    assert "event-card--online" in cards["Nuotolinis susitikimas mokytojams"]["class"]
    assert cards["Mišrus seminaras"].select_one(".badge--online").get_text() == "taip pat internetu"
    assert cards["Užsiėmimas mokykloje"].select_one(".badge--online") is None


def test_home_page_shows_the_next_three_upcoming_events(outputs):
    def home_events(out):
        section = soup(out, "lt/index.html").find(id="home-events").parent
        return [h.get_text() for h in section.select("li h3")]

    assert home_events(outputs[BEFORE]) == [
        "Užsiėmimas mokykloje", "Dviejų dienų konferencija", "Nuotolinis susitikimas mokytojams"]
    assert home_events(outputs[MID_DECEMBER]) == [
        "Dviejų dienų konferencija", "Nuotolinis susitikimas mokytojams", "Mišrus seminaras"]


def test_event_page_links_its_calendar_file_and_says_when_it_is_over(outputs):
    before = soup(outputs[BEFORE], "lt/renginiai/uzsiemimas/index.html")
    link = before.find("a", type="text/calendar")
    assert link["href"] == "/lt/renginiai/uzsiemimas/uzsiemimas.ics"
    assert "Įtraukti į kalendorių" in link.get_text()
    calendar = icalendar.Calendar.from_ical((outputs[BEFORE] / link["href"].lstrip("/")).read_bytes())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Užsiėmimas mokykloje"]
    assert before.select_one(".event-status--past") is None
    assert before.find("a", string="Registruotis") is not None
    after = soup(outputs[MID_DECEMBER], "lt/renginiai/uzsiemimas/index.html")
    assert after.select_one(".event-status--past").get_text() == "Šis renginys jau įvyko."
    assert after.find("a", string="Registruotis") is None


def test_events_list_links_the_calendar_of_all_events(built):
    link = soup(built, "en/events/index.html").select_one(".events-calendar a")
    assert link["href"] == "/en/events/events.ics"
    assert (built / "en/events/events.ics").is_file()


def test_calendars_keep_their_uids_between_builds_at_different_times(outputs):
    def uids(out):
        data = (out / "lt/renginiai/renginiai.ics").read_bytes()
        return [str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]

    assert uids(outputs[BEFORE]) == uids(outputs[MID_DECEMBER])
    assert len(set(uids(outputs[BEFORE]))) == 5


def test_signs_are_a_checklist_and_steps_are_ordered(built):
    page = soup(built, GUIDE)
    assert len(page.select("ul.checklist > li")) == 4
    assert [li.get_text() for li in page.select(".what-to-do ol > li")] == [
        "Patikrink darbdavį.", "Pasitark su žmogumi, kuriuo pasitiki.", "Paskambink pagalbos linijai."]
    assert page.select_one(".reading-time").get_text() == "Skaitymo laikas: 1 min."
    help_numbers = [a["href"] for a in page.select(".guide-help a")]
    assert help_numbers == ["tel:112", "tel:880091119"]


def test_self_check_answers_and_explanations_are_in_the_page_without_javascript(built):
    items = soup(built, GUIDE).select(".self-check__item")
    assert [item["data-answer"] for item in items] == ["risky", "safe", "risky"]
    first = items[0]
    assert first.select_one(".self-check__statement").get_text().startswith("Darbdavys pasiūlo")
    details = first.find("details")
    assert details.find("summary").get_text() == "Parodyti atsakymą"
    assert details.find("p").get_text() == "Rizikinga. Skola gali tapti spąstais."
    assert items[1].find("details").find("p").get_text() == "Saugu. Tai geras ženklas."
    assert not soup(built, GUIDE).select(".self-check button")   # buttons come only with the script


def test_for_teachers_panel_is_a_lesson_plan(built):
    panel = soup(built, GUIDE).select_one(".for-teachers")
    facts = [(dt.get_text(), dd.get_text()) for dt, dd in zip(panel.find_all("dt"), panel.find_all("dd"))]
    assert facts == [("Amžius", "14–18"), ("Trukmė", "45 min.")]
    assert len(panel.select(".for-teachers__questions li")) == 2


def test_related_guides_are_linked(built):
    related = soup(built, GUIDE).select(".related-guides a")
    assert [a["href"] for a in related] == ["/lt/atpazinimas/meiles-spastai/"]


def test_guide_list_groups_by_audience_with_summary_and_sign_count(built):
    page = soup(built, "lt/atpazinimas/index.html")
    groups = {g.find("h2").get_text(): [(c.select_one("a").get_text(), c.select_one(".guide-card__signs").get_text())
                                        for c in g.select(".guide-card")] for g in page.select(".guide-group")}
    assert groups == {
        "Moksleiviai": [("Per geras darbo pasiūlymas", "Įspėjamųjų ženklų: 4"), ("Meilės spąstai", "Įspėjamųjų ženklų: 3")],
        "Mokytojai": [("Per geras darbo pasiūlymas", "Įspėjamųjų ženklų: 4")],
        "Visiems": [("Pirmasis pokalbis", "Įspėjamųjų ženklų: 3")],
    }
    assert page.select_one(".guide-card__summary").get_text() == "Kaip atpažinti apgaulingą darbo pasiūlymą."


def test_audience_pages_list_guides_articles_and_upcoming_events_for_them(outputs):
    page = soup(outputs[BEFORE], "lt/kam-skirta/teachers/index.html")
    assert page.find("h1").get_text() == "Mokytojai"
    links = [a["href"] for a in page.select("main li h3 a")]
    assert links == ["/lt/atpazinimas/darbo-pasiulymas/", "/lt/renginiai/nuotolinis-susitikimas/",
                     "/lt/renginiai/misrus-seminaras/", "/lt/straipsniai/pavojinga-antraste/"]
    pupils = soup(outputs[MID_DECEMBER], "lt/kam-skirta/pupils/index.html")
    assert not pupils.select(".event-card")   # their workshop is over by then
    index = soup(outputs[BEFORE], "en/audiences/index.html")
    assert [a["href"] for a in index.select(".audience-links a")] == [
        "/en/audiences/pupils/", "/en/audiences/teachers/", "/en/audiences/professionals/"]


def test_entry_audience_labels_link_to_the_audience_pages(built):
    labels = soup(built, GUIDE).select('article a[href^="/lt/kam-skirta/"]')
    assert [(a.get_text(), a["href"]) for a in labels] == [
        ("Moksleiviai", "/lt/kam-skirta/pupils/"), ("Mokytojai", "/lt/kam-skirta/teachers/")]


def test_json_ld_of_a_hostile_title_parses_and_stays_in_its_script(built):
    html = (built / "lt/straipsniai/pavojinga-antraste/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    page = BeautifulSoup(html, "html.parser")
    blocks = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    article = next(b for b in blocks if b["@type"] == "Article")
    assert article["headline"] == "Antraštė </script><script>alert(1)</script> & <!-- kita"
    assert [s.get("src") for s in page.find_all("script") if s.get("type") != "application/ld+json"] == [
        s.get("src") for s in page.find_all("script", src=True)]


def test_event_page_json_ld_is_an_event_with_offsets(built):
    page = soup(built, "lt/renginiai/konferencija/index.html")
    blocks = {b["@type"]: b for b in (json.loads(s.string) for s in page.find_all("script", type="application/ld+json"))}
    assert blocks["Event"]["startDate"] == "2026-12-14T09:00:00+02:00"
    assert blocks["Event"]["endDate"] == "2026-12-15T16:00:00+02:00"
    assert blocks["Event"]["image"] == ["https://kampanija.example.org/lt/renginiai/konferencija/card.png"]
    assert [item["position"] for item in blocks["BreadcrumbList"]["itemListElement"]] == [1, 2, 3]


def test_two_builds_at_the_same_now_are_identical(tmp_path_factory, built):
    again = build(tmp_path_factory.mktemp("again"), BEFORE, "public")
    assert tree_digest(again) == tree_digest(built)


def test_event_cards_link_their_audiences(built):
    card = next(c for c in soup(built, EVENTS).select(".event-card") if "Mišrus seminaras" in c.get_text())
    assert [a["href"] for a in card.select(".event-card__audience a")] == [
        "/lt/kam-skirta/teachers/", "/lt/kam-skirta/professionals/"]
