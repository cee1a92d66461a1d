"""Cut source text into what the attribution panel and the source view show.

Everything here returns plain text pieces tagged "mark" or not; templates
escape them, so a source that contains markup is shown as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Piece:
    text: str
    mark: bool = False


@dataclass(frozen=True)
class Paragraph:
    start: int
    pieces: list[Piece]


def highlight(text: str, needle: str) -> list[Piece]:
    """``text`` with the first occurrence of ``needle`` marked (case-insensitive fallback)."""
    at = text.find(needle) if needle else -1
    if at < 0 and needle:
        at = text.casefold().find(needle.casefold())
        if len(text.casefold()) != len(text):  # casefold changed lengths: offsets unreliable
            at = -1
    if at < 0:
        return [Piece(text)]
    end = at + len(needle)
    return [piece for piece in (Piece(text[:at]), Piece(text[at:end], True), Piece(text[end:]))
            if piece.text]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for gap in PARAGRAPH_BREAK.finditer(text):
        if gap.start() > start:
            spans.append((start, gap.start()))
        start = gap.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans


def passage_view(text: str, start: int, end: int, *, context: int | None = 2) -> list[Paragraph]:
    """The paragraphs around ``text[start:end]`` (all of them if ``context`` is None),
    with the passage marked wherever it falls."""
    spans = paragraph_spans(text)
    touched = [i for i, (a, b) in enumerate(spans) if a < end and start < b] or [0]
    if context is not None:
        first, last = max(0, touched[0] - context), min(len(spans), touched[-1] + context + 1)
        spans = spans[first:last]
    paragraphs = []
    for a, b in spans:
        lo, hi = max(a, start), min(b, end)
        pieces = ([Piece(text[a:lo]), Piece(text[lo:hi], True), Piece(text[hi:b])] if lo < hi
                  else [Piece(text[a:b])])
        paragraphs.append(Paragraph(a, [p for p in pieces if p.text]))
    return paragraphs
