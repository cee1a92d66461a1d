"""A teacher's own question, with evidence picked from a source of the built deck.

The passage is given by offsets into the source text (the page fills them in
from the teacher's selection) and must match the quoted text exactly, the same
contract every generated question keeps: ``exact == text[start:end]``.
"""

from __future__ import annotations

import hashlib

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3; types-WTForms is at 3.2

from quizgen.check import question_problems
from quizgen.deck import make_evidence, read_source_text
from quizgen.errors import QuizgenError

from ..db import get_session
from ..forms import given
from ..models import Deck
from ..repo import teach as teach_repo
from ..services.publishing import generated_deck, sync_learner_deck
from ..services.storage import GENERATED_FILE, deck_folder
from . import bp, owned_deck_or_404
from .forms import OwnQuestionForm, lines


def built_sources(deck: Deck) -> tuple[list[dict], dict[str, str]]:
    """The sources of the latest build and their texts (as the build read them)."""
    folder = deck_folder(deck.slug)
    generated = generated_deck(folder)
    if generated is None:
        return [], {}
    texts = {}
    for source in generated["sources"]:
        try:
            texts[source["id"]] = read_source_text(folder / GENERATED_FILE, source)
        except QuizgenError:
            continue  # changed or removed since the build: not citable until the next build
    return [s for s in generated["sources"] if s["id"] in texts], texts


def _question(form: OwnQuestionForm, text: str) -> dict:
    start, end = given(form.start.data), given(form.end.data)
    prompt, answer = given(form.prompt.data).strip(), given(form.answer.data).strip()
    value = (form.value.data or answer).strip()
    claimant = (form.claimant.data or "").strip() or None
    identity = "\n".join([form.source.data, str(start), str(end), prompt, answer])
    return {
        "id": "t-" + hashlib.sha256(identity.encode()).hexdigest()[:16],
        "kind": form.kind.data, "format": form.format.data,
        "prompt": prompt, "answer": answer,
        "accepted": lines(form.accepted.data), "distractors": lines(form.distractors.data),
        "evidence": [make_evidence(form.source.data, text, start, end, start + text[start:end].index(value), value,
                                   claimant)],
        "disputed_by": [], "claimant": claimant, "tags": ["teacher"],
    }


def _passage_errors(form: OwnQuestionForm, text: str) -> bool:
    start, end = given(form.start.data), given(form.end.data)
    if not 0 <= start < end <= len(text):
        form.exact.errors = [f"The passage must lie inside the source (0 to {len(text)})."]
    elif text[start:end] != given(form.exact.data).replace("\r\n", "\n"):
        form.exact.errors = ["The quoted passage does not match the source at those offsets. "
                             "Select it again in the source text."]
    elif (form.value.data or given(form.answer.data)).strip() not in text[start:end]:
        form.value.errors = ["The answer as written must appear inside the quoted passage."]
    return bool(form.exact.errors or form.value.errors)


@bp.route("/decks/<slug>/questions/new", methods=["GET", "POST"])
def new_question(slug: str):
    deck = owned_deck_or_404(slug)
    session = get_session()
    sources, texts = built_sources(deck)
    if not sources:
        flash("Build the deck first: your own questions quote the sources of the latest build.", "warning")
        return redirect(url_for("teach.deck", slug=deck.slug), 303)
    form = OwnQuestionForm()
    form.source.choices = [SelectChoice(s["id"], s["title"]) for s in sources]
    if request.method == "GET" and request.args.get("source") in texts:
        form.source.data = request.args["source"]
    problems: list[str] = []
    if form.validate_on_submit() and form.check_consistent(form.format.data) \
            and not _passage_errors(form, texts[form.source.data]):
        question = _question(form, texts[form.source.data])
        problems = question_problems(question)
        if teach_repo.get_review_by_key(deck, question["id"], session=session) is not None:
            problems.append("This deck already has that question.")
        if not problems:
            teach_repo.add_own_question(deck, question, session=session)
            sync_learner_deck(deck, session=session)
            flash("Your question was added and approved.", "success")
            return redirect(url_for("teach.review", slug=deck.slug, status="approved"), 303)
    chosen = form.source.data or sources[0]["id"]
    status = 422 if (form.errors or problems) else 200
    return render_template("teach/new_question.html", deck=deck, form=form, problems=problems,
                           source=next(s for s in sources if s["id"] == chosen), text=texts[chosen]), status


@bp.get("/decks/<slug>/questions/source/<key>")
def source_text(slug: str, key: str):
    """The text of one built source, for picking a passage (an htmx partial)."""
    deck = owned_deck_or_404(slug)
    sources, texts = built_sources(deck)
    if key not in texts:
        abort(404)
    return render_template("teach/_source_picker.html", source=next(s for s in sources if s["id"] == key),
                           text=texts[key])
