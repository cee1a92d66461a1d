"""The statistics page and its SVG charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from webapp import charts

from webapp_support import HX, Learner

SVG = "{http://www.w3.org/2000/svg}"


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", html, re.S)]


def study_days(learner: Learner, clock, ratings_per_day: list[list[int]]) -> None:
    for ratings in ratings_per_day:
        for rating in ratings:
            learner.front()
            learner.reveal()
            learner.rate(rating)
        clock.advance(days=1)


def test_stats_page_and_fragment(learner: Learner):
    page = learner.client.get("/decks/mini/stats")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html and "HX-Request" in page.headers["Vary"]
    assert len(svgs(html)) == 3 and "No question has been rated Again yet" in html
    fragment = learner.client.get("/decks/mini/stats", headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and fragment.lstrip().startswith('<div id="stats"')


def test_heatmap_counts_reviews_per_day(learner: Learner, clock):
    study_days(learner, clock, [[4, 4], [], [4]])
    html = learner.client.get("/decks/mini/stats").get_data(as_text=True)
    heatmap = svgs(html)[0]
    titles = [t.text for t in heatmap.iter(f"{SVG}title")]
    first = clock.now.date() - timedelta(days=3)
    assert f"{first.isoformat()}: 2 reviews" in titles
    assert f"{(first + timedelta(days=1)).isoformat()}: 0 reviews" in titles
    assert f"{(first + timedelta(days=2)).isoformat()}: 1 review" in titles
    assert re.search(r'id="reviews-total">3<', html) and re.search(r'id="cards-seen">3<', html)


def test_forecast_shows_cards_coming_due(learner: Learner, clock):
    study_days(learner, clock, [[4, 4, 4, 4, 4]])
    html = learner.client.get("/decks/mini/stats").get_data(as_text=True)
    bars = [t.text for t in svgs(html)[1].iter(f"{SVG}title")]
    assert len(bars) == 30
    assert sum(int(text.rsplit(": ", 1)[1]) for text in bars) == 5


def test_retention_and_hardest_questions(learner: Learner, clock):
    study_days(learner, clock, [[4, 4, 4, 4, 4]])
    clock.advance(days=60)
    # All five are due; forget the first two, remember the rest.
    study_days(learner, clock, [[1, 1, 3, 3, 3]])
    html = learner.client.get("/decks/mini/stats").get_data(as_text=True)
    assert re.search(r'id="retention">60%<', html)
    dots = [t.text for t in svgs(html)[2].iter(f"{SVG}title")]
    assert any(text.endswith(": 60%") for text in dots)
    table = html[html.index('class="hardest"'):]
    rows = re.findall(r"<tr><td>(.*?)</td>.*?<td>(\d+)</td><td>(\d+)%</td>", table, re.S)
    assert len(rows) == 2 and all(lapses == "1" for _, lapses, _ in rows)


def test_charts_are_valid_svg_with_text_alternatives():
    today = date(2026, 3, 10)
    heat = ET.fromstring(charts.heatmap({today: 3, today - timedelta(days=1): 1}, today, label="<heat>"))
    assert heat.get("role") == "img" and heat.get("aria-label") == "<heat>"
    cells = list(heat.iter(f"{SVG}rect"))
    assert {"level-4", "level-2"} <= {c.get("class").split()[-1] for c in cells}
    assert len(cells) == 7 * 25 + today.weekday() + 1
    bar_chart = ET.fromstring(charts.bars([("a<b", 2), ("c", 0)], label="bars"))
    assert [t.text for t in bar_chart.iter(f"{SVG}title")] == ["a<b: 2", "c: 0"]
    line_chart = ET.fromstring(charts.line([("w1", 0.5), ("w2", None), ("w3", 1.0)], label="line"))
    assert len(list(line_chart.iter(f"{SVG}circle"))) == 2


def test_empty_charts_still_render():
    assert ET.fromstring(charts.heatmap({}, date(2026, 1, 1), label="none")) is not None
    assert ET.fromstring(charts.bars([], label="none")) is not None
    assert ET.fromstring(charts.line([], label="none")) is not None


def test_a_suspended_card_is_not_forecast_to_come_due(learner: Learner, clock):
    study_days(learner, clock, [[4, 4, 4, 4, 4]])
    first = learner.client.get("/decks/mini/browse").get_data(as_text=True)
    question_id = int(first.split('<tr data-question="', 1)[1].split('"', 1)[0])
    assert learner.client.post(f"/decks/mini/cards/{question_id}/suspend").status_code == 303
    html = learner.client.get("/decks/mini/stats").get_data(as_text=True)
    bars = [t.text for t in svgs(html)[1].iter(f"{SVG}title")]
    assert sum(int(text.rsplit(": ", 1)[1]) for text in bars) == 4
