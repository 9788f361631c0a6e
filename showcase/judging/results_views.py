"""Organizer pages of the contest's outcome: results and the lock, tie decisions, the screening
order, the score CSV, the screening and its offline package, and publishing the gallery."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..auth.roles import guard
from ..events.lookup import event_or_404
from ..i18n import current_language, localized
from ..refusal_views import show_refusal
from ..storage import media_storage
from ..submissions.media import send_media
from . import lock as lock_service
from . import results as results_service
from . import score_export
from .comments import comments_by_entry
from .manage_views import ORGANIZERS_NOT_JUDGES
from .refusals import JudgingError
from .screening import build_package, publish_gallery, require_locked, slot_for
from .settings import window_state

bp = Blueprint("judging_results", __name__)
guard(bp, ORGANIZERS_NOT_JUDGES)


@bp.route("/events/<slug>/results")
def results(slug: str):
    event = event_or_404(slug)
    outcome = results_service.event_results(event)
    language = current_language()
    titles = {entry_id: label.title(language) for entry_id, label in outcome.labels.items()}
    comments = comments_by_entry(event)
    # one translation per distinct count, not one per row (each gettext call costs ~0.3 ms)
    comment_counts = {n: ngettext("%(num)d comment", "%(num)d comments", n) for n in {len(v) for v in comments.values()}}
    return render_template("judging/manage/results.html", event=event, results=outcome, titles=titles,
                           window=window_state(outcome.settings), rows=outcome.ranking.entries,
                           comments=comments, comment_counts=comment_counts,
                           refused=lock_service.refused_uploads(event))


@bp.route("/events/<slug>/results/tie", methods=["POST"])
def decide_tie(slug: str):
    event = event_or_404(slug)
    order = [int(x) for x in request.form.getlist("order") if x.isdigit()]
    try:
        results_service.record_tie_decision(event, current_user, order, request.form.get("reason", ""))
    except JudgingError as error:
        show_refusal(error)
    else:
        flash(_("Your decision on the tie is recorded."), "success")
    return redirect(url_for("judging_results.results", slug=slug))


@bp.route("/events/<slug>/results/lock", methods=["POST"])
def lock(slug: str):
    event = event_or_404(slug)
    try:
        finalists = lock_service.lock_results(event, current_user)
    except JudgingError as error:
        show_refusal(error)
    else:
        flash(_("Results locked. The top six are the finalists; no score can change any more."), "success")
        if lock_service.is_arranged(finalists):
            flash(_("The same six are finalists again, so the screening order you arranged before unlocking is kept."),
                  "info")
    return redirect(url_for("judging_results.results", slug=slug))


@bp.route("/events/<slug>/results/unlock", methods=["POST"])
def unlock(slug: str):
    event = event_or_404(slug)
    try:
        lock_service.unlock_results(event, current_user, request.form.get("reason", ""))
    except JudgingError as error:
        show_refusal(error)
    else:
        flash(_("Results unlocked and recorded in the audit log. Judging is open again; lock once more when ready."),
              "success")
    return redirect(url_for("judging_results.results", slug=slug))


@bp.route("/events/<slug>/finalists/<int:submission_id>/move", methods=["POST"])
def move(slug: str, submission_id: int):
    event = event_or_404(slug)
    step = -1 if request.form.get("direction") == "up" else 1
    try:
        lock_service.move_finalist(event, submission_id, step)
    except JudgingError as error:
        show_refusal(error)
    return redirect(url_for("judging_results.results", slug=slug) + "#screening-order")


@bp.route("/events/<slug>/scores.csv")
def scores_csv(slug: str):
    event = event_or_404(slug)
    return Response(score_export.scores_csv(event), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="scores-{event.slug}.csv"'})


@bp.route("/events/<slug>/screening")
def screening(slug: str):
    event = event_or_404(slug)
    slots = require_locked(event)
    items = [{"title": s.title, "community": s.community,
              "src": url_for("judging_results.screening_video", slug=slug, submission_id=s.submission.id),
              "poster": url_for("judging_results.screening_poster", slug=slug, submission_id=s.submission.id)}
             for s in slots]
    return render_template("judging/manage/screening.html", event=event, items=items,
                           event_title=localized(event, "title"))


@bp.route("/events/<slug>/screening/<int:submission_id>/video.mp4")
def screening_video(slug: str, submission_id: int):
    """The finalist's video exactly as judged (frozen at the lock), whatever was uploaded since."""
    slot = slot_for(event_or_404(slug), submission_id)
    return send_media(slot.video_path if slot else None, "video/mp4")


@bp.route("/events/<slug>/screening/<int:submission_id>/poster.jpg")
def screening_poster(slug: str, submission_id: int):
    slot = slot_for(event_or_404(slug), submission_id)
    return send_media(slot.poster_path if slot else None, "image/jpeg")


@bp.route("/events/<slug>/screening.zip")
def screening_package(slug: str):
    event = event_or_404(slug)
    storage = media_storage()
    with storage.temp_file(suffix=".zip") as temp:
        build_package(event, temp, storage, current_language())
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
        show_refusal(error)
    else:
        flash(_("The gallery is public."), "success")
    return redirect(url_for("judging_results.results", slug=slug))
