"""Creating accounts and checking credentials."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from ..extensions import db
from .models import Role, User

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A refused account change, with a message for the person who asked."""


def find_user_by_email(email: str) -> User | None:
    """The account with this email, case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, password: str, role: Role, name: str | None = None) -> User:
    """Create an account; refuses duplicates and short passwords."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError(f"not an email address: {email!r}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if find_user_by_email(email):
        raise AccountError(f"an account for {email} already exists")
    user = User(email=email, name=name or email.split("@")[0], role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def ensure_user(email: str, role: Role, name: str) -> tuple[User, str | None]:
    """Return the account for ``email``, creating it with a random password if missing.

    The new password is returned once (None when the account already existed).
    """
    existing = find_user_by_email(email)
    if existing:
        return existing, None
    password = secrets.token_urlsafe(12)
    return create_user(email, password, role, name), password


def authenticate(email: str, password: str) -> User | None:
    """The active account matching these credentials, or None."""
    user = find_user_by_email(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user


def load_user(user_id: str) -> User | None:
    """The account a session names (Flask-Login's user loader), or None."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None
