"""Who may watch an entry, the organizers' review, and lists for the pages."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit import services as audit
from ..auth.models import Role, User
from ..database import unit_of_work, utcnow
from ..events.models import Community, Event
from ..extensions import db
from .models import Eligibility, ProcessingState, Submission, SubmissionVersion
from .refusals import SubmissionsError

REASON_MAX = 500


def is_public(submission: Submission) -> bool:
    """Whether anyone may watch it: the judging domain sets published_at when finalists are published."""
    return submission.published_at is not None and submission.state == ProcessingState.READY


def can_view(submission: Submission, user: User | None = None, team_id: int | None = None) -> bool:
    """Whether ``user`` (signed in) or the holder of ``team_id``'s upload link may watch ``submission``.

    Judges are not let in here: they watch through the judging domain, which applies the entry page's
    rule (invited, no conflict of interest, entry eligible).
    """
    if is_public(submission):
        return True
    if user is not None and getattr(user, "is_authenticated", False) and user.has_role(Role.ORGANIZER):
        return True
    return team_id is not None and team_id == submission.community_id


@dataclass(frozen=True)
class PlayableVideo:
    """The media keys to play for an entry, and which version they belong to."""

    version: int
    video: str | None
    poster: str | None


def playable_video(submission: Submission) -> PlayableVideo:
    """The current version when it is ready, otherwise the latest earlier version that was (or nothing)."""
    if submission.state == ProcessingState.READY:
        return PlayableVideo(submission.version, submission.transcoded_path, submission.poster_path)
    earlier = db.session.scalar(select(SubmissionVersion).where(
        SubmissionVersion.submission_id == submission.id, SubmissionVersion.transcoded_path.is_not(None))
        .order_by(SubmissionVersion.number.desc()).limit(1))
    if earlier is None:
        return PlayableVideo(submission.version, None, None)
    return PlayableVideo(earlier.number, earlier.transcoded_path, earlier.poster_path)


def earlier_versions(event: Event) -> dict[int, list[SubmissionVersion]]:
    """The replaced uploads of the event's entries (their files are kept): {submission_id: newest first}."""
    found: dict[int, list[SubmissionVersion]] = {}
    for kept in db.session.scalars(select(SubmissionVersion).join(Submission, Submission.id == SubmissionVersion.submission_id)
                                   .where(Submission.event_id == event.id)
                                   .order_by(SubmissionVersion.submission_id, SubmissionVersion.number.desc())):
        found.setdefault(kept.submission_id, []).append(kept)
    return found


def earlier_version(submission: Submission, number: int) -> SubmissionVersion | None:
    """One replaced upload of ``submission``."""
    return db.session.scalar(select(SubmissionVersion).where(SubmissionVersion.submission_id == submission.id,
                                                             SubmissionVersion.number == number))


def submission_for_team(event_id: int, team_id: int) -> Submission | None:
    """The team's entry for the event, if it uploaded one."""
    return db.session.scalar(select(Submission).where(
        Submission.event_id == event_id, Submission.community_id == team_id))


def event_submissions(event: Event, state: ProcessingState | None = None,
                      eligibility: Eligibility | None = None) -> list[Submission]:
    """The event's entries for review, by team name."""
    query = (select(Submission).join(Community, Community.id == Submission.community_id)
             .where(Submission.event_id == event.id).options(joinedload(Submission.community))
             .order_by(Community.name))
    if state is not None:
        query = query.where(Submission.state == state)
    if eligibility is not None:
        query = query.where(Submission.eligibility == eligibility)
    return list(db.session.scalars(query))


def submissions_by_team(event: Event) -> dict[int, Submission]:
    """The event's entries keyed by team id."""
    return {s.community_id: s for s in db.session.scalars(select(Submission).where(Submission.event_id == event.id))}


@dataclass
class ReviewDecision:
    """An organizer's verdict on an entry."""

    eligibility: Eligibility
    reason: str = ""


def review(submission: Submission, decision: ReviewDecision, reviewer: User) -> Submission:
    """Mark an entry eligible, disqualified (a reason is required and shown to the team) or pending again."""
    reason = " ".join((decision.reason or "").split())
    if decision.eligibility == Eligibility.DISQUALIFIED and not reason:
        raise SubmissionsError(_l("Give the reason for disqualifying; the team will see it."),
                               fields={"reason": _l("Enter a reason.")})
    if len(reason) > REASON_MAX:
        raise SubmissionsError(_l("At most %(max)d characters.", max=REASON_MAX),
                               fields={"reason": _l("At most %(max)d characters.", max=REASON_MAX)})
    with unit_of_work():  # the frozen check reads the row the lock of the results writes
        if submission.frozen_at is not None and decision.eligibility != submission.eligibility:
            raise SubmissionsError(_l("This entry is a finalist of locked results. Unlock the results first to "
                                      "change its review."), code="frozen", status=409)
        before = submission.eligibility
        submission.eligibility = decision.eligibility
        submission.eligibility_reason = reason if decision.eligibility == Eligibility.DISQUALIFIED else ""
        submission.reviewed_at = utcnow() if decision.eligibility != Eligibility.PENDING else None
        submission.reviewed_by_id = reviewer.id if decision.eligibility != Eligibility.PENDING else None
        if before != decision.eligibility:
            action = "entry_disqualified" if decision.eligibility == Eligibility.DISQUALIFIED else "entry_reviewed"
            audit.record(action, actor=reviewer, event_id=submission.event_id, target=f"submission {submission.id}",
                         details={"from": before.value, "to": decision.eligibility.value,
                                  "version": submission.version, **({"reason": reason} if reason else {})})
    return submission


def review_counts(submissions: list[Submission]) -> dict[str, int]:
    """How many entries are in each processing state and review outcome."""
    counts = {state.value: 0 for state in ProcessingState} | {e.value: 0 for e in Eligibility}
    for submission in submissions:
        counts[submission.state.value] += 1
        counts[submission.eligibility.value] += 1
    counts["total"] = len(submissions)
    counts["in_processing"] = counts[ProcessingState.QUEUED.value] + counts[ProcessingState.PROCESSING.value]
    return counts
