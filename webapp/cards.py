"""A learner's own hand on the deck's cards: browse them, report a question, suspend a card."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from . import scheduling
from .db import get_session
from .extensions import htmx
from .models import FLAG_REASONS
from .repo import flags
from .repo.decks import PAGE_SIZE, browse, sources_by_key
from .study import render_next
from .web import learner, open_deck_or_404, or_404, presentation, render_page_or_fragment

bp = Blueprint("cards", __name__, url_prefix="/decks/<slug>")
NOTE_LIMIT = 1000


@bp.get("/browse")
def browse_page(slug: str):
    deck = open_deck_or_404(slug)
    session = get_session()
    search = request.args.get("q", "").strip()[:200]
    page = max(0, request.args.get("page", default=0, type=int))
    sources = sources_by_key(deck, session=session)
    rows, total = browse(learner(), deck, search=search, page=page, session=session,
                         titles={key: source.title for key, source in sources.items()})
    return render_page_or_fragment("cards/browse.html", "cards/_results.html", deck=deck, rows=rows,
                                   total=total, search=search, page_number=page, page_size=PAGE_SIZE,
                                   sources=sources, zone=scheduling.zone(learner().timezone))


@bp.post("/cards/<int:question_id>/report")
def report(slug: str, question_id: int):
    deck = open_deck_or_404(slug)
    question = or_404(presentation(deck, question_id)).question
    reason = request.form.get("reason", "")
    note = request.form.get("note", "").strip()[:NOTE_LIMIT]
    error = None
    if reason not in FLAG_REASONS or (reason == "other" and not note):
        error = "Say what is wrong with it." if reason == "other" else "Pick what is wrong with the question."
    else:
        flags.report(learner(), question, reason=reason, note=note, session=get_session())
    if htmx:  # (after an error, the form again saying what to fix: a 200, so that htmx swaps it in)
        return render_template("cards/_report.html", deck=deck, question=question, error=error, sent=not error)
    flash(error or "Thank you: your report went to the deck's teacher.", "warning" if error else "success")
    return redirect(url_for("study.session", slug=deck.slug), 303)


@bp.post("/cards/<int:question_id>/suspend")
def suspend(slug: str, question_id: int):
    deck = open_deck_or_404(slug)
    flags.suspend(learner(), or_404(presentation(deck, question_id)), session=get_session())
    message = "Card suspended: it will not come up again until you unsuspend it on the browse page."
    if htmx and request.form.get("from") == "study":
        return render_next(deck, notice=message)
    flash(message, "info")
    back = "cards.browse_page" if request.form.get("from") == "browse" else "study.session"
    return redirect(url_for(back, slug=deck.slug), 303)


@bp.post("/cards/<int:question_id>/unsuspend")
def unsuspend(slug: str, question_id: int):
    deck = open_deck_or_404(slug)
    flags.unsuspend(learner(), deck, or_404(presentation(deck, question_id)), session=get_session())
    flash("Card unsuspended: it is back in your queue.", "success")
    return redirect(url_for("cards.browse_page", slug=deck.slug, q=request.form.get("q") or None), 303)
