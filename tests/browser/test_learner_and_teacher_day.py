"""A first study and teaching day in real Chromium, at 360 by 740 and at desktop width: the card
back's first screen, typed-answer feedback, the source view, siblings kept apart, a learner's
report reaching the teacher, a false dispute removed by the teacher, warnings on the review page.
Every page is checked with axe-core; screenshots of each state go to test-artifacts/browser/."""

from __future__ import annotations

import io
import itertools
import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect
from sqlmodel import select

from webapp import db
from webapp.models import BuildJob, Deck, Question, QuestionReview

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
FIXTURE_SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "sources"
SAMPLE = Path(__file__).resolve().parents[2] / "decks" / "karabakh-2020"


def assert_axe_clean(page: Page, state: str) -> None:
    results = Axe().run(page, options=AXE_RULES)
    violations = [f"{rule['id']}: {rule['help']} at {[node['target'] for node in rule['nodes']]}"
                  for rule in results.response["violations"]]
    assert violations == [], state


def in_first_screen(page: Page, selector: str) -> bool:
    """Whether every element ``selector`` finds lies wholly inside the viewport as the page stands."""
    return page.evaluate("""(selector) => [...document.querySelectorAll(selector)].every(e => {
        const box = e.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
    })""", selector)


def reveal(page: Page, study, question: Question, given: str | None = None) -> None:
    page.goto(f"/decks/mini/study?question={question.id}")
    if given is not None and page.locator("#answer-input").count():
        page.locator("#answer-input").fill(given)
    page.locator("#show-answer").click()
    study.wait_for_swap("#card[data-side=back]")


def question_by_key(live_server, key: str) -> Question:
    with live_server.app.app_context():
        return db.get_session().exec(select(Question).where(Question.key == key)).one()


# --- the learner's card back, feedback and source view ---------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_card_back_keeps_verdict_answer_and_ratings_in_the_first_screen(
        page: Page, live_server, login, study, screenshot, page_problems, viewport):
    page.set_viewport_size(viewport)
    login(page, live_server.learner.email, live_server.learner.password)
    disputed = question_by_key(live_server, "q-samples-mission")
    reveal(page, study, disputed, given="22 kg")
    page.evaluate("window.scrollTo(0, 0)")
    for part in ("#verdict", "#answer", "button.rating"):
        assert in_first_screen(page, part), f"{part} is below the first screen"
    expect(page.locator("button.rating")).to_have_count(4)
    evidence = page.locator("#evidence")
    if viewport is PHONE:
        expect(evidence).not_to_have_attribute("open", "")
        screenshot(page, "card-back-evidence-folded")
        evidence.locator("summary").click()
        expect(page.locator("#evidence .dispute")).to_be_visible()
    else:
        expect(page.locator("#evidence .dispute")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_axe_clean(page, "card back")
    screenshot(page, "card-back-evidence-open")
    page.keyboard.press("3")  # the rating keys still work with the evidence below
    study.wait_for_swap("#card[data-side=front], #done")
    page_problems.assert_none()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_typed_answer_feedback_shows_your_answer_above_the_answer(
        page: Page, live_server, login, study, screenshot, page_problems, viewport):
    page.set_viewport_size(viewport)
    login(page, live_server.learner.email, live_server.learner.password)
    first_step = question_by_key(live_server, "q-first-step")
    reveal(page, study, first_step, given="Louis Armstrong")
    compared = page.locator("#compared")
    expect(compared.locator(".compared-given dd")).to_have_text("Louis Armstrong")
    expect(compared.locator(".compared-expected dd strong")).to_have_text("Neil Armstrong")
    expect(compared.locator("del")).to_have_text("Louis")
    expect(compared.locator("ins")).to_have_text("Neil")
    given_box = compared.locator(".compared-given").bounding_box()
    expected_box = compared.locator(".compared-expected").bounding_box()
    assert given_box["y"] + given_box["height"] <= expected_box["y"] + 1  # one above the other
    assert_axe_clean(page, "typed-answer feedback")
    screenshot(page, "typed-answer-word-difference")
    # Nothing in common: both shown, nothing marked.
    reveal(page, study, first_step, given="Paris")
    expect(page.locator("#compared del, #compared ins")).to_have_count(0)
    expect(page.locator("#compared")).to_contain_text("Paris")
    screenshot(page, "typed-answer-nothing-in-common")
    # Case only: correct, no comparison at all.
    reveal(page, study, first_step, given="neil armstrong")
    expect(page.locator("#compared")).to_have_count(0)
    expect(page.locator("#card")).to_have_class("card back verdict-correct")
    page_problems.assert_none()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_source_view_shows_paragraphs_and_headings_and_then_the_whole_source(
        page: Page, live_server, login, study, screenshot, page_problems, viewport):
    page.set_viewport_size(viewport)
    login(page, live_server.learner.email, live_server.learner.password)
    question = question_by_key(live_server, "q-splashdown-place")
    quote = question.evidence[0]
    page.goto(f"/decks/mini/sources/{quote['source']}?start={quote['start']}&end={quote['end']}")
    text = page.locator("#source-text")
    expect(text.locator("mark#passage")).to_have_text(quote["exact"])
    assert text.locator("p").count() >= 2
    expect(text.locator("h2.source-heading")).to_have_text("Lunar Lander Mission Report")
    assert_axe_clean(page, "source view")
    screenshot(page, "source-passage")
    page.get_by_role("link", name="Show the whole source").click()
    expect(page.locator("#source-text .context-note")).to_have_count(0)
    expect(page.locator("#source-text mark#passage")).to_be_visible()
    screenshot(page, "source-whole")
    page_problems.assert_none()


class TestSampleDeckSource:
    """The sample article: 68,000 characters that used to show as one block."""

    @pytest.fixture
    def decks_dir(self, tmp_path: Path) -> Path:
        if not (SAMPLE / "deck.json").exists():
            pytest.skip("the sample deck has not been built (quizgen build decks/karabakh-2020)")
        root = tmp_path / "decks"
        shutil.copytree(SAMPLE, root / "karabakh-2020")
        return root

    def test_the_sample_article_reads_as_paragraphs_under_headings(
            self, page: Page, live_server, login, screenshot, page_problems):
        page.set_viewport_size(PHONE)
        login(page, live_server.learner.email, live_server.learner.password)
        page.goto("/decks/karabakh-2020/sources/encyclopedia-article?whole=1")
        paragraphs = page.locator("#source-text p")
        assert paragraphs.count() > 50
        longest = max(len(text) for text in paragraphs.all_inner_texts())
        assert longest < 5000
        assert page.locator("#source-text h2.source-heading").count() > 3
        screenshot(page, "sample-article-whole")
        page_problems.assert_none()


# --- siblings -------------------------------------------------------------------------------------

GROUPS = {"q-splashdown-place": "splashdown", "q-landing-date": "splashdown",
          "q-samples-mission": "samples", "q-samples-attribution": "samples"}


class TestSiblings:
    @pytest.fixture
    def decks_dir(self, decks_dir: Path) -> Path:
        path = decks_dir / "mini" / "deck.json"
        deck = json.loads(path.read_text("utf-8"))
        for question in deck["questions"]:
            if question["id"] in GROUPS:
                question["siblings"] = GROUPS[question["id"]]
        path.write_text(json.dumps(deck), "utf-8")
        return decks_dir

    @pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
    def test_siblings_never_come_back_to_back(self, page: Page, live_server, login, study, screenshot,
                                              page_problems, viewport):
        page.set_viewport_size(viewport)
        login(page, live_server.learner.email, live_server.learner.password)
        page.goto("/decks/mini/study")
        page.wait_for_selector("#card, #done")
        groups = []
        while not study.is_done():
            groups.append(study.question().siblings)
            study.answer_correctly()
            study.rate("1" if len(groups) == 1 else "4")  # one card comes back while others are left
        pairs = list(itertools.pairwise(groups))
        assert all(a is None or a != b for a, b in pairs), groups
        assert len({g for g in groups if g}) == 2 and groups.count("splashdown") == 2
        screenshot(page, "siblings-done")
        page_problems.assert_none()


# --- teacher and learner: reports, disputes, warnings --------------------------------------------

@contextmanager
def without_csrf(app) -> Iterator[None]:
    """Set-up through the app's own pages with the test client, which carries no CSRF token."""
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def _client_login(client: FlaskClient, account) -> None:
    response = client.post("/login", data={"email": account.email, "password": account.password})
    assert response.status_code == 303


def published_teacher_deck(live_server, *, sources: tuple[str, ...]) -> str:
    """A teacher deck built from fixture sources, every question approved, published to a class the
    demo learner has joined."""
    app = live_server.app
    with without_csrf(app):
        teacher, learner = app.test_client(), app.test_client()
        _client_login(teacher, live_server.teacher)
        _client_login(learner, live_server.learner)
        slug = teacher.post("/teach/decks", data={"title": "Moon landing"}).location.rsplit("/", 1)[1]
        files = [(io.BytesIO((FIXTURE_SOURCES / name).read_bytes()), name) for name in sources]
        assert teacher.post(f"/teach/decks/{slug}/sources", data={"kind": "report", "files": files},
                            content_type="multipart/form-data").status_code == 303
        assert teacher.post(f"/teach/decks/{slug}/build").status_code in (202, 303)
        build = finished_build(live_server, slug)   # the live server's build worker runs it
        assert build.status == "done", f"the build ended {build.status}: {build.message}"
        assert teacher.post(f"/teach/decks/{slug}/review/approve-pending",
                            data={"confirm": "yes"}).status_code == 303
        class_id = int(teacher.post("/teach/classes", data={"name": "Year 9"}).location.rsplit("/", 1)[1])
        code = teacher.get(f"/teach/classes/{class_id}").get_data(as_text=True).split('id="join-code">')[1][:20]
        code = code.split("<")[0]
        assert teacher.post(f"/teach/decks/{slug}/publish", data={"class_id": class_id}).status_code == 303
        assert learner.post("/classes/join", data={"code": code}).status_code in (200, 303)
    return slug


def finished_build(live_server, slug: str, timeout: float = 180) -> BuildJob:
    """The deck's latest build once it has ended (done, failed or cancelled)."""
    deadline = time.monotonic() + timeout
    while True:
        with live_server.app.app_context():
            session = db.get_session()
            deck = session.exec(select(Deck).where(Deck.slug == slug)).one()
            job = session.exec(select(BuildJob).where(BuildJob.deck_id == deck.id)
                               .order_by(BuildJob.id.desc())).first()  # type: ignore[union-attr]
            assert job is not None, "no build was queued"
            if job.status in ("done", "failed", "cancelled") or time.monotonic() > deadline:
                return job
        time.sleep(0.2)


def reviews_of(live_server, slug: str) -> list[QuestionReview]:
    with live_server.app.app_context():
        session = db.get_session()
        deck = session.exec(select(Deck).where(Deck.slug == slug)).one()
        return list(session.exec(select(QuestionReview).where(QuestionReview.deck_id == deck.id)))


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_a_learners_report_reaches_the_teacher(page: Page, live_server, login, study, screenshot, page_problems,
                                               teacher_dir, viewport):
    slug = published_teacher_deck(live_server, sources=("mission-report.txt",))
    page.set_viewport_size(viewport)
    login(page, live_server.learner.email, live_server.learner.password)
    page.goto(f"/decks/{slug}/study")
    page.wait_for_selector("#card")
    key = study.question().key
    page.locator("#show-answer").click()
    study.wait_for_swap("#card[data-side=back]")
    page.locator("#card-tools summary").click()
    page.get_by_role("radio", name="Something else").check()
    page.locator("#send-report").click()  # "something else" needs words: the form comes back saying so
    expect(page.locator("#report .error")).to_contain_text("Say what is wrong")
    page.get_by_label("The question is unclear").check()
    page.get_by_label("Tell the teacher more").fill("Which lander is meant?")
    screenshot(page, "learner-report-form")
    page.locator("#send-report").click()
    expect(page.locator("#report .notice")).to_contain_text("your report went to the deck's teacher")
    assert_axe_clean(page, "report sent")
    log_out(page)

    login(page, live_server.teacher.email, live_server.teacher.password)
    page.goto(f"/teach/decks/{slug}/review?status=flagged")
    item = page.locator(f'.review-item[data-key="{key}"]')
    expect(item.locator(".flag")).to_contain_text("Which lander is meant?")
    expect(page.locator(".review-item")).to_have_count(1)
    assert_axe_clean(page, "review page with a flag")
    screenshot(page, "teacher-review-flagged")
    page.goto("/teach/classes")
    page.get_by_role("link", name="Year 9").click()
    expect(page.locator(f'#flagged li[data-question="{key}"]')).to_contain_text("unclear")
    assert_axe_clean(page, "class page with a flag")
    screenshot(page, "teacher-class-flagged")
    page_problems.assert_none()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_a_teacher_removes_a_false_dispute_and_the_learner_no_longer_sees_it(
        page: Page, live_server, login, study, screenshot, page_problems, teacher_dir, viewport):
    slug = published_teacher_deck(live_server, sources=("mission-report.txt", "press-summary.txt"))
    disputed = next(r for r in reviews_of(live_server, slug) if r.generated.get("disputed_by"))
    page.set_viewport_size(viewport)
    login(page, live_server.teacher.email, live_server.teacher.password)
    page.goto(f"/teach/decks/{slug}/review")
    item = page.locator(f"#review-{disputed.id}")
    expect(item.locator(".review-disputes")).to_be_visible()
    item.focus()
    page.keyboard.press("e")  # edit by keyboard
    page.wait_for_selector(f"#review-{disputed.id} form")
    page.locator(f"#review-{disputed.id} input[name=drop_dispute]").first.check()
    assert_axe_clean(page, "edit form")
    screenshot(page, "teacher-edit-remove-dispute")
    page.locator(f"#review-{disputed.id}").get_by_role("button", name="Save and approve").click()
    expect(page.locator(f"#review-{disputed.id} .review-edited")).to_be_visible()
    expect(page.locator(f"#review-{disputed.id} .review-disputes")).to_have_count(0)
    log_out(page)

    login(page, live_server.learner.email, live_server.learner.password)
    with live_server.app.app_context():
        question = db.get_session().exec(select(Question).where(Question.key == disputed.key)).one()
    page.goto(f"/decks/{slug}/study?question={question.id}")
    page.locator("#show-answer").click()
    study.wait_for_swap("#card[data-side=back]")
    expect(page.locator("#evidence .dispute")).to_have_count(0)
    screenshot(page, "learner-card-without-the-false-dispute")
    page_problems.assert_none()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_review_page_shows_warnings_and_reviews_by_keyboard(
        page: Page, live_server, login, screenshot, page_problems, teacher_dir, viewport):
    slug = published_teacher_deck(live_server, sources=("mission-report.txt",))
    with live_server.app.app_context():
        session = db.get_session()
        review = sorted(reviews_of(live_server, slug), key=lambda r: r.position)[0]
        review = session.get(QuestionReview, review.id)
        review.generated = {**review.generated, "format": "cloze", "prompt": "A prompt with no blank at all."}
        review.status = "pending"
        session.add(review)
        session.commit()
        review_id = review.id
    page.set_viewport_size(viewport)
    login(page, live_server.teacher.email, live_server.teacher.password)
    page.goto(f"/teach/decks/{slug}/review")
    expect(page.locator(f'#review-{review_id} .warning[data-warning="blank"]')).to_contain_text("no blank")
    assert_axe_clean(page, "review page with warnings")
    screenshot(page, "teacher-review-warnings")
    page.locator('#warning-filters a[data-warning="blank"]').click()
    expect(page.locator(".review-item")).to_have_count(1)
    page.wait_for_load_state("load")   # the filter is a link: teach.js (deferred) listens for keys once it has run
    page.bring_to_front()  # keys go to the page only while its window has focus
    page.keyboard.press("j")
    expect(page.locator(f"#review-{review_id}")).to_be_focused()
    page.keyboard.press("r")
    expect(page.locator(f"#review-{review_id}")).to_have_attribute("data-status", "rejected")
    expect(page.locator(f"#review-{review_id}")).to_be_focused()
    expect(page.locator("[data-count=rejected]")).to_have_text("1")
    page.locator("#warning-filters").get_by_role("link", name="Any").click()
    screenshot(page, "teacher-review-after-keyboard")
    page_problems.assert_none()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_a_teacher_renames_and_deletes_a_deck(page: Page, live_server, login, screenshot, page_problems,
                                              teacher_dir, viewport):
    slug = published_teacher_deck(live_server, sources=("mission-report.txt",))
    page.set_viewport_size(viewport)
    login(page, live_server.teacher.email, live_server.teacher.password)
    page.goto(f"/teach/decks/{slug}")
    expect(page.locator("#review-counts [data-count=approved]")).not_to_have_text("0")
    page.locator("#deck-admin summary").click()
    page.get_by_label("New title").fill("Apollo 11")
    assert_axe_clean(page, "deck page")
    screenshot(page, "deck-rename")
    page.locator("#rename-deck").click()
    expect(page.locator("h1")).to_have_text("Apollo 11")
    page.locator("#deck-admin summary").click()
    page.locator("#delete-deck").click()
    expect(page.locator("#delete-warning")).to_contain_text("cannot be undone")
    assert_axe_clean(page, "delete confirmation")
    screenshot(page, "deck-delete-confirm")
    page.locator("#confirm-delete").click()
    page.wait_for_url("**/teach/")
    expect(page.locator(f'[data-deck="{slug}"]')).to_have_count(0)
    screenshot(page, "deck-deleted")
    page_problems.assert_none()
