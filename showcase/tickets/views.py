"""The public ticket page."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..events import rsvps
from ..events.waitlist import waitlist_position

bp = Blueprint("tickets", __name__)


@bp.route("/t/<token>")
def ticket(token: str):
    rsvp = rsvps.find_by_ticket_token(token)
    if rsvp is None:
        return render_template("tickets/not_found.html"), 404
    return render_template("tickets/ticket.html", rsvp=rsvp, event=rsvp.event,
                           manage_token=rsvps.manage_token(rsvp), position=waitlist_position(rsvp))
