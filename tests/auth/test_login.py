"""Signing in and out, roles, CSRF and the login rate limit."""

from __future__ import annotations

import re

import pytest

from showcase.auth.models import Role
from tests.conftest import PASSWORD


def test_organizer_signs_in_and_lands_on_the_console(client, make_user):
    user = make_user(Role.ORGANIZER, email="boss@example.com")
    response = client.post("/login", data={"email": "Boss@Example.com ", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/console")
    assert client.get("/manage/console").status_code == 200
    client.post("/logout")
    assert client.get("/manage/console").status_code == 302
    assert user.check_password(PASSWORD) and user.password_hash != PASSWORD


def test_wrong_password_is_refused_in_korean(client, make_user):
    make_user(Role.STAFF, email="door@example.com")
    response = client.post("/login", data={"email": "door@example.com", "password": "wrong"},
                           headers={"Accept-Language": "ko"})
    assert response.status_code == 200
    assert "이메일과 비밀번호가 일치하는 계정이 없습니다" in response.get_data(as_text=True)


def test_next_parameter_never_leaves_the_site(client, make_user):
    make_user(Role.ORGANIZER, email="o@example.com")
    response = client.post("/login?next=https://evil.example/x", data={"email": "o@example.com", "password": PASSWORD})
    assert response.headers["Location"].endswith("/manage/console")
    response = client.post("/login?next=/manage/events/new", data={"email": "o@example.com", "password": PASSWORD})
    assert response.headers["Location"].endswith("/manage/events/new")


class TestWithCsrfAndLimits:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "3 per minute"}

    def test_forms_without_a_csrf_token_are_refused(self, client, make_event):
        event = make_event()
        response = client.post(f"/events/{event.slug}", data={"contact_name": "x", "adults": "1"},
                               headers={"Accept-Language": "ko"})
        assert response.status_code == 400
        assert "페이지를 새로 고친 뒤 다시 시도해 주세요" in response.get_data(as_text=True)
        assert event.rsvps == []

    def test_login_is_rate_limited(self, client):
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = {"email": "a@b.c", "password": "guess", "csrf_token": token}
        statuses = [client.post("/login", data=data).status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
