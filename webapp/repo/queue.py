"""The study queue: what a learner has done today, what is due, and which card comes next.

Which card comes next: learning cards that are due, then review cards due
today (up to the daily review limit), then new cards (up to the daily new
limit, in the deck's rank order), then learning cards due within the next few
minutes, so a session can finish without waiting. The card just rated, and its
siblings (questions of the same ``siblings`` group: the same fact or
sentence), come only when no other card is available; a new card whose sibling
was rated today is buried until the next day.

Each query is a short function with its SQL beside it, so that it can be run
(and EXPLAINed) on its own: today's ratings, then for each kind of card (learning,
review, new) how many are on offer and which comes first; ``study_view`` puts
them together for a page. The indexes they rely on are defined in ``models.py``.

New cards are found from a cursor per learner and deck (``DeckProgress``), which a rating moves
forward and an undo moves back; see "new cards" below.

A rating (``rate``) and its undo (``undo``) write in the request's transaction; the route then
reads the page that follows (``study_view``) in the same transaction. A rating moves the card on
only from the version the learner was shown: the page echoes that version back, and the card's
UPDATE matches only the version it read (``Card.version`` is SQLAlchemy's version counter),
so a repeated or stale submission raises ``StaleCard`` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fsrs import Rating
from sqlalchemy import Date, Integer, String, and_, bindparam, insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from .. import scheduling
from ..answering import is_multiple_choice, judge, options
from ..models import Card, Deck, DeckSettings, Question, ReviewLog, User, UTCDateTime


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
    """A question as it is to be shown to a learner, with their card (None before the first rating)
    and, for a multiple-choice question, its options in the order this learner sees them."""

    question: Question
    card: Card | None
    options: list[str] | None

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
    learning_due_next: datetime | None  # in the learner's time zone


# --- the named queries ---------------------------------------------------------------------------
# Each is written in SQL that runs as it is on SQLite and PostgreSQL (``:name`` for parameters;
# the card states as numbers: 0 new, 1 learning, 2 review, 3 relearning).

@dataclass(frozen=True)
class LastRating:
    id: int
    question_id: int
    siblings: str | None  # the question's siblings group

    def keeps_apart(self, question_id: int, siblings: str | None) -> bool:
        """Whether a question is neither the one just rated nor a sibling of it (a question
        without a siblings group has none)."""
        return question_id != self.question_id and (siblings is None or siblings != self.siblings)


@dataclass(frozen=True)
class Ratings:
    new_today: int      # first ratings of new cards on the learner's day: what the daily limits count
    reviews_today: int  # ratings of review cards
    last: LastRating | None


# The learner's latest rating in a deck, from the index (user_id, deck_id, id) alone.
_LATEST_RATING_ID = "SELECT max(id) FROM review_log WHERE user_id = :user AND deck_id = :deck"
_LATEST_RATING = text(_LATEST_RATING_ID)


def latest_rating_id(user: User, deck: Deck, *, session: Session) -> int | None:
    """The id of the learner's latest rating in the deck (the one undo may take back)."""
    return session.connection().execute(_LATEST_RATING, {"user": user.id, "deck": deck.id}).scalar()


_RATINGS = text(f"""
    SELECT today.new, today.reviews, latest.id, latest.question_id, question.siblings
    FROM (SELECT count(CASE WHEN state_before = 0 THEN 1 END) AS new,
                 count(CASE WHEN state_before = 2 THEN 1 END) AS reviews
          FROM review_log WHERE user_id = :user AND deck_id = :deck AND study_day = :day) AS today
    LEFT JOIN review_log AS latest ON latest.id = ({_LATEST_RATING_ID})
    LEFT JOIN question ON question.id = latest.question_id
""").bindparams(bindparam("day", type_=Date))


def ratings(user: User, deck: Deck, day: date, *, session: Session) -> Ratings:
    """What the learner has rated in the deck: today's counts (index ix_review_log_user_deck_day_state)
    and the latest rating (to undo it, and to keep that card and its siblings back)."""
    new, reviews, last_id, question_id, siblings = session.connection().execute(
        _RATINGS, {"user": user.id, "deck": deck.id, "day": day}).one()
    return Ratings(new, reviews, LastRating(last_id, question_id, siblings) if last_id is not None else None)


# The statements below pick the next card of their kind, passing over the card just rated and its
# siblings: ``:last_question`` and ``:last_siblings`` (both NULL: pass over nothing).
_APART = "NOT coalesce(question.id = :last_question OR question.siblings = :last_siblings, false)"


def _apart(user: User, deck: Deck, last: LastRating | None) -> dict[str, Any]:
    return {"user": user.id, "deck": deck.id, "last_question": last.question_id if last else None,
            "last_siblings": last.siblings if last else None}


@dataclass(frozen=True)
class Learning:
    """The learner's learning cards: how many are due today, when the first is, and the cards due
    by the end of the learn-ahead window as (question, siblings group, due), in due order."""

    due_today: int
    first_due: datetime | None
    soon: list[tuple[int, str | None, datetime]]


# Learning and relearning cards, each state from its own range of index card (user_id, deck_id,
# state, due). (Asked for as ``state IN (1, 3)``, SQLite's planner walks every due card instead.)
# They are few: those of today's first ratings and lapses.
_LEARNING = text("""
    WITH learning AS (
      SELECT card.id, card.question_id, card.due FROM card
      WHERE card.user_id = :user AND card.deck_id = :deck AND card.state = 1 AND card.due < :until
      UNION ALL
      SELECT card.id, card.question_id, card.due FROM card
      WHERE card.user_id = :user AND card.deck_id = :deck AND card.state = 3 AND card.due < :until)
    SELECT learning.question_id, question.siblings, learning.due
    FROM learning JOIN question ON question.id = learning.question_id
    WHERE question.retired = false
    ORDER BY learning.due, learning.id
""").bindparams(bindparam("until", type_=UTCDateTime)).columns(question_id=Integer, siblings=String,
                                                               due=UTCDateTime)


def learning_cards(user: User, deck: Deck, end: datetime, soon: datetime, *, session: Session) -> Learning:
    """The learning cards due before ``end`` (the day's end) or by ``soon``."""
    until = max(end, soon + timedelta(microseconds=1))
    rows = session.connection().execute(_LEARNING, {"user": user.id, "deck": deck.id, "until": until}).all()
    today = [due for _question, _siblings, due in rows if due < end]
    return Learning(len(today), today[0] if today else None,
                    [(question, siblings, due) for question, siblings, due in rows if due <= soon])


# Review cards due today are counted from the index card (user_id, deck_id, state, due) alone,
# no further than the page shows (the reviews left today): a backlog of thousands is not read
# through. The few review cards of retired questions are counted apart and taken off.
_REVIEWS = text(f"""
    WITH retired AS (
      SELECT count(*) AS number
      FROM question JOIN card ON card.question_id = question.id AND card.user_id = :user
      WHERE question.deck_id = :deck AND question.retired = true AND card.state = 2 AND card.due < :end)
    SELECT (SELECT count(*) FROM (
              SELECT 1 FROM card
              WHERE card.user_id = :user AND card.deck_id = :deck AND card.state = 2 AND card.due < :end
              LIMIT :at_most + (SELECT number FROM retired)) AS due) AS due,
           (SELECT number FROM retired) AS retired,
           (SELECT card.question_id FROM card JOIN question ON question.id = card.question_id
            WHERE card.user_id = :user AND card.deck_id = :deck AND card.state = 2 AND card.due < :end
              AND question.retired = false AND {_APART}
            ORDER BY card.due, card.id LIMIT 1) AS next
""").bindparams(bindparam("end", type_=UTCDateTime))


def reviews_due(user: User, deck: Deck, end: datetime, *, at_most: int, apart_from: LastRating | None,
                session: Session) -> tuple[int, int | None]:
    """How many review cards are due before ``end`` (counted no further than ``at_most``), and the
    question of the first due apart from ``apart_from``."""
    due, retired, first = session.connection().execute(
        _REVIEWS, {**_apart(user, deck, apart_from), "end": end, "at_most": at_most}).one()
    return min(at_most, due - retired), first


# --- new cards, from the learner's cursor --------------------------------------------------------
# Each learner has a ``DeckProgress`` row per deck whose ``new_position`` is a
# cursor: every active question before it has been seen (has a card that was
# rated). The next new cards are then found by walking the deck's active
# questions in order from the cursor (index ``ix_question_deck_active_position``)
# and skipping the few that were rated out of order, so the work does not grow
# with the size of the learner's schedule.
#
# The cursor may lag behind but must never claim too much. It stays true because:
#
# - it belongs to one import of the deck (``deck_version``, from ``Deck.import_version``);
#   re-importing a deck can add questions at earlier positions or revive retired
#   ones, and a cursor from another import counts as 0;
# - it moves forward only when the learner rates a card (``catch_up``, in the
#   rating's transaction), and then with a compare-and-set on ``version``;
# - undoing a first rating makes that question new again, and moves the cursor
#   back to it in the undo's transaction (creating the row at 0 if there was none).

def _unseen(start: str) -> str:
    """SQL: ``question`` is one of the active questions of deck ``:deck`` at position ``start`` (SQL)
    or later that learner ``:user`` has never rated. (Both databases walk the questions in deck
    order, index ix_question_deck_active_position, and look each one up in card (user_id,
    question_id), stopping once enough are found.)"""
    return f"""question.deck_id = :deck AND question.retired = false AND question.position >= {start}
    AND NOT EXISTS (SELECT 1 FROM card
                    WHERE card.user_id = :user AND card.question_id = question.id AND card.state <> 0)"""


# SQL: where the unseen questions of learner ``:user`` in deck ``:deck`` begin: their cursor, if it
# belongs to this import of the deck (``:deck_version``), else 0.
_CURSOR_START = """coalesce((SELECT CASE WHEN deck_version = :deck_version THEN new_position ELSE 0 END
                            FROM deck_progress WHERE user_id = :user AND deck_id = :deck), 0)"""
_FIRST_UNSEEN = text(f"SELECT question.position FROM question WHERE {_unseen(':start')} "
                     "ORDER BY question.position, question.id LIMIT 1")
_END = text("SELECT max(position) + 1 FROM question WHERE deck_id = :deck AND retired = false")
_CURSOR = text("SELECT id, new_position, deck_version, version FROM deck_progress "
               "WHERE user_id = :user AND deck_id = :deck")
_CREATE = text("INSERT INTO deck_progress (user_id, deck_id, new_position, deck_version, version) "
               "VALUES (:user, :deck, :position, :deck_version, 1) ON CONFLICT (user_id, deck_id) DO NOTHING")
_MOVE = text("UPDATE deck_progress SET new_position = :position, deck_version = :deck_version, version = version + 1 "
             "WHERE id = :id AND version = :version")
# (created at 0 if there was none: a cursor never claims more than it knows)
_BACK_TO = text("""
    INSERT INTO deck_progress (user_id, deck_id, new_position, deck_version, version)
    VALUES (:user, :deck, 0, :deck_version, 1)
    ON CONFLICT (user_id, deck_id) DO UPDATE
    SET new_position = CASE WHEN deck_progress.new_position > :position THEN :position
                            ELSE deck_progress.new_position END,
        version = deck_progress.version + 1
""")


# Unseen questions in deck order from the learner's cursor (counted in that order too,
# so that PostgreSQL also walks the deck from the cursor rather than every learner's cards),
# less those buried for the day: a new card whose sibling the learner rated today waits for
# tomorrow (as Anki buries new siblings), so one fact or sentence is asked once a day.
_NOT_BURIED = """(question.siblings IS NULL OR NOT EXISTS (
    SELECT 1 FROM review_log JOIN question AS rated ON rated.id = review_log.question_id
    WHERE review_log.user_id = :user AND review_log.deck_id = :deck AND review_log.study_day = :day
      AND rated.siblings = question.siblings))"""
_NEW = text(f"""
    SELECT (SELECT count(*) FROM (
              SELECT 1 FROM question WHERE {_unseen(_CURSOR_START)} AND {_NOT_BURIED}
              ORDER BY question.position, question.id LIMIT :at_most) AS unseen) AS unseen,
           (SELECT question.id FROM question
            WHERE {_unseen(_CURSOR_START)} AND {_NOT_BURIED} AND {_APART}
            ORDER BY question.position, question.id LIMIT 1) AS next
""").bindparams(bindparam("day", type_=Date))


def new_on_offer(user: User, deck: Deck, day: date, *, at_most: int, apart_from: LastRating | None,
                 session: Session) -> tuple[int, int | None]:
    """How many unseen questions not buried on ``day`` are on offer (at most ``at_most``, from the
    learner's cursor), and the first of them apart from ``apart_from``."""
    how_many, first = session.connection().execute(_NEW, {
        **_apart(user, deck, apart_from), "deck_version": deck.import_version, "at_most": at_most,
        "day": day}).one()
    return how_many, first


def catch_up(user: User, deck: Deck, *, rated_new: bool, session: Session) -> None:
    """Move the cursor to the learner's first unseen question (past the deck's end if none is
    left). Called by a rating, in its transaction: it walks only after a first rating (``rated_new``)
    or when the cursor is missing or belongs to an earlier import; it writes only if it moves."""
    cursor = session.connection().execute(_CURSOR, {"user": user.id, "deck": deck.id}).first()
    version = deck.import_version
    current = cursor is not None and cursor.deck_version == version
    if current and not rated_new:
        return
    begin = cursor.new_position if cursor and current else 0
    reached = session.connection().execute(_FIRST_UNSEEN, {"user": user.id, "deck": deck.id, "start": begin}).scalar()
    if reached is None:  # every question from there on is seen: past the deck's end
        end = session.connection().execute(_END, {"deck": deck.id}).scalar()
        reached = begin if end is None else max(begin, end)
    values = {"user": user.id, "deck": deck.id, "position": reached, "deck_version": version}
    if cursor is None:
        session.connection().execute(_CREATE, values)
    elif (cursor.new_position, cursor.deck_version) != (reached, version):
        # (compare-and-set: a rating in another tab that moved it first wins; a cursor may lag)
        session.connection().execute(_MOVE, {**values, "id": cursor.id, "version": cursor.version})


def question_new_again(user: User, deck: Deck, position: int, *, session: Session) -> None:
    """A first rating was undone: the cursor must not be past that question."""
    session.connection().execute(_BACK_TO, {"user": user.id, "deck": deck.id, "position": position,
                               "deck_version": deck.import_version})


_WITH_CARD = (select(Question, Card)
              .outerjoin(Card, and_(col(Card.user_id) == bindparam("user"), col(Card.question_id) == Question.id))
              .where(Question.id == bindparam("question"), Question.deck_id == bindparam("deck"),
                     Question.retired == False))  # noqa: E712


def present_by_id(user: User, deck: Deck, question_id: int, *, session: Session) -> Presentation | None:
    """The deck's active question ``question_id`` with the learner's card, in one statement (None:
    the deck has no such active question)."""
    row = session.exec(_WITH_CARD, params={"user": user.id, "deck": deck.id, "question": question_id}).first()
    if row is None:
        return None
    question, card = row
    return Presentation(question, card, options(question, user.id) if is_multiple_choice(question) else None)


# --- the study page -------------------------------------------------------------------------------

def choose_next(learning: Learning, reviews: tuple[int, int | None], new: tuple[int, int | None], now: datetime,
                last: LastRating | None) -> int | None:
    """The question of the next card in the queue's order: learning due now, reviews, new cards,
    learning due soon; each apart from the card just rated and its siblings (``None`` when
    only those are left: the caller asks again without keeping them back). ``reviews`` and ``new``
    are (how many are on offer, the first's question)."""
    soon = [(question, due) for question, siblings, due in learning.soon
            if last is None or last.keeps_apart(question, siblings)]
    due_now = next((question for question, due in soon if due <= now), None)
    first_review = reviews[1] if reviews[0] else None
    first_new = new[1] if new[0] else None
    return next((q for q in (due_now, first_review, first_new, soon[0][0] if soon else None) if q is not None), None)


def study_view(user: User, deck: Deck, now: datetime, *, settings: DeckSettings, session: Session,
               learn_ahead: timedelta | None, shown: Presentation | None = None) -> StudyView:
    """The counts, the latest rating and the card to show: ``shown`` if given, else the next card of
    the queue (``learn_ahead=None``: none, for pages that show only the counts)."""
    zone = scheduling.zone(user.timezone)
    day, _start, end = scheduling.day_bounds(now, zone)
    done = ratings(user, deck, day, session=session)
    learning = learning_cards(user, deck, end, now + max(learn_ahead or timedelta(0), timedelta(0)), session=session)
    new_left = max(0, settings.new_per_day - done.new_today)
    reviews_left = max(0, settings.reviews_per_day - done.reviews_today)

    def offer(apart_from: LastRating | None) -> tuple[tuple[int, int | None], tuple[int, int | None]]:
        """Reviews and new cards on offer within what is left of today's limits."""
        return (reviews_due(user, deck, end, at_most=reviews_left, apart_from=apart_from, session=session),
                new_on_offer(user, deck, day, at_most=new_left, apart_from=apart_from, session=session)
                if new_left else (0, None))

    reviews, new = offer(done.last)
    if shown is None and learn_ahead is not None:
        chosen = choose_next(learning, reviews, new, now, done.last)
        if chosen is None and done.last is not None:  # only the card just rated, or its siblings, is left
            chosen = choose_next(learning, *offer(None), now, None)
        shown = present_by_id(user, deck, chosen, session=session) if chosen is not None else None
    first_due = learning.first_due
    return StudyView(shown, Counts(new=new[0], learning=learning.due_today, due=reviews[0]), done.last,
                     first_due.astimezone(zone) if first_due else None)


# --- a rating, and undoing the latest one ----------------------------------------------------------

class StaleCard(Exception):
    """The card changed since it was shown (already rated, undone, or rated elsewhere)."""


class NoSuchQuestion(Exception):
    """No active question of the deck has that id."""


class NothingToUndo(Exception):
    pass


# A rating's log row, one INSERT: nothing reads it back in the request, so no ORM object is made
# and tracked for it (the card is one: its UPDATE checks its version).
_LOG_ROW = insert(ReviewLog)


def rate(user: User, deck: Deck, question_id: int, *, version: int, rating: int, given: str, choice: int | None,
         now: datetime, settings: DeckSettings, session: Session) -> None:
    """Rate the learner's card of question ``question_id`` (an active question of ``deck``), which
    they saw at ``version``, with their answer (``given`` typed, or option ``choice``) judged and
    kept, and move their new-card cursor on. Raises NoSuchQuestion, or StaleCard if the card is no
    longer at that version."""
    shown = present_by_id(user, deck, question_id, session=session)
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
    catch_up(user, deck, rated_new=before["state"] == scheduling.NEW, session=session)


def undo(user: User, deck: Deck, review_id: int, *, session: Session) -> int:
    """Undo the learner's latest rating in this deck, if it is ``review_id``: the card returns to
    exactly the state it had before, and the log row goes. Returns the question of that card."""
    if latest_rating_id(user, deck, session=session) != review_id:
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
        question_new_again(user, deck, position, session=session)
    session.delete(log)
    session.flush()
    return question_id
