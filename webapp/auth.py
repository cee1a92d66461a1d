"""Accounts: sign up, log in, log out, and the account page (name, time zone)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_htmx.responses import HTMXResponseClientRedirect
from flask_login import current_user, login_user, logout_user

from . import security
from .db import get_session
from .extensions import htmx, login_manager
from .forms import AccountForm, LoginForm, SignupForm, add_error, given
from .models import User
from .repo import users

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return users.get_user(int(user_id), session=get_session()) if user_id.isdigit() else None


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
    if form.validate_on_submit():
        # Limits how fast anyone can probe which emails have accounts.
        security.check_signup_allowed(session=get_session())
        try:
            user = users.create_user(given(form.email.data), given(form.password.data), role=form.role.data,
                                     timezone=form.timezone.data, display_name=form.display_name.data or "",
                                     session=get_session())
        except users.EmailTaken:
            add_error(form.email, "An account with this email exists. Log in instead?")
        else:
            login_user(user)
            flash("Welcome! Pick a deck to start.", "success")
            return redirect(url_for("decks.index"), 303)
    return render_template("auth/signup.html", form=form), 200 if not form.errors else 422


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("decks.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = given(form.email.data)
        # Counted per email whether or not the account exists, so a refusal reveals nothing.
        security.check_login_allowed(email, session=get_session())
        user = users.authenticate(email, given(form.password.data), session=get_session())
        if user is not None:
            security.forget_login_failures(email, session=get_session())
            login_user(user)
            return redirect(_safe_next(request.args.get("next")), 303)
        security.record_login_failure(email, session=get_session())
        add_error(form.password, "Wrong email or password.")
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
def logout():
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"), 303)


@bp.route("/account", methods=["GET", "POST"])
def account():
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        users.update_account(current_user.id, timezone=form.timezone.data,
                             display_name=form.display_name.data or "", session=get_session())
        flash("Account saved.", "success")
        return redirect(url_for("auth.account"), 303)
    return render_template("auth/account.html", form=form), 200 if not form.errors else 422
