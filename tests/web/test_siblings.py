"""Rank and siblings in the web app: new cards in rank order, never a sibling right after its sibling,
and a new card whose sibling was rated today buried until the next day.

The mini deck is given ranks and two sibling groups before the app starts:

    rank 1  q-splashdown-place      group "splashdown"
    rank 2  q-landing-date          group "splashdown"
    rank 3  q-first-step
    -       q-samples-mission       group "samples"     (unranked: after the ranked, in file order)
    -       q-samples-attribution   group "samples"
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from webapp.models import Question

from webapp_support import Learner

RANKS = {"q-splashdown-place": 1, "q-landing-date": 2, "q-first-step": 3}
GROUPS = {"q-splashdown-place": "splashdown", "q-landing-date": "splashdown",
          "q-samples-mission": "samples", "q-samples-attribution": "samples"}
RANK_ORDER = ["q-splashdown-place", "q-landing-date", "q-first-step", "q-samples-mission", "q-samples-attribution"]
AGAIN, EASY = 1, 4


@pytest.fixture
def decks_dir(decks_dir: Path) -> Path:
    """The mini deck with the ranks and groups above (before the app imports it)."""
    path = decks_dir / "mini" / "deck.json"
    deck = json.loads(path.read_text("utf-8"))
    for question in deck["questions"]:
        if question["id"] in RANKS:
            question["rank"] = RANKS[question["id"]]
        if question["id"] in GROUPS:
            question["siblings"] = GROUPS[question["id"]]
    path.write_text(json.dumps(deck), "utf-8")
    return decks_dir


def shown_key(learner: Learner, db) -> str | None:
    page = learner.front()
    return None if page.done else db.get(Question, page.question_id).key


def set_new_per_day(learner: Learner, new: int) -> None:
    response = learner.client.post("/decks/mini/settings", data={
        "new_per_day": new, "reviews_per_day": 200, "desired_retention": "0.90"})
    assert response.status_code in (200, 303)


def test_import_stores_siblings_and_orders_by_rank(app, db):
    questions = db.exec(select(Question).order_by(Question.position)).all()
    assert [q.key for q in questions] == RANK_ORDER
    assert [q.position for q in questions] == [0, 1, 2, 3, 4]
    assert {q.key: q.siblings for q in questions} == {key: GROUPS.get(key) for key in RANK_ORDER}


def test_a_new_cards_siblings_are_buried_until_the_next_day(learner: Learner, db, clock):
    seen = []
    while (key := shown_key(learner, db)) is not None:
        seen.append(key)
        learner.rate(EASY)
    # Rank order, one question of each group a day: the landing date and the second "samples"
    # question wait for tomorrow (and are not counted as new today).
    assert seen == ["q-splashdown-place", "q-first-step", "q-samples-mission"]
    assert learner.front().counts[0] == 0
    clock.advance(days=1)
    tomorrow = []
    while (key := shown_key(learner, db)) is not None and len(tomorrow) < 5:
        tomorrow.append(key)
        learner.rate(EASY)
    assert tomorrow[:2] == ["q-landing-date", "q-samples-attribution"]


def test_a_due_learning_card_waits_behind_a_new_card_after_its_sibling(learner: Learner, db, clock):
    assert shown_key(learner, db) == "q-splashdown-place"
    learner.rate(AGAIN)  # back in a minute
    assert shown_key(learner, db) == "q-first-step"
    clock.advance(minutes=5)  # the splashdown card is due now, but the card just rated was no sibling
    learner.rate(EASY)
    assert shown_key(learner, db) == "q-splashdown-place"
    learner.rate(EASY)
    assert shown_key(learner, db) == "q-samples-mission"
    learner.rate(EASY)
    assert shown_key(learner, db) is None  # q-landing-date and q-samples-attribution are buried

