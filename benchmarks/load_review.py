"""Load benchmark: the review round trip (show a card, rate it) under gunicorn, many learners at once.

    python benchmarks/load_review.py [--database-url URL] [--learners 32] [--seconds 20]
                                     [--rounds 4] [--warmup 6] [--sizes 1000,100000] [--workers N]

For each schedule size the script makes a fresh database (a SQLite file, or a
new schema in the PostgreSQL database given by ``--database-url``), seeds it
directly with bulk inserts (one deck; per learner that many review cards,
each with one review-log row, of which ``--due`` are due now, and its
new-card cursor after them), starts
gunicorn on a loopback port, and runs two timed phases against that one
server: ``/healthz`` (a trivial request that still touches the database),
then the review round trip. Both run unmeasured for ``--warmup`` seconds
first, so the figures are of a server in service rather than one starting
up. The two alternate ``--rounds`` times (each round
a ``--seconds``/``--rounds`` slice of each), so a burst of other work on a
shared machine weighs on both. Every learner is a thread with its own
``requests.Session``, logged in through the login form.

Printed per phase, over all rounds: requests/s, p50/p95/p99 latency, failed
requests by kind (HTTP status, a study page with no card, a connection
error; with the end of the server's log if there were any), and CPU
time per request of the server's processes, of this client process, of the
database's backends (PostgreSQL on this machine) and of the rest of the
machine (on Linux); each learner's mean latency (lowest, median, highest:
a kept-alive connection stays with the worker that accepted it); the load
average before and after; then the ratio of review requests/s to
/healthz requests/s (over all rounds, and per round with the median), and how
p50 grows with the size of the schedule.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from webapp import scheduling  # noqa: E402
from webapp.db import make_engine, scratch_database, upgrade_database  # noqa: E402
from webapp.models import Deck  # noqa: E402
from webapp.repo.users import hash_password  # noqa: E402

PASSWORD = "benchmark password"
HX = {"HX-Request": "true"}
SLUG = "bench"
UNSEEN = 200          # questions each learner has not met yet
FUTURE_BUCKETS = 50   # spread the not-yet-due cards over this many due dates


# --- database ----------------------------------------------------------------------------------

def seed(url: str, *, learners: int, cards: int, due_now: int) -> list[str]:
    """One deck of ``cards + UNSEEN`` questions; each learner has ``cards`` review cards."""
    now = datetime.now(UTC)
    reviewed = now - timedelta(days=10)
    fsrs_card = {"card_id": 1, "state": 2, "step": None, "stability": 12.0, "difficulty": 5.0,
                 "due": (now - timedelta(hours=1)).isoformat(), "last_review": reviewed.isoformat()}
    before = scheduling.snapshot({**scheduling.new_card_fields()})
    naive = {name: value.replace(tzinfo=None) for name, value in
             {"now": now, "reviewed": reviewed, "past": now - timedelta(hours=1)}.items()}
    engine = make_engine(url)
    emails = [f"learner{n}@example.org" for n in range(learners)]
    version = Deck(slug=SLUG, title="Benchmark deck", content_sha256="", imported_at=now).import_version
    with engine.begin() as db:
        db.execute(sa.text("INSERT INTO deck (slug, title, description, visibility, source_file, "
                           "content_sha256, imported_at) VALUES (:slug, 'Benchmark deck', '', 'public', "
                           "'', '', :now)"), {"slug": SLUG, "now": naive["now"]})
        deck_id = db.execute(sa.text("SELECT id FROM deck WHERE slug = :slug"), {"slug": SLUG}).scalar_one()
        text = "".join(f"Event {n} happened in {1800 + n % 200}. " for n in range(200))
        db.execute(sa.text("INSERT INTO source (deck_id, key, title, kind, sha256, text) "
                           "VALUES (:deck, 'chronicle', 'Chronicle', 'book', '', :text)"),
                   {"deck": deck_id, "text": text})
        questions: list[dict[str, Any]] = []
        for n in range(cards + UNSEEN):
            quote_start = text.index(f"Event {n % 200} ")
            exact = text[quote_start:text.index(".", quote_start) + 1]
            answer = str(1800 + n % 200)
            evidence = [{"source": "chronicle", "exact": exact, "start": quote_start,
                         "end": quote_start + len(exact), "value": answer, "claimant": None}]
            questions.append({"deck_id": deck_id, "key": f"q{n}", "position": n, "kind": "date",
                              "format": "type_in", "prompt": f"In what year did event {n} happen? ___",
                              "answer": answer, "accepted": [], "distractors": [], "evidence": evidence,
                              "disputed_by": [], "data": {}, "content_sha256": "", "retired": False,
                              "updated_at": naive["now"]})
        question_table = sa.table("question", *(sa.column(name) for name in questions[0]))
        for column in ("accepted", "distractors", "evidence", "disputed_by", "data"):
            question_table.c[column].type = sa.JSON()
        db.execute(question_table.insert(), questions)
        password_hash = hash_password(PASSWORD)  # one scrypt for everyone: seeding stays fast
        for email in emails:
            db.execute(sa.text("INSERT INTO \"user\" (email, display_name, password_hash, role, timezone, "
                               "created_at) VALUES (:email, '', :hash, 'learner', 'UTC', :now)"),
                       {"email": email, "hash": password_hash, "now": naive["now"]})
            user_id = db.execute(sa.text('SELECT id FROM "user" WHERE email = :email'),
                                 {"email": email}).scalar_one()
            _seed_cards(db, user_id, deck_id, cards, due_now, fsrs_card, before, naive)
            db.execute(sa.text("INSERT INTO deck_settings (user_id, deck_id, new_per_day, reviews_per_day, "
                               "desired_retention) VALUES (:user, :deck, 20, 100000, 0.9)"),
                       {"user": user_id, "deck": deck_id})
            # A learner who has seen the first `cards` questions has their new-card cursor there
            # (the app would have stored it along the way; without it, each learner's first visit
            # would walk past every seen question once, which is not what is being measured).
            db.execute(sa.text("INSERT INTO deck_progress (user_id, deck_id, new_position, deck_version, version) "
                               "VALUES (:user, :deck, :position, :deck_version, 1)"),
                       {"user": user_id, "deck": deck_id, "position": cards, "deck_version": version})
    if url.startswith("postgresql"):
        # Bulk-inserted rows are vacuumed as a database in service would have them: otherwise
        # autovacuum works through millions of new rows during the measurement, and index-only
        # scans visit the table for want of a visibility map. Then a checkpoint writes them out,
        # or the checkpointer would spend the measurement doing it.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(sa.text('VACUUM (ANALYZE) deck, source, question, "user", card, review_log, deck_settings, '
                               'deck_progress'))
            try:
                db.execute(sa.text("CHECKPOINT"))
            except sa.exc.DBAPIError as error:  # it needs a superuser (or pg_checkpoint)
                print(f"no checkpoint after seeding ({error.orig}): the measurement may include its writes")
    else:
        with engine.begin() as db:
            db.execute(sa.text("ANALYZE"))
    engine.dispose()
    return emails


def _seed_cards(db, user_id: int, deck_id: int, cards: int, due_now: int, fsrs_card: dict,
                before: dict, naive: dict) -> None:
    insert_cards = sa.text(
        "INSERT INTO card (user_id, question_id, deck_id, state, step, stability, difficulty, due, "
        "last_review, reps, lapses, version, fsrs) "
        "SELECT :user, id, deck_id, 2, NULL, 12.0, 5.0, :due, :reviewed, 1, 0, 1, :fsrs FROM question "
        "WHERE deck_id = :deck AND position >= :low AND position < :high"
    ).bindparams(sa.bindparam("fsrs", type_=sa.JSON()))
    common = {"user": user_id, "deck": deck_id, "reviewed": naive["reviewed"], "fsrs": fsrs_card}
    db.execute(insert_cards, {**common, "due": naive["past"], "low": 0, "high": due_now})
    step = max(1, (cards - due_now) // FUTURE_BUCKETS + 1)
    for bucket, low in enumerate(range(due_now, cards, step)):
        db.execute(insert_cards, {**common, "due": naive["now"] + timedelta(days=2 + bucket * 7),
                                  "low": low, "high": min(cards, low + step)})
    db.execute(sa.text(
        "INSERT INTO review_log (card_id, user_id, deck_id, question_id, rating, reviewed_at, study_day, "
        "state_before, state_after, due_after, card_before) "
        "SELECT id, user_id, deck_id, question_id, 3, :reviewed, :day, 0, 2, due, :before FROM card "
        "WHERE user_id = :user"
    ).bindparams(sa.bindparam("before", type_=sa.JSON())),
        {"user": user_id, "reviewed": naive["reviewed"], "day": naive["reviewed"].date(), "before": before})


# --- CPU accounting (Linux /proc; figures are left out elsewhere) ------------------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _process_tree(root: int) -> list[int]:
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        with suppress(OSError):  # the process ended meanwhile
            todo += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return found


def _process_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _machine_busy() -> float:
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9])
    return (user + nice + system + irq + softirq + steal) / TICK


def database_backends(url: str) -> list[int]:
    """The process ids of the PostgreSQL backends connected to the database of ``url`` (the app's
    pooled connections, once the warm-up has opened them); none for SQLite, or when the server's
    processes are not on this machine."""
    if not url.startswith("postgresql"):
        return []
    engine = sa.create_engine(url)
    try:
        with engine.connect() as db:
            pids = db.execute(sa.text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                      "AND pid <> pg_backend_pid()")).scalars().all()
    finally:
        engine.dispose()
    return [pid for pid in pids if Path(f"/proc/{pid}/stat").exists()]


def load_average() -> str:
    with suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "unknown"


@dataclass
class CpuClock:
    """CPU seconds used by the server's processes, by this (client) process, by the database's
    backends serving the server (PostgreSQL on this machine), and by the whole machine."""

    server_root: int
    database_pids: list[int] = field(default_factory=list)
    started: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    def read(self) -> tuple[float, float, float, float]:
        if not Path("/proc/stat").exists():
            return 0.0, 0.0, 0.0, 0.0
        times = os.times()
        return (sum(_process_cpu(pid) for pid in _process_tree(self.server_root)),
                times.user + times.system, sum(_process_cpu(pid) for pid in self.database_pids),
                _machine_busy())

    def start(self) -> None:
        self.started = self.read()

    def stop(self) -> tuple[float, float, float, float]:
        (server, client, database, machine), started = self.read(), self.started
        return server - started[0], client - started[1], database - started[2], machine - started[3]


# --- server and clients ------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(url: str, workdir: Path, workers: int | None):
    port = free_port()
    empty_decks = workdir / "no-decks"
    empty_decks.mkdir(exist_ok=True)
    env = {**os.environ, "SECRET_KEY": "benchmark-secret", "DATABASE_URL": url,
           "FLASK_DECKS_DIR": str(empty_decks), "QUIZGEN_BIND": f"127.0.0.1:{port}",
           "FLASK_SECURE_COOKIES": "false"}  # plain http on the loopback address
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    log = (workdir / "gunicorn.log").open("ab")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "webapp.wsgi:app"], cwd=ROOT, env=env,
                               stdout=log, stderr=log, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {workdir / 'gunicorn.log'}")
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield base, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def log_in(base: str, email: str) -> requests.Session:
    browser = requests.Session()
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', browser.get(f"{base}/login").text)
    assert found is not None, "the login page has no CSRF token"
    token = found.group(1)
    response = browser.post(f"{base}/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                            allow_redirects=False)
    if response.status_code != 303:
        raise RuntimeError(f"login failed for {email}: {response.status_code}")
    # Logging in starts a fresh session with a new CSRF token: read it from a page.
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', browser.get(f"{base}/account").text)
    assert found is not None, "the account page has no CSRF token"
    browser.headers["X-CSRFToken"] = found.group(1)
    return browser


@dataclass
class Phase:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    by_learner: dict[int, list[float]] = field(default_factory=dict)  # each learner's latencies
    failures: Counter = field(default_factory=Counter)  # what went wrong, by kind
    reviews: int = 0
    cpu: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # server, client, database, machine CPU s

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[p - 1] * 1000

    def line(self) -> str:
        return (f"{self.name:28} {self.rate:8.1f} req/s   p50 {self.percentile(50):6.1f} ms   "
                f"p95 {self.percentile(95):6.1f} ms   p99 {self.percentile(99):6.1f} ms   "
                f"errors {self.errors}" + (f"   reviews {self.reviews}" if self.reviews else "")
                + (f"\n{'':28} errors by kind: " + ", ".join(f"{kind} {count}" for kind, count
                                                           in self.failures.most_common())
                   if self.failures else ""))

    @property
    def errors(self) -> int:
        return sum(self.failures.values())

    def cpu_line(self) -> str:
        if not any(self.cpu):
            return ""
        server, client, database, machine = (seconds * 1000 / len(self.latencies) for seconds in self.cpu)
        rest = max(0.0, machine - server - client - database)
        return (f"{'':28} CPU per request: server {server:.2f} ms, client {client:.2f} ms, "
                + (f"database backends {database:.2f} ms, rest of machine (other jobs) {rest:.2f} ms"
                   if database else f"rest of machine (database, other jobs) {rest:.2f} ms"))

    def spread_line(self) -> str:
        """How unevenly the learners were served: each learner's mean latency, lowest to highest (a
        kept-alive connection stays with the worker process that accepted it)."""
        means = sorted(statistics.mean(times) * 1000 for times in self.by_learner.values() if times)
        if not means:
            return ""
        return (f"{'':28} mean latency per learner: lowest {means[0]:.0f} ms, median "
                f"{statistics.median(means):.0f} ms, highest {means[-1]:.0f} ms")


def run_phase(name: str, browsers: list[requests.Session], seconds: float, step, clock: CpuClock) -> Phase:
    phase = Phase(name, seconds)
    lock = threading.Lock()
    start = threading.Barrier(len(browsers) + 1)

    def learner(browser: requests.Session) -> None:
        start.wait()
        while time.monotonic() < deadline:
            try:
                timings, failure, reviews = step(browser)
            except requests.RequestException as error:  # e.g. a kept-alive connection the server closed
                timings, failure, reviews = [], type(error).__name__, 0
            with lock:
                phase.latencies.extend(timings)
                phase.by_learner.setdefault(id(browser), []).extend(timings)
                if failure:
                    phase.failures[failure] += 1
                phase.reviews += reviews

    threads = [threading.Thread(target=learner, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + seconds
    start.wait()
    clock.start()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    phase.seconds = time.monotonic() - began
    phase.cpu = clock.stop()
    return phase


def combined(name: str, phases: list[Phase]) -> Phase:
    """The rounds of one phase as one: all requests over all of their time."""
    total = Phase(name, sum(phase.seconds for phase in phases))
    for phase in phases:
        total.latencies += phase.latencies
        for learner, times in phase.by_learner.items():
            total.by_learner.setdefault(learner, []).extend(times)
        total.failures += phase.failures
        total.reviews += phase.reviews
    server, client, database, machine = (sum(phase.cpu[n] for phase in phases) for n in range(4))
    total.cpu = (server, client, database, machine)
    return total


def timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


def _http_failure(request: str, response: requests.Response) -> str | None:
    return None if response.status_code == 200 else f"{request} {response.status_code}"


def health_step(base: str):
    def step(browser: requests.Session):
        response, seconds = timed(lambda: browser.get(f"{base}/healthz"))
        return [seconds], _http_failure("healthz", response), 0
    return step


def review_step(base: str):
    def step(browser: requests.Session):
        shown, show_seconds = timed(lambda: browser.get(f"{base}/decks/{SLUG}/study", headers=HX))
        card = re.search(r'data-question="(\d+)"[^>]*\s+data-version="(\d+)"', shown.text)
        if shown.status_code != 200 or card is None:
            return [show_seconds], (_http_failure("show", shown) or
                                    ("show: done for today" if "Done for today" in shown.text else "show: no card")), 0
        rated, rate_seconds = timed(lambda: browser.post(
            f"{base}/decks/{SLUG}/study/rate", headers=HX,
            data={"question_id": card.group(1), "version": card.group(2), "rating": 3}))
        return [show_seconds, rate_seconds], _http_failure("rate", rated), int(rated.status_code == 200)
    return step


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None,
                        help="PostgreSQL URL to make a scratch schema in (default: a SQLite file)")
    parser.add_argument("--learners", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase, all rounds together")
    parser.add_argument("--rounds", type=int, default=4,
                        help="alternate the two phases this many times (other jobs on a shared machine "
                             "then weigh on both alike)")
    parser.add_argument("--sizes", default="1000,100000", help="cards per learner, comma-separated")
    parser.add_argument("--due", type=int, default=1000,
                        help="cards per learner due now (enough that none runs out during the run)")
    parser.add_argument("--warmup", type=float, default=6.0,
                        help="seconds of both phases, not measured, before the first round: a new server's "
                             "workers compile templates and statements, and each pooled database connection "
                             "runs a statement a few times before it is prepared")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py)")
    args = parser.parse_args()

    phase_seconds = args.seconds / args.rounds
    engine_name = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{engine_name}, {args.learners} learners, {args.seconds:.0f} s per phase in {args.rounds} rounds, "
          f"{os.cpu_count()} CPUs (server and clients share them)")
    p50_by_size = {}
    with tempfile.TemporaryDirectory(prefix="quizgen-load-") as scratch:
        workdir = Path(scratch)
        for size in (int(s) for s in args.sizes.split(",")):
            with scratch_database(args.database_url, workdir, "bench") as url:
                upgrade_database(url)
                started = time.monotonic()
                emails = seed(url, learners=args.learners, cards=size, due_now=min(args.due, size))
                print(f"\n{size:,} cards per learner: seeded in {time.monotonic() - started:.0f} s")
                with gunicorn(url, workdir, args.workers) as (base, server_pid):
                    browsers = [log_in(base, email) for email in emails]
                    clock = CpuClock(server_pid)
                    if args.warmup > 0:  # not measured: see --warmup
                        for step in (health_step(base), review_step(base)):
                            run_phase("warm-up", browsers, args.warmup / 2, step, clock)
                    clock.database_pids = database_backends(url)
                    print(f"load average at the start: {load_average()}")
                    healths, reviews, ratios = [], [], []
                    for round_number in range(1, args.rounds + 1):
                        health = run_phase(f"round {round_number}: GET /healthz", browsers, phase_seconds,
                                           health_step(base), clock)
                        review = run_phase(f"round {round_number}: review", browsers, phase_seconds,
                                           review_step(base), clock)
                        healths.append(health)
                        reviews.append(review)
                        ratios.append(review.rate / health.rate)
                        if args.rounds > 1:
                            print(f"{health.line()}\n{review.line()}\n{'':28} ratio {ratios[-1]:.2f}")
                    health, review = combined("GET /healthz", healths), combined("review (show + rate)", reviews)
                    print(health.line())
                    print(health.cpu_line())
                    print(review.line())
                    print(review.cpu_line())
                    print(review.spread_line())
                    print(f"load average at the end: {load_average()}")
                    print(f"review/healthz throughput ratio: {review.rate / health.rate:.2f} over all rounds"
                          + (f"; per round {', '.join(f'{r:.2f}' for r in ratios)}, median "
                             f"{statistics.median(ratios):.2f}" if args.rounds > 1 else ""))
                    p50_by_size[size] = review.percentile(50)
                    if health.errors or review.errors:
                        log = (workdir / "gunicorn.log").read_text(errors="replace").splitlines()
                        print("server log, last lines:", *log[-15:], sep="\n    ")
    if len(p50_by_size) > 1:
        smallest, largest = min(p50_by_size), max(p50_by_size)
        print(f"\nreview p50 at {largest:,} cards / at {smallest:,} cards: "
              f"{p50_by_size[largest] / p50_by_size[smallest]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
