"""Teachers: question review decisions, background build jobs, classes with join codes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _fk(name: str, target: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{target}.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "classroom",
        _id(),
        _fk("teacher_id", "user"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("join_code", sa.String(20), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_classroom_teacher_id", "classroom", ["teacher_id"])
    op.create_table(
        "build_job",
        _id(),
        _fk("deck_id", "deck"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_build_job_deck_id", "build_job", ["deck_id"])
    op.create_table(
        "class_deck",
        _id(),
        _fk("class_id", "classroom"),
        _fk("deck_id", "deck"),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("class_id", "deck_id"),
    )
    op.create_index("ix_class_deck_class_id", "class_deck", ["class_id"])
    op.create_index("ix_class_deck_deck_id", "class_deck", ["deck_id"])
    op.create_table(
        "class_member",
        _id(),
        _fk("class_id", "classroom"),
        _fk("user_id", "user"),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("class_id", "user_id"),
    )
    op.create_index("ix_class_member_class_id", "class_member", ["class_id"])
    op.create_index("ix_class_member_user_id", "class_member", ["user_id"])
    op.create_table(
        "question_review",
        _id(),
        _fk("deck_id", "deck"),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("in_build", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("generated", sa.JSON(), nullable=False),
        sa.Column("edits", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("deck_id", "key"),
    )
    op.create_index("ix_question_review_deck_id", "question_review", ["deck_id"])


def downgrade() -> None:
    for table in ("question_review", "class_member", "class_deck", "build_job", "classroom"):
        op.drop_table(table)
