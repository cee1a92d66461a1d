"""The order new cards come in: by rank (file order without ranks), siblings as far apart as they can be."""

from __future__ import annotations

import itertools

from hypothesis import example, given
from hypothesis import strategies as st

from quizgen.study_order import by_rank, study_order

questions = st.lists(st.fixed_dictionaries({}, optional={
    "rank": st.integers(min_value=1, max_value=4),
    "siblings": st.sampled_from(["a", "b", "c"]),
}), max_size=7)


def adjacent_siblings(deck: list[dict], order: list[int]) -> int:
    return sum(1 for a, b in itertools.pairwise(order)
               if deck[a].get("siblings") and deck[a].get("siblings") == deck[b].get("siblings"))


def test_without_ranks_or_siblings_the_order_is_the_file_order():
    deck = [{"id": str(n)} for n in range(5)]
    assert by_rank(deck) == study_order(deck) == [0, 1, 2, 3, 4]


def test_ranked_questions_first_ties_and_unranked_in_file_order():
    deck = [{"rank": 2}, {}, {"rank": 1}, {"rank": 2}, {}]
    assert by_rank(deck) == [2, 0, 3, 1, 4]


@given(questions)
# Three of "a" among five: a b a c a is the only way, against the rank order a a a b c.
@example([{"siblings": "a"}, {"siblings": "a"}, {"siblings": "a"}, {"siblings": "b"}, {}])
def test_siblings_are_never_adjacent_when_some_order_avoids_it(deck):
    order = study_order(deck)
    assert sorted(order) == list(range(len(deck)))
    fewest = min(adjacent_siblings(deck, list(p)) for p in itertools.permutations(range(len(deck))))
    assert adjacent_siblings(deck, order) == fewest


@given(questions)
def test_without_siblings_nothing_moves_out_of_rank_order(deck):
    for question in deck:
        question.pop("siblings", None)
    assert study_order(deck) == by_rank(deck)
