"""What a scanner reads: a whole ticket URL or a bare ticket token; and short codes for paper lists."""

from __future__ import annotations

import base64
import re

from ..events.models import Rsvp
from ..tokens import plausible_token

#: longest scanned text looked at; anything longer is not one of our tickets
MAX_CODE_LENGTH = 512
_TICKET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def ticket_token_from_code(code: str, base_url: str) -> str | None:
    """The ticket token inside a scanned code, or None when the code cannot be one of ours.

    Accepts exactly what a ticket's QR code holds, ``<base_url>/t/<token>`` (http or https), or
    the bare token typed or scanned alone; anything else (more path, a query, another host,
    control characters, oversized text) is refused before the database is asked.
    """
    text = code.strip()
    if not text or len(text) > MAX_CODE_LENGTH or not text.isprintable():
        return None
    if "/" not in text:
        return text if plausible_token(text) else None
    _scheme, sep, rest = text.partition("://")
    _base_scheme, _sep, base_rest = base_url.rstrip("/").partition("://")
    if not sep or _scheme not in ("http", "https") or not rest.startswith(base_rest + "/t/"):
        return None
    token = rest[len(base_rest) + 3:]
    return token if _TICKET_TOKEN.fullmatch(token) and plausible_token(token) else None


def short_code(rsvp: Rsvp) -> str:
    """A six-letter code printed on the paper door list to name a household's ticket."""
    return base64.b32encode(bytes.fromhex(rsvp.ticket_token_hash)[:5]).decode()[:6]


_LOOKALIKES = str.maketrans("018", "OIB")


def normalize_short_code(text: str) -> str:
    """A typed short code in its printed form: upper case, no spaces or dashes, and the digits
    people misread for letters (0, 1, 8; base32 has none of them) read as O, I and B."""
    return re.sub(r"[\s-]", "", text).upper().translate(_LOOKALIKES)
