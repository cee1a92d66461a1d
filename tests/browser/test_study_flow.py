"""A learner studies in real Chromium with the keyboard alone: log in, answer a
multiple-choice and a type-in card, read the attribution with its quote and
disputes, rate, undo, and reach "done for today"; screenshots of each state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def open_deck(page: Page, title: str) -> None:
    page.get_by_role("link", name=f"Study now {title}").click()
    page.wait_for_selector("#card")


def counts_text(page: Page) -> str:
    return " ".join(page.locator("#counts").inner_text().split())


def test_learner_studies_a_deck_with_the_keyboard_until_done(
        page: Page, live_server, login, study, screenshot,
        page_problems):
    login(page, live_server.learner.email, live_server.learner.password)
    screenshot(page, "01-deck-list")
    open_deck(page, "Mini lunar deck (test fixture)")

    # A multiple-choice card: the prompt has focus, a number key picks an option.
    landing = study.question()
    assert landing.format == "multiple_choice"
    assert study.focus_is_on_card()
    assert landing.answer in study.options()
    screenshot(page, "02-front-multiple-choice")
    study.pick(landing.answer)
    expect(page.locator("#verdict")).to_contain_text("Correct")
    assert page.evaluate("document.activeElement.id") == "verdict"
    attribution = page.locator(".attribution")
    expect(attribution.locator(".evidence.primary mark")).to_have_text(landing.evidence[0]["value"])
    expect(attribution.locator(".evidence.primary .quote")).to_have_text(landing.evidence[0]["exact"])
    expect(attribution.locator(".agreement")).to_have_count(len(landing.evidence) - 1)
    screenshot(page, "03-back-multiple-choice")
    study.rate("4")

    # A type-in card whose figure another source disputes: focus starts in the answer field.
    samples = study.question()
    assert samples.format == "type_in" and samples.disputed_by
    assert page.evaluate("document.activeElement.id") == "answer-input"
    study.type_answer(samples.answer)
    expect(page.locator("#verdict")).to_contain_text("Correct")
    disputes = page.locator(".attribution .dispute")
    expect(disputes).to_have_count(len(samples.disputed_by))
    dispute = samples.disputed_by[0]
    expect(disputes.first.locator(".dispute-value")).to_have_text(dispute["value"])
    expect(disputes.first.locator(".claimant")).to_have_text(dispute["claimant"])
    expect(disputes.first.locator(".quote")).to_have_text(dispute["exact"])
    expect(disputes.first.locator(".quote mark")).to_have_text(dispute["value"])
    screenshot(page, "04-back-type-in-disputed")

    # Rate, then take it back with Ctrl+Z: the same card returns and the counts are restored.
    before = counts_text(page)
    study.rate("3")
    assert study.question_id() != samples.id
    study.undo()
    assert study.question_id() == samples.id
    assert study.side() == "front"
    assert counts_text(page) == before
    expect(page.locator("#undo")).to_be_visible()  # the card-1 rating can still be undone
    screenshot(page, "05-after-undo")

    # A wrong typed answer: the verdict says so and Enter takes the suggested rating (Again).
    study.type_answer(samples.distractors[0])
    expect(page.locator("#verdict")).to_contain_text("Not quite")
    expect(page.locator("button.rating.suggested")).to_have_attribute("data-rating", "1")
    screenshot(page, "06-back-wrong-answer")
    study.rate("Enter")

    # Space on a multiple-choice front (focus on the prompt) shows the answer without attempting it.
    for _ in range(len(study.all_questions())):
        if page.locator("[data-option-index]").count():
            break
        study.answer_correctly()
        study.rate("4")
    assert page.locator("[data-option-index]").count(), "no multiple-choice card left to try Space on"
    attribution_card = study.question()
    page.keyboard.press("Space")
    study.wait_for_swap("#card[data-side=back]")
    expect(page.locator("#verdict")).not_to_contain_text("Correct")
    # Its answer is a claimant: the answer line must not say "the press office according to the press office".
    assert attribution_card.claimant == attribution_card.answer
    expect(page.locator(".answer .claimant")).to_have_count(0)
    screenshot(page, "07-back-shown-attribution")
    study.rate("4")

    study.finish()
    done = page.locator("#done")
    expect(done).to_be_visible()
    expect(done.get_by_role("heading")).to_have_text("Done for today")
    assert study.focus_is_on_card()
    screenshot(page, "08-done-for-today")
    page_problems.assert_none()


def test_buttons_work_without_the_keyboard_too(page: Page, live_server, login,
                                               study, page_problems):
    login(page, live_server.learner.email, live_server.learner.password)
    open_deck(page, "Mini lunar deck (test fixture)")
    first = study.question_id()
    page.locator("#show-answer").click()
    study.wait_for_swap("#card[data-side=back]")
    page.locator("button.rating[data-rating='4']").click()
    study.wait_for_swap("#card[data-side=front], #done")
    assert study.question_id() != first
    page.locator("#undo").click()
    study.wait_for_swap("#study .notice")
    assert study.question_id() == first
    page_problems.assert_none()


def test_enter_shows_the_answer_on_a_choice_front_and_on_an_empty_answer_field(
        page: Page, live_server, login, study, page_problems):
    login(page, live_server.learner.email, live_server.learner.password)
    open_deck(page, "Mini lunar deck (test fixture)")
    assert page.locator("[data-option-index]").count(), "the mini deck starts with a choice card"
    page.keyboard.press("Enter")
    study.wait_for_swap("#card[data-side=back]")
    expect(page.locator("button.rating.suggested")).to_have_attribute("data-rating", "3")
    study.rate("4")

    expect(page.locator("#answer-input")).to_be_focused()
    page.keyboard.press("Enter")
    study.wait_for_swap("#card[data-side=back]")
    expect(page.locator("#verdict")).not_to_contain_text("Not quite")
    page_problems.assert_none()


class TestSampleDeck:
    """The generated karabakh-2020 deck: a figure that several sides report differently."""

    @pytest.fixture
    def decks_dir(self, tmp_path: Path) -> Path:
        sample = REPO / "decks" / "karabakh-2020"
        if not (sample / "deck.json").exists():
            pytest.skip("the sample deck has not been built (quizgen build decks/karabakh-2020)")
        root = tmp_path / "decks"
        shutil.copytree(sample, root / "karabakh-2020")
        return root

    def test_attribution_panel_shows_every_dispute_with_its_claimant(
            self, page: Page, live_server, login, study, screenshot,
            page_problems):
        most_disputed = max(study.all_questions(), key=lambda q: (len(q.disputed_by), -q.position))
        assert len(most_disputed.disputed_by) >= 2

        page.set_viewport_size({"width": 360, "height": 740})
        login(page, live_server.learner.email, live_server.learner.password)
        slug = page.locator("[data-deck]").first.get_attribute("data-deck")
        page.goto(f"/decks/{slug}/study?question={most_disputed.id}")
        assert study.question_id() == most_disputed.id
        page.keyboard.press("Space")
        study.wait_for_swap("#card[data-side=back]")

        disputes = page.locator(".attribution .dispute")
        expect(disputes).to_have_count(len(most_disputed.disputed_by))
        for row, quote in zip(disputes.all(), most_disputed.disputed_by, strict=True):
            expect(row.locator(".dispute-value")).to_have_text(quote["value"])
            if quote["claimant"]:
                expect(row.locator(".claimant")).to_have_text(quote["claimant"])
            expect(row.locator(".quote")).to_have_text(quote["exact"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(page, "sample-deck-disputes-360px")
        page.set_viewport_size({"width": 1024, "height": 800})
        screenshot(page, "sample-deck-disputes-1024px")
        page_problems.assert_none()
