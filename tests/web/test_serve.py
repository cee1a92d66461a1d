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


def test_a_port_in_use_is_refused_before_anything_starts(monkeypatch):
    import socket

    calls = []
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: calls.append(kwargs))
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert serve.port_in_use("127.0.0.1", port)
        result = CliRunner().invoke(serve.main, ["--no-build", "--port", str(port)])
    assert result.exit_code == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.output
    assert "serving" not in result.output and calls == []
    assert not serve.port_in_use("127.0.0.1", port)


def test_dev_py_run_help_names_every_option_of_serve_without_setting_up(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, str(root / "dev.py"), "run", "--help"], capture_output=True,
                            text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0 and "installing" not in result.stdout
    for option in serve.main.params:
        assert f"--{option.name.replace('_', '-')}" in result.stdout, option.name
