"""Organizer pages: every message's delivery state, and sending a ticket again."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.roles import ORGANIZERS, guard
from ..events.lookup import event_or_404, event_row_or_404
from ..events.models import Rsvp
from ..refusal_views import show_refusal
from . import delivery, message_log
from .models import MessageState, OutboundMessage
from .texting import costs

bp = Blueprint("tickets_manage", __name__)


guard(bp, ORGANIZERS)




@bp.route("/events/<slug>/messages")
def messages(slug: str):
    event = event_or_404(slug)
    state = request.args.get("state")
    state = MessageState(state) if state in {s.value for s in MessageState} else None
    tallies = costs.tallies(event.id)
    return render_template("tickets/manage/messages.html", event=event, state=state,
                           states=MessageState, messages=message_log.messages_for_event(event.id, state),
                           counts=message_log.state_counts(event.id),
                           without_ticket=message_log.households_without_ticket(event.id),
                           tallies=tallies, total_cost=costs.total_cost(tallies),
                           currency=current_app.config["MESSAGE_PRICE_CURRENCY"])


def _back(slug: str):
    return redirect(url_for("tickets_manage.messages", slug=slug, state=request.form.get("state") or None))


@bp.route("/events/<slug>/messages/<int:message_id>/resend", methods=["POST"])
def resend(slug: str, message_id: int):
    event = event_or_404(slug)
    message = event_row_or_404(OutboundMessage, message_id, event)
    return _send_and_go_back(slug, delivery.resend, message.id)


@bp.route("/events/<slug>/households/<int:rsvp_id>/send-ticket", methods=["POST"])
def send_ticket(slug: str, rsvp_id: int):
    event = event_or_404(slug)
    rsvp = event_row_or_404(Rsvp, rsvp_id, event)
    return _send_and_go_back(slug, delivery.send_ticket, rsvp.id)


def _send_and_go_back(slug: str, send, row_id: int):
    """Send for the organizer signed in, say how it went, and go back to the message list."""
    try:
        sent = send(row_id, requested_by_id=current_user.id)
    except delivery.NotificationError as error:
        show_refusal(error)
    else:
        _flash_outcome(sent)
    return _back(slug)


def _flash_outcome(messages: list[OutboundMessage]) -> None:
    if all(m.state == MessageState.SENT for m in messages):
        flash(_("The message is sent."), "success")
    elif any(m.state == MessageState.FAILED for m in messages):
        flash(_("The message could not be sent; see the error below."), "error")
    else:
        flash(_("The message is queued and will be sent shortly."), "info")
