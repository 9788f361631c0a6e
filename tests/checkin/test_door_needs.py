"""The door sees what a household needs and whether it may be photographed, when it is admitted."""

from __future__ import annotations

from showcase.events.needs import Needs


def test_admitted_household_shows_its_needs_and_no_photos(make_event, make_rsvp, door_token, scan, ticket_url):
    event = make_event(offered_needs="wheelchair,stroller,allergy")
    family = make_rsvp(event, contact_name="김하늘", adults=2, children=1, photo_consent=False, locale="ko",
                       accessibility_needs="엘리베이터 옆 유모차 자리", needs=Needs(stroller=True, allergy="달걀"))
    photographed = make_rsvp(event, contact_name="박서준", photo_consent=True)
    token = door_token(event)
    body = scan(event, token, ticket_url(family)).get_json()
    assert body["result"] == "admitted"
    assert body["photo_consent"] is False
    assert body["needs"] == ["유모차", "알레르기: 달걀", "엘리베이터 옆 유모차 자리"]  # in the door's language
    other = scan(event, token, ticket_url(photographed)).get_json()
    assert other["photo_consent"] is True and other["needs"] == []
