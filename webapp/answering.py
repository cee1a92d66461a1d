"""How a question is asked and how an answer is judged.

Multiple-choice and attribution questions offer the answer among its
distractors, in an order that is fixed per learner and question (so a reload
does not reshuffle, but learners do not all see the answer in the same place).
Everything else is typed in and judged by ``quizgen.answers.check_answer``, and shown
beside the expected answer word by word (``compare``). Words are marked only where that
helps the eye: when the answers share some words and differ in others ("the Eastern Roman
Empire" for "the Western Roman Empire"). Answers with no word in common ("Paris" for
"Lachin") are shown unmarked, and answers that differ only in case, spacing or
punctuation are not compared at all.
"""

from __future__ import annotations

import difflib
import random
import re
from dataclasses import dataclass

from quizgen.answers import check_answer
from quizgen.deck import MAX_ANSWER

from .models import Question
from .passages import Piece

CHOICE_FORMATS = ("multiple_choice", "attribution")


def is_multiple_choice(question: Question) -> bool:
    return question.format in CHOICE_FORMATS and bool(question.distractors)


def options(question: Question, user_id: int | None) -> list[str]:
    """The answer and distractors, shuffled the same way every time for this learner."""
    choices = list(dict.fromkeys([question.answer, *question.distractors]))
    random.Random(f"{user_id}:{question.deck_id}:{question.key}").shuffle(choices)
    return choices


@dataclass(frozen=True)
class Judgement:
    attempted: bool
    correct: bool | None          # None when the learner only asked to see the answer
    given: str = ""
    feedback: str = ""
    # A typed answer beside the expected one; None when there is nothing worth comparing
    # (a picked option, an exact answer, or one that differs only in case or punctuation).
    comparison: Comparison | None = None

    @property
    def suggested_rating(self) -> int:
        return 1 if self.correct is False else 3


def judge(question: Question, *, given: str = "", choice: int | None = None,
          user_id: int | None) -> Judgement:
    """Judge a typed answer or a picked option (1-based); neither means 'just show me'."""
    if is_multiple_choice(question):
        choices = options(question, user_id)
        if choice is None or not 1 <= choice <= len(choices):
            return Judgement(attempted=False, correct=None)
        picked = choices[choice - 1]
        correct = picked == question.answer
        return Judgement(attempted=True, correct=correct, given=picked,
                         feedback="" if correct else f"You picked {picked}.")
    given = given[:MAX_ANSWER]  # longer is no answer to any question, and is stored bounded
    if not given.strip():
        return Judgement(attempted=False, correct=None)
    result = check_answer(given, question.data or {"answer": question.answer, "kind": question.kind,
                                                   "format": question.format,
                                                   "accepted": question.accepted})
    typed = " ".join(given.split())
    comparison = None if result.exact else compare(typed, question.answer)
    if comparison is not None and comparison.same:
        comparison = None
    feedback = "" if result.feedback == f"The answer is {question.answer}" else result.feedback
    return Judgement(attempted=True, correct=result.correct, given=typed, feedback=feedback,
                     comparison=comparison)


# --- a typed answer beside the expected one ------------------------------------------------------

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
