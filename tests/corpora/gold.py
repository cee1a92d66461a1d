"""Where the development corpora live; their gold is read with ``quizgen.gold``."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPORA_DIR = ROOT / "tests" / "corpora"
SAMPLE_DECK_DIR = ROOT / "decks" / "karabakh-2020"


def corpus_folders() -> list[Path]:
    """The unseen-subject corpora, then the sample deck."""
    return [*sorted(p.parent for p in CORPORA_DIR.glob("*/expected.toml")), SAMPLE_DECK_DIR]
