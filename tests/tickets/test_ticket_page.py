"""The public ticket page: what a family sees, and what a wrong link gets."""

from __future__ import annotations

import pytest

from showcase.events import rsvp_changes, rsvp_tokens
from showcase.events.households import Party
from showcase.tickets.admission_status import (
    AdmissionSummary,
    register_admission_provider,
    unregister_admission_provider,
)

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}


def _token(rsvp) -> str:
    return rsvp_tokens.ticket_token(rsvp)


def test_confirmed_family_sees_its_ticket_in_korean(client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, contact_name="김하늘", adults=2, children=1, infants=1)
    response = client.get(f"/t/{_token(rsvp)}", headers=KO)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "함께 키우는 우리 아이" in page
    assert "2027년 6월 20일 (일)" in page and "오전 11:00" in page
    assert "부산광역시의회 2층 대회의실" in page
    assert "김하늘" in page
    assert 'class="qr-code"' in page                        # the QR is on the page itself
    assert "참석 확정" in page
    assert "4명 입장" in page                                 # everyone, lap infant included
    assert f"/rsvp/{rsvp_tokens.manage_token(rsvp)}" in page      # the manage link
    assert f"/t/{_token(rsvp)}/event.ics" in page and f"/t/{_token(rsvp)}/ticket.pdf" in page
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response.headers["Cache-Control"]


def test_english_ticket(client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, adults=1, children=0)
    page = client.get(f"/t/{_token(rsvp)}", headers=EN).get_data(as_text=True)
    assert "Raising Our Children Together" in page
    assert "11:00 AM" in page
    assert "Admits 1 person" in page
    assert "Add to calendar" in page and "Save / print ticket" in page


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-1],                                  # truncated
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # altered
    lambda t: "x" * 43,                                # made up
    lambda t: t + "%00",                               # junk after
    lambda t: "한글토큰",                               # not even a token
])
def test_wrong_token_gets_plain_not_found_page_and_404_files(client, seoul_event, make_rsvp, mangle):
    rsvp = make_rsvp(seoul_event)
    token = mangle(_token(rsvp))
    response = client.get(f"/t/{token}", headers=EN)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    # a control character never reaches the ticket view: the URL is refused at the edge (input_edges)
    assert ("This page does not exist" if "%00" in token else "This ticket does not exist") in page
    assert rsvp.contact_name not in page and "qr-code" not in page
    for suffix in ("qr.png", "qr.svg", "event.ics", "ticket.pdf"):
        assert client.get(f"/t/{token}/{suffix}").status_code == 404


def test_not_found_page_in_korean(client):
    response = client.get("/t/" + "Z" * 43, headers=KO)
    assert response.status_code == 404
    assert "존재하지 않는 입장권" in response.get_data(as_text=True)


def test_cancelled_ticket_says_so_and_has_no_code(client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, adults=2)
    token = _token(rsvp)
    rsvp_changes.cancel_rsvp(rsvp.id)
    response = client.get(f"/t/{token}", headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cancelled — this ticket no longer admits anyone" in page
    assert "qr-code" not in page
    assert client.get(f"/t/{token}/qr.png").status_code == 404
    assert client.get(f"/t/{token}/ticket.pdf").status_code == 404


def test_waitlisted_household_has_no_code_yet(client, make_event, make_rsvp):
    event = make_event(capacity=2)
    make_rsvp(event, adults=2)
    waiting = make_rsvp(event, adults=2)
    page = client.get(f"/t/{_token(waiting)}", headers=EN).get_data(as_text=True)
    assert "On the waitlist — number 1" in page
    assert "qr-code" not in page


def test_after_the_party_shrinks_the_same_ticket_admits_only_the_new_party(client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, adults=2, children=2)
    token = _token(rsvp)
    before = client.get(f"/t/{token}", headers=EN).get_data(as_text=True)
    assert "Admits 4 people" in before and "Changed on" not in before
    from datetime import timedelta

    from showcase.database import utcnow
    rsvp_changes.change_party(rsvp.id, Party(adults=1, children=1), now=utcnow() + timedelta(minutes=1))
    after = client.get(f"/t/{token}", headers=EN).get_data(as_text=True)
    assert "Admits 2 people" in after
    assert "1 adult, 1 child" in after
    assert "Changed on" in after


def test_door_admissions_show_on_the_ticket_through_the_provider_hook(client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, adults=2, children=1)

    def provider(candidate):
        return AdmissionSummary(admitted=1, party_size=3) if candidate.id == rsvp.id else None

    register_admission_provider(provider)
    try:
        page = client.get(f"/t/{_token(rsvp)}", headers=EN).get_data(as_text=True)
        assert "Admitted 1 of 3" in page
        korean = client.get(f"/t/{_token(rsvp)}", headers=KO).get_data(as_text=True)
        assert "3명 중 1명 입장" in korean
    finally:
        unregister_admission_provider(provider)


def test_qr_images_are_cached_with_etags(client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event)
    for suffix, mimetype in (("qr.png", "image/png"), ("qr.svg", "image/svg+xml")):
        first = client.get(f"/t/{_token(rsvp)}/{suffix}")
        assert first.status_code == 200 and first.mimetype == mimetype
        assert first.headers["ETag"]
        assert "max-age" in first.headers["Cache-Control"]
        again = client.get(f"/t/{_token(rsvp)}/{suffix}", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
