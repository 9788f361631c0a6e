"""Organizers' team pages: CSV import (all or nothing, per-row errors), adding by hand, upload links,
the window settings, the review grid; and the team-link command."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from sqlalchemy import select

from showcase.auth.models import Role
from showcase.events.models import Community
from showcase.extensions import db
from showcase.submissions.models import Eligibility, Submission, SubmissionSettings, TeamUploadLink

from .conftest import EN, fetch, fresh_request

HEADER_KO = "팀명,구,대표자,연락처,이메일,가구수\n"
HEADER_EN = "name,district,leader,phone,email,households\n"


def _import(client, event, text: str | bytes, headers=None):
    fresh_request()
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(f"/manage/events/{event.slug}/teams/import", headers=headers or {},
                       data={"file": (io.BytesIO(data), "teams.csv")}, content_type="multipart/form-data")


def _teams(event) -> list[Community]:
    db.session.expire_all()
    return list(db.session.scalars(select(Community).where(Community.event_id == event.id).order_by(Community.id)))


def test_csv_import_with_bom_and_korean_headers_adds_every_team(app, client, login_as, make_event):
    login_as(Role.ORGANIZER)
    event = make_event()
    text = "\ufeff" + HEADER_KO + "해운대 햇살 공동육아,해운대구,김하늘,010-1234-5678,Sky@Example.com,6\n" \
                                  "\"수영구 새싹, 2팀\",수영구,이바다,01098765432,,5\n"
    response = _import(client, event, text)
    assert response.status_code == 302
    teams = _teams(event)
    assert [(t.name, t.district, t.leader_name, t.leader_phone, t.leader_email, t.households) for t in teams] == [
        ("해운대 햇살 공동육아", "해운대구", "김하늘", "+821012345678", "sky@example.com", 6),
        ("수영구 새싹, 2팀", "수영구", "이바다", "+821098765432", "", 5)]


def test_csv_import_without_bom_and_english_headers(app, client, login_as, make_event):
    login_as(Role.ORGANIZER)
    event = make_event()
    assert _import(client, event, HEADER_EN + "Team A,Jung-gu,Kim,,,3\r\nTeam B,,,,,\r\n").status_code == 302
    assert [(t.name, t.households) for t in _teams(event)] == [("Team A", 3), ("Team B", 0)]


def test_csv_import_is_all_or_nothing_and_lists_each_bad_row(app, client, login_as, make_event):
    login_as(Role.ORGANIZER)
    event = make_event(communities=1)          # "공동체 1팀" exists
    text = HEADER_KO + ("좋은 팀,중구,,,,5\n"
                        ",중구,,,,5\n"                         # line 3: no name
                        "전화 팀,,,12345,,5\n"                  # line 4: bad phone
                        "메일 팀,,,,not-an-email,5\n"           # line 5: bad email
                        "가구 팀,,,,,다섯\n"                     # line 6: households not a number
                        "좋은 팀,,,,,1\n"                        # line 7: duplicate in the file
                        "공동체 1팀,,,,,1\n")                   # line 8: already a team
    response = _import(client, event, text)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "아무것도 가져오지 않았습니다" in page
    for line in ("<td class=\"num\">3</td>", "<td class=\"num\">4</td>", "<td class=\"num\">5</td>",
                 "<td class=\"num\">6</td>", "<td class=\"num\">7</td>", "<td class=\"num\">8</td>"):
        assert line in page
    assert "‘12345’은(는) 휴대폰 번호가 아닙니다" in page
    assert "2번째 줄에도 있습니다" in page
    assert [t.name for t in _teams(event)] == ["공동체 1팀"]     # nothing added


def test_csv_import_refuses_other_encodings_and_missing_headers_clearly(app, client, login_as, make_event):
    login_as(Role.ORGANIZER)
    event = make_event()
    response = _import(client, event, (HEADER_KO + "부산 팀,,,,,3\n").encode("cp949"))
    assert response.status_code == 422 and "UTF-8" in response.get_data(as_text=True)
    response = _import(client, event, "foo,bar\n1,2\n", headers=EN)
    assert "column is required" in response.get_data(as_text=True)
    response = _import(client, event, b"")
    assert response.status_code == 422
    assert _teams(event) == []


def test_organizer_adds_and_edits_a_team_by_hand(app, client, login_as, make_event):
    login_as(Role.ORGANIZER)
    event = make_event()
    response = client.post(f"/manage/events/{event.slug}/teams", data={
        "name": "  동래 도토리  ", "district": "동래구", "leader_name": "박엄마", "leader_phone": "010 2222 3333",
        "leader_email": "", "households": "7"})
    assert response.status_code == 302
    (team,) = _teams(event)
    assert (team.name, team.leader_phone, team.households) == ("동래 도토리", "+821022223333", 7)
    fresh_request()
    response = client.post(f"/manage/events/{event.slug}/teams", data={"name": "동래 도토리", "leader_phone": "x"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "같은 이름의 팀이 이미 있습니다" in page and "휴대폰 번호가 아닙니다" in page
    fresh_request()
    response = client.post(f"/manage/events/{event.slug}/teams/{team.id}", data={
        "name": "동래 도토리 1팀", "households": "8"})
    assert response.status_code == 302
    assert (_teams(event)[0].name, _teams(event)[0].households) == ("동래 도토리 1팀", 8)


def test_team_pages_are_for_organizers_only(app, client, login_as, make_event):
    event = make_event(communities=1)
    assert client.get(f"/manage/events/{event.slug}/teams").status_code == 302
    for role in (Role.STAFF, Role.JUDGE):
        login_as(role)
        assert fetch(client, f"/manage/events/{event.slug}/teams").status_code == 403
        assert fetch(client, f"/manage/events/{event.slug}/submissions").status_code == 403


def test_organizer_issues_sends_and_revokes_an_upload_link(app, client, login_as, make_event):
    login_as(Role.ORGANIZER)
    event = make_event(communities=2)
    team = event.communities[0]
    team.leader_email, team.leader_phone = "leader@example.com", "+821012345678"
    db.session.commit()
    fresh_request()
    page = client.post(f"/manage/events/{event.slug}/teams/{team.id}/link").get_data(as_text=True)
    url = page.split('id="team-link" value="', 1)[1].split('"', 1)[0]
    assert url.startswith("http://showcase.test/team/")
    assert "mailto:leader@example.com" in page and "sms:+821012345678" in page
    token = url.rsplit("/", 1)[1]
    link = db.session.scalar(select(TeamUploadLink))
    assert token not in link.token_hash and len(link.token_hash) == 64      # only the hash is kept
    assert fetch(client, f"/team/{token}").status_code == 200
    assert team.name in fetch(client, f"/team/{token}").get_data(as_text=True)

    fresh_request()
    assert client.post(f"/manage/events/{event.slug}/teams/{team.id}/link/revoke").status_code == 302
    assert fetch(client, f"/team/{token}").status_code == 404


def test_team_link_command_prints_a_fresh_link_and_the_old_one_stops_working(app, runner, client, make_event):
    event = make_event(communities=3)
    team = event.communities[1]
    first = runner.invoke(args=["team-link", event.slug, str(team.id)])
    assert first.exit_code == 0, first.output
    first_url = first.output.strip()
    assert first_url.startswith("http://showcase.test/team/")
    second = runner.invoke(args=["team-link", event.slug, team.name])
    second_url = second.output.strip()
    assert second.exit_code == 0 and second_url != first_url
    assert fetch(client, first_url.removeprefix("http://showcase.test")).status_code == 404
    assert fetch(client, second_url.removeprefix("http://showcase.test")).status_code == 200
    missing = runner.invoke(args=["team-link", event.slug, "없는 팀"])
    assert missing.exit_code != 0 and "No team" in missing.output
    assert runner.invoke(args=["team-link", "no-such-event", "1"]).exit_code != 0


def test_window_settings_are_entered_in_the_event_time_zone(app, client, login_as, make_event):
    login_as(Role.ORGANIZER)
    event = make_event()
    response = client.post(f"/manage/events/{event.slug}/submissions/settings", data={
        "opens_at": "2027-05-01T09:00", "closes_at": "2027-06-13T18:00", "max_duration_seconds": "60",
        "max_size_mb": "300"})
    assert response.status_code == 302
    settings = db.session.get(SubmissionSettings, event.id)
    db.session.refresh(settings)
    assert settings.closes_at == datetime(2027, 6, 13, 9, 0, tzinfo=UTC)       # 18:00 in Seoul
    assert (settings.max_duration_seconds, settings.max_size_bytes) == (60, 300 * 1024 * 1024)
    page = fetch(client, f"/manage/events/{event.slug}/submissions/settings").get_data(as_text=True)
    assert 'value="2027-06-13T18:00"' in page
    fresh_request()
    response = client.post(f"/manage/events/{event.slug}/submissions/settings", data={
        "opens_at": "2027-06-13T18:00", "closes_at": "2027-05-01T09:00", "max_duration_seconds": "60",
        "max_size_mb": "300"})
    assert response.status_code == 422 and "마감은 시작 이후여야 합니다" in response.get_data(as_text=True)


def test_review_grid_verdicts_and_original_download(app, client, login_as, team, upload, corpus):
    upload(team, corpus["landscape"])
    submission = db.session.scalar(select(Submission))
    login_as(Role.ORGANIZER)
    page = fetch(client, f"/manage/events/{team.event.slug}/submissions").get_data(as_text=True)
    assert f"/submissions/{submission.id}/poster.jpg" in page
    assert "0:02" in page and "가로" in page and "준비 완료" in page and team.team.name in page

    fresh_request()
    response = client.post(f"/manage/events/{team.event.slug}/submissions/{submission.id}/review",
                           data={"eligibility": "disqualified", "reason": ""})
    assert response.status_code == 302
    db.session.refresh(submission)
    assert submission.eligibility == Eligibility.PENDING          # a reason is required
    fresh_request()
    client.post(f"/manage/events/{team.event.slug}/submissions/{submission.id}/review",
                data={"eligibility": "disqualified", "reason": "아이 얼굴이 나오는데 보호자 동의 확인이 안 됩니다."})
    db.session.refresh(submission)
    assert (submission.eligibility, submission.reviewed_by_id is not None) == (Eligibility.DISQUALIFIED, True)
    team_page = fetch(client, team.url).get_data(as_text=True)
    assert "주최 측에서 이 영상을 받을 수 없었습니다" in team_page and "보호자 동의 확인이 안 됩니다" in team_page

    original = fetch(client, f"/manage/events/{team.event.slug}/submissions/{submission.id}/original")
    assert original.status_code == 200 and original.data == corpus["landscape"].read_bytes()
    assert "attachment" in original.headers["Content-Disposition"]
