"""Organizers see every message's delivery state and can send a ticket again; nobody else can."""

from __future__ import annotations

from sqlalchemy import select

from showcase.extensions import db
from showcase.tickets.models import MessageKind, MessageState, OutboundMessage

EN = {"Accept-Language": "en-US,en;q=0.9"}


def test_only_organizers_open_the_messages_page(client, login_as, seoul_event):
    url = f"/manage/events/{seoul_event.slug}/messages"
    assert client.get(url).status_code == 302                 # to the login page
    login_as("staff")
    assert client.get(url).status_code == 403


def test_messages_page_lists_states_and_households_still_without_a_ticket(
        client, login_as, seoul_event, make_rsvp):
    sent = make_rsvp(seoul_event, contact_name="Sent Family", email="sent@example.com", locale="en")
    no_email = make_rsvp(seoul_event, contact_name="Phone Only", email="")
    login_as("organizer")
    page = client.get(f"/manage/events/{seoul_event.slug}/messages", headers=EN).get_data(as_text=True)
    assert "Sent Family" in page and "sent@example.com" in page and "Confirmation" in page
    assert 'class="badge state-sent"' in page
    assert "Phone Only" in page and "010-2000-0002" in page   # told by text: listed with its number
    assert "Every confirmed household has received its ticket by email or text." in page
    korean = client.get(f"/manage/events/{seoul_event.slug}/messages",
                        headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert "가구에 보낸 메시지" in korean and "보냄" in korean
    assert no_email.id and sent.id


def test_organizer_sends_a_ticket_to_a_household_that_never_got_one(client, login_as, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, contact_name="Late Email", email="")
    [text] = db.session.scalars(select(OutboundMessage).where(OutboundMessage.rsvp_id == rsvp.id))
    text.state = MessageState.FAILED                          # a wrong number, say
    rsvp.email = "late@example.com"                          # the organizer added an address afterwards
    db.session.commit()
    login_as("organizer")
    page = client.get(f"/manage/events/{seoul_event.slug}/messages", headers=EN).get_data(as_text=True)
    assert "Late Email" in page and "Send the ticket" in page
    response = client.post(f"/manage/events/{seoul_event.slug}/households/{rsvp.id}/send-ticket",
                           headers=EN, follow_redirects=True)
    assert "The message is sent." in response.get_data(as_text=True)
    [message] = db.session.scalars(select(OutboundMessage).where(OutboundMessage.rsvp_id == rsvp.id,
                                                                 OutboundMessage.channel == "email"))
    assert (message.kind, message.state, message.recipient) == (
        MessageKind.TICKET, MessageState.SENT, "late@example.com")


def test_sending_a_ticket_to_a_cancelled_household_is_refused_with_a_message(
        client, login_as, seoul_event, make_rsvp):
    from showcase.events.rsvp_changes import cancel_rsvp

    rsvp = make_rsvp(seoul_event, email="gone@example.com")
    cancel_rsvp(rsvp.id)
    login_as("organizer")
    response = client.post(f"/manage/events/{seoul_event.slug}/households/{rsvp.id}/send-ticket",
                           headers=EN, follow_redirects=True)
    assert response.status_code == 200
    assert "Only a confirmed household has a ticket to send." in response.get_data(as_text=True)
    assert client.post(f"/manage/events/{seoul_event.slug}/households/999999/send-ticket").status_code == 404
