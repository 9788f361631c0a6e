"""Organizer pages: events, households, the waitlist and the CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import services as audit
from ..auth.models import Role
from ..auth.roles import restrict_blueprint
from ..extensions import db
from . import attendees, rsvps
from .contacts import display_phone
from .errors import EventsError
from .forms import EventForm, RsvpForm, apply_service_errors, event_details, event_form_for
from .labels import status_label
from .lookup import event_or_404, event_row_or_404
from .models import Rsvp, RsvpStatus
from .seats import seat_counts
from .services import all_events, create_event, update_event

bp = Blueprint("events_manage", __name__)
#: organizers land on the console (showcase.console.views.ROLE_HOMES) after signing in


restrict_blueprint(bp, Role.ORGANIZER)




def _household(event, rsvp_id: int) -> Rsvp:
    return event_row_or_404(Rsvp, rsvp_id, event)


@bp.route("/")
def index():
    return render_template("events/manage/index.html", events=[(e, seat_counts(e)) for e in all_events()])


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = create_event(event_details(form))
        except EventsError as error:
            flash(str(error.message), "error")
            apply_service_errors(form, error)
        else:
            flash(_("The event is created."), "success")
            return redirect(url_for("events_manage.households", slug=event.slug))
    return render_template("events/manage/event_form.html", form=form, event=None), 422 if form.is_submitted() else 200


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
def edit_event(slug: str):
    event = event_or_404(slug)
    form = event_form_for(event)
    if form.validate_on_submit():
        capacity_before = event.capacity
        try:
            event = update_event(event.id, event_details(form))
        except EventsError as error:
            flash(str(error.message), "error")
            apply_service_errors(form, error)
        else:
            if event.capacity != capacity_before:
                audit.record("capacity_changed", actor=current_user, event_id=event.id, target=event.slug,
                             details={"from": capacity_before, "to": event.capacity})
            flash(_("The event is saved."), "success")
            return redirect(url_for("events_manage.households", slug=event.slug))
    return render_template("events/manage/event_form.html", form=form, event=event), 422 if form.is_submitted() else 200


def _filters(event):
    status = request.args.get("status") or None
    status = RsvpStatus(status) if status in {s.value for s in RsvpStatus} else None
    community = request.args.get("community", type=int)
    community = community if any(c.id == community for c in event.communities) else None
    return status, community


@bp.route("/events/<slug>/households")
def households(slug: str):
    event = event_or_404(slug)
    status, community = _filters(event)
    rows = attendees.list_households(event, status, community)
    return render_template("events/manage/households.html", event=event, rows=rows,
                           totals=attendees.totals(rows), counts=seat_counts(event), status=status,
                           community=community, statuses=RsvpStatus)


@bp.route("/events/<slug>/households.csv")
def households_csv(slug: str):
    event = event_or_404(slug)
    status, community = _filters(event)
    body = attendees.households_csv(attendees.list_households(event, status, community))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-households.csv"'})


@bp.route("/events/<slug>/households/new", methods=["GET", "POST"])
def add_household(slug: str):
    event = event_or_404(slug)
    form = RsvpForm()
    form.set_communities(event)
    if form.validate_on_submit():
        try:
            rsvp = rsvps.place_rsvp(event.id, form.household(request.form.get("locale", "ko")), source="organizer").rsvp
        except EventsError as error:
            flash(str(error.message), "error")
            apply_service_errors(form, error)
        else:
            flash(_("Household added: %(status)s.", status=status_label(rsvp.status)), "success")
            return redirect(url_for("events_manage.households", slug=slug))
    return render_template("events/manage/household_new.html", event=event, form=form), 422 if form.is_submitted() else 200


@bp.route("/events/<slug>/households/<int:rsvp_id>", methods=["GET", "POST"])
def edit_household(slug: str, rsvp_id: int):
    event = event_or_404(slug)
    rsvp = _household(event, rsvp_id)
    form = RsvpForm(obj=rsvp)
    form.set_communities(event)
    if not form.is_submitted():
        form.community_id.data = rsvp.community_id
        form.phone.data = display_phone(rsvp.phone)
    if form.validate_on_submit():
        try:
            rsvps.update_contact(rsvp.id, form.household(rsvp.locale))
            if (form.adults.data, form.children.data, form.infants.data) != (rsvp.adults, rsvp.children, rsvp.infants):
                rsvps.change_party(rsvp.id, form.party(), by_organizer=True)
        except EventsError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            apply_service_errors(form, error)
        else:
            flash(_("The household is saved."), "success")
            return redirect(url_for("events_manage.households", slug=slug))
    return render_template("events/manage/household_edit.html", event=event, rsvp=rsvp, form=form), \
        422 if form.is_submitted() else 200


@bp.route("/events/<slug>/households/<int:rsvp_id>/cancel", methods=["POST"])
def cancel_household(slug: str, rsvp_id: int):
    event = event_or_404(slug)
    rsvp = rsvps.cancel_rsvp(_household(event, rsvp_id).id)
    flash(_("%(name)s is cancelled.", name=rsvp.contact_name), "success")
    return redirect(request.referrer or url_for("events_manage.households", slug=slug))


@bp.route("/events/<slug>/households/<int:rsvp_id>/promote", methods=["POST"])
def promote_household(slug: str, rsvp_id: int):
    event = event_or_404(slug)
    try:
        rsvp = rsvps.promote_by_hand(_household(event, rsvp_id).id)
    except EventsError as error:
        flash(str(error.message), "error")
    else:
        audit.record("promoted_by_hand", actor=current_user, event_id=event.id, target=f"rsvp {rsvp.id}",
                     details={"seats": rsvp.seats})
        flash(_("%(name)s is confirmed.", name=rsvp.contact_name), "success")
    return redirect(url_for("events_manage.households", slug=slug, status="waitlisted"))


