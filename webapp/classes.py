"""Classes as learners see them: join one with a code, and study the decks published to it.
(A teacher's own class pages are in ``teach/classes.py``.)"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from .db import get_session
from .forms import add_error, given
from .models import Classroom
from .repo import classes as class_repo
from .web import learner, with_counts

bp = Blueprint("classes", __name__)


class JoinForm(FlaskForm):
    code = StringField("Join code", validators=[DataRequired(), Length(max=40)],
                       description="The code your teacher gave you, e.g. ABCD2345.")


@bp.get("/classes")
def index(form: JoinForm | None = None, status: int = 200):
    classes = class_repo.member_classes(learner(), session=get_session())
    return render_template("classes/index.html", classes=classes, form=form or JoinForm()), status


@bp.post("/classes/join")
def join():
    form = JoinForm()
    session = get_session()
    if form.validate_on_submit():
        classroom = class_repo.find_by_code(given(form.code.data), session=session)
        if classroom is None:
            add_error(form.code, "No class has this code. Check it with your teacher.")
        elif classroom.teacher_id == current_user.id:
            add_error(form.code, "This is your own class.")
        else:
            try:
                class_repo.join(learner(), classroom, session=session)
                flash(f"You joined {classroom.name}. Its decks are now on your deck list.", "success")
            except class_repo.AlreadyMember:
                flash(f"You are already in {classroom.name}.", "info")
            return redirect(url_for("classes.show", class_id=classroom.id), 303)
    return index(form, 422)


@bp.get("/classes/<int:class_id>")
def show(class_id: int):
    session = get_session()
    classroom = session.get(Classroom, class_id)
    if classroom is None or not class_repo.is_member(learner(), classroom, session=session):
        abort(404)
    decks = with_counts(class_repo.class_decks(classroom, session=session))
    return render_template("classes/show.html", classroom=classroom, decks=decks)
