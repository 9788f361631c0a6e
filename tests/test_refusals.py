"""How a refused request is answered: the API contract's JSON error to programs, a page to people,
whichever view refused it, and the household's contact person is ``name`` in every JSON error."""

from __future__ import annotations

from urllib.parse import quote

from showcase.submissions.links import issue_link


def _is_api_error(response, status: int, code: str) -> dict:
    assert response.status_code == status and response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"] == code and isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fields"], dict)
    return body


def test_a_judge_off_the_panel_gets_a_page_and_a_json_client_the_api_error(client, login_as, make_event):
    event = make_event()
    login_as("judge")
    page = client.get(f"/judge/{event.slug}/", headers={"Accept-Language": "en"})
    assert page.status_code == 403 and page.mimetype == "text/html"
    assert "You are not on this event&#39;s judging panel." in page.get_data(as_text=True)
    asked_for_json = client.get(f"/judge/{event.slug}/", headers={"Accept": "application/json"})
    _is_api_error(asked_for_json, 403, "not_invited")


def test_an_upload_refusal_is_json_even_without_asking_for_it(client, make_event):
    event = make_event(communities=1)
    url = issue_link(event.communities[0])
    response = client.post(f"{url}/video", data=b"not a video", headers={
        "Content-Type": "video/mp4", "X-Upload-Details": quote("{not json"), "X-Upload-Filename": "a.mp4"})
    _is_api_error(response, 400, "bad_details")


def test_the_contact_person_is_name_in_the_rsvp_and_walk_in_errors(client, make_event, make_user):
    from showcase.checkin.doors import issue_door_token
    from showcase.extensions import db

    event = make_event()
    rsvp = client.post(f"/api/v1/events/{event.slug}/rsvps", json={"name": " ", "phone": "010-1234-5678",
                                                                    "adults": 1})
    listed = client.post(f"/api/v1/events/{event.slug}/rsvps", json={"name": ["a"], "phone": "010-1234-5678",
                                                                      "adults": 1})
    _device, token = issue_door_token(event, "Door 1")
    db.session.commit()
    walk_in = client.post(f"/api/v1/events/{event.slug}/walk-ins", json={"name": "", "adults": 1},
                          headers={"Authorization": f"Bearer {token}"})
    for response in (rsvp, listed, walk_in):
        fields = _is_api_error(response, 422, response.get_json()["error"])["fields"]
        assert "name" in fields and "contact_name" not in fields


def test_the_webhook_refuses_a_bad_signature_in_the_api_shape(app, client):
    app.config["TEXT_WEBHOOK_SECRET"] = "s3cret"
    response = client.post("/webhooks/text-reports", data=b"[]", headers={"X-Signature": "forged"})
    _is_api_error(response, 401, "bad_signature")
