"""The base of every domain's refusals: what the rules turn down, said to the person who asked."""

from __future__ import annotations

from flask_babel import LazyString


class Refusal(Exception):
    """A refused request: ``code`` for the API, ``status`` for HTTP, ``message`` for people (in
    their language, evaluated when shown) and ``fields`` with a message per form field."""

    code = "invalid"
    status = 422

    def __init__(self, message: str | LazyString, fields: dict[str, str | LazyString] | None = None,
                 code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
        if code:
            self.code = code
        if status:
            self.status = status
