"""Build a deck from a folder: sources -> claims (facts.jsonl) -> groups -> questions -> deck.json.

Nothing is written until everything has been read and checked: a bad input
raises QuizgenError and leaves any earlier deck and facts file as they were.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .claims import Aliases, acronym_aliases, aliases_from_text, group_claims, load_alias_file, spelling_aliases
from .deck import DECK_FORMAT, dumps, validate_structure, write_atomic
from .documents import MEDIA_TYPES
from .errors import QuizgenError
from .extract import Claim, extract_claims
from .facts import read_facts, read_facts_csv, write_facts
from .lives import with_life_dates
from .questions import distinct_voices, is_one_sided, make_questions, voice_of
from .sources import MANIFEST, Source, load_source_dir, read_deck_table, work_units, write_extracted_texts
from .table_questions import with_table_questions

FACTS_FILE = "facts.jsonl"
FACTS_CSV = "facts.csv"
# A deck asks at most this many questions from its tables unless sources.toml says otherwise
# ([deck] max_table_questions): a table of 10,000 rows would otherwise make tens of thousands
# of cards, more than a course can study. Rows are kept whole, in the tables' order.
MAX_TABLE_QUESTIONS = 500
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def deck_id_for(folder: Path) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", folder.resolve().name.lower()).strip("-.")
    return slug or "deck"


def build_deck(folder: str | Path, out: str | Path, *, write_facts_file: bool = True,
               progress: Callable[[int], None] | None = None, title: str | None = None) -> dict:
    folder, out = Path(folder), Path(out)
    sources = load_source_dir(folder)
    table_limit = max_table_questions(folder)
    by_id = {s.id: s for s in sources}
    tables = [s for s in sources if s.tables]
    claims, manual = _claims(folder, [s for s in sources if not s.tables], by_id, progress)
    claims = with_life_dates(claims)
    aliases = Aliases(load_alias_file(folder))
    for pair in aliases_from_text(s.text for s in sources if not s.tables):
        aliases.add(pair)
    people = [c.value for c in claims if c.label == "PERSON"]
    for pair in acronym_aliases((c.value for c in claims if c.kind in ("name", "place")), (s.text for s in sources),
                                people):
        aliases.add(pair)
    used_in: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        used_in[claim.value].add(claim.source)
    for pair in spelling_aliases((c.value for c in claims if c.kind in ("name", "place")), used_in):
        aliases.add(pair)
    groups = group_claims(claims, aliases)
    deck_title = title or _deck_title(folder, sources)
    questions = make_questions(groups, aliases, {s.id: s.kind for s in sources},
                               one_sided={s.id for s in sources if is_one_sided(s.perspective)},
                               source_titles={s.id: s.title for s in sources}, deck_title=deck_title)
    left_out = None
    if tables:
        voices = distinct_voices({s.id: voice_of(s.kind, s.title, s.id) for s in sources})
        questions, left_out = with_table_questions(questions, tables, claims, aliases, voices, limit=table_limit)
        if progress:
            for source in tables:
                progress(work_units(source.original or source.path))
    _record_pages(questions, by_id)
    deck: dict = {
        "format": DECK_FORMAT,
        "id": deck_id_for(folder),
        "title": deck_title,
        "generated_by": f"quizgen {__version__}",
        "sources": [_source_entry(s, out) for s in sources],
        "aliases": aliases.as_lists(),
        "questions": questions,
    }
    if left_out is not None:
        deck["table_limit"] = left_out.as_json()
    warnings = [warning for source in tables for table in source.tables for warning in table.warnings]
    if warnings:
        deck["table_warnings"] = warnings
    validate_structure(deck, file=out)
    write_extracted_texts(sources)
    if write_facts_file:
        write_facts(folder / FACTS_FILE, [s for s in sources if not s.tables],
                    [c for c in claims if not c.extra.get("manual")], manual)
    write_atomic(out, dumps(deck))
    return deck


def _claims(folder: Path, sources: list[Source], by_id: dict[str, Source],
            progress: Callable[[int], None] | None) -> tuple[list[Claim], list[dict]]:
    reviewed: dict[str, str] = {}
    kept: list[Claim] = []
    manual: list[dict] = []
    facts_path = folder / FACTS_FILE
    if facts_path.exists():
        reviewed, facts, manual = read_facts(facts_path, by_id)
        kept = [c for c in facts if c.extra.get("manual") or reviewed.get(c.source) == by_id[c.source].sha256]
    if (folder / FACTS_CSV).exists():
        for claim in read_facts_csv(folder / FACTS_CSV, by_id):
            claim.extra["manual"] = True
            kept.append(claim)
    claims = list(kept)
    for source in sources:
        size = work_units(source.original or source.path)
        reported = 0

        def block_read(chars: int, source: Source = source, size: int = size) -> None:
            nonlocal reported  # the source's bytes, in proportion to the characters read
            step = min(size - reported, chars * size // max(len(source.text), 1))
            reported += step
            if progress and step:
                progress(step)

        if reviewed.get(source.id) != source.sha256:
            claims.extend(extract_claims(source, progress=block_read))
        if progress and size > reported:
            progress(size - reported)
    claims.sort(key=lambda c: (c.source, c.start, c.value_start, c.kind))
    return claims, manual


def table_limit_note(deck: dict) -> str | None:
    """One sentence saying which table rows the deck's limit left out, or None."""
    limited = deck.get("table_limit")
    if not limited:
        return None
    parts = [f"{t['source']}{' (sheet ' + repr(t['table']) + ')' if t['table'] else ''}: the first "
             f"{t['rows_asked']:,} of {t['rows']:,} rows" for t in limited["tables"] if t["rows_asked"] < t["rows"]]
    return (f"{limited['rows_left_out']:,} table rows were not asked: a deck asks at most "
            f"{limited['max_table_questions']:,} questions from its tables, taking whole rows in the tables' "
            f"order ({'; '.join(parts)}).")


def build_note(deck: dict) -> str | None:
    """What the web app's build says beside its count of questions: the rows the limit left out
    and the table columns not asked for want of a unit, or None."""
    missing = [f"{w['source']}: {w['column']}" for w in deck.get("table_warnings", [])]
    unit_note = (f"Not asked, for want of a unit: {'; '.join(missing)}. Give each its unit in the table's column "
                 "settings (or skip it).") if missing else None
    return " ".join(note for note in (table_limit_note(deck), unit_note) if note) or None


def max_table_questions(folder: Path) -> int:
    """The manifest's ``[deck] max_table_questions``, else ``MAX_TABLE_QUESTIONS``."""
    value = read_deck_table(folder).get("max_table_questions", MAX_TABLE_QUESTIONS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise QuizgenError(f"max_table_questions must be a whole number of at least 1, not {value!r}",
                           file=folder / MANIFEST, field="deck.max_table_questions")
    return value


def _deck_title(folder: Path, sources: list[Source]) -> str:
    """The manifest's ``[deck] title``, else the folder's name."""
    title = read_deck_table(folder).get("title")
    return title if isinstance(title, str) and title.strip() else folder.resolve().name.replace("-", " ").title()


def _record_pages(questions: list[dict], by_id: dict[str, Source]) -> None:
    """A quote from a PDF says on which page it starts."""
    for question in questions:
        for evidence in (*question["evidence"], *question["disputed_by"]):
            page = by_id[evidence["source"]].page_at(evidence["start"])
            if page is not None:
                evidence["page"] = page


def _relative(path: Path, out: Path) -> str:
    return Path(os.path.relpath(path.resolve(), out.resolve().parent)).as_posix()


def _source_entry(source: Source, out: Path) -> dict:
    entry: dict = {"id": source.id, "title": source.title, "kind": source.kind, "perspective": source.perspective,
                   "path": _relative(source.path, out), "sha256": source.sha256}
    if source.author:
        entry["author"] = source.author
    if source.date:
        entry["date"] = source.date
    if source.original is not None:
        entry["original"] = {"path": _relative(source.original, out), "sha256": source.original_sha256,
                             "media_type": MEDIA_TYPES.get(source.original.suffix.lower(), XLSX_MEDIA_TYPE)}
    return entry
