"""A learner's own hand on a card: reporting a question to the teacher, suspending a card.

A suspended card keeps its schedule; its state column reads ``SUSPENDED``, which no statement of
the study queue asks for. Unsuspending puts back the state its FSRS record holds; a card that
was never rated is removed again, and the learner's new-card cursor moved back to it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, select

from .. import scheduling
from ..models import SUSPENDED, Card, Deck, Question, QuestionFlag, User
from .queue import Presentation, question_new_again


def report(user: User, question: Question, *, reason: str, note: str, session: Session) -> None:
    session.add(QuestionFlag(user_id=user.id, deck_id=question.deck_id, question_id=question.id,
                             reason=reason, note=note.strip()))
    session.flush()


@dataclass(frozen=True)
class Flag:
    reason: str
    note: str
    learner: str


def flags_by_key(deck: Deck, *, session: Session) -> dict[str, list[Flag]]:
    """Learners' reports on the deck's questions, by question id (the deck file's), oldest first."""
    rows = session.exec(select(Question.key, QuestionFlag.reason, QuestionFlag.note, User.display_name, User.email)
                        .join(QuestionFlag, col(QuestionFlag.question_id) == Question.id)
                        .join(User, col(User.id) == QuestionFlag.user_id)
                        .where(QuestionFlag.deck_id == deck.id).order_by(col(QuestionFlag.id)))
    found: dict[str, list[Flag]] = defaultdict(list)
    for key, reason, note, name, email in rows:
        found[key].append(Flag(reason, note, name or email))
    return dict(found)


@dataclass(frozen=True)
class FlaggedQuestion:
    deck: Deck
    question: Question
    flags: int
    reasons: list[str]


def flagged_in(decks: list[Deck], *, session: Session) -> list[FlaggedQuestion]:
    """The flagged questions of ``decks``, most flagged first."""
    if not decks:
        return []
    by_id = {deck.id: deck for deck in decks}
    rows = session.exec(select(Question, QuestionFlag.reason)
                        .join(QuestionFlag, col(QuestionFlag.question_id) == Question.id)
                        .where(col(QuestionFlag.deck_id).in_(list(by_id))))
    reasons: dict[int | None, list[str]] = defaultdict(list)
    questions: dict[int | None, Question] = {}
    for question, reason in rows:
        questions[question.id] = question
        reasons[question.id].append(reason)
    found = [FlaggedQuestion(by_id[q.deck_id], q, len(reasons[qid]), sorted(set(reasons[qid])))
             for qid, q in questions.items()]
    return sorted(found, key=lambda f: (-f.flags, f.question.position))


def suspend(user: User, shown: Presentation, *, session: Session) -> None:
    question = shown.question
    card = shown.card or Card(user_id=user.id, question_id=question.id, deck_id=question.deck_id)
    card.state = SUSPENDED
    session.add(card)
    session.flush()


def unsuspend(user: User, deck: Deck, shown: Presentation, *, session: Session) -> None:
    card = shown.card
    if card is None or card.state != SUSPENDED:
        return
    if card.fsrs is None:  # never rated: new again
        session.delete(card)
        session.flush()
        question_new_again(user, deck, shown.question.position, session=session)
        return
    card.state = int(card.fsrs.get("state", scheduling.NEW))
    session.add(card)
    session.flush()
