"""The access guard and Flask's automatic OPTIONS answer."""

from __future__ import annotations


def test_options_names_the_methods_without_a_sign_in_and_without_running_the_view(client, make_event):
    event = make_event()
    for url, allowed in ((f"/door/{event.slug}", "GET"), (f"/api/v1/events/{event.slug}/checkins", "POST"),
                         ("/manage/", "GET")):
        response = client.open(url, method="OPTIONS")
        assert response.status_code == 200 and allowed in response.headers["Allow"]
        assert response.get_data() == b""
    assert client.get("/manage/").status_code == 302          # the view itself still asks to sign in
    assert client.post(f"/api/v1/events/{event.slug}/checkins").status_code == 401
