"""How much of each text a deck file may bring into the database.

Every text the import stores has a bound, checked before anything is written:
a deck file beyond any of them is refused whole, with a message naming the file
and the field (``$.questions[3].prompt``), and the database keeps what it had.
The bounds sit well above what ``quizgen build`` writes (a sentence is at most
600 characters) and match the teacher's forms (a prompt of 2,000 characters, an
answer of 500, a quoted passage of 10,000); the columns that hold one text each
are as wide as their bound (``webapp.models``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quizgen.errors import QuizgenError

DECK_TEXTS = {"id": 100, "title": 300, "description": 5_000}
SOURCE_TEXTS = {"id": 200, "title": 300, "kind": 100, "perspective": 300, "sha256": 64}
QUESTION_TEXTS = {"id": 200, "kind": 20, "format": 30, "prompt": 2_000, "answer": 500, "claimant": 300,
                  "siblings": 200}
QUOTE_TEXTS = {"source": 200, "exact": 10_000, "prefix": 1_000, "suffix": 1_000, "value": 500, "claimant": 300}
LISTED_TEXTS = {"accepted": 500, "distractors": 500}   # each entry
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
