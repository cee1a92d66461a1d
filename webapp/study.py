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

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for
from flask_login import login_required
from fsrs import Rating

from . import scheduling
from .answering import Judgement, is_multiple_choice, judge, options
from .auth import USER_LOADERS
from .db import READS_OUTSIDE_TRANSACTIONS, get_session
from .passages import highlight
from .repo import reviews
from .repo.decks import DeckRow, StudyLimits, get_question, signed_in_with_open_deck, sources_by_key
from .repo.users import SignedIn
from .web import learner, now, render_page_or_fragment

bp = Blueprint("study", __name__, url_prefix="/decks/<slug>/study")


@bp.before_request
@login_required
def _login_first() -> None:
    return None


def _load_learner_with_deck(user_id: int) -> SignedIn | None:
    """Flask-Login's user loader on these pages: the learner, and the deck of the address with
    their limits (kept for ``_open_deck_with_limits``), in one statement; on a rating, the same
    statement reads the card being rated too (kept for ``rate``)."""
    slug, session = (request.view_args or {})["slug"], get_session()
    question_id = request.form.get("question_id", type=int) if request.endpoint == "study.rate" else None
    if question_id is None:
        user, g.study_deck = signed_in_with_open_deck(user_id, slug, session=session)
    else:
        user, g.study_deck, shown = reviews.signed_in_with_card_to_rate(user_id, slug, question_id, session=session)
        g.card_to_rate = (question_id, shown)
    return user


USER_LOADERS[bp.name] = _load_learner_with_deck
READS_OUTSIDE_TRANSACTIONS.add(bp.name)  # its writes: record_review (one statement), undo_review (atomic)


def _open_deck_with_limits(slug: str) -> tuple[DeckRow, StudyLimits]:
    if "study_deck" not in g:  # the user was loaded some other way
        _user, g.study_deck = signed_in_with_open_deck(learner().id, slug, session=get_session())
    found = g.study_deck
    if found is None:
        abort(404)
    return found


def _view(deck: DeckRow, shown: reviews.Presentation | None = None, *,
          settings: StudyLimits | None = None) -> reviews.StudyView:
    """Counts, undo and the card: ``shown``, or else the next card of the queue."""
    learn_ahead = timedelta(minutes=current_app.config["LEARN_AHEAD_MINUTES"])
    return reviews.study_view(learner(), deck, now(), shown=shown, learn_ahead=learn_ahead,
                              settings=settings, session=get_session())


def _render(deck: DeckRow, view: reviews.StudyView, *, status: int = 200,
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
    deck, settings = _open_deck_with_limits(slug)
    question_id = request.args.get("question", type=int)
    question = get_question(deck, question_id, session=get_session()) if question_id else None
    shown = reviews.present(learner(), question, session=get_session()) if question else None
    return _render(deck, _view(deck, shown, settings=settings))


@bp.get("/<int:question_id>/answer")
def answer(slug: str, question_id: int):
    deck, settings = _open_deck_with_limits(slug)
    user, session = learner(), get_session()
    question = get_question(deck, question_id, session=session)
    if question is None:
        abort(404)
    shown = reviews.present(user, question, session=session)
    version = request.args.get("v", default=shown.version, type=int)
    choice = request.args.get("choice", type=int)
    verdict = judge(question, given=request.args.get("given", ""), choice=choice, user_id=user.id)
    intervals = scheduling.preview(shown.fields, now(), card_id=question_id,
                                   desired_retention=settings.desired_retention)
    buttons = [(int(r), scheduling.RATING_LABELS[r], scheduling.format_interval(intervals[r]))
               for r in scheduling.RATINGS]
    return _render(deck, _view(deck, shown, settings=settings), revealed=True, verdict=verdict, version=version,
                   buttons=buttons, choice=choice if verdict.attempted else None,
                   attribution=_attribution(deck, question))


def _attribution(deck: DeckRow, question) -> dict[str, list[dict]]:
    """Evidence and disputes with their sources, quotes split for highlighting, and links."""
    sources = sources_by_key(deck, session=get_session())

    def entry(quote: dict) -> dict:
        source = sources.get(quote["source"])
        return {
            "source": source, "claimant": quote.get("claimant"), "value": quote["value"],
            "citation": quote.get("citation"),
            "pieces": highlight(quote["exact"], quote["value"]),
            "url": url_for("decks.source", slug=deck.slug, key=quote["source"], start=quote["start"],
                           end=quote["end"], _anchor="passage") if source else None,
        }

    return {"evidence": [entry(q) for q in question.evidence],
            "disputes": [entry(q) for q in question.disputed_by]}


def _form_int(name: str) -> int:
    value = request.form.get(name, type=int)
    if value is None:
        abort(400)
    return value


@bp.post("/rate")
def rate(slug: str):
    deck, settings = _open_deck_with_limits(slug)
    user, session = learner(), get_session()
    question_id, version, rating = _form_int("question_id"), _form_int("version"), _form_int("rating")
    if rating not in {int(r) for r in Rating}:
        abort(400)
    read_id, shown = g.get("card_to_rate", (None, None))
    if read_id != question_id:  # the user was loaded some other way
        shown = reviews.present_in_deck(user, deck, question_id, session=session)
    if shown is None:
        abort(404)
    verdict: Judgement = judge(shown.question, given=request.form.get("given", ""),
                               choice=request.form.get("choice", type=int), user_id=user.id)
    try:
        reviews.record_review(user, deck, question_id, version=version, rating=rating, now=now(),
                              answer_given=verdict.given or None, correct=verdict.correct,
                              settings=settings, shown=shown, session=session)
    except reviews.StaleCard:
        return _stale(deck, settings, "That card was already rated (in another tab, or by a repeated click); "
                            "nothing new was recorded.")
    if request.headers.get("HX-Request") == "true":
        return _render(deck, _view(deck, settings=settings))
    return redirect(url_for("study.session", slug=deck.slug), 303)


@bp.post("/undo")
def undo(slug: str):
    deck, settings = _open_deck_with_limits(slug)
    try:
        question = reviews.undo_review(learner(), deck, _form_int("review_id"), session=get_session())
    except reviews.NothingToUndo:
        return _stale(deck, settings, "There is nothing to undo (it was already undone).")
    if request.headers.get("HX-Request") == "true":
        return _render(deck, _view(deck, reviews.present(learner(), question, session=get_session()),
                                   settings=settings),
                       notice="Rating undone.")
    flash("Rating undone.", "info")
    return redirect(url_for("study.session", slug=deck.slug, question=question.id), 303)


def _stale(deck: DeckRow, settings: StudyLimits, message: str):
    if request.headers.get("HX-Request") == "true":
        return _render(deck, _view(deck, settings=settings), status=409, notice=message)
    flash(message, "warning")
    return redirect(url_for("study.session", slug=deck.slug), 303)
