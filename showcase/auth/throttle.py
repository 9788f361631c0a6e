"""Per-account sign-in limit with backoff that an attacker cannot turn into a lasting lock-out.

After ``FREE_FAILURES`` wrong passwords for one account name, sign-ins for it must wait, doubling
from ``FIRST_WAIT`` up to ``LONGEST_WAIT`` (so never more than 15 minutes after the last failure).
While it waits the password is not even checked, so guessing gains nothing. A browser the account
has signed in on before carries a signed "known device" cookie and is exempt (OWASP's device
cookies): a stranger hammering a known organizer's address locks out only strangers, never the
organizer's own laptop. Successful sign-in clears the count.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..database import changed_rows, in_unit_of_work, unit_of_work, utcnow
from ..extensions import db
from .models import LoginThrottle

FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
#: failures older than this, with no wait left, are forgotten by the nightly housekeeping
FORGET_AFTER = timedelta(days=1)


def account_key(email: str) -> str:
    """What failures are counted under: a hash of the typed address, so none is stored."""
    return hashlib.sha256(" ".join(email.split()).lower().encode("utf-8", "replace")).hexdigest()


def locked_until(email: str, now: datetime | None = None) -> datetime | None:
    """When sign-ins for ``email`` from unknown browsers may resume, or None if they may now."""
    now = now or utcnow()
    until = db.session.scalar(select(LoginThrottle.locked_until).where(LoginThrottle.account_key == account_key(email)))
    return until if until is not None and until > now else None


def wait_after(failures: int) -> timedelta | None:
    """How long the account waits after ``failures`` failures in a row (None: no wait yet)."""
    if failures < FREE_FAILURES:
        return None
    doublings = min(failures - FREE_FAILURES, 10)
    return min(FIRST_WAIT * 2 ** doublings, LONGEST_WAIT)


def record_failure(email: str, now: datetime | None = None) -> datetime | None:
    """Count one wrong password for ``email``; returns the new lock's end, if any.

    The count is a unit of work of its own, committed although the sign-in is refused: nothing
    the refusal does may take it back, so it must not run inside another unit.
    """
    if in_unit_of_work():
        raise RuntimeError("a failed sign-in is counted in its own unit of work, not inside another")
    key, now = account_key(email), now or utcnow()
    try:
        with unit_of_work():
            return _count_failure(key, now)
    except IntegrityError:  # another request inserted the first failure at the same moment (PostgreSQL)
        with unit_of_work():
            return _count_failure(key, now)


def _count_failure(key: str, now: datetime) -> datetime | None:
    row = db.session.scalar(select(LoginThrottle).where(LoginThrottle.account_key == key).with_for_update())
    if row is None:
        row = LoginThrottle(account_key=key, failures=0)
        db.session.add(row)
    row.failures += 1
    row.last_failure_at = now
    wait = wait_after(row.failures)
    row.locked_until = now + wait if wait is not None else None
    db.session.flush()  # a clash with a concurrent first failure shows here, inside the unit
    return row.locked_until


def record_success(email: str) -> None:
    """Forget the failures of ``email`` after a correct password."""
    with unit_of_work():
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.account_key == account_key(email)))


def forget_stale_failures(now: datetime | None = None) -> int:
    """Delete the counts of accounts whose last failure is over a day old and who wait no more; how many."""
    now = now or utcnow()
    with unit_of_work():
        result = db.session.execute(delete(LoginThrottle).where(
            LoginThrottle.last_failure_at < now - FORGET_AFTER,
            (LoginThrottle.locked_until.is_(None)) | (LoginThrottle.locked_until <= now)))
    return changed_rows(result)
