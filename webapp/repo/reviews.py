"""The study queue, recording ratings and undoing them.

Which card comes next: learning cards that are due, then review cards due
today (up to the daily review limit), then new cards (up to the daily new
limit), then learning cards due within the next few minutes, so a session can
finish without waiting. The card just rated is skipped while any other card
is available.

A rating is written in one transaction with the card's new schedule, and only
if the card is still at the version the learner was shown; a repeated or stale
submission raises ``StaleCard`` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fsrs import Rating, State
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from .. import scheduling
from ..models import Card, Deck, Question, ReviewLog, User
from .decks import get_question, get_settings

LEARN_AHEAD = timedelta(minutes=20)  # Anki's default: finish a session without waiting
LEARNING_STATES = (int(State.Learning), int(State.Relearning))


class StaleCard(Exception):
    """The card changed since it was shown (already rated, undone, or rated elsewhere)."""


class NothingToUndo(Exception):
    pass


@dataclass(frozen=True)
class Counts:
    new: int
    learning: int
    due: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.due


@dataclass(frozen=True)
class Presentation:
    """A question as it is to be shown, with the card version that rating it must match."""

    question: Question
    card: Card | None

    @property
    def version(self) -> int:
        return self.card.version if self.card else 0

    @property
    def fields(self) -> dict:
        if self.card is None:
            return scheduling.new_card_fields()
        return {name: getattr(self.card, name) for name in scheduling.CARD_FIELDS}


def _active_cards(user: User, deck: Deck):
    return (select(Card).join(Question, col(Question.id) == Card.question_id)
            .where(Card.user_id == user.id, Card.deck_id == deck.id,
                   Question.retired == False))  # noqa: E712


def _unseen_questions(user: User, deck: Deck):
    seen = select(Card.question_id).where(Card.user_id == user.id, Card.deck_id == deck.id,
                                          Card.state != scheduling.NEW)
    return select(Question).where(Question.deck_id == deck.id, Question.retired == False,  # noqa: E712
                                  col(Question.id).not_in(seen))


def _done_today(user: User, deck: Deck, day: date, state_before: int, *, session: Session) -> int:
    return session.exec(select(func.count()).select_from(ReviewLog).where(
        ReviewLog.user_id == user.id, ReviewLog.deck_id == deck.id,
        ReviewLog.study_day == day, ReviewLog.state_before == state_before)).one()


def _remaining_limits(user: User, deck: Deck, now: datetime, *, session: Session) -> tuple[int, int]:
    settings = get_settings(user, deck, session=session)
    day = scheduling.study_day(now, scheduling.zone(user.timezone))
    new_left = settings.new_per_day - _done_today(user, deck, day, scheduling.NEW, session=session)
    reviews_left = settings.reviews_per_day - _done_today(user, deck, day, int(State.Review),
                                                          session=session)
    return max(0, new_left), max(0, reviews_left)


def counts(user: User, deck: Deck, now: datetime, *, session: Session) -> Counts:
    """New cards left today, learning cards due today, review cards left today."""
    _day, _start, end = scheduling.day_bounds(now, scheduling.zone(user.timezone))
    new_left, reviews_left = _remaining_limits(user, deck, now, session=session)

    def count(query) -> int:
        return session.exec(select(func.count()).select_from(query.subquery())).one()

    unseen = count(_unseen_questions(user, deck))
    learning = count(_active_cards(user, deck).where(col(Card.state).in_(LEARNING_STATES),
                                                     col(Card.due) < end))
    due = count(_active_cards(user, deck).where(Card.state == int(State.Review), col(Card.due) < end))
    return Counts(new=min(unseen, new_left), learning=learning, due=min(due, reviews_left))


def card_for(user: User, question: Question, *, session: Session) -> Card | None:
    return session.exec(select(Card).where(Card.user_id == user.id,
                                           Card.question_id == question.id)).first()


def present(user: User, question: Question, *, session: Session) -> Presentation:
    return Presentation(question, card_for(user, question, session=session))


def next_card(user: User, deck: Deck, now: datetime, *, learn_ahead: timedelta = LEARN_AHEAD,
              session: Session) -> Presentation | None:
    _day, _start, end = scheduling.day_bounds(now, scheduling.zone(user.timezone))
    new_left, reviews_left = _remaining_limits(user, deck, now, session=session)
    candidates: list[Presentation] = []

    def add_cards(query, limit: int = 2) -> None:
        rows = session.exec(query.order_by(Card.due, Card.id).limit(limit)).all()
        questions = {q.id: q for q in session.exec(
            select(Question).where(col(Question.id).in_([c.question_id for c in rows])))}
        candidates.extend(Presentation(questions[c.question_id], c) for c in rows)

    add_cards(_active_cards(user, deck).where(col(Card.state).in_(LEARNING_STATES), col(Card.due) <= now))
    if reviews_left:
        add_cards(_active_cards(user, deck).where(Card.state == int(State.Review), col(Card.due) < end),
                  min(2, reviews_left))
    if new_left:
        for question in session.exec(_unseen_questions(user, deck)
                                     .order_by(Question.position, Question.id).limit(min(2, new_left))):
            candidates.append(present(user, question, session=session))
    add_cards(_active_cards(user, deck).where(col(Card.state).in_(LEARNING_STATES),
                                              col(Card.due) <= now + learn_ahead))
    if not candidates:
        return None
    last = last_review(user, deck, session=session)
    for candidate in candidates:
        if last is None or candidate.question.id != last.question_id:
            return candidate
    return candidates[0]


def next_learning_due(user: User, deck: Deck, now: datetime, *, session: Session) -> datetime | None:
    """When the next learning card comes back today, for the 'come back later' message."""
    _day, _start, end = scheduling.day_bounds(now, scheduling.zone(user.timezone))
    learning = _active_cards(user, deck).where(col(Card.state).in_(LEARNING_STATES),
                                               col(Card.due) < end).subquery()
    return session.exec(select(func.min(learning.c.due))).one()


def last_review(user: User, deck: Deck, *, session: Session) -> ReviewLog | None:
    return session.exec(select(ReviewLog).where(ReviewLog.user_id == user.id,
                                                ReviewLog.deck_id == deck.id)
                        .order_by(col(ReviewLog.id).desc()).limit(1)).first()


def record_review(user: User, deck: Deck, question_id: int, *, version: int, rating: int,
                  now: datetime, answer_given: str | None = None, correct: bool | None = None,
                  session: Session) -> ReviewLog:
    """Rate the card shown at ``version``; raise StaleCard if it is no longer at that version."""
    question = get_question(deck, question_id, session=session)
    if question is None:
        raise LookupError(question_id)
    shown = present(user, question, session=session)
    if shown.version != version:
        raise StaleCard(question_id)
    before = shown.fields
    settings = get_settings(user, deck, session=session)
    outcome = scheduling.review(before, Rating(rating), now, card_id=question.id,
                                desired_retention=settings.desired_retention)
    try:
        if shown.card is None:
            card = Card(user_id=user.id, question_id=question.id, deck_id=deck.id,
                        version=1, **outcome.fields)
            session.add(card)
            session.flush()  # a concurrent first rating of the same card fails here
        else:
            card = shown.card
            _update_if_version(card, version, outcome.fields, session=session)
        log = ReviewLog(card_id=card.id, user_id=user.id, deck_id=deck.id, question_id=question.id,
                        rating=rating, reviewed_at=now,
                        study_day=scheduling.study_day(now, scheduling.zone(user.timezone)),
                        state_before=before["state"], state_after=outcome.fields["state"],
                        due_after=outcome.fields["due"], card_before=scheduling.snapshot(before),
                        answer_given=answer_given, correct=correct)
        session.add(log)
        session.commit()
    except (IntegrityError, StaleCard):
        session.rollback()
        raise StaleCard(question_id) from None
    return log


def _update_if_version(card: Card, version: int, fields: dict, *, session: Session) -> None:
    result = session.execute(update(Card).where(col(Card.id) == card.id, Card.version == version)
                             .values(version=version + 1, **fields))
    if result.rowcount != 1:
        raise StaleCard(card.question_id)
    session.refresh(card)


def undo_review(user: User, deck: Deck, review_id: int, *, session: Session) -> Question:
    """Undo the learner's latest rating in this deck, if it is ``review_id``; the card returns
    to exactly the state it had before, and the log row goes."""
    log = last_review(user, deck, session=session)
    if log is None or log.id != review_id:
        raise NothingToUndo(review_id)
    card = session.get(Card, log.card_id)
    try:
        _update_if_version(card, card.version, scheduling.restore(log.card_before), session=session)
        session.delete(log)
        session.commit()
    except StaleCard:
        session.rollback()
        raise NothingToUndo(review_id) from None
    return session.get(Question, log.question_id)
