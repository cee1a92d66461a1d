"""Which questions that blind reviewers judged does the generator still write?

    python benchmarks/review_regression.py              # build every reviewed set anew
    python benchmarks/review_regression.py --decks D    # or read D/<set>/<topic>.json
    python benchmarks/review_regression.py -v Drop      # and list the dropped ones still written

A rule meant to stop a kind of bad question should stop questions reviewers
dropped and keep the ones they shipped. ``eval/reviews/reviewed.jsonl``
(``collect_reviewed.py``) holds every question a blind review judged, as the
generator of that review wrote it. This script builds each reviewed set with
the generator as it is now and counts, per verdict, the reviewed questions it
still writes word for word (a question id is a digest of its format, answer and
prompt, so a reworded question counts as gone).

This is a check on development data, not a quality figure: the reviewed sets
are what rules are developed against, and only a blind review of a set chosen
after the change measures the generator (QUALITY.md).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from quizgen.build import build_deck

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "eval" / "reviews" / "reviewed.jsonl"
VERDICTS = ("Ship", "Edit", "Drop")


def written_now(topics: set[tuple[str, str]], decks: Path | None) -> set[tuple[str, str]]:
    """(set, question id) of every question the generator writes for the reviewed topics."""
    found: set[tuple[str, str]] = set()
    with tempfile.TemporaryDirectory() as scratch:
        for review_set, topic in sorted(topics):
            if decks is not None:
                deck_path = decks / review_set / f"{topic}.json"
            else:
                work = Path(scratch) / review_set / topic
                shutil.copytree(ROOT / "eval" / review_set / topic, work,
                                ignore=shutil.ignore_patterns("deck.json", "facts.jsonl", "expected.toml"))
                deck_path = work / "deck.json"
                build_deck(work, deck_path, write_facts_file=False)
            deck = json.loads(deck_path.read_text(encoding="utf-8"))
            found |= {(review_set, q["id"]) for q in deck["questions"]}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--decks", type=Path, help="decks already built now: DECKS/<set>/<topic>.json")
    parser.add_argument("-v", "--list", choices=VERDICTS, help="list the reviewed questions of this verdict "
                                                               "the generator still writes, with the reason")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    written = written_now({(r["set"], r["topic"]) for r in rows}, args.decks)
    counts: dict[str, Counter[tuple[str, bool]]] = defaultdict(Counter)
    for row in rows:
        still = (row["set"], row["question"]["id"]) in written
        counts[row["set"]][(row["verdict"], still)] += 1
        counts["all"][(row["verdict"], still)] += 1
        if still and row["verdict"] == args.list:
            question = row["question"]
            print(f"[{row['set']}/{row['topic']}] {question['prompt']} => {question['answer']}\n"
                  f"    {row['reason']}")
    print(f"{'set':>8}  " + "  ".join(f"{v:>14}" for v in VERDICTS) + "   (still written / reviewed)")
    for name, count in sorted(counts.items(), key=lambda item: (item[0] == "all", item[0])):
        cells = [f"{count[(v, True)]:>6} / {count[(v, True)] + count[(v, False)]:<5}" for v in VERDICTS]
        print(f"{name:>8}  " + "  ".join(f"{c:>14}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
