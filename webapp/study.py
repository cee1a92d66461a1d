"""The study session: one card at a time, swapped in place by htmx.

Each route calls its steps in order: the deck and the learner's settings (``repo/decks.py``),
then the queue (``repo/queue.py``: a rating or an undo, then the view that follows), then the
template. Each shown card carries its presentation token (question id + card version);
a rating with a stale token is recorded nowhere and answered with 409 and the queue's next card.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from fsrs import Rating

from . import scheduling
from .answering import judge
from .db import get_session
from .extensions import htmx
from .models import Deck, DeckSettings
from .passages import attribution
from .repo import queue
from .repo.decks import sources_by_key
from .web import learner, now, open_deck_and_settings_or_404, or_404, presentation, render_page_or_fragment

bp = Blueprint("study", __name__, url_prefix="/decks/<slug>/study")

# The page, and the section of it that htmx swaps (counts, the card or "done", undo, shortcuts).
PAGE, SECTION = "study/session.html", "study/_study.html"


def _section(deck: Deck, settings: DeckSettings, moment: datetime, *, status: int = 200,
             shown: queue.Presentation | None = None, **context):
    """The study section (the whole page without htmx): ``shown``, else the queue's next card."""
    view = queue.study_view(learner(), deck, moment, settings=settings, shown=shown, session=get_session(),
                            learn_ahead=timedelta(minutes=current_app.config["LEARN_AHEAD_MINUTES"]))
    return render_page_or_fragment(PAGE, SECTION, status=status, deck=deck, view=view, **context)


@bp.get("", endpoint="session")
def session_page(slug: str):
    deck, settings = open_deck_and_settings_or_404(slug)
    # (after a plain-form undo: that card again)
    return _section(deck, settings, now(), shown=presentation(deck, request.args.get("question", type=int)))


@bp.get("/<int:question_id>/answer")
def answer(slug: str, question_id: int):
    deck, settings = open_deck_and_settings_or_404(slug)
    user, session, moment = learner(), get_session(), now()
    shown = or_404(presentation(deck, question_id))
    choice = request.args.get("choice", type=int)
    verdict = judge(shown.question, given=request.args.get("given", ""), choice=choice, user_id=user.id)
    intervals = scheduling.preview(shown.fields, moment, card_id=question_id,
                                   desired_retention=settings.desired_retention)
    buttons = [(int(r), r.name, scheduling.format_interval(intervals[r]))
               for r in scheduling.RATINGS]
    return _section(deck, settings, moment, shown=shown, revealed=True, verdict=verdict,
                    version=request.args.get("v", default=shown.version, type=int), buttons=buttons,
                    choice=choice if verdict.attempted else None,
                    attribution=attribution(shown.question, sources_by_key(deck, session=session)))


def _form_int(name: str) -> int:
    value = request.form.get(name, type=int)
    if value is None:
        abort(400)
    return value


@bp.post("/rate")
def rate(slug: str):
    question_id, version, rating = _form_int("question_id"), _form_int("version"), _form_int("rating")
    if rating not in {int(r) for r in Rating}:
        abort(400)
    deck, settings = open_deck_and_settings_or_404(slug)
    user, session, moment = learner(), get_session(), now()
    status: int = 200
    notice: str | None = None
    try:
        queue.rate(user, deck, question_id, version=version, rating=rating, given=request.form.get("given", ""),
                   choice=request.form.get("choice", type=int), now=moment, settings=settings, session=session)
    except queue.NoSuchQuestion:
        abort(404)
    except queue.StaleCard:
        status, notice = 409, ("That card was already rated (in another tab, or by a repeated click); "
                               "nothing new was recorded.")
    if not htmx:
        if notice:
            flash(notice, "warning")
        return redirect(url_for("study.session", slug=slug), 303)
    return _section(deck, settings, moment, status=status, notice=notice)


@bp.post("/undo")
def undo(slug: str):
    review_id = _form_int("review_id")
    deck, settings = open_deck_and_settings_or_404(slug)
    status, notice = 200, "Rating undone."
    question_id: int | None = None
    try:
        question_id = queue.undo(learner(), deck, review_id, session=get_session())
    except queue.NothingToUndo:
        status, notice = 409, "There is nothing to undo (it was already undone)."
    if not htmx:
        flash(notice, "info" if status == 200 else "warning")
        return redirect(url_for("study.session", slug=slug, question=question_id), 303)  # (that card again)
    return _section(deck, settings, now(), status=status, shown=presentation(deck, question_id), notice=notice)


def render_next(deck: Deck, *, notice: str):
    """The study section with the queue's next card (after the shown one was suspended)."""
    _deck, settings = open_deck_and_settings_or_404(deck.slug)
    return _section(deck, settings, now(), notice=notice)
