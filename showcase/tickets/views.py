"""Public ticket URLs: the page, its QR images, the calendar file and the printable PDF."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request
from markupsafe import Markup

from ..extensions import limiter
from ..i18n import current_language
from . import services
from .ics import event_ics
from .qr import qr_etag, qr_svg_document

bp = Blueprint("tickets", __name__)

#: a ticket's page and files: one limit per client across all of them
ticket_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_TICKET"], scope="ticket")


@bp.after_request
def _private(response: Response) -> Response:
    # The URL is the ticket: never leak it to other sites, never let search engines keep it.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _ticket_or_404(token: str) -> services.Ticket:
    ticket = services.find_ticket(token)
    if ticket is None:
        abort(404)
    return ticket


def _admitting_ticket_or_404(token: str) -> services.Ticket:
    ticket = _ticket_or_404(token)
    if not ticket.admits_anyone:
        abort(404)  # a cancelled or waiting household has no code to show
    return ticket


def _image(body: bytes | str, mimetype: str, etag: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.cache_control.private = True
    response.cache_control.max_age = 86400
    return response.make_conditional(request)  # type: ignore[return-value]  # werkzeug: typed as its base class; it returns self


@bp.route("/t/<token>")
@ticket_limit
def ticket(token: str):
    found = services.find_ticket(token)
    if found is None:
        return render_template("tickets/not_found.html"), 404
    response = Response(render_template("tickets/ticket.html", ticket=found, rsvp=found.rsvp,
                                        event=found.event,
                                        qr_svg=Markup(found.qr_svg()) if found.admits_anyone else None))
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


@bp.route("/t/<token>/qr.png")
@ticket_limit
def qr_png(token: str):
    found = _admitting_ticket_or_404(token)
    return _image(found.qr_png(), "image/png", qr_etag(found.url, "png"))


@bp.route("/t/<token>/qr.svg")
@ticket_limit
def qr_svg(token: str):
    found = _admitting_ticket_or_404(token)
    return _image(qr_svg_document(found.url), "image/svg+xml", qr_etag(found.url, "svg"))


@bp.route("/t/<token>/event.ics")
@ticket_limit
def calendar_file(token: str):
    found = _admitting_ticket_or_404(token)
    body = event_ics(found.rsvp, found.url, current_language())
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{found.event.slug}.ics"',
        "Cache-Control": "private, no-cache"})


@bp.route("/t/<token>/ticket.pdf")
@ticket_limit
def ticket_pdf(token: str):
    found = _admitting_ticket_or_404(token)
    body = services.ticket_pdf(found, current_language())
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{found.event.slug}-ticket.pdf"',
        "Cache-Control": "private, no-cache"})
