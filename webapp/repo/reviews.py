"""The study queue, recording ratings and undoing them.

Which card comes next: learning cards that are due, then review cards due
today (up to the daily review limit), then new cards (up to the daily new
limit, in the deck's rank order), then learning cards due within the next few
minutes, so a session can finish without waiting. The card just rated, and its
siblings (questions of the same ``siblings`` group: the same fact or
sentence), are skipped while any other card is available.

A rating is written in one transaction with the card's new schedule (on
PostgreSQL, one statement), and only if the card is still at the version the
learner was shown; a repeated or stale submission raises ``StaleCard`` and
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from fsrs import Rating, State
from sqlalchemy import Integer, and_, bindparam, case, cast, false, func, insert, null, or_, true, union_all, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from .. import scheduling
from ..db import atomic
from ..models import Card, Deck, DeckSettings, Question, ReviewLog, User
from . import Prebuilt, constant, decks, greatest, least, new_cards
from .decks import DeckRow, StudyLimits, get_settings
from .users import SignedIn

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
class CardState:
    """A learner's card as read for one presentation (plain values, not an ORM entity)."""

    id: int
    question_id: int
    version: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    fsrs: dict | None


@dataclass(frozen=True)
class Presentation:
    """A question as it is to be shown, with the card version that rating it must match.

    ``question`` is a read-only row with the question's columns (``Question`` or a Core row)."""

    question: Any
    card: CardState | None

    @property
    def version(self) -> int:
        return self.card.version if self.card else 0

    @property
    def fields(self) -> dict:
        if self.card is None:
            return scheduling.new_card_fields()
        return {name: getattr(self.card, name) for name in scheduling.CARD_FIELDS}


# The queue's statements are built once, with bound parameters: building SQLAlchemy
# expressions on every request cost more CPU than running the statements.
def _active_cards(*columns):
    return (select(*columns).select_from(Card).join(Question, col(Question.id) == Card.question_id)
            .where(Card.user_id == bindparam("user"), Card.deck_id == bindparam("deck"),
                   Question.retired == False))  # noqa: E712


_CARD_DUE_TYPE = Card.__table__.c.due.type
# Two comparisons rather than IN (...): an IN list is an "expanding" parameter that SQLAlchemy
# rewrites into the SQL string on every execution.
_LEARNING = or_(Card.state == constant(LEARNING_STATES[0]), Card.state == constant(LEARNING_STATES[1]))
# The study view is one statement: today's first ratings and reviews (against the daily limits;
# index ix_review_log_user_deck_day_state), the cards due today, the next learning card, the
# latest rating (for undo), the new-card cursor, and the next card (``_NEXT``).
# (Read once, in a WITH clause: the limits below use each count more than once.)
_DONE_TODAY = select(
    func.count(case((ReviewLog.state_before == constant(scheduling.NEW), constant(1)))).label("new_done"),
    func.count(case((ReviewLog.state_before == constant(State.Review), constant(1)))).label("reviews_done"),
).where(ReviewLog.user_id == bindparam("user"), ReviewLog.deck_id == bindparam("deck"),
        ReviewLog.study_day == bindparam("day")).cte("done_today")
_NEW_DONE = select(_DONE_TODAY.c.new_done).scalar_subquery()
_REVIEWS_DONE = select(_DONE_TODAY.c.reviews_done).scalar_subquery()


def _left(limit: str, done, *, at_most=None):
    """What is left of the daily limit ``limit`` (a bound parameter) after ``done``: never below
    0, nor above ``at_most``. (Each use of ``done`` is a subquery of its own in the plan: it is
    written once.)"""
    left = bindparam(limit, type_=Integer) - done
    return greatest(constant(0), least(constant(at_most), left) if at_most is not None else left)


# Review cards due today: a range of the index card (user_id, deck_id, state, due), entries only.
# The few cards of retired questions are counted apart and taken off (joining every due card
# to its question would read a row per due card).
def _reviews_due_today(*, at_most):
    due = (select(Card.id).where(Card.user_id == bindparam("user"), Card.deck_id == bindparam("deck"),
                                 Card.state == constant(State.Review), col(Card.due) < bindparam("end"))
           .limit(at_most))
    return select(func.count()).select_from(due.subquery()).scalar_subquery()


_RETIRED_DUE = (select(func.count(case((Card.state == constant(State.Review), constant(1)))).label("retired_due"))
                .select_from(Question)
                .join(Card, and_(col(Card.user_id) == bindparam("user"), col(Card.question_id) == Question.id))
                .where(Question.deck_id == bindparam("deck"), Question.retired == True,  # noqa: E712
                       col(Card.due) < bindparam("end"))
                .cte("retired_due"))
# The page shows at most the reviews left of the daily limit, so review cards are counted only
# that far (and as far again as retired questions' due cards, which come off the count): with
# the default limit of 200 and a backlog of thousands, the count no longer reads every one.
_DUE_TODAY = select(
    _reviews_due_today(at_most=_left("reviews_per_day", _REVIEWS_DONE)
                       + select(_RETIRED_DUE.c.retired_due).scalar_subquery()).label("due")).subquery()
# Learning cards due today (a learner has few: those of today's first ratings and lapses), with
# their questions: how many, and when the first comes back.
_LEARNING_TODAY = (_active_cards(func.count().label("learning"), func.min(Card.due).label("learning_due_next"))
                   .where(_LEARNING, col(Card.due) < bindparam("end")).subquery())
# The learner's latest rating in the deck: its id from the index (user_id, deck_id, id) alone,
# then its row. (Ordered by id with a LIMIT, PostgreSQL walked the primary key backwards through
# every other learner's later ratings until it met one of this learner's.)
_LATEST_ID = (select(func.max(ReviewLog.id))
              .where(ReviewLog.user_id == bindparam("user"), ReviewLog.deck_id == bindparam("deck"))
              .scalar_subquery())
# (A WITH clause: the study view reads it for undo, and the queue to put that card and its
# siblings last.)
_LAST = (select(col(ReviewLog.id).label("id"), col(ReviewLog.question_id).label("question_id"), Question.siblings)
         .select_from(ReviewLog).join(Question, col(Question.id) == ReviewLog.question_id)
         .where(ReviewLog.id == _LATEST_ID).cte("last_rating"))
_LAST_QUESTION = select(_LAST.c.question_id).scalar_subquery()
_LAST_SIBLINGS = select(_LAST.c.siblings).scalar_subquery()


def _after_last(question_id, siblings):
    """SQL, never NULL: the question is the card just rated or a sibling of it (a question of the
    same ``siblings`` group; a question without a group has no siblings). Such a card comes only
    when no other card is available now."""
    return or_(func.coalesce(question_id == _LAST_QUESTION, false()),
               func.coalesce(siblings == _LAST_SIBLINGS, false()))


_CURSOR = new_cards.CURSOR_ROW
# The first cards of one state due before a bound, in due order: a range of the index
# card (user_id, deck_id, state, due), read in order (queue 0: learning, 1: review). With
# ``apart``, only cards that are not ``_after_last``.
def _first_due(queue: int, state: int, before, limit, *, apart: bool = False):
    query = (_active_cards(constant(queue).label("queue"), Card.id, Card.question_id, Card.due,
                           cast(null(), Integer).label("position"), Question.siblings)
             .where(Card.state == constant(state), before))
    if apart:
        query = query.where(~_after_last(Card.question_id, Question.siblings))
    return query.order_by(Card.due, Card.id).limit(limit).subquery()


def _first_due_and_first_apart(queue: int, state: int, before, limit) -> list:
    """The first card due and the first due that is not ``_after_last`` (often the same card):
    whichever ``_NEXT`` prefers of all the due cards is one of these two."""
    return [_first_due(queue, state, before, limit), _first_due(queue, state, before, limit, apart=True)]


# Learning and relearning cards apart, each from its own index range (``_NEXT`` orders them
# together).
_LEARNING_SOON = [part for state in LEARNING_STATES
                  for part in _first_due_and_first_apart(0, state, col(Card.due) <= bindparam("soon"), constant(1))]
# (LIMITs from the daily limits left: a review if any is left, and the new cards left to see today)
_REVIEWS_DUE = _first_due_and_first_apart(1, int(State.Review), col(Card.due) < bindparam("end"),
                                          _left("reviews_per_day", _REVIEWS_DONE, at_most=1))
# Queue 2: the next unseen questions from the learner's cursor (``new_cards``), in deck order.
# Queue 3: the first of them (from the cursor on, however far) that is not ``_after_last``, if a
# new card is left today: a choice only, not counted among the new cards on offer.
_NEW_START = new_cards.start_expression(bindparam("deck_version"))
_NEW_LEFT = _left("new_per_day", _NEW_DONE)
_UNSEEN = new_cards.unseen_from(constant(2).label("queue"), cast(null(), Integer).label("id"),
                                cast(null(), _CARD_DUE_TYPE).label("due"),
                                start=_NEW_START, limit=_NEW_LEFT).subquery()
_UNSEEN_APART = new_cards.unseen_from(constant(3).label("queue"), cast(null(), Integer).label("id"),
                                      cast(null(), _CARD_DUE_TYPE).label("due"), start=_NEW_START,
                                      limit=least(constant(1), _NEW_LEFT),
                                      where=~_after_last(Question.id, Question.siblings)).subquery()
# The queue's candidates (every statement is a round trip to the database: ``_NEXT`` chooses
# among them in the same statement).
_CANDIDATE_COLUMNS = ("queue", "id", "question_id", "due", "position", "siblings")
_CANDIDATES = union_all(*(select(*(part.c[name] for name in _CANDIDATE_COLUMNS))
                          for part in [*_LEARNING_SOON, *_REVIEWS_DUE, _UNSEEN, _UNSEEN_APART])).cte("candidate")
# A question with the learner's card, as plain rows: the card's columns come labelled "card_…".
_QUESTION_TABLE = Question.__table__
_CARD_TABLE = Card.__table__
_CARD_COLUMNS = tuple(field.name for field in fields(CardState))


def _with_card(question_columns):
    """The question ``question`` with the card of the learner ``user``."""
    return (select(*question_columns, *(_CARD_TABLE.c[name].label(f"card_{name}") for name in _CARD_COLUMNS))
            .select_from(_QUESTION_TABLE)
            .outerjoin(_CARD_TABLE, and_(_CARD_TABLE.c.user_id == bindparam("user"),
                                         _CARD_TABLE.c.question_id == _QUESTION_TABLE.c.id))
            .where(_QUESTION_TABLE.c.id == bindparam("question")))


# To show a card the deck file's copy of the question (``data``) is not needed (``_NEXT``); to
# judge a typed answer it is.
_SHOWN_COLUMNS = [column for column in _QUESTION_TABLE.c if column.name != "data"]
_WITH_CARD_TO_JUDGE = Prebuilt(_with_card(list(_QUESTION_TABLE.c)))


class QuestionRow(NamedTuple):
    """A question's row, read-only: the Question columns, in the table's order (checked below)."""

    id: int
    deck_id: int
    key: str
    position: int
    siblings: str | None
    kind: str
    format: str
    prompt: str
    answer: str
    claimant: str | None
    accepted: list[str]
    distractors: list[str]
    evidence: list[dict]
    disputed_by: list[dict]
    data: dict
    content_sha256: str
    retired: bool
    updated_at: datetime


assert QuestionRow._fields == tuple(column.name for column in _QUESTION_TABLE.c), \
    "QuestionRow must list Question's columns"
# A rating request needs what every study request reads (the learner, the deck with their limits)
# and the question being rated with the learner's card: one statement for all of it.
_SIGNED_IN_WITH_CARD_TO_RATE = Prebuilt(
    decks.SIGNED_IN_WITH_OPEN_DECK
    .add_columns(*(column.label(f"question_{column.name}") for column in _QUESTION_TABLE.c),
                 *(_CARD_TABLE.c[name].label(f"card_{name}") for name in _CARD_COLUMNS))
    .outerjoin(_QUESTION_TABLE, _QUESTION_TABLE.c.id == bindparam("question"))
    .outerjoin(_CARD_TABLE, and_(_CARD_TABLE.c.user_id == bindparam("user"),
                                 _CARD_TABLE.c.question_id == _QUESTION_TABLE.c.id)))
_QUESTION_LABELS = tuple(f"question_{name}" for name in QuestionRow._fields)


# The next card, chosen among the candidates in the queue's order: learning cards due now, then
# reviews due today, then new cards, then learning cards due soon; the card just rated (``last``)
# and its siblings only if nothing else is left (``_after_last``). Each group's candidates are in
# their own order (due, or deck position for new cards). The chosen question comes with the
# learner's card and with what the counts and the new-card cursor need: how many new cards are on
# offer and the first one's position (window aggregates over the queue 2 candidates, taken before
# the LIMIT).
def _choose_next():
    candidate = _CANDIDATES.c
    group = case((and_(candidate.queue == constant(0), candidate.due <= bindparam("now", type_=_CARD_DUE_TYPE)),
                  constant(0)),
                 (candidate.queue == constant(1), constant(1)),
                 (or_(candidate.queue == constant(2), candidate.queue == constant(3)), constant(2)),
                 else_=constant(3))
    is_new = candidate.queue == constant(2)
    chosen = (select(candidate.question_id,
                     func.count(case((is_new, constant(1)))).over().label("new_on_offer"),
                     func.min(case((is_new, candidate.position))).over().label("first_new_position"))
              .order_by(case((_after_last(candidate.question_id, candidate.siblings), constant(1)),
                             else_=constant(0)),
                        group, candidate.due, candidate.position, candidate.id, candidate.question_id)
              .limit(constant(1)).subquery("chosen"))
    return (sa.select(*_SHOWN_COLUMNS, *(_CARD_TABLE.c[name].label(f"card_{name}") for name in _CARD_COLUMNS),
                      chosen.c.new_on_offer, chosen.c.first_new_position)
            .select_from(chosen)
            .join(_QUESTION_TABLE, _QUESTION_TABLE.c.id == chosen.c.question_id)
            .outerjoin(_CARD_TABLE, and_(_CARD_TABLE.c.user_id == bindparam("user"),
                                         _CARD_TABLE.c.question_id == _QUESTION_TABLE.c.id)))


_NEXT = _choose_next().subquery("next_card")
_STUDY_VIEW = Prebuilt(
    sa.select(_DONE_TODAY.c.new_done, _DONE_TODAY.c.reviews_done, _DUE_TODAY, _RETIRED_DUE,
              _LEARNING_TODAY, _LAST.c.id.label("last_id"), _LAST.c.question_id.label("last_question_id"),
              *_CURSOR.c, _NEW_START.label("new_start"), *_NEXT.c)
    .select_from(_DONE_TODAY).join(_DUE_TODAY, true()).join(_RETIRED_DUE, true())
    .join(_LEARNING_TODAY, true()).outerjoin(_LAST, true()).outerjoin(_CURSOR, true()).outerjoin(_NEXT, true()))
_CARD_FOR = select(*(_CARD_TABLE.c[name] for name in _CARD_COLUMNS)).where(
    _CARD_TABLE.c.user_id == bindparam("user"), _CARD_TABLE.c.question_id == bindparam("question"))
# A rating moves the card on only from the version that was shown (compare-and-set).
_UPDATE_IF_VERSION = (update(_CARD_TABLE).where(_CARD_TABLE.c.id == bindparam("card_id"),
                                                _CARD_TABLE.c.version == bindparam("shown"))
                      .values(version=bindparam("new_version"),
                              **{name: bindparam(f"new_{name}", type_=_CARD_TABLE.c[name].type)
                                 for name in scheduling.CARD_FIELDS}))
_INSERT_CARD = insert(_CARD_TABLE)


def _presentation(row, question=None) -> Presentation:
    """The presentation in ``row``: its card from the "card_…" columns, its question ``question``
    (by default the row itself)."""
    mapping = row._mapping
    card = (CardState(*(mapping[f"card_{name}"] for name in _CARD_COLUMNS))
            if mapping["card_id"] is not None else None)
    return Presentation(row if question is None else question, card)


_LOG_TABLE = ReviewLog.__table__
_INSERT_LOG = insert(_LOG_TABLE)
# On PostgreSQL a rating is one statement: the card's row moves on (or is made, at the first
# rating) in a WITH clause and the log row is inserted from what it returned. A statement is
# atomic on its own, so outside a transaction this needs no BEGIN and COMMIT round trips; a stale
# version matches no card and inserts no log row.
_LOG_VALUES = [column.name for column in _LOG_TABLE.c if column.name not in ("id", "card_id")]


def _rating_statement(card_change) -> Prebuilt:
    moved = card_change.returning(_CARD_TABLE.c.id.label("card_id")).cte("moved")
    return Prebuilt(insert(_LOG_TABLE)
                    .from_select(["card_id", *_LOG_VALUES],
                                 select(moved.c.card_id,
                                        *(bindparam(f"log_{name}", type_=_LOG_TABLE.c[name].type)
                                          for name in _LOG_VALUES)))
                    .returning(_LOG_TABLE.c.id))


_RATE_SEEN = _rating_statement(_UPDATE_IF_VERSION)
_RATE_NEW = _rating_statement(_INSERT_CARD.values(
    user_id=bindparam("log_user_id"), question_id=bindparam("log_question_id"), deck_id=bindparam("log_deck_id"),
    version=bindparam("new_version"),
    **{name: bindparam(f"new_{name}", type_=_CARD_TABLE.c[name].type) for name in scheduling.CARD_FIELDS}))


@dataclass(frozen=True)
class LastRating:
    id: int
    question_id: int


@dataclass(frozen=True)
class StudyView:
    """Everything the study page shows besides the card itself, read once per request."""

    shown: Presentation | None
    counts: Counts
    last: LastRating | None           # for undo
    learning_due_next: datetime | None
    settings: StudyLimits | DeckSettings


def study_view(user: User, deck: Deck | DeckRow, now: datetime, *, session: Session,
               learn_ahead: timedelta | None = LEARN_AHEAD, shown: Presentation | None = None,
               settings: StudyLimits | DeckSettings | None = None) -> StudyView:
    """The counts and the latest rating, and the card to show: ``shown`` if given, else the next
    card of the queue (``learn_ahead=None`` means: show nothing)."""
    settings = settings or get_settings(user, deck, session=session)
    day, _start, end = scheduling.day_bounds(now, scheduling.zone(user.timezone))
    version = new_cards.deck_version(deck)
    row = _STUDY_VIEW.run(session, {
        "user": user.id, "deck": deck.id, "day": day, "now": now, "end": end,
        "soon": now + max(learn_ahead or timedelta(0), timedelta(0)), "deck_version": version,
        "new_per_day": settings.new_per_day, "reviews_per_day": settings.reviews_per_day}).one()
    reviews_left = max(0, settings.reviews_per_day - row.reviews_done)
    cursor = (new_cards.Cursor(row.cursor_id, row.new_position, row.deck_version, row.cursor_version)
              if row.cursor_id is not None else None)
    has_next = row.new_on_offer is not None  # (a window count: never NULL when a card was chosen)
    if settings.new_per_day > row.new_done:
        new_cards.catch_up(user, deck, cursor, version, row.new_start, row.first_new_position if has_next else None,
                           session=session)
    if shown is None and learn_ahead is not None and has_next:
        shown = _presentation(row)
    counts = Counts(new=row.new_on_offer if has_next else 0, learning=row.learning,
                    due=min(row.due - row.retired_due, reviews_left))
    last = LastRating(row.last_id, row.last_question_id) if row.last_id is not None else None
    return StudyView(shown, counts, last, row.learning_due_next, settings)


def counts(user: User, deck: Deck, now: datetime, *, session: Session) -> Counts:
    """New cards left today, learning cards due today, review cards left today."""
    return study_view(user, deck, now, learn_ahead=None, session=session).counts


def card_for(user: User, question: Any, *, session: Session) -> CardState | None:
    row = session.connection().execute(_CARD_FOR, {"user": user.id, "question": question.id}).first()
    return CardState(*row) if row else None


def present(user: User, question: Any, *, session: Session) -> Presentation:
    return Presentation(question, card_for(user, question, session=session))


def present_in_deck(user: User, deck: Deck | DeckRow, question_id: int, *, session: Session) -> Presentation | None:
    """The deck's active question ``question_id`` (with its ``data``, to judge an answer) and the
    learner's card, in one statement; or None."""
    row = _WITH_CARD_TO_JUDGE.run(session, {"user": user.id, "question": question_id}).first()
    return _presentation(row) if row is not None and decks.is_active_in(row, deck) else None


def signed_in_with_card_to_rate(user_id: int, slug: str, question_id: int, *, session: Session
                                ) -> tuple[SignedIn | None, tuple[DeckRow, StudyLimits] | None, Presentation | None]:
    """``decks.signed_in_with_open_deck`` and, in the same statement, what ``present_in_deck``
    reads: the deck's active question ``question_id`` with the learner's card (else None)."""
    row = _SIGNED_IN_WITH_CARD_TO_RATE.run(session, {"user": user_id, "slug": slug, "question": question_id}).first()
    user, deck_with_limits = decks.read_signed_in_with_open_deck(row)
    if row is None or deck_with_limits is None or row.question_id is None:
        return user, deck_with_limits, None
    mapping = row._mapping
    question = QuestionRow(*(mapping[name] for name in _QUESTION_LABELS))
    if not decks.is_active_in(question, deck_with_limits[0]):
        return user, deck_with_limits, None
    return user, deck_with_limits, _presentation(row, question)


def next_card(user: User, deck: Deck, now: datetime, *, learn_ahead: timedelta = LEARN_AHEAD,
              session: Session) -> Presentation | None:
    return study_view(user, deck, now, learn_ahead=learn_ahead, session=session).shown


def next_learning_due(user: User, deck: Deck, now: datetime, *, session: Session) -> datetime | None:
    """When the next learning card comes back today, for the 'come back later' message."""
    return study_view(user, deck, now, learn_ahead=None, session=session).learning_due_next


def last_review(user: User, deck: Deck | DeckRow, *, session: Session) -> ReviewLog | None:
    return session.scalars(select(ReviewLog).where(ReviewLog.id == _LATEST_ID),
                           {"user": user.id, "deck": deck.id}).first()


def record_review(user: User, deck: Deck | DeckRow, question_id: int, *, version: int, rating: int,
                  now: datetime, answer_given: str | None = None, correct: bool | None = None,
                  settings: StudyLimits | DeckSettings | None = None, shown: Presentation | None = None,
                  session: Session) -> int:
    """Rate the card shown at ``version``; raise StaleCard if it is no longer at that version.
    Returns the id of the review-log row.

    ``shown`` is the question with the learner's card as just read (``present_in_deck``), if
    the caller has it."""
    if shown is None or shown.question.id != question_id:
        shown = present_in_deck(user, deck, question_id, session=session)
    if shown is None:
        raise LookupError(question_id)
    question = shown.question
    if shown.version != version:
        raise StaleCard(question_id)
    before = shown.fields
    settings = settings or get_settings(user, deck, session=session)
    outcome = scheduling.review(before, Rating(rating), now, card_id=question.id,
                                desired_retention=settings.desired_retention)
    values = dict(user_id=user.id, deck_id=deck.id, question_id=question.id, rating=rating, reviewed_at=now,
                  study_day=scheduling.study_day(now, scheduling.zone(user.timezone)),
                  state_before=before["state"], state_after=outcome.fields["state"],
                  due_after=outcome.fields["due"], card_before=scheduling.snapshot(before),
                  answer_given=answer_given, correct=correct, duration_ms=None)
    if session.get_bind().dialect.name == "postgresql":
        return _record_in_one_statement(shown, values, outcome.fields, session=session)
    # SQLite: the card's change and the log row in the session's transaction, committed together.
    try:
        if shown.card is None:
            # A concurrent first rating of the same card fails here (unique user + question).
            card_id = _inserted_id(session.connection().execute(_INSERT_CARD, {
                "user_id": user.id, "question_id": question.id, "deck_id": deck.id, "version": 1,
                **outcome.fields}))
        else:
            card_id = shown.card.id
            _update_if_version(card_id, question.id, version, outcome.fields, session=session)
        # A Core insert: the ORM's unit of work cost more than the statement for this one row.
        inserted = session.connection().execute(_INSERT_LOG, {"card_id": card_id, **values})
        session.commit()
    except (IntegrityError, StaleCard):
        session.rollback()
        raise StaleCard(question_id) from None
    return _inserted_id(inserted)


def _inserted_id(result: CursorResult) -> int:
    """The id of the row a single-row Core insert made."""
    key = result.inserted_primary_key
    assert key is not None  # an insert always has one
    return key[0]


def _record_in_one_statement(shown: Presentation, values: dict, fields: dict, *, session: Session) -> int:
    """The rating as one statement (PostgreSQL): the card's change and the log row together."""
    statement = _RATE_NEW if shown.card is None else _RATE_SEEN
    # (parameters named after a card column would be taken as more columns for the card to set)
    parameters = {**{f"log_{name}": value for name, value in values.items()}, "new_version": shown.version + 1,
                  **{f"new_{name}": fields[name] for name in scheduling.CARD_FIELDS}}
    if shown.card is not None:
        parameters.update(card_id=shown.card.id, shown=shown.version)
    try:
        # A concurrent first rating of the same card fails here (unique user + question); a
        # stale version updates no card, so no log row is inserted either.
        inserted = statement.run(session, parameters).first()
    except IntegrityError:
        inserted = None
    if inserted is None:
        session.rollback()
        raise StaleCard(shown.question.id)
    session.commit()
    return inserted.id


def _update_if_version(card_id: int, question_id: int, version: int, fields: dict, *, session: Session) -> None:
    result = session.connection().execute(_UPDATE_IF_VERSION, {
        "card_id": card_id, "shown": version, "new_version": version + 1,
        **{f"new_{name}": fields[name] for name in scheduling.CARD_FIELDS}})
    if result.rowcount != 1:
        raise StaleCard(question_id)


def undo_review(user: User, deck: Deck | DeckRow, review_id: int, *, session: Session) -> Question:
    """Undo the learner's latest rating in this deck, if it is ``review_id``; the card returns
    to exactly the state it had before, and the log row goes."""
    log = last_review(user, deck, session=session)
    if log is None or log.id != review_id:
        raise NothingToUndo(review_id)
    card = session.get_one(Card, log.card_id)
    with atomic(session):
        try:
            _update_if_version(log.card_id, card.question_id, card.version, scheduling.restore(log.card_before),
                               session=session)
            if log.state_before == scheduling.NEW:
                question = session.get_one(Question, log.question_id)
                new_cards.question_new_again(user, deck, question.position, session=session)
            session.delete(log)
            session.commit()
        except StaleCard:
            session.rollback()
            raise NothingToUndo(review_id) from None
    return session.get_one(Question, log.question_id)
