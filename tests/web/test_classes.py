"""Classes: join codes, who sees which deck, and the teacher's view of a class's progress."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from webapp.models import ClassMember, Question
from webapp.repo.classes import CODE_ALPHABET, CODE_LENGTH

from test_teach import built_deck, learner_keys, review_ids
from webapp_support import HX, Learner, signup


def new_class(client: FlaskClient, name: str = "Year 9 history") -> tuple[int, str]:
    response = client.post("/teach/classes", data={"name": name})
    assert response.status_code == 303
    class_id = int(response.location.rsplit("/", 1)[1])
    page = client.get(f"/teach/classes/{class_id}").get_data(as_text=True)
    return class_id, re.search(r'id="join-code">([A-Z0-9]+)<', page).group(1)


def new_learner(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    signup(client, email)
    return client


def join(client: FlaskClient, code: str):
    return client.post("/classes/join", data={"code": code})


def published_deck(app: Flask, teacher: FlaskClient, class_id: int) -> str:
    """A built deck with its first two questions approved and the third rejected, published."""
    slug = built_deck(app, teacher)
    first, second, third, *_ = review_ids(teacher, slug)
    for rid in (first, second):
        teacher.post(f"/teach/decks/{slug}/review/{rid}/approve", headers=HX)
    teacher.post(f"/teach/decks/{slug}/review/{third}/reject", headers=HX)
    assert teacher.post(f"/teach/decks/{slug}/publish", data={"class_id": class_id}).status_code == 303
    return slug


def test_a_new_class_gets_a_readable_join_code(teacher):
    _class_id, code = new_class(teacher)
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("01OIL")
    listing = teacher.get("/teach/classes").get_data(as_text=True)
    assert code in listing and "Year 9 history" in listing
    assert teacher.post("/teach/classes", data={"name": ""}).status_code == 422


def test_learners_join_with_the_code_however_they_type_it(app, teacher, db: Session):
    class_id, code = new_class(teacher)
    ada = new_learner(app, "ada@example.org")
    typed = f" {code[:4].lower()}-{code[4:].lower()} "
    response = join(ada, typed)
    assert response.status_code == 303 and response.location.endswith(f"/classes/{class_id}")
    assert "Year 9 history" in ada.get("/classes").get_data(as_text=True)
    # Joining again changes nothing.
    assert join(ada, code).status_code == 303
    assert len(db.exec(select(ClassMember).where(ClassMember.class_id == class_id)).all()) == 1


def test_a_wrong_code_is_refused(app, teacher, db: Session):
    new_class(teacher)
    ada = new_learner(app, "ada@example.org")
    response = join(ada, "ZZZZZZZZ")
    assert response.status_code == 422 and "No class has this code" in response.get_data(as_text=True)
    assert db.exec(select(ClassMember)).all() == []


def test_the_teacher_cannot_join_their_own_class(teacher):
    _class_id, code = new_class(teacher)
    response = join(teacher, code)
    assert response.status_code == 422 and "your own class" in response.get_data(as_text=True)


def test_members_see_exactly_the_approved_questions_of_published_decks(app, teacher, db: Session):
    class_id, code = new_class(teacher)
    slug = published_deck(app, teacher, class_id)
    approved = set(learner_keys(db, slug))
    assert len(approved) == 2
    ada = new_learner(app, "ada@example.org")
    assert f'data-deck="{slug}"' not in ada.get("/").get_data(as_text=True)
    assert ada.get(f"/decks/{slug}/study").status_code == 404
    join(ada, code)
    assert f'data-deck="{slug}"' in ada.get("/").get_data(as_text=True)
    assert f'data-deck="{slug}"' in ada.get(f"/classes/{class_id}").get_data(as_text=True)
    learner = Learner(ada, slug=slug)
    seen = set()
    while not learner.front().done:
        seen.add(learner.page.question_id)
        learner.reveal()
        learner.rate(4)
    keys = {db.get(Question, question_id).key for question_id in seen}
    assert keys == approved


def test_another_class_cannot_reach_the_deck(app, teacher):
    class_id, _code = new_class(teacher)
    slug = published_deck(app, teacher, class_id)
    _other_id, other_code = new_class(teacher, "Year 10")
    bob = new_learner(app, "bob@example.org")
    join(bob, other_code)
    assert f'data-deck="{slug}"' not in bob.get("/").get_data(as_text=True)
    assert bob.get(f"/decks/{slug}/study").status_code == 404
    assert bob.get(f"/decks/{slug}/stats").status_code == 404
    assert bob.get(f"/decks/{slug}/download.csv").status_code == 404
    assert bob.get(f"/classes/{class_id}").status_code == 404


def test_unpublishing_closes_the_deck_again(app, teacher):
    class_id, code = new_class(teacher)
    slug = published_deck(app, teacher, class_id)
    ada = new_learner(app, "ada@example.org")
    join(ada, code)
    assert ada.get(f"/decks/{slug}/study").status_code == 200
    teacher.post(f"/teach/decks/{slug}/unpublish", data={"class_id": class_id})
    assert ada.get(f"/decks/{slug}/study").status_code == 404


def test_members_download_the_deck_they_study(app, teacher, db: Session):
    class_id, code = new_class(teacher)
    slug = published_deck(app, teacher, class_id)
    ada = new_learner(app, "ada@example.org")
    join(ada, code)
    with ada.get(f"/decks/{slug}/download.csv") as response:
        assert response.status_code == 200
        ids = set(re.findall(r"^(q-[0-9a-f]+),", response.get_data(as_text=True), re.M))
    assert ids == learner_keys(db, slug)


def test_class_pages_belong_to_their_teacher_and_members(app, teacher):
    class_id, _code = new_class(teacher)
    other = app.test_client()
    signup(other, "otto@example.org", role="teacher")
    assert other.get(f"/teach/classes/{class_id}").status_code == 404
    ada = new_learner(app, "ada@example.org")
    assert ada.get(f"/teach/classes/{class_id}").status_code == 403
    assert ada.get("/teach/classes").status_code == 403
    assert ada.get(f"/classes/{class_id}").status_code == 404
    assert teacher.post("/teach/decks/nope/publish", data={"class_id": class_id}).status_code == 404


def test_publishing_to_someone_elses_class_is_refused(app, teacher):
    other = app.test_client()
    signup(other, "otto@example.org", role="teacher")
    their_class, _ = new_class(other, "Otto's class")
    slug = built_deck(app, teacher)
    teacher.post(f"/teach/decks/{slug}/publish", data={"class_id": their_class})
    assert "Otto" not in teacher.get(f"/teach/decks/{slug}").get_data(as_text=True)
    assert slug not in other.get(f"/teach/classes/{their_class}").get_data(as_text=True)


def test_class_progress_shows_each_learner_and_the_most_missed_question(app, teacher, clock):
    class_id, code = new_class(teacher)
    slug = published_deck(app, teacher, class_id)
    ada, bob = new_learner(app, "ada@example.org"), new_learner(app, "bob@example.org")
    join(ada, code)
    join(bob, code)
    ada_study = Learner(ada, slug=slug)
    ada_study.front()
    missed = ada_study.page.question_id
    ada_study.reveal()
    ada_study.rate(1)  # Again: wrong
    ada_study.front()
    ada_study.reveal()
    ada_study.rate(4)
    page = teacher.get(f"/teach/classes/{class_id}").get_data(as_text=True)
    ada_row = re.search(r'data-learner="ada@example.org">(.*?)</tr>', page, re.S).group(1)
    bob_row = re.search(r'data-learner="bob@example.org">(.*?)</tr>', page, re.S).group(1)
    assert 'data-reviewed="2"' in ada_row and 'data-reviewed="0"' in bob_row
    assert 'data-due="0"' in ada_row
    missed_list = re.search(r'<ol id="most-missed">(.*?)</ol>', page, re.S).group(1)
    assert missed_list.count("<li") == 1
    with app.app_context():
        from webapp.db import get_session
        key = get_session().get(Question, missed).key
    assert f'data-question="{key}" data-wrong="1"' in missed_list
    # Days later everything Ada saw is due again.
    clock.advance(days=60)
    page = teacher.get(f"/teach/classes/{class_id}").get_data(as_text=True)
    ada_row = re.search(r'data-learner="ada@example.org">(.*?)</tr>', page, re.S).group(1)
    assert 'data-due="2"' in ada_row


def test_a_learners_report_reaches_the_teachers_review_and_class_pages(app, teacher):
    class_id, code = new_class(teacher)
    slug = published_deck(app, teacher, class_id)
    ada = new_learner(app, "ada@example.org")
    join(ada, code)
    study = Learner(ada, slug=slug)
    question_id = study.front().question_id
    response = ada.post(f"/decks/{slug}/cards/{question_id}/report",
                        data={"reason": "unclear", "note": "Which lander?"}, headers=HX)
    assert response.status_code == 200
    with app.app_context():
        from webapp.db import get_session
        key = get_session().get(Question, question_id).key
    review = teacher.get(f"/teach/decks/{slug}/review").get_data(as_text=True)
    item = review[review.index(f'data-key="{key}"'):]
    item = item[:item.index("</article>")]
    assert 'data-flags="1"' in item and 'data-reason="unclear"' in item and "Which lander?" in item
    flagged = teacher.get(f"/teach/decks/{slug}/review?status=flagged").get_data(as_text=True)
    assert flagged.count('class="review-item') == 1 and f'data-key="{key}"' in flagged
    page = teacher.get(f"/teach/classes/{class_id}").get_data(as_text=True)
    listed = re.search(r'<ul id="flagged">(.*?)</ul>', page, re.S).group(1)
    assert f'data-question="{key}" data-flags="1"' in listed and "unclear" in listed


def test_one_wrong_answer_reads_as_the_one_time(app, teacher):
    class_id, code = new_class(teacher)
    slug = published_deck(app, teacher, class_id)
    ada = new_learner(app, "ada@example.org")
    join(ada, code)
    study = Learner(ada, slug=slug)
    study.front()
    study.reveal()
    study.rate(1)
    page = teacher.get(f"/teach/classes/{class_id}").get_data(as_text=True)
    assert "wrong the one time it was answered" in page and "1 of 1 times" not in page
