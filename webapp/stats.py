"""A learner's statistics for one deck: activity, what is coming, how well it sticks."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint

from . import charts, scheduling
from .db import get_session
from .repo import stats as stats_repo
from .web import learner, now, open_deck_or_404, render_page_or_fragment

bp = Blueprint("stats", __name__)
HEATMAP_WEEKS = 26
FORECAST_DAYS = 30
RETENTION_WEEKS = 12


@bp.get("/decks/<slug>/stats")
def deck(slug: str):
    deck = open_deck_or_404(slug)
    user, session, moment = learner(), get_session(), now()
    today = scheduling.study_day(moment, scheduling.zone(user.timezone))
    first_day = today - timedelta(days=7 * HEATMAP_WEEKS)
    per_day = stats_repo.reviews_per_day(user, deck, first_day, today, session=session)
    forecast = stats_repo.due_forecast(user, deck, moment, days=FORECAST_DAYS, session=session)
    weekly = stats_repo.retention_by_week(user, deck, moment, weeks=RETENTION_WEEKS, session=session)
    summary = stats_repo.summary(user, deck, session=session)
    days_active = sum(1 for value in per_day.values() if value)
    figures = {
        "heatmap": charts.heatmap(
            per_day, today, weeks=HEATMAP_WEEKS,
            label=f"Reviews per day over the last {HEATMAP_WEEKS} weeks: {sum(per_day.values())} "
                  f"reviews on {days_active} days"),
        "forecast": charts.bars(
            [(day.strftime("%d %b"), number) for day, number in forecast],
            label=f"Cards due in the next {FORECAST_DAYS} days: {sum(n for _, n in forecast)} in total, "
                  f"{forecast[0][1]} today"),
        "retention": charts.line(
            [(monday.strftime("%d %b"), (passed / total) if total else None)
             for monday, total, passed in weekly],
            label="Share of review cards remembered, week by week: "
                  + (", ".join(f"{monday:%d %b} {passed / total:.0%}" for monday, total, passed in weekly
                               if total) or "no reviews of review cards yet")),
    }
    return render_page_or_fragment(
        "stats/deck.html", "stats/_figures.html", deck=deck, figures=figures, summary=summary,
        reviews_today=per_day.get(today, 0), hardest=stats_repo.hardest_questions(user, deck, session=session))
