"""Small pieces of wording the card back and the teacher pages share.

Each function takes the deck's own strings and returns what reads well in a
sentence: a source's kind only when its title does not already say it, a
claimant's leading article in lower case mid-sentence, counts with the right
number.
"""

from __future__ import annotations

import re

_LEADING_THE = re.compile(r"^The(?=\s)")
_LOWER_WORD = re.compile(r"\s[a-z]")


def kind_note(title: str, kind: str | None) -> str:
    """The source's kind, or "" when the title already names it ("… (encyclopedia article)")."""
    if not kind or kind.casefold() in title.casefold():
        return ""
    return kind


def mid_sentence(claimant: str) -> str:
    """``claimant`` as it reads after "according to": "The Armenian authorities" becomes
    "the Armenian authorities", while a name that is all capitals ("The Guardian",
    "The New York Times") keeps its article."""
    if _LEADING_THE.match(claimant) and _LOWER_WORD.search(claimant):
        return "the" + claimant[3:]
    return claimant


def wrong_count(wrong: int, answers: int) -> str:
    """'wrong 2 of 3 times'; one answer reads 'wrong the one time it was answered'."""
    if answers == 1:
        return "wrong the one time it was answered" if wrong else "right the one time it was answered"
    return f"wrong {wrong} of {answers} times"
