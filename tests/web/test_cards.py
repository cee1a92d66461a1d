"""A learner's own hand on the cards: browse with state and due date, report a question, suspend."""

from __future__ import annotations

import re

from sqlmodel import select
from test_study import open_question, question_by_key

from webapp.models import SUSPENDED, Card, QuestionFlag

from webapp_support import HX, Learner

MINI_QUESTIONS = 5


def browse_rows(learner: Learner, query: str = "") -> dict[int, str]:
    html = learner.client.get("/decks/mini/browse", query_string={"q": query} if query else None).get_data(as_text=True)
    return {int(qid): state for qid, state in re.findall(r'<tr data-question="(\d+)" data-state="(\w+)">', html)}


def test_browse_lists_every_question_with_its_state_and_due_date(learner: Learner, db, clock):
    assert len(browse_rows(learner)) == MINI_QUESTIONS and set(browse_rows(learner).values()) == {"new"}
    first = learner.front()
    learner.reveal()
    learner.rate(3)
    rows = browse_rows(learner)
    assert rows[first.question_id] == "learning"
    html = learner.client.get("/decks/mini/browse").get_data(as_text=True)
    row = re.search(rf'<tr data-question="{first.question_id}".*?</tr>', html, re.S).group(0)
    card = db.exec(select(Card).where(Card.question_id == first.question_id)).one()
    assert card.due.strftime("%Y-%m-%d %H:%M") in row


def test_browse_searches_prompt_answer_and_source_title(learner: Learner, db):
    armstrong = question_by_key(db, "q-first-step").id
    assert set(browse_rows(learner, "armstrong")) == {armstrong}          # the answer, in any case
    assert set(browse_rows(learner, "SPLASHED pacific")) == {question_by_key(db, "q-splashdown-place").id}
    by_title = browse_rows(learner, "press summary")                       # a source's title
    assert question_by_key(db, "q-samples-attribution").id in by_title and armstrong not in by_title
    assert browse_rows(learner, "no such words anywhere") == {}
    fragment = learner.client.get("/decks/mini/browse?q=armstrong", headers=HX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="browse-results"') and "1 question match" in fragment


def test_a_suspended_card_never_comes_up_until_unsuspended(learner: Learner, db):
    page = open_question(learner, db, "q-first-step")
    learner.reveal()
    after = learner.client.post(f"/decks/mini/cards/{page.question_id}/suspend", data={"from": "study"}, headers=HX)
    assert after.status_code == 200 and "Card suspended" in after.get_data(as_text=True)
    assert db.exec(select(Card).where(Card.question_id == page.question_id)).one().state == SUSPENDED
    assert browse_rows(learner)[page.question_id] == "suspended"
    seen = set()
    for _ in range(MINI_QUESTIONS * 3):
        front = learner.front()
        if front.done:
            break
        seen.add(front.question_id)
        learner.reveal()
        learner.rate(4)
    assert page.question_id not in seen and len(seen) == MINI_QUESTIONS - 1
    back = learner.client.post(f"/decks/mini/cards/{page.question_id}/unsuspend")
    assert back.status_code == 303
    assert browse_rows(learner)[page.question_id] == "new"
    assert learner.front().question_id == page.question_id


def test_unsuspending_a_rated_card_gives_back_its_schedule(learner: Learner, db):
    first = learner.front()
    learner.reveal()
    learner.rate(4)  # Easy: a review card
    db.expire_all()
    before = db.exec(select(Card).where(Card.question_id == first.question_id)).one()
    state, due = before.state, before.due
    learner.client.post(f"/decks/mini/cards/{first.question_id}/suspend")
    learner.client.post(f"/decks/mini/cards/{first.question_id}/unsuspend")
    db.expire_all()
    after = db.exec(select(Card).where(Card.question_id == first.question_id)).one()
    assert (after.state, after.due) == (state, due) and state != SUSPENDED


def test_reporting_a_question_stores_the_reason_and_note(learner: Learner, db):
    page = open_question(learner, db, "q-samples-mission")
    back = learner.reveal(given="21").html
    assert 'id="card-tools"' in back and 'name="reason" value="duplicate"' in back
    sent = learner.client.post(f"/decks/mini/cards/{page.question_id}/report",
                               data={"reason": "wrong", "note": "The report says 21.5 kg "}, headers=HX)
    assert sent.status_code == 200 and "your report went to the deck" in sent.get_data(as_text=True)
    flag = db.exec(select(QuestionFlag)).one()
    assert (flag.question_id, flag.reason, flag.note) == (page.question_id, "wrong", "The report says 21.5 kg")


def test_a_report_needs_a_reason_and_something_else_needs_words(learner: Learner, db):
    page = open_question(learner, db, "q-first-step")
    url = f"/decks/mini/cards/{page.question_id}/report"
    assert "Pick what is wrong" in learner.client.post(url, data={}, headers=HX).get_data(as_text=True)
    assert "Pick what is wrong" in learner.client.post(url, data={"reason": "bogus"}, headers=HX).get_data(as_text=True)
    missing = learner.client.post(url, data={"reason": "other", "note": "  "}, headers=HX)
    assert missing.status_code == 200 and "Say what is wrong" in missing.get_data(as_text=True)
    assert learner.client.post(url, data={"reason": "other"}).status_code == 303  # a plain form: back to study
    assert db.exec(select(QuestionFlag)).all() == []
    assert learner.client.post(url, data={"reason": "other", "note": "typo in 'lunar'"}, headers=HX).status_code == 200


def test_cards_of_another_deck_cannot_be_reported_or_suspended(learner: Learner, db):
    assert learner.client.post("/decks/mini/cards/999999/report", data={"reason": "wrong"}).status_code == 404
    assert learner.client.post("/decks/mini/cards/999999/suspend").status_code == 404
    assert learner.client.get("/decks/nope/browse").status_code == 404
