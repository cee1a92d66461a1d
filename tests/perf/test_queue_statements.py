"""Speed guards of the study queue (``-m perf`` selects them, ``-m "not perf"`` leaves them out).

They count and inspect rather than time: the statements of one review round trip (show the next
card, rate it) do not grow with the learner's schedule and stay within a budget; a request holds
one pooled connection and ends its transaction with COMMIT; the latest rating is found from the
learner's own index range.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from webapp import scheduling
from webapp.models import Card, Deck, Question, ReviewLog, User
from webapp.repo import queue

from webapp_support import Learner

pytestmark = pytest.mark.perf

# Statements for showing a card and rating it, login and deck lookup included (see
# BENCHMARKS.md): on each request the learner whose login is still live (user and
# login_session in one), the deck with their settings; the study view (today's ratings,
# learning, reviews, new cards, the card shown) after both; on the rating, the question with the
# card rated, its update, the log row and the new-card cursor. PostgreSQL adds BEGIN and COMMIT
# round trips that SQLAlchemy does not count as statements.
ROUND_TRIP_BUDGET = {"postgresql": 18, "sqlite": 18}


def make_deck(db, slug: str, user: User, *, seen: int, unseen: int, due_now: int, now) -> None:
    """A public deck where ``user`` has ``seen`` review cards (``due_now`` of them due) and
    ``unseen`` questions still new."""
    deck = Deck(slug=slug, title=slug)
    db.add(deck)
    db.flush()
    questions = [Question(deck_id=deck.id, key=f"{slug}-{n}", position=n, kind="number", format="type_in",
                          prompt=f"How many? ({n}) ___", answer=str(n), content_sha256="")
                 for n in range(seen + unseen)]
    db.add_all(questions)
    db.flush()
    for n, question in enumerate(questions[:seen]):
        due = now - timedelta(hours=1) if n < due_now else now + timedelta(days=3 + n)
        db.add(Card(user_id=user.id, question_id=question.id, deck_id=deck.id, state=2, stability=10.0,
                    difficulty=5.0, due=due, last_review=now - timedelta(days=10), reps=1, version=1,
                    fsrs={"card_id": question.id, "state": 2, "step": None, "stability": 10.0,
                          "difficulty": 5.0, "due": due.isoformat(),
                          "last_review": (now - timedelta(days=10)).isoformat()}))
    db.commit()


def round_trip_statements(app, learner: Learner) -> int:
    statements = []

    def count(*_args) -> None:
        statements.append(1)

    engine = app.extensions["quizgen_engine"]
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        shown = learner.front()
        assert shown.status == 200 and shown.question_id is not None
        rated = learner.rate(3)
        assert rated.status == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_round_trip_statements_do_not_grow_with_the_schedule(app, learner: Learner, db, clock):
    user = db.exec(select(User).where(User.email == "ada@example.org")).one()
    make_deck(db, "small", user, seen=10, unseen=3, due_now=5, now=clock.now)
    make_deck(db, "large", user, seen=300, unseen=3, due_now=5, now=clock.now)
    costs = {}
    for slug in ("small", "large"):
        learner.slug = slug
        round_trip_statements(app, learner)  # the first rating creates the new-card cursor
        costs[slug] = round_trip_statements(app, learner)
    assert costs["small"] == costs["large"]
    assert costs["large"] <= ROUND_TRIP_BUDGET[app.extensions["quizgen_engine"].dialect.name]


def _in_transaction(dbapi_connection) -> bool:
    """Whether the driver's connection has a transaction open (a ROLLBACK now would be sent)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        return dbapi_connection.in_transaction
    return dbapi_connection.info.transaction_status != dbapi_connection.info.transaction_status.IDLE


def test_finished_requests_end_their_transactions_with_commit_not_rollback(app, learner: Learner):
    # A request that finished without an error commits (psycopg would otherwise drop the
    # statements it has prepared on that connection, and PostgreSQL plan them again).
    learner.front()
    ended = []
    engine = app.extensions["quizgen_engine"]

    def on_commit(conn) -> None:
        ended.append("commit")

    def on_rollback(conn) -> None:
        if _in_transaction(conn.connection.dbapi_connection):
            ended.append("rollback")

    sa.event.listen(engine, "commit", on_commit)
    sa.event.listen(engine, "rollback", on_rollback)
    try:
        assert learner.front().status == 200
        assert learner.rate(3).status == 200
        assert learner.front().status == 200
        assert app.test_client().get("/healthz").status_code == 200
        assert learner.client.get("/").status_code == 200
    finally:
        sa.event.remove(engine, "commit", on_commit)
        sa.event.remove(engine, "rollback", on_rollback)
    assert "commit" in ended and "rollback" not in ended, ended


def test_a_study_request_holds_one_pooled_connection_and_writes_card_and_log_once(app, learner: Learner):
    # One pooled connection per request: a commit midway does not check out (and ping) another.
    learner.front()
    engine = app.extensions["quizgen_engine"]
    checkouts, statements = [], []

    def on_checkout(*_args) -> None:
        checkouts.append(1)

    def after_execute(_conn, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.split()))

    sa.event.listen(engine.pool, "checkout", on_checkout)
    sa.event.listen(engine, "after_cursor_execute", after_execute)
    try:
        assert learner.front().status == 200
        assert len(checkouts) == 1
        assert learner.rate(3).status == 200
        assert len(checkouts) == 2
    finally:
        sa.event.remove(engine.pool, "checkout", on_checkout)
        sa.event.remove(engine, "after_cursor_execute", after_execute)
    log_inserts = [text for text in statements if text.startswith("INSERT INTO review_log")]
    card_writes = [text for text in statements if text.startswith(("INSERT INTO card ", "UPDATE card SET"))]
    assert len(log_inserts) == 1 and len(card_writes) == 1, statements


def test_the_latest_rating_is_found_from_the_learners_own_index_range(app, learner: Learner, db, clock):
    # Every study request reads the learner's latest rating (for undo). It must come from the
    # index (user_id, deck_id, id), not from walking the whole log backwards past other learners'
    # later ratings: here each of two learners rated 1,000 cards once, one learner all before the
    # other (judging by how common each learner is in the log, PostgreSQL's planner expected such
    # a walk to meet one of the learner's ratings within a few rows).
    learner.front()
    ada = db.exec(select(User).where(User.email == "ada@example.org")).one()
    other = User(email="other@example.org", password_hash="x")
    db.add(other)
    db.commit()
    make_deck(db, "big", ada, seen=1000, unseen=0, due_now=0, now=clock.now)
    deck = db.exec(select(Deck).where(Deck.slug == "big")).one()
    connection = db.connection()
    connection.execute(sa.text(
        "INSERT INTO card (user_id, question_id, deck_id, state, stability, difficulty, due, last_review, reps, "
        "lapses, version) SELECT :other, question_id, deck_id, state, stability, difficulty, due, last_review, "
        "reps, lapses, version FROM card WHERE user_id = :ada ORDER BY id"), {"other": other.id, "ada": ada.id})
    rate_all = sa.text(
        "INSERT INTO review_log (card_id, user_id, deck_id, question_id, rating, reviewed_at, study_day, "
        "state_before, state_after, due_after, card_before) SELECT id, user_id, deck_id, question_id, 3, "
        "last_review, :day, 2, 2, due, :before FROM card WHERE user_id = :user ORDER BY id"
    ).bindparams(sa.bindparam("before", type_=sa.JSON()), sa.bindparam("day", type_=sa.Date()))
    before = scheduling.snapshot(scheduling.new_card_fields())  # (each log row keeps the card's prior state)
    for user in (ada, other):
        connection.execute(rate_all, {"user": user.id, "day": clock.now.date(), "before": before})
    latest = db.exec(select(func.max(ReviewLog.id)).where(ReviewLog.user_id == ada.id)).one()
    db.commit()
    engine = app.extensions["quizgen_engine"]
    keys = {"user": ada.id, "deck": deck.id}
    compiled = queue._LATEST_RATING.compile(dialect=engine.dialect)
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            # As autovacuum would leave the table; and the plan the app's connections use: one
            # generic plan for any learner (db.py).
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE review_log")
            numbered = str(compiled)
            for number, name in enumerate(keys, start=1):
                numbered = numbered.replace(f"%({name})s", f"${number}")
            connection.exec_driver_sql(f"PREPARE latest AS {numbered}")
            explained = connection.exec_driver_sql(f"EXPLAIN EXECUTE latest({keys['user']}, {keys['deck']})")
        else:
            connection.exec_driver_sql("ANALYZE")
            explained = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                                   tuple(keys[name] for name in compiled.positiontup))
        plan = "\n".join(" ".join(str(value) for value in row) for row in explained)
        found = connection.execute(queue._LATEST_RATING, keys).scalar()
    # (the primary key may find the one row by its id, but not be walked; nor the table scanned)
    assert "ix_review_log_user_deck_id" in plan, plan
    assert "Backward using review_log_pkey" not in plan and "SCAN review_log" not in plan, plan
    assert found == latest
