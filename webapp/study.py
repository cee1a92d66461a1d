"""The study session: one card at a time, swapped in place by htmx.

GET  /decks/<slug>/study                       the next card's front (or "done")
GET  /decks/<slug>/study/<question>/answer     the back: verdict, answer, attribution, ratings
POST /decks/<slug>/study/rate                  record a rating, then the next card
POST /decks/<slug>/study/undo                  undo the latest rating, then that card again

Each shown card carries its presentation token (question id + card version);
a rating with a stale token is recorded nowhere and answered with 409.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from fsrs import Rating

from quizgen.deck import value_span

from . import scheduling
from .answering import is_multiple_choice, judge, options
from .db import get_session
from .extensions import htmx
from .models import Deck, DeckSettings, Question
from .passages import highlight
from .repo import queue
from .repo.decks import open_deck_with_settings, sources_by_key
from .web import learner, now, or_404, render_page_or_fragment

bp = Blueprint("study", __name__, url_prefix="/decks/<slug>/study")


def _deck_and_settings(slug: str) -> tuple[Deck, DeckSettings]:
    return or_404(open_deck_with_settings(slug, learner(), session=get_session()))


def _shown(deck: Deck, question_id: int) -> queue.Presentation | None:
    """The deck's active question ``question_id`` with the learner's card."""
    return queue.present_by_id(learner(), deck, question_id, session=get_session())


def _learn_ahead() -> timedelta:
    return timedelta(minutes=current_app.config["LEARN_AHEAD_MINUTES"])


def _view(deck: Deck, settings: DeckSettings, shown: queue.Presentation | None = None) -> queue.StudyView:
    """Counts, undo and the card now: ``shown``, or else the next card of the queue."""
    return queue.study_view(learner(), deck, now(), settings=settings, shown=shown, learn_ahead=_learn_ahead(),
                            session=get_session())


def _render(deck: Deck, view: queue.StudyView, *, status: int = 200,
            notice: str | None = None, **extra: Any):
    user, shown = learner(), view.shown
    context: dict[str, Any] = {
        "deck": deck, "shown": shown, "notice": notice, "counts": view.counts, "last": view.last,
        "options": None, "come_back_at": None, **extra,
    }
    if shown is not None and is_multiple_choice(shown.question):
        context["options"] = options(shown.question, user.id)
    if shown is None and view.learning_due_next is not None:
        context["come_back_at"] = view.learning_due_next.astimezone(scheduling.zone(user.timezone))
    return render_page_or_fragment("study/session.html", "study/_study.html", status=status, **context)


@bp.get("", endpoint="session")
def session_page(slug: str):
    deck, settings = _deck_and_settings(slug)
    question_id = request.args.get("question", type=int)  # (after a plain-form undo: that card again)
    return _render(deck, _view(deck, settings, _shown(deck, question_id) if question_id else None))


@bp.get("/<int:question_id>/answer")
def answer(slug: str, question_id: int):
    deck, settings = _deck_and_settings(slug)
    user, shown = learner(), or_404(_shown(deck, question_id))
    question = shown.question
    version = request.args.get("v", default=shown.version, type=int)
    choice = request.args.get("choice", type=int)
    verdict = judge(question, given=request.args.get("given", ""), choice=choice, user_id=user.id)
    intervals = scheduling.preview(shown.fields, now(), card_id=question_id,
                                   desired_retention=settings.desired_retention)
    buttons = [(int(r), scheduling.RATING_LABELS[r], scheduling.format_interval(intervals[r]))
               for r in scheduling.RATINGS]
    return _render(deck, _view(deck, settings, shown), revealed=True, verdict=verdict, version=version,
                   buttons=buttons, choice=choice if verdict.attempted else None,
                   attribution=_attribution(deck, question))


def _attribution(deck: Deck, question: Question) -> dict[str, list[dict]]:
    """Evidence and disputes with their sources, quotes split for highlighting, and links.

    A passage is quoted once: an agreeing quote that repeats an earlier one is left out,
    and a dispute drawn from a passage already quoted (one sentence giving two claimants'
    figures) names its value and claimant and points back instead of quoting it again.
    """
    sources = sources_by_key(deck, session=get_session())

    def entry(quote: dict, shown: set[tuple]) -> dict:
        source = sources.get(quote["source"])
        place = (quote["source"], quote["start"], quote["end"])
        repeats = place in shown
        shown.add(place)
        return {
            "source": source, "claimant": quote.get("claimant"), "value": quote["value"], "repeats": repeats,
            "citation": quote.get("citation"),
            "pieces": highlight(quote["exact"], value_span(quote)),
            "url": url_for("decks.source", slug=deck.slug, key=quote["source"], start=quote["start"],
                           end=quote["end"], _anchor="passage") if source else None,
        }

    shown: set[tuple] = set()
    evidence = [e for e in (entry(q, shown) for q in question.evidence) if not e["repeats"]]
    return {"evidence": evidence, "disputes": [entry(q, shown) for q in question.disputed_by]}


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
    deck, settings = _deck_and_settings(slug)
    try:
        view = queue.rate(learner(), deck, question_id, version=version, rating=rating,
                          given=request.form.get("given", ""), choice=request.form.get("choice", type=int),
                          now=now(), settings=settings, learn_ahead=_learn_ahead(), session=get_session())
    except queue.NoSuchQuestion:
        abort(404)
    except queue.StaleCard:
        return _stale(deck, settings, "That card was already rated (in another tab, or by a repeated click); "
                                      "nothing new was recorded.")
    if htmx:
        return _render(deck, view)
    return redirect(url_for("study.session", slug=slug), 303)


@bp.post("/undo")
def undo(slug: str):
    review_id = _form_int("review_id")
    deck, settings = _deck_and_settings(slug)
    try:
        view = queue.undo(learner(), deck, review_id, now=now(), settings=settings, learn_ahead=_learn_ahead(),
                          session=get_session())
    except queue.NothingToUndo:
        return _stale(deck, settings, "There is nothing to undo (it was already undone).")
    if htmx:
        return _render(deck, view, notice="Rating undone.")
    flash("Rating undone.", "info")
    question_id = view.shown.question.id if view.shown else None  # (that card again)
    return redirect(url_for("study.session", slug=slug, question=question_id), 303)


def render_next(deck: Deck, *, notice: str):
    """The study section with the queue's next card (after the shown one was suspended)."""
    _deck, settings = _deck_and_settings(deck.slug)
    return _render(deck, _view(deck, settings), notice=notice)


def _stale(deck: Deck, settings: DeckSettings, message: str):
    """The card or rating had changed and nothing was written: say so beside the queue's next card."""
    if htmx:
        return _render(deck, _view(deck, settings), status=409, notice=message)
    flash(message, "warning")
    return redirect(url_for("study.session", slug=deck.slug), 303)
