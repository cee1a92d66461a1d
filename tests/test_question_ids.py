"""Question ids are stable: a learner's review history is keyed by them.

Rebuilding unchanged sources must give the same ids (and the same deck file,
also in another process with another string-hash seed); renaming a source file
or editing one source must not change the ids of questions that come only
from the other sources; and no id occurs twice in a deck.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quizgen.build import build_deck

CORPUS = Path(__file__).parent / "corpora" / "river-treaty"

DAM = """The Vessel Dam

The Vessel Dam was built across the Orva River between 1931 and 1936.
About 4,200 labourers worked on the site at the peak of construction.
The reservoir behind the dam holds 35 cubic kilometres of water.
The dam was dedicated by Governor Paul Ridley on 30 September 1936.
"""
POWER = """Power from the Orva

The power station below the dam opened on 12 May 1939 with four turbines.
By 1950 it supplied electricity to 1.3 million people in three provinces.
The turbines were made by the Kessler Works in Bremen.
A fifth turbine was added in 1961 at a cost of 18 million crowns.
The station was managed for thirty years by Arthur Quill.
"""


def write_sources(folder: Path, sources: dict[str, str]) -> Path:
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for name, text in sources.items():
        (folder / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def build(folder: Path) -> dict:
    return build_deck(folder, folder / "deck.json", write_facts_file=False)


def ids_from_only(deck: dict, source_ids: set[str]) -> set[str]:
    """Ids of questions whose evidence and disputes all come from ``source_ids``."""
    return {q["id"] for q in deck["questions"]
            if all(e["source"] in source_ids for e in q["evidence"] + q["disputed_by"])}


def test_rebuilding_unchanged_sources_gives_the_same_deck(tmp_path):
    folder = tmp_path / "river-treaty"
    shutil.copytree(CORPUS, folder)
    first = build_deck(folder, folder / "deck.json")
    first_bytes = (folder / "deck.json").read_bytes()
    second = build_deck(folder, folder / "deck.json")  # now from facts.jsonl, not extraction
    assert [q["id"] for q in second["questions"]] == [q["id"] for q in first["questions"]]
    assert (folder / "deck.json").read_bytes() == first_bytes


def test_rebuilding_in_other_processes_gives_the_same_deck_file(tmp_path):
    """Nothing may depend on Python's per-process string hashing (set and dict order of strings)."""
    outputs = []
    for seed in ("1", "2"):
        folder = tmp_path / f"run-{seed}" / "river-treaty"
        shutil.copytree(CORPUS, folder)
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "quizgen", "build", str(folder), "-o", str(folder / "deck.json"),
                        "--quiet", "--no-facts"], check=True, env=env, capture_output=True)
        outputs.append((folder / "deck.json").read_bytes())
    assert outputs[0] == outputs[1]


def test_every_id_in_a_deck_is_unique(tmp_path):
    folder = tmp_path / "river-treaty"
    shutil.copytree(CORPUS, folder)
    for sid, text in {"dam": DAM, "power": POWER}.items():
        (folder / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    deck = build(folder)
    ids = [q["id"] for q in deck["questions"]]
    assert len(ids) > 20
    assert len(ids) == len(set(ids))


def test_renaming_a_source_file_keeps_the_ids_of_the_other_sources_questions(tmp_path):
    before = build(write_sources(tmp_path / "before", {"alpha": DAM, "power": POWER}))
    after = build(write_sources(tmp_path / "after", {"zeta": DAM, "power": POWER}))  # now read last
    assert [s["id"] for s in after["sources"]] != [s["id"] for s in before["sources"]]
    unaffected = ids_from_only(before, {"power"})
    assert unaffected
    assert unaffected <= {q["id"] for q in after["questions"]}


def test_editing_one_source_keeps_the_ids_of_questions_from_the_others(tmp_path):
    before = build(write_sources(tmp_path / "before", {"dam": DAM, "power": POWER}))
    edited = (DAM.replace("4,200", "4,600").replace("30 September", "1 October")
              + "A flood in 1952 damaged the spillway, which was rebuilt by 1955.\n")
    after = build(write_sources(tmp_path / "after", {"dam": edited, "power": POWER}))
    unaffected = ids_from_only(before, {"power"})
    assert unaffected
    assert unaffected <= {q["id"] for q in after["questions"]}
    # and the edit is seen: the question about the changed figure is a new one
    assert any("4,600" in q["answer"] for q in after["questions"])
    assert ids_from_only(before, {"dam"}) - {q["id"] for q in after["questions"]}


PORT = """The steamer Arcadia

The steamer Arcadia sailed from Bombay, also known as Mumbai, a port city on the west coast.
The steamer Arcadia reached Bombay after a stormy crossing.
"""
NOVEL = """A novel in Hartford

Samuel Clemens, also known as Mark Twain, was born in Florida, Missouri, in 1835.
Samuel Clemens wrote the novel in a rented house in Hartford.
"""


def test_bug_renaming_a_source_file_keeps_the_ids_of_aliased_names_in_other_sources(tmp_path):
    """Alias groups are numbered in the order sources are read, and the number is part of the id."""
    before = build(write_sources(tmp_path / "before", {"alpha": NOVEL, "port": PORT}))
    after = build(write_sources(tmp_path / "after", {"zeta": NOVEL, "port": PORT}))
    unaffected = ids_from_only(before, {"port"})
    assert any(q["answer"] == "Bombay" for q in before["questions"] if q["id"] in unaffected)
    assert unaffected <= {q["id"] for q in after["questions"]}


def test_bug_an_alias_added_in_one_source_keeps_the_ids_of_aliased_names_in_others(tmp_path):
    plain = NOVEL.replace(", also known as Mark Twain,", "")
    before = build(write_sources(tmp_path / "before", {"alpha": plain, "port": PORT}))
    after = build(write_sources(tmp_path / "after", {"alpha": NOVEL, "port": PORT}))
    unaffected = ids_from_only(before, {"port"})
    assert any(q["answer"] == "Bombay" for q in before["questions"] if q["id"] in unaffected)
    assert unaffected <= {q["id"] for q in after["questions"]}


@pytest.mark.parametrize("order", [("alpha", "beta"), ("beta", "alpha")])
def test_file_order_does_not_change_any_question(tmp_path, order):
    """The same two texts under swapped file names: every question keeps its id and prompt."""
    names = dict(zip(order, (DAM, POWER), strict=True))
    deck = build(write_sources(tmp_path / "-".join(order), names))
    by_text = {("dam" if text is DAM else "power"): name for name, text in names.items()}
    reference = build(write_sources(tmp_path / "reference", {"dam": DAM, "power": POWER}))
    renamed = {by_text["dam"]: "dam", by_text["power"]: "power"}
    seen = {q["id"]: (q["prompt"], sorted(renamed[e["source"]] for e in q["evidence"]))
            for q in deck["questions"]}
    expected = {q["id"]: (q["prompt"], sorted(e["source"] for e in q["evidence"]))
                for q in reference["questions"]}
    assert seen == expected


def test_a_deck_is_the_same_whatever_the_hash_seed(tmp_path):
    """Sets iterate in an order that changes with PYTHONHASHSEED; no score may depend on it.
    (A float summed over a set once reordered tied questions from one run to the next.)"""
    corpus = Path(__file__).parents[1] / "eval" / "dev" / "bulgaria-economy"
    decks = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        shutil.copytree(corpus, folder, ignore=shutil.ignore_patterns("expected.toml"))
        out = folder / "deck.json"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "quizgen", "build", str(folder), "-o", str(out), "--quiet",
                        "--no-facts"], check=True, env=env)
        decks.append(json.loads(out.read_text("utf-8"))["questions"])
    assert decks[0] == decks[1]
