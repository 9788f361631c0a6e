"""Judging settings and window, judges and conflicts, eligible entries, and the finalists for the program."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.models import Role, User
from ..database import BEGIN_MODE_OPTION, utcnow
from ..events.models import Community, Event
from ..extensions import db
from ..storage import media_storage
from ..submissions.models import Eligibility, ProcessingState, Submission
from .errors import JudgingError
from .models import Conflict, Finalist, JudgeInvitation, JudgingSettings

REASON_MAX = 300


def settings_for(event: Event) -> JudgingSettings:
    """The event's judging settings, created with defaults on first use."""
    settings = db.session.get(JudgingSettings, event.id)
    if settings is None:
        settings = JudgingSettings(event_id=event.id, blind=False, min_scores=3)
        db.session.add(settings)
        db.session.flush()
    return settings


def lock_settings_row(event: Event) -> JudgingSettings:
    """Start a write transaction holding the event's judging row (serialises scoring against locking)."""
    if db.session.get(JudgingSettings, event.id) is None:
        settings_for(event)
        db.session.commit()
    session = db.session()  # the real Session: scoped_session does not proxy in_transaction()
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={BEGIN_MODE_OPTION: "IMMEDIATE"})
    return db.session.scalars(select(JudgingSettings).where(JudgingSettings.event_id == event.id)
                              .with_for_update().execution_options(populate_existing=True)).one()


def window_state(settings: JudgingSettings, now: datetime | None = None) -> str:
    """"locked", "not_yet_open", "closed" or "open" at ``now``."""
    now = now or utcnow()
    if settings.locked_at is not None:
        return "locked"
    if settings.opens_at is not None and now < settings.opens_at:
        return "not_yet_open"
    if settings.closes_at is not None and now >= settings.closes_at:
        return "closed"
    return "open"


def window_refusal(state: str) -> JudgingError | None:
    """The refusal for scoring in ``state``, or None when scoring is open."""
    if state == "locked":
        return JudgingError(_l("The results are locked: no score can change any more."), "locked", 409)
    if state == "closed":
        return JudgingError(_l("The judging window has closed: scores can no longer be saved."), "window_closed", 409)
    if state == "not_yet_open":
        return JudgingError(_l("Judging has not opened yet."), "window_not_open", 409)
    return None


def refuse_if_locked(settings: JudgingSettings) -> None:
    """Raise when the results are locked (nothing about judging may change then)."""
    if settings.locked_at is not None:
        raise JudgingError(_l("The results are locked: this can no longer be changed."), "locked", 409)


def invited_judges(event: Event) -> list[User]:
    """The event's judges, by name."""
    return list(db.session.scalars(select(User).join(JudgeInvitation, JudgeInvitation.judge_id == User.id)
                                   .where(JudgeInvitation.event_id == event.id).order_by(User.name)))


def is_invited(event: Event, user: User | None) -> bool:
    """Whether ``user`` is a judge invited to score ``event``."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_role(Role.JUDGE):
        return False
    return db.session.scalar(select(JudgeInvitation.id).where(
        JudgeInvitation.event_id == event.id, JudgeInvitation.judge_id == user.id)) is not None


def events_for_judge(judge: User) -> list[Event]:
    """The events ``judge`` is invited to, soonest first."""
    return list(db.session.scalars(select(Event).join(JudgeInvitation, JudgeInvitation.event_id == Event.id)
                                   .where(JudgeInvitation.judge_id == judge.id).order_by(Event.starts_at)))


def invite_judge(event: Event, judge: User) -> JudgeInvitation:
    """Invite a judge account to the event (idempotent)."""
    if not judge.has_role(Role.JUDGE):
        raise JudgingError(_l("Only accounts with the judge role can be invited."), "not_a_judge",
                           fields={"email": _l("This account is not a judge account.")})
    refuse_if_locked(settings_for(event))
    invitation = db.session.scalar(select(JudgeInvitation).where(
        JudgeInvitation.event_id == event.id, JudgeInvitation.judge_id == judge.id))
    if invitation is None:
        invitation = JudgeInvitation(event_id=event.id, judge_id=judge.id)
        db.session.add(invitation)
        db.session.commit()
    return invitation


def remove_judge(event: Event, judge: User) -> None:
    """Withdraw a judge's invitation (their scores stay stored but stop counting)."""
    refuse_if_locked(settings_for(event))
    invitation = db.session.scalar(select(JudgeInvitation).where(
        JudgeInvitation.event_id == event.id, JudgeInvitation.judge_id == judge.id))
    if invitation is not None:
        db.session.delete(invitation)
        db.session.commit()


def record_conflict(event: Event, judge: User, community: Community, reason: str, declared_by: User) -> Conflict:
    """Record that ``judge`` must not score ``community``'s entry (idempotent; scores already given stop counting)."""
    if community.event_id != event.id:
        raise JudgingError(_l("This team is not part of this event."), "wrong_event", 404)
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_MAX:
        raise JudgingError(_l("At most %(max)d characters.", max=REASON_MAX), fields={"reason": _l(
            "At most %(max)d characters.", max=REASON_MAX)})
    refuse_if_locked(settings_for(event))
    conflict = db.session.scalar(select(Conflict).where(
        Conflict.judge_id == judge.id, Conflict.community_id == community.id))
    if conflict is None:
        conflict = Conflict(judge_id=judge.id, community_id=community.id, reason=reason, declared_by_id=declared_by.id)
        db.session.add(conflict)
        db.session.commit()
    return conflict


def remove_conflict(event: Event, conflict: Conflict) -> None:
    """Delete a recorded conflict."""
    if conflict.community.event_id != event.id:
        raise JudgingError(_l("This team is not part of this event."), "wrong_event", 404)
    refuse_if_locked(settings_for(event))
    db.session.delete(conflict)
    db.session.commit()


def event_conflicts(event: Event) -> list[Conflict]:
    """Every conflict recorded for the event's teams."""
    return list(db.session.scalars(
        select(Conflict).join(Community, Community.id == Conflict.community_id)
        .where(Community.event_id == event.id)
        .options(joinedload(Conflict.judge), joinedload(Conflict.community)).order_by(Conflict.id)))


def conflicted_community_ids(event: Event, judge: User) -> set[int]:
    """The teams of ``event`` that ``judge`` must not score."""
    return set(db.session.scalars(select(Conflict.community_id).join(Community, Community.id == Conflict.community_id)
                                  .where(Community.event_id == event.id, Conflict.judge_id == judge.id)))


def eligible_entries(event: Event) -> list[Submission]:
    """The entries judges score: reviewed eligible and processed (ready to play)."""
    return list(db.session.scalars(
        select(Submission).where(Submission.event_id == event.id, Submission.eligibility == Eligibility.ELIGIBLE,
                                 Submission.state == ProcessingState.READY)
        .options(joinedload(Submission.community)).order_by(Submission.id)))


def is_eligible(submission: Submission) -> bool:
    """Whether judges may score ``submission``."""
    return submission.eligibility == Eligibility.ELIGIBLE and submission.state == ProcessingState.READY


@dataclass(frozen=True)
class ProgramFinalist:
    """A finalist as the printed program needs it."""

    submission_id: int
    title_ko: str
    title_en: str
    community: str
    #: absolute path of the poster frame in media storage, or None
    poster_path: str | None
    screening_order: int


def locked_finalists(event: Event) -> list[Finalist]:
    """The locked finalists in screening order (empty until the results are locked)."""
    return list(db.session.scalars(
        select(Finalist).where(Finalist.event_id == event.id)
        .options(joinedload(Finalist.submission).joinedload(Submission.community))
        .order_by(Finalist.screening_order, Finalist.rank)))


def finalists_for_program(event: Event) -> list[ProgramFinalist] | None:
    """The six finalists in screening order for the printed program, or None until results are locked."""
    settings = db.session.get(JudgingSettings, event.id)
    if settings is None or settings.locked_at is None:
        return None
    storage = media_storage()
    found = []
    for finalist in locked_finalists(event):
        submission = finalist.submission
        poster = str(Path(storage.path(submission.poster_path))) if storage.exists(submission.poster_path) else None
        found.append(ProgramFinalist(submission_id=submission.id, title_ko=submission.title_ko,
                                     title_en=submission.title_en, community=submission.community.name,
                                     poster_path=poster, screening_order=finalist.screening_order))
    return found
