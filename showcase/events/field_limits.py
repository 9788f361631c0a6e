"""How long a household's answers may be and how many people a party may count, written once.

The model's column widths, the forms' validators (and so the pages' ``maxlength``, ``min`` and
``max``: WTForms renders them from the validators), the services' checks and the API document
(``showcase/api/openapi.json``, held to these by tests/api/test_openapi_limits.py) all read them.
"""

from __future__ import annotations

#: the contact person's name
CONTACT_NAME_MAX = 100
#: a phone number as typed (digits, spaces, dashes, dots, parentheses); it is stored as E.164
PHONE_TYPED_MAX = 30
#: the stored E.164 form: + and at most 15 digits, with room to spare
PHONE_STORED_MAX = 20
#: an email address (RFC 5321's longest path)
EMAIL_MAX = 254
#: anything else the household needs, in its own words
ACCESSIBILITY_NEEDS_MAX = 500
#: a child's allergy
ALLERGY_MAX = 200
#: the children's ages ("3, 5")
CHILDREN_AGES_MAX = 60
#: the guardian giving the photo consent
PHOTO_CONSENT_BY_MAX = 100
#: whom the photo consent covers
PHOTO_CONSENT_FOR_MAX = 200

#: adults, children or lap infants a household may count, each (an event's largest party bounds them further)
MAX_PEOPLE_PER_COUNT = 20
#: the largest party an organizer may allow per household
MAX_PARTY_SIZE = 3 * MAX_PEOPLE_PER_COUNT
