"""Teachers' decks: the decks they own, review decisions on their questions, build jobs."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import delete as sa_delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ..models import ACTIVE_BUILD, BuildJob, Deck, QuestionReview, User, utc_now

EDITABLE = ("prompt", "answer", "accepted", "distractors", "claimant", "evidence", "disputed_by")
FINISHED_BUILD = ("done", "failed", "cancelled")


class BuildRunning(RuntimeError):
    """A build of this deck is already under way."""


# --- decks -------------------------------------------------------------------

def create_deck(owner: User, title: str, slug: str, *, session: Session) -> Deck:
    deck = Deck(slug=slug, title=title, visibility="private", owner_id=owner.id)
    session.add(deck)
    session.commit()
    return deck


def owned_decks(owner: User, *, session: Session) -> list[Deck]:
    return list(session.exec(select(Deck).where(Deck.owner_id == owner.id).order_by(Deck.title)))


def get_owned_deck(slug: str, owner: User, *, session: Session) -> Deck | None:
    return session.exec(select(Deck).where(Deck.slug == slug, Deck.owner_id == owner.id)).first()


def rename_deck(deck: Deck, title: str, *, session: Session) -> None:
    deck.title = title
    session.add(deck)
    session.commit()


def delete_deck(deck: Deck, *, session: Session) -> None:
    """Delete the deck; the database removes what belongs to it (ON DELETE CASCADE)."""
    session.execute(sa_delete(Deck).where(col(Deck.id) == deck.id))
    session.commit()


def slug_taken(slug: str, *, session: Session) -> bool:
    return session.exec(select(Deck.id).where(Deck.slug == slug)).first() is not None


# --- review ------------------------------------------------------------------

def effective(review: QuestionReview) -> dict:
    """The question as learners will get it: the generated one with the teacher's edits."""
    return {**review.generated, **review.edits}


def record_build(deck: Deck, questions: list[dict], *, session: Session) -> tuple[int, int]:
    """Remember a build's questions; decisions on known ids stay. Returns (new, dropped)."""
    reviews = {r.key: r for r in session.exec(select(QuestionReview).where(QuestionReview.deck_id == deck.id))}
    new = 0
    for position, question in enumerate(questions):
        review = reviews.pop(question["id"], None)
        if review is None:
            review = QuestionReview(deck_id=deck.id, key=question["id"])
            new += 1
        review.generated, review.in_build, review.position = question, True, position
        session.add(review)
    dropped = 0
    for review in reviews.values():
        if review.origin == "generated" and review.in_build:
            review.in_build = False
            session.add(review)
            dropped += 1
    session.commit()
    return new, dropped


def current_reviews(deck: Deck, *, status: str | None = None, session: Session) -> list[QuestionReview]:
    """The deck's questions under review: the latest build's and the teacher's own."""
    query = select(QuestionReview).where(QuestionReview.deck_id == deck.id,
                                         QuestionReview.in_build == True)  # noqa: E712
    if status:
        query = query.where(QuestionReview.status == status)
    return list(session.exec(query.order_by(QuestionReview.origin, col(QuestionReview.position),
                                            QuestionReview.key)))


def status_counts(deck: Deck, *, session: Session) -> dict[str, int]:
    statuses = Counter(review.status for review in current_reviews(deck, session=session))
    return {"pending": 0, "approved": 0, "rejected": 0, **statuses}


def approved_questions(deck: Deck, *, session: Session) -> list[dict]:
    return [effective(r) for r in current_reviews(deck, status="approved", session=session)]


def get_review(deck: Deck, review_id: int, *, session: Session) -> QuestionReview | None:
    review = session.get(QuestionReview, review_id)
    return review if review is not None and review.deck_id == deck.id and review.in_build else None


def set_status(reviews: list[QuestionReview], status: str, *, session: Session) -> None:
    for review in reviews:
        review.status, review.updated_at = status, utc_now()
        session.add(review)
    session.commit()


def save_edits(review: QuestionReview, changes: dict, *, session: Session) -> None:
    """Keep only the fields that differ from the generated question, so a revert clears the edit.
    Editing a question is reviewing it: the edited version is approved, and is what learners get."""
    edits = {name: value for name, value in changes.items()
             if name in EDITABLE and value != review.generated.get(name)}
    review.edits, review.status, review.updated_at = edits, "approved", utc_now()
    session.add(review)
    session.commit()


def add_own_question(deck: Deck, question: dict, *, session: Session) -> None:
    """The teacher's own question, after the deck's others, approved: writing it is reviewing it."""
    position = len(current_reviews(deck, session=session))
    session.add(QuestionReview(deck_id=deck.id, key=question["id"], origin="teacher", in_build=True,
                               position=position, generated=question, status="approved"))
    session.commit()


# --- build jobs ----------------------------------------------------------------

def active_job(deck: Deck, *, session: Session) -> BuildJob | None:
    """The deck's queued, running or cancelling job, if any (there is at most one)."""
    return session.exec(select(BuildJob).where(BuildJob.deck_id == deck.id,
                                               col(BuildJob.status).in_(ACTIVE_BUILD))).first()


def latest_job(deck: Deck, *, session: Session) -> BuildJob | None:
    return session.exec(select(BuildJob).where(BuildJob.deck_id == deck.id)
                        .order_by(col(BuildJob.id).desc())).first()


def create_job(deck: Deck, *, session: Session) -> BuildJob:
    """A queued job for ``deck``; raises BuildRunning if the deck has an active one.
    A unique index makes this hold across workers, not just within one request."""
    now = utc_now()
    job = BuildJob(deck_id=deck.id, status="queued", message="Waiting for a build worker…", created_at=now,
                   updated_at=now)
    session.add(job)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise BuildRunning(deck.slug) from None
    return job


def move_job(job_id: int, *, from_status: tuple[str, ...], session: Session, **fields) -> bool:
    """Set ``fields`` on the job only if its status is one of ``from_status``, in one statement,
    so that a worker, a sweep and a teacher's cancel never overwrite each other's outcome."""
    now = utc_now()
    values = {**fields, "updated_at": now}
    # a failure's reason may quote anything (an exception's text): kept to the column's bound
    limit = BuildJob.__table__.c.message.type.length  # type: ignore[attr-defined]
    if len(message := values.get("message") or "") > limit:
        values["message"] = message[:limit - 1] + "…"
    if fields.get("status") in FINISHED_BUILD:
        values["finished_at"] = now
    result = session.execute(sa.update(BuildJob).where(col(BuildJob.id) == job_id,
                                                       col(BuildJob.status).in_(from_status)).values(**values))
    session.commit()
    return result.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE's result has rowcount


def fail_dead_jobs(*, older_than: datetime, session: Session, deck: Deck | None = None) -> int:
    """Mark failed the running jobs whose worker has not reported since ``older_than``."""
    now = utc_now()
    query = sa.update(BuildJob).where(col(BuildJob.status).in_(("running", "cancelling")),
                                      col(BuildJob.heartbeat_at) < older_than)
    if deck is not None:
        query = query.where(col(BuildJob.deck_id) == deck.id)
    result = session.execute(query.values(
        status="failed", updated_at=now, finished_at=now,
        message="The build worker stopped answering (it was stopped or ran out of memory). Build again to retry."))
    session.commit()
    return result.rowcount  # type: ignore[attr-defined]


def get_review_by_key(deck: Deck, key: str, *, session: Session) -> QuestionReview | None:
    return session.exec(select(QuestionReview).where(QuestionReview.deck_id == deck.id,
                                                     QuestionReview.key == key)).first()
