"""What a scanner reads: a whole ticket URL or a bare ticket token; and short codes for paper lists."""

from __future__ import annotations

import base64
import re
from urllib.parse import urlsplit

from ..events.models import Rsvp
from ..tokens import plausible_token

#: longest scanned text looked at; anything longer is not one of our tickets
MAX_CODE_LENGTH = 512
_TICKET_PATH = re.compile(r"^/t/([A-Za-z0-9_-]{20,100})/?$")


def ticket_token_from_code(code: str) -> str | None:
    """The ticket token inside a scanned code, or None when the code cannot be one of ours.

    Accepts ``…/t/<token>`` (any host: the token itself is what is checked) or the bare token;
    a URL with more path after the token, a query or anything else is refused.
    """
    text = code.strip()
    if not text or len(text) > MAX_CODE_LENGTH or not text.isprintable():
        return None
    if "/" not in text:
        return text if plausible_token(text) else None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    match = _TICKET_PATH.match(parts.path)
    if match is None or not plausible_token(match.group(1)):
        return None
    return match.group(1)


def short_code(rsvp: Rsvp) -> str:
    """A six-letter code printed on the paper door list to name a household's ticket."""
    return base64.b32encode(bytes.fromhex(rsvp.ticket_token_hash)[:5]).decode()[:6]


def normalize_short_code(text: str) -> str:
    """A typed short code in its printed form (upper case, no spaces or dashes)."""
    return re.sub(r"[\s-]", "", text).upper()
