"""quizgen: attributed question decks from messy, disagreeing sources."""

__version__ = "0.1.0"
