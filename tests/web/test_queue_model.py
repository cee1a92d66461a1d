"""The study queue checked against a short Python model of which card comes next.

The model reads a learner's questions, cards, ratings and daily limits and
says what the study page must show: the counts (new cards left today,
learning cards due today, reviews left today), the card on offer, and the
rating that undo would take back. Its rules are the README's, written out
without the app's code:

- the day starts at 4 AM in the learner's time zone;
- first learning and relearning cards due now, then review cards due before
  the day ends (while the daily review limit has some left), then unseen
  questions in deck order (while the daily new limit has some left), then
  learning cards due within the learn-ahead window;
- the card just rated and its siblings come only when nothing else is on offer.

Hypothesis builds the card sets (states, due times on either side of "now",
the learn-ahead edge and the end of the day), the day's earlier ratings, the
limits, the time zone and the moment; a second test rates, waits, undoes and
changes limits through the pages and compares after every step.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from webapp.models import Card, Deck, DeckSettings, Question, ReviewLog, User

from webapp_support import Learner

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
LEARN_AHEAD = timedelta(minutes=20)  # the app's default LEARN_AHEAD_MINUTES
DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY = 20, 200
START = datetime(2026, 3, 7, 0, 0, tzinfo=UTC)  # New York moves its clocks on 8 March 2026


# --- the model ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionState:
    """A question as the model sees it, with the learner's card (``state`` None: no card)."""

    id: int
    position: int
    siblings: str | None
    retired: bool
    state: int | None = None
    due: datetime | None = None
    card_id: int | None = None


@dataclass(frozen=True)
class Rated:
    id: int
    question_id: int
    study_day: date
    state_before: int


@dataclass(frozen=True)
class Expected:
    counts: tuple[int, int, int]   # new, learning, due
    shown: int | None              # the question on offer
    last: int | None               # the rating undo takes back


def study_day(moment: datetime, zone: ZoneInfo) -> date:
    return (moment.astimezone(zone) - timedelta(hours=4)).date()


def day_end(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(4), tzinfo=zone)


def expected(questions: list[QuestionState], ratings: list[Rated], *, new_per_day: int, reviews_per_day: int,
             zone: ZoneInfo, now: datetime) -> Expected:
    day = study_day(now, zone)
    end = day_end(day, zone)
    today = [rated.state_before for rated in ratings if rated.study_day == day]
    new_left = max(0, new_per_day - today.count(NEW))
    reviews_left = max(0, reviews_per_day - today.count(REVIEW))
    active = [q for q in questions if not q.retired]
    learning = sorted((q for q in active if q.state in (LEARNING, RELEARNING)), key=lambda q: (q.due, q.card_id))
    reviews = sorted((q for q in active if q.state == REVIEW and q.due < end), key=lambda q: (q.due, q.card_id))
    unseen = sorted((q for q in active if q.state in (None, NEW)), key=lambda q: (q.position, q.id))
    counts = (min(len(unseen), new_left), sum(q.due < end for q in learning), min(len(reviews), reviews_left))
    queue = ([q for q in learning if q.due <= now] + (reviews if reviews_left else [])
             + (unseen if new_left else []) + [q for q in learning if now < q.due <= now + LEARN_AHEAD])
    last = max(ratings, key=lambda rated: rated.id, default=None)
    groups = {q.id: q.siblings for q in questions}

    def just_rated(q: QuestionState) -> bool:
        return last is not None and (q.id == last.question_id
                                     or (q.siblings is not None and q.siblings == groups[last.question_id]))

    shown = next((q for q in queue if not just_rated(q)), queue[0] if queue else None)
    return Expected(counts, shown.id if shown else None, last.id if last else None)


# --- reading what the app stored ---------------------------------------------------------------

def model_inputs(db: Session, user_id: int, deck_id: int) -> dict:
    """The learner's questions, cards, ratings, limits and zone, as the model's arguments."""
    try:
        cards = {row.question_id: row for row in db.exec(
            select(Card.question_id, Card.state, Card.due, Card.id).where(Card.user_id == user_id,
                                                                          Card.deck_id == deck_id))}
        questions = []
        for q in db.exec(select(Question.id, Question.position, Question.siblings, Question.retired)
                         .where(Question.deck_id == deck_id)):
            card = cards.get(q.id)
            questions.append(QuestionState(q.id, q.position, q.siblings, q.retired, *(
                (card.state, card.due, card.id) if card else ())))
        ratings = [Rated(*row) for row in db.exec(
            select(ReviewLog.id, ReviewLog.question_id, ReviewLog.study_day, ReviewLog.state_before)
            .where(ReviewLog.user_id == user_id, ReviewLog.deck_id == deck_id))]
        limits = db.exec(select(DeckSettings.new_per_day, DeckSettings.reviews_per_day)
                         .where(DeckSettings.user_id == user_id, DeckSettings.deck_id == deck_id)).first()
        timezone = db.exec(select(User.timezone).where(User.id == user_id)).one()
    finally:
        db.rollback()  # end the read, so the next one sees what the app has written since
    new_per_day, reviews_per_day = limits or (DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY)
    return {"questions": questions, "ratings": ratings, "new_per_day": new_per_day,
            "reviews_per_day": reviews_per_day, "zone": ZoneInfo(timezone)}


def shown_on(page) -> Expected:
    assert page.status == 200, page.html[:300]
    return Expected(page.counts, None if page.done else page.question_id, page.review_id)


# --- building card sets ------------------------------------------------------------------------

zones = st.sampled_from(["UTC", "America/New_York", "Asia/Tokyo", "Australia/Adelaide"])
moments = st.integers(min_value=0, max_value=4 * 24 * 4).map(lambda quarter: START + timedelta(minutes=15 * quarter))
limits = st.sampled_from([0, 1, 2, 3, 200])
# Due times near the edges the queue cares about: now, the end of the learn-ahead window, the end
# of the learner's day (4 AM tomorrow, their time).
offsets = st.sampled_from([timedelta(days=-3), timedelta(hours=-2), timedelta(seconds=-1), timedelta(0),
                           timedelta(seconds=1), timedelta(minutes=5), timedelta(hours=30)])
anchors = st.sampled_from(["now", "ahead", "day_end"])
cards = st.one_of(st.none(), st.tuples(st.sampled_from([NEW, LEARNING, REVIEW, RELEARNING]), anchors, offsets))
question_specs = st.tuples(st.integers(min_value=0, max_value=6),             # position (ties allowed)
                           st.sampled_from([None, None, "group-a", "group-b"]),  # siblings
                           st.sampled_from([False, False, False, True]),         # retired
                           cards)
# Earlier ratings: (which of the carded questions, the state it was rated in, today or yesterday).
rating_specs = st.tuples(st.integers(min_value=0, max_value=50), st.sampled_from([NEW, LEARNING, REVIEW]),
                         st.sampled_from([0, 0, -1]))


@dataclass
class World:
    """One learner's deck, built anew for each example (a deck of its own keeps examples apart)."""

    db: Session
    user_id: int
    slug: str
    deck_id: int = 0

    @classmethod
    def new(cls, db: Session, user_id: int, serial: int, zone: str) -> World:
        user = db.get(User, user_id)
        user.timezone = zone
        deck = Deck(slug=f"model-{serial}", title=f"Model deck {serial}")
        db.add_all([user, deck])
        db.commit()
        return cls(db, user_id, deck.slug, deck.id)

    def add_questions(self, specs: list[tuple]) -> list[Question]:
        questions = [Question(deck_id=self.deck_id, key=f"{self.slug}-{n}", position=position, siblings=siblings,
                              retired=retired, kind="name", format="type_in", prompt=f"Question {n}: ___?",
                              answer=f"answer {n}", content_sha256="")
                     for n, (position, siblings, retired, _card) in enumerate(specs)]
        self.db.add_all(questions)
        self.db.commit()
        return questions

    def set_limits(self, new_per_day: int, reviews_per_day: int) -> None:
        self.db.add(DeckSettings(user_id=self.user_id, deck_id=self.deck_id, new_per_day=new_per_day,
                                 reviews_per_day=reviews_per_day))
        self.db.commit()


def seed_cards(world: World, questions: list[Question], specs: list[tuple], *, now: datetime,
               zone: ZoneInfo) -> list[Card]:
    edges = {"now": now, "ahead": now + LEARN_AHEAD, "day_end": day_end(study_day(now, zone), zone)}
    made = []
    for question, (_position, _siblings, _retired, card) in zip(questions, specs, strict=True):
        if card is None:
            continue
        state, anchor, offset = card
        due = None if state == NEW else (edges[anchor] + offset).astimezone(UTC)
        made.append(Card(user_id=world.user_id, question_id=question.id, deck_id=world.deck_id, state=state,
                         due=due, stability=None if state == NEW else 3.0, difficulty=None if state == NEW else 5.0,
                         reps=0 if state == NEW else 1, version=1))
    world.db.add_all(made)
    world.db.commit()
    return made


def seed_ratings(world: World, carded: list[Card], specs: list[tuple], *, now: datetime, zone: ZoneInfo) -> None:
    today = study_day(now, zone)
    for n, (which, state_before, day_offset) in enumerate(specs):
        card = carded[which % len(carded)]
        world.db.add(ReviewLog(card_id=card.id, user_id=world.user_id, deck_id=world.deck_id,
                               question_id=card.question_id, rating=3, reviewed_at=now - timedelta(seconds=100 - n),
                               study_day=today + timedelta(days=day_offset), state_before=state_before,
                               state_after=card.state, due_after=card.due or now, card_before={}))
    world.db.commit()


SERIALS = itertools.count()


def ada_id(db: Session) -> int:
    user_id = db.exec(select(User.id).where(User.email == "ada@example.org")).one()
    db.rollback()
    return user_id


# --- the properties ----------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=zones, now=moments, new_per_day=limits, reviews_per_day=limits,
       specs=st.lists(question_specs, min_size=1, max_size=7), ratings=st.lists(rating_specs, max_size=5))
# A review due one second before 4 AM New York time counts today; the limit lets one through.
@example(zone="America/New_York", now=START + timedelta(hours=20), new_per_day=0, reviews_per_day=1,
         specs=[(0, None, False, (REVIEW, "day_end", timedelta(seconds=-1))),
                (1, None, False, (REVIEW, "day_end", timedelta(0)))], ratings=[])
# The only card due is a sibling of the card just rated: it comes rather than nothing.
@example(zone="UTC", now=START, new_per_day=0, reviews_per_day=200,
         specs=[(0, "group-a", False, (REVIEW, "now", timedelta(hours=-2))),
                (1, "group-a", False, (REVIEW, "now", timedelta(hours=30)))], ratings=[(1, REVIEW, 0)])
def test_the_card_on_offer_and_the_counts_agree_with_the_model(learner: Learner, db, clock, zone, now, new_per_day,
                                                               reviews_per_day, specs, ratings):
    world = World.new(db, ada_id(db), next(SERIALS), zone)
    if (new_per_day, reviews_per_day) != (DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY):
        world.set_limits(new_per_day, reviews_per_day)
    questions = world.add_questions(specs)
    carded = seed_cards(world, questions, specs, now=now, zone=ZoneInfo(zone))
    if carded and ratings:
        seed_ratings(world, carded, ratings, now=now, zone=ZoneInfo(zone))
    clock.set(now)
    learner.slug = world.slug
    page = learner.front()
    assert shown_on(page) == expected(**model_inputs(db, world.user_id, world.deck_id), now=now)


# Steps of a session: rate the card on offer, wait, undo, change the daily limits.
steps = st.lists(st.one_of(
    st.tuples(st.just("rate"), st.integers(min_value=1, max_value=4)),
    st.tuples(st.just("wait"), st.sampled_from([timedelta(minutes=2), timedelta(minutes=15), timedelta(hours=3),
                                                timedelta(hours=11), timedelta(days=1), timedelta(days=6)])),
    st.tuples(st.just("undo"), st.none()),
    st.tuples(st.just("limits"), st.tuples(limits, limits)),
), min_size=1, max_size=14)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=zones, start=moments, new_per_day=limits, reviews_per_day=limits,
       specs=st.lists(question_specs.map(lambda spec: (*spec[:3], None)), min_size=1, max_size=6), plan=steps)
def test_a_session_of_ratings_waits_undos_and_limits_agrees_with_the_model(learner: Learner, db, clock, zone, start,
                                                                           new_per_day, reviews_per_day, specs, plan):
    world = World.new(db, ada_id(db), next(SERIALS), zone)
    world.set_limits(new_per_day, reviews_per_day)
    world.add_questions(specs)
    clock.set(start)
    learner.slug = world.slug
    page = learner.front()
    for action, argument in plan:
        if action == "rate" and not page.done:
            page = learner.rate(argument)
        elif action == "wait":
            clock.advance(seconds=argument.total_seconds())
            page = learner.front()
        elif action == "undo" and page.review_id is not None:
            undone = db.get(ReviewLog, page.review_id).question_id
            db.rollback()
            page = learner.undo()
            # Undo shows the card it gave back, whatever the queue would offer; the rest as ever.
            assert page.status == 200 and page.question_id == undone
            page = learner.front()
        elif action == "limits":
            response = learner.client.post(f"/decks/{world.slug}/settings", data={
                "new_per_day": argument[0], "reviews_per_day": argument[1], "desired_retention": "0.90"})
            assert response.status_code == 303
            page = learner.front()
        assert shown_on(page) == expected(**model_inputs(db, world.user_id, world.deck_id), now=clock.now)
