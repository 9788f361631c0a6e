"""Organizer actions on who scores what: choose every-judge or k judges per entry, re-balance."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.roles import guard
from ..events.lookup import event_or_404
from ..refusal_views import show_refusal
from .assignment import choose_mode, rebalance
from .forms import AssignmentForm
from .manage_views import ORGANIZERS_NOT_JUDGES
from .refusals import JudgingError

bp = Blueprint("judging_assignment", __name__)
guard(bp, ORGANIZERS_NOT_JUDGES)


def _back(slug: str):
    return redirect(url_for("judging_manage.setup", slug=slug) + "#assignment")


@bp.route("/events/<slug>/judging/assignment", methods=["POST"])
def choose(slug: str):
    event = event_or_404(slug)
    form = AssignmentForm()
    if not form.validate() or (form.mode.data == "split" and form.judges_per_entry.data is None):
        flash(_("Choose how many judges score each entry."), "error")
        return _back(slug)
    try:
        plan = choose_mode(event, current_user, form.chosen_k())
    except JudgingError as error:
        show_refusal(error)
        return _back(slug)
    if plan is None:
        flash(_("Every judge scores every entry."), "success")
    elif plan.shortfall:
        flash(_("Entries assigned. %(count)d entries have fewer allowed judges than asked, because of conflicts or a small panel.",
                count=len(plan.shortfall)), "warning")
    else:
        flash(_("Entries assigned: each is scored by %(k)d judges.", k=form.chosen_k()), "success")
    return _back(slug)


@bp.route("/events/<slug>/judging/assignment/rebalance", methods=["POST"])
def rebalance_now(slug: str):
    event = event_or_404(slug)
    try:
        rebalance(event, current_user)
    except JudgingError as error:
        show_refusal(error)
    else:
        flash(_("Assignment re-balanced. Scores already given are kept."), "success")
    return _back(slug)
