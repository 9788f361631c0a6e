"""When the database cannot be reached: one retry of a request that committed nothing, then 503.

A connection refused, a connection lost mid-transaction and PostgreSQL's "the database system is
starting up" (and SQLite's "database is locked" after its busy timeout) are outages, not bugs: the
family is asked to try again in a moment, in its language, and keeps what it typed. Before that,
the request is run once more after a short pause, but only when nothing of it was committed, so
nothing is done twice.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import psycopg
from flask import Flask, g, make_response, render_template, request
from flask_babel import gettext as _
from sqlalchemy import event, exc, text
from sqlalchemy.orm import Session

from .error_pages import error_response, wants_json
from .extensions import db

log = logging.getLogger(__name__)

#: seconds before the one retry of a request that met an outage
RETRY_PAUSE = 0.3
#: what the 503 answer asks the client to wait (seconds)
RETRY_AFTER = 5
#: session.info key: how many commits the request's session has made
COMMITS_KEY = "showcase_commits"
#: PostgreSQL's SQLSTATEs of a server going away or not ready: admin/crash shutdown, starting up
_SERVER_GONE = {"57P01", "57P02", "57P03"}
#: request bodies that Flask keeps parsed, so the view can run again (a raw upload stream cannot)
_REREADABLE = {"", "application/x-www-form-urlencoded", "multipart/form-data", "application/json"}


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached now (rather than a bug or bad data)."""
    if isinstance(error, exc.TimeoutError):  # no pooled connection came free
        return True
    if not isinstance(error, exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    orig = error.orig
    if isinstance(orig, psycopg.OperationalError):
        state = getattr(orig, "sqlstate", None)
        return state is None or state.startswith("08") or state in _SERVER_GONE
    text = str(orig)
    return isinstance(error, exc.OperationalError) and (
        "database is locked" in text or "unable to open database file" in text)


@event.listens_for(Session, "after_commit")
def _count_commit(session: Session) -> None:
    session.info[COMMITS_KEY] = session.info.get(COMMITS_KEY, 0) + 1


class RetryingFlask(Flask):
    """Flask that runs a view once more when the database blinked before anything was committed."""

    def dispatch_request(self) -> Any:
        commits_before = db.session().info.get(COMMITS_KEY, 0)
        try:
            return super().dispatch_request()
        except Exception as error:
            session = db.session()
            if (not is_outage(error) or session.info.get(COMMITS_KEY, 0) != commits_before
                    or request.mimetype not in _REREADABLE):
                raise
            log.warning("database unreachable (%s); retrying the request once", type(error).__name__)
            db.session.remove()  # the dead connection goes back to the pool, invalidated
            g.pop("_login_user", None)  # the signed-in account is loaded again, in the new session
            time.sleep(RETRY_PAUSE)
            return super().dispatch_request()


def unavailable_response(error: BaseException) -> Any:
    """The answer to an outage: JSON with Retry-After for the API, otherwise a page that keeps what
    was typed and tries again by itself."""
    db.session.remove()
    log.warning("database unreachable: %s answered 503", type(error).__name__)
    message = _("We cannot reach our database just now, so this may not have been saved. "
                "Please try again in a moment.")
    if wants_json():
        response = error_response(503, "unavailable", message)
    else:
        kept = [(name, value) for name, values in request.form.lists() for value in values]
        response = make_response(render_template(
            "errors/unavailable.html", message=message, kept=kept, had_files=bool(request.files),
            resend=request.method == "POST" and bool(kept), retry_after=RETRY_AFTER), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response


def database_reachable() -> bool:
    """Whether the database answers a trivial query now (for /healthz)."""
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception as error:  # any failure to answer is "unreachable" to a load balancer
        log.warning("health check: database unreachable (%s)", type(error).__name__)
        return False
    finally:
        db.session.remove()


def init_app(app: Flask) -> None:
    """Answer outages with 503 (the retry itself is ``RetryingFlask``, the app's class)."""
    app.register_error_handler(exc.DBAPIError, _outage_or_raise)
    app.register_error_handler(exc.TimeoutError, _outage_or_raise)


def _outage_or_raise(error: Exception) -> Any:
    if is_outage(error):
        return unavailable_response(error)
    raise error
