"""``facts.jsonl`` and ``facts.csv``: the claims a teacher reviews, edits, deletes or adds.

A build writes ``facts.jsonl`` (a source record per source, then one claim per
line). While a source is unchanged the next build takes its claims from there,
so deletions and edits stick; a changed source is extracted again. Hand-written
claims (``"origin": "manual"`` lines, or rows of ``facts.csv``) become questions
too. Bad lines are errors naming file and line, and then nothing is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from quizgen.build import build_deck
from quizgen.errors import QuizgenError
from quizgen.prompts import BLANK

DAM = """The Vessel Dam

The Vessel Dam was built across the Orva River between 1931 and 1936.
About 4,200 labourers worked on the site at the peak of construction.
The reservoir behind the dam holds 35 cubic kilometres of water.
"""
POWER = """Power from the Orva

The Orva power station below the dam opened on 12 May 1939 with four turbines.
By 1950 it supplied electricity to 1.3 million people in three provinces.
A fifth turbine was added in 1961 at a cost of 18 million crowns.
The station was managed for thirty years by Arthur Quill.
"""
QUILL = "The station was managed for thirty years by Arthur Quill."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A deck folder with two sources, built once (so facts.jsonl and deck.json exist)."""
    folder = tmp_path / "orva"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "dam.txt").write_text(DAM, encoding="utf-8")
    (folder / "sources" / "power.txt").write_text(POWER, encoding="utf-8")
    build(folder)
    return folder


def build(folder: Path) -> dict:
    return build_deck(folder, folder / "deck.json")


def read_records(folder: Path) -> list[dict]:
    lines = (folder / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def write_records(folder: Path, records: list[dict]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (folder / "facts.jsonl").write_text(text, encoding="utf-8")


def claims_with(records: list[dict], value: str, source: str | None = None) -> list[dict]:
    found = [r for r in records if r.get("value") == value and source in (None, r.get("source"))]
    assert found, f"no claim with value {value!r} in facts.jsonl"
    return found


def questions_with(deck: dict, value: str) -> list[dict]:
    return [q for q in deck["questions"] if any(e["value"] == value for e in q["evidence"])]


def outputs(folder: Path) -> tuple[bytes, bytes]:
    return (folder / "deck.json").read_bytes(), (folder / "facts.jsonl").read_bytes()


# --- what a build writes ------------------------------------------------------------

def test_a_build_writes_facts_with_a_source_record_per_source(folder):
    records = read_records(folder)
    sources = {r["source"]: r["sha256"] for r in records if r.get("record") == "source"}
    expected = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "sources").glob("*.txt")}
    assert sources == expected
    claims = [r for r in records if r.get("record") != "source"]
    assert {c["source"] for c in claims} == {"dam", "power"}
    texts = {"dam": DAM, "power": POWER}
    for claim in claims:
        assert claim["kind"] in ("date", "figure", "place", "name")
        assert texts[claim["source"]][claim["start"]:claim["end"]] == claim["exact"]
        assert claim["value"] in claim["exact"]


def test_deleting_a_claim_line_removes_its_questions_for_good(folder):
    deck = build(folder)
    assert questions_with(deck, "18 million")
    records = [r for r in read_records(folder) if r.get("value") != "18 million"]
    write_records(folder, records)

    for _ in range(2):  # the deletion survives the rebuild that rewrites facts.jsonl
        deck = build(folder)
        assert not questions_with(deck, "18 million")
        assert not [r for r in read_records(folder) if r.get("value") == "18 million"]
    # other claims from the same sentence are still asked
    assert any(q["answer"] == "1961" for q in deck["questions"])


def test_an_edited_claimant_is_used_by_the_next_build(folder):
    records = read_records(folder)
    [claim] = claims_with(records, "1.3 million")
    claim["claimant"] = "the Orva Power Board"
    write_records(folder, records)
    deck = build(folder)
    [question] = [q for q in questions_with(deck, "1.3 million") if q["format"] != "attribution"]
    assert question["claimant"] == "the Orva Power Board"
    assert "the Orva Power Board" in question["prompt"]
    assert question["evidence"][0]["claimant"] == "the Orva Power Board"
    assert claims_with(read_records(folder), "1.3 million")[0]["claimant"] == "the Orva Power Board"


def test_an_edited_value_is_the_answer_of_the_next_build(folder):
    records = read_records(folder)
    [claim] = claims_with(records, "1.3 million")
    claim["value"] = "1.3 million people"
    write_records(folder, records)
    deck = build(folder)
    assert not questions_with(deck, "1.3 million")
    questions = questions_with(deck, "1.3 million people")
    assert questions and all(q["answer"] == "1.3 million people" for q in questions)


def test_bug_an_edited_value_moves_the_blank_with_it(folder):
    """The teacher widens a value; the blank must cover the new value, not the old span."""
    # "it" is named from the sentence before ("The Orva power station below the dam opened ...")
    sentence = ("By 1950 the Orva power station below the dam supplied electricity to 1.3 million people "
                "in three provinces.")
    before = [q for q in questions_with(build(folder), "1.3 million") if q["format"] != "attribution"]
    assert before and all(q["prompt"].replace(BLANK, q["answer"]) == sentence for q in before)

    records = read_records(folder)
    [claim] = claims_with(records, "1.3 million")
    claim["value"] = "1.3 million people"
    write_records(folder, records)
    deck = build(folder)
    after = [q for q in questions_with(deck, "1.3 million people") if q["format"] != "attribution"]
    assert after
    for question in after:
        assert question["prompt"].replace(BLANK, question["answer"]) == sentence, question["prompt"]


def edit_claimants(folder: Path) -> None:
    records = read_records(folder)
    [labour] = claims_with(records, "About 4,200", "dam")
    labour["claimant"] = "the site foreman"
    [power] = claims_with(records, "1.3 million", "power")
    power["claimant"] = "the Orva Power Board"
    write_records(folder, records)


def assert_reextracted(folder: Path, deck: dict, changed: str) -> list[dict]:
    records = read_records(folder)
    dam_record = [r for r in records if r.get("record") == "source" and r["source"] == "dam"]
    assert dam_record[0]["sha256"] == hashlib.sha256(changed.encode("utf-8")).hexdigest()
    for record in records:
        if record.get("source") == "dam" and "start" in record:
            assert changed[record["start"]:record["end"]] == record["exact"]
    # the changed source's lines are fresh, so the edit made to one of them is gone
    assert all(r["claimant"] is None for r in records if r.get("source") == "dam" and "4,200" in r.get("value", ""))
    # the unchanged source keeps its edited line, and the deck uses it
    assert claims_with(records, "1.3 million", "power")[0]["claimant"] == "the Orva Power Board"
    assert any(q["claimant"] == "the Orva Power Board" for q in questions_with(deck, "1.3 million"))
    return records


def test_a_changed_source_is_extracted_again_and_other_edits_stay(folder):
    edit_claimants(folder)
    changed = DAM + "A flood damaged the spillway in 1952.\n"  # the old quotes are still where they were
    (folder / "sources" / "dam.txt").write_text(changed, encoding="utf-8")
    deck = build(folder)
    records = assert_reextracted(folder, deck, changed)
    assert [r for r in records if r.get("source") == "dam" and r.get("value") == "1952"]


def test_bug_a_source_edited_inside_a_quote_is_extracted_again(folder):
    """Old lines of a changed source are checked against its new text before they are dropped."""
    edit_claimants(folder)
    changed = DAM.replace("35 cubic kilometres", "38 cubic kilometres")
    (folder / "sources" / "dam.txt").write_text(changed, encoding="utf-8")
    deck = build(folder)
    records = assert_reextracted(folder, deck, changed)
    assert not [r for r in records if r.get("source") == "dam" and "35 cubic" in r.get("value", "")]
    assert [r for r in records if r.get("source") == "dam" and "38 cubic" in r.get("value", "")]


# --- hand-written claims --------------------------------------------------------------

def drop_quill(folder: Path) -> None:
    """Delete the extractor's claims of Arthur Quill, so only a hand-written one can ask about him."""
    write_records(folder, [r for r in read_records(folder) if r.get("value") != "Arthur Quill"])
    assert not questions_with(build(folder), "Arthur Quill")


def test_a_manual_line_without_offsets_becomes_a_question(folder):
    drop_quill(folder)
    manual = {"origin": "manual", "kind": "name", "value": "Arthur Quill", "source": "power",
              "exact": QUILL, "claimant": None}
    write_records(folder, [*read_records(folder), manual])
    deck = build(folder)
    [question] = questions_with(deck, "Arthur Quill")
    [evidence] = question["evidence"]
    assert POWER[evidence["start"]:evidence["end"]] == QUILL == evidence["exact"]
    assert question["answer"] == "Arthur Quill"
    assert BLANK in question["prompt"]
    assert manual in read_records(folder), "the hand-written line is kept as written"


def test_facts_csv_rows_with_the_same_fields_become_questions(folder):
    drop_quill(folder)
    (folder / "facts.csv").write_text(
        "kind,value,source,exact,claimant\n"
        f"name,Arthur Quill,power,{QUILL},\n", encoding="utf-8")
    deck = build(folder)
    [question] = questions_with(deck, "Arthur Quill")
    [evidence] = question["evidence"]
    assert POWER[evidence["start"]:evidence["end"]] == QUILL
    assert evidence["claimant"] is None


def test_facts_csv_offsets_are_checked_against_the_quote(folder):
    start = POWER.index(QUILL)
    (folder / "facts.csv").write_text(
        "kind,value,source,exact,start,end\n"
        f"name,Arthur Quill,power,{QUILL},{start},{start + len(QUILL)}\n"
        f"name,Arthur Quill,power,{QUILL},{start + 1},{start + 1 + len(QUILL)}\n", encoding="utf-8")
    with pytest.raises(QuizgenError) as raised:
        build(folder)
    assert raised.value.file == str(folder / "facts.csv") and raised.value.line == 3


# --- bad input writes nothing -----------------------------------------------------------

def csv_with_missing_quote() -> str:
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["kind", "value", "source", "exact"])
    writer.writerow(["name", "Arthur Quill", "power", QUILL])
    writer.writerow(["date", "1937", "power", "The station closed in 1937."])
    return rows.getvalue()


def test_a_csv_row_whose_quote_is_not_in_the_source_names_file_and_line(folder):
    (folder / "facts.csv").write_text(csv_with_missing_quote(), encoding="utf-8")
    before = outputs(folder)
    with pytest.raises(QuizgenError) as raised:
        build(folder)
    error = raised.value
    assert error.file == str(folder / "facts.csv")
    assert error.line == 3
    assert "facts.csv:3" in str(error)
    assert outputs(folder) == before


BAD_FACT_LINES = {
    "invalid JSON": '{"kind": "name", "value": ',
    "not an object": '["name", "Arthur Quill"]',
    "quote not in source": json.dumps({"kind": "date", "value": "1937", "source": "power",
                                       "exact": "The station closed in 1937."}),
    "unknown source": json.dumps({"kind": "name", "value": "Arthur Quill", "source": "nowhere", "exact": QUILL}),
    "value not in quote": json.dumps({"kind": "name", "value": "Jack Lang", "source": "power", "exact": QUILL}),
    "wrong offsets": json.dumps({"kind": "name", "value": "Arthur Quill", "source": "power", "exact": QUILL,
                                 "start": 0, "end": len(QUILL)}),
    "bad kind": json.dumps({"kind": "person", "value": "Arthur Quill", "source": "power", "exact": QUILL}),
}


@pytest.mark.parametrize("bad_line", BAD_FACT_LINES.values(), ids=BAD_FACT_LINES.keys())
def test_a_bad_facts_line_names_file_and_line_and_nothing_is_written(folder, bad_line):
    lines = (folder / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    lines.insert(3, bad_line)
    (folder / "facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = outputs(folder)
    with pytest.raises(QuizgenError) as raised:
        build(folder)
    assert raised.value.file == str(folder / "facts.jsonl")
    assert raised.value.line == 4
    assert outputs(folder) == before


def test_a_failed_first_build_writes_no_deck_and_no_facts(tmp_path):
    folder = tmp_path / "fresh"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "power.txt").write_text(POWER, encoding="utf-8")
    (folder / "facts.csv").write_text(csv_with_missing_quote(), encoding="utf-8")
    with pytest.raises(QuizgenError):
        build(folder)
    assert not (folder / "deck.json").exists()
    assert not (folder / "facts.jsonl").exists()


# --- spreadsheets ------------------------------------------------------------------------

def test_bug_a_facts_csv_saved_with_a_byte_order_mark_is_read(folder):
    """Spreadsheet programs save "CSV UTF-8" with a BOM; the first column is still "kind"."""
    drop_quill(folder)
    text = f"kind,value,source,exact,claimant\nname,Arthur Quill,power,{QUILL},\n"
    (folder / "facts.csv").write_bytes("\ufeff".encode("utf-8") + text.encode("utf-8"))
    deck = build(folder)
    assert questions_with(deck, "Arthur Quill")


def test_bug_a_csv_error_names_the_physical_line_after_a_multiline_cell(folder):
    """A note spanning three lines in row 2 puts row 3 on line 5 of the file."""
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["kind", "value", "source", "exact", "note"])
    writer.writerow(["name", "Arthur Quill", "power", QUILL, "checked\nin the archive\nin May"])
    writer.writerow(["date", "1937", "power", "The station closed in 1937.", ""])
    (folder / "facts.csv").write_text(rows.getvalue(), encoding="utf-8")
    with pytest.raises(QuizgenError) as raised:
        build(folder)
    bad_line = rows.getvalue().splitlines().index(next(text_line for text_line in rows.getvalue().splitlines()
                                                       if text_line.startswith("date,1937"))) + 1
    assert raised.value.line == bad_line
