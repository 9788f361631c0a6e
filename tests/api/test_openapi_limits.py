"""The API document states the same limits as the forms and the columns: all read events/field_limits.py."""

from __future__ import annotations

import pytest
from wtforms.validators import Length, NumberRange

from showcase.events import field_limits
from showcase.events.forms import RsvpForm
from showcase.events.models import Rsvp

#: API field → (form field, column or None, registry limit)
LENGTHS = {
    "name": ("contact_name", "contact_name", field_limits.CONTACT_NAME_MAX),
    "phone": ("phone", None, field_limits.PHONE_TYPED_MAX),  # stored as E.164, narrower
    "email": ("email", "email", field_limits.EMAIL_MAX),
    "accessibility_needs": ("accessibility_needs", "accessibility_needs", field_limits.ACCESSIBILITY_NEEDS_MAX),
}
COUNTS = ("adults", "children", "infants")


@pytest.fixture
def document(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def _validator(form, name: str, kind: type):
    return next(v for v in getattr(form, name).validators if isinstance(v, kind))


def test_rsvp_lengths_match_the_form_the_column_and_the_registry(app, document):
    properties = document["components"]["schemas"]["RsvpRequest"]["properties"]
    with app.test_request_context():
        form = RsvpForm(meta={"csrf": False})
        for api_name, (form_name, column, limit) in LENGTHS.items():
            assert properties[api_name]["maxLength"] == limit, api_name
            assert _validator(form, form_name, Length).max == limit, form_name
            if column:
                assert Rsvp.__table__.c[column].type.length == limit, column
    assert Rsvp.__table__.c["phone"].type.length == field_limits.PHONE_STORED_MAX


def test_rsvp_counts_match_the_form_and_the_registry(app, document):
    properties = document["components"]["schemas"]["RsvpRequest"]["properties"]
    with app.test_request_context():
        form = RsvpForm(meta={"csrf": False})
        for name in COUNTS:
            assert properties[name]["maximum"] == field_limits.MAX_PEOPLE_PER_COUNT, name
            counted = _validator(form, name, NumberRange)
            assert (counted.min, counted.max) == (properties[name]["minimum"], field_limits.MAX_PEOPLE_PER_COUNT)


def test_link_request_lengths_match_the_registry(document):
    body = document["paths"]["/events/{slug}/link-requests"]["post"]["requestBody"]
    properties = body["content"]["application/json"]["schema"]["properties"]
    assert properties["phone"]["maxLength"] == field_limits.PHONE_TYPED_MAX
    assert properties["email"]["maxLength"] == field_limits.EMAIL_MAX
