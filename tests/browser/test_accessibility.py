"""Accessibility of the learner's pages in real Chromium: a 360 px wide screen
without sideways scrolling, axe-core's WCAG 2.1 A/AA rules, focus that follows
each htmx swap, a working skip link, and shortcut keys that never steal what a
learner types. Every test also fails on console errors (CSP violations land
there) and uncaught JavaScript errors."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
MINI_TITLE = "Mini lunar deck (test fixture)"


def axe_violations(page: Page) -> list[str]:
    results = Axe().run(page, options=AXE_RULES)
    return [f"{rule['id']} ({rule['impact']}): {rule['help']} at {[node['target'] for node in rule['nodes']]}"
            for rule in results.response["violations"]]


def horizontal_overflow(page: Page) -> list[str]:
    """Elements sticking out past the right edge: what to fix when the page scrolls sideways."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className)""")


def check_phone_state(page: Page, screenshot, state: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], \
        f"{state} scrolls sideways at 360 px: {horizontal_overflow(page)}"
    assert axe_violations(page) == [], state
    screenshot(page, state)


def start_studying(page: Page, live_server, login) -> None:
    login(page, live_server.learner.email, live_server.learner.password)
    page.get_by_role("link", name=f"Study now {MINI_TITLE}").click()
    page.wait_for_selector("#card")


def test_every_learner_page_fits_360px_and_passes_axe(page: Page, live_server, login, study, screenshot,
                                                      page_problems):
    page.set_viewport_size(PHONE)
    page.goto("/login")
    check_phone_state(page, screenshot, "01-login")
    login(page, live_server.learner.email, live_server.learner.password)
    check_phone_state(page, screenshot, "02-deck-list")
    page.get_by_role("link", name=f"Study now {MINI_TITLE}").click()
    page.wait_for_selector("#card")

    seen = set()
    while not study.is_done():
        front = "multiple-choice" if page.locator("[data-option-index]").count() else "type-in"
        disputed = bool(study.question().disputed_by)
        if front not in seen:
            check_phone_state(page, screenshot, f"03-front-{front}")
        study.answer_correctly()
        back = f"back-{front}" + ("-disputed" if disputed else "")
        if back not in seen:
            check_phone_state(page, screenshot, f"04-{back}")
        seen |= {front, back}
        study.rate("4")
    assert {"multiple-choice", "type-in", "back-type-in-disputed"} <= seen
    check_phone_state(page, screenshot, "05-done")

    for path, state in (("/decks/mini/stats", "06-statistics"), ("/decks/mini/settings", "07-settings"),
                        ("/account", "08-account")):
        page.goto(path)
        check_phone_state(page, screenshot, state)
    page_problems.assert_none()


def test_new_card_gets_focus_and_is_in_view_after_rating_far_down_a_small_screen(
        page: Page, live_server, login, study, page_problems):
    page.set_viewport_size(PHONE)
    start_studying(page, live_server, login)
    for _ in range(3):
        study.answer_correctly()
        # Scrolled down through the evidence, as a learner on a phone reading it would be.
        page.locator("#evidence summary").click()
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        assert page.evaluate("window.scrollY") > 0
        study.rate("4")
        assert study.focus_is_on_card()
        top = page.locator("#card, #done").first.bounding_box()["y"]
        assert 0 <= top < PHONE["height"], "the new card starts outside the screen"
    page_problems.assert_none()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page: Page, live_server, login,
                                                                        page_problems):
    login(page, live_server.learner.email, live_server.learner.password)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page_problems.assert_none()


def test_shortcut_keys_leave_typed_answers_alone(page: Page, live_server, login, study, page_problems):
    start_studying(page, live_server, login)
    while page.locator("[data-option-index]").count():  # rate the multiple-choice cards up front
        study.answer_correctly()
        study.rate("4")
    typed_card = study.question_id()
    answer_field = page.locator("#answer-input")
    expect(answer_field).to_be_focused()

    # Digits and Space are part of the answer on a type-in front, not option picks or a reveal.
    page.keyboard.type("1 2")
    expect(answer_field).to_have_value("1 2")
    assert study.side() == "front"

    # Ctrl+Z with text in the field is the field's own undo: the last rating stays.
    page.keyboard.press("Control+z")
    expect(page.locator("#study .notice")).to_have_count(0)
    assert study.question_id() == typed_card

    # With the field empty there is nothing of the learner's to undo: the rating is undone.
    answer_field.fill("")
    study.undo()
    assert study.question_id() != typed_card
    page_problems.assert_none()
