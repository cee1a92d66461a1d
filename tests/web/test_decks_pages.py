"""The deck list, and the source view opened at a passage."""

from __future__ import annotations

import re

from webapp_support import HX, Learner


def test_deck_list_page_and_fragment(learner: Learner):
    page = learner.client.get("/")
    html = page.get_data(as_text=True)
    assert "<html" in html and 'id="deck-list"' in html and "Mini lunar deck (test fixture)" in html
    assert "HX-Request" in page.headers["Vary"]
    fragment = learner.client.get("/", headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and fragment.lstrip().startswith('<section id="deck-list"')


def test_deck_list_counts_follow_study(learner: Learner):
    def counts():
        html = learner.client.get("/", headers=HX).get_data(as_text=True)
        return tuple(int(n) for n in re.findall(r"<dd>(\d+)</dd>", html))

    assert counts() == (5, 0, 0)
    learner.front()
    learner.reveal()
    learner.rate(1)
    assert counts() == (4, 1, 0)


def test_source_view_opens_at_the_passage(learner: Learner):
    response = learner.client.get("/decks/mini/sources/mission-report?start=96&end=172")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1>Lunar Lander Mission Report</h1>" in html
    assert ('<mark class="passage" id="passage">According to the mission office, the crew collected '
            '21.5 kg of rock samples.</mark>') in html
    assert "The command module splashed down" in html  # the paragraphs around it
    assert "whole=1#passage" in html
    fragment = learner.client.get("/decks/mini/sources/mission-report?start=96&end=172", headers=HX)
    assert "<html" not in fragment.get_data(as_text=True) and "HX-Request" in fragment.headers["Vary"]


def test_source_view_without_a_passage_shows_the_whole_text(learner: Learner):
    for query in ("", "?start=5&end=99999", "?start=9&end=3"):
        html = learner.client.get(f"/decks/mini/sources/press-summary{query}").get_data(as_text=True)
        assert "<mark" not in html and "The flight lasted 8 days." in html


def test_unknown_source_or_deck_is_404(learner: Learner):
    assert learner.client.get("/decks/mini/sources/nope").status_code == 404
    assert learner.client.get("/decks/nope/sources/press-summary").status_code == 404
    missing = learner.client.get("/decks/nope/settings")
    assert missing.status_code == 404 and "Not found" in missing.get_data(as_text=True)
