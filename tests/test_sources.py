"""The cleaned view of a source, its map back to the original, and line classification.

``quizgen.sources.clean`` drops citation markers and splits words that text
extraction glued together, and every character it keeps maps back to the
untouched original. ``quizgen.segment.split_blocks`` says which lines are prose
(usable) and which are references, stamps, captions or headings (never used).
The documents here are written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quizgen.segment import split_blocks
from quizgen.sources import DIGIT_GROUP_SPACES, clean, load_source_dir


def clean_all(text: str):
    return clean(text, 0, len(text))


def inserted_positions(view) -> set[int]:
    """Indices of spaces the cleaner added between glued words (they map onto the next character)."""
    return {i for i, char in enumerate(view.text)
            if char == " " and view.offsets[i] == view.offsets[i + 1]}


def assert_maps_back(original: str, view) -> None:
    assert len(view.offsets) == len(view.text) + 1
    assert view.offsets == sorted(view.offsets), "offsets go backwards"
    added = inserted_positions(view)
    for i, char in enumerate(view.text):
        if i in added:
            continue
        source_char = original[view.offsets[i]]
        if char == "," and source_char in DIGIT_GROUP_SPACES:
            continue  # "1 800" is read as one number; the original keeps its space
        assert source_char == char, f"cleaned[{i}]={char!r} but original[{view.offsets[i]}]={source_char!r}"


# --- citation markers --------------------------------------------------------

@pytest.mark.parametrize("marker", ["[12]", "[ 211 ]", "[citation needed]"])
def test_citation_markers_are_removed(marker):
    original = f"The bridge opened in 1932.{marker} It carries eight lanes."
    view = clean_all(original)
    assert marker not in view.text
    assert "[" not in view.text and "]" not in view.text
    assert view.text == "The bridge opened in 1932. It carries eight lanes."
    assert_maps_back(original, view)


def test_markers_in_the_middle_of_a_sentence_leave_the_words_around_them():
    original = "Construction began[3] in 1924[ 17 ] and ended in 1932.[citation needed]"
    view = clean_all(original)
    assert view.text == "Construction began in 1924 and ended in 1932."
    assert_maps_back(original, view)


# --- glued words --------------------------------------------------------------

def test_a_name_glued_to_a_verb_is_split_when_the_name_stands_alone_elsewhere():
    original = ("Shusha lies on a plateau. The road to Shusha is steep. "
                "After the battle the town of Shushabecame a symbol of the war.")
    view = clean_all(original)
    assert "Shusha became a symbol" in view.text
    assert "Shushabecame" not in view.text
    assert_maps_back(original, view)


def test_a_glued_token_is_left_alone_when_its_head_never_stands_alone():
    original = "The town of Shushabecame a symbol of the war. It became famous."
    assert clean_all(original).text == original


def test_two_capitalised_words_glued_together_are_split_when_both_occur_alone():
    original = ("The Secretary-General spoke first. António Guterres then urged restraint. "
                "A statement by the Secretary-GeneralAntónio Guterres followed on Monday.")
    view = clean_all(original)
    assert "Secretary-General António Guterres followed" in view.text
    assert_maps_back(original, view)


def test_a_camel_case_token_is_not_split_when_a_half_never_occurs_alone():
    original = "A statement by the Secretary-GeneralAntónio Guterres followed. Guterres spoke."
    assert clean_all(original).text == original


@pytest.mark.parametrize("original", [
    # every part that could tempt a splitter occurs on its own
    "Johnson met John and his son in the city. John and his son then left. Johnson stayed.",
    "Paul Johnson arrived as the mayor was leaving. John was with his son.",
    "McDonald met Donald in Glasgow. Donald left early. Later McDonald wrote to him.",
    "The McDonald family farm was sold to Donald Grant in 1932, and Donald kept it.",
])
def test_real_names_are_not_split(original):
    assert clean_all(original).text == original


def test_bug_a_name_ending_in_a_glue_word_is_split_on_a_lowercase_namesake():
    """Justin is not "Just in": the head occurs alone only as the adverb "just"."""
    original = "Justin Trudeau spoke at noon. It was just a short visit, just an hour."
    assert clean_all(original).text == original


# --- the offset map -------------------------------------------------------------

def test_every_cleaned_character_maps_back_to_the_same_character():
    original = ("Shusha fell on 8 November.[12] Shusha is a fortress town. The town of Shushabecame "
                "a symbol.[ 211 ] The Secretary-General and António spoke; the Secretary-GeneralAntónio "
                "line was quoted.[citation needed] About 1\u00a0800 people left.")
    view = clean_all(original)
    assert inserted_positions(view), "expected at least one split in this text"
    assert_maps_back(original, view)


def test_to_original_spans_slice_the_original_to_the_value():
    original = ("Shusha is old. Shusha is high. Then Shushabecame a symbol.[12] "
                "The ceasefire was signed on 9 November 2020 in Moscow.[citation needed]")
    view = clean_all(original)
    for value in ("9 November 2020", "Moscow", "symbol", "The ceasefire", "became"):
        index = view.text.rindex(value)
        start, end = view.to_original(index, index + len(value))
        assert original[start:end] == value
    # "Shusha" of the split token: the quote ends where the glued word's head ends
    index = view.text.index("Shusha became")
    start, end = view.to_original(index, index + len("Shusha"))
    assert original[start:end] == "Shusha"
    assert original[end:end + len("became")] == "became"


def test_a_span_across_a_removed_marker_quotes_the_marker_too():
    original = "The ceasefire[ 211 ] was signed in Moscow."
    view = clean_all(original)
    index = view.text.index("ceasefire was")
    start, end = view.to_original(index, index + len("ceasefire was"))
    assert original[start:end] == "ceasefire[ 211 ] was"


def test_cleaning_a_slice_maps_to_offsets_inside_that_slice():
    original = "Title line\n\nThe dam[4] was finished in 1936. It holds 35 cubic kilometres.\n"
    start = original.index("The dam")
    end = original.index("\n", start)
    view = clean(original, start, end)
    assert view.text == "The dam was finished in 1936. It holds 35 cubic kilometres."
    assert view.offsets[0] == start and view.offsets[-1] == end
    assert all(start <= offset <= end for offset in view.offsets)
    assert_maps_back(original, view)


# Text without brackets (so only the inserted markers are markers), words that tempt the splitter.
base_pieces = st.sampled_from([
    "The", "town", "of", "Shusha", "Shushabecame", "became", "was", "Secretary-General", "António",
    "Secretary-GeneralAntónio", "Johnson", "McDonald", "in", "1 800", "1\u00a0800", "2,906", "9 November",
    "İstanbul", "e\u0301", "😀", "ﬁnal", "straße", ".", ",", " ", " ", "\n", "\r\n", "\t",
])
# Underscores are left out: a pair of them is plain-text italics, which cleaning drops too
# (test_italic_underscores_are_dropped_and_map_back); so are "<" and "&", which may make an HTML tag
# or entity ("<UL>", "&amp;"), markup that cleaning drops or reads (tests/test_markup.py).
base_text = st.lists(st.one_of(base_pieces, st.text(alphabet=st.characters(blacklist_characters="[]_<&"),
                                                      max_size=6)), max_size=40).map(" ".join)
citation_markers = st.sampled_from(["[12]", "[ 211 ]", "[citation needed]", "[a]", "[note 3]", "[1][2]"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base_text, st.lists(st.tuples(st.integers(min_value=0), citation_markers), max_size=6))
@example("Shusha is here. Shusha was there. Shushabecame old.", [(0, "[12]"), (10_000, "[ 211 ]")])
def test_offset_map_holds_for_any_text_with_markers(text, insertions):
    pieces, last = [], 0
    for position, marker in sorted((p % (len(text) + 1), m) for p, m in insertions):
        pieces += [text[last:position], marker]
        last = position
    original = "".join(pieces) + text[last:]
    view = clean_all(original)
    assert_maps_back(original, view)
    for _, marker in insertions:
        assert marker not in view.text
    # the characters kept are exactly the text without the markers: nothing else is dropped
    added = inserted_positions(view)
    assert "".join(original[view.offsets[i]] for i in range(len(view.text)) if i not in added) == text
    # each cleaned span maps to an original span that contains exactly its characters' offsets
    if view.text:
        start, end = view.to_original(0, len(view.text))
        assert 0 <= start <= end <= len(original)
        assert all(start <= view.offsets[i] < end for i in range(len(view.text)))


def test_italic_underscores_are_dropped_and_map_back():
    original = "He was made _flamen Dialis_, a priest; snake_case and a_b stay, as does 0_."
    view = clean_all(original)
    assert view.text == "He was made flamen Dialis, a priest; snake_case and a_b stay, as does 0_."
    assert_maps_back(original, view)
    start, end = view.to_original(view.text.index("flamen"), view.text.index(","))
    assert original[start:end] == "flamen Dialis"


# --- line classification --------------------------------------------------------

DOCUMENT = """\
The Harbour Bridge

Created August 13th, 2021

The bridge opened on 19 March 1932 after eight years of work.[3] It carries eight lanes of traffic.

Figure 2: The bridge under construction in 1930.

[Photo: workers on the arch, 1931]

History

Construction began in 1924, and 1,400 men worked on the arch.

• 2,000 rivets were driven every day in 1930.

Per the city council:
• 16 workers killed
• 2,000 rivets a day

Length: 1,149 metres

© 2020 Harbour Press Ltd.

The toll was abolished on the northbound lanes in 1970 by the state government.

^ Kramer, J. (2004). The Bridge. Sydney: Pan. p. 44.

[3] Author, “Title,” p. 7.

Retrieved 3 May 2019.

References

Smith, A. The Arch of the Harbour. Sydney, 1999.
Jones, B. Steel over water. Melbourne, 2001.
"""


@pytest.fixture(scope="module")
def blocks_by_line() -> dict[str, object]:
    return {DOCUMENT[b.start:b.end]: b for b in split_blocks(DOCUMENT)}


@pytest.mark.parametrize("line", [
    "^ Kramer, J. (2004). The Bridge. Sydney: Pan. p. 44.",
    "[3] Author, “Title,” p. 7.",
    "Retrieved 3 May 2019.",
])
def test_footnote_lines_are_not_usable(blocks_by_line, line):
    block = blocks_by_line[line]
    assert block.kind == "reference"
    assert not block.usable()


@pytest.mark.parametrize("line", ["Created August 13th, 2021", "© 2020 Harbour Press Ltd."])
def test_stamps_are_not_usable(blocks_by_line, line):
    assert blocks_by_line[line].kind == "stamp"
    assert not blocks_by_line[line].usable()


@pytest.mark.parametrize("line", ["Figure 2: The bridge under construction in 1930.",
                                  "[Photo: workers on the arch, 1931]"])
def test_captions_are_not_usable(blocks_by_line, line):
    assert blocks_by_line[line].kind == "caption"
    assert not blocks_by_line[line].usable()


@pytest.mark.parametrize("line", ["The Harbour Bridge", "History", "References"])
def test_headings_are_not_usable(blocks_by_line, line):
    assert blocks_by_line[line].kind == "heading"
    assert not blocks_by_line[line].usable()


@pytest.mark.parametrize("line", ["Smith, A. The Arch of the Harbour. Sydney, 1999.",
                                  "Jones, B. Steel over water. Melbourne, 2001."])
def test_lines_after_a_references_heading_are_not_usable(blocks_by_line, line):
    assert blocks_by_line[line].kind == "reference"
    assert not blocks_by_line[line].usable()


def test_a_references_heading_ends_usable_text_whatever_the_lines_look_like():
    text = ("About the dam\n\nThe dam was finished in 1936 after five years.\n\nReferences\n\n"
            "The dam was finished in 1936 after five years.\nIt holds 35 cubic kilometres of water.\n")
    blocks = split_blocks(text)
    reference_heading = text.index("References")
    usable = [b for b in blocks if b.usable()]
    assert [text[b.start:b.end] for b in usable] == ["The dam was finished in 1936 after five years."]
    assert all(not b.usable() for b in blocks if b.start > reference_heading)


@pytest.mark.parametrize("line", [
    "The bridge opened on 19 March 1932 after eight years of work.[3] It carries eight lanes of traffic.",
    "Construction began in 1924, and 1,400 men worked on the arch.",
    "The toll was abolished on the northbound lanes in 1970 by the state government.",
])
def test_prose_is_usable(blocks_by_line, line):
    assert blocks_by_line[line].kind == "prose"
    assert blocks_by_line[line].usable()
    assert blocks_by_line[line].claimant is None


@pytest.mark.parametrize("line", ["• 16 workers killed", "• 2,000 rivets a day"])
def test_bullets_under_per_x_are_usable_items_claimed_by_x(blocks_by_line, line):
    block = blocks_by_line[line]
    assert block.kind == "item"
    assert block.usable()
    assert block.claimant == "the city council"


def test_a_bullet_outside_a_per_block_has_no_claimant(blocks_by_line):
    block = blocks_by_line["• 2,000 rivets were driven every day in 1930."]
    assert block.usable()
    assert block.claimant is None


def test_an_infobox_field_is_a_usable_fragment(blocks_by_line):
    block = blocks_by_line["Length: 1,149 metres"]
    assert block.kind == "fragment"
    assert block.usable()


def test_the_per_block_claimant_ends_at_the_next_prose_line():
    text = ("Losses\n\nPer the Azerbaijani ministry:\n• 2,906 servicemen killed\n\n"
            "The war ended with a ceasefire on 10 November 2020.\n\n• 6 helicopters destroyed\n")
    blocks = {text[b.start:b.end]: b for b in split_blocks(text)}
    assert blocks["• 2,906 servicemen killed"].claimant == "the Azerbaijani ministry"
    assert blocks["• 6 helicopters destroyed"].claimant is None


def test_loaded_sources_carry_their_blocks(tmp_path):
    (tmp_path / "bridge.txt").write_text(DOCUMENT, encoding="utf-8")
    [source] = load_source_dir(tmp_path)
    assert source.text == DOCUMENT
    line = "Retrieved 3 May 2019."
    [block] = [b for b in source.blocks if DOCUMENT[b.start:b.end] == line]
    assert not block.usable()


def test_a_table_laid_out_with_spaces_is_not_usable_but_a_field_line_and_a_bullet_list_are():
    table = ("Colony                    Date     How acquired\n"
             "Sarawak                   1888     Protectorate declared.\n"
             "British East Africa       1888     Treaty, conquest and settlement\n"
             "                                   under royal charter.\n")
    fields = "Launch mass\t1,240 kg\nLaunch date\t14 March 2016\n"
    bullets = "-   Angelfire, a free web host bought in 1998.\n-   Tripod, a home page host bought in 1998.\n"
    prose = "The colony was annexed in 1895 after a war.   It joined the union in 1910."
    text = f"{table}\n{fields}\n{bullets}\n{prose}\n"
    blocks = {text[b.start:b.end]: b for b in split_blocks(text)}
    for line in table.splitlines():
        assert blocks[line.strip()].kind == "columns"
        assert not blocks[line.strip()].usable()
    assert all(blocks[line].usable() for line in (*fields.splitlines(), *bullets.splitlines(), prose))


def test_a_pages_links_on_are_not_usable_but_a_sentence_opening_with_next_is():
    text = ("Next: Marco Polo. Lived From 1254-1324\n\nPrevious: Genseric The Vandal. King From 427-477 A.D.\n\n"
            "Next, one of the targeted sites redirected its traffic in 2004.\n")
    blocks = {text[b.start:b.end]: b for b in split_blocks(text)}
    assert not blocks["Next: Marco Polo. Lived From 1254-1324"].usable()
    assert not blocks["Previous: Genseric The Vandal. King From 427-477 A.D."].usable()
    assert blocks["Next, one of the targeted sites redirected its traffic in 2004."].usable()


def test_the_sections_on_what_came_of_the_subject_later_are_not_usable():
    text = ("Early life\n\nGutenberg was born in Mainz around 1400.\n\n"
            "Legacy\n\nAfter him Venice became the capital of printing by 1500.\n\n"
            "In popular culture\n\nA television network ranked him first in 1999.\n\n"
            "Honours\n\nIn 1952 the United States Postal Service issued a stamp in his honour.\n\n"
            "Printing method\n\nHis press used movable metal type from about 1450.\n")
    blocks = {text[b.start:b.end]: b for b in split_blocks(text)}
    assert blocks["Gutenberg was born in Mainz around 1400."].usable()
    assert blocks["His press used movable metal type from about 1450."].usable()
    assert blocks["After him Venice became the capital of printing by 1500."].usable()   # a legacy is history
    assert not blocks["In 1952 the United States Postal Service issued a stamp in his honour."].usable()
    assert not blocks["A television network ranked him first in 1999."].usable()
