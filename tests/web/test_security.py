"""CSRF protection, escaping of deck and user text, no inline script, secret key required."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from quizgen.deck import make_evidence

from webapp_support import HX, PASSWORD, Learner, close_app, make_app, signup

EVIL_TEXT = 'Report\n\nThe council said <script>alert("x")</script> the dam opened in 1931.\n'


def write_evil_deck(decks_dir: Path) -> None:
    folder = decks_dir / "evil"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "report.txt").write_text(EVIL_TEXT, "utf-8")
    start = EVIL_TEXT.index("The council")
    end = EVIL_TEXT.index("1931.") + len("1931.")
    deck = {
        "format": "quizgen-deck/1", "id": "evil", "title": "Escaping <i>check</i>",
        "sources": [{"id": "report", "title": "<b>Report</b>", "kind": "report", "path": "sources/report.txt",
                     "sha256": hashlib.sha256(EVIL_TEXT.encode()).hexdigest()}],
        "questions": [{
            "id": "q1", "kind": "date", "format": "type_in",
            "prompt": "When did the dam <img src=x onerror=alert(1)> open?", "answer": "1931",
            "accepted": [], "distractors": ["1930", "1932", "1933"],
            "evidence": [make_evidence("report", EVIL_TEXT, start, end, "1931", "the <u>council</u>")],
            "disputed_by": [],
        }],
    }
    (folder / "deck.json").write_text(json.dumps(deck), "utf-8")


@pytest.fixture
def csrf_app(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, WTF_CSRF_ENABLED=True)
    yield app
    close_app(app)


def token_from(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def test_posts_without_a_csrf_token_are_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/signup", data={"email": "a@example.org", "password": PASSWORD,
                                            "confirm": PASSWORD, "role": "learner", "timezone": "UTC"})
    assert response.status_code == 400 and "security token" in response.get_data(as_text=True)


def test_forms_and_htmx_requests_work_with_the_token(csrf_app):
    client = csrf_app.test_client()
    token = token_from(client.get("/signup").get_data(as_text=True))
    response = client.post("/signup", data={"email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD,
                                            "role": "learner", "timezone": "UTC", "csrf_token": token})
    assert response.status_code == 303
    page = client.get("/decks/mini/study").get_data(as_text=True)
    token = token_from(page)
    question = re.search(r'data-question="(\d+)"', page).group(1)
    data = {"question_id": question, "version": 0, "rating": 3}
    assert client.post("/decks/mini/study/rate", data=data, headers=HX).status_code == 400
    ok = client.post("/decks/mini/study/rate", data=data, headers={**HX, "X-CSRFToken": token})
    assert ok.status_code == 200
    assert client.post("/logout").status_code == 400


def test_deck_text_is_escaped_everywhere(database_url, decks_dir, clock):
    write_evil_deck(decks_dir)
    app = make_app(database_url, decks_dir, clock)
    try:
        client = app.test_client()
        signup(client, "ada@example.org")
        learner = Learner(client, slug="evil")
        front = learner.front().html
        assert "<img src=x" not in front and "&lt;img src=x onerror=alert(1)&gt;" in front
        back = learner.reveal(given="<script>1931</script>").html
        assert "<script>" not in back
        assert "The council said &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; the dam opened in <mark>1931</mark>." in back
        assert "&lt;b&gt;Report&lt;/b&gt;" in back and "the &lt;u&gt;council&lt;/u&gt;" in back
        source = client.get("/decks/evil/sources/report?start=8&end=80").get_data(as_text=True)
        assert "<script>alert" not in source and "&lt;script&gt;alert" in source
        decks = client.get("/").get_data(as_text=True)
        assert "Escaping &lt;i&gt;check&lt;/i&gt;" in decks
    finally:
        close_app(app)


def test_user_names_are_escaped(client):
    client.post("/signup", data={"email": "x@example.org", "password": PASSWORD, "confirm": PASSWORD,
                                 "role": "learner", "timezone": "UTC", "display_name": "<script>x</script>"})
    page = client.get("/account").get_data(as_text=True)
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_pages_have_no_inline_script_or_event_handlers(learner: Learner):
    pages = [learner.client.get(url).get_data(as_text=True)
             for url in ("/", "/decks/mini/study", "/decks/mini/stats", "/decks/mini/settings", "/account",
                         "/decks/mini/sources/mission-report?start=29&end=95")]
    learner.front()
    pages.append(learner.reveal().html)
    for html in pages:
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all('src="/static/' in tag for tag in scripts), scripts
        assert not re.search(r"\son[a-z]+\s*=", html)
        assert "hx-on" not in html and "javascript:" not in html


def test_secret_key_is_required_outside_testing(database_url, decks_dir, clock, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(database_url, decks_dir, clock, TESTING=False, SECRET_KEY=None)
