"""Organizer pages: teams (by hand and CSV), upload links, the submission window, the review grid."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.roles import ORGANIZERS, guard
from ..contributions import page_context
from ..events.lookup import event_or_404, event_row_or_404
from ..events.models import Community
from ..refusal_views import show_refusal
from . import communities, links
from .forms import ImportForm, ReviewForm, SettingsForm, TeamForm
from .media import send_media
from .models import Eligibility, ProcessingState, Submission
from .refusals import InvalidTeams, SubmissionsError
from .services import (
    ReviewDecision,
    earlier_version,
    earlier_versions,
    event_submissions,
    review,
    review_counts,
    submissions_by_team,
)
from .uploads import format_size
from .window import closes_at, save_settings, settings_for, window_state

bp = Blueprint("submissions_manage", __name__)


guard(bp, ORGANIZERS)




def _team(event, team_id: int) -> Community:
    return event_row_or_404(Community, team_id, event)


def _apply_errors(form, error: SubmissionsError) -> None:
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, str(message)]


def _teams_page(event, form: TeamForm, status: int = 200):
    teams = list(event.communities)
    return render_template(
        "submissions/manage/teams.html", event=event, teams=teams, form=form,
        entries=submissions_by_team(event), linked=links.active_link_team_ids([t.id for t in teams]),
        window=window_state(event), closes_at=closes_at(event), import_form=ImportForm()), status


@bp.route("/events/<slug>/teams", methods=["GET", "POST"])
def teams(slug: str):
    event = event_or_404(slug)
    form = TeamForm()
    if form.validate_on_submit():
        try:
            team = communities.add_team(event, form.details())
        except InvalidTeams as error:
            show_refusal(error)
            _apply_errors(form, error)
        else:
            flash(_("Team “%(name)s” added.", name=team.name), "success")
            return redirect(url_for("submissions_manage.teams", slug=slug))
    return _teams_page(event, form, 422 if form.errors else 200)


@bp.route("/events/<slug>/teams/<int:team_id>", methods=["GET", "POST"])
def edit_team(slug: str, team_id: int):
    event = event_or_404(slug)
    team = _team(event, team_id)
    form = TeamForm(obj=team)
    if form.validate_on_submit():
        try:
            communities.update_team(team, form.details())
        except InvalidTeams as error:
            show_refusal(error)
            _apply_errors(form, error)
        else:
            flash(_("The team is saved."), "success")
            return redirect(url_for("submissions_manage.teams", slug=slug))
    return render_template("submissions/manage/team_edit.html", event=event, team=team, form=form), \
        422 if form.errors else 200


@bp.route("/events/<slug>/teams/import", methods=["GET", "POST"])
def import_teams(slug: str):
    event = event_or_404(slug)
    form = ImportForm()
    problems: list[tuple[int, str]] = []
    if form.validate_on_submit():
        try:
            added = communities.import_teams(event, form.file.data.read(communities.MAX_CSV_BYTES + 1))
        except InvalidTeams as error:
            show_refusal(error)
            problems = error.rows
        else:
            flash(_("%(count)d teams imported.", count=len(added)), "success")
            return redirect(url_for("submissions_manage.teams", slug=slug))
    status = 422 if (problems or form.errors or request.method == "POST") else 200
    return render_template("submissions/manage/import.html", event=event, form=form, problems=problems), status


@bp.route("/events/<slug>/teams/<int:team_id>/link", methods=["POST"])
def issue_link(slug: str, team_id: int):
    event = event_or_404(slug)
    team = _team(event, team_id)
    url = links.issue_link(team)
    return render_template("submissions/manage/link_issued.html", event=event, team=team, url=url,
                           closes_at=closes_at(event))


@bp.route("/events/<slug>/teams/<int:team_id>/link/revoke", methods=["POST"])
def revoke_link(slug: str, team_id: int):
    event = event_or_404(slug)
    team = _team(event, team_id)
    if links.revoke_link(team):
        flash(_("The upload link of “%(name)s” no longer works.", name=team.name), "success")
    else:
        flash(_("“%(name)s” had no working upload link.", name=team.name), "info")
    return redirect(url_for("submissions_manage.teams", slug=slug))


@bp.route("/events/<slug>/submissions/settings", methods=["GET", "POST"])
def settings(slug: str):
    event = event_or_404(slug)
    current = settings_for(event)
    form = SettingsForm.for_settings(event, current)
    if form.validate_on_submit():
        try:
            save_settings(event, form.values(event))
        except SubmissionsError as error:
            show_refusal(error)
            _apply_errors(form, error)
        else:
            flash(_("The submission settings are saved."), "success")
            return redirect(url_for("submissions_manage.review_grid", slug=slug))
    return render_template("submissions/manage/settings.html", event=event, form=form), 422 if form.errors else 200


@bp.route("/events/<slug>/submissions")
def review_grid(slug: str):
    event = event_or_404(slug)
    state = request.args.get("state")
    state = ProcessingState(state) if state in {s.value for s in ProcessingState} else None
    eligibility = request.args.get("eligibility")
    eligibility = Eligibility(eligibility) if eligibility in {e.value for e in Eligibility} else None
    entries = event_submissions(event, state, eligibility)
    current = settings_for(event)
    return render_template("submissions/manage/review.html", event=event, entries=entries,
                           counts=review_counts(event_submissions(event)), state=state,
                           eligibility=eligibility, settings=current, closes_at=closes_at(event, current),
                           window=window_state(event), max_size=format_size(current.max_size_bytes),
                           team_count=communities.team_count(event), form=ReviewForm(),
                           versions=earlier_versions(event),
                           **page_context(current_app, "submissions_manage.review_grid", event, judge_comments={}))


def _entry(event, submission_id: int) -> Submission:
    return event_row_or_404(Submission, submission_id, event)


@bp.route("/events/<slug>/submissions/<int:submission_id>/review", methods=["POST"])
def review_entry(slug: str, submission_id: int):
    event = event_or_404(slug)
    submission = _entry(event, submission_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        flash(_("Choose a verdict."), "error")
    else:
        assert form.eligibility.data is not None  # a validated choice
        try:
            review(submission, ReviewDecision(Eligibility(form.eligibility.data), form.reason.data or ""),
                   current_user)
        except SubmissionsError as error:
            show_refusal(error)
        else:
            flash(_("“%(title)s”: %(verdict)s.", title=submission.title_ko,
                    verdict=_label(submission.eligibility)), "success")
    return redirect(url_for("submissions_manage.review_grid", slug=slug) + f"#entry-{submission.id}")


def _label(eligibility: Eligibility) -> str:
    from .wording import eligibility_label

    return eligibility_label(eligibility)


@bp.route("/events/<slug>/submissions/<int:submission_id>/original")
def download_original(slug: str, submission_id: int):
    event = event_or_404(slug)
    submission = _entry(event, submission_id)
    extension = submission.original_path.rsplit(".", 1)[-1]
    name = f"{event.slug}-{submission.community_id}-v{submission.version}.{extension}"
    return send_media(submission.original_path, "application/octet-stream", download_name=name)


def _earlier(slug: str, submission_id: int, number: int):
    event = event_or_404(slug)
    kept = earlier_version(_entry(event, submission_id), number)
    if kept is None:
        abort(404)
    return event, kept


@bp.route("/events/<slug>/submissions/<int:submission_id>/versions/<int:number>/original")
def download_earlier_original(slug: str, submission_id: int, number: int):
    event, kept = _earlier(slug, submission_id, number)
    extension = kept.original_path.rsplit(".", 1)[-1]
    name = f"{event.slug}-{submission_id}-v{number}.{extension}"
    return send_media(kept.original_path, "application/octet-stream", download_name=name)


@bp.route("/events/<slug>/submissions/<int:submission_id>/versions/<int:number>/video.mp4")
def earlier_video(slug: str, submission_id: int, number: int):
    return send_media(_earlier(slug, submission_id, number)[1].transcoded_path, "video/mp4")
