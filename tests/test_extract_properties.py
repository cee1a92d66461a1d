"""Property tests: ``extract_text`` takes any string and every claim quotes it exactly.

Whatever the input (any Unicode, empty, one enormous line, markup, text salted
with dates, figures, citation markers and no-break spaces), extraction must not
raise, and each claim must satisfy the evidence contract: ``text[start:end] ==
exact`` with offsets in code points of the untouched string, ``value`` inside
``exact``, and prefix/suffix the text around it.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quizgen.deck import value_span

KINDS = {"date", "figure", "place", "name"}

# Pieces real sources are made of, including the awkward ones.
words = st.sampled_from([
    "The", "treaty", "was", "signed", "in", "Geneva", "on", "by", "Anna Keller", "Houstonbecame",
    "According to the ministry,", "Per the agency:", "stated that", "killed", "servicemen",
    "Kestrel", "reached", "Vestrahorn", "approximately", "more than", "İstanbul", "Tromsø",
    "naïve", "Ⅻ", "ﬁnal", "straße", "日本", "Ελλάδα", "Москва", "😀", "e\u0301", "\u200b", "\u00ad",
])
dates = st.sampled_from([
    "9 November 2020", "November 10, 2020", "27 September – 10 November 2020", "1988–1994",
    "August 13th, 2021", "2020-11-09", "10.11.2020", "in 1931", "mid-November", "the 1990s",
    "Date27 September", "00:00 Moscow time", "44-day",
])
figures = st.sampled_from([
    "2,906", "3 825", "1\u00a0240 kg", "1\u202f800", "72%", "~11,000", "60+", "€412 million",
    "$25,000", "5.4 g", "1.2\u00a0billion marks", "−3", "½", "3+ Syrian mercenaries", "12 km/s",
])
markers = st.sampled_from([
    "[12]", "[12][13]", "[ 164 ]", "[a]", "[citation needed]", "^", "[1] Author, “Title,” 2011, p. 7.",
    "Retrieved 3 May 2019.", "Accessed on December 4, 2022.", "Archived from the original on 5 October 2020.",
    "Created August 13th, 2021", "Published 2 March 2020", "[Photo: a caption, 2015]",
])
markup = st.sampled_from([
    "<b>", "</b>", "<p>", "&amp;", "&nbsp;", "{{cite web}}", "**", "# ", "| ", "\t", "  • ", "—",
    "“", "”", "‘", "’", "(", ")", ":", ".", ",", "!", "?", "\\", "\x00", "\x1f", "\x7f",
])
separators = st.sampled_from([" ", " ", " ", "\n", "\r\n", "\r", "\n\n", "\u00a0", "\u2028", "\x0c", ""])

salted_text = st.lists(
    st.one_of(words, dates, figures, markers, markup, separators, st.text(max_size=8)),
    max_size=60,
).map("".join)
any_text = st.text(max_size=400)


def assert_claims_quote(text: str, claims) -> None:
    for claim in claims:
        assert 0 <= claim.start <= claim.end <= len(text), claim
        assert text[claim.start:claim.end] == claim.exact, claim
        assert claim.value and claim.value in claim.exact, claim
        assert claim.kind in KINDS, claim
        assert claim.source == "doc"
        assert text[:claim.start].endswith(claim.prefix), claim
        assert text[claim.end:].startswith(claim.suffix), claim
        evidence = claim.evidence()  # carries the value's own place, for highlighting it
        assert text[evidence["value_start"]:evidence["value_end"]] == claim.value, claim
        start, end = value_span(evidence)
        assert evidence["exact"][start:end] == claim.value, claim


# A first line may be taken for a title and skipped; under a title every line is body.
TITLE = "Notes on the subject\n\n"


def run(text: str) -> list:
    """Extract from ``text`` as given and under a title line; check both; return the latter's claims."""
    from quizgen.extract import extract_text

    for document in (text, TITLE + text):
        claims = extract_text(document)
        assert isinstance(claims, list)
        assert_claims_quote(document, claims)
    return claims


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(any_text)
@example("")
@example("\n\n  \t\n")
# "İ".lower() is two code points: lower-casing before matching shifts every offset after it.
@example("İstanbul fell on 29 May 1453 after 53 days.")
# A combining accent and an astral emoji: code points, not UTF-16 units or grapheme clusters.
@example("Cafe\u0301 😀 opened on 9 November 2020 with 2,906 seats.")
# NFKC turns the ligature "ﬁ" into two letters; a normalised copy would be longer.
@example("The ﬁnal ﬁgure was 3,825 on 10 November 2020.")
# A byte-order mark and Windows line ends, as saved by Notepad.
@example("\ufeffSigned in Geneva on 4 June 1987.\r\nIt came into force on 1 January 1989.\r\n")
def test_any_text_gives_verbatim_claims(text):
    run(text)


@PROPERTY
@given(salted_text)
# No-break and narrow no-break spaces inside numbers ("1 240 kg").
@example("The spacecraft had a launch mass of 1\u00a0240 kg and cost 1\u202f800 million.")
# Citation markers glued to values and sentences ("2,906[3][4]").
@example("Azerbaijan lost 2,906[3][4] troops, Armenia 3,825.[5] Per the ministry: 72%[a].")
# Words glued by extraction, and a field name glued to its value (infobox "Date27 September").
@example("The cathedral in Shushabecame damaged.\nDate27 September – 10 November 2020 (1 month)")
# En dash ranges and curly quotes around a value.
@example("Talks ran 1981–1987; he said “the 55% share” was final on 5 June 1987.")
# Only references and a stamp: whatever is found must still quote the text.
@example("Created August 13th, 2021\n^ Smith, J. (2019). Retrieved 3 May 2019.\n[4] A, “T,” 2011, p. 7.")
def test_salted_text_gives_verbatim_claims(text):
    run(text)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(words, dates, figures, markers), min_size=5, max_size=10).map(" ".join),
       st.integers(min_value=100, max_value=300))
def test_one_huge_line_gives_verbatim_claims(piece, repeats):
    text = " ".join([piece] * repeats)          # tens of kilobytes without a line break
    run(text)


# Inputs where a careless implementation shifts offsets. Each must give claims (so the
# check is not vacuous) and each claim must quote the text exactly.
OFFSET_TRAPS = {
    "dotted capital I (lower() lengthens it)": "İstanbul fell on 29 May 1453 after 53 days.",
    "combining accent and astral emoji": "Cafe\u0301 😀 opened on 9 November 2020 with 2,906 seats.",
    "ligature (NFKC lengthens it)": "The ﬁnal ﬁgure was 3,825 on 10 November 2020.",
    "BOM and CRLF": "\ufeffSigned in Geneva on 4 June 1987.\r\nIt came into force on 1 January 1989.\r\n",
    "no-break spaces in numbers": "The launch mass was 1\u00a0240 kg and the cost 1\u202f800 million euros.",
    "citation markers": "Azerbaijan lost 2,906[3][4] troops on 9 November 2020.[5]",
}


@pytest.mark.parametrize("name", sorted(OFFSET_TRAPS))
def test_claims_after_offset_traps_quote_the_text(name):
    claims = run(OFFSET_TRAPS[name])
    assert claims, f"nothing extracted from {OFFSET_TRAPS[name]!r}"


def test_each_claim_of_a_value_given_twice_carries_its_own_place():
    text = "The dam was planned in 1931. Work on it began in 1931, after the flood."
    claims = [claim for claim in run(text) if claim.value == "1931"]
    assert sorted(claim.evidence()["value_start"] for claim in claims) == \
        [len(TITLE) + text.index("1931"), len(TITLE) + text.rindex("1931")]
