"""Reviewing generated questions: approve, reject, edit; each item swaps itself in place.

Every decision is stored by the question's stable id and the learner deck is
written and imported again at once, so learners see exactly the approved
questions with the teacher's edits, and a rebuild finds the decisions waiting.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from quizgen.check import question_problems

from ..db import get_session
from ..extensions import htmx
from ..forms import given
from ..models import Deck, QuestionReview
from ..repo import teach as teach_repo
from ..services.publishing import sync_learner_deck
from ..web import render_page_or_fragment
from . import bp, owned_deck_or_404
from .forms import EditQuestionForm, lines

FILTERS = ("all", "pending", "approved", "rejected")
DECISIONS = {"approve": "approved", "reject": "rejected", "reset": "pending"}


def _review_or_404(deck: Deck, review_id: int) -> QuestionReview:
    review = teach_repo.get_review(deck, review_id, session=get_session())
    if review is None:
        abort(404)
    return review


def _item(deck: Deck, review: QuestionReview, *, status: int = 200):
    question = teach_repo.effective(review)
    response = render_page_or_fragment("teach/review_item.html", "teach/_review_item.html", status=status,
                                       deck=deck, review=review, question=question,
                                       problems=question_problems(question))
    if htmx:
        # The counts in the page header follow every decision.
        response.headers["HX-Trigger"] = "review-changed"
    return response


@bp.get("/decks/<slug>/review")
def review(slug: str):
    deck = owned_deck_or_404(slug)
    session = get_session()
    shown = request.args.get("status", "all")
    if shown not in FILTERS:
        shown = "all"
    items = [(r, teach_repo.effective(r))
             for r in teach_repo.current_reviews(deck, status=None if shown == "all" else shown,
                                                 session=session)]
    return render_template("teach/review.html", deck=deck, items=items, shown=shown, filters=FILTERS,
                           counts=teach_repo.status_counts(deck, session=session),
                           problems_of=question_problems)


@bp.get("/decks/<slug>/review/counts")
def review_counts(slug: str):
    deck = owned_deck_or_404(slug)
    return render_template("teach/_review_counts.html", deck=deck,
                           counts=teach_repo.status_counts(deck, session=get_session()))


@bp.get("/decks/<slug>/review/<int:review_id>")
def review_item(slug: str, review_id: int):
    deck = owned_deck_or_404(slug)
    return _item(deck, _review_or_404(deck, review_id))


@bp.post("/decks/<slug>/review/<int:review_id>/<any(approve, reject, reset):decision>")
def decide(slug: str, review_id: int, decision: str):
    deck = owned_deck_or_404(slug)
    session = get_session()
    review = teach_repo.set_status(_review_or_404(deck, review_id), DECISIONS[decision], session=session)
    sync_learner_deck(deck, session=session)
    if htmx:
        return _item(deck, review)
    return redirect(url_for("teach.review", slug=deck.slug, _anchor=f"review-{review.id}"), 303)


@bp.post("/decks/<slug>/review/approve-pending")
def approve_pending(slug: str):
    deck = owned_deck_or_404(slug)
    session = get_session()
    number = teach_repo.approve_pending(deck, session=session)
    sync_learner_deck(deck, session=session)
    flash(f"Approved {number} question{'s' if number != 1 else ''}.", "success")
    return redirect(url_for("teach.review", slug=deck.slug), 303)


@bp.route("/decks/<slug>/review/<int:review_id>/edit", methods=["GET", "POST"])
def edit(slug: str, review_id: int):
    deck = owned_deck_or_404(slug)
    session = get_session()
    review = _review_or_404(deck, review_id)
    question = teach_repo.effective(review)
    form = EditQuestionForm(data={"prompt": question["prompt"], "answer": question["answer"],
                                  "accepted": "\n".join(question["accepted"]),
                                  "distractors": "\n".join(question["distractors"])}
                            if request.method == "GET" else None)
    if form.validate_on_submit() and form.check_consistent(question["format"]):
        teach_repo.save_edits(review, {"prompt": given(form.prompt.data).strip(),
                                       "answer": given(form.answer.data).strip(),
                                       "accepted": lines(form.accepted.data),
                                       "distractors": lines(form.distractors.data)}, session=session)
        # Editing a question is reviewing it: the edited version is what learners get.
        teach_repo.set_status(review, "approved", session=session)
        sync_learner_deck(deck, session=session)
        if htmx:
            return _item(deck, review)
        flash("Question saved and approved.", "success")
        return redirect(url_for("teach.review", slug=deck.slug, _anchor=f"review-{review.id}"), 303)
    status = 422 if form.errors else 200
    return render_page_or_fragment("teach/edit.html", "teach/_edit_item.html", status=status,
                                   deck=deck, review=review, question=question, form=form)
