"""Questions on the same fact or sentence: the deck file's ``siblings`` group in a column of its
own, so the study queue can keep a card's siblings from following it.

The group is copied from each question's ``data`` (the question as in the deck file), and every
deck's file hash is cleared so that the next import reads its file again: that import puts the
questions in rank order (``position``). Clearing the hash also makes every learner's new-card
cursor (``deck_progress``, tied to the import) start again from 0, which is always safe.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_QUESTION = sa.table("question", sa.column("id", sa.Integer), sa.column("data", sa.JSON),
                     sa.column("siblings", sa.String))
_DECK = sa.table("deck", sa.column("content_sha256", sa.String))


def upgrade() -> None:
    op.add_column("question", sa.Column("siblings", sa.String(200), nullable=True))
    connection = op.get_bind()
    groups = [{"question_id": row.id, "group": row.data["siblings"]}
              for row in connection.execute(sa.select(_QUESTION.c.id, _QUESTION.c.data))
              if isinstance(row.data, dict) and row.data.get("siblings")]
    if groups:
        connection.execute(_QUESTION.update().where(_QUESTION.c.id == sa.bindparam("question_id"))
                           .values(siblings=sa.bindparam("group")), groups)
    connection.execute(_DECK.update().values(content_sha256=""))


def downgrade() -> None:
    op.drop_column("question", "siblings")
