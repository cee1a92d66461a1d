"""The app under gunicorn: concurrent ratings of one card, a SIGKILL in the middle of reviews,
and refusing to start without a secret key or on an unmigrated database.

Each test starts a real gunicorn (several worker processes, threads) on a
loopback port against the test database (SQLite file or PostgreSQL schema),
and drives it over HTTP with ``requests`` the way browsers would: CSRF
tokens, session cookies, htmx headers.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlmodel import Session, select

from webapp import scheduling
from webapp.db import make_engine
from webapp.models import Card, ReviewLog, User
from webapp.repo.users import create_user

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
HX = {"HX-Request": "true"}
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    database_url: str
    decks_dir: Path
    log: Path
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = self.port or free_port()
        env = {**os.environ, "SECRET_KEY": "production-test-secret", "DATABASE_URL": self.database_url,
               "FLASK_DECKS_DIR": str(self.decks_dir), "QUIZGEN_BIND": f"127.0.0.1:{self.port}",
               "WEB_CONCURRENCY": "2", "QUIZGEN_THREADS": "4",
               # plain http on the loopback address: cookies without Secure, as a local run sets
               "FLASK_SECURE_COOKIES": "false"}
        with self.log.open("ab") as log:
            # A session of its own, so the whole server (master and workers) can be killed as a group.
            self.process = subprocess.Popen([sys.executable, "-m", "gunicorn", "webapp.wsgi:app"], cwd=ROOT,
                                            env=env, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or slow to answer
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log.read_text()[-3000:]}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=10)
        self.process = None


@contextmanager
def running_server(database_url: str, decks_dir: Path, tmp_path: Path) -> Iterator[Server]:
    server = Server(database_url, decks_dir, tmp_path / "gunicorn.log")
    server.start()
    try:
        yield server
    finally:
        server.kill(signal.SIGTERM)


def make_learners(database_url: str, count: int) -> list[str]:
    engine = make_engine(database_url)
    with Session(engine) as session:
        emails = [f"learner{n}@example.org" for n in range(count)]
        for email in emails:
            create_user(email, PASSWORD, session=session)
    engine.dispose()
    return emails


def logged_in(server: Server, email: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{server.base}/login", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = browser.post(f"{server.base}/login", data={"email": email, "password": PASSWORD,
                                                          "csrf_token": token}, allow_redirects=False,
                            timeout=10)
    assert response.status_code == 303, response.text
    # Logging in starts a fresh session with a new CSRF token: read it from a page.
    page = browser.get(f"{server.base}/account", timeout=10).text
    browser.headers["X-CSRFToken"] = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    return browser


def shown_card(html: str) -> tuple[int, int] | None:
    card = re.search(r'<article id="card"[^>]*>', html)
    if card is None:
        return None
    question = re.search(r'data-question="(\d+)"', card.group(0))
    version = re.search(r'data-version="(\d+)"', card.group(0))
    return int(question.group(1)), int(version.group(1))


def rate(server: Server, browser: requests.Session, question: int, version: int, rating: int):
    return browser.post(f"{server.base}/decks/mini/study/rate", headers=HX, timeout=10,
                        data={"question_id": question, "version": version, "rating": rating})


def test_two_workers_rating_the_same_card_at_once_record_one_review(database_url, decks_dir, tmp_path):
    (email,) = make_learners(database_url, 1)
    with running_server(database_url, decks_dir, tmp_path) as server:
        browser = logged_in(server, email)
        question, version = shown_card(browser.get(f"{server.base}/decks/mini/study", headers=HX).text)
        for round_number in range(3):
            # Separate connections, released together: the requests land on different workers/threads.
            clones = []
            for _ in range(8):
                clone = requests.Session()
                clone.cookies.update(browser.cookies)
                clone.headers.update(browser.headers)
                clones.append(clone)
            start = threading.Barrier(len(clones))
            statuses: list[int] = []

            def submit(clone: requests.Session, start: threading.Barrier, statuses: list[int], version: int) -> None:
                start.wait()
                statuses.append(rate(server, clone, question, version, 1).status_code)

            threads = [threading.Thread(target=submit, args=(clone, start, statuses, version)) for clone in clones]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(statuses) == [200] + [409] * 7, (round_number, statuses)
            version += 1
    engine = make_engine(database_url)
    with Session(engine) as session:
        logs = session.exec(select(ReviewLog).where(ReviewLog.question_id == question)).all()
        card = session.exec(select(Card).where(Card.question_id == question)).one()
    engine.dispose()
    assert len(logs) == 3 and card.version == 3 and card.reps == 3


@dataclass
class Acknowledged:
    email: str
    question: int
    version: int
    rating: int


def study_until(server: Server, email: str, stop: threading.Event, acknowledged: list[Acknowledged],
                seed: int) -> None:
    """Rate cards until ``stop``, riding out the server's death: log in again, retry the rating."""
    chooser = random.Random(seed)
    browser: requests.Session | None = None
    pending: tuple[int, int, int] | None = None  # a rating sent but not answered
    while not stop.is_set():
        try:
            if browser is None:
                browser = logged_in(server, email)
            if pending is None:
                shown = shown_card(browser.get(f"{server.base}/decks/mini/study", headers=HX,
                                               timeout=10).text)
                if shown is None:
                    return
                # Again and Hard keep cards in learning, so the small deck never runs dry.
                pending = (*shown, chooser.choice((1, 1, 2)))
            response = rate(server, browser, *pending)
            if response.status_code == 200:
                acknowledged.append(Acknowledged(email, *pending))
            pending = None  # 409: recorded before the crash (or never); either way, move on
        except requests.RequestException:
            time.sleep(0.05)  # server down: keep the pending rating and send it again


def replay_matches(card: Card, logs: list[ReviewLog]) -> None:
    """Each log starts from the state the previous one left, and the card is the last outcome."""
    fields = scheduling.new_card_fields()
    for number, log in enumerate(logs):
        assert log.card_before == scheduling.snapshot(fields), (card.id, number)
        fields = scheduling.review(fields, scheduling.Rating(log.rating), log.reviewed_at,
                                   card_id=log.question_id, desired_retention=0.9)
        assert (log.state_after, log.due_after) == (fields["state"], fields["due"])
    assert {name: getattr(card, name) for name in scheduling.CARD_FIELDS} == fields
    assert card.version == card.reps == len(logs)


def _wait_for(condition, *, at_least: float = 2.5, at_most: float = 30) -> None:
    """Wait ``at_least`` seconds, then until ``condition()`` holds or ``at_most`` seconds passed."""
    start = time.monotonic()
    time.sleep(at_least)
    while not condition() and time.monotonic() - start < at_most:
        time.sleep(0.1)


def test_sigkill_mid_review_loses_no_acknowledged_review(database_url, decks_dir, tmp_path):
    emails = make_learners(database_url, 4)
    acknowledged: list[Acknowledged] = []
    with running_server(database_url, decks_dir, tmp_path) as server:
        stop = threading.Event()
        learners = [threading.Thread(target=study_until, args=(server, email, stop, acknowledged, n))
                    for n, email in enumerate(emails)]
        for thread in learners:
            thread.start()
        _wait_for(lambda: len(acknowledged) >= 4)  # (at least 2.5 s of reviews, longer on a busy machine)
        before_kill = len(acknowledged)
        server.kill(signal.SIGKILL)
        server.start()  # same port, same database
        _wait_for(lambda: len(acknowledged) >= before_kill + 4)
        stop.set()
        for thread in learners:
            thread.join(timeout=20)
        assert before_kill > 0 and len(acknowledged) > before_kill, "reviews ran before and after the kill"

    engine = make_engine(database_url)
    with Session(engine) as session:
        user_ids = {user.email: user.id for user in session.exec(select(User))}
        logs = session.exec(select(ReviewLog).order_by(ReviewLog.id)).all()
        cards = session.exec(select(Card)).all()
    engine.dispose()
    recorded = {(log.user_id, log.question_id, log.card_before["reps"]): log.rating for log in logs}
    assert len(recorded) == len(logs), "a presentation was recorded twice"
    for ack in acknowledged:
        assert recorded.get((user_ids[ack.email], ack.question, ack.version)) == ack.rating, ack
    for card in cards:
        replay_matches(card, [log for log in logs if log.card_id == card.id])


def test_tests_run_on_the_configured_database_each_in_a_fresh_one(database_url, tmp_path):
    """With QUIZGEN_TEST_DATABASE_URL set (the PostgreSQL run in CI) the tests really use PostgreSQL,
    each in a schema of its own; otherwise a SQLite file of their own."""
    server_url = os.environ.get("QUIZGEN_TEST_DATABASE_URL")
    engine = make_engine(database_url)
    try:
        assert engine.dialect.name == ("postgresql" if server_url else "sqlite")
        with Session(engine) as session:
            assert session.exec(select(User)).first() is None
        if server_url:
            with engine.connect() as connection:
                schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
            assert schema.startswith("test_")
        else:
            assert str(tmp_path) in database_url
    finally:
        engine.dispose()


def _gunicorn_refusal(tmp_path: Path, **env: str | None) -> str:
    """Start gunicorn expecting it to give up; return what it logged. ``None`` unsets a variable."""
    full_env = {**os.environ, "FLASK_DECKS_DIR": str(tmp_path), "QUIZGEN_BIND": f"127.0.0.1:{free_port()}",
                "WEB_CONCURRENCY": "1", **env}
    full_env = {name: value for name, value in full_env.items() if value is not None}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "webapp.wsgi:app"], cwd=ROOT, env=full_env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    return result.stdout + result.stderr


def test_gunicorn_refuses_an_unmigrated_database_and_names_the_command(empty_database_url, tmp_path):
    log = _gunicorn_refusal(tmp_path, SECRET_KEY="x", DATABASE_URL=empty_database_url, QUIZGEN_MIGRATE="0")
    assert "alembic upgrade head" in log


def test_gunicorn_refuses_to_start_without_a_secret_key(database_url, tmp_path):
    log = _gunicorn_refusal(tmp_path, DATABASE_URL=database_url, SECRET_KEY=None, FLASK_SECRET_KEY=None)
    assert "SECRET_KEY is not set" in log
