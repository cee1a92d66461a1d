"""Grouping claims across sources: agreement, dispute, aliases, and what is not a dispute.

Each test writes a small deck folder of its own, builds it with
``quizgen.build.build_deck`` (or calls the grouping functions directly), and
looks at which values end up asked together, as evidence or as ``disputed_by``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizgen.answers import check_answer
from quizgen.build import build_deck
from quizgen.claims import (
    Aliases,
    acronym_aliases,
    aliases_from_text,
    group_claims,
    item_name,
    items_differ,
    load_alias_file,
    spelling_aliases,
    unit_of,
)
from quizgen.errors import QuizgenError
from quizgen.extract import extract_claims, extract_text
from quizgen.questions import surname_like, used_alone
from quizgen.sources import load_source_dir


def make_folder(root: Path, sources: dict[str, str], **extra_files: str) -> Path:
    folder = root / "deck"
    (folder / "sources").mkdir(parents=True)
    for name, text in sources.items():
        (folder / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    for name, text in extra_files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


def build(root: Path, sources: dict[str, str], **extra_files: str) -> dict:
    folder = make_folder(root, sources, **extra_files)
    return build_deck(folder, folder / "deck.json")


def asked_with(deck: dict, answer: str) -> list[dict]:
    return [q for q in deck["questions"] if q["answer"] == answer and q["format"] != "attribution"]


def values(evidence: list[dict]) -> set[tuple[str, str]]:
    return {(e["source"], e["value"]) for e in evidence}


# --- disputes -------------------------------------------------------------------

STRIKE = {
    "ministry": "The strike at the port lasted nine days in March 2019.\n\n"
                "According to the ministry, 1,200 dock workers joined the strike at the port.\n",
    "union": "The dock strike began in March 2019.\n\n"
             "The union said 1,900 dock workers joined the strike at the port.\n",
}


def test_different_figures_for_the_same_count_are_one_disputed_group(tmp_path):
    deck = build(tmp_path, STRIKE)
    [low] = asked_with(deck, "1,200")
    [high] = asked_with(deck, "1,900")
    assert values(low["evidence"]) == {("ministry", "1,200")}
    assert values(low["disputed_by"]) == {("union", "1,900")}
    assert values(high["evidence"]) == {("union", "1,900")}
    assert values(high["disputed_by"]) == {("ministry", "1,200")}
    assert low["group"] == high["group"]
    # the ministry's figure is never given as plain truth
    assert "ministry" in (low["claimant"] or "").lower()
    assert "ministry" in low["prompt"].lower()
    assert low["evidence"][0]["claimant"].lower() == "the ministry"


MINE_DISASTERS = {
    "lamp": "The safety lamp came into use in the pits of Vennor.\n\n"
            "In 1835, 102 miners were killed by an explosion in the Harl colliery.\n",
    "chemist": "The chemist worked on the safety lamp at Vennor.\n\n"
               "The Ostby pit disaster of 1812, in which 92 miners were killed, moved him to act.\n",
}


def test_counts_each_dated_to_other_years_are_two_events_not_a_dispute(tmp_path):
    deck = build(tmp_path, MINE_DISASTERS)
    for answer in ("102", "92"):
        [question] = asked_with(deck, answer)
        assert question["disputed_by"] == []
        # and the question keeps its sentence's year: "how many miners were killed?" would name no disaster
        assert re.search(r"1835|1812", question["prompt"]), question["prompt"]
    # a count dated by a span of years still meets one dated within it: one tally told twice
    spanned = build(tmp_path / "span", {
        "profile": "Tellan wrote many papers.\n\nIn all, 212 papers were published by Tellan between 1913 and 1966.\n",
        "letter": "Tellan wrote many papers.\n\nIn a 1950 letter, Tellan said that 200 papers were published.\n",
    })
    [question] = asked_with(spanned, "212")
    assert values(question["disputed_by"]) == {("letter", "200")}


def test_bug_a_common_noun_claimant_before_said_is_found(tmp_path):
    """"The union said 1,900 ..." is the union's figure, not the source's own voice."""
    deck = build(tmp_path, STRIKE)
    [high] = asked_with(deck, "1,900")
    assert "union" in (high["evidence"][0]["claimant"] or "").lower()
    assert "union" in high["prompt"].lower()


BRIDGE_OPENING = {
    "chronicle": "The Harbour Bridge is a steel arch bridge in Sydney.\n\n"
                 "The Harbour Bridge was officially opened on 19 March 1932 by the state premier.\n",
    "almanac": "Sydney's best-known bridge crosses the harbour.\n\n"
               "The Harbour Bridge was officially opened on 20 March 1932 by the premier of the state.\n",
}


def test_a_date_told_in_one_clause_of_a_long_sentence_meets_its_rival(tmp_path):
    """Each sentence goes on about other things; what the two dates are about is in the
    value's own clause ("founded by colonists from Corinth under Chersicrates about 733 B.C.")."""
    deck = build(tmp_path, {
        "old-encyclopedia": (
            "CORCYRA, an island of the Ionian Sea.\n\n"
            "The city of Corcyra was founded by colonists from Corinth under Chersicrates about 733 B.C., "
            "but the first settlement having been burnt by the Persian satrap Mardonius in the reign of "
            "Xerxes, the Spartans under Brasidas rebuilt its walls, its harbour and its temples in the "
            "course of the following century.\n"),
        "web-article": (
            "Corcyra is an island in the Ionian Sea.\n\n"
            "Tradition says Chersicrates from Corinth founded Corcyra in 706 BC when he sailed west across "
            "the Adriatic with three ships of settlers, guided by the oracle at Delphi, and built a market "
            "by the shore.\n")})
    [question] = asked_with(deck, "706 BC")
    assert {d["value"] for d in question["disputed_by"]} == {"about 733 B.C."}


def test_dates_a_day_apart_for_the_same_event_are_a_dispute(tmp_path):
    deck = build(tmp_path, BRIDGE_OPENING)
    [first] = asked_with(deck, "19 March 1932")
    [second] = asked_with(deck, "20 March 1932")
    assert values(first["disputed_by"]) == {("almanac", "20 March 1932")}
    assert values(second["disputed_by"]) == {("chronicle", "19 March 1932")}
    assert first["claimant"] and second["claimant"], "a disputed date is asked with who gives it"


def test_agreeing_sources_make_one_question_with_both_as_evidence(tmp_path):
    agreeing = dict(BRIDGE_OPENING, almanac=BRIDGE_OPENING["almanac"].replace("20 March", "19 March"))
    deck = build(tmp_path, agreeing)
    dated = [q for q in deck["questions"] if q["kind"] == "date"]
    assert len(dated) == 1
    assert values(dated[0]["evidence"]) == {("chronicle", "19 March 1932"), ("almanac", "19 March 1932")}
    assert dated[0]["disputed_by"] == []


def test_one_sentence_with_two_counts_does_not_dispute_itself(tmp_path):
    deck = build(tmp_path, {
        "report": "The flood hit the valley in May 2021.\n\n"
                  "The regional authorities reported that 85 villagers were killed in the flood, "
                  "while another 21 were missing.\n",
        "newspaper": "Heavy rain caused the flood in May 2021.\n\n"
                     "According to the rescue service, 90 villagers were killed in the flood.\n",
    })
    for question in deck["questions"]:
        given = {e["value"] for e in question["evidence"] + question["disputed_by"]}
        assert not {"85", "21"} <= given, question
    assert asked_with(deck, "21"), "the missing count is still asked, on its own"
    [killed] = asked_with(deck, "85")
    assert ("report", "21") not in values(killed["disputed_by"])


def test_one_source_dating_two_events_on_different_days_is_not_a_dispute(tmp_path):
    deck = build(tmp_path, {
        "news": "The rebels attacked the northern garrison on 3 May 2021, and the army retook the town.\n\n"
                "The rebels attacked the southern garrison on 4 May 2021 with artillery.\n",
    })
    dated = [q for q in deck["questions"] if q["kind"] == "date"]
    assert {q["answer"] for q in dated} == {"3 May 2021", "4 May 2021"}
    assert all(q["disputed_by"] == [] for q in dated)


def test_group_claims_puts_every_claim_in_exactly_one_group(tmp_path):
    folder = make_folder(tmp_path, STRIKE)
    claims = [c for s in load_source_dir(folder) for c in extract_claims(s)]
    groups = group_claims(claims, Aliases())
    grouped = [id(c) for g in groups for c in g.claims]
    assert sorted(grouped) == sorted(id(c) for c in claims)
    disputed = [g for g in groups if g.disputed]
    assert len(disputed) == 1
    assert {c.value for c in disputed[0].claims} == {"1,200", "1,900"}


# --- aliases --------------------------------------------------------------------

PORT_CALL = {
    "logbook": "The steamer Arcadia reached Bombay on 3 May 1901 after a stormy crossing.\n",
    "gazette": "The steamer Arcadia reached Mumbai on 3 May 1901 after a stormy crossing.\n",
}


def test_names_listed_in_aliases_toml_are_asked_together(tmp_path):
    deck = build(tmp_path, PORT_CALL, aliases_toml='[[alias]]\nnames = ["Bombay", "Mumbai"]\n')
    together = [q for q in deck["questions"] if q["answer"] in ("Bombay", "Mumbai")]
    assert together
    for question in together:
        assert values(question["evidence"]) == {("logbook", "Bombay"), ("gazette", "Mumbai")}
        assert {"Bombay", "Mumbai"} <= {question["answer"], *question["accepted"]}


def test_without_an_alias_the_two_names_stay_apart(tmp_path):
    deck = build(tmp_path, PORT_CALL)
    for question in deck["questions"]:
        given = {e["value"] for e in question["evidence"]}
        assert not {"Bombay", "Mumbai"} <= given
        assert not {"Bombay", "Mumbai"} <= {question["answer"], *question["accepted"]}


def test_load_alias_file_reads_alias_sets(tmp_path):
    (tmp_path / "aliases.toml").write_text(
        '# edited by a teacher\n[[alias]]\nnames = ["Bombay", "Mumbai"]\n\n'
        '[[alias]]\nnames = ["Stepanakert", "Khankendi", "Xankəndi"]\n', encoding="utf-8")
    sets = load_alias_file(tmp_path)
    assert sets == [["Bombay", "Mumbai"], ["Stepanakert", "Khankendi", "Xankəndi"]]
    aliases = Aliases(sets)
    assert aliases.representative("Khankendi") == aliases.representative("Xankəndi")
    assert aliases.representative("Bombay") != aliases.representative("Khankendi")
    assert load_alias_file(tmp_path / "no-such-folder") == []


NOVEL = {
    "biography": "Samuel Clemens, also known as Mark Twain, was born in Florida, Missouri.\n\n"
                 "Samuel Clemens wrote the novel in a rented house in Hartford.\n",
    "catalogue": "Mark Twain wrote the novel in a rented house in Hartford.\n",
}


def test_also_known_as_in_a_source_makes_an_alias():
    found = aliases_from_text([NOVEL["biography"]])
    assert ["Samuel Clemens", "Mark Twain"] in found
    # past a bracketed acronym, and with "the" before the other name
    found = aliases_from_text(["The South Iceland Seismic Zone (SISZ), also known as the Reykjanes Fracture Zone, "
                               "is 75 to 100 km wide."])
    assert ["South Iceland Seismic Zone", "Reykjanes Fracture Zone"] in found
    # a name in a page's emphasis marks, and a name of two words with "or the" in its brackets
    found = aliases_from_text(["Its main islands are Tarn, Brenmoor (known as _Kelimar_ in Carrow) and Lyle, "
                               "and the Vessa Islands (or the Vessicas) lie to the east."])
    assert ["Brenmoor", "Kelimar"] in found and ["Vessa Islands", "Vessicas"] in found
    assert not any("Carrow" in pair for pair in aliases_from_text(["Charlestown (Carrow) was burned in 1775."]))
    # "who was also called": a relative clause between the two names
    found = aliases_from_text(["Ulmar, who was also called Eskel, was the eldest of the sky-folk."])
    assert ["Ulmar", "Eskel"] in found
    # "called" alone names a thing, not another name for the one before
    assert not aliases_from_text(["Ulmar sailed to a harbour called Venn."])
    # nor a possessive that opens a description: "sometimes called Tarn's proxy army"
    assert not aliases_from_text(["The Vessa Guard, sometimes called Tarn's proxy army, crossed the river."])


def test_names_aliased_by_the_text_are_asked_together(tmp_path):
    deck = build(tmp_path, NOVEL)
    both = {("biography", "Samuel Clemens"), ("catalogue", "Mark Twain")}
    together = [q for q in deck["questions"] if both <= values(q["evidence"])]
    assert together, "no question has both names as evidence"
    for question in together:
        assert {"Samuel Clemens", "Mark Twain"} <= {question["answer"], *question["accepted"]}


def test_names_not_aliased_by_the_text_stay_apart(tmp_path):
    # The biography opens with another subject, so that Clemens is not its own topic (never asked).
    unaliased = dict(NOVEL, biography="Hartford is a city in Connecticut.\n\n"
                     + NOVEL["biography"].replace(", also known as Mark Twain,", ""))
    deck = build(tmp_path, unaliased)
    named = [q for q in deck["questions"] if q["kind"] in ("name", "place")]
    clemens, twain = asked_with(deck, "Samuel Clemens"), asked_with(deck, "Mark Twain")
    assert clemens and twain
    assert {q["group"] for q in clemens}.isdisjoint(q["group"] for q in twain)
    for question in named:
        given = {e["value"] for e in question["evidence"]}
        assert not {"Samuel Clemens", "Mark Twain"} <= given | {question["answer"], *question["accepted"]}


@pytest.mark.parametrize("pair", [["Armen Sarkissian", "Armen Sarksyan"], ["Füzuli", "Fuzuli"]])
def test_close_spellings_are_aliases(pair):
    assert sorted(map(sorted, spelling_aliases(pair))) == [sorted(pair)]


def test_bug_close_spellings_of_a_bare_surname_are_aliases():
    """The docstring's own example: "Sarkissian"/"Sarksyan" without the first name."""
    assert spelling_aliases(["Sarkissian", "Sarksyan"]) == [["Sarkissian", "Sarksyan"]]


@pytest.mark.parametrize("pair", [["Azerbaijan", "Azerbaijani"], ["Armenia", "Armenian"],
                                  ["Sarkissian", "Petrossian"], ["Andrew Johnson", "Andrew Jackson"]])
def test_different_names_are_not_spelling_aliases(pair):
    assert spelling_aliases(pair) == []


@pytest.mark.parametrize("pair", [["Austria", "Australia"], ["Charles Darwin", "Charles Dawkins"]])
def test_bug_different_names_that_look_alike_are_not_spelling_aliases(pair):
    """Two countries, two people with one first name: a shared stretch of letters is not one name."""
    assert spelling_aliases(pair) == []


def test_close_spellings_across_sources_are_asked_together(tmp_path):
    deck = build(tmp_path, {
        "decree": "President Armen Sarkissian signed the decree in the capital on 2 May 2021.\n",
        "gazette": "The decree was signed in the capital by President Armen Sarksyan on 2 May 2021.\n",
    })
    named = asked_with(deck, "Armen Sarkissian") + asked_with(deck, "Armen Sarksyan")
    assert named
    for question in named:
        assert values(question["evidence"]) == {("decree", "Armen Sarkissian"), ("gazette", "Armen Sarksyan")}


def test_a_country_and_its_adjective_are_not_aliased_in_a_deck(tmp_path):
    deck = build(tmp_path, {
        "history": "Azerbaijan declared independence on 30 August 1991 in Baku.\n\n"
                   "Azerbaijani troops paraded through Baku on 10 December 2020.\n",
    })
    for names in deck["aliases"]:
        assert not {"Azerbaijan", "Azerbaijani"} <= set(names)


# --- who makes a claim ----------------------------------------------------------

def test_bug_the_doer_of_an_action_is_not_a_claimant(tmp_path):
    """"Marie Curie published 32 papers" is the biography's statement, not Curie's claim."""
    deck = build(tmp_path, {"biography": "Marie Curie was a physicist and chemist.\n\n"
                                         "Marie Curie published 32 papers on radioactivity between 1898 and 1911.\n"})
    [papers] = asked_with(deck, "32")
    assert papers["evidence"][0]["claimant"] is None


# --- a malformed alias file -------------------------------------------------------

@pytest.mark.parametrize("content", ['[[alias]\nnames = ["Bombay", "Mumbai"]\n',
                                     '[[alias]]\nnames = ["Bombay", "Mumbai"\n',
                                     '[[alias]]\nnames = "Bombay"\n',
                                     '[[alias]]\nnames = ["Bombay"]\n'])
def test_a_malformed_alias_file_is_an_error_naming_the_file(tmp_path, content):
    folder = make_folder(tmp_path, PORT_CALL, aliases_toml=content)
    with pytest.raises(QuizgenError) as raised:
        load_alias_file(folder)
    assert raised.value.file == str(folder / "aliases.toml")
    assert "aliases.toml" in str(raised.value)
    assert "\n" not in str(raised.value)
    with pytest.raises(QuizgenError, match=r"aliases.toml"):
        build_deck(folder, folder / "deck.json")
    assert not (folder / "deck.json").exists()
    assert not (folder / "facts.jsonl").exists()


def test_an_acronym_in_the_deck_is_one_name_with_its_words_written_out():
    pairs = acronym_aliases(["EU", "NATO", "UN"], ["Malta joined the European Union in 2004.",
                                                   "It is not a member of the North Atlantic Treaty Organization."])
    assert ["European Union", "EU"] in pairs and ["North Atlantic Treaty Organization", "NATO"] in pairs
    assert not [pair for pair in pairs if "UN" in pair]  # no "U... N..." phrase in the text


def test_a_surname_the_sources_use_alone_is_accepted_for_the_full_name(tmp_path):
    deck = build(tmp_path, {"annals": (
        "The city was rebuilt by the emperor Septimius Severus in 196 after a siege of three years.\n\n"
        "Severus gave the city a new theatre and baths in 203.\n")})
    [question] = asked_with(deck, "Septimius Severus")
    assert "Severus" in question["accepted"]
    assert used_alone("Severus", "Severus gave the city baths.")
    assert not used_alone("Severus", "The emperor Septimius Severus gave the city baths.")
    assert not used_alone("Severus", "Severus Snape taught there.")


def test_two_spellings_one_source_uses_side_by_side_are_two_names():
    used_in = {"Luanda": {"wikipedia"}, "Lunda": {"wikipedia"}, "Loanda": {"britannica"}}
    pairs = [sorted(p) for p in spelling_aliases(["Luanda", "Lunda", "Loanda"], used_in)]
    assert ["Loanda", "Luanda"] in pairs
    assert not [p for p in pairs if "Lunda" in p]


def test_a_regnal_numeral_or_a_possessive_is_no_surname(tmp_path):
    deck = build(tmp_path, {"rome": (
        "The old basilica was demolished by Pope Paul III in 1534 to make room for a chapel.\n\n"
        "The new chapel was consecrated by Paul III in 1540 before the cardinals.\n")})
    for question in deck["questions"]:
        assert "III" not in question["accepted"]
    assert surname_like("Aliyev") and not surname_like("III") and not surname_like("Seko's")


def test_years_before_1500_told_with_two_words_for_one_act_are_a_dispute(tmp_path):
    deck = build(tmp_path, {
        "old-encyclopedia": ("ANGOLA, a Portuguese colony.\n\n"
                             "The river Congo was discovered by Diogo Cam or Cao in 1482.\n"),
        "web-article": ("Angola is a country in Africa.\n\n"
                        "The Portuguese explorer Diogo Cão reached the river Congo in 1484.\n")})
    [question] = asked_with(deck, "1484")
    assert question["normalized"] == "1484"
    assert {d["value"] for d in question["disputed_by"]} == {"1482"}


def test_a_hedged_year_of_an_ancient_act_disputes_another_sources_year(tmp_path):
    deck = build(tmp_path, {
        "old-encyclopedia": ("BRITAIN under the Romans.\n\n"
                             "In 122 the emperor Hadrian came himself to Britain and brought the Sixth Legion.\n"),
        "web-article": ("Roman Britain was a province.\n\n"
                        "When Hadrian reached Britannia on his tour around 120, he ordered a wall.\n")})
    [question] = [q for q in asked_with(deck, "120") if q["format"] in ("cloze", "multiple_choice")]
    assert question["kind"] == "date"
    assert {d["value"] for d in question["disputed_by"]} == {"122"}


def test_a_date_whose_best_sentence_cannot_stand_alone_is_asked_from_another_sources_sentence(tmp_path):
    deck = build(tmp_path, {
        "a-encyclopedia": ("ANCYRA, a town of Asia Minor.\n\n"
                           "At that time, in 25 BC, Augustus made Ancyra the capital of the new province of "
                           "Galatia.\n"),
        "b-article": ("Ankara is the capital of Turkey.\n\n"
                      "In 25 BC, Emperor Augustus made Ancyra the capital of the Roman province of Galatia.\n")})
    asked = [q for q in asked_with(deck, "25 BC") if q["format"] != "attribution"]
    assert asked and all("Augustus" in q["prompt"] for q in asked)
    assert {e["source"] for q in asked for e in q["evidence"]} == {"a-encyclopedia", "b-article"}


def test_a_field_line_and_a_sentence_sharing_only_a_common_unit_are_not_a_dispute(tmp_path):
    deck = build(tmp_path, {
        "factbook": ("Economy\n\nTaxes and other revenues:\n17.8% (2016 est.)\n\n"
                     "Unemployment rate:\n5.2% (2013 est.)\n\nPublic debt:\n73.7% of GDP (2016 est.)\n"),
        "article": ("Ghana is a country in West Africa.\n\n"
                    "The overall tax burden was 12.1% of Ghana's total domestic income in 2013.\n\n"
                    "Tourism contributed 4.9% of GDP in 2009, attracting around 500,000 visitors.\n")})
    assert not [q for q in deck["questions"] if q["disputed_by"]]


def test_two_sources_melting_points_dispute_but_a_melting_and_a_boiling_point_do_not(tmp_path):
    deck = build(tmp_path, {
        "old-encyclopedia": ("CAFFEINE, a substance found in tea.\n\n"
                             "Caffeine crystallizes in long silky needles. It becomes anhydrous at 100°C. and melts "
                             "at 234° to 235°C.\n\nThe anhydrous powder solidifies at -21° C. under pressure.\n"),
        "web-article": ("Caffeine is a stimulant.\n\n"
                        "Pure anhydrous caffeine is a bitter, white powder with a melting point of 235–238\u00a0°C.\n\n"
                        "The pure anhydrous powder boils at 236\u00a0°C under low pressure.\n")})
    found = {frozenset({e["value"], d["value"]}) for q in deck["questions"]
             for e in q["evidence"][:1] for d in q["disputed_by"]}
    assert found == {frozenset({"234° to 235°C", "235–238\u00a0°C"})}

    from quizgen.extract import extract_text
    from quizgen.similarity import values_compatible

    def temperature(sentence: str):
        [claim] = [c for c in extract_text(sentence) if c.kind == "figure"]
        return claim

    melts = temperature("Caffeine melts at 234° to 235°C.")
    assert values_compatible(melts, temperature("Caffeine has a melting point of 235–238 °C."))
    assert not values_compatible(melts, temperature("Caffeine boils at 236 °C under low pressure."))
    assert not values_compatible(temperature("Bromine solidifies at -21° C."), temperature("The salt melts at 21° C."))


def test_the_parts_of_two_mixtures_are_not_rival_shares(tmp_path):
    deck = build(tmp_path, {
        "modern": "Bronze is an alloy of copper.\n\nTypically modern bronze is 88% copper and 12% tin.\n",
        "coinage": "Bronze is an alloy of copper.\n\nThe coinage bronze is 95% copper, 4% tin and 1% zinc.\n"})
    assert not [q for q in deck["questions"] if q["disputed_by"]]


# --- a text that repeats itself -------------------------------------------------

REPEATED = ("The Sarven Waters Treaty was signed in Geneva on 12 March 1921 by Bertrand Olsen. "
            "More than 5,000 soldiers were killed at Karst in 1919. The siege of Lorn lasted 44 days.\n\n")


def test_identical_paragraphs_give_one_question_group_per_sentence(tmp_path):
    deck = build(tmp_path, {"copies": REPEATED * 40})
    questions = deck["questions"]
    assert questions
    assert len({q["siblings"] for q in questions}) <= 3  # one group per distinct sentence
    asked = [(q["format"], q["answer"]) for q in questions]
    assert len(asked) == len(set(asked))  # no fact asked twice in one format
    for answer in ("12 March 1921", "1919", "More than 5,000", "44 days"):
        [question] = [q for q in questions if q["answer"] == answer]
        assert len({e["start"] for e in question["evidence"]}) == 40  # each copy is evidence of one question


def test_grouping_compares_each_claim_with_each_distinct_quantity_not_with_every_claim(tmp_path, monkeypatch):
    import quizgen.claims as claims_module

    folder = make_folder(tmp_path, {"copies": REPEATED * 60})
    claims = [c for s in load_source_dir(folder) for c in extract_claims(s)]
    comparisons = 0
    compare = claims_module.scopes_differ

    def counting(a, b):
        nonlocal comparisons
        comparisons += 1
        return compare(a, b)

    monkeypatch.setattr(claims_module, "scopes_differ", counting)
    groups = group_claims(claims, Aliases())
    assert sum(len(g.claims) for g in groups) == len(claims) >= 60 * 2
    assert max(len(g.claims) for g in groups) >= 60  # the copies of one figure or date are one group
    # every claim against every earlier one of its group would be 60 * 59 / 2 per repeated value
    assert comparisons <= len(claims)

    def groups_of(copies: int) -> int:
        folder = make_folder(tmp_path / str(copies), {"copies": REPEATED * copies})
        return len(group_claims([c for s in load_source_dir(folder) for c in extract_claims(s)], Aliases()))

    # a figure no key groups ("44 days") is one group however often its sentence is repeated,
    # so likeness is judged between distinct sentences, not between every pair of copies
    assert groups_of(60) == groups_of(1) == len(groups)


def test_a_persons_name_has_no_initials_for_an_alias():
    texts = ["Bromine (symbol BR) was studied by Bakhuis Roozeboom in 1884.",
             "The European Union grew; so did the North Atlantic Treaty Organization."]
    pairs = acronym_aliases(["Bakhuis Roozeboom", "BR", "European Union", "EU"], texts,
                            people=["Bakhuis Roozeboom"])
    assert not [pair for pair in pairs if "BR" in pair]
    assert ["European Union", "EU"] in pairs


def test_a_noun_that_looks_like_a_verb_of_saying_makes_no_claimant_and_as_is_no_part_of_one():
    from quizgen.attribution import find_claimants

    noun = ("In America bricks were first made at New Haven about 1650, and the trade spread through the "
            "New England states; but for many years the home-made article was inferior to imports.")
    assert find_claimants(noun) == []
    assert [a.who for a in find_claimants("As Burke told Frances Crewe in 1790, he was no papist.")] == ["Burke"]
    assert [a.who for a in find_claimants("The Ministry of Defence states that 2,783 soldiers were killed.")] \
        == ["The Ministry of Defence"]
    assert find_claimants("Both acknowledged Hale's priority in 1900, when the papers came out.") == []


def test_two_capitals_in_a_text_are_no_initials_unless_the_deck_uses_them_as_a_name():
    texts = ["Caesar landed in 55 BC near Deal; the Barbarian Conspiracy of 367 shook the province.",
             "Roads ran to Bath, Cirencester and South Shields (see SS in the map key)."]
    pairs = acronym_aliases(["the Barbarian Conspiracy", "Bath, Cirencester", "South Shields", "Deal"], texts)
    assert pairs == []
    assert ["the United Nations", "UN"] in acronym_aliases(["the United Nations", "UN"], ["The UN met in 1946."])


def test_initials_spell_a_whole_name_not_part_of_a_longer_one():
    assert acronym_aliases(["EU"], ["Broers (2019). Edinburgh: Edinburgh University Press. p. 18."]) == []
    assert acronym_aliases(["EU"], ["Malta joined the European Union in 2004."]) == [["European Union", "EU"]]


def test_two_figures_each_source_gives_are_two_quantities_not_a_dispute(tmp_path):
    deck = build(tmp_path, {
        "old": ("The Roman year of Numa consisted of 355 days.\n\nThe lunar year of twelve months consists of "
                "354 days.\n\nThe solar year consists of 365 days and a fraction.\n"),
        "new": ("The Roman year of Numa had 355 days.\n\nA lunar year of twelve months has 354 days.\n\n"
                "A solar year has 365 days and a fraction.\n")})
    assert not [q for q in deck["questions"] if q["disputed_by"]]


FACT_SHEET = ("Geography\n\nArea\ntotal: 5,610 sq km\nland: 5,430 sq km\nwater: 180 sq km\n\n"
              "Land use\nagricultural land: 48.6% (2023 est.)\narable land: 22.2% (2023 est.)\n"
              "permanent crops: 19.3% (2023 est.)\npermanent pasture: 7.1% (2023 est.)\nforest: 34.4% (2023 est.)\n"
              + "note: the island's farms are small and mostly worked by hand; " * 16 + "\n"   # "other" sorts first
              + "other: 16.7% (2023 est.)\n\n"
              "Major watersheds\nIndian Ocean drainage: Sarn (9,990 sq km)\n")


def test_a_fact_sheets_land_area_disputes_an_articles_land_area_and_not_its_total(tmp_path):
    deck = build(tmp_path, {
        "article": ("Velmora is an island nation in the Sarn Sea. The nation has a total area of 5,610 km², "
                    "with 5,540 km² of land and 170 km² of water. Velmora is the largest landmass (9,700 km²) "
                    "of the Sarn ridge.\n\nStatistics\n\nLAND USE:\n_arable land:_ 13.96%\n_permanent crops:_ 15.24%\n"
                    "_other:_ 70.8% (2005)\n"),
        "fact-sheet": FACT_SHEET})
    disputed = {q["answer"]: {d["value"] for d in q.get("disputed_by") or []}
                for q in deck["questions"] if q["format"] != "attribution"}
    assert disputed.get("5,540") == {"5,430 sq km"}, disputed     # "sq km" measures what "km²" does
    assert disputed.get("170") == {"180 sq km"}, disputed
    assert not disputed.get("5,610") and not disputed.get("9,700 km²"), disputed   # agreed; a landmass, not the total


def test_of_two_equally_likely_rivals_the_one_whose_line_says_the_same_joins(tmp_path):
    folder = make_folder(tmp_path, {
        "article": "Statistics\n\nLAND USE:\n_arable land:_ 13.96%\n_permanent crops:_ 15.24%\n_other:_ 70.8%\n",
        "fact-sheet": FACT_SHEET})
    claims = [c for s in load_source_dir(folder) for c in extract_claims(s)]
    [arable] = [g for g in group_claims(claims, Aliases()) if "13.96%" in g.by_value()]
    assert set(arable.by_value()) == {"13.96%", "22.2%"}, arable.by_value()   # not "other: 16.7%"


def test_a_fact_sheets_labelled_line_disputes_only_a_figure_its_label_describes(tmp_path):
    folder = make_folder(tmp_path, {
        "article": ("Statistics\n\nLAND USE:\n_arable land:_ 16.0%\n_permanent crops:_ 0.8%\n_other:_ 83.2%\n\n"
                    "There are a few permanent settlements above 4,000 meters in the high valleys.\n\n"
                    "Tourism is an increasingly important industry, accounting for almost 12% of GDP.\n"),
        "fact-sheet": ("Land use\narable land: 12.6% (2023 est.)\npermanent crops: 1% (2023 est.)\n"
                       "forest: 43.5% (2023 est.)\nother: 27.7% (2023 est.)\n\n"
                       "Elevation\nmean elevation: 2,565 m\n\n"
                       "Taxes and other revenues\n15.6% (of GDP) (2022 est.)\n")})
    claims = [c for s in load_source_dir(folder) for c in extract_claims(s)]
    rivals = {c.value: {d.value for d in g.claims} for g in group_claims(claims, Aliases()) for c in g.claims}
    assert rivals["16.0%"] == {"16.0%", "12.6%"} and rivals["0.8%"] == {"0.8%", "1%"}, rivals
    assert rivals["83.2%"] == {"83.2%"} and rivals["4,000 meters"] == {"4,000 meters"}, rivals
    assert rivals["almost 12%"] == {"almost 12%"}, rivals   # a tourism share is no tax share


def test_an_attribution_card_quotes_what_the_figure_measures_and_offers_only_the_sources(tmp_path):
    deck = build(tmp_path, {
        "article": ("Land boundaries\ntotal: 2,926 km\n\n"
                    "According to the US Geological Survey, 6,000 glaciers cover the northern ranges.\n"),
        "fact-sheet": ("Land boundaries\ntotal: 3,159 km\n\n"
                       "According to the World Bank, 2,100 glaciers cover the northern ranges.\n")})
    [card] = [q for q in deck["questions"] if q["format"] == "attribution" and " km" in q["prompt"]]
    assert re.search(r"Land boundaries: total: (?:3,159|2,926) km", card["prompt"]), card["prompt"]
    # two sources' own figures: which of the two, not a body the texts quote elsewhere ("the World Bank")
    assert len(card["distractors"]) == 1, card["distractors"]
    sides = [card["answer"], *card["distractors"]]
    assert {"article", "fact-sheet"} == {re.sub(r".*\((.*)\)", r"\1", side) for side in sides}


def test_items_of_a_list_of_borders_dispute_only_their_namesakes(tmp_path):
    folder = make_folder(tmp_path, {
        "article": "Land boundaries\n\n_total:_ 3,920 km\n_border countries:_ Velmora 1,880 km, Sarnia 750 km, "
                   "Tessel 1,290 km, Oriel 419 km, Dunmark 105 km\n",
        "fact-sheet": "Land boundaries\ntotal: 4,655 km\nborder countries: Velmora 2,531 km; Sarnia 753 km; "
                      "Tessel 1,371 km; Oriel 439 km; Dunmark 108 km\n"})
    claims = [c for s in load_source_dir(folder) for c in extract_claims(s)]
    names = {c.value: item_name(c) for c in claims if c.kind == "figure"}
    assert names.get("2,531 km") == "velmora" and names.get("753 km") == "sarnia", names
    groups = group_claims(claims, Aliases())
    for group in groups:   # never Tessel's 1,290 km against Velmora's 2,531 km
        assert len({item_name(c) for c in group.claims} - {None}) <= 1, group.by_value()
    # each neighbour's two lengths are one quantity, though the line lists five: a dispute
    values = [{c.value for c in g.claims} for g in groups]
    assert {"750 km", "753 km"} in values and {"1,290 km", "1,371 km"} in values, values


def test_another_form_of_a_rivers_name_the_text_gives_in_brackets_is_accepted(tmp_path):
    deck = build(tmp_path / "river", {"geography": (
        "The Vessa (Wessa) River rises in the hills of Carrow and flows into the Tarn Sea.\n\n"
        "Most of the prairie of Carrow lies in the basin of the Vessa River in the west, where rain falls "
        "in 1,200 millimetres a year.\n")})
    asked = [q for q in deck["questions"] if q["answer"].endswith("Vessa River")]
    assert asked, [q["answer"] for q in deck["questions"]]
    assert all(check_answer("Wessa", q).correct for q in asked)
    deck = build(tmp_path / "republic", {"geography": (
        "Osric Hale was the first president of Tarn, also known as the Tarn Republic, from 1991 to 1997.\n\n"
        "In 1994 the army of the Tarn Republic took the town of Lyle after a siege of four months.\n")})
    forms = [form for q in deck["questions"] if q["answer"] == "the Tarn Republic" for form in q["accepted"]]
    assert "Tarn" in forms and "Tarn Republic Republic" not in forms, forms   # the kind is not written twice


def test_an_attribution_card_is_made_only_where_it_can_say_what_the_value_is(tmp_path):
    """A claim too long to quote and no toll to ask: "The sources disagree about this (father
    moved)" does not say whose father, so no who-gives card; the value's own cards show the
    disagreement."""
    tail = (", leaving behind the small farm by the river where the family had kept sheep and bees for "
            "three generations, and taking the younger children with him in a hired cart")
    moved = "Ansel's father moved to the city of Orlen in"
    deck = build(tmp_path, {
        "memoir": f"Ansel Varro grew up in Tellby.\n\n{moved} 1837{tail}.\n",
        "register": f"Ansel Varro grew up in Tellby.\n\n{moved} 1839{tail}.\n"})
    dated = [q for q in deck["questions"] if q["answer"] in ("1837", "1839")]
    assert dated and all(q["disputed_by"] for q in dated), [q["answer"] for q in deck["questions"]]
    assert not [q for q in deck["questions"] if q["format"] == "attribution"]


SIEGE = {
    "chronicle": ("The war of the two duchies lasted four years.\n\n"
                  "The duke lost his first battle at Orsk.\n\n"
                  "Early on the morning of June 3, 1612, the battle began.\n"),
    "history": ("The duke had won at Orsk in the spring, and the war dragged on.\n\n"
                "After failed talks for a truce, the two armies faced off, ready for battle, "
                "near Varnholm on Sunday, 8 June 1612.\n"),
}


def test_the_only_days_two_sources_date_near_each_other_are_a_dispute(tmp_path):
    deck = build(tmp_path, SIEGE)
    [first] = asked_with(deck, "June 3, 1612")
    assert values(first["disputed_by"]) == {("history", "8 June 1612")}


def test_a_day_with_another_of_its_sources_days_beside_it_is_not_its_rivals_sole_neighbour(tmp_path):
    later = "\nThe truce talks had failed at Orsk on 5 June 1612.\n"
    deck = build(tmp_path, {**SIEGE, "history": SIEGE["history"] + later})
    assert not [q for q in deck["questions"] if q["disputed_by"]]


def test_a_fact_sheets_label_before_a_name_meets_a_list_items_label(tmp_path):
    deck = build(tmp_path, {
        "factsheet": "Elevation:\nhighest point: Mount Orvel 1,204 m\nlowest point: Lake Sarn 12 m\n",
        "article": ("Orvelia is an island in the northern sea.\n\nExtreme points\n\n"
                    "-   highest point: Mount Orvel 1,210 m\n-   lowest point: sea level 0 m\n"),
    })
    [question] = asked_with(deck, "1,204")
    assert values(question["disputed_by"]) == {("article", "1,210")}


def test_a_force_of_some_thousands_counts_soldiers(tmp_path):
    deck = build(tmp_path, {
        "chronicle": "Near the river the invaders were met by the duke's force of about forty thousand, well armed.\n",
        "history": "The duke's army at the river numbered about 30,000 soldiers.\n",
    })
    [question] = asked_with(deck, "about forty thousand")
    assert values(question["disputed_by"]) == {("history", "about 30,000")}


def test_a_mean_on_a_fact_sheet_is_no_rival_of_one_places_measure(tmp_path):
    deck = build(tmp_path, {
        "factsheet": "Elevation:\nmean elevation: 430 m\nhighest point: Mount Orvel 1,204 m\n",
        "article": ("Orvelia is an island in the northern sea.\n\n"
                    "Most of the Sarn plain lies at a low elevation, below 1,700 feet (560 m).\n"),
    })
    assert not [q for q in deck["questions"] if q["disputed_by"]]


def test_a_king_and_his_bare_given_name_are_one_name_unless_the_deck_names_others_so():
    assert spelling_aliases(["King Harald", "Harald", "Orsk"]) == [["Harald", "King Harald"]]
    # "Philip" may be the king's son where the deck also names Philip of Valois
    assert spelling_aliases(["King Philip", "Philip", "Philip of Valois"]) == []


def test_a_bare_given_name_is_no_numbered_ruler_where_others_bear_it_too(tmp_path):
    deck = build(tmp_path, {"war": (
        "Philip VI of France died in 1350.\n\n"
        "Philip of Burgundy, the king's grandson, was born in 1342.\n\n"
        "After the battle of Tarn in 1356 the king and his son Philip were taken to London.\n")})
    [question] = [q for q in asked_with(deck, "Philip") if "son" in q["prompt"]]
    assert not {"Philip VI", "Philip VI of France"} & set(question["accepted"])
    assert not check_answer("Philip VI", question).correct


def test_a_given_name_the_source_later_uses_alone_accepts_the_one_full_name_it_stands_for(tmp_path):
    deck = build(tmp_path, {"chronicle": (
        "Pierre de Varenne, a monk of Orsk, wrote a chronicle of the war in 1360.\n\n"
        "Pierre writes that the nobles of Orsk robbed the peasants after the battle of Tarn in 1356.\n")})
    [question] = [q for q in asked_with(deck, "Pierre") if q["prompt"].startswith("_____ writes")]
    assert check_answer("Pierre de Varenne", question).correct


def test_a_blank_before_the_rest_of_a_name_is_not_asked(tmp_path):
    deck = build(tmp_path, {"physics": (
        "In 1887 Karl Orsk published his results in the journal Annalen der Physik, after two years of work.\n")})
    assert not [q for q in deck["questions"] if "_____ der Physik" in q["prompt"]]


def test_a_source_giving_both_values_elsewhere_speaks_of_two_quantities(tmp_path):
    deck = build(tmp_path, {
        "scales": "On the Orvel scale, the freezing and melting points of wax are 100 degrees apart.\n\n"
                  "This puts the freezing and melting points of wax 180 degrees apart.\n",
        "maker": "On this scale the freezing and melting points of wax are about 180 degrees apart.\n",
    })
    [question] = asked_with(deck, "100 degrees")
    assert not question["disputed_by"]


NO_RIVALS = {
    # two things measured by one verb
    "mercury and water": {
        "scale": "Brandt soon after observed that brine boils at about 212 degrees using this scale.\n",
        "life": "Brandt came up with the idea that oil boils around 300 degrees on this temperature scale.\n"},
    # an increment is no army's size
    "an extra number of men": {
        "chronicle": "The duke brought a second army of forty thousand men over the river.\n",
        "history": "If the duke's army had an extra 10,000 mounted men, the river crossing would have failed.\n"},
    # sentences sharing no word but the unit's, in a deck with many counts of men, as a war's is
    "armies sharing only 'men'": {
        "chronicle": "In the spring thirty thousand men gathered.\n",
        "history": "About 5,000 men rode in the vanguard, says the monk.\n",
        "garrisons": "".join(f"In {year} the castle of {place} held {men} soldiers.\n\n" for year, place, men in (
            (1340, "Tarn", 700), (1344, "Sarn", 1300), (1348, "Orvel", 90), (1352, "Brask", 2400))),
        "annals": "".join(f"The {word} of the duke was told in many songs.\n\n" for word in (
            "wedding", "crowning", "burial", "hunt", "feast", "pilgrimage", "illness", "exile"))},
    # a share of agricultural land is no share of the people in farming
    "land and people": {
        "factsheet": "Land use:\nagricultural land: 32% (2023 est.)\nforest: 41% (2023 est.)\n",
        "article": "Orvelia is a country in the northern sea.\n\n"
                   "Over 40 percent of Orvelians work in the agricultural sector, which suffers from drought.\n"},
}


@pytest.mark.parametrize("case", sorted(NO_RIVALS))
def test_figures_of_two_different_things_are_no_rivals(tmp_path, case):
    deck = build(tmp_path, NO_RIVALS[case])
    assert not [q for q in deck["questions"] if q["disputed_by"]]


def test_a_parts_figure_bracketed_after_a_total_is_no_rival_of_a_clause_not_naming_the_part():
    article = extract_text("Saint Orla and the Keys is an island state in the Sarn Sea. Its total land area is "
                           "612\u00a0km² of which 540.5\u00a0km² is the main island of Saint Orla.", "article")
    sheet = extract_text("Area\ntotal : 611 sq km (Saint Orla 538 sq km)\nland: 611 sq km\n", "fact-sheet")
    figure = {c.value: c for c in article + sheet if c.kind == "figure"}
    assert items_differ(figure["538"], figure["612"])          # the main island's area is not the state's
    assert not items_differ(figure["538"], figure["540.5"])    # the article's figure for the island may be
    assert not items_differ(figure["611 sq km"], figure["612"])


@pytest.mark.parametrize(("written", "unit"), [("612\u00a0km²", "km²"), ("611 sq km", "km²"), ("40 km", "km")])
def test_a_square_unit_is_read_whichever_way_it_is_written(written, unit):
    [claim] = [c for c in extract_text(f"The island of Orla covers {written} of the Sarn Sea.") if c.kind == "figure"]
    assert unit_of(claim) == unit
