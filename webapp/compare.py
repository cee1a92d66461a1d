"""A learner's typed answer beside the expected one, word by word.

The two are shown one above the other. Words are marked only where that helps
the eye: when the answers share some words and differ in others ("the Eastern
Roman Empire" for "the Western Roman Empire"). Answers with no word in common
("Paris" for "Lachin") are shown unmarked, and answers that differ only in
case, spacing or punctuation are not compared at all.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .passages import Piece

_WORD = re.compile(r"\S+")
_PUNCTUATION = re.compile(r"[^\w%]+")


@dataclass(frozen=True)
class Comparison:
    given: list[Piece]      # the words, each marked where it differs
    expected: list[Piece]
    marked: bool            # some words are marked as different

    @property
    def same(self) -> bool:
        return not self.marked and _key_text(self.given) == _key_text(self.expected)


def _key(word: str) -> str:
    return _PUNCTUATION.sub("", word.casefold())


def _key_text(words: list[Piece]) -> list[str]:
    return [key for key in (_key(w.text) for w in words) if key]


def compare(given: str, expected: str) -> Comparison:
    """Both answers as words, with the words that differ marked where that helps."""
    given_words, expected_words = _WORD.findall(given), _WORD.findall(expected)
    given_keys = [_key(word) for word in given_words]
    expected_keys = [_key(word) for word in expected_words]
    matcher = difflib.SequenceMatcher(None, given_keys, expected_keys, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    if given_keys == expected_keys or shared == 0:
        return Comparison([Piece(w) for w in given_words], [Piece(w) for w in expected_words], marked=False)
    same_given: set[int] = set()
    same_expected: set[int] = set()
    for block in matcher.get_matching_blocks():
        same_given.update(range(block.a, block.a + block.size))
        same_expected.update(range(block.b, block.b + block.size))
    return Comparison([Piece(w, i not in same_given) for i, w in enumerate(given_words)],
                      [Piece(w, i not in same_expected) for i, w in enumerate(expected_words)],
                      marked=True)
