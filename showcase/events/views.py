"""Public pages: upcoming events, an event with its RSVP form, and a household's manage page."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from ..database import utcnow
from ..extensions import limiter
from ..i18n import LOCALE_SESSION_KEY, current_language
from ..urls import absolute_url
from . import rsvps
from .contacts import display_phone
from .errors import DuplicateRsvp, EventsError
from .forms import PartyForm, RsvpForm, apply_service_errors
from .labels import party_summary, status_label
from .lookup import event_or_404
from .models import RsvpStatus
from .seats import seat_counts
from .services import upcoming_events
from .waitlist import waitlist_position

bp = Blueprint("events", __name__)


@bp.app_template_filter("phone")
def _phone_filter(value: str) -> str:
    return display_phone(value)


@bp.app_template_filter("party")
def _party_filter(rsvp, with_seats: bool = True) -> str:
    return party_summary(rsvp.adults, rsvp.children, rsvp.infants, rsvp.seats if with_seats else None)


@bp.app_template_filter("status_label")
def _status_label_filter(value) -> str:
    return status_label(value)


@bp.route("/")
def index():
    events = upcoming_events()
    return render_template("events/index.html", events=[(e, seat_counts(e)) for e in events])


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):
    """Remember the reader's language choice and go back where they were."""
    if code in ("ko", "en"):
        session[LOCALE_SESSION_KEY] = code
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("events.index"))




@bp.route("/events/<slug>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RSVP"], methods=["POST"])
def show(slug: str):
    event = event_or_404(slug, include_archived=False)
    form = RsvpForm()
    form.set_communities(event)
    if form.validate_on_submit():
        try:
            rsvp = rsvps.place_rsvp(event.id, form.household(current_language())).rsvp
        except DuplicateRsvp as error:
            flash(str(error.message), "warning")
        except EventsError as error:
            flash(str(error.message), "error")
            apply_service_errors(form, error)
        else:
            return redirect(url_for("events.manage_rsvp", token=rsvps.manage_token(rsvp), new=1))
    elif form.is_submitted():
        flash(_("Please correct the highlighted fields."), "error")
    status = 422 if form.is_submitted() else 200
    return render_template("events/show.html", event=event, counts=seat_counts(event), form=form,
                           window=event.rsvp_window_state(utcnow())), status


def _rsvp_for_token(token: str):
    rsvp = rsvps.find_by_manage_token(token)
    if rsvp is None:
        abort(404)
    return rsvp


@bp.route("/rsvp/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_TICKET"])
def manage_rsvp(token: str):
    rsvp = _rsvp_for_token(token)
    form = PartyForm(obj=rsvp)
    if form.validate_on_submit():
        try:
            rsvp = rsvps.change_party(rsvp.id, form.party())
        except EventsError as error:
            flash(str(error.message), "error")
            apply_service_errors(form, error)
        else:
            flash(_("Your party is updated."), "success")
            return redirect(url_for("events.manage_rsvp", token=token))
    return render_template(
        "events/manage_rsvp.html", rsvp=rsvp, event=rsvp.event, form=form, token=token,
        position=waitlist_position(rsvp), counts=seat_counts(rsvp.event), statuses=RsvpStatus,
        ticket_url=absolute_url("tickets.ticket", token=rsvps.ticket_token(rsvp))
        if rsvp.status == RsvpStatus.CONFIRMED else None,
        just_created=request.args.get("new") == "1"), 422 if form.is_submitted() else 200


@bp.route("/rsvp/<token>/cancel", methods=["POST"])
def cancel_rsvp(token: str):
    rsvp = _rsvp_for_token(token)
    rsvps.cancel_rsvp(rsvp.id)
    flash(_("Your RSVP is cancelled. Thank you for letting us know."), "success")
    return redirect(url_for("events.manage_rsvp", token=token))
