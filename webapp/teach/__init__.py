"""Teacher pages: sources, background builds, question review, publishing, classes; downloads.

The views are split by topic (``sources``, ``review``, ``own_question``,
``classes``) and share the ``teach`` blueprint below, which only teachers may
enter (``security.BLUEPRINT_ROLES``); what they do besides answering requests
is in ``webapp/services``. ``init_app`` wires them, the download blueprint,
and the build queue.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_login import current_user

from ..db import get_session
from ..models import Deck
from ..repo import teach as teach_repo
from ..web import or_404

bp = Blueprint("teach", __name__, url_prefix="/teach")


def owned_deck_or_404(slug: str) -> Deck:
    return or_404(teach_repo.get_owned_deck(slug, current_user, session=get_session()))


def init_app(app: Flask) -> None:
    from ..services import jobs
    from . import classes, downloads, own_question, review, sources  # noqa: F401

    app.register_blueprint(bp)
    app.register_blueprint(downloads.bp)
    jobs.init_app(app)
