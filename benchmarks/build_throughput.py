"""Build throughput: how fast `build_deck` turns source text into a deck, against bare spaCy.

Prints, for the sample deck's sources and for a corpus ten times larger (every
source copied ten times under new ids), the build's speed in KB of source text
per second and its ratio to spaCy's bare ``nlp.pipe`` over the same text,
measured in the same process so that both see the same machine and load.
The targets: the build at >= 0.7 of the bare pipe, and ten times the text in
<= 11 times the time.

    .venv/bin/python benchmarks/build_throughput.py [--runs 3] [--large-runs 3] [--budget 150]

The baseline feeds spaCy every non-blank line of every source as its own
document. The build also hands spaCy one document per usable line block (its
cleaned view), so both see documents of the same sizes in the same batches; the
baseline covers all the text, including the reference lists and headings that
the build skips, which is the cost of "just running spaCy over the sources".
Both are timed warm: the model is loaded and exercised before any clock starts.
Each figure is the median of its runs; build and pipe runs alternate so that
a busy neighbour slows both alike.

Nothing here asserts: the figures are for reading and for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quizgen import nlp as nlp_module
from quizgen.build import build_deck
from quizgen.sources import MANIFEST, read_manifest, source_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DECK = ROOT / "decks" / "karabakh-2020"
ALIAS_FILE = "aliases.toml"
TARGET_RATIO = 0.7
TARGET_SCALING = 1.1  # 10x the text in at most 11x the time


@dataclass
class Timing:
    wall: float  # seconds on the clock: what the targets are about
    cpu: float   # seconds of this process's CPU: steadier when other work shares the machine


@dataclass
class Measurement:
    corpus: str
    kilobytes: float
    build: Timing
    pipe: Timing
    questions: int
    runs: int

    @property
    def build_kb_per_s(self) -> float:
        return self.kilobytes / self.build.wall

    @property
    def pipe_kb_per_s(self) -> float:
        return self.kilobytes / self.pipe.wall

    @property
    def ratio(self) -> float:
        """Build throughput as a fraction of the bare pipe's (1.0: as fast as spaCy alone)."""
        return self.pipe.wall / self.build.wall

    @property
    def cpu_ratio(self) -> float:
        return self.pipe.cpu / self.build.cpu


def copy_deck_inputs(deck: Path, target: Path, copies: int) -> Path:
    """A deck folder holding ``copies`` copies of every source of ``deck``, each under its own id.

    Only the teacher's inputs are copied (sources, manifest, aliases): a reviewed
    facts.jsonl would let the build skip extraction and flatter it.
    """
    (target / "sources").mkdir(parents=True)
    manifest = read_manifest(deck)
    entries = []
    for path in source_files(deck):
        meta = {k: v for k, v in manifest.get(path.stem, {}).items() if k != "file"}
        for copy in range(copies):
            sid = path.stem if copies == 1 else f"{path.stem}-copy{copy + 1:02d}"
            shutil.copyfile(path, target / "sources" / f"{sid}.txt")
            entries.append(_manifest_entry(sid, meta))
    (target / MANIFEST).write_text("\n".join(entries), encoding="utf-8")
    tomllib.loads((target / MANIFEST).read_text(encoding="utf-8"))  # fail here, not inside the build
    if (deck / ALIAS_FILE).exists():
        shutil.copyfile(deck / ALIAS_FILE, target / ALIAS_FILE)
    return target


def _manifest_entry(sid: str, meta: dict[str, str]) -> str:
    # JSON string literals are valid TOML basic strings for the plain text a manifest holds.
    lines = [f"[sources.{json.dumps(sid)}]"] + [f"{key} = {json.dumps(value)}" for key, value in meta.items()]
    return "\n".join(lines) + "\n"


def pipe_documents(deck: Path) -> list[str]:
    """Every non-blank line of every source: the same text, cut as the build cuts it."""
    return [line for path in source_files(deck)
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def timed(action: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def median_timing(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


def forget_memoised_results() -> None:
    """Empty quizgen's functools caches (except the loaded model), so that every
    build starts as a fresh `quizgen build` would rather than reusing the last run's work."""
    for name, module in list(sys.modules.items()):
        if name != "quizgen" and not name.startswith("quizgen."):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and value is not nlp_module.load:
                value.cache_clear()


def cold_build(deck: Path, out: Path) -> None:
    forget_memoised_results()
    build_deck(deck, out, write_facts_file=False)


def measure(name: str, deck: Path, out: Path, runs: int, nlp, deadline: float) -> Measurement:
    """Medians of up to ``runs`` alternating build and pipe runs; a run that would
    probably end after ``deadline`` (a perf_counter time) is not started."""
    documents = pipe_documents(deck)
    kilobytes = sum(len(p.read_bytes()) for p in source_files(deck)) / 1024
    builds: list[Timing] = []
    pipes: list[Timing] = []
    while len(builds) < runs and (not builds or time.perf_counter() + builds[-1].wall + pipes[-1].wall < deadline):
        builds.append(timed(lambda: cold_build(deck, out)))
        pipes.append(timed(lambda: list(nlp.pipe(documents))))
    questions = len(json.loads(out.read_text(encoding="utf-8"))["questions"])
    return Measurement(name, kilobytes, median_timing(builds), median_timing(pipes), questions, len(builds))


def warm_up(nlp, deck: Path, out: Path) -> None:
    """Load the model and the libraries the build touches lazily (dateparser's language data)."""
    list(nlp.pipe(pipe_documents(deck)[:20]))
    cold_build(deck, out)


def report(small: Measurement, large: Measurement) -> str:
    header = (f"{'corpus':<12}{'KB':>8}{'build s':>9}{'build KB/s':>12}{'pipe s':>8}{'pipe KB/s':>11}"
              f"{'ratio':>7}{'CPU ratio':>11}{'questions':>11}")
    rows = [header, "-" * len(header)]
    for m in (small, large):
        rows.append(f"{m.corpus:<12}{m.kilobytes:>8.1f}{m.build.wall:>9.2f}{m.build_kb_per_s:>12.1f}"
                    f"{m.pipe.wall:>8.2f}{m.pipe_kb_per_s:>11.1f}{m.ratio:>7.2f}{m.cpu_ratio:>11.2f}{m.questions:>11}")
    size_ratio = large.kilobytes / small.kilobytes
    time_ratio = large.build.wall / small.build.wall
    rows.append("")
    allowed = size_ratio * TARGET_SCALING
    rows.append(f"{size_ratio:.0f}x the text took {time_ratio:.2f}x the build time "
                f"(target <= {allowed:.0f}x: {_verdict(time_ratio <= allowed)}); "
                f"bare pipe {large.pipe.wall / small.pipe.wall:.2f}x")
    rows.append(f"in CPU time: build {large.build.cpu / small.build.cpu:.2f}x, "
                f"bare pipe {large.pipe.cpu / small.pipe.cpu:.2f}x")
    for m in (small, large):
        rows.append(f"{m.corpus}: build at {m.ratio:.2f} of the bare pipe "
                    f"(target >= {TARGET_RATIO}: {_verdict(m.ratio >= TARGET_RATIO)})")
    return "\n".join(rows)


def _verdict(met: bool) -> str:
    return "met" if met else "missed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deck", type=Path, default=SAMPLE_DECK, help="deck folder whose sources to use")
    parser.add_argument("--scale", type=int, default=10, help="copies of each source in the large corpus")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement on the sample sources")
    parser.add_argument("--large-runs", type=int, default=3, help="runs of each measurement on the large corpus")
    parser.add_argument("--budget", type=float, default=150,
                        help="seconds the whole benchmark may take; no new run starts that would overrun it "
                             "(0: no limit)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    deadline = started + args.budget if args.budget > 0 else float("inf")

    nlp = nlp_module.load()
    print(f"spaCy pipeline: {nlp.meta.get('name')} {nlp.meta.get('version')} {nlp.pipe_names}", flush=True)
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-") as tmp:
        small_deck = copy_deck_inputs(args.deck, Path(tmp) / "sample", 1)
        large_deck = copy_deck_inputs(args.deck, Path(tmp) / f"sample-x{args.scale}", args.scale)
        out = Path(tmp) / "deck.json"
        warm_up(nlp, small_deck, out)
        small = measure("sample", small_deck, out, args.runs, nlp, deadline)
        print(f"sample: {small.runs} runs, build {small.build.wall:.2f} s, pipe {small.pipe.wall:.2f} s",
              flush=True)
        predicted = (small.build.wall + small.pipe.wall) * args.scale
        if time.perf_counter() + predicted > deadline:
            print(f"sample x{args.scale} skipped: one run would take about {predicted:.0f} s, "
                  f"past the {args.budget:.0f} s budget (--budget 0 lifts it)")
            return 1
        large = measure(f"sample x{args.scale}", large_deck, out, args.large_runs, nlp, deadline)
    print(report(small, large))
    print(f"runs: sample {small.runs}, sample x{args.scale} {large.runs}; "
          f"whole benchmark {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
