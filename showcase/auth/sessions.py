"""Server-side sign-in sessions: a cookie is worth nothing once its session has ended here.

The signed session cookie carries a random token; its SHA-256 names a ``UserSession`` row. Signing
out ends that row, a password change ends every other row of the account, so a cookie captured
before either no longer opens anything.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from ..database import changed_rows, unit_of_work, utcnow
from ..extensions import db
from ..tokens import new_token, plausible_token, token_hash
from .models import User, UserSession


def start_session(user: User, now: datetime | None = None) -> str:
    """Open a session for ``user``; returns its token for the session cookie."""
    token = new_token()
    with unit_of_work():
        db.session.add(UserSession(user_id=user.id, token_hash=token_hash(token), created_at=now or utcnow()))
    return token


def user_for_session(user_id: int, token: str | None, max_age: timedelta | None = None,
                     now: datetime | None = None) -> User | None:
    """The active account whose live session holds ``token``, or None (one indexed query).

    ``max_age`` is an absolute limit from sign-in (the cookie's lifetime): Flask re-signs the cookie
    whenever the session changes, so only the server can end a session that is kept busy.
    """
    if not token or not plausible_token(token):
        return None
    query = select(User).join(UserSession, UserSession.user_id == User.id).where(
        User.id == user_id, UserSession.token_hash == token_hash(token), UserSession.ended_at.is_(None))
    if max_age is not None:
        query = query.where(UserSession.created_at > (now or utcnow()) - max_age)
    return db.session.scalar(query)


def end_session(token: str | None, now: datetime | None = None) -> None:
    """End the session holding ``token`` (sign-out)."""
    if not token or not plausible_token(token):
        return
    with unit_of_work():
        db.session.execute(update(UserSession).where(
            UserSession.token_hash == token_hash(token), UserSession.ended_at.is_(None))
            .values(ended_at=now or utcnow()))


def end_other_sessions(user_id: int, keep_token: str | None, now: datetime | None = None) -> int:
    """End every live session of the account except the one holding ``keep_token``; how many.
    Inside a unit of work (a password change) it is part of that unit."""
    statement = update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if keep_token:
        statement = statement.where(UserSession.token_hash != token_hash(keep_token))
    with unit_of_work():
        result = db.session.execute(statement.values(ended_at=now or utcnow()))
    return changed_rows(result)


def forget_dead_sessions(cookie_lifetime: timedelta, now: datetime | None = None) -> int:
    """Delete the session rows that open nothing any more (ended, or past ``user_for_session``'s absolute
    limit of the cookie's lifetime); how many."""
    with unit_of_work():
        result = db.session.execute(delete(UserSession).where(or_(
            UserSession.ended_at.is_not(None), UserSession.created_at < (now or utcnow()) - cookie_lifetime)))
    return changed_rows(result)
