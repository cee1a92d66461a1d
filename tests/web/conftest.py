"""Fixtures for the web app tests: app, clients, a settable clock, logged-in learners."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from webapp.db import make_engine

from webapp_support import Clock, Learner, close_app, make_app, signup


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(database_url: str, decks_dir: Path, clock: Clock) -> Iterator[Flask]:
    app = make_app(database_url, decks_dir, clock)
    yield app
    close_app(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def learner(app: Flask) -> Learner:
    """A learner (UTC) logged in, studying the mini deck."""
    client = app.test_client()
    signup(client, "ada@example.org")
    return Learner(client)


@pytest.fixture
def db(app: Flask, database_url: str) -> Iterator[Session]:
    """A session of its own on the test database, for looking at what the app stored."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()
