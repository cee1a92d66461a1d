"""The study queue: what a learner has done today, what is due, and which card comes next.

Which card comes next: learning cards that are due, then review cards due
today (up to the daily review limit), then new cards (up to the daily new
limit, in the deck's rank order), then learning cards due within the next few
minutes, so a session can finish without waiting. The card just rated, and its
siblings (questions of the same ``siblings`` group: the same fact or
sentence), come only when no other card is available.

Each query is a short function that reads one thing, so that it can be run
(and EXPLAINed) on its own; ``study_view`` puts them together for a page. The
covering indexes they rely on are named in ``models.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fsrs import State
from sqlalchemy import and_, case, func, or_, true
from sqlmodel import Session, col, select

from .. import scheduling
from ..models import Card, Deck, DeckSettings, Question, ReviewLog, User
from . import new_cards

LEARN_AHEAD = timedelta(minutes=20)  # Anki's default: finish a session without waiting
LEARNING_STATES = (int(State.Learning), int(State.Relearning))


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
    """A question as it is to be shown, with the learner's card (None before the first rating)."""

    question: Question
    card: Card | None

    @property
    def version(self) -> int:
        """The card version that rating this presentation must match."""
        return self.card.version if self.card else 0

    @property
    def fields(self) -> dict[str, Any]:
        if self.card is None:
            return scheduling.new_card_fields()
        return {name: getattr(self.card, name) for name in scheduling.CARD_FIELDS}


@dataclass(frozen=True)
class StudyView:
    """Everything a study page shows: the card (or None when done), counts, the rating to undo."""

    shown: Presentation | None
    counts: Counts
    last: ReviewLog | None
    learning_due_next: datetime | None


# --- the named queries ---------------------------------------------------------------------------

def done_today(user: User, deck: Deck, day: date, *, session: Session) -> tuple[int, int]:
    """New cards rated for the first time and review cards rated on the learner's ``day``: what
    the daily limits count (index ix_review_log_user_deck_day_state)."""
    new, reviews = session.exec(select(
        func.count(case((ReviewLog.state_before == scheduling.NEW, 1))),
        func.count(case((ReviewLog.state_before == int(State.Review), 1))),
    ).where(ReviewLog.user_id == user.id, ReviewLog.deck_id == deck.id, ReviewLog.study_day == day)).one()
    return new, reviews


def _active_cards(user: User, deck: Deck, *states: int):
    """The learner's cards in ``states`` of the deck's active questions, with those questions."""
    return (select(Question, Card).join(Card, col(Card.question_id) == Question.id)
            .where(Card.user_id == user.id, Card.deck_id == deck.id, col(Card.state).in_(states),
                   Question.retired == False))  # noqa: E712


def learning_due_today(user: User, deck: Deck, end: datetime, *, session: Session
                       ) -> tuple[int, datetime | None]:
    """How many learning cards are due before ``end`` (the day's end), and the first one's due."""
    statement = _active_cards(user, deck, *LEARNING_STATES).where(col(Card.due) < end)
    number, first = session.exec(statement.with_only_columns(func.count(), func.min(Card.due))).one()
    return number, first


def reviews_due_today(user: User, deck: Deck, end: datetime, *, at_most: int, session: Session) -> int:
    """How many review cards are due before ``end``, counted no further than ``at_most`` (a page
    shows no more than the reviews left today; a backlog of thousands is not read through)."""
    due = (_active_cards(user, deck, int(State.Review)).where(col(Card.due) < end)
           .with_only_columns(col(Card.id)).limit(at_most).subquery())
    return session.exec(select(func.count()).select_from(due)).one()


def unseen_on_offer(user: User, deck: Deck, start: int, *, at_most: int, session: Session) -> int:
    """How many unseen questions are on offer: counted from the cursor ``start``, at most ``at_most``."""
    unseen = (select(Question.id).where(new_cards.is_unseen(user, deck, start))
              .order_by(*new_cards.DECK_ORDER).limit(at_most).subquery())
    return session.exec(select(func.count()).select_from(unseen)).one()


def latest_rating(user: User, deck: Deck, *, session: Session) -> tuple[ReviewLog, str | None] | None:
    """The learner's latest rating in the deck (for undo), with its question's siblings group.
    Its id comes from the index (user_id, deck_id, id) alone, then its row."""
    latest = (select(func.max(ReviewLog.id))
              .where(ReviewLog.user_id == user.id, ReviewLog.deck_id == deck.id).scalar_subquery())
    row = session.exec(select(ReviewLog, Question.siblings)
                       .join(Question, col(Question.id) == ReviewLog.question_id)
                       .where(ReviewLog.id == latest)).first()
    return (row[0], row[1]) if row else None


def _apart_from(last: tuple[ReviewLog, str | None] | None):
    """SQL: the question is not the one just rated, nor a sibling of it (a question without a
    siblings group has none)."""
    if last is None:
        return true()
    log, siblings = last
    apart = col(Question.id) != log.question_id
    if siblings is None:
        return apart
    return and_(apart, or_(col(Question.siblings).is_(None), Question.siblings != siblings))


def _first(statement, *, session: Session) -> Presentation | None:
    row = session.exec(statement.limit(1)).first()
    return Presentation(row[0], row[1]) if row else None


def next_learning(user: User, deck: Deck, by: datetime, *, where: Any, session: Session
                  ) -> Presentation | None:
    """The learning (or relearning) card due first, if one is due by ``by`` and meets ``where``."""
    return _first(_active_cards(user, deck, *LEARNING_STATES).where(col(Card.due) <= by, where)
                  .order_by(col(Card.due), col(Card.id)), session=session)


def next_review(user: User, deck: Deck, end: datetime, *, where: Any, session: Session
                ) -> Presentation | None:
    """The review card due first, if one is due before ``end`` and meets ``where`` (index
    card (user_id, deck_id, state, due), read in order)."""
    return _first(_active_cards(user, deck, int(State.Review)).where(col(Card.due) < end, where)
                  .order_by(col(Card.due), col(Card.id)), session=session)


def next_new(user: User, deck: Deck, start: int, *, where: Any, session: Session
             ) -> Presentation | None:
    """The first unseen question from the cursor ``start`` that meets ``where``, with the learner's
    card if one exists (a first rating that was undone leaves a card in the new state)."""
    return _first(select(Question, Card)
                  .outerjoin(Card, and_(col(Card.user_id) == user.id, col(Card.question_id) == Question.id))
                  .where(new_cards.is_unseen(user, deck, start), where)
                  .order_by(*new_cards.DECK_ORDER), session=session)


def present(user: User, question: Question, *, session: Session) -> Presentation:
    """``question`` with the learner's card."""
    card = session.exec(select(Card).where(Card.user_id == user.id, Card.question_id == question.id)).first()
    return Presentation(question, card)


# --- the study page -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Left:
    """What is left today: reviews and new cards under the daily limits, where new cards start."""

    reviews: int
    new: int
    start: int


def choose_next(user: User, deck: Deck, now: datetime, end: datetime, soon: datetime, left: _Left,
                last: tuple[ReviewLog, str | None] | None, *, session: Session) -> Presentation | None:
    """The next card in the queue's order, first among cards apart from the one just rated (and
    its siblings), then, if there is none, among all."""
    for where in ([_apart_from(last)] if last else []) + [true()]:
        learning = next_learning(user, deck, soon, where=where, session=session)
        if learning is not None and learning.fields["due"] <= now:
            return learning
        review = next_review(user, deck, end, where=where, session=session) if left.reviews else None
        new = next_new(user, deck, left.start, where=where, session=session) if left.new and not review else None
        chosen = review or new or learning
        if chosen is not None:
            return chosen
    return None


def study_view(user: User, deck: Deck, now: datetime, *, settings: DeckSettings, session: Session,
               learn_ahead: timedelta | None = LEARN_AHEAD, shown: Presentation | None = None) -> StudyView:
    """The counts, the latest rating and the card to show: ``shown`` if given, else the next card
    of the queue (``learn_ahead=None``: none, for pages that show only the counts)."""
    day, _start, end = scheduling.day_bounds(now, scheduling.zone(user.timezone))
    new_done, reviews_done = done_today(user, deck, day, session=session)
    new_left = max(0, settings.new_per_day - new_done)
    left = _Left(reviews=max(0, settings.reviews_per_day - reviews_done), new=new_left,
                 start=new_cards.start(user, deck, session=session) if new_left else 0)
    learning, learning_due_next = learning_due_today(user, deck, end, session=session)
    counts = Counts(new=unseen_on_offer(user, deck, left.start, at_most=left.new, session=session) if left.new else 0,
                    learning=learning,
                    due=reviews_due_today(user, deck, end, at_most=left.reviews, session=session))
    last = latest_rating(user, deck, session=session)
    if shown is None and learn_ahead is not None:
        soon = now + max(learn_ahead, timedelta(0))
        shown = choose_next(user, deck, now, end, soon, left, last, session=session)
    return StudyView(shown, counts, last[0] if last else None, learning_due_next)


def counts(user: User, deck: Deck, now: datetime, *, settings: DeckSettings, session: Session) -> Counts:
    """New cards left today, learning cards due today, review cards left today."""
    return study_view(user, deck, now, settings=settings, learn_ahead=None, session=session).counts
