"""The run-of-show editor: organizer-only, add/edit/delete, reorder, clear messages for bad input."""

from __future__ import annotations

from showcase.auth.models import Role
from showcase.extensions import db
from showcase.program.models import ProgramItem
from showcase.program.services import program_items

from .conftest import visible


def _item_form(**overrides) -> dict:
    values = {"kind": "performance", "start_time": "", "title_ko": "", "title_en": "", "performers_ko": "",
              "performers_en": "", "description_ko": "", "description_en": ""}
    values.update(overrides)
    return values


def _titles(event) -> list[str]:
    db.session.expire_all()
    return [item.title_ko or item.title_en for item in program_items(event)]


def test_signed_out_visitors_are_sent_to_sign_in(client, demo_event):
    response = client.get("/manage/events/shared-parenting/program")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_other_roles_may_not_edit_the_program(client, login_as, demo_event):
    login_as(Role.JUDGE)
    assert client.get("/manage/events/shared-parenting/program").status_code == 403
    assert client.post("/manage/events/shared-parenting/program/items/new", data=_item_form(title_ko="x")).status_code == 403


def test_editor_lists_the_run_of_show_in_order(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    page = client.get("/manage/events/shared-parenting/program", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    positions = [page.index(title) for title in ("개회 및 환영 인사", "어린이집 합창", "음악으로 떠나는 마음 여행")]
    assert positions == sorted(positions)
    assert "초안" in page  # finalists not locked


def test_an_item_with_a_time_goes_where_it_fits(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    response = client.post("/manage/events/shared-parenting/program/items/new",
                           data=_item_form(kind="break", start_time="11:35", title_ko="쉬는 시간", title_en="Break"))
    assert response.status_code == 302
    titles = _titles(demo_event)
    assert titles.index("쉬는 시간") == titles.index("가족 공연 〈너처럼 소중하게〉") + 1
    assert [item.position for item in program_items(demo_event)] == list(range(1, 7))


def test_empty_and_overlong_titles_are_refused_with_clear_messages(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    empty = client.post("/manage/events/shared-parenting/program/items/new?lang=ko", data=_item_form(title_ko="  "))
    assert empty.status_code == 422
    assert "한국어나 영어 중 하나 이상으로 제목을 입력해 주세요." in empty.get_data(as_text=True)
    long = client.post("/manage/events/shared-parenting/program/items/new?lang=ko", data=_item_form(title_ko="가" * 121))
    assert long.status_code == 422
    assert "최대 120자까지 쓸 수 있어요 (지금 121자)" in long.get_data(as_text=True)
    assert len(_titles(demo_event)) == 5  # nothing stored


def test_a_time_out_of_order_is_refused_naming_the_neighbour(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    choir = program_items(demo_event)[1]
    response = client.post(f"/manage/events/shared-parenting/program/items/{choir.id}?lang=en",
                           data=_item_form(start_time="11:50", title_ko=choir.title_ko, title_en=choir.title_en))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "11:50 is later than" in text and "11:25" in text
    db.session.expire_all()
    assert db.session.get(ProgramItem, choir.id).start_time.strftime("%H:%M") == "11:10"


def test_up_and_down_buttons_reorder_without_javascript(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    last = program_items(demo_event)[-1]
    last.start_time = None  # untimed, so moving it makes no time conflict
    db.session.commit()
    client.post(f"/manage/events/shared-parenting/program/items/{last.id}/move", data={"direction": "up"})
    assert _titles(demo_event)[3] == last.title_ko
    first = program_items(demo_event)[0]
    client.post(f"/manage/events/shared-parenting/program/items/{first.id}/move", data={"direction": "up"})
    assert _titles(demo_event)[0] == first.title_ko  # already first: unchanged


def test_moving_a_timed_item_out_of_order_warns_and_blocks_publishing(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    choir = program_items(demo_event)[1]
    response = client.post(f"/manage/events/shared-parenting/program/items/{choir.id}/move?lang=en",
                           data={"direction": "down"}, follow_redirects=True)
    assert "comes after" in response.get_data(as_text=True)
    published = client.post("/manage/events/shared-parenting/program/publish?lang=en",
                            data={"layout": "a5", "lang": "ko"}, follow_redirects=True)
    assert "The program is not published" in published.get_data(as_text=True)
    assert client.get("/events/shared-parenting/program.pdf").status_code == 404


def test_dragged_order_is_saved_and_a_stale_order_is_refused(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    ids = [item.id for item in program_items(demo_event)]
    response = client.post("/manage/events/shared-parenting/program/order?lang=en",
                           data={"order": ",".join(map(str, [ids[0], ids[2], ids[1], ids[3], ids[4]]))})
    assert response.status_code == 200 and response.json["ok"]
    assert response.json["problems"]  # the choir (11:10) now comes after the family show (11:25)
    assert [i.id for i in program_items(demo_event)] == [ids[0], ids[2], ids[1], ids[3], ids[4]]
    stale = client.post("/manage/events/shared-parenting/program/order?lang=en", data={"order": f"{ids[0]},{ids[1]}"})
    assert stale.status_code == 409 and "Reload the page" in stale.json["message"]
    garbage = client.post("/manage/events/shared-parenting/program/order", data={"order": "a,b"})
    assert garbage.status_code == 422


def test_delete_closes_the_gap(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    second = program_items(demo_event)[1]
    client.post(f"/manage/events/shared-parenting/program/items/{second.id}/delete")
    items = program_items(demo_event)
    assert len(items) == 4 and [i.position for i in items] == [1, 2, 3, 4]


def test_a_missing_english_title_is_marked_for_the_organizer(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    client.post("/manage/events/shared-parenting/program/items/new?lang=en",
                data=_item_form(kind="talk", start_time="12:40", title_ko="마무리 인사"))
    editor = client.get("/manage/events/shared-parenting/program?lang=en").get_data(as_text=True)
    assert "No English title: Korean shown" in editor
    preview = visible(client.get("/manage/events/shared-parenting/program/preview?lang=en").get_data(as_text=True))
    assert "마무리 인사" in preview and "No English text: Korean shown" in preview


def test_welcome_words_are_saved_and_too_long_ones_refused(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    client.post("/manage/events/shared-parenting/program/settings?lang=en",
                data={"welcome_ko": "반갑습니다.", "welcome_en": "Welcome.", "welcome_signature_ko": "센터장",
                      "welcome_signature_en": "Director", "participants": "1475"})
    preview = visible(client.get("/manage/events/shared-parenting/program/preview?lang=both").get_data(as_text=True))
    assert "반갑습니다." in preview and "Welcome." in preview and "1,475" in preview
    refused = client.post("/manage/events/shared-parenting/program/settings?lang=en",
                          data={"welcome_ko": "가" * 1501, "welcome_en": "", "participants": ""}, follow_redirects=True)
    assert "At most 1500 characters (this has 1501)" in refused.get_data(as_text=True)
    assert "반갑습니다." in client.get("/manage/events/shared-parenting/program/preview").get_data(as_text=True)
