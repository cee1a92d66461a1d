"""The study queue's cards by state, then due date: index ``card (user_id, deck_id, state, due)``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # "How many review (or learning) cards are due today" is then a range of index entries, and
    # "the first review cards due" are read in index order, without a sort of all those due
    # (ix_card_user_deck_due, whose rows mix the states, stays for the forecast of all cards).
    op.create_index("ix_card_user_deck_state_due", "card", ["user_id", "deck_id", "state", "due"])


def downgrade() -> None:
    op.drop_index("ix_card_user_deck_state_due", table_name="card")
