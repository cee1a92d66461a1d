"""Build every corpus under the given folders and measure each deck against its gold.

    python benchmarks/eval_corpora.py eval/test            # the held-out half
    python benchmarks/eval_corpora.py eval/dev tests/corpora -v
    python benchmarks/eval_corpora.py eval/test --keep /tmp/decks   # keep the decks built

A corpus is a folder with ``sources/`` and ``expected.toml`` (tests/corpora/README.md).
Each is copied without its deck and facts file, built with ``quizgen build``, and
measured with ``quizgen.evaluate``. The last line sums the counts over all corpora
(fact recall, dispute recall and dispute precision of the pooled counts).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from quizgen.build import build_deck
from quizgen.evaluate import evaluate, format_evaluation
from quizgen.gold import GOLD_FILE


def corpora(folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        found += [folder] if (folder / GOLD_FILE).exists() else sorted(p.parent for p in folder.glob(f"*/{GOLD_FILE}"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and false disputes")
    parser.add_argument("--keep", type=Path, help="copy each deck built to KEEP/<corpus>.json")
    args = parser.parse_args(argv)
    totals: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as scratch:
        for corpus in corpora(args.folders):
            work = Path(scratch) / corpus.name
            shutil.copytree(corpus, work, ignore=shutil.ignore_patterns("deck.json", "facts.jsonl", GOLD_FILE))
            deck_path = work / "deck.json"
            build_deck(work, deck_path, write_facts_file=False)
            result = evaluate(deck_path, corpus)
            print(format_evaluation(corpus.name, result, verbose=args.verbose), flush=True)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(deck_path, args.keep / f"{corpus.name}.json")
            totals.update(questions=result.questions, facts=len(result.facts_found),
                          facts_all=len(result.facts_found) + len(result.facts_missed),
                          disputes=len(result.disputes_found),
                          disputes_all=len(result.disputes_found) + len(result.disputes_missed),
                          true=len(result.true_disputes),
                          deck_disputes=len(result.true_disputes) + len(result.false_disputes))

    def share(part: str, whole: str) -> str:
        return f"{totals[part] / totals[whole]:.2f} ({totals[part]}/{totals[whole]})" if totals[whole] else "n/a"

    print(f"ALL: {totals['questions']} questions; fact recall {share('facts', 'facts_all')}; "
          f"dispute recall {share('disputes', 'disputes_all')}; "
          f"dispute precision {share('true', 'deck_disputes')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
