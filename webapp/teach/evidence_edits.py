"""What a teacher may change about a question's evidence, beyond its wording.

Remove a dispute that is false, link one the generator missed (another question's
quote, whose value differs), change who asserts the answer, and choose which quote
is shown first. The result is stored as edits of the question, so a rebuild that
generates the same question again finds them waiting (``repo.teach.save_edits``).
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.answers import same_value

from ..models import QuestionReview
from ..repo import teach as teach_repo


@dataclass(frozen=True)
class Candidate:
    """Another question of the deck whose quote could dispute this one's answer."""

    review_id: int
    value: str
    claimant: str | None
    prompt: str
    quote: dict


def dispute_candidates(review: QuestionReview, others: list[QuestionReview], *, limit: int = 50) -> list[Candidate]:
    """Questions of the same kind whose value is another than this one's answer and not yet a dispute."""
    question = teach_repo.effective(review)
    taken = {(q["source"], q["start"], q["end"]) for q in [*question["evidence"], *question["disputed_by"]]}
    found = []
    for other in others:
        if other.id is None or other.id == review.id:
            continue
        theirs = teach_repo.effective(other)
        if theirs["kind"] != question["kind"] or not theirs.get("evidence"):
            continue
        quote = theirs["evidence"][0]
        if (quote["source"], quote["start"], quote["end"]) in taken or \
                same_value(quote["value"], question["answer"], question["kind"]):
            continue
        found.append(Candidate(other.id, quote["value"], quote.get("claimant") or theirs.get("claimant"),
                               theirs["prompt"], quote))
    return found[:limit]


def edited_evidence(question: dict, *, claimant: str | None, primary: int | None, drop: set[int],
                    link: Candidate | None) -> dict:
    """The evidence fields after the teacher's changes: ``claimant`` (None: the source's own voice),
    the quote at index ``primary`` first, the disputes at indexes ``drop`` removed, ``link`` added."""
    evidence = [dict(quote) for quote in question["evidence"]]
    if primary is not None and 0 < primary < len(evidence):
        evidence.insert(0, evidence.pop(primary))
    if evidence and claimant != (question.get("claimant") or None):
        evidence[0]["claimant"] = claimant
    disputes = [dict(quote) for index, quote in enumerate(question["disputed_by"]) if index not in drop]
    if link is not None:
        disputes.append({**link.quote, "claimant": link.claimant})
    return {"claimant": claimant, "evidence": evidence, "disputed_by": disputes}
