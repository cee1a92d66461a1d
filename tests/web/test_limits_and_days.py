"""Daily limits for new cards and reviews, and the day rolling over at 4 AM local time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from webapp.models import DeckSettings, Question, ReviewLog

from webapp_support import Learner, signup


def set_limits(learner: Learner, *, new: int = 20, reviews: int = 200, retention: str = "0.90"):
    response = learner.client.post("/decks/mini/settings", data={
        "new_per_day": new, "reviews_per_day": reviews, "desired_retention": retention})
    assert response.status_code == 303


def in_days(interval: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(m|h|d|mo|y)", interval).groups()
    return float(number) * {"m": 1 / 1440, "h": 1 / 24, "d": 1, "mo": 30, "y": 365}[unit]


def study_all(learner: Learner, rating: int) -> int:
    """Rate every card the session offers with ``rating``; return how many were rated."""
    rated = 0
    while not learner.front().done:
        learner.reveal()
        learner.rate(rating)
        rated += 1
        assert rated < 50, "the session never ends"
    return rated


def test_new_cards_per_day_limit(learner: Learner, clock):
    set_limits(learner, new=2)
    assert learner.front().counts == (2, 0, 0)
    assert study_all(learner, 4) == 2
    assert learner.page.counts == (0, 0, 0) and "Done for today" in learner.page.html
    clock.advance(days=1)
    assert learner.front().counts[0] == 2


def test_reviews_per_day_limit(learner: Learner, clock):
    assert study_all(learner, 4) == 5  # all five graduate straight to review
    set_limits(learner, reviews=2)
    clock.advance(days=60)
    assert learner.front().counts == (0, 0, 2)
    assert study_all(learner, 3) == 2
    assert learner.page.counts == (0, 0, 0)
    set_limits(learner, reviews=200)
    assert learner.front().counts == (0, 0, 3)


def test_the_review_count_under_a_limit_leaves_out_retired_questions(learner: Learner, clock, db):
    # Review cards due are counted only as far as the page can show (the reviews left today),
    # and as far again as the retired questions' due cards, which come off the count.
    assert study_all(learner, 4) == 5
    clock.advance(days=60)
    question = db.exec(select(Question).order_by(Question.position)).first()
    question.retired = True
    db.commit()
    for limit, shown in ((2, 2), (3, 3), (4, 4), (5, 4), (200, 4)):
        set_limits(learner, reviews=limit)
        assert learner.front().counts == (0, 0, shown), limit


def test_lowering_a_limit_below_what_was_done_counts_zero_not_negative(learner: Learner, clock):
    # Cards remain in both queues, but the day's work is past the lowered limits: none is offered.
    set_limits(learner, new=3)
    assert study_all(learner, 4) == 3
    set_limits(learner, new=1)
    page = learner.front()
    assert page.counts == (0, 0, 0) and page.done
    clock.advance(days=1)
    set_limits(learner, new=20)
    assert study_all(learner, 4) == 2  # the two left over
    clock.advance(days=60)
    set_limits(learner, reviews=3)
    assert study_all(learner, 3) == 3
    set_limits(learner, reviews=1)
    page = learner.front()
    assert page.counts == (0, 0, 0) and page.done
    set_limits(learner, reviews=200)
    assert learner.front().counts == (0, 0, 2)


def test_day_rolls_over_at_4am_in_the_learners_time_zone(app, clock):
    new_york = ZoneInfo("America/New_York")
    client = app.test_client()
    signup(client, "ny@example.org", timezone="America/New_York")
    learner = Learner(client)
    set_limits(learner, new=1)
    clock.set(datetime(2026, 3, 11, 3, 30, tzinfo=new_york).astimezone(UTC))
    assert study_all(learner, 4) == 1
    clock.set(datetime(2026, 3, 11, 3, 59, tzinfo=new_york).astimezone(UTC))
    assert learner.front().counts[0] == 0  # still the day that began on 10 March at 4 AM
    clock.set(datetime(2026, 3, 11, 4, 0, tzinfo=new_york).astimezone(UTC))
    assert learner.front().counts[0] == 1


def test_the_same_moment_is_a_different_study_day_in_another_zone(app, clock):
    client = app.test_client()
    signup(client, "tokyo@example.org", timezone="Asia/Tokyo")
    learner = Learner(client)
    clock.set(datetime(2026, 3, 10, 20, 0, tzinfo=UTC))  # 05:00 on 11 March in Tokyo
    learner.front()
    learner.reveal()
    learner.rate(3)
    with app.app_context():
        from webapp.db import get_session
        log = get_session().exec(select(ReviewLog)).one()
    assert log.study_day == date(2026, 3, 11)


def test_settings_page_and_validation(learner: Learner, db):
    page = learner.client.get("/decks/mini/settings")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="new_per_day"' in html and 'value="20"' in html
    bad = learner.client.post("/decks/mini/settings", data={
        "new_per_day": -1, "reviews_per_day": 10, "desired_retention": "1.5"})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.get_data(as_text=True)
    assert db.exec(select(DeckSettings)).first() is None
    set_limits(learner, new=7, reviews=70, retention="0.85")
    saved = db.exec(select(DeckSettings)).one()
    assert (saved.new_per_day, saved.reviews_per_day, saved.desired_retention) == (7, 70, pytest.approx(0.85))


def test_settings_belong_to_one_learner(app, learner: Learner):
    set_limits(learner, new=1)
    other = app.test_client()
    signup(other, "grace@example.org")
    assert Learner(other).front().counts[0] == 5


def test_desired_retention_changes_intervals(learner: Learner, clock):
    study_all(learner, 4)
    clock.advance(days=60)
    set_limits(learner, retention="0.80")
    learner.front()
    relaxed = learner.reveal().intervals[3]
    set_limits(learner, retention="0.97")
    learner.front()
    strict = learner.reveal().intervals[3]
    assert in_days(strict) < in_days(relaxed)  # remembering more surely needs earlier reviews
