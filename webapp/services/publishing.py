"""What learners get from a teacher's deck: the approved questions, edits applied.

After every build and every review decision the learner deck file is written
again from the generated deck and the review table, then imported with the
ordinary deck importer. So a question the teacher has not approved never
reaches the database as a studyable question, an edited one is updated in
place (learners keep their progress on it), and a rejected one is retired.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session

from quizgen.deck import write_deck

from ..decks_import import ImportReport, import_deck
from ..models import Deck
from ..repo import teach as teach_repo
from .storage import GENERATED_FILE, LEARNER_DECK_FILE, deck_folder


def generated_deck(folder: Path) -> dict | None:
    path = folder / GENERATED_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def sync_learner_deck(deck: Deck, *, session: Session, folder: Path | None = None) -> ImportReport | None:
    """Rewrite and import the learner deck; None when the deck was never built."""
    folder = folder or deck_folder(deck.slug)
    generated = generated_deck(folder)
    if generated is None:
        return None
    path = folder / LEARNER_DECK_FILE
    data = {name: value for name, value in generated.items() if name != "questions"}  # (the questions go last)
    data.update(title=deck.title, questions=teach_repo.approved_questions(deck, session=session))
    write_deck(data, path)
    return import_deck(path, session=session)
