"""Background processing of uploaded videos (huey): decode, poster, H.264 copy; stale jobs swept.

A job first claims its submission (queued → processing, for the exact uploaded version), writes
its outputs to temporary files, moves them into place, and marks the row ready last — so a crash
never leaves a half-written file marked ready. A failed attempt is retried up to MAX_ATTEMPTS; a
job that went silent (worker killed) is found by ``sweep_stale_processing`` and retried or failed.
Each step that changes the row is a unit of work of its own (the claim, each progress beat, the
outcome), and a job is enqueued only from the commit of the unit that queued its row.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from flask import current_app
from sqlalchemy import func, select, update

from ..database import changed_rows, end_reads, unit_of_work, utcnow
from ..extensions import db
from ..jobs import at_worker_start, job, periodic_job
from ..storage import media_storage
from .models import ProcessingState, Submission
from .processing import DamagedVideo, transcode

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
#: a processing job silent for this long is considered dead (config SUBMISSION_STALE_SECONDS); the
#: job beats at least every processing.HEARTBEAT_SECONDS, and the sweep runs every minute, so a
#: killed worker's job is running again within 45 + 60 s
STALE_AFTER = timedelta(seconds=45)
#: temporary files untouched this long belong to nobody any more (config TEMP_FILE_MAX_AGE_SECONDS)
TEMP_FILE_MAX_AGE = timedelta(hours=1)
#: a processing failure that marks the file as hostile: its files are removed, not kept for review
HOSTILE_FAILURES = frozenset({"frame_size", "frame_rate"})
#: a queued job waiting this long is enqueued again (a lost queue entry); claiming makes duplicates harmless
REQUEUE_AFTER = timedelta(minutes=15)


def _claim(submission_id: int, version: int) -> bool:
    with unit_of_work():
        result = db.session.execute(
            update(Submission)
            .where(Submission.id == submission_id, Submission.version == version,
                   Submission.state == ProcessingState.QUEUED)
            .values(state=ProcessingState.PROCESSING, progress=0, attempts=Submission.attempts + 1,
                    heartbeat_at=utcnow(), failure_code="", failure_detail=""))
    return bool(changed_rows(result))


def _set(submission_id: int, version: int, **values) -> bool:
    """Change the row of a version being processed (its own unit of work, or the caller's)."""
    with unit_of_work():
        result = db.session.execute(update(Submission).where(
            Submission.id == submission_id, Submission.version == version,
            Submission.state == ProcessingState.PROCESSING).values(**values))
    return bool(changed_rows(result))


def _requeue(submission_id: int, version: int, delay: float = 0) -> None:
    """Put a processing version back in the queue; its job is enqueued once that has committed."""
    with unit_of_work() as unit:
        if _set(submission_id, version, state=ProcessingState.QUEUED, progress=0, heartbeat_at=None):
            unit.after_commit(lambda: process_submission.schedule((submission_id, version), delay=delay)
                              if delay else process_submission(submission_id, version))


@job()
def process_submission(submission_id: int, version: int) -> str:
    """Process one uploaded version of a submission; returns the state it ended in."""
    return run_processing(submission_id, version)


def run_processing(submission_id: int, version: int) -> str:
    """Claim, transcode and mark ready (or failed / queued for a retry)."""
    if not _claim(submission_id, version):
        return "skipped"
    submission = db.session.get_one(Submission, submission_id)
    db.session.refresh(submission)
    storage = media_storage()
    prefix = submission.media_prefix
    source, rotation = storage.path(submission.original_path), submission.rotation
    display_size, duration = (submission.width, submission.height), submission.duration
    end_reads()  # the transcode takes minutes: no transaction stays open meanwhile
    try:
        with storage.temp_file(".mp4") as video_tmp, storage.temp_file(".jpg") as poster_tmp:
            transcode(source, video_tmp, poster_tmp, rotation=rotation, display_size=display_size,
                      duration=duration,
                      progress=lambda percent: _set(submission_id, version, progress=percent, heartbeat_at=utcnow()))
            storage.save_from_temp(poster_tmp, f"{prefix}/poster.jpg")
            storage.save_from_temp(video_tmp, f"{prefix}/video.mp4")
    except DamagedVideo as damaged:
        _set(submission_id, version, state=ProcessingState.FAILED, failure_code=damaged.code,
             failure_detail=damaged.detail[:500], heartbeat_at=None)
        if damaged.code in HOSTILE_FAILURES:
            storage.delete_prefix(prefix)  # a bomb is not kept: nothing of it stays on disk
        return "failed"
    except Exception as exc:  # a crash of ours, the disk, the codec: retry a few times
        end_reads()  # a unit that failed has rolled back already; this ends a read it may have left
        log.exception("processing submission %s v%s failed", submission_id, version)
        return _retry_or_fail(submission_id, version, f"{type(exc).__name__}: {exc}")
    marked = _set(submission_id, version, state=ProcessingState.READY, progress=100, heartbeat_at=None,
                  poster_path=f"{prefix}/poster.jpg", transcoded_path=f"{prefix}/video.mp4",
                  processed_at=utcnow())
    if not marked and _replaced(submission_id, version):
        discard_late_outputs(prefix)  # a newer upload replaced this version while it was being processed
    return "ready" if marked else "skipped"


def _replaced(submission_id: int, version: int) -> bool:
    current = db.session.scalar(select(Submission.version).where(Submission.id == submission_id))
    return current is None or current != version


def _retry_or_fail(submission_id: int, version: int, detail: str) -> str:
    with unit_of_work():  # the attempts read are the ones the decision writes against
        submission = db.session.get(Submission, submission_id)
        if submission is None or submission.version != version:
            return "skipped"
        db.session.refresh(submission)
        if submission.attempts >= MAX_ATTEMPTS:
            _set(submission_id, version, state=ProcessingState.FAILED, failure_code="processing_error",
                 failure_detail=detail[:500], heartbeat_at=None)
            return "failed"
        _requeue(submission_id, version, delay=30)
    return "retrying"


def sweep_stale() -> list[int]:
    """Retry (or fail, after MAX_ATTEMPTS) jobs that went silent, and re-enqueue long-waiting ones.

    One unit of work per submission: each is independent, and one that fails leaves the others done.
    """
    now = utcnow()
    touched = []
    stale = db.session.execute(select(Submission.id, Submission.version, Submission.attempts).where(
        Submission.state == ProcessingState.PROCESSING,
        Submission.heartbeat_at < now - stale_after())).all()
    for submission_id, version, attempts in stale:
        touched.append(submission_id)
        if attempts >= MAX_ATTEMPTS:
            _set(submission_id, version, state=ProcessingState.FAILED, failure_code="stalled",
                 failure_detail="processing stopped responding", heartbeat_at=None)
        else:
            _requeue(submission_id, version)
    waiting = db.session.execute(select(Submission.id, Submission.version).where(
        Submission.state == ProcessingState.QUEUED,
        func.coalesce(Submission.heartbeat_at, Submission.uploaded_at) < now - REQUEUE_AFTER)).all()
    for submission_id, version in waiting:
        if submission_id in touched:
            continue
        touched.append(submission_id)
        with unit_of_work() as unit:
            db.session.execute(update(Submission).where(Submission.id == submission_id)
                               .values(heartbeat_at=now))  # remember when it was enqueued again
            unit.after_commit(partial(process_submission, submission_id, version))
    return touched


def stale_after() -> timedelta:
    """How long a processing job may stay silent before it counts as dead."""
    return timedelta(seconds=float(current_app.config.get("SUBMISSION_STALE_SECONDS", STALE_AFTER.total_seconds())))


def sweep_temp_files() -> int:
    """Remove temporary media files nobody has written to for TEMP_FILE_MAX_AGE; how many."""
    age = float(current_app.config.get("TEMP_FILE_MAX_AGE_SECONDS", TEMP_FILE_MAX_AGE.total_seconds()))
    return media_storage().sweep_temp_files(age)


@periodic_job(minute="*")
def sweep_stale_processing() -> None:
    """Every minute: sweep_stale() and sweep_temp_files()."""
    sweep_stale()
    sweep_temp_files()


@job()
def sweep_once() -> None:
    """One sweep, scheduled by a starting worker (temporary files first: no job of its own runs yet)."""
    sweep_temp_files()
    sweep_stale()


@at_worker_start
def recover_at_worker_start() -> None:
    """A (re)started worker sweeps at once, and again once a killed predecessor's job counts as stale."""
    sweep_stale()
    sweep_temp_files()
    sweep_once.schedule(delay=stale_after().total_seconds() + 1)


def discard_late_outputs(prefix: str) -> None:
    """Remove the poster and video a job wrote for a version that a newer upload replaced while it ran.

    The replaced version itself (its original, as the judges may have seen it) is kept as an
    earlier version; only files nothing refers to are removed.
    """
    storage = media_storage()
    for name in ("poster.jpg", "video.mp4"):
        storage.delete(f"{prefix}/{name}")
