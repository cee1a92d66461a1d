"""Bounded and well-formed input: typed answers, titles with control characters, form limits."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from sqlmodel import Session, select
from test_study import open_question

from webapp.models import ReviewLog
from webapp.services import storage

from test_teach import REPORT, new_deck, upload
from webapp_support import HX, Learner


def test_a_huge_typed_answer_is_judged_and_stored_bounded(learner: Learner, db: Session):
    front = open_question(learner, db, "q-first-step")
    huge = "Neil Armstrong " + "x" * 200_000
    response = learner.client.post("/decks/mini/study/rate", headers=HX, data={
        "question_id": front.question_id, "version": front.version, "rating": 3, "given": huge})
    assert response.status_code == 200
    [log] = db.exec(select(ReviewLog)).all()
    assert log.answer_given is not None and len(log.answer_given) == 500 and huge.startswith(log.answer_given)


def test_a_source_title_with_a_control_character_is_refused_and_the_deck_keeps_working(teacher):
    slug = new_deck(teacher)
    response = upload(teacher, slug, [(REPORT, "mission-report.txt")], title="Bad\x7ftitle")
    assert response.status_code == 422 and "no control characters" in response.get_data(as_text=True)
    assert teacher.get(f"/teach/decks/{slug}").status_code == 200
    assert upload(teacher, slug, [(REPORT, "mission-report.txt")], title="Good title").status_code == 303
    assert teacher.post(f"/teach/decks/{slug}/build", headers=HX).status_code == 202


@pytest.mark.parametrize("field", ["kind", "perspective"])
def test_other_one_line_fields_refuse_control_characters(teacher, field):
    slug = new_deck(teacher)
    response = upload(teacher, slug, [(REPORT, "mission-report.txt")], **{field: "a\x1bb"})
    assert response.status_code == 422


def test_deck_titles_refuse_control_characters(teacher):
    assert teacher.post("/teach/decks", data={"title": "Moon\x00landing"}).status_code == 422


@pytest.mark.parametrize("title", ["Bad\x7ftitle", "tab\there", 'quote " and \\ backslash', "]]] [x] = 1", "ünï"])
def test_the_manifest_is_toml_whatever_the_titles_hold(tmp_path, title):
    entries = {"a-source": {"title": title, "kind": "report", "perspective": None}}
    storage.write_manifest(tmp_path, entries)
    parsed = tomllib.loads((tmp_path / "sources.toml").read_text("utf-8"))
    assert parsed == {"sources": {"a-source": {"title": title, "kind": "report"}}}


def test_a_form_with_too_many_parts_gets_a_page_that_says_so(teacher):
    slug = new_deck(teacher)
    fields = {f"field{n}": "x" for n in range(1200)}
    data = {"kind": "report", "files": [(io.BytesIO(REPORT), "mission-report.txt")], **fields}
    response = teacher.post(f"/teach/decks/{slug}/sources", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "too many fields" in page and "larger than" not in page


def test_an_upload_over_the_size_limit_still_says_how_large(app, teacher):
    slug = new_deck(teacher)
    app.config["MAX_CONTENT_LENGTH"] = 300 * 1024  # below what the test client spools to a file
    response = upload(teacher, slug, [(b"a" * (300 * 1024 + 10), "big.txt")])
    assert response.status_code == 413 and "That upload is larger than" in response.get_data(as_text=True)


def test_uploading_into_a_large_deck_reads_none_of_its_sources(teacher, app, monkeypatch):
    slug = new_deck(teacher)
    assert upload(teacher, slug, [(REPORT, f"old-{n}.txt") for n in range(30)]).status_code == 303
    existing = set((Path(app.config["TEACHER_DECKS_DIR"]) / slug / "sources").glob("*.txt"))
    assert len(existing) == 30
    read: list[Path] = []
    read_text, read_bytes = Path.read_text, Path.read_bytes

    def recording_text(self, *args, **kwargs):
        read.append(self)
        return read_text(self, *args, **kwargs)

    def recording_bytes(self):
        read.append(self)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_text", recording_text)
    monkeypatch.setattr(Path, "read_bytes", recording_bytes)
    response = upload(teacher, slug, [(REPORT, f"new-{n}.txt") for n in range(20)])
    assert response.status_code == 303
    assert not existing & set(read)


def test_renaming_a_deck_refuses_control_characters(teacher, app):
    slug = new_deck(teacher)
    response = teacher.post(f"/teach/decks/{slug}/rename", data={"title": "Moon\x00landing\x7f"},
                            follow_redirects=True)
    assert "no control characters" in response.get_data(as_text=True)
    page = teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    assert "Moon landing" in page and "\x00" not in page and "\x7f" not in page


@pytest.mark.parametrize("field", ["title", "kind", "perspective"])
def test_describing_a_source_refuses_control_characters(teacher, app, field):
    slug = new_deck(teacher)
    assert upload(teacher, slug, [(REPORT, "mission-report.txt")], title="Mission report").status_code == 303
    data = {"title": "Mission report", "kind": "report", "perspective": "NASA"} | {field: "bad\x1bvalue"}
    response = teacher.post(f"/teach/decks/{slug}/sources/mission-report/describe", data=data,
                            follow_redirects=True)
    assert "no control characters" in response.get_data(as_text=True)
    manifest = (Path(app.config["TEACHER_DECKS_DIR"]) / slug / "sources.toml").read_text("utf-8")
    assert "bad" not in manifest and "\\u001b" not in manifest
