"""Study queue without reading all of a learner's cards: a per-learner-per-deck cursor at the
next unseen question, and an index to walk a deck's active questions in order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No rows are written: a missing row means "cursor at the start", and the app
    # moves it forward the first time the learner opens the deck.
    op.create_table(
        "deck_progress",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("deck_id", sa.Integer(), sa.ForeignKey("deck.id", ondelete="CASCADE"), nullable=False),
        sa.Column("new_position", sa.Integer(), nullable=False),
        sa.Column("deck_version", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("user_id", "deck_id"),
    )
    op.create_index("ix_question_deck_active_position", "question",
                    ["deck_id", "retired", "position", "id"])


def downgrade() -> None:
    op.drop_index("ix_question_deck_active_position", table_name="question")
    op.drop_table("deck_progress")
