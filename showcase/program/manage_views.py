"""Organizer pages: the run-of-show editor, welcome words, preview, downloads and publishing."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from ..auth.roles import ORGANIZERS, guard
from ..events.lookup import event_or_404
from ..pdf import MissingKoreanFont
from ..refusal_views import show_refusal
from .building import LANGUAGE_MODES, build_program
from .finalists import finalists_for
from .forms import BuildForm, ItemForm, SettingsForm
from .layouts import DEFAULT_LAYOUT, LAYOUTS, overflows
from .publishing import (
    page_count,
    publish_program,
    published_is_stale,
    published_program,
    unpublish_program,
)
from .refusals import ProgramError
from .rendering import render_program
from .services import (
    add_item,
    delete_item,
    find_item,
    move_item,
    program_items,
    reorder_items,
    schedule_problems,
    settings_for,
    update_item,
    update_settings,
)
from .views import poster_url_for

bp = Blueprint("program_manage", __name__)


guard(bp, ORGANIZERS)




def _item(event, item_id: int):
    item = find_item(event, item_id)
    if item is None:
        abort(404)
    return item


def _font_message() -> str:
    return _("No Korean font is installed on the server, so Korean letters would print as boxes. "
             "Install one (for example: apt-get install fonts-noto-cjk) and try again.")


@bp.route("/events/<slug>/program")
def editor(slug: str):
    event = event_or_404(slug)
    items = program_items(event)
    settings = settings_for(event)
    finalists = finalists_for(event)
    program = build_program(event, "both", finalists)
    published = published_program(event)
    overflow = _choice("overflow", LANGUAGE_MODES, "")
    pages = page_count(published[1]) if published else 0
    return render_template("program/manage/editor.html", event=event, items=items, program=program,
                           settings_form=SettingsForm(obj=settings), build_form=BuildForm(),
                           problems=schedule_problems(items), published=published,
                           published_pages=pages,
                           published_overflows=published is not None and overflows(published[0].published_layout, pages),
                           stale=published_is_stale(event, finalists), overflow=overflow)


def _item_form_page(event, form: ItemForm, item=None, status: int = 200):
    return render_template("program/manage/item_form.html", event=event, form=form, item=item), status


@bp.route("/events/<slug>/program/items/new", methods=["GET", "POST"])
def new_item(slug: str):
    event = event_or_404(slug)
    form = ItemForm()
    if form.validate_on_submit():
        try:
            add_item(event, form.item())
        except ProgramError as error:
            show_refusal(error, form)
        else:
            flash(_("The item is added."), "success")
            return redirect(url_for("program_manage.editor", slug=slug))
    elif form.is_submitted():
        flash(_("Please correct the highlighted fields."), "error")
    return _item_form_page(event, form, status=422 if form.is_submitted() else 200)


@bp.route("/events/<slug>/program/items/<int:item_id>", methods=["GET", "POST"])
def edit_item(slug: str, item_id: int):
    event = event_or_404(slug)
    item = _item(event, item_id)
    form = ItemForm(obj=item)
    if not form.is_submitted():
        form.kind.data = item.kind.value
    if form.validate_on_submit():
        try:
            update_item(item, form.item())
        except ProgramError as error:
            show_refusal(error, form)
        else:
            flash(_("The item is saved."), "success")
            return redirect(url_for("program_manage.editor", slug=slug))
    elif form.is_submitted():
        flash(_("Please correct the highlighted fields."), "error")
    return _item_form_page(event, form, item, status=422 if form.is_submitted() else 200)


@bp.route("/events/<slug>/program/items/<int:item_id>/delete", methods=["POST"])
def remove_item(slug: str, item_id: int):
    event = event_or_404(slug)
    delete_item(_item(event, item_id))
    flash(_("The item is deleted."), "success")
    return redirect(url_for("program_manage.editor", slug=slug))


@bp.route("/events/<slug>/program/items/<int:item_id>/move", methods=["POST"])
def move(slug: str, item_id: int):
    event = event_or_404(slug)
    move_item(_item(event, item_id), -1 if request.form.get("direction") == "up" else 1)
    for problem in schedule_problems(program_items(event)):
        flash(problem, "warning")
    return redirect(url_for("program_manage.editor", slug=slug) + f"#item-{item_id}")


@bp.route("/events/<slug>/program/order", methods=["POST"])
def order(slug: str):
    """Save a dragged order: ``order`` is the item ids, comma-separated, top first."""
    event = event_or_404(slug)
    try:
        ids = [int(part) for part in request.form.get("order", "").split(",") if part.strip()]
        reorder_items(event, ids)
    except ValueError:
        return jsonify(ok=False, message=_("The order could not be read. Reload the page and try again.")), 422
    except ProgramError as error:
        return jsonify(ok=False, message=str(error.message)), 409
    return jsonify(ok=True, message=_("The new order is saved."),
                   problems=schedule_problems(program_items(event)))


@bp.route("/events/<slug>/program/settings", methods=["POST"])
def save_settings(slug: str):
    event = event_or_404(slug)
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            update_settings(event, form.settings())
        except ProgramError as error:
            show_refusal(error)
            for name, message in error.fields.items():
                flash(f"{getattr(form, name).label.text}: {message}", "error")
        else:
            flash(_("The welcome words are saved."), "success")
    else:
        for field in form:
            for message in field.errors:
                flash(f"{field.label.text}: {message}", "error")
    return redirect(url_for("program_manage.editor", slug=slug) + "#settings")


def _choice(name: str, allowed, default: str) -> str:
    value = request.values.get(name, default)
    return value if value in allowed else default


@bp.route("/events/<slug>/program/preview")
def preview(slug: str):
    event = event_or_404(slug)
    language = _choice("lang", LANGUAGE_MODES, "ko")
    program = build_program(event, language, finalists_for(event))
    return render_template("program/page.html", p=program, event=event, poster_src=poster_url_for(event),
                           mark_fallbacks=True, organizer=True)


@bp.route("/events/<slug>/program/download", methods=["GET", "POST"])
def download(slug: str):
    event = event_or_404(slug)
    layout, language = _choice("layout", LAYOUTS, DEFAULT_LAYOUT), _choice("lang", LANGUAGE_MODES, "ko")
    try:
        rendered = render_program(build_program(event, language, finalists_for(event)), layout)
    except MissingKoreanFont:
        flash(_font_message(), "error")
        return redirect(url_for("program_manage.editor", slug=slug))
    except ProgramError as error:
        show_refusal(error)
        return redirect(url_for("program_manage.editor", slug=slug))
    if rendered.overflows and not request.values.get("anyway"):
        return redirect(url_for("program_manage.editor", slug=slug, overflow=language) + "#publish")
    return Response(rendered.pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-program-{layout}-{language}.pdf"'})


@bp.route("/events/<slug>/program/publish", methods=["POST"])
def publish(slug: str):
    event = event_or_404(slug)
    form = BuildForm()
    if not form.validate_on_submit():
        flash(_("Choose a layout and a language."), "error")
        return redirect(url_for("program_manage.editor", slug=slug))
    try:
        publish_program(event, form.layout.data, form.lang.data, finalists_for(event))
    except MissingKoreanFont:
        flash(_font_message(), "error")
    except ProgramError as error:
        flash(_("The program is not published: %(reason)s", reason=error.message), "error")
    else:
        flash(_("The program is published. Everyone can now download it."), "success")
        published = published_program(event)
        if published and overflows(form.layout.data, page_count(published[1])):
            flash(_("The A4 sheet does not fit on one page even in its smallest type. Shorten the run of show "
                    "or its descriptions, or print the booklet."), "warning")
    return redirect(url_for("program_manage.editor", slug=slug) + "#publish")


@bp.route("/events/<slug>/program/unpublish", methods=["POST"])
def unpublish(slug: str):
    event = event_or_404(slug)
    unpublish_program(event)
    flash(_("The program is no longer public."), "success")
    return redirect(url_for("program_manage.editor", slug=slug) + "#publish")
