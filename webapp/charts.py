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


def bars(values: Sequence[tuple[str, int]], *, label: str, tick_every: int = 7) -> Markup:
    """Vertical bars with a label under every ``tick_every``-th bar and the peak on the axis."""
    width, height, left, bottom, top = 600, 180, 30, 20, 10
    peak = max((v for _, v in values), default=0)
    step = (width - left) / max(1, len(values))
    plot = height - bottom - top
    body = [f'<line class="axis-line" x1="{left}" y1="{height - bottom}" x2="{width}" '
            f'y2="{height - bottom}"/>',
            f'<text class="axis" x="0" y="{top + 8}">{peak}</text>',
            f'<text class="axis" x="0" y="{height - bottom}">0</text>']
    for index, (name, value) in enumerate(values):
        bar_height = plot * value / peak if peak else 0
        x = left + index * step
        body.append(f'<rect class="bar" x="{x + 1:.1f}" y="{height - bottom - bar_height:.1f}" '
                    f'width="{max(step - 2, 1):.1f}" height="{bar_height:.1f}">'
                    f'<title>{escape(name)}: {value}</title></rect>')
        if index % tick_every == 0:
            body.append(f'<text class="axis" x="{x + 1:.1f}" y="{height - 5}">{escape(name)}</text>')
    return _svg(width, height, label, body, "bars")


def line(points: Sequence[tuple[str, float | None]], *, label: str, low: float = 0.0,
         high: float = 1.0, percent: bool = True) -> Markup:
    """A line through the points that have a value; gaps where a period has none."""
    width, height, left, bottom, top = 600, 180, 40, 20, 10
    plot = height - bottom - top
    step = (width - left - 10) / max(1, len(points) - 1)

    def y_of(value: float) -> float:
        share = (value - low) / (high - low) if high > low else 0
        return height - bottom - plot * min(1.0, max(0.0, share))

    def show(value: float) -> str:
        return f"{value:.0%}" if percent else f"{value:g}"

    body = [f'<line class="axis-line" x1="{left}" y1="{height - bottom}" x2="{width}" '
            f'y2="{height - bottom}"/>',
            f'<text class="axis" x="0" y="{top + 8}">{show(high)}</text>',
            f'<text class="axis" x="0" y="{height - bottom}">{show(low)}</text>']
    segments: list[list[str]] = [[]]
    for index, (name, value) in enumerate(points):
        x = left + index * step
        if index % 2 == 0 or len(points) <= 8:
            body.append(f'<text class="axis" x="{x:.1f}" y="{height - 5}">{escape(name)}</text>')
        if value is None:
            segments.append([])
            continue
        segments[-1].append(f"{x:.1f},{y_of(value):.1f}")
        body.append(f'<circle class="dot" cx="{x:.1f}" cy="{y_of(value):.1f}" r="4">'
                    f'<title>{escape(name)}: {show(value)}</title></circle>')
    for segment in segments:
        if len(segment) > 1:
            body.insert(3, f'<polyline class="trend" fill="none" points="{" ".join(segment)}"/>')
    return _svg(width, height, label, body, "line")
