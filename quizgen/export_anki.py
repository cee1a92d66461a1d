"""Export a deck to an Anki package (``.apkg``) that keeps every answer's attribution.

Each question becomes one note. The back of its card shows the verbatim quote
(the answer highlighted), the source, who asserts the claim and which other
sources disagree, so a learner in Anki sees the same provenance as in the web
app. ``type_in`` questions use a second note type whose front asks Anki to
compare a typed answer (``{{type:Answer}}``); ``cloze`` questions are Anki
Cloze notes (a third note type, of Anki's cloze kind) whose text holds one
deletion, ``{{c1::answer}}``, where the prompt has its blank.

How re-importing behaves (read from Anki's importer, ``rslib`` ``apkg/import``):

* Notes are matched by **guid**. Ours is derived from the deck id and the
  question id, both stable across rebuilds, so a rebuilt deck maps onto the
  notes already in a learner's collection.
* With Anki's default ``update_notes = IF_NEWER`` an existing note is
  overwritten only when the incoming note's ``mod`` (whole seconds) is greater
  than the one in the collection. Every note and note type in the package gets
  ``mod = int(timestamp)``, the export time by default, so a later export
  updates the notes; two exports within the same second do not. An edit the
  learner made in Anki after our export is newer and therefore survives the
  re-import of the same package.
* Cards that already exist for a note (same note, same template) are never
  replaced, so scheduling and review history (revlog) are kept; only brand new
  notes bring in cards, and with ``with_scheduling = False`` (the default)
  those start as new cards.
* New cards are studied in the order of the cards' ``due`` numbers, which
  the importer keeps as they are in the package (it does not renumber them
  after the collection's own new cards). Ours count up in
  ``quizgen.study_order.study_order``: by ``rank`` where the deck has ranks,
  and never two questions of one ``siblings`` group in a row where the rest
  of the deck leaves a question to put between them. Notes are added in the
  same order. A re-import does not move cards that already exist.
* Note types are matched by id (the fixed ids below). When the field and
  template names are unchanged and the package is newer (``update_notetypes =
  IF_NEWER``), templates and styling are updated in place. Renaming a field or
  template, or a question switching between the plain and the type-in note type,
  makes Anki report the note as conflicting and leave it alone unless the
  learner ticks "merge note types" (``merge_notetypes``); so field and template
  names here are part of the export contract and must not change casually.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import random
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import Any

import genanki

from .deck import sources_by_id, validate_structure, value_span, write_atomic
from .errors import QuizgenError
from .study_order import study_order

# Fixed for good: Anki recognises our note types across exports by these ids.
PLAIN_MODEL_ID = 1_747_318_601
TYPE_IN_MODEL_ID = 1_747_318_602
CLOZE_MODEL_ID = 1_747_318_603

FIELD_NAMES = ["Prompt", "Answer", "Accepted", "Options", "Quote", "Source",
               "Claimant", "Disputes", "QuestionId"]
# Formats whose front lists the answer among distractors.
CHOICE_FORMATS = {"multiple_choice", "attribution"}
TYPE_IN_FORMATS = {"type_in"}
# A cloze question's prompt holds its blank as a run of underscores: the answer goes there.
BLANK = re.compile(r"_{3,}")
CLOZE_FIELD_NAMES = ["Text", "Answer", "Accepted", "Quote", "Source", "Claimant", "Disputes", "QuestionId"]

_ATTRIBUTION_HTML = """
<div class="attribution">
  <div class="quote">{{Quote}}</div>
  <div class="source">Source: {{Source}}</div>
  {{#Claimant}}<div class="claimant">Claimed by: {{Claimant}}</div>{{/Claimant}}
  {{#Disputes}}<div class="disputes">Disputed by:{{Disputes}}</div>{{/Disputes}}
</div>
"""
_ACCEPTED_HTML = '{{#Accepted}}<div class="accepted">Also accepted: {{Accepted}}</div>{{/Accepted}}'

_CSS = """
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background: white; }
.prompt { font-size: 22px; }
.answer { font-weight: bold; margin: 0.5em 0; }
.accepted, .source, .claimant, .disputes { font-size: 15px; color: #444; }
.quote { border-left: 3px solid #999; padding-left: 0.6em; margin: 0.8em 0 0.4em; font-style: italic; }
.quote mark { background: #fff2a8; font-style: normal; }
.disputes { margin-top: 0.4em; }
"""


def _model(model_id: int, name: str, question_side: str, answer_side: str) -> genanki.Model:
    return genanki.Model(
        model_id, name,
        fields=[{"name": field} for field in FIELD_NAMES],
        templates=[{"name": "Card", "qfmt": question_side, "afmt": answer_side}],
        css=_CSS,
    )


PLAIN_MODEL = _model(
    PLAIN_MODEL_ID, "quizgen question",
    '<div class="prompt">{{Prompt}}</div>\n{{#Options}}{{Options}}{{/Options}}',
    '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>\n'
    + _ACCEPTED_HTML + _ATTRIBUTION_HTML,
)
TYPE_IN_MODEL = _model(
    TYPE_IN_MODEL_ID, "quizgen type-in question",
    '<div class="prompt">{{Prompt}}</div>\n{{type:Answer}}',
    '<div class="prompt">{{Prompt}}</div>\n<hr id="answer">\n{{type:Answer}}\n'
    + _ACCEPTED_HTML + _ATTRIBUTION_HTML,
)


CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID, "quizgen cloze question",
    fields=[{"name": field} for field in CLOZE_FIELD_NAMES],
    templates=[{"name": "Cloze", "qfmt": '<div class="prompt">{{cloze:Text}}</div>',
                "afmt": '<div class="prompt">{{cloze:Text}}</div>\n<hr id="answer">\n'
                        + _ACCEPTED_HTML + _ATTRIBUTION_HTML}],
    css=_CSS + ".cloze { font-weight: bold; color: #1a4f9c; }\n",
    model_type=genanki.Model.CLOZE,
)


def is_anki_cloze(question: dict[str, Any]) -> bool:
    """A cloze question with exactly one blank becomes an Anki Cloze note."""
    return question["format"] == "cloze" and len(BLANK.findall(question["prompt"])) == 1


def _cloze_safe(text: str) -> str:
    # Braces would open or close a cloze deletion: write them as entities.
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


def cloze_text(question: dict[str, Any]) -> str:
    """The prompt with its blank replaced by one deletion, ``{{c1::answer}}``, every other part escaped."""
    before, after = BLANK.split(question["prompt"], maxsplit=1)
    # inside the deletion "::" would start a hint, so its colons are entities too
    answer = _cloze_safe(question["answer"]).replace(":", "&#58;")
    return _cloze_safe(before) + "{{c1::" + answer + "}}" + _cloze_safe(after)


def anki_deck_id(deck_id: str) -> int:
    """A stable Anki deck id for a quizgen deck id, in the range genanki recommends."""
    digest = hashlib.sha256(f"quizgen-deck:{deck_id}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(deck_id: str, question_id: str) -> str:
    # The deck id is part of the guid because question ids are only unique
    # within a deck, while Anki guids are unique within a whole collection.
    return genanki.guid_for("quizgen", deck_id, question_id)


def shuffled_options(question: dict[str, Any]) -> list[str]:
    """Answer and distractors in an order fixed by the question id (same every export)."""
    options = [question["answer"], *question["distractors"]]
    seed = int.from_bytes(hashlib.sha256(question["id"].encode("utf-8")).digest()[:8], "big")
    random.Random(seed).shuffle(options)
    return options


def highlighted_quote(evidence: dict[str, Any]) -> str:
    """The quote as escaped HTML with the answer value in <mark>, at the evidence's own offsets."""
    exact, span = evidence["exact"], value_span(evidence)
    if span is None:
        return html.escape(exact, quote=False)
    start, end = span
    return (html.escape(exact[:start], quote=False) + "<mark>" + html.escape(exact[start:end], quote=False)
            + "</mark>" + html.escape(exact[end:], quote=False))


def _escaped_list(items: Iterable[str], tag: str) -> str:
    entries = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items)
    return f"<{tag}>{entries}</{tag}>" if entries else ""


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _source_label(source: dict[str, Any], citation: str | None = None) -> str:
    """"Title (kind)", and what a table row cites: "Key events (table), citing: Encyclopedia article"."""
    label = f"{source['title']} ({source['kind']})"
    return f"{label}, citing: {citation}" if citation else label


def note_fields(question: dict[str, Any], sources: dict[str, dict[str, Any]]) -> list[str]:
    """The note's fields in FIELD_NAMES order, every piece of deck text HTML-escaped."""
    def esc(text: str) -> str:
        return html.escape(text, quote=False)

    evidence = question["evidence"]
    claimant = question.get("claimant")
    claimants = [claimant] if claimant else _unique(e["claimant"] for e in evidence)
    disputes = [
        f"{esc(d['value'])} — {esc(d['claimant'] or 'the source itself')}, "
        f"{esc(sources[d['source']]['title'])}"
        for d in question["disputed_by"]
    ]
    options = shuffled_options(question) if question["format"] in CHOICE_FORMATS else []
    return [
        esc(question["prompt"]),
        esc(question["answer"]),
        esc(" · ".join(question["accepted"])),
        _escaped_list(options, "ol"),
        "".join(f"<blockquote>{highlighted_quote(e)}</blockquote>" for e in evidence),
        esc("; ".join(_unique(_source_label(sources[e["source"]], e.get("citation")) for e in evidence))),
        esc("; ".join(claimants)),
        "<ul>" + "".join(f"<li>{item}</li>" for item in disputes) + "</ul>" if disputes else "",
        esc(question["id"]),
    ]


def _tags(question: dict[str, Any]) -> list[str]:
    tags = ["quizgen", f"quizgen::{question['kind']}", f"quizgen::{question['format']}"]
    if question["disputed_by"]:
        tags.append("quizgen::disputed")
    # Anki splits tags on whitespace, so spaces inside a deck tag become underscores.
    tags += ["_".join(tag.split()) for tag in question.get("tags", []) if tag.strip()]
    return _unique(tags)


def check_quotes(deck: dict[str, Any], texts: dict[str, str]) -> None:
    """Refuse to export a quote that is not exactly where the deck says it is."""
    for q_index, question in enumerate(deck["questions"]):
        for key in ("evidence", "disputed_by"):
            for e_index, evidence in enumerate(question[key]):
                field = f"$.questions[{q_index}].{key}[{e_index}]"
                text = texts.get(evidence["source"])
                if text is None:
                    raise QuizgenError(f"no text for source {evidence['source']!r}", field=field)
                if text[evidence["start"]:evidence["end"]] != evidence["exact"]:
                    raise QuizgenError("quote does not match the source text at its offsets",
                                       field=field)


def build_package(deck: dict[str, Any]) -> genanki.Package:
    """The genanki package for a deck (no file written)."""
    sources = sources_by_id(deck)
    anki_deck = genanki.Deck(anki_deck_id(deck["id"]), deck["title"], deck.get("description", ""))
    for position, index in enumerate(study_order(deck["questions"])):
        question = deck["questions"][index]
        fields = note_fields(question, sources)
        if is_anki_cloze(question):
            model = CLOZE_MODEL
            # the plain fields minus Prompt and Options, with the cloze text in front
            fields = [cloze_text(question), *(value for name, value in zip(FIELD_NAMES, fields, strict=True)
                                              if name not in ("Prompt", "Options"))]
        else:
            model = TYPE_IN_MODEL if question["format"] in TYPE_IN_FORMATS else PLAIN_MODEL
        anki_deck.add_note(genanki.Note(
            model=model,
            fields=fields,
            guid=note_guid(deck["id"], question["id"]),
            tags=_tags(question),
            due=position,  # new cards come up in this order (see the module's docstring)
        ))
    return genanki.Package(anki_deck)


def _package_bytes(package: genanki.Package, timestamp: float) -> bytes:
    # genanki's own write_to_file leaves its scratch database behind in the
    # system temp folder; building the database in a folder we remove avoids that.
    with tempfile.TemporaryDirectory(prefix="quizgen-apkg-") as scratch:
        db_path = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(db_path)
        try:
            # Note and card ids are millisecond timestamps in Anki, which re-numbers
            # them on import if they collide; counting up from the export time is enough.
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(db_path, "collection.anki2")
            archive.writestr("media", "{}")
        return buffer.getvalue()


def write_apkg(deck: dict[str, Any], out: Path, *, texts: dict[str, str] | None = None,
               timestamp: float | None = None) -> None:
    """Write ``deck`` as an Anki package at ``out``, atomically.

    ``texts`` (source id -> source text) makes the export check every quote
    against its source first. ``timestamp`` (seconds since the epoch) becomes
    the notes' modification time; it defaults to now, so a later export
    updates the notes of an earlier one when imported into Anki.
    """
    validate_structure(deck)
    if texts is not None:
        check_quotes(deck, texts)
    data = _package_bytes(build_package(deck), time.time() if timestamp is None else timestamp)
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise QuizgenError(f"cannot write the Anki package: {exc.strerror or exc}", file=out) from None
