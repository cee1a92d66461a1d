"""Decks a learner may study, their sources and the learner's per-deck settings."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import and_, bindparam, or_
from sqlmodel import Session, col, select

from ..models import (
    DEFAULT_NEW_PER_DAY,
    DEFAULT_RETENTION,
    DEFAULT_REVIEWS_PER_DAY,
    ClassDeck,
    ClassMember,
    Deck,
    DeckSettings,
    Question,
    Source,
    User,
)
from . import Prebuilt
from .users import SIGNED_IN_COLUMNS, SignedIn


def _open_to(user_id):
    """Public decks, the user's own, and those published to a class the user has joined
    (``user_id`` is an id or a bound parameter)."""
    through_classes = (select(ClassDeck.deck_id)
                       .join(ClassMember, col(ClassMember.class_id) == ClassDeck.class_id)
                       .where(ClassMember.user_id == user_id))
    return or_(Deck.visibility == "public", Deck.owner_id == user_id, col(Deck.id).in_(through_classes))


def open_decks(user: User, *, session: Session) -> list[Deck]:
    return list(session.exec(select(Deck).where(_open_to(user.id)).order_by(Deck.title)))


# Every study request looks up its deck and the learner's settings: these two statements are
# built once with bound parameters, which saves building and hashing them on each request.
_OPEN_DECK = select(Deck).where(Deck.slug == bindparam("slug"), _open_to(bindparam("user")))
_SETTINGS = select(DeckSettings).where(DeckSettings.user_id == bindparam("user"),
                                       DeckSettings.deck_id == bindparam("deck"))


def get_open_deck(slug: str, user: User, *, session: Session) -> Deck | None:
    return session.scalars(_OPEN_DECK, {"slug": slug, "user": user.id}).first()


@dataclass(frozen=True)
class StudyLimits:
    """A learner's settings for one deck as the study queue reads them (the defaults when the
    learner never changed them)."""

    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY
    desired_retention: float = DEFAULT_RETENTION


DECK_TABLE = Deck.__table__
_LIMITS = tuple(field.name for field in fields(StudyLimits))  # the DeckSettings columns it holds


def _limits(row) -> StudyLimits:
    if row.limit_new_per_day is None:  # no settings row
        return StudyLimits()
    return StudyLimits(*(row._mapping[f"limit_{name}"] for name in _LIMITS))


class DeckRow(NamedTuple):
    """A deck's row, read-only: the Deck columns, in the table's order (checked below)."""

    id: int
    slug: str
    title: str
    description: str
    visibility: str
    owner_id: int | None
    source_file: str
    content_sha256: str
    imported_at: datetime


assert DeckRow._fields == tuple(column.name for column in DECK_TABLE.c), "DeckRow must list Deck's columns"

# The study pages need the signed-in user and the deck of the address with the user's limits on
# every request: one Core statement reads all three (plain rows; ORM entities cost more to load
# than the statement costs to run).
_USER_TABLE = User.__table__
_DECK_COLUMNS = tuple(f"deck_{column.name}" for column in DECK_TABLE.c)
# (SIGNED_IN_WITH_OPEN_DECK is extended by the rating's loader in repo/reviews.py; it joins
# more tables to the deck's row, so ``read_signed_in_with_open_deck`` reads either.)
SIGNED_IN_WITH_OPEN_DECK = (
    sa.select(*SIGNED_IN_COLUMNS, *(column.label(f"deck_{column.name}") for column in DECK_TABLE.c),
              *(DeckSettings.__table__.c[name].label(f"limit_{name}") for name in _LIMITS))
    .select_from(_USER_TABLE)
    .outerjoin(DECK_TABLE, and_(DECK_TABLE.c.slug == bindparam("slug"), _open_to(_USER_TABLE.c.id)))
    .outerjoin(DeckSettings, and_(col(DeckSettings.deck_id) == DECK_TABLE.c.id,
                                  col(DeckSettings.user_id) == _USER_TABLE.c.id))
    .where(_USER_TABLE.c.id == bindparam("user")))
_SIGNED_IN_WITH_OPEN_DECK = Prebuilt(SIGNED_IN_WITH_OPEN_DECK)


def signed_in_with_open_deck(user_id: int, slug: str, *, session: Session
                             ) -> tuple[SignedIn | None, tuple[DeckRow, StudyLimits] | None]:
    """The signed-in user ``user_id`` (None if the account is gone) and, if they may study it,
    the deck ``slug`` with their limits for it (else None)."""
    return read_signed_in_with_open_deck(_SIGNED_IN_WITH_OPEN_DECK.run(session, {"user": user_id, "slug": slug})
                                         .first())


def read_signed_in_with_open_deck(row) -> tuple[SignedIn | None, tuple[DeckRow, StudyLimits] | None]:
    """``signed_in_with_open_deck`` from a row of ``SIGNED_IN_WITH_OPEN_DECK`` (or None)."""
    if row is None:
        return None, None
    user = SignedIn(*row[:len(SIGNED_IN_COLUMNS)])
    if row.deck_id is None:
        return user, None
    mapping = row._mapping
    return user, (DeckRow(*(mapping[name] for name in _DECK_COLUMNS)), _limits(row))


def get_deck_by_slug(slug: str, *, session: Session) -> Deck | None:
    return session.exec(select(Deck).where(Deck.slug == slug)).first()


def get_source(deck: Deck, key: str, *, session: Session) -> Source | None:
    return session.exec(select(Source).where(Source.deck_id == deck.id, Source.key == key)).first()


def sources_by_key(deck: Deck | DeckRow, *, session: Session) -> dict[str, Source]:
    return {source.key: source
            for source in session.exec(select(Source).where(Source.deck_id == deck.id))}


def is_active_in(question, deck) -> bool:
    """Whether ``question`` (an entity or a row) is one of ``deck``'s questions, not retired: the
    only kind a study page shows or a rating may name."""
    return question.deck_id == deck.id and not question.retired


def get_question(deck: Deck | DeckRow, question_id: int, *, session: Session) -> Question | None:
    question = session.get(Question, question_id)
    return question if question is not None and is_active_in(question, deck) else None


def active_questions(deck: Deck, *, session: Session) -> list[Question]:
    return list(session.exec(select(Question)
                             .where(Question.deck_id == deck.id, Question.retired == False)  # noqa: E712
                             .order_by(Question.position)))


def get_settings(user: User, deck: Deck | DeckRow, *, session: Session) -> DeckSettings:
    """The learner's settings for the deck; unsaved defaults when they never changed them."""
    settings = session.scalars(_SETTINGS, {"user": user.id, "deck": deck.id}).first()
    return settings or DeckSettings(user_id=user.id, deck_id=deck.id)


def save_settings(user: User, deck: Deck, *, new_per_day: int, reviews_per_day: int,
                  desired_retention: float, session: Session) -> DeckSettings:
    settings = get_settings(user, deck, session=session)
    settings.new_per_day = new_per_day
    settings.reviews_per_day = reviews_per_day
    settings.desired_retention = desired_retention
    session.add(settings)
    session.commit()
    return settings
