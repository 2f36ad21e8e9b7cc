"""The guide's self-check in Chromium: with JavaScript the reader chooses safe or risky
and gets feedback and a score, by mouse or keyboard, announced through live regions;
without JavaScript every answer is there in a <details>. Nothing leaves the page."""
from __future__ import annotations

import pytest
from support import build_fixture

GUIDE = "/lt/atpazinimas/darbo-pasiulymas/"
GUIDE_EN = "/en/guides/job-offer/"


@pytest.fixture(scope="module")
def server(tmp_path_factory, serve_folder):
    return serve_folder(build_fixture("guides_events", tmp_path_factory.mktemp("self_check")))


def item(page, number: int):
    return page.locator(".self-check__item").nth(number - 1)


def test_choosing_gives_feedback_the_explanation_and_a_score(server, new_page):
    page, log = new_page()
    page.goto(server.url(GUIDE))
    score = page.locator(".self-check__score")
    assert score.inner_text() == "Atsakyta: 0 iš 3. Teisingai: 0."
    first = item(page, 1)
    assert not first.locator("details").is_visible()   # the answer waits for a choice
    first.get_by_role("button", name="Rizikinga").click()
    assert first.locator(".self-check__feedback").inner_text() == "Teisingai! Atsakymas: rizikinga."
    assert first.locator("details").is_visible()
    assert "Skola gali tapti spąstais." in first.locator("details").inner_text()
    assert score.inner_text() == "Atsakyta: 1 iš 3. Teisingai: 1."

    second = item(page, 2)
    second.get_by_role("button", name="Rizikinga").click()
    assert second.locator(".self-check__feedback").inner_text() == "Ne visai. Teisingas atsakymas: saugu."
    assert "self-check__item--wrong" in second.get_attribute("class")
    # The first answer stands: the other button says it is unavailable and does nothing.
    assert second.get_by_role("button", name="Saugu").get_attribute("aria-disabled") == "true"
    second.get_by_role("button", name="Saugu").click(force=True)
    assert score.inner_text() == "Atsakyta: 2 iš 3. Teisingai: 1."
    log.assert_only(server.origin)
    assert log.console_errors == []


def test_the_exercise_works_from_the_keyboard_and_can_be_started_again(server, new_page):
    page, _ = new_page()
    page.goto(server.url(GUIDE_EN))
    safe = item(page, 2).get_by_role("button", name="Safe")
    safe.focus()
    page.keyboard.press("Enter")
    assert safe.get_attribute("aria-pressed") == "true"
    assert item(page, 2).locator(".self-check__feedback").inner_text() == "Correct! The answer: safe."
    risky = item(page, 3).get_by_role("button", name="Risky")
    risky.focus()
    page.keyboard.press("Space")
    assert page.locator(".self-check__score").inner_text() == "Answered 2 of 3. Correct: 2."
    assert page.evaluate("document.activeElement.dataset.choice") == "risky"   # focus is not lost

    page.get_by_role("button", name="Start again").click()
    assert page.locator(".self-check__score").inner_text() == "Answered 0 of 3. Correct: 0."
    assert page.locator(".self-check__feedback:not(:empty)").count() == 0
    assert page.evaluate("document.activeElement.dataset.choice") == "safe"


def test_choices_are_named_by_their_situation_and_results_are_announced(server, new_page):
    page, _ = new_page()
    page.goto(server.url(GUIDE))
    group = item(page, 1).get_by_role("group")
    assert group.get_attribute("aria-labelledby") == "self-check-statement-1"
    assert page.locator("#self-check-statement-1").inner_text().startswith("Darbdavys pasiūlo")
    assert item(page, 1).locator(".self-check__feedback").get_attribute("aria-live") == "polite"
    assert page.locator(".self-check__score").get_attribute("role") == "status"


def test_the_answers_are_neither_stored_nor_sent(server, new_page):
    page, log = new_page()
    page.goto(server.url(GUIDE), wait_until="networkidle")   # the page's own files are in
    log.clear()
    for number in (1, 2, 3):
        item(page, number).get_by_role("button", name="Saugu").click()
    assert log.urls == []
    stored = page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""]


def test_without_javascript_each_answer_opens_in_its_details(server, new_page):
    page, log = new_page(java_script_enabled=False)
    page.goto(server.url(GUIDE))
    assert page.locator(".self-check button").count() == 0
    first = item(page, 1)
    assert not first.get_by_text("Skola gali tapti spąstais.").is_visible()
    first.locator("summary").click()
    assert first.get_by_text("Skola gali tapti spąstais.").is_visible()
    log.assert_only(server.origin)


def test_the_guide_with_its_exercise_in_use_passes_axe(server, new_page, assert_accessible):
    page, log = new_page()
    page.goto(server.url(GUIDE))
    item(page, 1).get_by_role("button", name="Saugu").click()
    assert_accessible(page)
    assert log.csp_violations() == []


def test_printed_guide_keeps_the_lesson_plan_and_drops_the_exercise_controls(server, new_page):
    page, _ = new_page()
    page.goto(server.url(GUIDE))
    item(page, 1).get_by_role("button", name="Saugu").click()
    page.emulate_media(media="print")
    assert page.locator(".for-teachers").is_visible()
    assert page.locator(".for-teachers__questions li").first.is_visible()
    assert not page.locator(".self-check__choices").first.is_visible()
    assert not page.locator(".self-check__summary").is_visible()
    assert page.locator(".self-check__statement").first.is_visible()
