"""The sign-in form."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from ..form_base import SafeForm


class LoginForm(SafeForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(message=_l("Enter your email.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Enter your password.")), Length(max=200)])


class PasswordForm(SafeForm):
    """The current password and the new one, twice."""

    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password.")), Length(max=200)])
    new_password = PasswordField(_l("New password"), validators=[
        DataRequired(message=_l("Enter a new password.")), Length(max=200)])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(message=_l("Enter the new password again.")),
        EqualTo("new_password", message=_l("The two new passwords differ."))])
