"""Creating accounts and checking credentials."""

from __future__ import annotations

import secrets

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..database import unit_of_work
from ..extensions import db
from .models import Role, User

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A refused account change, with a message for the person who asked."""


class PasswordRefused(ValueError):
    """A refused password change: ``field`` names the form field, ``message`` is for the user."""

    def __init__(self, field: str, message: str | LazyString):
        super().__init__(str(message))
        self.field = field
        self.message = message


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
    with unit_of_work():
        if find_user_by_email(email):
            raise AccountError(f"an account for {email} already exists")
        user = User(email=email, name=name or email.split("@")[0], role=role)
        user.set_password(password)
        db.session.add(user)
    return user


def ensure_user(email: str, role: Role, name: str) -> tuple[User, str | None]:
    """Return the account for ``email``, creating it with a random password if missing.

    The new password is returned once (None when the account already existed).
    """
    with unit_of_work():  # the look-up and the creation together: two seeders cannot both create it
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


def sign_in(user: User, typed_email: str) -> str:
    """A correct password: forget the failures counted for the address typed and open a session,
    in one unit of work; returns the session's token."""
    from .sessions import start_session
    from .throttle import record_success

    with unit_of_work():
        record_success(typed_email)
        return start_session(user)


def change_password(user: User, current: str, new: str, keep_token: str | None) -> int:
    """Set a new password after checking the current one; ends every other session of the account.

    Returns how many other sessions were ended.
    """
    from .sessions import end_other_sessions

    if not user.check_password(current):
        raise PasswordRefused("current_password", _l("That is not your current password."))
    if len(new) < MIN_PASSWORD_LENGTH:
        raise PasswordRefused("new_password", _l("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))
    if new == current:
        raise PasswordRefused("new_password", _l("Choose a password different from the current one."))
    with unit_of_work():  # the new password and the other sessions' end: both or neither
        user.set_password(new)
        ended = end_other_sessions(user.id, keep_token)
    return ended
