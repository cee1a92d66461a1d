"""Importing deck files: idempotent, keeps progress, retires without deleting, all-or-nothing."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from quizgen.errors import QuizgenError
from webapp.db import make_engine
from webapp.decks_import import import_all, import_deck
from webapp.models import Card, Deck, Question, ReviewLog, Source

from webapp_support import Learner


@pytest.fixture
def session(database_url: str):
    engine = make_engine(database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def deck_file(decks_dir: Path) -> Path:
    return decks_dir / "mini" / "deck.json"


def edit_deck(decks_dir: Path, change) -> None:
    path = deck_file(decks_dir)
    deck = json.loads(path.read_text("utf-8"))
    change(deck)
    path.write_text(json.dumps(deck, indent=2), "utf-8")


def row_counts(session: Session) -> dict[str, int]:
    return {model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Deck, Source, Question, Card, ReviewLog)}


def test_first_import_stores_deck_sources_and_questions(session, decks_dir):
    report = import_deck(deck_file(decks_dir), session=session)
    assert (report.added, report.updated, report.retired) == (5, 0, 0)
    deck = session.exec(select(Deck)).one()
    assert deck.slug == "mini" and deck.visibility == "public"
    texts = {s.key: s.text for s in session.exec(select(Source))}
    assert texts["press-summary"] == (decks_dir / "mini/sources/press-summary.txt").read_text("utf-8")
    keys = [q.key for q in session.exec(select(Question).order_by(Question.position))]
    assert keys[0] == "q-landing-date" and len(keys) == 5


def test_importing_twice_gives_the_same_rows(session, decks_dir):
    import_deck(deck_file(decks_dir), session=session)
    before = row_counts(session)
    ids = sorted(q.id for q in session.exec(select(Question)))
    second = import_deck(deck_file(decks_dir), session=session)
    assert second.skipped
    # Even a re-serialised (byte-different, same content) file changes nothing.
    edit_deck(decks_dir, lambda deck: None)
    third = import_deck(deck_file(decks_dir), session=session)
    assert (third.added, third.updated, third.retired, third.unchanged) == (0, 0, 0, 5)
    assert row_counts(session) == before
    assert sorted(q.id for q in session.exec(select(Question))) == ids


def test_changed_question_is_updated_and_progress_kept(app, decks_dir, learner: Learner):
    learner.front()
    learner.reveal(choice=1)
    learner.rate(3)
    with app.app_context():
        from webapp.db import get_session
        session = get_session()
        card_before = session.exec(select(Card)).one()
        question_id = card_before.question_id

        def reword(deck):
            deck["questions"][0]["prompt"] = "When did the lander land?"
        edit_deck(decks_dir, reword)
        report = import_deck(deck_file(decks_dir), session=session)
        assert (report.updated, report.unchanged) == (1, 4)
        question = session.get(Question, question_id)
        assert question.prompt == "When did the lander land?"
        card_after = session.exec(select(Card)).one()
        assert (card_after.id, card_after.reps, card_after.due) == (card_before.id, 1, card_before.due)
        assert session.exec(select(func.count()).select_from(ReviewLog)).one() == 1


def test_removed_question_is_retired_with_history_and_revived_later(app, decks_dir, learner: Learner):
    learner.front()
    first_question = learner.page.question_id
    learner.reveal(choice=1)
    learner.rate(1)
    original = deck_file(decks_dir).read_text("utf-8")
    with app.app_context():
        from webapp.db import get_session
        session = get_session()
        key = session.get(Question, first_question).key
        edit_deck(decks_dir, lambda deck: deck["questions"].pop(0))
        report = import_deck(deck_file(decks_dir), session=session)
        assert report.retired == 1
        assert session.get(Question, first_question).retired
        assert session.exec(select(func.count()).select_from(ReviewLog)).one() == 1
        assert session.exec(select(func.count()).select_from(Card)).one() == 1
    # The retired question is no longer studied, nor counted among the learning cards due today
    # (it was rated Again, so its card is a learning card due in a minute).
    assert learner.front().counts[1] == 0
    seen = set()
    for _ in range(6):
        page = learner.front()
        if page.done:
            break
        seen.add(page.question_id)
        learner.reveal()
        learner.rate(4)
    assert first_question not in seen
    deck_file(decks_dir).write_text(original, "utf-8")
    with app.app_context():
        from webapp.db import get_session
        session = get_session()
        report = import_deck(deck_file(decks_dir), session=session)
        assert report.updated == 1
        revived = session.exec(select(Question).where(Question.key == key)).one()
        assert revived.id == first_question and not revived.retired
        assert session.exec(select(Card).where(Card.question_id == first_question)).one().reps == 1


def test_source_changed_after_build_imports_nothing(session, decks_dir):
    (decks_dir / "mini/sources/press-summary.txt").write_text("Rewritten.\n", "utf-8")
    with pytest.raises(QuizgenError, match="sha256"):
        import_deck(deck_file(decks_dir), session=session)
    assert row_counts(session) == dict.fromkeys(["Deck", "Source", "Question", "Card", "ReviewLog"], 0)


def test_quote_not_matching_its_offsets_imports_nothing_and_names_the_field(session, decks_dir):
    def shift(deck):
        deck["questions"][1]["evidence"][0]["start"] += 1
    edit_deck(decks_dir, shift)
    with pytest.raises(QuizgenError) as error:
        import_deck(deck_file(decks_dir), session=session)
    assert "$.questions[1].evidence[0]" in str(error.value) and "deck.json" in str(error.value)
    assert row_counts(session)["Question"] == 0


def test_a_failure_midway_rolls_back_an_update(session, decks_dir):
    import_deck(deck_file(decks_dir), session=session)

    def break_second(deck):
        deck["questions"][0]["prompt"] = "Changed prompt"
        deck["questions"][1]["evidence"][0]["source"] = "no-such-source"
    edit_deck(decks_dir, break_second)
    with pytest.raises(QuizgenError, match="unknown source"):
        import_deck(deck_file(decks_dir), session=session)
    prompts = {q.prompt for q in session.exec(select(Question))}
    assert "Changed prompt" not in prompts


def test_import_all_skips_a_bad_deck_and_logs_why(session, decks_dir, caplog):
    broken = decks_dir / "broken"
    broken.mkdir()
    (broken / "deck.json").write_text("{not json", "utf-8")
    with caplog.at_level(logging.ERROR, logger="webapp.decks_import"):
        reports = import_all(decks_dir, session=session)
    assert [r.slug for r in reports] == ["mini"]
    assert "broken/deck.json:1" in caplog.text and "invalid JSON" in caplog.text


def test_a_deck_with_a_float_offset_is_skipped_and_the_app_starts(database_url, decks_dir, clock, caplog):
    from webapp_support import close_app, make_app

    broken = decks_dir / "broken"
    broken.mkdir()
    deck = json.loads(deck_file(decks_dir).read_text("utf-8"))
    deck["id"] = "broken"
    for source in deck["sources"]:
        source["path"] = "../mini/" + source["path"]
    deck["questions"][0]["evidence"][0]["start"] = 19833.0
    (broken / "deck.json").write_text(json.dumps(deck), "utf-8")
    with caplog.at_level(logging.ERROR, logger="webapp.decks_import"):
        app = make_app(database_url, decks_dir, clock)
    try:
        assert "broken/deck.json [$.questions[0].evidence[0].start]" in caplog.text
        assert app.test_client().get("/healthz").status_code == 200
    finally:
        close_app(app)


def test_any_unexpected_error_in_one_deck_is_logged_and_the_others_are_imported(session, decks_dir, caplog,
                                                                                 monkeypatch):
    import webapp.decks_import as decks_import

    real_import = decks_import.import_deck

    def failing_for_one(path, *, session):
        if path.parent.name == "aaa-first":
            raise TypeError("slice indices must be integers")
        return real_import(path, session=session)

    (decks_dir / "aaa-first").mkdir()
    (decks_dir / "aaa-first" / "deck.json").write_text(deck_file(decks_dir).read_text("utf-8"), "utf-8")
    monkeypatch.setattr(decks_import, "import_deck", failing_for_one)
    with caplog.at_level(logging.ERROR, logger="webapp.decks_import"):
        reports = import_all(decks_dir, session=session)
    assert [r.slug for r in reports] == ["mini"]
    assert "aaa-first/deck.json" in caplog.text and "slice indices" in caplog.text


# --- bounds: every text stored has one; a deck beyond any is refused whole ---------------

HUGE = "x" * 3_000_000


def _huge_prompt(deck):
    deck["questions"][2]["prompt"] = HUGE


def _huge_quote(deck):
    deck["questions"][1]["evidence"][0]["exact"] = HUGE


def _huge_claimant(deck):
    deck["questions"][3]["evidence"][0]["claimant"] = HUGE


def _huge_source_title(deck):
    deck["sources"][1]["title"] = "T" * 301


def _huge_distractor(deck):
    deck["questions"][0]["distractors"] = [*deck["questions"][0]["distractors"], "y" * 501]


def _many_distractors(deck):
    deck["questions"][0]["distractors"] = [f"option {n}" for n in range(101)]


def _huge_extra_field(deck):
    deck["questions"][4]["note"] = {"detail": ["z" * 10_001]}


def _huge_description(deck):
    deck["description"] = "d" * 5_001


@pytest.mark.parametrize(("change", "field"), [
    (_huge_prompt, "$.questions[2].prompt"),
    (_huge_quote, "$.questions[1].evidence[0].exact"),
    (_huge_claimant, "$.questions[3].evidence[0].claimant"),
    (_huge_source_title, "$.sources[1].title"),
    (_huge_distractor, "$.questions[0].distractors[3]"),
    (_many_distractors, "$.questions[0].distractors"),
    (_huge_extra_field, "$.questions[4].note.detail[0]"),
    (_huge_description, "$.description"),
])
def test_a_text_beyond_its_bound_is_refused_naming_file_and_field_and_nothing_is_imported(
        session, decks_dir, change, field):
    edit_deck(decks_dir, change)
    with pytest.raises(QuizgenError) as error:
        import_deck(deck_file(decks_dir), session=session)
    message = str(error.value)
    assert f"mini/deck.json [{field}]" in message
    assert "at most" in message and len(message) < 300  # one line, not the text
    assert row_counts(session) == dict.fromkeys(["Deck", "Source", "Question", "Card", "ReviewLog"], 0)


def test_an_oversized_rebuild_leaves_the_imported_deck_as_it_was(session, decks_dir):
    import_deck(deck_file(decks_dir), session=session)
    before = {q.key: (q.prompt, q.content_sha256) for q in session.exec(select(Question))}
    sha_before = session.exec(select(Deck)).one().content_sha256

    def rebuild(deck):
        deck["questions"][0]["prompt"] = "A new prompt for the first question"
        deck["questions"][4]["answer"] = HUGE
    edit_deck(decks_dir, rebuild)
    with pytest.raises(QuizgenError, match=r"\$\.questions\[4\]\.answer"):
        import_deck(deck_file(decks_dir), session=session)
    session.expire_all()
    assert {q.key: (q.prompt, q.content_sha256) for q in session.exec(select(Question))} == before
    assert session.exec(select(Deck)).one().content_sha256 == sha_before


def test_a_source_text_beyond_its_bound_is_refused(session, decks_dir, monkeypatch):
    import webapp.import_bounds as bounds

    monkeypatch.setattr(bounds, "SOURCE_TEXT", 100)  # the real bound is 20 million characters
    with pytest.raises(QuizgenError) as error:
        import_deck(deck_file(decks_dir), session=session)
    assert "mini/deck.json [$.sources[0].path]" in str(error.value) and "at most 100" in str(error.value)
    assert row_counts(session)["Source"] == 0


def test_every_text_column_of_an_imported_deck_has_a_bound():
    """The columns a deck file fills with one text each are as wide as the import lets them be."""
    from webapp import import_bounds as bounds

    columns = {(Deck, "title"): bounds.DECK_TEXTS["title"], (Deck, "description"): bounds.DECK_TEXTS["description"],
               (Source, "key"): bounds.SOURCE_TEXTS["id"], (Source, "title"): bounds.SOURCE_TEXTS["title"],
               (Source, "kind"): bounds.SOURCE_TEXTS["kind"],
               (Source, "perspective"): bounds.SOURCE_TEXTS["perspective"],
               (Question, "key"): bounds.QUESTION_TEXTS["id"], (Question, "prompt"): bounds.QUESTION_TEXTS["prompt"],
               (Question, "answer"): bounds.QUESTION_TEXTS["answer"],
               (Question, "claimant"): bounds.QUESTION_TEXTS["claimant"],
               (Question, "siblings"): bounds.QUESTION_TEXTS["siblings"],
               (Question, "kind"): bounds.QUESTION_TEXTS["kind"], (Question, "format"): bounds.QUESTION_TEXTS["format"]}
    for (model, name), bound in columns.items():
        assert model.__table__.c[name].type.length == bound, (model.__name__, name)
