"""Helpers for driving the web app through Flask's test client.

They read the page through the stable hooks the templates promise (``#card``
with ``data-question``/``data-version``/``data-side``, ``data-rating``,
``data-option-index``, ``#undo``, ``#done``) rather than through its prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from webapp import create_app
from webapp.services import jobs

PASSWORD = "correct horse battery"
HX = {"HX-Request": "true"}


class Clock:
    """A settable clock for the app's CLOCK setting."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self.now = moment


TEACHER_CODE = "staff-room-2026"  # the TEACHER_SIGNUP_CODE of apps made by make_app


def make_app(database_url: str, decks_dir: Path, clock: Clock, **overrides: Any) -> Flask:
    config = {"TESTING": True, "DATABASE_URL": database_url, "DECKS_DIR": str(decks_dir),
              "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False, "CLOCK": clock,
              "BUILD_QUEUE_URL": f"sqlite:///{decks_dir.parent / 'build-queue.sqlite3'}",
              "TEACHER_SIGNUP_CODE": TEACHER_CODE}
    config.update(overrides)
    return create_app(config)


def close_app(app: Flask) -> None:
    app.extensions["quizgen_engine"].dispose()


def signup(client: FlaskClient, email: str, *, timezone: str = "UTC", role: str = "learner") -> None:
    response = client.post("/signup", data={"email": email, "password": PASSWORD, "confirm": PASSWORD,
                                            "role": role, "timezone": timezone, "teacher_code": TEACHER_CODE})
    assert response.status_code == 303, response.get_data(as_text=True)


@dataclass
class Page:
    """What a study page or fragment shows."""

    html: str
    status: int

    def _attr(self, name: str) -> str | None:
        card = re.search(r'<article id="card"[^>]*>', self.html)
        found = card and re.search(rf'{name}="([^"]*)"', card.group(0))
        return found.group(1) if found else None

    @property
    def question_id(self) -> int | None:
        value = self._attr("data-question")
        return int(value) if value else None

    @property
    def version(self) -> int | None:
        value = self._attr("data-version")
        return int(value) if value else None

    @property
    def side(self) -> str | None:
        return self._attr("data-side")

    @property
    def done(self) -> bool:
        return 'id="done"' in self.html

    @property
    def options(self) -> list[str]:
        return [re.sub(r"<kbd>\d+</kbd>\s*", "", label).strip() for label in
                re.findall(r'data-option-index="\d+">(.*?)</button>', self.html, re.S)]

    @property
    def review_id(self) -> int | None:
        found = re.search(r'name="review_id" value="(\d+)"', self.html)
        return int(found.group(1)) if found else None

    @property
    def counts(self) -> tuple[int, int, int]:
        numbers = [int(re.search(rf'class="count-{kind}">(\d+)', self.html).group(1))
                   for kind in ("new", "learning", "due")]
        return numbers[0], numbers[1], numbers[2]

    @property
    def intervals(self) -> dict[int, str]:
        return {int(rating): interval for rating, interval in re.findall(
            r'data-rating="(\d)".*?class="interval">([^<]+)<', self.html, re.S)}


@dataclass
class Learner:
    """One learner studying one deck through the htmx endpoints."""

    client: FlaskClient
    slug: str = "mini"
    page: Page | None = field(default=None)

    def _keep(self, response) -> Page:
        self.page = Page(response.get_data(as_text=True), response.status_code)
        return self.page

    def front(self) -> Page:
        return self._keep(self.client.get(f"/decks/{self.slug}/study", headers=HX))

    def reveal(self, *, given: str | None = None, choice: int | None = None) -> Page:
        page = self.page if self.page and self.page.side == "front" else self.front()
        query: dict[str, Any] = {"v": page.version}
        if given is not None:
            query["given"] = given
        if choice is not None:
            query["choice"] = choice
        return self._keep(self.client.get(f"/decks/{self.slug}/study/{page.question_id}/answer",
                                          query_string=query, headers=HX))

    def rate(self, rating: int, *, question_id: int | None = None, version: int | None = None) -> Page:
        page = self.page
        data = {"question_id": question_id if question_id is not None else page.question_id,
                "version": version if version is not None else page.version, "rating": rating}
        return self._keep(self.client.post(f"/decks/{self.slug}/study/rate", data=data, headers=HX))

    def undo(self, review_id: int | None = None) -> Page:
        review = review_id if review_id is not None else self.page.review_id
        return self._keep(self.client.post(f"/decks/{self.slug}/study/undo",
                                           data={"review_id": review}, headers=HX))


def run_builds(app: Flask) -> int:
    """Run every queued build here and now, one after another, as a build worker would."""
    queue = jobs.builds(app)
    count = 0
    while (task := queue.dequeue()) is not None:
        queue.execute(task)
        count += 1
    return count
