"""Run the web app locally: rebuild the sample decks, migrate, create demo users, serve,
and run a build worker beside the server for teachers' builds.

    python -m webapp.serve [--host 127.0.0.1] [--port 5000] [--no-build]

This is what ``python3 dev.py run`` calls. It uses DATABASE_URL when set
(PostgreSQL works too), else a SQLite file under ``instance/``.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

import click

from . import create_app, db
from .repo.users import ensure_user

INSTANCE_DIR = db.REPO_ROOT / "instance"
DEMO_PASSWORD = os.environ.get("QUIZGEN_DEMO_PASSWORD", "practise-with-sources")
DEMO_USERS = (("learner@example.org", "learner", "Demo learner"),
              ("teacher@example.org", "teacher", "Demo teacher"))


def build_decks(decks_dir: Path) -> None:
    """Rebuild each deck that has a sources.toml; on failure keep the deck.json already there."""
    for folder in sorted(p for p in decks_dir.iterdir() if (p / "sources.toml").is_file()):
        out = folder / "deck.json"
        result = subprocess.run([sys.executable, "-m", "quizgen", "build", str(folder), "-o", str(out),
                                 "--quiet"], capture_output=True, text=True, cwd=db.REPO_ROOT)
        if result.returncode == 0:
            click.echo(f"built {out.relative_to(db.REPO_ROOT)}")
        else:
            detail = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
            kept = "keeping the existing deck.json" if out.exists() else "no deck.json to fall back on"
            click.echo(f"could not build {folder.name} ({kept}):\n  {detail}", err=True)


def is_loopback(host: str) -> bool:
    """Is ``host`` (the address we serve on) reachable from this machine only?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secret_key() -> str:
    """SECRET_KEY from the environment, else one kept in instance/ so logins survive restarts."""
    if key := os.environ.get("SECRET_KEY") or os.environ.get("FLASK_SECRET_KEY"):
        return key
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on ``host:port`` (bound as werkzeug binds, address reuse on)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-build", is_flag=True, help="Do not rebuild the decks before starting.")
@click.option("--debug", is_flag=True, help="Flask debug mode with the reloader.")
def main(host: str, port: int, no_build: bool, debug: bool) -> None:
    # With --debug, werkzeug's reloader runs this function again in a child process (and again
    # after every code change) to serve. The first process does everything once (the port check,
    # builds, migration, demo users) and runs the one build worker, which outlives the reloads;
    # the child only serves.
    reloader_child = debug and os.environ.get("WERKZEUG_RUN_MAIN") == "true"
    if not reloader_child and port_in_use(host, port):
        click.echo(f"Port {port} on {host} is already in use (another quizgen, or another program). "
                   f"Stop it, or choose another port: python3 dev.py run --port {port + 1}", err=True)
        sys.exit(1)
    decks_dir = Path(os.environ.get("FLASK_DECKS_DIR", db.REPO_ROOT / "decks"))
    if not no_build and not reloader_child:
        build_decks(decks_dir)
    url = os.environ.get("DATABASE_URL") or db.sqlite_url(INSTANCE_DIR / "quizgen.sqlite3")
    INSTANCE_DIR.mkdir(exist_ok=True)
    if not reloader_child:
        db.upgrade_database(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": secret_key(), "DECKS_DIR": str(decks_dir),
                      "IMPORT_DECKS_ON_START": not reloader_child,
                      # plain http on this machine only: cookies without Secure, or no login would stick
                      **({"SECURE_COOKIES": False} if is_loopback(host) else {})})
    worker = None
    if not reloader_child:
        with app.app_context():
            for email, role, name in DEMO_USERS:
                ensure_user(email, DEMO_PASSWORD, role=role, display_name=name, session=db.get_session())
        address = f"http://{host}:{port}/"
        click.echo(f"\nquizgen is serving at {address}")
        for email, role, _name in DEMO_USERS:
            click.echo(f"  {role:8} login: {email}  password: {DEMO_PASSWORD}")
        click.echo("Press Ctrl+C to stop.\n")
        worker = start_build_worker(url)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the worker too when we are stopped
    try:
        app.run(host=host, port=port, debug=debug, use_reloader=debug)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        db.dispose_engine(app)


def start_build_worker(database_url: str) -> subprocess.Popen:
    """The build worker beside the server: teachers' builds run there (``webapp.build_worker``)."""
    environment = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen([sys.executable, "-m", "webapp.build_worker"], cwd=db.REPO_ROOT, env=environment)


if __name__ == "__main__":
    main()
