"""A peer's tool checks the API: schemathesis fuzzes every operation of /api/v1/openapi.json, as
an anonymous client and as a door device, on the suite's database (SQLite, or PostgreSQL with
SHOWCASE_TEST_DATABASE_URL). Every answer must be a documented status, match its schema and
carry its documented headers; none may be a server error.

Excluded: ``positive_data_acceptance`` (a schema-valid body must be accepted). Rules no schema
can state answer 422 with field errors, as documented: a real Korean phone number, phone or
email, the party fitting the event's largest party.

schemathesis's own pytest plugin does not run under pytest 9, so each operation's case strategy
is drawn here with hypothesis directly; the checks are schemathesis's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

import showcase
from showcase.api.openapi import openapi_document
from showcase.checkin.doors import issue_door_token

SHOWCASE = Path(showcase.__file__).resolve().parent
#: a few examples per operation keep the run in seconds; CI runs it on both databases
MAX_EXAMPLES = 15
#: every operation of the document, read from the frame and each domain's fragment
OPERATIONS = sorted(f"{method.upper()} {path}"
                    for path, item in openapi_document("http://x", sorted(SHOWCASE.glob("*/openapi.json")))["paths"].items()
                    for method in item if method in ("get", "post", "put", "patch", "delete"))
FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture
def app_config() -> dict:
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def fuzzed_event(app, make_event, make_rsvp):
    """A real event with households, so fuzzed bodies reach the services, not only 404s."""
    event = make_event(communities=2)
    make_rsvp(event, adults=2, children=1)
    return event


def _operation(app, label: str):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    method, path = label.split(" ", 1)
    return schema[path][method]


def _fuzz(app, label: str, event, headers: dict | None = None) -> None:
    operation = _operation(app, label)

    @given(case=operation.as_strategy())
    @FUZZ
    def run(case) -> None:
        if "slug" in (case.path_parameters or {}):
            case.path_parameters["slug"] = event.slug  # aim at a real event: fuzzed bodies reach the services
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    run()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_api_anonymously(app, fuzzed_event, operation):
    _fuzz(app, operation, fuzzed_event)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_api_as_a_door_device(app, fuzzed_event, operation):
    token = issue_door_token(fuzzed_event, "Fuzz door")[1]
    _fuzz(app, operation, fuzzed_event, {"Authorization": f"Bearer {token}"})


def test_the_document_is_exact_where_the_fuzzer_cannot_tell(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    checkin = schemas["CheckinRequest"]
    assert {"required": ["code"]} in checkin["anyOf"]
    assert schemas["RsvpRequest"]["properties"]["name"]["minLength"] == 1
    assert schemas["WalkIn"]["properties"]["name"]["minLength"] == 1
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert "400" in operation["responses"], f"{method.upper()} {path} has no documented 400"


@pytest.mark.parametrize("method, path, allowed", [
    ("put", "/api/v1/events/some-event", "GET"), ("get", "/api/v1/events/some-event/checkins", "POST"),
    ("patch", "/api/v1/rsvps/abc", "DELETE"), ("delete", "/login", "POST")])
def test_405_answers_carry_allow(client, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert allowed in [m.strip() for m in response.headers["Allow"].split(",")]
