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
from .extract import Claim, extract_claims
from .facts import read_facts, read_facts_csv, write_facts
from .questions import is_one_sided, make_questions
from .sources import Source, load_source_dir, read_deck_table

FACTS_FILE = "facts.jsonl"
FACTS_CSV = "facts.csv"


def deck_id_for(folder: Path) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", folder.resolve().name.lower()).strip("-.")
    return slug or "deck"


def build_deck(folder: str | Path, out: str | Path, *, write_facts_file: bool = True,
               progress: Callable[[int], None] | None = None, title: str | None = None) -> dict:
    folder, out = Path(folder), Path(out)
    sources = load_source_dir(folder)
    by_id = {s.id: s for s in sources}
    claims, manual = _claims(folder, sources, by_id, progress)
    aliases = Aliases(load_alias_file(folder))
    for pair in aliases_from_text(s.text for s in sources):
        aliases.add(pair)
    for pair in acronym_aliases((c.value for c in claims if c.kind in ("name", "place")), (s.text for s in sources)):
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
    deck = {
        "format": DECK_FORMAT,
        "id": deck_id_for(folder),
        "title": deck_title,
        "generated_by": f"quizgen {__version__}",
        "sources": [_source_entry(s, out) for s in sources],
        "aliases": aliases.as_lists(),
        "questions": questions,
    }
    validate_structure(deck, file=out)
    if write_facts_file:
        write_facts(folder / FACTS_FILE, sources, [c for c in claims if not c.extra.get("manual")], manual)
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
        size = len(source.text.encode("utf-8"))
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


def _deck_title(folder: Path, sources: list[Source]) -> str:
    """The manifest's ``[deck] title``, else the folder's name."""
    title = read_deck_table(folder).get("title")
    return title if isinstance(title, str) and title.strip() else folder.resolve().name.replace("-", " ").title()


def _source_entry(source: Source, out: Path) -> dict:
    path = Path(os.path.relpath(source.path.resolve(), out.resolve().parent))
    return {"id": source.id, "title": source.title, "kind": source.kind, "perspective": source.perspective,
            "path": path.as_posix(), "sha256": source.sha256}
