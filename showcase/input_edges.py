"""Input refused once, at the edges: URL parts, query strings, form bodies and JSON bodies.

Nothing past these checks ever sees a NUL byte (PostgreSQL refuses it with an error), another
control character where text makes no sense, a lone surrogate (it cannot be encoded to UTF-8),
or an integer beyond what a database column holds. Each refusal is a 400 with a message in the
reader's language, as an error page or as the API's JSON error; nothing is stored or logged.
"""

from __future__ import annotations

import json
import re

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter, UnicodeConverter

#: the largest id or count any column holds (PostgreSQL integer); ids in URLs and JSON stay below it
MAX_INT = 2**31 - 1
MIN_INT = -(2**31)
#: NUL, the other C0 controls but tab/newline/carriage return, DEL, C1 controls, lone surrogates
_UNSAFE_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: the same plus tab, newline and carriage return: for one-line values (query strings, URL parts)
_UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: JSON nested deeper than this is refused (no API body needs more than two levels)
MAX_JSON_DEPTH = 8


def unsafe_text(text: str, one_line: bool = False) -> bool:
    """Whether ``text`` holds a character no typed text holds (NUL, controls, lone surrogates)."""
    return bool((_UNSAFE_IN_LINE if one_line else _UNSAFE_IN_TEXT).search(text))


def int_in_range(value: int) -> bool:
    """Whether ``value`` fits every integer column."""
    return MIN_INT <= value <= MAX_INT


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` that matches only ids a column can hold: 3000000000 is a 404, not a 500."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_INT if max is None else max,
                         signed=signed)


class PlainTextConverter(UnicodeConverter):
    """The default ``<name>`` part: any text but slashes and control characters (a NUL is a 404)."""

    def __init__(self, map, minlength: int = 1, maxlength: int | None = None, length: int | None = None) -> None:
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", "[^/\x00-\x1f\x7f]")


def json_problem(value: object, depth: int = 0) -> str | None:
    """Why a parsed JSON value is refused (a key path), or None when every part is sensible."""
    if depth > MAX_JSON_DEPTH:
        return "(depth)"
    if isinstance(value, str):
        return "" if unsafe_text(value) else None
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return None
    if isinstance(value, int):
        return None if int_in_range(value) else ""
    if isinstance(value, list):
        for index, item in enumerate(value):
            problem = json_problem(item, depth + 1)
            if problem is not None:
                return f"{index}.{problem}".rstrip(".")
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if unsafe_text(key):
                return "(key)"
            problem = json_problem(item, depth + 1)
            if problem is not None:
                return f"{key}.{problem}".rstrip(".")
    return None


def _refusal(field: str | None):
    from .error_pages import error_response, wants_json

    message = _("What you sent holds characters that cannot be used (such as control characters) "
                "or a number that is too large. Please retype it and try again.")
    if wants_json():
        fields = {field: _("Remove control characters, or use a smaller number.")} if field else {}
        return error_response(400, "bad_input", message, fields)
    return render_template("errors/error.html", title=_("Check your input"), message=message, status=400), 400


def _first_unsafe_field(values, one_line: bool) -> str | None:
    for key, value in values.items(multi=True):
        if unsafe_text(key, one_line=True) or unsafe_text(value, one_line=one_line):
            return key if not unsafe_text(key, one_line=True) else "(key)"
    return None


def check_request_input():
    """Refuse the request when its query, form or JSON body holds unusable text or integers."""
    field = _first_unsafe_field(request.args, one_line=True)
    if field is not None:
        return _refusal(field)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        field = _first_unsafe_field(request.form, one_line=False)
        if field is not None:
            return _refusal(field)
    elif request.is_json:
        raw = request.get_data(cache=True)
        try:
            payload = json.loads(raw)
        except (ValueError, RecursionError):
            return None  # not JSON at all: the view answers it with its own "send a JSON object"
        problem = json_problem(payload)
        if problem is not None:
            return _refusal(problem.split(".")[0] or None)
    return None


def init_app(app: Flask) -> None:
    """Install the bounded converters (before any route is added) and the request check."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["default"] = PlainTextConverter
    app.url_map.converters["string"] = PlainTextConverter
    app.before_request(check_request_input)
