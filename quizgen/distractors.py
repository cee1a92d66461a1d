"""Wrong options for multiple-choice questions, and the checks that keep them honest.

A distractor must look like the answer (same kind, precision, unit and writing
style) yet never state a value that any source gives for the question. The
same inputs always give the same options: randomness comes from a generator
seeded by a hash of the question, never from Python's per-process hashing.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from datetime import date, timedelta

from quizgen.answers import alias_forms, canonical, check_answer, same_canonical, same_value
from quizgen.normalize import (
    DateValue,
    Quantity,
    date_style,
    era_precision,
    format_date,
    iso_year,
    parse_date,
    parse_quantity,
    replace_number,
    written_precision,
)

_ATTEMPTS = 200
_DAY_OFFSETS = [d for d in range(-45, 46) if d]
_MONTH_OFFSETS = [m for m in range(-8, 9) if m]
_YEAR_OFFSETS = [y for y in range(-8, 9) if y]
_MIN_RELATIVE_GAP = 0.04  # figures closer than this to the answer or each other look like noise


RANGE_WORD = re.compile(r"\d\s+to\s+\d")
HYPHEN_RANGE = re.compile(r"\d-\d")


def _rng(seed: str, kind: str, answer: str) -> random.Random:
    digest = hashlib.sha256("\x1f".join((seed, kind, answer)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _shift_iso(iso: str, precision: str, offset: int) -> str | None:
    year, month, day = (int(p) for p in [*iso.split("-"), "1", "1"][:3])
    try:
        if precision == "day":
            return (date(year, month, day) + timedelta(days=offset)).isoformat()
        if precision == "month":
            months = year * 12 + month - 1 + offset
            return date(months // 12, months % 12 + 1, 1).isoformat()[:7]
        return date(year + offset, 1, 1).isoformat()[:4]
    except (ValueError, OverflowError):
        return None


def _date_candidates(answer: str, value: DateValue, rng: random.Random,
                     window: tuple[int | None, int | None] = (None, None)) -> Iterable[str]:
    offsets = {"day": _DAY_OFFSETS, "month": _MONTH_OFFSETS, "year": _YEAR_OFFSETS}[value.precision]
    if value.end and 0 < (width := _width(value)) <= 2.5 * max(offsets):
        # "541–554": whole spans before or after it, none overlapping; a longer span ("between 1989
        # and 2019") is moved less, so that its options stay in the deck's time
        offsets = [step * (width + 1) for step in (-3, -2, -1, 1, 2, 3)]
    offsets = rng.sample(offsets, len(offsets))
    style = date_style(answer)
    joined = RANGE_WORD.search(answer)  # "1408 to 1418": options written "1406 to 1416", not "1406–1416"
    hyphen = HYPHEN_RANGE.search(answer)
    for offset in offsets:
        start = _shift_iso(value.iso, value.precision, offset)
        end = _shift_iso(value.end, value.precision, offset) if value.end else None
        if start is None or (value.end is not None and end is None):
            continue
        if _within(window, value.iso, value.end) and not _within(window, start, end):
            continue  # "around 2130" for an invention of about 1450: later than anything the sources tell;
            # "461" for a regency that ended in 437 in the life of a woman who died in 450
        option = _years_replaced(answer, value, start, end) or format_date(DateValue(start, value.precision, end),
                                                                           style)
        if joined and end:
            option = re.sub(r"\s*–\s*", " to ", option, count=1)
        elif hyphen and end:
            option = option.replace("–", "-")   # "1905-1906": options with the answer's hyphen, not a dash
        yield option


def _within(window: tuple[int | None, int | None], start: str, end: str | None) -> bool:
    """Do the years from ``start`` to ``end`` (ISO dates, "-0044" before Christ) lie inside ``window``?"""
    low, high = window
    first, last = iso_year(start), iso_year(end or start)
    if first is None or last is None:
        return False
    return (low is None or first >= low) and (high is None or last <= high)


def _width(value: DateValue) -> int:
    """How many days, months or years a span of dates covers past its first."""
    first, last = ([int(p) for p in [*iso.split("-"), "1", "1"][:3]] for iso in (value.iso, value.end or value.iso))
    if value.precision == "year":
        return max(0, last[0] - first[0])
    if value.precision == "month":
        return max(0, (last[0] - first[0]) * 12 + last[1] - first[1])
    try:
        return max(0, (date(*last) - date(*first)).days)
    except ValueError:
        return 0


def _early_years(answer: str) -> DateValue | None:
    """"554", "around 525", "541–554": a year of the first millennium, or a span of them, which
    the date parser does not read."""
    span = re.fullmatch(r"(?:(?:around|about|c\.|circa)\s+)?([1-9]\d{2})(?:\s*[–-]\s*([1-9]\d{2,3}))?",
                        answer.strip(), re.I)
    if span is None:
        return None
    end = span.group(2)
    if end is not None and not 0 < int(end) - int(span.group(1)) <= 100:
        return None
    return DateValue(span.group(1).zfill(4), "year", end.zfill(4) if end else None)


def _years_replaced(answer: str, value: DateValue, start: str, end: str | None) -> str | None:
    """The answer's own words around other years: "late 1305" for "late 1307", "between 1751 and
    1818" for "between 1756 and 1823", so that no option stands out by its form. None where the
    answer is not a year or a span of years written out in full."""
    if value.precision != "year" or value.iso.startswith("-") or (value.end or "").startswith("-"):
        return None
    wanted = [(value.iso[:4], start[:4])] + ([(value.end[:4], end[:4])] if value.end and end else [])
    parts = re.split(r"(\d+)", answer)
    after = 0
    for old, new in wanted:   # the end after the start: "1994–2000" for "1988–1994"
        at = next((i for i in range(after, len(parts)) if parts[i].isdigit() and parts[i].zfill(4) == old), None)
        if at is None:
            return None
        parts[at], after = new.lstrip("0") or "0", at + 1
    return "".join(parts)


def _round_to(value: float, step: float) -> float:
    rounded = round(value / step) * step
    return round(rounded, 10)  # drop float noise such as 18.300000000000001


_HEDGED = re.compile(r"\s*(?:about|around|approximately|roughly|nearly|almost|some|c\.|circa|an estimated)\b", re.I)
_HEDGED_GAP = 0.25
_SMALL_DECIMAL = 20     # below this, a decimal answer gets options a few steps away, not a factor away
_DECIMAL_GAP = 0.08
_FRACTION = re.compile(r"\b(?:halves|half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b",
                       re.I)


def _figure_candidates(answer: str, rng: random.Random) -> Iterable[str]:
    quantity = parse_quantity(answer)
    if quantity is None:
        return  # make_distractors calls this only for an answer that parses as a figure
    step = written_precision(answer) or 1.0
    while quantity.value / step < 10 and step >= 10 and not _HEDGED.match(answer):
        step /= 10  # a round "2,000" gets options like "2,400", not "0" or "4,000" only; "about 5,000"
        # keeps its roundness ("about 7,000"): "about 7,800" beside it would give it away
    small = quantity.value < 10 * step  # ratios collapse for small counts; use neighbours
    if step < 1 and 0 < quantity.value < _SMALL_DECIMAL:
        # "magnitude 7.3": 10.5 or 4.4 are absurd; neighbours a few tenths apart are plausible
        step = max(step, _round_to(_DECIMAL_GAP * quantity.value, step))
        small = True
    is_percentage = quantity.unit == "%" and quantity.value >= 0 and (quantity.high or quantity.value) <= 100
    gap = step if small else max(_MIN_RELATIVE_GAP * quantity.value, step)
    if _HEDGED.match(answer):
        # "about 24000": "about 25000" could be the same figure; keep options well apart
        gap = max(gap, _HEDGED_GAP * quantity.value)
        small = False
    chosen: list[float] = []
    for _ in range(_ATTEMPTS):
        if small:
            low = _round_to(quantity.value + rng.choice([-3, -2, -1, 1, 2, 3, 4]) * step, step)
            high = None if quantity.high is None else _round_to(quantity.high + low - quantity.value, step)
        else:
            factor = rng.uniform(0.55, 1.6)
            low = _round_to(quantity.value * factor, step)
            high = None if quantity.high is None else _round_to(quantity.high * factor, step)
        if low < 0 or (low == 0 < quantity.value) or (is_percentage and max(low, high or 0) > 100):
            continue  # "zero" is a giveaway when the answer counts something
        if any(abs(low - other) < gap for other in [quantity.value, *chosen]) or _overlaps(quantity, low, high):
            continue   # "3–11 mg/L" against "2–10 mg/L" is not certainly wrong
        chosen.append(low)
        yield replace_number(answer, low, high)
    # When forbidden values crowd the random picks out, walk outwards from the answer (a wide
    # range in steps of half its width, so that a few steps clear it)
    if quantity.high is not None:
        gap = max(gap, _round_to((quantity.high - quantity.value) / 2, step))
    for distance in range(1, 30):
        for low in (quantity.value + distance * gap, quantity.value - distance * gap):
            low, shift = _round_to(low, step), _round_to(low, step) - quantity.value
            high = None if quantity.high is None else _round_to(quantity.high + shift, step)
            if (low > 0 or quantity.value == 0) and not (is_percentage and max(low, high or 0) > 100) \
                    and not _overlaps(quantity, low, high):
                yield replace_number(answer, low, high)


def _overlaps(answer: Quantity, low: float, high: float | None) -> bool:
    """Does the range ``low``–``high`` share any value with the answer's range?"""
    return answer.high is not None and high is not None and low <= answer.high and high >= answer.value


def make_distractors(*, kind: str, answer: str, forbidden: Iterable[str], seed: str, count: int = 3,
                     aliases: Iterable[Iterable[str]] = (),
                     window: tuple[int | None, int | None] = (None, None)) -> list[str]:
    """Up to ``count`` wrong options shaped like ``answer``, none meaning any ``forbidden`` value.

    Dates and figures are generated around the answer; anything else gets none (a name is
    recalled, not picked from the deck's other names). A date inside ``window`` (the first and
    last year the sources tell of, or of the life the source tells) gets options inside it.
    """
    aliases = [list(alias_set) for alias_set in aliases]
    excluded = list(dict.fromkeys([answer, *forbidden]))  # a value the deck gives a thousand times is one check
    rng = _rng(seed, kind, answer)
    date_value = None
    if kind == "date":  # a year-less "27 September" gets year-less options, shifted within a leap year
        date_value = parse_date(answer) or parse_date(answer, default_year=2000) or _early_years(answer)
    if date_value is not None:
        candidates: Iterable[str] = _date_candidates(answer, date_value, rng, window)
    elif kind == "figure" and _FRACTION.search(answer):
        return []  # "Two-thirds": "three-thirds" is no option; asked typed instead
    elif kind == "figure" and parse_quantity(answer) is not None:
        candidates = _figure_candidates(answer, rng)
    else:
        return []
    chosen: list[str] = []
    forms = alias_forms(aliases, kind)
    taken = [canonical(other, kind) for other in excluded]   # each value in its canonical form once
    for candidate in candidates:
        mine = canonical(candidate, kind)
        if any(same_canonical(mine, other, kind, forms) for other in taken):
            continue
        chosen.append(candidate)
        taken.append(mine)
        if len(chosen) == count:
            break
    return chosen


def _describe(kind: str, text: str) -> tuple[str, str | None] | None:
    """(what it is, its unit) for comparing shapes, or None when ``text`` is not of ``kind``."""
    if kind == "date":
        value = parse_date(text) or parse_date(text, default_year=2000)
        if value is None:   # "490 BC": a year like any other
            era = era_precision(text)
            return None if era is None else (era, None)
        return value.precision + (" range" if value.end else ""), None
    if kind == "figure":
        quantity = parse_quantity(text)
        return None if quantity is None else ("range" if quantity.high is not None else "figure", quantity.unit)
    return ("name", None)


def distractor_problems(question: dict, *, aliases: Iterable[Iterable[str]] = ()) -> list[str]:
    """Why a deck question's distractors are weak or wrong, as sentences; empty when they are fine."""
    aliases = [list(alias_set) for alias_set in aliases]
    # An attribution question's answer is who said it, whatever kind of value was said.
    kind = "name" if question.get("format") == "attribution" else question["kind"]
    answer = question["answer"]
    distractors = question.get("distractors", [])
    problems = []
    if question.get("format") == "multiple_choice" and len(distractors) < 3:
        problems.append(f"multiple_choice needs at least 3 distractors, has {len(distractors)}")
    known = [("the answer", answer)] + [("an accepted answer", a) for a in question.get("accepted", [])]
    known += [(f"the value given by {e.get('source')}", e.get("value")) for e in question.get("evidence", [])]
    known += [(f"the disputed value from {e.get('source')}", e.get("value")) for e in question.get("disputed_by", [])]
    answer_shape = _describe(kind, answer)
    for index, distractor in enumerate(distractors):
        if not distractor or not distractor.strip():
            problems.append(f"distractor {index + 1} is empty")
            continue
        for role, value in known:
            if value and same_value(distractor, value, kind, aliases=aliases):
                problems.append(f"distractor {distractor!r} means the same as {role} ({value!r})")
                break
        else:
            if check_answer(distractor, question).correct:  # e.g. a one-letter variant of a name
                problems.append(f"distractor {distractor!r} would be accepted as the answer")
        for earlier in distractors[:index]:
            if earlier and same_value(distractor, earlier, kind, aliases=aliases):
                problems.append(f"distractor {distractor!r} duplicates {earlier!r}")
                break
        shape = _describe(kind, distractor)
        if shape is None:
            problems.append(f"distractor {distractor!r} is not a {kind}")
        elif answer_shape is not None and shape != answer_shape:
            problems.append(f"distractor {distractor!r} is a {_shape_words(shape)}, "
                            f"the answer is a {_shape_words(answer_shape)}")
    return problems


def _shape_words(shape: tuple[str, str | None]) -> str:
    what, unit = shape
    return f"{what} in {unit}" if unit else what
