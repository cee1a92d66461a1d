"""Sign up, log in, log out, the account page, roles."""

from __future__ import annotations

import pytest
from sqlmodel import select

from webapp.models import User

from webapp_support import PASSWORD, TEACHER_CODE, close_app, make_app, signup


def test_signup_creates_a_scrypt_hashed_account_and_logs_in(client, db):
    signup(client, "Ada@Example.org", timezone="Europe/Paris")
    user = db.exec(select(User)).one()
    assert user.email == "ada@example.org" and user.timezone == "Europe/Paris" and user.role == "learner"
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert "Your decks" in client.get("/").get_data(as_text=True)


def test_signup_rejects_bad_input_with_messages(client, db):
    response = client.post("/signup", data={"email": "not-an-email", "password": "short", "confirm": "other",
                                            "role": "learner", "timezone": "Mars/Olympus"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not an email address" in html and "passwords differ" in html
    assert db.exec(select(User)).first() is None


def test_signup_with_a_taken_email_says_so(client, app):
    signup(client, "ada@example.org")
    other = app.test_client()
    response = other.post("/signup", data={"email": "ADA@example.org", "password": PASSWORD,
                                           "confirm": PASSWORD, "role": "learner", "timezone": "UTC"})
    assert response.status_code == 422 and "exists" in response.get_data(as_text=True)


def test_login_logout_round_trip(client, app):
    signup(client, "ada@example.org")
    assert client.post("/logout").status_code == 303
    assert client.get("/decks/mini/study").status_code == 302
    wrong = client.post("/login", data={"email": "ada@example.org", "password": "nope"})
    assert wrong.status_code == 422 and "Wrong email or password" in wrong.get_data(as_text=True)
    right = client.post("/login?next=/decks/mini/stats", data={"email": "ada@example.org", "password": PASSWORD})
    assert right.status_code == 303 and right.headers["Location"] == "/decks/mini/stats"


def test_login_never_redirects_off_site(client):
    signup(client, "ada@example.org")
    client.post("/logout")
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post(f"/login?next={target}", data={"email": "ada@example.org", "password": PASSWORD})
        assert response.headers["Location"] == "/", target
        client.post("/logout")


def test_login_and_signup_pages_render(client):
    for url in ("/login", "/signup"):
        html = client.get(url).get_data(as_text=True)
        assert '<label for="email">Email</label>' in html and 'autocomplete=' in html
    assert 'data-detect-timezone' in client.get("/signup").get_data(as_text=True)


def test_account_page_changes_time_zone(client, db):
    signup(client, "ada@example.org")
    assert 'name="timezone"' in client.get("/account").get_data(as_text=True)
    response = client.post("/account", data={"display_name": "Ada", "timezone": "Asia/Baku"})
    assert response.status_code == 303
    user = db.exec(select(User)).one()
    assert (user.display_name, user.timezone) == ("Ada", "Asia/Baku")
    assert client.post("/account", data={"timezone": "Nowhere/Else"}).status_code == 422


def test_anonymous_visitors_get_the_welcome_page(client):
    html = client.get("/").get_data(as_text=True)
    assert "Sign up" in html and 'id="deck-list"' not in html


def test_teacher_pages_class_pages_included_let_only_teachers_in(client, app):
    # One rule (security.BLUEPRINT_ROLES) covers every teacher page, the class pages too.
    teacher = app.test_client()
    signup(client, "l@example.org")
    signup(teacher, "t@example.org", role="teacher")
    for path in ("/teach/", "/teach/classes"):
        assert client.get(path).status_code == 403, path
        assert teacher.get(path).status_code == 200, path
    assert client.post("/teach/classes", data={"name": "Mine"}).status_code == 403
    assert teacher.post("/teach/classes", data={"name": "Mine"}).status_code == 303


def _signup_as_teacher(client, code: str | None) -> int:
    data = {"email": "tess@example.org", "password": PASSWORD, "confirm": PASSWORD, "role": "teacher",
            "timezone": "UTC"}
    if code is not None:
        data["teacher_code"] = code
    return client.post("/signup", data=data).status_code


@pytest.mark.parametrize("code", [None, "", "a guess"])
def test_teacher_sign_up_needs_the_teacher_code(client, db, code):
    assert _signup_as_teacher(client, code) == 422
    assert db.exec(select(User)).all() == []
    assert client.get("/teach/").status_code == 302


def test_the_teacher_code_makes_a_teacher(client, db):
    assert _signup_as_teacher(client, TEACHER_CODE) == 303
    assert db.exec(select(User)).one().role == "teacher"
    assert client.get("/teach/").status_code == 200


def test_without_a_teacher_code_setting_nobody_signs_up_as_teacher(database_url, decks_dir, clock):
    app = make_app(database_url, decks_dir, clock, TEACHER_SIGNUP_CODE=None)
    try:
        client = app.test_client()
        for code in (None, "", TEACHER_CODE):
            response = client.post("/signup", data={
                "email": "tess@example.org", "password": PASSWORD, "confirm": PASSWORD, "role": "teacher",
                "timezone": "UTC", "teacher_code": code or ""})
            assert response.status_code == 422
            assert "made by the administrator" in response.get_data(as_text=True)
        # Learners still sign up freely.
        assert client.post("/signup", data={"email": "ada@example.org", "password": PASSWORD,
                                            "confirm": PASSWORD, "role": "learner", "timezone": "UTC"}
                           ).status_code == 303
    finally:
        close_app(app)


def test_make_teacher_creates_or_promotes(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["make-teacher", "tess@example.org", "--password", PASSWORD])
    assert result.exit_code == 0 and "created teacher" in result.output
    signup(app.test_client(), "ada@example.org")
    result = runner.invoke(args=["make-teacher", "ADA@example.org"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert {u.email: u.role for u in db.exec(select(User))} == {"tess@example.org": "teacher",
                                                                "ada@example.org": "teacher"}
