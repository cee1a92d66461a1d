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
- it moves forward only when the learner rates a card (``catch_up``, in the
  rating's transaction), and then with a compare-and-set on ``version``;
- undoing a first rating makes that question new again, and moves the cursor
  back to it in the undo's transaction (creating the row at 0 if there was none).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import and_, case, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from .. import scheduling
from ..models import Card, Deck, DeckProgress, Question, User


def deck_version(deck: Deck) -> str:
    """Changes with every import that changed the deck (the file hash alone could come back)."""
    return hashlib.sha256(f"{deck.content_sha256} {deck.imported_at.isoformat()}".encode()).hexdigest()


def is_unseen(user: User, deck: Deck, start: int):
    """SQL: the question is one of the deck's active questions from position ``start`` on, and
    ``user`` has never rated it. (As NOT EXISTS, both databases walk the questions in deck order,
    ``DECK_ORDER``, and look each one up in card (user_id, question_id), stopping once enough are
    found.)"""
    rated = (select(Card.id).where(Card.user_id == user.id, Card.question_id == Question.id,
                                   Card.state != scheduling.NEW).correlate(Question).exists())
    return and_(Question.deck_id == deck.id, Question.retired == False,  # noqa: E712
                col(Question.position) >= start, ~rated)


DECK_ORDER = (col(Question.position), col(Question.id))


def _progress(user: User, deck: Deck, *, session: Session) -> DeckProgress | None:
    # (populate_existing: the row as stored now, even if this session read it before an undo moved it)
    return session.exec(select(DeckProgress).where(DeckProgress.user_id == user.id, DeckProgress.deck_id == deck.id)
                        .execution_options(populate_existing=True)).first()


def start(user: User, deck: Deck, *, session: Session) -> int:
    """Where the learner's unseen questions begin: their cursor, if it belongs to this import of
    the deck, else 0."""
    progress = _progress(user, deck, session=session)
    return progress.new_position if progress and progress.deck_version == deck_version(deck) else 0


def catch_up(user: User, deck: Deck, *, session: Session) -> None:
    """Move the cursor to the learner's first unseen question (past the deck's end if none is
    left). Called by a rating, in its transaction; writes nothing if the cursor is there already."""
    progress, version = _progress(user, deck, session=session), deck_version(deck)
    begin = progress.new_position if progress and progress.deck_version == version else 0
    reached = session.exec(select(Question.position).where(is_unseen(user, deck, begin))
                           .order_by(*DECK_ORDER).limit(1)).first()
    if reached is None:
        last = session.exec(select(func.max(Question.position)).where(
            Question.deck_id == deck.id, Question.retired == False)).one()  # noqa: E712
        reached = begin if last is None else max(begin, last + 1)
    if progress is None:
        session.execute(_insert(session).values(user_id=user.id, deck_id=deck.id, new_position=reached,
                                                deck_version=version, version=1)
                        .on_conflict_do_nothing(index_elements=["user_id", "deck_id"]))
    elif (progress.new_position, progress.deck_version) != (reached, version):
        # (a rating in another tab that moved it first wins: a cursor may lag, never overtake)
        session.execute(update(DeckProgress)
                        .where(col(DeckProgress.id) == progress.id, DeckProgress.version == progress.version)
                        .values(new_position=reached, deck_version=version, version=progress.version + 1))


def question_new_again(user: User, deck: Deck, position: int, *, session: Session) -> None:
    """A first rating was undone: the cursor must not be past that question."""
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
