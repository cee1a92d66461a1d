"""Take a deck out of quizgen: an Anki package, a CSV table, a Moodle XML or GIFT quiz, Quizlet text.

The work lives in :mod:`quizgen.export_anki`, :mod:`quizgen.export_csv` and
:mod:`quizgen.export_lms`; this module is the one place callers import from.
"""

from __future__ import annotations

from .export_anki import check_quotes, write_apkg
from .export_csv import write_csv
from .export_lms import write_gift, write_moodle_xml, write_quizlet

__all__ = ["check_quotes", "write_apkg", "write_csv", "write_gift", "write_moodle_xml", "write_quizlet"]
