"""Bounds on the texts a deck file brings in (``webapp.import_bounds``): a deck's description,
a source's title and perspective, a question's prompt, answer and claimant become columns
as wide as their bound. A row already beyond it (imported before the import checked) is
cut to the bound, and its deck is marked for import again, which refuses a file still
beyond a bound with a message naming the field.

On SQLite the column types stay as they are: SQLite does not enforce a VARCHAR's
length, and changing a type there means rebuilding the table, and rebuilding ``deck``
would cascade into every learner's cards. The import's check is the bound there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BOUNDS = {
    "deck": {"description": (5000, False)},
    "source": {"title": (300, False), "perspective": (300, True)},
    "question": {"prompt": (2000, False), "answer": (500, False), "claimant": (300, True)},
}


def upgrade() -> None:
    connection = op.get_bind()
    for table_name, columns in BOUNDS.items():
        for column, (length, _nullable) in columns.items():
            table = sa.table(table_name, sa.column(column, sa.String), sa.column("id", sa.Integer),
                             *([sa.column("deck_id", sa.Integer)] if table_name != "deck" else []))
            over = sa.func.length(table.c[column]) > length
            deck_ids = table.c.id if table_name == "deck" else table.c.deck_id
            affected = [row[0] for row in connection.execute(sa.select(deck_ids).where(over).distinct())]
            if affected:
                decks = sa.table("deck", sa.column("id", sa.Integer), sa.column("content_sha256", sa.String))
                connection.execute(decks.update().where(decks.c.id.in_(affected)).values(content_sha256=""))
                cut = sa.func.substr(table.c[column], 1, length)
                connection.execute(table.update().where(over).values({column: cut}))
    if connection.dialect.name == "sqlite":
        return  # see the module docstring
    for table_name, columns in BOUNDS.items():
        for column, (length, nullable) in columns.items():
            op.alter_column(table_name, column, type_=sa.String(length), existing_type=sa.String(),
                            existing_nullable=nullable)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table_name, columns in BOUNDS.items():
        for column, (length, nullable) in columns.items():
            op.alter_column(table_name, column, type_=sa.String(), existing_type=sa.String(length),
                            existing_nullable=nullable)
