"""The audit log: capacity changes, manual promotions, result locks and every export are recorded with who and when."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from showcase.audit.models import AuditEntry
from showcase.auth.models import Role
from showcase.extensions import db
from showcase.judging.scoring import save_scores
from tests.events.test_manage_pages import _event_form
from tests.judging.factories import make_entries, make_judges, make_rubric

KO = {"Accept-Language": "ko"}
EN = {"Accept-Language": "en"}


def _entries(action: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def test_capacity_change_is_recorded_with_before_and_after(client, login_as, make_event):
    event = make_event(capacity=100)
    organizer = login_as(Role.ORGANIZER)
    data = _event_form(slug=event.slug, capacity="120", starts_at="2031-01-01T11:00", ends_at="", rsvp_closes_at="")
    assert client.post(f"/manage/events/{event.slug}/edit", data=data, headers=KO).status_code == 302
    data["title_en"] = "Renamed"  # same capacity: not a capacity change
    client.post(f"/manage/events/{event.slug}/edit", data=data, headers=KO)
    [entry] = _entries("capacity_changed")
    assert (entry.actor_id, entry.actor_label, entry.event_id) == (organizer.id, organizer.email, event.id)
    assert entry.details == {"from": 100, "to": 120}


def test_promotion_by_hand_is_recorded(client, login_as, make_event, make_rsvp):
    event = make_event(capacity=2)
    make_rsvp(event, adults=2)
    waiting = make_rsvp(event, adults=1)
    event.capacity = 3  # a seat appeared without the automatic promotion running
    db.session.commit()
    login_as(Role.ORGANIZER)
    client.post(f"/manage/events/{event.slug}/households/{waiting.id}/promote")
    [entry] = _entries("promoted_by_hand")
    assert entry.target == f"rsvp {waiting.id}" and entry.details == {"seats": 1}


def test_result_lock_is_recorded(client, login_as, make_event, make_user):
    event = make_event(communities=7)
    rubric = make_rubric(event)
    entries = make_entries(event)
    for judge in make_judges(event, make_user, 2):
        for i, entry in enumerate(entries):
            save_scores(event, judge, entry.id, {rubric[0].id: 10 - i, rubric[1].id: 10 - i})
    login_as(Role.ORGANIZER)
    client.post(f"/manage/events/{event.slug}/results/lock")
    [entry] = _entries("results_locked")
    assert entry.details["finalists"] == [e.id for e in entries[:6]]
    assert entry.details["versions"] == {str(e.id): 1 for e in entries[:6]}


def test_every_csv_export_is_recorded_and_formula_names_stay_text(client, login_as, make_event, make_rsvp):
    event = make_event()
    make_rsvp(event, contact_name="=HYPERLINK(\"http://evil\")", adults=2)
    make_rsvp(event, contact_name="김하늘")
    organizer = login_as(Role.ORGANIZER)
    response = client.get(f"/manage/events/{event.slug}/households.csv")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    client.get(f"/manage/events/{event.slug}/scores.csv")
    client.get(f"/door/{event.slug}/list.csv")
    exports = _entries("exported")
    assert [e.target for e in exports] == ["households.csv", "scores.csv", "list.csv"]
    assert exports[0].details["rows"] == len(rows) - 1 and exports[0].details["format"] == "text/csv"  # totals included
    assert {e.actor_id for e in exports} == {organizer.id} and {e.event_id for e in exports} == {event.id}


def test_a_refused_export_is_not_recorded(client, login_as, make_event):
    event = make_event()
    login_as(Role.JUDGE)
    assert client.get(f"/manage/events/{event.slug}/households.csv").status_code == 403
    assert _entries() == []


def test_organizer_reads_and_filters_the_log_in_both_languages(client, login_as, make_event):
    from showcase.audit.services import record
    from showcase.database import unit_of_work

    spring, autumn = make_event(title_en="Spring"), make_event(title_en="Autumn")
    organizer = login_as(Role.ORGANIZER)
    with unit_of_work():
        record("capacity_changed", actor=organizer, event_id=spring.id, target=spring.slug,
               details={"from": 1, "to": 2})
        record("exported", actor=organizer, event_id=autumn.id, target="households.csv")
        record("purged", actor_label="scheduled job", event_id=autumn.id, details={"households": 3})
    page = client.get("/manage/audit", headers=EN).get_data(as_text=True)
    assert "<td>Capacity changed</td>" in page and "<td>Data exported</td>" in page and "scheduled job" in page
    page = client.get(f"/manage/audit?event={autumn.slug}&action=purged", headers=EN).get_data(as_text=True)
    assert "<td>Personal data purged</td>" in page
    assert "<td>Capacity changed</td>" not in page and "<td>Data exported</td>" not in page
    page = client.get(f"/manage/events/{spring.slug}/audit", headers=KO).get_data(as_text=True)
    assert "감사 기록" in page and "<td>정원 변경</td>" in page and "households.csv" not in page
    assert client.get("/manage/audit?event=no-such-event").status_code == 404


def test_an_entry_outside_a_unit_of_work_is_refused_at_once(app, make_event):
    """audit.record only adds to the current unit: outside one, nobody would commit it (or somebody by accident)."""
    from showcase.audit.services import record

    event = make_event()
    with pytest.raises(RuntimeError, match="no unit of work"):
        record("exported", actor_label="test", event_id=event.id, target="households.csv")
