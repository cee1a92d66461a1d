"""The browse page's query: a deck's active questions matching a search, each with the learner's card.

The search runs over the prompt, the answer and the sources' keys and titles, which live partly
in the questions' JSON evidence; a deck's questions are read in one statement and matched here,
the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlmodel import Session, and_, col, select

from ..models import Card, Deck, Question, User

PAGE_SIZE = 100


def browse(user: User, deck: Deck, *, search: str, titles: dict[str, str], page: int,
           session: Session) -> tuple[list[tuple[Question, Card | None]], int]:
    """The deck's active questions whose prompt or answer contains every word of ``search`` (in any
    case), or whose evidence comes from a source whose key or title (``titles``, by key) does, in deck order, one page
    of them, and how many match in all."""
    query = (select(Question, Card)
             .outerjoin(Card, and_(col(Card.question_id) == Question.id, col(Card.user_id) == user.id))
             .where(Question.deck_id == deck.id, Question.retired == False)  # noqa: E712
             .order_by(col(Question.position), col(Question.id)))
    rows = list(session.exec(query))
    words = search.casefold().split()

    def matches(question: Question) -> bool:
        if not words:
            return True
        sources = {quote.get("source", "") for quote in question.evidence}
        haystack = " ".join([question.prompt, question.answer, *sources,
                             *(titles.get(key, "") for key in sources)]).casefold()
        return all(word in haystack for word in words)

    found = [(question, card) for question, card in rows if matches(question)]
    return found[page * PAGE_SIZE:(page + 1) * PAGE_SIZE], len(found)

