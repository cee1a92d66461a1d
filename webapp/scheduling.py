"""FSRS scheduling and the learner's study day, kept apart from the database.

A card is stored as database columns; this module turns them into an
``fsrs.Card``, reviews it, and turns the result back into column values. It
also knows the day boundary: a learner's day rolls over at 4 AM in their own
time zone, so a late-night session still counts as "today".

Fuzzing is off: the interval printed on each rating button must be the
interval that rating really gives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

NEW = 0  # our own state for a card never rated; fsrs.State uses 1..3 for the rest
STATE_NAMES = {NEW: "new", State.Learning: "learning", State.Review: "review",
               State.Relearning: "relearning"}
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)
ROLLOVER_HOUR = 4
RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)

# The scheduling columns of a card; a review log keeps them as they were before.
CARD_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses", "fsrs")


@lru_cache(maxsize=32)
def scheduler_for(desired_retention: float) -> Scheduler:
    return Scheduler(desired_retention=desired_retention, learning_steps=LEARNING_STEPS,
                     relearning_steps=RELEARNING_STEPS, enable_fuzzing=False)


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def study_day(moment: datetime, tz: ZoneInfo) -> date:
    """The learner's calendar day for ``moment``; hours before 4 AM belong to the day before."""
    local = moment.astimezone(tz)
    return (local - timedelta(hours=ROLLOVER_HOUR)).date()


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """When ``day`` begins (4 AM local), as a UTC datetime."""
    return datetime.combine(day, time(ROLLOVER_HOUR), tzinfo=tz).astimezone(UTC)


def day_bounds(moment: datetime, tz: ZoneInfo) -> tuple[date, datetime, datetime]:
    day = study_day(moment, tz)
    return day, day_start(day, tz), day_start(day + timedelta(days=1), tz)


def review(fields: dict[str, Any], rating: Rating, now: datetime, *, card_id: int | None,
           desired_retention: float) -> dict[str, Any]:
    """The new values of CARD_FIELDS after rating a card whose current columns are ``fields`` at
    ``now`` (aware UTC)."""
    before = (FsrsCard.from_dict(fields["fsrs"]) if fields.get("fsrs")
              else FsrsCard(card_id=card_id, state=State.Learning))
    after, _log = scheduler_for(desired_retention).review_card(before, rating, now.astimezone(UTC))
    lapsed = fields["state"] == State.Review and rating == Rating.Again
    return {
        "state": int(after.state),
        "step": after.step,
        "stability": after.stability,
        "difficulty": after.difficulty,
        "due": after.due,
        "last_review": after.last_review,
        "reps": fields["reps"] + 1,
        "lapses": fields["lapses"] + int(lapsed),
        "fsrs": after.to_dict(),
    }


def preview(fields: dict[str, Any], now: datetime, *, card_id: int,
            desired_retention: float) -> dict[Rating, timedelta]:
    """The interval each rating would give (until the card is due again), for the labels on the
    rating buttons."""
    return {rating: review(fields, rating, now, card_id=card_id, desired_retention=desired_retention)["due"] - now
            for rating in RATINGS}


def new_card_fields() -> dict[str, Any]:
    return {**dict.fromkeys(CARD_FIELDS), "state": NEW, "reps": 0, "lapses": 0}


def snapshot(fields: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe copy of a card's scheduling columns (datetimes as ISO strings)."""
    return {name: (value.isoformat() if isinstance(value, datetime) else value)
            for name, value in ((name, fields[name]) for name in CARD_FIELDS)}


def restore(saved: dict[str, Any]) -> dict[str, Any]:
    """The inverse of ``snapshot``."""
    fields = dict(saved)
    for name in ("due", "last_review"):
        if fields[name] is not None:
            fields[name] = datetime.fromisoformat(fields[name])
    return fields


def format_interval(interval: timedelta) -> str:
    """Short human interval as on the rating buttons: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(interval.total_seconds(), 0)
    if seconds < 60 * 60:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 24 * 60 * 60:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}".rstrip("0").rstrip(".") + "mo"
    return f"{days / 365:.1f}".rstrip("0").rstrip(".") + "y"
