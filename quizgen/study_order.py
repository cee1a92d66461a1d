"""The order in which a deck's questions are first met: by rank, siblings apart.

A question may carry ``rank`` (1 = the most central of the deck) and
``siblings`` (a group id shared by questions on the same fact or sentence).
``by_rank`` is the order new cards are offered in: ranked questions first, by
rank, then the unranked ones; ties keep the order of the deck file, so a deck
without ranks keeps its file order. ``siblings_apart`` then moves as few
questions as it can so that no two of one group are next to each other (the
Anki export, whose new cards come in exactly this order). The web app does the
second part as it goes, by never offering a sibling of the card just rated
(``webapp/repo/reviews.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any


def by_rank(questions: Sequence[dict[str, Any]]) -> list[int]:
    """Indices of ``questions`` in rank order; unranked last; ties in file order."""
    def key(index: int) -> tuple[bool, int, int]:
        rank = questions[index].get("rank")
        return (rank is None, rank or 0, index)

    return sorted(range(len(questions)), key=key)


def _group(question: dict[str, Any], index: int) -> Any:
    # A question without a group is a group of its own.
    siblings = question.get("siblings")
    return ("siblings", siblings) if siblings else ("alone", index)


def siblings_apart(questions: Sequence[dict[str, Any]], order: Sequence[int]) -> list[int]:
    """``order`` (indices of ``questions``) with siblings moved apart: each place takes the first
    question left in ``order`` that is not a sibling of the one before it and leaves the rest
    arrangeable. Where a group is too big for that (more than half of what is left), its
    members still come as far apart as they can."""
    groups = {index: _group(questions[index], index) for index in order}
    counts = Counter(groups.values())
    left = list(order)
    result: list[int] = []
    previous: Any = None
    while left:
        place = _next_place(left, groups, counts, previous)
        index = left.pop(place)
        counts[groups[index]] -= 1
        result.append(index)
        previous = groups[index]
    return result


def _next_place(left: list[int], groups: dict[int, Any], counts: Counter, previous: Any) -> int:
    """Where in ``left`` the next question is: the first that is not of the ``previous`` group
    and leaves the rest arrangeable; failing that, the first of the largest other group; failing
    that (only the previous group is left), the first.

    What is left is arrangeable (no two of one group adjacent, after a question of group
    ``after``) when the largest group has the others to go between its members and ``after``'s
    group does not have to come first: ``largest <= total - largest + 1`` and
    ``count(after) <= total - count(after)``."""
    total = sum(counts.values()) - 1  # what will be left after this pick
    (first_group, first), (_, second) = [*counts.most_common(2), (None, 0), (None, 0)][:2]
    others = [place for place, index in enumerate(left) if groups[index] != previous]
    for place in others:
        group = groups[left[place]]
        count = counts[group] - 1
        largest = max(count, second if group == first_group else first)
        if largest <= total - largest + 1 and count <= total - count:
            return place
    if others:
        return max(others, key=lambda place: (counts[groups[left[place]]], -place))
    return 0


def study_order(questions: Sequence[dict[str, Any]]) -> list[int]:
    """Indices of ``questions`` in the order new cards should come: by rank, siblings apart."""
    return siblings_apart(questions, by_rank(questions))
