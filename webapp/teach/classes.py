"""A teacher's classes: create one (its join code is drawn at random) and watch its progress."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..db import get_session
from ..forms import ONE_LINE, given
from ..repo import classes as class_repo
from ..repo import flags
from ..web import learner, now, or_404
from . import bp


class NewClassForm(FlaskForm):
    name = StringField("Class name", validators=[DataRequired(), Length(max=200), ONE_LINE])


@bp.get("/classes", endpoint="classes")
def teacher_index(form: NewClassForm | None = None, status: int = 200):
    classes = [(c, len(class_repo.members(c, session=get_session())))
               for c in class_repo.teacher_classes(learner(), session=get_session())]
    return render_template("classes/teacher_index.html", classes=classes, form=form or NewClassForm()), status


@bp.post("/classes", endpoint="create_class")
def create():
    form = NewClassForm()
    if not form.validate_on_submit():
        return teacher_index(form, 422)
    classroom = class_repo.create_class(learner(), given(form.name.data).strip(), session=get_session())
    flash(f"Class created. Learners join it with the code {classroom.join_code}.", "success")
    return redirect(url_for("teach.class_progress", class_id=classroom.id), 303)


@bp.get("/classes/<int:class_id>", endpoint="class_progress")
def progress(class_id: int):
    session = get_session()
    classroom = or_404(class_repo.get_teacher_class(class_id, learner(), session=session))
    decks = class_repo.class_decks(classroom, session=session)
    return render_template("classes/progress.html", classroom=classroom, decks=decks,
                           flagged=flags.flagged_in(decks, session=session),
                           rows=class_repo.progress(classroom, now(), session=session),
                           missed=class_repo.most_missed(classroom, session=session))
