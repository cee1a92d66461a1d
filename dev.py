#!/usr/bin/env python3
"""Set up and run quizgen from a fresh clone with nothing but Python and pip.

    python3 dev.py run     build the sample decks and serve the app (SQLite)
    python3 dev.py test    lint (ruff), type-check (mypy), then run the whole test suite

Both create ``.venv`` and install the pinned packages (requirements.lock) the
first time, so they are safe to run on a new machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".installed"
CHROMIUM = Path("/usr/bin/chromium")


def sh(*args: str | Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)


def ensure_venv() -> None:
    lock = ROOT / "requirements.lock"
    want = lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    if STAMP.exists() and STAMP.read_bytes() == want:
        return
    if not PY.exists():
        print("creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing the pinned packages into .venv (first run only; this takes a few minutes "
          "and prints nothing until it is done)", flush=True)
    sh(PY, "-m", "pip", "install", "-q", "--upgrade", "pip")
    sh(PY, "-m", "pip", "install", "-q", "-r", lock)
    sh(PY, "-m", "pip", "install", "-q", "--no-deps", "-e", ".")
    STAMP.write_bytes(want)


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; install it when we are allowed to."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("installing Debian's chromium for the browser tests", flush=True)
        sh("apt-get", "update", "-q")
        sh("apt-get", "install", "-y", "-q", "chromium")
    else:
        print("warning: /usr/bin/chromium missing and apt-get unavailable; browser tests will skip",
              file=sys.stderr)


RUN_HELP = """usage: python3 dev.py run [--host HOST] [--port PORT] [--no-build] [--debug]

Build the sample decks, migrate the SQLite database in instance/ (DATABASE_URL for another),
create the demo learner and teacher, and serve the app.

  --host HOST   address to listen on (default 127.0.0.1)
  --port PORT   port to listen on (default 5000); a port already in use stops it with a message
  --no-build    do not rebuild the decks first
  --debug       Flask debug mode with the reloader"""


def run(argv: list[str]) -> int:
    if {"-h", "--help"} & set(argv):
        print(RUN_HELP)  # (no set-up needed to say how to use it)
        return 0
    ensure_venv()
    env = dict(os.environ)
    return subprocess.call([str(PY), "-m", "webapp.serve", *argv], cwd=ROOT, env=env)


def test(argv: list[str]) -> int:
    ensure_venv()
    ensure_chromium()
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    # Lint and type-check first (settings in pyproject.toml); both always run, so one run
    # shows all their findings, and either failing fails the command.
    print("== ruff ==", flush=True)
    lint = subprocess.call([str(PY), "-m", "ruff", "check", "."], cwd=ROOT, env=env)
    print("== mypy ==", flush=True)
    lint = subprocess.call([str(PY), "-m", "mypy"], cwd=ROOT, env=env) or lint
    print("== tests on SQLite ==", flush=True)
    code = subprocess.call([str(PY), "-m", "pytest", *argv], cwd=ROOT, env=env)
    pg_url = os.environ.get("QUIZGEN_TEST_POSTGRES_URL")
    if code == 0 and pg_url:
        print(f"== tests on PostgreSQL ({pg_url}) ==", flush=True)
        env["QUIZGEN_TEST_DATABASE_URL"] = pg_url
        code = subprocess.call([str(PY), "-m", "pytest", "-m", "not browser", *argv], cwd=ROOT, env=env)
    return code or lint


def main() -> int:
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__.strip())
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
