"""webapp.serve: rebuild decks, migrate, create demo users, serve."""

from __future__ import annotations

from click.testing import CliRunner
from flask import Flask
from sqlmodel import Session, select

from webapp import serve
from webapp.db import make_engine
from webapp.models import Deck, User


def test_failed_build_keeps_the_existing_deck(tmp_path, capsys):
    folder = tmp_path / "decks" / "broken"
    folder.mkdir(parents=True)
    (folder / "sources.toml").write_text("this is [not toml", "utf-8")
    (folder / "deck.json").write_text("previous deck", "utf-8")
    (tmp_path / "decks" / "no-manifest").mkdir()
    serve.build_decks(tmp_path / "decks")
    err = capsys.readouterr().err
    assert "could not build broken (keeping the existing deck.json)" in err
    assert "no-manifest" not in err
    assert (folder / "deck.json").read_text("utf-8") == "previous deck"


def test_serve_migrates_creates_demo_users_and_runs(empty_database_url, decks_dir, monkeypatch):
    calls = []
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: calls.append(kwargs))
    monkeypatch.setenv("SECRET_KEY", "serve-test")
    monkeypatch.setenv("FLASK_DECKS_DIR", str(decks_dir))
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    for _ in range(2):  # idempotent
        result = CliRunner().invoke(serve.main, ["--no-build", "--port", "5055"])
        assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5055/" in result.output
    assert "learner@example.org" in result.output and "teacher@example.org" in result.output
    assert serve.DEMO_PASSWORD in result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 5055
    engine = make_engine(empty_database_url)
    with Session(engine) as session:
        roles = {u.email: u.role for u in session.exec(select(User))}
        assert roles == {"learner@example.org": "learner", "teacher@example.org": "teacher"}
        assert session.exec(select(Deck)).one().slug == "mini"
    engine.dispose()
