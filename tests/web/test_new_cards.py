"""The new-card cursor: it follows a re-import that puts a new question first and an undone
first rating, and it moves only when the learner rates or undoes, never on a page that reads."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlmodel import select

from webapp.decks_import import import_deck
from webapp.models import Question

from webapp_support import Learner


def rate_new_cards(learner: Learner, how_many: int) -> list[int]:
    rated = []
    for _ in range(how_many):
        page = learner.front()
        assert page.counts[1:] == (0, 0), "expected only new cards in this test"
        rated.append(page.question_id)
        learner.rate(4)  # Easy: out of today's queue, so only new cards remain
    return rated


def test_a_question_added_before_the_seen_ones_is_offered_as_new(app, learner: Learner, decks_dir, db):
    rate_new_cards(learner, 2)
    new_before = learner.front().counts[0]
    path = decks_dir / "mini" / "deck.json"
    deck = json.loads(path.read_text("utf-8"))
    added = {**deck["questions"][0], "id": "q-added-first"}
    deck["questions"].insert(0, added)
    path.write_text(json.dumps(deck), "utf-8")
    with app.app_context():
        from webapp.db import get_session
        assert import_deck(path, session=get_session()).added == 1
    page = learner.front()
    assert page.counts[0] == new_before + 1
    added_id = db.exec(select(Question.id).where(Question.key == "q-added-first")).one()
    assert page.question_id == added_id


def test_after_undoing_a_first_rating_that_question_is_the_next_new_card(learner: Learner):
    _first, second = rate_new_cards(learner, 2)
    learner.front()  # lets the cursor move past both
    undone = learner.undo()
    assert undone.question_id == second
    again = learner.front()
    assert again.question_id == second and again.counts[0] == undone.counts[0]


def test_pages_that_only_read_write_nothing(app, learner: Learner):
    learner.front()
    learner.rate(3)
    writes: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(statement)

    engine = app.extensions["quizgen_engine"]
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert learner.front().status == 200
        assert learner.client.get("/").status_code == 200
        assert learner.reveal().status == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert writes == []
