"""Wording on the card back: a source's kind, a claimant mid-sentence, counts; typed answers
compared word by word; the source view's paragraphs and headings."""

from __future__ import annotations

from webapp.answering import compare
from webapp.passages import passage_view
from webapp.web import kind_note, mid_sentence, wrong_count


def test_a_kind_the_title_already_names_is_not_repeated():
    assert kind_note("Second Nagorno-Karabakh War (encyclopedia article)", "encyclopedia") == ""
    assert kind_note("What was the 44-day War (policy essay)", "Essay") == ""
    assert kind_note("Lunar Lander Mission Report", "press release") == "press release"
    assert kind_note("Anything", None) == ""


def test_a_claimant_reads_in_lower_case_after_according_to():
    assert mid_sentence("The Armenian authorities") == "the Armenian authorities"
    assert mid_sentence("The Ministry of Defence of Armenia") == "the Ministry of Defence of Armenia"
    # a title, every word capitalised, keeps its article
    assert mid_sentence("The Guardian") == "The Guardian"
    assert mid_sentence("The New York Times") == "The New York Times"
    assert mid_sentence("Azerbaijan") == "Azerbaijan"
    assert mid_sentence("Theodore the elder") == "Theodore the elder"


def test_wrong_counts_read_in_the_right_number():
    assert wrong_count(1, 1) == "wrong the one time it was answered"
    assert wrong_count(2, 3) == "wrong 2 of 3 times"
    assert "times" not in wrong_count(1, 1)


def test_answers_without_a_word_in_common_are_shown_unmarked():
    result = compare("Paris", "Lachin")
    assert not result.marked and not result.same
    assert [w.text for w in result.given] == ["Paris"] and [w.text for w in result.expected] == ["Lachin"]
    assert not any(w.mark for w in result.given + result.expected)


def test_a_case_or_punctuation_difference_is_the_same_answer():
    assert compare("neil armstrong", "Neil Armstrong").same
    assert compare("Neil  Armstrong.", "Neil Armstrong").same


def test_words_that_differ_are_marked_on_both_sides():
    result = compare("the Eastern Roman Empire", "the Western Roman Empire")
    assert result.marked
    assert [w.text for w in result.given if w.mark] == ["Eastern"]
    assert [w.text for w in result.expected if w.mark] == ["Western"]
    missing = compare("Armstrong", "Neil Armstrong")
    assert [w.text for w in missing.expected if w.mark] == ["Neil"] and not any(w.mark for w in missing.given)


ARTICLE = ("Second War\n"
           "From the encyclopedia\n"
           "Background\n"
           "The conflict has deep roots.\n"
           "Fighting began on 27 September 2020.\n"
           "Casualties\n"
           "Armenia reported 3,825 soldiers killed.\n"
           "Azerbaijan reported 2,906 soldiers killed.\n")


def test_single_newlines_make_paragraphs_and_headings_are_headings():
    paragraphs = passage_view(ARTICLE, 0, 0, context=None)
    texts = ["".join(p.text for p in paragraph.pieces) for paragraph in paragraphs]
    assert "Fighting began on 27 September 2020." in texts
    assert "Armenia reported 3,825 soldiers killed." in texts
    headings = {"".join(p.text for p in paragraph.pieces) for paragraph in paragraphs if paragraph.heading}
    assert {"Background", "Casualties"} <= headings
    assert "Fighting began on 27 September 2020." not in headings


def test_a_cut_out_opens_with_its_sections_heading_and_marks_the_passage():
    start = ARTICLE.index("2,906")
    paragraphs = passage_view(ARTICLE, start, start + 5, context=0)
    assert paragraphs[0].heading and paragraphs[0].pieces[0].text == "Casualties"
    marked = [p.text for paragraph in paragraphs for p in paragraph.pieces if p.mark]
    assert marked == ["2,906"]
    assert len(paragraphs) == 2
