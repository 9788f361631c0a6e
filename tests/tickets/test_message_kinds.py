"""Every message kind has its whole row: log name, email, text with fillable variables, both languages."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from showcase.tickets.kinds import KINDS, TEXT_VARIABLES, KindWording
from showcase.tickets.models import KIND_NAME_MAX, MessageKind, OutboundMessage
from showcase.tickets.texting import compose

WORDED = ("label", "headline", "email_intro", "text", "text_subject")
HOLE = re.compile(r"#\{[a-z_]+\}")


def test_every_kind_has_a_row_and_fits_its_column():
    assert set(KINDS) == set(MessageKind)
    assert all(isinstance(row, KindWording) for row in KINDS.values())
    assert all(len(kind.value) <= KIND_NAME_MAX for kind in MessageKind)


@pytest.mark.parametrize("kind", list(MessageKind), ids=str)
def test_each_kind_is_worded_in_korean_and_english(app, kind):
    row = KINDS[kind]
    with app.test_request_context():
        for name in WORDED:
            with force_locale("en"):
                english = str(getattr(row, name))
            with force_locale("ko"):
                korean = str(getattr(row, name))
            assert english.strip(), f"{kind}: no {name}"
            assert korean.strip() and korean != english, f"{kind}: {name} has no Korean translation"
            assert re.search(r"[가-힣]", korean), f"{kind}: {name} in Korean has no Korean letters"


@pytest.mark.parametrize("kind", list(MessageKind), ids=str)
def test_each_text_uses_only_variables_that_are_filled_in(app, kind):
    with app.test_request_context():
        holes = {locale: set(HOLE.findall(compose.template_text(kind, locale))) for locale in ("en", "ko")}
    assert holes["en"], f"{kind}: its text names nothing of the household"
    assert holes["en"] <= set(TEXT_VARIABLES)
    # an Alimtalk template registered in Korean takes the same variables as the English one
    assert holes["ko"] == holes["en"]


def test_the_variables_a_text_may_use_are_the_ones_filled_in(app, make_event, make_rsvp):
    event = make_event()
    rsvp = make_rsvp(event, email="family@example.com")
    with app.test_request_context():
        filled = compose._variables(rsvp, event, "ko")
        assert set(filled) == set(TEXT_VARIABLES)
        message = OutboundMessage(event_id=event.id, rsvp_id=rsvp.id, kind=MessageKind.CONFIRMED,
                                  channel="text", locale="ko", recipient=rsvp.phone)
        message.rsvp = rsvp
        for kind in MessageKind:
            message.kind = kind
            assert "#{" not in compose.compose_text(message).text, f"{kind}: a hole left unfilled"


@pytest.mark.parametrize("kind", list(MessageKind), ids=str)
def test_each_email_intro_can_be_filled_in(app, kind):
    with app.test_request_context():
        for locale in ("en", "ko"):
            with force_locale(locale):
                intro = str(KINDS[kind].email_intro) % {"position": 3}
            assert "%(" not in intro
