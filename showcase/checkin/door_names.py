"""A door's name in the reader's language: "입구 1" in Korean, "Door 1" in English, never both."""

from __future__ import annotations

import re

from flask_babel import gettext as _

#: "Door 1", "입구 1", "입구 1 Door 1", "Door 1 / 입구 1", "door-1": a numbered door in any of our languages
_NUMBERED = re.compile(r"^\s*(?:입구|door|gate|문)[\s#_-]*(\d{1,3})"
                       r"(?:\s*[/·|,-]?\s*(?:입구|door|gate|문)[\s#_-]*\1)?\s*$", re.IGNORECASE)


def door_label(name: str | None) -> str:
    """``name`` as the reader says it: a numbered door in their language, any other name as given."""
    if not name:
        return ""
    match = _NUMBERED.match(name)
    if match is None:
        return name
    return _("Door %(num)s", num=int(match.group(1)))
