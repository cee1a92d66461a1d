"""``quizgen eval``: a deck measured against a gold of facts and disputes.

The river-treaty corpus (tests/corpora/) is built with the CLI, then measured;
a dispute planted between two unrelated values must count as a false one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import main
from quizgen.evaluate import evaluate

CORPUS = Path(__file__).parent / "corpora" / "river-treaty"


@pytest.fixture(scope="module")
def deck_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("eval") / "river-treaty"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("expected.toml", "deck.json", "facts.jsonl"))
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json"), "--quiet"])
    assert result.exit_code == 0, result.output
    return folder / "deck.json"


def test_eval_prints_recall_and_precision(deck_path):
    result = CliRunner().invoke(main, ["eval", str(deck_path), str(CORPUS), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["questions"] > 0
    assert 0.0 < figures["fact_recall"] <= 1.0
    assert figures["dispute_recall"] == 1.0      # the three disputes the corpus plants
    assert figures["dispute_precision"] == 1.0
    assert figures["false_disputes"] == []
    text = CliRunner().invoke(main, ["eval", str(deck_path), str(CORPUS / "expected.toml"), "-v"]).output
    assert text.startswith("river-treaty: ") and "fact recall" in text and "dispute precision" in text


def test_a_planted_dispute_between_unrelated_values_is_false(deck_path, tmp_path):
    deck = json.loads(deck_path.read_text("utf-8"))
    plain = [q for q in deck["questions"] if not q["disputed_by"] and q["kind"] in ("date", "figure")]
    first, other = plain[0], next(q for q in plain[1:] if q["answer"] != plain[0]["answer"])
    first["disputed_by"] = [dict(other["evidence"][0])]
    planted = tmp_path / "deck.json"
    planted.write_text(json.dumps(deck), encoding="utf-8")
    for source in deck["sources"]:       # the deck names its sources relative to itself
        target = tmp_path / source["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(deck_path.parent / source["path"], target)
    result = evaluate(planted, CORPUS)
    assert len(result.false_disputes) == 1 and result.false_disputes[0].startswith(first["group"])
    assert result.dispute_precision is not None and result.dispute_precision < 1.0


def test_eval_names_a_missing_gold(deck_path, tmp_path):
    result = CliRunner().invoke(main, ["eval", str(deck_path), str(tmp_path)])
    assert result.exit_code == 1
    assert "expected.toml" in result.output


def test_a_gold_side_that_names_nobody_is_named_by_its_source_title():
    from quizgen.evaluate import shows_dispute
    from quizgen.gold import Dispute, Side

    def quote(source: str, value: str) -> dict:
        return {"source": source, "value": value, "exact": f"It was founded in {value}.", "start": 0, "end": 22}

    question = {"id": "q-1", "format": "cloze", "prompt": "According to ‘Atlas of Towns’: It was founded in _____.",
                "claimant": "‘Atlas of Towns’", "evidence": [quote("atlas", "1575")],
                "disputed_by": [quote("annals", "1576")]}
    dispute = Dispute("founding year", (Side("1575", ("atlas",), "the atlas", ()),
                                        Side("1576", ("annals",), "the annals", ())))
    words = {"atlas": "atlas Atlas of Towns encyclopedia", "annals": "annals Town Annals book"}
    found, _near = shows_dispute([question], dispute, words, {"atlas": "Atlas of Towns", "annals": "Town Annals"})
    assert found
    unnamed = dict(question, prompt="It was founded in _____.", claimant=None)
    assert not shows_dispute([unnamed], dispute, words, {"atlas": "Atlas of Towns", "annals": "Town Annals"})[0]


def test_a_value_written_without_its_area_unit_states_the_gold_value_with_it():
    from quizgen.gold import quote_states
    assert quote_states("406,750 km²", {"value": "406,750", "normalized": "406750"})
    assert quote_states("397,300 km2", {"value": "397,300 km²", "normalized": None})
    assert not quote_states("406,752 sq km", {"value": "406,750", "normalized": "406750"})
