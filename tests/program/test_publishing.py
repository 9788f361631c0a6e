"""Publishing: 404 with a clear message before, the PDF with ETag/Last-Modified after; the CLI builds any layout."""

from __future__ import annotations

import pytest
from sqlalchemy import event as orm_event

from showcase.auth.models import Role
from showcase.extensions import db
from showcase.program import demo
from showcase.program.models import ProgramItem, ProgramSettings
from showcase.program.publishing import programs_dir, publish_program

from .conftest import page_texts, pdf_reader, squeezed, visible


def test_before_publishing_the_program_is_a_clear_404(client, demo_event):
    response = client.get("/events/shared-parenting/program.pdf", headers={"Accept-Language": "ko"})
    assert response.status_code == 404
    assert "프로그램이 아직 게시되지 않았어요" in response.get_data(as_text=True)
    page = client.get("/events/shared-parenting/program")
    assert page.status_code == 404 and "아직 이 행사의 인쇄용 프로그램을 게시하지 않았어요" in page.get_data(as_text=True)
    assert client.get("/events/no-such-event/program.pdf").status_code == 404


@pytest.mark.slow
def test_organizer_publishes_and_everyone_gets_the_pdf_with_caching(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    response = client.post("/manage/events/shared-parenting/program/publish?lang=en",
                           data={"layout": "a4", "lang": "both"}, follow_redirects=True)
    assert "The program is published" in response.get_data(as_text=True)
    pdf = client.get("/events/shared-parenting/program.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["ETag"] and pdf.headers["Last-Modified"] and "max-age" in pdf.headers["Cache-Control"]
    reader = pdf_reader(pdf.data)
    assert len(reader.pages) == 1
    assert squeezed("진행 순서") in page_texts(pdf.data)[0] and "RUNOFSHOW" in page_texts(pdf.data)[0].upper()
    again = client.get("/events/shared-parenting/program.pdf", headers={"If-None-Match": pdf.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    since = client.get("/events/shared-parenting/program.pdf", headers={"If-Modified-Since": pdf.headers["Last-Modified"]})
    assert since.status_code == 304
    page = client.get("/events/shared-parenting/program")
    assert page.status_code == 200 and "개회 및 환영 인사" in visible(page.get_data(as_text=True))


@pytest.mark.slow
def test_republishing_replaces_the_file_and_unpublishing_takes_it_down(client, login_as, demo_event):
    first = publish_program(demo_event, "a5", "ko", None)
    first_file, first_etag = first.published_file, first.published_sha256
    db.session.add(ProgramItem(event_id=demo_event.id, position=6, kind="break", title_ko="폐회", title_en="Closing"))
    db.session.commit()
    second = publish_program(demo_event, "booklet", "ko", None)
    assert second.published_sha256 != first_etag
    assert not (programs_dir() / first_file).exists() and (programs_dir() / second.published_file).exists()
    login_as(Role.ORGANIZER)
    client.post("/manage/events/shared-parenting/program/unpublish")
    assert client.get("/events/shared-parenting/program.pdf").status_code == 404
    assert not list(programs_dir().glob("*.pdf"))


@pytest.mark.slow
def test_a_publish_that_does_not_commit_leaves_no_file_and_keeps_the_published_one(demo_event):
    """The new PDF is written inside the publish's unit of work: gone again when the unit rolls back,
    and the file already published is removed only once a new one has committed."""
    first = publish_program(demo_event, "a5", "ko", None)
    first_file = first.published_file

    def database_gone(*_args):
        raise OSError("the database went away at commit")

    orm_event.listen(ProgramSettings, "before_update", database_gone)
    try:
        with pytest.raises(OSError, match="went away"):
            publish_program(demo_event, "booklet", "ko", None)
    finally:
        orm_event.remove(ProgramSettings, "before_update", database_gone)
    assert [path.name for path in programs_dir().glob("*.pdf")] == [first_file]
    assert db.session.get(ProgramSettings, demo_event.id).published_file == first_file
    with pytest.raises(OSError, match="went away"):  # again in the same layout: the live file stays
        orm_event.listen(ProgramSettings, "before_update", database_gone)
        try:
            publish_program(demo_event, "a5", "ko", None)
        finally:
            orm_event.remove(ProgramSettings, "before_update", database_gone)
    assert [path.name for path in programs_dir().glob("*.pdf")] == [first_file]


def test_organizer_downloads_any_layout_without_publishing(client, login_as, demo_event):
    login_as(Role.ORGANIZER)
    response = client.post("/manage/events/shared-parenting/program/download", data={"layout": "booklet", "lang": "en"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(pdf_reader(response.data).pages) * 2 % 4 == 0
    assert client.get("/events/shared-parenting/program.pdf").status_code == 404


@pytest.mark.slow
def test_build_program_command_writes_each_layout(runner, demo_event, tmp_path):
    for layout, pages in (("a5", None), ("booklet", None), ("a4", 1)):
        out = tmp_path / f"{layout}.pdf"
        result = runner.invoke(args=["build-program", "shared-parenting", "--layout", layout, "--lang", "both",
                                     "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "draft" in result.output
        reader = pdf_reader(out.read_bytes())
        if pages:
            assert len(reader.pages) == pages
    assert "RUNOFSHOW" in "".join(page_texts((tmp_path / "a5.pdf").read_bytes())).upper()


def test_build_program_command_refuses_an_unknown_event_and_leaves_no_file(runner, demo_event, tmp_path):
    out = tmp_path / "x.pdf"
    result = runner.invoke(args=["build-program", "no-such-event", "-o", str(out)])
    assert result.exit_code != 0 and "No event with the address 'no-such-event'" in result.output
    assert not out.exists()
    bad = runner.invoke(args=["build-program", "shared-parenting", "--layout", "a3", "-o", str(out)])
    assert bad.exit_code != 0 and not out.exists()


def test_demo_seed_is_idempotent(demo_event):
    lines = demo.seed(demo_event)
    assert "kept" in " ".join(lines)
    assert ProgramItem.query.filter_by(event_id=demo_event.id).count() == 5
