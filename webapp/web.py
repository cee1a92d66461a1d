"""Helpers shared by the blueprints: the clock, the current learner, page-or-fragment
rendering, and the template filters (the card back's and the teacher pages' wording: a source's
kind only when its title does not already say it, a claimant's leading article in lower case
mid-sentence, counts with the right number)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, make_response, render_template
from flask_login import current_user
from markupsafe import Markup, escape

from . import scheduling
from .db import get_session
from .extensions import htmx
from .models import SUSPENDED, Card, Deck, DeckSettings, User
from .repo.decks import get_open_deck, get_settings, open_deck_with_settings
from .repo.queue import Counts, Presentation, present_by_id, study_view

T = TypeVar("T")


def now() -> datetime:
    """The current time, from the configured clock (tests set ``CLOCK`` to travel in time)."""
    moment = current_app.config["CLOCK"]()
    if moment.tzinfo is None:
        raise ValueError("CLOCK must return an aware datetime")
    return moment.astimezone(UTC)


def learner() -> User:
    """The logged-in user (``security`` lets nobody else reach a view)."""
    return current_user._get_current_object()


def or_404(found: T | None) -> T:
    """``found``, or the "not found" page when there is nothing."""
    if found is None:
        abort(404)
    return found


def open_deck_or_404(slug: str) -> Deck:
    return or_404(get_open_deck(slug, learner(), session=get_session()))


def open_deck_and_settings_or_404(slug: str) -> tuple[Deck, DeckSettings]:
    """The deck and the learner's settings for it, read in one statement (the study and settings pages)."""
    return or_404(open_deck_with_settings(slug, learner(), session=get_session()))


def presentation(deck: Deck, question_id: int | None) -> Presentation | None:
    """The deck's active question ``question_id`` with the learner's card (None: no such question)."""
    return present_by_id(learner(), deck, question_id, session=get_session()) if question_id else None


def with_counts(decks: list[Deck]) -> list[tuple[Deck, Counts]]:
    """Each deck with the learner's counts for today, by their settings for it (deck list, class page):
    new cards left today, learning cards due today, review cards left today."""
    user, session, moment = learner(), get_session(), now()
    return [(deck, study_view(user, deck, moment, settings=get_settings(user, deck, session=session),
                              learn_ahead=None, session=session).counts)
            for deck in decks]


def render_page_or_fragment(page: str, fragment: str, *, status: int = 200,
                            **context: Any) -> Response:
    """The fragment for an htmx request, else the full page that includes the same fragment."""
    template = fragment if htmx else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


BLANK = re.compile(r"_{3,}")
_LEADING_THE = re.compile(r"^The(?=\s)")
_LOWER_WORD = re.compile(r"\s[a-z]")


def cloze(prompt: str) -> Markup:
    """The prompt with its run of underscores shown as a blank that screen readers announce."""
    pieces = BLANK.split(prompt)
    blank = Markup('<span class="blank" role="img" aria-label="blank">_____</span>')
    return blank.join(escape(piece) for piece in pieces)


def card_state(card: Card | None) -> str:
    """What a learner's card is called on the pages ("new" before its first rating)."""
    if card is not None and card.state == SUSPENDED:
        return "suspended"
    return scheduling.STATE_NAMES.get(card.state if card is not None else scheduling.NEW, "new")


def kind_note(title: str, kind: str | None) -> str:
    """The source's kind, or "" when the title already names it ("… (encyclopedia article)")."""
    if not kind or kind.casefold() in title.casefold():
        return ""
    return kind


def mid_sentence(claimant: str) -> str:
    """``claimant`` as it reads after "according to": "The Armenian authorities" becomes
    "the Armenian authorities", while a name that is all capitals ("The Guardian",
    "The New York Times") keeps its article."""
    if _LEADING_THE.match(claimant) and _LOWER_WORD.search(claimant):
        return "the" + claimant[3:]
    return claimant


def wrong_count(wrong: int, answers: int) -> str:
    """'wrong 2 of 3 times'; one answer reads 'wrong the one time it was answered'."""
    if answers == 1:
        return "wrong the one time it was answered" if wrong else "right the one time it was answered"
    return f"wrong {wrong} of {answers} times"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["cloze"] = cloze
    app.jinja_env.filters["kind_note"] = kind_note
    app.jinja_env.filters["mid_sentence"] = mid_sentence
    app.jinja_env.globals["wrong_count"] = wrong_count
    app.jinja_env.globals["card_state"] = card_state
