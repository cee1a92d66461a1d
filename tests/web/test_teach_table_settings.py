"""The teacher's screen for a table's column settings: shown beside the deck's sources, saved in
sources.toml where ``quizgen build`` reads them, applied on the next build, bad values refused."""

from __future__ import annotations

import html
import io
import re
import tomllib
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from quizgen.build import build_deck

from webapp_support import HX, run_builds, signup

LAKES = ("Name,Country,Depth,Seats\n"
         "Baikal,Russia,1642,12\nIssyk-Kul,Kyrgyzstan,668,7\nToba,Indonesia,505,9\nQinghai,China,25,4\n"
         "Van,Turkey,451,3\nSevan,Armenia,83,5\n")


@pytest.fixture
def slug(teacher: FlaskClient) -> str:
    response = teacher.post("/teach/decks", data={"title": "Lakes"})
    slug = response.location.rsplit("/", 1)[1]
    data = {"kind": "table", "title": "Lakes of Asia", "files": [(io.BytesIO(LAKES.encode()), "lakes.csv")]}
    assert teacher.post(f"/teach/decks/{slug}/sources", data=data,
                        content_type="multipart/form-data").status_code == 303
    return slug


def settings_url(slug: str) -> str:
    return f"/teach/decks/{slug}/sources/lakes-of-asia/table"


def manifest(teacher_dir: Path, slug: str) -> dict:
    return tomllib.loads((teacher_dir / slug / "sources.toml").read_text("utf-8"))


def asked(page: str, header: str) -> str:
    found = re.search(rf'data-column="{header}".*?<td class="asked">([^<]*)</td>', page, re.S)
    assert found is not None, page
    return found.group(1)


def test_the_deck_page_links_a_table_to_its_settings_which_show_what_the_build_asks(teacher, slug):
    deck_page = teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    assert f'href="{settings_url(slug)}"' in deck_page
    page = teacher.get(settings_url(slug)).get_data(as_text=True)
    assert asked(page, "Name") == "names the rows"
    assert asked(page, "Depth") == "no: it needs a unit"
    assert asked(page, "Seats") == "yes"
    assert 'value="" selected>as read (figure)' in page


def test_saved_settings_go_to_sources_toml_and_the_next_builds_apply_them(app, teacher, teacher_dir, slug):
    form = {"rows": "lake", "subject": "0", "unit-2": "m", "skip-3": "1", "kind-1": "place"}
    response = teacher.post(settings_url(slug), data=form)
    assert response.status_code == 303 and response.location.endswith(f"/teach/decks/{slug}#source-lakes-of-asia")
    entry = manifest(teacher_dir, slug)["sources"]["lakes-of-asia"]
    assert entry == {"title": "Lakes of Asia", "kind": "table", "rows": "lake", "subject": "Name",
                     "columns": {"Country": "place"}, "units": {"Depth": "m"}, "skip": ["Seats"]}
    page = teacher.get(settings_url(slug)).get_data(as_text=True)
    assert asked(page, "Depth") == "yes" and asked(page, "Seats") == "no: skipped"
    folder = teacher_dir / slug
    deck = build_deck(folder, folder / "cli-deck.json")   # quizgen build reads the same file
    prompts = {q["prompt"] for q in deck["questions"]}
    assert "What is the depth of Baikal, in m?" in prompts and "Which lake is in Kyrgyzstan?" in prompts
    assert not [p for p in prompts if "seats" in p]
    assert teacher.post(f"/teach/decks/{slug}/build", headers=HX).status_code == 202
    run_builds(app)
    review = teacher.get(f"/teach/decks/{slug}/review?status=all").get_data(as_text=True)
    assert "What is the depth of Baikal, in m?" in review


def test_the_web_build_says_which_columns_want_a_unit(app, teacher, slug):
    assert teacher.post(f"/teach/decks/{slug}/build", headers=HX).status_code == 202
    run_builds(app)
    status = teacher.get(f"/teach/decks/{slug}/build", headers=HX).get_data(as_text=True)
    assert "Not asked, for want of a unit: lakes-of-asia: Depth" in status, status


@pytest.mark.parametrize(("form", "message"), [
    ({"unit-2": "kilometres of water depth"}, "Unit of “Depth”: at most 20 characters on one line."),
    ({"kind-2": "colour"}, "Kind of “Depth”: choose one of date, figure, place, name, text"),
    ({"subject": "0", "skip-0": "1"}, "Skip “Name”: the column naming the rows cannot be skipped."),
    ({"rows": "x" * 61}, "What each row is: at most 60 characters on one line."),
    ({"subject": "9"}, "The column naming the rows: choose one of the table's columns."),
])
def test_a_bad_value_is_refused_naming_the_field_and_nothing_is_saved(teacher, teacher_dir, slug, form, message):
    before = (teacher_dir / slug / "sources.toml").read_bytes()
    response = teacher.post(settings_url(slug), data=form)
    assert response.status_code == 422
    found = re.search(r'id="settings-error"[^>]*>([^<]*)<', response.get_data(as_text=True))
    assert found is not None and message in html.unescape(found.group(1)), found
    assert (teacher_dir / slug / "sources.toml").read_bytes() == before


def test_saving_keeps_the_decks_own_settings(teacher, teacher_dir, slug):
    path = teacher_dir / slug / "sources.toml"
    path.write_text("[deck]\nmax_table_questions = 40\n\n" + path.read_text("utf-8"), "utf-8")
    assert teacher.post(settings_url(slug), data={"unit-2": "m"}).status_code == 303
    assert manifest(teacher_dir, slug)["deck"] == {"max_table_questions": 40}
    assert teacher.post(f"/teach/decks/{slug}/sources/lakes-of-asia/describe",
                        data={"title": "Lakes", "kind": "table"}).status_code == 303
    entry = manifest(teacher_dir, slug)["sources"]["lakes-of-asia"]
    assert entry["title"] == "Lakes" and entry["units"] == {"Depth": "m"}


def test_only_the_decks_teacher_sees_a_tables_settings(app, teacher, slug):
    other = app.test_client()
    signup(other, "otto@example.org", role="teacher")
    assert other.get(settings_url(slug)).status_code == 404
    assert other.post(settings_url(slug), data={"unit-2": "m"}).status_code == 404
    assert teacher.get(f"/teach/decks/{slug}/sources/nope/table").status_code == 404


def test_settings_the_table_no_longer_fits_are_shown_and_can_be_replaced(teacher, teacher_dir, slug):
    path = teacher_dir / slug / "sources.toml"
    path.write_text(path.read_text("utf-8") + 'units = { "Width" = "m" }\n', "utf-8")
    page = teacher.get(settings_url(slug))
    assert page.status_code == 200
    assert "'Width' is not a column of lakes-of-asia.csv" in html.unescape(page.get_data(as_text=True))
    assert teacher.post(settings_url(slug), data={"unit-2": "m"}).status_code == 303
    assert manifest(teacher_dir, slug)["sources"]["lakes-of-asia"]["units"] == {"Depth": "m"}
