"""The team's page (by its private link), the upload endpoint, status, and video/poster playback."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from ..error_pages import error_response
from ..extensions import csrf, db
from ..i18n import current_language
from . import wording
from .media import send_media
from .models import ProcessingState, Submission
from .refusals import SubmissionsError
from .services import can_view, playable_video, submission_for_team
from .uploads import interrupted, parse_details, receive_upload, too_large
from .window import closes_at, settings_for, window_state

bp = Blueprint("submissions", __name__)


def _team(token: str):
    from .links import team_for_token

    team = team_for_token(token)
    if team is None:
        abort(404)
    return team


def _status(submission: Submission | None) -> dict:
    if submission is None:
        return {"state": None}
    data = {"state": submission.state.value, "state_label": wording.state_label(submission.state),
            "progress": submission.progress, "version": submission.version,
            "eligibility": submission.eligibility.value}
    if submission.state == ProcessingState.FAILED:
        data["reason"] = wording.failure_message(submission.failure_code)
    return data


@bp.route("/team/<token>")
def team_page(token: str):
    team = _team(token)
    event = team.event
    settings = settings_for(event)
    submission = submission_for_team(event.id, team.id)
    response = make_response(render_template(
        "submissions/team.html", token=token, team=team, event=event, settings=settings, submission=submission,
        window=window_state(event), closes_at=closes_at(event, settings)))
    response.headers["Referrer-Policy"] = "no-referrer"  # the private link must not leak to other sites
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/team/<token>/status.json")
def team_status(token: str):
    team = _team(token)
    return jsonify(_status(submission_for_team(team.event_id, team.id)))


@bp.route("/team/<token>/video", methods=["POST"])
@csrf.exempt  # the unguessable link in the URL is the credential, not a cookie
def upload(token: str):
    team = _team(token)
    event = team.event
    try:
        details = parse_details(request.headers.get("X-Upload-Details"), request.headers.get("X-Upload-Filename"),
                                current_language())
        settings = settings_for(event)
        request.max_content_length = settings.max_size_bytes
        length = request.content_length
        if length is None and not request.environ.get("wsgi.input_terminated"):
            length = 0  # neither a length nor a chunked body: WSGI gives nothing to read
        try:
            submission, info = receive_upload(event, team, details, request.stream, request.content_type, length)
        except RequestEntityTooLarge:
            raise too_large(settings) from None
        except ClientDisconnected:
            raise interrupted() from None
    except SubmissionsError as error:
        return error_response(error.status, error.code, str(error.message),
                              {name: str(message) for name, message in error.fields.items()})
    body = _status(submission) | {"warnings": info.warnings,
                                  "team_url": url_for("submissions.team_page", token=token)}
    return jsonify(body), 201


_send = send_media


@bp.route("/team/<token>/video.mp4")
def team_video(token: str):
    team = _team(token)
    submission = submission_for_team(team.event_id, team.id)
    if submission is None or submission.state != ProcessingState.READY:
        abort(404)
    return _send(submission.transcoded_path, "video/mp4")


@bp.route("/team/<token>/poster.jpg")
def team_poster(token: str):
    team = _team(token)
    submission = submission_for_team(team.event_id, team.id)
    if submission is None:
        abort(404)
    return _send(submission.poster_path, "image/jpeg")


def _viewable(submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None or not can_view(submission, current_user if current_user.is_authenticated else None):
        abort(404)
    return submission


@bp.route("/submissions/<int:submission_id>/video.mp4")
def video(submission_id: int):
    """The entry's video for organizers, its team and (once published) everyone: while a new upload
    processes, the last ready version keeps playing. Judges watch through the judging domain's route."""
    return _send(playable_video(_viewable(submission_id)).video, "video/mp4")


@bp.route("/submissions/<int:submission_id>/poster.jpg")
def poster(submission_id: int):
    return _send(playable_video(_viewable(submission_id)).poster, "image/jpeg")
