"""Recording and reading the audit log. Callers pass the acting user; nothing here reads the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..database import current_unit
from ..extensions import db
from .models import AuditEntry

#: action → its label on the organizer's page
ACTIONS = {
    "capacity_changed": _l("Capacity changed"),
    "promoted_by_hand": _l("Promoted by hand"),
    "results_locked": _l("Results locked"),
    "results_unlocked": _l("Results unlocked"),
    "tie_decided": _l("Tie decided by the organizers"),
    "entry_reviewed": _l("Entry reviewed"),
    "entry_disqualified": _l("Entry disqualified"),
    "conflict_recorded": _l("Conflict of interest recorded"),
    "conflict_removed": _l("Conflict of interest removed"),
    "upload_refused": _l("Upload refused: a locked finalist"),
    "exported": _l("Data exported"),
    "purged": _l("Personal data purged"),
    "household_deleted": _l("Household deleted its data"),
    "event_duplicated": _l("Event duplicated"),
    "event_archived": _l("Event archived"),
    "retention_changed": _l("Retention period changed"),
    "judges_assigned": _l("Judges assigned to entries"),
    "door_token_issued": _l("Door token issued"),
    "door_token_revoked": _l("Door token revoked"),
    "door_conflict_checked": _l("Admission at two doors checked"),
}
CLI_ACTOR = "command line"


class Actor(Protocol):
    """Who did it: any account with an id and an email (audit imports no domain)."""

    id: int
    email: str


JOB_ACTOR = "scheduled job"


def record(action: str, *, actor: Actor | None = None, actor_label: str = "", event_id: int | None = None,
           target: str = "", details: dict[str, Any] | None = None) -> AuditEntry:
    """Add one entry to the current unit of work: it commits with the action it records, or not at all."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(action=action, actor_id=actor.id if actor is not None else None,
                       actor_label=(actor.email if actor is not None else actor_label) or CLI_ACTOR,
                       event_id=event_id, target=target[:200], details=dict(details or {}))
    current_unit()  # an entry outside a unit of work would be committed by nobody, or by accident
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilter:
    """What the organizer narrowed the list to."""

    event_id: int | None = None
    action: str | None = None


def entries(filters: AuditFilter, limit: int = 200) -> list[AuditEntry]:
    """The latest entries matching ``filters``, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if filters.event_id is not None:
        query = query.where(AuditEntry.event_id == filters.event_id)
    if filters.action is not None:
        query = query.where(AuditEntry.action == filters.action)
    return list(db.session.scalars(query))


def action_label(action: str) -> str:
    """The action's name in the reader's language."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action
