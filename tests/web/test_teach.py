"""Teacher pages: sources, background builds, question review, own questions, downloads.

Every view and partial is driven through the Flask test client. Builds are queued;
tests run the queue in this process before looking at the result.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from webapp.models import BuildJob, Deck, Question, QuestionReview
from webapp.repo import teach as teach_repo
from webapp.services import jobs

from webapp_support import HX, close_app, make_app, signup

FIXTURE_SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "sources"
REPORT = (FIXTURE_SOURCES / "mission-report.txt").read_bytes()
PRESS = (FIXTURE_SOURCES / "press-summary.txt").read_bytes()


# --- helpers shared with test_classes.py ---------------------------------------

def new_deck(client: FlaskClient, title: str = "Moon landing") -> str:
    response = client.post("/teach/decks", data={"title": title})
    assert response.status_code == 303
    return response.location.rsplit("/", 1)[1]


def upload(client: FlaskClient, slug: str, files: list[tuple[bytes, str]] = (), **fields):
    data = {"kind": "report", **fields, "files": [(io.BytesIO(body), name) for body, name in files]}
    return client.post(f"/teach/decks/{slug}/sources", data=data, content_type="multipart/form-data")


def build(app: Flask, client: FlaskClient, slug: str) -> str:
    response = client.post(f"/teach/decks/{slug}/build", headers=HX)
    assert response.status_code == 202, response.get_data(as_text=True)
    jobs.builds(app).run_pending()
    return client.get(f"/teach/decks/{slug}/build", headers=HX).get_data(as_text=True)


def review_ids(client: FlaskClient, slug: str, status: str = "all") -> list[int]:
    html = client.get(f"/teach/decks/{slug}/review?status={status}").get_data(as_text=True)
    return [int(found) for found in re.findall(r'data-review-id="(\d+)"', html)]


def built_deck(app: Flask, client: FlaskClient, *, sources=((REPORT, "mission-report.txt"),)) -> str:
    slug = new_deck(client)
    assert upload(client, slug, list(sources)).status_code == 303
    assert 'data-job-status="done"' in build(app, client, slug)
    return slug


def learner_keys(db: Session, slug: str) -> set[str]:
    """The question ids a learner can study in the deck."""
    deck = db.exec(select(Deck).where(Deck.slug == slug)).one()
    db.expire_all()
    return {q.key for q in db.exec(select(Question).where(Question.deck_id == deck.id,
                                                          Question.retired == False))}  # noqa: E712


def review_rows(db: Session, slug: str) -> dict[int, QuestionReview]:
    db.expire_all()
    deck = db.exec(select(Deck).where(Deck.slug == slug)).one()
    return {r.id: r for r in db.exec(select(QuestionReview).where(QuestionReview.deck_id == deck.id))}


# --- fixtures ---------------------------------------------------------------------

@pytest.fixture
def teacher_dir(tmp_path: Path) -> Path:
    return tmp_path / "teacher-decks"


@pytest.fixture
def app(database_url: str, decks_dir: Path, clock, teacher_dir: Path) -> Iterator[Flask]:
    app = make_app(database_url, decks_dir, clock, TEACHER_DECKS_DIR=str(teacher_dir))
    yield app
    close_app(app)


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    client = app.test_client()
    signup(client, "tess@example.org", role="teacher")
    return client


# --- access ---------------------------------------------------------------------

TEACHER_GETS = ["/teach/", "/teach/decks/{slug}", "/teach/decks/{slug}/build", "/teach/decks/{slug}/review",
                "/teach/decks/{slug}/review/counts", "/teach/decks/{slug}/review/{rid}",
                "/teach/decks/{slug}/review/{rid}/edit", "/teach/decks/{slug}/questions/new",
                "/teach/decks/{slug}/questions/source/mission-report", "/teach/classes"]
TEACHER_POSTS = ["/teach/decks", "/teach/decks/{slug}/sources", "/teach/decks/{slug}/build",
                 "/teach/decks/{slug}/review/{rid}/approve", "/teach/decks/{slug}/review/{rid}/reject",
                 "/teach/decks/{slug}/review/approve-pending", "/teach/decks/{slug}/publish",
                 "/teach/decks/{slug}/sources/mission-report/delete", "/teach/classes"]


def test_learners_get_403_on_every_teacher_page(app, teacher):
    slug = built_deck(app, teacher)
    rid = review_ids(teacher, slug)[0]
    learner = app.test_client()
    signup(learner, "lee@example.org")
    for url in TEACHER_GETS:
        assert learner.get(url.format(slug=slug, rid=rid)).status_code == 403, url
    for url in TEACHER_POSTS:
        assert learner.post(url.format(slug=slug, rid=rid)).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/teach/")
    assert response.status_code in (302, 303) and "/login" in response.location


def test_another_teachers_deck_is_not_found(app, teacher):
    slug = built_deck(app, teacher)
    rid = review_ids(teacher, slug)[0]
    other = app.test_client()
    signup(other, "otto@example.org", role="teacher")
    for url in TEACHER_GETS[1:-1]:
        assert other.get(url.format(slug=slug, rid=rid)).status_code == 404, url
    assert other.post(f"/teach/decks/{slug}/review/{rid}/approve").status_code == 404
    assert other.get(f"/decks/{slug}/download.csv").status_code == 404


# --- sources ----------------------------------------------------------------------

def test_uploaded_and_pasted_sources_land_in_the_deck_folder(teacher, teacher_dir):
    slug = new_deck(teacher)
    response = upload(teacher, slug, [(REPORT, "mission-report.txt")], perspective="mission office")
    assert response.status_code == 303
    response = upload(teacher, slug, text="Press summary\r\n\r\nThe lander touched down on 20 July 1969.\r\n",
                      title="Press summary", kind="press release")
    assert response.status_code == 303
    folder = teacher_dir / slug
    assert (folder / "sources" / "mission-report.txt").read_bytes() == REPORT
    assert (folder / "sources" / "press-summary.txt").read_text("utf-8").startswith("Press summary\n\nThe")
    manifest = (folder / "sources.toml").read_text("utf-8")
    assert 'perspective = "mission office"' in manifest and 'kind = "press release"' in manifest
    page = teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    assert 'data-source="mission-report"' in page and 'data-source="press-summary"' in page


def test_removing_a_source_deletes_its_file(teacher, teacher_dir):
    slug = new_deck(teacher)
    upload(teacher, slug, [(REPORT, "mission-report.txt")])
    assert teacher.post(f"/teach/decks/{slug}/sources/mission-report/delete").status_code == 303
    assert not (teacher_dir / slug / "sources" / "mission-report.txt").exists()
    assert "mission-report" not in (teacher_dir / slug / "sources.toml").read_text("utf-8")


def _row_counts(db: Session) -> tuple[int, ...]:
    return tuple(db.exec(select(func.count()).select_from(model)).one()
                 for model in (Deck, Question, QuestionReview, BuildJob))


@pytest.mark.parametrize(("files", "fields", "named", "reason"), [
    ([(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "diagram.txt")], {}, "diagram.txt", "binary"),
    ([("Caf\u00e9 au lait".encode("latin-1"), "menu.txt")], {}, "menu.txt", "not UTF-8"),
    ([(b"", "blank.txt")], {}, "blank.txt", "empty"),
    ([(b"   \n\n  ", "spaces.txt")], {}, "spaces.txt", "empty"),
    ([(REPORT, "report.pdf")], {}, "report.pdf", ".txt"),
    ([(REPORT, "good.txt"), (b"\x00\x01", "bad.txt")], {}, "bad.txt", "binary"),
    ([], {"text": "  \r\n "}, "", "Choose a .txt file"),
])
def test_bad_uploads_are_refused_and_leave_nothing_behind(teacher, teacher_dir, db, files, fields, named,
                                                          reason):
    slug = new_deck(teacher)
    before = _row_counts(db)
    response = upload(teacher, slug, files, **fields)
    assert response.status_code == 422
    message = re.search(r'id="upload-error"[^>]*>([^<]*)<', response.get_data(as_text=True)).group(1)
    assert named in message and reason in message
    assert not (teacher_dir / slug).exists() or not any((teacher_dir / slug).rglob("*"))
    assert _row_counts(db) == before


def test_an_upload_over_the_size_limit_gets_a_friendly_413_and_leaves_nothing(teacher, teacher_dir, db):
    slug = new_deck(teacher)
    before = _row_counts(db)
    # Encoded in memory: the test client would otherwise spool the large body to a temporary file.
    boundary, body = encode_multipart({"files": FileStorage(io.BytesIO(b"a" * (6 * 1024 * 1024)), "huge.txt")})
    response = teacher.post(f"/teach/decks/{slug}/sources", data=body,
                            content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "larger than 5 MB" in response.get_data(as_text=True)
    assert not (teacher_dir / slug).exists()
    assert _row_counts(db) == before


# --- builds -------------------------------------------------------------------------

def test_build_runs_in_the_background_and_reports_progress(app, teacher, db):
    slug = new_deck(teacher)
    upload(teacher, slug, [(REPORT, "mission-report.txt"), (PRESS, "press-summary.txt")])
    deck = db.exec(select(Deck).where(Deck.slug == slug)).one()
    # A job another worker has queued: the partial shows it and keeps polling.
    teach_repo.create_job(deck, session=db)
    running = teacher.get(f"/teach/decks/{slug}/build", headers=HX).get_data(as_text=True)
    assert 'data-job-status="queued"' in running and 'hx-trigger="every 1s"' in running
    assert "<progress" in running and "build-button" not in running
    assert teacher.post(f"/teach/decks/{slug}/build", headers=HX).status_code == 409
    teach_repo.update_job(teach_repo.latest_job(deck, session=db).id, status="failed", message="stopped",
                          session=db)

    done = build(app, teacher, slug)
    assert 'data-job-status="done"' in done and "every 1s" not in done
    job = teach_repo.latest_job(deck, session=db)
    db.refresh(job)
    assert job.percent == 100 and job.finished_at is not None
    assert len(review_ids(teacher, slug, "pending")) > 0
    # Nothing is approved yet, so learners have nothing to study.
    assert learner_keys(db, slug) == set()


def test_build_page_without_htmx_is_a_full_page(app, teacher):
    slug = new_deck(teacher)
    upload(teacher, slug, [(REPORT, "mission-report.txt")])
    response = teacher.post(f"/teach/decks/{slug}/build")
    assert response.status_code == 303
    jobs.builds(app).run_pending()
    page = teacher.get(response.location).get_data(as_text=True)
    assert "<html" in page and 'id="build-status"' in page


def test_building_without_sources_is_refused(teacher):
    slug = new_deck(teacher)
    response = teacher.post(f"/teach/decks/{slug}/build", headers=HX)
    assert response.status_code == 422 and "Add at least one source" in response.get_data(as_text=True)


def test_a_failed_build_names_the_bad_source(app, teacher, teacher_dir):
    slug = new_deck(teacher)
    upload(teacher, slug, [(REPORT, "mission-report.txt")])
    (teacher_dir / slug / "sources" / "mission-report.txt").write_bytes(b"\xff\xfe broken")
    status = build(app, teacher, slug)
    assert 'data-job-status="failed"' in status and "mission-report.txt" in status


# --- review ---------------------------------------------------------------------------

def test_approve_reject_and_reset_swap_the_item_and_set_what_learners_see(app, teacher, db):
    slug = built_deck(app, teacher)
    first, second, *_ = review_ids(teacher, slug)
    response = teacher.post(f"/teach/decks/{slug}/review/{first}/approve", headers=HX)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "review-changed"
    assert 'data-status="approved"' in response.get_data(as_text=True)
    assert "<html" not in response.get_data(as_text=True)
    rows = review_rows(db, slug)
    assert learner_keys(db, slug) == {rows[first].key}

    teacher.post(f"/teach/decks/{slug}/review/{second}/approve", headers=HX)
    response = teacher.post(f"/teach/decks/{slug}/review/{second}/reject", headers=HX)
    assert 'data-status="rejected"' in response.get_data(as_text=True)
    assert learner_keys(db, slug) == {rows[first].key}

    response = teacher.post(f"/teach/decks/{slug}/review/{first}/reset")
    assert response.status_code == 303
    assert learner_keys(db, slug) == set()
    counts = teacher.get(f"/teach/decks/{slug}/review/counts").get_data(as_text=True)
    assert 'data-count="rejected">1<' in counts and 'data-count="approved">0<' in counts


def test_review_filters_and_single_item_views(app, teacher):
    slug = built_deck(app, teacher)
    ids = review_ids(teacher, slug)
    teacher.post(f"/teach/decks/{slug}/review/{ids[0]}/reject", headers=HX)
    assert review_ids(teacher, slug, "rejected") == [ids[0]]
    assert ids[0] not in review_ids(teacher, slug, "pending")
    fragment = teacher.get(f"/teach/decks/{slug}/review/{ids[1]}", headers=HX).get_data(as_text=True)
    assert fragment.lstrip().startswith("<article") and f'data-review-id="{ids[1]}"' in fragment
    page = teacher.get(f"/teach/decks/{slug}/review/{ids[1]}").get_data(as_text=True)
    assert "<html" in page and f'data-review-id="{ids[1]}"' in page
    assert teacher.get(f"/teach/decks/{slug}/review/999999").status_code == 404


def test_approve_all_pending(app, teacher, db):
    slug = built_deck(app, teacher)
    ids = review_ids(teacher, slug)
    teacher.post(f"/teach/decks/{slug}/review/{ids[0]}/reject", headers=HX)
    assert teacher.post(f"/teach/decks/{slug}/review/approve-pending").status_code == 303
    rows = review_rows(db, slug)
    assert learner_keys(db, slug) == {rows[i].key for i in ids[1:]}


def test_editing_a_question_changes_what_learners_get(app, teacher, db):
    slug = built_deck(app, teacher)
    rid = review_ids(teacher, slug)[0]
    form = teacher.get(f"/teach/decks/{slug}/review/{rid}/edit", headers=HX).get_data(as_text=True)
    assert 'name="prompt"' in form and "<html" not in form
    response = teacher.post(f"/teach/decks/{slug}/review/{rid}/edit", headers=HX, data={
        "prompt": "On what day did the lander touch down?", "answer": "20 July 1969",
        "accepted": "July 20, 1969\n1969-07-20", "distractors": "21 July 1969\n19 July 1969\n\n"})
    assert response.status_code == 200
    assert 'data-status="approved"' in response.get_data(as_text=True)
    key = review_rows(db, slug)[rid].key
    question = db.exec(select(Question).where(Question.key == key)).one()
    assert question.prompt == "On what day did the lander touch down?"
    assert question.distractors == ["21 July 1969", "19 July 1969"]
    assert question.accepted == ["July 20, 1969", "1969-07-20"]


@pytest.mark.parametrize(("fields", "error"), [
    ({"prompt": "", "answer": "x"}, "This field is required"),
    ({"prompt": "When?", "answer": "1969", "distractors": "1970\n1969"}, "also a right answer"),
])
def test_an_invalid_edit_is_refused_with_the_form_again(app, teacher, db, fields, error):
    slug = built_deck(app, teacher)
    rid = review_ids(teacher, slug)[0]
    before = review_rows(db, slug)[rid].edits
    response = teacher.post(f"/teach/decks/{slug}/review/{rid}/edit", headers=HX, data=fields)
    assert response.status_code == 422 and error in response.get_data(as_text=True)
    assert review_rows(db, slug)[rid].edits == before


def test_rebuild_keeps_edits_and_rejections(app, teacher, db, teacher_dir):
    slug = built_deck(app, teacher)
    edited, rejected, approved, *_ = review_ids(teacher, slug)
    teacher.post(f"/teach/decks/{slug}/review/{edited}/edit", headers=HX, data={
        "prompt": "My own wording: when did it land?", "answer": "20 July 1969", "accepted": "",
        "distractors": "1 May 1970\n3 June 1968"})
    teacher.post(f"/teach/decks/{slug}/review/{rejected}/reject", headers=HX)
    teacher.post(f"/teach/decks/{slug}/review/{approved}/approve", headers=HX)
    keys = {rid: row.key for rid, row in review_rows(db, slug).items()}

    # A new source and a rebuild: the old questions come back with the same ids.
    upload(teacher, slug, [(PRESS, "press-summary.txt")])
    assert 'data-job-status="done"' in build(app, teacher, slug)
    rows = {row.key: row for row in review_rows(db, slug).values()}
    assert rows[keys[edited]].status == "approved"
    assert rows[keys[edited]].edits["prompt"] == "My own wording: when did it land?"
    assert rows[keys[rejected]].status == "rejected"
    assert rows[keys[approved]].status == "approved"
    assert learner_keys(db, slug) == {keys[edited], keys[approved]}
    question = db.exec(select(Question).where(Question.key == keys[edited])).one()
    assert question.prompt == "My own wording: when did it land?"
    page = teacher.get(f"/teach/decks/{slug}/review?status=approved").get_data(as_text=True)
    assert "My own wording" in page and "edited" in page


# --- the teacher's own questions ---------------------------------------------------------

def _own_question_form(text: str, quote: str, **extra) -> dict:
    start = text.index(quote)
    return {"source": "mission-report", "start": start, "end": start + len(quote), "exact": quote,
            "kind": "place", "format": "type_in", "prompt": "Where did the lander touch down?",
            "answer": "the Sea of Tranquility", "value": "Sea of Tranquility", "accepted": "",
            "distractors": "", **extra}


def test_own_question_with_a_verified_passage_is_added_and_approved(app, teacher, db):
    slug = built_deck(app, teacher)
    page = teacher.get(f"/teach/decks/{slug}/questions/new").get_data(as_text=True)
    assert 'id="source-text"' in page
    text = REPORT.decode("utf-8")
    quote = "The lander touched down on 20 July 1969 in the Sea of Tranquility."
    response = teacher.post(f"/teach/decks/{slug}/questions/new", data=_own_question_form(text, quote))
    assert response.status_code == 303, response.get_data(as_text=True)
    own = [r for r in review_rows(db, slug).values() if r.origin == "teacher"]
    assert len(own) == 1 and own[0].status == "approved"
    evidence = own[0].generated["evidence"][0]
    assert text[evidence["start"]:evidence["end"]] == evidence["exact"] == quote
    assert own[0].key in learner_keys(db, slug)


@pytest.mark.parametrize(("change", "error"), [
    ({"exact": "The lander touched down on 21 July"}, "does not match the source"),
    ({"start": 5, "end": 999999}, "must lie inside the source"),
    ({"value": "Ocean of Storms"}, "must appear inside the quoted passage"),
    ({"start": ""}, "Select a passage"),
])
def test_own_question_with_a_wrong_passage_is_refused(app, teacher, db, change, error):
    slug = built_deck(app, teacher)
    text = REPORT.decode("utf-8")
    form = _own_question_form(text, "The lander touched down on 20 July 1969 in the Sea of Tranquility.")
    response = teacher.post(f"/teach/decks/{slug}/questions/new", data={**form, **change})
    assert response.status_code == 422 and error in response.get_data(as_text=True)
    assert not [r for r in review_rows(db, slug).values() if r.origin == "teacher"]


def test_own_question_needs_a_build_first(teacher):
    slug = new_deck(teacher)
    response = teacher.get(f"/teach/decks/{slug}/questions/new")
    assert response.status_code == 303 and response.location.endswith(f"/teach/decks/{slug}")


def test_source_picker_partial(app, teacher):
    slug = built_deck(app, teacher)
    response = teacher.get(f"/teach/decks/{slug}/questions/source/mission-report", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-source="mission-report"' in html
    assert "Sea of Tranquility" in html
    assert teacher.get(f"/teach/decks/{slug}/questions/source/nope").status_code == 404


# --- downloads ------------------------------------------------------------------------------

def test_downloads_hold_the_approved_questions_with_edits(app, teacher, db):
    slug = built_deck(app, teacher)
    kept, dropped, *_ = review_ids(teacher, slug)
    teacher.post(f"/teach/decks/{slug}/review/{kept}/edit", headers=HX, data={
        "prompt": "Edited for the download: when?", "answer": "20 July 1969", "accepted": "",
        "distractors": "2 May 1970"})
    teacher.post(f"/teach/decks/{slug}/review/{dropped}/reject", headers=HX)
    rows = review_rows(db, slug)

    with teacher.get(f"/decks/{slug}/download.csv") as response:
        assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
        table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {row["id"] for row in table} == {rows[kept].key}
    assert table[0]["prompt"] == "Edited for the download: when?"

    with teacher.get(f"/decks/{slug}/download.apkg") as response:
        assert response.status_code == 200 and response.headers["Content-Disposition"].endswith(".apkg")
        body = response.data
    with zipfile.ZipFile(io.BytesIO(body)) as package:
        assert any(name.startswith("collection.anki") for name in package.namelist())


def test_teacher_index_lists_decks_with_their_counts(app, teacher):
    slug = built_deck(app, teacher)
    page = teacher.get("/teach/").get_data(as_text=True)
    assert f'data-deck="{slug}"' in page and "0 approved" in page
    assert teacher.post("/teach/decks", data={"title": ""}).status_code == 422
