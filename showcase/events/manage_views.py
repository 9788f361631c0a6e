"""Organizer pages: events, households, the waitlist and the CSV export."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.roles import ORGANIZERS, guard
from ..contributions import page_context
from ..refusal_views import show_refusal
from . import attendees, rsvp_changes
from .forms import EventForm, RsvpForm, event_details, event_form_for
from .lookup import event_or_404, event_row_or_404
from .models import Rsvp, RsvpStatus
from .needs import need_totals
from .placement import place_rsvp
from .refusals import EventsError
from .seats import seat_counts
from .services import all_events, create_event, update_event
from .wording import status_label

bp = Blueprint("events_manage", __name__)
#: organizers land on the console (showcase.console.views.ROLE_HOMES) after signing in


guard(bp, ORGANIZERS)




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
            show_refusal(error, form)
        else:
            flash(_("The event is created."), "success")
            return redirect(url_for("events_manage.households", slug=event.slug))
    return render_template("events/manage/event_form.html", form=form, event=None), 422 if form.is_submitted() else 200


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
def edit_event(slug: str):
    event = event_or_404(slug)
    form = event_form_for(event)
    if form.validate_on_submit():
        try:
            event = update_event(event.id, event_details(form), actor=current_user)
        except EventsError as error:
            show_refusal(error, form)
        else:
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
                           need_totals=need_totals(rows),
                           no_photo_households=sum(1 for r in rows if r.is_active and not r.photo_consent),
                           totals=attendees.totals(rows), counts=seat_counts(event), status=status,
                           community=community, statuses=RsvpStatus,
                           waitlist_order=status == RsvpStatus.WAITLISTED,
                           **page_context(current_app, "events_manage.households", event,
                                          print_door_list_reminder=False))


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
            rsvp = place_rsvp(event.id, form.household(request.form.get("locale", "ko")), source="organizer").rsvp
        except EventsError as error:
            show_refusal(error, form)
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
        form.fill_from(rsvp)
    if form.validate_on_submit():
        try:
            rsvp_changes.edit_household(rsvp.id, form.household(rsvp.locale), form.party())
        except EventsError as error:
            show_refusal(error, form)
        else:
            flash(_("The household is saved."), "success")
            return redirect(url_for("events_manage.households", slug=slug))
    return render_template("events/manage/household_edit.html", event=event, rsvp=rsvp, form=form), \
        422 if form.is_submitted() else 200


@bp.route("/events/<slug>/households/<int:rsvp_id>/cancel", methods=["POST"])
def cancel_household(slug: str, rsvp_id: int):
    event = event_or_404(slug)
    rsvp = rsvp_changes.cancel_rsvp(_household(event, rsvp_id).id)
    flash(_("%(name)s is cancelled.", name=rsvp.contact_name), "success")
    return redirect(request.referrer or url_for("events_manage.households", slug=slug))


@bp.route("/events/<slug>/households/<int:rsvp_id>/promote", methods=["POST"])
def promote_household(slug: str, rsvp_id: int):
    event = event_or_404(slug)
    try:
        rsvp = rsvp_changes.promote_by_hand(_household(event, rsvp_id).id, actor=current_user)
    except EventsError as error:
        show_refusal(error)
    else:
        flash(_("%(name)s is confirmed.", name=rsvp.contact_name), "success")
    return redirect(url_for("events_manage.households", slug=slug, status="waitlisted"))


