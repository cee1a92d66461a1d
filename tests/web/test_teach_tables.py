"""A teacher uploads a table of facts (.csv, .tsv, .xlsx): checked on upload, built with its citations."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from flask.testing import FlaskClient

from webapp_support import HX, run_builds

TREATIES = (
    "Treaty,Signed,Reference\n"
    "Treaty of Kars,13 October 1921,Gazette 1921\n"
    "Treaty of Gulistan,24 October 1813,Gazette 1813\n"
    "Treaty of Turkmenchay,10 February 1828,Gazette 1828\n"
    "Treaty of Moscow,16 March 1921,Gazette 1921b\n"
)


def new_deck(client: FlaskClient) -> str:
    response = client.post("/teach/decks", data={"title": "Treaties"})
    assert response.status_code == 303
    return response.location.rsplit("/", 1)[1]


def upload(client: FlaskClient, slug: str, body: bytes, name: str):
    data = {"kind": "table", "title": "Treaties of the Caucasus", "files": [(io.BytesIO(body), name)]}
    return client.post(f"/teach/decks/{slug}/sources", data=data, content_type="multipart/form-data")


def xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("body", "name", "stored"), [
    (TREATIES.encode(), "treaties.csv", "treaties-of-the-caucasus.csv"),
    (xlsx([line.split(",") for line in TREATIES.splitlines()]), "treaties.xlsx", "treaties-of-the-caucasus.xlsx"),
])
def test_an_uploaded_table_builds_questions_that_cite_its_rows(app, teacher, teacher_dir, body, name, stored):
    slug = new_deck(teacher)
    assert upload(teacher, slug, body, name).status_code == 303
    assert (teacher_dir / slug / "sources" / stored).read_bytes() == body
    assert teacher.post(f"/teach/decks/{slug}/build", headers=HX).status_code == 202
    run_builds(app)
    status = teacher.get(f"/teach/decks/{slug}/build", headers=HX).get_data(as_text=True)
    assert 'data-job-status="done"' in status, status
    review = teacher.get(f"/teach/decks/{slug}/review?status=all").get_data(as_text=True)
    assert "When was the Treaty of Kars signed?" in review
    assert "citing Gazette 1921" in review


@pytest.mark.parametrize(("body", "name", "named"), [
    (b"Treaty,Signed\nTreaty of Kars,13 October 1921,extra\n", "ragged.csv", "row 2, column C"),
    (b"Treaty,Signed,signed\nTreaty of Kars,1921,1921\n", "twice.csv", "duplicated header"),
    (xlsx([["Treaty", "Signed"], ["Treaty of Kars", "=1900+21"]]), "formula.xlsx", "row 2, column B"),
    ("Treaty,Place\nTreaty of Kars,Kür\n".encode("latin-1"), "latin.csv", "not UTF-8"),
])
def test_a_bad_table_upload_is_refused_naming_row_and_column(teacher, teacher_dir, body, name, named):
    slug = new_deck(teacher)
    response = upload(teacher, slug, body, name)
    assert response.status_code == 422
    found = re.search(r'id="upload-error"[^>]*>([^<]*)<', response.get_data(as_text=True))
    assert found is not None
    message = found.group(1)
    assert name in message and named in message, message
    assert not (teacher_dir / slug).exists() or not any((teacher_dir / slug).rglob("*"))
