"""A table's settings in sources.toml (rows, units, skip) and what a table leaves unsaid: a figure
with no unit, a row noun from a file name, a river's one prefecture of several."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.build import build_deck, build_note
from quizgen.check import check_deck
from quizgen.cli import main
from quizgen.errors import QuizgenError

LAKES = ("Name,Country,Depth,Seats\n"
         "Baikal,Russia,1642,12\nIssyk-Kul,Kyrgyzstan,668,7\nToba,Indonesia,505,9\nQinghai,China,25,4\n"
         "Van,Turkey,451,3\nSevan,Armenia,83,5\n")
# rivers that cross borders, each given one country of the several it flows through
RIVERS = ("Name,Country,Length,Basin\n"
          "Loire,France,1006,117356\nEbro,Spain,930,85362\nPo,Italy,652,71000\nVistula,Poland,1047,193960\n"
          "Elbe,Germany,1094,148268\nTagus,Portugal,1007,80100\n")


def deck_folder(tmp_path: Path, files: dict[str, str], manifest: str = "") -> Path:
    folder = tmp_path / "deck"
    (folder / "sources").mkdir(parents=True)
    for name, content in files.items():
        (folder / "sources" / name).write_text(content, encoding="utf-8")
    if manifest:
        (folder / "sources.toml").write_text(manifest, encoding="utf-8")
    return folder


def build(folder: Path) -> dict:
    deck = build_deck(folder, folder / "deck.json")
    assert check_deck(folder / "deck.json").errors == []
    return deck


def prompts(deck: dict) -> dict[str, dict]:
    return {q["prompt"]: q for q in deck["questions"]}


# --- a figure with no unit ----------------------------------------------------------

def test_a_measure_with_no_unit_is_not_asked_and_the_build_says_how_to_give_it(tmp_path):
    folder = deck_folder(tmp_path, {"lakes.csv": LAKES})
    deck = build(folder)
    assert not [q for q in deck["questions"] if "depth" in q["prompt"].lower() or q["answer"] == "1,642"]
    assert "How many seats does Baikal have?" in prompts(deck)     # a count needs no unit
    [warning] = deck["table_warnings"]
    assert warning["column"] == "Depth" and warning["source"] == "lakes"
    for part in ("sources/lakes.csv", "'Depth'", "sources.toml", "[sources.lakes]", 'units = { "Depth" = "..." }',
                 'skip = ["Depth"]'):
        assert part in warning["message"]
    assert "Depth" in (build_note(deck) or "")                     # the web app's build message
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json"), "--quiet"])
    assert result.exit_code == 0 and "warning: sources/lakes.csv, column 'Depth'" in result.stderr


def test_a_unit_given_in_sources_toml_asks_the_measure_and_skip_silences_a_column(tmp_path):
    manifest = '[sources.lakes]\nunits = { "depth" = "m" }\nskip = ["Seats"]\n'
    deck = build(deck_folder(tmp_path, {"lakes.csv": LAKES}, manifest))
    assert prompts(deck)["What is the depth of Baikal, in m?"]["answer"] == "1642"
    assert not [q for q in deck["questions"] if "seats" in q["prompt"].lower()]
    assert "table_warnings" not in deck


def test_a_figure_measured_in_an_area_unit_is_asked_as_an_area(tmp_path):
    manifest = '[sources.rivers]\nunits = { "Basin" = "km²", "Length" = "km" }\n'
    deck = build(deck_folder(tmp_path, {"rivers.csv": RIVERS}, manifest))
    assert prompts(deck)["What is the basin area of the Po River, in km²?"]["answer"] == "71,000"
    assert "What is the length of the Po River, in km?" in prompts(deck)


def test_a_column_writing_some_numbers_of_five_digits_shows_its_four_digit_ones_alike(tmp_path):
    table = "Name,Area (km2)\nAlpha,16840\nBeta,9100\nGamma,7040\nDelta,11900\nEpsilon,5590\n"
    deck = build(deck_folder(tmp_path, {"places.csv": table}))
    question = prompts(deck)["What is the area of Beta, in km2?"]
    assert question["answer"] == "9,100"
    assert all("," in option for option in question["distractors"]), question["distractors"]


# --- what the rows are ------------------------------------------------------------

def test_rows_named_only_name_take_the_last_noun_of_a_file_name(tmp_path):
    deck = build(deck_folder(tmp_path, {"asia-lakes.csv": LAKES}))
    reverse = [p for p in prompts(deck) if p.startswith("Which")]
    assert reverse and all(p.startswith("Which lake ") for p in reverse), reverse


def test_a_word_that_ranks_the_rows_is_no_part_of_their_noun(tmp_path):
    manifest = '[sources.lakes]\ntitle = "Major lakes of Asia"\n'
    deck = build(deck_folder(tmp_path, {"lakes.csv": LAKES}, manifest))
    reverse = [p for p in prompts(deck) if p.startswith("Which")]
    assert reverse and all(p.startswith("Which lake ") for p in reverse), reverse


def test_sources_toml_says_what_the_rows_are(tmp_path):
    manifest = '[sources.lakes]\nrows = "crater lake"\n'
    deck = build(deck_folder(tmp_path, {"lakes.csv": LAKES}, manifest))
    assert prompts(deck)["Which crater lake is in Kyrgyzstan?"]["answer"] == "Issyk-Kul"


# --- a river given one country of several -----------------------------------------------

def test_a_river_is_asked_which_of_the_options_it_flows_through_not_where_it_is(tmp_path):
    deck = build(deck_folder(tmp_path, {"rivers.csv": RIVERS}, '[sources.rivers]\nskip = ["Length", "Basin"]\n'))
    question = prompts(deck)["Which of these countries does the Elbe River flow through?"]
    assert question["answer"] == "Germany" and question["format"] == "multiple_choice"
    assert prompts(deck)["Which of these rivers flows through Poland?"]["answer"] == "Vistula"
    assert not [p for p in prompts(deck) if p.startswith("In which country")]


def test_which_of_these_is_never_typed_in(tmp_path):
    rivers = "Name,Country\nLoire,France\nEbro,Spain\nPo,Italy\n"   # two options: a typed answer
    deck = build(deck_folder(tmp_path, {"rivers.csv": rivers}))
    assert not [q for q in deck["questions"] if q["prompt"].startswith("Which of these")
                and q["format"] != "multiple_choice"]


# --- bad settings ---------------------------------------------------------------

@pytest.mark.parametrize(("setting", "field"), [
    ('units = { "Nope" = "m" }', "sources.lakes.units"),
    ('skip = ["Nope"]', "sources.lakes.skip"),
    ('skip = ["Name"]', "sources.lakes.skip"),
    ('units = { "Depth" = 3 }', "sources.lakes.units"),
    ('units = { "Depth" = "" }', "sources.lakes.units.Depth"),
    ('skip = "Depth"', "sources.lakes.skip"),
    ("rows = 3", "sources.lakes.rows"),
])
def test_a_bad_table_setting_stops_the_build_naming_its_field(tmp_path, setting, field):
    folder = deck_folder(tmp_path, {"lakes.csv": LAKES}, f"[sources.lakes]\n{setting}\n")
    with pytest.raises(QuizgenError) as caught:
        build_deck(folder, folder / "deck.json")
    assert caught.value.field == field
    assert not (folder / "deck.json").exists()


def test_a_division_of_a_country_is_a_place_that_holds_the_row(tmp_path):
    lakes = ("Lake,Prefecture\nLake Biwa,Shiga\nLake Inawashiro,Fukushima\nLake Kasumigaura,Ibaraki\n"
             "Lake Saroma,Hokkaido\nLake Shinji,Shimane\n")
    deck = build(deck_folder(tmp_path, {"lakes.csv": lakes}))
    question = prompts(deck)["In which prefecture is Lake Biwa?"]
    assert question["answer"] == "Shiga" and question["kind"] == "place"


def test_the_readme_shows_every_table_setting_in_a_sources_toml_the_build_accepts(tmp_path):
    from quizgen.sources import SOURCE_FIELDS, read_manifest

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("    [deck]\n    max_table_questions")
    lines = readme[start:].splitlines()
    block = lines[:next(i for i, line in enumerate(lines) if line and not line.startswith("    "))]
    example = "\n".join(line[4:] for line in block)
    (tmp_path / "sources.toml").write_text(example, encoding="utf-8")
    entry = read_manifest(tmp_path)["treaties"]
    assert {"subject", "rows", "columns", "units", "skip"} <= set(entry) <= SOURCE_FIELDS
