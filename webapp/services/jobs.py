"""Deck builds as jobs on a task queue (Huey), run by build workers, never by web workers.

A request creates a ``BuildJob`` row and puts its id on the queue. A build worker
(``python -m webapp.build_worker``) takes it and runs the generator in a child
process with a time limit, a memory limit and a limit on the size of the sources
(settings ``BUILD_TIME_LIMIT``, ``BUILD_MEMORY_LIMIT_MB``, ``BUILD_MAX_SOURCE_MB``).
While the child works, the worker writes its progress and a heartbeat into the
row, and stops the child when the teacher cancels. A running job whose heartbeat
stops (its worker died) is marked failed by ``sweep`` and can simply be built again.

The queue is a SQLite file in the instance folder unless ``BUILD_QUEUE_URL`` names
a Redis server (``redis://host:6379/0``), which lets workers run on other machines.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey
from sqlmodel import Session

from quizgen.errors import QuizgenError
from quizgen.sources import progress_total

from ..models import BuildJob, Deck, utc_now
from ..repo import teach as teach_repo
from .publishing import sync_learner_deck
from .storage import GENERATED_FILE, deck_folder

log = logging.getLogger(__name__)
EXTENSION = "quizgen_builds"
QUEUE_NAME = "quizgen-builds"
POLL_SECONDS = 0.25  # how often a worker looks at its child and at the job row
DEFAULTS = {
    "BUILD_QUEUE_URL": None,  # None: sqlite:///<instance folder>/build-queue.sqlite3
    "BUILD_TIME_LIMIT": 600,  # seconds a build may take
    "BUILD_MEMORY_LIMIT_MB": 2048,  # address space of the build process
    "BUILD_MAX_SOURCE_MB": 10,  # the deck's sources together
    "BUILD_HEARTBEAT_SECONDS": 5,  # how often a running build reports that its worker lives
    "BUILD_HEARTBEAT_TIMEOUT": 30,  # silence after which a running build counts as dead
}


@dataclass(frozen=True)
class Limits:
    seconds: float
    memory_bytes: int
    source_bytes: int
    heartbeat: float

    @classmethod
    def from_config(cls, config: Any) -> Limits:
        return cls(seconds=float(config["BUILD_TIME_LIMIT"]),
                   memory_bytes=int(float(config["BUILD_MEMORY_LIMIT_MB"]) * 1024 * 1024),
                   source_bytes=int(float(config["BUILD_MAX_SOURCE_MB"]) * 1024 * 1024),
                   heartbeat=float(config["BUILD_HEARTBEAT_SECONDS"]))


def make_queue(url: str) -> Huey:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(QUEUE_NAME, url=url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(QUEUE_NAME, filename=str(path))
    raise ValueError(f"BUILD_QUEUE_URL must start with sqlite:/// or redis://, not {url!r}")


def init_app(app: Flask) -> None:
    """The build settings' defaults, and the app's build queue with its one task."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    url = app.config["BUILD_QUEUE_URL"] or f"sqlite:///{Path(app.instance_path) / 'build-queue.sqlite3'}"

    @make_queue(url).task(name="build_deck")
    def build_deck(job_id: int) -> None:
        run_job(app, job_id)

    app.extensions[EXTENSION] = build_deck


def builds(app: Flask) -> Huey:
    """The app's build queue (what a build worker consumes)."""
    return app.extensions[EXTENSION].huey


def start_build(app: Flask, deck: Deck, *, session: Session) -> BuildJob:
    """Queue a build of ``deck``; raises repo.teach.BuildRunning if one is queued or running."""
    sweep(app, session=session, deck=deck)
    job = teach_repo.create_job(deck, session=session)
    assert job.id is not None
    try:
        app.extensions[EXTENSION](job.id)  # (calling the task puts it on the queue)
    except Exception:
        log.exception("could not queue build job %s", job.id)
        teach_repo.move_job(job.id, from_status=("queued",), status="failed",
                            message="The build queue could not be reached. Try again in a moment.", session=session)
    return job


def cancel_build(deck: Deck, *, session: Session) -> None:
    """Stop the deck's build: a queued one at once, a running one as soon as its worker looks."""
    job = teach_repo.active_job(deck, session=session)
    if job is not None and job.id is not None and not teach_repo.move_job(
            job.id, from_status=("queued",), status="cancelled", message="Cancelled.", session=session):
        teach_repo.move_job(job.id, from_status=("running",), status="cancelling", message="Cancelling…",
                            session=session)


def sweep(app: Flask, *, session: Session, deck: Deck | None = None) -> int:
    """Mark failed the running builds whose worker has gone silent for BUILD_HEARTBEAT_TIMEOUT."""
    silent_since = utc_now() - timedelta(seconds=float(app.config["BUILD_HEARTBEAT_TIMEOUT"]))
    if deck is not None:  # a page polling one deck: write only when there is something to fail
        job = teach_repo.active_job(deck, session=session)
        if job is None or job.heartbeat_at is None or job.heartbeat_at >= silent_since:
            return 0
    return teach_repo.fail_dead_jobs(older_than=silent_since, session=session, deck=deck)


# --- in the build worker ----------------------------------------------------------------

def run_job(app: Flask, job_id: int) -> None:
    """The queue's task: run job ``job_id`` unless it was cancelled or taken meanwhile."""
    with app.app_context(), Session(app.extensions["quizgen_engine"], expire_on_commit=False) as session:
        if not teach_repo.move_job(job_id, from_status=("queued",), status="running", percent=1,
                                   heartbeat_at=utc_now(), message="Starting…", session=session):
            return
        try:
            _run(app, job_id, session=session)
        except Exception as error:  # the teacher sees a short reason; the log keeps the trace
            log.exception("build job %s failed", job_id)
            session.rollback()
            _finish(job_id, "failed", f"Unexpected error: {error}", session=session)


def _finish(job_id: int, status: str, message: str, *, session: Session) -> None:
    """End the job as ``status`` unless a cancel or a sweep has ended it first."""
    if status != "cancelled" and teach_repo.move_job(job_id, from_status=("cancelling",), status="cancelled",
                                                     message="Cancelled.", session=session):
        return
    teach_repo.move_job(job_id, from_status=("running", "cancelling"), status=status, message=message,
                        session=session, **({"percent": 100} if status == "done" else {}))


def _run(app: Flask, job_id: int, *, session: Session) -> None:
    limits = Limits.from_config(app.config)
    deck = session.get_one(Deck, session.get_one(BuildJob, job_id).deck_id)
    folder = deck_folder(deck.slug)
    total = progress_total(folder)   # every source the build reads: documents' text and tables alike
    if total > limits.source_bytes:
        _finish(job_id, "failed", f"The sources come to {total / 2**20:.1f} MB; a build reads at most "
                f"{limits.source_bytes / 2**20:.3g} MB. Remove a source or split the deck.", session=session)
        return
    outcome = _supervise(job_id, folder, deck.title, max(total, 1), limits, session=session)
    if outcome is None:
        return
    status, detail = outcome
    if status != "done":
        _finish(job_id, status, detail, session=session)
        return
    if not teach_repo.move_job(job_id, from_status=("running",), percent=90, message="Saving the questions…",
                               heartbeat_at=utc_now(), session=session):
        _finish(job_id, "cancelled", "Cancelled.", session=session)
        return
    generated, note = detail
    new, dropped = teach_repo.record_build(deck, generated, session=session)
    sync_learner_deck(deck, session=session, folder=folder)
    count = len(generated)
    summary = f"Built {count} question{'s' if count != 1 else ''}: {new} new to review"
    if dropped:
        summary += f", {dropped} no longer generated"
    summary += "." + (f" {note}" if note else "")
    _finish(job_id, "done", summary[:1000], session=session)   # the column's length


def _start_child(folder: Path, title: str, limits: Limits) -> tuple[Any, Connection]:
    """The build's child process, started, and the end of the pipe it reports on."""
    context = multiprocessing.get_context("forkserver")  # a clean process: no threads, no connections
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=build_in_child, args=(sender, folder, title, limits, os.getpid()),
                            daemon=True)
    child.start()
    sender.close()
    return child, receiver


def _supervise(job_id: int, folder: Path, title: str, total: int, limits: Limits, *,
               session: Session) -> tuple[str, Any] | None:
    """Run the build in a child process and watch it. Returns ("done", questions) or
    (status, reason); None when the job was ended from outside (cancelled, swept)."""
    child, receiver = _start_child(folder, title, limits)
    started = time.monotonic()
    done, percent, beat = 0, 5, 0.0
    try:
        while True:
            message = None
            if receiver.poll(POLL_SECONDS):
                try:
                    message = receiver.recv()
                except EOFError:
                    child.join(5)
                    return "failed", (f"The build process stopped unexpectedly (exit status {child.exitcode}); it may "
                                      f"have needed more than its memory limit of {limits.memory_bytes // 2**20} MB.")
            if message and message[0] == "progress":
                done += message[1]
            elif message:
                return message[0], message[1]
            now = time.monotonic()
            if now - started > limits.seconds:
                return "failed", (f"The build took longer than the limit of {limits.seconds:g} seconds and "
                                  "was stopped. Remove or split the longest sources.")
            new_percent = 5 + int(80 * min(done, total) / total)
            if new_percent != percent or now - beat >= limits.heartbeat:
                percent, beat = new_percent, now
                if not teach_repo.move_job(job_id, from_status=("running",), percent=percent, heartbeat_at=utc_now(),
                                           message="Reading the sources…", session=session):
                    _finish(job_id, "cancelled", "Cancelled.", session=session)
                    return None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def build_in_child(sender: Connection, folder: Path, title: str, limits: Limits, worker: int) -> None:
    """The child process: build under the limits, send progress and then the outcome."""
    from quizgen.build import build_deck, build_note

    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    cpu = int(limits.seconds) + 5  # the worker stops it first; this is the backstop
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    _exit_with(worker)
    try:
        generated = build_deck(folder, folder / GENERATED_FILE, write_facts_file=False, title=title,
                               progress=lambda size: sender.send(("progress", size)))
        sender.send(("done", (generated["questions"], build_note(generated))))
    except QuizgenError as error:
        sender.send(("failed", str(error)))
    except MemoryError:
        sender.send(("failed", f"The build needed more than its memory limit of {limits.memory_bytes // 2**20} MB. "
                               "Remove or split the longest sources."))
    except Exception as error:  # reported to the teacher; nothing else of the child matters
        sender.send(("failed", f"Unexpected error: {error}"))
    finally:
        sender.close()


def _exit_with(worker: int) -> None:
    """Stop the child when its worker dies (a killed worker cannot stop it)."""

    def watch() -> None:
        while True:
            try:
                os.kill(worker, 0)
            except ProcessLookupError:
                os._exit(1)
            time.sleep(1)

    threading.Thread(target=watch, daemon=True).start()
