"""Teacher pages: sources, background builds, question review, publishing, classes; downloads.

The views are split by topic (``sources``, ``review``, ``own_question``,
``classes``) and share the ``teach`` blueprint below, which only teachers may
enter (``security.BLUEPRINT_ROLES``); what they do besides answering requests
is in ``webapp/services``. ``init_app`` wires them, the download blueprint,
the build pool and the friendly page for oversized uploads.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template, request
from flask_login import current_user

from ..db import get_session
from ..models import Deck
from ..repo import teach as teach_repo
from ..web import or_404

bp = Blueprint("teach", __name__, url_prefix="/teach")


def owned_deck_or_404(slug: str) -> Deck:
    return or_404(teach_repo.get_owned_deck(slug, current_user, session=get_session()))


def _too_large(_error):
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    if limit and (request.content_length or 0) > limit:
        return render_template(
            "error.html", title="Upload too large",
            message=f"That upload is larger than {limit // (1024 * 1024)} MB, so nothing was saved. "
                    "Split the source into smaller .txt files and upload them one by one."), 413
    # Within the size limit, the form itself was refused: too many parts, or one field too large.
    return render_template(
        "error.html", title="Form too large",
        message="That form has too many fields, or one field holds too much text, so nothing was saved. "
                "Paste long sources as .txt files instead."), 413


def init_app(app: Flask) -> None:
    from ..services import jobs
    from . import classes, deck_admin, downloads, own_question, review, sources, table_settings  # noqa: F401

    app.register_blueprint(bp)
    app.register_blueprint(downloads.bp)
    app.register_error_handler(413, _too_large)
    jobs.init_app(app)
