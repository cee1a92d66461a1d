"""The study session: cards, answers, attribution, ratings, double submission, undo."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler
from sqlmodel import func, select

from webapp.models import Card, Deck, Question, ReviewLog

from webapp_support import HX, Learner, close_app, make_app, signup

MINI_QUESTIONS = 5


def question_by_key(db, key: str) -> Question:
    return db.exec(select(Question).where(Question.key == key)).one()


def open_question(learner: Learner, db, key: str):
    """Show a given question's front, as after undo (``?question=``)."""
    question = question_by_key(db, key)
    response = learner.client.get(f"/decks/mini/study?question={question.id}", headers=HX)
    return learner._keep(response)


def log_count(db) -> int:
    return db.exec(select(func.count()).select_from(ReviewLog)).one()


def test_study_page_is_a_full_page_and_the_same_card_as_a_fragment(learner: Learner):
    page = learner.client.get("/decks/mini/study")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html and '<section id="study"' in html
    assert "HX-Request" in page.headers["Vary"]
    fragment = learner.front()
    assert "<html" not in fragment.html and fragment.html.lstrip().startswith('<section id="study"')
    assert int(re.search(r'data-question="(\d+)"', html).group(1)) == fragment.question_id


def test_answer_view_serves_page_and_fragment(learner: Learner):
    learner.front()
    fragment = learner.reveal()
    assert fragment.side == "back" and "<html" not in fragment.html
    full = learner.client.get(f"/decks/mini/study/{fragment.question_id}/answer?v=0")
    assert "<html" in full.get_data(as_text=True) and "HX-Request" in full.headers["Vary"]


def test_multiple_choice_offers_answer_and_distractors_in_a_stable_order(learner: Learner, db):
    page = open_question(learner, db, "q-landing-date")
    question = question_by_key(db, "q-landing-date")
    assert sorted(page.options) == sorted([question.answer, *question.distractors])
    assert open_question(learner, db, "q-landing-date").options == page.options
    assert 'id="show-answer"' in page.html and "<kbd>1</kbd>" in page.html


def test_picking_the_right_option_is_correct_and_suggests_good(learner: Learner, db):
    page = open_question(learner, db, "q-landing-date")
    back = learner.reveal(choice=page.options.index("20 July 1969") + 1)
    assert "verdict-correct" in back.html
    assert re.search(r'data-rating="3"\s+class="rating rating-good suggested"', back.html)


def test_picking_a_wrong_option_is_wrong_and_suggests_again(learner: Learner, db):
    page = open_question(learner, db, "q-landing-date")
    wrong = next(i for i, option in enumerate(page.options, 1) if option != "20 July 1969")
    back = learner.reveal(choice=wrong)
    assert "verdict-wrong" in back.html and "You picked" in back.html
    assert re.search(r'data-rating="1"\s+class="rating rating-again suggested"', back.html)


def test_typed_answers_are_judged_by_quizgen(learner: Learner, db):
    open_question(learner, db, "q-first-step")
    assert "verdict-correct" in learner.reveal(given="armstrong").html
    open_question(learner, db, "q-first-step")
    back = learner.reveal(given="Buzz Aldrin")
    assert "verdict-wrong" in back.html and "Neil Armstrong" in back.html
    open_question(learner, db, "q-first-step")
    assert "verdict-shown" in learner.reveal(given="").html


def test_cloze_and_attribution_formats(learner: Learner, db):
    cloze = open_question(learner, db, "q-splashdown-place")
    assert 'id="answer-input"' in cloze.html and 'class="blank"' in cloze.html
    attribution = open_question(learner, db, "q-samples-attribution")
    assert sorted(attribution.options) == ["the mission office", "the press office"]
    assert "Who says so?" in attribution.html


def test_attribution_panel_shows_quote_source_claimant_and_disputes(learner: Learner, db):
    open_question(learner, db, "q-samples-mission")
    back = learner.reveal(given="21.5").html
    panel = back[back.index('class="attribution"'):]
    assert "According to the mission office, the crew collected <mark>21.5 kg</mark> of rock samples." in panel
    assert "Lunar Lander Mission Report" in panel and "Claimed by the mission office" in panel
    assert 'href="/decks/mini/sources/mission-report?start=96&amp;end=172#passage"' in panel
    disputes = panel[panel.index('class="disputes"'):]
    assert '<strong class="dispute-value">22 kg</strong>' in disputes
    assert "the press office" in disputes and "Press summary" in disputes
    assert "<mark>22 kg</mark>" in disputes


def test_card_back_marks_the_value_where_the_evidence_places_it(learner: Learner, db):
    # The quote gives the value twice; the claim is the second, and only the second is marked.
    question = question_by_key(db, "q-landing-date")
    exact = "Planned for 20 July 1969, the landing took place on 20 July 1969."
    start, second = 500, 500 + exact.rindex("20 July 1969")
    question.evidence = [{**question.evidence[0], "exact": exact, "start": start, "end": start + len(exact),
                          "value": "20 July 1969", "value_start": second, "value_end": second + 12}]
    db.add(question)
    db.commit()
    open_question(learner, db, "q-landing-date")
    back = learner.reveal().html
    assert "Planned for 20 July 1969, the landing took place on <mark>20 July 1969</mark>." in back


def test_attribution_panel_lists_other_sources_that_agree(learner: Learner, db):
    open_question(learner, db, "q-landing-date")
    back = learner.reveal().html
    agreeing = back[back.index('class="agreeing"'):]
    assert "The landing took place on <mark>20 July 1969</mark>." in agreeing
    assert "Press summary" in agreeing
    assert 'class="disputes"' not in back


def test_rating_buttons_show_the_fsrs_interval_of_each_rating(learner: Learner, db, clock):
    open_question(learner, db, "q-first-step")
    intervals = learner.reveal().intervals
    # Learning steps are 1 and 10 minutes; Easy graduates at once to FSRS's first interval.
    assert intervals[1] == "1m" and intervals[3] == "10m"
    easy, _ = Scheduler(enable_fuzzing=False).review_card(FsrsCard(card_id=1, due=clock.now), Rating.Easy,
                                                          clock.now)
    assert intervals[4] == f"{(easy.due - clock.now).days}d"


def test_rating_records_a_review_and_shows_the_next_card(learner: Learner, db):
    first = learner.front()
    learner.reveal()
    after = learner.rate(3)
    assert after.status == 200 and after.side == "front" and after.question_id != first.question_id
    log = db.exec(select(ReviewLog)).one()
    assert (log.question_id, log.rating, log.state_before) == (first.question_id, 3, 0)
    card = db.exec(select(Card)).one()
    assert card.reps == 1 and card.version == 1 and card.fsrs["state"] == card.state


def test_full_page_rating_redirects_with_303(learner: Learner):
    page = learner.front()
    response = learner.client.post("/decks/mini/study/rate",
                                   data={"question_id": page.question_id, "version": 0, "rating": 3})
    assert response.status_code == 303 and response.headers["Location"].endswith("/decks/mini/study")


def test_the_same_presentation_submitted_twice_is_recorded_once(learner: Learner, db):
    page = learner.front()
    learner.reveal()
    learner.rate(3, question_id=page.question_id, version=page.version)
    repeat = learner.rate(3, question_id=page.question_id, version=page.version)
    assert repeat.status == 409 and "already rated" in repeat.html
    assert repeat.side == "front"  # the response still carries a usable card
    assert log_count(db) == 1
    assert db.exec(select(Card)).one().reps == 1


@contextmanager
def failing_review_log_inserts(app):
    """Every insert into review_log fails, after whatever the request wrote before it. On
    PostgreSQL, where a rating is one statement, a trigger makes the database refuse the log row
    within that statement; on SQLite the log's own statement fails. Yields the error raised."""
    engine = app.extensions["quizgen_engine"]
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(sa.text(
                "CREATE FUNCTION refuse_review_log() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'review_log is not writable'; END $$"))
            connection.execute(sa.text(
                "CREATE TRIGGER refuse_review_log BEFORE INSERT ON review_log "
                "FOR EACH ROW EXECUTE FUNCTION refuse_review_log()"))
        try:
            yield sa.exc.ProgrammingError  # (not an IntegrityError, which would read as a stale card)
        finally:
            with engine.begin() as connection:
                connection.execute(sa.text("DROP TRIGGER refuse_review_log ON review_log"))
                connection.execute(sa.text("DROP FUNCTION refuse_review_log()"))
        return

    def fail(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO REVIEW_LOG"):
            raise RuntimeError("review_log is not writable")

    sa.event.listen(engine, "before_cursor_execute", fail)
    try:
        yield RuntimeError
    finally:
        sa.event.remove(engine, "before_cursor_execute", fail)


def test_a_rating_whose_log_cannot_be_written_changes_no_schedule(app, learner: Learner, db):
    # The card's new schedule and its review-log row land together or not at all: here the
    # card's row has been inserted (first rating) or updated (second) when the log's insert fails.
    first = learner.front()
    with failing_review_log_inserts(app) as error, pytest.raises(error):
        learner.rate(3, question_id=first.question_id, version=first.version)
    assert db.exec(select(func.count()).select_from(Card)).one() == 0 and log_count(db) == 0

    learner.rate(1, question_id=first.question_id, version=first.version)  # Again: it comes back
    card_before = db.exec(select(Card)).one()
    before = (card_before.version, card_before.reps, card_before.state, card_before.due, card_before.fsrs)
    version = card_before.version
    db.commit()  # (the trigger that refuses log rows is dropped only once no transaction has read the table)
    again = learner.client.get(f"/decks/mini/study?question={first.question_id}", headers=HX)
    assert learner._keep(again).version == version
    with failing_review_log_inserts(app) as error, pytest.raises(error):
        learner.rate(3, question_id=first.question_id, version=version)
    db.expire_all()
    card = db.exec(select(Card)).one()
    assert (card.version, card.reps, card.state, card.due, card.fsrs) == before and log_count(db) == 1
    # and the card can still be rated from the version that was shown
    assert learner.rate(3, question_id=first.question_id, version=version).status == 200
    assert log_count(db) == 2


def test_a_card_rated_in_another_tab_is_stale_here(app, learner: Learner, db):
    tab_a = learner.front()
    learner.reveal()
    other_tab = Learner(learner.client)
    other_tab.front()
    other_tab.reveal()
    other_tab.rate(4)
    stale = learner.rate(2, question_id=tab_a.question_id, version=tab_a.version)
    assert stale.status == 409 and log_count(db) == 1


def test_only_an_active_question_of_the_deck_studied_can_be_rated_there(learner: Learner, db):
    other_deck = Deck(slug="other", title="Other", visibility="public")
    db.add(other_deck)
    db.flush()
    elsewhere = Question(deck_id=other_deck.id, key="elsewhere", position=0, kind="number", format="type_in",
                         prompt="How many? ___", answer="3", content_sha256="")
    retired = question_by_key(db, "q-landing-date")
    retired.retired = True
    db.add_all([elsewhere, retired])
    db.commit()
    learner.front()
    for question_id in (elsewhere.id, retired.id, elsewhere.id + 1000):
        assert learner.rate(3, question_id=question_id, version=0).status == 404
    assert log_count(db) == 0 and db.exec(select(func.count()).select_from(Card)).one() == 0
    # the card on show is still rated as usual, and in its own deck the other question can be
    shown = learner.front()
    assert shown.question_id != retired.id
    assert learner.rate(3).status == 200 and log_count(db) == 1
    away = Learner(learner.client, slug="other")
    away.front()
    assert away.rate(3, question_id=elsewhere.id, version=0).status == 200 and log_count(db) == 2


def test_undo_restores_the_card_exactly_and_deletes_its_log(learner: Learner, db, clock):
    first = learner.front()
    learner.reveal()
    learner.rate(3)
    learner.reveal()
    learner.rate(3)
    card = db.exec(select(Card).where(Card.question_id == first.question_id)).one()
    before = card.model_dump(exclude={"version"})
    clock.advance(minutes=15)
    page = learner.front()
    assert page.question_id == first.question_id  # its 10-minute step is over
    learner.reveal()
    learner.rate(1)
    assert log_count(db) == 3
    undone = learner.undo()
    assert undone.status == 200 and "Rating undone" in undone.html
    assert undone.side == "front" and undone.question_id == first.question_id
    db.expire_all()
    after = db.exec(select(Card).where(Card.question_id == first.question_id)).one()
    assert after.model_dump(exclude={"version"}) == before
    assert log_count(db) == 2


def test_undoing_the_first_rating_makes_the_card_new_again(learner: Learner, db):
    page = learner.front()
    learner.reveal()
    learner.rate(4)
    assert learner.page.counts[0] == MINI_QUESTIONS - 1
    undone = learner.undo()
    assert undone.question_id == page.question_id and undone.counts[0] == MINI_QUESTIONS
    card = db.exec(select(Card)).one()
    assert (card.state, card.reps, card.due, card.fsrs) == (0, 0, None, None)
    assert log_count(db) == 0


def test_undo_submitted_twice_undoes_only_once(learner: Learner, db):
    learner.front()
    learner.reveal()
    learner.rate(3)
    learner.reveal()
    learner.rate(3)
    review_id = learner.page.review_id
    learner.undo(review_id)
    again = learner.undo(review_id)
    assert again.status == 409 and log_count(db) == 1


def test_full_page_undo_redirects_to_the_undone_card(learner: Learner):
    page = learner.front()
    learner.reveal()
    review_id = learner.rate(3).review_id
    response = learner.client.post("/decks/mini/study/undo", data={"review_id": review_id})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/decks/mini/study?question={page.question_id}")


def test_the_card_just_rated_is_not_shown_again_while_others_wait(learner: Learner, clock):
    previous = None
    for _ in range(12):
        page = learner.front()
        if page.done:
            break
        assert page.question_id != previous
        previous = page.question_id
        learner.reveal()
        learner.rate(1)
        clock.advance(minutes=2)


def test_done_for_today_after_every_card_graduates(learner: Learner):
    for _ in range(MINI_QUESTIONS):
        learner.front()
        learner.reveal()
        learner.rate(4)
    page = learner.front()
    assert page.done and "Done for today" in page.html and page.counts == (0, 0, 0)


def test_learning_cards_due_within_twenty_minutes_are_shown_early(learner: Learner, clock):
    for _ in range(MINI_QUESTIONS):
        learner.front()
        learner.reveal()
        learner.rate(3)  # each goes to its 10-minute step
    page = learner.front()
    assert not page.done and page.counts == (0, MINI_QUESTIONS, 0)


def test_without_learn_ahead_the_page_says_when_cards_come_back(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, LEARN_AHEAD_MINUTES=0)
    try:
        client = app.test_client()
        signup(client, "ada@example.org")
        learner = Learner(client)
        for _ in range(MINI_QUESTIONS):
            learner.front()
            learner.reveal()
            learner.rate(3)
        page = learner.front()
        assert page.done and "Nothing due right now" in page.html
        assert (clock.now + timedelta(minutes=10)).strftime("%H:%M") in page.html
        clock.advance(minutes=10)
        assert not learner.front().done
    finally:
        close_app(app)


def test_learners_do_not_see_each_others_progress(app, learner: Learner, db):
    learner.front()
    learner.reveal()
    learner.rate(1)
    first_review = learner.page.review_id
    other_client = app.test_client()
    signup(other_client, "grace@example.org")
    other = Learner(other_client)
    page = other.front()
    assert page.counts == (MINI_QUESTIONS, 0, 0) and page.review_id is None
    assert other.undo(first_review).status == 409
    assert log_count(db) == 1
    stats = other_client.get("/decks/mini/stats").get_data(as_text=True)
    assert re.search(r'id="reviews-total">0<', stats)
    deck_list = other_client.get("/", headers=HX).get_data(as_text=True)
    assert re.search(r'count-learning"><dt>Learning</dt><dd>0<', deck_list)


def test_bad_requests(learner: Learner, db):
    assert learner.client.get("/decks/nope/study").status_code == 404
    assert learner.client.get("/decks/mini/study/99999/answer").status_code == 404
    page = learner.front()
    bad_rating = learner.client.post("/decks/mini/study/rate",
                                     data={"question_id": page.question_id, "version": 0, "rating": 7})
    assert bad_rating.status_code == 400
    assert learner.client.post("/decks/mini/study/rate", data={"rating": 3}).status_code == 400
    assert learner.client.get("/decks/mini/study/rate").status_code == 405
    assert log_count(db) == 0


def test_study_needs_login(client):
    response = client.get("/decks/mini/study")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    htmx = client.post("/decks/mini/study/rate", data={"rating": 3}, headers=HX)
    assert htmx.headers.get("HX-Redirect", "").startswith("/login")


def test_state_changes_are_post_only(learner: Learner):
    assert learner.client.get("/decks/mini/study/undo").status_code == 405
    assert learner.client.get("/logout").status_code == 405


def test_typed_answer_is_shown_above_the_answer_without_interleaving(learner: Learner, db):
    open_question(learner, db, "q-first-step")
    back = learner.reveal(given="Buzz Aldrin").html
    compared = back[back.index('id="compared"'):back.index("</dl>")]
    assert compared.index("Your answer") < compared.index("The answer")
    assert "Buzz Aldrin" in compared and "Neil Armstrong" in compared
    assert "<del>" not in compared and "<ins>" not in compared  # nothing in common: nothing marked


def test_typed_answer_marks_the_words_that_differ(learner: Learner, db):
    open_question(learner, db, "q-first-step")
    back = learner.reveal(given="Louis Armstrong").html
    assert "<del>Louis</del>" in back and "<ins>Neil</ins>" in back and "<del>Armstrong" not in back


def test_an_answer_differing_only_in_case_shows_no_comparison(learner: Learner, db):
    open_question(learner, db, "q-first-step")
    back = learner.reveal(given="neil armstrong").html
    assert "verdict-correct" in back and 'id="compared"' not in back and "<del>" not in back


def test_ratings_come_before_the_evidence_which_is_collapsible(learner: Learner, db):
    open_question(learner, db, "q-samples-mission")
    back = learner.reveal(given="21.5").html
    assert back.index('id="answer"') < back.index('class="ratings"') < back.index('id="evidence"')
    assert '<details class="attribution" id="evidence" open>' in back


def test_a_passage_shared_by_evidence_and_dispute_is_quoted_once(learner: Learner, db):
    question = question_by_key(db, "q-samples-mission")
    shared = dict(question.evidence[0], value="20 kg", claimant="The Armenian authorities")
    question.disputed_by = [*question.disputed_by, shared]
    question.evidence = [*question.evidence, dict(question.evidence[0])]
    db.add(question)
    db.commit()
    open_question(learner, db, "q-samples-mission")
    back = learner.reveal(given="21.5").html
    assert back.count("of rock samples.</blockquote>") == 1
    assert 'class="agreeing"' not in back
    assert "according to <span class=\"claimant\">the Armenian authorities</span>" in back
    assert "in the same passage as above" in back


def test_the_source_kind_is_not_repeated_when_the_title_names_it(learner: Learner, db):
    from webapp.models import Source
    source = db.exec(select(Source).where(Source.key == "mission-report")).one()
    source.kind = "report"
    db.add(source)
    db.commit()
    open_question(learner, db, "q-first-step")
    back = learner.reveal().html
    assert "Lunar Lander Mission Report</cite>" in back and "(report)" not in back
    open_question(learner, db, "q-landing-date")
    assert "(press release)" in learner.reveal().html
