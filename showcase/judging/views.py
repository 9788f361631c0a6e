"""The judge's screens (queue, one entry with the rubric) and the public gallery of the finalists."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import Role
from ..auth.roles import PUBLIC, access, guard, signed_in
from ..events.lookup import event_or_404
from ..refusal_views import show_refusal
from ..submissions.media import send_media
from .panel import events_for_judge
from .refusals import JudgingError
from .rubric import criteria
from .scoring import declare_conflict, entry_for_judge, judge_queue, my_sheet, save_scores
from .screening import gallery_entries
from .settings import settings_for, window_state

bp = Blueprint("judging", __name__)


guard(bp, signed_in(Role.JUDGE, refusal=lambda _user: JudgingError(_("Only judges can score entries."),
                                                                    "not_a_judge", 403)))


@bp.route("/judge/")
def home():
    return render_template("judging/home.html", events=events_for_judge(current_user))


@bp.route("/judge/<slug>/")
def queue(slug: str):
    event = event_or_404(slug)
    entries = judge_queue(event, current_user)
    settings = settings_for(event)
    return render_template("judging/queue.html", event=event, queue=entries, settings=settings,
                           window=window_state(settings), next_entry=entries.next_after(None))


@bp.route("/judge/<slug>/entries/<int:submission_id>", methods=["GET", "POST"])
def entry(slug: str, submission_id: int):
    event = event_or_404(slug)
    submission = entry_for_judge(event, current_user, submission_id)
    rubric = criteria(event)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        raw = {c.id: request.form.get(f"criterion-{c.id}") for c in rubric}
        comment = request.form.get("comment", "")
        try:
            save_scores(event, current_user, submission.id, raw, comment,
                        request.form.get("version", type=int))
        except JudgingError as error:
            show_refusal(error)
            errors = {name: str(message) for name, message in error.fields.items()}
            status = error.status
            sheet_values = {c.id: raw.get(c.id) for c in rubric}
            return _entry_page(event, submission, rubric, sheet_values, comment, errors), status
        flash(_("Scores saved."), "success")
        following = judge_queue(event, current_user).next_after(submission.id)
        if following is None or request.form.get("then") == "stay":
            return redirect(url_for("judging.queue", slug=slug) if following is None
                            else url_for("judging.entry", slug=slug, submission_id=submission.id))
        return redirect(url_for("judging.entry", slug=slug, submission_id=following.id))
    sheet = my_sheet(current_user, submission)
    return _entry_page(event, submission, rubric, sheet.values, sheet.comment, errors, sheet.updated_at,
                       sheet.changed)


def _entry_page(event, submission, rubric, values, comment, errors, updated_at=None, changed=False):
    entries = judge_queue(event, current_user)
    settings = settings_for(event)
    previous, following = entries.neighbours(submission.id)
    position = [s.id for s in entries.entries].index(submission.id) + 1
    return render_template("judging/entry.html", event=event, submission=submission, rubric=rubric,
                           values=values, comment=comment, errors=errors, queue=entries, position=position,
                           previous=previous, following=following, settings=settings,
                           window=window_state(settings), updated_at=updated_at, changed=changed)


def _judge_media(slug: str, submission_id: int):
    """The entry as the entry page allows it (invited, no conflict, eligible), else 403/404 — never a file."""
    try:
        return entry_for_judge(event_or_404(slug), current_user, submission_id)
    except JudgingError as error:
        abort(403 if error.status == 403 else 404)


@bp.route("/judge/<slug>/entries/<int:submission_id>/video.mp4")
def entry_video(slug: str, submission_id: int):
    return send_media(_judge_media(slug, submission_id).transcoded_path, "video/mp4")


@bp.route("/judge/<slug>/entries/<int:submission_id>/poster.jpg")
def entry_poster(slug: str, submission_id: int):
    return send_media(_judge_media(slug, submission_id).poster_path, "image/jpeg")


@bp.route("/judge/<slug>/entries/<int:submission_id>/conflict", methods=["POST"])
def conflict(slug: str, submission_id: int):
    event = event_or_404(slug)
    declare_conflict(event, current_user, submission_id, request.form.get("reason", ""))
    flash(_("Conflict of interest recorded: this entry has left your queue and your scores on it do not count."),
          "success")
    return redirect(url_for("judging.queue", slug=slug))


@bp.route("/events/<slug>/gallery")
@access(PUBLIC)  # the published finalists, for everyone
def gallery(slug: str):
    event = event_or_404(slug)
    entries = gallery_entries(event)
    if entries is None:
        return render_template("judging/gallery_soon.html", event=event), 404
    return render_template("judging/gallery.html", event=event, entries=entries)
