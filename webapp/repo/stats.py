"""Figures for a learner's statistics page, one deck at a time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fsrs import Rating, State
from sqlalchemy import case, func
from sqlmodel import Session, col, select

from .. import scheduling
from ..models import Card, Deck, Question, ReviewLog, User


@dataclass(frozen=True)
class HardQuestion:
    question: Question
    reviews: int
    agains: int
    lapses: int

    @property
    def again_rate(self) -> float:
        return self.agains / self.reviews if self.reviews else 0.0


@dataclass(frozen=True)
class Summary:
    reviews: int
    cards_seen: int
    retention: float | None  # share of review-state cards recalled (not rated Again)


def reviews_per_day(user: User, deck: Deck, first_day: date, last_day: date, *,
                    session: Session) -> dict[date, int]:
    rows = session.exec(select(ReviewLog.study_day, func.count())
                        .where(ReviewLog.user_id == user.id, ReviewLog.deck_id == deck.id,
                               ReviewLog.study_day >= first_day, ReviewLog.study_day <= last_day)
                        .group_by(ReviewLog.study_day)).all()
    return {day: number for day, number in rows}


def due_forecast(user: User, deck: Deck, now: datetime, *, days: int = 30,
                 session: Session) -> list[tuple[date, int]]:
    """Cards falling due on each of the next ``days`` study days; overdue ones count today."""
    tz = scheduling.zone(user.timezone)
    today = scheduling.study_day(now, tz)
    horizon = scheduling.day_start(today + timedelta(days=days), tz)
    # (a card seen and not suspended: state above NEW)
    dues = session.exec(select(Card.due).join(Question, col(Question.id) == Card.question_id)
                        .where(Card.user_id == user.id, Card.deck_id == deck.id,
                               Card.state > scheduling.NEW, Question.retired == False,  # noqa: E712
                               col(Card.due) < horizon)).all()
    # (the query leaves out cards without a due date: NULL < horizon is not true)
    per_day = Counter(max(today, scheduling.study_day(due, tz)) for due in dues if due is not None)
    return [(today + timedelta(days=n), per_day.get(today + timedelta(days=n), 0)) for n in range(days)]


def retention_by_week(user: User, deck: Deck, now: datetime, *, weeks: int = 12,
                      session: Session) -> list[tuple[date, int, int]]:
    """(Monday, reviews of review-state cards, of those recalled) for the last ``weeks`` weeks."""
    today = scheduling.study_day(now, scheduling.zone(user.timezone))
    first_monday = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    rows = session.exec(select(ReviewLog.study_day, ReviewLog.rating)
                        .where(ReviewLog.user_id == user.id, ReviewLog.deck_id == deck.id,
                               ReviewLog.state_before == int(State.Review),
                               ReviewLog.study_day >= first_monday)).all()
    totals: Counter[date] = Counter()
    recalled: Counter[date] = Counter()
    for day, rating in rows:
        monday = day - timedelta(days=day.weekday())
        totals[monday] += 1
        recalled[monday] += rating != Rating.Again
    mondays = [first_monday + timedelta(days=7 * n) for n in range(weeks)]
    return [(monday, totals[monday], recalled[monday]) for monday in mondays]


def hardest_questions(user: User, deck: Deck, *, limit: int = 10,
                      session: Session) -> list[HardQuestion]:
    agains = func.sum(case((ReviewLog.rating == int(Rating.Again), 1), else_=0))
    rows = session.exec(select(Question, func.count(col(ReviewLog.id)), agains, Card.lapses)
                        .join(ReviewLog, col(ReviewLog.question_id) == Question.id)
                        .join(Card, col(Card.id) == ReviewLog.card_id)
                        .where(ReviewLog.user_id == user.id, ReviewLog.deck_id == deck.id)
                        .group_by(col(Question.id), col(Card.id))
                        .having(agains > 0)).all()
    hard = [HardQuestion(question, reviews, int(again_count), lapses)
            for question, reviews, again_count, lapses in rows]
    hard.sort(key=lambda h: (-h.lapses, -h.again_rate, -h.reviews, h.question.position))
    return hard[:limit]


def summary(user: User, deck: Deck, *, session: Session) -> Summary:
    reviews, cards_seen = session.exec(
        select(func.count(col(ReviewLog.id)), func.count(func.distinct(ReviewLog.card_id)))
        .where(ReviewLog.user_id == user.id, ReviewLog.deck_id == deck.id)).one()
    return Summary(reviews=reviews, cards_seen=cards_seen,
                   retention=retention(ReviewLog.user_id == user.id, ReviewLog.deck_id == deck.id, session=session))


def retention(*where: Any, session: Session) -> float | None:
    """The share of the ratings of review-state cards (those ``where`` holds) that were not Again;
    None when there are none."""
    recalled, graded = session.exec(
        select(func.sum(case((ReviewLog.rating != int(Rating.Again), 1), else_=0)), func.count())
        .where(ReviewLog.state_before == int(State.Review), *where)).one()
    return recalled / graded if graded else None
