"""Organizer pages: rubric, judges and conflicts, results and lock, screening order, audit CSV, screening, gallery."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from ..audit import services as audit
from ..auth.models import Role, User
from ..events.lookup import event_or_404, event_row_or_404
from ..events.models import Community
from ..extensions import db
from ..i18n import current_language, localized
from ..storage import media_storage
from . import results as results_service
from .errors import JudgingError
from .forms import ConflictForm, CriterionForm, InviteForm, OptionsForm
from .models import Conflict, Criterion
from .rubric import criteria, delete_criterion, save_criterion, save_options
from .screening import build_package, publish_gallery, require_locked, screening_slots
from .services import (
    event_conflicts,
    invite_judge,
    invited_judges,
    record_conflict,
    remove_conflict,
    remove_judge,
    settings_for,
    window_state,
)

bp = Blueprint("judging_manage", __name__)
#: entries for the organizer's per-event menu (showcase.events.navigation)
NAV_LINKS = [("judging_manage.setup", _l("Judging"), 62), ("judging_manage.results", _l("Results"), 64)]


def _refused(error: JudgingError):
    db.session.rollback()
    return render_template("errors/error.html", title=_("Not allowed") if error.status == 403 else _("Please note"),
                           message=str(error.message), status=error.status), error.status


@bp.before_request
def _organizers_only():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    if current_user.has_role(Role.JUDGE):
        return _refused(JudgingError(_("Judges do not see the ranking or other judges' scores."), "not_allowed", 403))
    if not current_user.has_role(Role.ORGANIZER):
        abort(403)
    return None




def _flash_error(error: JudgingError, form=None) -> None:
    db.session.rollback()
    flash(str(error.message), "error")
    if form is not None:
        for name, message in error.fields.items():
            field = getattr(form, name, None)
            if field is not None:
                field.errors = [*field.errors, str(message)]


def _setup_page(event, criterion_form=None, options_form=None, invite_form=None, conflict_form=None, status=200):
    settings = settings_for(event)
    judges = invited_judges(event)
    conflict_form = conflict_form or ConflictForm()
    conflict_form.judge_id.choices = [(j.id, j.name) for j in judges]
    conflict_form.community_id.choices = [(c.id, c.name) for c in event.communities]
    db.session.commit()
    return render_template("judging/manage/setup.html", event=event, settings=settings, window=window_state(settings),
                           rubric=criteria(event), judges=judges, conflicts=event_conflicts(event),
                           criterion_form=criterion_form or CriterionForm(formdata=None),
                           options_form=options_form or OptionsForm.for_settings(event, settings),
                           invite_form=invite_form or InviteForm(formdata=None), conflict_form=conflict_form), status


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
            _flash_error(error, form)
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
        _flash_error(error)
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
            _flash_error(error, form)
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
                _flash_error(error, form)
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
        _flash_error(error)
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
        _flash_error(error, form)
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
        remove_conflict(event, conflict)
    except JudgingError as error:
        _flash_error(error)
    else:
        flash(_("Conflict removed."), "success")
    return redirect(url_for("judging_manage.setup", slug=slug))


@bp.route("/events/<slug>/results")
def results(slug: str):
    event = event_or_404(slug)
    outcome = results_service.event_results(event)
    if db.session.new:  # the settings row was created on first use; committing otherwise would expire everything
        db.session.commit()
    language = current_language()
    titles = {entry_id: localized(entry, "title", language) for entry_id, entry in outcome.entries.items()}
    return render_template("judging/manage/results.html", event=event, results=outcome, titles=titles,
                           window=window_state(outcome.settings), rows=outcome.ranking.entries)


@bp.route("/events/<slug>/results/tie", methods=["POST"])
def decide_tie(slug: str):
    event = event_or_404(slug)
    order = [int(x) for x in request.form.getlist("order") if x.isdigit()]
    try:
        results_service.record_tie_decision(event, current_user, order, request.form.get("reason", ""))
    except JudgingError as error:
        _flash_error(error)
    else:
        flash(_("Your decision on the tie is recorded."), "success")
    return redirect(url_for("judging_manage.results", slug=slug))


@bp.route("/events/<slug>/results/lock", methods=["POST"])
def lock(slug: str):
    event = event_or_404(slug)
    try:
        finalists = results_service.lock_results(event, current_user)
    except JudgingError as error:
        _flash_error(error)
    else:
        audit.record("results_locked", actor=current_user, event_id=event.id, target=event.slug,
                     details={"finalists": len(finalists)})
        flash(_("Results locked. The top six are the finalists; no score can change any more."), "success")
    return redirect(url_for("judging_manage.results", slug=slug))


@bp.route("/events/<slug>/finalists/<int:submission_id>/move", methods=["POST"])
def move(slug: str, submission_id: int):
    event = event_or_404(slug)
    step = -1 if request.form.get("direction") == "up" else 1
    try:
        results_service.move_finalist(event, submission_id, step)
    except JudgingError as error:
        _flash_error(error)
    return redirect(url_for("judging_manage.results", slug=slug) + "#screening-order")


@bp.route("/events/<slug>/scores.csv")
def scores_csv(slug: str):
    event = event_or_404(slug)
    return Response(results_service.scores_csv(event), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="scores-{event.slug}.csv"'})


@bp.route("/events/<slug>/screening")
def screening(slug: str):
    event = event_or_404(slug)
    try:
        require_locked(event)
    except JudgingError as error:
        return _refused(error)
    return render_template("judging/manage/screening.html", event=event, slots=screening_slots(event))


@bp.route("/events/<slug>/screening.zip")
def screening_package(slug: str):
    event = event_or_404(slug)
    storage = media_storage()
    with storage.temp_file(suffix=".zip") as temp:
        try:
            build_package(event, temp, storage, current_language())
        except JudgingError as error:
            return _refused(error)
        handle = open(temp, "rb")  # keeps the data readable after the temporary file is removed
        size = temp.stat().st_size

    def chunks():
        try:
            while chunk := handle.read(1024 * 1024):
                yield chunk
        finally:
            handle.close()

    return Response(chunks(), mimetype="application/zip", headers={
        "Content-Length": str(size),
        "Content-Disposition": f'attachment; filename="screening-{event.slug}.zip"'})


@bp.route("/events/<slug>/gallery/publish", methods=["POST"])
def publish(slug: str):
    event = event_or_404(slug)
    try:
        publish_gallery(event, current_user)
    except JudgingError as error:
        _flash_error(error)
    else:
        flash(_("The gallery is public."), "success")
    return redirect(url_for("judging_manage.results", slug=slug))
