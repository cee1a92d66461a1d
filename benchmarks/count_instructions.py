"""Instructions per review round trip (show a card, rate it), counted by callgrind.

    python benchmarks/count_instructions.py [--database-url URL] [--cards 1000] [--rounds 40]

A timed run on a shared machine moves by more than most changes to the study
path do; the number of instructions does not. This script runs itself again
under ``valgrind --tool=callgrind`` with counting off, seeds a fresh database
as ``load_review.py`` does, logs one learner in, warms up with 20 round trips,
then counts only around ``--rounds`` round trips (switched on and off through
callgrind's client requests, from a tiny C helper compiled on the spot), and
prints millions of instructions per round trip. Python's string hashing is
seeded (``PYTHONHASHSEED=0``) so that two runs of one version agree within
about 0.2%. The count includes Flask's test client, which drives the app in
the same process.

Needs valgrind with its headers (Debian: ``apt-get install valgrind``) and a
C compiler.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELPER = """#include <valgrind/callgrind.h>
void count_on(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; CALLGRIND_TOGGLE_COLLECT; }
void count_off(void) { CALLGRIND_TOGGLE_COLLECT; CALLGRIND_DUMP_STATS; CALLGRIND_STOP_INSTRUMENTATION; }
"""
UNDER_VALGRIND = "QUIZGEN_COUNTING"


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: a SQLite file)")
    parser.add_argument("--cards", type=int, default=1000, help="cards per learner")
    parser.add_argument("--learners", type=int, default=32, help="learners seeded (one is driven)")
    parser.add_argument("--rounds", type=int, default=40, help="show + rate round trips counted")
    return parser.parse_args()


def count(args: argparse.Namespace, scratch: Path) -> None:
    """In the process valgrind runs: seed, warm up, count around the round trips."""
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    from load_review import PASSWORD, seed
    from profile_review import round_trip

    from webapp import create_app
    from webapp.db import scratch_database, upgrade_database

    helper = ctypes.CDLL(os.environ[UNDER_VALGRIND])
    with scratch_database(args.database_url, scratch, "count") as url:
        upgrade_database(url)
        emails = seed(url, learners=args.learners, cards=args.cards, due_now=1000)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "count", "WTF_CSRF_ENABLED": False,
                          "IMPORT_DECKS_ON_START": False, "DECKS_DIR": str(scratch)})
        client = app.test_client()
        assert client.post("/login", data={"email": emails[-1], "password": PASSWORD}).status_code == 303
        for _ in range(20):
            round_trip(client)
        helper.count_on()
        for _ in range(args.rounds):
            round_trip(client)
        helper.count_off()
        app.extensions["quizgen_engine"].dispose()


def main() -> int:
    args = options()
    with tempfile.TemporaryDirectory(prefix="quizgen-count-") as scratch:
        if UNDER_VALGRIND in os.environ:
            count(args, Path(scratch))
            return 0
        source, library = Path(scratch) / "count.c", Path(scratch) / "libcount.so"
        source.write_text(HELPER, encoding="utf-8")
        subprocess.run(["cc", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
        out = Path(scratch) / "callgrind.out"
        env = {**os.environ, UNDER_VALGRIND: str(library), "PYTHONHASHSEED": "0"}
        subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", "--collect-atstart=no",
                        f"--callgrind-out-file={out}", sys.executable, __file__, *sys.argv[1:]],
                       env=env, check=True, stderr=subprocess.DEVNULL)
        # the dump count_off asked for is callgrind.out.1; callgrind.out itself is the one at exit
        dump = (Path(scratch) / "callgrind.out.1").read_text(errors="replace")
        counted = int(re.search(r"^summary:\s*(\d+)", dump, re.M).group(1))  # type: ignore[union-attr]
        database = "PostgreSQL" if args.database_url else "SQLite"
        print(f"{database}, {args.cards:,} cards per learner: {counted / args.rounds / 1e6:.2f} million "
              f"instructions per show + rate ({args.rounds} round trips counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
