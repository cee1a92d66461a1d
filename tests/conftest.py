"""Shared fixtures: a fresh, migrated database per test and a folder of fixture decks.

Tests run on SQLite by default. With QUIZGEN_TEST_DATABASE_URL set to a
PostgreSQL URL, each test gets its own schema in that database instead (made
the search_path of every connection and dropped afterwards).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@contextmanager
def fresh_database(tmp_dir: Path) -> Iterator[str]:
    """Yield the URL of an empty database that nothing else uses; clean it up after."""
    from webapp.db import scratch_database

    with scratch_database(os.environ.get("QUIZGEN_TEST_DATABASE_URL"), tmp_dir, "test") as url:
        yield url


@contextmanager
def migrated_database(tmp_dir: Path) -> Iterator[str]:
    from webapp.db import upgrade_database

    with fresh_database(tmp_dir) as url:
        upgrade_database(url)
        yield url


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, for this test alone."""
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A migrated database for this test alone."""
    with migrated_database(tmp_path) as url:
        yield url


@pytest.fixture
def database_factory(tmp_path: Path):
    """``with database_factory() as url:`` gives another migrated database (e.g. per hypothesis example)."""
    return lambda: migrated_database(tmp_path)


def copy_mini_deck(target: Path) -> Path:
    """Copy the mini fixture deck (deck.json and its sources) to ``target/mini``; return that folder."""
    folder = target / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    return folder


@pytest.fixture
def decks_dir(tmp_path: Path) -> Path:
    """A DECKS_DIR holding a private copy of the mini fixture deck."""
    root = tmp_path / "decks"
    root.mkdir()
    copy_mini_deck(root)
    return root
