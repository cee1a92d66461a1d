"""A teacher's sources of every kind: PDF, Word, web pages and Markdown, uploaded or fetched by URL."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from quizgen.check import check_deck

from document_files import (
    HTML,
    MARKDOWN,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
    zip_bomb_docx_bytes,
)
from test_teach import build, new_deck, upload
from webapp_support import signup

PDF = pdf_bytes()
DOCX = docx_bytes()


class Site(BaseHTTPRequestHandler):
    def log_message(self, *_args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/floods.html":
            body, status, headers = HTML.encode(), 200, {"Content-Type": "text/html; charset=utf-8"}
        elif self.path == "/to-private":
            body, status, headers = b"", 302, {"Location": "http://10.1.2.3/inside"}
        else:
            body, status, headers = b"no", 404, {"Content-Type": "text/plain"}
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LARGE_UPLOADS = {"MAX_CONTENT_LENGTH": 20 * 1024 * 1024}


@pytest.fixture
def settings() -> dict:
    return {**LARGE_UPLOADS, "FETCH_ALLOWED_NETWORKS": ["127.0.0.0/8"]}


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def test_files_of_every_kind_are_stored_with_their_text_and_build_into_a_deck(app, teacher, teacher_dir, site):
    slug = new_deck(teacher)
    files = [(PDF, "railway.pdf"), (DOCX, "charter.docx"), (MARKDOWN.encode(), "dam.md")]
    for body, name in files:
        assert upload(teacher, slug, [(body, name)]).status_code == 303, name
    assert upload(teacher, slug, url=f"{site}/floods.html").status_code == 303
    folder = teacher_dir / slug
    # titles from the files' own metadata name the sources
    keys = {"a-history-of-the-varnian-railway": ".pdf", "the-brannoch-charter": ".docx",
            "building-the-kessel-dam": ".md", "the-ostrel-floods": ".html"}
    stored = {f"{key}{suffix}" for key, suffix in keys.items()}
    assert files_in(folder / "sources") == stored | {f"{name}.txt" for name in stored}
    assert (folder / "sources" / "a-history-of-the-varnian-railway.pdf").read_bytes() == PDF

    page = teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    for key, suffix in keys.items():
        assert f'data-source="{key}"' in page and f"{key}{suffix}</a>" in page
    with teacher.get(f"/teach/decks/{slug}/sources/the-brannoch-charter/original") as response:
        assert response.status_code == 200 and response.data == DOCX
        assert "attachment" in response.headers["Content-Disposition"]
    assert teacher.get(f"/teach/decks/{slug}/sources/nope/original").status_code == 404

    assert 'data-job-status="done"' in build(app, teacher, slug)
    report = check_deck(folder / "generated.json")
    assert report.errors == []
    generated = json.loads((folder / "generated.json").read_text("utf-8"))
    assert {s["id"] for s in generated["sources"]} == set(keys)
    assert {e["source"] for q in generated["questions"] for e in q["evidence"]} == set(keys)
    picker = teacher.get(f"/teach/decks/{slug}/questions/source/the-brannoch-charter",
                         headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Later history" in picker and "King Adalric" in picker


def test_removing_a_pdf_source_removes_its_text_too(teacher, teacher_dir):
    slug = new_deck(teacher)
    upload(teacher, slug, [(PDF, "railway.pdf")], title="Railway")
    assert files_in(teacher_dir / slug / "sources") == {"railway.pdf", "railway.pdf.txt"}
    assert teacher.post(f"/teach/decks/{slug}/sources/railway/delete").status_code == 303
    assert files_in(teacher_dir / slug / "sources") == set()


@pytest.mark.parametrize(("make_file", "name", "reason"), [
    (scanned_pdf_bytes, "scan.pdf", "looks scanned"),
    (encrypted_pdf_bytes, "locked.pdf", "encrypted"),
    (zip_bomb_docx_bytes, "bomb.docx", "zip bomb"),
])
def test_bad_files_are_refused_with_one_message_and_leave_nothing(teacher, teacher_dir, make_file, name, reason):
    slug = new_deck(teacher)
    response = upload(teacher, slug, [(DOCX, "good.docx"), (make_file(), name)])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"{name}: " in html and reason in html and html.count('id="upload-error"') == 1
    assert files_in(teacher_dir / slug) == set()


def test_a_url_redirecting_to_a_private_address_is_refused(teacher, teacher_dir, site):
    slug = new_deck(teacher)
    response = upload(teacher, slug, url=f"{site}/to-private")
    assert response.status_code == 422 and "10.1.2.3" in response.get_data(as_text=True)
    assert files_in(teacher_dir / slug) == set()


@pytest.mark.parametrize("settings", [LARGE_UPLOADS])
def test_without_the_setting_a_loopback_url_is_refused(teacher, teacher_dir, site):
    slug = new_deck(teacher)
    response = upload(teacher, slug, url=f"{site}/floods.html")
    assert response.status_code == 422 and "inside this network" in response.get_data(as_text=True)
    assert files_in(teacher_dir / slug) == set()


def test_download_formats_for_quiz_tools(app, teacher, teacher_dir):
    import xml.etree.ElementTree as ET

    slug = new_deck(teacher)
    upload(teacher, slug, [(PDF, "railway.pdf")])
    build(app, teacher, slug)
    teacher.post(f"/teach/decks/{slug}/review/approve-pending", data={"confirm": "yes"})
    approved = json.loads((teacher_dir / slug / "deck.json").read_text("utf-8"))["questions"]
    assert approved
    with teacher.get(f"/decks/{slug}/download.moodle.xml") as response:
        assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
        quiz = ET.fromstring(response.data)
    assert [q.findtext("idnumber") for q in quiz.findall("question")[1:]] == [q["id"] for q in approved]
    with teacher.get(f"/decks/{slug}/download.gift.txt") as response:
        assert response.status_code == 200 and response.get_data(as_text=True).startswith("$CATEGORY: ")
    with teacher.get(f"/decks/{slug}/download.quizlet.txt") as response:
        lines = response.get_data(as_text=True).splitlines()
        assert len(lines) == len(approved) and all(line.count("\t") == 1 for line in lines)
    page = teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    for fmt in ("moodle.xml", "gift.txt", "quizlet.txt"):
        assert f"/decks/{slug}/download.{fmt}" in page


@pytest.mark.parametrize(("body", "name", "key", "heading_names", "prose"), [
    (DOCX, "charter.docx", "the-brannoch-charter", ["The Brannoch Charter", "Origins", "Later history"],
     "The town of Brannoch received its charter from King Adalric on 2 May 1302."),
    (PDF, "railway.pdf", "a-history-of-the-varnian-railway", ["The Varnian Railway", "Later years"],
     "The company report says the railway carried 1.2 million passengers in 1910."),
    (MARKDOWN.encode(), "dam.md", "building-the-kessel-dam", ["Building the Kessel Dam", "Workers"],
     "The Kessel Dam was completed in 1934 after six years of work."),
    (HTML.encode(), "floods.html", "the-ostrel-floods", ["The Ostrel floods", "Damage"],
     "The great flood of the Ostrel river began on 12 April 1952 after weeks of heavy rain in the hills."),
])
def test_the_source_view_shows_each_kinds_headings_and_paragraphs(app, teacher, body, name, key, heading_names,
                                                                   prose):
    slug = new_deck(teacher)
    upload(teacher, slug, [(body, name)])
    build(app, teacher, slug)
    teacher.post(f"/teach/decks/{slug}/review/approve-pending", data={"confirm": "yes"})
    page = teacher.get(f"/decks/{slug}/sources/{key}?start=0&end=5&whole=1").get_data(as_text=True)
    shown = re.findall(r'<h2 class="source-heading">(.*?)</h2>', page.replace('<mark class="passage" id="passage">',
                                                                           "").replace("</mark>", ""))
    assert shown == heading_names
    assert f"<p>{prose}" in page


def test_passage_view_marks_heading_paragraphs_only():
    from webapp.passages import passage_view

    text = "Origins\n\nThe town received its charter on 2 May 1302.\n\nLater history\n\nIt was renewed in 1488.\n"
    view = passage_view(text, 0, 7, context=None)
    assert [p.heading for p in view] == [True, False, True, False]


def test_only_the_decks_teacher_gets_an_original_and_only_members_the_quiz_files(app, teacher):
    slug = new_deck(teacher)
    upload(teacher, slug, [(PDF, "railway.pdf")], title="Railway")
    url = f"/teach/decks/{slug}/sources/railway/original"
    with teacher.get(url) as response:
        assert response.status_code == 200
    learner = app.test_client()
    signup(learner, "lee@example.org")
    assert learner.get(url).status_code == 403
    other = app.test_client()
    signup(other, "otto@example.org", role="teacher")
    assert other.get(url).status_code == 404
    assert other.get(f"/decks/{slug}/download.moodle.xml").status_code == 404
    anonymous = app.test_client().get(f"/decks/{slug}/download.gift.txt")
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.location
