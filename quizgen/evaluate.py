"""Measure a built deck against a hand-written gold: fact recall, dispute recall and precision.

``quizgen eval DECK GOLD`` prints what this module computes. A gold fact is
recalled when some question asks it (its kind, its value in the question's
evidence from a source the gold names). A gold dispute is surfaced when one
question quotes one side as evidence and another side as ``disputed_by``, each
side named: the asked side by the question's claimant or prompt, the other by
the disputing quote's claimant or source. A deck's dispute (the questions of
one claim group that carry ``disputed_by``) is true when its values are two
sides of one gold dispute, whoever is named; otherwise it is a false dispute.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import permutations
from pathlib import Path
from typing import Any

from .check import check_deck
from .deck import load_deck
from .gold import Dispute, Fact, Gold, Side, load_gold, names_in, prompt_attributes, quote_states


@dataclass
class Evaluation:
    """What ``evaluate`` found; ratios are None where the gold or the deck has nothing to count."""

    questions: int
    facts_found: list[Fact] = field(default_factory=list)
    facts_missed: list[Fact] = field(default_factory=list)
    disputes_found: list[Dispute] = field(default_factory=list)
    disputes_missed: list[tuple[Dispute, list[str]]] = field(default_factory=list)
    true_disputes: list[str] = field(default_factory=list)      # deck dispute groups that match the gold
    false_disputes: list[str] = field(default_factory=list)     # ... and those that do not
    warnings: Counter[str] = field(default_factory=Counter)

    @property
    def fact_recall(self) -> float | None:
        total = len(self.facts_found) + len(self.facts_missed)
        return len(self.facts_found) / total if total else None

    @property
    def dispute_recall(self) -> float | None:
        total = len(self.disputes_found) + len(self.disputes_missed)
        return len(self.disputes_found) / total if total else None

    @property
    def dispute_precision(self) -> float | None:
        total = len(self.true_disputes) + len(self.false_disputes)
        return len(self.true_disputes) / total if total else None

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "fact_recall": self.fact_recall, "facts": len(self.facts_found) + len(self.facts_missed),
            "facts_missed": [f"{f.kind} {f.value} ({f.about})" for f in self.facts_missed],
            "dispute_recall": self.dispute_recall,
            "disputes_missed": [d.about for d, _near in self.disputes_missed],
            "dispute_precision": self.dispute_precision,
            "false_disputes": self.false_disputes,
            "warnings": dict(sorted(self.warnings.items())),
        }


def evaluate(deck_path: str | Path, gold_folder: str | Path) -> Evaluation:
    """Compare the deck at ``deck_path`` with ``gold_folder``'s ``expected.toml``."""
    deck = load_deck(Path(deck_path))
    gold = load_gold(Path(gold_folder))
    result = Evaluation(questions=len(deck["questions"]))
    questions: list[dict[str, Any]] = deck["questions"]
    for fact in gold.facts:
        (result.facts_found if asks_fact(questions, fact) else result.facts_missed).append(fact)
    words = {s["id"]: f"{s['id']} {s.get('title', '')} {s.get('kind', '')}" for s in deck["sources"]}
    for dispute in gold.disputes:
        found, near = shows_dispute(questions, dispute, words, {s["id"]: s.get("title", "") for s in deck["sources"]})
        if found:
            result.disputes_found.append(dispute)
        else:
            result.disputes_missed.append((dispute, near))
    for label, question_group in deck_disputes(questions):
        true = any(matches_dispute(question, dispute) for question in question_group for dispute in gold.disputes)
        (result.true_disputes if true else result.false_disputes).append(label)
    report = check_deck(deck_path)
    result.warnings.update(problem.kind for problem in report.warnings)
    return result


def quotes(question: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name in ("evidence", "disputed_by"):
        for quote in question.get(name) or []:
            yield name, quote


def asks_fact(questions: list[dict[str, Any]], fact: Fact) -> bool:
    return any(question["kind"] == fact.kind
               and any(q["source"] in fact.sources and quote_states(fact.value, q) for _, q in quotes(question))
               for question in questions)


def shows_dispute(questions: list[dict[str, Any]], dispute: Dispute,
                  source_words: dict[str, str], titles: dict[str, str] | None = None) -> tuple[bool, list[str]]:
    """Is there a question quoting one side as evidence and another as disputed_by, each named?

    Returns (found, near misses: questions with both values but a side left unnamed).
    ``source_words`` says how each source may be named (its id, title and kind). A side whose
    gold gives no names is named by its sources' titles (``titles``) or ids.
    """
    near = []
    for question in questions:
        for asked, other in permutations(dispute.sides, 2):
            asked, other = _with_names(asked, titles), _with_names(other, titles)
            evidence = [q for q in question.get("evidence") or []
                        if q["source"] in asked.sources and quote_states(asked.value, q)]
            disputed = [q for q in question.get("disputed_by") or []
                        if q["source"] in other.sources and quote_states(other.value, q)]
            if not (evidence and disputed):
                continue
            asked_named = (names_in(asked.names, question.get("claimant"))
                           or prompt_attributes(question["prompt"], asked.names)
                           or (question["format"] == "attribution" and names_in(asked.names, question["answer"])))
            other_named = any(names_in(other.names, f"{q.get('claimant') or ''} {source_words.get(q['source'], '')}")
                              for q in disputed)
            if asked_named and other_named:
                return True, []
            near.append(f"{question['id']}: prompt {question['prompt']!r}, claimant {question.get('claimant')!r}; "
                        f"{asked.value} named: {asked_named}, {other.value} named: {other_named}")
    return False, near


def _with_names(side: Side, titles: dict[str, str] | None) -> Side:
    if side.names:
        return side
    return replace(side, names=tuple((titles or {}).get(s) or s for s in side.sources))


def deck_disputes(questions: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The deck's disputes: questions with ``disputed_by``, one dispute per claim group."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for question in questions:
        if question.get("disputed_by"):
            groups.setdefault(question.get("group") or question["id"], []).append(question)
    labelled = []
    for key, members in groups.items():
        values = sorted({q["value"] for m in members for _, q in quotes(m)})
        labelled.append((f"{key}: {' / '.join(values)}", members))
    return labelled


def matches_dispute(question: dict[str, Any], dispute: Dispute) -> bool:
    return any(any(quote_states(asked.value, q) for q in question["evidence"])
               and any(quote_states(other.value, q) for q in question["disputed_by"])
               for asked, other in permutations(dispute.sides, 2))


def format_evaluation(name: str, result: Evaluation, *, verbose: bool = False) -> str:
    def ratio(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    facts = len(result.facts_found) + len(result.facts_missed)
    disputes = len(result.disputes_found) + len(result.disputes_missed)
    deck_disputes = len(result.true_disputes) + len(result.false_disputes)
    lines = [f"{name}: {result.questions} questions; "
             f"fact recall {ratio(result.fact_recall)} ({len(result.facts_found)}/{facts}); "
             f"dispute recall {ratio(result.dispute_recall)} ({len(result.disputes_found)}/{disputes}); "
             f"dispute precision {ratio(result.dispute_precision)} ({len(result.true_disputes)}/{deck_disputes})"]
    if result.warnings:
        lines.append("  warnings: " + ", ".join(f"{kind} {n}" for kind, n in sorted(result.warnings.items())))
    if verbose:
        lines += [f"  missed fact: {f.kind} {f.value!r} ({f.about})" for f in result.facts_missed]
        for dispute, near in result.disputes_missed:
            lines.append(f"  missed dispute: {dispute.about}: "
                         + " vs ".join(f"{s.value} ({s.claimant})" for s in dispute.sides))
            lines += [f"    near: {n}" for n in near[:3]]
        lines += [f"  false dispute: {label}" for label in result.false_disputes]
    return "\n".join(lines)


__all__ = ["Evaluation", "Gold", "asks_fact", "evaluate", "format_evaluation", "shows_dispute"]
