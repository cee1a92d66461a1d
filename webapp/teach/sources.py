"""Teacher pages for a deck as a whole: create, rename or delete it, add and describe sources (a table's
column settings too), build it, publish it."""

from __future__ import annotations

import secrets
import shutil
from pathlib import PurePath

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from wtforms import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3; types-WTForms is at 3.2

from quizgen.documents import MEDIA_TYPES
from quizgen.errors import QuizgenError
from quizgen.fetch import fetch_url
from quizgen.sources import TABLE_KINDS

from ..db import get_session
from ..extensions import htmx
from ..forms import CONTROL, ONE_LINE, given
from ..models import Classroom, Deck
from ..repo import classes as class_repo
from ..repo import teach as teach_repo
from ..services import jobs, storage
from ..services.publishing import sync_learner_deck
from ..services.table_settings import SettingsRejected, TableView, as_submitted, save_settings, table_view
from ..web import or_404, render_page_or_fragment
from . import bp, owned_deck_or_404
from .forms import NewDeckForm, PublishForm, SourceForm

TITLE_LIMIT = 200


@bp.get("/")
def index(form: NewDeckForm | None = None, status: int = 200):
    session = get_session()
    decks = [(deck, teach_repo.status_counts(deck, session=session))
             for deck in teach_repo.owned_decks(current_user, session=session)]
    return render_template("teach/index.html", decks=decks, form=form or NewDeckForm()), status


@bp.post("/decks")
def create_deck():
    form = NewDeckForm()
    session = get_session()
    if not form.validate_on_submit():
        return index(form, 422)
    title = given(form.title.data)
    base = storage.slugify(title, fallback="deck")
    slug = base
    while teach_repo.slug_taken(slug, session=session) or storage.deck_folder(slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    deck = teach_repo.create_deck(current_user, title.strip(), slug, session=session)
    return redirect(url_for("teach.deck", slug=deck.slug), 303)


@bp.post("/decks/<slug>/rename")
def rename_deck(slug: str):
    deck = owned_deck_or_404(slug)
    title = " ".join(request.form.get("title", "").split())
    if not title or len(title) > TITLE_LIMIT:
        flash(f"A deck's title needs 1 to {TITLE_LIMIT} characters.", "warning")
    elif CONTROL.search(title):
        flash(f"Not renamed: {ONE_LINE.message}", "warning")
    else:
        session = get_session()
        teach_repo.rename_deck(deck, title, session=session)
        sync_learner_deck(deck, session=session)  # (learners' copy carries the title too)
        flash(f"Renamed to {title}.", "success")
    return redirect(url_for("teach.deck", slug=deck.slug), 303)


@bp.route("/decks/<slug>/delete", methods=["GET", "POST"])
def delete_deck(slug: str):
    """Ask first (a GET, or a POST without ``confirm``); then delete the deck, its sources, its
    questions and every learner's progress on them."""
    deck = owned_deck_or_404(slug)
    session = get_session()
    if request.method == "GET" or request.form.get("confirm") != "yes":
        return render_template("teach/delete_deck.html", deck=deck,
                               counts=teach_repo.status_counts(deck, session=session))
    title = deck.title
    teach_repo.delete_deck(deck, session=session)
    shutil.rmtree(storage.deck_folder(slug), ignore_errors=True)
    flash(f"Deleted {title}.", "success")
    return redirect(url_for("teach.index"), 303)


def _deck_page(deck: Deck, *, source_form: SourceForm | None = None, upload_error: str | None = None,
               status: int = 200):
    session = get_session()
    publish_form = PublishForm()
    publish_form.class_id.choices = [SelectChoice(c.id, c.name)
                                     for c in class_repo.teacher_classes(current_user, session=session)]
    return render_template(
        "teach/deck.html", deck=deck, sources=storage.list_sources(storage.deck_folder(deck.slug)),
        source_form=source_form or SourceForm(), upload_error=upload_error,
        job=teach_repo.latest_job(deck, session=session), counts=teach_repo.status_counts(deck, session=session),
        published_to=class_repo.classes_publishing(deck, session=session), publish_form=publish_form,
    ), status


@bp.get("/decks/<slug>")
def deck(slug: str):
    return _deck_page(owned_deck_or_404(slug))


@bp.post("/decks/<slug>/sources")
def add_sources(slug: str):
    deck = owned_deck_or_404(slug)
    form = SourceForm()
    if not form.validate_on_submit():
        return _deck_page(deck, source_form=form, status=422)
    try:
        uploads = _uploads(form)
    except storage.UploadRejected as error:
        return _deck_page(deck, source_form=form, upload_error=str(error), status=422)
    storage.add_sources(storage.deck_folder(deck.slug), uploads)
    flash(f"Added {len(uploads)} source{'s' if len(uploads) != 1 else ''}. Build the deck to make questions.",
          "success")
    return redirect(url_for("teach.deck", slug=deck.slug), 303)


def _uploads(form: SourceForm) -> list[tuple[storage.Upload, dict]]:
    """The form's sources (files, a web address, pasted text) as (checked upload, entry for
    sources.toml); raises UploadRejected for the first one refused, or when there is none."""
    checked: list[tuple[str, storage.Upload]] = [
        (PurePath(upload.filename).name, storage.check_upload(PurePath(upload.filename).name, upload.read()))
        for upload in request.files.getlist(form.files.name) if upload and upload.filename]
    if url := (form.url.data or "").strip():
        checked.append(_fetched(url))
    if (pasted := form.text.data or "").strip():
        data = pasted.replace("\r\n", "\n").replace("\r", "\n").encode()  # (browsers send CRLF)
        text = storage.decode_upload("Pasted text", data)
        first_line = next(line.strip() for line in text.splitlines() if line.strip())[:120]
        checked.append(("pasted.txt", storage.Upload(".txt", data, text, first_line)))
    if not checked:
        raise storage.UploadRejected("Choose a file, give a web address or paste the text of a source.")
    meta = {"kind": (form.kind.data or "document").strip(), "perspective": (form.perspective.data or "").strip()}
    title = (form.title.data or "").strip()
    return [(upload, {**meta, "title": title or upload.title or PurePath(name).stem}) for name, upload in checked]


def _fetched(url: str) -> tuple[str, storage.Upload]:
    """A source fetched from ``url`` by the server, within the configured limits."""
    config = current_app.config
    try:
        fetched = fetch_url(url, max_bytes=int(config["FETCH_MAX_BYTES"]),
                            timeout=float(config["FETCH_TIMEOUT_SECONDS"]),
                            allowed_networks=config["FETCH_ALLOWED_NETWORKS"])
    except QuizgenError as error:
        raise storage.UploadRejected(f"{url}: {error.message}.") from None
    return fetched.name, storage.check_upload(fetched.name, fetched.data)


@bp.get("/decks/<slug>/sources/<key>/original")
def original(slug: str, key: str):
    """The file a source was made from, as it was uploaded or fetched."""
    deck = owned_deck_or_404(slug)
    path = or_404(storage.original_file(storage.deck_folder(deck.slug), key))
    return send_file(path.resolve(), mimetype=MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream"),
                     as_attachment=True, download_name=path.name)


@bp.post("/decks/<slug>/sources/<key>/delete")
def delete_source(slug: str, key: str):
    deck = owned_deck_or_404(slug)
    if storage.remove_source(storage.deck_folder(deck.slug), key):
        flash("Source removed. Rebuild the deck to update its questions.", "info")
    return redirect(url_for("teach.deck", slug=deck.slug), 303)


@bp.post("/decks/<slug>/sources/<key>/describe")
def describe_source(slug: str, key: str):
    """A source's title, kind and perspective; the next build carries them into the deck."""
    deck = owned_deck_or_404(slug)
    meta = {name: request.form.get(name, "")[:TITLE_LIMIT] for name in storage.MANIFEST_FIELDS}
    if not meta["title"].strip():
        flash("A source needs a title.", "warning")
    elif any(CONTROL.search(value) for value in meta.values()):
        flash(f"Not saved: {ONE_LINE.message}", "warning")
    elif storage.describe_source(storage.deck_folder(deck.slug), key, meta):
        flash(f"Saved {meta['title'].strip()}. Rebuild the deck to show it to learners.", "success")
    return redirect(url_for("teach.deck", slug=deck.slug, _anchor=f"source-{key}"), 303)


def _table_page(deck: Deck, key: str, view: TableView, *, error: str | None = None, status: int = 200):
    title = next((source.title for source in storage.list_sources(storage.deck_folder(deck.slug))
                  if source.key == key), key)
    return render_template("teach/table_settings.html", deck=deck, key=key, title=title, view=view,
                           kinds=TABLE_KINDS, error=error), status


@bp.get("/decks/<slug>/sources/<key>/table")
def table_settings(slug: str, key: str):
    deck = owned_deck_or_404(slug)
    return _table_page(deck, key, or_404(table_view(storage.deck_folder(deck.slug), key)))


@bp.post("/decks/<slug>/sources/<key>/table")
def save_table_settings(slug: str, key: str):
    deck = owned_deck_or_404(slug)
    folder = storage.deck_folder(deck.slug)
    view = or_404(table_view(folder, key))
    try:
        save_settings(folder, view, request.form.to_dict())
    except SettingsRejected as error:
        return _table_page(deck, key, as_submitted(view, request.form.to_dict()), error=str(error), status=422)
    flash("Saved the table's settings. Build the deck again to apply them.", "success")
    return redirect(url_for("teach.deck", slug=deck.slug, _anchor=f"source-{key}"), 303)


def _build_status(deck: Deck, *, status: int = 200, notice: str | None = None):
    session = get_session()
    jobs.sweep(current_app, session=session, deck=deck)
    job = teach_repo.latest_job(deck, session=session)
    running = teach_repo.active_job(deck, session=session) is not None
    response = render_page_or_fragment("teach/build.html", "teach/_build_status.html", status=status,
                                       deck=deck, job=job, running=running, notice=notice)
    if htmx and job is not None and job.status == "done" and request.headers.get("HX-Trigger") == "build-status":
        # The poll that sees the build finish: the review counts on the page follow.
        response.headers["HX-Trigger"] = "review-changed"
    return response


@bp.post("/decks/<slug>/build")
def build(slug: str):
    deck = owned_deck_or_404(slug)
    if not storage.list_sources(storage.deck_folder(deck.slug)):
        return _build_status(deck, status=422, notice="Add at least one source before building.")
    try:
        jobs.start_build(current_app, deck, session=get_session())
    except teach_repo.BuildRunning:
        return _build_status(deck, status=409, notice="A build of this deck is already running.")
    if htmx:
        return _build_status(deck, status=202)
    return redirect(url_for("teach.build_status", slug=deck.slug), 303)


@bp.post("/decks/<slug>/build/cancel")
def cancel_build(slug: str):
    deck = owned_deck_or_404(slug)
    jobs.cancel_build(deck, session=get_session())
    if htmx:
        return _build_status(deck)
    return redirect(url_for("teach.build_status", slug=deck.slug), 303)


@bp.get("/decks/<slug>/build")
def build_status(slug: str):
    return _build_status(owned_deck_or_404(slug))


def _chosen_class() -> Classroom | None:
    return class_repo.get_teacher_class(request.form.get("class_id", type=int) or 0, current_user,
                                        session=get_session())


@bp.post("/decks/<slug>/publish")
def publish(slug: str):
    deck = owned_deck_or_404(slug)
    session = get_session()
    classroom = _chosen_class()
    if classroom is None:
        flash("Choose one of your classes.", "warning")
        return redirect(url_for("teach.deck", slug=deck.slug), 303)
    sync_learner_deck(deck, session=session)
    class_repo.publish(classroom, deck, session=session)
    approved = teach_repo.status_counts(deck, session=session)["approved"]
    flash(f"Published to {classroom.name}: its learners can study the {approved} approved questions.",
          "success")
    return redirect(url_for("teach.deck", slug=deck.slug), 303)


@bp.post("/decks/<slug>/unpublish")
def unpublish(slug: str):
    deck = owned_deck_or_404(slug)
    if (classroom := _chosen_class()) is not None:
        class_repo.unpublish(classroom, deck, session=get_session())
        flash(f"{deck.title} is no longer published to {classroom.name}.", "info")
    return redirect(url_for("teach.deck", slug=deck.slug), 303)
