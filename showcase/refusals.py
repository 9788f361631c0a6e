"""The base of every domain's refusals: what the rules turn down, said to the person who asked."""

from __future__ import annotations

from typing import ClassVar

from flask_babel import LazyString


class Refusal(Exception):
    """A refused request: ``code`` for the API, ``status`` for HTTP, ``message`` for people (in
    their language, evaluated when shown) and ``fields`` with a message per form field.

    A view that re-renders its form shows it with ``refusal_views.show_refusal``; any other refusal
    is answered by the app's one handler (``error_pages``): the API's JSON error, or a page."""

    code = "invalid"
    status = 422
    #: the API's name of a field whose form and column name differ (the one place for such renames)
    field_names: ClassVar[dict[str, str]] = {}
    #: headers sent with the answer, such as a 401's WWW-Authenticate
    headers: ClassVar[dict[str, str]] = {}

    def __init__(self, message: str | LazyString, fields: dict[str, str | LazyString] | None = None,
                 code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
        if code:
            self.code = code
        if status:
            self.status = status

    def public_fields(self) -> dict[str, str]:
        """The per-field messages as the API names the fields, each in the reader's language."""
        return {self.field_names.get(name, name): str(message) for name, message in self.fields.items()}
