"""A household's two private links: the manage token (its own page) and the ticket token (its QR
code). Both derive from the secret key and the household's salt; only their hashes are stored."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..tokens import derived_token, hashes_match, plausible_token, token_hash
from .models import Rsvp


def manage_token(rsvp: Rsvp) -> str:
    """The private token in a household's manage link."""
    return derived_token(current_app.config["SECRET_KEY"], "manage", rsvp.token_salt)


def ticket_token(rsvp: Rsvp) -> str:
    """The private token in a household's ticket link (and its QR code)."""
    return derived_token(current_app.config["SECRET_KEY"], "ticket", rsvp.token_salt)


def _find_by_hash(column, token: str) -> Rsvp | None:
    if not plausible_token(token):
        return None
    digest = token_hash(token)
    rsvp = db.session.scalar(select(Rsvp).where(column == digest))
    if rsvp is None or not hashes_match(getattr(rsvp, column.key), token):
        return None
    return rsvp


def find_by_manage_token(token: str) -> Rsvp | None:
    """The RSVP a manage token belongs to, or None."""
    return _find_by_hash(Rsvp.manage_token_hash, token)


def find_by_ticket_token(token: str) -> Rsvp | None:
    """The RSVP a ticket token belongs to, or None."""
    return _find_by_hash(Rsvp.ticket_token_hash, token)
