"""The latest rating of a learner in a deck (for undo) from an index, not a sort of their whole
review history.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ORDER BY id DESC LIMIT 1 per learner and deck reads one index entry; with only
    # (user_id, deck_id, study_day) every rating the learner ever made was sorted.
    op.create_index("ix_review_log_user_deck_id", "review_log", ["user_id", "deck_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_review_log_user_deck_id", table_name="review_log")
