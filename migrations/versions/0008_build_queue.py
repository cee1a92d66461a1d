"""Builds run by a build worker: a heartbeat per job, and at most one active job per deck.

Jobs still queued or running from the old in-process builds are marked failed first,
so that the unique index can be made and their decks can be built again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIVE = sa.text("status IN ('queued', 'running', 'cancelling')")
_JOB = sa.table("build_job", sa.column("status", sa.String), sa.column("message", sa.String))


def upgrade() -> None:
    op.get_bind().execute(_JOB.update().where(_JOB.c.status.in_(("queued", "running")))
                          .values(status="failed", message="Stopped by an upgrade. Build again."))
    op.get_bind().execute(_JOB.update().values(message=sa.func.substr(_JOB.c.message, 1, 1000)))
    with op.batch_alter_table("build_job") as batch:
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
        batch.alter_column("message", type_=sa.String(1000), existing_type=sa.String(), existing_nullable=False)
    op.create_index("ix_build_job_one_active", "build_job", ["deck_id"], unique=True,
                    sqlite_where=_ACTIVE, postgresql_where=_ACTIVE)


def downgrade() -> None:
    op.drop_index("ix_build_job_one_active", table_name="build_job")
    with op.batch_alter_table("build_job") as batch:
        batch.drop_column("heartbeat_at")
        batch.alter_column("message", type_=sa.String(), existing_type=sa.String(1000), existing_nullable=False)
