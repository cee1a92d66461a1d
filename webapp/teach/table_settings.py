"""The teacher's screen for a table source's column settings: which column names the rows, what
each row is, each column's kind and unit, and which columns are not asked. They are saved in the
deck's sources.toml, where ``quizgen build`` reads them too; the next build applies them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from quizgen.sources import TABLE_KINDS

from ..models import Deck
from ..services import storage
from ..services.table_settings import SettingsRejected, TableView, as_submitted, save_settings, table_view
from ..web import or_404
from . import bp, owned_deck_or_404


def _page(deck: Deck, key: str, view: TableView, *, error: str | None = None, status: int = 200):
    title = storage.source_titles(storage.deck_folder(deck.slug)).get(key, key)
    return render_template("teach/table_settings.html", deck=deck, key=key, title=title, view=view,
                           kinds=TABLE_KINDS, error=error), status


@bp.get("/decks/<slug>/sources/<key>/table")
def table_settings(slug: str, key: str):
    deck = owned_deck_or_404(slug)
    return _page(deck, key, or_404(table_view(storage.deck_folder(deck.slug), key)))


@bp.post("/decks/<slug>/sources/<key>/table")
def save_table_settings(slug: str, key: str):
    deck = owned_deck_or_404(slug)
    folder = storage.deck_folder(deck.slug)
    view = or_404(table_view(folder, key))
    try:
        save_settings(folder, view, request.form.to_dict())
    except SettingsRejected as error:
        return _page(deck, key, as_submitted(view, request.form.to_dict()), error=str(error), status=422)
    flash("Saved the table's settings. Build the deck again to apply them.", "success")
    return redirect(url_for("teach.deck", slug=deck.slug, _anchor=f"source-{key}"), 303)
