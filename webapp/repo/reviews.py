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
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from .. import scheduling
from ..answering import judge
from ..models import Card, Deck, DeckSettings, Question, ReviewLog, User
from . import new_cards, queue


class StaleCard(Exception):
    """The card changed since it was shown (already rated, undone, or rated elsewhere)."""


class NoSuchQuestion(Exception):
    """No active question of the deck has that id."""


class NothingToUndo(Exception):
    pass


# A rating's log row, one INSERT: nothing reads it back in the request, so no ORM object is made
# and tracked for it (the card is one: its UPDATE checks its version).
_LOG_ROW = insert(ReviewLog)


def record_review(user: User, deck: Deck, question_id: int, *, version: int, rating: int, given: str,
                  choice: int | None, now: datetime, settings: DeckSettings, session: Session) -> None:
    """Rate the learner's card of question ``question_id`` (an active question of ``deck``), which
    they saw at ``version``, with their answer (``given`` typed, or option ``choice``) judged and
    kept. Raises NoSuchQuestion, or StaleCard if the card is no longer at that version."""
    shown = queue.present_by_id(user, deck, question_id, session=session)
    if shown is None:
        raise NoSuchQuestion(question_id)
    if shown.version != version:
        raise StaleCard(question_id)
    question, before = shown.question, shown.fields
    verdict = judge(question, given=given, choice=choice, user_id=user.id)
    after = scheduling.review(before, Rating(rating), now, card_id=question.id,
                              desired_retention=settings.desired_retention)
    card = shown.card or Card(user_id=user.id, question_id=question.id, deck_id=deck.id)
    for name, value in after.items():
        setattr(card, name, value)
    session.add(card)
    try:
        session.flush()  # a concurrent rating: the UPDATE matches no row, or a second first INSERT fails
    except (StaleDataError, IntegrityError):
        session.rollback()
        raise StaleCard(question.id) from None
    session.connection().execute(_LOG_ROW, {
        "card_id": card.id, "user_id": user.id, "deck_id": deck.id, "question_id": question.id, "rating": rating,
        "reviewed_at": now, "study_day": scheduling.study_day(now, scheduling.zone(user.timezone)),
        "state_before": before["state"], "state_after": after["state"], "due_after": after["due"],
        "card_before": scheduling.snapshot(before), "answer_given": verdict.given or None,
        "correct": verdict.correct})
    new_cards.catch_up(user, deck, rated_new=before["state"] == scheduling.NEW, session=session)


def undo_review(user: User, deck: Deck, review_id: int, *, session: Session) -> int:
    """Undo the learner's latest rating in this deck, if it is ``review_id``: the card returns to
    exactly the state it had before, and the log row goes. Returns the card's question id."""
    if queue.latest_rating_id(user, deck, session=session) != review_id:
        raise NothingToUndo(review_id)
    log = session.get_one(ReviewLog, review_id)
    card = session.get_one(Card, log.card_id)
    for name, value in scheduling.restore(log.card_before).items():
        setattr(card, name, value)
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise NothingToUndo(review_id) from None
    question_id = log.question_id
    if log.state_before == scheduling.NEW:
        position = session.get_one(Question, question_id).position
        new_cards.question_new_again(user, deck, position, session=session)
    session.delete(log)
    session.flush()
    return question_id
