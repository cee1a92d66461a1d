"""Deck list with today's counts, per-deck settings, and the source viewer."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .db import get_session
from .forms import DeckSettingsForm, given
from .passages import passage_view
from .repo import decks as deck_repo
from .web import learner, open_deck_and_settings_or_404, open_deck_or_404, or_404, render_page_or_fragment, with_counts

bp = Blueprint("decks", __name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("welcome.html")
    rows = with_counts(deck_repo.open_decks(learner(), session=get_session()))
    return render_page_or_fragment("decks/index.html", "decks/_deck_list.html", rows=rows)


@bp.route("/decks/<slug>/settings", methods=["GET", "POST"])
def settings(slug: str):
    session = get_session()
    deck, current = open_deck_and_settings_or_404(slug)
    form = DeckSettingsForm(obj=current)
    if form.validate_on_submit():
        deck_repo.save_settings(current, new_per_day=given(form.new_per_day.data),
                                reviews_per_day=given(form.reviews_per_day.data),
                                desired_retention=float(given(form.desired_retention.data)), session=session)
        flash(f"Settings for {deck.title} saved.", "success")
        return redirect(url_for("decks.settings", slug=deck.slug), 303)
    return render_template("decks/settings.html", deck=deck, form=form), 200 if not form.errors else 422


@bp.get("/decks/<slug>/sources/<key>")
def source(slug: str, key: str):
    """A source document, opened at a passage (``start``/``end`` offsets) that is highlighted."""
    deck = open_deck_or_404(slug)
    doc = or_404(deck_repo.get_source(deck, key, session=get_session()))
    start = request.args.get("start", type=int)
    end = request.args.get("end", type=int)
    if start is None or end is None or not 0 <= start < end <= len(doc.text):
        start = end = 0
    whole = request.args.get("whole") == "1" or end == 0
    paragraphs = passage_view(doc.text, start, end, context=None if whole else 3)
    return render_page_or_fragment("decks/source.html", "decks/_passage.html", deck=deck, source=doc,
                                   paragraphs=paragraphs, start=start, end=end, whole=whole)
