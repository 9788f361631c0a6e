"""The organizer's view of households: filtered lists, totals and the CSV export."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..csv_export import csv_bytes
from ..extensions import db
from .contacts import display_phone
from .models import Event, Rsvp, RsvpStatus


@dataclass
class AttendeeTotals:
    """Sums over a filtered list of households."""

    households: int
    adults: int
    children: int
    infants: int
    seats: int


def list_households(event: Event, status: RsvpStatus | None = None,
                    community_id: int | None = None) -> list[Rsvp]:
    """Households of ``event``, filtered; waiting ones in waitlist order, others by name."""
    query = select(Rsvp).where(Rsvp.event_id == event.id).options(selectinload(Rsvp.community))
    if status is not None:
        query = query.where(Rsvp.status == status)
    if community_id is not None:
        query = query.where(Rsvp.community_id == community_id)
    if status == RsvpStatus.WAITLISTED:
        query = query.order_by(Rsvp.waitlisted_at, Rsvp.id)
    else:
        query = query.order_by(Rsvp.created_at, Rsvp.id)
    return list(db.session.scalars(query))


def totals(households: list[Rsvp]) -> AttendeeTotals:
    """Head counts and seats over ``households``."""
    return AttendeeTotals(
        households=len(households), adults=sum(r.adults for r in households),
        children=sum(r.children for r in households), infants=sum(r.infants for r in households),
        seats=sum(r.seats for r in households))


CSV_HEADER = ("id", "status", "contact_name", "phone", "email", "adults", "children", "infants",
              "seats", "community", "accessibility_needs", "photo_consent", "locale", "created_at_utc")


def households_csv(households: list[Rsvp]) -> bytes:
    """The households as a CSV for Excel."""
    rows = ([r.id, r.status.value, r.contact_name, display_phone(r.phone), r.email, r.adults, r.children,
             r.infants, r.seats, r.community.name if r.community else "", r.accessibility_needs,
             "yes" if r.photo_consent else "no", r.locale, r.created_at.isoformat(timespec="seconds")]
            for r in households)
    return csv_bytes(CSV_HEADER, rows)
