"""The privacy notice and a family deleting its RSVP data from its manage link."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from ..events import rsvp_tokens
from ..events.models import Rsvp
from .forms import ConfirmForm
from .models import DEFAULT_RETENTION_DAYS
from .services import delete_own_data, retention_days

bp = Blueprint("privacy", __name__)


def retention_days_global(event) -> int:
    return retention_days(event)


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Referrer-Policy"] = "no-referrer"  # the manage link is in the URL
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/privacy")
def notice():
    return render_template("privacy/notice.html", default_days=DEFAULT_RETENTION_DAYS)


def _household(token: str) -> Rsvp:
    rsvp = rsvp_tokens.find_by_manage_token(token)
    if rsvp is None:
        abort(404)
    return rsvp


@bp.route("/rsvp/<token>/delete", methods=["GET", "POST"])
def delete_my_data(token: str):
    rsvp = _household(token)
    form = ConfirmForm()
    if form.validate_on_submit():
        event = rsvp.event
        delete_own_data(rsvp.id)
        return render_template("privacy/deleted.html", event=event)
    return render_template("privacy/delete.html", rsvp=rsvp, event=rsvp.event, form=form, token=token,
                           days=retention_days(rsvp.event))
