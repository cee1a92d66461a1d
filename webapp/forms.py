"""Form classes (Flask-WTF) for accounts and deck settings."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TypeVar
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import (  # type: ignore[attr-defined]  # SelectChoice: new in WTForms 3.3; types-WTForms is at 3.2
    DecimalField,
    EmailField,
    Field,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp

MIN_PASSWORD = 8
# Titles, names and other one-line texts: no control characters (they would end up in
# file names, TOML manifests and page titles).
ONE_LINE = Regexp(r"^[^\x00-\x1f\x7f-\x9f]*$", message="Use letters, digits and punctuation only "
                                                          "(no control characters).")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # what ONE_LINE refuses
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"  # shape only; nothing is mailed

T = TypeVar("T")


def given(data: T | None) -> T:
    """The data of a validated field whose validators refuse an empty one (WTForms types every
    field's data as optional)."""
    assert data is not None, "a required field passed validation without data"
    return data


def add_error(field: Field, message: str) -> None:
    """Adds an error found after validation (a validated field keeps its errors in a list)."""
    assert isinstance(field.errors, list)
    field.errors.append(message)


@lru_cache(maxsize=1)
def timezone_choices() -> tuple[SelectChoice, ...]:
    """IANA zones grouped by region ("Europe/Berlin" under "Europe"), UTC first."""
    names = sorted(name for name in available_timezones()
                   if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return (SelectChoice("UTC"),
            *(SelectChoice(name, name.split("/", 1)[1].replace("_", " "), optgroup=name.split("/")[0])
              for name in names))


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class SignupForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254),
                                            Regexp(EMAIL_SHAPE, message="That is not an email address.")])
    display_name = StringField("Name (optional)", validators=[Optional(), Length(max=100), ONE_LINE])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
                             description=f"At least {MIN_PASSWORD} characters.")
    confirm = PasswordField("Password again",
                            validators=[DataRequired(), EqualTo("password", "The passwords differ.")])
    role = RadioField("I am a", choices=[SelectChoice("learner", "Learner"), SelectChoice("teacher", "Teacher")],
                      default="learner")
    teacher_code = PasswordField("Teacher code (teachers only)", validators=[Optional(), Length(max=200)],
                                 description="Teacher accounts need the code your administrator gives out.")
    timezone = SelectField("Time zone", default="UTC", choices=timezone_choices,
                           description="Your day of study starts at 4 AM in this time zone.")


class AccountForm(FlaskForm):
    display_name = StringField("Name", validators=[Optional(), Length(max=100), ONE_LINE])
    timezone = SelectField("Time zone", choices=timezone_choices,
                           description="Your day of study starts at 4 AM in this time zone.")


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("New password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
                             description=f"At least {MIN_PASSWORD} characters.")
    confirm = PasswordField("New password again",
                            validators=[DataRequired(), EqualTo("password", "The passwords differ.")])


class DeckSettingsForm(FlaskForm):
    new_per_day = IntegerField("New cards per day", validators=[NumberRange(0, 9999)])
    reviews_per_day = IntegerField("Reviews per day", validators=[NumberRange(0, 99999)])
    desired_retention = DecimalField(
        "Desired retention", places=2, validators=[NumberRange(0.70, 0.99)],
        description="The chance of remembering a card when it comes due (0.70 to 0.99). "
                    "Higher means more reviews.")
