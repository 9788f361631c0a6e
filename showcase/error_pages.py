"""Error pages in the reader's language, and JSON errors under /api/: for HTTP errors and for
every service's refusal that a view lets through."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .refusal_views import refusal_page
from .refusals import Refusal

View = TypeVar("View", bound=Callable)

#: headers of werkzeug's HTTP errors that stay on our own error pages and JSON errors
KEPT_ERROR_HEADERS = ("allow", "www-authenticate", "retry-after")


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Please try again.")),
        401: (_("Sign-in needed"), _("Please sign in to continue.")),
        403: (_("Not allowed"), _("Your account cannot open this page.")),
        404: (_("Not found"), _("This page does not exist. Check the link you were given.")),
        405: (_("Not allowed"), _("This address does not accept that kind of request.")),
        409: (_("Conflict"), _("This cannot be done right now.")),
        413: (_("Too large"), _("What you sent is too large.")),
        422: (_("Check your input"), _("Some of what you entered needs correcting.")),
        429: (_("Too many requests"), _("Please wait a moment and try again.")),
        500: (_("Something went wrong"), _("Sorry, something went wrong on our side. Please try again.")),
    }


def answers_json(view: View) -> View:
    """Mark a view outside /api/ whose errors are JSON too (an upload endpoint, a webhook)."""
    view.answers_json = True  # type: ignore[attr-defined]
    return view


def wants_json() -> bool:
    """Whether the error should be JSON: API paths, views marked ``answers_json``, or a client that
    asks for JSON only. The one place that decides between the API's error and a page."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return request.path.startswith("/api/") or getattr(view, "answers_json", False) or (
        request.accept_mimetypes.best == "application/json")


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    """The error body for the API contract: {"error", "message", "fields"}."""
    response = jsonify({"error": code, "message": message, "fields": fields or {}})
    response.status_code = status
    return response


def refusal_response(error: Refusal):
    """A refusal no view handled itself: the API contract's JSON error, or a page, by the request."""
    if not wants_json():
        response = make_response(refusal_page(error))
    else:
        response = error_response(error.status, error.code, str(error.message), error.public_fields())
    response.headers.update(error.headers)
    return response


def init_app(app: Flask) -> None:
    """Render every HTTP error and every refusal as a friendly page (or JSON for the API)."""

    app.register_error_handler(Refusal, refusal_response)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        message = _("This form expired or was sent from elsewhere. Please reload the page and try again.")
        if wants_json():
            return error_response(400, "csrf", message)
        return render_template("errors/error.html", title=_("Please try again"), message=message,
                               status=400), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        status = error.code or 500
        title, message = _messages().get(status, (error.name, error.description or ""))
        if wants_json():
            code = (error.name or "error").lower().replace(" ", "_")
            response = error_response(status, code, message)
        else:
            response = make_response(render_template("errors/error.html", title=title, message=message,
                                                      status=status), status)
        for name, value in error.get_headers():
            if name.lower() in KEPT_ERROR_HEADERS:  # a 405 names the methods it allows (RFC 9110)
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if app.testing:
            raise error  # let the test see the traceback; tests assert there is never a 500
        log_unexpected(app, error)
        return _http(InternalServerError())


def log_unexpected(app: Flask, error: BaseException) -> None:
    """Log an unhandled error by its route pattern, type and stack only.

    Never the path (ticket, manage and team links carry their token in it), the query, the body,
    or the exception's message (a database error quotes the values it refused).
    """
    rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
    stack = "\n".join(f"  {frame.filename}:{frame.lineno} in {frame.name}"
                      for frame in traceback.extract_tb(error.__traceback__))  # no source lines: they may hold values
    app.logger.error("Unhandled %s on %s %s\n%s", type(error).__name__, request.method, rule, stack)
