"""Where one review round trip (show a card, rate it) spends its time, in one process.

    python benchmarks/profile_review.py [--database-url URL] [--cards 100000] [--learners 32]
                                        [--rounds 200] [--explain]

Seeds a fresh database as ``load_review.py`` does (a SQLite file, or a scratch
schema in the PostgreSQL database given), then drives one learner through
``--rounds`` show + rate round trips with Flask's test client, no server and
no other learner, and prints per round trip:

- each statement the app ran (how many times, mean and slowest time as the
  app saw it: the round trip to the database included);
- on PostgreSQL, the round trips on the wire, read from libpq's own trace of
  the protocol (``psycopg``'s ``pgconn.trace``): statements, plus BEGIN,
  COMMIT and the pool's ping, which SQLAlchemy does not count as statements;
- the wall time and this process's CPU time.

``--explain`` then runs each statement of one more round trip under
``EXPLAIN (ANALYZE, BUFFERS)`` with the values it ran with, on PostgreSQL as a
prepared statement with a generic plan (as the app's connections run them,
``db.py``), inside a transaction that is rolled back; it prints the execution
time of each and, for the slowest, the plan.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_review import PASSWORD, SLUG, seed  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.db import scratch_database, upgrade_database  # noqa: E402

HX = {"HX-Request": "true"}
CARD = re.compile(r'data-question="(\d+)"[^>]*\s+data-version="(\d+)"')


def round_trip(client) -> None:
    shown = client.get(f"/decks/{SLUG}/study", headers=HX)
    card = CARD.search(shown.get_data(as_text=True))
    assert shown.status_code == 200 and card is not None, "no card to show"
    rated = client.post(f"/decks/{SLUG}/study/rate", headers=HX,
                        data={"question_id": card.group(1), "version": card.group(2), "rating": 3})
    assert rated.status_code == 200, rated.status_code


def statements_of(engine: sa.Engine, client, rounds: int) -> dict[str, list[float]]:
    """Each statement's durations over ``rounds`` round trips, as the app's connection saw them."""
    durations: dict[str, list[float]] = defaultdict(list)
    started: dict[int, float] = {}

    def before(conn, *_args) -> None:
        started[id(conn)] = time.perf_counter()

    def after(conn, _cursor, statement, *_args) -> None:
        durations[" ".join(statement.split())].append(time.perf_counter() - started[id(conn)])

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        for _ in range(rounds):
            round_trip(client)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)
    return durations


def wire_round_trips(engine: sa.Engine, client, workdir: Path) -> tuple[int, list[str]]:
    """The PostgreSQL protocol messages a client sends that wait for an answer (Query, or Sync
    ending an extended-protocol statement) in one round trip, from libpq's trace."""
    trace_file = workdir / "libpq-trace.txt"
    pooled = engine.raw_connection()  # the app's one pooled connection, handed back at once
    pgconn = pooled.driver_connection.pgconn  # type: ignore[union-attr]
    pooled.close()
    with trace_file.open("w") as trace:
        pgconn.trace(trace.fileno())
        try:
            round_trip(client)
        finally:
            pgconn.untrace()
    sent = [line.split("\t") for line in trace_file.read_text().splitlines()]
    simple = [fields[4].strip() for fields in sent if len(fields) > 4 and fields[1] == "F" and fields[3] == "Query"]
    synced = sum(1 for fields in sent if len(fields) > 3 and fields[1] == "F" and fields[3] == "Sync")
    return len(simple) + synced, simple


def explain(engine: sa.Engine, captured: list[tuple[str, dict]]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement with the values it ran with."""
    from psycopg import sql

    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert connection is not None
        slowest: tuple[float, list[str], str] = (0.0, [], "")
        for number, (statement, values) in enumerate(captured):
            names = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", statement)))  # in order of first use
            prepared = statement
            for position, name in enumerate(names, start=1):
                prepared = prepared.replace(f"%({name})s", f"${position}")
            arguments = sql.SQL(", ").join(sql.Literal(values[name]) for name in names)
            run = (sql.SQL("EXPLAIN (ANALYZE, BUFFERS) EXECUTE {} ({})").format(sql.Identifier(f"s{number}"), arguments)
                   if names else sql.SQL("EXPLAIN (ANALYZE, BUFFERS) EXECUTE {}").format(sql.Identifier(f"s{number}")))
            with connection.transaction(force_rollback=True):
                connection.execute(f"PREPARE s{number} AS {prepared}")
                plan = [row[0] for row in connection.execute(run)]
                connection.execute(f"DEALLOCATE s{number}")
            took = float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))  # type: ignore[union-attr]
            print(f"  {took:7.3f} ms  {' '.join(statement.split())[:100]}")
            slowest = max(slowest, (took, plan, statement))
        print(f"\nthe slowest, {slowest[0]:.3f} ms:\n  " + "\n  ".join(slowest[1]))
    finally:
        raw.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: a SQLite file)")
    parser.add_argument("--cards", type=int, default=100_000, help="cards per learner")
    parser.add_argument("--learners", type=int, default=32, help="learners seeded (one is driven)")
    parser.add_argument("--rounds", type=int, default=200, help="show + rate round trips measured")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each statement (PostgreSQL)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quizgen-profile-") as scratch, \
            scratch_database(args.database_url, Path(scratch), "profile") as url:
        upgrade_database(url)
        emails = seed(url, learners=args.learners, cards=args.cards, due_now=1000)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "profile", "WTF_CSRF_ENABLED": False,
                          "IMPORT_DECKS_ON_START": False, "DECKS_DIR": scratch})
        engine = app.extensions["quizgen_engine"]
        client = app.test_client()
        assert client.post("/login", data={"email": emails[-1], "password": PASSWORD}).status_code == 303
        for _ in range(20):  # psycopg prepares a statement on its fifth run; SQLAlchemy compiles once
            round_trip(client)
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.rounds):
            round_trip(client)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        durations = statements_of(engine, client, args.rounds)
        print(f"{engine.dialect.name}, {args.cards:,} cards per learner, {args.learners} learners seeded, "
              f"{args.rounds} show + rate round trips of one learner")
        print(f"per round trip: wall {wall / args.rounds * 1000:.2f} ms, this process's CPU "
              f"{cpu / args.rounds * 1000:.2f} ms (without the statement timing below)")
        total = sum(sum(times) for times in durations.values()) / args.rounds
        count = sum(len(times) for times in durations.values()) / args.rounds
        print(f"statements: {count:.1f} per round trip, {total * 1000:.2f} ms in them")
        for statement, times in sorted(durations.items(), key=lambda item: -sum(item[1])):
            print(f"  {len(times) / args.rounds:4.1f} x  mean {sum(times) / len(times) * 1000:6.3f} ms  "
                  f"slowest {max(times) * 1000:6.2f} ms  {statement[:90]}")
        if engine.dialect.name == "postgresql":
            trips, simple = wire_round_trips(engine, client, Path(scratch))
            print(f"round trips to the server in one show + rate: {trips} (simple queries among them: "
                  f"{', '.join(simple)})")
            if args.explain:
                captured: list[tuple[str, dict]] = []
                sa.event.listen(engine, "after_cursor_execute",
                                lambda _c, _cur, statement, values, *_a: captured.append((statement, values)))
                round_trip(client)
                print("\nEXPLAIN (ANALYZE, BUFFERS), generic plans, the values of one more round trip:")
                explain(engine, captured)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
