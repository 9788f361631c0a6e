"""The judging panel: which judges an event invited, and the conflicts of interest declared."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit import services as audit
from ..auth.models import Role, User
from ..database import unit_of_work
from ..events.models import Community, Event
from ..extensions import db
from .models import Conflict, JudgeInvitation
from .refusals import JudgingError
from .settings import refuse_if_locked, settings_for

REASON_MAX = 300


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
    with unit_of_work():
        refuse_if_locked(settings_for(event))
        invitation = db.session.scalar(select(JudgeInvitation).where(
            JudgeInvitation.event_id == event.id, JudgeInvitation.judge_id == judge.id))
        if invitation is None:
            invitation = JudgeInvitation(event_id=event.id, judge_id=judge.id)
            db.session.add(invitation)
            db.session.flush()
            _rebalance(event)
    return invitation


def remove_judge(event: Event, judge: User) -> None:
    """Withdraw a judge's invitation (their scores stay stored but stop counting)."""
    with unit_of_work():
        refuse_if_locked(settings_for(event))
        invitation = db.session.scalar(select(JudgeInvitation).where(
            JudgeInvitation.event_id == event.id, JudgeInvitation.judge_id == judge.id))
        if invitation is not None:
            db.session.delete(invitation)
            db.session.flush()
            _rebalance(event)


def record_conflict(event: Event, judge: User, community: Community, reason: str, declared_by: User) -> Conflict:
    """Record that ``judge`` must not score ``community``'s entry (idempotent; scores already given stop counting)."""
    if community.event_id != event.id:
        raise JudgingError(_l("This team is not part of this event."), "wrong_event", 404)
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_MAX:
        raise JudgingError(_l("At most %(max)d characters.", max=REASON_MAX), fields={"reason": _l(
            "At most %(max)d characters.", max=REASON_MAX)})
    with unit_of_work():
        refuse_if_locked(settings_for(event))
        conflict = db.session.scalar(select(Conflict).where(
            Conflict.judge_id == judge.id, Conflict.community_id == community.id))
        if conflict is None:
            conflict = Conflict(judge_id=judge.id, community_id=community.id, reason=reason,
                                declared_by_id=declared_by.id)
            db.session.add(conflict)
            audit.record("conflict_recorded", actor=declared_by, event_id=event.id, target=f"judge {judge.id}",
                         details={"judge_id": judge.id, "community_id": community.id, "reason": reason})
            db.session.flush()
            _rebalance(event)
    return conflict


def remove_conflict(event: Event, conflict: Conflict, organizer: User | None = None) -> None:
    """Delete a recorded conflict (audited)."""
    if conflict.community.event_id != event.id:
        raise JudgingError(_l("This team is not part of this event."), "wrong_event", 404)
    with unit_of_work():
        refuse_if_locked(settings_for(event))
        audit.record("conflict_removed", actor=organizer, event_id=event.id, target=f"judge {conflict.judge_id}",
                     details={"judge_id": conflict.judge_id, "community_id": conflict.community_id})
        db.session.delete(conflict)
        db.session.flush()
        _rebalance(event)


def _rebalance(event: Event) -> None:
    """Keep a split panel's assignment in line after the panel or the conflicts change (same transaction)."""
    from .assignment import rebalance_in_transaction  # assignment builds on this module

    rebalance_in_transaction(event)


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
