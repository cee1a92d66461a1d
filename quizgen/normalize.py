"""Turn dates and figures as a source writes them into comparable values.

Sources say "10 November 2020", "November 10th, 2020" or "2020-11-10"; "2,906",
"2 906" or "approximately 2,000". Extraction, grouping, answer checking and
distractor generation all need the value behind the words, and they need the
same answer every time: nothing here looks at today's date.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from dateparser.date import DateDataParser

MONTH_NAMES = list(calendar.month_name)[1:]
MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
MONTHS.update({name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

# Each pattern matches a whole (cleaned, lower-cased, comma-free) date.
_SINGLE_PATTERNS = [re.compile(p) for p in (
    r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})",
    r"(?P<year>\d{4})-(?P<mnum>\d{2})",
    rf"{_DAY} (?:of )?{_MONTH}(?: {_YEAR})?",
    rf"{_MONTH} {_DAY}(?: {_YEAR})?",
    rf"{_MONTH}(?: of)?(?: {_YEAR})?",
    _YEAR,
    _DAY,  # only meaningful as the left side of "17–23 June 2020"
)]
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
# Words that place an event inside the period without moving it out of it.
_FILLER = re.compile(
    rf"^(?:(?:on|in|the|of|early|mid|late|morning|afternoon|evening|night|dawn|"
    rf"from|between|{_WEEKDAY})\b[\s-]*)+")
_RANGE_SEPARATOR = re.compile(r"\s*(?:[–—−]|-{1,2}|\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b)\s*")
_PLAUSIBLE_BARE_YEARS = (1000, 2199)
_RELATIVE_WORDS = re.compile(r"\b(?:today|tomorrow|yesterday|now|ago|next|last|this|week|weeks|hence)\b")


@dataclass(frozen=True)
class DateValue:
    """A calendar date, month or year, or a range of them, at a known precision."""

    iso: str
    precision: str
    end: str | None = None

    def label(self) -> str:
        if self.end is None:
            return _label_one(self.iso)
        start, end = self.iso.split("-"), self.end.split("-")
        if self.precision == "year":
            return f"{self.iso}–{self.end}"
        if start[0] != end[0]:
            return f"{_label_one(self.iso)} – {_label_one(self.end)}"
        if self.precision == "day" and start[1] == end[1]:
            return f"{int(start[2])}–{_label_one(self.end)}"
        return f"{_label_one(self.iso).rsplit(' ', 1)[0]} – {_label_one(self.end)}"


def _label_one(iso: str) -> str:
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = MONTH_NAMES[parts[1] - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


def _clean_date_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace(",", " ")
    text = re.sub(r"\s+", " ", text).strip(" .;:()[]")
    return _FILLER.sub("", text).strip()


def _parse_parts(text: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) for one date as written; missing parts are None."""
    for pattern in _SINGLE_PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            groups = found.groupdict()
            month = groups.get("mnum") or MONTHS.get(groups.get("month") or "")
            year, month_number, day = (int(v) if v else None for v in (groups.get("year"), month, groups.get("day")))
            return year, month_number, day
    return None


def _to_value(year: int, month: int | None, day: int | None) -> DateValue | None:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return None if day else DateValue(f"{year:04d}", "year")
    if day is None:
        return DateValue(f"{year:04d}-{month:02d}", "month")
    return DateValue(f"{year:04d}-{month:02d}-{day:02d}", "day")


def _parse_single(text: str, default_year: int | None) -> DateValue | None:
    parts = _parse_parts(text)
    if parts is None:
        return None
    year, month, day = parts
    if month is None:
        if year is None:
            return None  # a bare number is not a date
        if not _PLAUSIBLE_BARE_YEARS[0] <= year <= _PLAUSIBLE_BARE_YEARS[1]:
            return None  # "2906" alone is far more likely a count than a year
    resolved_year = year or default_year
    return _to_value(resolved_year, month, day) if resolved_year else None


def _parse_range(text: str, default_year: int | None) -> DateValue | None:
    for separator in _RANGE_SEPARATOR.finditer(text):
        left, right = text[:separator.start()].strip(), text[separator.end():].strip()
        if re.fullmatch(r"\d{4}", left) and re.fullmatch(r"\d{2}", right):
            right = left[:2] + right  # "1988–94"
        end, start_parts = _parse_single(right, default_year), _parse_parts(left)
        if end is None or start_parts is None:
            continue
        end_year, end_month = int(end.iso[:4]), (int(end.iso[5:7]) if end.precision != "year" else None)
        year, month, day = start_parts
        if month is None and year is None and end.precision == "day":
            month = end_month  # "17–23 June 2020"
        start = _to_value(year or end_year, month, day)
        if start is not None and year is None and start.iso > end.iso:
            start = _to_value(end_year - 1, month, day)  # "28 December – 3 January 2021"
        if start is None or start.precision != end.precision or start.iso >= end.iso:
            continue
        return DateValue(start.iso, start.precision, end.iso)
    return None


def _parse_with_dateparser(text: str, default_year: int | None) -> DateValue | None:
    """Fallback for rarer spellings ("10.11.2020", "Tue 10 Nov 2020 12:00")."""
    years_written = re.findall(r"\b\d{4}\b", text)
    if (not years_written and default_year is None) or re.fullmatch(r"\d{4}-\d+(?:-\d+)?", text):
        return None  # a malformed ISO date is a mistake, not another date
    # A fixed base date keeps results independent of the day the code runs.
    parser = DateDataParser(languages=["en"], settings={
        "PARSERS": ["absolute-time"], "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": datetime(default_year or 2000, 1, 1)})
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    if years_written and str(found.year) not in years_written:
        return None
    if not years_written and found.year != default_year:
        return None
    if data.period == "year":
        return None  # bare years are the grammar's job, with its plausibility check
    return _to_value(found.year, found.month, None if data.period == "month" else found.day)


def parse_date(text: str, *, default_year: int | None = None) -> DateValue | None:
    """The date, month, year or range that ``text`` names, or None if it names none.

    ``default_year`` completes dates written without a year ("27 September");
    without it such dates give None rather than a guess.
    """
    cleaned = _clean_date_text(text)
    if not cleaned or _RELATIVE_WORDS.search(cleaned):
        return None
    return (_parse_single(cleaned, default_year) or _parse_range(cleaned, default_year)
            or _parse_with_dateparser(cleaned, default_year))


@dataclass(frozen=True)
class DateStyle:
    """How a date was written, so that other dates can be written the same way."""

    order: str = "dmy"  # "dmy" ("10 November 2020"), "mdy" ("November 10, 2020") or "iso"
    abbreviated: bool = False
    ordinal: bool = False
    with_year: bool = True  # False for "27 September", as sources write within a known year


def date_style(text: str) -> DateStyle:
    cleaned = _clean_date_text(text)
    if re.match(r"\d{4}-\d{2}", cleaned):
        return DateStyle("iso")
    month_first = re.match(_MONTH, cleaned)
    month_word = re.search(_MONTH, cleaned)
    return DateStyle(
        order="mdy" if month_first and re.match(rf"{_MONTH} \d", cleaned) else "dmy",
        abbreviated=bool(month_word and len(month_word.group("month")) <= 4
                         and month_word.group("month") not in ("may", "june", "july")),
        ordinal=bool(re.search(r"\d(?:st|nd|rd|th)\b", cleaned)),
        with_year=bool(re.search(r"\d{4}", cleaned)))


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _format_one(iso: str, style: DateStyle, with_year: bool = True) -> str:
    if style.order == "iso":
        return iso
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return iso
    month = MONTH_NAMES[parts[1] - 1]
    month = month[:3] if style.abbreviated else month
    with_year = with_year and style.with_year
    year = f" {parts[0]}" if with_year else ""
    if len(parts) == 2:
        return f"{month}{year}"
    day = _ordinal(parts[2]) if style.ordinal else str(parts[2])
    if style.order == "mdy":
        return f"{month} {day}," + year if with_year else f"{month} {day}"
    return f"{day} {month}{year}"


def format_date(value: DateValue, style: DateStyle = DateStyle()) -> str:
    """Write ``value`` the way ``style`` describes (ranges join with an en dash)."""
    if value.end is None:
        return _format_one(value.iso, style)
    if style.order == "iso" or value.precision == "year":
        return f"{value.iso}–{value.end}" if value.precision == "year" else f"{value.iso} – {value.end}"
    same_year = value.iso[:4] == value.end[:4]
    if same_year and value.precision == "day" and style.order == "dmy" and value.iso[:7] == value.end[:7]:
        day = _ordinal(int(value.iso[8:])) if style.ordinal else str(int(value.iso[8:]))
        return f"{day}–{_format_one(value.end, style)}"  # "17–23 June 2020"
    return f"{_format_one(value.iso, style, with_year=not same_year)} – {_format_one(value.end, style)}"


# --- figures ---------------------------------------------------------------

# One-for-one character swaps, so offsets in the prepared text match the original.
_SAME_LENGTH_SWAPS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
                                    "\u2212": "-", "\u2013": "–", "\u00b2": "2", "\uff05": "%"})
_DIGIT_NUMBER = re.compile(
    r"(?<![\d.,])(?P<digits>\d{1,3}(?:(?:,\d{3})+|(?: \d{3})+)(?![\d,]\d)|\d+)(?P<decimals>\.\d+)?")
SMALL_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                  "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER_WORDS = {w: i for i, w in enumerate(SMALL_NUMBERS)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
_WORD = r"(?:" + "|".join(sorted([*_NUMBER_WORDS, "hundred", "dozen", *_SCALES], key=len, reverse=True)) + r")"
_WORD_NUMBER = re.compile(rf"\b(?:an? )?{_WORD}(?:(?:[\s-]+|\s+and\s+){_WORD})*\b", re.IGNORECASE)
_MULTIPLIER = re.compile(r"\s*(?P<word>thousand|million|billion|trillion)\b", re.IGNORECASE)

# Leading words that hedge a figure, mapped to the small vocabulary Quantity uses.
_QUALIFIERS = {
    "approximately": r"approximately|approx\.?|about|around|roughly|some|circa|c\.|ca\.|an estimated|"
                     r"estimated|nearly|almost|~",
    "more than": r"more than|over|just over|above|in excess of|upwards of|exceeding",
    "at least": r"at least|no fewer than|no less than|a minimum of",
    "less than": r"less than|fewer than|just under|under|below",
    "at most": r"at most|up to|no more than|a maximum of",
}
_QUALIFIER_BEFORE = [(name, re.compile(rf"(?:^|[\s(])(?:{words})\s*$", re.IGNORECASE))
                     for name, words in _QUALIFIERS.items()]
_QUALIFIER_AFTER = [("at least", re.compile(r"^\s*(?:\+|or more\b)")),
                    ("at most", re.compile(r"^\s*or (?:fewer|less)\b"))]
_UNITS = {
    "°C": r"[°º]\s*C(?:elsius)?\b\.?|degrees? C(?:elsius|entigrade)?\b", "°F": r"[°º]\s*F(?:ahrenheit)?\b\.?",
    "°": r"[°º]",
    "%": r"%|percent|per cent",
    "km2": r"km2|sq\.? km|square kilomet(?:re|er)s?",
    "km/h": r"km/h|kph", "mph": r"mph",
    "km": r"km|kilomet(?:re|er)s?", "m": r"m|met(?:re|er)s?", "kg": r"kg|kilo(?:gram(?:me)?)?s?",
    "t": r"t|tonnes?|tons?", "mi": r"mi|miles?",
    "years": r"years?|yrs?", "months": r"months?", "weeks": r"weeks?", "days": r"days?",
    "hours": r"hours?|hrs?", "minutes": r"minutes?|mins?",
}
_AND_A_HALF = re.compile(r"^\s+and\s+a\s+half\b(?!\s+(?:million|billion|thousand|trillion)\b)", re.I)
_UNIT_AFTER = [(unit, re.compile(rf"^\s*(?:{words})(?![\w/])", re.IGNORECASE)) for unit, words in _UNITS.items()]
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                 "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8,
                 "tenth": 10, "tenths": 10}
_ORDINAL_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORDINAL_UNIT = re.compile(rf"-({'|'.join(_ORDINAL_UNITS)})\b", re.IGNORECASE)   # "twenty-third"
_FRACTION = re.compile(rf"[\s-]+({'|'.join(_DENOMINATORS)})\b", re.IGNORECASE)
# "half a million", "three quarters of a million": a share of the number that follows
_SHARE_BEFORE = re.compile(r"\b(?:(?P<half>half)|(?P<count>a|one|two|three)\s+(?P<part>quarters?|thirds?)\s+of)\s+$",
                           re.IGNORECASE)
SHARE_WORD = re.compile(rf"\b(?:{'|'.join(_DENOMINATORS)})\b", re.IGNORECASE)   # "two-thirds": a share in words
_RANGE_JOIN = re.compile(r"^\s*[°º%]?\s*(?:[–—-]|to|and)\s*", re.IGNORECASE)   # "234° to 235°C", "30%-40%"


@dataclass(frozen=True)
class Quantity:
    """A figure: its value, what it counts or measures, and how it is hedged."""

    value: float
    unit: str | None = None
    qualifier: str | None = None
    high: float | None = None  # upper end of a range such as "300,000–500,000"


@dataclass(frozen=True)
class _NumberMatch:
    start: int
    end: int
    value: float
    written_as: str        # "digits" or "words"
    separator: str | None  # the thousands separator as written, if any
    decimals: int
    multiplier: str | None  # "million" in "1.5 million"


def is_number_word(word: str) -> bool:
    """"thirty", "million", "half", "a": a word that is part of a number written in words."""
    word = word.lower()
    return word in _NUMBER_WORDS or word in _SCALES or word in _DENOMINATORS or word in ("hundred", "dozen", "a", "an")


def number_words(text: str) -> float | None:
    """The value of an English number written in words ("forty-four", "a dozen"), else None."""
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower()) if t and t != "and"]
    if not tokens or any(t not in _NUMBER_WORDS and t not in _SCALES and t not in ("hundred", "dozen", "a", "an")
                         for t in tokens) or tokens in (["a"], ["an"]):
        return None
    total = current = 0.0
    for token in tokens:
        if token in _NUMBER_WORDS:
            current += _NUMBER_WORDS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "dozen":
            current = (current or 1) * 12
        elif token in _SCALES:
            total += (current or 1) * _SCALES[token]
            current = 0.0
    return total + current


def _find_number(text: str, start: int = 0) -> _NumberMatch | None:
    digits = _DIGIT_NUMBER.search(text, start)
    words = _WORD_NUMBER.search(text, start)
    while words and words.group().lower() == "dozen":  # "several dozen" is vague, not 12
        words = _WORD_NUMBER.search(text, words.end())
    if words and (not digits or words.start() < digits.start()):
        # number_words is None only for look-alikes that the case-insensitive pattern accepts but .lower()
        # does not fold into number words ("six" spelt with U+017F, the long s); kept as it was (value None).
        value = number_words(words.group())
        if value and value % 10 == 0 and value >= 20 and (unit := _ORDINAL_UNIT.match(text, words.end())):
            # "the twenty-third most abundant": a place in a row, not twenty thirds
            return _NumberMatch(words.start(), unit.end(), value + _ORDINAL_UNITS.index(unit.group(1).lower()) + 1,
                                "words", None, 0, None)
        if value and (share := _FRACTION.match(text, words.end())):   # "two thirds", "one-half": a share
            return _NumberMatch(words.start(), share.end(), value / _DENOMINATORS[share.group(1).lower()],
                                "words", None, 0, None)
        share_before = _SHARE_BEFORE.search(text, start, words.start()) if value else None
        if value and share_before:
            part = 2 if share_before.group("half") else _DENOMINATORS[share_before.group("part").lower()]
            count = 1 if share_before.group("half") else number_words(share_before.group("count")) or 1
            return _NumberMatch(share_before.start(), words.end(), value * count / part, "words", None, 0, None)
        return _NumberMatch(words.start(), words.end(), value,  # type: ignore[arg-type]
                            "words", None, 0, None)
    if not digits:
        return None
    raw = digits.group("digits")
    separator = next((c for c in raw if not c.isdigit()), None)
    decimals = digits.group("decimals") or ""
    value = float(re.sub(r"\D", "", raw) + decimals)
    end, multiplier = digits.end(), None
    scaled = _MULTIPLIER.match(text, end)
    if scaled:
        multiplier = scaled.group("word").lower()
        value, end = value * _SCALES[multiplier], scaled.end()
    return _NumberMatch(digits.start(), end, value, "digits", separator, max(len(decimals) - 1, 0), multiplier)


def parse_quantity(text: str) -> Quantity | None:
    """The first figure in ``text`` with its unit and hedge, or None if there is no number."""
    prepared = text.translate(_SAME_LENGTH_SWAPS)
    number = _find_number(prepared)
    if number is None:
        return None
    before, after = prepared[:number.start], prepared[number.end:]
    qualifier = next((name for name, pattern in _QUALIFIER_BEFORE if pattern.search(before)), None)
    high = None
    joined = _RANGE_JOIN.match(after)
    if joined and (joined.group().strip().lower() != "and" or re.search(r"between\s*$", before, re.IGNORECASE)):
        upper = _find_number(prepared, number.end + joined.end())
        if upper is not None and upper.start == number.end + joined.end() and not upper.multiplier \
                and upper.value <= number.value and (full := _abbreviated_end(number, upper)) is not None:
            upper = _NumberMatch(**{**upper.__dict__, "value": full})
        if upper is not None and upper.start == number.end + joined.end() and upper.value > number.value:
            high = upper.value
            if upper.multiplier and not number.multiplier:  # "1–2 million"
                number = _NumberMatch(**{**number.__dict__, "value": number.value * _SCALES[upper.multiplier]})
            after = prepared[upper.end:]
    value = number.value
    if high is None and (half := _AND_A_HALF.match(after)):
        value, after = value + 0.5, after[half.end():]   # "three and a half years"
    if qualifier is None:
        qualifier = next((name for name, pattern in _QUALIFIER_AFTER if pattern.match(after)), None)
    after = re.sub(r"^\s*\+", "", after)
    return Quantity(value, unit_after(after), qualifier, high)


def unit_after(text: str) -> str | None:
    """The unit ``text`` opens with ("m" of " m)", "km" of " kilometres long"), or None."""
    return next((name for name, pattern in _UNIT_AFTER if pattern.match(text)), None)


def format_number(value: float) -> str:
    """Digits with comma thousands separators: 2906 -> "2,906", 21.5 -> "21.5"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def _int_to_words(number: int) -> str:
    if number < 20:
        return SMALL_NUMBERS[number]
    if number < 100:
        tens, rest = divmod(number, 10)
        return TENS[tens - 2] + (f"-{SMALL_NUMBERS[rest]}" if rest else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{SMALL_NUMBERS[hundreds]} hundred" + (f" and {_int_to_words(rest)}" if rest else "")
    for word, scale in sorted(_SCALES.items(), key=lambda item: -item[1]):
        if number >= scale:
            big, rest = divmod(number, int(scale))
            return f"{_int_to_words(big)} {word}" + (f" {_int_to_words(rest)}" if rest else "")
    raise AssertionError("unreachable")


def _abbreviated_end(start: _NumberMatch, end: _NumberMatch) -> float | None:
    """"383–87", "1914–18": a range's end written with the start's leading digits left out."""
    if not (float(start.value).is_integer() and float(end.value).is_integer()) or start.decimals or end.decimals \
            or start.value < 100:
        return None   # "12–3" is a score
    digits = len(str(int(end.value)))
    if digits >= len(str(int(start.value))):
        return None
    full = int(start.value) - int(start.value) % 10 ** digits + int(end.value)
    return float(full if full > start.value else full + 10 ** digits)


_PLURAL_AFTER = re.compile(r"^(\s+)([a-z]{3,}s)\b(?!')")   # "miles", "years", "arches": a plural after the number


def singular(word: str) -> str:
    """"miles" -> "mile", "arches" -> "arch", "centuries" -> "century"; "glass" stays."""
    if word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(?:ch|sh|x|z|ss)es$", word):
        return word[:-2]
    return word[:-1]


def replace_number(text: str, value: float, high: float | None = None) -> str:
    """``text`` with its first number replaced by ``value``, written in the same style.

    "2,906 servicemen" -> "3,180 servicemen"; "1.5 million" -> "2.1 million";
    "forty-four" -> "thirty-eight". With ``high`` the second number (the upper
    end of a range) is replaced too. Returns ``text`` unchanged if it holds no number.
    """
    prepared = text.translate(_SAME_LENGTH_SWAPS)
    number = _find_number(prepared)
    if number is None:
        return text
    low = _write_like(text, number, value)
    if high is not None:
        upper = _find_number(prepared, number.end)
        if upper is not None:
            written = _write_like(text, upper, high)
            if upper.value < number.value and written.isdigit() and len(written) > upper.end - upper.start:
                written = written[-(upper.end - upper.start):]   # "383–87" gives "276–80"
            if upper.multiplier and not number.multiplier:
                # "9 to 20 million": the low end is in millions too ("25.5 to 36.5 million")
                low = format_number(round(value / _SCALES[upper.multiplier], 3))
            text = text[:upper.start] + written + text[upper.end:]
    rest = text[number.end:]
    if value == 1 and high is None and number.value != 1:
        rest = _PLURAL_AFTER.sub(lambda m: m.group(1) + singular(m.group(2)), rest, count=1)   # "one mile"
    return text[:number.start] + low + rest


def _write_like(text: str, number: _NumberMatch, value: float) -> str:
    original = text[number.start:number.end]
    if number.written_as == "words" and float(value).is_integer() and 0 <= value < 1e12:
        written = _int_to_words(int(value))
        written = written.capitalize() if original[:1].isupper() else written
    elif number.multiplier:
        written = f"{format_number(round(value / _SCALES[number.multiplier], 3))} {number.multiplier}"
    else:
        written = f"{value:,.{number.decimals}f}"
        if number.separator is None and number.value >= 1000:
            written = written.replace(",", "")  # the source writes "2906", not "2,906"
        elif number.separator and number.separator != ",":
            # keep the source's own space character (NBSP, narrow NBSP, ...)
            written = written.replace(",", _space_in(original))
    return written


def _space_in(written: str) -> str:
    return next(c for c in written if not c.isdigit() and c != ".")


def written_precision(text: str) -> float | None:
    """The place value of the last digit written in the first number of ``text``.

    "2,906" -> 1, "2,000" -> 1000, "21.5" -> 0.1, "1.5 million" -> 100000,
    "four thousand" -> 1000: how finely the source states the figure.
    """
    number = _find_number(text.translate(_SAME_LENGTH_SWAPS))
    if number is None:
        return None
    if number.decimals:
        step = 10.0 ** -number.decimals
    else:
        digits = re.sub(r"\D", "", f"{number.value:.0f}") if number.written_as == "words" else \
            re.sub(r"\D", "", text[number.start:number.end].split(".")[0])
        step = 10.0 ** (len(digits) - len(digits.rstrip("0"))) if digits.strip("0") else 1.0
    return step * (_SCALES[number.multiplier] if number.multiplier else 1)


_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# "12 July 102 BC", "the 12th of July 102 B.C.", "August 5, 57 BC", "87 B.C.", "AD 9"
_ERA_DATE = re.compile(rf"(?:(?P<later_month>{_MONTH_WORD})\s+(?P<later_day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                       rf"|(?:(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{_MONTH_WORD}\s+)?)"
                       r"(?P<year>\d{1,4})\s*(?P<era>B\.?\s?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?)(?!\w)"
                       r"|\bA\.?D\.?\s*(?P<ad>\d{1,4})\b")


def iso_year(iso: str) -> int | None:
    """The signed year an ISO date form begins with: "-0044-03-15" -> -44, "1066" -> 1066."""
    match = re.match(r"-?\d{4}", iso)
    return int(match.group()) if match else None


def era_precision(value: str) -> str | None:
    """"year", "month" or "day" for a date with its era ("490 BC", "12 July 102 BC"), else None."""
    key = era_key(value)
    return None if key is None else ("year", "month", "day")[min(len(key.lstrip("-").split("-")), 3) - 1]


def era_key(value: str) -> str | None:
    """A year with its era as a signed ISO form: "87 B.C." -> "-0087", "12 July 102 BC" ->
    "-0102-07-12", "AD 9" and "9 AD" -> "0009"; None for what these patterns do not cover."""
    match = _ERA_DATE.search(value)
    if not match:
        return None
    year = int(match.group("year") or match.group("ad"))
    sign = "-" if (match.group("era") or "").upper().startswith("B") else ""
    month = match.group("month") or match.group("later_month")
    if not month:
        return f"{sign}{year:04d}"
    number = MONTHS[month[:3].lower()]
    day = match.group("day") or match.group("later_day")
    return f"{sign}{year:04d}-{number:02d}" + (f"-{int(day):02d}" if day else "")
