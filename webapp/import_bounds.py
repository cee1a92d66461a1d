"""How much of each text a deck file may bring into the database.

Every text the import stores has a bound, checked before anything is written:
a deck file beyond any of them is refused whole, with a message naming the file
and the field (``$.questions[3].prompt``), and the database keeps what it had.
The bounds sit above what ``quizgen build`` writes (it drops a question whose
prompt, answer or option is longer than ``quizgen.deck`` allows) and match the
teacher's forms (a prompt of 2,000 characters, an answer of 500, a quoted passage
of 10,000); the columns that hold one text each are as wide as their bound
(``webapp.models``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quizgen.deck import MAX_ANSWER, MAX_CLAIMANT, MAX_PROMPT
from quizgen.errors import QuizgenError

DECK_TEXTS = {"id": 100, "title": 300, "description": 5_000}
SOURCE_TEXTS = {"id": 200, "title": 300, "kind": 100, "perspective": 300, "sha256": 64}
QUESTION_TEXTS = {"id": 200, "kind": 20, "format": 30, "prompt": MAX_PROMPT, "answer": MAX_ANSWER,
                  "claimant": MAX_CLAIMANT, "siblings": 200}
# (a quote's value and claimant are read from its passage or a table's cell, at most 1,000 characters)
QUOTE_TEXTS = {"source": 200, "exact": 10_000, "prefix": 1_000, "suffix": 1_000, "value": 10_000, "claimant": 1_000}
LISTED_TEXTS = {"accepted": MAX_ANSWER, "distractors": MAX_ANSWER}   # each entry
LIST_ITEMS = {"accepted": 100, "distractors": 100, "evidence": 10_000, "disputed_by": 10_000}
OTHER_TEXT = 10_000           # any other text a deck carries beside the required fields
SOURCE_TEXT = 20_000_000      # characters of one source's text (the build reads at most 20 MB of text)
QUESTION_JSON = 5_000_000     # a whole question as stored (its quotes included)
QUESTIONS = 50_000
SOURCES = 1_000


def check_bounds(deck: dict[str, Any], texts: dict[str, str], path: Path) -> None:
    """Raise QuizgenError naming ``path`` and the field of the first text beyond its bound."""
    _texts(deck, DECK_TEXTS, "$", path, skip={"sources", "questions"})
    _count(deck["sources"], SOURCES, "$.sources", path)
    for index, source in enumerate(deck["sources"]):
        _texts(source, SOURCE_TEXTS, f"$.sources[{index}]", path)
        text = texts.get(source["id"], "")
        if len(text) > SOURCE_TEXT:
            raise _too_long(f"the text of source {source['id'][:60]!r}", len(text), SOURCE_TEXT, path,
                            f"$.sources[{index}].path")
    _count(deck["questions"], QUESTIONS, "$.questions", path)
    for index, question in enumerate(deck["questions"]):
        where = f"$.questions[{index}]"
        _texts(question, QUESTION_TEXTS, where, path, skip=set(LIST_ITEMS))
        for name, limit in LISTED_TEXTS.items():
            _count(question.get(name) or [], LIST_ITEMS[name], f"{where}.{name}", path)
            for number, entry in enumerate(question.get(name) or []):
                _text(entry, limit, f"{where}.{name}[{number}]", path)
        for group in ("evidence", "disputed_by"):
            _count(question.get(group) or [], LIST_ITEMS[group], f"{where}.{group}", path)
            for number, quote in enumerate(question.get(group) or []):
                _texts(quote, QUOTE_TEXTS, f"{where}.{group}[{number}]", path)
        size = len(json.dumps(question, ensure_ascii=False))
        if size > QUESTION_JSON:
            raise _too_long("the question as a whole", size, QUESTION_JSON, path, where)


def _texts(record: dict[str, Any], limits: dict[str, int], where: str, path: Path,
           skip: set[str] | None = None) -> None:
    """Each named text within its bound; every other text in ``record`` (at any depth) within OTHER_TEXT."""
    for key, value in record.items():
        if skip and key in skip:
            continue
        _text(value, limits.get(key, OTHER_TEXT), f"{where}.{key}", path)


def _text(value: Any, limit: int, where: str, path: Path) -> None:
    if isinstance(value, str):
        if len(value) > limit:
            raise _too_long(where.rsplit(".", 1)[-1], len(value), limit, path, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            _text(key, OTHER_TEXT, f"{where}.{key}"[:200], path)
            _text(item, OTHER_TEXT, f"{where}.{key}"[:200], path)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            _text(item, OTHER_TEXT, f"{where}[{number}]", path)


def _count(items: list, limit: int, where: str, path: Path) -> None:
    if len(items) > limit:
        raise QuizgenError(f"has {len(items):,} entries; a deck is imported with at most {limit:,} there",
                           file=path, field=where)


def _too_long(what: str, length: int, limit: int, path: Path, where: str) -> QuizgenError:
    return QuizgenError(f"{what} is {length:,} characters long; the app stores at most {limit:,}",
                        file=path, field=where)
