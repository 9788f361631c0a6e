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
    send_from_directory,
    session,
    url_for,
)
from flask_babel import gettext as _

from ..database import utcnow
from ..extensions import db, limiter
from ..i18n import LOCALE_SESSION_KEY, current_language
from ..refusal_views import show_refusal
from ..urls import absolute_url
from . import rsvp_changes, rsvp_tokens
from .contacts import display_phone
from .forms import DetailsForm, PartyForm, RsvpForm
from .lookup import event_or_404
from .models import RsvpStatus
from .placement import place_rsvp
from .refusals import DuplicateRsvp, EventsError
from .seats import seat_counts
from .services import upcoming_events
from .waitlist import waitlist_position
from .wording import party_summary, status_label

bp = Blueprint("events", __name__)


def phone_filter(value: str) -> str:
    return display_phone(value)


def party_filter(rsvp, with_seats: bool = True) -> str:
    return party_summary(rsvp.adults, rsvp.children, rsvp.infants, rsvp.seats if with_seats else None)


def status_label_filter(value) -> str:
    return status_label(value)


@bp.route("/")
def index():
    events = upcoming_events()
    return render_template("events/index.html", events=[(e, seat_counts(e)) for e in events])


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says: answer with the one in static/."""
    assert current_app.static_folder is not None  # create_app sets it
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)


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
    form.limit_to(event)
    duplicate = False
    if form.validate_on_submit():
        try:
            rsvp = place_rsvp(event.id, form.household(current_language())).rsvp
        except DuplicateRsvp:
            duplicate = True  # said inside the form's card, where the page scrolls to (#rsvp)
        except EventsError as error:
            show_refusal(error, form)
        else:
            return redirect(url_for("events.manage_rsvp", token=rsvp_tokens.manage_token(rsvp), new=1))
    elif form.is_submitted():
        flash(_("Please correct the highlighted fields."), "error")
    status = 422 if form.is_submitted() else 200
    return render_template("events/show.html", event=event, counts=seat_counts(event), form=form,
                           window=event.rsvp_window_state(utcnow()), duplicate=duplicate,
                           duplicate_contact=(form.phone.data or form.email.data or "") if duplicate else ""), status


def _rsvp_for_token(token: str):
    rsvp = rsvp_tokens.find_by_manage_token(token)
    if rsvp is None:
        abort(404)
    return rsvp


def _details_form(rsvp) -> DetailsForm:
    form = DetailsForm(obj=rsvp, prefix="details")
    form.set_communities(rsvp.event)
    if not form.is_submitted():
        form.fill_from(rsvp)
    return form


def _manage_page(token: str, rsvp, party_form: PartyForm, details_form: DetailsForm, status: int = 200):
    return render_template(
        "events/manage_rsvp.html", rsvp=rsvp, event=rsvp.event, form=party_form, details=details_form,
        token=token, position=waitlist_position(rsvp), counts=seat_counts(rsvp.event), statuses=RsvpStatus,
        ticket_url=absolute_url("tickets.ticket", token=rsvp_tokens.ticket_token(rsvp))
        if rsvp.status == RsvpStatus.CONFIRMED else None,
        just_created=request.args.get("new") == "1"), status


@bp.route("/rsvp/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_TICKET"])
def manage_rsvp(token: str):
    rsvp = _rsvp_for_token(token)
    form = PartyForm(obj=rsvp)
    form.limit_to(rsvp.event)
    if form.validate_on_submit():
        try:
            rsvp = rsvp_changes.change_party(rsvp.id, form.party())
        except EventsError as error:
            show_refusal(error, form)
        else:
            flash(_("Your party is updated."), "success")
            return redirect(url_for("events.manage_rsvp", token=token))
    elif form.is_submitted():
        flash(_("Please correct the highlighted fields."), "error")
    details = DetailsForm(obj=rsvp, prefix="details", formdata=None)
    details.set_communities(rsvp.event)
    details.fill_from(rsvp)
    return _manage_page(token, rsvp, form, details, 422 if form.is_submitted() else 200)


@bp.route("/rsvp/<token>/details", methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_TICKET"])
def change_details(token: str):
    """The family changes its contact, team, needs or photo consent."""
    rsvp = _rsvp_for_token(token)
    if rsvp.status == RsvpStatus.CANCELLED:
        flash(_("This RSVP was cancelled and can no longer change."), "error")
        return redirect(url_for("events.manage_rsvp", token=token))
    form = _details_form(rsvp)
    if form.validate_on_submit():
        try:
            rsvp_changes.change_details(rsvp.id, form.household(rsvp.locale))
        except DuplicateRsvp as error:
            show_refusal(error, form)
            form.phone.errors = [*form.phone.errors, str(error.message)]
        except EventsError as error:
            show_refusal(error, form)
        else:
            flash(_("Your details are saved."), "success")
            return redirect(url_for("events.manage_rsvp", token=token) + "#details")
    else:
        flash(_("Please correct the highlighted fields."), "error")
    db.session.refresh(rsvp)
    party = PartyForm(obj=rsvp, formdata=None)
    party.limit_to(rsvp.event)
    return _manage_page(token, rsvp, party, form, 422)


@bp.route("/rsvp/<token>/cancel", methods=["POST"])
def cancel_rsvp(token: str):
    rsvp = _rsvp_for_token(token)
    rsvp_changes.cancel_rsvp(rsvp.id)
    flash(_("Your RSVP is cancelled. Thank you for letting us know."), "success")
    return redirect(url_for("events.manage_rsvp", token=token))
