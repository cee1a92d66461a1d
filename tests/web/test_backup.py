"""Backups that lose nothing: ``flask backup`` then ``flask restore`` into a fresh instance."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session, select

from webapp.db import make_engine, scratch_database, upgrade_database
from webapp.models import Card, Deck, Question, QuestionReview, ReviewLog, User

from test_teach import PRESS, REPORT, new_deck, review_ids, upload
from webapp_support import HX, PASSWORD, Learner, close_app, make_app, run_builds, signup


@pytest.fixture
def second_database(tmp_path: Path) -> Iterator[str]:
    with scratch_database(os.environ.get("QUIZGEN_TEST_DATABASE_URL"), tmp_path, "restored") as url:
        upgrade_database(url)
        yield url


def schedules(url: str) -> dict[tuple[str, str], tuple]:
    """Every learner's schedule: (email, question id) -> the card's state."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.exec(select(User.email, Question.key, Card.due, Card.stability, Card.difficulty,
                                       Card.state, Card.reps, Card.lapses)
                                .join(Card, Card.user_id == User.id).join(Question, Question.id == Card.question_id))
            return {(row[0], row[1]): tuple(row[2:]) for row in rows}
    finally:
        engine.dispose()


def decisions(url: str) -> dict[str, tuple]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return {r.key: (r.status, r.edits, r.in_build)
                    for r in session.exec(select(QuestionReview))}
    finally:
        engine.dispose()


def counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return (len(session.exec(select(ReviewLog)).all()), len(session.exec(select(Deck)).all()),
                    len(session.exec(select(User)).all()))
    finally:
        engine.dispose()


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_restored_backup_has_every_schedule_decision_and_source(database_url, second_database, decks_dir, clock,
                                                                   tmp_path):
    teacher_dir = tmp_path / "teacher-decks"
    app = make_app(database_url, decks_dir, clock, TEACHER_DECKS_DIR=str(teacher_dir))
    try:
        learner_client = app.test_client()
        signup(learner_client, "ada@example.org")
        learner = Learner(learner_client)
        for rating in (3, 1, 4):
            learner.front()
            learner.rate(rating)
        teacher = app.test_client()
        signup(teacher, "tess@example.org", role="teacher")
        slug = new_deck(teacher)
        upload(teacher, slug, [(REPORT, "mission-report.txt"), (PRESS, "press-summary.txt")])
        assert teacher.post(f"/teach/decks/{slug}/build", headers=HX).status_code == 202
        run_builds(app)
        first, second = review_ids(teacher, slug, "pending")[:2]
        teacher.post(f"/teach/decks/{slug}/review/{first}/approve", headers=HX)
        teacher.post(f"/teach/decks/{slug}/review/{second}/reject", headers=HX)

        archive = tmp_path / "backup.tar.gz"
        result = app.test_cli_runner().invoke(args=["backup", str(archive)])
        assert result.exit_code == 0, result.output
    finally:
        close_app(app)

    restored_dir = tmp_path / "restored-decks"
    fresh = make_app(second_database, tmp_path / "no-decks", clock, TEACHER_DECKS_DIR=str(restored_dir))
    try:
        result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
        assert result.exit_code == 0, result.output
        # Restoring twice is refused: the database is no longer empty.
        again = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
        assert again.exit_code != 0 and "already has accounts" in again.output
        assert schedules(second_database) == schedules(database_url) and len(schedules(database_url)) == 3
        assert decisions(second_database) == decisions(database_url)
        assert [d[0] for d in decisions(database_url).values()].count("approved") == 1
        assert counts(second_database) == counts(database_url)
        assert files(restored_dir) == files(teacher_dir) and any(n.endswith(".txt") for n in files(restored_dir))
        # The restored instance works: the learner logs in and studies; new rows get fresh ids.
        client = fresh.test_client()
        assert client.post("/login", data={"email": "ada@example.org", "password": PASSWORD}).status_code == 303
        again_learner = Learner(client)
        again_learner.front()
        assert again_learner.rate(3).status == 200
        assert counts(second_database)[0] == counts(database_url)[0] + 1
    finally:
        close_app(fresh)


def test_restore_refuses_a_database_at_another_revision(database_url, decks_dir, clock, tmp_path, second_database):
    app = make_app(database_url, decks_dir, clock, TEACHER_DECKS_DIR=str(tmp_path / "t"))
    try:
        archive = tmp_path / "backup.tar.gz"
        assert app.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0
    finally:
        close_app(app)
    import json
    import tarfile

    with tarfile.open(archive, "r:gz") as original, tarfile.open(tmp_path / "old.tar.gz", "w:gz") as changed:
        for member in original.getmembers():
            data = original.extractfile(member).read() if member.isfile() else None
            if member.name == "backup.json" and data is not None:
                meta = json.loads(data)
                meta["revision"] = "0001"
                data = json.dumps(meta).encode()
                member.size = len(data)
            import io
            changed.addfile(member, io.BytesIO(data) if data is not None else None)
    fresh: Flask = make_app(second_database, tmp_path / "no-decks", clock, TEACHER_DECKS_DIR=str(tmp_path / "r"))
    try:
        result = fresh.test_cli_runner().invoke(args=["restore", str(tmp_path / "old.tar.gz")])
        assert result.exit_code != 0 and "revision 0001" in result.output
    finally:
        close_app(fresh)
