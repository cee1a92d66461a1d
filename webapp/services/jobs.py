"""Background deck builds for teachers, so a web worker never waits on the generator.

A request creates a ``BuildJob`` row and hands the build to a thread pool.
The thread reports progress into that row; any web worker (several gunicorn
processes share one database) answers the progress partial from it. A build
whose worker died stops reporting, and ``repo.teach.active_job`` treats it as
stale after a while, so the teacher can start another.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from flask import Flask
from sqlmodel import Session

from quizgen.build import build_deck
from quizgen.errors import QuizgenError

from ..models import Deck
from ..repo import teach as teach_repo
from .publishing import sync_learner_deck
from .storage import GENERATED_FILE, deck_folder

log = logging.getLogger(__name__)
EXTENSION = "quizgen_builds"


class Builds:
    """The app's build pool and the futures of its builds (tests wait on them)."""

    def __init__(self, workers: int):
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="deck-build")
        self.futures: dict[int, Future] = {}

    def wait(self, timeout: float = 60) -> None:
        for future in list(self.futures.values()):
            future.result(timeout=timeout)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Builds(app.config.get("BUILD_WORKERS", 2))


def builds(app: Flask) -> Builds:
    return app.extensions[EXTENSION]


def start_build(app: Flask, deck: Deck, *, session: Session):
    """Queue a build of ``deck``; raises repo.teach.BuildRunning if one is under way."""
    job = teach_repo.create_job(deck, session=session)
    folder = deck_folder(deck.slug)
    pool = builds(app)
    assert job.id is not None and deck.id is not None  # both rows are stored
    pool.futures[job.id] = pool.executor.submit(_run, app, job.id, deck.id, folder)
    return job


def _run(app: Flask, job_id: int, deck_id: int, folder: Path) -> None:
    with app.app_context(), Session(app.extensions["quizgen_engine"], expire_on_commit=False) as session:
        try:
            _build(job_id, deck_id, folder, session=session)
        except QuizgenError as error:
            session.rollback()
            teach_repo.update_job(job_id, status="failed", message=str(error), session=session)
        except Exception as error:  # the teacher sees a short reason; the log keeps the trace
            log.exception("build job %s failed", job_id)
            session.rollback()
            teach_repo.update_job(job_id, status="failed", message=f"Unexpected error: {error}",
                                  session=session)


def _build(job_id: int, deck_id: int, folder: Path, *, session: Session) -> None:
    deck = session.get_one(Deck, deck_id)
    total = sum(p.stat().st_size for p in (folder / "sources").glob("*.txt")) or 1
    done = 0

    def progress(size: int) -> None:
        nonlocal done
        done += size
        teach_repo.update_job(job_id, percent=5 + int(80 * min(done, total) / total),
                              message="Reading the sources…", session=session)

    teach_repo.update_job(job_id, status="running", percent=5, message="Reading the sources…",
                          session=session)
    generated = build_deck(folder, folder / GENERATED_FILE, write_facts_file=False, progress=progress,
                           title=deck.title)
    teach_repo.update_job(job_id, percent=90, message="Saving the questions…", session=session)
    new, dropped = teach_repo.record_build(deck, generated["questions"], session=session)
    sync_learner_deck(deck, session=session, folder=folder)
    count = len(generated["questions"])
    summary = f"Built {count} question{'s' if count != 1 else ''}: {new} new to review"
    if dropped:
        summary += f", {dropped} no longer generated"
    teach_repo.update_job(job_id, status="done", percent=100, message=summary + ".", session=session)
