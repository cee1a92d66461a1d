"""The review flow checked against a simple model with a hypothesis state machine.

The model knows only what a learner could tell from the outside plus the due
times the app stored: which questions were rated, in what order, and when each
is due. Invariants: counts are never negative, every rating is logged exactly
once, undo restores the card exactly, and the card just rated is not shown
again while another card is available.
"""

from __future__ import annotations

from contextlib import ExitStack
from datetime import timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from sqlmodel import Session, func, select

from webapp import scheduling
from webapp.db import make_engine
from webapp.models import Card, Question, ReviewLog

from webapp_support import Clock, Learner, close_app, make_app, signup

ratings = st.integers(min_value=1, max_value=4)
pauses = st.sampled_from([timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=11),
                          timedelta(hours=5), timedelta(days=1), timedelta(days=9)])
LEARN_AHEAD = timedelta(minutes=20)


class ReviewFlow(RuleBasedStateMachine):
    def __init__(self, database_factory, decks_dir):
        super().__init__()
        self.resources = ExitStack()
        url = self.resources.enter_context(database_factory())
        self.clock = Clock()
        self.app = make_app(url, decks_dir, self.clock)
        self.resources.callback(close_app, self.app)
        self.engine = make_engine(url)
        self.resources.callback(self.engine.dispose)
        client = self.app.test_client()
        signup(client, "model@example.org")
        self.learner = Learner(client)
        self.learner.front()
        self.rated: list[tuple[int, dict | None, int]] = []  # (question, card before, version shown)
        self.just_rated: int | None = None

    def teardown(self):
        self.resources.close()

    # --- what the database says -------------------------------------------------------------
    def cards(self) -> dict[int, Card]:
        with Session(self.engine) as session:
            return {card.question_id: card for card in session.exec(select(Card))}

    def card_fields(self, question_id: int) -> dict | None:
        card = self.cards().get(question_id)
        return None if card is None else card.model_dump(exclude={"version", "id"})

    def log_count(self) -> int:
        with Session(self.engine) as session:
            return session.exec(select(func.count()).select_from(ReviewLog)).one()

    def available(self) -> set[int]:
        """Questions the learner could be shown now: new ones, and cards due now or soon."""
        now = self.clock.now
        _day, _start, end = scheduling.day_bounds(now, scheduling.zone("UTC"))
        with Session(self.engine) as session:
            questions = [q.id for q in session.exec(select(Question))]
        cards = self.cards()
        ready = set()
        for question in questions:
            card = cards.get(question)
            if (card is None or card.state == scheduling.NEW or (card.state == 2 and card.due < end)
                    or (card.state in (1, 3) and card.due <= now + LEARN_AHEAD)):
                ready.add(question)
        return ready

    def check_next_page(self) -> None:
        """The page just computed: 'done' only when nothing waits, no needless repeat."""
        page = self.learner.page
        if page.done:
            assert not self.available(), "the session ended while cards were waiting"
        elif self.just_rated is not None and page.question_id == self.just_rated:
            assert self.available() == {page.question_id}, "the card just rated came back while others waited"

    # --- rules ------------------------------------------------------------------------------
    @precondition(lambda self: not self.learner.page.done)
    @rule(rating=ratings)
    def study(self, rating):
        page = self.learner.page
        question, version = page.question_id, page.version
        before = self.card_fields(question)
        logs = self.log_count()
        self.learner.reveal()
        after = self.learner.rate(rating)
        assert after.status == 200
        assert self.log_count() == logs + 1
        with Session(self.engine) as session:
            log = session.exec(select(ReviewLog).order_by(ReviewLog.id.desc())).first()
        assert (log.question_id, log.rating) == (question, rating)
        self.rated.append((question, before, version))
        self.just_rated = question
        self.check_next_page()

    @precondition(lambda self: self.rated)
    @rule(rating=ratings)
    def repeat_last_submission(self, rating):
        question, _before, version = self.rated[-1]
        logs = self.log_count()
        shown = self.learner.page
        response = Learner(self.learner.client).rate(rating, question_id=question, version=version)
        assert response.status == 409
        assert self.log_count() == logs
        self.learner.page = shown  # the learner keeps looking at their own tab

    @precondition(lambda self: self.rated)
    @rule()
    def undo(self):
        question, before, _version = self.rated.pop()
        page = self.learner.undo()
        assert page.status == 200 and page.question_id == question and page.side == "front"
        restored = self.card_fields(question)
        if before is None:  # it was new: no card row existed yet
            assert (restored["state"], restored["reps"], restored["due"], restored["fsrs"]) == (0, 0, None, None)
        else:
            assert restored == before
        self.just_rated = None  # the undone card is shown again on purpose

    @rule(pause=pauses)
    def wait(self, pause):
        self.clock.advance(seconds=pause.total_seconds())
        self.learner.front()
        self.check_next_page()

    # --- invariants ---------------------------------------------------------------------------
    @invariant()
    def counts_are_never_negative(self):
        if self.learner.page is not None:
            assert min(self.learner.page.counts) >= 0

    @invariant()
    def every_rating_is_logged_once(self):
        assert self.log_count() == len(self.rated)


def test_review_flow_against_model(database_factory, decks_dir):
    run_state_machine_as_test(
        lambda: ReviewFlow(database_factory, decks_dir),
        settings=settings(max_examples=12, stateful_step_count=15, deadline=None))
