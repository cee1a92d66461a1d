"""Accounts: create, find, authenticate, update."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import ROLES, LoginSession, User

# Checked against when the email is unknown, so a failed login takes as long
# whether or not the account exists.
_DUMMY_HASH = generate_password_hash("not a real password", method="scrypt")


class EmailTaken(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def get_user_by_email(email: str, *, session: Session) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def create_user(email: str, password: str, *, role: str = "learner", timezone: str = "UTC",
                display_name: str = "", session: Session) -> User:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user = User(email=normalise_email(email), password_hash=hash_password(password), role=role,
                timezone=timezone, display_name=display_name.strip())
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise EmailTaken(email) from None
    return user


def authenticate(email: str, password: str, *, session: Session) -> User | None:
    user = get_user_by_email(email, session=session)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def update_account(user: User, *, timezone: str, display_name: str, session: Session) -> None:
    user.timezone = timezone
    user.display_name = display_name.strip()
    session.add(user)
    session.commit()


def ensure_user(email: str, password: str, *, role: str, display_name: str = "",
                session: Session) -> User:
    """Create the account, or reset its password and role so the given login works."""
    user = get_user_by_email(email, session=session)
    if user is None:
        return create_user(email, password, role=role, display_name=display_name, session=session)
    if not check_password_hash(user.password_hash, password):
        user.password_hash = hash_password(password)
    user.role = role
    session.add(user)
    session.commit()
    return user


# --- login sessions: one row per logged-in browser ----------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user_id: int, *, session: Session) -> str:
    """A new login for ``user_id``: returns the token its cookie carries."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_token_hash(token), user_id=user_id))
    session.commit()
    return token


# Run on every request (the login loader): built once, with the values bound when it runs.
_SIGNED_IN_USER = (select(User).join(LoginSession, col(LoginSession.user_id) == User.id)
                   .where(User.id == sa.bindparam("user"), LoginSession.token_hash == sa.bindparam("token_hash")))


def signed_in_user(user_id: int, token: str, *, session: Session) -> User | None:
    """The user whose login this browser's ``token`` is, while that login lasts (one statement)."""
    return session.exec(_SIGNED_IN_USER, params={"user": user_id, "token_hash": _token_hash(token)}).first()


def end_session(token: str, *, session: Session) -> None:
    session.execute(sa.delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))
    session.commit()


def end_all_sessions(user_id: int, *, session: Session) -> None:
    session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user_id))
    session.commit()


def change_password(user: User, current: str, new: str, *, session: Session) -> bool:
    """Set a new password if ``current`` is right, and end every login of the account."""
    if not check_password_hash(user.password_hash, current):
        return False
    user.password_hash = hash_password(new)
    session.add(user)
    assert user.id is not None
    end_all_sessions(user.id, session=session)  # (one commit: the password and the ended logins)
    return True
