"""Take a deck out of quizgen: an Anki package or a CSV table.

The work lives in :mod:`quizgen.export_anki` and :mod:`quizgen.export_csv`;
this module is the one place callers import from.
"""

from __future__ import annotations

from .export_anki import write_apkg
from .export_csv import write_csv

__all__ = ["write_apkg", "write_csv"]
