"""Classes: teachers create them and watch progress; learners join with a code.

GET  /classes                       the classes you belong to, and the join form
POST /classes/join                  join with a code
GET  /classes/<id>                  a class you belong to: its decks
GET  /teach/classes                 a teacher's classes, and the form for a new one
POST /teach/classes                 create a class (its join code is drawn at random)
GET  /teach/classes/<id>            progress of each learner, the questions most missed
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from .auth import role_required
from .db import get_session
from .forms import ONE_LINE, add_error, given
from .models import Classroom
from .repo import classes as class_repo
from .repo.reviews import counts
from .web import learner, now

bp = Blueprint("classes", __name__)


class JoinForm(FlaskForm):
    code = StringField("Join code", validators=[DataRequired(), Length(max=40)],
                       description="The code your teacher gave you, e.g. ABCD2345.")


class NewClassForm(FlaskForm):
    name = StringField("Class name", validators=[DataRequired(), Length(max=200), ONE_LINE])


@bp.get("/classes")
@login_required
def index(form: JoinForm | None = None, status: int = 200):
    classes = class_repo.member_classes(learner(), session=get_session())
    return render_template("classes/index.html", classes=classes, form=form or JoinForm()), status


@bp.post("/classes/join")
@login_required
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
@login_required
def show(class_id: int):
    session = get_session()
    classroom = session.get(Classroom, class_id)
    if classroom is None or not class_repo.is_member(learner(), classroom, session=session):
        abort(404)
    moment = now()
    decks = [(deck, counts(learner(), deck, moment, session=session))
             for deck in class_repo.class_decks(classroom, session=session)]
    return render_template("classes/show.html", classroom=classroom, decks=decks)


@bp.get("/teach/classes")
@role_required("teacher")
def teacher_index(form: NewClassForm | None = None, status: int = 200):
    classes = [(c, len(class_repo.members(c, session=get_session())))
               for c in class_repo.teacher_classes(learner(), session=get_session())]
    return render_template("classes/teacher_index.html", classes=classes, form=form or NewClassForm()), status


@bp.post("/teach/classes")
@role_required("teacher")
def create():
    form = NewClassForm()
    if not form.validate_on_submit():
        return teacher_index(form, 422)
    classroom = class_repo.create_class(learner(), given(form.name.data).strip(), session=get_session())
    flash(f"Class created. Learners join it with the code {classroom.join_code}.", "success")
    return redirect(url_for("classes.progress", class_id=classroom.id), 303)


@bp.get("/teach/classes/<int:class_id>")
@role_required("teacher")
def progress(class_id: int):
    session = get_session()
    classroom = class_repo.get_teacher_class(class_id, learner(), session=session)
    if classroom is None:
        abort(404)
    return render_template("classes/progress.html", classroom=classroom,
                           decks=class_repo.class_decks(classroom, session=session),
                           rows=class_repo.progress(classroom, now(), session=session),
                           missed=class_repo.most_missed(classroom, session=session))
