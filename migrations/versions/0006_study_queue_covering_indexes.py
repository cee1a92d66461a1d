"""Indexes the study queue reads without touching table rows: the cards by state, then due
date (``card (user_id, deck_id, state, due, id)``; the id orders cards due at the same moment,
as the queue does), and today's ratings with the state they were
given in (``review_log (user_id, deck_id, study_day, state_before)``, replacing the index
without the state).

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
    op.create_index("ix_card_user_deck_state_due", "card", ["user_id", "deck_id", "state", "due", "id"])
    # Today's new cards and reviews (against the daily limits) counted from index entries alone.
    op.create_index("ix_review_log_user_deck_day_state", "review_log",
                    ["user_id", "deck_id", "study_day", "state_before"])
    op.drop_index("ix_review_log_user_deck_day", table_name="review_log")


def downgrade() -> None:
    op.create_index("ix_review_log_user_deck_day", "review_log", ["user_id", "deck_id", "study_day"])
    op.drop_index("ix_review_log_user_deck_day_state", table_name="review_log")
    op.drop_index("ix_card_user_deck_state_due", table_name="card")
