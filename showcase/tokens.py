"""Unguessable link tokens: only their SHA-256 is stored, comparisons are constant-time.

Two kinds exist. ``new_token`` makes a random token that is shown once (team upload links,
door devices): losing it means issuing a new one. ``derived_token`` re-creates a household's
manage or ticket token from a random per-household salt and the app's secret key, so that a
reminder or a resent ticket can carry the same link the family already has, while a copy of
the database alone still reveals no working link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets


def new_token() -> str:
    """A fresh random URL-safe token (256 bits)."""
    return secrets.token_urlsafe(32)


def new_salt() -> str:
    """A random per-record salt from which derived tokens are made."""
    return secrets.token_urlsafe(32)


def derived_token(secret_key: str, purpose: str, salt: str) -> str:
    """The token for ``purpose`` ("manage", "ticket", …) of the record with ``salt``."""
    digest = hmac.new(secret_key.encode(), f"{purpose}:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def hashes_match(stored_hash: str, token: str) -> bool:
    """Whether ``token`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(stored_hash, token_hash(token))


def plausible_token(token: str) -> bool:
    """Cheap shape check before touching the database: URL-safe base64, sane length."""
    return 20 <= len(token) <= 100 and all(c.isalnum() or c in "-_" for c in token) and token.isascii()
