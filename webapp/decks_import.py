"""Import deck files into the database, idempotently and all-or-nothing.

Re-importing a rebuilt deck updates the questions whose content changed,
leaves unchanged ones alone, and retires questions the deck no longer has
(their cards and review history stay; a question that comes back is revived
with its progress). Learners' cards are never touched, so their progress
survives every rebuild. A deck that fails validation, or holds a text beyond its
bound (``webapp.import_bounds``), changes nothing.

New cards are offered in ``position`` order: the deck's rank order where its
questions carry ``rank``, else the file's order. A question's ``siblings``
group is kept in its own column for the study queue.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from quizgen.deck import load_deck_with_sources
from quizgen.errors import QuizgenError
from quizgen.study_order import by_rank

from .import_bounds import check_bounds
from .models import Deck, Question, Source, utc_now

log = logging.getLogger(__name__)

QUESTION_COLUMNS = ("kind", "format", "prompt", "answer", "claimant", "accepted", "distractors",
                    "evidence", "disputed_by", "siblings")


@dataclass
class ImportReport:
    slug: str
    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    skipped: bool = False  # the deck file is byte-for-byte the one imported last time

    def __str__(self) -> str:
        if self.skipped:
            return f"{self.slug}: unchanged"
        return (f"{self.slug}: {self.added} added, {self.updated} updated, "
                f"{self.retired} retired, {self.unchanged} unchanged")


def _check_references(deck: dict, texts: dict[str, str], path: Path) -> None:
    """The web app shows quotes by offset; refuse a deck whose quotes do not match its sources."""
    seen: set[str] = set()
    for index, question in enumerate(deck["questions"]):
        if question["id"] in seen:
            raise QuizgenError(f"question id {question['id']!r} appears twice", file=path,
                               field=f"$.questions[{index}].id")
        seen.add(question["id"])
        for group in ("evidence", "disputed_by"):
            for number, quote in enumerate(question[group]):
                field = f"$.questions[{index}].{group}[{number}]"
                text = texts.get(quote["source"])
                if text is None:
                    raise QuizgenError(f"unknown source {quote['source']!r}", file=path, field=field)
                if text[quote["start"]:quote["end"]] != quote["exact"]:
                    raise QuizgenError("quote does not match the source text at its offsets",
                                       file=path, field=field)


def import_deck(path: str | Path, *, session: Session) -> ImportReport:
    """Import one deck file in a single transaction; raise QuizgenError if it is invalid."""
    path = Path(path)
    deck_data, texts = load_deck_with_sources(path)
    check_bounds(deck_data, texts, path)  # every text it stores has a bound: refused whole, before any write
    _check_references(deck_data, texts, path)
    file_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    report = ImportReport(slug=deck_data["id"])

    deck = session.exec(select(Deck).where(Deck.slug == deck_data["id"])).first()
    if deck is not None and deck.content_sha256 == file_sha:
        report.skipped = True
        return report
    try:
        deck = deck or Deck(slug=deck_data["id"], title=deck_data["title"])
        deck.title, deck.description = deck_data["title"], deck_data.get("description", "")
        deck.source_file, deck.content_sha256, deck.imported_at = str(path.resolve()), file_sha, utc_now()
        session.add(deck)
        session.flush()
        _import_sources(deck, deck_data["sources"], texts, session=session)
        _import_questions(deck, deck_data["questions"], report, session=session)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return report


def _import_sources(deck: Deck, sources: list[dict], texts: dict[str, str], *, session: Session) -> None:
    # Sources the deck no longer lists stay: retired questions still cite them.
    existing = {s.key: s for s in session.exec(select(Source).where(Source.deck_id == deck.id))}
    for data in sources:
        source = existing.get(data["id"]) or Source(deck_id=deck.id, key=data["id"])  # type: ignore[call-arg]
        source.title, source.kind, source.sha256 = data["title"], data["kind"], data["sha256"]
        source.perspective, source.text = data.get("perspective"), texts[data["id"]]
        session.add(source)


def _import_questions(deck: Deck, questions: list[dict], report: ImportReport, *,
                      session: Session) -> None:
    existing = {q.key: q for q in session.exec(select(Question).where(Question.deck_id == deck.id))}
    # A question's position is its place in rank order (the file's order for a deck without ranks).
    for position, data in enumerate(questions[index] for index in by_rank(questions)):
        content_sha = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        question = existing.pop(data["id"], None)
        if question is None:
            # Its columns (kind, format, prompt, answer, ...) are set from the deck file below.
            question = Question(deck_id=deck.id, key=data["id"], content_sha256="")  # type: ignore[call-arg]
            report.added += 1
        elif question.content_sha256 == content_sha and not question.retired:
            question.position = position
            session.add(question)
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        for column in QUESTION_COLUMNS:
            setattr(question, column, data.get(column))
        question.data, question.position, question.content_sha256 = data, position, content_sha
        question.retired, question.updated_at = False, utc_now()
        session.add(question)
    for question in existing.values():
        if not question.retired:
            question.retired, question.updated_at = True, utc_now()
            session.add(question)
            report.retired += 1


def deck_files(decks_dir: str | Path) -> list[Path]:
    return sorted(Path(decks_dir).glob("*/deck.json"))


def import_all(decks_dir: str | Path, *, session: Session) -> list[ImportReport]:
    """Import every ``*/deck.json`` under ``decks_dir``; a bad deck is logged and skipped."""
    reports = []
    for path in deck_files(decks_dir):
        try:
            reports.append(import_deck(path, session=session))
        except QuizgenError as error:
            log.error("deck not imported: %s", error)
        except IntegrityError:
            # Another process imported the same deck at the same moment; theirs stands.
            session.rollback()
            log.warning("deck %s was imported concurrently; keeping that import", path)
        except Exception:  # one broken deck must not keep the app from starting
            session.rollback()
            log.exception("deck not imported: %s", path)
    return reports
