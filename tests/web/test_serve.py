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


def _process_tree(root: int) -> dict[int, str]:
    """Command line of ``root`` and of every process descended from it (read from /proc)."""
    import os

    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in tree]
        tree.update(children)
        frontier = children
    commands = {}
    for pid in tree:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                commands[pid] = cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
    return commands


def test_serve_with_the_reloader_starts_exactly_one_build_worker(empty_database_url, decks_dir, tmp_path):
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "DATABASE_URL": empty_database_url, "FLASK_DECKS_DIR": str(decks_dir),
                   "SECRET_KEY": "serve-debug-test", "FLASK_BUILD_QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}"}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "webapp.serve", "--debug", "--no-build", "--port", str(port)],
                              cwd=Path(__file__).resolve().parents[2], env=environment, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
        commands = _process_tree(server.pid)
        servers = [pid for pid, command in commands.items() if "webapp.serve" in command]
        workers = [pid for pid, command in commands.items() if "webapp.build_worker" in command]
        assert len(servers) == 2, commands  # the reloader's watcher and the process that serves
        assert len(workers) == 1, commands
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
