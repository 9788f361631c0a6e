"""What makes the door screen work offline, as served: its contract attributes, the manifest,
the service worker under /door/, the CSP that lets them load, the print-the-list reminder before
the event, the door's name in one language, and the door list leaving the phone at sign-out."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

from flask_babel import force_locale

from showcase.auth.models import Role
from showcase.checkin.door_names import door_label
from showcase.database import utcnow
from showcase.extensions import db


def test_the_door_screen_carries_the_offline_contract_and_its_manifest(make_event, client, login_as):
    make_event(slug="offline-door", starts_at=utcnow() + timedelta(days=1), title_ko="함께 키우는 육아")
    login_as(Role.STAFF)
    html = client.get("/door/offline-door", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert 'id="door"' in html and 'data-offline-ready="false"' in html and 'data-pending="0"' in html
    assert 'rel="manifest" href="/door/offline-door/manifest.webmanifest"' in html
    assert 'data-sw="/door/sw.js"' in html and 'data-sw-scope="/door/"' in html
    assert "print-reminder" in html and "/door/offline-door/list.pdf" in html   # the day before: print it

    manifest = client.get("/door/offline-door/manifest.webmanifest", headers={"Accept-Language": "ko"})
    assert manifest.mimetype == "application/manifest+json"
    body = manifest.get_json()
    assert body["start_url"] == "/door/offline-door" and body["display"] == "standalone"
    assert body["name"] == "입구: 함께 키우는 육아"
    assert {icon["sizes"] for icon in body["icons"]} == {"192x192", "512x512"}
    for icon in body["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200 and image.mimetype == "image/png"


def test_the_service_worker_is_served_from_door_with_a_csp_that_allows_it(client):
    with client.get("/door/sw.js") as response:
        assert response.status_code == 200 and response.mimetype == "text/javascript"
        assert "no-cache" in response.headers["Cache-Control"]
        assert 'self.addEventListener("fetch"' in response.get_data(as_text=True)
        csp = response.headers["Content-Security-Policy"]
    assert "worker-src 'self'" in csp and "manifest-src 'self'" in csp


def test_the_print_reminder_is_offered_before_the_event_only(make_event, client, login_as):
    make_event(slug="soon", starts_at=utcnow() + timedelta(hours=20))
    make_event(slug="started", starts_at=utcnow() - timedelta(minutes=5))
    login_as(Role.ORGANIZER)
    assert "print-reminder" in client.get("/manage/events/soon/households").get_data(as_text=True)
    assert "print-reminder" in client.get("/manage/events/soon/arrivals").get_data(as_text=True)
    assert "print-reminder" not in client.get("/manage/events/started/households").get_data(as_text=True)
    assert "print-reminder" not in client.get("/door/started").get_data(as_text=True)


def test_a_door_has_one_name_per_language(app):
    with app.test_request_context():
        for name in ("입구 1 Door 1", "Door 1", "입구 1", "door-1"):
            with force_locale("ko"):
                assert door_label(name) == "입구 1"
            with force_locale("en"):
                assert door_label(name) == "Door 1"
        with force_locale("en"):
            assert door_label("김직원") == "김직원" and door_label("Door 1 / 입구 2") == "Door 1 / 입구 2"


def test_the_door_screen_names_a_numbered_door_once(make_event, client, login_as):
    make_event(slug="named-door")
    staff = login_as(Role.STAFF)
    for name, korean, english in (("입구 1", "입구 1", "Door 1"), ("김직원", "입구: 김직원", "Door: 김직원")):
        staff.name = name
        db.session.commit()
        for language, caption in (("ko", korean), ("en", english)):
            html = client.get(f"/door/named-door?lang={language}").get_data(as_text=True)
            shown = re.search(r'<div class="door-title">.*?<span class="muted small">([^<]*)</span>', html, re.S)
            assert shown and shown.group(1) == caption, (name, language, shown and shown.group(1))


def test_signing_out_clears_the_door_list_and_the_page_from_the_phone(client, login_as):
    login_as(Role.STAFF)
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_a_waiting_household_scanned_with_a_client_id_gets_the_full_verdict(
        make_event, make_rsvp, door_token, scan, ticket_url):
    event = make_event(slug="waiting-key", capacity=2)
    make_rsvp(event, adults=2)
    waiting = make_rsvp(event, adults=1)
    body = scan(event, door_token(event), ticket_url(waiting), client_id=str(uuid.uuid4())).get_json()
    assert (body["result"], body["seats"], body["seats_free"], body["conflict"]) == ("waitlisted", 1, 0, False)


def test_the_door_screen_names_every_module_of_its_script_so_the_phone_stores_it(app, make_event, client, login_as):
    """The service worker stores what the page names: a module only imported would be missing offline."""
    make_event(slug="modules")
    login_as(Role.STAFF)
    html = client.get("/door/modules").get_data(as_text=True)
    preloaded = set(re.findall(r'<link rel="modulepreload" href="/static/js/door/([\w-]+\.js)">', html))
    modules = {path.name for path in (Path(app.static_folder) / "js" / "door").glob("*.js")}
    assert preloaded == modules and "main.js" in modules
    assert '<script type="module" src="/static/js/door/main.js"></script>' in html
    for name in modules:
        with client.get(f"/static/js/door/{name}") as response:
            assert response.status_code == 200 and response.mimetype == "text/javascript"
