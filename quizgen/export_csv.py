"""Export a deck as a CSV table: one row per question, attribution in its own columns.

Meant for spreadsheets and quick review by people; ``deck.json`` stays the
machine contract. A question can cite several pieces of evidence and several
disputing ones, so the per-evidence columns hold lists joined with `` | ``:
the n-th item of ``source_id``, ``source_title``, ``quote``, ``start``,
``end`` and ``claimant`` all describe the n-th evidence entry, and the three
``disputed_*`` columns line up the same way. A claim in the source's own voice
has an empty claimant item. ``rank`` (1 = the most central question) and
``siblings`` (the group of questions on the same fact or sentence) are empty
when the deck does not give them; ``citation`` lines up with the evidence too
(a table row's "Source" column; empty when no evidence has one). Rows stay in
the deck file's order.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading apostrophe, as OWASP advises against CSV injection: spreadsheets
would otherwise run it as a formula (``=HYPERLINK(...)``), and the text of a
deck comes from whoever wrote its sources and questions.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from .deck import validate_structure, write_atomic
from .errors import QuizgenError

LIST_SEPARATOR = " | "
COLUMNS = [
    "id", "kind", "format", "prompt", "answer", "accepted", "distractors",
    "source_id", "source_title", "quote", "start", "end", "claimant",
    "disputed_values", "disputed_claimants", "disputed_sources", "rank", "siblings", "citation",
]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """The cell as text a spreadsheet shows rather than evaluates."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _joined(items: list[Any]) -> str:
    return LIST_SEPARATOR.join("" if item is None else str(item) for item in items)


def question_row(question: dict[str, Any], source_titles: dict[str, str]) -> dict[str, str]:
    """The CSV row (column name -> cell text) for one question."""
    evidence, disputes = question["evidence"], question["disputed_by"]
    return {
        "id": question["id"],
        "kind": question["kind"],
        "format": question["format"],
        "prompt": question["prompt"],
        "answer": question["answer"],
        "accepted": _joined(question["accepted"]),
        "distractors": _joined(question["distractors"]),
        "source_id": _joined([e["source"] for e in evidence]),
        "source_title": _joined([source_titles[e["source"]] for e in evidence]),
        "quote": _joined([e["exact"] for e in evidence]),
        "start": _joined([e["start"] for e in evidence]),
        "end": _joined([e["end"] for e in evidence]),
        "claimant": _joined([e["claimant"] for e in evidence]),
        "disputed_values": _joined([d["value"] for d in disputes]),
        "disputed_claimants": _joined([d["claimant"] for d in disputes]),
        "disputed_sources": _joined([source_titles[d["source"]] for d in disputes]),
        "rank": "" if question.get("rank") is None else str(question["rank"]),
        "siblings": question.get("siblings") or "",
        "citation": _joined([e.get("citation") for e in evidence]) if any(e.get("citation") for e in evidence) else "",
    }


def render_csv(deck: dict[str, Any]) -> str:
    """The whole CSV document, header first."""
    validate_structure(deck)
    source_titles = {source["id"]: source["title"] for source in deck["sources"]}
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for index, question in enumerate(deck["questions"]):
        try:
            writer.writerow({name: neutralised(cell) for name, cell in question_row(question, source_titles).items()})
        except KeyError as exc:
            raise QuizgenError(f"unknown source {exc.args[0]!r}", field=f"$.questions[{index}]") from None
    return buffer.getvalue()


def write_csv(deck: dict[str, Any], out: Path) -> None:
    """Write the deck's CSV to ``out`` (UTF-8), atomically."""
    text = render_csv(deck)
    try:
        write_atomic(out, text.encode("utf-8"))
    except OSError as exc:
        raise QuizgenError(f"cannot write the CSV file: {exc.strerror or exc}", file=out) from None
