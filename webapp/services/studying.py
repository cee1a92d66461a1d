"""A rating and its undo, each one trip from the request's values to the page that follows.

The study view (``study.py``) reads the form and renders; what happens in between
is here, in order: the deck with the learner's settings (``repo/decks``), the
write (``repo/reviews``), then what the page shows next (``repo/queue``). Each
repository is entered once, and the caller gets back all it renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import werkzeug.exceptions
from sqlmodel import Session

from ..models import Deck, DeckSettings, User
from ..repo import queue, reviews
from ..repo.decks import open_deck_with_settings


class NotFound(werkzeug.exceptions.NotFound):
    """No deck the learner may open by that name, or no active question of it by that id (the
    request that asked gets the "not found" page)."""


@dataclass(frozen=True)
class Outcome:
    deck: Deck
    done: bool                      # False: the card or rating had changed, and nothing was written
    view: queue.StudyView | None    # the page that follows (None when not asked for)


def _open(user: User, slug: str, *, session: Session) -> tuple[Deck, DeckSettings]:
    found = open_deck_with_settings(slug, user, session=session)
    if found is None:
        raise NotFound()
    return found


def rate(user: User, slug: str, question_id: int, *, version: int, rating: int, given: str,
         choice: int | None, now: datetime, learn_ahead: timedelta | None, session: Session) -> Outcome:
    """Record the learner's rating of the card they saw at ``version``, then (``learn_ahead`` not
    None) the study view with the queue's next card."""
    deck, settings = _open(user, slug, session=session)
    done = True
    try:
        reviews.record_review(user, deck, question_id, version=version, rating=rating, given=given,
                              choice=choice, now=now, settings=settings, session=session)
    except reviews.NoSuchQuestion:
        raise NotFound() from None
    except reviews.StaleCard:
        done = False
    view = (queue.study_view(user, deck, now, settings=settings, learn_ahead=learn_ahead, session=session)
            if learn_ahead is not None else None)
    return Outcome(deck, done, view)


def undo(user: User, slug: str, review_id: int, *, now: datetime, learn_ahead: timedelta | None,
         session: Session) -> tuple[Outcome, int | None]:
    """Undo the learner's latest rating if it is ``review_id``; then (``learn_ahead`` not None) the
    study view showing that card again, or the queue's next card when there was nothing to undo.
    Also returns the undone rating's question id."""
    deck, settings = _open(user, slug, session=session)
    try:
        question = reviews.undo_review(user, deck, review_id, session=session)
    except reviews.NothingToUndo:
        question = None
    view = (queue.study_view(user, deck, now, settings=settings, learn_ahead=learn_ahead, shown=question,
                             session=session) if learn_ahead is not None else None)
    return Outcome(deck, question is not None, view), question.id if question else None
