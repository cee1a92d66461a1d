"""Back up and restore a whole instance: every table that matters and the teachers' deck folders.

    flask --app webapp backup OUT.tar.gz
    flask --app webapp restore IN.tar.gz      (into a freshly migrated, empty database)

A deck lives in two places, its rows and its files under ``TEACHER_DECKS_DIR``. The
backup reads every table inside one read-only transaction (a snapshot: REPEATABLE
READ on PostgreSQL, one read transaction on SQLite) and copies the deck folders
while that snapshot is open, so it can run while the app serves. Rows are written
as JSON, one file per table, which restores into SQLite or PostgreSQL alike.

Left out on purpose: logins (``login_session``: everyone logs in again after a
restore), the login and sign-up counters, and build jobs (a restored build is
simply run again).
"""

from __future__ import annotations

import io
import json
import tarfile
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import SQLModel

from . import models  # (its tables are in SQLModel.metadata)
from .db import check_schema_current

FORMAT = "quizgen-backup/1"
SKIPPED = {"login_session", "login_throttle", "rate_event", "build_job"}


class RestoreRefused(RuntimeError):
    """The archive cannot be restored here; the message says why."""


def _tables() -> list[sa.Table]:
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in SKIPPED]


def _typed(table: sa.Table, row: dict) -> dict:
    """A row as read from JSON, with dates and times as the columns want them."""
    for column in table.columns:
        value = row.get(column.name)
        kind = column.type.impl if isinstance(column.type, sa.TypeDecorator) else column.type
        if isinstance(value, str) and isinstance(kind, sa.DateTime):
            row[column.name] = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(kind, sa.Date):
            row[column.name] = date.fromisoformat(value)
    return row


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def backup(engine: sa.Engine, decks_folder: Path, out: Path) -> dict[str, int]:
    """Write the archive; returns the number of rows per table."""
    counts: dict[str, int] = {}
    tmp = out.with_name(out.name + ".partial")
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin(), tarfile.open(tmp, "w:gz") as archive:
            revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
            for table in _tables():
                rows = [dict(row._mapping)
                        for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))]
                counts[table.name] = len(rows)
                # (dates and times as ISO text: JSON's default for what it cannot write itself)
                _add(archive, f"tables/{table.name}.json",
                     json.dumps(rows, ensure_ascii=False, default=lambda value: value.isoformat()).encode())
            if decks_folder.is_dir():
                archive.add(decks_folder, arcname="teacher-decks")
            _add(archive, "backup.json", json.dumps({"format": FORMAT, "revision": revision,
                                                     "rows": counts}).encode())
    tmp.replace(out)
    return counts


def restore(engine: sa.Engine, decks_folder: Path, archive_path: Path) -> dict[str, int]:
    """Load the archive into an empty database at the same migration; returns rows per table."""
    check_schema_current(engine)
    with tarfile.open(archive_path, "r:gz") as archive:
        meta = json.loads(_read(archive, "backup.json"))
        if meta.get("format") != FORMAT:
            raise RestoreRefused(f"{archive_path}: not a quizgen backup")
        with engine.begin() as connection:
            revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
            if revision != meta["revision"]:
                raise RestoreRefused(f"the backup is of database revision {meta['revision']}, this database is at "
                                     f"{revision}: migrate a fresh database to {meta['revision']} first")
            if connection.execute(sa.select(sa.func.count()).select_from(models.User)).scalar_one():
                raise RestoreRefused("the database already has accounts; restore into an empty one")
            if decks_folder.exists() and any(decks_folder.iterdir()):
                raise RestoreRefused(f"{decks_folder} is not empty")
            counts = {}
            for table in _tables():
                rows = [_typed(table, row) for row in json.loads(_read(archive, f"tables/{table.name}.json"))]
                if rows:
                    connection.execute(table.insert(), rows)
                counts[table.name] = len(rows)
            if engine.dialect.name == "postgresql":
                _reset_sequences(connection)
        members = [m for m in archive.getmembers() if m.name.startswith("teacher-decks/")]
        decks_folder.mkdir(parents=True, exist_ok=True)
        for member in members:
            member.name = member.name.removeprefix("teacher-decks/")
            archive.extract(member, decks_folder, filter="data")
    return counts


def _read(archive: tarfile.TarFile, name: str) -> bytes:
    member = archive.extractfile(name)
    if member is None:
        raise RestoreRefused(f"the archive has no {name}")
    return member.read()


def _reset_sequences(connection: sa.Connection) -> None:
    """Rows came with their ids: move each id sequence past them."""
    for table in _tables():
        id_column = table.columns.get("id")
        if id_column is None or not isinstance(id_column.type, sa.Integer):
            continue
        connection.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))
