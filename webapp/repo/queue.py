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

from sqlalchemy import Date, Integer, and_, bindparam, text
from sqlmodel import Session, col, select

from .. import scheduling
from ..models import Card, Deck, DeckSettings, Question, User, UTCDateTime
from . import new_cards

LEARN_AHEAD = timedelta(minutes=20)  # Anki's default: finish a session without waiting


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
    last: LastRating | None
    learning_due_next: datetime | None


# --- the named queries ---------------------------------------------------------------------------
# Each is written in SQL that runs as it is on SQLite and PostgreSQL (``:name`` for parameters;
# the card states as numbers: 0 new, 1 learning, 2 review, 3 relearning).

_DONE_TODAY = text("""
    SELECT count(CASE WHEN state_before = 0 THEN 1 END) AS new, count(CASE WHEN state_before = 2 THEN 1 END) AS reviews
    FROM review_log
    WHERE user_id = :user AND deck_id = :deck AND study_day = :day
""").bindparams(bindparam("day", type_=Date))


def done_today(user: User, deck: Deck, day: date, *, session: Session) -> tuple[int, int]:
    """New cards rated for the first time and review cards rated on the learner's ``day``: what
    the daily limits count (index ix_review_log_user_deck_day_state)."""
    new, reviews = session.connection().execute(_DONE_TODAY, {"user": user.id, "deck": deck.id, "day": day}).one()
    return new, reviews


def _learning_cards(due: str) -> str:
    """SQL: ``learning``, the learner's learning and relearning cards whose due meets ``due``, each
    state from its own range of index card (user_id, deck_id, state, due). (Asked for as
    ``state IN (1, 3)``, SQLite's planner walks every due card instead; learning cards are few,
    those of today's first ratings and lapses.)"""
    return f"""WITH learning AS (
      SELECT card.id, card.question_id, card.due FROM card
      WHERE card.user_id = :user AND card.deck_id = :deck AND card.state = 1 AND {due}
      UNION ALL
      SELECT card.id, card.question_id, card.due FROM card
      WHERE card.user_id = :user AND card.deck_id = :deck AND card.state = 3 AND {due})"""


_LEARNING_DUE_TODAY = text(f"""
    {_learning_cards("card.due < :end")}
    SELECT count(*) AS number, min(learning.due) AS first_due
    FROM learning JOIN question ON question.id = learning.question_id
    WHERE question.retired = false
""").bindparams(bindparam("end", type_=UTCDateTime)).columns(number=Integer, first_due=UTCDateTime)


def learning_due_today(user: User, deck: Deck, end: datetime, *, session: Session
                       ) -> tuple[int, datetime | None]:
    """How many learning cards are due before ``end`` (the day's end), and the first one's due."""
    number, first_due = session.connection().execute(_LEARNING_DUE_TODAY, {
        "user": user.id, "deck": deck.id, "end": end}).one()
    return number, first_due


# Counted from the index card (user_id, deck_id, state, due) alone, no further than the page shows
# (the reviews left today): a backlog of thousands is not read through. The few review cards of
# retired questions are counted apart (``retired``) and taken off.
_REVIEWS_DUE_TODAY = text("""
    WITH retired AS (
      SELECT count(*) AS number
      FROM question JOIN card ON card.question_id = question.id AND card.user_id = :user
      WHERE question.deck_id = :deck AND question.retired = true AND card.state = 2 AND card.due < :end)
    SELECT (SELECT count(*) FROM (
              SELECT 1 FROM card
              WHERE card.user_id = :user AND card.deck_id = :deck AND card.state = 2 AND card.due < :end
              LIMIT :at_most + (SELECT number FROM retired)) AS due) AS due,
           (SELECT number FROM retired) AS retired
""").bindparams(bindparam("end", type_=UTCDateTime))


def reviews_due_today(user: User, deck: Deck, end: datetime, *, at_most: int, session: Session) -> int:
    """How many review cards are due before ``end``, counted no further than ``at_most``."""
    due, retired = session.connection().execute(_REVIEWS_DUE_TODAY, {"user": user.id, "deck": deck.id, "end": end,
                                                        "at_most": at_most}).one()
    return min(at_most, due - retired)


_UNSEEN_ON_OFFER = text(f"""
    SELECT count(*) FROM (SELECT 1 FROM question WHERE {new_cards.UNSEEN} LIMIT :at_most) AS unseen
""")


def unseen_on_offer(user: User, deck: Deck, start: int, *, at_most: int, session: Session) -> int:
    """How many unseen questions are on offer: counted from the cursor ``start``, at most ``at_most``."""
    return session.connection().execute(_UNSEEN_ON_OFFER, {"user": user.id, "deck": deck.id, "start": start,
                                              "at_most": at_most}).scalar_one()


@dataclass(frozen=True)
class LastRating:
    id: int
    question_id: int
    siblings: str | None  # the question's siblings group


_LATEST_RATING = text("""
    SELECT review_log.id, review_log.question_id, question.siblings
    FROM review_log JOIN question ON question.id = review_log.question_id
    WHERE review_log.id = (SELECT max(id) FROM review_log WHERE user_id = :user AND deck_id = :deck)
""")


def latest_rating(user: User, deck: Deck, *, session: Session) -> LastRating | None:
    """The learner's latest rating in the deck (for undo), with its question's siblings group. Its
    id comes from the index (user_id, deck_id, id) alone, then its row."""
    row = session.connection().execute(_LATEST_RATING, {"user": user.id, "deck": deck.id}).first()
    return LastRating(*row) if row else None


# The next card of each kind. ``:last_question`` and ``:last_siblings`` name the card just rated
# and its siblings group, to be passed over (NULL: pass over nothing; a question without a group
# has no siblings).
_APART = "NOT coalesce(question.id = :last_question OR question.siblings = :last_siblings, false)"
_NEXT_LEARNING = text(f"""
    {_learning_cards("card.due <= :by")}
    SELECT learning.question_id, learning.due
    FROM learning JOIN question ON question.id = learning.question_id
    WHERE question.retired = false AND {_APART}
    ORDER BY learning.due, learning.id
    LIMIT 1
""").bindparams(bindparam("by", type_=UTCDateTime)).columns(question_id=Integer, due=UTCDateTime)
_NEXT_REVIEW = text(f"""
    SELECT card.question_id
    FROM card JOIN question ON question.id = card.question_id
    WHERE card.user_id = :user AND card.deck_id = :deck AND card.state = 2 AND card.due < :end
      AND question.retired = false AND {_APART}
    ORDER BY card.due, card.id
    LIMIT 1
""").bindparams(bindparam("end", type_=UTCDateTime))
_NEXT_NEW = text(f"""
    SELECT question.id FROM question
    WHERE {new_cards.UNSEEN} AND {_APART}
    ORDER BY question.position, question.id
    LIMIT 1
""")


def _apart(user: User, deck: Deck, last: LastRating | None) -> dict[str, Any]:
    return {"user": user.id, "deck": deck.id, "last_question": last.question_id if last else None,
            "last_siblings": last.siblings if last else None}


def next_learning(user: User, deck: Deck, by: datetime, *, apart_from: LastRating | None, session: Session
                  ) -> tuple[int, datetime] | None:
    """The learning (or relearning) card due first, if one is due by ``by``: its question and due."""
    row = session.connection().execute(_NEXT_LEARNING, {**_apart(user, deck, apart_from), "by": by}).first()
    return (row[0], row[1]) if row else None


def next_review(user: User, deck: Deck, end: datetime, *, apart_from: LastRating | None, session: Session
                ) -> int | None:
    """The question of the review card due first, if one is due before ``end`` (index card
    (user_id, deck_id, state, due), read in order)."""
    return session.connection().execute(_NEXT_REVIEW, {**_apart(user, deck, apart_from), "end": end}).scalar()


def next_new(user: User, deck: Deck, start: int, *, apart_from: LastRating | None, session: Session
             ) -> int | None:
    """The first unseen question from the cursor ``start``."""
    return session.connection().execute(_NEXT_NEW, {**_apart(user, deck, apart_from), "start": start}).scalar()


def present(user: User, question: Question, *, session: Session) -> Presentation:
    """``question`` with the learner's card."""
    card = session.exec(select(Card).where(Card.user_id == user.id, Card.question_id == question.id)).first()
    return Presentation(question, card)


_WITH_CARD = (select(Question, Card)
              .outerjoin(Card, and_(col(Card.user_id) == bindparam("user"), col(Card.question_id) == Question.id))
              .where(Question.id == bindparam("question")))


def present_by_id(user: User, question_id: int, *, session: Session) -> Presentation | None:
    """The question ``question_id`` with the learner's card, in one statement (None: no such question)."""
    row = session.exec(_WITH_CARD, params={"user": user.id, "question": question_id}).first()
    return Presentation(row[0], row[1]) if row else None


# --- the study page -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Left:
    """What is left today: reviews and new cards under the daily limits, where new cards start."""

    reviews: int
    new: int
    start: int


def choose_next(user: User, deck: Deck, now: datetime, end: datetime, soon: datetime, left: _Left,
                last: LastRating | None, *, session: Session) -> int | None:
    """The question of the next card in the queue's order, first among cards apart from the one
    just rated (and its siblings), then, if there is none, among all."""
    for apart_from in ([last] if last else []) + [None]:
        learning = next_learning(user, deck, soon, apart_from=apart_from, session=session)
        if learning is not None and learning[1] <= now:
            return learning[0]
        review = next_review(user, deck, end, apart_from=apart_from, session=session) if left.reviews else None
        new = (next_new(user, deck, left.start, apart_from=apart_from, session=session)
               if left.new and review is None else None)
        chosen = review or new or (learning[0] if learning else None)
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
        chosen = choose_next(user, deck, now, end, soon, left, last, session=session)
        shown = present_by_id(user, chosen, session=session) if chosen is not None else None
    return StudyView(shown, counts, last, learning_due_next)


def counts(user: User, deck: Deck, now: datetime, *, settings: DeckSettings, session: Session) -> Counts:
    """New cards left today, learning cards due today, review cards left today."""
    return study_view(user, deck, now, settings=settings, learn_ahead=None, session=session).counts
