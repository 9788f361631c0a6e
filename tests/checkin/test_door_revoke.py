"""A lost door phone: its token revoked from the command line or the organizer's page is 401 at
once; a token may also be issued with an expiry. Issuing and revoking are in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import select

from showcase.audit.models import AuditEntry
from showcase.auth.models import Role
from showcase.checkin.doors import door_for_token, issue_door_token
from showcase.database import utcnow
from showcase.extensions import db

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}


def _audited(event, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.event_id == event.id,
                                                            AuditEntry.action == action).order_by(AuditEntry.id)))


def _attendance(client, event, token):
    return client.get(f"/api/v1/events/{event.slug}/attendance", headers={"Authorization": f"Bearer {token}"})


def test_cli_revoke_makes_every_token_of_that_door_401_at_once(app, client, runner, make_event):
    event = make_event()
    lost_one = issue_door_token(event, "Door 2")[1]
    lost_two = issue_door_token(event, "Door 2")[1]
    other = issue_door_token(event, "Door 3")[1]
    assert _attendance(client, event, lost_one).status_code == 200

    result = runner.invoke(args=["door-token", event.slug, "--revoke", "Door 2"])
    assert result.exit_code == 0, result.output
    assert "Revoked 2 token(s)" in result.output

    for token in (lost_one, lost_two):
        response = _attendance(client, event, token)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        scan = client.post(f"/api/v1/events/{event.slug}/checkins", json={"code": "x" * 30},
                           headers={"Authorization": f"Bearer {token}"})
        assert scan.status_code == 401
        search = client.get(f"/api/v1/events/{event.slug}/households?q=kim",
                            headers={"Authorization": f"Bearer {token}"})
        assert search.status_code == 401
    assert _attendance(client, event, other).status_code == 200
    assert [e.target for e in _audited(event, "door_token_issued")] == ["Door 2", "Door 2", "Door 3"]
    [revoked] = _audited(event, "door_token_revoked")
    assert revoked.target == "Door 2" and revoked.actor_label == "command line"
    assert len(revoked.details["device_ids"]) == 2
    runner.invoke(args=["door-token", event.slug, "--revoke", "Door 2"])  # nothing left to revoke: nothing logged
    assert len(_audited(event, "door_token_revoked")) == 1


def test_cli_needs_exactly_one_of_name_and_revoke(runner, make_event):
    event = make_event()
    assert runner.invoke(args=["door-token", event.slug]).exit_code != 0
    assert runner.invoke(args=["door-token", event.slug, "--name", "A", "--revoke", "A"]).exit_code != 0
    unknown = runner.invoke(args=["door-token", "no-such-event", "--revoke", "Door 2"])
    assert unknown.exit_code != 0 and "No event" in unknown.output


def test_cli_issues_a_token_with_an_expiry(app, client, runner, make_event):
    event = make_event()
    result = runner.invoke(args=["door-token", event.slug, "--name", "Door 4", "--expires-in", "8"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    assert "valid until" in result.output
    assert _attendance(client, event, token).status_code == 200
    assert door_for_token(token, now=utcnow() + timedelta(hours=8, seconds=1)) is None
    assert runner.invoke(args=["door-token", event.slug, "--name", "Door 4", "--expires-in", "0"]).exit_code != 0


def test_an_expired_token_is_401(app, client, make_event):
    event = make_event()
    _device, token = issue_door_token(event, "Door 5", now=utcnow() - timedelta(hours=2), valid_for=timedelta(hours=1))
    assert _attendance(client, event, token).status_code == 401


def test_organizer_revokes_a_door_from_the_arrivals_page(app, client, login_as, make_event):
    event = make_event()
    device, token = issue_door_token(event, "분실된 휴대폰")
    organizer = login_as(Role.ORGANIZER)
    page = client.get(f"/manage/events/{event.slug}/arrivals", headers=KO).get_data(as_text=True)
    assert f"/manage/events/{event.slug}/doors/{device.id}/revoke" in page and "사용 중지" in page

    response = client.post(f"/manage/events/{event.slug}/doors/{device.id}/revoke", headers=KO, follow_redirects=True)
    assert response.status_code == 200
    assert "분실된 휴대폰의 토큰을 더 이상 쓸 수 없게 했습니다" in response.get_data(as_text=True)
    [revoked] = _audited(event, "door_token_revoked")
    assert revoked.target == "분실된 휴대폰" and revoked.details == {"device_ids": [device.id]}
    assert (revoked.actor_id, revoked.actor_label) == (organizer.id, organizer.email)
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.clear()
    assert _attendance(client, event, token).status_code == 401


def test_a_device_of_another_event_cannot_be_revoked_through_this_one(app, client, login_as, make_event):
    event, other = make_event(), make_event()
    device, token = issue_door_token(other, "Door 1")
    login_as(Role.ORGANIZER)
    assert client.post(f"/manage/events/{event.slug}/doors/{device.id}/revoke").status_code == 404
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.clear()
    assert _attendance(client, other, token).status_code == 200


@pytest.mark.parametrize("role", [Role.STAFF, Role.JUDGE])
def test_only_organizers_revoke(client, login_as, make_event, role):
    event = make_event()
    device, _token = issue_door_token(event, "Door 1")
    login_as(role)
    assert client.post(f"/manage/events/{event.slug}/doors/{device.id}/revoke").status_code in (302, 403, 404)
    assert device.revoked_at is None
