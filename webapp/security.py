"""Production safety: response headers, cookie flags, who may see what, and rate limits.

``init_app`` installs all of it:

* headers on every response: a strict Content-Security-Policy (the pages load
  only their own static files; no inline script exists to allow), nosniff,
  a same-origin referrer, no framing;
* cookie flags: HttpOnly and SameSite=Lax always; Secure unless the app runs
  in debug or testing mode, or answers plain http on the loopback interface
  (a local run). ``SECURE_COOKIES`` = true/false overrides the guess, and
  ``PROXY_FIX`` = N trusts N reverse proxies' X-Forwarded-* headers so an
  https proxy in front of gunicorn is recognised;
* who may enter which page, in one place (``_enforce_access``): every endpoint
  needs a logged-in user unless it is listed in ``PUBLIC_ENDPOINTS``, and every
  page of a blueprint in ``BLUEPRINT_ROLES`` needs that role (the ``teach``
  blueprint, which holds every teacher page, class pages included: teacher).
  Views add no rules of their own; they only scope what they show to the user
  (a learner's own cards, a teacher's own decks and classes);
* rate limits kept in the database (table ``rate_event``), so every gunicorn
  worker sees the same counts: failed logins per email and per address, and
  sign-ups per address. The counts never depend on whether an account exists.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from functools import lru_cache

from flask import Flask, Response, abort, current_app, has_request_context, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from itsdangerous import URLSafeTimedSerializer
from sqlmodel import Session, col, delete, func, select
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import login_manager
from .models import RateEvent, utc_now

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; object-src 'none'; "
                           "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Reachable without logging in. Everything else needs a session.
PUBLIC_ENDPOINTS = {"static", "healthz", "auth.login", "auth.signup", "auth.logout", "decks.index"}
# Blueprint name -> the role every one of its pages needs.
BLUEPRINT_ROLES: dict[str, str] = {"teach": "teacher"}

DEFAULT_LIMITS = {
    # (events allowed, window in seconds). The per-address limits stay generous because a
    # whole class may share one school address.
    "LOGIN_FAILURES_PER_EMAIL": (10, 15 * 60),
    "LOGIN_FAILURES_PER_ADDRESS": (100, 15 * 60),
    "SIGNUPS_PER_ADDRESS": (100, 60 * 60),
}


class TooManyAttempts(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"too many attempts; retry after {retry_after} s")
        self.retry_after = retry_after


# --- rate limits -------------------------------------------------------------------------------

def _limit(name: str) -> tuple[int, int]:
    allowed, window = current_app.config.get(name, DEFAULT_LIMITS[name])
    return int(allowed), int(window)


def _count_recent(key: str, since: datetime, *, session: Session) -> int:
    return session.exec(select(func.count()).select_from(RateEvent)
                        .where(RateEvent.key == key, col(RateEvent.at) >= since)).one()


def check_limit(name: str, key: str, *, session: Session) -> None:
    """Raise TooManyAttempts if ``key`` has used up the limit ``name`` in its window."""
    allowed, window = _limit(name)
    if _count_recent(key, utc_now() - timedelta(seconds=window), session=session) >= allowed:
        raise TooManyAttempts(window)


def record_event(*keys: str, session: Session) -> None:
    """Count one event against each key, and drop events older than any window."""
    now = utc_now()
    longest = max(_limit(name)[1] for name in DEFAULT_LIMITS)
    session.exec(delete(RateEvent).where(col(RateEvent.at) < now - timedelta(seconds=longest)))
    session.add_all(RateEvent(key=key, at=now) for key in keys)
    session.commit()


def forget_events(key: str, *, session: Session) -> None:
    session.exec(delete(RateEvent).where(RateEvent.key == key))
    session.commit()


def login_keys(email: str) -> tuple[str, str]:
    """The counters a login attempt for ``email`` from this request's address uses."""
    return f"login-email:{email.strip().lower()}", f"login-address:{request.remote_addr}"


def check_login_allowed(email: str, *, session: Session) -> None:
    by_email, by_address = login_keys(email)
    check_limit("LOGIN_FAILURES_PER_EMAIL", by_email, session=session)
    check_limit("LOGIN_FAILURES_PER_ADDRESS", by_address, session=session)


def record_login_failure(email: str, *, session: Session) -> None:
    record_event(*login_keys(email), session=session)


def forget_login_failures(email: str, *, session: Session) -> None:
    forget_events(login_keys(email)[0], session=session)


def check_signup_allowed(*, session: Session) -> None:
    key = f"signup-address:{request.remote_addr}"
    check_limit("SIGNUPS_PER_ADDRESS", key, session=session)
    record_event(key, session=session)


def too_many_attempts(error: TooManyAttempts) -> Response:
    response = current_app.make_response((render_template(
        "error.html", title="Too many attempts",
        message="There were too many attempts from here. Wait a few minutes, then try again."), 429))
    response.headers["Retry-After"] = str(error.retry_after)
    return response


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

@lru_cache(maxsize=64)
def _is_loopback(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    name = name.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def cookies_secure(app: Flask) -> bool:
    """Whether cookies set now carry the Secure flag (see the module docstring)."""
    configured = app.config.get("SECURE_COOKIES")
    if configured is not None:
        return bool(configured)
    if app.debug or app.testing:
        return False
    if not has_request_context():
        return True
    return request.is_secure or not _is_loopback(request.host)


class _SessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions (nothing kept in a worker) with the Secure flag decided per request.

    The signing serializer is made once per set of keys rather than twice per request (reading
    the cookie, then writing it): Flask builds a new one each time."""

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
        return serializer

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookies_secure(app) or bool(app.config.get("SESSION_COOKIE_SECURE"))


def _add_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
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
    app.register_error_handler(TooManyAttempts, too_many_attempts)
