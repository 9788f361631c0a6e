"""Who may open what: every rule of ``app.url_map`` is classified here and requested as each role.

The roles are anonymous, a family holding its manage (and ticket) link, a team holding its upload
link, a door device holding its bearer token, and signed-in judge, staff and organizer accounts. A
route nobody classified fails the test, so a new organizer page cannot ship without its guard.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import time

import pytest
from flask import Flask, url_for
from sqlalchemy import select

from showcase.auth.models import Role, User
from showcase.auth.sessions import start_session
from showcase.checkin.core import admit_household
from showcase.checkin.doors import Door, issue_door_token
from showcase.checkin.models import Admission
from showcase.events.rsvp_tokens import manage_token, ticket_token
from showcase.extensions import db
from showcase.judging.panel import invite_judge, record_conflict
from showcase.program.models import ItemKind
from showcase.program.services import ItemInput, add_item
from showcase.storage import media_storage
from showcase.submissions.links import issue_link
from showcase.tickets.models import OutboundMessage
from tests.judging.factories import make_entries, make_rubric

ROLES = ("anonymous", "family", "team", "door", "judge", "staff", "organizer")

EVERYONE = frozenset(ROLES)
ORGANIZER = frozenset({"organizer"})
DOOR_STAFF = frozenset({"staff", "organizer"})
DOOR_API = frozenset({"door", "staff", "organizer"})
JUDGE = frozenset({"judge"})
FAMILY = frozenset({"family"})
TEAM = frozenset({"team"})


@dataclass(frozen=True)
class Rule:
    """Who gets through, and (for token routes) which kind of link fills ``<token>``."""

    allowed: frozenset[str]
    token: str | None = None
    #: public pages that answer 404 until the organizer publishes them
    gated: bool = False


#: endpoint → who may use it. Organizer pages are the default suspicion: list them all explicitly.
EXPECTED: dict[str, Rule] = {
    "static": Rule(EVERYONE),
    "health.healthz": Rule(EVERYONE),
    "auth.login": Rule(EVERYONE),
    "auth.logout": Rule(EVERYONE),
    "auth.change_password_view": Rule(frozenset({"judge", "staff", "organizer"})),
    "events.index": Rule(EVERYONE),
    "events.show": Rule(EVERYONE),
    "events.set_language": Rule(EVERYONE),
    "events.manage_rsvp": Rule(FAMILY, token="manage"),
    "events.cancel_rsvp": Rule(FAMILY, token="manage"),
    "events.change_details": Rule(FAMILY, token="manage"),
    "events.favicon": Rule(EVERYONE),
    "api.openapi": Rule(EVERYONE),
    "api.get_event": Rule(EVERYONE),
    "api.create_rsvp": Rule(EVERYONE),
    "api.cancel_rsvp": Rule(FAMILY, token="manage"),
    "api.create_link_request": Rule(EVERYONE),         # always 202: says nothing of who registered
    "tickets_links.request_links": Rule(EVERYONE),     # the page form of the same
    "tickets_links.text_reports": Rule(EVERYONE, gated=True),  # delivery reports: 404 until a webhook secret is set, then signed
    "tickets.ticket": Rule(FAMILY, token="ticket"),
    "tickets.calendar_file": Rule(FAMILY, token="ticket"),
    "tickets.qr_png": Rule(FAMILY, token="ticket"),
    "tickets.qr_svg": Rule(FAMILY, token="ticket"),
    "tickets.ticket_pdf": Rule(FAMILY, token="ticket"),
    "submissions.team_page": Rule(TEAM, token="team"),
    "submissions.team_status": Rule(TEAM, token="team"),
    "submissions.team_video": Rule(TEAM, token="team"),
    "submissions.team_poster": Rule(TEAM, token="team"),
    "submissions.upload": Rule(TEAM, token="team"),
    # entries still in judging: organizers watch them here; judges through their entry page's route
    "submissions.video": Rule(ORGANIZER),
    "submissions.poster": Rule(ORGANIZER),
    "judging.gallery": Rule(EVERYONE, gated=True),
    "program.program_page": Rule(EVERYONE, gated=True),
    "program.program_pdf": Rule(EVERYONE, gated=True),
    "program.poster": Rule(EVERYONE, gated=True),
    "judging.home": Rule(JUDGE),
    "judging.queue": Rule(JUDGE),
    "judging.entry": Rule(JUDGE),
    "judging.conflict": Rule(JUDGE),
    "judging.entry_video": Rule(JUDGE),
    "judging.entry_poster": Rule(JUDGE),
    "checkin.choose_event": Rule(DOOR_STAFF),
    "checkin.door": Rule(DOOR_STAFF),
    "checkin.door_list_file": Rule(DOOR_STAFF),
    "checkin.paper": Rule(DOOR_STAFF),
    "checkin.dashboard": Rule(ORGANIZER),
    "checkin.revoke_door_device": Rule(ORGANIZER),
    "checkin.conflict_checked": Rule(ORGANIZER, gated=True),  # 404 unless the admission is a conflict to check
    "checkin.service_worker": Rule(EVERYONE),   # the door's service worker script: code, no data
    "checkin.manifest": Rule(EVERYONE),         # the door screen's web app manifest: the event's public title
    "checkin_api.checkins": Rule(DOOR_API),
    "checkin_api.undo": Rule(DOOR_API),
    "checkin_api.attendance_view": Rule(DOOR_API),
    "checkin_api.households": Rule(DOOR_API),
    "checkin_api.walk_ins": Rule(DOOR_API),
    "checkin_api.fewer": Rule(DOOR_API),
    "checkin_api.door_list_copy": Rule(DOOR_API),
    "privacy.notice": Rule(EVERYONE),
    "privacy.delete_my_data": Rule(FAMILY, token="manage"),
}
#: every endpoint of these blueprints is for organizers only
ORGANIZER_BLUEPRINTS = ("events_manage", "tickets_manage", "submissions_manage", "judging_manage",
                        "judging_results", "judging_assignment", "program_manage", "privacy_manage", "console")
#: endpoints of organizer blueprints that are known (a stale name here fails too)
ORGANIZER_ENDPOINTS = {
    "events_manage": {"index", "new_event", "edit_event", "households", "households_csv", "edit_household",
                      "cancel_household", "promote_household", "add_household"},
    "tickets_manage": {"send_ticket", "messages", "resend"},
    "submissions_manage": {"review_grid", "download_original", "review_entry", "settings", "teams", "edit_team",
                           "issue_link", "revoke_link", "import_teams", "download_earlier_original",
                           "earlier_video"},
    "judging_manage": {"setup", "add_conflict", "delete_conflict", "add_criterion", "remove_criterion", "invite",
                       "uninvite", "options"},
    "judging_assignment": {"choose", "rebalance_now"},
    "judging_results": {"results", "lock", "unlock", "decide_tie", "move", "scores_csv", "screening",
                        "screening_package", "screening_video", "screening_poster", "publish"},
    "privacy_manage": {"retention"},
    "console": {"home", "event_overview", "rsvps_over_time", "duplicate", "archive", "audit_log",
                "event_audit_log"},
    "program_manage": {"editor", "download", "edit_item", "remove_item", "move", "new_item", "order", "preview",
                       "publish", "save_settings", "unpublish"},
}
for _blueprint, _names in ORGANIZER_ENDPOINTS.items():
    for _name in _names:
        EXPECTED[f"{_blueprint}.{_name}"] = Rule(ORGANIZER)
#: organizer media that exists only once there is something to serve (an earlier version, locked finalists)
for _endpoint in ("submissions_manage.download_earlier_original", "submissions_manage.earlier_video",
                  "judging_results.screening_video", "judging_results.screening_poster"):
    EXPECTED[_endpoint] = Rule(ORGANIZER, gated=True)

#: URL values that are not ids of rows in the world
FIXED_VALUES = {"filename": "css/app.css", "code": "en", "kind": "csv", "order": 1, "number": 1}
#: allowed requests that render PDFs are checked once (GET), not for every method
SLOW_ENDPOINTS = {"program_manage.download", "tickets.ticket_pdf", "program.program_pdf"}


@dataclass
class World:
    """One event with a row of every kind a URL can name, and each role's credentials."""

    values: dict[str, object]
    tokens: dict[str, str]
    users: dict[str, User] = field(default_factory=dict)


def build_world(make_event, make_rsvp, make_user, users: dict[str, User] | None = None) -> World:
    """A fully furnished event: RSVPs, a message, teams with an entry, a rubric, a judge with a conflict,
    a program item, a door device and an admission."""
    users = users or {role: make_user(Role(role)) for role in ("judge", "staff", "organizer")}
    event = make_event(communities=3)
    family = make_rsvp(event, adults=2, children=1, email="family@example.com")
    other = make_rsvp(event, adults=1)
    team = event.communities[0]
    team_url = issue_link(team)
    entries = make_entries(event)
    storage = media_storage()
    for entry in entries:
        for key in (f"{entry.media_prefix}/video.mp4", f"{entry.media_prefix}/poster.jpg", entry.original_path):
            with storage.temp_file() as temp:
                temp.write_bytes(b"\xff\xd8 media bytes")
                storage.save_from_temp(temp, key)
        entry.transcoded_path = f"{entry.media_prefix}/video.mp4"
        entry.poster_path = f"{entry.media_prefix}/poster.jpg"
    criterion = make_rubric(event)[0]
    judge = users["judge"]
    invite_judge(event, judge)
    conflict = record_conflict(event, judge, event.communities[2], "이웃", users["organizer"])
    item = add_item(event, ItemInput(kind=ItemKind.PERFORMANCE, start_time=time(11, 0), title_ko="합창",
                                     title_en="Choir"))
    spare_device, _spare_token = issue_door_token(event, "Door 9")
    _device, door_token = issue_door_token(event, "Door 1")
    admit_household(event, other.id, Door(name="Door 2", user_id=users["staff"].id))
    db.session.commit()
    message = db.session.scalar(select(OutboundMessage).where(OutboundMessage.event_id == event.id)
                                .order_by(OutboundMessage.id))
    admission = db.session.scalar(select(Admission).where(Admission.event_id == event.id))
    values = {"slug": event.slug, "rsvp_id": other.id, "submission_id": entries[0].id,
              "team_id": team.id, "criterion_id": criterion.id, "judge_id": judge.id,
              "conflict_id": conflict.id, "item_id": item.id, "message_id": message.id,
              "admission_id": admission.id, "event_id": event.id, "device_id": spare_device.id, **FIXED_VALUES}
    tokens = {"manage": manage_token(family), "ticket": ticket_token(family),
              "team": team_url.rsplit("/", 1)[-1], "door": door_token}
    return World(values, tokens, users)


HELD = {"family": ("manage", "ticket"), "team": ("team",), "door": ("door",)}


def token_for(role: str, kind: str, world: World) -> str:
    """The role's own link of ``kind``; else the link it does hold (tried in the wrong place); else a guess."""
    held = HELD.get(role, ())
    if kind in held:
        return world.tokens[kind]
    if held:
        return world.tokens[held[0]]
    return secrets.token_urlsafe(32)


def outcome(response) -> str:
    """allowed, refused (401/403, sent to sign in, or 404), or error (5xx)."""
    if response.status_code >= 500:
        return "error"
    if response.status_code in (401, 403, 404):
        return "refused"
    if response.status_code in (301, 302, 303, 307, 308) and "/login" in response.headers.get("Location", ""):
        return "refused"
    return "allowed"


def classify(app: Flask) -> tuple[dict[str, Rule], list[str]]:
    """The rule for every endpoint, and the endpoints nobody classified."""
    rules, missing = {}, []
    for rule in app.url_map.iter_rules():
        expected = EXPECTED.get(rule.endpoint)
        if expected is None:
            missing.append(f"{rule.endpoint} {rule.rule}")
        else:
            rules[rule.endpoint] = expected
    return rules, sorted(missing)


def test_every_route_is_classified(app: Flask):
    _rules, missing = classify(app)
    assert not missing, "Classify these routes in tests/test_authorization_matrix.py:\n" + "\n".join(missing)
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    stale = sorted(set(EXPECTED) - endpoints)
    assert not stale, f"These classified endpoints no longer exist: {stale}"


def test_organizer_blueprints_are_all_organizer_only(app: Flask):
    """An endpoint added to an organizer blueprint is for organizers, whatever its author thought."""
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".", 1)[0]
        if blueprint in ORGANIZER_BLUEPRINTS:
            assert EXPECTED.get(rule.endpoint, Rule(ORGANIZER)).allowed == ORGANIZER, rule.endpoint


def _sign_in(client, user: User | None) -> None:
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = str(user.id)
            session["sid"] = start_session(user)  # a live server-side session
            session["_fresh"] = True


def _requests(app: Flask):
    """(rule, method) pairs: reads first, then writes, so a write cannot hide a later read."""
    pairs = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            pairs.append((rule, method))
    return sorted(pairs, key=lambda p: (p[1] != "GET", p[0].rule, p[1]))


def walk(app: Flask, client, role: str, users: dict[str, User], new_world) -> list[str]:
    """Request every classified (rule, method) as ``role``; the requests whose outcome is wrong."""
    rules, _missing = classify(app)
    shared = new_world()
    user = users.get(role)
    wrong = []
    for rule, method in _requests(app):
        expected = rules.get(rule.endpoint)
        if expected is None:
            continue  # reported by test_every_route_is_classified
        allowed = role in expected.allowed
        if allowed and method != "GET" and rule.endpoint in SLOW_ENDPOINTS:
            continue
        # a write that is let through changes its world: give it a fresh one
        world = new_world() if allowed and method != "GET" else shared
        values = {name: world.values[name] for name in rule.arguments if name != "token"}
        if "token" in rule.arguments:
            values["token"] = token_for(role, expected.token or "manage", world)
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        headers = {"Accept-Language": "ko"}
        if role == "door":
            headers["Authorization"] = f"Bearer {world.tokens['door']}"
        _sign_in(client, user)
        kwargs = {"json": {}} if rule.endpoint.startswith(("api.", "checkin_api.")) and method != "GET" else {}
        response = client.open(url, method=method, headers=headers, **kwargs)
        got = outcome(response)
        response.close()
        if got == "error":
            wrong.append(f"{method} {url} ({rule.endpoint}): {response.status_code}")
        elif allowed and got != "allowed" and not (expected.gated and response.status_code == 404):
            wrong.append(f"{method} {url} ({rule.endpoint}): refused with {response.status_code}, should be allowed")
        elif not allowed and got != "refused":
            wrong.append(f"{method} {url} ({rule.endpoint}): let through with {response.status_code}")
    return wrong


@pytest.fixture
def staff_users(make_user) -> dict[str, User]:
    return {r: make_user(Role(r)) for r in ("judge", "staff", "organizer")}


@pytest.mark.slow   # every route for every role: the largest test in the suite
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_routes(app: Flask, client, make_event, make_rsvp, make_user, staff_users,
                                           role: str):
    wrong = walk(app, client, role, staff_users, lambda: build_world(make_event, make_rsvp, make_user, staff_users))
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


@pytest.mark.slow
def test_a_new_unguarded_organizer_route_is_caught(app: Flask, client, make_event, make_rsvp, make_user,
                                                   staff_users, monkeypatch):
    """The matrix does its job: an unclassified route is listed, and a forgotten guard is let-through."""
    app.add_url_rule("/manage/events/<slug>/export-everything", "leaky.export", lambda slug: "all the phones")
    _rules, missing = classify(app)
    assert missing == ["leaky.export /manage/events/<slug>/export-everything"]
    monkeypatch.setitem(EXPECTED, "leaky.export", Rule(ORGANIZER))
    wrong = walk(app, client, "judge", staff_users, lambda: build_world(make_event, make_rsvp, make_user, staff_users))
    assert wrong == ["GET /manage/events/event-1/export-everything (leaky.export): let through with 200"]
