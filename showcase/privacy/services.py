"""Retention periods, anonymising households after them, and a family deleting its own data.

Anonymising keeps each RSVP row with its party counts, status, community and dates (the statistics)
and wipes what names a person: name, phone, email, accessibility needs, message addresses, and the
manage and ticket links (their hashes are replaced, so the old links stop working).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..audit import services as audit
from ..auth.models import User
from ..database import utcnow
from ..events import rsvp_changes
from ..events.models import Community, Event, Rsvp
from ..extensions import db
from ..refusals import Refusal
from ..tickets.models import MessageState, OutboundMessage
from ..tokens import new_token, token_hash
from .models import DEFAULT_RETENTION_DAYS, AnonymisedHousehold, RetentionPolicy

MIN_DAYS, MAX_DAYS = 0, 3650


class PrivacyError(Refusal):
    """A refused privacy action (see showcase.refusals.Refusal), e.g. a purge before the retention ends."""


def retention_days(event: Event) -> int:
    """Days after the event that its households' personal data is kept."""
    policy = db.session.get(RetentionPolicy, event.id)
    return policy.days if policy is not None else DEFAULT_RETENTION_DAYS


def purge_due_at(event: Event) -> datetime:
    """When the event's households may be anonymised: its end (or start) plus the retention period."""
    return (event.ends_at or event.starts_at) + timedelta(days=retention_days(event))


def set_retention(event: Event, days: int, actor: User | None) -> RetentionPolicy:
    """Keep ``event``'s personal data ``days`` days after it (recorded in the audit log)."""
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise PrivacyError(_l("Choose between %(low)d and %(high)d days.", low=MIN_DAYS, high=MAX_DAYS), code="days")
    policy = db.session.get(RetentionPolicy, event.id) or RetentionPolicy(event_id=event.id)
    before = policy.days if policy.days is not None else DEFAULT_RETENTION_DAYS
    policy.days = days
    db.session.add(policy)
    audit.record("retention_changed", actor=actor, event_id=event.id, target=event.slug,
                 details={"from": before, "to": days}, commit=False)
    db.session.commit()
    return policy


def _anonymised_ids(event_id: int) -> set[int]:
    return set(db.session.scalars(select(AnonymisedHousehold.rsvp_id).join(Rsvp, Rsvp.id == AnonymisedHousehold.rsvp_id)
                                  .where(Rsvp.event_id == event_id)))


def households_to_purge(event: Event) -> list[Rsvp]:
    """The event's households whose personal data is still there."""
    done = _anonymised_ids(event.id)
    return [r for r in db.session.scalars(select(Rsvp).where(Rsvp.event_id == event.id).order_by(Rsvp.id))
            if r.id not in done]


def anonymise(rsvp: Rsvp, reason: str, now: datetime) -> None:
    """Wipe what names the household (in the caller's transaction); its counts stay."""
    rsvp.contact_name = ""
    rsvp.phone = ""
    rsvp.email = ""
    rsvp.accessibility_needs = ""
    rsvp.allergy_note = rsvp.children_ages = ""  # a child's health and age: personal too
    rsvp.photo_consent_by = rsvp.photo_consent_for = ""
    rsvp.token_salt = new_token()
    rsvp.manage_token_hash = token_hash(new_token())
    rsvp.ticket_token_hash = token_hash(new_token())
    db.session.execute(update(OutboundMessage).where(OutboundMessage.rsvp_id == rsvp.id)
                       .values(recipient="", subject=""))
    db.session.execute(update(OutboundMessage).where(
        OutboundMessage.rsvp_id == rsvp.id, OutboundMessage.state == MessageState.QUEUED)
        .values(state=MessageState.FAILED, last_error="personal data deleted"))
    db.session.add(AnonymisedHousehold(rsvp_id=rsvp.id, at=now, reason=reason))


@dataclass(frozen=True)
class PurgeReport:
    """What a purge did (or, dry, would do) to one event."""

    event_id: int
    slug: str
    households: int
    people: int
    team_contacts: int
    due_at: datetime
    dry_run: bool


def purge_event(event: Event, *, actor: User | None = None, actor_label: str = audit.CLI_ACTOR,
                now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Anonymise the event's households and team leaders' contacts, once its retention period is over.

    Refuses (PrivacyError) before then: nothing is changed.
    """
    now = now or utcnow()
    due = purge_due_at(event)
    if now < due:
        raise PrivacyError(_l("The personal data of “%(event)s” is kept until %(date)s (%(days)d days after the "
                              "event). Nothing was purged.", event=event.slug, date=format_date(due, "long"),
                              days=retention_days(event)), code="not_due", status=409)
    households = households_to_purge(event)
    teams = [c for c in db.session.scalars(select(Community).where(Community.event_id == event.id))
             if c.leader_name or c.leader_phone or c.leader_email]
    report = PurgeReport(event.id, event.slug, len(households), sum(r.party_size for r in households), len(teams),
                         due, dry_run)
    if dry_run:
        return report
    for rsvp in households:
        anonymise(rsvp, "retention", now)
    for team in teams:
        team.leader_name = team.leader_phone = team.leader_email = ""
    policy = db.session.get(RetentionPolicy, event.id) or RetentionPolicy(event_id=event.id,
                                                                           days=DEFAULT_RETENTION_DAYS)
    policy.purged_at = now
    db.session.add(policy)
    audit.record("purged", actor=actor, actor_label=actor_label, event_id=event.id, target=event.slug,
                 details={"households": report.households, "people": report.people,
                          "team_contacts": report.team_contacts}, commit=False)
    db.session.commit()
    return report


def purge_due(*, actor_label: str = audit.CLI_ACTOR, now: datetime | None = None,
              dry_run: bool = False) -> list[PurgeReport]:
    """Purge every event past its retention period that still holds personal data."""
    now = now or utcnow()
    reports = []
    for event in db.session.scalars(select(Event).order_by(Event.starts_at)):
        if purge_due_at(event) <= now and households_to_purge(event):
            reports.append(purge_event(event, actor_label=actor_label, now=now, dry_run=dry_run))
    return reports


def delete_own_data(rsvp_id: int, now: datetime | None = None) -> Rsvp:
    """A family deletes its RSVP: cancelled (seats freed, waitlist promoted), then anonymised."""
    now = now or utcnow()
    rsvp = rsvp_changes.cancel_rsvp(rsvp_id, now=now)
    rsvp = db.session.get_one(Rsvp, rsvp.id)
    if db.session.get(AnonymisedHousehold, rsvp.id) is None:
        anonymise(rsvp, "family", now)
        audit.record("household_deleted", actor_label="family", event_id=rsvp.event_id, target=f"rsvp {rsvp.id}",
                     details={"people": rsvp.party_size}, commit=False)
    db.session.commit()
    return rsvp


def is_anonymised(rsvp_id: int) -> bool:
    """Whether the household's personal data was already wiped."""
    return db.session.get(AnonymisedHousehold, rsvp_id) is not None
