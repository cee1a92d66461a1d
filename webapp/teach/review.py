"""Reviewing generated questions: approve, reject, edit; each item swaps itself in place.

Every decision is stored by the question's stable id and the learner deck is
written and imported again at once, so learners see exactly the approved
questions with the teacher's edits, and a rebuild finds the decisions waiting.

Beyond its wording, an edit may change a question's evidence: remove a dispute that is
false, link one the generator missed (another question's quote, whose value differs),
change who asserts the answer, and choose which quote is shown first. These are stored as
edits of the question too (``repo.teach.save_edits``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for

from quizgen.answers import same_value
from quizgen.check import question_problems, question_warnings

from ..db import get_session
from ..extensions import htmx
from ..forms import given
from ..models import Deck, QuestionReview
from ..repo import flags as flag_repo
from ..repo import teach as teach_repo
from ..services.publishing import sync_learner_deck
from ..services.storage import deck_folder, list_sources
from ..web import or_404, render_page_or_fragment
from . import bp, owned_deck_or_404
from .forms import EditQuestionForm, lines

FILTERS = ("all", "pending", "approved", "rejected", "flagged")
DECISIONS = {"approve": "approved", "reject": "rejected", "reset": "pending"}


def _titles(deck: Deck) -> dict[str, str]:
    return {source.key: source.title for source in list_sources(deck_folder(deck.slug))}


def _review_or_404(deck: Deck, review_id: int) -> QuestionReview:
    return or_404(teach_repo.get_review(deck, review_id, session=get_session()))


def _item(deck: Deck, review: QuestionReview, *, status: int = 200):
    question = teach_repo.effective(review)
    response = render_page_or_fragment("teach/review_item.html", "teach/_review_item.html", status=status,
                                       deck=deck, review=review, question=question,
                                       problems=question_problems(question), warnings=question_warnings(question),
                                       titles=_titles(deck),
                                       flags=flag_repo.flags_by_key(deck, session=get_session()))
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
    warning = request.args.get("warning", "")
    items = []
    warning_counts: Counter[str] = Counter()
    flags = flag_repo.flags_by_key(deck, session=session)
    status = None if shown in ("all", "flagged") else shown
    for review in teach_repo.current_reviews(deck, status=status, session=session):
        if shown == "flagged" and review.key not in flags:
            continue
        question = teach_repo.effective(review)
        warnings = question_warnings(question)
        kinds = {kind for kind, _message in warnings}
        warning_counts.update(kinds)
        if (warning == "none" and kinds) or (warning not in ("", "none") and warning not in kinds):
            continue
        items.append((review, question, warnings))
    return render_template("teach/review.html", deck=deck, items=items, shown=shown, filters=FILTERS,
                           warning=warning, warning_counts=sorted(warning_counts.items()),
                           counts=teach_repo.status_counts(deck, session=session),
                           clean_pending=len(_without_warnings(
                               teach_repo.current_reviews(deck, status="pending", session=session))),
                           titles=_titles(deck), problems_of=question_problems,
                           flags=flags)


def _without_warnings(reviews: list[QuestionReview]) -> list[QuestionReview]:
    return [review for review in reviews if not question_warnings(teach_repo.effective(review))]


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
    review = _review_or_404(deck, review_id)
    teach_repo.set_status([review], DECISIONS[decision], session=session)
    sync_learner_deck(deck, session=session)
    return _decided(deck, review)


def _decided(deck: Deck, review: QuestionReview, message: str | None = None):
    """The item again (htmx), or the review page at the item."""
    if htmx:
        return _item(deck, review)
    if message:
        flash(message, "success")
    return redirect(url_for("teach.review", slug=deck.slug, _anchor=f"review-{review.id}"), 303)


@bp.route("/decks/<slug>/review/approve-pending", methods=["GET", "POST"])
def approve_pending(slug: str):
    """Approve the waiting questions: those without warnings at once, all of them only once
    the teacher has confirmed (a GET, or a POST without ``confirm``, asks first)."""
    deck = owned_deck_or_404(slug)
    session = get_session()
    clean_only = request.method == "POST" and request.form.get("scope") == "clean"
    pending = teach_repo.current_reviews(deck, status="pending", session=session)
    clean = _without_warnings(pending)
    if not clean_only and (request.method == "GET" or request.form.get("confirm") != "yes"):
        return render_template("teach/approve_all.html", deck=deck, pending=len(pending), clean=len(clean))
    chosen = clean if clean_only else pending
    teach_repo.set_status(chosen, "approved", session=session)
    sync_learner_deck(deck, session=session)
    what = " without warnings" if clean_only else ""
    flash(f"Approved {len(chosen)} question{'s' if len(chosen) != 1 else ''}{what}.", "success")
    return redirect(url_for("teach.review", slug=deck.slug), 303)


@bp.route("/decks/<slug>/review/<int:review_id>/edit", methods=["GET", "POST"])
def edit(slug: str, review_id: int):
    deck = owned_deck_or_404(slug)
    session = get_session()
    review = _review_or_404(deck, review_id)
    question = teach_repo.effective(review)
    candidates = dispute_candidates(review, teach_repo.current_reviews(deck, session=session))
    form = EditQuestionForm(data={"prompt": question["prompt"], "answer": question["answer"],
                                  "accepted": "\n".join(question["accepted"]),
                                  "distractors": "\n".join(question["distractors"]),
                                  "claimant": question.get("claimant") or ""}
                            if request.method == "GET" else None)
    if form.validate_on_submit() and form.check_consistent(question["format"]):
        link = next((c for c in candidates if c.review_id == request.form.get("link_dispute", type=int)), None)
        drop = {int(i) for i in request.form.getlist("drop_dispute") if i.isdigit()}
        # (a form without the field keeps the claimant; an emptied field means the source's own voice)
        claimant = (form.claimant.data or "").strip() or None if "claimant" in request.form \
            else question.get("claimant")
        evidence = edited_evidence(question, claimant=claimant,
                                   primary=request.form.get("primary_quote", type=int), drop=drop, link=link)
        teach_repo.save_edits(review, {"prompt": given(form.prompt.data).strip(),
                                       "answer": given(form.answer.data).strip(),
                                       "accepted": lines(form.accepted.data),
                                       "distractors": lines(form.distractors.data), **evidence}, session=session)
        sync_learner_deck(deck, session=session)
        return _decided(deck, review, "Question saved and approved.")
    status = 422 if form.errors else 200
    return render_page_or_fragment("teach/edit.html", "teach/_edit_item.html", status=status,
                                   deck=deck, review=review, question=question, form=form, candidates=candidates,
                                   titles=_titles(deck))


@dataclass(frozen=True)
class Candidate:
    """Another question of the deck whose quote could dispute this one's answer."""

    review_id: int
    value: str
    claimant: str | None
    prompt: str
    quote: dict


def dispute_candidates(review: QuestionReview, others: list[QuestionReview], *, limit: int = 50) -> list[Candidate]:
    """Questions of the same kind whose value is another than this one's answer and not yet a dispute."""
    question = teach_repo.effective(review)
    taken = {(q["source"], q["start"], q["end"]) for q in [*question["evidence"], *question["disputed_by"]]}
    found = []
    for other in others:
        if other.id is None or other.id == review.id:
            continue
        theirs = teach_repo.effective(other)
        if theirs["kind"] != question["kind"] or not theirs.get("evidence"):
            continue
        quote = theirs["evidence"][0]
        if (quote["source"], quote["start"], quote["end"]) in taken or \
                same_value(quote["value"], question["answer"], question["kind"]):
            continue
        found.append(Candidate(other.id, quote["value"], quote.get("claimant") or theirs.get("claimant"),
                               theirs["prompt"], quote))
    return found[:limit]


def edited_evidence(question: dict, *, claimant: str | None, primary: int | None, drop: set[int],
                    link: Candidate | None) -> dict:
    """The evidence fields after the teacher's changes: ``claimant`` (None: the source's own voice),
    the quote at index ``primary`` first, the disputes at indexes ``drop`` removed, ``link`` added."""
    evidence = [dict(quote) for quote in question["evidence"]]
    if primary is not None and 0 < primary < len(evidence):
        evidence.insert(0, evidence.pop(primary))
    if evidence and claimant != (question.get("claimant") or None):
        evidence[0]["claimant"] = claimant
    disputes = [dict(quote) for index, quote in enumerate(question["disputed_by"]) if index not in drop]
    if link is not None:
        disputes.append({**link.quote, "claimant": link.claimant})
    return {"claimant": claimant, "evidence": evidence, "disputed_by": disputes}
