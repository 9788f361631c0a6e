"""How a view shows a service's refusal: a flash message with each field's message under its
form field, or a whole page. The refused action's unit of work has already rolled back, so nothing
of it stays (``database.unit_of_work``)."""

from __future__ import annotations

from flask import flash, render_template
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from .refusals import Refusal


def show_refusal(error: Refusal, form: FlaskForm | None = None, category: str = "error") -> None:
    """Flash ``error``'s message and put its per-field messages under ``form``'s fields."""
    flash(str(error.message), category)
    if form is None:
        return
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, str(message)]


def refusal_page(error: Refusal):
    """A whole page saying why the request was refused, with the refusal's status."""
    title = _("Not allowed") if error.status == 403 else _("Please note")
    return render_template("errors/error.html", title=title, message=str(error.message),
                           status=error.status), error.status
