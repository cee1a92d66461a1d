"""Download a deck as an Anki package or a CSV table.

The file is made from the deck as the database holds it: the questions open
to learners (for a teacher's deck, the approved ones with edits applied) and
the texts of their sources. It is written to a temporary folder by
``quizgen.export``, streamed, and the folder removed when the response closes.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from flask import Blueprint, abort, send_file

from quizgen.deck import DECK_FORMAT
from quizgen.errors import QuizgenError
from quizgen.export import write_apkg, write_csv

from ..db import get_session
from ..models import Deck
from ..repo import decks as deck_repo
from ..web import now, open_deck_or_404

bp = Blueprint("downloads", __name__)
FORMATS = {"apkg": ("application/apkg", write_apkg), "csv": ("text/csv", write_csv)}


def deck_for_export(deck: Deck) -> tuple[dict, dict[str, str]]:
    session = get_session()
    sources = sorted(deck_repo.sources_by_key(deck, session=session).values(), key=lambda s: s.key)
    data = {
        "format": DECK_FORMAT, "id": deck.slug, "title": deck.title, "description": deck.description,
        "sources": [{"id": s.key, "title": s.title, "kind": s.kind, "perspective": s.perspective,
                     "path": f"sources/{s.key}.txt", "sha256": s.sha256} for s in sources],
        "questions": [q.data for q in deck_repo.active_questions(deck, session=session)],
    }
    return data, {s.key: s.text for s in sources}


@bp.get("/decks/<slug>/download.<any(apkg, csv):fmt>")
def download(slug: str, fmt: str):
    deck = open_deck_or_404(slug)
    data, texts = deck_for_export(deck)
    mimetype, writer = FORMATS[fmt]
    folder = Path(tempfile.mkdtemp(prefix="quizgen-export-"))
    path = folder / f"{deck.slug}.{fmt}"
    try:
        if fmt == "apkg":
            write_apkg(data, path, texts=texts, timestamp=now().timestamp())
        else:
            writer(data, path)
    except QuizgenError:
        shutil.rmtree(folder, ignore_errors=True)
        abort(500)
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=path.name)
    response.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
    return response
