"""Rename a teacher's deck, or delete it with everything in it (after asking); describe a source."""

from __future__ import annotations

import shutil

from flask import flash, redirect, render_template, request, url_for

from ..db import get_session
from ..forms import CONTROL, ONE_LINE
from ..repo import teach as teach_repo
from ..services import storage
from ..services.publishing import sync_learner_deck
from . import bp, owned_deck_or_404

TITLE_LIMIT = 200


@bp.post("/decks/<slug>/rename")
def rename_deck(slug: str):
    deck = owned_deck_or_404(slug)
    title = " ".join(request.form.get("title", "").split())
    if not title or len(title) > TITLE_LIMIT:
        flash(f"A deck's title needs 1 to {TITLE_LIMIT} characters.", "warning")
    elif CONTROL.search(title):
        flash(f"Not renamed: {ONE_LINE.message}", "warning")
    else:
        session = get_session()
        teach_repo.rename_deck(deck, title, session=session)
        sync_learner_deck(deck, session=session)  # (learners' copy carries the title too)
        flash(f"Renamed to {title}.", "success")
    return redirect(url_for("teach.deck", slug=deck.slug), 303)


@bp.route("/decks/<slug>/delete", methods=["GET", "POST"])
def delete_deck(slug: str):
    """Ask first (a GET, or a POST without ``confirm``); then delete the deck, its sources, its
    questions and every learner's progress on them."""
    deck = owned_deck_or_404(slug)
    session = get_session()
    if request.method == "GET" or request.form.get("confirm") != "yes":
        return render_template("teach/delete_deck.html", deck=deck,
                               counts=teach_repo.status_counts(deck, session=session))
    title = deck.title
    teach_repo.delete_deck(deck, session=session)
    shutil.rmtree(storage.deck_folder(slug), ignore_errors=True)
    flash(f"Deleted {title}.", "success")
    return redirect(url_for("teach.index"), 303)


@bp.post("/decks/<slug>/sources/<key>/describe")
def describe_source(slug: str, key: str):
    """A source's title, kind and perspective; the next build carries them into the deck."""
    deck = owned_deck_or_404(slug)
    meta = {name: request.form.get(name, "")[:TITLE_LIMIT] for name in storage.MANIFEST_FIELDS}
    if not meta["title"].strip():
        flash("A source needs a title.", "warning")
    elif any(CONTROL.search(value) for value in meta.values()):
        flash(f"Not saved: {ONE_LINE.message}", "warning")
    elif storage.describe_source(storage.deck_folder(deck.slug), key, meta):
        flash(f"Saved {meta['title'].strip()}. Rebuild the deck to show it to learners.", "success")
    return redirect(url_for("teach.deck", slug=deck.slug, _anchor=f"source-{key}"), 303)
