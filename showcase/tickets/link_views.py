"""Public pages that reach a household on its phone: "Lost your link?" and the provider's reports."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _

from ..error_pages import answers_json
from ..events.field_limits import EMAIL_MAX
from ..events.lookup import event_or_404
from ..extensions import csrf, limiter
from ..refusals import Refusal
from . import links
from .texting.reports import apply_statuses, signature_valid, statuses_from_webhook

bp = Blueprint("tickets_links", __name__)

#: one limit per client across the page form and the API (see api.views)
link_request_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_LINK_REQUESTS"],
                                          scope="link-requests", methods=["POST"])


def _split_contact(text: str) -> tuple[str, str]:
    """What one "phone or email" box holds: an email address has an @, anything else is a phone."""
    text = (text or "").strip()[:EMAIL_MAX]  # the longer of the two
    return ("", text) if "@" in text else (text, "")


@bp.route("/events/<slug>/links", methods=["GET", "POST"])
@link_request_limit
def request_links(slug: str):
    """Ask for the manage and ticket links again; the answer never says whether the contact is known."""
    event = event_or_404(slug, include_archived=False)
    contact_text = request.values.get("contact", "")
    error = None
    sent = False
    if request.method == "POST":
        phone, email = _split_contact(contact_text)
        try:
            links.request_links(event, links.parse_contact(phone, email))
        except links.InvalidLinkRequest as refusal:
            error = " ".join(str(message) for message in refusal.fields.values()) or str(refusal.message)
        else:
            sent = True
    status = 422 if error else 200
    return render_template("tickets/request_links.html", event=event, contact=contact_text,
                           error=error, sent=sent), status


@bp.route("/webhooks/text-reports", methods=["POST"])
@csrf.exempt
@answers_json
def text_reports():
    """The text provider's delivery reports, signed with TEXT_WEBHOOK_SECRET (HMAC-SHA256 of the body)."""
    secret = current_app.config.get("TEXT_WEBHOOK_SECRET")
    if not secret:
        abort(404)
    body = request.get_data(cache=False)
    if not signature_valid(secret, body, request.headers.get("X-Signature", "")):
        raise Refusal(_("The signature does not match."), code="bad_signature", status=401)
    try:
        payload = json.loads(body)
    except ValueError:
        raise Refusal(_("Send the reports as JSON."), code="bad_json", status=400) from None
    return {"updated": apply_statuses(statuses_from_webhook(payload))}, 200
