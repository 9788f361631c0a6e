"""The organizer's console: all events at a glance, one event's overview and its RSVP chart, duplicate, archive."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.roles import ORGANIZERS, guard
from ..events.lookup import event_or_404
from ..events.refusals import EventsError
from ..events.services import all_events
from ..refusal_views import show_refusal
from .event_copies import duplicate_event, set_archived
from .figures import overview, rsvp_timeline
from .forms import DuplicateForm

bp = Blueprint("console", __name__)
guard(bp, ORGANIZERS)


@bp.route("/console")
def home():
    show_archived = request.args.get("archived") == "1"
    events = [e for e in all_events() if (e.archived_at is not None) == show_archived]
    return render_template("console/manage/home.html", overviews=[overview(e) for e in events],
                           show_archived=show_archived)


@bp.route("/events/<slug>/overview")
def event_overview(slug: str):
    event = event_or_404(slug)
    return render_template("console/manage/event.html", event=event, o=overview(event))


@bp.route("/events/<slug>/rsvps-over-time.json")
def rsvps_over_time(slug: str):
    event = event_or_404(slug)
    return jsonify({"event": event.slug, "timezone": event.timezone, "days": rsvp_timeline(event)})


@bp.route("/events/<slug>/duplicate", methods=["GET", "POST"])
def duplicate(slug: str):
    source = event_or_404(slug)
    form = DuplicateForm()
    if not form.is_submitted():
        form.slug.data = f"{source.slug}-copy"
        form.starts_at.data = source.starts_at.astimezone(ZoneInfo(source.timezone)).replace(tzinfo=None)
    if form.validate_on_submit():
        assert form.starts_at.data is not None and form.slug.data is not None  # InputRequired
        starts_at = form.starts_at.data.replace(tzinfo=ZoneInfo(source.timezone))
        try:
            event = duplicate_event(source, form.slug.data, starts_at, current_user, form.copy_teams.data)
        except EventsError as error:
            show_refusal(error)
            for name, message in (error.fields or {}).items():
                if name in form:
                    form[name].errors = [*form[name].errors, str(message)]
        else:
            flash(_("The event is duplicated: check its details, then open RSVPs."), "success")
            return redirect(url_for("events_manage.edit_event", slug=event.slug))
    status = 422 if form.is_submitted() else 200
    return render_template("console/manage/duplicate.html", event=source, form=form), status


@bp.route("/events/<slug>/archive", methods=["POST"])
def archive(slug: str):
    event = event_or_404(slug)
    archived = request.form.get("archived", "1") == "1"
    set_archived(event, archived, current_user)
    flash(_("The event is archived.") if archived else _("The event is back among the current events."), "success")
    return redirect(url_for("console.home", archived="1" if not archived else None))
