"""Fixtures for the browser tests: the app on a live loopback port and a real Chromium.

``live_server`` runs the web app in a background thread (werkzeug's own server)
on a free port, against a fresh migrated database (``database_url``), a
private copy of the fixture decks (``decks_dir``; a test module may override
that fixture to serve other decks) and a folder for teachers' decks
(``teacher_dir``). It comes with a demo learner and a demo teacher.
``browser`` is Debian's Chromium driven by Playwright; ``page`` is a fresh
context for one test that records console errors and uncaught page errors in
``page_problems``. ``login(page, email, password)`` logs in through
the form; ``screenshot(page, state)`` saves a PNG under test-artifacts/browser/;
``study`` drives the study page by keyboard.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright
from sqlmodel import select
from werkzeug.serving import make_server

from webapp import create_app, db
from webapp.models import Question
from webapp.repo.users import ensure_user

from webapp_support import run_builds

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "practise with sources"
# Playwright waits this long for a swap or a navigation before failing the test.
TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Account:
    email: str
    password: str


@dataclass
class LiveServer:
    """The running app: its address, the Flask app (for looking into the database), and its users."""

    url: str
    app: Flask
    decks_dir: Path
    learner: Account
    teacher: Account

    def address(self, path: str) -> str:
        return self.url + path


def midday_clock() -> Callable[[], datetime]:
    """Real time moving on from today's noon (UTC), so a test never straddles the 4 AM day change."""
    noon = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    started = time.monotonic()
    return lambda: noon + timedelta(seconds=time.monotonic() - started)


def _build_worker(app, stop: threading.Event) -> None:
    """A build worker in a thread: runs whatever the live server queues."""
    while not stop.wait(0.2):
        run_builds(app)


def _whole_responses(app: Flask) -> Callable:
    """The app with each response read to its end (and closed) before werkzeug sends it: a browser
    that drops a request for a static file mid-way (Chromium does, for a favicon) would otherwise
    leave the file open in the server thread, a ResourceWarning the test run treats as an error."""
    def wsgi(environ: dict, start_response: Callable) -> list[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()
    return wsgi


@pytest.fixture
def live_server(database_url: str, decks_dir: Path, teacher_dir: Path) -> Iterator[LiveServer]:
    app = create_app({"DATABASE_URL": database_url, "DECKS_DIR": str(decks_dir), "TEACHER_DECKS_DIR": str(teacher_dir),
                      "SECRET_KEY": "browser-test-secret", "CLOCK": midday_clock(),
                      "BUILD_QUEUE_URL": f"sqlite:///{decks_dir.parent / 'build-queue.sqlite3'}"})
    learner = Account("learner@example.org", PASSWORD)
    teacher = Account("teacher@example.org", PASSWORD)
    with app.app_context():
        ensure_user(learner.email, learner.password, role="learner", display_name="Demo learner",
                    session=db.get_session())
        ensure_user(teacher.email, teacher.password, role="teacher", display_name="Demo teacher",
                    session=db.get_session())
    # Threaded, so htmx requests and page loads from the same browser never queue behind each other.
    server = make_server("127.0.0.1", 0, _whole_responses(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    stop_worker = threading.Event()
    worker = threading.Thread(target=_build_worker, args=(app, stop_worker), name="build-worker", daemon=True)
    worker.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, decks_dir, learner, teacher)
    finally:
        stop_worker.set()
        worker.join(timeout=60)
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        app.extensions["quizgen_engine"].dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:  # only started when a test asks for the browser
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@dataclass
class PageProblems:
    """What went wrong inside the page: console errors (CSP violations land here) and JS exceptions."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} (at {message.location.get('url')})")

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def assert_none(self) -> None:
        assert self.console_errors == [], "console errors in the page"
        assert self.page_errors == [], "uncaught JavaScript errors in the page"


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, page_problems: PageProblems) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 800},
                                  locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.on("console", page_problems.on_console)
    tab.on("pageerror", page_problems.on_page_error)
    yield tab
    context.close()


@pytest.fixture
def login() -> Callable[[Page, str, str], None]:
    """login(page, email, password): log in through the form and wait to leave the login page."""
    def log_in(page: Page, email: str, password: str) -> None:
        page.goto("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/login" not in url)
    return log_in


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture
def screenshot(request: pytest.FixtureRequest, artifacts_dir: Path) -> Callable[[Page, str], Path]:
    """screenshot(page, "state-name"): save a full-page PNG named after the test and the state."""
    test_name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")

    def shoot(page: Page, state: str) -> Path:
        path = artifacts_dir / f"{test_name}--{state}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return shoot


FOCUS_ON_CARD = "() => !!document.activeElement && document.activeElement.matches('#study [data-focus]')"


class Study:
    """Drives the study page the way a learner does: through the keyboard, one swap at a time.

    It reads the page through the hooks the templates promise (``#card`` with
    ``data-side``/``data-question``, ``data-option-index``, ``#answer-input``,
    ``#done``), never through its wording.
    """

    def __init__(self, page: Page, live_server: LiveServer):
        self.page = page
        self.live_server = live_server

    @property
    def card(self):
        return self.page.locator("#card")

    def side(self) -> str | None:
        return self.card.get_attribute("data-side") if self.card.count() else None

    def question_id(self) -> int:
        return int(self.card.get_attribute("data-question"))

    def question(self) -> Question:
        """The shown question as the app stored it (to know the right answer)."""
        with self.live_server.app.app_context():
            return db.get_session().get(Question, self.question_id())

    def all_questions(self) -> list[Question]:
        """Every question the app imported, in deck order."""
        with self.live_server.app.app_context():
            return list(db.get_session().exec(select(Question).order_by(Question.deck_id, Question.position)))

    def focus_is_on_card(self) -> bool:
        return self.page.evaluate(FOCUS_ON_CARD)

    def is_done(self) -> bool:
        return self.page.locator("#done").count() > 0

    def wait_for_swap(self, selector: str) -> None:
        """Wait until htmx has swapped in what ``selector`` finds and moved focus into the new card."""
        self.page.wait_for_selector(selector)
        self.page.wait_for_function(FOCUS_ON_CARD)

    def options(self) -> list[str]:
        labels = self.page.locator("[data-option-index]").all_inner_texts()
        return [re.sub(r"^\s*\d+\s*", "", label).strip() for label in labels]

    def pick(self, option_text: str) -> None:
        """Press the number key of the option with this text."""
        index = self.options().index(option_text) + 1
        self.page.keyboard.press(str(index))
        self.wait_for_swap("#card[data-side=back]")

    def type_answer(self, text: str) -> None:
        """Type into the focused answer field and press Enter."""
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")
        self.wait_for_swap("#card[data-side=back]")

    def answer_correctly(self) -> None:
        assert self.side() == "front", "answer_correctly needs a card's front"
        question = self.question()
        if self.page.locator("[data-option-index]").count():
            self.pick(question.answer)
        else:
            self.type_answer(question.answer)

    def rate(self, key: str) -> None:
        """Press a rating key (1-4, or Space/Enter for the suggested rating) on the back."""
        self.page.keyboard.press(key)
        self.wait_for_swap("#card[data-side=front], #done")

    def undo(self) -> None:
        """Press Ctrl+Z and wait for the undone card to come back with its notice."""
        self.page.keyboard.press("Control+z")
        self.wait_for_swap("#study .notice")

    def finish(self, *, limit: int = 20) -> None:
        """Answer every remaining card correctly and rate it Easy until the day is done."""
        for _ in range(limit):
            if self.is_done():
                return
            self.answer_correctly()
            self.rate("4")
        raise AssertionError(f"still not done for today after {limit} cards")


@pytest.fixture
def study(page: Page, live_server: LiveServer) -> Study:
    return Study(page, live_server)
