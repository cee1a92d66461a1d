"""Fuzzing the deck importer and the answer checker with hypothesis.

The importer, given any mangled deck file, either imports it or raises
``QuizgenError``; when it refuses, the database is exactly as before, even if
the failure comes after some rows were already written. The answer checker
never crashes on anything a learner can type, and always accepts the
question's own answer.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from quizgen.answers import check_answer
from quizgen.errors import QuizgenError
from webapp import decks_import
from webapp.answering import judge
from webapp.db import make_engine
from webapp.decks_import import import_deck
from webapp.models import Question

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MINI = json.loads((FIXTURES / "mini" / "deck.json").read_text("utf-8"))
IMPORTED_TABLES = ("deck", "source", "question")
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text a deck file may carry: anything JSON can hold in UTF-8 (no lone surrogates), NUL included.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=6)


def _paths(value, prefix=()):
    """Every place inside a JSON value, as a tuple of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def mangled_decks(draw) -> dict:
    """The mini deck with a few random edits: texts rewritten, values replaced, keys dropped, offsets moved,
    questions duplicated. Edits lean towards the last question, so a failure comes late."""
    deck = copy.deepcopy(MINI)
    for _ in range(draw(st.integers(1, 2))):
        paths = [p for p in _paths(deck) if p]
        questions = deck.get("questions")  # an earlier edit may have replaced or dropped them
        late = [p for p in paths if isinstance(questions, list) and p[:2] == ("questions", len(questions) - 1)]
        path = draw(st.sampled_from(late if late and draw(st.booleans()) else paths))
        parent = deck
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["retext", "retext", "replace", "drop", "nudge", "duplicate"]))
        if action == "retext" and isinstance(parent[path[-1]], str):
            parent[path[-1]] = draw(any_text)  # same type, any content: often still a valid deck
        elif action == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "nudge" and isinstance(parent[path[-1]], int) and not isinstance(parent[path[-1]], bool):
            parent[path[-1]] += draw(st.integers(-3, 3))
        elif action == "duplicate" and isinstance(deck.get("questions"), list):
            deck["questions"].append(copy.deepcopy(draw(st.sampled_from(deck["questions"] or [{}]))))
        else:
            parent[path[-1]] = draw(json_values)
    return deck


def _snapshot(engine: sa.Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {table: [tuple(row) for row in connection.execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))]
                for table in IMPORTED_TABLES}


@pytest.fixture
def deck_folder(decks_dir: Path) -> Path:
    return decks_dir / "mini"


@pytest.fixture
def engine(database_url: str):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _import(engine: sa.Engine, path: Path):
    with Session(engine) as session:
        return import_deck(path, session=session)


@FUZZ
@given(deck=mangled_decks())
@example(deck={**MINI, "questions": MINI["questions"] + [MINI["questions"][0]]})  # a repeated question id
@example(deck={**MINI, "sources": [{**MINI["sources"][0], "path": "\u00cc"}, *MINI["sources"][1:]]})  # a lost source
def test_a_mangled_deck_is_imported_whole_or_not_at_all(engine, deck_folder, deck):
    _import(engine, deck_folder / "deck.json")  # the untouched deck is the starting point
    path = deck_folder / "deck.json"
    path.write_text(json.dumps(deck, ensure_ascii=False), "utf-8")
    before = _snapshot(engine)
    try:
        report = _import(engine, path)
    except QuizgenError as error:
        event("refused")
        assert "deck.json" in str(error) and "\n" not in str(error)
        assert _snapshot(engine) == before
    else:
        event("imported")
        with Session(engine) as session:
            keys = {q.key for q in session.exec(sa.select(Question)).scalars() if not q.retired}
        assert keys == {q["id"] for q in deck["questions"]}, report
    path.write_text(json.dumps(MINI), "utf-8")


def test_a_deck_with_a_nul_character_is_refused(engine, deck_folder):
    _import(engine, deck_folder / "deck.json")
    deck = copy.deepcopy(MINI)
    deck["questions"][-1]["prompt"] = "When?\x00"
    (deck_folder / "deck.json").write_text(json.dumps(deck), "utf-8")
    before = _snapshot(engine)
    with pytest.raises(QuizgenError):
        _import(engine, deck_folder / "deck.json")
    assert _snapshot(engine) == before


def test_a_failure_after_rows_were_written_leaves_the_database_unchanged(engine, deck_folder, monkeypatch):
    _import(engine, deck_folder / "deck.json")
    changed = copy.deepcopy(MINI)
    changed["title"] = "A new title"
    changed["questions"][0]["prompt"] = "A reworded prompt?"
    changed["questions"].pop()
    (deck_folder / "deck.json").write_text(json.dumps(changed), "utf-8")
    before = _snapshot(engine)
    real = decks_import._import_questions

    def import_then_fail(*args, session, **kwargs):
        real(*args, session=session, **kwargs)
        session.flush()  # the new rows really reach the database before the failure
        raise QuizgenError("simulated failure after the questions were written",
                           file=deck_folder / "deck.json")

    monkeypatch.setattr(decks_import, "_import_questions", import_then_fail)
    with pytest.raises(QuizgenError, match="simulated"):
        _import(engine, deck_folder / "deck.json")
    assert _snapshot(engine) == before
    monkeypatch.undo()
    assert _import(engine, deck_folder / "deck.json").retired == 1  # and a clean retry works


QUESTIONS = [Question(id=n, deck_id=1, key=q["id"], kind=q["kind"], format=q["format"], prompt=q["prompt"],
                      answer=q["answer"], accepted=q["accepted"], distractors=q["distractors"],
                      evidence=q["evidence"], disputed_by=q["disputed_by"], data=q, content_sha256="")
             for n, q in enumerate(MINI["questions"], start=1)]
KINDS = ("date", "place", "figure", "name", "date_range", "year")


@settings(max_examples=150, deadline=None)
@given(question=st.sampled_from(QUESTIONS), given_text=st.text(max_size=60),
       choice=st.none() | st.integers(-2, 8))
@example(question=QUESTIONS[0], given_text="\x00", choice=0)
def test_judging_any_typed_answer_or_choice_never_crashes(question, given_text, choice):
    verdict = judge(question, given=given_text, choice=choice, user_id=7)
    assert verdict.correct in (True, False, None)
    assert verdict.attempted == (verdict.correct is not None)


@settings(max_examples=150, deadline=None)
@given(answer=st.text(min_size=1, max_size=30).filter(str.strip), kind=st.sampled_from(KINDS),
       given_text=st.text(max_size=40))
@example(answer="20 July 1969", kind="date", given_text="1969-07-20")
@example(answer="12,000", kind="figure", given_text="12 000 000 000 000 000 000 000")
def test_the_answer_checker_accepts_the_answer_itself_and_survives_any_input(answer, kind, given_text):
    question = {"answer": answer, "kind": kind, "format": "type_in", "accepted": []}
    assert check_answer(given_text, question).correct in (True, False)
    assert check_answer(answer, question).correct is True
