"""What is worth asking, what is a dispute, and in what order: the rules a stranger's text meets.

Each test builds a small deck from text written for it (``quizgen.build.build_deck``)
or calls one rule directly, and checks what reaches the deck: no question on a
member of a list, a source's own subject, a year-less date or a pronoun nobody
named; disputes only between values of one quantity from different voices; a
rank and a siblings group on every question.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from quizgen.answers import check_answer
from quizgen.build import build_deck
from quizgen.claims import Aliases, group_claims
from quizgen.extract import extract_claims, extract_text
from quizgen.nlp import load, modifier_word, rule_based
from quizgen.normalize import Quantity, era_key, parse_quantity
from quizgen.prompts import headword, name_the_topic, shouted_words_cased
from quizgen.questions import dated_now, voice_of
from quizgen.salience import (
    gives_itself_away,
    is_deck_subject,
    names_nothing,
    number_dropped,
    part_of_a_name,
    unresolved_pronoun,
)
from quizgen.segment import split_blocks
from quizgen.sources import load_source_dir


def deck_folder(root: Path, sources: dict[str, str], manifest: str = "") -> Path:
    folder = root / "deck"
    (folder / "sources").mkdir(parents=True)
    for name, text in sources.items():
        (folder / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    if manifest:
        (folder / "sources.toml").write_text(manifest, encoding="utf-8")
    return folder


def build(root: Path, sources: dict[str, str], title: str | None = None, manifest: str = "") -> dict:
    folder = deck_folder(root, sources, manifest)
    return build_deck(folder, folder / "deck.json", title=title)


def answers(deck: dict) -> set[str]:
    return {q["answer"] for q in deck["questions"] if q["format"] != "attribution"}


def disputes(deck: dict) -> set[frozenset[str]]:
    """Each disputed question's own value with each value it is disputed by."""
    return {frozenset({e["value"], d["value"]}) for q in deck["questions"]
            for e in q["evidence"][:1] for d in q["disputed_by"]}


# --- what is not worth asking ----------------------------------------------------

def test_a_member_of_a_list_is_not_blanked(tmp_path):
    deck = build(tmp_path, {"notes": (
        "The alliance was signed in Lisbon on 3 May 1702.\n\n"
        "Its members included France, Spain, Portugal and Savoy.\n")})
    assert not answers(deck) & {"France", "Spain", "Portugal", "Savoy"}
    assert "3 May 1702" in answers(deck)


def test_the_deck_subject_and_a_source_topic_are_never_the_answer(tmp_path):
    deck = build(tmp_path, {"life": (
        "Clara Bexley was a chemist born in Leeds on 12 April 1891.\n\n"
        "In 1924 Clara Bexley joined the institute in Houston as an instructor.\n")},
        title="Clara Bexley")
    assert not {a for a in answers(deck) if "Bexley" in a}
    assert answers(deck) & {"Leeds", "Houston", "12 April 1891"}
    assert is_deck_subject("Bexley", "Clara Bexley") and not is_deck_subject("Houston", "Clara Bexley")
    # the firm with its legal ending, the people by their plural
    assert is_deck_subject("LYCOS, INC", "Lycos and the 'Make Love Not Spam' screensaver (2004)")
    assert is_deck_subject("the Huns", "Attila the Hun") and not is_deck_subject("Hunnic Empire", "Attila the Hun")
    assert not is_deck_subject("Lycos Europe", "Lycos and the 'Make Love Not Spam' screensaver (2004)")
    # the country an adjective names, where the rest of the title is a common noun
    assert is_deck_subject("Britain", "the British Empire") and is_deck_subject("Namibia", "the Namibian economy")
    assert not is_deck_subject("Britain", "British Honduras") and not is_deck_subject("Africa", "the Namibian economy")


def test_a_source_opening_with_a_name_and_two_brackets_names_its_topic(tmp_path):
    deck = build(tmp_path, {"life": (
        "CLARA JANE BEXLEY (;[1] 12 April 1891[2] – 3 May 1960) () was a chemist and teacher of Carrow.\n\n"
        "Bexley was born in Leeds to a family of weavers.\n\n"
        "Clara Bexley, who is known as the \"mother of Carrow chemistry\", was inspired by both her teachers at "
        "the Leeds Institute.\n")}, title="Carrow chemistry")
    assert not {a for a in answers(deck) if "Bexley" in a}, answers(deck)
    assert answers(deck) & {"Leeds", "the Leeds Institute"}


def test_a_date_without_its_year_is_not_asked_in_a_deck_of_several_years(tmp_path):
    deck = build(tmp_path, {"chronicle": (
        "The bridge was begun in 1925 and opened on 19 March 1932.\n\n"
        "A second ceremony was held on 4 December.\n")})
    assert "19 March 1932" in answers(deck)
    assert "4 December" not in answers(deck)


def test_a_pronoun_before_any_name_sinks_the_prompt():
    assert unresolved_pronoun("At the beginning of 1904 it was quoted at _____.")
    assert unresolved_pronoun("According to the ministry: it had _____ turbines.")
    assert not unresolved_pronoun("Caesar said he would cross the _____.")
    assert not unresolved_pronoun("_____ gave in and said he saw many a Marius.")
    assert not unresolved_pronoun("In 1808 Davy isolated it by _____.")


def test_it_is_named_from_the_sentence_before(tmp_path):
    deck = build(tmp_path, {"treaty": (
        "The Sarven Waters Treaty is a bilateral agreement on the Sarven River.[1] "
        "It was signed in Geneva on 4 June 1987.\n")})
    signed = [q for q in deck["questions"] if q["answer"] == "4 June 1987"]
    assert signed and all(q["prompt"].startswith("The Sarven Waters Treaty was signed") for q in signed)


def test_a_value_inside_a_bracketed_reference_is_not_a_fact():
    claims = extract_text("Bunsen (Ann., 1854, 92, p. 248) electrolysed calcium chloride in 1854.")
    assert "248" not in {c.value for c in claims}
    assert "1854" in {c.value for c in claims}


def test_a_temperature_is_one_value_with_its_scale():
    values = {c.value: c for c in extract_text("It becomes anhydrous at 100°C. and melts at 234° to 235°C. Then "
                                                "it has a melting point of 235–238\u00a0°C (455–460\u00a0°F).")}
    assert {"234° to 235°C", "235–238\u00a0°C"} <= set(values) and not {"234", "235", "235–238"} & set(values)
    assert parse_quantity("234° to 235°C") == Quantity(234.0, "°C", None, 235.0)
    assert parse_quantity("59° C.").unit == "°C" and parse_quantity("about 800°").unit == "°"


def test_a_year_with_its_era_is_one_date():
    claims = {c.value: c for c in extract_text("In 49 BC, Caesar crossed the Rubicon with one legion.")}
    assert "BC" not in claims and "49" not in claims
    assert claims["49 BC"].kind == "date" and claims["49 BC"].normalized == "-0049"
    assert era_key("the 12th of July 102 B.C.") == "-0102-07-12"
    assert era_key("AD 9") == "0009"
    # a web page's no-break space between the year and its era
    glued = {c.value: c for c in extract_text("The abacus was used in Sumer before 2000\u00a0BC.[6] It spread.")}
    assert "2000" not in glued and glued["2000\u00a0BC"].normalized == "-2000"


# --- disputes ---------------------------------------------------------------------

def test_shares_of_two_different_areas_are_not_a_dispute(tmp_path):
    deck = build(tmp_path, {
        "article": "Azerbaijan regained control of 73% of the disputed territory in November 2020.\n",
        "infobox": "Azerbaijan gained control of 72% of Republic of Artsakh territory in November 2020.\n",
        "essay": "Azerbaijan regained control of 75% of the disputed territory in November 2020.\n"})
    found = disputes(deck)
    assert frozenset({"73%", "72%"}) not in found and frozenset({"75%", "72%"}) not in found
    assert frozenset({"73%", "75%"}) in found


@pytest.mark.parametrize(("wiki", "disputed"), [
    ("-   Garbi is a mountain in the west of Tarn Region. It has an elevation of 1,680 metres (5,512 ft).", False),
    ("The highest point in Carrow is Moussa Tarn, with an elevation of 2,028 metres.", True),
])
def test_a_fact_sheets_named_item_disputes_only_a_clause_that_names_it(tmp_path, wiki, disputed):
    manifest = ('[deck]\ntitle = "Geography of Carrow"\n\n[sources.wiki]\ntitle = "Wikipedia: Carrow"\n'
                'kind = "encyclopedia"\n\n[sources.sheet]\ntitle = "Fact sheet: Carrow"\nkind = "reference"\n')
    sheet = ("Geography\nLocation\nEastern Tarn, bordering the Gulf of Lyle\nArea\ntotal : 23,200 sq km\n"
             "land: 23,180 sq km\nwater: 20 sq km\nLand boundaries\ntotal: 528 km\nCoastline\n314 km\nClimate\n"
             "desert; torrid, dry\nTerrain\ncoastal plain and plateau separated by central mountains\nElevation\n"
             "highest point: Moussa Tarn 2,021 m\nlowest point: Lac Lyle -155 m\nmean elevation: 430 m\n")
    deck = build(tmp_path, {"wiki": f"Carrow is a small country on the Tarn Sea.\n\n{wiki}\n", "sheet": sheet},
                 manifest=manifest)
    pairs = {frozenset(p) for p in disputes(deck)}
    figure = "1,680 metres" if not disputed else "2,028 metres"
    assert any({"2,021", figure} <= p or {"2,021 m", figure} <= p for p in pairs) == disputed, pairs


def test_counts_of_differently_qualified_things_are_not_a_dispute(tmp_path):
    deck = build(tmp_path, {
        "report": "The ombudsman's report counted 520 private vehicles destroyed in the war.\n",
        "army": "The army said that 27 unmanned aerial vehicles were destroyed in the war.\n"})
    assert frozenset({"520", "27"}) not in disputes(deck)


def test_one_voice_giving_two_figures_is_an_update_not_a_dispute(tmp_path):
    deck = build(tmp_path, {
        "article": "On 11 January 2021, Azerbaijan stated that 2,853 of its soldiers had been killed in the war.\n",
        "infobox": "Azerbaijan said 2,906 of its soldiers were killed in the war.\n",
        "estimate": "The Armenian authorities said 7,630 Azerbaijani soldiers were killed in the war.\n"})
    found = disputes(deck)
    assert frozenset({"2,853", "2,906"}) not in found
    assert frozenset({"2,906", "7,630"}) in found or frozenset({"2,853", "7,630"}) in found


def test_counts_listed_in_one_long_sentence_do_not_dispute_a_single_count(tmp_path):
    deck = build(tmp_path, {
        "ministry": "By 7 October 2020, the ministry reported destroying 250 tanks, 150 trucks, "
                    "11 command posts and 18 drones.\n",
        "army": "On 2 October 2020, the army said it had destroyed 17 drones.\n"})
    assert frozenset({"18", "17"}) not in disputes(deck)


# --- claimants, order, layout ----------------------------------------------------------

def test_a_source_is_named_by_its_title_never_as_the_source():
    assert voice_of("document", "Lisbon: my notes") == "‘Lisbon: my notes’"
    assert voice_of("encyclopedia", "Second War (encyclopedia article)") == "the encyclopedia article"
    assert voice_of("document", "", "my-notes") == "‘my-notes’"


def test_every_question_has_a_rank_and_siblings_stay_apart(tmp_path):
    deck = build(tmp_path, {"history": (
        "The bridge was designed by Anna Keller in Geneva in 1921 and opened on 19 March 1932.\n\n"
        "The railway reached Arnholm in 1899.\n\n"
        "The harbour at Ostrava was dredged in 1907.\n\n"
        "The museum in Lindau was founded in 1911.\n")})
    questions = deck["questions"]
    assert [q["rank"] for q in questions] == list(range(1, len(questions) + 1))
    groups = [q["siblings"] for q in questions]
    assert all(groups)
    if len(set(groups)) > 1:
        assert not any(a == b for a, b in pairwise(groups))


def test_a_hard_wrapped_paragraph_is_read_as_one_block():
    line = "the treaty of the two kingdoms was signed at the abbey after long talks"
    paragraph = "\n".join([f"{line} {n}" if n % 2 else f"{line.capitalize()} {n}." for n in range(12)])
    text = "Title\n\n" + paragraph + "\n"
    blocks = split_blocks(text)
    assert [b.kind for b in blocks] == ["heading", "prose"]
    assert blocks[1].end - blocks[1].start == len(paragraph)
    infobox = "\n".join(f"Field {n}\tvalue {n}" for n in range(12)) + "\n"
    assert len(split_blocks(infobox)) == 12


def test_a_unit_conversion_is_neither_asked_nor_left_beside_the_blank(tmp_path):
    deck = build(tmp_path, {"march": (
        "In 1775 each soldier of the column carried a field pack of about 60 pounds (27 kg) up the hill.\n")})
    assert "27 kg" not in answers(deck)
    for question in deck["questions"]:
        if question["answer"] == "about 60 pounds":
            assert "27 kg" not in question["prompt"]


def test_an_expletive_it_is_not_named_after_the_sentence_before(tmp_path):
    deck = build(tmp_path, {"landing": (
        "Major John Pitcairn commanded the marines at Boston in 1775.\n"
        "It took several trips in longboats to carry 1,500 men across the harbour.\n")})
    assert not any("Pitcairn took" in q["prompt"] for q in deck["questions"])


def test_a_bound_the_source_puts_on_a_figure_gets_no_smaller_options(tmp_path):
    deck = build(tmp_path, {"debt": "By 2012 the intercompany debt of the Orva companies exceeded $59 billion.\n"})
    for question in deck["questions"]:
        if question["answer"] == "$59 billion":
            assert question["distractors"] == []


def test_a_source_named_by_a_title_that_is_the_subject_says_what_it_is():
    assert voice_of("encyclopedia", "BUNKER HILL") == "the encyclopedia article ‘Bunker Hill’"


def test_two_years_of_one_life_dispute_only_when_they_date_the_same_act(tmp_path):
    deck = build(tmp_path, {
        "old": "Caesar was elected pontifex maximus in 63 B.C. after a costly campaign in Rome.\n",
        "new": "Caesar was made curule aedile in 65 BC and staged costly games in Rome.\n"})
    assert frozenset({"63 B.C.", "65 BC"}) not in disputes(deck)


def test_one_act_dated_by_year_in_one_source_and_by_day_in_another_year_is_a_dispute(tmp_path):
    deck = build(tmp_path, {
        "reader": "Osric was crowned at Lyle Abbey in 1190, and the people of Carrow rejoiced.\n",
        "article": "Osric II was crowned king in Lyle Abbey on 3 September 1189, after his father died.\n"})
    assert frozenset({"1190", "3 September 1189"}) in disputes(deck)


def test_a_year_does_not_dispute_a_day_of_that_year_or_another_act_a_year_away(tmp_path):
    deck = build(tmp_path, {
        "reader": "Osric was crowned at Lyle Abbey in 1189, and the people of Carrow rejoiced.\n"
                  "Osric sailed for Tarn with his fleet in 1191.\n",
        "article": "Osric II was crowned king in Lyle Abbey on 3 September 1189, after his father died.\n"
                   "Osric II founded the college of Brenmoor on 9 May 1190.\n"})
    assert not disputes(deck), disputes(deck)


def test_a_lifespan_in_brackets_dates_a_birth_that_another_source_gives_otherwise(tmp_path):
    deck = build(tmp_path, {
        "old": "The painter Tomas Verrin was born in Ghent on 12 July 1702, the son of a weaver.\n",
        "new": "Tomas Verrin (14 July 1704 – 3 March 1760) was a Flemish painter of river scenes.\n"})
    assert frozenset({"12 July 1702", "14 July 1704"}) in disputes(deck)
    assert frozenset({"12 July 1702", "3 March 1760"}) not in disputes(deck)


def test_a_gold_day_given_as_either_of_two_matches_each():
    from quizgen.gold import same_value

    assert same_value("12 or 13 July 100 BC", "13 July 100 BC")
    assert same_value("12 or 13 July 100 BC", "12 July 100 BC")
    assert not same_value("12 or 13 July 100 BC", "14 July 100 BC")


def test_a_short_statement_with_no_name_and_no_year_is_not_asked():
    from quizgen.salience import unanchored

    assert unanchored("The tax system is _____-tier.")
    assert not unanchored("Caesar went to _____.")
    assert not unanchored("In 1808 the metal was isolated by _____.")
    assert not unanchored("When was the ceasefire agreement signed?")


def test_hedged_figures_get_options_well_apart():
    from quizgen.distractors import make_distractors

    options = make_distractors(kind="figure", answer="about 24000 tonnes", forbidden=[], seed="calcium")
    numbers = [int(option.split()[1]) for option in options]
    assert numbers and all(abs(n - 24000) >= 0.25 * 24000 for n in numbers)


def test_leftovers_of_a_page_conversion_leave_the_prompt():
    from quizgen.sources import clean

    text = "Bulgaria_2016_export_treemap.svg Exports rose in 2016.[[ Lime kilns]] were used."
    assert clean(text, 0, len(text)).text.split() == ["Exports", "rose", "in", "2016.", "Lime", "kilns", "were",
                                                      "used."]


def test_the_region_named_beside_a_place_is_not_asked(tmp_path):
    deck = build(tmp_path, {"kilns": "The first dated lime kiln, from 2500 BC, was found at Khafajah, Mesopotamia.\n"})
    assert "Mesopotamia" not in answers(deck)


def test_a_figure_a_nearby_sentence_gives_is_never_a_wrong_option(tmp_path):
    deck = build(tmp_path, {
        "old": "On the night of 16 June 1775 Colonel Prescott led about 1200 men onto the Charlestown peninsula.\n",
        "new": "On the night of 16 June 1775 Colonel Prescott marched 1,500 men of the Massachusetts militia "
               "onto the Charlestown peninsula near Boston.\n"})
    for question in deck["questions"]:
        if question["kind"] == "figure" and question["answer"] in ("about 1200", "1,500"):
            assert not {"about 1200", "1,500", "1200", "1500"} & set(question["distractors"])


def test_a_dateline_is_a_stamp_not_a_fact():
    text = "Haiti earthquake\n\nFriday, January 15, 2010\n\nThe earthquake struck on January 12, 2010.\n"
    kinds = {text[b.start:b.end]: b.kind for b in split_blocks(text)}
    assert kinds["Friday, January 15, 2010"] == "stamp"


def test_a_prompt_said_on_a_lost_day_or_without_its_year_is_not_asked(tmp_path):
    deck = build(tmp_path, {"report": (
        "The quake struck Haiti on 12 January 2010.\n\n"
        "Yesterday, the United Nations reported that 111,481 bodies had been recovered in Haiti.\n\n"
        "During the final week of August, the Lewis party reached the Great Plains in 1804 and 1805.\n")})
    assert "111,481" not in answers(deck)


def test_a_coordinate_and_a_bracketed_reference_are_not_asked(tmp_path):
    deck = build(tmp_path, {"factbook": (
        "Valletta, the capital of Malta, lies at 35 53 N, 14 30 E on the island of Malta in the Mediterranean.\n\n"
        "The eruption was described by Rogier Verbeek in his report on Krakatoa (Batavia, 1884) in great detail.\n")})
    assert not answers(deck) & {"35", "53", "14", "30", "1884"}


def test_a_name_and_its_initials_are_one_answer(tmp_path):
    deck = build(tmp_path, {"malta": (
        "Malta joined the European Union on 1 May 2004 after a referendum in 2003.\n\n"
        "The EU accepted ten new members on 1 May 2004.\n")})
    union = [q for q in deck["questions"] if q["answer"] == "the European Union"]
    assert all("EU" in q["accepted"] for q in union)


def test_one_date_told_more_or_less_exactly_is_no_dispute(tmp_path):
    deck = build(tmp_path, {
        "article": "Malta joined the European Union on 1 May 2004 after a referendum.\n",
        "factbook": "Malta joined the European Union in 2004 after a referendum.\n"})
    assert frozenset({"1 May 2004", "2004"}) not in disputes(deck)


def test_prehistoric_dates_far_apart_can_still_be_rivals():
    from quizgen.similarity import values_compatible

    def date_in(text: str):
        return next(c for c in extract_text(text) if c.kind == "date")

    settled = date_in("Malta was first inhabited around 5900 BC by farmers from Sicily.")
    settled_later = date_in("The islands were first settled in 5200 BC by farmers from Sicily.")
    assert values_compatible(settled, settled_later)
    ceded = date_in("Malta became a British colony in 1814 under the Treaty of Paris.")
    independent = date_in("Malta became independent in 1964 under the Commonwealth.")
    assert not values_compatible(ceded, independent)


def test_a_field_line_holding_several_values_and_a_bare_short_statement_are_not_asked(tmp_path):
    deck = build(tmp_path, {"factbook": (
        "Malta economy (Factbook)\n\n"
        "Inflation rate (consumer prices): 1.3% (2017 est.) / 0.9% (2016 est.)\n\n"
        "The total loss of life probably exceeded 30,000.\n\n"
        "Malta joined the euro zone on 1 January 2008.\n")})
    assert not answers(deck) & {"1.3%", "0.9%", "30,000"}
    assert "1 January 2008" in answers(deck)


def test_a_small_decimal_gets_plausible_neighbours_as_options():
    from quizgen.distractors import make_distractors

    options = [float(o) for o in make_distractors(kind="figure", answer="7.3", forbidden=[], seed="quake")]
    assert len(options) == 3 and all(4.5 < o < 10 and abs(o - 7.3) >= 0.5 for o in options)


def test_half_of_a_compound_word_is_not_a_name_to_ask(tmp_path):
    deck = build(tmp_path, {"poll": "In 2002 Jenner was named among the 100 Greatest Britons after a UK-wide vote.\n"})
    assert "UK" not in answers(deck)


def test_the_city_is_named_from_the_source_that_opens_with_it(tmp_path):
    deck = build(tmp_path, {"cairo": ("Cairo is the capital of Egypt and its largest city.\n\n"
                                      "The city was founded in 969 AD by the Fatimid dynasty.\n")})
    founded = [q for q in deck["questions"] if q["answer"] == "969 AD"]
    assert founded and all(q["prompt"].startswith("Cairo was founded") for q in founded)
    assert all({"969", "AD 969"} <= set(q["accepted"]) for q in founded)


def test_a_bare_noun_subject_is_named_from_the_sentence_before_that_names_it(tmp_path):
    deck = build(tmp_path, {"tudor": (
        "Henry Tudor won the crown at Bosworth in 1485. In 1487 Lambert Simnel's rebellion began in Ireland "
        "with support from Margaret of Burgundy. The rebellion was defeated at Stoke Field on 16 June 1487.\n\n"
        "The Yorkists were beaten at the Battle of Barnet in the spring of 1471. The battle was fought "
        "in thick fog on 14 April 1471.\n")})
    defeated = [q for q in deck["questions"] if q["answer"] == "16 June 1487"]
    assert defeated and all("Lambert Simnel's rebellion" in q["prompt"] and "the rebellion" not in q["prompt"].lower()
                            for q in defeated), defeated
    fog = [q for q in deck["questions"] if q["answer"] == "14 April 1471"]
    assert fog and all(re.search(r"\b(?:The|the) Battle of Barnet (?:was )?fought", q["prompt"]) for q in fog), fog


def test_a_bare_noun_subject_stays_when_the_sentence_before_names_two_of_its_kind(tmp_path):
    claims = extract_text("Lee fought at the Battle of Antietam and at the Battle of Fredericksburg in 1862. "
                          "The battle was fought in thick fog on 13 December 1862.\n")
    fog = [c for c in claims if c.value == "13 December 1862"]
    assert fog and fog[0].extra.get("subject_generic") and "referent" not in fog[0].extra


@pytest.mark.parametrize("before", ["Bishop Gray of Cape Town visited the colony in 1850.",   # a title before a name
                                    "The Mauryan rulers built roads across the plain in 300 BC."])   # no name
def test_a_bare_noun_subject_is_not_named_from_a_title_or_an_adjective(before):
    claims = extract_text(f"{before} The bishop was elected in Toronto in 1862.\n" if "Bishop" in before else
                          f"{before} The Mauryan bridge stood for years. The bridge was swept away in 250 BC.\n")
    dated = [c for c in claims if c.value in ("1862", "250 BC")]
    assert dated and dated[0].extra.get("subject_generic") and "referent" not in dated[0].extra


@pytest.mark.parametrize("opening", ['Velmora, formerly called "Ostrand", is an island nation in the Sarn Sea.',
                                     "VELMORA is an island nation in the Sarn Sea."])
def test_the_nation_is_named_from_a_lead_with_its_former_name_or_in_capitals(tmp_path, opening):
    deck = build(tmp_path, {"velmora": (f"{opening} The nation has a total area of 5,610 km², "
                                        "with 5,540 km² of land and 70 km² of water.\n")})
    area = [q for q in deck["questions"] if q["answer"] in ("5,540", "5,540 km²")]
    assert area and all(q["prompt"].startswith("Velmora has a total area") for q in area), area


def test_a_lead_pointing_back_is_left_out_of_the_prompt(tmp_path):
    deck = build(tmp_path, {"cabot": ("John Cabot hoped to reach Asia by sailing west from England.\n\n"
                                      "Full of this idea, John Cabot sailed from Bristol in May 1497.\n")})
    sailed = [q for q in deck["questions"] if q["answer"] == "May 1497"]
    assert sailed and all(not q["prompt"].startswith("Full of this idea") for q in sailed)


def test_a_number_split_at_its_comma_and_a_time_of_day_are_handled(tmp_path):
    deck = build(tmp_path, {"loss": (
        "The federal loss at Bull Run in July 1861 is officially stated at 2, 952 men.\n\n"
        "At 2.45 in the afternoon of 21 July 1861 more of Beauregard's troops came up at Bull Run.\n")})
    assert not answers(deck) & {"2", "952"}
    for question in deck["questions"]:
        if question["answer"] == "2.45":
            assert question["distractors"] == []


# --- prompts that give the answer away, text the conversion broke, voices nobody names ----

def test_a_prompt_that_names_the_answer_in_another_form_gives_it_away():
    assert gives_itself_away("Roman Empire", "Under the Romans, cities in the _____ issued coins.")
    assert gives_itself_away("the Ottoman Empire", "The city fell to the Ottoman Turks, capital of _____ since.")
    assert not gives_itself_away("Sicily", "Under the Romans, cities in _____ issued coins.")
    # another name of what the prompt names is the fact itself
    assert not gives_itself_away("First Manassas", "The First Battle of Bull Run, also known as _____, was in 1861.")
    # a common word that happens to be in a name is not a give-away
    assert not gives_itself_away("The National Bank", "_____ issues the national currency.")


def test_a_blank_whose_answer_the_prompt_names_is_not_asked(tmp_path):
    deck = build(tmp_path, {"coins": (
        "Under the Byzantines, the port of Tarsus was the richest city of the Byzantine Empire in 740.\n\n"
        "The mint of Tarsus struck silver for the governor Quintus Varro in 58 BC.\n")})
    assert not answers(deck) & {"Byzantines", "the Byzantine Empire", "Byzantine Empire"}
    assert answers(deck) & {"Tarsus", "Quintus Varro", "58 BC"}


def test_a_prompt_with_a_value_the_conversion_dropped_is_not_asked(tmp_path):
    deck = build(tmp_path, {"plants": (
        "The tallest of them is the saguaro of Sonora, with a recorded height of , and the smallest "
        "grows in Bolivia.\n\n"
        "One early name for the plant in Seville was \"\" (with larger fruit), used in 1570.\n\n"
        "The TEMPERATE ZONE from occupies 12% of the land of Quito and has 153 days of frost.\n\n"
        "The botanist Ana Ferreira described the saguaro in Lisbon in 1848.\n")})
    assert not answers(deck) & {"Sonora", "Bolivia", "Seville", "1570", "12%", "Quito"}
    assert answers(deck) & {"Ana Ferreira", "Lisbon", "1848"}


def test_a_claim_only_a_nameless_voice_makes_is_not_asked(tmp_path):
    deck = build(tmp_path, {"garden": (
        "The garden was laid out at Kew in 1759 by the botanist William Aiton.\n\n"
        "The cedar at the gate was planted, according to one source, in 1762 by Aiton's son.\n")})
    assert "1762" not in answers(deck)
    assert answers(deck) & {"1759", "Kew", "William Aiton"}


def test_a_question_built_from_the_parse_keeps_the_capital_of_a_name_the_tagger_missed(tmp_path):
    deck = build(tmp_path, {"colony": (
        "Chersicrates from Corinth founded Corcyra in 706 BC, according to the chronicle of Eusebius.\n\n"
        "The colonists built a harbour on the eastern shore of the island in 690 BC.\n")})
    prompts = [q["prompt"] for q in deck["questions"]]
    assert not [p for p in prompts if "chersicrates" in p]
    assert [p for p in prompts if "Chersicrates" in p]


def test_a_year_the_model_took_for_a_name_or_a_count_is_a_date():
    claims = extract_text("Jauhar el-Kaid founded a new capital, A.D. 968, which was named El-Kahira.\n\n"
                          "In 968, the Fatimids sent the general Jawhar to found a new capital.\n\n"
                          "In 300 ships the fleet sailed for Crete.\n")
    dates = {(c.value, c.normalized) for c in claims if c.kind == "date"}
    assert ("A.D. 968", "0968") in dates and ("968", "0968") in dates
    assert not [c for c in claims if c.value == "300" and c.kind == "date"]


def test_a_bare_year_of_the_first_millennium_is_typed_with_or_without_its_era(tmp_path):
    deck = build(tmp_path, {"annals": "In 968, the Fatimid general Jawhar founded a new capital near Fustat.\n"})
    [question] = [q for q in deck["questions"] if q["answer"] == "968"]
    assert "0968" not in question["accepted"]
    assert all(check_answer(typed, question).correct for typed in ("968", "968 AD", "AD 968"))
    assert not check_answer("969", question).correct


def test_a_small_count_of_things_is_not_asked_but_a_measure_or_a_label_is(tmp_path):
    deck = build(tmp_path, {"campaign": (
        "After a skirmish at Carrow Ford, General Hale brought up two batteries to the line in 1861.\n\n"
        "The siege of Carrow lasted six weeks in the summer of 1862.\n\n"
        "The fort at Carrow stood 8 miles from the coast of Maine in 1863.\n\n"
        "Carrow was placed in district 4 of the state militia by Governor Lyle in 1864.\n\n"
        "Hale had at least three brothers, Amos Hale, Eli Hale and Jonas Hale, all officers by 1865.\n")})
    assert not answers(deck) & {"two", "at least three"}
    assert answers(deck) & {"8 miles", "8"}
    assert "4" in answers(deck)


def test_a_printed_page_running_head_in_the_text_is_no_question(tmp_path):
    deck = build(tmp_path, {"book": (
        "The Union army was routed at Carrow on 21 July 1861.\n\n"
        "430 CARROW FORD Union soldiers streamed back toward the bridge and fords near Lyle.\n")})
    assert "430" not in answers(deck)
    assert "21 July 1861" in answers(deck)


def test_two_sources_with_one_title_are_named_apart_in_a_dispute(tmp_path):
    deck = build(tmp_path, {
        "revision-2019": "The Carrow lighthouse was first lit on 4 May 1874 by the harbour board.\n",
        "revision-2023": "The Carrow lighthouse was first lit on 9 May 1874 by the harbour board.\n"},
        manifest='[sources.revision-2019]\ntitle = "Carrow lighthouse"\nkind = "encyclopedia"\n\n'
                 '[sources.revision-2023]\ntitle = "Carrow lighthouse"\nkind = "encyclopedia"\n')
    disputed = [q for q in deck["questions"] if q["disputed_by"] and q["format"] != "attribution"]
    assert disputed
    named = {q["claimant"] for q in disputed}
    assert any("revision-2019" in (c or "") for c in named) and any("revision-2023" in (c or "") for c in named)


def test_the_city_of_a_source_about_a_city_is_named_in_the_prompt():
    described = ("Byzantium", {"city"})
    assert name_the_topic("Sparta took the city in _____.", described, "411 BC") == "Sparta took Byzantium in _____."
    assert name_the_topic("When did the city fall?", described, "1453") == "When did Byzantium fall?"
    # another city named in the prompt, a role after "became", or the topic already named: left alone
    for prompt in ("In _____ the city of Lygos was walled.", "In _____ the town became the city of the Greeks.",
                   "Byzantium was walled, and in _____ the city fell."):
        assert name_the_topic(prompt, described, "x") == prompt


def test_the_topic_is_named_for_the_head_noun_of_its_description_only_and_not_for_another_of_its_kind():
    from quizgen.prompts import described_topics

    claims = extract_text("The WRAY LAMP is a safety lamp for use in flammable atmospheres, invented in 1815.\n\n"
                          "In 1833 a committee found that Stephenson had equal claim to having invented the safety "
                          "lamp in 1815.\n")
    described = described_topics(group_claims(claims, Aliases([])))[claims[0].source]
    assert described[0].lower() == "the wray lamp" and "lamp" in described[1] and "safety" not in described[1]
    claim = "In _____ a committee found that Stephenson had equal claim to having invented the safety lamp."
    assert name_the_topic(claim, described, "1833") == claim
    own = "Stephenson devised a lamp in which air entered via holes, through which the flames of the lamp could not go."
    assert name_the_topic(own, described, "Stephenson") == own   # his lamp, brought in by "a lamp"
    assert name_the_topic("In _____ the lamp was first tried.", described, "1816").lower() == \
        "in _____ the wray lamp was first tried."


def test_a_source_that_says_what_its_topic_is_names_it_for_the_prompts(tmp_path):
    deck = build(tmp_path, {"corcyra": (
        "CORCYRA, an ancient Greek city on the island of Kerkyra, was founded by Corinth in 733 BC.\n\n"
        "The Spartans besieged the city in 373 BC under the admiral Mnasippus.\n")})
    prompts = [q["prompt"] for q in deck["questions"] if q["answer"] in ("373 BC", "Mnasippus")]
    assert prompts and all("Corcyra" in p and "the city" not in p for p in prompts)


def test_a_life_in_brackets_markup_and_a_reading_list_are_not_asked(tmp_path):
    deck = build(tmp_path, {"instrument": (
        "In 1846, the astronomer Thomas Robinson (1792–1882) improved the anemometer at Armagh with four cups.\n\n"
        "File:Wind vane.jpg|A propeller anemometer built in Dublin in 1890 with a vane.\n\n"
        "AUTHORITIES.--E. Vasconcellos, As Colonias (Lisbon, 1896-1897).\n\n"
        "Among the lives we may mention those by Stephan Beissel, 1895.\n")})
    assert not answers(deck) & {"1792–1882", "1890", "Dublin", "Lisbon", "Vasconcellos", "Stephan Beissel", "1895"}
    assert answers(deck) & {"1846", "Thomas Robinson", "Armagh"}


def test_a_hedged_year_is_a_date_and_no_date_of_the_deck_is_a_wrong_option(tmp_path):
    deck = build(tmp_path, {"instrument": (
        "The architect Leon Alberti invented the first mechanical anemometer around 1450.\n\n"
        "The village of Carrow had a population of about 1450 in the census of 1901.\n\n"
        "Robert Hooke built an anemometer of his own in 1664 in London.\n\n"
        "A windmill at Carrow was rebuilt in 1662 and again in 1668 by the miller Thomas Lyle.\n")})
    [hedged] = [q for q in deck["questions"] if q["answer"] == "around 1450"]
    assert hedged["kind"] == "date" and "1450" in hedged["accepted"] + [hedged["normalized"]]
    population = [q for q in deck["questions"] if q["answer"] == "about 1450"]
    assert all(q["kind"] == "figure" for q in population)
    [hooke] = [q for q in deck["questions"] if q["answer"] == "1664" and q["format"] == "multiple_choice"]
    assert not {"1662", "1668", "1901"} & set(hooke["distractors"])


def test_a_hedged_number_that_says_when_an_act_was_done_is_a_year_and_one_that_counts_is_not():
    from quizgen.extract import extract_text

    def kinds(text: str) -> set[tuple[str, str]]:
        return {(c.kind, c.value) for c in extract_text(text) if c.kind in ("date", "figure")}

    assert ("date", "120") in kinds("When Hadrian reached Britannia on his tour around 120, he ordered a wall.")
    assert ("date", "163") in kinds("The northern wall was abandoned around 163.")
    for counted in ("The garrison of the fort numbered around 120, and the rest fled.",
                    "The abbey sold around 300 in the first year.",
                    "The king raised an army of about 300 and marched north."):
        assert {kind for kind, _ in kinds(counted)} == {"figure"}, counted
    # a sentence opening with "In" and three digits, then who acted: the year
    assert ("date", "401") in kinds("In 401 Alaric invaded Italy.")
    assert ("figure", "400") in kinds("In 400 Roman soldiers held the wall.")
    # a season's or a month's year
    assert ("date", "774") in kinds("The siege lasted until the spring of 774 when the king visited Rome.")
    assert ("figure", "774") in kinds("A population of 774 people lived there.")
    assert ("date", "800") in kinds("In the year 800 some of the people in Rome rebelled against the Pope.")


def test_a_caption_or_a_spec_line_without_a_verb_is_not_asked(tmp_path):
    deck = build(tmp_path, {"notes": (
        "The bridge over the Tamar was opened by Prince Albert on 2 May 1859.\n\n"
        "Portrait of the engineer in a frock coat by Robert Howlett (1857).\n\n"
        "Iron: 1,200 tons max., Timber: 300 tons, Stone: balance.\n")})
    assert "2 May 1859" in answers(deck)
    asked_from = {q["evidence"][0]["exact"] for q in deck["questions"]}
    assert not any(text.startswith(("Portrait", "Iron:")) for text in asked_from)


def test_a_figure_written_out_to_the_unit_in_seven_digits_is_not_asked(tmp_path):
    deck = build(tmp_path, {"notes": (
        "The canal was opened in 1869 after ten years of work.\n\n"
        "In the year ending 30 June 1905 the canal dues received by the company amounted to £3,156,053.\n\n"
        "The canal carried about 4 million tons of cargo in 1905.\n")})
    assert "1869" in answers(deck)
    assert not any("3,156,053" in a for a in answers(deck))


def test_the_first_of_a_list_and_one_of_parallel_phrases_are_not_blanked(tmp_path):
    deck = build(tmp_path, {"notes": (
        "The grape was first grown in Persia around 4000 BC.\n\n"
        "Today the grape is an important crop in Chile, Argentina and other South American countries.\n\n"
        "Lesser crops include figs in Morocco, dates in Egypt, and olives in Greece, among others.\n")})
    assert not answers(deck) & {"Chile", "Morocco", "Egypt", "Greece"}
    assert answers(deck) & {"Persia", "around 4000 BC", "4000 BC"}


def test_a_later_edition_or_translation_is_not_asked_unless_the_deck_is_about_them(tmp_path):
    text = ("Kepler published the Rudolphine Tables at Ulm in 1627. A German translation of the tables, "
            "by Jakob Bartsch, appeared at Sagan in 1639.\n")
    deck = build(tmp_path / "tables", {"kepler": text}, title="Johannes Kepler")
    assert "1627" in answers(deck) and not answers(deck) & {"1639", "Jakob Bartsch", "Sagan"}
    deck = build(tmp_path / "translations", {"kepler": text}, title="Translations of Kepler")
    assert "1639" in answers(deck)


def test_a_blank_that_a_name_continues_after_is_not_asked(tmp_path):
    deck = build(tmp_path, {"notes": (
        "People on both sides of the border enjoyed shared ties to the historical Kingdom of Kongo.\n\n"
        "In 1530 the islands were given to the Order of the Hospital of St John of Jerusalem in perpetual lease.\n")})
    assert not {a for a in answers(deck) if a == "Kingdom" or a.startswith("the Order")}
    assert "1530" in answers(deck)


def test_years_listed_together_are_neither_asked_nor_rivals(tmp_path):
    deck = build(tmp_path, {
        "old": "Abbot Wido was sent on three embassies to the pope, in 792, 794, and 796.\n\n"
               "Wido died at Centula in 814.\n",
        "new": "Wido led three important embassies to the pope, in 792, 794, and 796.\n"})
    listed = {"792", "794", "796"}
    assert not answers(deck) & listed
    assert not any(pair & listed for pair in disputes(deck))
    assert "814" in answers(deck)


def test_a_year_the_model_took_for_a_count_is_a_date():
    from quizgen.extract import extract_text

    for text, year in [("ANGILBERT (d. 814), a Frankish poet, was of noble birth.", "0814"),
                       ("He joined the campaign against the Avars (796) and came back.", "0796"),
                       ("Aelle of Sussex (488–c. 514) was the first of them.", "0514"),
                       ("Around 525, he married his mistress in the city.", "0525"),
                       ("The code came to Italy with the Pragmatic Sanction of 554, after the war.", "0554"),
                       ("War in Italy, second phase, 541–554.", "0541/0554"),
                       ("In 925 duke Gilbert of Lotharingia rebelled.", "0925"),
                       ("Henry built forts and in 933 routed them at the river.", "0933")]:
        dates = {c.normalized for c in extract_text(text) if c.kind == "date"}
        assert year in dates, text
    counts = [c.value for c in extract_text("The army (4000 men) marched north with 200 wagons.") if c.kind == "figure"]
    assert "4000" in counts and "200" in counts
    for text, count in [("He commanded the Army of 500 men.", "500"), ("Pages 120-130 list them.", "120"),
                        ("In 1000 cases the fever returned.", "1000"), ("The river rises in 300 m of hills.", "300")]:
        assert count in [c.value for c in extract_text(text) if c.kind == "figure"], text


def test_a_glossed_blank_a_formula_and_a_quotations_words_are_not_asked(tmp_path):
    deck = build(tmp_path, {"notes": (
        "The poet was brought up at the palace school in Aquae Grani (Aachen) under Alcuin.\n\n"
        "The metal is used as a source of ions in secondary ion mass spectrometry (SIMS) in laboratories.\n\n"
        "The bromide, KBr, and the iodide, KI, resemble the salts of sodium in Vienna.\n\n"
        'In 1991 the historian Steven Fanning argued that "it is unlikely that the term was in common '
        'usage in Anglo-Saxon England" at any time.\n\n'
        "The poet died at Centula in 814.\n")})
    assert not answers(deck) & {"Aquae Grani", "SIMS", "KI", "KBr", "Anglo-Saxon England"}
    assert answers(deck) & {"814", "Centula"}


def test_a_chemical_formula_is_not_a_name_but_an_acronym_is_one():
    from quizgen.salience import formula

    assert formula("CsI") and formula("NaCl") and formula("H2O")
    assert not formula("NATO") and not formula("McDonald") and not formula("Paris")


def test_a_name_that_only_describes_a_noun_is_not_asked(tmp_path):
    deck = build(tmp_path, {"annals": (
        "After the Seljuk decline, the town of Carrow passed to the duke in 1402.\n\n"
        "Bromine makes up about 0.0004% of the Earth's crustal rocks, as Hale found in 1926.\n")})
    assert not answers(deck) & {"Seljuk", "Earth"}
    assert answers(deck) & {"Carrow", "Hale"}


def test_a_figure_in_a_series_of_figures_or_in_an_aside_is_not_asked(tmp_path):
    deck = build(tmp_path, {"town": (
        "At the beginning of the 19th century the population was estimated at about 200,000, made up of "
        "120,000 farmers, 60,000 weavers, 4000 masons and 16,000 carters.\n\n"
        "In 1950 the tolls were 12 pence at Carrow, 10 pence at Lyle, 8 pence at Mora and 6 pence at Kest.\n\n"
        "The Lyle bridge, built in 1932, is 980 metres long (shorter than the Mora bridge of 1,100 metres), "
        "and it carries the railway.\n")})
    asked = answers(deck)
    assert "about 200,000" in asked and "980 metres" in asked
    assert not asked & {"120,000", "60,000", "4000", "16,000", "12 pence", "10 pence", "8 pence", "6 pence"}
    assert "1,100 metres" not in asked


def test_names_and_places_are_recalled_without_options_dates_and_figures_get_them(tmp_path):
    deck = build(tmp_path, {"annals": (
        "The treaty of Carrow was signed by Duke Alaric Venn in Lyle on 4 May 1702.\n\n"
        "The army of Mora, 12,000 strong, crossed the river Kest at Tarn in 1704.\n\n"
        "Bishop Osric Hale crowned Queen Edith Marl in Norwich in 1707.\n")})
    kinds = {q["kind"] for q in deck["questions"] if q["format"] != "attribution"}
    assert {"name", "place"} & kinds and {"date", "figure"} & kinds
    for question in deck["questions"]:
        if question["kind"] in ("name", "place") and question["format"] != "attribution":
            assert question["distractors"] == [] and question["format"] != "multiple_choice", question
    assert any(q["format"] == "multiple_choice" for q in deck["questions"] if q["kind"] in ("date", "figure"))


def test_a_number_counting_the_plural_noun_after_it_is_a_figure_not_a_year(tmp_path):
    deck = build(tmp_path, {"battle": (
        "At the ford of Carrow in July 1861 the Confederates lost 1982 men.\n\n"
        "After the 1982 elections, the party of Lyle held 14 seats in the council of Carrow.\n")})
    kinds = {(q["answer"], q["kind"]) for q in deck["questions"] if q["format"] != "attribution"}
    assert ("1982", "figure") in kinds and ("1982", "date") in kinds
    [count] = [q for q in deck["questions"] if q["answer"] == "1982" and q["kind"] == "figure"]
    assert "men" in count["prompt"]


def test_a_name_in_brackets_a_unit_size_a_formula_and_markup_are_not_asked(tmp_path):
    deck = build(tmp_path, {"element": (
        "On the publication of the poem in 1663 the poet was sent for by Lord Chancellor Hyde (Clarendon), "
        "says Aubrey.\n\n"
        "Carrowite is soluble in water, to the extent of 3.2 grammes per 100 grammes of solution, as Hale found.\n\n"
        "The acid is made with the amounts given by the equation 5NaBr + NaBrO3 + 6H2SO4, as Hale wrote in 1910.\n\n"
        "The most important are 80Br (_t__(1/2) = 17.7 min) and 82Br (_t__(1/2) = 35.28 h), known since 1950.\n")})
    asked = answers(deck)
    assert not asked & {"Clarendon", "100", "5NaBr", "17.7 min", "17.7", "35.28 h", "35.28"}
    assert asked & {"1663", "Aubrey", "3.2 grammes", "3.2"}


def test_a_prompt_that_points_to_another_sentence_or_a_unit_is_no_name_for_its_pronoun(tmp_path):
    deck = build(tmp_path, {"notes": (
        "The first edition of the poem was printed in London in 1663 by Hale.\n\n"
        "Another edition, the Remains, was issued by Thyer in 1827.\n\n"
        "At 75 GPa it changes to an orthorhombic structure.\n\n"
        "The population of Carrow Province reached 5,150,072 in 2015.\n")})
    asked = answers(deck)
    assert not asked & {"Thyer", "1827", "75", "2015"}
    assert "1663" in asked


def test_years_a_decade_apart_dispute_where_both_clauses_name_the_same_people_and_places(tmp_path):
    deck = build(tmp_path, {
        "encyclopedia": "A monument to the poet was raised in Westminster Abbey in 1721 by John Barber, "
                        "mayor of London.\n\nThe poet died in poverty in Covent Garden in 1680.\n",
        "biography": "A monument to him was placed in Westminster Abbey in 1732 by a printer named Barber.\n\n"
                     "Timur defeated the sultan at Carrow in 1402 and took the city, but in 1403 the city was "
                     "again under the sultan's sons.\n",
        "annals": "In 1402 a great battle was fought near Carrow, in which Timur took the sultan prisoner.\n"})
    assert frozenset({"1721", "1732"}) in disputes(deck)
    assert frozenset({"1402", "1403"}) not in disputes(deck)   # 1403 is its own clause's year, not the battle's


def test_the_start_of_a_span_never_disputes_the_end_of_it(tmp_path):
    deck = build(tmp_path, {
        "encyclopedia": "The poet held the office of steward of Ludlow Castle from January 1661.\n",
        "biography": "The poet held the office of steward of Ludlow Castle until January 1662.\n"})
    assert frozenset({"January 1661", "January 1662"}) not in disputes(deck)


@pytest.mark.parametrize(("named", "unsure", "expected"), [
    ("Elected abbot in 794, he rebuilt the monastery and endowed it with a library of 200 volumes.",
     "When Pippin died in 810, he was buried at Verona.", "Elected abbot in _____, Angilbert rebuilt"),
    # a place after a preposition does not stop naming the "he"; a person before it does
    ("Moving his court to Centula in 794, he rebuilt the monastery and endowed it with a library.",
     "When Pippin fell ill in 810, he rode to Verona at once.",
     "Moving his court to Centula in _____, Angilbert rebuilt"),
])
def test_the_person_a_source_opens_with_names_a_later_he(tmp_path, named, unsure, expected):
    deck = build(tmp_path, {"life": (
        "ANGILBERT (d. 814), Frankish poet and minister of Charlemagne, was educated at Aachen under Alcuin.\n\n"
        "Angilbert was sent on embassies to Rome in 792 and 796.\n\n"
        f"{named}\n\n{unsure}\n\n"
        "His poems were kept at Centula in Ponthieu, where he died in February 814.\n")})
    prompts = {q["answer"]: q["prompt"] for q in deck["questions"]}
    assert expected in prompts["794"]
    assert "Angilbert" not in prompts.get("810", "")   # he may be Pippin: never guessed


@pytest.mark.parametrize("opening", [
    "SIR EDMUND HALLORAN [1] (6 May 1861 – 2 March 1935) was a Welsh chemist and physician.",
    "Edmund Halloran FRS (c. 1861 – 1935), also known as Ned Halloran, was a Welsh chemist and physician.",
])
def test_the_person_a_lead_opens_with_is_the_he_not_a_colleague_named_next(tmp_path, opening):
    deck = build(tmp_path, {"life": (
        f"{opening} His best-known work, the isolation of argonite in 1894, won him a medal in 1901 "
        "with Walter Brisco Keane and Thomas Ardley Keane.\n\n"
        "He was educated at Swansea. He taught at Leeds from 1890. He married in 1893.\n\n"
        "In 1912 he was elected to the Royal Society, and Keane followed him in 1915.\n\n"
        "Keane worked in Leeds. Keane wrote on glass. Keane retired to Harrogate.\n\n"
        "He died at Swansea in 1935.\n")})
    prompts = {q["answer"]: q["prompt"] for q in deck["questions"]}
    assert "Halloran" in prompts.get("1912", "") and "Keane" not in prompts["1912"].split(",")[0], prompts


@pytest.mark.parametrize("lead", ["For example, ", "Similarly, ", "Indeed, ", "Again ", "Finally, "])
def test_a_lead_tying_the_sentence_to_the_one_before_leaves_the_prompt(tmp_path, lead):
    deck = build(tmp_path, {"history": (
        "The abbey of Centula was rebuilt by its abbot over many years.\n\n"
        f"{lead}the abbey church at Centula was consecrated in 799 by the bishop of Amiens.\n")})
    [prompt] = [q["prompt"] for q in deck["questions"] if q["answer"] == "799"]
    assert prompt.startswith("The abbey church at Centula was consecrated in _____"), prompt


def test_a_genealogists_marks_say_born_and_died():
    from quizgen.nlp import load
    from quizgen.subjects import lifespan_end

    doc = load()("He was survived by his daughter Catherine (* 1794; † 1833) and his son Robert.")
    ends = {ent.text: lifespan_end(ent) for ent in doc.ents if ent.label_ == "DATE"}
    assert ends.get("1794") == "bear" and ends.get("1833") == "die", ends


def test_an_editor_or_printer_is_not_asked_and_the_town_is_the_city_a_source_is_about(tmp_path):
    deck = build(tmp_path, {"city": (
        "Carrow is the capital of Lyleland and its second largest city.\n\n"
        "The poems of the Carrow school were published by Ernst Hale in the Monumenta in 1881.\n\n"
        "The town was taken by the emperor Aurelian in 272 after a short siege.\n")})
    asked = answers(deck)
    assert "Ernst Hale" not in asked and "1881" in asked
    [siege] = [q for q in deck["questions"] if q["answer"] == "272"]
    assert siege["prompt"].startswith("Carrow was taken")


def test_a_place_a_source_opens_with_is_no_he_and_his_is_never_guessed(tmp_path):
    deck = build(tmp_path, {"province": (
        "CARROW, a province of the Lyle empire, lies between the hills and the sea, as Hale wrote in 1901.\n\n"
        "Carrow was ruled by King Osric, and after him by his brother Edwy.\n\n"
        "He died in 1776, after a reign of twelve years, and the throne passed to Edwy.\n\n"
        "In his life of Osric, Hale quotes the Register as evidence of his opinions, as he wrote in 1790.\n\n"
        "The Carrow court moved to Tarn in 1783, and he built a palace there.\n")})
    prompts = " ".join(q["prompt"] for q in deck["questions"])
    assert "Carrow died" not in prompts and "Carrow's" not in prompts


def test_a_place_that_completes_a_name_is_not_asked_and_a_year_after_by_gets_no_options(tmp_path):
    deck = build(tmp_path, {"province": (
        "The Carrow province lies to the east of the Bay of Bengal, as Hale wrote in 1901.\n\n"
        "In the time of Sargon of Akkad the first bricks were burnt at Lyle, according to Hale in 1903.\n\n"
        "By 1760 all peril to the dynasty of Carrow was at an end.\n")})
    asked = answers(deck)
    assert not asked & {"Bengal", "Akkad"} and "Lyle" in asked
    [peril] = [q for q in deck["questions"] if q["answer"] == "1760"]
    assert peril["distractors"] == [] and peril["format"] != "multiple_choice"


def test_a_numerals_full_stop_is_no_sentence_end_and_a_glued_caption_is_broken_layout():
    from quizgen.prompts import numeral_stops
    from quizgen.salience import broken_layout

    assert numeral_stops("During the reign of Henry VIII. brickmaking spread") == \
        "During the reign of Henry VIII brickmaking spread"
    assert numeral_stops("He died under George III. The next king") == "He died under George III. The next king"
    caption = "The Lyle castle, completed in _____ , former seat of the order in Carrow, was built by Osric."
    assert broken_layout(caption.replace("_____", "1500"), caption)
    assert not broken_layout("The castle, completed in 1500, was built by Osric.",
                             "The castle, completed in _____, was built by Osric.")
    tail = "'s painting The Feast of Attila, based on a fragment of Priscus In 447, shows the king."
    assert broken_layout(tail, tail.replace("447", "_____"))


def test_a_common_noun_ending_a_name_is_no_typed_answer_and_an_adverb_is_no_part_of_a_name(tmp_path):
    from quizgen.claims import Aliases, group_claims
    from quizgen.questions import _name_forms, sentence_words

    text = ("In 1818 the physicist Osric Hale received the Rumford Medal of the Carrow Society.\n\n"
            "The Carrow Society gave a second medal to Hale in 1820 for his work on light.\n")
    groups = group_claims(extract_text(text, "honours"), Aliases())
    medal = {"kind": "name", "format": "cloze", "answer": "the Rumford Medal", "accepted": ["Medal", "Rumford Medal"]}
    [checked] = _name_forms([medal], groups, *sentence_words(groups))
    assert checked["accepted"] == ["Rumford Medal"]
    deck = build(tmp_path, {"metal": "Simultaneously Hermann Lyle, a chemist of Carrow, found the metal in 1817.\n"})
    assert not any(a.startswith("Simultaneously") for a in answers(deck))


def test_a_surname_answer_takes_the_full_name_however_the_sources_write_the_given_names(tmp_path):
    deck = build(tmp_path, {
        "old": "In 1817 the chemist F. Stromeyer of Göttingen found cadmium in a sample of zinc oxide.\n\n"
               "The new metal was named by Stromeyer after the Latin word for calamine in 1818.\n",
        "new": "Cadmium was discovered in 1817 by Friedrich Stromeyer, a German chemist at Göttingen.\n\n"
               "William Henry Fox Talbot photographed the Göttingen laboratory of Stromeyer in 1841.\n"})
    surname = [q for q in deck["questions"] if q["answer"] == "Stromeyer"]
    for question in surname:
        assert check_answer("Friedrich Stromeyer", question).correct
        assert check_answer("F. Stromeyer", question).correct
    talbot = [q for q in deck["questions"] if q["answer"] == "William Henry Fox Talbot"]
    assert surname and talbot
    assert check_answer("Fox Talbot", talbot[0]).correct


def test_an_encyclopedia_headword_reads_as_the_name_a_learner_writes(tmp_path):
    deck = build(tmp_path, {"entry": (
        "HALLORAN, SIR OWEN (1790-1851), Irish surveyor, was born on the 3rd of May 1790 at Tralee, "
        "where his father kept the customs house. He mapped the western coast.\n\n"
        "In 1824 Halloran was appointed to the survey office in Dublin.\n")}, title="Owen Halloran")
    opening = [q["prompt"] for q in deck["questions"] if q["evidence"][0]["start"] == 0 and "_____" in q["prompt"]]
    assert opening and all("Sir Owen Halloran, Irish surveyor, was born" in p for p in opening)
    assert not any("HALLORAN" in p or "1790-1851" in p for p in opening)
    assert headword("NATO forces crossed the river in ") == "NATO forces crossed the river in "
    assert headword("CALCIUM [symbol Ca, weight 40.0 (O=16)], a metal, was found in ") == \
        "Calcium, a metal, was found in "


def claim_groups(root: Path, sources: dict[str, str]) -> list:
    folder = deck_folder(root, sources)
    claims = [claim for source in load_source_dir(folder) for claim in extract_claims(source)]
    return group_claims(claims, Aliases([]))


def test_a_list_of_dated_works_compares_item_by_item(tmp_path):
    groups = claim_groups(tmp_path, {
        "old": ("In addition to the works of Halloran already noticed, the following may be mentioned:--Notes "
                "to Byrne's translation of Euler's _Algebra_ (1824); _Treatise on Tides_ (1831); _Letters on "
                "Lighthouses,_ addressed "
                "to Sir Walter Lyle (1831); _The Pilots of the Shore, or the Lives of "
                "Dunn, Tracy, and Moor_ (1841); _More Coasts than One_ (1854).\n"),
        "new": ("In addition to the works of Halloran already mentioned, the following may be added: _Notes to "
                "Byrne's translation of Euler's Algebra_ (1824); _Treatise on Tides_ (1831); '' Letters on "
                "Lighthouses'', addressed to Sir Walter Lyle (1832) _The Pilots of the Shore, or the Lives of Dunn, "
                "Tracy, and Moor_ (1841); _More Coasts than One_ (1854).[36]\n")})
    letters = [g for g in groups if any(c.value == "1832" for c in g.claims)]
    assert len(letters) == 1 and sorted((c.source, c.value) for c in letters[0].claims) == [
        ("new", "1832"), ("old", "1831")]


def test_one_sentence_retold_by_two_sources_groups_its_two_years(tmp_path):
    filler = ("Owen Halloran was born at Tralee in 1790. Owen Halloran studied at Trinity College.\n\n"
              "He married Ann Pryce of Cork in 1820. He was elected to the Dublin Society in 1822.\n\n"
              "His son Thomas, a physician, settled at Bath in 1851.\n\n")
    told = "He went with the governor to Galway in 1825 and was one of the witnesses to his will in {}.\n"
    groups = claim_groups(tmp_path, {"old": filler + told.format(1829), "new": filler + told.format(1827)})
    assert any({c.value for c in group.claims} == {"1827", "1829"} for group in groups)


def test_headings_figure_references_and_measures_read_as_the_text_means(tmp_path):
    deck = build(tmp_path, {"bridges": (
        "8. (c) Suspension Bridges.--A suspension bridge over the Lune at Kirkby was opened in 1836 by "
        "the engineer Amos Pell.\n\n"
        "Fig. 4 shows a timber bridge erected by the brothers Grubb at Tralee in 1758.\n\n"
        "The Tower Bridge, London (fig. 13), was opened to traffic in 1894 after eight years of work.\n\n"
        "The approaches of the Kirkby bridge run 1260 ft. on the north side of the river Lune.\n")})
    prompts = [q["prompt"] for q in deck["questions"]]
    assert prompts and not [p for p in prompts if "Bridges.--" in p or "fig." in p or p.startswith("4 shows")]
    assert "8" not in answers(deck)
    assert not [q for q in deck["questions"] if q["kind"] == "date" and "1260" in q["answer"]]
    for nlp in (load(), rule_based()):
        text = "It is old. Fig. 4 shows a timber bridge at Tralee. See p. 12 for more."
        sentences = [s.text for s in nlp(text).sents]
        assert sentences == ["It is old.", "Fig. 4 shows a timber bridge at Tralee.", "See p. 12 for more."]


def test_a_name_is_asked_without_its_possessive(tmp_path):
    deck = build(tmp_path, {"province": (
        "The succession of militarily distinguished governors who were subsequently appointed suggests that "
        "enemies of Rome were posing a difficult challenge, and Lucius Alfenus Senecio's report to Rome in 207 "
        "describes barbarians rebelling.\n")})
    assert "Lucius Alfenus Senecio" in answers(deck)
    assert [q["prompt"] for q in deck["questions"] if "_'s report" in q["prompt"]]


def test_a_name_with_an_adjective_in_it_has_no_surname_but_a_persons_name_has(tmp_path):
    deck = build(tmp_path, {"coast": (
        "Belize holds a key place in the globally significant Mesoamerican Biological Corridor, which runs "
        "from Mexico to Panama.\n\nThe explorer James Cook reached the coast in 1770. Cook named the bay after "
        "his ship.\n")})
    corridor = [q for q in deck["questions"] if q["answer"] == "Mesoamerican Biological Corridor"]
    cook = [q for q in deck["questions"] if q["answer"] == "James Cook"]
    assert corridor and cook
    assert not check_answer("Corridor", corridor[0]).correct
    assert check_answer("Cook", cook[0]).correct


def test_a_figure_whose_prompt_names_nothing_is_not_asked(tmp_path):
    deck = build(tmp_path, {"bridges": (
        "The Kirkby bridge over the Lune was opened in 1836 with a span of 702 ft.\n\n"
        "The saddles for the chains are 329 ft. above high water.\n\n"
        "A suspension bridge consists of two or more chains hung from towers.\n")}, title="Bridge")
    assert "702" in {q["answer"].split()[0] for q in deck["questions"]}
    assert not [q for q in deck["questions"] if "saddles" in q["prompt"] and q["kind"] == "figure"]
    assert names_nothing("The bridge is not continuous in width, each _____ ft. wide.", ["Bridge"])
    assert not names_nothing("In the 1970s, the output of cadmium was _____ per ton of zinc.", ["Cadmium"])
    assert not names_nothing("A suspension bridge consists of _____ or more chains.", ["Bridge"])


def test_a_prompt_leaning_on_a_sentence_the_learner_cannot_see_is_not_asked(tmp_path):
    deck = build(tmp_path, {"roads": (
        "The road from Caerleon ran west to Carmarthen by 75.\n\n"
        "A similar road ran along the south coast to Dorchester by 80.\n\n"
        "The other road went north to Chester in 79.\n\n"
        "Several tales of King Arthur seem to be set in this period, after 410 in Britain.\n")})
    prompts = [q["prompt"] for q in deck["questions"]]
    assert any("Caerleon" in p for p in prompts)
    assert not [p for p in prompts if p.startswith(("A similar", "The other")) or "this period" in p]


def test_a_number_opening_a_sentence_after_by_is_a_year(tmp_path):
    deck = build(tmp_path, {"province": (
        "The army of the province was weakened in 383 by the usurpation of Magnus Maximus.\n\n"
        "By 401 more troops were withdrawn from the province, to assist in the war against Alaric I.\n\n"
        "By 12 votes the council rejected the plan in 402.\n")})
    kinds = {q["answer"]: q["kind"] for q in deck["questions"]}
    assert kinds.get("401") == "date"
    assert kinds.get("12") != "date"


def test_a_number_a_regency_lasted_from_or_until_is_a_year_and_a_count_after_until_is_not():
    kinds = {c.value: c.kind for c in extract_text(
        "Edith was regent to Osric from 423 until his majority in 437, and a force in politics all her life. "
        "She continued to act as regent until 437, though her influence was diminished. "
        "The garrison of Lyle held out until 300 had died.")}
    assert kinds.get("423") == "date" and kinds.get("437") == "date", kinds
    assert kinds.get("300") == "figure", kinds


def test_half_of_a_name_joined_by_a_particle_is_not_asked(tmp_path):
    deck = build(tmp_path, {"coast": (
        "The steamer ascends the Wanks river as far as the rapids of Gracias à Dios, 150 miles from the sea, "
        "in about 1890.\n\nThe mission at Bluefields was founded by Moravians in 1849.\n\n"
        "In 1862 the mission school was taken over by Maryam bint Hassan, a teacher from Beirut.\n\n"
        "The chapel was rebuilt in 1875 by Owain ap Gruffydd, a carpenter from Bangor.\n\n"
        "In 1880 the merchant Mutim ibn Adi gave the mission a house in Bluefields.\n")})
    assert not answers(deck) & {"Gracias", "Dios", "Hassan", "Gruffydd", "Mutim", "Adi"}
    assert answers(deck) & {"Bluefields", "1849"}


def test_a_prompt_missing_a_year_the_conversion_dropped_is_not_asked(tmp_path):
    deck = build(tmp_path, {"age": (
        "Indeed, the Thera eruption is usually dated to BC, long before the palace fell.\n\n"
        "The Wessex culture began to emerge in the Middle Bronze Age ( –1100 BC) on the chalk downs.\n\n"
        "The Wessex culture built barrows near Stonehenge around 1900 BC.\n")})
    prompts = [q["prompt"] for q in deck["questions"]]
    assert any("Stonehenge" in p for p in prompts)
    assert not [p for p in prompts if "dated to BC" in p or "( –" in p]
    assert not number_dropped("The AD 79 eruption buried _____.") and number_dropped("It ended ( –1100 BC).")
    assert not number_dropped("Date 0 – 10 November 2020 (1 month and 2 weeks).")
    # a size whose figures were lost, and one that kept them
    assert number_dropped("Slightly smaller than Carrow, Tarn is in area, in length, and in width.")
    assert not number_dropped("Tarn is 751 km² in area and 47 km in length.")
    # a length, height or span the conversion lost, beside its words
    for lost in ("Tarn is dominated by the Main Ridge, which is long with elevations up to 640 m.",
                 "The chief rivers are the Wend, long, which flows east, and the -long Lyle.",
                 "Carrow-87 has a half-life of years, which is far longer than the age of the kingdom.",
                 "The road runs about km inland."):
        assert number_dropped(lost), lost
    for kept in ("The ridge is 30 km long with elevations up to 640 m.", "Tarn was built over thousands of years.",
                 "The Wend, 80 km long, flows east.", "The list of kings is long and disputed."):
        assert not number_dropped(kept), kept


def test_list_marks_and_cross_references_leave_the_prompt(tmp_path):
    deck = build(tmp_path, {"church": (
        "2. In 1867 the first conference of bishops met at Lambeth under Archbishop Longley.\n\n"
        "E.g. the church of Ireland was disestablished in 1869 by an act of parliament.\n\n"
        "The church in Scotland (see EPISCOPAL CHURCH IN SCOTLAND) ordained Samuel Seabury in 1784 at Aberdeen.\n")})
    prompts = [q["prompt"] for q in deck["questions"]]
    assert prompts and any("Lambeth" in p for p in prompts)
    assert not [p for p in prompts if p.startswith(("2.", "E.g")) or "(see " in p]


def test_a_capitalised_adjective_or_adverb_is_no_name(tmp_path):
    deck = build(tmp_path, {"age": (
        "Worldwide, the Bronze Age generally followed the Neolithic period, with the Chalcolithic serving as "
        "a transition.\n\nThe Nuragic civilization of Sardinia lasted until the 2nd century AD, when the "
        "islands were already Romanized.\n\nThe Wessex culture flourished in Britain around 1900 BC.\n")})
    assert not answers(deck) & {"Worldwide", "Romanized"}
    assert answers(deck) & {"Britain", "Sardinia", "1900 BC"}
    assert not modifier_word("Europe") and not modifier_word("Paris") and modifier_word("Overseas")


def test_now_in_a_source_whose_title_gives_its_year_is_dated(tmp_path):
    deck = build(tmp_path, {"handbook": (
        "The first colonial bishop was consecrated at Lambeth in 1787.\n\n"
        "The communion now counts about 250 bishops in the colonies and India.\n")},
        manifest='[sources.handbook]\ntitle = "Handbook of Missions (1911)"\nkind = "encyclopedia"\n')
    now = [q["prompt"] for q in deck["questions"] if "now" in q["prompt"]]
    assert now and all("1911" in p for p in now)
    assert not [q["prompt"] for q in deck["questions"] if "1787" in q["answer"] and "1911" in q["prompt"]]
    step = "Now the plate is lifted, the handle turned _____ times."
    assert dated_now(step, "Handbook of Missions (1911)") == step


def test_a_quotation_a_later_sentence_closes_is_closed_where_the_prompt_ends(tmp_path):
    deck = build(tmp_path, {"notes": (
        "ANIMISM, a belief.\n\nIn 1871 the anthropologist Edward Tylor wrote in Primitive Culture: “Animism is "
        "the belief in spiritual beings. It is the minimum definition of religion.”\n")})
    quoting = [q["prompt"] for q in deck["questions"] if "“" in q["prompt"]]
    assert quoting and all(p.count("“") == p.count("”") for p in quoting)
    from quizgen.prompts import _quotes_closed
    assert _quotes_closed('On _____, he said that "Armenia is living difficult days.') \
        == 'On _____, he said that "Armenia is living difficult days."'
    several = 'It was called "Second War", "Patriotic War" and _____" (Armenian: Goyamart).'
    assert _quotes_closed(several) == several   # which of five marks is astray cannot be told


def test_a_fact_sheets_value_is_asked_under_its_label_with_its_own_note(tmp_path):
    deck = build(tmp_path, {"factbook": (
        "Economy\n\nUnemployment rate:\n5.2% (2013 est.) ++ 4.8% (2012 est.)\n\n"
        "Household income by percentage share:\nlowest 10%: 2%\n\n"
        "Inflation rate (consumer prices):\n17.8% (2016 est.); 17.2% (2015 est.)\n")},
        manifest='[sources.factbook]\ntitle = "World Factbook (2017): Ghana, Economy"\nkind = "report"\n')
    prompts = {q["answer"]: q["prompt"] for q in deck["questions"] if q["format"] != "attribution"}
    assert "Unemployment rate: _____ (2013 est.)." in prompts["5.2%"]
    assert "Inflation rate (consumer prices): _____ (2016 est.)." in prompts["17.8%"]
    assert prompts["5.2%"].startswith("According to the report ‘World Factbook (2017): Ghana, Economy’")
    # the older estimates after it, the year of the estimate and a label's own number are not asked
    assert not {"4.8%", "17.2%", "2013", "2016", "10%"} & set(prompts)


def test_a_fields_name_above_its_first_sub_field_line_is_its_label(tmp_path):
    deck = build(tmp_path, {"factbook": (
        "GEOGRAPHY\n\nLand boundaries\ntotal: 4,783 km\nborder countries: Malawi 1498 km; Zambia 439 km\n\n"
        "Coastline\n2,470 km\n\nEarly history\nby 1500 the coast was held by traders from Kilwa.\n")},
        manifest='[sources.factbook]\ntitle = "World Factbook: Mozambique, Geography"\nkind = "infobox"\n')
    prompts = {q["answer"]: q["prompt"] for q in deck["questions"] if q["format"] != "attribution"}
    assert "Land boundaries: total: _____." in prompts["4,783 km"]
    assert prompts["4,783 km"].startswith("According to the infobox ‘World Factbook: Mozambique, Geography’")
    assert not any(p.startswith("Early history:") for p in prompts.values())   # prose under a heading is no field


def test_a_clause_without_its_subject_and_the_year_a_statistic_was_measured_are_not_asked(tmp_path):
    deck = build(tmp_path, {"history": (
        "ATTILA, king of the Huns.\n\n"
        "His brother Dengizich attempted a renewed invasion across the Danube in 468 AD, but was defeated at the "
        "Battle of Bassianae by the Ostrogoths.\n\n"
        "Had the Roman volunteers been driven from Aquileia by the Huns in 452, the city of Ravenna would have "
        "fallen.\n\n"
        "The overall tax burden was 12.1% of the kingdom's total domestic income in 2013.\n")})
    prompts = [q["prompt"] for q in deck["questions"]]
    assert not any(p.startswith("Was ") for p in prompts)
    assert any(p.startswith("Had the Roman volunteers") for p in prompts)   # an inverted condition has its subject
    assert "2013" not in {q["answer"] for q in deck["questions"]}


def test_a_share_written_in_words_is_asked(tmp_path):
    deck = build(tmp_path, {"volcano": (
        "KRAKATOA, a volcanic island.\n\nThe eruption of 1883 destroyed two-thirds of the island of Krakatoa.\n")})
    assert "two-thirds" in answers(deck)


def test_a_data_files_line_break_marks_leave_the_prompt(tmp_path):
    deck = build(tmp_path, {"factbook": (
        "Economy - overview:\nNamibia's economy is tied to South Africa's. ++  ++ A five-year Millennium "
        "Challenge Corporation compact ended in September 2014.\n")})
    [compact] = [q for q in deck["questions"] if q["answer"] == "September 2014"]
    assert compact["prompt"].startswith("A five-year Millennium Challenge Corporation compact")


def test_a_regnal_number_belongs_to_the_name_it_follows():
    values = {c.value for c in extract_text("In 1296 Edward I invaded Scotland, and the reign of Elizabeth I "
                                            "ended in 1603.")}
    assert {"Edward I", "Elizabeth I"} <= values
    assert not {"Edward", "Elizabeth"} & values


def test_an_army_of_men_and_an_army_so_many_strong_are_rival_sizes_but_small_counts_of_things_are_not(tmp_path):
    deck = build(tmp_path, {
        "reader": "In 451 Attila appeared at the head of an army of 700,000 men and marched into Gaul.\n\n"
                  "The old bridge over the Moselle had eight arches of grey stone.\n",
        "encyclopedia": "In 451 Attila arrived in Gaul with an army said by one chronicler to be half a million "
                        "strong.\n\nThe bridge at Trier is one of four Roman stone arch bridges on the Moselle.\n"})
    assert frozenset({"700,000", "half a million"}) in disputes(deck)
    assert frozenset({"eight", "four"}) not in disputes(deck)


def test_a_name_the_model_ran_on_ends_before_the_preposition_the_open_bracket_or_the_verb():
    values = {c.value for c in extract_text(
        "With Moray by his side, Robert set off from his manor at Cardross for Tarbert on his great ship in 1307. "
        "Robert led Scotland during the First War of Scottish Independence against England in 1306. "
        "The Buddha then studied under Udaka Ramaputta (Skr. Udraka Ramaputra) in 528 BC. "
        "Charles VII retained legitimacy as the king of France in spite of a rival coronation.")}
    assert {"Cardross", "the First War of Scottish Independence", "Udaka Ramaputta", "Charles VII"} <= values
    assert not {"Cardross for Tarbert", "Udaka Ramaputta (Skr", "Charles VII retained"} & values
    assert "The Bank for International Settlements" in {c.value for c in extract_text(
        "The Bank for International Settlements was founded in 1930 in Basel.")}


def test_army_sizes_several_times_apart_are_rival_counts_and_a_range_has_no_unit_of_its_own(tmp_path):
    deck = build(tmp_path, {
        "reader": "At last Edward II marched into Scotland at the head of a hundred thousand men in 1314.\n",
        "encyclopedia": "In 1314 Edward II marched into Scotland with a large army of between 15,000 and 20,000 "
                        "men.\n"})
    assert frozenset({"a hundred thousand", "between 15,000 and 20,000"}) in disputes(deck)


def test_the_number_in_a_name_is_not_a_count_to_ask():
    from quizgen.salience import numbers_a_name

    claims = extract_text("Party to: Biodiversity, Climate Change, Tropical Timber 83, Wetlands. "
                          "The garrison of Belize held 500 men in 1798.")
    numbered = {c.value: numbers_a_name(c) for c in claims if c.kind == "figure"}
    assert numbered == {"83": True, "500": False}


def test_a_conjunct_without_its_own_subject_keeps_the_subject_before_it():
    from quizgen.prompts import cloze

    shared = "Belisarius arrived in the East in 541, but after some success, was again recalled to the city in 542."
    own = "Rome fell in 476, while Constantinople, founded by Constantine, survived until 1453."
    prompts = {c.value: cloze(c, None) for text in (shared, own) for c in extract_text(text) if c.kind == "date"}
    assert prompts["542"].startswith("Belisarius arrived in the East in 541, but"), prompts["542"]
    assert prompts["1453"] == "Constantinople, founded by Constantine, survived until _____.", prompts["1453"]


def test_an_aside_left_before_a_sentence_does_not_open_its_prompt():
    from quizgen.prompts import cloze

    text = ("The core of this area is a high plateau. This area includes the island's highest mountains. "
            "(Pidurutalagala is the highest at 2,524 m) At the plateau's southern end, mountain ranges stretch "
            "50 kilometers to the west toward Adam's Peak (2,243 meters) and 50 kilometers to the east.")
    [prompt] = [cloze(c, None) for c in extract_text(text) if c.value == "Adam's Peak"]
    assert prompt.startswith("At the plateau's southern end, mountain ranges stretch"), prompt


def test_a_clause_about_these_people_or_this_area_after_a_comma_sinks_the_prompt(tmp_path):
    deck = build(tmp_path, {"island": (
        "Farmers reached the island from Sicily before 5000 BC.\n\n"
        "Around the time of 3500 BC, these people built temples of stone on the hill of Tarxien.\n\n"
        "The knights built the harbour of Valletta in 1566, this time with money from Rome.\n")})
    assert "3500 BC" not in answers(deck) and "Tarxien" not in answers(deck)
    assert "1566" in answers(deck)


def test_her_after_a_leading_date_names_the_woman_the_source_opens_with(tmp_path):
    deck = build(tmp_path, {
        "life": ("MARTA VOLNEK (; born MARTA KRAL; 7 November 1867 – 4 July 1934) was a Czech chemist.\n\n"
                 "She studied in Prague. She married the chemist Jan Volnek in 1895. She taught at Brno.\n\n"
                 "In 1897, her daughter Irena was born in Brno.\n"),
        "element": ("VOLNIUM is a chemical element with the symbol Vn and atomic number 121.\n\n"
                    "He found it in ores from Jachymov. He sent samples to Vienna. His assistant was Karel.\n\n"
                    "His first patient was his own aunt in 1904, who died shortly after surgery.\n")})
    prompts = {q["answer"]: q["prompt"] for q in deck["questions"] if q["format"] != "attribution"}
    assert "Marta Volnek's daughter" in prompts.get("1897", ""), prompts
    # the element is no one's name, and "he" there is not the woman the other source is about
    assert not any(p.startswith(("Volnium", "Marta Volnek's first patient")) for p in prompts.values()), prompts


def test_a_numbered_lists_number_and_a_photographs_caption_are_not_asked(tmp_path):
    deck = build(tmp_path, {"family": (
        "Children\n\n1.  Hedwig (910 – 965) - wife of the duke Hugh the Great, mother of King Hugh Capet\n"
        "2.  Otto (912 – 973) - Duke of Saxony and King of East Francia\n"
        "3.  Gerberga (913 – 984) - wife of (1) Duke Gilbert of Lotharingia and (2) King Louis IV of France\n\n"
        "Standing, fourth from right, is Rutherford, beside the Solvay delegates of 1911.\n\n"
        "Gerberga married Duke Gilbert of Lotharingia in 929 at Aachen.\n")})
    assert not answers(deck) & {"1", "2", "3", "Rutherford"}
    assert answers(deck) & {"929", "Aachen"}


def test_she_is_the_woman_the_lead_names_not_her_mother_named_next(tmp_path):
    deck = build(tmp_path, {"life": (
        "MARGOT OF VELLE, in French MARGOT DE VELLE () or MARGUE ( – 30 May 1431), nicknamed \"THE MAID\", "
        "is considered a heroine of France.\n\n"
        "She was born to Jacques Velle and Isabelle Romée, a peasant family, at Domrémy. Isabelle Romée "
        "was pious. Isabelle Romée taught her to pray. Isabelle Romée outlived her.\n\n"
        "She went to Chinon. She met the king. She led the army.\n\n"
        "On 23 May 1430, she was captured at Compiègne by the Burgundians.\n")})
    prompts = [q["prompt"] for q in deck["questions"] if q["answer"] in ("23 May 1430", "Compiègne")]
    assert prompts and all("Margot of Velle was captured" in p for p in prompts), prompts


def test_where_a_citation_points_is_not_asked(tmp_path):
    deck = build(tmp_path, {"battle": (
        "News of this battle spread, and may be recorded in Bede's Ecclesiastical History (Book V, ch. 23).\n\n"
        "The battle was fought near Tours in 732 between the Franks and the Umayyad army.\n")})
    assert "23" not in answers(deck)
    assert answers(deck) & {"732", "Tours"}


def test_a_prompt_opening_with_the_couple_or_thereafter_is_not_asked(tmp_path):
    deck = build(tmp_path, {"family": (
        "Immanuel Nobel met Andriette Ahlsell in Stockholm.\n\n"
        "The couple married in 1827 and had eight children.\n\n"
        "Thereafter, the firm produced dynamite under its own name until 1912.\n\n"
        "The brothers Grubenmann built a timber bridge at Schaffhausen in 1758.\n")})
    prompts = {q["answer"]: q["prompt"] for q in deck["questions"]}
    assert not any(p.startswith(("The couple", "Thereafter")) for p in prompts.values()), prompts
    assert "1758" in prompts   # "the brothers Grubenmann" are named


def test_a_when_question_keeps_the_words_that_complete_its_verb(tmp_path):
    deck = build(tmp_path, {"lab": (
        "Although Paulescu published first, the prize of 1923 went elsewhere.\n\n"
        "The hormone was found in Toronto. Banting fell ill in 1922.\n\n"
        "The surgeon Charles Best came back to Toronto in 1925.\n")})
    prompts = [q["prompt"] for q in deck["questions"]]
    assert not [p for p in prompts if p.endswith((" fall?", " come?"))]
    assert any("come back to Toronto" in p for p in prompts)
    # a clause of its own keeps what opens it: "Paulescu published first, the prize ..." says another thing
    assert not [p for p in prompts if p.startswith("Paulescu published first")]


def test_the_life_a_biographys_lead_gives_is_asked_as_born_and_died(tmp_path):
    deck = build(tmp_path, {
        "encyclopedia": (
            "EDWINA MARSH ( 1802[3] – 14 March 1871) was an English botanist who collected mosses in Kent. "
            "She published her first catalogue of mosses in 1831 at Canterbury. "
            "She was elected to the Linnean circle in 1840. She died at Dover after a long illness.\n"),
        "dictionary": (
            "MARSH, EDWINA (d. 1871), botanist, was the daughter of a Canterbury printer. "
            "She catalogued the mosses of Kent in 1831. She later lived at Dover, where she died.\n"),
        "kings": ("DARIUS ( r. 522–486 BC) was a king of Persia. He built a road to Sardis in 510 BC. "
                  "He died in 486 BC.\n"),
        "consul": ("GAIUS MARIUS (157-86 B.C.) was a Roman general. He was consul in 107 B.C. "
                   "He reformed the legions in 104 B.C. He died in 86 B.C. in Rome.\n")})
    lives = {q["prompt"]: q for q in deck["questions"] if q["prompt"].startswith(("When was", "When did"))}
    born, died = lives["When was Edwina Marsh born?"], lives["When did Edwina Marsh die?"]
    assert born["answer"] == "1802" and died["answer"] == "14 March 1871"
    text = (tmp_path / "deck" / "sources" / "encyclopedia.txt").read_text(encoding="utf-8")
    for question in (born, died):
        quote = next(e for e in question["evidence"] if e["source"] == "encyclopedia")
        assert text[quote["value_start"]:quote["value_end"]] == question["answer"]
    # the dictionary's "(d. 1871)" is the same death told less exactly: one card, not two
    assert [q["answer"] for q in deck["questions"] if "Marsh die" in q["prompt"]] == ["14 March 1871"]
    assert lives["When was Gaius Marius born?"]["answer"] == "157 BC"
    assert not [p for p in lives if "Darius" in p and ("born" in p or "die?" in p)]   # a reign, not a life


def test_dates_of_he_or_she_in_two_sources_are_not_rivals_for_that_alone(tmp_path):
    deck = build(tmp_path, {
        "ross": ("ANNA ROSS (1850–1920) was a Scottish chemist who studied salts at Leith. She taught at Leith "
                 "for many years. In 1901 she wrote a report on the salt works of Leith. She died at Edinburgh.\n"),
        "dean": ("CLARA DEAN (1860–1930) was an English physicist who studied lamps at Bristol. She taught at "
                 "Bristol for many years. She wrote a short history of the glass trade of the city in 1903. "
                 "She died at Bath.\n")})
    assert not [q for q in deck["questions"] if q["answer"] in ("1901", "1903") and q["disputed_by"]]
    assert {"1901", "1903"} <= answers(deck)


def test_a_lead_name_after_an_academic_title_is_read_whole():
    from quizgen.prompts import lead_person

    assert lead_person("Prof JOHN JAMES RICKARD MACLEOD, FRS[1] FRSE LLD (6 September 1876 – 16 March 1935) "
                       "was a Scottish biochemist.") == "John James Rickard Macleod"


@pytest.mark.parametrize(("lead", "name"), [
    ("ANTON BREKKE FRS (; 3 May 1701 – 9 June 1760) was an instrument maker.", "Anton Brekke"),
    ("ANTON BREKKE KBE (3 May 1701 – 9 June 1760) was an instrument maker.", "Anton Brekke"),
    ("HENRY WYK III (3 May 1701 – 9 June 1760) was a baron.", "Henry Wyk III"),   # a numeral, not an honour
    ("ANNA LYS BRY (3 May 1701 – 9 June 1760) was a painter.", "Anna Lys Bry"),   # never the name's first two words
])
def test_honours_after_a_lead_name_in_capitals_are_no_part_of_it(lead, name):
    from quizgen.prompts import lead_person

    assert lead_person(lead) == name


def test_a_rulers_number_in_a_lead_written_in_capitals_stays_in_capitals():
    from quizgen.prompts import lead_person

    assert lead_person("LOUIS IX (25 April 1214 – 25 August 1270), commonly known as SAINT LOUIS, was King "
                       "of France.") == "Louis IX"


def test_a_she_in_a_mans_biography_is_not_named_as_him(tmp_path):
    deck = build(tmp_path, {"life": (
        "SAMUEL MORSE (April 27, 1791 – April 2, 1872) was an American inventor and painter. He studied at "
        "Yale College in New Haven. He painted portraits in Boston in 1815. He married Lucretia Walker in 1818. "
        "His daughter Susan lived in Puerto Rico. In 1850 she met Edward Lind at Arroyo. "
        "He died in New York City in 1872.\n")})
    prompts = [q["prompt"] for q in deck["questions"]]
    assert any(p.startswith("Samuel Morse married") for p in prompts)   # his "he" is named
    assert not [p for p in prompts if "Morse met" in p]                 # his daughter's "she" is not he


def test_a_blank_that_leaves_half_a_name_is_not_asked(tmp_path):
    deck = build(tmp_path, {"chronicle": (
        "In 1063 the army of Carrow fought at Tarn, where the party slew Ramiro I, setting the army of Lyle "
        "on the run.\n\n"
        "Paul the Deacon later wrote that the battle of Tarn was won by the Carrow cavalry in 1063.\n\n"
        "In 1838 Hale travelled to Washington, D.C. to seek support for his canal, which opened in 1845.\n\n"
        "The first canal boats were built by the Lyle Company of San Francisco, California, whose founder met "
        "Hale in 1867.\n\n"
        "In the storms between the 8 and 28 May 2008, 21 people were killed in Carrow.\n")})
    asked = answers(deck)
    # a ruler's number, an epithet either way, the state after its city, a day whose month the blank holds
    assert not asked & {"Ramiro", "Deacon", "Paul", "California", "28 May 2008"}
    assert {"1845", "1867", "Lyle"} <= asked


def test_a_link_to_the_sentence_before_is_left_out_of_the_prompt(tmp_path):
    deck = build(tmp_path, {"history": (
        "Osric Hale kept broth in sealed flasks at Carrow in 1765.\n\n"
        "Much later, in 1768, the priest Edwy Lyle proved that broth sealed in flasks stayed sterile.\n\n"
        "Regardless, the Carrow flasks became famous across Wessex by 1790.\n\n"
        "Simultaneously, the Tarn academy tried to repeat the test in 1770, but failed.\n")})
    prompts = [q["prompt"] for q in deck["questions"] if q["format"] != "attribution"]
    leads = [p for p in prompts if "1768" in p or "1790" in p or "1770" in p or "Edwy Lyle" in p]
    assert leads and not any(re.search(r"\b(?:Much later|Regardless|Simultaneously)\b", p) for p in prompts)
    assert any(p.startswith("In 1768, the priest") or p.startswith("In _____, the priest") for p in prompts)


def test_two_sources_that_disagree_get_one_who_says_card_not_its_mirror(tmp_path):
    deck = build(tmp_path, {
        "chronicle": "In 1402 the siege of Carrow ended, and 4,200 defenders of Carrow were killed, as Hale wrote.\n",
        "annals": "In 1402 the siege of Carrow ended, and 6,100 defenders of Carrow were killed, as Lyle wrote.\n"})
    who_says = [q for q in deck["questions"] if q["format"] == "attribution"]
    assert len(who_says) == 1, [q["prompt"] for q in who_says]
    assert len(who_says[0]["distractors"]) == 1   # the other source


def test_the_one_who_says_card_of_a_fact_sheet_quotes_its_label_once(tmp_path):
    deck = build(tmp_path, {
        "article": ("Geography of Carrow\n\nLand use\n\n-   Land use:\n    -   arable land: 44.2%\n"
                    "    -   permanent crops: 3.7%\n\nThe Carrow river floods the southern plain each spring.\n"),
        "fact-sheet": ("Land use\nagricultural land: 70.2% (2023 est.)\n"
                       "agricultural land: arable land: arable land: 48.7% (2023 est.)\n"
                       "agricultural land: permanent crops: permanent crops: 3.1% (2023 est.)\n\n"
                       "The Carrow river rises in the Tarn hills.\n")})
    who_says = [q["prompt"] for q in deck["questions"] if q["format"] == "attribution"]
    assert len(who_says) == 2 and all("“" in p for p in who_says), who_says   # one per disputed figure
    assert not any(re.search(r"(arable land|permanent crops): \1", p) for p in who_says), who_says


def test_a_list_of_the_subjects_works_is_not_asked_but_the_prose_above_it_is():
    text = ("Osric Hale was a chemist of Carrow.\n\nWorks\n\nHale was a prolific writer. His first paper was "
            "published in 1899, on the salts of the Tarn springs.\n\n"
            "-   _Practical Chemistry_ (1903)\n-   _Recent Advances in Chemistry_ (with Edwy Lyle, 1905)\n\n"
            "Later life\n\n-   Hale retired to Wessex in 1931.\n")
    kinds = {text[b.start:b.end].strip("-_ ")[:20]: b.kind for b in split_blocks(text)}
    assert kinds["Practical Chemistry_"] == kinds["Recent Advances in C"] == "reference", kinds
    assert kinds["Hale was a prolific "] == "prose" and kinds["Hale retired to Wess"] == "item", kinds


def test_one_example_of_several_and_a_sentence_that_lost_its_amount_are_not_asked(tmp_path):
    deck = build(tmp_path, {"geography": (
        "Towns along the coast of Carrow are a few degrees cooler in the daytime, such as at Lyle.\n\n"
        "Rebel lords such as Osric of Tarn and Edwy Hale rose against the king of Carrow in 1227.\n\n"
        "The capital of Carrow lies at above sea level in the valley of the Wend.\n\n"
        "Rainfall is light, varying from per year, except in the hills of Dunmark.\n\n"
        "The capital of Carrow was founded by King Aldric in 1160 on the banks of the Wend.\n")})
    asked = answers(deck)
    assert not asked & {"Lyle", "Edwy Hale", "Dunmark"}
    assert not any("above sea level" in q["prompt"] for q in deck["questions"])
    assert {"1160"} <= asked or {"Aldric", "King Aldric"} & asked


def test_words_a_page_shouts_are_written_as_the_sources_write_them_elsewhere(tmp_path):
    deck = build(tmp_path, {"geography": (
        "The GEOGRAPHY OF CARROW is diverse, varying amongst the 47 counties of Carrow.\n\n"
        "The geography of the Tarn valley was first mapped by Osric Hale in 1790.\n\n"
        "The NASDAQ index listed the Carrow Mining Company in 1998.\n")})
    prompts = " ".join(q["prompt"] for q in deck["questions"])
    assert "The geography of Carrow is diverse" in prompts and "GEOGRAPHY" not in prompts
    assert "NASDAQ" in prompts   # a name only ever written in capitals stays
    assert shouted_words_cased("HENRY'S eldest son, Richard, was crowned in 1190.", {"henry": "Henry"}) \
        == "Henry's eldest son, Richard, was crowned in 1190."
    king = build(tmp_path / "king", {"king": (
        "EDWY IX (25 April 1214 – 25 August 1270), commonly known as SAINT EDWY, was King of Carrow, "
        "the ninth from the House of Tarn.\n\nEdwy was crowned at Lyle in 1226.\n\n"
        "The church of Saint Edwy at Lyle was finished in 1300.\n")})
    prompts = " ".join(q["prompt"] for q in king["questions"])
    assert "Edwy IX, commonly known as Saint Edwy" in prompts and "Edwy Ix" not in prompts, prompts


def test_a_lead_is_never_cut_where_it_says_no_or_where_that_opens_what_was_said():
    from quizgen.prompts import ANAPHORIC_LEAD, LEAD_IN

    assert ANAPHORIC_LEAD.match("Full of this idea, Cabot removed to Bristol")
    assert not ANAPHORIC_LEAD.match("Vogel noted that no other Western, Arab, or Persian sources gave")
    assert not ANAPHORIC_LEAD.match("Hale wrote that Arabs, Persians and Turks traded salt")
    for lead in ("Regardless, ", "Much later, ", "Just a decade later, ", "On another occasion "):
        assert LEAD_IN.match(lead + "Hale sailed"), lead


def test_a_person_named_with_a_particle_is_the_he_of_the_next_sentence_and_a_lake_has_no_surname():
    from quizgen.prompts import PERSON_NAME
    from quizgen.questions import surname_like

    assert PERSON_NAME.match("Bento de Góis") and PERSON_NAME.match("Ludwig van Beethoven")
    assert not surname_like("Lake") and not surname_like("River") and surname_like("Góis")


def test_a_when_question_keeps_a_space_where_a_comma_was_left_out():
    from quizgen.wh import _words

    doc = load()("In 1323, Polo was confined to bed, due to illness.")
    kept = [t for t in doc if t.text not in (",", ".") and t.i >= 3]
    assert _words(kept) == "Polo was confined to bed due to illness"


def test_a_he_is_not_named_as_the_woman_the_sentence_before_is_about(tmp_path):
    deck = build(tmp_path, {"legacy": (
        "MARY OF TARN (1412 – 30 May 1431) was a healer of Carrow who led its army against Wessex.\n\n"
        "She was burned at Lyle in 1431, and her trial was annulled in 1456.\n\n"
        "Canonization\n\n"
        "Mary of Tarn became a symbol of the Carrow League during the 16th century. When Osric Hale was made "
        "bishop of Lyle in 1849, he pronounced a fervid panegyric on Mary of Tarn, which attracted attention in "
        "Wessex as well as Carrow, and he led the efforts which culminated in her beatification in 1909.\n")})
    prompts = " ".join(q["prompt"] for q in deck["questions"])
    assert "Mary of Tarn pronounced" not in prompts and "Mary of Tarn was burned" in prompts, prompts


def test_a_he_after_a_sentence_opened_by_another_person_is_that_person_not_the_protagonist(tmp_path):
    deck = build(tmp_path, {"life": (
        "OSRIC HALE (1254 – 8 January 1324) was a merchant of Carrow who travelled to Cathay.\n\n"
        "Hale set out from Lyle in 1271. Hale reached the court of the khan in 1275. "
        "Hale came back to Lyle in 1295.\n\n"
        "Legacy\n\n"
        "Bento de Góis, inspired by Hale's writings of a kingdom in the east, travelled in three years across "
        "Central Asia. He never found the kingdom but ended his travels at the Great Wall of Cathay in 1605, "
        "proving that Cathay was what Matteo Ricci called China.\n")})
    prompts = " ".join(q["prompt"] for q in deck["questions"])
    assert "Osric Hale never found" not in prompts and "Hale never found" not in prompts, prompts
    assert "Bento de Góis never found" in prompts, prompts


def test_a_number_in_a_titles_name_is_not_asked():
    from quizgen.salience import numbers_a_name

    claims = extract_text("The voyage of 1292 is the backdrop of the game Uncharted 2: Among Thieves, made in 2009.")
    [number] = [c for c in claims if c.value == "2"]
    assert numbers_a_name(number)
    [year] = [c for c in claims if c.value == "1292"]
    assert not numbers_a_name(year)


def test_a_he_is_not_named_as_the_protagonist_where_the_prompt_names_the_protagonist_too(tmp_path):
    deck = build(tmp_path, {"life": (
        "OSRIC HALE (1150 – 6 April 1199) was King of Carrow from 1170 until his death. He was crowned at Lyle "
        "in 1170. He sailed for Tarn in 1175. He was captured in Wessex in 1182.\n\n"
        "The war with Tarn\n\n"
        "He forced Osric Hale to pay him 5,000 pounds of gold, plus 500 pounds more each year, in 1185.\n")})
    prompts = " ".join(q["prompt"] for q in deck["questions"])
    assert "Osric Hale forced Osric Hale" not in prompts, prompts
    assert "Osric Hale sailed for" in prompts, prompts


def test_a_he_after_another_person_was_the_subject_is_that_person_or_nobody(tmp_path):
    from quizgen.prompts import cloze

    deck = build(tmp_path, {"life": (
        "OSRIC HALE (1254 – 8 January 1324) was a king of Carrow who ruled from Lyle.\n\n"
        "Hale took the throne in 1271. Hale married Edith of Wessex in 1275. Hale died at Lyle in 1324.\n\n"
        "The war in the west\n\n"
        "His general, Aldo Brenner, marched on Tarn with four legions. He took Tarn in 1290 and held the city "
        "until 1301.\n\n"
        "His admiral, Edric Vane, sailed for Brenmoor with ten ships. The voyage lasted all summer. "
        "He burned Brenmoor in 1296 and came home in 1297.\n\n"
        "His wife Edith died at Lyle. He buried her in the abbey of Lyle in 1302.\n")})
    prompts = " ".join(q["prompt"] for q in deck["questions"])
    # the subject of the sentence right before, unless the sentence names him too
    assert "Aldo Brenner took Tarn" in prompts and "Hale took Tarn" not in prompts, prompts
    claims = extract_text("Sweyn Forkbeard took the throne of Carrow in 1013. "
                          "He returned as king of Carrow in 1014 after Sweyn's death.")
    returned = next(c for c in claims if c.value == "1014")
    assert not (cloze(returned, None, protagonist="Osric Hale") or "").startswith("Sweyn"), returned.extra
    # a sentence between: not the king, whom the source is about; the card has no one to name
    assert "Hale burned Brenmoor" not in prompts and "Vane burned" not in prompts, prompts
    # a "he" is never a woman the sentence before names, but the king, once more
    assert "Edith buried" not in prompts and "Osric Hale buried her" in prompts, prompts


def test_a_he_is_never_a_person_the_source_called_a_daughter_or_wife():
    from quizgen.prompts import cloze

    claims = extract_text("Hale was born in Lyle. Later, in 1257, he married Clara Vane, the daughter of his teacher "
                          "Vane. The couple had five children. Clara died in 1269. He married Luise Brand in 1272.")
    married = next(c for c in claims if c.value == "1272")
    prompt = cloze(married, None, protagonist="Osric Hale", gender="he") or ""
    assert prompt.startswith("Osric Hale married Luise Brand"), (prompt, married.extra)
    # with nothing said of her, the woman named right before is still taken for the "he"'s person
    claims = extract_text("Clara died in 1269. He married Luise Brand in 1272.")
    assert next(c for c in claims if c.value == "1272").extra.get("antecedent") == "Clara"


def test_a_he_after_a_relative_who_shares_the_first_name_is_not_the_protagonist(tmp_path):
    deck = build(tmp_path, {"life": (
        "OSRIC TULLIUS HALE (106 BC – 43 BC) was a statesman of Carrow who spoke in the courts of Lyle.\n\n"
        "Hale was elected consul of Carrow in 63 BC. Hale was exiled to Tarn in 58 BC.\n\n"
        "Hale hoped that his son Osric would become a philosopher like him, but Osric himself wished for a "
        "military career. He joined the army of Edric in 49 BC. Hale sent him to Tarn to study in 48 BC. "
        "He became an augur, and was nominated consul in 30 BC together with Aldo.\n")})
    prompts = " ".join(q["prompt"] for q in deck["questions"])
    assert "Osric Tullius Hale became an augur" not in prompts and "Hale became an augur" not in prompts, prompts
    assert "Osric Tullius Hale joined the army" not in prompts, prompts
    assert "consul of Carrow in" in prompts, prompts   # the protagonist's own sentences are still asked


def test_a_he_opening_a_later_clause_is_the_person_the_sentence_opened_with():
    from quizgen.prompts import cloze

    claims = extract_text("Ardo was treated well by Joannes. Joannes was taken and his right hand cut off; he was "
                          "then mounted on a donkey and finally beheaded in the market of Aquileia.")
    beheaded = next(c for c in claims if c.value == "Aquileia")
    prompt = cloze(beheaded, None, protagonist="Aelia Galla Placidia") or ""
    assert prompt.startswith("Joannes was then mounted"), (prompt, beheaded.extra)
    # the source's person where the sentence opened with her
    claims = extract_text("Placidia was taken to Ravenna, and she was then sent by ship to the port of Aquileia.")
    sent = next(c for c in claims if c.value == "Aquileia")
    prompt = cloze(sent, None, protagonist="Aelia Galla Placidia", gender="she") or ""
    assert "Joannes" not in prompt and "Placidia" in prompt, prompt


def test_a_wiki_templates_fields_are_markup_not_prose():
    text = ("| spouse = Edith of Wessex | father = Aldo Brenner | birth_date = 8 September 1157\n"
            "(now in Carrow) | place of burial = Lyle Abbey | module = }}\n\n"
            "OSRIC HALE (8 September 1157 – 6 April 1199) was King of Carrow from 1189 until his death.\n")
    kinds = [b.kind for b in split_blocks(text)]
    assert kinds == ["markup", "markup", "prose"], kinds
    # a table's cells and a sentence with an equals sign are not a template
    assert [b.kind for b in split_blocks("The ratio is x = 2 | y = 3 in the second case, as shown.\n")] != ["markup"]


def test_a_he_beside_the_protagonists_surname_and_an_it_after_a_person_are_not_named(tmp_path):
    from quizgen.prompts import cloze

    claims = extract_text("For the wheels, Hale brought in Edwin Marsh, in 1275. "
                          "He and Hale fell out over the costs of the wheels in 1281.")
    fell_out = next(c for c in claims if c.value == "1281")
    assert "Osric Hale and Hale" not in (cloze(fell_out, None, protagonist="Osric Hale") or ""), fell_out.sentence
    shared = next(c for c in extract_text("She shared the Tarn Prize with her husband Pierre Hale in 1903.")
                  if c.value == "1903")   # another person's name holding the surname is no sign
    assert (cloze(shared, None, protagonist="Edith Hale") or "").startswith("Edith Hale shared")
    deck = build(tmp_path, {"life": (
        "OSRIC HALE (1254 – 8 January 1324) was a clockmaker of Carrow who built the great clock of Lyle.\n\n"
        "Hale began the clock in 1271. Hale finished the clock in 1290. Hale died at Lyle in 1324.\n\n"
        "Lady Edith Vane described seeing the clock at work in 1292. It struck the hours of Lyle for 60 years "
        "without stopping.\n")})
    prompts = " ".join(q["prompt"] for q in deck["questions"])
    assert "Lady Edith Vane struck" not in prompts and "Edith Vane struck" not in prompts, prompts


def test_a_number_after_a_currency_sign_is_a_sum_not_a_year():
    claims = {c.value: c for c in extract_text(
        "In 1823, the government of Carrow gave Osric Hale £1700 to start work on the clock.")}
    assert claims["£1700"].kind == "figure" and "1700" not in claims


def test_a_chapter_titled_for_another_person_does_not_borrow_the_decks_protagonist(tmp_path):
    article = ("OSRIC HALE (1254 – 8 January 1324) was a king of Carrow who ruled from Lyle. He took the throne "
               "in 1271. He married Edith of Wessex in 1275. He died at Lyle in 1324.\n")
    chapter = ("The great lord of the north was a bold man, and the people of Carrow feared him. "
               "He raised an army of sixty thousand men in 1280. He won the battle of Tarn in 1282. "
               "He gave his sister to Aldo Brenner in 1284. He was killed at Brenmoor in 1290.\n")

    def chapter_prompts(heading: str) -> str:
        manifest = (f'[sources.reader]\ntitle = "Tales of Carrow (1904): {heading}"\nkind = "book"\n\n'
                    '[sources.article]\ntitle = "Osric Hale"\nkind = "encyclopedia"\n')
        deck = build(tmp_path / heading.replace(" ", "-"), {"article": article, "reader": chapter},
                     title="Osric Hale", manifest=manifest)
        return " ".join(q["prompt"] for q in deck["questions"] if q["evidence"][0]["source"] == "reader")

    assert "Osric Hale won the battle" not in chapter_prompts("Aldo Brenner the Bold")
    assert "Osric Hale won the battle" in chapter_prompts("Osric the Great")


def test_a_fact_sheet_line_with_a_spaced_colon_is_read_and_may_dispute_the_other_sources_total(tmp_path):
    factbook = "Geography\nLocation\nCentral Carrow, north of Tarn\nArea\ntotal : 406,752 sq km\nland: 397,302 sq km\n"
    assert [b.kind for b in split_blocks(factbook)][-2:] == ["fragment", "fragment"]
    deck = build(tmp_path, {
        "factbook": factbook,
        "article": "Geography of Carrow\n\nCarrow lies north of Tarn. Carrow has a total area of 406,750 km², "
                   "of which 397,302 km² is land.\n"})
    assert frozenset({"406,752 sq km", "406,750"}) in disputes(deck), disputes(deck)


def test_one_word_of_a_title_the_page_emphasises_is_not_asked(tmp_path):
    deck = build(tmp_path, {"life": (
        "Osric Hale presented his paper, _Versuche über Uhrwerke_ (_Experiments on Clockwork_), to the "
        "Natural History Society of Lyle on 8 February 1865.\n")})
    assert not answers(deck) & {"Versuche", "Uhrwerke", "Experiments", "Clockwork"}, answers(deck)
    assert "8 February 1865" in answers(deck)


def test_a_short_sentence_that_opens_what_follows_with_a_colon_is_not_asked():
    from quizgen.salience import not_worth_asking

    claims = extract_text("The King and the Sea\n\nThe sea came up to the throne of the king on the beach of Tarn, "
                          "and it wet his feet and his robe, and all his men stood and watched the water. "
                          "At Lyle in 1066, Edwin Marsh said:\n\n\"Let all men know how empty is power.\"\n")
    said = next(c for c in claims if c.value == "1066")
    assert not_worth_asking(said, {"format": "cloze", "prompt": "At Lyle in _____, Edwin Marsh said."}, [])
    told = next(c for c in extract_text("At Lyle in 1066, Edwin Marsh said that the tower would fall.")
                if c.value == "1066")
    assert not not_worth_asking(told, {"format": "cloze", "prompt": "At Lyle in _____, Edwin Marsh said that the "
                                                                    "tower would fall."}, [])


# --- figures of different years, measures in two units ---------------------------

LAND_USE_DATED = ("Land use\nagricultural land: arable land: 11% (2023 est.)\nforest: 1.3% (2023 est.)\n"
                  "other: 19.3% (2023 est.)\n")
LAND_USE_LIST = "Land use\n\n:*Arable land: 8.9%\n\n:*Forest: 1.2%\n\n:*Other: 21.4% (2012)\n"


def test_figures_measured_in_different_years_are_not_a_dispute(tmp_path):
    dated = build(tmp_path / "dated", {"factbook": LAND_USE_DATED, "article": LAND_USE_LIST})
    assert frozenset({"8.9%", "11%"}) not in disputes(dated)
    # the same lines without their years are rival figures for one quantity
    undated = build(tmp_path / "undated", {"factbook": re.sub(r" \(20\d\d(?: est\.)?\)", "", LAND_USE_DATED),
                                           "article": re.sub(r" \(2012\)", "", LAND_USE_LIST)})
    assert frozenset({"8.9%", "11%"}) in disputes(undated)


def test_a_list_dated_at_its_end_dates_each_of_its_figures():
    claims = [c for c in extract_text(LAND_USE_LIST) if c.kind == "figure"]
    assert {c.value: c.extra.get("measured") for c in claims} == {"8.9%": 2012, "1.2%": 2012, "21.4%": 2012}
    assert dated_now("Arable land: _____.", "", 2012) == "Arable land: _____ (as of 2012)."
    indented = ("Land use\n\n-   Land use:\n    -   arable land: 44.2%\n    -   other: 52.1% (2011)\n"
                "-   Irrigated land: 73 km² (2003)\n")
    claims = [c for c in extract_text(indented) if c.kind == "figure"]
    assert {c.value: c.extra.get("measured") for c in claims} == {"44.2%": 2011, "52.1%": 2011, "73": 2003}
    prompt = "In 2014 through 2016, Carrow grew by _____ per year."
    assert dated_now(prompt, "", 2015) == prompt   # the prompt says its own years


def test_a_measure_ends_before_the_same_measure_in_other_units(tmp_path):
    deck = build(tmp_path, {
        "factbook": ("Carrow borders the Aral Sea, now split into two bodies of water (1,070 km), "
                     "and the Caspian Sea (1,894 km).\n"),
        "article": "Landlocked as it is, Carrow borders the Caspian Sea (1,894 km/1,176 mi).\n"})
    asked = [q for q in deck["questions"] if q["answer"] == "1,894 km" and "Landlocked" in q["prompt"]]
    assert asked and all("1,176" not in q["prompt"] for q in asked)
    # the Aral Sea's shore is no rival of the Caspian's
    assert frozenset({"1,070 km", "1,894 km"}) not in disputes(deck)
    # a rate's "per" is no second measure: "births/1,000" stays one word
    assert "births/1,000" in [t.text for t in load()("Its birth rate was 27.33 births/1,000 population.")]


@pytest.mark.parametrize(("sentence", "value"), [
    ("Albert Ghiorso found in 1961 at Berkeley that mendelevium-256 decays by electron capture 90.7% of the "
     "time and by alpha decay 9.3% of the time.", "9.3%"),
    ("On 25 January 1915 Alexander Graham Bell, calling from New York, was heard by Thomas Watson at "
     "333 Grant Avenue in San Francisco.", "333"),
    ("In 1966, Room 307 of Gilman Hall, where Seaborg worked, was declared a landmark.", "307"),
    ("In 1172 the treaty of Limoges secured ties of vassalage between the two.", "two"),
    ("In 1955 mendelevium became the first of the second hundred of the chemical elements to be found by "
     "Albert Ghiorso.", "hundred"),
])
def test_a_number_the_sentence_gives_away_or_that_names_a_place_is_not_asked(tmp_path, sentence, value):
    deck = build(tmp_path, {"notes": sentence + "\n"})
    assert value not in answers(deck)
    assert answers(deck)   # the sentence's other facts are still asked


def test_a_number_in_words_before_what_it_counts_is_asked(tmp_path):
    deck = build(tmp_path, {"notes": "Four of the islands of Carrow are shared with other countries: Borneo is "
                                     "shared with Malaysia and Brunei.\n"})
    assert "Four" in answers(deck)


def test_an_abbreviation_that_opens_a_name_is_not_blanked():
    claims = extract_text("In 1966, Room 307 of Gilman Hall on the campus at the Berkeley, where Seaborg did his "
                          "work, was declared a U.S. National Historic Landmark.\n")
    parts = {c.value: part_of_a_name(c) for c in claims if c.kind in ("name", "place")}
    assert parts["U.S"] and not parts["Gilman Hall"], parts


def test_a_wiki_list_lines_marks_do_not_follow_its_label_into_the_prompt(tmp_path):
    deck = build(tmp_path, {"article": ("Carrow is a country of lakes and steppe.\n\nIrrigated land:\n\n"
                                        ":*20,660 km² (2011)\n\nTotal renewable water resources:\n\n"
                                        ":*107.5 km³ (2011)\n")},
                 manifest='[sources.article]\ntitle = "Wikipedia: Geography of Carrow"\nkind = "encyclopedia"\n')
    asked = [q["prompt"] for q in deck["questions"] if q["answer"] in ("20,660", "107.5")]
    assert asked and not any(":*" in p for p in asked), asked


def _annals(years: int) -> str:
    towns = ["Tarnby", "Ostrel", "Vessa", "Marrow", "Lindqvist", "Orvan"]
    lines = [f"In {1800 + i} the council of Carrow met at {towns[i % 6]} to settle the tolls of the "
             f"{['north', 'south', 'east', 'west'][i % 4]} road." for i in range(years)]
    lines.insert(years // 2, "In 1790 the young clerk Edwy Lyle, who kept the council's ledgers, lodged for a "
                             "winter with a cousin at Pellam Cross.")
    return "\n\n".join(lines) + "\n"


def test_a_name_said_once_in_a_long_text_is_asked_only_from_a_central_sentence(tmp_path):
    long = answers(build(tmp_path / "long", {"annals": _annals(64)}))
    assert not {"Edwy Lyle", "Pellam Cross"} & long, long    # a clerk's lodging, said once among sixty meetings
    assert {"Tarnby", "1790"} <= long, long
    short = answers(build(tmp_path / "short", {"annals": _annals(8)}))
    assert {"Edwy Lyle", "Pellam Cross"} & short, short     # in a short text every name is said once


@pytest.mark.parametrize(("sentence", "value"), [
    ("In 1906 the captain of the club suggested that Alexander Fleming join the research department at "
     "St Mary's, where he became assistant bacteriologist.", "St Mary"),
    ("The Fast Cask method invented by Marston's in 2009 was adopted by the brewers of Burton.", "Marston"),
])
def test_a_name_ending_in_a_possessive_is_not_cut_before_it(tmp_path, sentence, value):
    asked = answers(build(tmp_path, {"notes": sentence + "\n"}))
    assert value not in asked and asked, asked


def test_a_paragraph_with_one_lost_value_keeps_its_other_sentences(tmp_path):
    paragraph = ("A key tool of the age was the table of logarithms. The first such table was compiled by Henry "
                 "Briggs in 1617, immediately after Napier's invention but with the innovation of using 10 as the "
                 "base. Briggs' first table contained the common logarithms of all integers in the range 1–1000, "
                 "with a precision of 14 digits. The common logarithm of a number is one plus the characteristic "
                 "of , and their mantissas are the same.")
    caption = "Khan Tengri , the highest peak , seen from the north"
    kinds = [b.kind for b in split_blocks(f"Log tables\n\n{paragraph}\n\n{caption}\n\nThe end came in 1970.\n")]
    assert kinds[1:3] == ["prose", "caption"], kinds   # a caption is short; a paragraph keeps its sentences
    deck = build(tmp_path, {"article": (f"Log tables\n\n{paragraph} The Limpopo enters the Indian Ocean about "
                                        "north of Delagoa Bay, which Carl Mauch mapped in 1871.\n")})
    assert "1617" in answers(deck)
    assert not [q for q in deck["questions"] if "about north" in q["prompt"]]   # its distance lost


def test_a_one_word_name_the_sources_also_write_in_lower_case_is_not_asked(tmp_path):
    deck = build(tmp_path, {"chronicle": (
        "In 1099 the Crusaders took Jerusalem after a siege of five weeks led by Godfrey of Bouillon.\n\n"
        "Many crusaders had died of hunger on the march through Anatolia in 1097.\n")})
    asked = answers(deck)
    assert "Crusaders" not in asked and "the Crusaders" not in asked, asked
    assert {"Jerusalem", "Anatolia"} & asked, asked


def test_a_toll_is_asked_as_how_many_only_where_nothing_dates_it_and_it_counts_people():
    from quizgen.prompts import how_many

    def asked(sentence: str) -> str | None:
        [claim] = [c for c in extract_text(sentence) if c.kind == "figure"]
        return how_many(claim, "the ministry")

    assert asked("The ministry said that 85 soldiers were killed in the fighting.") == \
        "According to the ministry, how many soldiers were killed?"
    # the year says which disaster; the bare question would not
    assert asked("In 1835, 102 soldiers were killed in the fighting.") is None
    # "deaths" and "injuries" are the toll itself: "how many deaths were killed?" is no question
    assert asked("The ministry counted 40 deaths in the storm.") is None
    assert asked("The ministry counted 12 injuries in the storm.") is None


def test_a_fact_sheet_line_naming_nothing_of_the_deck_opens_with_the_decks_title(tmp_path):
    deck = build(tmp_path, {"sheet": ("Orvelia lies in the northern sea, east of the Sarn islands.\n\n"
                                      "Land use\n\nForests and woodland:\n13% (1993)\n\nArable land: 8% (1993)\n\n"
                                      "Area: total: 616 sq km\n")},
                 title="Geography of Orvelia")
    [question] = [q for q in deck["questions"] if q["answer"] == "13%"]
    assert question["prompt"] == "According to ‘sheet’: Geography of Orvelia – Forests and woodland: _____ (1993)."


def test_a_sentence_opening_like_a_question_without_its_mark_is_a_formulas_leftover():
    from quizgen.salience import broken_layout

    leftover = "Is the value in Orvel degrees and the value in Sarn degrees."
    assert broken_layout(leftover, leftover.replace("Sarn degrees", "_____"))
    question = "Is the value in Orvel degrees higher than in Sarn degrees?"
    assert not broken_layout(question, question.replace("Sarn degrees", "_____"))
    plain = "The value in Orvel degrees is higher than in Sarn degrees."
    assert not broken_layout(plain, plain.replace("Sarn degrees", "_____"))


def test_a_fact_sheets_label_lines_are_asked_with_their_values(tmp_path):
    from quizgen.salience import broken_layout

    sheet = ("Geography\nLocation\nislands in the Sarn Sea, east of the Orla Keys\nCoastline\n212 km\n"
             "Elevation\nhighest point: Mount Dell 1,402 m\n"
             "Geography - note\nthe keys are shared with a neighbour; Velmora is composed of 41 islands and cays\n")
    deck = build(tmp_path, {"fact-sheet": sheet, "article": (
        "Velmora is an island nation in the Sarn Sea. The nation's capital is at Dunmere on Orla. "
        "Its highest point is Mount Dell at 1,402 m.\n")}, title="Geography of Velmora",
        manifest='[sources.fact-sheet]\ntitle = "The Velmora Fact Sheet"\nkind = "reference"\n')
    asked = {q["answer"]: q["prompt"] for q in deck["questions"] if q["format"] != "attribution"}
    assert "Coastline: _____" in asked.get("212 km", ""), asked   # a short value line under its label
    assert "composed of _____ islands" in asked.get("41", ""), asked   # the clause after a line's lower-case opening
    assert asked.get("Dunmere") == "The nation's capital is at _____ on Orla.", asked   # "on Orla": where, not a name
    # a caption's tail is still broken layout, where the prompt keeps the tail's opening
    tail = "'s painting The Feast, based on a fragment of Priscus in 447, shows the king."
    assert broken_layout(tail, tail.replace("447", "_____"))
    assert broken_layout("land: 611 sq km", "According to the reference ‘Fact Sheet: Orla’: Land: _____.")
    item = "border countries (3): Orla 212 km; Dell 96 km; Sarn 40 km"
    assert broken_layout(item, "According to the reference ‘Fact Sheet: Velmora’: Sarn _____.")


def test_a_reference_works_labelled_line_is_asked_as_an_infoboxs_is(tmp_path):
    sheet = "Geography\nElevation\nhighest point: Mount Dell 1,402 m\nlowest point: Sarn Sea 0 m\n"
    deck = build(tmp_path, {"fact-sheet": sheet}, title="Geography of Velmora",
                 manifest='[sources.fact-sheet]\ntitle = "The Velmora Fact Sheet"\nkind = "reference"\n')
    assert "1,402" in answers(deck), answers(deck)   # an almanac's or a fact sheet's line is no stray field


def test_a_figure_brought_in_to_compare_is_not_asked_but_the_subjects_own_is(tmp_path):
    deck = build(tmp_path, {"sea": (
        "Carrowite is a soft grey metal first found in the hills of Tarn in 1822.\n\n"
        "Seawater contains an average of 125 micrograms per litre of carrowite, compared to the much higher "
        "value for sodium of 10,800 milligrams per litre.\n\n"
        "Carrowite melts at 312 degrees and is mined at Lyle, where 4,000 tonnes a year are dug.\n")})
    asked = answers(deck)
    assert any(a.startswith("125") for a in asked), asked
    assert not any(a.startswith("10,800") for a in asked), asked


def test_an_amount_lost_before_of_is_a_number_dropped():
    assert number_dropped("They began the isolation with of mineral water, which yielded 7.3 grams of salt.")


def test_the_second_half_of_a_dashed_name_and_a_name_opened_by_this_are_not_asked(tmp_path):
    deck = build(tmp_path, {"award": (
        "Osric Vane was born at Lyle in 1824 and studied at Tarn.\n\n"
        "The Brand–Vane Medal for optics is named after him and his colleague, Edric Brand.\n\n"
        "Vane served under the duke for ten years. This Count Aldo had been a loyal officer of Carrow.\n\n"
        "Count Aldo governed the province of Tarn from 1850.\n")})
    asked = answers(deck)
    assert "Tarn" in asked or "Lyle" in asked, asked
    assert not [a for a in asked if a.startswith("This ")], asked
    from quizgen.salience import part_of_a_name
    claims = extract_text("The Brand–Vane Medal for optics is named after Osric Vane and his colleague, Edric Brand.")
    halves = {c.value: part_of_a_name(c) for c in claims}
    assert halves.get("Vane Medal") is True and halves.get("Edric Brand") is False, halves


def test_a_card_that_states_a_toll_says_whose_it_is_though_it_asks_something_else(tmp_path):
    deck = build(tmp_path, {"storms": (
        "Carrow is a small country on the coast of the Tarn Sea, with its capital at Lyle.\n\n"
        "In October 1998, Hurricane Mitch killed more than 8,000 people in Carrow and destroyed the port of Lyle.\n\n"
        "The old town of Lyle was founded in 1204 by Osric Hale, a merchant from Tarn. On 11 March 1255, Hale "
        "died at his home in Tarn.\n")})
    stating = [q for q in deck["questions"] if "8,000" in q["prompt"]]
    assert stating, [q["prompt"] for q in deck["questions"]]
    assert all(q["prompt"].startswith("According to") for q in stating), [q["prompt"] for q in stating]
    quiet = [q for q in deck["questions"] if "founded" in q["prompt"] or "died at his home" in q["prompt"]]
    assert quiet and not any(q["prompt"].startswith("According to") for q in quiet), quiet


def test_a_web_pages_paragraph_break_left_in_the_text_ends_a_sentence(tmp_path):
    text = ("natural hazards: occasional storms from the Tarn Sea bring heavy rains and flash floods "
            "<br><br><strong>volcanism:</strong> experiences limited volcanic activity; Mount Lyle (298 m) "
            "erupted in 1978\n")
    blocks = [text[b.start:b.end] for b in split_blocks(text)]
    assert any(b.endswith("flash floods") for b in blocks) and any(b.startswith("<strong>volcanism") for b in blocks)
    assert all("<br>" not in b for b in blocks), blocks
    deck = build(tmp_path, {"factbook": text})
    assert not [q["prompt"] for q in deck["questions"] if "floods" in q["prompt"] and "volcan" in q["prompt"]]


def test_a_hundred_counted_as_a_place_in_a_row_is_no_figure():
    values = {c.value: c.kind for c in extract_text(
        "Being the first of the second hundred of the elements, carrowium was named after Osric Hale in 1955. "
        "An army of a hundred men reached Lyle in 1200.")}
    assert "hundred" not in values, values
    assert values.get("a hundred") == "figure", values


def test_a_distance_lost_before_along_is_a_number_dropped():
    assert number_dropped("The Tarn Islands, near Lyle, are strung out for more than along the sheltered coast.")
    assert not number_dropped("The Tarn Islands are strung out for more than 160 km along the sheltered coast.")
    assert not number_dropped("The harvest was larger in 1990 than in 1980, and more than in any year since.")


def test_the_year_in_brackets_after_a_measure_dates_the_estimate():
    from quizgen.salience import measured_in

    years = {c.value: measured_in(c) for c in extract_text(
        "Total renewable water resources: 196.6 km³ (2011). Irrigated land: 1,990 sq km (2012). "
        "The bridge at Lyle was built in 1932 (and rebuilt in 1950) by Osric Hale.") if c.kind == "date"}
    assert years == {"2011": True, "2012": True, "1932": False, "1950": False}, years
