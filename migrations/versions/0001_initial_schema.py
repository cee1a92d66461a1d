"""Initial schema: users, decks with their sources and questions, cards, review log, deck settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _fk(name: str, target: str, *, ondelete: str = "CASCADE", nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{target}.id", ondelete=ondelete),
                     nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "user",
        _id(),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "deck",
        _id(),
        sa.Column("slug", sa.String(100), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("visibility", sa.String(20), nullable=False),
        _fk("owner_id", "user", ondelete="SET NULL", nullable=True),
        sa.Column("source_file", sa.String(), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "deck_settings",
        _id(),
        _fk("user_id", "user"),
        _fk("deck_id", "deck"),
        sa.Column("new_per_day", sa.Integer(), nullable=False),
        sa.Column("reviews_per_day", sa.Integer(), nullable=False),
        sa.Column("desired_retention", sa.Float(), nullable=False),
        sa.UniqueConstraint("user_id", "deck_id"),
    )
    op.create_table(
        "question",
        _id(),
        _fk("deck_id", "deck"),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("format", sa.String(30), nullable=False),
        sa.Column("prompt", sa.String(), nullable=False),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("claimant", sa.String(), nullable=True),
        sa.Column("accepted", sa.JSON(), nullable=False),
        sa.Column("distractors", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("disputed_by", sa.JSON(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("deck_id", "key"),
    )
    op.create_index("ix_question_deck_id", "question", ["deck_id"])
    op.create_table(
        "source",
        _id(),
        _fk("deck_id", "deck"),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("perspective", sa.String(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.UniqueConstraint("deck_id", "key"),
    )
    op.create_index("ix_source_deck_id", "source", ["deck_id"])
    op.create_table(
        "card",
        _id(),
        _fk("user_id", "user"),
        _fk("question_id", "question"),
        _fk("deck_id", "deck"),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=True),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fsrs", sa.JSON(), nullable=True),
        sa.UniqueConstraint("user_id", "question_id"),
    )
    op.create_index("ix_card_question_id", "card", ["question_id"])
    op.create_index("ix_card_user_deck_due", "card", ["user_id", "deck_id", "due"])
    op.create_table(
        "review_log",
        _id(),
        _fk("card_id", "card"),
        _fk("user_id", "user"),
        _fk("deck_id", "deck"),
        _fk("question_id", "question"),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("study_day", sa.Date(), nullable=False),
        sa.Column("state_before", sa.Integer(), nullable=False),
        sa.Column("state_after", sa.Integer(), nullable=False),
        sa.Column("due_after", sa.DateTime(), nullable=False),
        sa.Column("card_before", sa.JSON(), nullable=False),
        sa.Column("answer_given", sa.String(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
    )
    op.create_index("ix_review_log_card_id", "review_log", ["card_id"])
    op.create_index("ix_review_log_user_deck_day", "review_log", ["user_id", "deck_id", "study_day"])


def downgrade() -> None:
    for table in ("review_log", "card", "source", "question", "deck_settings", "deck", "user"):
        op.drop_table(table)
