"""Keep the questions a blind review judged, with their verdicts, as data to check rule changes against.

    python benchmarks/collect_reviewed.py eval/reviews/test5-2026-12-06-seed5151.csv \\
        --decks DECKS --set test5 >> eval/reviews/reviewed.jsonl

DECKS holds the decks the review sampled from, one ``<topic>.json`` per topic (build
them again at the generator commit the review names, with ``eval_corpora.py --keep``:
question ids are stable for one generator and one text). Each line written is one
reviewed question: the review set, topic, verdict and criteria failed, the question as
the deck held it, and the reviewer's reason. ``review_regression.py`` reads them.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("review", type=Path, help="the review's CSV (topic, number, id, verdict, ...)")
    parser.add_argument("--decks", type=Path, required=True, help="folder of <topic>.json decks")
    parser.add_argument("--set", required=True, help="name of the review set, e.g. test5")
    args = parser.parse_args(argv)
    decks: dict[str, dict] = {}
    missing = 0
    with args.review.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            topic = row["topic"]
            if topic not in decks:
                decks[topic] = json.loads((args.decks / f"{topic}.json").read_text(encoding="utf-8"))
            deck = decks[topic]
            question = next((q for q in deck["questions"] if q["id"] == row["id"]), None)
            if question is None:
                missing += 1
                continue
            print(json.dumps({
                "set": args.set, "topic": topic, "verdict": row["verdict"],
                "failed": [c for c in row["failed_criteria"].split(";") if c],
                "reason": row["reason"], "question": question,
            }, ensure_ascii=False))
    if missing:
        print(f"{args.review}: {missing} reviewed question(s) not in the decks given", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
