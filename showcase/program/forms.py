"""Organizer forms: a run-of-show item, the welcome words, and the build/publish choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import NumberRange, Optional

from ..form_base import SafeForm
from .building import LANGUAGE_MODES
from .layouts import DEFAULT_LAYOUT, LAYOUTS
from .models import ItemKind
from .services import ItemInput, SettingsInput


def kind_choices() -> list[tuple[str, str]]:
    """The item kinds in the organizer's language."""
    from .printed_words import kind_label

    return [(kind.value, kind_label(kind)) for kind in ItemKind]


def layout_choices() -> list[tuple[str, str]]:
    """The PDF layouts in the organizer's language."""
    return [(layout.name, layout.label) for layout in LAYOUTS.values()]


def language_choices() -> list[tuple[str, str]]:
    """The language modes in the organizer's language."""
    names = {"ko": _l("Korean"), "en": _l("English"), "both": _l("Korean and English side by side")}
    return [(mode, names[mode]) for mode in LANGUAGE_MODES]


class ItemForm(SafeForm):
    """One item of the run of show (lengths and order are checked by the service)."""

    kind = SelectField(_l("Kind"))
    start_time = TimeField(_l("Starts at"), validators=[Optional()])
    title_ko = StringField(_l("Title (Korean)"))
    title_en = StringField(_l("Title (English)"))
    performers_ko = StringField(_l("Performers (Korean)"))
    performers_en = StringField(_l("Performers (English)"))
    description_ko = TextAreaField(_l("Short description (Korean)"))
    description_en = TextAreaField(_l("Short description (English)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices()

    def item(self) -> ItemInput:
        """The item as entered."""
        return ItemInput(kind=ItemKind(self.kind.data), start_time=self.start_time.data,
                         title_ko=self.title_ko.data or "", title_en=self.title_en.data or "",
                         performers_ko=self.performers_ko.data or "", performers_en=self.performers_en.data or "",
                         description_ko=self.description_ko.data or "", description_en=self.description_en.data or "")


class SettingsForm(SafeForm):
    """Welcome words and the participants figure."""

    welcome_ko = TextAreaField(_l("Welcome words (Korean)"))
    welcome_en = TextAreaField(_l("Welcome words (English)"))
    welcome_signature_ko = StringField(_l("Signed by (Korean)"))
    welcome_signature_en = StringField(_l("Signed by (English)"))
    participants = IntegerField(_l("People in the whole programme"), validators=[
        Optional(), NumberRange(min=0, max=10_000_000, message=_l("Enter a number from %(min)s to %(max)s."))])

    def settings(self) -> SettingsInput:
        """The settings as entered."""
        return SettingsInput(welcome_ko=self.welcome_ko.data or "", welcome_en=self.welcome_en.data or "",
                             welcome_signature_ko=self.welcome_signature_ko.data or "",
                             welcome_signature_en=self.welcome_signature_en.data or "",
                             participants=self.participants.data)


class BuildForm(SafeForm):
    """Which PDF to download or publish."""

    layout = SelectField(_l("Layout"), default=DEFAULT_LAYOUT)
    lang = SelectField(_l("Language"), default="ko")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout.choices = layout_choices()
        self.lang.choices = language_choices()
