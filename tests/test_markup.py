"""HTML markup left in a plain-text source never reaches a question.

A ``.txt`` copied from a page's source keeps tags and entities; the model reads a
cleaned copy without them, quotes still point into the file as it is, and
``quizgen check`` refuses a question that shows markup to a learner.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.build import build_deck
from quizgen.check import check_deck
from quizgen.cli import main
from quizgen.markup import remnant, strip_markup
from quizgen.sources import clean

MARKED_UP = (
    "The battle of Karst began on 3 April 1919 near the river Sarven.\n\n"
    "During the battle, <b>5,000</b> soldiers were killed at Karst, according to the ministry.\n\n"
    "The <i>Sarven Waters Treaty</i> was signed in <span class=\"place\">Geneva</span> on 12 March 1921.<br/>\n\n"
    "About 1,200 &amp; more villagers fled to <a href=\"http://example.org/?a=1&amp;b=2\">Lorn</a> in 1920.\n"
)


def shown_to_learners(question: dict) -> list[str]:
    return [question["prompt"], question["answer"], *question["accepted"], *question["distractors"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[dict, str, Path]:
    folder = tmp_path_factory.mktemp("markup") / "deck"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "report.txt").write_text(MARKED_UP, "utf-8")
    deck = build_deck(folder, folder / "deck.json")
    return deck, MARKED_UP, folder / "deck.json"


def test_no_prompt_answer_or_option_holds_markup_from_a_text_source(built):
    deck, _text, _path = built
    assert len(deck["questions"]) >= 5
    for question in deck["questions"]:
        for shown in shown_to_learners(question):
            assert remnant(shown) is None, (question["id"], shown)
            assert "<" not in shown and ">" not in shown, (question["id"], shown)


def test_a_figure_in_bold_is_asked_as_the_figure(built):
    deck, _text, _path = built
    asked = {q["answer"] for q in deck["questions"]}
    assert "5,000" in asked and "Karst" in asked
    where = [q for q in deck["questions"] if q["answer"] == "Karst" and q["prompt"].startswith("Where")]
    assert all("5,000 soldiers" in q["prompt"] for q in where)


def test_quotes_still_point_into_the_file_as_it_is(built):
    deck, text, path = built
    for question in deck["questions"]:
        for quote in question["evidence"]:
            assert text[quote["start"]:quote["end"]] == quote["exact"]
            assert quote["value"] in quote["exact"]
    assert check_deck(path).errors == []


def test_the_cleaned_copy_drops_tags_and_reads_entities_with_a_map_back():
    original = "Killed: <b>5,000</b> men &amp; 20 horses.<br/>Next"
    view = clean(original, 0, len(original))
    assert view.text == "Killed: 5,000 men & 20 horses. Next"
    start = view.text.index("5,000")
    assert original[slice(*view.to_original(start, start + 5))] == "5,000"
    amp = view.text.index("&")
    assert original[slice(*view.to_original(amp, amp + 1))] == "&amp;"
    assert original[slice(*view.to_original(0, len(view.text)))] == original


@pytest.mark.parametrize("prose", ["if x < y and z > 3 then", "a <- b", "AT&T and R&D", "5 <= 6", "Q&A; notes"])
def test_prose_that_only_looks_like_markup_is_kept(prose):
    assert strip_markup(prose) == prose
    assert clean(prose, 0, len(prose)).text == prose


def test_check_refuses_a_question_showing_markup(built, tmp_path):
    _deck, _text, path = built
    deck = json.loads(path.read_text("utf-8"))
    deck["questions"][0]["prompt"] = "Where were > soldiers killed</b?"
    deck["questions"][1]["distractors"] = ["&amp;", *deck["questions"][1]["distractors"][1:]]
    broken = path.parent / "broken.json"
    broken.write_text(json.dumps(deck), "utf-8")
    result = CliRunner().invoke(main, ["check", str(broken)])
    assert result.exit_code == 1
    assert "questions[0].prompt" in result.output and "holds markup" in result.output
    assert "questions[1].distractors[0]" in result.output


def test_a_plain_text_editions_bracketed_accent_is_read_as_the_accented_letter(tmp_path):
    from quizgen.answers import check_answer

    folder = tmp_path / "deck"
    (folder / "sources").mkdir(parents=True)
    text = "ROMAN BRITAIN.\n\nThe Romans built a fort at Camulod[=u]num in A.D. 43 under Claudius.\n"
    (folder / "sources" / "encyclopedia.txt").write_text(text, encoding="utf-8")
    deck = build_deck(folder, folder / "deck.json")
    assert deck["questions"] and not any("[=" in part for q in deck["questions"] for part in shown_to_learners(q))
    [fort] = [q for q in deck["questions"] if q["answer"] == "Camulodūnum"]
    assert check_answer("Camulodunum", fort).correct
    quote = fort["evidence"][0]
    assert text[quote["value_start"]:quote["value_end"]] == quote["value"] == "Camulod[=u]num"
    assert strip_markup("S[=a]kiya and Suddh[=o]dana") == "Sākiya and Suddhōdana"


def test_a_wiki_pages_source_is_read_as_its_text_with_a_map_back(tmp_path):
    original = ("A spokesman for the [[w:Red Cross|Red Cross]] said on '''December 29''' that the "
                "[[Strongest earthquake in 40 years|earthquake]] killed 80,000 people in [[Sumatra]]. {{archive}}")
    view = clean(original, 0, len(original))
    assert view.text.startswith("A spokesman for the Red Cross said on December 29 that the earthquake killed")
    assert "[[" not in view.text and "]]" not in view.text and "'''" not in view.text and "{{" not in view.text
    start = view.text.index("Red Cross")
    assert original[slice(*view.to_original(start, start + len("Red Cross")))] == "Red Cross"
    # an image's link keeps its marks: its text is a caption, not prose
    assert strip_markup("[[File:Wave.jpg|thumb|The wave]] hit.") == "[[File:Wave.jpg|thumb|The wave]] hit."
    assert strip_markup("It's O'Brien's") == "It's O'Brien's"

    folder = tmp_path / "deck"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "report.txt").write_text(
        "Tsunami toll passes 80,000\n\n"
        "The [[w:World Health Organization|World Health Organization]] (WHO) estimates that 5 million people "
        "lack food after the [[2004 Indian Ocean earthquake|earthquake]] of 26 December 2004.\n", encoding="utf-8")
    deck = build_deck(folder, folder / "deck.json")
    assert deck["questions"]
    for question in deck["questions"]:
        assert not any(mark in part for part in shown_to_learners(question) for mark in ("[[", "]]", "|", "w:"))
