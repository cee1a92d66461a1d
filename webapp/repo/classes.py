"""Classes: join codes, membership, decks published to a class, and the class's progress."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from fsrs import Rating
from sqlalchemy import case, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from .. import scheduling
from ..models import Card, ClassDeck, ClassMember, Classroom, Deck, Question, ReviewLog, User
from .stats import retention

# No 0/O or 1/I/L: codes are read aloud and copied from a board.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


class AlreadyMember(ValueError):
    pass


@dataclass(frozen=True)
class LearnerProgress:
    learner: User
    reviewed: int
    due: int
    retention: float | None  # share of review-state cards recalled


@dataclass(frozen=True)
class MissedQuestion:
    question: Question
    deck: Deck
    answers: int
    wrong: int

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.answers if self.answers else 0.0


def create_class(teacher: User, name: str, *, session: Session) -> Classroom:
    for _attempt in range(5):
        classroom = Classroom(teacher_id=teacher.id, name=name,
                              join_code="".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))
        session.add(classroom)
        try:
            session.commit()
            return classroom
        except IntegrityError:  # the code is taken: draw another
            session.rollback()
    raise RuntimeError("could not draw a free join code")


def teacher_classes(teacher: User, *, session: Session) -> list[Classroom]:
    return list(session.exec(select(Classroom).where(Classroom.teacher_id == teacher.id)
                             .order_by(Classroom.name)))


def get_teacher_class(class_id: int, teacher: User, *, session: Session) -> Classroom | None:
    classroom = session.get(Classroom, class_id)
    return classroom if classroom is not None and classroom.teacher_id == teacher.id else None


def find_by_code(code: str, *, session: Session) -> Classroom | None:
    code = re.sub(r"[\s-]+", "", code or "").upper()  # (as read aloud or copied: spaces and dashes apart)
    return session.exec(select(Classroom).where(Classroom.join_code == code)).first()


def join(user: User, classroom: Classroom, *, session: Session) -> None:
    if is_member(user, classroom, session=session):
        raise AlreadyMember(classroom.name)
    session.add(ClassMember(class_id=classroom.id, user_id=user.id))
    try:
        session.commit()
    except IntegrityError:  # joined twice at the same moment
        session.rollback()
        raise AlreadyMember(classroom.name) from None


def is_member(user: User, classroom: Classroom, *, session: Session) -> bool:
    return session.exec(select(ClassMember.id).where(ClassMember.class_id == classroom.id,
                                                     ClassMember.user_id == user.id)).first() is not None


def member_classes(user: User, *, session: Session) -> list[Classroom]:
    return list(session.exec(select(Classroom).join(ClassMember, col(ClassMember.class_id) == Classroom.id)
                             .where(ClassMember.user_id == user.id).order_by(Classroom.name)))


def members(classroom: Classroom, *, session: Session) -> list[User]:
    return list(session.exec(select(User).join(ClassMember, col(ClassMember.user_id) == User.id)
                             .where(ClassMember.class_id == classroom.id).order_by(User.email)))


def class_decks(classroom: Classroom, *, session: Session) -> list[Deck]:
    return list(session.exec(select(Deck).join(ClassDeck, col(ClassDeck.deck_id) == Deck.id)
                             .where(ClassDeck.class_id == classroom.id).order_by(Deck.title)))


def classes_publishing(deck: Deck, *, session: Session) -> list[Classroom]:
    return list(session.exec(select(Classroom).join(ClassDeck, col(ClassDeck.class_id) == Classroom.id)
                             .where(ClassDeck.deck_id == deck.id).order_by(Classroom.name)))


def publish(classroom: Classroom, deck: Deck, *, session: Session) -> None:
    exists = session.exec(select(ClassDeck.id).where(ClassDeck.class_id == classroom.id,
                                                     ClassDeck.deck_id == deck.id)).first()
    if exists is None:
        session.add(ClassDeck(class_id=classroom.id, deck_id=deck.id))
        session.commit()


def unpublish(classroom: Classroom, deck: Deck, *, session: Session) -> None:
    session.execute(delete(ClassDeck).where(col(ClassDeck.class_id) == classroom.id,
                                            col(ClassDeck.deck_id) == deck.id))
    session.commit()


def progress(classroom: Classroom, now: datetime, *, session: Session) -> list[LearnerProgress]:
    deck_ids = [deck.id for deck in class_decks(classroom, session=session)]
    rows = []
    for learner in members(classroom, session=session):
        ratings = (ReviewLog.user_id == learner.id, col(ReviewLog.deck_id).in_(deck_ids))
        reviewed = session.exec(select(func.count()).select_from(ReviewLog).where(*ratings)).one()
        # (a card seen and not suspended: state above NEW)
        due = session.exec(select(func.count()).select_from(Card)
                           .join(Question, col(Question.id) == Card.question_id)
                           .where(Card.user_id == learner.id, col(Card.deck_id).in_(deck_ids),
                                  Card.state > scheduling.NEW, Question.retired == False,  # noqa: E712
                                  col(Card.due) <= now)).one()
        rows.append(LearnerProgress(learner, reviewed, due, retention(*ratings, session=session)))
    return rows


def most_missed(classroom: Classroom, *, limit: int = 10, session: Session) -> list[MissedQuestion]:
    """The class decks' questions its members got wrong most (rated Again or answered wrongly)."""
    wrong = func.sum(case((or_(ReviewLog.rating == int(Rating.Again), ReviewLog.correct == False), 1),  # noqa: E712
                          else_=0))
    member_ids = select(ClassMember.user_id).where(ClassMember.class_id == classroom.id)
    deck_ids = select(ClassDeck.deck_id).where(ClassDeck.class_id == classroom.id)
    rows = session.exec(select(Question, Deck, func.count(col(ReviewLog.id)), wrong)
                        .join(ReviewLog, col(ReviewLog.question_id) == Question.id)
                        .join(Deck, col(Deck.id) == Question.deck_id)
                        .where(col(ReviewLog.user_id).in_(member_ids), col(ReviewLog.deck_id).in_(deck_ids))
                        .group_by(col(Question.id), col(Deck.id))
                        .having(wrong > 0)).all()
    missed = [MissedQuestion(question, deck, answers, int(wrong_count))
              for question, deck, answers, wrong_count in rows]
    missed.sort(key=lambda m: (-m.wrong, -m.wrong_rate, m.question.position))
    return missed[:limit]
