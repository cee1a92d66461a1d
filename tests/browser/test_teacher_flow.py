"""A teacher in real Chromium: upload a source, build, edit one question, reject one,
approve the rest, publish to a class; a learner joins with the code and studies
exactly the approved questions. Screenshots of each state go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from webapp import db
from webapp.models import Deck, Question, QuestionReview

pytestmark = pytest.mark.browser

SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "sources" / "mission-report.txt"
EDITED_PROMPT = "In which month and year did the lander touch down?"
BUILD_TIMEOUT_MS = 30_000


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")


def approved_keys(live_server, slug: str) -> set[str]:
    with live_server.app.app_context():
        session = db.get_session()
        deck = session.exec(select(Deck).where(Deck.slug == slug)).one()
        return {r.key for r in session.exec(select(QuestionReview).where(
            QuestionReview.deck_id == deck.id, QuestionReview.status == "approved"))}


def question_keys(live_server, ids: set[int]) -> set[str]:
    with live_server.app.app_context():
        session = db.get_session()
        return {session.get(Question, question_id).key for question_id in ids}


def sibling_groups(live_server, slug: str) -> dict[str, str | None]:
    with live_server.app.app_context():
        session = db.get_session()
        deck = session.exec(select(Deck).where(Deck.slug == slug)).one()
        return {q.key: q.siblings for q in session.exec(select(Question).where(Question.deck_id == deck.id))}


def test_teacher_reviews_and_publishes_and_a_learner_studies_the_approved_set(
        page: Page, live_server, login, screenshot, page_problems, teacher_dir):
    login(page, live_server.teacher.email, live_server.teacher.password)

    # A class to publish to; its join code is what the learner will type.
    page.goto("/teach/classes")
    page.get_by_label("Class name").fill("Year 9 history")
    page.get_by_role("button", name="Create class").click()
    code = page.locator("#join-code").inner_text().strip()

    page.goto("/teach/")
    page.get_by_label("Deck title").fill("Moon landing")
    page.get_by_role("button", name="Create deck").click()
    page.wait_for_url("**/teach/decks/*")
    slug = page.url.rstrip("/").rsplit("/", 1)[1]

    page.get_by_label("Upload files").set_input_files(str(SOURCE))
    page.get_by_label("Kind").fill("report")
    page.get_by_label("Perspective").fill("mission office")
    page.get_by_role("button", name="Add source").click()
    expect(page.locator('tr[data-source="mission-report"]')).to_be_visible()
    screenshot(page, "01-source-added")

    page.get_by_role("button", name="Build the deck").click()
    expect(page.locator("#build-status")).to_have_attribute("data-job-status", "done",
                                                           timeout=BUILD_TIMEOUT_MS)
    screenshot(page, "02-built")

    page.goto(f"/teach/decks/{slug}/review")
    items = page.locator(".review-item")
    assert items.count() >= 3
    edited, rejected = items.nth(0), items.nth(1)
    edited_key, rejected_key = edited.get_attribute("data-key"), rejected.get_attribute("data-key")

    edited.get_by_role("link", name="Edit").click()
    form = page.locator(f'.review-item.editing[data-key="{edited_key}"]')
    form.get_by_label("Prompt").fill(EDITED_PROMPT)
    screenshot(page, "03-editing")
    form.get_by_role("button", name="Save and approve").click()
    done_edit = page.locator(f'.review-item[data-key="{edited_key}"]')
    expect(done_edit).to_have_attribute("data-status", "approved")
    expect(done_edit.locator(".review-prompt")).to_have_text(EDITED_PROMPT)

    page.locator(f'.review-item[data-key="{rejected_key}"] button[data-action="reject"]').click()
    expect(page.locator(f'.review-item[data-key="{rejected_key}"]')).to_have_attribute("data-status",
                                                                                     "rejected")
    expect(page.locator('#review-counts [data-count="rejected"]')).to_have_text("1")
    screenshot(page, "04-reviewed-two")
    page.get_by_role("link", name="Approve all").click()
    screenshot(page, "04b-confirm-approve-all")
    page.locator("#confirm-approve-all").click()
    expect(page.locator('#review-counts [data-count="pending"]')).to_have_text("0")
    screenshot(page, "05-all-reviewed")

    page.goto(f"/teach/decks/{slug}")
    page.get_by_label("Class").select_option(label="Year 9 history")
    page.get_by_role("button", name="Publish to class").click()
    expect(page.locator("#published-to")).to_contain_text("Year 9 history")
    screenshot(page, "06-published")
    log_out(page)

    approved = approved_keys(live_server, slug)
    assert edited_key in approved and rejected_key not in approved

    login(page, live_server.learner.email, live_server.learner.password)
    page.goto("/classes")
    page.get_by_label("Join code").fill(code.lower())
    page.get_by_role("button", name="Join").click()
    deck_entry = page.locator(f'#class-decks [data-deck="{slug}"]')
    expect(deck_entry).to_be_visible()
    screenshot(page, "07-learner-joined")

    deck_entry.get_by_role("link", name="Study Moon landing").click()
    seen: set[int] = set()
    prompts: list[str] = []
    for _ in range(len(approved) + 1):
        page.wait_for_selector("#card, #done")
        if page.locator("#done").count():
            break
        shown = page.locator("#card").get_attribute("data-question")
        seen.add(int(shown))
        prompts.append(page.locator("#prompt").inner_text())
        page.locator("#show-answer").click()
        expect(page.locator("#card")).to_have_attribute("data-side", "back")
        page.locator("button.rating[data-rating='4']").click()
        expect(page.locator(f'#card[data-question="{shown}"]')).to_have_count(0)
    screenshot(page, "08-learner-done")
    # Exactly the approved questions, less those buried for the day behind a sibling seen today.
    seen_keys = question_keys(live_server, seen)
    assert seen_keys <= approved
    groups = sibling_groups(live_server, slug)
    assert all(groups.get(key) and groups[key] in {groups.get(k) for k in seen_keys}
               for key in approved - seen_keys)
    assert EDITED_PROMPT in prompts
    page_problems.assert_none()
