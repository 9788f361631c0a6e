"""Once judging is locked, the printed program fills in the six finalists with their posters."""

from __future__ import annotations

import pytest

from showcase.auth.models import Role
from showcase.judging.lock import lock_results
from showcase.judging.scoring import save_scores
from showcase.program.building import build_program
from showcase.program.finalists import finalists_for
from showcase.program.rendering import render_program_pdf
from tests.judging.factories import make_entries, make_judges, make_rubric
from tests.program.conftest import page_texts, squeezed


@pytest.mark.slow
def test_locked_results_replace_the_placeholder_and_the_draft_mark(app, make_event, make_user, tmp_path):
    event = make_event(communities=7)
    rubric = make_rubric(event)
    entries = make_entries(event, media_dir=tmp_path / "media-src")
    for judge in make_judges(event, make_user, 3):
        for rank, entry in enumerate(entries):
            save_scores(event, judge, entry.id, {rubric[0].id: 10 - rank, rubric[1].id: 10 - rank})
    assert finalists_for(event) is None
    draft = " ".join(page_texts(render_program_pdf(build_program(event, "ko", finalists_for(event)), "a4")))
    assert entries[0].title_ko not in draft

    lock_results(event, make_user(Role.ORGANIZER))
    finalists = finalists_for(event)
    assert [f.title_ko for f in finalists] == [e.title_ko for e in entries[:6]]
    assert all(f.poster_path and f.poster_path.is_file() for f in finalists)
    printed = squeezed(" ".join(page_texts(render_program_pdf(build_program(event, "ko", finalists), "a5"))))
    for entry in entries[:6]:
        assert squeezed(entry.title_ko) in printed
    assert squeezed(entries[6].title_ko) not in printed
