"""Door pages: the door screen, the organizer's arrivals dashboard, the paper list and its entry."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import Role
from ..auth.roles import ORGANIZERS, PUBLIC, access, guard, signed_in
from ..csv_export import csv_bytes
from ..database import utcnow
from ..events.field_limits import MAX_PEOPLE_PER_COUNT
from ..events.lookup import event_or_404
from ..events.services import upcoming_events
from ..pdf import render_pdf
from ..refusal_views import show_refusal
from ..urls import absolute_url
from .conflicts import door_conflicts, mark_conflict_checked
from .door_names import door_label
from .doors import door_for_user, event_devices, revoke_device
from .forms import CheckedConflictForm, PaperAdmissionsForm, ReleaseTimeForm, RevokeDoorForm
from .no_shows import no_show_households, release_no_shows, release_policy, set_release_time
from .offline_door import door_list_before_event, door_manifest
from .paper import door_list, record_paper_admissions
from .refusals import CheckinError

bp = Blueprint("checkin", __name__)
DOOR_ROLES = (Role.STAFF, Role.ORGANIZER)
guard(bp, signed_in(*DOOR_ROLES))  # the door's pages; the arrivals dashboard is the organizers'


@bp.route("/door/")
def choose_event():
    return render_template("checkin/choose.html", events=upcoming_events())


@bp.route("/door/<slug>")
def door(slug: str):
    event = event_or_404(slug, include_archived=False)
    response = make_response(render_template(
        "checkin/door.html", event=event, door_name=door_label(current_user.name),
        before_event=door_list_before_event(event), max_people=MAX_PEOPLE_PER_COUNT,
        api_base=url_for("checkin_api.checkins", slug=event.slug).rsplit("/", 1)[0]))
    response.headers["Cache-Control"] = "private, no-cache"   # the door's service worker keeps its own copy
    return response


@bp.route("/door/sw.js")
@access(PUBLIC)  # code, no data
def service_worker():
    """The door's service worker, served from /door/ so that it may control every door screen."""
    assert current_app.static_folder is not None  # create_app sets it
    response = send_from_directory(current_app.static_folder, "js/door-sw.js", mimetype="text/javascript",
                                   max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/door/<slug>/manifest.webmanifest")
@access(PUBLIC)  # the event's public title and the door's icons
def manifest(slug: str):
    """The web app manifest that makes this event's door screen installable."""
    event = event_or_404(slug, include_archived=False)
    response = jsonify(door_manifest(event, url_for("checkin.door", slug=event.slug),
                                     url_for("static", filename="img/door-icon-192.png"),
                                     url_for("static", filename="img/door-icon-512.png")))
    response.mimetype = "application/manifest+json"
    return response


def _door_list_download(event, kind: str) -> Response:
    rows = door_list(event)
    if kind == "csv":
        header = [_("Code"), _("Name"), _("Phone (last 4)"), _("Adults"), _("Children"), _("Lap infants"),
                  _("People"), _("Admitted"), _("Needs"), _("No photos"), _("Status")]
        body = csv_bytes(header, ([r.code, r.name, r.phone_last4, r.adults, r.children, r.infants,
                                   r.party_size, r.admitted, r.needs_text, _("No photos") if r.no_photos else "",
                                   r.status] for r in rows))
        return Response(body, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="door-list-{event.slug}.csv"'})
    html = render_template("checkin/door_list_pdf.html", event=event, rows=rows)
    assert current_app.static_folder is not None  # create_app sets it
    pdf = render_pdf(html, Path(current_app.static_folder), [Path(current_app.static_folder)])
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="door-list-{event.slug}.pdf"'})


@bp.route("/door/<slug>/list.<any(pdf, csv):kind>")
def door_list_file(slug: str, kind: str):
    return _door_list_download(event_or_404(slug, include_archived=False), kind)


@bp.route("/door/<slug>/paper", methods=["GET", "POST"])
def paper(slug: str):
    event = event_or_404(slug, include_archived=False)
    form = PaperAdmissionsForm()
    line_errors: dict = {}
    if form.validate_on_submit():
        try:
            assert form.lines.data is not None  # InputRequired
            people = record_paper_admissions(event, form.lines.data, door_for_user(current_user))
        except CheckinError as error:
            show_refusal(error)
            line_errors = {int(k): str(v) for k, v in error.fields.items()}
        else:
            flash(_("%(num)d people recorded as admitted from the paper list.", num=people), "success")
            return redirect(url_for("checkin.paper", slug=event.slug))
    status = 422 if (form.errors or line_errors) else 200
    return render_template("checkin/paper.html", event=event, form=form,
                           line_errors=sorted(line_errors.items())), status


@bp.route("/manage/events/<slug>/arrivals", methods=["GET", "POST"])
@access(ORGANIZERS)
def dashboard(slug: str):
    event = event_or_404(slug, include_archived=False)
    policy = release_policy(event.id)
    form = ReleaseTimeForm()
    if form.validate_on_submit():
        try:
            if "release_now" in request.form:
                released = release_no_shows(event, current_user.id)
                flash(_("Seats of %(num)d household(s) released to walk-ins.", num=len(released)), "success")
            else:
                policy = set_release_time(event, form.release_time(event.timezone), current_user.id)
                flash(_("The release time is saved.") if policy else _("No release time is set."), "success")
        except CheckinError as error:
            show_refusal(error)
        else:
            return redirect(url_for("checkin.dashboard", slug=event.slug))
    elif not form.is_submitted() and policy is not None and policy.released_at is None:
        form.release_at.data = policy.release_at.astimezone(ZoneInfo(event.timezone)).replace(tzinfo=None)
    return render_template("checkin/dashboard.html", event=event, form=form, policy=policy,
                           no_shows=len(no_show_households(event.id)), devices=event_devices(event.id), now=utcnow(),
                           conflicts=door_conflicts(event.id),
                           api_url=absolute_url("checkin_api.attendance_view", slug=event.slug))


@bp.route("/manage/events/<slug>/conflicts/<int:admission_id>/checked", methods=["POST"])
@access(ORGANIZERS)
def conflict_checked(slug: str, admission_id: int):
    """The organizer checked an admission at two doors with the family: it leaves the lists."""
    event = event_or_404(slug, include_archived=False)
    if not CheckedConflictForm().validate_on_submit():
        abort(400)
    mark_conflict_checked(event.id, admission_id, current_user)
    flash(_("Marked as checked with the family."), "success")
    return redirect(url_for("checkin.dashboard", slug=event.slug) + "#conflicts")


@bp.route("/manage/events/<slug>/doors/<int:device_id>/revoke", methods=["POST"])
@access(ORGANIZERS)
def revoke_door_device(slug: str, device_id: int):
    event = event_or_404(slug, include_archived=False)
    form = RevokeDoorForm()
    if not form.validate_on_submit():
        abort(400)
    device = revoke_device(event.id, device_id, actor=current_user)
    if device is None:
        abort(404)
    flash(_("The token of %(name)s no longer works.", name=device.name), "success")
    return redirect(url_for("checkin.dashboard", slug=event.slug))
