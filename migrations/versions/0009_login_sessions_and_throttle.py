"""Revocable logins (``login_session``: one row per logged-in browser), an atomic login
throttle per email and address (``login_throttle``), and a bound on a typed answer as kept
in ``review_log.answer_given`` (500 characters; longer ones are cut).

Sessions signed before this revision carry no token and end: everyone logs in once more.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_LOG = sa.table("review_log", sa.column("answer_given", sa.String))


def upgrade() -> None:
    op.get_bind().execute(_LOG.update().where(sa.func.length(_LOG.c.answer_given) > 500)
                          .values(answer_given=sa.func.substr(_LOG.c.answer_given, 1, 500)))
    with op.batch_alter_table("review_log") as batch:
        batch.alter_column("answer_given", type_=sa.String(500), existing_type=sa.String(), existing_nullable=True)
    op.create_table(
        "login_session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_login_session_user_id", "login_session", ["user_id"])
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(320), primary_key=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.Float(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("review_log") as batch:
        batch.alter_column("answer_given", type_=sa.String(), existing_type=sa.String(500), existing_nullable=True)
    op.drop_table("login_throttle")
    op.drop_index("ix_login_session_user_id", table_name="login_session")
    op.drop_table("login_session")
