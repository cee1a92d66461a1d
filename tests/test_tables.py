"""Tables as sources: kinds, phrasing, options, reverse questions, citations, disputes, bad tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from quizgen.build import build_deck
from quizgen.check import check_deck
from quizgen.cli import main
from quizgen.export_anki import write_apkg
from quizgen.export_csv import render_csv
from quizgen.export_lms import gift, moodle_xml, quizlet_text
from quizgen.table_phrasing import subject_phrase
from quizgen.tables import infer_kind

RIVERS = (
    "River,Length (km),Mouth,Source\n"
    "Kura,\"1,515\",Caspian Sea,Atlas of rivers p. 12\n"
    "Aras,\"1,072\",Kura,Atlas of rivers p. 14\n"
    "Terek,623,Caspian Sea,Atlas of rivers p. 20\n"
    "Sulak,144,Caspian Sea,Atlas of rivers p. 21\n"
    "Samur,216,Caspian Sea,https://example.org/samur\n"
)
TREATIES = (
    "Treaty,Signed,Place,Reference\n"
    "Treaty of Kars,13 October 1921,Kars,Gazette 1921\n"
    "Treaty of Gulistan,24 October 1813,Gulistan,Gazette 1813\n"
    "Treaty of Turkmenchay,10 February 1828,Turkmenchay,Gazette 1828\n"
    "Treaty of Moscow,16 March 1921,Moscow,Gazette 1921b\n"
    "Treaty of Alexandropol,3 December 1920,Alexandropol,Gazette 1920\n"
)


def deck_folder(tmp_path: Path, files: dict[str, str | bytes], manifest: str = "") -> Path:
    folder = tmp_path / "facts-deck"
    (folder / "sources").mkdir(parents=True)
    for name, content in files.items():
        path = folder / "sources" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if manifest:
        (folder / "sources.toml").write_text(manifest, encoding="utf-8")
    return folder


def build(folder: Path) -> dict:
    deck = build_deck(folder, folder / "deck.json")
    report = check_deck(folder / "deck.json")
    assert report.errors == [], report.errors
    return deck


def by_prompt(deck: dict) -> dict[str, dict]:
    return {q["prompt"]: q for q in deck["questions"]}


# --- kinds ----------------------------------------------------------------------

@pytest.mark.parametrize(("header", "values", "kind"), [
    ("Signed", ["13 October 1921", "24 October 1813", "10 February 1828"], "date"),
    ("Year", ["1921", "1813", "1828"], "date"),            # bare years, and the header says years
    ("Population", ["1921", "1813", "1828"], "figure"),    # the same numbers counting people
    ("Length (km)", ["1,515", "623", "144"], "figure"),
    ("Capital", ["Baku", "Yerevan", "Tbilisi"], "place"),
    ("Leader", ["Ilham Aliyev", "Nikol Pashinyan", "Vladimir Putin"], "name"),
    ("Notes", ["fought in the rain", "a long siege, then a truce", "see chapter 3"], "text"),
    ("Landlocked", ["Yes", "No", "No", "Yes"], "text"),                # a flag is not asked
])
def test_a_column_kind_is_inferred_from_its_header_and_values(header, values, kind):
    assert infer_kind(header, values) == kind


def test_a_column_kind_set_in_the_manifest_wins(tmp_path):
    manifest = '[sources.rivers]\ncolumns = { "Mouth" = "text" }\n'
    deck = build(deck_folder(tmp_path, {"rivers.csv": RIVERS}, manifest))
    assert not [q for q in deck["questions"] if "mouth" in q["prompt"].lower()]
    deck = build(deck_folder(tmp_path / "again", {"rivers.csv": RIVERS}))
    assert [q for q in deck["questions"] if "mouth" in q["prompt"].lower()]


def test_the_subject_column_can_be_named_in_the_manifest(tmp_path):
    table = "Length (km),River\n\"1,515\",Kura\n\"1,072\",Aras\n623,Terek\n144,Sulak\n"
    deck = build(deck_folder(tmp_path, {"rivers.csv": table}, '[sources.rivers]\nsubject = "River"\n'))
    assert "What is the length of the Kura River, in km?" in by_prompt(deck)


# --- phrasing, options, reverse ------------------------------------------------------

def test_questions_are_phrased_from_header_and_subject_with_units(tmp_path):
    capitals = "Country,Capital\nFrance,Paris\nGeorgia,Tbilisi\nArmenia,Yerevan\nAzerbaijan,Baku\n"
    cities = "Country,Capital City\nFrance,Paris\nGeorgia,Tbilisi\nArmenia,Yerevan\nAzerbaijan,Baku\n"
    prompts = by_prompt(build(deck_folder(tmp_path, {"rivers.csv": RIVERS, "treaties.csv": TREATIES,
                                                     "capitals.csv": capitals, "cities.csv": cities})))
    assert prompts["When was the Treaty of Kars signed?"]["answer"] == "13 October 1921"
    assert prompts["What is the length of the Kura River, in km?"]["answer"] == "1,515"
    assert prompts["What is the capital of France?"]["kind"] == "place"
    assert prompts["What is the capital city of France?"]["answer"] == "Paris"    # header "Capital City"
    assert prompts["Which country's capital is Paris?"]["answer"] == "France"
    # "Where did the Treaty of Gulistan take place?" would name its answer: not asked
    assert not [q for q in prompts.values() if q["answer"] == "Gulistan"]


def test_headers_with_a_participle_ask_who_and_when(tmp_path):
    table = ("\ufeffElement,Discovered by,Year discovered,Population\r\n"
             "Hydrogen,Henry Cavendish,1766,9\r\nOxygen,Carl Wilhelm Scheele,1771,8\r\n"
             "Neon,William Ramsay,1898,7\r\nSodium,Humphry Davy,1807,6\r\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"elements.csv": table})))
    assert prompts["Who was Hydrogen discovered by?"]["answer"] == "Henry Cavendish"
    assert prompts["Which element was discovered by Humphry Davy?"]["answer"] == "Sodium"
    assert prompts["In what year was Neon discovered?"]["answer"] == "1898"
    assert prompts["Which element was discovered in 1771?"]["answer"] == "Oxygen"


def test_as_of_goes_with_figures_only(tmp_path):
    table = ("Country,Capital,Population,As of\nFrance,Paris,\"68,042,591\",2023\nItaly,Rome,\"58,850,717\",2023\n"
             "Spain,Madrid,\"48,085,361\",2023\nPoland,Warsaw,\"36,753,736\",2023\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"countries.csv": table})))
    assert prompts["What is the population of Italy (as of 2023)?"]["answer"] == "58,850,717"
    assert prompts["What is the capital of Italy?"]["answer"] == "Rome"


def test_a_header_saying_what_the_subject_did_asks_when_it_did_it(tmp_path):
    table = ("Monarch,Born,Died\nElizabeth I,7 September 1533,24 March 1603\nJames I,19 June 1566,27 March 1625\n"
             "Charles I,19 November 1600,30 January 1649\nAnne,6 February 1665,1 August 1714\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"monarchs.csv": table})))
    assert prompts["When did Elizabeth I die?"]["answer"] == "24 March 1603"
    assert prompts["Which monarch died on 27 March 1625?"]["answer"] == "James I"
    assert prompts["When was Anne born?"]["answer"] == "6 February 1665"
    assert not [p for p in prompts if "the died" in p or "was Anne died" in p]


def test_a_header_starting_with_what_the_subject_did_asks_when_it_did_it(tmp_path):
    table = ("President,Took office,Left office\nGeorge Washington,30 April 1789,4 March 1797\n"
             "John Adams,4 March 1797,4 March 1801\nThomas Jefferson,4 March 1801,4 March 1809\n"
             "James Madison,4 March 1809,4 March 1817\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"presidents.csv": table})))
    assert prompts["When did George Washington take office?"]["answer"] == "30 April 1789"
    assert prompts["When did John Adams leave office?"]["answer"] == "4 March 1801"
    assert prompts["Which president took office on 30 April 1789?"]["answer"] == "George Washington"


def test_headers_written_as_code_read_as_words_with_their_unit(tmp_path):
    table = ("country,capital,area_km2,first_ascent_year\nFrance,Paris,643801,1950\nKenya,Nairobi,580367,1960\n"
             "Chile,Santiago,756102,1970\nJapan,Tokyo,377975,1980\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"countries.csv": table})))
    assert prompts["What is the area of Chile, in km2?"]["answer"] == "756,102"
    assert prompts["What is the area of France, in km2?"]["answer"] == "643,801"
    assert not [p for p in prompts if "_" in p]


def test_a_date_named_by_a_noun_asks_when_it_was(tmp_path):
    table = ("Mountain,First ascent,Height (m)\nEverest,1953,8849\nK2,1954,8611\nKangchenjunga,1955,8586\n"
             "Lhotse,1956,8516\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"mountains.csv": table})))
    assert prompts["When was the first ascent of Everest?"]["kind"] == "date"
    assert prompts["Which mountain's first ascent was in 1954?"]["answer"] == "K2"


def test_things_are_named_with_an_article_and_asked_what_was_done_to_them(tmp_path):
    table = ("Invention,Inventor,Year\nTelephone,Alexander Graham Bell,1876\nLight bulb,Thomas Edison,1879\n"
             "Radio,Guglielmo Marconi,1895\nPrinting press,Johannes Gutenberg,1440\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"inventions.csv": table})))
    assert prompts["Who is the inventor of the light bulb?"]["answer"] == "Thomas Edison"
    assert prompts["In what year was the telephone invented?"]["answer"] == "1876"
    assert prompts["Which invention was invented in 1440?"]["answer"] == "Printing press"
    assert not [p for p in prompts if "take place" in p or "took place" in p]


def test_cells_saying_there_is_no_value_are_not_asked_and_footnote_marks_are_not_answers(tmp_path):
    table = ("City,Population,Founded,Mayor\nAlphaville,\"1,234,567\",1200,John Smith\n"
             "Betatown,N/A,1850,Mary Jones\nGammaburg,\"45,000[1]\",1901,—\nDeltacity,\"78,900\",?,Ann Lee\n"
             "Epsilon,\"12,345\",1777,Bob Stone\nZeta,\"99,999\",1666,unknown\n")
    folder = deck_folder(tmp_path, {"cities.csv": table})
    deck = build(folder)
    prompts = by_prompt(deck)
    assert "What is the population of Betatown?" not in prompts
    assert "When was Deltacity founded?" not in prompts and "When was Betatown founded?" in prompts
    assert "Who is the mayor of Gammaburg?" not in prompts and "Who is the mayor of Zeta?" not in prompts
    assert prompts["What is the population of Gammaburg?"]["answer"] == "45,000"
    shown = {v for q in deck["questions"] for v in [q["answer"], *q["distractors"]]}
    assert not shown & {"N/A", "?", "—", "unknown", "45,000[1]"}
    text = (folder / "sources" / "cities.csv").read_bytes().decode("utf-8")
    quote = prompts["What is the population of Gammaburg?"]["evidence"][0]
    assert quote["value"] == "45,000" and "45,000[1]" in quote["exact"] == text[quote["start"]:quote["end"]]


def test_a_column_naming_the_larger_place_asks_in_which(tmp_path):
    countries = ("Country,Continent\nFrance,Europe\nKenya,Africa\nChile,South America\nJapan,Asia\n"
                 "Peru,South America\n")
    people = ("Scientist,Country\nMarie Curie,France\nNiels Bohr,Denmark\nLise Meitner,Austria\n"
              "Enrico Fermi,Italy\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"countries.csv": countries, "people.csv": people})))
    assert prompts["In which continent is Kenya?"]["answer"] == "Africa"
    assert prompts["Which country is in Europe?"]["answer"] == "France"
    assert not [p for p in prompts if p.startswith("In which country is")]   # people are not "in" a country


def test_a_column_counting_things_asks_how_many(tmp_path):
    table = "Party,Seats,Number of members\nRed Party,120,4500\nBlue Party,98,3900\nGreen Party,30,1200\n" \
            "Yellow Party,22,800\n"
    prompts = by_prompt(build(deck_folder(tmp_path, {"parties.csv": table})))
    assert prompts["How many seats does Red Party have?"]["answer"] == "120"
    assert prompts["How many members does Green Party have?"]["answer"] == "1200"
    assert "Which party has 98 seats?" not in prompts, "a measure names no row: only an identifying number does"


def test_a_place_column_asks_where_an_event_took_place_and_where_a_thing_is(tmp_path):
    bridges = ("Bridge,Location\nGolden Gate Bridge,San Francisco\nBrooklyn Bridge,New York City\n"
               "Tower Bridge,London\nForth Bridge,Queensferry\n")
    battles = ("Battle,Place\nBattle of Hastings,Sussex\nBattle of Bosworth,Leicestershire\n"
               "Battle of Culloden,Inverness-shire\nBattle of Naseby,Northamptonshire\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"bridges.csv": bridges, "battles.csv": battles})))
    assert prompts["Where is Tower Bridge located?"]["answer"] == "London"
    assert prompts["Which bridge is located in London?"]["answer"] == "Tower Bridge"
    assert prompts["Where did the battle of Hastings take place?"]["answer"] == "Sussex"
    assert prompts["Which battle took place in Sussex?"]["answer"] == "Battle of Hastings"
    assert not [p for p in prompts if "Bridge take place" in p]


def test_a_reverse_question_whose_answer_names_its_value_is_not_asked(tmp_path):
    battles = ("Battle,Place,Year\nBattle of Marathon,Marathon,490 BC\nBattle of Cannae,Cannae,216 BC\n"
               "Battle of Hastings,Sussex,1066\nBattle of Bosworth,Leicestershire,1485\n"
               "Battle of Naseby,Northamptonshire,1645\n")
    deck = build(deck_folder(tmp_path, {"battles.csv": battles}))
    for question in deck["questions"]:
        shown = question["prompt"].casefold()
        assert not (question["answer"] == "Battle of Marathon" and "marathon" in shown), question["prompt"]
        assert not (question["answer"] == "Battle of Cannae" and "cannae" in shown), question["prompt"]
    assert "Which battle took place in Sussex?" in by_prompt(deck)


def test_a_figure_option_nearly_equal_to_the_answer_comes_last(tmp_path):
    towers = ("Building,Height (ft)\nEmpire State Building,1250\nChrysler Building,1046\nTower A,1251\n"
              "Tower B,1248\nTower C,900\nTower D,1400\nTower E,1500\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"towers.csv": towers})))
    options = prompts["What is the height of the Empire State Building, in ft?"]["distractors"]
    assert len(options) == 3 and not {"1251", "1248"} & set(options), options


def test_a_long_exact_figure_asks_forward_only_a_short_one_both_ways(tmp_path):
    elements = ("Element,Atomic number,Atomic mass (mu)\nHydrogen,1,1007940\nCarbon,6,12010700\n"
                "Nitrogen,7,14006700\nOxygen,8,15999400\nNeon,10,20179700\n")
    deck = build(deck_folder(tmp_path, {"elements.csv": elements}))
    reverse = [q for q in deck["questions"] if q["answer"] in ("Hydrogen", "Carbon", "Nitrogen", "Oxygen", "Neon")]
    assert any("6" in q["prompt"] and q["answer"] == "Carbon" for q in reverse)
    assert not any("12010700" in q["prompt"].replace(",", "") for q in reverse)
    assert any(q["answer"].replace(",", "") == "12010700" for q in deck["questions"])


def test_years_before_christ_and_year_ranges_are_dates(tmp_path):
    battles = ("Battle,Fought\nBattle of Marathon,490 BC\nBattle of Salamis,480 BC\nBattle of Gaugamela,331 BC\n"
               "Battle of Cannae,216 BC\n")
    reigns = ("Monarch,Reign\nElizabeth I,1558–1603\nJames I,1603–1625\nCharles I,1625–1649\n"
              "Charles II,1660–1685\n")
    deck = build(deck_folder(tmp_path, {"battles.csv": battles, "reigns.csv": reigns}))
    prompts = by_prompt(deck)
    assert prompts["When was the battle of Cannae fought?"]["kind"] == "date"
    assert prompts["Which battle was fought in 490 BC?"]["answer"] == "Battle of Marathon"   # "in", not "on"
    assert prompts["When was the reign of James I?"]["kind"] == "date"
    warnings = check_deck(tmp_path / "facts-deck" / "deck.json").warnings
    assert not [w for w in warnings if "is not a date" in w.message]    # "216 BC" is an option like any year


def test_a_first_column_of_codes_gives_way_to_the_column_that_names_the_row(tmp_path):
    elements = ("Symbol,Name,Atomic number\nH,Hydrogen,1\nHe,Helium,2\nLi,Lithium,3\nBe,Beryllium,4\n"
                "B,Boron,5\n")
    ranked = "Rank,City,Population\n1,Tokyo,37400068\n2,Delhi,28514000\n3,Shanghai,25582000\n4,Cairo,20076000\n"
    prompts = by_prompt(build(deck_folder(tmp_path, {"elements.csv": elements, "cities.csv": ranked})))
    assert prompts["What is the atomic number of Lithium?"]["answer"] == "3"
    assert prompts["What is the symbol of Helium?"]["answer"] == "He"
    assert prompts["What is the population of Delhi?"]["answer"] == "28,514,000"
    assert not [p for p in prompts if " of H?" in p or " of 2?" in p]


def test_the_manifest_subject_still_wins_over_a_code_column(tmp_path):
    elements = "Symbol,Name,Atomic number\nH,Hydrogen,1\nHe,Helium,2\nLi,Lithium,3\nBe,Beryllium,4\n"
    prompts = by_prompt(build(deck_folder(tmp_path, {"elements.csv": elements},
                                          '[sources.elements]\nsubject = "Symbol"\n')))
    assert prompts["What is the atomic number of Li?"]["answer"] == "3"


def test_a_csv_written_with_semicolons_reads_like_one_with_commas(tmp_path):
    table = "\ufeffCountry;Capital;Population\r\nFrance;Paris;68042591\r\nItaly;Rome;58850717\r\n" \
            "Spain;Madrid;48085361\r\nPoland;Warsaw;36753736\r\n"
    folder = deck_folder(tmp_path, {"countries.csv": table})
    deck = build(folder)
    assert by_prompt(deck)["What is the capital of Italy?"]["answer"] == "Rome"
    text = (folder / "sources" / "countries.csv").read_bytes().decode("utf-8")   # the file untouched: CRLF kept
    for question in deck["questions"]:
        quote = question["evidence"][0]
        assert text[quote["start"]:quote["end"]] == quote["exact"] and ";" in quote["exact"]


@pytest.mark.parametrize(("subject", "phrase"), [
    ("Capture of Shusha", "the capture of Shusha"),
    ("Deployment of Russian peacekeepers", "the deployment of Russian peacekeepers"),
    ("Treaty of Kars", "the Treaty of Kars"),
    ("Kars Bridge", "Kars Bridge"),
    ("University of Paris", "the University of Paris"),
    ("Empire State Building", "the Empire State Building"),
    ("Caspian Sea", "the Caspian Sea"),
    ("One World Trade Center", "One World Trade Center"),
    ("Windsor Castle", "Windsor Castle"),
])
def test_a_subject_reads_as_a_noun_phrase(subject, phrase):
    assert subject_phrase(subject) == phrase


def test_rows_of_a_column_of_rivers_take_the(tmp_path):
    rivers = ("River,Length (km)\nNile,6650\nAmazon,6400\nYangtze,6300\nVolga,3531\nDanube,2850\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"rivers.csv": rivers})))
    assert prompts["What is the length of the Nile River, in km?"]["answer"] == "6650"
    seas = ("River,Outflow\nVolga,Caspian Sea\nLena,Laptev Sea\nYangtze,East China Sea\nAmur,Sea of Okhotsk\n")
    prompts = by_prompt(build(deck_folder(tmp_path / "seas", {"rivers.csv": seas})))
    assert prompts["Which river's outflow is the Laptev Sea?"]["answer"] == "Lena"


def test_a_figure_header_with_a_participle_asks_how_many(tmp_path):
    table = ("Side,Servicemen killed,According to\nNorth,\"2,906\",North\nSouth,\"3,825\",South\n"
             "East,412,East\nWest,77,West\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"losses.csv": table})))
    assert prompts["According to North, how many servicemen of North were killed?"]["answer"] == "2,906"


def test_options_come_from_the_same_column(tmp_path):
    deck = build(deck_folder(tmp_path, {"rivers.csv": RIVERS, "treaties.csv": TREATIES}))
    signed = {row.split(",")[1] for row in TREATIES.splitlines()[1:]}
    question = by_prompt(deck)["When was the Treaty of Kars signed?"]
    assert question["format"] == "multiple_choice"
    assert len(question["distractors"]) == 3
    assert set(question["distractors"]) <= signed - {"13 October 1921"}
    lengths = by_prompt(deck)["What is the length of the Kura River, in km?"]
    assert set(lengths["distractors"]) <= {"1,072", "623", "144", "216"}


def test_options_never_hold_another_sources_value_for_the_same_cell(tmp_path):
    other = "River,Length (km)\nKura,\"1,364\"\n"
    deck = build(deck_folder(tmp_path, {"rivers.csv": RIVERS, "atlas.csv": other}))
    for question in deck["questions"]:
        if question["subject"] == "Kura" and question["kind"] == "figure":
            assert "1,364" not in question["distractors"] and "1,515" not in question["distractors"]


def test_a_value_of_one_row_is_also_asked_the_way_back(tmp_path):
    prompts = by_prompt(build(deck_folder(tmp_path, {"treaties.csv": TREATIES})))
    back = prompts["Which treaty was signed on 24 October 1813?"]
    assert back["answer"] == "Treaty of Gulistan" and back["format"] == "multiple_choice"
    assert set(back["distractors"]) <= {"Treaty of Kars", "Treaty of Turkmenchay", "Treaty of Moscow",
                                        "Treaty of Alexandropol"}
    assert back["evidence"][0]["value"] == "Treaty of Gulistan"


def test_a_value_several_rows_share_is_not_asked_the_way_back(tmp_path):
    prompts = by_prompt(build(deck_folder(tmp_path, {"rivers.csv": RIVERS})))
    assert not [p for p in prompts if p.startswith("Which river's mouth is Caspian Sea")]
    assert "Which river's mouth is Kura?" in prompts


# --- evidence and citations -------------------------------------------------------------

def test_evidence_quotes_the_row_with_code_point_offsets(tmp_path):
    folder = deck_folder(tmp_path, {"treaties.csv": "Ünïcode ✓ " + TREATIES.replace("Treaty,", "Treaty ", 1)
                                    .replace("Treaty ", "Treaty,", 1)})
    deck = build(folder)
    text = (folder / "sources" / "treaties.csv").read_text(encoding="utf-8")
    for question in deck["questions"]:
        for quote in question["evidence"]:
            assert text[quote["start"]:quote["end"]] == quote["exact"]
            assert quote["value"] in quote["exact"]
            assert quote["exact"] in text.splitlines()


def test_the_row_citation_travels_to_the_csv_and_the_anki_note(tmp_path):
    folder = deck_folder(tmp_path, {"treaties.csv": TREATIES})
    deck = build(folder)
    question = by_prompt(deck)["When was the Treaty of Kars signed?"]
    assert question["evidence"][0]["citation"] == "Gazette 1921"
    rows = {row["prompt"]: row for row in csv.DictReader(io.StringIO(render_csv(deck)))}
    assert rows["When was the Treaty of Kars signed?"]["citation"] == "Gazette 1921"
    write_apkg(deck, tmp_path / "out.apkg", texts={"treaties": TREATIES})
    with zipfile.ZipFile(tmp_path / "out.apkg") as package:
        (tmp_path / "collection").write_bytes(package.read("collection.anki2"))
    fields = [row[0] for row in sqlite3.connect(tmp_path / "collection").execute("select flds from notes")]
    kars = next(f for f in fields if f.startswith("When was the Treaty of Kars signed?"))
    assert "citing: Gazette 1921" in kars


def test_the_row_citation_travels_to_the_moodle_gift_and_quizlet_exports(tmp_path):
    deck = build(deck_folder(tmp_path, {"treaties.csv": TREATIES}))
    kars = by_prompt(deck)["When was the Treaty of Kars signed?"]
    alone = {**deck, "questions": [kars]}
    assert "citing Gazette 1921" in moodle_xml(alone)
    assert "citing Gazette 1921" in gift(alone)
    line = quizlet_text(alone).strip()
    assert line.startswith("When was the Treaty of Kars signed?\t13 October 1921") and "citing Gazette 1921" in line


# --- disputes -------------------------------------------------------------------

BRIDGES = "Bridge,Opened,Source\nKars Bridge,1883,City records\nAras Bridge,1901,City records\n"
ARTICLE = ("Bridges of the region\n\nThe Kars Bridge was opened in 1884 after six years of work.\n"
           "Engineers later widened it for lorries.\n")


def test_a_table_and_a_document_that_disagree_dispute_with_both_claimants(tmp_path):
    manifest = ('[sources.bridges]\ntitle = "Bridges (city table)"\nkind = "table"\n'
                '[sources.article]\ntitle = "Bridges of the region (news report)"\nkind = "news"\n')
    deck = build(deck_folder(tmp_path, {"bridges.csv": BRIDGES, "article.txt": ARTICLE}, manifest))
    from_table = by_prompt(deck)["According to the city table, when was Kars Bridge opened?"]
    assert from_table["answer"] == "1883"
    assert [(d["source"], d["value"]) for d in from_table["disputed_by"]] == [("article", "1884")]
    from_article = [q for q in deck["questions"] if q["answer"] == "1884" and q["format"] != "attribution"]
    assert "According to the news report, when was Kars Bridge opened?" in \
        [q["prompt"] for q in from_article]
    for question in from_article:
        assert [(d["source"], d["value"]) for d in question["disputed_by"]] == [("bridges", "1883")]
        assert question["claimant"] and question["claimant"] in question["prompt"]


def test_a_sentence_naming_other_places_beside_a_rows_place_is_no_dispute(tmp_path):
    table = ("Event,Place\nDeployment of peacekeepers,Lachin corridor\nSiege of the port,Batumi\n"
             "Signing of the truce,Kars\nBurning of the bridge,Gori\n")
    article = ("Peacekeepers\n\nIn 2020 Russian peacekeepers were deployed to the Lachin corridor between "
               "Armenia and Azerbaijan.\n")
    deck = build(deck_folder(tmp_path, {"places.csv": table, "article.txt": article},
                             '[sources.places]\ncolumns = { "Place" = "place" }\n'))
    asked = by_prompt(deck)["Where did the deployment of peacekeepers take place?"]
    assert asked["disputed_by"] == []


def test_two_tables_that_disagree_dispute_and_name_each_side(tmp_path):
    other = "Bridge,Opened,According to\nKars Bridge,1885,the railway company\n"
    deck = build(deck_folder(tmp_path, {"bridges.csv": BRIDGES, "railway.csv": other}))
    asked = [q for q in deck["questions"] if q["subject"] == "Kars Bridge"]
    assert {q["answer"] for q in asked} == {"1883", "1885"}
    for question in asked:
        assert question["disputed_by"] and question["claimant"] in question["prompt"]
    assert "According to the railway company, when was Kars Bridge opened?" in by_prompt(deck)


# --- xlsx -------------------------------------------------------------------------

def workbook(rows: Sequence[Sequence[object]], path: Path, *, title: str = "Treaties") -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.save(path)


def test_a_workbook_is_read_and_its_text_stored_beside_it(tmp_path):
    folder = deck_folder(tmp_path, {})
    rows = [line.split(",") for line in TREATIES.splitlines()]
    workbook(rows, folder / "sources" / "treaties.xlsx")
    deck = build(folder)
    stored = folder / "sources" / "treaties.xlsx.txt"
    assert stored.read_text(encoding="utf-8").splitlines()[1] == "\t".join(rows[1])
    entry = deck["sources"][0]
    assert entry["path"] == "sources/treaties.xlsx.txt" and entry["original"]["path"] == "sources/treaties.xlsx"
    assert by_prompt(deck)["When was the Treaty of Kars signed?"]["evidence"][0]["exact"] == "\t".join(rows[1])


def test_every_sheet_of_a_workbook_is_a_table_and_a_tsv_reads_like_a_csv(tmp_path):
    folder = deck_folder(tmp_path, {"rivers.tsv": RIVERS.replace('"1,515"', "1,515").replace('"1,072"', "1,072")
                                    .replace(",", "\t").replace("1\t515", "1,515").replace("1\t072", "1,072")})
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Treaties"
    for line in TREATIES.splitlines():
        first.append(line.split(","))
    second = book.create_sheet("Capitals")
    for row in [["Country", "Capital"], ["France", "Paris"], ["Georgia", "Tbilisi"], ["Armenia", "Yerevan"],
                ["Azerbaijan", "Baku"]]:
        second.append(row)
    book.save(folder / "sources" / "atlas.xlsx")
    prompts = by_prompt(build(folder))
    assert prompts["What is the capital of Georgia?"]["answer"] == "Tbilisi"
    assert prompts["When was the Treaty of Moscow signed?"]["answer"] == "16 March 1921"
    assert prompts["What is the length of the Kura River, in km?"]["evidence"][0]["exact"] == \
        "Kura\t1,515\tCaspian Sea\tAtlas of rivers p. 12"
    stored = (folder / "sources" / "atlas.xlsx.txt").read_text(encoding="utf-8")
    assert "# Treaties\n" in stored and "# Capitals\nCountry\tCapital\n" in stored


def test_hand_written_facts_csv_in_a_flat_folder_is_not_a_table(tmp_path):
    folder = tmp_path / "flat"
    folder.mkdir()
    (folder / "bridges.csv").write_text(BRIDGES, encoding="utf-8")
    (folder / "facts.csv").write_text("kind,value,source,exact\ndate,1901,bridges,\"Aras Bridge,1901\"\n",
                                      encoding="utf-8")
    deck = build_deck(folder, folder / "deck.json")
    assert [s["id"] for s in deck["sources"]] == ["bridges"]


def test_workbook_dates_and_numbers_are_written_as_a_reader_would(tmp_path):
    folder = deck_folder(tmp_path, {})
    workbook([["Bridge", "Opened", "Length (m)"], ["Kars Bridge", dt.datetime(1883, 5, 14), 120.0],
              ["Aras Bridge", dt.date(1901, 7, 2), 88.5], ["Kura Bridge", dt.datetime(1910, 1, 9), 240],
              ["Gori Bridge", dt.datetime(1925, 3, 30), 61]], folder / "sources" / "bridges.xlsx")
    prompts = by_prompt(build(folder))
    assert prompts["When was Kars Bridge opened?"]["answer"] == "14 May 1883"
    assert prompts["What is the length of Kars Bridge, in m?"]["answer"] == "120"
    assert prompts["What is the length of Aras Bridge, in m?"]["answer"] == "88.5"


# --- bad tables -------------------------------------------------------------------

def big_workbook(path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Big")
    sheet.append(["Item", "Count"])
    for number in range(100_000):
        sheet.append([f"item {number}", number])
    book.save(path)


def formula_workbook(path: Path) -> None:
    workbook([["River", "Length"], ["Kura", 1515], ["Aras", "=B2-443"]], path)


BAD_TABLES: dict[str, tuple[str, str | bytes | Callable[[Path], None], str, str]] = {
    "ragged row": ("rivers.csv", "River,Length\nKura,1515\nAras,1072,extra\n", "rivers.csv:3", "column C"),
    "short row": ("rivers.csv", "River,Length,Mouth\nKura,1515,Caspian Sea\nAras,1072\n", "rivers.csv:3",
                  "column C"),
    "empty header": ("rivers.csv", "River,,Mouth\nKura,1515,Caspian Sea\n", "rivers.csv:1", "column B"),
    "duplicated header": ("rivers.csv", "River,Length,length\nKura,1515,1364\n", "rivers.csv:1", "column C"),
    "not UTF-8": ("rivers.csv", "River,Mouth\nKura,Caspian Sea\nAras,Kür\n".encode("latin-1"), "rivers.csv:3",
                  "column B"),
    "formula cell": ("rivers.xlsx", formula_workbook, "rivers.xlsx:3", "column B"),
    "formula in a csv": ("rivers.csv", "River,Length\nKura,1515\nAras,=SUM(B2:B2)\n", "rivers.csv:3", "column B"),
    "100,000-row sheet": ("big.xlsx", big_workbook, "big.xlsx:10002", "too many rows"),
    "100,000-row csv": ("big.csv", "Item,Count\n" + "".join(f"item {n},{n}\n" for n in range(100_000)),
                        "big.csv:10002", "too many rows"),
}


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_a_bad_table_stops_the_build_naming_file_row_and_column_and_writes_nothing(tmp_path, case):
    name, content, where, detail = BAD_TABLES[case]
    folder = deck_folder(tmp_path, {"article.txt": ARTICLE})
    path = folder / "sources" / name
    if callable(content):
        content(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(str(content), encoding="utf-8")
    before = sorted(p.name for p in folder.rglob("*"))
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json")])
    assert result.exit_code != 0
    message = result.output.strip().splitlines()[-1]
    assert where in message and detail in message, message
    assert sorted(p.name for p in folder.rglob("*")) == before   # no deck, no facts, no stored text


def test_the_sample_table_deck_is_valid_and_cites_its_documents():
    folder = Path(__file__).parent.parent / "decks" / "karabakh-2020-key-facts"
    report = check_deck(folder / "deck.json")
    assert report.errors == []
    deck = json.loads((folder / "deck.json").read_text(encoding="utf-8"))
    tables = ("key-events", "losses", "places")
    from_tables = [q for q in deck["questions"] if q["evidence"][0]["source"] in tables]
    assert {q["evidence"][0]["source"] for q in from_tables} == set(tables)
    assert {q["kind"] for q in from_tables} >= {"date", "figure", "place"}
    assert all(q["evidence"][0].get("citation") for q in from_tables)
    # every value in the tables is copied from the sample document the row cites
    sample = Path(__file__).parent.parent / "decks" / "karabakh-2020" / "sources"
    documents = {path.read_text(encoding="utf-8") for path in sample.glob("*.txt")}
    for question in from_tables:
        if question["answer"] != question["subject"]:   # a cell's value, not the row's own label
            assert any(question["answer"] in text for text in documents), question["answer"]


# --- how many questions a deck asks from its tables ----------------------------------------

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "to", "vi")


def river_table(count: int, first_year: int = 1700) -> str:
    """``count`` rivers, each with a length of its own, a survey year of its own and a mouth
    that several share."""
    lines = ["River,Length (km),Surveyed,Mouth"]
    for number in range(count):
        name = (SYLLABLES[number % 8] + SYLLABLES[number // 8 % 8] + SYLLABLES[number // 64 % 8]).capitalize()
        mouth = ("Caspian Sea", "Black Sea", "Lake Sevan", "Aral Sea", "Sea of Azov")[number % 5]
        lines.append(f"{name} River,{100 + 7 * number},{first_year + number},{mouth}")
    return "\n".join(lines) + "\n"


def table_questions(deck: dict, source: str = "rivers") -> list[dict]:
    return [q for q in deck["questions"] if q["evidence"][0]["source"] == source]


def subjects_in_order(table: str) -> list[str]:
    return [line.split(",")[0] for line in table.splitlines()[1:]]


def test_a_deck_asks_at_most_its_limit_from_tables_keeping_the_first_rows_whole(tmp_path):
    table = river_table(40)
    unlimited = build(deck_folder(tmp_path / "all", {"rivers.csv": table}, "[deck]\nmax_table_questions = 100000\n"))
    per_subject: dict[str, int] = {}
    for question in table_questions(unlimited):
        per_subject[question["subject"]] = per_subject.get(question["subject"], 0) + 1
    assert "table_limit" not in unlimited
    limit = sum(per_subject.values()) // 3
    folder = deck_folder(tmp_path / "some", {"rivers.csv": table}, f"[deck]\nmax_table_questions = {limit}\n")
    deck = build(folder)
    asked = table_questions(deck)
    assert 0 < len(asked) <= limit
    rivers = subjects_in_order(table)
    kept = len({q["subject"] for q in asked})
    assert {q["subject"] for q in asked} == set(rivers[:kept])            # the first rows, none skipped
    assert sum(per_subject[r] for r in rivers[:kept]) == len(asked)      # each kept row whole
    assert len(asked) + per_subject[rivers[kept]] > limit               # the next row would not fit
    assert {q["evidence"][0]["value"] for q in asked} >= {"Caspian Sea"}
    columns = {q["kind"] for q in asked}
    assert columns == {q["kind"] for q in table_questions(unlimited)}   # every column still asked
    assert deck["table_limit"] == {"max_table_questions": limit, "rows_left_out": 40 - kept,
                                   "tables": [{"source": "rivers", "table": "", "rows_asked": kept, "rows": 40}]}


def test_options_and_reverse_questions_still_see_the_rows_left_out(tmp_path):
    rows = [line.split(",") for line in river_table(40).splitlines()]
    for row in rows[1:]:
        row[3] = f"Lake {row[0].split()[0]}"      # every river ends in a lake of its own ...
    rows[-1][3] = rows[1][3]                       # ... but the last shares the first one's
    table = "\n".join(",".join(row) for row in rows) + "\n"
    deck = build(deck_folder(tmp_path, {"rivers.csv": table}, "[deck]\nmax_table_questions = 12\n"))
    asked = table_questions(deck)
    kept = {q["subject"] for q in asked}
    assert rows[1][0] in kept and rows[-1][0] not in kept
    reverse = {q["prompt"] for q in asked if q["prompt"].startswith("Which river's mouth is")}
    assert f"Which river's mouth is {rows[2][3]}?" in reverse      # a lake of one river is asked back
    assert f"Which river's mouth is {rows[1][3]}?" not in reverse  # one a left-out row shares is not
    left_out_lakes = {row[3] for row in rows[1:] if row[0] not in kept}
    options = {d for q in asked if q["answer"].startswith("Lake ") for d in q["distractors"]}
    assert options & left_out_lakes


def test_two_tables_share_the_limit_row_by_row(tmp_path):
    deck = build(deck_folder(tmp_path, {"rivers.csv": river_table(30), "lakes.csv": river_table(30, 1500)
                                        .replace("River", "Lake")},
                             "[deck]\nmax_table_questions = 40\n"))
    rows = {t["source"]: t["rows_asked"] for t in deck["table_limit"]["tables"]}
    assert set(rows) == {"rivers", "lakes"}
    assert abs(rows["rivers"] - rows["lakes"]) <= 1 and rows["rivers"] > 0
    assert len(table_questions(deck, "rivers")) + len(table_questions(deck, "lakes")) <= 40


def test_the_default_limit_applies_without_a_setting(tmp_path, monkeypatch):
    import quizgen.build
    monkeypatch.setattr(quizgen.build, "MAX_TABLE_QUESTIONS", 20)
    deck = build(deck_folder(tmp_path, {"rivers.csv": river_table(30)}))
    assert 0 < len(table_questions(deck)) <= 20
    assert deck["table_limit"]["max_table_questions"] == 20


def test_the_readme_states_the_default_limit():
    from quizgen.build import MAX_TABLE_QUESTIONS
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"max_table_questions = {MAX_TABLE_QUESTIONS}" in readme or \
        f"`max_table_questions` (default {MAX_TABLE_QUESTIONS})" in readme


def test_a_row_left_out_still_disputes_the_document_that_contradicts_it(tmp_path):
    bridges = BRIDGES.splitlines()
    # Kars Bridge (which the article contradicts) comes last, past the limit
    reordered = "\n".join([bridges[0], *[b for b in bridges[1:] if not b.startswith("Kars")],
                           *[b for b in bridges[1:] if b.startswith("Kars")]]) + "\n"
    manifest = ('[deck]\nmax_table_questions = 1\n[sources.bridges]\ntitle = "Bridges (city table)"\nkind = "table"\n'
                '[sources.article]\ntitle = "Bridges of the region (news report)"\nkind = "news"\n')
    deck = build(deck_folder(tmp_path, {"bridges.csv": reordered, "article.txt": ARTICLE}, manifest))
    assert not [q for q in table_questions(deck, "bridges") if q["subject"] == "Kars Bridge"]
    from_article = [q for q in deck["questions"] if q["answer"] == "1884" and q["format"] != "attribution"]
    assert from_article and all(("bridges", "1883") in {(d["source"], d["value"]) for d in q["disputed_by"]}
                                for q in from_article)


def test_the_build_says_which_rows_the_limit_left_out(tmp_path):
    folder = deck_folder(tmp_path, {"rivers.csv": river_table(40)}, "[deck]\nmax_table_questions = 30\n")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json")])
    assert result.exit_code == 0, result.output
    limited = json.loads((folder / "deck.json").read_text(encoding="utf-8"))["table_limit"]
    note = result.output.strip().splitlines()[-1]
    asked = limited["tables"][0]["rows_asked"]
    assert f"{limited['rows_left_out']} table rows were not asked" in note
    assert "at most 30 questions" in note and f"the first {asked} of 40 rows" in note
    assert "max_table_questions" in note and "sources.toml" in note


@pytest.mark.parametrize("setting", ["0", "-5", '"many"', "2.5", "true"])
def test_a_bad_limit_stops_the_build_naming_the_setting(tmp_path, setting):
    folder = deck_folder(tmp_path, {"rivers.csv": RIVERS}, f"[deck]\nmax_table_questions = {setting}\n")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json")])
    assert result.exit_code == 1
    message = result.output.strip().splitlines()[-1]
    assert "sources.toml" in message and "deck.max_table_questions" in message
    assert not (folder / "deck.json").exists() and not (folder / "facts.jsonl").exists()


# --- progress counts every kind of source -------------------------------------------------

def test_progress_counts_tables_and_documents_and_adds_up_to_the_total(tmp_path):
    from quizgen.sources import progress_total

    notes = "# Rivers of the region\n\nThe Kura River was surveyed in 1841 by Otto Brandt.\n"
    folder = deck_folder(tmp_path, {"article.txt": ARTICLE, "notes.md": notes, "rivers.csv": river_table(10)})
    workbook([line.split(",") for line in TREATIES.splitlines()], folder / "sources" / "treaties.xlsx")
    prose_only = deck_folder(tmp_path / "prose", {"article.txt": ARTICLE, "notes.md": notes})
    tables = (folder / "sources" / "rivers.csv").stat().st_size + (folder / "sources" / "treaties.xlsx").stat().st_size
    assert progress_total(folder) == progress_total(prose_only) + tables
    for _ in range(2):   # the second build reads the text stored beside the Markdown file and the workbook
        total = progress_total(folder)
        reports: list[int] = []
        build_deck(folder, folder / "deck.json", progress=reports.append)
        assert sum(reports) == total and all(step > 0 for step in reports)
    assert progress_total(folder) == sum((folder / "sources" / name).stat().st_size
                                         for name in ("article.txt", "notes.md.txt", "rivers.csv", "treaties.xlsx.txt"))


def test_progress_counts_a_source_the_manifest_names_outside_the_folder(tmp_path):
    from quizgen.sources import progress_total

    elsewhere = tmp_path / "shared" / "article.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_text(ARTICLE, encoding="utf-8")
    folder = deck_folder(tmp_path, {"rivers.csv": RIVERS}, '[sources.article]\nfile = "../shared/article.txt"\n')
    total = progress_total(folder)
    assert total == elsewhere.stat().st_size + (folder / "sources" / "rivers.csv").stat().st_size
    reports: list[int] = []
    build_deck(folder, folder / "deck.json", progress=reports.append)
    assert sum(reports) == total


def test_build_help_and_readme_name_the_table_kinds():
    from quizgen.sources import TABLE_SUFFIXES

    help_text = CliRunner().invoke(main, ["build", "--help"]).output
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    command_line = readme[readme.index("## Build a deck"):readme.index("### Source files")]
    for suffix in TABLE_SUFFIXES:
        assert suffix in help_text
        assert f"`{suffix}`" in command_line


def test_map_coordinates_are_not_asked_and_rows_named_only_name_take_the_title_noun(tmp_path):
    parks = ("Name,State,Latitude,Longitude,Established\n"
             "Acadia National Park,ME,44.35,-68.21,1919\nArches National Park,UT,38.68,-109.57,1971\n"
             "Badlands National Park,SD,43.75,-102.5,1978\nBig Bend National Park,TX,29.25,-103.25,1944\n"
             "Zion National Park,UT,37.3,-113.05,1919\n")
    folder = deck_folder(tmp_path, {"parks.csv": parks},
                         '[sources.parks]\ntitle = "US National Parks"\nkind = "table"\n')
    deck = build(folder)
    prompts = [q["prompt"] for q in deck["questions"]]
    assert not [p for p in prompts if re.search(r"latitude|longitude", p, re.I)]
    assert not [q for q in deck["questions"] if q["answer"] in ("44.35", "-68.21", "38.68")]
    reverse = [p for p in prompts if p.startswith("Which")]
    assert reverse and all(p.startswith("Which national park") for p in reverse), reverse
    assert "table_warnings" not in deck   # coordinates are never asked: no unit is wanted for them


def test_a_first_column_of_dates_gives_way_to_the_column_naming_each_row(tmp_path):
    games = ("game_end_date,game_start_date,game_location,game_name,game_year\n"
             "1896-04-15T11:39:39Z,1896-04-06T00:00:00Z,Greece,Athens 1896,1896\n"
             "1900-10-28T00:00:00Z,1900-05-14T00:00:00Z,France,Paris 1900,1900\n"
             "1904-11-23T00:00:00Z,1904-07-01T00:00:00Z,United States,St. Louis 1904,1904\n"
             "1908-10-31T00:00:00Z,1908-04-27T00:00:00Z,Great Britain,London 1908,1908\n"
             "1912-07-27T00:00:00Z,1912-05-05T00:00:00Z,Sweden,Stockholm 1912,1912\n")
    deck = build(deck_folder(tmp_path, {"games.csv": games}))
    subjects = {q["subject"] for q in deck["questions"]}
    assert subjects == {"Athens 1896", "Paris 1900", "St. Louis 1904", "London 1908", "Stockholm 1912"}
    assert "Where did Athens 1896 take place?" in by_prompt(deck)


# --- what is worth a card, and how it reads ------------------------------------------

def test_dates_are_asked_shown_and_accepted_as_a_learner_writes_them(tmp_path):
    from quizgen.answers import check_answer

    games = ("Games,Opened,Closed\nAthens Games,1896-04-06T14:00:00Z,1896-04-15T11:39:39Z\n"
             "Paris Games,1900-05-14T00:00:00Z,1900-10-28T19:50:39Z\nLondon Games,1908-04-27T00:00:00Z,"
             "1908-10-31T20:09:00Z\nStockholm Games,1912-05-05T00:00:00Z,1912-07-27T20:00:00Z\n")
    people = ("Name,Born\nAda Lovelace,10/12/1815\nAlan Turing,23/06/1912\nGrace Hopper,09/12/1906\n"
              "Charles Babbage,26/12/1791\n")
    american = ("State,Admitted\nDelaware,12/7/1787\nOhio,3/1/1803\nTexas,12/29/1845\nHawaii,8/21/1959\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"games.csv": games, "people.csv": people,
                                                     "states.csv": american})))
    opened = prompts["When was Athens Games opened?"]
    assert opened["answer"] == "6 April 1896"
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", o) for o in opened["distractors"]), opened["distractors"]
    for typed in ("6 April 1896", "April 6, 1896", "1896-04-06", "6/4/1896"):
        assert check_answer(typed, opened).correct, typed
    assert not check_answer("1896", opened).correct
    assert "Which games was opened on 6 April 1896?" in prompts
    assert not [p for p in prompts if "T14:00" in p or "Z?" in p]
    assert prompts["When was Ada Lovelace born?"]["answer"] == "10 December 1815"      # day first: 23/06
    assert prompts["Which state was admitted on 7 December 1787?"]["answer"] == "Delaware"   # month first: 12/29


def test_a_column_of_signed_years_asks_years_before_christ(tmp_path):
    battles = ("Battle,Year\nBattle of Cannae,-216\nBattle of Zama,-202\nBattle of Pydna,-168\n"
               "Battle of Actium,-31\nBattle of the Teutoburg Forest,9\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"battles.csv": battles})))
    asked = prompts["In what year did the battle of Cannae take place?"]
    assert asked["answer"] == "216 BC" and asked["kind"] == "date"
    assert "Which battle took place in 31 BC?" in prompts
    assert not [q for q in prompts.values() if q["answer"].startswith("-") or "-0216" in q["accepted"]]


def test_headers_in_camel_case_or_sharing_a_prefix_read_as_plain_words(tmp_path):
    sites = ("site_name,site_country,site_opened\nAcropolis Museum,Greece,2009\nLouvre,France,1793\n"
             "Prado,Spain,1819\nUffizi,Italy,1769\nRijksmuseum,Netherlands,1800\n")
    rivers = ("riverName,mouthSea,lengthKm\nKura,Caspian Sea,1515\nDanube,Black Sea,2850\nRhine,North Sea,1230\n"
              "Volga,Caspian Sea,3530\nDnieper,Black Sea,2201\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"sites.csv": sites, "rivers.csv": rivers})))
    assert prompts["In which country is Louvre?"]["answer"] == "France"
    assert prompts["When was Louvre opened?"]["answer"] == "1793"
    assert prompts["What is the mouth sea of the Danube River?"]["answer"] == "Black Sea"
    assert prompts["What is the length of the Volga River, in km?"]["answer"] == "3530"
    assert "Which site is in Greece?" in prompts      # "site_name": the rows are the file's "sites"
    assert not [p for p in prompts if re.search(r"site (?:name|country|opened)|_|[a-z][A-Z]", p)], list(prompts)


def test_a_column_of_two_or_three_values_over_many_rows_is_not_asked(tmp_path):
    rows = [("Athens 1896", "Summer", "Greece"), ("Chamonix 1924", "Winter", "France"),
            ("Paris 1924", "Summer", "France"), ("St. Moritz 1928", "Winter", "Switzerland"),
            ("Amsterdam 1928", "Summer", "Netherlands"), ("Lake Placid 1932", "Winter", "United States"),
            ("Los Angeles 1932", "Summer", "United States"), ("Berlin 1936", "Summer", "Germany"),
            ("Garmisch-Partenkirchen 1936", "Winter", "Germany")]
    games = "Games,Season,Host country\n" + "".join(",".join(r) + "\n" for r in rows)
    deck = build(deck_folder(tmp_path, {"games.csv": games}))
    assert not [q for q in deck["questions"] if q["answer"] in ("Summer", "Winter") or "season" in q["prompt"]]
    assert [q for q in deck["questions"] if q["answer"] == "Greece"]
    # its kind of row still guides the options: a Winter Games is offered Winter hosts
    asked = by_prompt(deck)["Which games took place in Switzerland?"]
    winter = {"Chamonix 1924", "Lake Placid 1932", "Garmisch-Partenkirchen 1936", "France", "United States",
              "Germany"}
    assert set(asked["distractors"]) <= winter, asked["distractors"]


def test_a_column_numbering_the_rows_is_not_asked(tmp_path):
    table = ("id,Country,Capital\n1,France,Paris\n2,Georgia,Tbilisi\n3,Armenia,Yerevan\n4,Azerbaijan,Baku\n"
             "5,Kenya,Nairobi\n")
    deck = build(deck_folder(tmp_path, {"capitals.csv": table}))
    assert deck["questions"] and {q["subject"] for q in deck["questions"]} >= {"France", "Kenya"}
    assert not [q for q in deck["questions"] if re.search(r"\bid\b", q["prompt"]) or q["answer"].isdigit()]


def test_a_cell_listing_several_values_is_neither_asked_nor_offered(tmp_path):
    parks = ("Park,State\nYellowstone,\"WY, MT, ID\"\nAcadia,ME\nArches,UT\nBadlands,SD\nBig Bend,TX\n"
             "Zion,UT\nBiscayne,FL\n")
    deck = build(deck_folder(tmp_path, {"parks.csv": parks}))
    assert [q for q in deck["questions"] if q["answer"] == "ME"]
    for question in deck["questions"]:
        assert "," not in question["answer"] and not any("," in o for o in question["distractors"]), question
        assert "WY" not in question["prompt"]
    rivers = ("River,Prefecture\nChikugo,Kumamoto;Oita;Fukuoka;Saga\nKuma,Kumamoto\nUji,Kyoto\nKurobe,Toyama\n"
              "Mogami,Yamagata\nNagara,Gifu\nTone,Chiba\n")
    deck = build(deck_folder(tmp_path / "rivers", {"rivers.csv": rivers}))
    assert [q for q in deck["questions"] if q["answer"] == "Kyoto"]
    for question in deck["questions"]:
        assert ";" not in question["answer"] and not any(";" in o for o in question["distractors"]), question


def test_options_of_a_row_come_from_rows_of_its_time(tmp_path):
    rows = [(1896, "Athens", "Greece"), (1900, "Paris", "France"), (1904, "St. Louis", "United States"),
            (1908, "London", "Great Britain"), (1912, "Stockholm", "Sweden"), (1920, "Antwerp", "Belgium"),
            (1988, "Seoul", "Republic of Korea"), (1992, "Barcelona", "Spain"), (1996, "Atlanta", "Canada"),
            (2000, "Sydney", "Australia"), (2008, "Beijing", "China")]
    table = "City,Year,Country\n" + "".join(f"{c},{y},{n}\n" for y, c, n in rows)
    prompts = by_prompt(build(deck_folder(tmp_path, {"hosts.csv": table})))
    early = {"Greece", "France", "United States", "Great Britain", "Sweden", "Belgium"}
    assert set(prompts["In which country is Paris?"]["distractors"]) <= early
    assert not set(prompts["In which country is Sydney?"]["distractors"]) & early


def test_rows_sharing_a_name_are_told_apart_not_disputed(tmp_path):
    battles = ("Battle,Year,Place,Victor\nBattle of Veii,-477,Veii,Veii\nBattle of Veii,-396,Veii,Rome\n"
               "Battle of Asculum,-279,Asculum,Pyrrhus\nBattle of Asculum,-209,Asculum,Pyrrhus\n"
               "Battle of Cannae,-216,Apulia,Carthage\nBattle of Zama,-202,Africa,Rome\n"
               "Battle of Pydna,-168,Macedonia,Rome\nBattle of Actium,-31,Greece,Octavian\n")
    deck = build(deck_folder(tmp_path, {"battles.csv": battles}))
    assert not [q for q in deck["questions"] if q["disputed_by"]]
    prompts = by_prompt(deck)
    assert prompts["Who is the victor of the battle of Veii (396 BC)?"]["answer"] == "Rome"
    veii = [q for q in deck["questions"] if "Veii" in q["prompt"] or q["answer"] == "Battle of Veii"]
    assert not [q for q in veii if q["kind"] == "date"], "the year that tells them apart is not asked of them"
    assert not [q for q in deck["questions"] if "(" in q["answer"] or any("(" in o for o in q["distractors"])]
    # two rows that differ in one value only are one thing given two values: a dispute
    bridges = "Bridge,Opened,River\nKars Bridge,1883,Kars\nKars Bridge,1884,Kars\nAras Bridge,1901,Aras\n" \
              "Kura Bridge,1910,Kura\nTerek Bridge,1920,Terek\n"
    deck = build(deck_folder(tmp_path / "bridges", {"bridges.csv": bridges}))
    assert [q for q in deck["questions"] if q["subject"] == "Kars Bridge" and q["disputed_by"]]


def test_a_date_the_rows_name_already_gives_is_not_asked(tmp_path):
    games = ("Games,Year,Country\nAthens 1896,1896,Greece\nParis 1900,1900,France\nSt. Louis 1904,1904,"
             "United States\nLondon 1908,1908,Great Britain\nStockholm 1912,1912,Sweden\n")
    deck = build(deck_folder(tmp_path, {"games.csv": games}))
    assert not [q for q in deck["questions"] if q["kind"] == "date" or re.search(r"in 1[89]\d\d\?", q["prompt"])]
    assert by_prompt(deck)["In which country did Athens 1896 take place?"]["answer"] == "Greece"
    assert by_prompt(deck)["Which games took place in Greece?"]["answer"] == "Athens 1896"


def test_birth_and_death_columns_ask_when_and_where_a_person_was_born_and_died(tmp_path):
    laureates = ("full_name,birth_date,birth_city,death_date,death_country\n"
                 "Marie Curie,1867-11-07,Warsaw,1934-07-04,France\nPierre Curie,1859-05-15,Paris,1906-04-19,France\n"
                 "Albert Einstein,1879-03-14,Ulm,1955-04-18,United States\n"
                 "Niels Bohr,1885-10-07,Copenhagen,1962-11-18,Denmark\n"
                 "Max Planck,1858-04-23,Kiel,1947-10-04,Germany\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"nobel.csv": laureates})))
    assert prompts["When was Marie Curie born?"]["answer"] == "7 November 1867"
    assert prompts["In which city was Albert Einstein born?"]["answer"] == "Ulm"
    assert prompts["When did Niels Bohr die?"]["answer"] == "18 November 1962"
    assert prompts["In which country did Max Planck die?"]["answer"] == "Germany"
    assert "Who was born in Ulm?" not in prompts     # a place names no one person
    assert prompts["Who died on 4 July 1934?"]["answer"] == "Marie Curie"
    assert not [p for p in prompts if "nobel" in p.lower() or "full name" in p]


def test_a_cell_with_a_month_word_is_not_a_figure(tmp_path):
    # "1/2" that a spreadsheet turned into "01-Feb": no count of anything
    table = ("Laureate,Prize share,Country\nMarie Curie,01-Apr,Poland\nPierre Curie,01-Apr,France\n"
             "Albert Einstein,01-Jan,Germany\nNiels Bohr,01-Jan,Denmark\nMax Planck,01-Jan,Germany\n")
    deck = build(deck_folder(tmp_path, {"laureates.csv": table}))
    assert not [q for q in deck["questions"] if "share" in q["prompt"]]
    assert infer_kind("Prize share", ["01-Apr", "01-Jan", "01-Feb", "01-Jan"]) != "figure"


def test_a_bare_year_or_date_of_a_person_or_a_place_is_not_asked(tmp_path):
    laureates = ("Laureate,Year,Country\nMarie Curie,1903,Poland\nPierre Curie,1903,France\n"
                 "Albert Einstein,1921,Germany\nNiels Bohr,1922,Denmark\nMax Planck,1918,Germany\n")
    parks = ("Park,Date,State\nAcadia,1919-02-26,ME\nArches,1971-11-12,UT\nBadlands,1978-11-10,SD\n"
             "Big Bend,1944-06-12,TX\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"laureates.csv": laureates, "parks.csv": parks})))
    assert not [p for p in prompts if re.search(r"year|date|\b19\d\d\b", p, re.I)], list(prompts)
    assert prompts["What is the country of Niels Bohr?"]["answer"] == "Denmark"


def test_rank_and_code_columns_are_not_asked_but_symbols_are(tmp_path):
    countries = ("Rank,CCA3,Country,Capital,Zip,Phone\n36,AFG,Afghanistan,Kabul,10001,93\n"
                 "138,ALB,Albania,Tirana,10002,355\n34,DZA,Algeria,Algiers,16000,213\n"
                 "33,ARG,Argentina,Buenos Aires,10103,54\n140,ARM,Armenia,Yerevan,10010,374\n")
    elements = "Name,Symbol\nHydrogen,H\nHelium,He\nLithium,Li\nBeryllium,Be\nBoron,B\n"
    prompts = by_prompt(build(deck_folder(tmp_path, {"countries.csv": countries, "elements.csv": elements})))
    assert prompts["What is the capital of Albania?"]["answer"] == "Tirana"
    assert prompts["What is the symbol of Helium?"]["answer"] == "He"
    assert not [p for p in prompts if re.search(r"rank|CCA3|zip|phone|\b(?:36|AFG|10001|93)\b", p, re.I)], \
        list(prompts)


def test_options_for_a_measure_differ_from_it_and_each_other_by_a_fifth(tmp_path):
    table = ("Country,Area (km2)\nBulgaria,110879\nEritrea,117600\nMalawi,118484\nIceland,103000\n"
             "Cuba,109884\nGreece,131990\nNepal,147181\nTunisia,163610\nUruguay,181034\nSyria,185180\n"
             "Belarus,207600\nGuyana,214969\nLaos,236800\nGhana,238533\nUganda,241550\nRomania,238397\n"
             "Benin,112622\nMalta,316\nAndorra,468\nFrance,551695\nKenya,580367\n")
    asked = by_prompt(build(deck_folder(tmp_path, {"areas.csv": table})))["What is the area of Bulgaria, in km2?"]
    numbers = [110879, *(int(o.replace(",", "")) for o in asked["distractors"])]
    assert len(numbers) == 4
    for i, a in enumerate(numbers):
        for b in numbers[i + 1:]:
            assert abs(a - b) >= 0.2 * max(a, b), numbers


def test_a_persons_start_and_end_ask_of_their_time_in_the_rows_office(tmp_path):
    presidents = ("Order,Start_Date,End_Date,Full_Name,Party\n"
                  "1,1789-04-30,1797-03-04,George Washington,Unaffiliated\n"
                  "2,1797-03-04,1801-03-04,John Adams,Federalist\n"
                  "3,1801-03-04,1809-03-04,Thomas Jefferson,Democratic-Republican\n"
                  "16,1861-03-04,1865-04-15,Abraham Lincoln,Republican\n"
                  "17,1865-04-15,1869-03-04,Andrew Johnson,Democratic\n"
                  "43,2001-01-20,2009-01-20,George W. Bush,Republican\n"
                  "44,2009-01-20,2017-01-20,Barack Obama,Democratic\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"us_presidents.csv": presidents})))
    assert prompts["When did Abraham Lincoln's time as US president begin?"]["answer"] == "4 March 1861"
    assert prompts["Whose time as US president ended on 15 April 1865?"]["answer"] == "Abraham Lincoln"
    assert not [p for p in prompts if re.search(r"\border\b|did \w+ \w+ (?:start|end)\?", p)], list(prompts)
    # a party of 2009 is not offered the parties of 1800: typed in when its own times give too few
    obama = prompts["What is the party of Barack Obama?"]
    assert not {"Federalist", "Democratic-Republican", "Unaffiliated"} & set(obama["distractors"]), obama


def test_options_come_first_from_rows_of_the_same_kind(tmp_path):
    rows = [("France", "Paris", "Europe"), ("Spain", "Madrid", "Europe"), ("Italy", "Rome", "Europe"),
            ("Poland", "Warsaw", "Europe"), ("Greece", "Athens", "Europe"), ("Kenya", "Nairobi", "Africa"),
            ("Ghana", "Accra", "Africa"), ("Egypt", "Cairo", "Africa"), ("Mali", "Bamako", "Africa"),
            ("Japan", "Tokyo", "Asia"), ("India", "New Delhi", "Asia"), ("Nepal", "Kathmandu", "Asia"),
            ("Laos", "Vientiane", "Asia"), ("Peru", "Lima", "South America"), ("Chile", "Santiago", "South America"),
            ("Bolivia", "Sucre", "South America")]
    table = "Country,Capital,Continent\n" + "".join(",".join(r) + "\n" for r in rows)
    prompts = by_prompt(build(deck_folder(tmp_path, {"countries.csv": table})))
    assert set(prompts["What is the capital of Kenya?"]["distractors"]) <= {"Accra", "Cairo", "Bamako"}
    assert set(prompts["What is the capital of Japan?"]["distractors"]) <= {"New Delhi", "Kathmandu", "Vientiane"}
    assert prompts["In which continent is Nepal?"]["answer"] == "Asia"    # still asked: four values, not two


def test_a_long_figure_written_without_separators_is_shown_with_them(tmp_path):
    table = ("Country,Population,Area (km2)\nColombia,51874024,1141748\nChile,19603733,756102\n"
             "Peru,34049588,1285216\nBolivia,12224110,1098581\nUruguay,3422794,181034\nParaguay,6780744,406752\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"countries.csv": table})))
    asked = prompts["What is the population of Colombia?"]
    assert asked["answer"] == "51,874,024" and asked["evidence"][0]["value"] == "51874024"
    assert all(re.fullmatch(r"\d{1,3}(?:,\d{3})+", o) for o in asked["distractors"]), asked["distractors"]


def test_a_header_ending_in_label_reads_without_it(tmp_path):
    table = ("museumLabel,countryLabel,cityLabel\nLouvre,France,Paris\nPrado,Spain,Madrid\nUffizi,Italy,Florence\n"
             "Rijksmuseum,Netherlands,Amsterdam\nHermitage,Russia,Saint Petersburg\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"museums.csv": table})))
    assert prompts["In which country is Louvre?"]["answer"] == "France"
    assert prompts["Which museum is in Spain?"]["answer"] == "Prado"
    assert not [p for p in prompts if "label" in p.lower()], list(prompts)


def test_a_place_column_of_an_event_keeps_its_header_words(tmp_path):
    battles = ("Battle,currentCountry\nBattle of Zama,Tunisia\nBattle of Cannae,Italy\nBattle of Pydna,Greece\n"
               "Battle of Alesia,France\nBattle of Munda,Spain\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"battles.csv": battles})))
    assert prompts["In which current country did the battle of Zama take place?"]["answer"] == "Tunisia"


def test_a_header_ending_in_name_asks_for_the_thing_named(tmp_path):
    table = ("Laureate,organization_name,first_name\nMarie Curie,Sorbonne University,Marie\n"
             "Albert Einstein,Kaiser Wilhelm Institute,Albert\nNiels Bohr,Copenhagen University,Niels\n"
             "Max Planck,Berlin University,Max\nErnest Rutherford,Victoria University,Ernest\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"laureates.csv": table})))
    assert prompts["What is the organization of Niels Bohr?"]["answer"] == "Copenhagen University"
    assert not [p for p in prompts if "organization name" in p]


def test_rows_the_table_gives_no_noun_for_are_not_asked_the_way_back(tmp_path):
    elements = "Name,Symbol,Number\nHydrogen,H,1\nHelium,He,2\nLithium,Li,3\nBeryllium,Be,4\nBoron,B,5\n"
    prompts = by_prompt(build(deck_folder(tmp_path, {"periodic_table.csv": elements})))
    assert prompts["What is the symbol of Helium?"]["answer"] == "He"
    assert not [p for p in prompts if p.startswith("Which")], list(prompts)


def test_a_place_the_rows_name_gives_away_is_not_asked_and_footnote_marks_leave_names(tmp_path):
    towers = ("Building,City,Country\nShenzhen Center,Shenzhen,China\nLotte World Tower,Seoul,South Korea\n"
              "Haitian Center Tower 2 [15],Qingdao,China\nOne Vanderbilt,New York City,United States\n"
              "Landmark 81,Ho Chi Minh City,Vietnam\nWillis Tower,Chicago,United States\n")
    deck = build(deck_folder(tmp_path, {"towers.csv": towers}))
    prompts = by_prompt(deck)
    assert "In which country is Shenzhen Center?" not in prompts
    assert prompts["In which country is Lotte World Tower?"]["answer"] == "South Korea"
    assert prompts["In which city is Haitian Center Tower 2?"]["answer"] == "Qingdao"
    assert not [q for q in deck["questions"] if "[15]" in q["prompt"] + q["answer"] + "".join(q["distractors"])]


def test_a_person_is_not_asked_for_by_the_day_of_their_birth(tmp_path):
    people = ("Laureate,Born,birth_year\nMarie Curie,1867-11-07,1867\nPierre Curie,1859-05-15,1859\n"
              "Albert Einstein,1879-03-14,1879\nNiels Bohr,1885-10-07,1885\nMax Planck,1858-04-23,1858\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"laureates.csv": people})))
    assert prompts["When was Marie Curie born?"]["answer"] == "7 November 1867"
    assert not [p for p in prompts if re.search(r"was born on \d", p)], list(prompts)
    assert prompts["Which laureate was born in 1879?"]["answer"] == "Albert Einstein"


def test_a_typed_name_may_carry_its_columns_noun(tmp_path):
    from quizgen.answers import check_answer

    presidents = ("President,Party\nGeorge Washington,Unaffiliated\nAbraham Lincoln,Republican\n"
                  "Barack Obama,Democratic\nJoe Biden,Democratic\nDonald Trump,Republican\n")
    asked = by_prompt(build(deck_folder(tmp_path, {"presidents.csv": presidents})))["What is the party of Joe Biden?"]
    assert asked["format"] == "type_in"
    assert check_answer("Democratic Party", asked).correct and check_answer("democratic", asked).correct
    assert not check_answer("Republican Party", asked).correct


def test_the_start_or_end_of_a_stretch_of_time_asks_when_it_began_or_ended(tmp_path):
    monarchs = ("Monarch,House,Reign start,Reign end\nHenry VII,Tudor,1485-08-22,1509-04-21\n"
                "Henry VIII,Tudor,1509-04-22,1547-01-28\nEdward VI,Tudor,1547-01-28,1553-07-06\n"
                "Mary I,Tudor,1553-07-19,1558-11-17\nElizabeth I,Tudor,1558-11-17,1603-03-24\n")
    bridges = ("Bridge,Construction start,Construction end\nForth Bridge,1882,1890\nTower Bridge,1886,1894\n"
               "Brooklyn Bridge,1869,1883\nGolden Gate Bridge,1933,1937\n")
    prompts = by_prompt(build(deck_folder(tmp_path, {"monarchs.csv": monarchs, "bridges.csv": bridges})))
    assert prompts["When did Henry VIII's reign begin?"]["answer"] == "22 April 1509"
    assert prompts["Which monarch's reign ended on 24 March 1603?"]["answer"] == "Elizabeth I"
    assert prompts["When did the construction of Tower Bridge end?"]["answer"] == "1894"
    assert prompts["Which bridge's construction began in 1933?"]["answer"] == "Golden Gate Bridge"
    assert not [p for p in prompts if re.search(r"reign start|construction end\b", p)]


def test_a_years_options_are_two_years_apart_at_least(tmp_path):
    towers = ("Building,Year\nPetronas Tower 1,1998\nPetronas Tower 2,1998\nJin Mao Tower,1999\nCITIC Plaza,1996\n"
              "Willis Tower,1974\nEmpire State Building,1931\nTaipei 101,2004\nBurj Khalifa,2010\n"
              "Shanghai Tower,2015\nCentral Plaza,1992\nBank of China Tower,1990\n")
    asked = by_prompt(build(deck_folder(tmp_path, {"towers.csv": towers})))["In what year was Petronas Tower 1 built?"]
    years = [1998, *(int(o) for o in asked["distractors"])]
    assert len(years) == 4 and all(abs(a - b) >= 2 for i, a in enumerate(years) for b in years[i + 1:]), years


def test_a_unit_that_is_a_rate_or_a_share_reads_in_brackets(tmp_path):
    table = "Country,Density (per km²),Growth (%)\nAlbania,98.87,0.4\nAlgeria,18.85,1.6\nAngola,28.55,3.2\n" \
            "Armenia,93.48,0.1\nAustria,106.59,0.2\n"
    prompts = by_prompt(build(deck_folder(tmp_path, {"countries.csv": table})))
    assert prompts["What is the density of Angola (per km²)?"]["answer"] == "28.55"
    assert prompts["What is the growth of Angola (%)?"]["answer"] == "3.2"
    assert not [p for p in prompts if "in per" in p or "in %" in p]


def test_a_figures_options_come_by_size_not_by_the_rows_kind(tmp_path):
    rows = [("Andorra", "Europe", 79824), ("Monaco", "Europe", 36469), ("San Marino", "Europe", 33660),
            ("Germany", "Europe", 83369843), ("France", "Europe", 64626628), ("Italy", "Europe", 59037474),
            ("Tuvalu", "Oceania", 11312), ("Nauru", "Oceania", 12668), ("Palau", "Oceania", 18055),
            ("Fiji", "Oceania", 929766), ("Samoa", "Oceania", 222382), ("Tonga", "Oceania", 106858)]
    table = "Country,Continent,Population\n" + "".join(f"{c},{k},{n}\n" for c, k, n in rows)
    deck = build(deck_folder(tmp_path, {"countries.csv": table}))
    asked = by_prompt(deck)["What is the population of Andorra?"]
    assert all(int(o.replace(",", "")) < 1_000_000 for o in asked["distractors"]), asked["distractors"]


def test_a_columns_day_and_month_order_is_read_once_not_per_row(tmp_path, monkeypatch):
    import quizgen.tables as tables

    calls = []
    real = tables.date_order
    monkeypatch.setattr(tables, "date_order", lambda table, column: calls.append(column.header) or real(table, column))
    rows = "".join(f"Treaty {i},{1 + i % 28:02d}/0{1 + i % 9}/{1800 + i}\n" for i in range(60))
    build(deck_folder(tmp_path, {"treaties.csv": "Treaty,Signed\n" + rows}))
    assert len(calls) <= 3, len(calls)


def test_rows_of_like_size_do_not_all_get_the_same_options(tmp_path):
    heights = [13010 + 47 * i for i in range(30)] + [8250, 10834, 17400, 20310, 6925, 9414, 18009, 7980]
    rows = "".join(f"Peak {chr(65 + i % 26)}{i},{h},Alaska\n" for i, h in enumerate(heights))
    deck = build(deck_folder(tmp_path, {"summits.csv": "Peak,Elevation (ft),State\n" + rows}))
    asked = [q for q in deck["questions"] if q["kind"] == "figure" and q["format"] == "multiple_choice"]
    assert len(asked) >= 30
    option_sets = {tuple(sorted(q["distractors"])) for q in asked}
    assert len(option_sets) >= 0.4 * len(asked), len(option_sets)
