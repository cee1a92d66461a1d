"""Small server-rendered SVG charts: a calendar heatmap, bars and a line.

Each function returns ``Markup`` ready to drop into a template. Every chart has
a text alternative (``role="img"`` with ``aria-label``) and a ``<title>`` on
each mark, so the numbers are there for screen readers and on hover. Colours
come from CSS classes, so the stylesheet decides the palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from markupsafe import Markup, escape

CELL = 12  # heatmap square, in px, including the gap
WIDTH, HEIGHT, BOTTOM, TOP = 600, 180, 20, 10  # of the bar and line charts, in px
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")


def _svg(width: float, height: float, label: str, body: list[str], css_class: str) -> Markup:
    return Markup(
        f'<svg class="chart {css_class}" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>")


def _level(value: int, peak: int) -> int:
    """0 for none, then 1..4 by quarter of the busiest day."""
    if value <= 0 or peak <= 0:
        return 0
    return min(4, 1 + int(3 * value / peak))


def heatmap(counts: dict[date, int], last_day: date, *, weeks: int = 26, label: str) -> Markup:
    """Reviews per day as a calendar: one column per week (Monday on top), last column this week."""
    first_day = last_day - timedelta(days=last_day.weekday() + 7 * (weeks - 1))
    peak = max(counts.values(), default=0)
    left, top = 28, 16
    body: list[str] = []
    for row, name in enumerate(WEEKDAYS):
        if name:
            body.append(f'<text class="axis" x="0" y="{top + row * CELL + 9}">{name}</text>')
    for week in range(weeks):
        monday = first_day + timedelta(days=7 * week)
        if monday.day <= 7:
            body.append(f'<text class="axis" x="{left + week * CELL}" y="10">'
                        f'{monday.strftime("%b")}</text>')
        for weekday in range(7):
            day = monday + timedelta(days=weekday)
            if day > last_day:
                break
            value = counts.get(day, 0)
            noun = "review" if value == 1 else "reviews"
            body.append(
                f'<rect class="cell level-{_level(value, peak)}" x="{left + week * CELL}" '
                f'y="{top + weekday * CELL}" width="{CELL - 2}" height="{CELL - 2}" rx="2">'
                f'<title>{day.isoformat()}: {value} {noun}</title></rect>')
    return _svg(left + weeks * CELL, top + 7 * CELL, label, body, "heatmap")


def _axes(left: int, high: str, low: str) -> list[str]:
    """The baseline of a bar or line chart, and its highest and lowest values beside the plot."""
    return [f'<line class="axis-line" x1="{left}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - BOTTOM}"/>',
            f'<text class="axis" x="0" y="{TOP + 8}">{high}</text>',
            f'<text class="axis" x="0" y="{HEIGHT - BOTTOM}">{low}</text>']


def bars(values: Sequence[tuple[str, int]], *, label: str, tick_every: int = 7) -> Markup:
    """Vertical bars with a label under every ``tick_every``-th bar and the peak on the axis."""
    left, plot = 30, HEIGHT - BOTTOM - TOP
    peak = max((v for _, v in values), default=0)
    step = (WIDTH - left) / max(1, len(values))
    body = _axes(left, str(peak), "0")
    for index, (name, value) in enumerate(values):
        bar_height = plot * value / peak if peak else 0
        x = left + index * step
        body.append(f'<rect class="bar" x="{x + 1:.1f}" y="{HEIGHT - BOTTOM - bar_height:.1f}" '
                    f'width="{max(step - 2, 1):.1f}" height="{bar_height:.1f}">'
                    f'<title>{escape(name)}: {value}</title></rect>')
        if index % tick_every == 0:
            body.append(f'<text class="axis" x="{x + 1:.1f}" y="{HEIGHT - 5}">{escape(name)}</text>')
    return _svg(WIDTH, HEIGHT, label, body, "bars")


def line(points: Sequence[tuple[str, float | None]], *, label: str) -> Markup:
    """A line through the shares (0 to 1) of the points that have one; gaps where a period has none."""
    left, plot = 40, HEIGHT - BOTTOM - TOP
    step = (WIDTH - left - 10) / max(1, len(points) - 1)
    body = _axes(left, "100%", "0%")
    segments: list[list[str]] = [[]]
    for index, (name, value) in enumerate(points):
        x = left + index * step
        if index % 2 == 0 or len(points) <= 8:
            body.append(f'<text class="axis" x="{x:.1f}" y="{HEIGHT - 5}">{escape(name)}</text>')
        if value is None:
            segments.append([])
            continue
        y = HEIGHT - BOTTOM - plot * min(1.0, max(0.0, value))
        segments[-1].append(f"{x:.1f},{y:.1f}")
        body.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                    f'<title>{escape(name)}: {value:.0%}</title></circle>')
    for segment in segments:
        if len(segment) > 1:
            body.insert(3, f'<polyline class="trend" fill="none" points="{" ".join(segment)}"/>')
    return _svg(WIDTH, HEIGHT, label, body, "line")
