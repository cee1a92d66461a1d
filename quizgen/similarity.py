"""Do two claims from different places speak of the same thing?

Grouping by subject key catches claims whose sentences are built alike. Sources
that disagree rarely are: "the capsule held 5.4 grams of regolith" against
"brought the total to 6.1 grams". This module compares what the sentences are
about (their content words, weighted by rarity in the deck) together with what
the values are (same unit, same precision, close in size or time).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from .extract import Claim, stem, value_clause
from .normalize import MONTH_NAMES, is_number_word, iso_year, parse_quantity, unit_after
from .subjects import NOUN_SYNONYMS, fold

UNIT_SYNONYMS = {"papers": "publications", "paper": "publications", "articles": "publications",
                 "men": "serviceman", "man": "serviceman",   # an army's men; troops and soldiers: subjects.fold
                 "kilograms": "kg", "kilogram": "kg", "kilometres": "km", "kilometers": "km",
                 "metres": "m", "meters": "m", "tonnes": "t", "tons": "t", "percent": "%",
                 "feet": "ft", "foot": "ft", "miles": "mi", "mile": "mi", "pounds": "lb", "lbs": "lb",
                 "grams": "g", "gram": "g", "inches": "in", "inch": "in", "yards": "yd", "yard": "yd"}
# "64,630 sq km" measures what "64,740 km²" does
SQUARE_AND_CUBIC = {f"{prefix} {unit}": f"{unit}{power}" for unit in ("km", "mi", "m", "ft")
                    for prefixes, power in ((("sq", "square"), "²"), (("cu", "cubic"), "³")) for prefix in prefixes}
SQUARE_AND_CUBIC.update({f"{unit}{digit}": f"{unit}{power}" for unit in ("km", "mi", "m", "ft")
                         for digit, power in (("2", "²"), ("3", "³"))})
RANGE_WORD = re.compile(r"between|and|to|from", re.I)   # "between 15,000 and 20,000": a range, no unit
# an army's size: the number it was "strong"
ARMED = re.compile(r"\b(?:arm(?:y|ies)|troops|forces?|soldiers|legions?|garrisons?|host)\b", re.I)
STRENGTH = re.compile(r"\s+strong\b")
ARMY_OF = re.compile(rf"(?:{ARMED.pattern})\s+of\s+$", re.I)
HEDGES = re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|some|over|more than|less than|"
                    r"fewer than|at least|at most|up to|just under|just over|another|more)\b", re.I)
SAME_THING = 0.34     # weighted overlap of content words for "about the same thing"
SAME_EVENT = 0.45     # dates: a news-like text dates many similar events
AGREEMENT = 0.45      # stricter when the values agree: merging only adds evidence
MAX_RATIO = 2.0       # rival figures for one quantity are of one magnitude
MAX_ARMY_RATIO = 8.0  # an army's size: a chronicle's count may be many times a modern estimate
SMALL_COUNT = 100     # whole numbers below this count things too often to be telling by themselves
MAX_DAYS_APART = 31
YEARS_APART = 6        # "abolished in 1830" against "in 1836": sources misdate an act by a few years
ANCIENT_SPREAD = 0.15  # "5900 BC" and "5200 BC" may date one settlement
SAME_DOER = 0.15       # ... and one sentence names whose act the other dates
SAME_ACT = 0.2         # two dates of one act ("died", "lost his father"), worth a rare word or two
NAMES_NEAR = 60         # characters either side of a value where the names that pin it stand
SAME_NAMES = 2         # proper names two sentences share that tie their years to one act
NAME_WORD = re.compile(r"\b[A-Z][a-z][\w'’-]+")
NOT_NAME_WORDS = {m.lower() for m in MONTH_NAMES} | {
    "the", "in", "on", "at", "by", "of", "and", "but", "he", "she", "it", "they", "his", "her", "its", "their", "this",
    "that", "after", "before", "during", "when", "while"}
GENERIC_VERBS = {"be", "have", "do", "say", "state", "make", "take", "give", "get", "go", "come", "see", "report"}


def document_frequencies(claims: Iterable[Claim]) -> tuple[Counter, int]:
    sentences: dict[tuple[str, int], set[str]] = {}
    for claim in claims:
        words = sentences.setdefault((claim.source, claim.start), set(claim.extra.get("context") or []))
        if claim.kind == "figure" and unit_of(claim):
            words.add(f"unit:{unit_of(claim)}")
    counts: Counter = Counter()
    for words in sentences.values():
        counts.update(words)
    return counts, max(1, len(sentences))


def overlap(a: Iterable[str], b: Iterable[str], df: Counter, total: int, both: bool = False) -> float:
    """The weight of the shared words, as a share of the lighter set's weight (of the
    heavier one's with ``both``: a short clause must not match any sentence that holds it)."""
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    weight = {w: math.log((1 + total) / (1 + df[w])) + 0.1 for w in a | b}
    shared = sum(weight[w] for w in a & b)
    pick = max if both else min
    return shared / pick(sum(weight[w] for w in a), sum(weight[w] for w in b))


def unit_of(claim: Claim) -> str:
    """What a figure counts or measures: "%", "€", "grams", or the counted noun."""
    if "unit" not in claim.extra:
        claim.extra["unit"] = _unit(claim)
    return claim.extra["unit"]


def _unit(claim: Claim) -> str:
    if claim.normalized and claim.normalized.endswith("%"):
        return "%"
    if STRENGTH.match(claim.sentence, claim.value_in_sentence[1]) and ARMED.search(claim.sentence):
        return "serviceman"   # "an army ... half a million strong"
    written = _written_unit(claim)
    if not written and ARMY_OF.search(claim.sentence[:claim.value_in_sentence[0]]):
        return "serviceman"   # "the French force of about fifty-five thousand, splendidly armed"
    return written


def _written_unit(claim: Claim) -> str:
    text = HEDGES.sub(" ", claim.value)
    if DEGREES.search(text):
        return "°F" if re.search(r"[°º]\s*F", text) else "°"   # "234° to 235°C", "28.5 °C", "about 800°"
    symbols = "".join(ch for ch in text if ch in "€$£¥₽")
    words = [_fold_unit(w) for w in re.findall(r"[A-Za-z]+[²³]?", text)   # "390 km²" is an area
             if not is_number_word(w) and not RANGE_WORD.fullmatch(w)]
    if symbols or words:
        unit = symbols + " ".join(words)
        return SQUARE_AND_CUBIC.get(unit, unit)
    # "Mount Gimie 950 m" where the parser did not tie "m" to the number: the unit written right after it
    after = unit_after(claim.sentence[claim.value_in_sentence[1]:])
    if after in SQUARE_AND_CUBIC:
        return SQUARE_AND_CUBIC[after]   # "344 sq km": the parser's noun is only "km"
    parts = claim.key.split("|")
    if len(parts) == 4 and parts[2]:
        return _fold_unit(parts[2].split(" ")[-1])
    return _fold_unit(after) if after else ""


DEGREES = re.compile(r"\d\s*[°º]")
NEGATIVE = re.compile(r"\s*(?:minus\s|[-−–]\s*\d)")
STATES = {"melt": "melt", "fus": "melt", "solidif": "melt", "freez": "melt", "boil": "boil", "condens": "boil",
          "sublim": "sublime"}
CHANGE_OF_STATE = re.compile(r"\b(melt|fus|solidif|freez|boil|condens|sublim)\w*")
STATE_REACH = 60


def _fold_unit(word: str) -> str:
    word = word.lower()
    word = UNIT_SYNONYMS.get(word, word)
    word = word[:-1] if word.endswith("s") and len(word) > 3 else word
    return NOUN_SYNONYMS.get(word, word)   # "troops", "soldiers" and "servicemen" count one thing


def names_the_unit(word: str, unit: str) -> bool:
    """Is a sentence's word ("men", "army" for soldiers; "degree") only the unit its figure counts in?"""
    return bool(unit) and (_fold_unit(word) == unit or (unit == "serviceman" and any(
        ARMED.fullmatch(form) for form in (word, word + "s"))))


def unit_counts(claims: Iterable[Claim]) -> Counter:
    """How many different values each unit has in the deck: a rare unit is telling."""
    seen = {(unit_of(c), c.normalized) for c in claims if c.kind == "figure" and c.normalized}
    return Counter(unit for unit, _ in seen)


def value_bonus(a: Claim, b: Claim, units: Counter) -> float:
    """Extra likeness from the values themselves: the only two masses in grams, two
    dates a day apart, are more likely one fact told two ways than two facts."""
    if (a.source, a.start) == (b.source, b.start):
        return 0.45  # "X gives 4 June, but Y puts it on 5 June": a sentence that reports a dispute
    if a.kind == "figure":
        different = units.get(unit_of(a), 99)
        return 0.35 if different <= 2 else 0.25 if different <= 3 else 0.15 if different <= 5 else 0.0
    bonus = SAME_ACT if same_verb(a, b) else 0.0
    if bonus and (_names_subject_of(a, b) or _names_subject_of(b, a)):
        bonus += SAME_DOER   # "Verrin (14 July 1704 – ...)" and "Verrin was born on 12 July 1702"
    days = days_apart(a.normalized or "", b.normalized or "")
    if days is None:
        return bonus
    return bonus + (0.25 if days <= 1 else 0.1 if days <= 10 else 0.0)


def same_verb(a: Claim, b: Claim) -> bool:
    """Dates of the same act ("born", "signed", "founded") in both sentences."""
    verb_a, verb_b = fold(a.key.split("|")[-1]), fold(b.key.split("|")[-1])   # "lost his father" ~ "father died"
    return bool(verb_a) and verb_a == verb_b and verb_a not in GENERIC_VERBS


def shared_names(a: Claim, b: Claim) -> int:
    """How many proper names the values' clauses share besides the values: "a monument in
    Westminster Abbey in 1721, by John Barber" and "placed in Westminster Abbey in 1732 by
    Barber" share three, and so date one act."""
    return len(_names(a) & _names(b))


def _names(claim: Claim) -> set[str]:
    clause, start, end = value_clause(claim)   # "took it in 1402, but in 1403 ...": each year's own clause
    # the names around the value, not those of the other events a long sentence lists
    text = clause[max(0, start - NAMES_NEAR):start] + " " + clause[end:end + NAMES_NEAR]
    return {fold(m.group()) for m in NAME_WORD.finditer(text)
            if m.start() > 0 and not re.search(r"[.!?:;]\s*$", text[:m.start()])
            and m.group().lower() not in NOT_NAME_WORDS}


def _names_subject_of(a: Claim, b: Claim) -> bool:
    """Does b's sentence name the one whose act a dates (the subject in a's key)?"""
    subject = a.key.split("|")[1] if a.key.count("|") >= 2 else ""
    words = [stem(w) for w in subject.split()]
    return bool(words) and all(w in set(b.extra.get("context") or []) for w in words)


def days_apart(a: str, b: str) -> int | None:
    """Days between two ISO dates of day precision; None for anything less precise."""
    if len(a) != 10 or len(b) != 10:
        return None
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


def values_compatible(a: Claim, b: Claim) -> bool:
    """Could a and b be rival values of one quantity or one date?"""
    if a.kind != b.kind or not a.normalized or not b.normalized:
        return False
    if a.kind == "figure":
        if unit_of(a) != unit_of(b) or not unit_of(a):
            return False
        x, y = _number(a.normalized), _number(b.normalized)
        if x is None or y is None or min(x, y) <= 0 or NEGATIVE.match(a.value) != NEGATIVE.match(b.value):
            return False   # "-21° C" is no rival of "59° C"
        if unit_of(a).startswith("°") and _other_change_of_state(a, b):
            return False   # a melting point is no rival of a boiling point
        return max(x, y) / min(x, y) <= (MAX_ARMY_RATIO if unit_of(a) == "serviceman" else MAX_RATIO)
    if _dates_close(a.normalized, b.normalized):
        return True
    # years further apart are one act misdated only where the sentences name the same people and places
    return (len(a.normalized) == len(b.normalized) == 4 and a.normalized.isdigit() and b.normalized.isdigit()
            and abs(int(a.normalized) - int(b.normalized)) <= 2 * YEARS_APART and shared_names(a, b) >= SAME_NAMES)


def _other_change_of_state(a: Claim, b: Claim) -> bool:
    """Two temperatures, each the point of a change of state, of two different ones."""
    states = {_change_of_state(a), _change_of_state(b)}
    return None not in states and len(states) == 2


def _change_of_state(claim: Claim) -> str | None:
    """What a temperature is the point of: the last "melts", "boiling point", "solidifies" ...
    before it in its sentence, as "melt" or "boil"."""
    start = claim.value_in_sentence[0]
    found = CHANGE_OF_STATE.findall(claim.sentence[max(0, start - STATE_REACH):start].lower())
    return STATES[found[-1]] if found else None


def few_things(claim: Claim) -> bool:
    """"eight arches", "18 volumes": a whole number of things below ``SMALL_COUNT``, not a measure or a share
    (``salience.small_count`` is narrower: a count in single figures, never asked at all)."""
    number = _number(claim.normalized or "")
    quantity = parse_quantity(claim.value)
    return (claim.kind == "figure" and number is not None and number < SMALL_COUNT and number == int(number)
            and unit_of(claim) != "%" and quantity is not None and quantity.unit is None)


def _number(normalized: str) -> float | None:
    try:
        return float(normalized.rstrip("%"))
    except ValueError:
        return None


def _dates_close(a: str, b: str) -> bool:
    if "/" in a or "/" in b:
        return False
    if len(a) != len(b):
        # different precision: "2020" does not dispute "10 November 2020", but "1190" may dispute
        # "3 September 1189" (a coronation dated by year in one source and by day in the other)
        years = sorted((a, b), key=len)
        return len(years[0]) == 4 and years[0].isdigit() and (other := iso_year(years[1])) is not None \
            and abs(int(years[0]) - other) == 1
    if len(a) == 4:
        return abs(int(a) - int(b)) <= YEARS_APART
    if len(a) == 5 and a[0] == "-" == b[0]:   # "-0087" (87 BC): the further back, the looser the dating
        return abs(int(a) - int(b)) <= max(5, ANCIENT_SPREAD * abs(int(a)))
    year_a, year_b = iso_year(a), iso_year(b)
    if year_a is not None and year_b is not None and 0 < abs(year_a - year_b) <= YEARS_APART:
        return True   # "12 July 102 B.C." against "13 July 100 BC": the year is what they dispute
    days = days_apart(a if len(a) == 10 else a + "-01", b if len(b) == 10 else b + "-01")
    return days is not None and days <= (MAX_DAYS_APART if len(a) == 10 else 366)


