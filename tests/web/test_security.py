"""CSRF protection, escaping of deck and user text, no inline script, secret key required;
security headers, cookie flags, who may open which page, and the login and sign-up rate limits."""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import threading
import time
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from quizgen.deck import make_evidence

from webapp_support import HX, PASSWORD, TEACHER_CODE, Learner, close_app, make_app, signup

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
            "evidence": [make_evidence("report", EVIL_TEXT, start, end, EVIL_TEXT.index("1931", start), "1931",
                                       "the <u>council</u>")],
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
        assert ("The council said &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; the dam opened in <mark>1931</mark>."
                in back)
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


# --- production hardening: every state change needs CSRF, headers, cookies, access, rate limits --

def _example_url(rule) -> str:
    """A concrete URL for ``rule``: the mini deck for slugs, 1 for numbers, "x" for the rest."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if hasattr(converter, "items"):  # any(a, b, c)
            values[name] = sorted(converter.items)[0]
        elif type(converter).__name__ in ("IntegerConverter", "FloatConverter"):
            values[name] = 1
        else:
            values[name] = "mini" if name == "slug" else "x"
    return rule.build(values, append_unknown=False)[1]


def _teacher_client(app):
    client = app.test_client()
    token = token_from(client.get("/signup").get_data(as_text=True))
    client.post("/signup", data={"email": "t@example.org", "password": PASSWORD, "confirm": PASSWORD,
                                 "role": "teacher", "timezone": "UTC", "csrf_token": token,
                                 "teacher_code": TEACHER_CODE})
    return client


def test_every_state_changing_route_refuses_a_request_without_csrf_token(csrf_app):
    client = _teacher_client(csrf_app)
    changing = [(rule, method) for rule in csrf_app.url_map.iter_rules()
                for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"})]
    assert len(changing) >= 4  # signup, login, logout, rate, undo, ... all found
    for rule, method in changing:
        response = client.open(_example_url(rule), method=method, data={"rating": 3}, headers=HX)
        assert response.status_code == 400, (rule.rule, method, response.status_code)


def test_anonymous_visitors_reach_only_public_pages(app):
    from webapp.security import PUBLIC_ENDPOINTS

    client = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        response = client.get(_example_url(rule))
        assert response.status_code == 302 and "/login" in response.headers["Location"], rule.rule
        checked += 1
    assert checked >= 5
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_teacher_blueprints_turn_learners_away(app):
    from webapp.security import BLUEPRINT_ROLES

    client = app.test_client()
    signup(client, "l@example.org")
    restricted = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods
                  and BLUEPRINT_ROLES.get(rule.endpoint.rpartition(".")[0]) == "teacher"]
    for rule in restricted:
        assert client.get(_example_url(rule)).status_code == 403, rule.rule


def test_security_headers_once_on_pages_fragments_errors_redirects_and_static_files(learner: Learner):
    from webapp.security import SECURITY_HEADERS

    responses = [learner.client.get("/"), learner.client.get("/decks/mini/study", headers=HX),
                 learner.client.get("/no/such/page"), learner.client.get("/static/app.js"),
                 learner.client.get("/healthz"), learner.client.get("/signup")]
    for response in responses:
        assert all(len(response.headers.getlist(name)) == 1 for name in SECURITY_HEADERS), response.headers
        policy = {part.split()[0]: part.split()[1:] for part in
                  response.headers["Content-Security-Policy"].split("; ")}
        assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers  # plain http here
        response.close()  # the static file is streamed from an open file


def _session_cookie(response) -> str:
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


@pytest.mark.parametrize(("base_url", "setting", "secure"), [
    ("https://quiz.example.org", None, True),
    ("http://quiz.example.org", None, True),     # a public host: the cookie must not travel unencrypted
    ("http://127.0.0.1:8000", None, True),       # a Host header saying "loopback" changes nothing
    ("http://localhost", None, True),
    ("http://127.0.0.1:8000", False, False),     # a local run over plain http says so in its settings
    ("http://quiz.example.org", False, False),   # explicitly switched off
])
def test_session_cookie_flags_outside_testing(database_url, decks_dir, clock, base_url, setting, secure):
    app = make_app(database_url, decks_dir, clock, TESTING=False, SECURE_COOKIES=setting)
    try:
        client = app.test_client()
        response = client.post("/signup", base_url=base_url, data={
            "email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD, "role": "learner",
            "timezone": "UTC"})
        cookie = _session_cookie(response)
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is secure
        assert ("Strict-Transport-Security" in response.headers) is base_url.startswith("https")
    finally:
        close_app(app)


def test_a_local_run_serves_cookies_without_secure_only_on_a_loopback_address():
    from webapp.serve import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.4") and not is_loopback("quiz.example.org")


def test_in_debug_or_tests_the_scheme_seen_through_the_proxy_decides(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, PROXY_FIX=1)
    try:
        def cookie(headers: dict) -> str:
            return _session_cookie(app.test_client().post("/signup", base_url="http://quiz.example.org",
                                                          headers=headers, data={
                "email": f"a{len(headers)}@example.org", "password": PASSWORD, "confirm": PASSWORD,
                "role": "learner", "timezone": "UTC"}))
        assert "Secure" not in cookie({})
        assert "Secure" in cookie({"X-Forwarded-Proto": "https"})
    finally:
        close_app(app)


def test_behind_a_proxy_forwarded_https_makes_cookies_secure(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, TESTING=False, PROXY_FIX=1)
    try:
        response = app.test_client().post(
            "/signup", base_url="http://127.0.0.1:8000", headers={"X-Forwarded-Proto": "https"},
            data={"email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD, "role": "learner",
                  "timezone": "UTC"})
        assert "Secure" in _session_cookie(response)
    finally:
        close_app(app)


def test_a_new_secret_key_ends_old_sessions_unless_the_old_key_is_a_fallback(app, learner: Learner):
    # The session cookie's signing serializer is kept per set of keys: changing the keys must
    # still change which cookies are accepted.
    page = "/decks/mini/study"
    assert learner.client.get(page).status_code == 200
    app.config["SECRET_KEY_FALLBACKS"] = [app.secret_key]
    app.secret_key = "a-new-secret-key-for-this-test"
    assert learner.client.get(page).status_code == 200  # signed with the old key, still accepted
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert learner.client.get(page).status_code == 302  # signed out: the old key is no longer accepted


def _login(client, email: str, password: str) -> int:
    return client.post("/login", data={"email": email, "password": password}).status_code


def test_login_attempts_are_throttled_per_email_and_address_the_same_for_unknown_accounts(
        database_url, decks_dir, clock):
    throttle = {"LOGIN_THROTTLE": (3, 60, 900)}
    app = make_app(database_url, decks_dir, clock, **throttle)
    other_worker = make_app(database_url, decks_dir, clock, IMPORT_DECKS_ON_START=False, **throttle)
    try:
        signup(app.test_client(), "ada@example.org")
        known, unknown = app.test_client(), app.test_client()
        known_statuses = [_login(known, "ada@example.org", "wrong password") for _ in range(3)]
        unknown_statuses = [_login(unknown, "nobody@example.org", "wrong password") for _ in range(3)]
        assert known_statuses == unknown_statuses == [422, 422, 422]
        # The count lives in the database: another worker process refuses too, even the right password.
        assert _login(other_worker.test_client(), "ADA@example.org", PASSWORD) == 429
        assert _login(other_worker.test_client(), "nobody@example.org", PASSWORD) == 429
        refused = app.test_client().post("/login", data={"email": "ada@example.org", "password": PASSWORD})
        assert refused.headers["Retry-After"] == "60"
        assert _login(app.test_client(), "grace@example.org", "wrong password") == 422  # other emails unaffected
    finally:
        close_app(app)
        close_app(other_worker)


def test_the_wait_grows_with_each_attempt_after_the_free_ones(app_with_throttle, clock):
    client = app_with_throttle.test_client()

    def attempt() -> tuple[int, str | None]:
        response = client.post("/login", data={"email": "ada@example.org", "password": "wrong password"})
        return response.status_code, response.headers.get("Retry-After")

    assert [attempt() for _ in range(2)] == [(422, None)] * 2
    waits = []
    for _ in range(5):
        status, wait = attempt()
        assert status == 429 and wait is not None
        waits.append(int(wait))
        clock.advance(seconds=int(wait))
        assert attempt() == (422, None)
    assert waits == [10, 20, 40, 80, 100]


@pytest.fixture
def app_with_throttle(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, LOGIN_THROTTLE=(2, 10, 100))
    yield app
    close_app(app)


def test_nobody_can_lock_the_owner_out_from_another_address(app_with_throttle):
    app = app_with_throttle
    signup(app.test_client(), "ada@example.org")
    attacker = app.test_client()
    for _ in range(20):
        attacker.post("/login", data={"email": "ada@example.org", "password": "guess"},
                      environ_base={"REMOTE_ADDR": "203.0.113.66"})
    assert attacker.post("/login", data={"email": "ada@example.org", "password": PASSWORD},
                         environ_base={"REMOTE_ADDR": "203.0.113.66"}).status_code == 429
    owner = app.test_client().post("/login", data={"email": "ada@example.org", "password": PASSWORD},
                                   environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert owner.status_code == 303


def test_failures_at_a_shared_address_do_not_lock_out_its_other_users(app_with_throttle):
    app = app_with_throttle
    signup(app.test_client(), "ada@example.org")
    school = {"REMOTE_ADDR": "192.0.2.10"}
    for n in range(150):
        app.test_client().post("/login", data={"email": f"pupil{n % 30}@example.org", "password": "typo"},
                               environ_base=school)
    assert app.test_client().post("/login", data={"email": "ada@example.org", "password": PASSWORD},
                                  environ_base=school).status_code == 303


def test_concurrent_wrong_passwords_get_no_more_checks_than_the_throttle_allows(database_url, decks_dir, clock,
                                                                                 monkeypatch):
    from webapp.repo import users

    app = make_app(database_url, decks_dir, clock, LOGIN_THROTTLE=(5, 60, 900))
    checks: list[str] = []
    authenticate = users.authenticate

    def counting(email, password, *, session):
        checks.append(email)
        return authenticate(email, password, session=session)

    monkeypatch.setattr(users, "authenticate", counting)
    barrier = threading.Barrier(16)
    statuses: list[int] = []

    def guess() -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(_login(client, "ada@example.org", "wrong password"))

    try:
        threads = [threading.Thread(target=guess) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        close_app(app)
    assert len(checks) == 5
    assert sorted(statuses) == [422] * 5 + [429] * 11


def test_a_successful_login_clears_the_count(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, LOGIN_THROTTLE=(3, 60, 900))
    try:
        signup(app.test_client(), "ada@example.org")
        client = app.test_client()
        for _ in range(2):
            assert _login(client, "ada@example.org", "wrong password") == 422
        assert _login(client, "ada@example.org", PASSWORD) == 303
        client.post("/logout")
        assert [_login(client, "ada@example.org", "wrong password") for _ in range(3)] == [422] * 3
    finally:
        close_app(app)


def test_signups_are_limited_per_address(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, SIGNUPS_PER_ADDRESS=(2, 3600))
    try:
        statuses = [app.test_client().post("/signup", data={
            "email": f"s{n}@example.org", "password": PASSWORD, "confirm": PASSWORD, "role": "learner",
            "timezone": "UTC"}).status_code for n in range(3)]
        assert statuses == [303, 303, 429]
    finally:
        close_app(app)


# --- sessions end when they should ----------------------------------------------------------------

def _copy_of_cookie(client) -> FlaskClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    copy = client.application.test_client()
    cookie = client.get_cookie("session")
    copy.set_cookie("session", cookie.value)
    return copy


def _logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_logout_ends_the_session_even_for_a_copied_cookie(client):
    signup(client, "ada@example.org")
    copy = _copy_of_cookie(client)
    assert _logged_in(copy)
    client.post("/logout")
    assert not _logged_in(client) and not _logged_in(copy)


def test_a_login_token_counts_only_for_the_user_it_was_given_to(app):
    ada, bob = app.test_client(), app.test_client()
    signup(ada, "ada@example.org")
    signup(bob, "bob@example.org")
    with ada.session_transaction() as cookie:
        ada_token = cookie["_user_id"].partition(":")[2]
    with bob.session_transaction() as cookie:
        bob_id = cookie["_user_id"].partition(":")[0]
        cookie["_user_id"] = f"{bob_id}:{ada_token}"  # Bob's id with Ada's live token
    assert _logged_in(ada) and not _logged_in(bob)


def test_logging_out_one_browser_keeps_the_others(app):
    signup(app.test_client(), "ada@example.org")
    laptop, phone = app.test_client(), app.test_client()
    assert _login(laptop, "ada@example.org", PASSWORD) == _login(phone, "ada@example.org", PASSWORD) == 303
    laptop.post("/logout")
    assert not _logged_in(laptop) and _logged_in(phone)


def test_log_out_everywhere_ends_every_session(app):
    first = app.test_client()
    signup(first, "ada@example.org")
    second = app.test_client()
    assert _login(second, "ada@example.org", PASSWORD) == 303
    copy = _copy_of_cookie(first)
    assert first.post("/logout/everywhere").status_code == 303
    assert not any(_logged_in(c) for c in (first, second, copy))


def test_changing_the_password_ends_other_sessions_and_copies_and_keeps_this_browser(app):
    client = app.test_client()
    signup(client, "ada@example.org")
    other = app.test_client()
    assert _login(other, "ada@example.org", PASSWORD) == 303
    copy = _copy_of_cookie(client)
    wrong = client.post("/account/password", data={"current": "not it", "password": "a brand new secret",
                                                   "confirm": "a brand new secret"})
    assert wrong.status_code == 422 and "not your current password" in wrong.get_data(as_text=True)
    assert _logged_in(other)
    response = client.post("/account/password", data={"current": PASSWORD, "password": "a brand new secret",
                                                      "confirm": "a brand new secret"})
    assert response.status_code == 303
    assert _logged_in(client)
    assert not _logged_in(other) and not _logged_in(copy)
    assert _login(app.test_client(), "ada@example.org", "a brand new secret") == 303


def test_logging_in_starts_a_fresh_session_with_a_new_csrf_token(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, WTF_CSRF_ENABLED=True)
    try:
        with app.app_context():
            from webapp.db import get_session
            from webapp.repo.users import create_user
            create_user("ada@example.org", PASSWORD, session=get_session())
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        with client.session_transaction() as before:
            before_token = before["csrf_token"]
        assert client.post("/login", data={"email": "ada@example.org", "password": PASSWORD,
                                           "csrf_token": token}).status_code == 303
        with client.session_transaction() as after:
            assert after.get("csrf_token") != before_token
    finally:
        close_app(app)


def test_login_takes_as_long_for_unknown_accounts_as_for_wrong_passwords(client):
    client.application.config["LOGIN_THROTTLE"] = (20, 1, 900)  # twelve attempts, none of them refused
    signup(client, "ada@example.org")
    client.post("/logout")

    def seconds(email: str) -> float:
        started = time.perf_counter()
        assert _login(client, email, "wrong password") == 422
        return time.perf_counter() - started

    # Alternate the two kinds so that a busy machine slows both alike.
    pairs = [(seconds("ada@example.org"), seconds("nobody@example.org")) for _ in range(6)]
    known = statistics.median(pair[0] for pair in pairs)
    unknown = statistics.median(pair[1] for pair in pairs)
    assert 0.5 < unknown / known < 2, (known, unknown)


def test_no_template_needs_an_exception_to_the_content_security_policy():
    """Inline scripts, event-handler attributes, javascript: links and style attributes would all be
    blocked by the policy; none may appear in any template, teacher pages included."""
    templates = Path(__file__).resolve().parents[2] / "webapp" / "templates"
    files = sorted(templates.rglob("*.html"))
    assert len(files) > 10
    for path in files:
        html = path.read_text("utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, (path.name, tag)
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I), path.name
        assert not re.search(r"<[a-z][^>]*\sstyle\s*=", html, re.I), path.name
        assert "javascript:" not in html and "<style" not in html, path.name
