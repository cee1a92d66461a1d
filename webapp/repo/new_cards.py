"""Which questions of a deck a learner has never seen, without reading all of their cards.

Each learner has a ``DeckProgress`` row per deck whose ``new_position`` is a
cursor: every active question before it has been seen (has a card that was
rated). The next new cards are then found by walking the deck's active
questions in order from the cursor (index ``ix_question_deck_active_position``)
and skipping the few that were rated out of order, so the work does not grow
with the size of the learner's schedule.

The cursor may lag behind but must never claim too much. It stays true because:

- it belongs to one import of the deck (``deck_version``, from ``Deck.import_version``);
  re-importing a deck can add questions at earlier positions or revive retired
  ones, and a cursor from another import counts as 0;
- it moves forward only when the learner rates a card (``catch_up``, in the
  rating's transaction), and then with a compare-and-set on ``version``;
- undoing a first rating makes that question new again, and moves the cursor
  back to it in the undo's transaction (creating the row at 0 if there was none).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from ..models import Deck, User


def unseen(start: str) -> str:
    """SQL: ``question`` is one of the active questions of deck ``:deck`` at position ``start`` (SQL)
    or later that learner ``:user`` has never rated. (Both databases walk the questions in deck
    order, index ix_question_deck_active_position, and look each one up in card (user_id,
    question_id), stopping once enough are found.)"""
    return f"""question.deck_id = :deck AND question.retired = false AND question.position >= {start}
    AND NOT EXISTS (SELECT 1 FROM card
                    WHERE card.user_id = :user AND card.question_id = question.id AND card.state <> 0)"""


# SQL: where the unseen questions of learner ``:user`` in deck ``:deck`` begin: their cursor, if it
# belongs to this import of the deck (``:deck_version``), else 0.
CURSOR = """coalesce((SELECT CASE WHEN deck_version = :deck_version THEN new_position ELSE 0 END
                     FROM deck_progress WHERE user_id = :user AND deck_id = :deck), 0)"""
_FIRST_UNSEEN = text(f"SELECT question.position FROM question WHERE {unseen(':start')} "
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
