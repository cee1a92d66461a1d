"""The build worker: takes deck builds off the queue and runs them (see ``webapp.services.jobs``).

    python -m webapp.build_worker [--workers 1]

It reads the same settings as the web app (``DATABASE_URL``, ``BUILD_QUEUE_URL``,
``FLASK_BUILD_*``) and needs no ``SECRET_KEY``: it serves no requests. Run one or
more beside the web app; ``python3 dev.py run`` starts one. Every few seconds it
also marks failed the builds of workers that died (no heartbeat).
"""

from __future__ import annotations

import logging
import secrets
import threading

import click
from flask import Flask

from . import create_app, db
from .services import jobs

SWEEP_SECONDS = 10


def sweep_forever(app: Flask, stop: threading.Event) -> None:
    while not stop.wait(SWEEP_SECONDS):
        try:
            with app.app_context():
                jobs.sweep(app, session=db.get_session())
        except Exception:  # a database hiccup must not end the sweeping
            logging.getLogger(__name__).exception("sweeping dead builds failed")


@click.command()
@click.option("--workers", default=1, show_default=True, type=int, help="Builds to run at the same time.")
def main(workers: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = create_app({"IMPORT_DECKS_ON_START": False, "SECRET_KEY": secrets.token_hex(32)})
    stop = threading.Event()
    threading.Thread(target=sweep_forever, args=(app, stop), daemon=True, name="sweep").start()
    consumer = jobs.builds(app).create_consumer(workers=workers, worker_type="thread", periodic=False)
    try:
        consumer.run()
    finally:
        stop.set()
        db.dispose_engine(app)


if __name__ == "__main__":
    main()
