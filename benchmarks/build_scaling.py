"""Build time against text size, for one long line, for ordinary paragraphs, and for one
paragraph repeated (a page pasted many times over).

Takes the real texts under ``eval/`` and ``decks/`` (about 300 KB), cuts or repeats them
to each size, and builds one source of that size twice: as written (paragraphs) and
with every line break replaced by a space (one line, as when text is pasted from a
page that has none); ``--kind repeated`` builds the sample article's paragraph on
casualties (three sentences) repeated to each size, whose copies all make one group per fact. Each build
runs in a fresh ``quizgen build`` process, so the figures include loading the model,
as a build worker's child process does; the time and peak memory (maximum resident
set) come from the operating system.

    .venv/bin/python benchmarks/build_scaling.py [--sizes 50,100,200,400,800] [--kind both]

Prints one row per build and, per kind, seconds per 100 KB at each size: flat
figures mean time grows linearly with the text. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quizgen.segment import split_blocks

ROOT = Path(__file__).resolve().parent.parent
REPEATED_FROM = ROOT / "decks" / "karabakh-2020" / "sources" / "encyclopedia-article.txt"
CORPORA = sorted(ROOT.glob("eval/*/*/sources/*.txt")) + sorted(ROOT.glob("decks/*/sources/*.txt"))


def corpus_text() -> str:
    """The prose paragraphs of the corpora (no headings, lists or references, which the
    build skips and which would make a one-line text read as one long reference list)."""
    paragraphs = []
    for path in CORPORA:
        text = path.read_text(encoding="utf-8")
        paragraphs += [text[b.start:b.end].strip() for b in split_blocks(text) if b.kind == "prose"]
    return "\n\n".join(p for p in paragraphs if p)


def repeated_paragraph() -> str:
    """The sample article's paragraph on casualties (three sentences, each side's losses)."""
    text = REPEATED_FROM.read_text(encoding="utf-8")
    return next(p for p in (text[b.start:b.end].strip() for b in split_blocks(text) if b.kind == "prose")
                if p.startswith("Casualties were high"))


def text_of_size(corpus: str, size: int, *, one_line: bool = False, repeated: bool = False) -> str:
    if repeated:
        paragraph = repeated_paragraph()
        return ((paragraph + "\n\n") * (size // (len(paragraph) + 2) + 1))[:size]
    text = corpus
    while len(text) < size:
        text += "\n\n" + corpus
    text = text[:size]
    return " ".join(text.split()) if one_line else text


def build(text: str) -> tuple[float, int, str]:
    """Seconds, peak resident KB and outcome of ``quizgen build`` on one source holding ``text``."""
    with tempfile.TemporaryDirectory() as folder:
        sources = Path(folder) / "deck" / "sources"
        sources.mkdir(parents=True)
        (sources / "text.txt").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "quizgen", "build", str(sources.parent), "-o",
                                    str(Path(folder) / "deck.json"), "--quiet"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, cwd=ROOT)
        assert process.stderr is not None
        errors = process.stderr.read()
        _pid, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if process.returncode == 0:
            deck = json.loads((Path(folder) / "deck.json").read_text(encoding="utf-8"))
            outcome = f"{len(deck['questions'])} questions"
        else:
            outcome = (errors.strip().splitlines() or ["failed"])[-1][:80]
        return seconds, usage.ru_maxrss, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,100,200,400,800", help="KB of text, comma-separated")
    parser.add_argument("--kind", choices=["both", "paragraphs", "one-line", "repeated"], default="both")
    args = parser.parse_args()
    corpus = corpus_text()
    sizes = [int(float(s) * 1000) for s in args.sizes.split(",")]
    kinds = ["paragraphs", "one-line"] if args.kind == "both" else [args.kind]
    print(f"corpus: {len(corpus):,} characters from {len(CORPORA)} files; load average "
          f"{os.getloadavg()[0]:.2f}")
    print(f"{'kind':<11} {'characters':>11} {'seconds':>8} {'s per 100 KB':>13} {'peak MB':>8}  outcome")
    for kind in kinds:
        for size in sizes:
            text = text_of_size(corpus, size, one_line=kind == "one-line", repeated=kind == "repeated")
            seconds, peak_kb, outcome = build(text)
            print(f"{kind:<11} {len(text):>11,} {seconds:>8.1f} {seconds / len(text) * 100_000:>13.2f} "
                  f"{peak_kb / 1024:>8.0f}  {outcome}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
