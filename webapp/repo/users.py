"""Accounts: create, find, authenticate, update."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import ROLES, User

# Checked against when the email is unknown, so a failed login takes as long
# whether or not the account exists.
_DUMMY_HASH = generate_password_hash("not a real password", method="scrypt")


class EmailTaken(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


_BY_ID = select(User).where(User.id == bindparam("id"))


def get_user(user_id: int, *, session: Session) -> User | None:
    return session.exec(_BY_ID, params={"id": user_id}).first()


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


def update_account(user_id: int, *, timezone: str, display_name: str, session: Session) -> User:
    user = get_user(user_id, session=session)
    if user is None:
        raise LookupError(user_id)
    user.timezone = timezone
    user.display_name = display_name.strip()
    session.add(user)
    session.commit()
    return user


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
