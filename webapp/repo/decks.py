"""Decks a learner may study, their sources, the learner's per-deck settings, and the browse page's search."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import Session, and_, col, or_, select

from ..models import Card, ClassDeck, ClassMember, Deck, DeckSettings, Question, Source, User

PAGE_SIZE = 100  # questions on a page of the browse page


def _open_to(user_id):
    """Public decks, the user's own, and those published to a class the user has joined (``user_id``:
    an id, or a bound parameter)."""
    through_classes = (select(ClassDeck.deck_id)
                       .join(ClassMember, col(ClassMember.class_id) == ClassDeck.class_id)
                       .where(ClassMember.user_id == user_id))
    return or_(Deck.visibility == "public", Deck.owner_id == user_id, col(Deck.id).in_(through_classes))


def open_decks(user: User, *, session: Session) -> list[Deck]:
    return list(session.exec(select(Deck).where(_open_to(user.id)).order_by(Deck.title)))


def get_open_deck(slug: str, user: User, *, session: Session) -> Deck | None:
    return session.exec(select(Deck).where(Deck.slug == slug, _open_to(user.id))).first()


_OPEN_DECK_WITH_SETTINGS = (select(Deck, DeckSettings)
                            .outerjoin(DeckSettings, and_(col(DeckSettings.deck_id) == Deck.id,
                                                          col(DeckSettings.user_id) == bindparam("user")))
                            .where(Deck.slug == bindparam("slug"), _open_to(bindparam("user"))))


def open_deck_with_settings(slug: str, user: User, *, session: Session) -> tuple[Deck, DeckSettings] | None:
    """``get_open_deck`` and, in the same statement, ``get_settings``: what every study page and the
    settings page read."""
    row = session.exec(_OPEN_DECK_WITH_SETTINGS, params={"slug": slug, "user": user.id}).first()
    if row is None:
        return None
    deck, settings = row
    return deck, settings or DeckSettings(user_id=user.id, deck_id=deck.id)


def get_source(deck: Deck, key: str, *, session: Session) -> Source | None:
    return session.exec(select(Source).where(Source.deck_id == deck.id, Source.key == key)).first()


def sources_by_key(deck: Deck, *, session: Session) -> dict[str, Source]:
    return {source.key: source
            for source in session.exec(select(Source).where(Source.deck_id == deck.id))}


def active_questions(deck: Deck, *, session: Session) -> list[Question]:
    return list(session.exec(select(Question)
                             .where(Question.deck_id == deck.id, Question.retired == False)  # noqa: E712
                             .order_by(Question.position)))


def get_settings(user: User, deck: Deck, *, session: Session) -> DeckSettings:
    """The learner's settings for the deck; unsaved defaults when they never changed them."""
    settings = session.exec(select(DeckSettings).where(DeckSettings.user_id == user.id,
                                                       DeckSettings.deck_id == deck.id)).first()
    return settings or DeckSettings(user_id=user.id, deck_id=deck.id)


def save_settings(settings: DeckSettings, *, new_per_day: int, reviews_per_day: int,
                  desired_retention: float, session: Session) -> None:
    settings.new_per_day = new_per_day
    settings.reviews_per_day = reviews_per_day
    settings.desired_retention = desired_retention
    session.add(settings)
    session.commit()


def browse(user: User, deck: Deck, *, search: str, titles: dict[str, str], page: int,
           session: Session) -> tuple[list[tuple[Question, Card | None]], int]:
    """The deck's active questions whose prompt or answer contains every word of ``search`` (in any
    case), or whose evidence comes from a source whose key or title (``titles``, by key) does, in deck order, one page
    of them, and how many match in all. (Part of what is searched lives in the questions' JSON evidence: the
    deck's questions are read in one statement and matched here, the same way on SQLite and PostgreSQL.)"""
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

