"""Accounts: sign up, log in, log out (here or everywhere), and the account page (name, time
zone, password). Each login is a row of its own (``login_session``), so ending it ends the cookie."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask import session as flask_session
from flask_htmx.responses import HTMXResponseClientRedirect
from flask_login import UserMixin, current_user, login_user, logout_user

from . import security
from .db import get_session
from .extensions import htmx, login_manager
from .forms import AccountForm, LoginForm, PasswordForm, SignupForm, add_error, given
from .models import User
from .repo import users
from .web import learner

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The cookie's user, if its login has not ended (logout, password change, everywhere)."""
    number, _, token = user_id.partition(":")
    if not number.isdigit() or not token:
        return None
    return users.signed_in_user(int(number), token, session=get_session())


class _NewLogin(UserMixin):
    """What ``login_user`` gets: its id in the cookie is the user id and this browser's token."""

    def __init__(self, user_id: int, token: str):
        self.id, self.token = user_id, token

    def get_id(self) -> str:
        return f"{self.id}:{self.token}"


def _log_in(user_id: int) -> None:
    """Start a login of its own for this browser, in a fresh session (and so a new CSRF token)."""
    token = users.start_session(user_id, session=get_session())
    flask_session.clear()
    login_user(_NewLogin(user_id, token))


@login_manager.unauthorized_handler
def unauthorized():
    target = url_for("auth.login", next=request.full_path if request.method == "GET" else None)
    if htmx:
        # A swap of the login page into the card area would be confusing: reload instead.
        return HTMXResponseClientRedirect(target)
    flash(login_manager.login_message, "info")
    return redirect(target)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot bounce anyone to another site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("decks.index")


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("decks.index"))
    form = SignupForm()
    if form.validate_on_submit() and _teacher_code_ok(form):
        # Limits how fast anyone can probe which emails have accounts.
        security.check_signup_allowed(session=get_session())
        try:
            user = users.create_user(given(form.email.data), given(form.password.data), role=form.role.data,
                                     timezone=form.timezone.data, display_name=form.display_name.data or "",
                                     session=get_session())
        except users.EmailTaken:
            add_error(form.email, "An account with this email exists. Log in instead?")
        else:
            assert user.id is not None
            _log_in(user.id)
            flash("Welcome! Pick a deck to start.", "success")
            return redirect(url_for("decks.index"), 303)
    return render_template("auth/signup.html", form=form), 200 if not form.errors else 422


def _teacher_code_ok(form: SignupForm) -> bool:
    """Teachers build decks on the server: signing up as one needs the TEACHER_SIGNUP_CODE
    setting's code. Without the setting, only ``flask make-teacher`` makes teachers."""
    if form.role.data != "teacher":
        return True
    wanted = current_app.config.get("TEACHER_SIGNUP_CODE")
    if not wanted:
        add_error(form.role, "Teacher accounts are made by the administrator of this site.")
        return False
    if not hmac.compare_digest(str(form.teacher_code.data or "").encode(), str(wanted).encode()):
        add_error(form.teacher_code, "That is not the teacher code.")
        return False
    return True


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("decks.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = given(form.email.data)
        # Counted per email and address whether or not the account exists, so a refusal
        # reveals nothing; counted before the password is checked, so it holds under concurrency.
        security.reserve_login_attempt(email, session=get_session())
        user = users.authenticate(email, given(form.password.data), session=get_session())
        if user is not None and user.id is not None:
            security.forget_login_attempts(email, session=get_session())
            target = _safe_next(request.args.get("next"))
            _log_in(user.id)
            return redirect(target, 303)
        add_error(form.password, "Wrong email or password.")
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
def logout():
    token = str(flask_session.get("_user_id", "")).partition(":")[2]  # (the id given to login_user)
    if token:
        users.end_session(token, session=get_session())
    return _logged_out("You are logged out.")


@bp.post("/logout/everywhere")
def logout_everywhere():
    users.end_all_sessions(current_user.id, session=get_session())
    return _logged_out("You are logged out on every device.")


def _logged_out(message: str):
    logout_user()
    flask_session.clear()
    flash(message, "info")
    return redirect(url_for("auth.login"), 303)


@bp.post("/account/password")
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        if users.change_password(learner(), given(form.current.data), given(form.password.data),
                                 session=get_session()):
            _log_in(current_user.id)  # every other login has ended; this browser gets a new one
            flash("Password changed. You are logged out everywhere else.", "success")
            return redirect(url_for("auth.account"), 303)
        add_error(form.current, "That is not your current password.")
    return render_template("auth/account.html", form=AccountForm(obj=current_user), password_form=form), 422


@bp.route("/account", methods=["GET", "POST"])
def account():
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        users.update_account(learner(), timezone=form.timezone.data,
                             display_name=form.display_name.data or "", session=get_session())
        flash("Account saved.", "success")
        return redirect(url_for("auth.account"), 303)
    return render_template("auth/account.html", form=form, password_form=PasswordForm()), \
        200 if not form.errors else 422
