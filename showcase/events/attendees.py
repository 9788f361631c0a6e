"""The organizer's view of households: filtered lists, totals and the CSV export."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..csv_export import csv_bytes
from ..extensions import db
from .contacts import display_phone
from .models import Event, Rsvp, RsvpStatus
from .needs import YES_NO_NEEDS


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
              "seats", "community", "accessibility_needs", *(f"need_{key}" for key in YES_NO_NEEDS),
              "allergy_note", "children_ages", "photo_consent", "photo_consent_by", "photo_consent_for",
              "photo_consent_at_utc", "locale", "created_at_utc")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _csv_row(r: Rsvp) -> list:
    return [r.id, r.status.value, r.contact_name, display_phone(r.phone), r.email, r.adults, r.children,
            r.infants, r.seats, r.community.name if r.community else "", r.accessibility_needs,
            *(_yes_no(getattr(r, column)) for column, _label, _short in YES_NO_NEEDS.values()),
            r.allergy_note, r.children_ages, _yes_no(r.photo_consent), r.photo_consent_by, r.photo_consent_for,
            r.photo_consent_at.isoformat(timespec="seconds") if r.photo_consent_at else "",
            r.locale, r.created_at.isoformat(timespec="seconds")]


def households_csv(households: list[Rsvp]) -> bytes:
    """The households as a CSV for Excel, then one line per need with how many households asked."""
    from .needs import need_totals

    rows = [_csv_row(r) for r in households]
    totals_by_need = need_totals(households).counts
    width = len(CSV_HEADER)
    if households:
        rows.append([""] * width)
        for key, count in totals_by_need.items():
            rows.append([f"total_{key}", count] + [""] * (width - 2))
    return csv_bytes(CSV_HEADER, rows)
