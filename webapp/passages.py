"""Cut source text into what the attribution panel and the source view show.

Everything here returns plain text pieces tagged "mark" or not; templates
escape them, so a source that contains markup is shown as text.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.deck import value_span
from quizgen.segment import split_blocks

from .models import Question, Source


@dataclass(frozen=True)
class Piece:
    """A run of text, marked or not (also a word of a typed answer: ``compare``)."""

    text: str
    mark: bool = False


@dataclass(frozen=True)
class Paragraph:
    start: int
    pieces: list[Piece]
    heading: bool = False


def highlight(text: str, span: tuple[int, int] | None) -> list[Piece]:
    """``text`` with ``text[start:end]`` marked (nothing marked for None)."""
    if span is None:
        return [Piece(text)]
    start, end = span
    return [piece for piece in (Piece(text[:start]), Piece(text[start:end], True), Piece(text[end:]))
            if piece.text]


def passage_view(text: str, start: int, end: int, *, context: int | None = 3) -> list[Paragraph]:
    """The paragraphs around ``text[start:end]`` (all of them if ``context`` is None), with the
    passage marked wherever it falls; a cut-out opens with the heading of its section."""
    # (start, end, is_heading) of each paragraph: every non-blank line is one, except the lines of a
    # hard-wrapped paragraph, which are read together (``quizgen.segment``)
    spans = [(block.start, block.end, block.kind == "heading") for block in split_blocks(text)]
    touched = [i for i, (a, b, _) in enumerate(spans) if a < end and start < b] or [0]
    if context is not None and spans:
        first, last = max(0, touched[0] - context), min(len(spans), touched[-1] + context + 1)
        section = next((i for i in range(first - 1, -1, -1) if spans[i][2]), None)
        spans = ([spans[section]] if section is not None else []) + spans[first:last]
    paragraphs = []
    for a, b, heading in spans:
        lo, hi = max(a, start), min(b, end)
        paragraphs.append(Paragraph(a, highlight(text[a:b], (lo - a, hi - a) if lo < hi else None), heading))
    return paragraphs


def attribution(question: Question, sources: dict[str, Source]) -> dict[str, list[dict]]:
    """Evidence and disputes with their sources (by key), quotes split for highlighting.

    A passage is quoted once: an agreeing quote that repeats an earlier one is left out,
    and a dispute drawn from a passage already quoted (one sentence giving two claimants'
    figures) names its value and claimant and points back instead of quoting it again.
    """
    def entry(quote: dict, shown: set[tuple]) -> dict:
        place = (quote["source"], quote["start"], quote["end"])
        repeats = place in shown
        shown.add(place)
        return {
            "source": sources.get(quote["source"]), "key": quote["source"], "start": quote["start"],
            "end": quote["end"], "claimant": quote.get("claimant"), "value": quote["value"],
            "repeats": repeats, "citation": quote.get("citation"),
            "pieces": highlight(quote["exact"], value_span(quote)),
        }

    shown: set[tuple] = set()
    evidence = [e for e in (entry(q, shown) for q in question.evidence) if not e["repeats"]]
    return {"evidence": evidence, "disputes": [entry(q, shown) for q in question.disputed_by]}
