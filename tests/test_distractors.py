"""Distractors (quizgen.distractors): shaped like the answer, never a value a source gives, reproducible."""

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.answers import same_value
from quizgen.distractors import distractor_problems, make_distractors
from quizgen.normalize import date_style, parse_date, parse_quantity, written_precision

FIXTURE_DECK = Path(__file__).parent / "fixtures" / "mini" / "deck.json"

DATE_ANSWERS = ["10 November 2020", "November 10, 2020", "2020-11-10", "10 Nov 2020", "November 10th, 2020",
                "November 2020", "2020", "27 September – 10 November 2020", "1988–1994", "2020-11"]
FIGURE_ANSWERS = ["2,906", "2906", "2\u202f906", "72%", "72 percent", "21.5 kg", "1.5 million",
                  "approximately 2,000 Russian soldiers", "more than 100", "forty-four", "3", "0",
                  "300,000–500,000", "60+", "100%", "44 days"]


def distinct(values, kind, aliases=()):
    return all(not same_value(a, b, kind, aliases=aliases)
               for i, a in enumerate(values) for b in values[i + 1:])


@pytest.mark.parametrize("answer", DATE_ANSWERS)
def test_date_distractors_keep_precision_and_style(answer):
    expected = parse_date(answer)
    options = make_distractors(kind="date", answer=answer, forbidden=[], seed="q-date")
    assert len(options) == 3
    assert distinct([answer, *options], "date")
    for option in options:
        value = parse_date(option)
        assert value.precision == expected.precision
        assert (value.end is None) == (expected.end is None)
        assert date_style(option) == date_style(answer)


def test_day_distractors_stay_within_weeks():
    answer_day = date(2020, 11, 10)
    for seed in map(str, range(20)):
        for option in make_distractors(kind="date", answer="10 November 2020", forbidden=[], seed=seed):
            days_apart = abs((date.fromisoformat(parse_date(option).iso) - answer_day).days)
            assert 1 <= days_apart <= 7 * 7


@pytest.mark.parametrize("answer", FIGURE_ANSWERS)
def test_figure_distractors_keep_unit_magnitude_and_format(answer):
    expected = parse_quantity(answer)
    options = make_distractors(kind="figure", answer=answer, forbidden=[], seed="q-figure")
    assert len(options) == 3
    assert distinct([answer, *options], "figure")
    for option in options:
        quantity = parse_quantity(option)
        assert quantity.unit == expected.unit
        assert quantity.qualifier == expected.qualifier
        assert (quantity.high is None) == (expected.high is None)
        if expected.high is not None:   # a range: options clear of it, of its magnitude
            assert quantity.value > expected.high or quantity.high < expected.value
            assert expected.value / 2 <= quantity.value <= expected.high * 2
        elif expected.value >= 10:
            assert expected.value / 2 <= quantity.value <= expected.value * 2
        if expected.value > 0:
            assert quantity.value > 0
        if expected.unit == "%":
            assert 0 <= quantity.value <= 100
        if float(expected.value).is_integer() and written_precision(answer) >= 1:
            assert float(quantity.value).is_integer()


def test_figure_distractors_are_written_like_the_answer():
    assert all("," in o for o in make_distractors(kind="figure", answer="2,906", forbidden=[], seed="s"))
    assert all("," not in o for o in make_distractors(kind="figure", answer="2906", forbidden=[], seed="s"))
    assert all("\u202f" in o for o in make_distractors(kind="figure", answer="2\u202f906", forbidden=[], seed="s"))
    assert all(o.endswith(" kg") for o in make_distractors(kind="figure", answer="21.5 kg", forbidden=[], seed="s"))


@pytest.mark.parametrize(("answer", "step"), [("about 5,000", 1000), ("around 40,000", 10000), ("about 300", 100)])
def test_a_hedged_round_figure_gets_options_as_round(answer, step):
    options = make_distractors(kind="figure", answer=answer, forbidden=[], seed="round")
    assert len(options) == 3
    for option in options:
        value = parse_quantity(option)
        assert value is not None and value.value % step == 0, options   # not "about 7,800" beside "about 5,000"


@given(answer=st.sampled_from(FIGURE_ANSWERS + DATE_ANSWERS), seed=st.text(max_size=8))
@settings(max_examples=60, deadline=None)
def test_forbidden_values_never_appear(answer, seed):
    kind = "date" if parse_date(answer) else "figure"
    free = make_distractors(kind=kind, answer=answer, forbidden=[], seed=seed)
    # Forbid what the unconstrained run chose, written another way: all must be replaced.
    forbidden = [str(parse_date(o).label()) if kind == "date" else o.replace(",", "") for o in free]
    options = make_distractors(kind=kind, answer=answer, forbidden=forbidden, seed=seed)
    assert len(options) == 3
    for option in options:
        assert not any(same_value(option, f, kind) for f in [answer, *forbidden])


def test_same_inputs_same_output_and_seed_matters():
    runs = [make_distractors(kind="figure", answer="2,906", forbidden=["3,000"], seed="q-1") for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    others = {tuple(make_distractors(kind="figure", answer="2,906", forbidden=[], seed=str(s))) for s in range(10)}
    assert len(others) > 1


_SUBPROCESS_SCRIPT = """
import json
import re
from quizgen.distractors import make_distractors
print(json.dumps([
    make_distractors(kind="date", answer="10 November 2020", forbidden=["9 November 2020"], seed="q-date"),
    make_distractors(kind="figure", answer="2,906", forbidden=[], seed="q-fig"),
]))
"""


def test_same_output_across_processes_with_different_hash_seeds():
    outputs = []
    for hash_seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", _SUBPROCESS_SCRIPT], env=env, capture_output=True,
                              text=True, check=True, cwd=Path(__file__).parent.parent)
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    assert all(len(options) == 3 for options in outputs[0])


def test_a_name_or_place_gets_no_options():
    assert make_distractors(kind="place", answer="Shusha", forbidden=[], seed="q") == []
    assert make_distractors(kind="name", answer="Neil Armstrong", forbidden=[], seed="q") == []


def test_fixture_deck_distractors_have_no_problems():
    deck = json.loads(FIXTURE_DECK.read_text(encoding="utf-8"))
    for question in deck["questions"]:
        assert distractor_problems(question) == [], question["id"]


def test_problems_are_reported():
    question = {
        "kind": "date", "format": "multiple_choice", "answer": "10 November 2020", "accepted": ["2020-11-10"],
        "distractors": ["November 10, 2020", "9 November 2020", "9 Nov 2020", "November 2020", "11 Nov 2020", ""],
        "evidence": [], "disputed_by": [{"source": "press", "value": "11 November 2020"}],
    }
    problems = distractor_problems(question)
    assert any("'November 10, 2020'" in p and "the answer" in p for p in problems)
    assert any("'9 Nov 2020' duplicates" in p for p in problems)
    assert any("'November 2020'" in p and "month" in p for p in problems)
    assert any("'11 Nov 2020'" in p and "disputed" in p and "press" in p for p in problems)
    assert any("empty" in p for p in problems)
    assert len(problems) == 5


def test_too_few_and_wrong_kind_are_reported():
    question = {"kind": "figure", "format": "multiple_choice", "answer": "21.5 kg",
                "distractors": ["18 km", "a lot"]}
    problems = distractor_problems(question)
    assert any("at least 3" in p for p in problems)
    assert any("'18 km'" in p and "kg" in p for p in problems)
    assert any("'a lot' is not a figure" in p for p in problems)


def test_generated_distractors_pass_the_check():
    for answer in FIGURE_ANSWERS:
        question = {"kind": "figure", "format": "multiple_choice", "answer": answer,
                    "distractors": make_distractors(kind="figure", answer=answer, forbidden=[], seed=answer)}
        assert distractor_problems(question) == [], answer
    for answer in DATE_ANSWERS:
        question = {"kind": "date", "format": "multiple_choice", "answer": answer,
                    "distractors": make_distractors(kind="date", answer=answer, forbidden=[], seed=answer)}
        assert distractor_problems(question) == [], answer


@pytest.mark.parametrize("answer", ["12 December", "December 12", "27 September – 10 November"])
def test_year_less_answers_get_year_less_options(answer):
    forbidden = ["13 December", "2020-12-14"]
    options = make_distractors(kind="date", answer=answer, forbidden=forbidden, seed="q")
    assert len(options) == 3
    for option in options:
        assert date_style(option) == date_style(answer)
        assert parse_date(option) is None and parse_date(option, default_year=2020) is not None
        assert not any(same_value(option, value, "date") for value in [answer, *forbidden])


def test_a_distractor_the_answer_checker_would_accept_is_reported():
    question = {"kind": "name", "format": "multiple_choice", "answer": "Armen Sarkissian",
                "distractors": ["Armen Sarkisian", "Nikol Pashinyan", "Ilham Aliyev"]}
    assert distractor_problems(question) == ["distractor 'Armen Sarkisian' would be accepted as the answer"]


def test_year_less_distractors_are_recognised_as_dates():
    question = {"kind": "date", "format": "multiple_choice", "answer": "12 December",
                "distractors": ["2 December", "19 December", "December 2020"]}
    assert distractor_problems(question) == ["distractor 'December 2020' is a month, the answer is a day"]


def test_options_for_a_range_written_with_to_are_written_with_to():
    options = make_distractors(kind="date", answer="1408 to 1418", forbidden=[], seed="friary")
    assert len(options) == 3 and all(re.fullmatch(r"\d{4} to \d{4}", o) for o in options)


def test_options_for_a_range_written_with_a_hyphen_are_written_with_a_hyphen():
    options = make_distractors(kind="date", answer="1905-1906", forbidden=[], seed="gravity")
    assert len(options) == 3 and all(re.fullmatch(r"\d{4}-\d{4}", o) for o in options), options


def test_no_option_is_later_than_every_date_the_sources_give():
    for seed in ("a", "b", "c", "d"):
        options = make_distractors(kind="date", answer="1890", forbidden=[], seed=seed, window=(None, 1895))
        assert options and all(int(o) <= 1895 for o in options)


def test_a_date_in_a_life_gets_options_in_that_life_and_one_outside_is_not_held_to_it():
    after_the_life = []
    for seed in ("a", "b", "c", "d"):
        options = make_distractors(kind="date", answer="437", forbidden=[], seed=seed, window=(392, 440))
        assert len(options) == 3 and all(392 <= int(o) <= 440 for o in options), options
        options = make_distractors(kind="date", answer="1922", forbidden=[], seed=seed, window=(1842, 1919))
        assert len(options) == 3, options
        after_the_life += [o for o in options if int(o) > 1919]
    assert after_the_life   # a posthumous date's options are not pulled into the life


def test_a_biographys_dates_get_options_inside_the_life_its_lead_gives(tmp_path):
    from document_files import one_source_deck

    deck = one_source_deck(tmp_path, (
        "Osric Hale (1270 – 1304) was a king of Carrow who ruled from Lyle.\n\n"
        "Hale took the throne of Carrow in 1298 and held it until his death. He built the bridge at Lyle in 1302. "
        "He married Edith of Tarn in 1300. He fought the men of Tarn in 1301 and again in 1303.\n\n"
        "His son Edric ruled Carrow after him until 1330.\n"))
    dated = [q for q in deck["questions"] if q["kind"] == "date" and "born" not in q["prompt"]
             and "die" not in q["prompt"] and "Edric" not in q["prompt"] and q["distractors"]]
    assert dated, deck["questions"]
    for question in dated:
        assert all(1270 <= int(o) <= 1304 for o in question["distractors"]), question


@pytest.mark.parametrize(("kind", "answer", "given"), [("date", "3 May 1901", "9 May 1901"),
                                                       ("figure", "1,200", "1,900")])
def test_a_forbidden_value_given_many_times_is_checked_once(kind, answer, given, monkeypatch):
    """A text that repeats itself gives the same value over and over; checking each copy against
    every candidate made a long repetitive source build in quadratic time."""
    import quizgen.distractors as distractors

    calls = 0
    real = distractors.same_value

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(distractors, "same_value", counting)
    def options(forbidden: list[str]) -> tuple[list[str], int]:
        nonlocal calls
        calls = 0
        chosen = make_distractors(kind=kind, answer=answer, forbidden=forbidden, seed="s")
        return chosen, calls

    once, calls_once = options([given])
    many, calls_many = options([given] * 2_000)
    assert many == once and given not in many
    assert calls_many == calls_once


def test_the_values_near_a_claim_are_listed_once_each(tmp_path):
    from quizgen.claims import Aliases, group_claims
    from quizgen.extract import extract_claims
    from quizgen.questions import _nearby_values
    from quizgen.sources import load_source_dir

    folder = tmp_path / "deck"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "copies.txt").write_text(
        "The port strike began on 3 May 2019. About 1,200 dock workers joined the strike at the port.\n\n" * 30
        + "The port strike ended on 12 May 2019, when 1,500 dock workers joined the strike at the port.\n", "utf-8")
    claims = [c for s in load_source_dir(folder) for c in extract_claims(s)]
    nearby = _nearby_values(group_claims(claims, Aliases()))
    for claim in claims:
        if claim.kind in ("date", "figure"):
            values = nearby(claim)
            assert len(values) == len(set(values)), values
    [ended] = [c for c in claims if c.value == "12 May 2019"]
    assert nearby(ended) == ["3 May 2019"]


def test_a_range_whose_end_leaves_out_the_leading_digits_gets_options_of_its_form():
    assert parse_quantity("383–87").high == 387 and parse_quantity("12–3").high is None
    options = make_distractors(kind="figure", answer="383–87", forbidden=[], seed="usurper")
    assert len(options) == 3
    for option in options:
        assert re.fullmatch(r"\d{3}–\d{2}", option), option
        assert 0 < parse_quantity(option).high - parse_quantity(option).value < 10, option


@pytest.mark.parametrize(("answer", "form"), [
    ("late 1307", r"late \d{4}"), ("between 1756 and 1823", r"between \d{4} and \d{4}"),
    ("Between 1450 and 1455", r"Between \d{4} and \d{4}"), ("1988–1994", r"\d{4}–\d{4}"),
])
def test_options_for_years_keep_the_answers_own_words(answer, form):
    options = make_distractors(kind="date", answer=answer, forbidden=[], seed="bruce")
    assert len(options) == 3 and all(re.fullmatch(form, o) for o in options), options
    for option in options:
        value = parse_date(option)
        assert value is not None and (value.end is None or value.end > value.iso)


@pytest.mark.parametrize("answer", ["2–10 mg/L", "30%-40%", "80–175 mg"])
def test_options_for_a_range_never_overlap_it(answer):
    expected = parse_quantity(answer)
    options = make_distractors(kind="figure", answer=answer, forbidden=[], seed="caffeine")
    assert len(options) == 3
    for option in options:
        quantity = parse_quantity(option)
        assert quantity.high is not None and (quantity.value > expected.high or quantity.high < expected.value)


@pytest.mark.parametrize(("answer", "form"), [
    ("554", r"[1-9]\d\d"), ("around 525", r"around [1-9]\d\d"), ("541–554", r"[1-9]\d\d–[1-9]\d\d")])
def test_years_of_the_first_millennium_get_options_near_them(answer, form):
    options = make_distractors(kind="date", answer=answer, forbidden=[], seed="justin")
    assert len(options) == 3 and all(re.fullmatch(form, o) for o in options), options
    year = int(re.search(r"\d+", answer).group())
    assert all(abs(int(re.search(r"\d+", o).group()) - year) <= 60 for o in options), options


@pytest.mark.parametrize("answer", ["1408 to 1418", "between 1988 and 1990", "3–5 May 1921", "1905-1906"])
def test_options_for_a_short_span_of_dates_never_overlap_it(answer):
    expected = parse_date(answer)
    options = make_distractors(kind="date", answer=answer, forbidden=[], seed="reign")
    assert len(options) == 3
    for option in options:
        value = parse_date(option)
        assert value is not None and (value.end < expected.iso or value.iso > expected.end), (option, expected)
    low, high = 541, 554   # years the date parser does not read
    for option in make_distractors(kind="date", answer=f"{low}–{high}", forbidden=[], seed="reign"):
        start, end = (int(x) for x in option.split("–"))
        assert end < low or start > high, option
