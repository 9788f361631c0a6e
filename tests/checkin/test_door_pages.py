"""Door pages: the screen for staff, the organizer's dashboard, the paper list and its entry,
no-show release, and the door-token command."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import func, select

from showcase.auth.models import Role
from showcase.checkin import signals
from showcase.checkin.codes import short_code
from showcase.checkin.models import Admission, DoorDevice, NoShowRelease
from showcase.database import utcnow
from showcase.events.models import RsvpStatus
from showcase.events.needs import Needs, need_words
from showcase.extensions import db
from showcase.tokens import token_hash


def test_door_screen_is_for_staff_and_organizers_only(make_event, client, login_as):
    event = make_event(slug="door-test")
    assert client.get("/door/door-test").status_code == 302          # to the login page
    login_as(Role.JUDGE)
    assert client.get("/door/door-test").status_code == 403
    login_as(Role.STAFF)
    page = client.get("/door/door-test", headers={"Accept-Language": "ko"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "vendor/jsqr/jsQR.js" in html and 'data-api="/api/v1/events/door-test"' in html
    assert "<script>" not in html                                       # no inline script (CSP)
    assert "door-test" in client.get("/door/").get_data(as_text=True)
    assert event.slug


def test_printed_door_list_pdf_and_csv_with_short_codes(make_event, make_rsvp, client, login_as):
    event = make_event(slug="paper-list", capacity=3, offered_needs="stroller,allergy")
    kim = make_rsvp(event, contact_name="김하늘", adults=2, children=1, phone="010-1234-5678", photo_consent=True,
                    needs=Needs(stroller=True, allergy="달걀"))
    waiting = make_rsvp(event, contact_name="Smith", adults=1)  # no photo consent given
    login_as(Role.STAFF)
    csv_response = client.get("/door/paper-list/list.csv?lang=ko")
    assert csv_response.status_code == 200
    text = csv_response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:7] == [short_code(kim), "김하늘", "5678", "2", "1", "0", "3"]
    assert rows[1][8:10] == [" · ".join(need_words(kim)), ""] and "달걀" in rows[1][8]
    assert rows[2][0] == short_code(waiting) and rows[2][-1] == "waitlisted" and rows[2][8:10] == ["", "촬영 안 함"]

    pdf = client.get("/door/paper-list/list.pdf?lang=ko")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    page_text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "김하늘" in page_text and short_code(kim) in page_text and "출입 명단" in page_text
    assert "달걀" in page_text and "촬영 안 함" in page_text  # the door screen's needs and no-photos marker


def test_paper_admissions_are_entered_all_or_nothing(make_event, make_rsvp, client, login_as):
    event = make_event(slug="paper-entry", starts_at=utcnow() - timedelta(hours=1))
    kim = make_rsvp(event, contact_name="김하늘", adults=2, children=2, source="organizer")
    lee = make_rsvp(event, contact_name="이서연", adults=1, source="organizer")
    login_as(Role.STAFF)
    bad = client.post("/door/paper-entry/paper",
                      data={"lines": f"{short_code(kim)} 3\nZZZZZZ 1\n{short_code(lee)} 5"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "ZZZZZZ" in html and "Line 2" in html or "2번째 줄" in html
    assert db.session.scalar(select(func.count(Admission.id))) == 0      # nothing recorded
    good = client.post("/door/paper-entry/paper",
                       data={"lines": f"{short_code(kim).lower()} 3\n{short_code(lee)}"}, follow_redirects=True)
    assert good.status_code == 200, good.get_data(as_text=True)[-3000:]
    admissions = db.session.scalars(select(Admission).order_by(Admission.rsvp_id)).all()
    assert [(a.rsvp_id, a.people, a.method) for a in admissions] == [(kim.id, 3, "paper"), (lee.id, 1, "paper")]


def test_no_shows_are_released_at_the_chosen_time_and_told(app, make_event, make_rsvp, login_as, client):
    from showcase.checkin.core import admit_household
    from showcase.checkin.doors import Door
    from showcase.checkin.jobs import release_due_no_shows

    start = utcnow() - timedelta(minutes=30)
    event = make_event(slug="no-shows", capacity=5, starts_at=start)
    came = make_rsvp(event, adults=2, source="organizer")
    stayed_home = make_rsvp(event, adults=3, source="organizer")
    waiting = make_rsvp(event, adults=1, source="organizer")
    assert waiting.status == RsvpStatus.WAITLISTED
    admit_household(event, came.id, Door(name="Door 1"), 1)
    told: list[int] = []

    def listener(_app, rsvp_id: int) -> None:
        told.append(rsvp_id)

    signals.no_show_released.connect(listener)

    login_as(Role.ORGANIZER)
    too_early = (start - timedelta(minutes=5)).astimezone().strftime("%Y-%m-%dT%H:%M")
    assert client.post("/manage/events/no-shows/arrivals", data={"release_at": too_early}).status_code == 200
    release_at = (start + timedelta(minutes=10)).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Seoul"))
    client.post("/manage/events/no-shows/arrivals", data={"release_at": release_at.strftime("%Y-%m-%dT%H:%M")})
    release_due_no_shows()                               # its time has come: the periodic job releases

    db.session.expire_all()
    assert db.session.get(type(stayed_home), stayed_home.id).status == RsvpStatus.CANCELLED
    assert db.session.get(type(came), came.id).status == RsvpStatus.CONFIRMED
    assert db.session.get(type(waiting), waiting.id).status == RsvpStatus.WAITLISTED   # not promoted
    assert told == [stayed_home.id]
    assert db.session.scalar(select(NoShowRelease.seats)) == 3
    page = client.get("/manage/events/no-shows/arrivals").get_data(as_text=True)
    assert "no-shows" in page
    release_due_no_shows()
    assert told == [stayed_home.id]                      # once only
    signals.no_show_released.disconnect(listener)


def test_door_token_command_prints_a_token_whose_hash_only_is_stored(app, make_event, runner):
    event = make_event(slug="token-event")
    result = runner.invoke(args=["door-token", "token-event", "--name", "Door 2"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    device = db.session.scalar(select(DoorDevice))
    assert device.name == "Door 2" and device.event_id == event.id
    assert device.token_hash == token_hash(token) and token not in device.token_hash
    missing = runner.invoke(args=["door-token", "nope", "--name", "Door 2"])
    assert missing.exit_code != 0 and "nope" in missing.output


def test_short_codes_typed_from_paper_forgive_lookalike_digits_and_dashes():
    from showcase.checkin.codes import normalize_short_code

    assert normalize_short_code(" 0ye-cjx ") == "OYECJX"
    assert normalize_short_code("1b8 q2z") == "IBBQ2Z"
