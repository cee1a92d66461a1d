"""Print a seeded random sample of a deck's questions for hand review.

The quality review in QUALITY.md judges each printed question by hand, so the
sample must be reproducible: the same deck file and seed always give the same
questions in the same order.

    python benchmarks/sample_questions.py [DECK] [--n 40] [--seed 2020]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

DEFAULT_DECK = Path("decks/karabakh-2020/deck.json")


def pick_sample(questions: list[dict], n: int, seed: int) -> list[dict]:
    """Draw n questions without replacement; fewer if the deck is smaller."""
    return random.Random(seed).sample(questions, min(n, len(questions)))


def describe_quote(item: dict) -> str:
    claimant = item.get("claimant") or "(source's own voice)"
    return (f"[{item['source']} {item['start']}:{item['end']}] "
            f"value={item['value']!r} claimant={claimant}\n"
            f"        \"{item['exact']}\"")


def describe_question(number: int, question: dict) -> str:
    lines = [
        f"#{number} {question['id']}  format={question['format']}  kind={question['kind']}",
        f"  prompt:      {question['prompt']}",
        f"  answer:      {question['answer']}",
        f"  accepted:    {question.get('accepted', [])}",
        f"  distractors: {question.get('distractors', [])}",
        f"  claimant:    {question.get('claimant')}",
        "  evidence:",
    ]
    lines += [f"    - {describe_quote(item)}" for item in question.get("evidence", [])]
    disputes = question.get("disputed_by", [])
    lines.append(f"  disputed_by: {len(disputes) or 'none'}")
    lines += [f"    - {describe_quote(item)}" for item in disputes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=DEFAULT_DECK)
    parser.add_argument("--n", type=int, default=40, help="sample size")
    parser.add_argument("--seed", type=int, default=2020, help="random seed")
    args = parser.parse_args(argv)

    raw = args.deck.read_bytes()
    deck = json.loads(raw)
    questions = deck["questions"]
    sample = pick_sample(questions, args.n, args.seed)
    # The digest ties a recorded review to the exact deck bytes it judged.
    print(f"deck {args.deck} sha256={hashlib.sha256(raw).hexdigest()} "
          f"questions={len(questions)} sample={len(sample)} seed={args.seed}\n")
    for number, question in enumerate(sample, 1):
        print(describe_question(number, question))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
