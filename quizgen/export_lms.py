"""Export a deck to the quiz tools schools run: Moodle XML, GIFT, and Quizlet's term/definition text.

Questions map onto quiz question types like this:

* ``multiple_choice`` and ``attribution`` (the answer among distractors): a
  single-answer multiple-choice question, options shuffled by the quiz tool;
* ``type_in``, ``wh``, and a choice question without distractors: short answer,
  every accepted form of the answer marked right;
* ``cloze``: short answer with the blank left in the question text (GIFT writes
  it as a missing-word question, the answer box where the blank is).

Every question's general feedback (shown after answering) carries each quote,
its source and its claimant, and any sources that disagree, so provenance
reaches the quiz as it does the web app and Anki. Moodle's question ``idnumber``
is the question id, so a re-import can be matched to what is there.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from .deck import sources_by_id, validate_structure, write_atomic
from .errors import QuizgenError
from .export_anki import BLANK

CHOICE_FORMATS = {"multiple_choice", "attribution"}


def question_type(question: dict[str, Any]) -> str:
    """``multichoice`` or ``shortanswer``."""
    return "multichoice" if question["format"] in CHOICE_FORMATS and question["distractors"] else "shortanswer"


def accepted_answers(question: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(a.strip() for a in [question["answer"], *question["accepted"]] if a.strip()))


def feedback_lines(question: dict[str, Any], titles: dict[str, str]) -> list[str]:
    """The attribution as plain lines: each quote with its source, claimant and (a table row's)
    citation, then the disputes."""
    lines = []
    for evidence in question["evidence"]:
        who = f", according to {evidence['claimant']}" if evidence.get("claimant") else ""
        page = f", page {evidence['page']}" if evidence.get("page") else ""
        cites = f", citing {evidence['citation']}" if evidence.get("citation") else ""   # a table row's own
        lines.append(f"“{evidence['exact']}” — {titles[evidence['source']]}{page}{who}{cites}")
    for dispute in question["disputed_by"]:
        who = dispute.get("claimant") or "the source itself"
        lines.append(f"Disputed: {dispute['value']} — {who}, {titles[dispute['source']]}")
    return lines


def _titles(deck: dict[str, Any]) -> dict[str, str]:
    return {source_id: source["title"] for source_id, source in sources_by_id(deck).items()}


def _write(out: Path, data: str, what: str) -> None:
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise QuizgenError(f"cannot write the {what}: {exc.strerror or exc}", file=out) from None


# --- Moodle XML ----------------------------------------------------------------

def _text(parent: ET.Element, tag: str, text: str, *, fmt: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {**({"format": fmt} if fmt else {}), **attrs})
    ET.SubElement(element, "text").text = text
    return element


def _html_lines(lines: list[str]) -> str:
    from html import escape

    return "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines)


def moodle_xml(deck: dict[str, Any]) -> str:
    """The deck as a Moodle XML quiz (one category named after the deck)."""
    validate_structure(deck)
    titles = _titles(deck)
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    _text(category, "category", f"$course$/top/{deck['title']}")
    for question in deck["questions"]:
        kind = question_type(question)
        element = ET.SubElement(quiz, "question", type=kind)
        _text(element, "name", question["prompt"][:80])
        _text(element, "questiontext", _html_lines([question["prompt"]]), fmt="html")
        _text(element, "generalfeedback", _html_lines(feedback_lines(question, titles)), fmt="html")
        ET.SubElement(element, "defaultgrade").text = "1"
        ET.SubElement(element, "penalty").text = "0.3333333"
        ET.SubElement(element, "hidden").text = "0"
        ET.SubElement(element, "idnumber").text = question["id"]
        if kind == "multichoice":
            ET.SubElement(element, "single").text = "true"
            ET.SubElement(element, "shuffleanswers").text = "true"
            ET.SubElement(element, "answernumbering").text = "abc"
            _text(element, "answer", question["answer"], fmt="plain_text", fraction="100")
            for distractor in question["distractors"]:
                _text(element, "answer", distractor, fmt="plain_text", fraction="0")
        else:
            ET.SubElement(element, "usecase").text = "0"
            for answer in accepted_answers(question):
                # "*" is Moodle's wildcard in short answers; a literal one is written "\*"
                _text(element, "answer", answer.replace("*", r"\*"), fmt="moodle_auto_format", fraction="100")
        tags = ET.SubElement(element, "tags")
        for tag in ("quizgen", question["kind"], question["format"], *question.get("tags", [])):
            _text(tags, "tag", tag)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def write_moodle_xml(deck: dict[str, Any], out: Path) -> None:
    _write(out, moodle_xml(deck), "Moodle XML file")


# --- GIFT ------------------------------------------------------------------------

GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")


def gift_escape(text: str) -> str:
    """Text with GIFT's control characters backslash-escaped and line breaks as spaces."""
    return GIFT_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _gift_question(question: dict[str, Any], titles: dict[str, str]) -> str:
    feedback = "#### " + gift_escape(" · ".join(feedback_lines(question, titles)))
    title = "::" + gift_escape(question["id"]) + "::"
    if question_type(question) == "multichoice":
        options = " ".join(["=" + gift_escape(question["answer"]),
                            *("~" + gift_escape(d) for d in question["distractors"])])
        return f"{title}{gift_escape(question['prompt'])} {{{options} {feedback}}}"
    answers = " ".join("=" + gift_escape(a) for a in accepted_answers(question))
    prompt = question["prompt"]
    if question["format"] == "cloze" and len(BLANK.findall(prompt)) == 1:
        before, after = BLANK.split(prompt, maxsplit=1)
        space_before = " " if before[-1:].isspace() else ""
        space_after = " " if after[:1].isspace() else ""
        return (f"{title}{gift_escape(before)}{space_before}{{{answers} {feedback}}}"
                f"{space_after}{gift_escape(after)}")
    return f"{title}{gift_escape(prompt)} {{{answers} {feedback}}}"


def gift(deck: dict[str, Any]) -> str:
    """The deck as GIFT text: one question per paragraph, in the deck's category."""
    validate_structure(deck)
    titles = _titles(deck)
    parts = [f"$CATEGORY: {' '.join(deck['title'].split())}"]
    parts += [_gift_question(question, titles) for question in deck["questions"]]
    return "\n\n".join(parts) + "\n"


def write_gift(deck: dict[str, Any], out: Path) -> None:
    _write(out, gift(deck), "GIFT file")


# --- Quizlet -----------------------------------------------------------------------

def _cell(text: str) -> str:
    return " ".join(text.split())  # a tab or a line break would start a new field or card


def quizlet_text(deck: dict[str, Any]) -> str:
    """One card a line, ``term<TAB>definition``: the prompt, and the answer with its source."""
    validate_structure(deck)
    titles = _titles(deck)
    lines = []
    for question in deck["questions"]:
        sources = list(dict.fromkeys(titles[e["source"]] + (f", citing {e['citation']}" if e.get("citation") else "")
                                     for e in question["evidence"]))
        claimants = list(dict.fromkeys(e["claimant"] for e in question["evidence"] if e.get("claimant")))
        said = f"{'; '.join(claimants)}, in " if claimants else ""
        lines.append(f"{_cell(question['prompt'])}\t{_cell(question['answer'])} ({_cell(said + '; '.join(sources))})")
    return "\n".join(lines) + "\n"


def write_quizlet(deck: dict[str, Any], out: Path) -> None:
    _write(out, quizlet_text(deck), "Quizlet text file")
