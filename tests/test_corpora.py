"""Acceptance tests: the generator on subjects it was not written for, held to hand-made gold.

Each corpus folder (tests/corpora/*/ and decks/karabakh-2020/) is copied to a
temporary deck folder, built with ``quizgen build``, validated with ``quizgen
check``, and the deck compared with the folder's expected.toml: every gold dispute
shown with both values and both claimants, no quote from reference lines, stamps
or captions, every quote verbatim, most gold facts asked. Gold format and
matching rules: tests/corpora/README.md.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corpora.gold import corpus_folders

from quizgen.evaluate import asks_fact, deck_disputes, matches_dispute, quotes, shows_dispute
from quizgen.gold import (
    Gold,
    Side,
    blank_out,
    load_gold,
    mentions,
    names_in,
    noise_spans,
    overlaps,
    prompt_attributes,
    quote_states,
    same_value,
    signature,
    states,
)

# Share of gold facts a good generator must ask about; the rest are printed as misses.
FACT_RECALL = 0.8

CORPORA = corpus_folders()


@dataclass(frozen=True)
class BuiltDeck:
    gold: Gold
    deck: dict[str, Any]
    texts: dict[str, str]          # source id -> file text, as verified against the deck's sha256
    sources: dict[str, dict[str, Any]]


def build_deck(folder: Path, work: Path) -> Path:
    """Copy a corpus into a fresh deck folder and run the CLI on it; returns the deck path."""
    # Imported here so that a generator still being written fails these tests, not collection.
    from quizgen.cli import main

    # Everything a teacher hands over (sources, manifest, reviewed facts, aliases), not
    # the built deck nor the gold.
    shutil.copytree(folder, work, ignore=shutil.ignore_patterns("deck.json", "expected.toml"))
    deck_path = work / "deck.json"
    runner = CliRunner()
    build = runner.invoke(main, ["build", str(work), "-o", str(deck_path), "--quiet"])
    assert build.exit_code == 0, (f"quizgen build {folder.name} exited {build.exit_code}: "
                                  f"{build.output}{build.exception!r}")
    check = runner.invoke(main, ["check", str(deck_path)])
    assert check.exit_code == 0, f"quizgen check {folder.name} failed: {check.output}"
    return deck_path


@pytest.fixture(scope="module", params=CORPORA, ids=[folder.name for folder in CORPORA])
def built(request, tmp_path_factory) -> BuiltDeck:
    from quizgen.deck import load_deck_with_sources

    folder: Path = request.param
    deck_path = build_deck(folder, tmp_path_factory.mktemp("corpus") / folder.name)
    deck, texts = load_deck_with_sources(deck_path)
    return BuiltDeck(gold=load_gold(folder), deck=deck, texts=texts,
                     sources={source["id"]: source for source in deck["sources"]})


def source_words(built: BuiltDeck, source_id: str) -> str:
    """How a source can be named in an attribution: its id, title and kind."""
    source = built.sources.get(source_id, {})
    return f"{source_id} {source.get('title', '')} {source.get('kind', '')}"


# --- the deck itself ---------------------------------------------------------------

def test_deck_lists_every_source_and_asks_questions(built):
    on_disk = set(built.gold.source_texts())
    assert set(built.sources) == on_disk
    assert built.deck["questions"], "the deck has no questions"


def test_every_quote_is_verbatim(built):
    wrong = []
    for question in built.deck["questions"]:
        for field, quote in quotes(question):
            text = built.texts.get(quote["source"])
            where = f"{question['id']} {field} {quote['source']}[{quote['start']}:{quote['end']}]"
            if text is None:
                wrong.append(f"{where}: unknown source")
            elif text[quote["start"]:quote["end"]] != quote["exact"]:
                wrong.append(f"{where}: exact {quote['exact'][:60]!r} is not the text there")
            elif quote["value"] not in quote["exact"]:
                wrong.append(f"{where}: value {quote['value']!r} not inside exact")
            elif not (text[:quote["start"]].endswith(quote.get("prefix", ""))
                      and text[quote["end"]:].startswith(quote.get("suffix", ""))):
                wrong.append(f"{where}: prefix/suffix do not surround the quote")
    assert not wrong, "\n".join(wrong)


# --- disputes ----------------------------------------------------------------------

def test_every_gold_dispute_is_shown_with_both_claimants(built):
    missing = []
    for dispute in built.gold.disputes:
        words = {sid: source_words(built, sid) for sid in built.sources}
        found, near = shows_dispute(built.deck["questions"], dispute, words)
        if not found:
            sides = " vs ".join(f"{side.value} ({side.claimant})" for side in dispute.sides)
            missing.append(f"  {dispute.about}: {sides}" + "".join(f"\n    {n}" for n in near))
    assert not missing, "disputes not shown as one attributed question:\n" + "\n".join(missing)


def test_every_dispute_the_deck_shows_is_a_gold_dispute(built):
    """No false disputes: each disputed group of the deck is one of the gold's disagreements."""
    false = [label for label, group in deck_disputes(built.deck["questions"])
             if not any(matches_dispute(q, dispute) for q in group for dispute in built.gold.disputes)]
    assert not false, f"disputes the sources do not have: {false}"


def test_attributed_values_are_asked_with_their_claimant(built):
    unattributed = []
    for side in built.gold.attributed:
        asked = [question for question in built.deck["questions"]
                 if any(q["source"] in side.sources and quote_states(side.value, q)
                        for q in question.get("evidence") or [])]
        if not any(names_in(side.names, question.get("claimant"))
                   or prompt_attributes(question["prompt"], side.names)
                   or (question["format"] == "attribution" and names_in(side.names, question["answer"]))
                   for question in asked):
            unattributed.append(f"  {side.value} ({side.claimant}): asked by "
                                f"{[question['id'] for question in asked] or 'no question'}")
    assert not unattributed, "values not asked with their claimant:\n" + "\n".join(unattributed)


def test_disputed_questions_name_their_claimant(built):
    """A question some source contradicts never presents its answer as plain truth."""
    unattributed = []
    for question in built.deck["questions"]:
        if not question.get("disputed_by") or question.get("claimant"):
            continue
        names = [q["claimant"] for q in question["evidence"] if q.get("claimant")]
        names += [word for q in question["evidence"]
                  for word in source_words(built, q["source"]).split() if len(word) > 3]
        if not prompt_attributes(question["prompt"], names):
            unattributed.append(f"  {question['id']}: {question['prompt']!r}")
    assert not unattributed, "disputed answers asked without a claimant:\n" + "\n".join(unattributed)


def test_distractors_are_not_values_a_source_gives(built):
    clashes = []
    for question in built.deck["questions"]:
        given = [question["answer"], *question.get("accepted", [])]
        given += [q.get(key) for _, q in quotes(question) for key in ("value", "normalized")]
        for distractor in question.get("distractors", []):
            if any(same_value(value, distractor, strict=True) for value in given if value):
                clashes.append(f"  {question['id']}: distractor {distractor!r} is a given value")
    assert not clashes, "\n".join(clashes)


# --- noise -------------------------------------------------------------------------

def test_no_quote_comes_from_noise(built):
    spans = {sid: built.gold.noise_spans(sid, text) for sid, text in built.texts.items()}
    from_noise = []
    for question in built.deck["questions"]:
        for field, quote in quotes(question):
            if overlaps(quote["start"], quote["end"], spans.get(quote["source"], [])):
                from_noise.append(f"  {question['id']} {field} {quote['source']}: "
                                  f"{quote['exact'][:90]!r}")
    assert not from_noise, "quotes taken from references, stamps, captions or headings:\n" + \
        "\n".join(from_noise)


def test_values_found_only_in_noise_are_never_asked(built):
    asked = []
    for noise in built.gold.noise:
        for value in noise.values:
            for question in built.deck["questions"]:
                if same_value(value, question["answer"]) or any(
                        quote_states(value, quote) for _, quote in quotes(question)):
                    asked.append(f"  {question['id']} asks {value!r} (only in: {noise.text!r})")
    assert not asked, "\n".join(asked)


# --- recall ------------------------------------------------------------------------

def test_most_gold_facts_are_asked(built):
    missed = []
    for fact in built.gold.facts:
        if not asks_fact(built.deck["questions"], fact):
            missed.append(f"  {fact.kind} {fact.value!r} ({fact.about}) from {', '.join(fact.sources)}")
    found = len(built.gold.facts) - len(missed)
    report = f"{built.gold.name}: {found}/{len(built.gold.facts)} gold facts asked"
    print(report + ("; missed:\n" + "\n".join(missed) if missed else ""))
    assert found >= FACT_RECALL * len(built.gold.facts), report + "; missed:\n" + "\n".join(missed)


# --- the gold itself (no generator needed) -------------------------------------------

@pytest.mark.parametrize("folder", CORPORA, ids=[folder.name for folder in CORPORA])
def test_gold_agrees_with_the_texts(folder):
    """expected.toml still describes the texts: anchors exist, values are where it says."""
    gold = load_gold(folder)
    texts = gold.source_texts()
    clean = {sid: blank_out(text, gold.noise_spans(sid, text)) for sid, text in texts.items()}
    problems = []
    for noise in gold.noise:
        if noise.source not in texts:
            problems.append(f"noise names unknown source {noise.source!r}")
            continue
        noise_spans(noise, texts[noise.source])       # raises when the anchor is gone
        for value in noise.values:
            outside = [sid for sid, text in clean.items() if states(text, value)]
            if outside:
                problems.append(f"noise value {value!r} also occurs outside noise in {outside}")
    sides: list[Side] = [side for dispute in gold.disputes for side in dispute.sides]
    for item in [*sides, *gold.attributed, *gold.facts]:
        unknown = [sid for sid in item.sources if sid not in texts]
        if unknown:
            problems.append(f"{item.value!r} names unknown sources {unknown}")
            continue
        if not any(mentions(clean[sid], item.value) for sid in item.sources):
            problems.append(f"{item.value!r} is written in none of {list(item.sources)}")
        numbers = [token for token in signature(item.value) if token[0].isdigit()]
        for sid in item.sources:
            if not all(mentions(clean[sid], number) for number in numbers):
                problems.append(f"{item.value!r} is not stated in {sid}")
    assert not problems, "\n".join(problems)
