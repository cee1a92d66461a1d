"""Moodle XML, GIFT and Quizlet exports, each read back and compared with the deck."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from quizgen.cli import main
from quizgen.deck import load_deck_with_sources
from quizgen.errors import QuizgenError
from quizgen.export_lms import accepted_answers, gift, gift_escape, moodle_xml, quizlet_text

MINI_DECK = Path(__file__).parent / "fixtures" / "mini" / "deck.json"


@pytest.fixture
def mini() -> dict:
    return load_deck_with_sources(MINI_DECK)[0]


def hostile(deck: dict) -> dict:
    """The mini deck with markup, wildcards and GIFT's control characters in its text."""
    deck = copy.deepcopy(deck)
    question = next(q for q in deck["questions"] if q["format"] == "type_in")
    question["prompt"] = "What is <b>5 * 4</b> & {x}: = ~y #z?"
    question["answer"] = "20 * 1 & {one}"
    question["accepted"] = ["<twenty>", "= ~20"]
    deck["sources"][0]["title"] = "Report <i>&</i> notes: {draft}"
    return deck


def parsed_moodle(deck: dict) -> dict[str, ET.Element]:
    quiz = ET.fromstring(moodle_xml(deck))
    assert quiz.tag == "quiz"
    category, *questions = quiz.findall("question")
    assert category.get("type") == "category" and category.findtext("category/text").endswith(deck["title"])
    return {q.findtext("idnumber"): q for q in questions}


@pytest.mark.parametrize("make", [lambda d: d, hostile])
def test_moodle_xml_reads_back_as_the_deck(mini, make):
    deck = make(mini)
    titles = {s["id"]: s["title"] for s in deck["sources"]}
    questions = parsed_moodle(deck)
    assert list(questions) == [q["id"] for q in deck["questions"]]
    for question in deck["questions"]:
        element = questions[question["id"]]
        answers = [(a.get("fraction"), a.findtext("text")) for a in element.findall("answer")]
        text = ET.fromstring(f"<x>{element.findtext('questiontext/text')}</x>")
        assert "".join(text.itertext()) == question["prompt"]
        if question["format"] in ("multiple_choice", "attribution"):
            assert element.get("type") == "multichoice" and element.findtext("single") == "true"
            assert answers == [("100", question["answer"]), *(("0", d) for d in question["distractors"])]
        else:
            assert element.get("type") == "shortanswer"
            assert answers == [("100", a.replace("*", r"\*")) for a in accepted_answers(question)]
            assert set(accepted_answers(question)) >= {question["answer"], *question["accepted"]}
        feedback = "".join(ET.fromstring(f"<x>{element.findtext('generalfeedback/text')}</x>").itertext())
        for evidence in question["evidence"]:
            assert evidence["exact"] in feedback and titles[evidence["source"]] in feedback
        for dispute in question["disputed_by"]:
            assert dispute["value"] in feedback and titles[dispute["source"]] in feedback


def test_cloze_becomes_short_answer_with_its_blank(mini):
    questions = parsed_moodle(mini)
    cloze = next(q for q in mini["questions"] if q["format"] == "cloze")
    element = questions[cloze["id"]]
    assert element.get("type") == "shortanswer" and "_____" in element.findtext("questiontext/text")
    assert [a.findtext("text") for a in element.findall("answer")] == [cloze["answer"], *cloze["accepted"]]


GIFT_BLOCK = re.compile(r"(?<!\\)\{(.*?)(?<!\\)\}", re.S)


def gift_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def gift_answers(block: str) -> tuple[list[str], list[str], str]:
    """Right answers, wrong answers and general feedback of one GIFT answer block."""
    body, _, feedback = re.split(r"(?<!\\)(####)", block, maxsplit=1)
    marks = re.split(r"(?<!\\)([=~])", body)
    pairs = list(zip(marks[1::2], (gift_unescape(m.strip()) for m in marks[2::2]), strict=True))
    return [a for m, a in pairs if m == "="], [a for m, a in pairs if m == "~"], gift_unescape(feedback)


@pytest.mark.parametrize("make", [lambda d: d, hostile])
def test_gift_reads_back_as_the_deck(mini, make):
    deck = make(mini)
    titles = {s["id"]: s["title"] for s in deck["sources"]}
    header, *paragraphs = gift(deck).strip().split("\n\n")
    assert header == f"$CATEGORY: {deck['title']}"
    assert len(paragraphs) == len(deck["questions"])
    for question, paragraph in zip(deck["questions"], paragraphs, strict=True):
        assert paragraph.startswith(f"::{question['id']}::")
        [block] = GIFT_BLOCK.findall(paragraph)
        right, wrong, feedback = gift_answers(block)
        if question["format"] in ("multiple_choice", "attribution"):
            assert (right, wrong) == ([question["answer"]], question["distractors"])
        else:
            assert right == accepted_answers(question) and wrong == []
        stem = gift_unescape(GIFT_BLOCK.sub("_____", paragraph[len(question["id"]) + 4:]))
        expected = question["prompt"] if question["format"] == "cloze" else question["prompt"] + " _____"
        assert stem == expected
        for evidence in question["evidence"]:
            assert evidence["exact"] in feedback and titles[evidence["source"]] in feedback


@given(st.text())
def test_gift_escape_leaves_no_control_character_bare(text):
    escaped = gift_escape(text)
    assert not re.search(r"(?<!\\)(?:\\\\)*[~=#{}:]", escaped.replace("\\\\", ""))
    assert gift_unescape(escaped) == " ".join(text.split())


def test_quizlet_text_is_one_term_and_definition_a_line(mini):
    deck = hostile(mini)
    deck["questions"][0]["prompt"] = "A prompt\twith a tab\nand a line break"
    lines = quizlet_text(deck).splitlines()
    assert len(lines) == len(deck["questions"])
    titles = {s["id"]: s["title"] for s in deck["sources"]}
    for question, line in zip(deck["questions"], lines, strict=True):
        term, definition = line.split("\t")
        assert term == " ".join(question["prompt"].split())
        assert definition.startswith(question["answer"] + " (")
        assert titles[question["evidence"][0]["source"]] in definition


def test_cli_writes_all_three_and_a_bad_deck_writes_none(mini, tmp_path):
    outs = {"--moodle": tmp_path / "q.xml", "--gift": tmp_path / "q.gift", "--quizlet": tmp_path / "q.txt"}
    args = [str(MINI_DECK)] + [str(part) for flag, path in outs.items() for part in (flag, path)]
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exit_code == 0, result.output
    assert ET.parse(outs["--moodle"]).getroot().tag == "quiz"
    assert outs["--gift"].read_text(encoding="utf-8") == gift(mini)
    assert outs["--quizlet"].read_text(encoding="utf-8") == quizlet_text(mini)

    tampered = tmp_path / "tampered"
    tampered.mkdir()
    for path in outs.values():
        path.unlink()
    deck_dir = MINI_DECK.parent
    import shutil
    shutil.copytree(deck_dir, tampered, dirs_exist_ok=True)
    report = tampered / "sources" / "mission-report.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("20 July", "21 July"), encoding="utf-8")
    args[0] = str(tampered / "deck.json")
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exit_code == 1 and result.stderr.startswith("error: ")
    assert not any(path.exists() for path in outs.values())


def test_an_unknown_source_is_refused(mini):
    broken = copy.deepcopy(mini)
    broken["questions"][0]["evidence"][0]["source"] = "nowhere"
    for export in (moodle_xml, gift, quizlet_text):
        with pytest.raises(QuizgenError, match="nowhere"):
            export(broken)


@pytest.mark.parametrize("export", [moodle_xml, gift, quizlet_text, "anki"])
def test_a_quote_naming_a_source_the_deck_lacks_is_an_error_naming_its_field(mini, export):
    from quizgen.export_anki import build_package

    deck = copy.deepcopy(mini)
    deck["questions"][1]["evidence"][0]["source"] = "nowhere"
    with pytest.raises(QuizgenError, match="unknown source 'nowhere'") as raised:
        (build_package if export == "anki" else export)(deck)
    assert raised.value.field == "$.questions[1].evidence[0].source"
