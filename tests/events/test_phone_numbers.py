"""Phone numbers: the real Korean spellings are kept; letters, landlines and foreign numbers refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from showcase.events.contacts import normalize_phone
from showcase.events.models import Rsvp
from showcase.extensions import db

EN = {"Accept-Language": "en"}


@pytest.mark.parametrize("written", ["010-1234-5678", "01012345678", "+82 10-1234-5678", "010 1234 5678",
                                     "010.1234.5678", "(010) 1234-5678", "+821012345678"])
def test_the_usual_spellings_of_a_korean_mobile_number_are_one_number(written):
    assert normalize_phone(written) == "+821012345678"


@pytest.mark.parametrize("written", [
    "010-abcd-5678",      # keypad letters would become 2223
    "010-1234-567O",      # a letter O for a zero would lose a digit
    "010-1234-5678 ext",  # words
    "010/1234/5678",      # other signs
    "010_1234_5678",
    "010-1234-5678+",     # + only in front
    "051-888-1234",       # a Busan landline
    "02-312-3456",        # a Seoul landline
    "+1 415 555 2671",    # a US number
    "+81 90-1234-5678",   # a Japanese mobile
    "010-1234-56",        # too short
])
def test_letters_signs_landlines_and_foreign_numbers_are_refused(written):
    with pytest.raises(ValueError):
        normalize_phone(written)


def test_the_form_refuses_a_number_with_letters_and_names_the_accepted_forms(client, make_event):
    event = make_event()
    for written in ("010-abcd-5678", "051-888-1234", "+1 415 555 2671"):
        response = client.post(f"/events/{event.slug}", headers=EN, data={
            "contact_name": "Kim", "phone": written, "adults": 1, "children": 0, "infants": 0})
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "010-1234-5678, 01012345678 or +82 10-1234-5678" in page
    korean = client.post(f"/events/{event.slug}", headers={"Accept-Language": "ko"}, data={
        "contact_name": "김", "phone": "010-abcd-5678", "adults": 1, "children": 0, "infants": 0})
    assert "010-1234-5678, 01012345678, +82 10-1234-5678" in korean.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Rsvp)) == 0


def test_the_api_refuses_a_number_with_letters_as_a_field_error(client, make_event):
    event = make_event()
    response = client.post(f"/api/v1/events/{event.slug}/rsvps", headers=EN,
                           json={"name": "Kim", "phone": "010-1234-567O", "adults": 1})
    assert response.status_code == 422
    assert "+82 10-1234-5678" in response.get_json()["fields"]["phone"]
    assert db.session.scalar(select(func.count()).select_from(Rsvp)) == 0
