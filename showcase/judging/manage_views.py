"""Organizer pages that set up the contest: the rubric, the judging options, the panel of judges
and their conflicts of interest. Judges who open any organizer judging page are told why not."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..auth.models import Role, User
from ..auth.roles import guard, signed_in
from ..events.lookup import event_or_404, event_row_or_404
from ..events.models import Community
from ..extensions import db
from ..refusal_views import show_refusal
from .assignment import overview as assignment_overview
from .forms import AssignmentForm, ConflictForm, CriterionForm, InviteForm, OptionsForm
from .models import Conflict, Criterion
from .panel import (
    event_conflicts,
    invite_judge,
    invited_judges,
    record_conflict,
    remove_conflict,
    remove_judge,
)
from .refusals import JudgingError
from .rubric import criteria, delete_criterion, save_criterion, save_options
from .settings import settings_for, window_state

bp = Blueprint("judging_manage", __name__)


def _judges_told_why(user: User) -> JudgingError | None:
    if user.has_role(Role.JUDGE):
        return JudgingError(_("Judges do not see the ranking or other judges' scores."), "not_allowed", 403)
    return None


#: every organizer judging page: sign-in first; judges get a page saying why not, others a 403
ORGANIZERS_NOT_JUDGES = signed_in(Role.ORGANIZER, refusal=_judges_told_why)
guard(bp, ORGANIZERS_NOT_JUDGES)


def _setup_page(event, criterion_form=None, options_form=None, invite_form=None, conflict_form=None, status=200):
    settings = settings_for(event)
    judges = invited_judges(event)
    conflict_form = conflict_form or ConflictForm()
    conflict_form.judge_id.choices = [(j.id, j.name) for j in judges]
    conflict_form.community_id.choices = [(c.id, c.name) for c in event.communities]
    assignment = assignment_overview(event)
    return render_template("judging/manage/setup.html", event=event, settings=settings, window=window_state(settings),
                           rubric=criteria(event), judges=judges, conflicts=event_conflicts(event),
                           criterion_form=criterion_form or CriterionForm(formdata=None),
                           options_form=options_form or OptionsForm.for_settings(event, settings),
                           invite_form=invite_form or InviteForm(formdata=None), conflict_form=conflict_form,
                           assignment=assignment, assignment_form=AssignmentForm.for_mode(assignment.judges_per_entry)), status


@bp.route("/events/<slug>/judging")
def setup(slug: str):
    return _setup_page(event_or_404(slug))


@bp.route("/events/<slug>/judging/criteria", methods=["POST"])
def add_criterion(slug: str):
    event = event_or_404(slug)
    form = CriterionForm()
    if form.validate():
        try:
            save_criterion(event, form.details())
        except JudgingError as error:
            show_refusal(error, form)
        else:
            flash(_("Criterion added."), "success")
            return redirect(url_for("judging_manage.setup", slug=slug))
    return _setup_page(event, criterion_form=form, status=422)


@bp.route("/events/<slug>/judging/criteria/<int:criterion_id>/delete", methods=["POST"])
def remove_criterion(slug: str, criterion_id: int):
    event = event_or_404(slug)
    criterion = event_row_or_404(Criterion, criterion_id, event)
    try:
        delete_criterion(event, criterion)
    except JudgingError as error:
        show_refusal(error)
    else:
        flash(_("Criterion removed."), "success")
    return redirect(url_for("judging_manage.setup", slug=slug))


@bp.route("/events/<slug>/judging/options", methods=["POST"])
def options(slug: str):
    event = event_or_404(slug)
    form = OptionsForm()
    if form.validate():
        try:
            save_options(event, form.values(event))
        except JudgingError as error:
            show_refusal(error, form)
        else:
            flash(_("Judging settings saved."), "success")
            return redirect(url_for("judging_manage.setup", slug=slug))
    return _setup_page(event, options_form=form, status=422)


@bp.route("/events/<slug>/judging/judges", methods=["POST"])
def invite(slug: str):
    event = event_or_404(slug)
    form = InviteForm()
    if form.validate():
        email = (form.email.data or "").strip().lower()
        judge = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if judge is None:
            form.email.errors = [_("No account has this email. Create it with: flask --app showcase create-user EMAIL --role judge")]
        else:
            try:
                invite_judge(event, judge)
            except JudgingError as error:
                show_refusal(error, form)
            else:
                flash(_("%(name)s is on the judging panel.", name=judge.name), "success")
                return redirect(url_for("judging_manage.setup", slug=slug))
    return _setup_page(event, invite_form=form, status=422)


@bp.route("/events/<slug>/judging/judges/<int:judge_id>/remove", methods=["POST"])
def uninvite(slug: str, judge_id: int):
    event = event_or_404(slug)
    judge = db.session.get(User, judge_id)
    if judge is None:
        abort(404)
    try:
        remove_judge(event, judge)
    except JudgingError as error:
        show_refusal(error)
    else:
        flash(_("%(name)s is no longer on the panel; their scores no longer count.", name=judge.name), "success")
    return redirect(url_for("judging_manage.setup", slug=slug))


@bp.route("/events/<slug>/judging/conflicts", methods=["POST"])
def add_conflict(slug: str):
    event = event_or_404(slug)
    form = ConflictForm()
    judge = db.session.get(User, request.form.get("judge_id", type=int) or 0)
    team = db.session.get(Community, request.form.get("community_id", type=int) or 0)
    if judge is None or team is None or judge not in invited_judges(event):
        flash(_("Choose a judge on the panel and a team of this event."), "error")
        return _setup_page(event, conflict_form=form, status=422)
    try:
        record_conflict(event, judge, team, request.form.get("reason", ""), current_user)
    except JudgingError as error:
        show_refusal(error, form)
        return _setup_page(event, conflict_form=form, status=error.status)
    flash(_("Conflict recorded: %(judge)s will not see or score %(team)s.", judge=judge.name, team=team.name), "success")
    return redirect(url_for("judging_manage.setup", slug=slug))


@bp.route("/events/<slug>/judging/conflicts/<int:conflict_id>/delete", methods=["POST"])
def delete_conflict(slug: str, conflict_id: int):
    event = event_or_404(slug)
    conflict = db.session.get(Conflict, conflict_id)
    if conflict is None:
        abort(404)
    try:
        remove_conflict(event, conflict, current_user)
    except JudgingError as error:
        show_refusal(error)
    else:
        flash(_("Conflict removed."), "success")
    return redirect(url_for("judging_manage.setup", slug=slug))
