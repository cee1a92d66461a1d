"""Forms of the teacher pages (Flask-WTF: validation and CSRF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (  # type: ignore[attr-defined]  # SelectChoice: new in WTForms 3.3; types-WTForms is at 3.2
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from quizgen.deck import MAX_ANSWER, MAX_PROMPT

from ..forms import ONE_LINE, given
from ..import_bounds import QUOTE_TEXTS

MAX_PASTED = 5 * 1024 * 1024  # characters of pasted source text (uploads are limited by size too)

KINDS = ("date", "place", "figure", "name")
FORMATS = (SelectChoice("type_in", "Type the answer"), SelectChoice("multiple_choice", "Multiple choice"),
           SelectChoice("cloze", "Fill the blank (_____ in the prompt)"))


def lines(text: str | None) -> list[str]:
    """One entry per non-blank line, in order, without repeats."""
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


class NewDeckForm(FlaskForm):
    title = StringField("Deck title", validators=[DataRequired(), Length(max=200), ONE_LINE])


class SourceForm(FlaskForm):
    files = MultipleFileField("Upload files", description="Plain text (.txt, UTF-8), Markdown (.md), saved web "
                              "pages (.html), PDF with a text layer (.pdf), Word (.docx) or a table of facts "
                              "(.csv, .tsv, .xlsx: first row the headers, first column the subject); "
                              "up to 5 MB in all.")
    url = StringField("…or a web address", validators=[Optional(), Length(max=2000)],
                      description="A web page, PDF or Word document the server fetches (10 MB at most).")
    text = TextAreaField("…or paste the text", validators=[Optional(), Length(max=MAX_PASTED)])
    title = StringField("Title", validators=[Optional(), Length(max=200), ONE_LINE],
                        description="Empty: the file name, or the first line of pasted text.")
    kind = StringField("Kind", default="document", validators=[Optional(), Length(max=100), ONE_LINE],
                       description="encyclopedia, infobox, news, statement, essay, report…")
    perspective = StringField("Perspective", validators=[Optional(), Length(max=200), ONE_LINE],
                              description="Whose side the source speaks for, if any.")


class EditQuestionForm(FlaskForm):
    prompt = TextAreaField("Prompt", validators=[DataRequired(), Length(max=MAX_PROMPT)])
    answer = StringField("Answer", validators=[DataRequired(), Length(max=MAX_ANSWER), ONE_LINE])
    accepted = TextAreaField("Also accepted (one per line)", validators=[Optional(), Length(max=5000)])
    distractors = TextAreaField("Distractors (one per line)", validators=[Optional(), Length(max=5000)])
    claimant = StringField("Who asserts it", validators=[Optional(), Length(max=200), ONE_LINE],
                           description="Empty when it is the source's own voice.")

    def check_consistent(self, question_format: str) -> bool:
        """Distractors must be wrong answers; multiple choice needs some."""
        right = {given(self.answer.data).strip().casefold(), *(a.casefold() for a in lines(self.accepted.data))}
        wrong = [d for d in lines(self.distractors.data) if d.casefold() in right]
        if wrong:
            self.distractors.errors = [f"{wrong[0]!r} is also a right answer."]
        elif question_format == "multiple_choice" and not lines(self.distractors.data):
            self.distractors.errors = ["A multiple-choice question needs at least one distractor."]
        return not self.distractors.errors


class OwnQuestionForm(EditQuestionForm):
    kind = SelectField("Kind", choices=[SelectChoice(k) for k in KINDS])
    format = SelectField("Format", choices=list(FORMATS))
    source = SelectField("Source", validators=[DataRequired()])
    start = IntegerField("Start", validators=[InputRequired(message="Select a passage."), NumberRange(min=0)])
    end = IntegerField("End", validators=[InputRequired(message="Select a passage."), NumberRange(min=1)])
    exact = TextAreaField("Quoted passage", validators=[DataRequired(message="Select a passage."),
                                                         Length(max=QUOTE_TEXTS["exact"])],
                          description="Select text in the source beside the form to fill this in.")
    value = StringField("The answer as written in the passage",
                        validators=[Optional(), Length(max=MAX_ANSWER), ONE_LINE],
                        description="Empty: the answer above.")


class PublishForm(FlaskForm):
    class_id = SelectField("Class", coerce=int)
