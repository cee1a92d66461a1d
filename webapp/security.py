"""Production safety: response headers, cookie flags, who may see what, and rate limits.

``init_app`` installs all of it:

* headers on every response: a strict Content-Security-Policy (the pages load
  only their own static files; no inline script exists to allow), nosniff,
  a same-origin referrer, no framing;
* cookie flags: HttpOnly and SameSite=Lax always; Secure unless the app runs
  in debug or testing mode over plain http, or ``SECURE_COOKIES`` is false
  (``webapp.serve`` sets it for a local run on the loopback address). The
  client's Host header plays no part. ``PROXY_FIX`` = N trusts N reverse
  proxies' X-Forwarded-* headers so an https proxy in front of gunicorn is
  recognised;
* who may enter which page, in one place (``_enforce_access``): every endpoint
  needs a logged-in user unless it is listed in ``PUBLIC_ENDPOINTS``, and every
  page of a blueprint in ``BLUEPRINT_ROLES`` needs that role (the ``teach``
  blueprint, which holds every teacher page, class pages included: teacher).
  Views add no rules of their own; they only scope what they show to the user
  (a learner's own cards, a teacher's own decks and classes);
* limits kept in the database, so every gunicorn worker sees the same counts:
  login attempts per email and address (table ``login_throttle``; a growing
  wait, counted atomically) and sign-ups per address (table ``rate_event``).
  The counts never depend on whether an account exists.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, abort, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete, func, select
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import login_manager
from .models import LoginThrottle, RateEvent, utc_now
from .repo.users import normalise_email

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; object-src 'none'; "
                                "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Reachable without logging in. Everything else needs a session.
PUBLIC_ENDPOINTS = {"static", "healthz", "auth.login", "auth.signup", "auth.logout", "decks.index"}
# Blueprint name -> the role every one of its pages needs.
BLUEPRINT_ROLES: dict[str, str] = {"teach": "teacher"}

# Sign-ups per address: (allowed, window in seconds). Generous, because a whole class may share one
# school address. A setting: SIGNUPS_PER_ADDRESS.
DEFAULT_SIGNUPS_PER_ADDRESS = (100, 60 * 60)
# Logins per email and address: attempts without waiting, then the first wait and the longest
# (seconds); each further attempt doubles the wait. A setting: LOGIN_THROTTLE.
DEFAULT_LOGIN_THROTTLE = (5, 1.0, 15 * 60.0)


class TooManyAttempts(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"too many attempts; retry after {retry_after} s")
        self.retry_after = retry_after


# --- rate limits -------------------------------------------------------------------------------

def _login_key(email: str) -> str:
    """Attempts are counted per email *and* address, so nobody elsewhere can lock an owner out."""
    return f"{normalise_email(email)}|{request.remote_addr}"[:320]


def _delay(attempts: Any, free: int, first: float, longest: float) -> Any:
    """SQL for the wait after the ``attempts``-th attempt: none before ``free`` attempts, then
    ``first`` seconds, doubling each time up to ``longest``."""
    steps, k = [], 0
    while first * 2 ** k < longest:
        steps.append((attempts == free + k, first * 2 ** k))
        k += 1
    return sa.case((attempts < free, 0.0), *steps, else_=longest)


def reserve_login_attempt(email: str, *, session: Session) -> None:
    """Count one login attempt for ``email`` from this address, or raise TooManyAttempts.

    One statement does both, so concurrent attempts can never get more password checks
    than the throttle allows: an upsert that only updates the row while its wait is over."""
    free, first, longest = current_app.config.get("LOGIN_THROTTLE", DEFAULT_LOGIN_THROTTLE)
    free, first, longest = int(free), float(first), float(longest)
    now = current_app.config["CLOCK"]().timestamp()
    key = _login_key(email)
    table = LoginThrottle.__table__
    insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(table)
    # A quiet spell as long as the longest wait starts the count afresh.
    attempts = sa.case((table.c.last_at < now - longest, 1), else_=table.c.attempts + 1)
    statement = insert.values(key=key, attempts=1, last_at=now,
                              next_at=now + (first if free <= 1 else 0.0)).on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"attempts": attempts, "last_at": now, "next_at": now + _delay(attempts, free, first, longest)},
        where=table.c.next_at <= now,
    ).returning(table.c.attempts)
    counted = session.execute(statement).first()
    session.commit()
    if counted is None:
        next_at = session.execute(sa.select(table.c.next_at).where(table.c.key == key)).scalar_one()
        raise TooManyAttempts(max(1, math.ceil(next_at - now)))


def forget_login_attempts(email: str, *, session: Session) -> None:
    """A successful login clears the count for this email and address."""
    session.execute(sa.delete(LoginThrottle).where(col(LoginThrottle.key) == _login_key(email)))
    session.commit()


def check_signup_allowed(*, session: Session) -> None:
    """Count a sign-up from this address, or raise TooManyAttempts once the window's are used up
    (events older than the window are dropped)."""
    allowed, window = current_app.config.get("SIGNUPS_PER_ADDRESS", DEFAULT_SIGNUPS_PER_ADDRESS)
    key, since = f"signup-address:{request.remote_addr}", utc_now() - timedelta(seconds=int(window))
    recent = select(func.count()).select_from(RateEvent).where(RateEvent.key == key, col(RateEvent.at) >= since)
    if session.exec(recent).one() >= int(allowed):
        raise TooManyAttempts(int(window))
    session.exec(delete(RateEvent).where(col(RateEvent.at) < since))
    session.add(RateEvent(key=key, at=utc_now()))
    session.commit()


# --- access control ----------------------------------------------------------------------------

def _enforce_access() -> Response | None:
    endpoint = request.endpoint
    if endpoint is None or endpoint in PUBLIC_ENDPOINTS:
        return None  # unknown URLs fall through to the 404 page
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    role = BLUEPRINT_ROLES.get(request.blueprint or "")
    if role is not None and current_user.role != role:
        abort(403)
    return None


# --- headers and cookies -----------------------------------------------------------------------

class _SessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions (nothing kept in a worker) with the Secure flag decided per request."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Whether cookies set now carry the Secure flag (see the module docstring). Decided by
        configuration and the scheme (as ProxyFix reports it), never by the client's Host header."""
        configured = app.config.get("SECURE_COOKIES")
        if configured is None:
            configured = not (app.debug or app.testing) or (has_request_context() and request.is_secure)
        return bool(configured) or bool(app.config.get("SESSION_COOKIE_SECURE"))


def _add_headers(response: Response) -> Response:
    # Appended, not looked up first: no view sets any of them, so every response gets the same.
    response.headers.extend(SECURITY_HEADERS)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies:
        # Flask's documented way to wrap its WSGI app in middleware.
        app.wsgi_app = ProxyFix(app.wsgi_app,  # type: ignore[method-assign]
                                x_for=proxies, x_proto=proxies, x_host=proxies)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax")
    if app.config.get("SECURE_COOKIES") or not (app.debug or app.testing):
        # Flask-Login reads a fixed flag; logins do not offer "remember me" today, so this only
        # guards a future one.
        app.config.setdefault("REMEMBER_COOKIE_SECURE", True)
    app.session_interface = _SessionInterface()
    app.before_request(_enforce_access)
    app.after_request(_add_headers)
