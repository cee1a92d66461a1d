"""Database tables of the web app (SQLModel).

Questions are copied from deck files (every text within the bounds of
``import_bounds``, which the columns holding one text each match) and keyed by
the deck file's stable question id, so a rebuilt deck can be re-imported without touching anyone's
progress. Each learner gets one ``Card`` per question the first time they rate
it; every rating is a ``ReviewLog`` row holding the card as it was before, which
is what makes undo exact.

All datetimes are aware UTC in Python and stored as naive UTC, which keeps
SQLite and PostgreSQL behaving the same.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import declared_attr
from sqlmodel import JSON, Field, SQLModel

from .scheduling import NEW

ROLES = ("learner", "teacher")
# A card its learner suspended: no queue statement asks for this state, so it is never offered;
# unsuspending restores the state its FSRS record holds (NEW if it was never rated).
SUSPENDED = -1


class UTCDateTime(sa.types.TypeDecorator):
    """Aware UTC datetimes in Python, naive UTC in the database."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def utc_now() -> datetime:
    return datetime.now(UTC)


class User(UserMixin, SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, sa_column_kwargs={"unique": True})
    display_name: str = Field(default="", max_length=100)
    password_hash: str = Field(max_length=255)
    role: str = Field(default="learner", max_length=20)
    timezone: str = Field(default="UTC", max_length=64)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)

    @property
    def is_teacher(self) -> bool:
        return self.role == "teacher"

    @property
    def name(self) -> str:
        return self.display_name or self.email


class Deck(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=100, sa_column_kwargs={"unique": True})
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=5000)
    # "public": every learner; "private": its owner and the classes it is published to.
    visibility: str = Field(default="public", max_length=20)
    owner_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    source_file: str = Field(default="", description="deck.json the deck was imported from")
    content_sha256: str = Field(default="", max_length=64)
    imported_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)

    @property
    def import_version(self) -> str:
        """Changes with every import that changed the deck (the file hash alone could come back)."""
        return hashlib.sha256(f"{self.content_sha256} {self.imported_at.isoformat()}".encode()).hexdigest()


class Source(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("deck_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=200, description="the source id in the deck file")
    title: str = Field(max_length=300)
    kind: str = Field(max_length=100)
    perspective: str | None = Field(default=None, max_length=300)
    sha256: str = Field(max_length=64)
    text: str = Field(description="at most import_bounds.SOURCE_TEXT characters, checked on import")


class Question(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("deck_id", "key"),
        # The study queue walks a deck's active questions in order from a learner's cursor.
        sa.Index("ix_question_deck_active_position", "deck_id", "retired", "position", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=200, description="the stable question id in the deck file")
    # New cards come in this order: the deck's rank order (see quizgen.study_order.by_rank).
    position: int = 0
    # Questions on the same fact or sentence share a group; the study queue keeps them apart.
    siblings: str | None = Field(default=None, max_length=200)
    kind: str = Field(max_length=20)
    format: str = Field(max_length=30)
    prompt: str = Field(max_length=2000)
    answer: str = Field(max_length=500)
    claimant: str | None = Field(default=None, max_length=300)
    accepted: list[str] = Field(default_factory=list, sa_type=JSON)
    distractors: list[str] = Field(default_factory=list, sa_type=JSON)
    evidence: list[dict] = Field(default_factory=list, sa_type=JSON)
    disputed_by: list[dict] = Field(default_factory=list, sa_type=JSON)
    data: dict = Field(default_factory=dict, sa_type=JSON, description="the question as in the deck file")
    content_sha256: str = Field(max_length=64)
    retired: bool = False
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Card(SQLModel, table=True):
    """One learner's memory of one question, scheduled by FSRS."""

    __table_args__ = (
        sa.UniqueConstraint("user_id", "question_id"),
        sa.Index("ix_card_user_deck_due", "user_id", "deck_id", "due"),
        # The study queue: cards of one state by due date (counts and the next due, no sorting).
        sa.Index("ix_card_user_deck_state_due", "user_id", "deck_id", "state", "due", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    question_id: int = Field(foreign_key="question.id", index=True, ondelete="CASCADE")
    deck_id: int = Field(foreign_key="deck.id", ondelete="CASCADE")
    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_review: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reps: int = 0
    lapses: int = 0
    # Bumped on every change (SQLAlchemy's version counter: an UPDATE matches only the version
    # it read); the study page echoes it back so a stale or repeated submission of the same
    # presentation can be recognised and ignored.
    version: int = 0
    fsrs: dict | None = Field(default=None, sa_type=JSON, description="fsrs.Card.to_dict()")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class ReviewLog(SQLModel, table=True):
    __tablename__ = "review_log"
    __table_args__ = (
        # Today's ratings by the state they were given in (the daily limits), from the index alone.
        sa.Index("ix_review_log_user_deck_day_state", "user_id", "deck_id", "study_day", "state_before"),
        # The latest rating (for undo) without sorting the learner's whole history.
        sa.Index("ix_review_log_user_deck_id", "user_id", "deck_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    deck_id: int = Field(foreign_key="deck.id", ondelete="CASCADE")
    question_id: int = Field(foreign_key="question.id", ondelete="CASCADE")
    rating: int = Field(description="1 Again, 2 Hard, 3 Good, 4 Easy")
    reviewed_at: datetime = Field(sa_type=UTCDateTime)
    study_day: date = Field(description="the learner's day (rolling over at 4 AM their time)")
    state_before: int
    state_after: int
    due_after: datetime = Field(sa_type=UTCDateTime)
    card_before: dict = Field(sa_type=JSON, description="the card's columns before this rating")
    answer_given: str | None = Field(default=None, max_length=500)
    correct: bool | None = None
    duration_ms: int | None = None


class DeckSettings(SQLModel, table=True):
    """A learner's limits for one deck; absent means these defaults."""

    __tablename__ = "deck_settings"
    __table_args__ = (sa.UniqueConstraint("user_id", "deck_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    deck_id: int = Field(foreign_key="deck.id", ondelete="CASCADE")
    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.9


class DeckProgress(SQLModel, table=True):
    """How far into a deck a learner's new cards have got (see ``repo/queue.py``).

    Every active question before ``new_position`` has been seen, as long as the
    deck is still the import it was computed for (``deck_version``); ``version`` is
    bumped on every change so a stale writer can be refused.
    """

    __tablename__ = "deck_progress"
    __table_args__ = (sa.UniqueConstraint("user_id", "deck_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    deck_id: int = Field(foreign_key="deck.id", ondelete="CASCADE")
    new_position: int = 0
    deck_version: str = Field(default="", max_length=64)
    version: int = 0


# --- teachers: their decks' review, background builds, classes (teach/, classes.py) ---

class QuestionReview(SQLModel, table=True):
    """A teacher's decision on one question of their deck, kept across rebuilds.

    Keyed by the question's stable id, so a rebuild that generates the same
    question again finds its approval, edits or rejection waiting. ``generated``
    is the question as the generator (or the teacher, for their own) wrote it;
    ``edits`` overrides some of its fields. Only approved questions are written
    to the deck learners study.
    """

    __tablename__ = "question_review"
    __table_args__ = (sa.UniqueConstraint("deck_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=200, description="the stable question id in the deck file")
    origin: str = Field(default="generated", max_length=20, description="generated | teacher")
    in_build: bool = Field(default=True, description="the latest build produced it (teacher's own: always)")
    position: int = 0
    generated: dict = Field(default_factory=dict, sa_type=JSON)
    edits: dict = Field(default_factory=dict, sa_type=JSON)
    status: str = Field(default="pending", max_length=20)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


ACTIVE_BUILD = ("queued", "running", "cancelling")  # a deck has at most one job in these states


class BuildJob(SQLModel, table=True):
    """One build of a teacher's deck, run by a build worker; every web worker reads its progress here.

    ``heartbeat_at`` is written every few seconds by the worker running the job; a
    running job whose heartbeat stops belongs to a worker that died."""

    __tablename__ = "build_job"
    __table_args__ = (
        sa.Index("ix_build_job_one_active", "deck_id", unique=True,
                 sqlite_where=sa.column("status").in_(ACTIVE_BUILD),
                 postgresql_where=sa.column("status").in_(ACTIVE_BUILD)),
    )

    id: int | None = Field(default=None, primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", index=True, ondelete="CASCADE")
    status: str = Field(default="queued", max_length=20)
    percent: int = 0
    message: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Classroom(SQLModel, table=True):
    """A teacher's class: learners join with its code and study the decks published to it."""

    id: int | None = Field(default=None, primary_key=True)
    teacher_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    join_code: str = Field(max_length=20, sa_column_kwargs={"unique": True})
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class ClassMember(SQLModel, table=True):
    __tablename__ = "class_member"
    __table_args__ = (sa.UniqueConstraint("class_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    class_id: int = Field(foreign_key="classroom.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    joined_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class ClassDeck(SQLModel, table=True):
    """A deck published to a class: its members may study the deck's approved questions."""

    __tablename__ = "class_deck"
    __table_args__ = (sa.UniqueConstraint("class_id", "deck_id"),)

    id: int | None = Field(default=None, primary_key=True)
    class_id: int = Field(foreign_key="classroom.id", index=True, ondelete="CASCADE")
    deck_id: int = Field(foreign_key="deck.id", index=True, ondelete="CASCADE")
    published_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


FLAG_REASONS = ("wrong", "unclear", "duplicate", "other")


class QuestionFlag(SQLModel, table=True):
    """A learner's report on a question ("wrong", "unclear", "duplicate" or a note of their own),
    shown to the deck's teacher beside the question."""

    __tablename__ = "question_flag"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    deck_id: int = Field(foreign_key="deck.id", index=True, ondelete="CASCADE")
    question_id: int = Field(foreign_key="question.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=20)
    note: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class LoginSession(SQLModel, table=True):
    """One logged-in browser. The session cookie carries a random token whose hash is kept
    here; logging out deletes the row, so a copied cookie stops working with it."""

    __tablename__ = "login_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class LoginThrottle(SQLModel, table=True):
    """Login attempts for one email from one address, and when the next one is allowed.
    Times are seconds since the epoch, so the throttle's arithmetic is the same SQL on
    SQLite and PostgreSQL."""

    __tablename__ = "login_throttle"

    key: str = Field(primary_key=True, max_length=320)
    attempts: int = 0
    last_at: float = 0.0
    next_at: float = 0.0


class RateEvent(SQLModel, table=True):
    """One sign-up attempt, counted against the limit per address (``security.check_signup_allowed``)."""

    __tablename__ = "rate_event"
    __table_args__ = (sa.Index("ix_rate_event_key_at", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
