"""create_app configuration, the migration check, and the import-decks command."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import webapp.models  # noqa: F401  (registers the tables)
from webapp import create_app
from webapp.db import SchemaOutdated, alembic_config, make_engine

from webapp_support import close_app, make_app


def test_refuses_an_unmigrated_database_and_names_the_command(empty_database_url, decks_dir, clock):
    with pytest.raises(SchemaOutdated) as error:
        make_app(empty_database_url, decks_dir, clock)
    message = str(error.value)
    assert "no schema" in message and "alembic upgrade head" in message and "webapp.serve" in message


def test_refuses_a_database_behind_the_newest_migration(database_url, decks_dir, clock):
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'older'"))
    engine.dispose()
    with pytest.raises(SchemaOutdated, match="older"):
        make_app(database_url, decks_dir, clock)


def test_migrations_create_exactly_the_models(database_url):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                       SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_migrations_downgrade_and_upgrade_again(database_url):
    engine = make_engine(database_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(database_url, connection), "base")
        assert "card" not in sa.inspect(connection).get_table_names()
        command.upgrade(alembic_config(database_url, connection), "head")
        assert "card" in sa.inspect(connection).get_table_names()
    engine.dispose()


def test_config_comes_from_environment_then_test_overrides(database_url, decks_dir, clock, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("FLASK_DECKS_DIR", str(decks_dir))
    monkeypatch.setenv("FLASK_NEW_SETTING", "42")
    app = create_app({"TESTING": True, "CLOCK": clock})
    try:
        assert app.config["DATABASE_URL"] == database_url and app.config["SECRET_KEY"] == "from-env"
        assert app.config["DECKS_DIR"] == str(decks_dir) and app.config["NEW_SETTING"] == 42
    finally:
        close_app(app)
    app = create_app({"TESTING": True, "CLOCK": clock, "SECRET_KEY": "override"})
    try:
        assert app.config["SECRET_KEY"] == "override"
    finally:
        close_app(app)


def test_decks_are_imported_on_start_unless_disabled(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, IMPORT_DECKS_ON_START=False)
    try:
        runner = app.test_cli_runner()
        first = runner.invoke(args=["import-decks"])
        assert first.exit_code == 0 and "mini: 5 added" in first.output
        again = runner.invoke(args=["import-decks"])
        assert "mini: unchanged" in again.output
    finally:
        close_app(app)


def test_import_command_fails_on_a_bad_deck(runner, tmp_path):
    bad = tmp_path / "deck.json"
    bad.write_text('{"format": "quizgen-deck/1"}', "utf-8")
    result = runner.invoke(args=["import-decks", str(bad)])
    assert result.exit_code == 1 and "deck.json" in result.output and "required" in result.output


def test_every_connection_gets_the_databases_settings(app):
    # SQLite: write-ahead log, a busy timeout, foreign keys. PostgreSQL: prepared statements keep
    # one generic plan, no parallel plans and no JIT compilation (their start-up, or compiling,
    # costs far more than the app's statements).
    engine = app.extensions["quizgen_engine"]
    with engine.connect() as connection:
        def setting(sql: str):
            return connection.exec_driver_sql(sql).scalar()

        if engine.dialect.name == "sqlite":
            found = (setting("PRAGMA journal_mode"), setting("PRAGMA busy_timeout"), setting("PRAGMA foreign_keys"))
            assert found == ("wal", 5000, 1)
        else:
            found = (setting("SHOW plan_cache_mode"), setting("SHOW max_parallel_workers_per_gather"),
                     setting("SHOW jit"))
            assert found == ("force_generic_plan", "0", "off")


def test_bounding_deck_texts_cuts_a_row_beyond_its_bound_marks_its_deck_for_import_and_keeps_every_card(
        database_url):
    """(A table rebuild of ``deck`` on SQLite would cascade into every card.)"""
    engine = make_engine(database_url)
    with engine.begin() as connection:
        config = alembic_config(database_url, connection)
        command.downgrade(config, "0010")
        connection.execute(sa.text("INSERT INTO \"user\" (id, email, display_name, password_hash, role, timezone, "
                                   "created_at) VALUES (1, 'a@example.org', '', 'x', 'learner', 'UTC', '2026-01-01')"))
        connection.execute(sa.text("INSERT INTO deck (id, slug, title, description, visibility, source_file, "
                                   "content_sha256, imported_at) VALUES (:id, :slug, 'D', '', 'public', '', 'abc', "
                                   "'2026-01-01')"), [{"id": 1, "slug": "big"}, {"id": 2, "slug": "small"}])
        connection.execute(sa.text(
            "INSERT INTO question (id, deck_id, key, position, kind, format, prompt, answer, accepted, distractors, "
            "evidence, disputed_by, data, content_sha256, retired, updated_at) VALUES (:id, :id, 'q', 0, 'figure', "
            "'cloze', :prompt, '5', '[]', '[]', '[]', '[]', '{}', 'x', false, '2026-01-01')"),
            [{"id": 1, "prompt": "p" * 3000}, {"id": 2, "prompt": "p"}])
        connection.execute(sa.text("INSERT INTO card (id, user_id, question_id, deck_id, state, reps, lapses, "
                                   "version) VALUES (:id, 1, :id, :id, 0, 0, 0, 1)"), [{"id": 1}, {"id": 2}])
        command.upgrade(config, "head")
        prompts = connection.execute(sa.text("SELECT prompt FROM question ORDER BY id")).scalars().all()
        shas = connection.execute(sa.text("SELECT content_sha256 FROM deck ORDER BY id")).scalars().all()
        cards = connection.execute(sa.text("SELECT count(*) FROM card")).scalar_one()
    engine.dispose()
    assert prompts == ["p" * 2000, "p"] and shas == ["", "abc"] and cards == 2
