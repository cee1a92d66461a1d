"""Parsing dates and figures as sources write them (quizgen.normalize)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.normalize import (
    DateStyle,
    DateValue,
    Quantity,
    date_style,
    era_key,
    format_date,
    format_number,
    number_words,
    parse_date,
    parse_quantity,
    replace_number,
)

dates = st.dates(min_value=date(1000, 1, 1), max_value=date(2199, 12, 31))
date_styles = st.builds(DateStyle, order=st.sampled_from(["dmy", "mdy", "iso"]),
                        abbreviated=st.booleans(), ordinal=st.booleans())


@pytest.mark.parametrize("text", [
    "10 November 2020", "November 10, 2020", "2020-11-10", "10 Nov 2020", "November 10th, 2020",
    "10th of November 2020", "Tuesday, 10 November 2020", "on 10 November 2020", "10 Nov. 2020",
    "10.11.2020",
])
def test_day_spellings_give_the_same_day(text):
    assert parse_date(text) == DateValue("2020-11-10", "day")


@pytest.mark.parametrize("text, iso, precision", [
    ("9 Nov 2020", "2020-11-09", "day"),
    ("November 2020", "2020-11", "month"),
    ("Sept 2020", "2020-09", "month"),
    ("2020-11", "2020-11", "month"),
    ("2020", "2020", "year"),
    ("in 1994", "1994", "year"),
])
def test_precision_follows_what_is_written(text, iso, precision):
    assert parse_date(text) == DateValue(iso, precision)


@pytest.mark.parametrize("text, start, end, label", [
    ("27 September – 10 November 2020", "2020-09-27", "2020-11-10", "27 September – 10 November 2020"),
    ("27 September 2020 – 10 November 2020", "2020-09-27", "2020-11-10", "27 September – 10 November 2020"),
    ("1988–1994", "1988", "1994", "1988–1994"),
    ("1988-94", "1988", "1994", "1988–1994"),
    ("between 1988 and 1990", "1988", "1990", "1988–1990"),
    ("17–23 June 2020", "2020-06-17", "2020-06-23", "17–23 June 2020"),
    ("September to November 2020", "2020-09", "2020-11", "September – November 2020"),
    ("28 December – 3 January 2021", "2020-12-28", "2021-01-03", "28 December 2020 – 3 January 2021"),
])
def test_ranges_keep_start_and_end(text, start, end, label):
    value = parse_date(text)
    assert (value.iso, value.end) == (start, end)
    assert value.label() == label
    assert parse_date(value.label()) == value


def test_year_comes_from_the_caller_never_from_the_clock():
    assert parse_date("the morning of 27 September", default_year=2020) == DateValue("2020-09-27", "day")
    assert parse_date("December 1", default_year=2020) == DateValue("2020-12-01", "day")
    assert parse_date("27 September") is None
    assert parse_date("December 1") is None


@pytest.mark.parametrize("text", [
    "today", "next week", "yesterday", "hello", "", "44", "2,906", "2906", "31 February 2020",
    "2020-13-01", "Monday",
])
def test_non_dates_give_none(text):
    assert parse_date(text) is None


@given(day=dates, style=date_styles)
@settings(max_examples=150)
def test_any_date_in_any_style_parses_back(day, style):
    value = DateValue(day.isoformat(), "day")
    written = format_date(value, style)
    assert parse_date(written) == value
    if style.order != "iso":
        assert date_style(written).order == style.order
        assert date_style(written).ordinal == style.ordinal


@given(first=dates, second=dates)
@settings(max_examples=60)
def test_day_ranges_written_out_parse_back(first, second):
    start, end = sorted([first, second])
    if start == end:
        return
    value = DateValue(start.isoformat(), "day", end.isoformat())
    assert parse_date(value.label()) == value
    assert parse_date(format_date(value, DateStyle("mdy"))) == value


@pytest.mark.parametrize("text, expected", [
    ("2,906", Quantity(2906)),
    ("2 906", Quantity(2906)),
    ("2\u00a0906", Quantity(2906)),
    ("2\u202f906", Quantity(2906)),
    ("2906", Quantity(2906)),
    ("~11,000", Quantity(11000, qualifier="approximately")),
    ("60+", Quantity(60, qualifier="at least")),
    ("3+", Quantity(3, qualifier="at least")),
    ("72%", Quantity(72, "%")),
    ("72 percent", Quantity(72, "%")),
    ("72 per cent", Quantity(72, "%")),
    ("1.5 million", Quantity(1_500_000)),
    ("four thousand", Quantity(4000)),
    ("forty-four", Quantity(44)),
    ("44", Quantity(44)),
    ("2,000 Russian soldiers", Quantity(2000)),
    ("approximately 2,000", Quantity(2000, qualifier="approximately")),
    ("more than 100", Quantity(100, qualifier="more than")),
    ("over 100", Quantity(100, qualifier="more than")),
    ("just under 5,000", Quantity(5000, qualifier="less than")),
    ("up to 30", Quantity(30, qualifier="at most")),
    ("at least 7", Quantity(7, qualifier="at least")),
    ("a dozen", Quantity(12)),
    ("21.5 kg", Quantity(21.5, "kg")),
    ("4,400 km²", Quantity(4400, "km2")),
    ("44 days", Quantity(44, "days")),
    ("three and a half years", Quantity(3.5, "years")),
    ("2 and a half months", Quantity(2.5, "months")),
    ("300,000–500,000 Armenians", Quantity(300_000, high=500_000)),
    ("between 300 and 500", Quantity(300, high=500)),
])
def test_figures_as_written(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "no figure here", "the army", "several dozen", "dozens"])
def test_text_without_a_number_gives_none(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize("text, value", [
    ("one hundred and twenty", 120), ("twenty-one", 21), ("a thousand", 1000),
    ("two million three hundred thousand", 2_300_000), ("zero", 0), ("ninety nine", 99),
])
def test_number_words(text, value):
    assert number_words(text) == value


@pytest.mark.parametrize("text", ["a", "banana", "", "twenty apples"])
def test_number_words_rejects_other_words(text):
    assert number_words(text) is None


@pytest.mark.parametrize("value, text", [(2906, "2,906"), (21.5, "21.5"), (1_500_000, "1,500,000"),
                                         (0.25, "0.25"), (44.0, "44"), (1234.5, "1,234.5")])
def test_format_number(value, text):
    assert format_number(value) == text


@given(st.integers(min_value=0, max_value=10**9))
@settings(max_examples=100)
def test_integers_survive_formatting_and_words(number):
    assert parse_quantity(format_number(number)).value == number
    assert number_words(replace_number("zero", number)) == number


@pytest.mark.parametrize("text, value, expected", [
    ("2,906 servicemen", 3180, "3,180 servicemen"),
    ("2906", 3180, "3180"),
    ("2\u202f906", 3180, "3\u202f180"),
    ("21.5 kg", 18.3, "18.3 kg"),
    ("1.5 million", 2_100_000, "2.1 million"),
    ("Forty-four days", 38, "Thirty-eight days"),
    ("more than 100", 120, "more than 120"),
    # one of a thing is written in the singular (review 16: "one miles")
    ("two miles (3 km)", 1, "one mile (3 km)"), ("5 arches", 1, "1 arch"), ("3 centuries", 1, "1 century"),
    ("4 glass", 1, "1 glass"), ("two miles", 3, "three miles"),
])
def test_replace_number_keeps_the_written_style(text, value, expected):
    assert replace_number(text, value) == expected


def test_a_range_sharing_its_upper_ends_scale_is_rewritten_in_that_scale():
    assert replace_number("9 to 20 million years ago", 25_500_000, 36_500_000) == "25.5 to 36.5 million years ago"
    assert replace_number("1–2 million", 3_000_000, 4_000_000) == "3–4 million"


def test_replace_number_replaces_both_ends_of_a_range():
    assert replace_number("300,000–500,000 Armenians", 200_000, 400_000) == "200,000–400,000 Armenians"


def test_year_less_dates_are_written_back_without_a_year():
    style = date_style("27 September")
    assert not style.with_year
    assert format_date(DateValue("2020-10-02", "day"), style) == "2 October"
    assert format_date(DateValue("2020-10-02", "day"), date_style("September 27")) == "October 2"
    assert date_style("27 September 2020").with_year


@pytest.mark.parametrize(("text", "value"), [
    ("about two thirds", 2 / 3), ("one-half", 0.5), ("three quarters of the land", 0.75), ("two-thirds", 2 / 3),
    ("five times", 5.0), ("twenty-one", 21.0),
    # a tens word joined to an ordinal is a place in a row, not a share
    ("the twenty-third most abundant", 23.0), ("twenty-first", 21.0), ("the thirty-ninth", 39.0),
    # a share before a scaled number: that share of it
    ("half a million", 500_000.0), ("an army half a million strong", 500_000.0), ("a quarter of a million", 250_000.0),
    ("a million", 1_000_000.0),
])
def test_a_number_word_before_a_share_is_a_fraction(text, value):
    quantity = parse_quantity(text)
    assert quantity is not None and quantity.value == pytest.approx(value)


def test_an_ordinal_in_words_is_typed_as_its_number():
    from quizgen.answers import check_answer

    place = {"kind": "figure", "format": "cloze", "answer": "twenty-third", "accepted": []}
    assert check_answer("23rd", place).correct and check_answer("23", place).correct
    assert not check_answer("6.666667", place).correct and not check_answer("22nd", place).correct


def test_a_share_is_typed_as_a_share_not_as_its_numerator():
    from quizgen.answers import check_answer

    share = {"kind": "figure", "format": "cloze", "answer": "about two thirds", "accepted": []}
    assert check_answer("two-thirds", share).correct and not check_answer("2", share).correct


@pytest.mark.parametrize(("text", "key"), [
    ("5 August 57 BC", "-0057-08-05"), ("August 5, 57 BC", "-0057-08-05"), ("Aug. 5 57 BC", "-0057-08-05"),
    ("January 3, 106 BC", "-0106-01-03"), ("the 12th of July 102 B.C.", "-0102-07-12"), ("87 B.C.", "-0087"),
])
def test_a_date_with_its_era_is_read_day_first_or_month_first(text, key):
    assert era_key(text) == key


def test_a_date_before_christ_is_typed_in_either_order():
    from quizgen.answers import check_answer

    exile = {"kind": "date", "format": "cloze", "answer": "5 August 57 BC", "accepted": []}
    assert check_answer("August 5, 57 BC", exile).correct and not check_answer("August 6, 57 BC", exile).correct
    birth = {"kind": "date", "format": "cloze", "answer": "January 3, 106 BC", "accepted": []}
    assert check_answer("3 January 106 BC", birth).correct and not check_answer("3 January 105 BC", birth).correct
