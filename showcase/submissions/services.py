"""Who may watch an entry, the organizers' review, and lists for the pages."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.models import Role, User
from ..database import utcnow
from ..events.models import Community, Event
from ..extensions import db
from .models import Eligibility, ProcessingState, Submission
from .refusals import SubmissionsError

REASON_MAX = 500


def is_public(submission: Submission) -> bool:
    """Whether anyone may watch it: the judging domain sets published_at when finalists are published."""
    return submission.published_at is not None and submission.state == ProcessingState.READY


def can_view(submission: Submission, user: User | None = None, team_id: int | None = None) -> bool:
    """Whether ``user`` (signed in) or the holder of ``team_id``'s upload link may watch ``submission``."""
    if is_public(submission):
        return True
    if user is not None and getattr(user, "is_authenticated", False) and user.has_role(Role.ORGANIZER, Role.JUDGE):
        return True
    return team_id is not None and team_id == submission.community_id


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
    submission.eligibility = decision.eligibility
    submission.eligibility_reason = reason if decision.eligibility == Eligibility.DISQUALIFIED else ""
    submission.reviewed_at = utcnow() if decision.eligibility != Eligibility.PENDING else None
    submission.reviewed_by_id = reviewer.id if decision.eligibility != Eligibility.PENDING else None
    db.session.commit()
    return submission


def review_counts(submissions: list[Submission]) -> dict[str, int]:
    """How many entries are in each processing state and review outcome."""
    counts = {state.value: 0 for state in ProcessingState} | {e.value: 0 for e in Eligibility}
    for submission in submissions:
        counts[submission.state.value] += 1
        counts[submission.eligibility.value] += 1
    counts["total"] = len(submissions)
    return counts
