"""`quizgen check`: the fixture deck passes; each way of breaking the deck contract fails, naming where."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.check import check_deck
from quizgen.cli import main
from quizgen.deck import make_evidence, sha256_bytes

MINI_DIR = Path(__file__).parent / "fixtures" / "mini"
SAMPLE_DECK = Path(__file__).parent.parent / "decks" / "karabakh-2020" / "deck.json"
# Positions of the fixture's questions, so a failure names the question we broke.
LANDING, SAMPLES, SPLASHDOWN, FIRST_STEP, ATTRIBUTION = range(5)


def run_check(deck: Path, *options: str):
    return CliRunner().invoke(main, ["check", str(deck), *options])


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    shutil.copytree(MINI_DIR, tmp_path / "mini")
    return tmp_path / "mini" / "deck.json"


@pytest.fixture
def variant(mini_copy) -> Callable[[Callable[[dict], None]], Path]:
    """Apply a change to the copied fixture deck and return its path."""
    def apply(change: Callable[[dict], None]) -> Path:
        deck = json.loads(mini_copy.read_text("utf-8"))
        change(deck)
        mini_copy.write_text(json.dumps(deck, ensure_ascii=False, indent=2), "utf-8")
        return mini_copy
    return apply


def assert_fails_at(result, field: str, question_id: str | None, *words: str) -> None:
    assert result.exit_code == 1, result.output
    where = f"[{field} {question_id}]" if question_id else f"[{field}]"
    lines = [line for line in result.output.splitlines() if line.startswith("error: ") and where in line]
    assert lines, f"no error at {where} in:\n{result.output}"
    assert any(all(word in line for word in words) for line in lines), lines


def one_question_deck(tmp_path: Path, text: str, quote: str, value: str, **question) -> Path:
    """A deck with one source holding ``text`` and one question quoting ``quote``."""
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "doc.txt").write_text(text, "utf-8")
    start = text.index(quote)
    claimant = question.get("claimant")
    fields = {"id": "q-one", "kind": "figure", "format": "type_in", "prompt": "?", "answer": value,
              "accepted": [], "distractors": [], "disputed_by": [], "claimant": claimant,
              "evidence": [make_evidence("doc", text, start, start + len(quote), start + max(0, quote.find(value)),
                                         value, claimant)]}
    deck = {"format": "quizgen-deck/1", "id": "one", "title": "One question",
            "sources": [{"id": "doc", "title": "Doc", "kind": "article", "path": "sources/doc.txt",
                         "sha256": sha256_bytes(text.encode("utf-8"))}],
            "questions": [fields | question]}
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(deck), "utf-8")
    return path


CASUALTY_TEXT = "The defence ministry said 2,906 servicemen were killed in the war."


def casualty_deck(tmp_path: Path, prompt: str, claimant: str | None = "The defence ministry") -> Path:
    return one_question_deck(tmp_path, CASUALTY_TEXT, CASUALTY_TEXT, "2,906", prompt=prompt, claimant=claimant)


# --- the clean fixture -----------------------------------------------------------

def test_fixture_deck_passes_without_errors_or_warnings():
    report = check_deck(MINI_DIR / "deck.json")
    assert (report.question_count, report.errors, report.warnings) == (5, [], [])
    result = run_check(MINI_DIR / "deck.json")
    assert result.exit_code == 0, result.output
    assert "5 questions, 0 errors, 0 warnings" in result.output


def test_json_report_lists_problems_with_question_and_field(variant):
    deck = variant(lambda d: d["questions"][FIRST_STEP].update(
        distractors=["Armstrong", "Buzz Aldrin", "Pete Conrad"]))
    result = run_check(deck, "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and report["questions"] == 5
    expected = {"question_id": "q-first-step", "field": "questions[3].distractors[0]"}
    assert expected.items() <= report["errors"][0].items()


# --- hard errors in the fixture ------------------------------------------------------

def test_offsets_shifted_by_one_character(variant):
    def shift(deck):
        quote = deck["questions"][LANDING]["evidence"][0]
        quote["start"] += 1
        quote["end"] += 1
    assert_fails_at(run_check(variant(shift)), "questions[0].evidence[0].exact", "q-landing-date", "29..95")


def test_prefix_and_suffix_must_surround_the_quote(variant):
    def change(deck):
        deck["questions"][SPLASHDOWN]["evidence"][0]["prefix"] = "not what precedes"
        deck["questions"][FIRST_STEP]["evidence"][0]["suffix"] = "not what follows"
    result = run_check(variant(change))
    assert_fails_at(result, "questions[2].evidence[0].prefix", "q-splashdown-place")
    assert_fails_at(result, "questions[3].evidence[0].suffix", "q-first-step")


def test_value_offsets_must_point_at_the_value(variant):
    def shift(deck):
        quote = deck["questions"][LANDING]["evidence"][0]
        quote.update(value_start=quote["start"], value_end=quote["start"] + len(quote["value"]))
    assert_fails_at(run_check(variant(shift)), "questions[0].evidence[0].value_start", "q-landing-date")


def test_offsets_past_the_end_of_the_source(variant):
    def change(deck):
        deck["questions"][FIRST_STEP]["evidence"][0].update(start=5000, end=5054)
    assert_fails_at(run_check(variant(change)), "questions[3].evidence[0].end", "q-first-step", "outside")


def test_changed_source_file_names_the_source_and_the_questions_quoting_it(mini_copy):
    press = mini_copy.parent / "sources" / "press-summary.txt"
    press.write_text(press.read_text("utf-8").replace("22 kg", "23 kg"), "utf-8")
    result = run_check(mini_copy)
    assert_fails_at(result, "sources[1].sha256", None, "press-summary", "q-samples-mission", "q-samples-attribution")


def test_missing_source_file(mini_copy):
    (mini_copy.parent / "sources" / "mission-report.txt").unlink()
    assert_fails_at(run_check(mini_copy), "sources[0].path", None, "mission-report", "missing")


def test_value_not_inside_exact(variant):
    deck = variant(lambda d: d["questions"][LANDING]["evidence"][1].update(value="21 July 1969"))
    assert_fails_at(run_check(deck), "questions[0].evidence[1].value", "q-landing-date", "21 July 1969")


def test_unknown_source_id(variant):
    deck = variant(lambda d: d["questions"][SAMPLES]["disputed_by"][0].update(source="radio-log"))
    assert_fails_at(run_check(deck), "questions[1].disputed_by[0].source", "q-samples-mission", "radio-log")


@pytest.mark.parametrize(("index", "prompt"), [
    (FIRST_STEP, "Was Neil Armstrong the first to step onto the lunar surface?"),
    (FIRST_STEP, "Who was the first to step onto the surface (NEIL ARMSTRONG or Buzz Aldrin)?"),
    (SPLASHDOWN, "The command module splashed down in the _____ (the Pacific) on 24 July 1969."),
    (LANDING, "What happened on 1969-07-20 in the Sea of Tranquility?"),
    (LANDING, "On what date in July 1969 did the lander touch down on 20 July?"),
    (SAMPLES, "According to the mission office, did the crew collect 21.5 kilograms of rock?"),
])
def test_prompt_that_gives_the_answer_away(variant, index, prompt):
    deck = variant(lambda d: d["questions"][index].update(prompt=prompt))
    question_id = json.loads(deck.read_text())["questions"][index]["id"]
    assert_fails_at(run_check(deck), f"questions[{index}].prompt", question_id, "gives the")


@pytest.mark.parametrize("written", ["2906", "2,906", "2 906", "2906.0"])
def test_figure_in_the_prompt_written_another_way_gives_it_away(tmp_path, written):
    clean = casualty_deck(tmp_path, "According to the defence ministry, how many servicemen were killed?")
    assert check_deck(clean).errors == []
    deck = casualty_deck(tmp_path, f"According to the defence ministry, were {written} servicemen killed?")
    assert_fails_at(run_check(deck), "questions[0].prompt", "q-one", "gives the answer away", written)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1000, max_value=999_999))
def test_any_digit_grouping_of_the_answer_gives_it_away(tmp_path_factory, number):
    folder = tmp_path_factory.mktemp("grouping")
    answer, plain = f"{number:,}", str(number)
    deck = one_question_deck(folder, f"Officials counted {answer} votes.", f"Officials counted {answer} votes.",
                             answer, prompt=f"Did officials count {plain} votes?")
    assert [p.field for p in check_deck(deck).errors] == ["questions[0].prompt"]


@pytest.mark.parametrize("prompt", [
    "According to the defence ministry, how many servicemen were killed by 9 November 2020?",
    "According to the defence ministry, how many of the 29,060 servicemen were killed?",
])
def test_other_numbers_and_dates_in_the_prompt_are_not_the_answer(tmp_path, prompt):
    assert check_deck(casualty_deck(tmp_path, prompt)).errors == []


def test_numbers_inside_model_names_are_not_the_answer(tmp_path):
    text = "The army destroyed one BMP-2 vehicle and two D-30 howitzers."
    deck = one_question_deck(tmp_path, text, text, "two", accepted=["2"],
                             prompt="The army destroyed one BMP-2 vehicle and _____ D-30 howitzers.")
    assert check_deck(deck).errors == []


def test_attribution_prompt_may_show_the_value_but_not_the_claimant(variant):
    assert check_deck(MINI_DIR / "deck.json").errors == []  # its prompt holds "22 kg"
    deck = variant(lambda d: d["questions"][ATTRIBUTION].update(
        prompt="Did the press office report that the crew brought back 22 kg of samples?"))
    assert_fails_at(run_check(deck), "questions[4].prompt", "q-samples-attribution", "press office")


@pytest.mark.parametrize("distractor", ["Armstrong", "armstrong", "ARMSTRONG"])
def test_distractor_equal_to_an_accepted_answer(variant, distractor):
    deck = variant(lambda d: d["questions"][FIRST_STEP].update(distractors=["Buzz Aldrin", distractor, "Pete Conrad"]))
    assert_fails_at(run_check(deck), "questions[3].distractors[1]", "q-first-step", "accepted answer")


def test_date_distractor_written_in_another_style_is_still_the_answer(variant):
    deck = variant(lambda d: d["questions"][LANDING].update(
        distractors=["21 July 1969", "July 20, 1969", "16 July 1969"]))
    assert_fails_at(run_check(deck), "questions[0].distractors[1]", "q-landing-date", "July 20, 1969")


@pytest.mark.parametrize("distractor", ["22 kg", "22"])
def test_distractor_equal_to_a_disputed_value(variant, distractor):
    deck = variant(lambda d: d["questions"][SAMPLES].update(distractors=["18 kg", distractor, "30 kg"]))
    assert_fails_at(run_check(deck), "questions[1].distractors[1]", "q-samples-mission", "disputed value",
                    "press-summary")


def test_attribution_distractor_equal_to_a_claimant_of_the_same_value(variant):
    deck = variant(lambda d: d["questions"][ATTRIBUTION].update(distractors=["The Press Office"]))
    assert_fails_at(run_check(deck), "questions[4].distractors[0]", "q-samples-attribution")


def test_duplicate_distractors_and_too_few_for_multiple_choice(variant):
    def change(deck):
        deck["questions"][LANDING]["distractors"] = ["21 July 1969", "21st July 1969"]
    result = run_check(variant(change))
    assert_fails_at(result, "questions[0].distractors[1]", "q-landing-date", "duplicates")
    assert_fails_at(result, "questions[0].distractors", "q-landing-date", "at least 3")


def test_disputed_question_whose_prompt_does_not_name_the_claimant(variant):
    deck = variant(lambda d: d["questions"][SAMPLES].update(
        prompt="How many kilograms of rock samples did the crew collect?"))
    assert_fails_at(run_check(deck), "questions[1].prompt", "q-samples-mission", "the mission office")


@pytest.mark.parametrize("prompt", [
    "How many kilograms of rock samples did the crew collect, per the Mission Office?",
    "How many kilograms of rock samples did the crew collect, in the mission office's count?",
])
def test_disputed_question_naming_its_claimant_in_any_case_or_possessive_passes(variant, prompt):
    deck = variant(lambda d: d["questions"][SAMPLES].update(prompt=prompt))
    assert check_deck(deck).errors == []


def test_disputed_question_without_any_claimant(variant):
    def change(deck):
        question = deck["questions"][SAMPLES]
        question["claimant"] = None
        question["evidence"][0]["claimant"] = None
    assert_fails_at(run_check(variant(change)), "questions[1].claimant", "q-samples-mission", "claimant is null")


def test_duplicate_question_id(variant):
    deck = variant(lambda d: d["questions"][FIRST_STEP].update(id="q-landing-date"))
    assert_fails_at(run_check(deck), "questions[3].id", "q-landing-date", "questions[0]")


# --- files that are not decks --------------------------------------------------------

def test_not_json_names_the_line(mini_copy):
    mini_copy.write_text('{\n  "format": "quizgen-deck/1",\n  "id": mini\n}\n', "utf-8")
    result = run_check(mini_copy)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: {mini_copy}:3: invalid JSON: Expecting value"]


def test_schema_violation_names_the_field(variant):
    result = run_check(variant(lambda d: d["questions"][SPLASHDOWN].update(kind="colour")))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "[$.questions[2].kind]" in lines[0] and lines[0].startswith("error: ")


def test_missing_deck_file(tmp_path):
    result = run_check(tmp_path / "absent.json")
    assert result.exit_code == 1 and "absent.json" in result.output and "not found" in result.output


# --- warnings ----------------------------------------------------------------------------

def warnings_at(deck: Path, field: str) -> list[str]:
    return [p.message for p in check_deck(deck).warnings if p.field == field]


@pytest.mark.parametrize(("prompt", "words"), [
    ("The command module splashed down in the _____ on _____.", "2 blanks"),
    ("Splashdown: the _____.", "too little context"),
    ("It splashed down in the _____ on 24 July 1969.", "reference"),
    ("The next day the command module splashed down in the _____.", "reference"),
    ("Two days later the command module splashed down in the _____.", "reference"),
    ("The command module splashed down in the Pacific on 24 July 1969.", "no blank"),
])
def test_ambiguous_blank_warnings(variant, prompt, words):
    deck = variant(lambda d: d["questions"][SPLASHDOWN].update(prompt=prompt, accepted=[]))
    messages = warnings_at(deck, "questions[2].prompt")
    assert any(words in message for message in messages), messages
    result = run_check(deck)
    assert result.exit_code == 0 and "warning: " in result.output
    assert "[questions[2].prompt q-splashdown-place]" in result.output
    assert run_check(deck, "--strict").exit_code == 1


def test_long_prompt_warning(variant):
    prompt = "Who was the first to step onto the lunar surface " + "after a long and careful descent " * 9 + "?"
    deck = variant(lambda d: d["questions"][FIRST_STEP].update(prompt=prompt))
    assert any("characters long" in m for m in warnings_at(deck, "questions[3].prompt"))
    assert "characters long" not in run_check(deck, "--quiet").output
    assert run_check(deck, "--quiet").exit_code == 0


def test_year_only_distractors_for_a_day_answer_are_weak(variant):
    deck = variant(lambda d: d["questions"][LANDING].update(distractors=["1968", "1970", "16 July 1969"]))
    messages = warnings_at(deck, "questions[0].distractors")
    assert sum("'1968'" in m or "'1970'" in m for m in messages) == 2, messages
    assert not any("16 July 1969" in m for m in messages)


def test_weak_distractors_are_found_without_the_distractors_module(variant, monkeypatch):
    monkeypatch.setitem(sys.modules, "quizgen.distractors", None)  # makes the import fail
    deck = variant(lambda d: d["questions"][LANDING].update(distractors=["1968", "1970", "16 July 1969"]))
    messages = warnings_at(deck, "questions[0].distractors")
    assert sum("'1968'" in m or "'1970'" in m for m in messages) == 2, messages


def test_figure_distractor_off_by_more_than_ten_times_is_weak(variant):
    deck = variant(lambda d: d["questions"][SAMPLES].update(distractors=["18 kg", "250 kg", "1.5 kg"]))
    messages = warnings_at(deck, "questions[1].distractors")
    assert [("250 kg" in m, "1.5 kg" in m) for m in messages if "times off" in m] == [(True, False), (False, True)]


def test_casualty_figure_without_claimant_is_unattributed(tmp_path):
    deck = casualty_deck(tmp_path, "How many servicemen were killed in the war?", claimant=None)
    assert any("'killed'" in m for m in warnings_at(deck, "questions[0].claimant"))
    attributed = casualty_deck(tmp_path, "According to the defence ministry, how many servicemen were killed?")
    assert warnings_at(attributed, "questions[0].claimant") == []


# --- the sample deck -----------------------------------------------------------------------

@pytest.mark.skipif(not SAMPLE_DECK.exists(), reason="the sample deck has not been built yet")
def test_sample_deck_has_no_errors():
    report = check_deck(SAMPLE_DECK)
    assert report.errors == [], "\n".join(f"{p.field} {p.question_id}: {p.message}" for p in report.errors[:20])


# --- warnings on what a teacher would fix -----------------------------------------------

@pytest.mark.parametrize(("prompt", "words"), [
    ("At the time it splashed down in the _____ on 24 July 1969.", "pronoun"),
    ("splashed down in the _____ on 24 July 1969.", "layout"),
    ("The command module (of Apollo 11 splashed down in the _____ on 24 July 1969.", "layout"),
])
def test_prompts_that_do_not_stand_alone_are_flagged(variant, prompt, words):
    deck = variant(lambda d: d["questions"][SPLASHDOWN].update(prompt=prompt, accepted=[]))
    messages = warnings_at(deck, "questions[2].prompt")
    assert any(words in message for message in messages), messages


def test_a_date_without_a_year_is_flagged(variant):
    def yearless(deck: dict) -> None:
        deck["questions"][LANDING].update(prompt="On what day did the lander touch down?", answer="20 July",
                                          accepted=[], distractors=["21 July", "19 July", "22 July"])
    messages = warnings_at(variant(yearless), "questions[0].answer")
    assert any("no year" in message for message in messages), messages


@pytest.mark.parametrize("claimant", ["the source", "‘the essay’", "the encyclopedia"])
def test_a_claimant_that_names_no_one_is_flagged(variant, claimant):
    deck = variant(lambda d: d["questions"][SAMPLES].update(claimant=claimant))
    assert warnings_at(deck, "questions[1].claimant"), claimant


def test_one_voice_disputing_itself_is_flagged_as_an_update(variant):
    def update(deck: dict) -> None:
        question = deck["questions"][SAMPLES]
        other = dict(question["evidence"][0], claimant="the mission office")
        question["evidence"][0]["claimant"] = "the mission office"
        question["disputed_by"] = [other]
    messages = warnings_at(variant(update), "questions[1].disputed_by[0]")
    assert any("update" in message for message in messages), messages


def test_siblings_next_to_each_other_are_flagged(variant):
    def adjacent(deck: dict) -> None:
        deck["questions"][LANDING]["siblings"] = "s-landing"
        deck["questions"][SAMPLES]["siblings"] = "s-landing"
    assert warnings_at(variant(adjacent), "questions[1].siblings")
    apart = variant(lambda d: d["questions"][SAMPLES].update(siblings="s-samples"))  # the same copy, mended
    assert not warnings_at(apart, "questions[1].siblings")


@pytest.mark.parametrize("number", [19833.0, 1e308, True])
@pytest.mark.parametrize("command", ["check", "export"])
def test_an_offset_that_is_not_an_int_is_one_line_naming_file_and_field(variant, tmp_path, number, command):
    def float_start(deck: dict) -> None:
        deck["questions"][0]["evidence"][0]["start"] = number
    path = variant(float_start)
    extra = ["--csv", str(tmp_path / "out.csv")] if command == "export" else []
    result = CliRunner().invoke(main, [command, str(path), *extra])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert f"{path} [$.questions[0].evidence[0].start]" in lines[0] and "is not of type 'integer'" in lines[0]
    assert not (tmp_path / "out.csv").exists()


def test_a_prompt_answer_or_option_longer_than_a_card_holds_is_an_error(variant):
    def lengthen(deck: dict) -> None:
        deck["questions"][LANDING]["prompt"] = "When " + "very " * 500 + "?"
        deck["questions"][FIRST_STEP]["distractors"][1] = "Buzz " * 120
    result = run_check(variant(lengthen))
    assert_fails_at(result, "questions[0].prompt", "q-landing-date", "characters long", "at most 2,000")
    assert_fails_at(result, "questions[3].distractors[1]", "q-first-step", "at most 500")


def test_the_generator_drops_a_candidate_longer_than_a_card_holds():
    from quizgen.check import question_problems
    from quizgen.deck import MAX_ANSWER

    deck = json.loads((MINI_DIR / "deck.json").read_text("utf-8"))
    question = deck["questions"][FIRST_STEP]
    assert question_problems(question) == []
    assert question_problems(question | {"answer": "Neil " * (MAX_ANSWER // 5 + 1)})
    assert question_problems(question | {"claimant": "The ministry " * 30})
