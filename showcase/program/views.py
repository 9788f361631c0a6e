"""Public pages: the published program as a PDF and as a web page, and the finalists' posters."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, send_file, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from ..events.lookup import event_or_404
from .building import build_program
from .finalists import finalists_for
from .publishing import published_program

bp = Blueprint("program", __name__)


def keep_words(text: str) -> Markup:
    """Each word in a no-break span, so Korean words never split mid-word (WeasyPrint has no keep-all)."""
    return Markup(" ").join(Markup('<span class="w">%s</span>') % word if len(word) <= 16 else word
                            for word in (text or "").split())

#: browsers and proxies may keep the PDF for an hour, revalidating with ETag / Last-Modified after
MAX_AGE = 3600




def not_published(event):
    """The clear 404 shown until the organizer publishes the program."""
    return render_template("errors/error.html", title=_("The program is not published yet"), status=404,
                           message=_("The organizers have not published the printed program for this event yet. "
                                     "Please check again closer to the day.")), 404


@bp.route("/events/<slug>/program.pdf")
def program_pdf(slug: str):
    event = event_or_404(slug, include_archived=False)
    published = published_program(event)
    if published is None:
        return not_published(event)
    settings, path = published
    response = Response(path.read_bytes(), mimetype="application/pdf")
    assert settings.published_sha256 is not None  # set when it was published
    response.set_etag(settings.published_sha256)
    response.last_modified = settings.published_at
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.headers["Content-Disposition"] = f'inline; filename="{event.slug}-program.pdf"'
    return response.make_conditional(request)


def poster_url_for(event):
    """A poster_src for templates on screen: the poster route of each finalist with a poster."""
    return lambda f: url_for("program.poster", slug=event.slug, order=f.order) if f.poster_path else None


@bp.route("/events/<slug>/program")
def program_page(slug: str):
    event = event_or_404(slug, include_archived=False)
    published = published_program(event)
    if published is None:
        return not_published(event)
    settings, _path = published
    program = build_program(event, settings.published_language or "ko", finalists_for(event))
    return render_template("program/page.html", p=program, event=event, poster_src=poster_url_for(event),
                           mark_fallbacks=False, organizer=False)


@bp.route("/events/<slug>/program/posters/<int:order>.jpg")
def poster(slug: str, order: int):
    event = event_or_404(slug, include_archived=False)
    for finalist in finalists_for(event) or []:
        if finalist.order == order and finalist.poster_path and finalist.poster_path.is_file():
            return send_file(finalist.poster_path, mimetype="image/jpeg", max_age=MAX_AGE)
    abort(404)
