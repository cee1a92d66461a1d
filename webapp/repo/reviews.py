"""Recording a rating, and undoing the latest one.

A rating moves the card on only from the version the learner was shown: the
page echoes that version back, and the card's UPDATE matches only the version
it read (``Card.version`` is SQLAlchemy's version counter), so a repeated or
stale submission raises ``StaleCard`` and changes nothing. Both functions
write in the request's transaction, which the request's session commits when
the request ends (``db.get_session``); the page that follows reads in the same
transaction.
"""

from __future__ import annotations

from datetime import datetime

from fsrs import Rating
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from .. import scheduling
from ..models import Card, Deck, DeckSettings, Question, ReviewLog, User
from . import new_cards
from .queue import Presentation, latest_rating


class StaleCard(Exception):
    """The card changed since it was shown (already rated, undone, or rated elsewhere)."""


class NothingToUndo(Exception):
    pass


def record_review(user: User, deck: Deck, shown: Presentation, *, version: int, rating: int, now: datetime,
                  settings: DeckSettings, answer_given: str | None = None, correct: bool | None = None,
                  session: Session) -> ReviewLog:
    """Rate the card of ``shown`` (the question with the learner's card as read now), which the
    learner saw at ``version``; raise StaleCard if the card is no longer at that version."""
    question = shown.question
    if shown.version != version:
        raise StaleCard(question.id)
    before = shown.fields
    outcome = scheduling.review(before, Rating(rating), now, card_id=question.id,
                                desired_retention=settings.desired_retention)
    card = shown.card or Card(user_id=user.id, question_id=question.id, deck_id=deck.id)
    for name, value in outcome.fields.items():
        setattr(card, name, value)
    session.add(card)
    try:
        session.flush()  # a concurrent rating: the UPDATE matches no row, or a second first INSERT fails
    except (StaleDataError, IntegrityError):
        session.rollback()
        raise StaleCard(question.id) from None
    log = ReviewLog(card_id=card.id, user_id=user.id, deck_id=deck.id, question_id=question.id, rating=rating,
                    reviewed_at=now, study_day=scheduling.study_day(now, scheduling.zone(user.timezone)),
                    state_before=before["state"], state_after=outcome.fields["state"],
                    due_after=outcome.fields["due"], card_before=scheduling.snapshot(before),
                    answer_given=answer_given, correct=correct)
    session.add(log)
    session.flush()  # (the queries that follow read on the session's connection, past the ORM)
    new_cards.catch_up(user, deck, rated_new=before["state"] == scheduling.NEW, session=session)
    return log


def undo_review(user: User, deck: Deck, review_id: int, *, session: Session) -> Question:
    """Undo the learner's latest rating in this deck, if it is ``review_id``: the card returns to
    exactly the state it had before, and the log row goes. Returns the card's question."""
    last = latest_rating(user, deck, session=session)
    if last is None or last.id != review_id:
        raise NothingToUndo(review_id)
    log = session.get_one(ReviewLog, last.id)
    card = session.get_one(Card, log.card_id)
    for name, value in scheduling.restore(log.card_before).items():
        setattr(card, name, value)
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise NothingToUndo(review_id) from None
    question = session.get_one(Question, log.question_id)
    if log.state_before == scheduling.NEW:
        new_cards.question_new_again(user, deck, question.position, session=session)
    session.delete(log)
    session.flush()
    return question
