"""A door's name in the reader's language: "입구 1" in Korean, "Door 1" in English, never both (nor "입구: 입구 1")."""

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


def door_caption(name: str | None) -> str:
    """The door screen's caption: "입구 1" for a numbered door, "입구: 정문" for any other name."""
    if not name or _NUMBERED.match(name):
        return door_label(name)
    return _("Door: %(name)s", name=name)
