"""The organizer's audit log pages, and the hook that logs every file download by a signed-in user.

They are the console's (it reads every domain); the audit package itself only records and reads."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user
from sqlalchemy import select

from ..audit.services import ACTIONS, AuditFilter, action_label, entries, record
from ..database import unit_of_work
from ..events.lookup import event_or_404
from ..events.models import Event
from ..events.services import all_events
from ..extensions import db
from .views import bp


def _page(event: Event | None):
    action = request.args.get("action") or None
    action = action if action in ACTIONS else None
    rows = entries(AuditFilter(event_id=event.id if event else None, action=action))
    names = {e.id: e for e in db.session.scalars(select(Event).where(
        Event.id.in_({row.event_id for row in rows if row.event_id is not None})))}
    return render_template("console/manage/audit_log.html", rows=rows, event=event, events=all_events(), action=action,
                           actions=ACTIONS, action_label=action_label, event_names=names)


@bp.route("/audit")
def audit_log():
    slug = request.args.get("event") or None
    return _page(event_or_404(slug) if slug else None)


@bp.route("/events/<slug>/audit")
def event_audit_log(slug: str):
    return _page(event_or_404(slug))


#: media shown inside pages (posters, thumbnails, videos played in place) are viewing, not exporting
_VIEWED_INLINE = ("image/", "video/", "audio/")


def _is_download(response: Response) -> bool:
    """A CSV, a zip, any file served as an attachment, or an inline document (the door list PDF).

    Images and videos shown inline (a poster in the review grid, a video playing) are not exports.
    """
    if response.status_code != 200:
        return False
    if response.mimetype in ("text/csv", "application/zip"):
        return True
    disposition = response.headers.get("Content-Disposition", "")
    if not disposition:
        return False
    if disposition.startswith("attachment"):
        return True
    assert response.mimetype is not None  # as before: a typeless inline response is not expected here
    return not response.mimetype.startswith(_VIEWED_INLINE)


@bp.after_app_request
def _log_downloads(response: Response) -> Response:
    """Every export (CSV, zip, PDF list, any file download) taken by a signed-in user goes into the audit log."""
    if request.endpoint in (None, "static") or not _is_download(response) or not current_user.is_authenticated:
        return response
    event_id = None
    slug = (request.view_args or {}).get("slug")
    if slug:
        event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
    details: dict = {"format": response.mimetype}
    if not response.is_streamed and response.mimetype == "text/csv":
        details["rows"] = max(response.get_data().count(b"\n") - 1, 0)
    with unit_of_work():  # a unit of its own: the download itself wrote nothing
        record("exported", actor=current_user._get_current_object(), event_id=event_id,
               target=request.path.rsplit("/", 1)[-1][:200], details=details)
    return response
