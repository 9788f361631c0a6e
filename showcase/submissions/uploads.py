"""Receiving a team's video: checks before reading, streaming to a temporary file, probing, keeping.

Nothing is kept unless the whole file is valid: the body streams in chunks to a temporary file
next to the media folder, PyAV checks it, and only then is it moved into place and its row
committed, in one unit of work: a row not saved takes its file with it, and the processing job is
enqueued once the row has committed. Any refusal removes the temporary file and leaves the database
untouched (but for the audit log's record of a refused finalist's upload).
"""

from __future__ import annotations

import errno
import json
import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import IO
from urllib.parse import unquote_to_bytes

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import services as audit
from ..database import end_reads, unit_of_work, utcnow
from ..events.models import Community, Event
from ..extensions import db
from ..input_edges import unsafe_text
from ..storage import media_storage
from .models import Eligibility, ProcessingState, Submission, SubmissionSettings, SubmissionVersion
from .probe import VideoInfo, probe_video
from .refusals import InvalidVideo, UploadRefused
from .window import settings_for, window_state

log = logging.getLogger(__name__)
CHUNK_SIZE = 1024 * 1024
ALLOWED_CONTENT_TYPES = {"application/octet-stream", "video/mp4", "video/quicktime", "video/webm",
                         "video/x-matroska", "video/x-m4v", "video/3gpp"}
TITLE_MAX = 120
DESCRIPTION_MAX = 1000


@dataclass
class UploadDetails:
    """What the team typed beside the file."""

    title_ko: str
    title_en: str
    description: str
    consent: bool
    filename: str
    locale: str = "ko"


def decode_header_text(raw: str | None) -> str:
    """A percent-encoded UTF-8 header value as text; ValueError if it is not valid UTF-8."""
    if not raw:
        return ""
    data = unquote_to_bytes(raw.encode("latin-1", "strict"))
    return data.decode("utf-8", "strict")


def parse_details(raw_details: str | None, raw_filename: str | None, locale: str) -> UploadDetails:
    """The upload's details from its two headers; UploadRefused when they cannot be read."""
    try:
        values = json.loads(decode_header_text(raw_details) or "{}")
        if not isinstance(values, dict):
            raise ValueError
    except (ValueError, UnicodeError):
        raise UploadRefused(_l("The form could not be read. Please reload the page and try again."),
                            code="bad_details", status=400) from None
    if any(isinstance(value, str) and unsafe_text(value) for value in values.values()):
        raise UploadRefused(_l("The title or description holds characters that cannot be used (such as control "
                               "characters). Please retype it."), code="bad_details", status=400)
    try:
        filename = decode_header_text(raw_filename)
    except (ValueError, UnicodeError):
        filename = "\ufffd"  # refused below with the file-name message
    return UploadDetails(
        title_ko=" ".join(str(values.get("title_ko") or "").split()),
        title_en=" ".join(str(values.get("title_en") or "").split()),
        description=str(values.get("description") or "").strip(),
        consent=values.get("consent") in (True, "1", "true", "on", 1),
        filename=filename, locale=locale)


def _filename_ok(name: str) -> bool:
    if not name or len(name) > 255 or name in (".", "..") or ".." in name:
        return False
    return not any(c in "/\\\ufffd" or unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in name)


def check_request(event: Event, details: UploadDetails, content_type: str | None,
                  content_length: int | None, now: datetime | None = None) -> SubmissionSettings:
    """Everything that can be refused before reading the body; returns the event's settings."""
    state = window_state(event, now)
    if state == "closed":
        raise UploadRefused(_l("The deadline for videos has passed, so uploads are closed."), code="closed", status=409)
    if state == "not_yet_open":
        raise UploadRefused(_l("Uploads have not opened yet."), code="not_open", status=409)
    fields = {}
    if not details.title_ko:
        fields["title_ko"] = _l("Enter a title in Korean.")
    elif len(details.title_ko) > TITLE_MAX:
        fields["title_ko"] = _l("At most %(max)d characters.", max=TITLE_MAX)
    if len(details.title_en) > TITLE_MAX:
        fields["title_en"] = _l("At most %(max)d characters.", max=TITLE_MAX)
    if len(details.description) > DESCRIPTION_MAX:
        fields["description"] = _l("At most %(max)d characters.", max=DESCRIPTION_MAX)
    if not details.consent:
        fields["consent"] = _l("Please confirm that everyone shown agreed to the screening.")
    if fields:
        raise UploadRefused(_l("Please correct the marked fields."), fields=fields, code="invalid_details")
    if not _filename_ok(details.filename):
        raise UploadRefused(_l("The file's name cannot be used. Please rename the file (for example video.mp4) and try again."),
                            code="bad_filename", status=400)
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in ALLOWED_CONTENT_TYPES:
        raise UploadRefused(_l("This is not a video file. Please choose an MP4, MOV or WebM video."),
                            code="wrong_content_type", status=415)
    settings = settings_for(event)
    if content_length == 0:
        raise InvalidVideo(_l("The file is empty. Choose the video again and retry."), code="empty")
    if content_length is not None and content_length > settings.max_size_bytes:
        raise too_large(settings)
    return settings


def too_large(settings: SubmissionSettings) -> UploadRefused:
    """The 413 refusal naming the limit."""
    return UploadRefused(_l("The file is larger than %(limit)s. Please export a smaller video (for example 1080p, about a minute).",
                            limit=format_size(settings.max_size_bytes)), code="too_large", status=413)


def format_size(size: int) -> str:
    """A byte count as people read it (MB or GB)."""
    if size >= 1024 ** 3:
        return f"{size / 1024 ** 3:.1f} GB"
    if size >= 1024 ** 2:
        return f"{size / 1024 ** 2:.0f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _copy(stream: IO[bytes], target, limit: int, expected: int | None, settings: SubmissionSettings) -> int:
    received = 0
    while True:
        chunk = stream.read(CHUNK_SIZE)
        if not chunk:
            break
        received += len(chunk)
        if received > limit:
            raise too_large(settings)
        target.write(chunk)
    if expected is not None and received < expected:
        raise interrupted()
    return received


#: what a full, read-only or over-quota media disk answers
STORAGE_FAILURES = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EPERM})


def storage_unavailable() -> UploadRefused:
    """The refusal when the media disk cannot take the file (full or read-only): nothing was kept."""
    return UploadRefused(_l("We cannot store videos right now because the server's disk is full or not writable. "
                            "Your video was not saved: please try again later, or tell the organizers."),
                         code="storage_unavailable", status=503)


def interrupted() -> UploadRefused:
    """The refusal for a body that stopped before its announced end."""
    return UploadRefused(_l("The upload was interrupted before the whole file arrived. Please try again."),
                         code="incomplete", status=400)


def receive_upload(event: Event, team: Community, details: UploadDetails, stream: IO[bytes],
                   content_type: str | None, content_length: int | None) -> tuple[Submission, VideoInfo]:
    """Check, stream, probe and keep a team's video (the earlier one stays as a version); refusals keep nothing.

    ``content_length`` is None for a chunked body: the size limit is then enforced while streaming.
    """
    settings = check_request(event, details, content_type, content_length)
    if (frozen := _frozen_entry(event, team)) is not None:
        raise finalist_refused(event.id, frozen)
    end_reads()  # the body may take minutes to arrive: no transaction stays open meanwhile
    storage = media_storage()
    try:
        with storage.temp_file(suffix=".upload") as temp:
            with open(temp, "wb") as handle:
                size = _copy(stream, handle, settings.max_size_bytes, content_length, settings)
            info = probe_video(temp, settings.max_duration_seconds)
            with unit_of_work() as unit:
                submission = _record(event, team, details, info, size)
                submission_id, version = submission.id, submission.version
                key = submission.original_path = f"{submission.media_prefix}/original.{info.container}"
                unit.after_rollback(lambda: storage.delete(key))  # a file for a row not saved is not kept
                storage.save_from_temp(temp, key)
                unit.after_commit(lambda: _enqueue(submission_id, version))
    except _FrozenEntry as locked:  # the results were locked while the file was arriving
        raise finalist_refused(event.id, locked.args[0]) from None
    except IntegrityError:
        raise UploadRefused(_l("Another upload for your team finished at the same moment. Please reload the page."),
                            code="conflict", status=409) from None
    except OSError as exc:
        if exc.errno not in STORAGE_FAILURES:
            raise
        log.error("media storage refused an upload: %s", errno.errorcode.get(exc.errno or 0, "?"))
        raise storage_unavailable() from None
    return db.session.get(Submission, submission_id), info  # type: ignore[return-value]


def _enqueue(submission_id: int, version: int) -> None:
    from .jobs import process_submission

    try:
        process_submission(submission_id, version)
    except Exception:  # the queue is down: the video is safely kept; the sweeper enqueues it again later
        log.exception("could not enqueue processing of submission %s", submission_id)


class _FrozenEntry(Exception):
    """Inside the upload's unit of work: the entry turned out to be a locked finalist (rolls the unit back)."""


def _frozen_entry(event: Event, team: Community) -> tuple[int, int] | None:
    """(submission id, version) of the team's entry when it is a finalist of locked results."""
    submission = db.session.scalar(select(Submission).where(
        Submission.event_id == event.id, Submission.community_id == team.id))
    return None if submission is None or submission.frozen_at is None else (submission.id, submission.version)


def finalist_refused(event_id: int, entry: tuple[int, int]) -> UploadRefused:
    """The refusal of a new upload to a locked finalist, logged for the organizers in a unit of its own."""
    submission_id, version = entry
    with unit_of_work():
        audit.record("upload_refused", actor_label="team", event_id=event_id, target=f"submission {submission_id}",
                     details={"submission_id": submission_id, "kept_version": version, "reason": "finalist_locked"})
    return UploadRefused(_l("Your video is one of the finalists and the results are locked, so it can no longer be "
                           "replaced: the version the judges watched will be screened. If something is wrong with "
                           "it, please contact the organizers."), code="finalist_locked", status=409)


def keep_version(submission: Submission) -> SubmissionVersion:
    """Remember the entry's current upload as an earlier version before a new one replaces it (files stay)."""
    kept = SubmissionVersion(
        submission_id=submission.id, number=submission.version, title_ko=submission.title_ko,
        title_en=submission.title_en, original_filename=submission.original_filename,
        original_path=submission.original_path, original_size=submission.original_size,
        duration=submission.duration,
        transcoded_path=submission.transcoded_path if submission.state == ProcessingState.READY else None,
        poster_path=submission.poster_path, eligibility=submission.eligibility,
        uploaded_at=submission.uploaded_at, processed_at=submission.processed_at, replaced_at=utcnow())
    db.session.add(kept)
    return kept


def _record(event: Event, team: Community, details: UploadDetails, info: VideoInfo, size: int) -> Submission:
    """The new or replaced row, flushed in the caller's unit of work (which holds the write lock since
    before this read); a replaced upload is kept as an earlier version."""
    frozen = _frozen_entry(event, team)
    if frozen is not None:
        raise _FrozenEntry(frozen)
    now = utcnow()
    submission = db.session.scalar(select(Submission).where(
        Submission.event_id == event.id, Submission.community_id == team.id))
    if submission is None:
        submission = Submission(event_id=event.id, community_id=team.id, version=1, original_path="")
        db.session.add(submission)
    else:
        keep_version(submission)
        submission.version += 1
    submission.title_ko = details.title_ko
    submission.title_en = details.title_en
    submission.description = details.description
    submission.consent_at = now
    submission.locale = details.locale
    submission.original_filename = details.filename
    submission.original_size = size
    submission.container = info.container
    submission.width, submission.height = info.width, info.height
    submission.rotation = info.rotation
    submission.duration = info.duration
    submission.state = ProcessingState.QUEUED
    submission.progress = 0
    submission.failure_code = ""
    submission.failure_detail = ""
    submission.attempts = 0
    submission.heartbeat_at = None
    submission.poster_path = None
    submission.transcoded_path = None
    submission.processed_at = None
    submission.eligibility = Eligibility.PENDING
    submission.eligibility_reason = ""
    submission.reviewed_at = None
    submission.reviewed_by_id = None
    submission.uploaded_at = now
    db.session.flush()  # an IntegrityError (another upload for the team at the same moment) rolls the unit back
    return submission
