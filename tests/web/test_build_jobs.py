"""Builds as queued jobs: limits, progress, one at a time per deck, cancelling, dead workers.

Most tests run the queue in this process (``webapp_support.run_builds``), which still runs
each build in a child process under its limits. One test starts a real build worker
(``python -m webapp.build_worker``), kills it mid-build and checks that the job is
failed and can be built again. Nothing here waits on a fixed delay: tests wait for
a state (with a generous deadline), or stop a build by its own limits.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, select

from webapp.db import make_engine
from webapp.models import BuildJob, Deck, utc_now
from webapp.repo import teach as teach_repo
from webapp.services import jobs

from test_teach import REPORT, new_deck, upload
from webapp_support import HX, close_app, make_app, run_builds, signup

ROOT = Path(__file__).resolve().parents[2]
PARAGRAPH = ("On 9 November 2020 the ministry said that 2,906 soldiers had been killed near Stepanakert, "
             "and that 72% of the region's 140,000 residents had left by 12 November 2020. ")
# Many paragraphs: a build of this takes many seconds and reports progress as it goes.
LONG_SOURCE = ("\n\n".join(PARAGRAPH * 3 for _ in range(700))).encode()


def deck_with(teacher: FlaskClient, *sources: tuple[bytes, str]) -> str:
    slug = new_deck(teacher)
    assert upload(teacher, slug, list(sources)).status_code == 303
    return slug


def job_of(db: Session, slug: str) -> BuildJob:
    db.expire_all()
    deck = db.exec(select(Deck).where(Deck.slug == slug)).one()
    job = teach_repo.latest_job(deck, session=db)
    assert job is not None
    return job


def wait_for(condition: Callable[[], bool], what: str, deadline: float = 120) -> None:
    """Wait until ``condition()`` holds; fail (not hang) if it never does."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, f"gave up waiting for {what}"
        time.sleep(0.1)


def start_build(teacher: FlaskClient, slug: str) -> None:
    response = teacher.post(f"/teach/decks/{slug}/build", headers=HX)
    assert response.status_code == 202, response.get_data(as_text=True)


def status_page(teacher: FlaskClient, slug: str) -> str:
    return teacher.get(f"/teach/decks/{slug}/build", headers=HX).get_data(as_text=True)


# --- one build per deck -------------------------------------------------------------------

def test_the_web_request_only_queues_the_build(app, teacher, db):
    slug = deck_with(teacher, (REPORT, "mission-report.txt"))
    start_build(teacher, slug)
    assert job_of(db, slug).status == "queued"
    assert "Waiting for a build worker" in status_page(teacher, slug)
    assert run_builds(app) == 1
    assert job_of(db, slug).status == "done"


def test_a_second_build_of_a_deck_is_refused_however_long_the_first_runs(app, teacher, db):
    slug = deck_with(teacher, (REPORT, "mission-report.txt"))
    start_build(teacher, slug)
    job = job_of(db, slug)
    # The first build has run for an hour and its worker still reports.
    teach_repo.move_job(job.id, from_status=("queued",), status="running", created_at=utc_now() - timedelta(hours=1),
                        heartbeat_at=utc_now(), session=db)
    assert teacher.post(f"/teach/decks/{slug}/build", headers=HX).status_code == 409
    assert len(db.exec(select(BuildJob)).all()) == 1


def test_concurrent_build_requests_for_one_deck_make_one_job(app, teacher, db, database_url):
    slug = deck_with(teacher, (REPORT, "mission-report.txt"))
    deck_id = db.exec(select(Deck).where(Deck.slug == slug)).one().id
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def request_build() -> None:
        engine = make_engine(database_url)
        try:
            with Session(engine) as session:
                deck = session.get_one(Deck, deck_id)
                barrier.wait()
                try:
                    teach_repo.create_job(deck, session=session)
                    outcomes.append("queued")
                except teach_repo.BuildRunning:
                    outcomes.append("refused")
        finally:
            engine.dispose()

    threads = [threading.Thread(target=request_build) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["queued"] + ["refused"] * 7
    db.expire_all()
    assert len(db.exec(select(BuildJob).where(BuildJob.deck_id == deck_id)).all()) == 1


# --- limits -------------------------------------------------------------------------------

@pytest.mark.parametrize("settings", [{"BUILD_MAX_SOURCE_MB": 0.05}])
def test_sources_over_the_size_limit_stop_with_a_clear_message(app, teacher, db):
    slug = deck_with(teacher, (LONG_SOURCE[:80_000], "long.txt"))
    start_build(teacher, slug)
    run_builds(app)
    job = job_of(db, slug)
    assert job.status == "failed"
    assert "The sources come to 0.1 MB; a build reads at most 0.05 MB" in job.message


@pytest.mark.parametrize("settings", [{"BUILD_MAX_SOURCE_MB": 0.05}])
def test_a_table_counts_toward_the_size_limit(app, teacher, db):
    table = "Item,Count\n" + "".join(f"Item {n},{n * 7}\n" for n in range(6_000))
    assert 0.05 * 2**20 < len(table) < 0.15 * 2**20
    slug = deck_with(teacher, (REPORT, "mission-report.txt"), (table.encode(), "items.csv"))
    start_build(teacher, slug)
    run_builds(app)
    job = job_of(db, slug)
    assert job.status == "failed" and "The sources come to 0.1 MB; a build reads at most 0.05 MB" in job.message


def test_a_50_mb_file_stops_at_the_default_size_limit(app, teacher, db, teacher_dir):
    slug = deck_with(teacher, (REPORT, "mission-report.txt"))
    (teacher_dir / slug / "sources" / "huge.txt").write_bytes(PARAGRAPH.encode() * (50 * 2**20 // len(PARAGRAPH)))
    start_build(teacher, slug)
    run_builds(app)
    job = job_of(db, slug)
    assert job.status == "failed" and "a build reads at most 10 MB" in job.message


def test_a_one_megabyte_line_stops_with_a_clear_message_and_the_worker_goes_on(app, teacher, db, teacher_dir):
    slug = deck_with(teacher, (REPORT, "mission-report.txt"))
    # Written in place: the test client spools a body this large to a file it never closes.
    line = PARAGRAPH * (1_050_000 // len(PARAGRAPH) + 1)
    (teacher_dir / slug / "sources" / "one-line.txt").write_text(line, encoding="utf-8")
    start_build(teacher, slug)
    run_builds(app)
    job = job_of(db, slug)
    assert job.status == "failed"
    assert "one-line.txt:1: a paragraph of" in job.message and "break it into paragraphs" in job.message
    assert "E088" not in job.message
    # The same worker builds the next deck.
    other = deck_with(teacher, (REPORT, "mission-report.txt"))
    start_build(teacher, other)
    run_builds(app)
    assert job_of(db, other).status == "done"


@pytest.mark.parametrize("settings", [{"BUILD_TIME_LIMIT": 1}])
def test_a_build_over_the_time_limit_is_stopped(app, teacher, db):
    slug = deck_with(teacher, (LONG_SOURCE, "long.txt"))
    start_build(teacher, slug)
    run_builds(app)
    job = job_of(db, slug)
    assert job.status == "failed" and "longer than the limit of 1 seconds" in job.message
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("settings", [{"BUILD_MEMORY_LIMIT_MB": 700}])
def test_a_build_over_the_memory_limit_is_stopped_and_the_worker_goes_on(app, teacher, db):
    # One 250 KB line: the model needs far more than 700 MB for it.
    line = (PARAGRAPH * (250_000 // len(PARAGRAPH))).encode()
    slug = deck_with(teacher, (line, "one-line.txt"))
    start_build(teacher, slug)
    run_builds(app)
    job = job_of(db, slug)
    assert job.status == "failed" and "memory limit of 700 MB" in job.message
    other = deck_with(teacher, (REPORT, "mission-report.txt"))
    start_build(teacher, other)
    run_builds(app)
    assert job_of(db, other).status == "done"


# --- progress and cancelling ------------------------------------------------------------------

def test_progress_advances_within_one_source(app, teacher, db, monkeypatch):
    written: list[int] = []
    move_job = teach_repo.move_job

    def recording(job_id, **fields):
        if "percent" in fields:
            written.append(fields["percent"])
        return move_job(job_id, **fields)

    monkeypatch.setattr(teach_repo, "move_job", recording)
    slug = deck_with(teacher, (LONG_SOURCE[:25_000], "long.txt"))
    start_build(teacher, slug)
    run_builds(app)
    assert job_of(db, slug).status == "done"
    within = [p for p in written if 5 < p < 85]
    assert len(within) >= 3 and within == sorted(within)


def test_progress_counts_tables_as_sources(app, teacher, db, monkeypatch):
    written: list[tuple[int, str]] = []
    move_job = teach_repo.move_job

    def recording(job_id, **fields):
        if "percent" in fields:
            written.append((fields["percent"], fields.get("message", "")))
        return move_job(job_id, **fields)

    monkeypatch.setattr(teach_repo, "move_job", recording)
    table = "River,Length (km)\n" + "".join(f"River {chr(65 + n % 26)}{n},{100 + n}\n" for n in range(400))
    slug = deck_with(teacher, (table.encode(), "rivers.csv"))
    start_build(teacher, slug)
    run_builds(app)
    assert job_of(db, slug).status == "done"
    reading = [percent for percent, message in written if message == "Reading the sources…"]
    assert max(reading) == 85   # the table's reading is counted to the end, not left at the start


def test_a_build_that_leaves_table_rows_out_says_so(app, teacher, db, teacher_dir):
    table = "River,Length (km)\n" + "".join(f"River {chr(65 + n % 26)}{n},{100 + n}\n" for n in range(40))
    slug = deck_with(teacher, (table.encode(), "rivers.csv"))
    with (teacher_dir / slug / "sources.toml").open("a", encoding="utf-8") as manifest:
        manifest.write("\n[deck]\nmax_table_questions = 10\n")
    start_build(teacher, slug)
    run_builds(app)
    job = job_of(db, slug)
    assert job.status == "done", job.message
    assert "table rows were not asked" in job.message and "at most 10 questions" in job.message
    assert "of 40 rows" in job.message


def test_a_queued_build_can_be_cancelled_and_is_never_run(app, teacher, db):
    slug = deck_with(teacher, (REPORT, "mission-report.txt"))
    start_build(teacher, slug)
    page = teacher.post(f"/teach/decks/{slug}/build/cancel", headers=HX).get_data(as_text=True)
    assert 'data-job-status="cancelled"' in page and "build-button" in page
    run_builds(app)
    assert job_of(db, slug).status == "cancelled"
    assert teach_repo.status_counts(db.exec(select(Deck).where(Deck.slug == slug)).one(), session=db) == \
        {"approved": 0, "pending": 0, "rejected": 0}


def test_a_running_build_can_be_cancelled(app, teacher, db):
    slug = deck_with(teacher, (LONG_SOURCE, "long.txt"))
    start_build(teacher, slug)
    worker = threading.Thread(target=run_builds, args=(app,))
    worker.start()
    try:
        wait_for(lambda: job_of(db, slug).status == "running" and job_of(db, slug).percent > 5, "the build to run")
        page = teacher.post(f"/teach/decks/{slug}/build/cancel", headers=HX).get_data(as_text=True)
        assert 'data-job-status="cancelling"' in page
    finally:
        worker.join(timeout=120)
    assert job_of(db, slug).status == "cancelled"
    assert multiprocessing.active_children() == []
    assert 'data-job-status="cancelled"' in status_page(teacher, slug)


# --- dead workers -------------------------------------------------------------------------------

def test_a_running_build_without_a_heartbeat_for_the_timeout_is_failed_and_retryable(app, teacher, db):
    slug = deck_with(teacher, (REPORT, "mission-report.txt"))
    start_build(teacher, slug)
    job = job_of(db, slug)
    teach_repo.move_job(job.id, from_status=("queued",), status="running",
                        heartbeat_at=utc_now() - timedelta(seconds=20), session=db)
    assert 'data-job-status="running"' in status_page(teacher, slug)  # 20 s of silence: still alive
    teach_repo.move_job(job.id, from_status=("running",), heartbeat_at=utc_now() - timedelta(seconds=31), session=db)
    page = status_page(teacher, slug)
    assert 'data-job-status="failed"' in page and "stopped answering" in page and "build-button" in page
    start_build(teacher, slug)
    run_builds(app)
    assert job_of(db, slug).status == "done"


def test_the_default_timeout_and_sweep_notice_a_dead_worker_within_a_minute(app):
    from webapp.build_worker import SWEEP_SECONDS

    assert app.config["BUILD_HEARTBEAT_TIMEOUT"] + SWEEP_SECONDS <= 60
    assert app.config["BUILD_HEARTBEAT_SECONDS"] * 3 <= app.config["BUILD_HEARTBEAT_TIMEOUT"]


@pytest.mark.parametrize("settings", [{"BUILD_HEARTBEAT_TIMEOUT": 3}])
def test_killing_the_build_worker_mid_build_leaves_a_failed_job_that_can_be_retried(
        app, teacher, db, database_url, teacher_dir, decks_dir):
    slug = deck_with(teacher, (LONG_SOURCE, "long.txt"))
    start_build(teacher, slug)
    environment = {**os.environ, "DATABASE_URL": database_url,
                   "FLASK_BUILD_QUEUE_URL": app.config["BUILD_QUEUE_URL"],
                   "FLASK_TEACHER_DECKS_DIR": str(teacher_dir), "FLASK_DECKS_DIR": str(decks_dir),
                   "FLASK_BUILD_HEARTBEAT_SECONDS": "0.5"}
    worker = subprocess.Popen([sys.executable, "-m", "webapp.build_worker"], cwd=ROOT, env=environment,
                              start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: job_of(db, slug).status == "running" and job_of(db, slug).percent > 5,
                 "the worker to start the build")
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its build process, mid-build
        worker.wait(timeout=30)
        assert job_of(db, slug).status == "running"
        wait_for(lambda: 'data-job-status="failed"' in status_page(teacher, slug), "the dead build to be noticed")
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
    assert "stopped answering" in job_of(db, slug).message
    # Retry: a new job, built by a live worker.
    upload(teacher, slug, [(REPORT, "mission-report.txt")])
    assert teacher.post(f"/teach/decks/{slug}/sources/long/delete").status_code == 303
    start_build(teacher, slug)
    run_builds(app)
    assert job_of(db, slug).status == "done"


# --- the queue on Redis ----------------------------------------------------------------------------

REDIS_URL = os.environ.get("QUIZGEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def test_builds_queue_on_redis_too(database_url, decks_dir, clock, teacher_dir):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL} (.ci/run starts one)")
    app = make_app(database_url, decks_dir, clock, TEACHER_DECKS_DIR=str(teacher_dir), BUILD_QUEUE_URL=REDIS_URL)
    try:
        jobs.builds(app).flush()
        teacher = app.test_client()
        signup(teacher, "tess@example.org", role="teacher")
        slug = deck_with(teacher, (REPORT, "mission-report.txt"))
        start_build(teacher, slug)
        assert len(jobs.builds(app)) == 1
        assert run_builds(app) == 1
        engine_session = Session(app.extensions["quizgen_engine"])
        try:
            assert job_of(engine_session, slug).status == "done"
        finally:
            engine_session.close()
    finally:
        close_app(app)


def test_a_failure_with_a_very_long_reason_is_kept_to_the_columns_bound(app, teacher, db, monkeypatch):
    """An unexpected error may quote anything; the job still ends failed, its message bounded."""
    slug = deck_with(teacher, (REPORT, "mission-report.txt"))
    start_build(teacher, slug)

    def failing_run(app, job_id, *, session):
        raise ValueError("cannot read " + "x" * 50_000)

    monkeypatch.setattr(jobs, "_run", failing_run)
    run_builds(app)
    job = job_of(db, slug)
    limit = BuildJob.__table__.c.message.type.length
    assert job.status == "failed" and job.message.startswith("Unexpected error: cannot read xxx")
    assert len(job.message) == limit and job.message.endswith("…")
