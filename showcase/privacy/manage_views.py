"""The organizer's privacy page for an event: the retention period and purging after it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.roles import ORGANIZERS, guard
from ..events.lookup import event_or_404
from ..extensions import db
from ..refusal_views import show_refusal
from .forms import RetentionForm
from .models import RetentionPolicy
from .services import (
    PrivacyError,
    households_to_purge,
    purge_due_at,
    purge_event,
    retention_days,
    set_retention,
)

bp = Blueprint("privacy_manage", __name__)
guard(bp, ORGANIZERS)


@bp.route("/events/<slug>/privacy", methods=["GET", "POST"])
def retention(slug: str):
    event = event_or_404(slug)
    form = RetentionForm(days=retention_days(event))
    status = 200
    if request.method == "POST" and "purge" in request.form:
        try:
            report = purge_event(event, actor=current_user)
        except PrivacyError as error:  # refused before anything changed: its unit of work rolled back
            show_refusal(error)
        else:
            flash(_("%(num)d household(s) anonymised. Their party counts are kept for statistics.",
                    num=report.households), "success")
        return redirect(url_for("privacy_manage.retention", slug=slug))
    if form.validate_on_submit():
        assert form.days.data is not None  # InputRequired
        set_retention(event, form.days.data, current_user)
        flash(_("The retention period is saved."), "success")
        return redirect(url_for("privacy_manage.retention", slug=slug))
    if form.is_submitted():
        status = 422
    policy = db.session.get(RetentionPolicy, event.id)
    return render_template("privacy/manage/retention.html", event=event, form=form, due_at=purge_due_at(event),
                           remaining=len(households_to_purge(event)), policy=policy), status
