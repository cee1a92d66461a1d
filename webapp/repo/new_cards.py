"""Which questions of a deck a learner has never seen, without reading all of their cards.

Each learner has a ``DeckProgress`` row per deck whose ``new_position`` is a
cursor: every active question before it has been seen (has a card that was
rated). The next new cards are then found by walking the deck's active
questions in order from the cursor (index ``ix_question_deck_active_position``)
and skipping the few that were rated out of order, so the work does not grow
with the size of the learner's schedule.

The cursor may lag behind but must never claim too much. It stays true because:

- it belongs to one import of the deck (``deck_version``); re-importing a
  deck can add questions at earlier positions or revive retired ones, and a
  cursor from another import counts as 0;
- undoing a first rating makes that question new again, and moves the cursor
  back to it in the undo's transaction (creating the row at 0 if there was none);
- readers move the cursor forward only with a compare-and-set on ``version``,
  so a reader that looked before an undo cannot overwrite it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import bindparam, case, func, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from .. import scheduling
from ..models import Card, Deck, DeckProgress, Question, User
from . import constant
from .decks import DeckRow


@dataclass(frozen=True)
class Cursor:
    """A learner's ``DeckProgress`` row as read."""

    id: int
    new_position: int
    deck_version: str
    version: int


# Built once with bound parameters (see repo/reviews.py). CURSOR_ROW is the learner's cursor as a
# subquery, for a caller that reads it together with other things (reviews.study_view).
CURSOR_ROW = (select(col(DeckProgress.id).label("cursor_id"), DeckProgress.new_position,
                     DeckProgress.deck_version, col(DeckProgress.version).label("cursor_version"))
              .where(DeckProgress.user_id == bindparam("user"), DeckProgress.deck_id == bindparam("deck"))
              .subquery("deck_cursor"))


# "The learner has rated this question": a card past the new state. As NOT EXISTS, PostgreSQL
# plans an anti-join that walks the questions in deck order (index
# ix_question_deck_active_position) and looks each one up in card (user_id, question_id),
# stopping once enough are found; SQLite runs the same walk.
_RATED = (select(Card.id).where(Card.user_id == bindparam("user"), Card.question_id == Question.id,
                                Card.state != constant(scheduling.NEW)).exists())


def unseen_from(*extra_columns, start, limit, where=None):
    """Unseen questions from the position ``start``, in deck order, at most ``limit``, with
    their ``siblings`` group (SQL expressions; the caller reads them together with other rows:
    reviews._CANDIDATES); only those that also meet ``where``, if given."""
    return (sa.select(*extra_columns, col(Question.id).label("question_id"), Question.position, Question.siblings)
            .where(Question.deck_id == bindparam("deck"), Question.retired == False,  # noqa: E712
                   col(Question.position) >= start, ~_RATED, true() if where is None else where)
            .order_by(Question.position, Question.id).limit(limit))


def start_expression(version):
    """Where to look for unseen questions, in SQL: the cursor of the learner ``user`` in the deck
    ``deck`` (bound parameters) if it belongs to this import of the deck (``version``, an
    expression for ``deck_version``), else 0."""
    return func.coalesce(
        select(case((DeckProgress.deck_version == version, DeckProgress.new_position), else_=constant(0)))
        .where(DeckProgress.user_id == bindparam("user"), DeckProgress.deck_id == bindparam("deck"))
        .scalar_subquery(), constant(0))


_LAST_POSITION = select(func.max(Question.position)).where(Question.deck_id == bindparam("deck"),
                                                           Question.retired == False)  # noqa: E712


def deck_version(deck: Deck | DeckRow) -> str:
    """Changes with every import that changed the deck (the file hash alone could come back)."""
    return hashlib.sha256(f"{deck.content_sha256} {deck.imported_at.isoformat()}".encode()).hexdigest()


def catch_up(user: User, deck: Deck | DeckRow, cursor: Cursor | None, version: str, start: int,
             first_unseen: int | None, *, session: Session) -> None:
    """Move the cursor to the first unseen question found from ``start`` (its position,
    ``first_unseen``), or past the deck's end if none was; commits if it moves."""
    if first_unseen is not None:
        reached = first_unseen
    else:
        last = session.execute(_LAST_POSITION, {"deck": deck.id}).scalar()
        reached = start if last is None else max(start, last + 1)
    if cursor is None or cursor.deck_version != version or reached != cursor.new_position:
        _move_forward(user, deck, cursor, reached, version, session=session)


def _move_forward(user: User, deck: Deck | DeckRow, progress: Cursor | None, position: int, version: str, *,
                  session: Session) -> None:
    if progress is None:
        statement = (_insert(session).values(user_id=user.id, deck_id=deck.id, new_position=position,
                                             deck_version=version, version=1)
                     .on_conflict_do_nothing(index_elements=["user_id", "deck_id"]))
    else:
        statement = (update(DeckProgress)
                     .where(col(DeckProgress.id) == progress.id, DeckProgress.version == progress.version)
                     .values(new_position=position, deck_version=version, version=progress.version + 1))
    session.execute(statement)
    session.commit()


def question_new_again(user: User, deck: Deck | DeckRow, position: int, *, session: Session) -> None:
    """A first rating was undone: the cursor must not be past that question (no commit here)."""
    table = DeckProgress.__table__
    statement = (_insert(session).values(user_id=user.id, deck_id=deck.id, new_position=0,
                                         deck_version=deck_version(deck), version=1)
                 .on_conflict_do_update(index_elements=["user_id", "deck_id"], set_={
                     "new_position": case((table.c.new_position > position, position),
                                          else_=table.c.new_position),
                     "version": table.c.version + 1}))
    session.execute(statement)


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](DeckProgress.__table__)
