"""Compare answers: the generator's grouping and distractor safety, and the learner's typed answer.

Two questions share one notion of "the same value": ``same_value`` is strict
(format-blind but never fuzzy), while ``check_answer`` additionally forgives a
learner's small typos in names, and never a wrong number or a wrong date.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from quizgen.normalize import (
    SMALL_NUMBERS,
    TENS,
    DateValue,
    Quantity,
    era_key,
    format_number,
    parse_date,
    parse_quantity,
)

# Letters that Unicode does not decompose into a base letter plus accent.
_UNDECOMPOSED_LETTERS = str.maketrans({"ə": "e", "ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h",
                                       "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"})
_LEADING_ARTICLE = re.compile(r"^the\s+")
_TITLES = {"pope", "king", "queen", "emperor", "empress", "prince", "princess", "sir", "dr", "doctor", "general", "gen",
           "admiral", "captain", "capt", "president", "lord", "lady", "duke", "bishop", "archbishop", "cardinal",
           "sultan", "caliph", "tsar", "czar", "mr", "mrs", "fra", "friar", "brother", "father", "professor", "prof",
           "count", "countess", "earl", "baron", "baroness", "marquess", "viscount", "governor", "consul", "abbot"}
_BOUND = re.compile(r"\b(?:more than|less than|fewer than|greater than|over|under|above|below|at least|at most|"
                    r"up to|no more than|no fewer than|upwards of)\b", re.I)
# one word written out or shortened: "St Andrew", "Hudson's Bay Co.", "Eastern Asia" and "East Asia"
_NUMBERED_WAR = re.compile(r"^(.+ war) (i{1,3}|[1-3])$")   # "World War I" is the First World War
_ORDINALS = {"i": "first", "1": "first", "ii": "second", "2": "second", "iii": "third", "3": "third"}
_ABBREVIATED = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft", "company": "co", "corporation": "corp",
                "limited": "ltd", "incorporated": "inc", "brothers": "bros", "department": "dept",
                "eastern": "east", "western": "west", "northern": "north", "southern": "south"}
# "U.S.", "United States", "U.K.": one short form, inside a longer name too ("the U.S. House of Representatives")
# "the Hundred Years' War" typed "100 Years' War": a number in a name (up to twelve, the tens, a hundred,
# a thousand), in words or in figures
_NUMBER_IN_NAME = {word: str(value) for value, word in enumerate(SMALL_NUMBERS[:13])} | {
    word: str(10 * tens) for tens, word in enumerate(TENS, 2)} | {"hundred": "100", "thousand": "1000"}
_COUNTRY_IN_NAME = ((re.compile(r"\b(?:united states|u s a|u s)\b"), "us"),
                    (re.compile(r"\b(?:united kingdom|u k)\b"), "uk"))
_COUNTRY_PREFIX = {"us", "uk"}
ORIGIN_PARTICLE = re.compile(r"(?<=\w) (?:da|di|de|del|della|von|van|du) (?=\w)")   # on ``_name_form``
_SHORT_NAME = 4              # names this short must be typed exactly (after normalising)
_MIN_TYPO_RATIO = 85         # rapidfuzz ratio, 0..100
_CHARS_PER_ALLOWED_EDIT = 5
ROMAN_OR_NUMBER = re.compile(r"\b(?:[IVXLC]+|\d+)\b")   # "George III", "Su-25": a numeral is never a typo


def _name_form(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED_LETTERS))
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    letters = re.sub(r"['’ʼ`]", "", letters)  # "O'Brien" and "OBrien" are one spelling
    words = re.sub(r"[\W_]+", " ", letters).strip()
    words = " ".join(_ABBREVIATED.get(word, _NUMBER_IN_NAME.get(word, word)) for word in words.split())
    for country, short in _COUNTRY_IN_NAME:
        words = country.sub(short, words)
    words = _LEADING_ARTICLE.sub("", words)
    words = _NUMBERED_WAR.sub(lambda m: f"{_ORDINALS[m.group(2)]} {m.group(1)}", words)   # "world war i"
    words = words.replace(" of the ", " of ")   # "the Battle of the Pass of Brander" and "... of Pass of ..."
    rest = words.split(" ", 1)
    if len(rest) == 2 and rest[0] in _TITLES and not rest[1].startswith("of "):
        return rest[1]  # "Pope Paul III" is Paul III; "Duke of Buckingham" stays whole
    return words


_YEARLESS_PLACEHOLDER = 2000  # a leap year, so "29 February" survives


def _date_form(value: DateValue) -> str:
    return value.iso if value.end is None else f"{value.iso}/{value.end}"


def _yearless_date_form(text: str) -> str | None:
    """"--09-27" (ISO 8601's form for a day of an unnamed year) for "27 September", else None."""
    value = parse_date(text, default_year=_YEARLESS_PLACEHOLDER)
    return None if value is None else re.sub(r"(?<![\d-])\d{4}-", "--", _date_form(value))


def _same_date_ignoring_missing_year(first: str, second: str) -> bool:
    """A year-less date ("--09-27") could be any year's, so it matches that day in every year."""
    if first.startswith("--") == second.startswith("--"):
        return False
    yearless, full = (first, second) if first.startswith("--") else (second, first)
    return "/" not in full and full[4:] == yearless[1:]


def _figure_form(quantity: Quantity) -> str:
    number = format_number(quantity.value).replace(",", "")
    if quantity.high is not None:
        number += "-" + format_number(quantity.high).replace(",", "")
    return number + ("%" if quantity.unit == "%" else "")


def _base_kind(kind: str) -> str:
    return kind if kind in ("date", "figure") else "name"


@lru_cache(maxsize=65536)  # pure in its two strings; distractor checks call it very often
def canonical(text: str, kind: str) -> str:
    """A form of ``text`` that equals another answer's form exactly when both mean the same value.

    Dates become ISO ("2020-11-10", ranges "1988/1994"); figures a bare number
    plus "%" for percentages; names and places lose case, accents, punctuation and
    a leading "the". Text that does not parse as its kind falls back to the name form.
    """
    kind = _base_kind(kind)
    if kind == "date" and (value := parse_date(text)) is not None:
        return _date_form(value)
    if kind == "date" and (yearless := _yearless_date_form(text)) is not None:
        return yearless
    if kind == "figure" and (quantity := parse_quantity(text)) is not None:
        return _figure_form(quantity)
    return _name_form(text)


def same_value(a: str, b: str, kind: str, *, aliases: Iterable[Iterable[str]] = ()) -> bool:
    """Whether ``a`` and ``b`` state the same value, allowing any writing style and the given alias sets."""
    return same_canonical(canonical(a, kind), canonical(b, kind), kind, alias_forms(aliases, kind))


def alias_forms(aliases: Iterable[Iterable[str]], kind: str) -> list[set[str]]:
    """Each alias set in ``canonical`` form, for comparing many values against the same sets."""
    return [{canonical(alias, kind) for alias in alias_set} for alias_set in aliases]


def same_canonical(first: str, second: str, kind: str, forms: list[set[str]]) -> bool:
    """``same_value`` for two values already in ``canonical`` form and alias sets from ``alias_forms``."""
    if first == second:
        return True
    if _base_kind(kind) == "date" and _same_date_ignoring_missing_year(first, second):
        return True
    return any(first in alias_set and second in alias_set for alias_set in forms)


@dataclass
class AnswerResult:
    """The verdict on one typed answer, with what to show the learner."""

    correct: bool
    exact: bool
    expected: str
    matched: str | None = None
    feedback: str = ""
    diff: list[tuple[str, str]] = field(default_factory=list)


def character_diff(given: str, expected: str) -> list[tuple[str, str]]:
    """(op, text) pieces turning ``given`` into ``expected``; op is "equal", "delete" or "insert"."""
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, given, expected, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", given[i1:i2]))
        if op in ("delete", "replace"):
            pieces.append(("delete", given[i1:i2]))
        if op in ("insert", "replace"):
            pieces.append(("insert", expected[j1:j2]))
    return pieces


def _check_era_date(given: str, forms: list[str], expected: str) -> tuple[str | None, str] | None:
    """Dates with an era ("411 BC", "A.D. 330") compared by year, month and day, however the era
    is written ("330 CE", "411BC", "330 A.D."); None when the answer has no era."""
    wanted = [(form, key) for form in forms if (key := era_key(_spaced_era(form))) is not None]
    if not wanted:
        return None
    typed = era_key(_spaced_era(given))
    if typed is None:
        bare = re.fullmatch(r"\s*(\d{1,4})\s*", given)   # "641" for "A.D. 641"; never for a year BC
        typed = f"{int(bare.group(1)):04d}" if bare else None
    for form, key in wanted:
        if typed is not None and typed == key:
            return form, ""
    if typed is None:
        return None, f"Not a date I can read; the answer is {expected}"
    return None, f"Different date: the answer is {expected}"


def _spaced_era(text: str) -> str:
    """"411BC" -> "411 BC"; "330 CE" reads as "AD 330"."""
    text = re.sub(r"(\d)(?=[A-Za-z])", r"\1 ", text)
    return re.sub(r"\b(\d{1,4})\s*C\.?E\.?(?!\w)", r"AD \1", text)


def _check_date(given: str, forms: list[str], expected: str) -> tuple[str | None, str]:
    era = _check_era_date(given, forms, expected)
    if era is not None:
        return era
    # An answer written without a year ("12 December") takes it from a full accepted form.
    year = next((int(v.iso[:4]) for form in forms if (v := parse_date(form)) is not None), None)
    targets = [(form, target) for form in forms if (target := parse_date(form, default_year=year)) is not None]
    answer_has_year = parse_date(expected) is not None
    value = parse_date(given) or (None if answer_has_year else parse_date(given, default_year=year))
    if value is None:
        if year and parse_date(given, default_year=year) is not None:
            return None, f"Include the year: the answer is {expected}"
        return None, f"Not a date I can read; the answer is {expected}"
    for form, target in targets:
        if value == target:
            return form, ""
    if targets and all(value.precision != target.precision for _, target in targets):
        return None, f"The answer is known to the {targets[0][1].precision}: {expected}"
    if targets and all((value.end is None) != (target.end is None) for _, target in targets):
        shape = "a single date" if targets[0][1].end is None else "a range"
        return None, f"The answer is {shape}: {expected}"
    return None, f"Different date: you wrote {value.label()}, the answer is {expected}"


def _bound(text: str) -> str | None:
    """Which way a figure is bounded: "more than 99%" is "above", "under 20,000" is "below"."""
    match = _BOUND.search(text)
    if match is None:
        return None
    return "below" if re.match(r"less|fewer|under|below|at most|up to|no more", match.group(), re.I) else "above"


def _check_figure(given: str, forms: list[str], expected: str) -> tuple[str | None, str]:
    quantity = parse_quantity(given)
    fraction = TYPED_FRACTION.fullmatch(given.strip())
    if fraction and int(fraction.group(2)) and FRACTION_WORD.search(expected):
        # "3/4" for "three-quarters": the fraction written in figures
        value = int(fraction.group(1)) / int(fraction.group(2))
        quantity = Quantity(value=value, unit=None, qualifier=None, high=None)
        target = parse_quantity(expected)
        if target is not None and abs(target.value - value) < 1e-6:
            return expected, ""
    if quantity is None:
        return None, f"No number found; the answer is {expected}"
    if (typed := _bound(given)) is not None and _bound(expected) not in (None, typed):
        return None, f"The other way round: the answer is {expected}"  # "more than" for "less than"
    same_number = [(form, target) for form in forms if (target := parse_quantity(form)) is not None
                   and (target.value, target.high) == (quantity.value, quantity.high)
                   and _negative(form) == _negative(given)]   # "-2" is not "+2"
    # The question usually names the unit, so leaving it out is fine; a different one is not.
    units = {target.unit for _, target in same_number} - {None}
    if same_number and (quantity.unit is None or not units or quantity.unit in units):
        return next((form for form, target in same_number if target.unit == quantity.unit), same_number[0][0]), ""
    written = format_number(quantity.value) + (f"–{format_number(quantity.high)}" if quantity.high else "")
    written += "%" if quantity.unit == "%" else ""
    if same_number:
        return None, f"Right number, but the answer is {expected}"
    return None, f"Different number: you wrote {written}, the answer is {expected}"


TYPED_FRACTION = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})")
FRACTION_WORD = re.compile(r"\b(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|"
                           r"tenths?)\b", re.I)


def _negative(text: str) -> bool:
    return bool(re.match(r"\s*(?:minus\s+|[-−–]\s*)\d", text, re.I))


def _is_small_typo(given: str, target: str) -> bool:
    if len(target) <= _SHORT_NAME or re.findall(r"\d+", given) != re.findall(r"\d+", target):
        return False
    allowed_edits = max(1, len(target) // _CHARS_PER_ALLOWED_EDIT)
    if [w[:1] for w in given.split()] != [w[:1] for w in target.split()]:
        return False  # a slip keeps each word's first letter: "western" for "eastern" is another word
    return (ratio(given, target) >= _MIN_TYPO_RATIO
            and Levenshtein.distance(given, target, score_cutoff=allowed_edits) <= allowed_edits)


def _same_numerals(given: str, form: str) -> bool:
    """The numerals of ``form`` ("III" in "George III", "25" in "Su-25") are typed as they are."""
    wanted = [word.casefold() for word in re.split(r"[\s-]+", form) if ROMAN_OR_NUMBER.fullmatch(word)]
    typed = {word.casefold() for word in re.split(r"[\s-]+", given)}
    return all(word in typed for word in wanted)


def _loose(text: str) -> str:
    return " ".join(text.casefold().replace(".", " ").split())


# Everyday names of countries that a learner may type for the formal one, and the reverse.
COUNTRY_NAMES = (
    ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    ("United States", "US", "U.S.", "USA", "U.S.A.", "United States of America", "America"),
    ("Soviet Union", "USSR", "U.S.S.R."),
    ("Netherlands", "Holland"),
    ("Czech Republic", "Czechia"),
    ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"),
    ("Myanmar", "Burma"),
    ("Democratic Republic of the Congo", "DR Congo", "DRC"),
    ("United Arab Emirates", "UAE", "U.A.E."),
    ("People's Republic of China", "PRC", "China"),
)


@cache
def _countries() -> dict[str, frozenset[str]]:
    """Each country name, in ``_name_form``, to all the names of its country in that form."""
    table = {}
    for names in COUNTRY_NAMES:
        forms = frozenset(_name_form(n) for n in names)
        table.update(dict.fromkeys(forms, forms))
    return table


def _country_forms(form: str) -> frozenset[str]:
    """Every everyday name of the country ``form`` names ("uk" for "the United Kingdom"), in ``_name_form``."""
    return _countries().get(_name_form(form), frozenset())


def _initials_agree(typed: str, form: str) -> bool:
    """One person's name with given names written out or as initials: "e dummler" and
    "ernst dummler" (both already in ``_name_form``), same surname, each given name equal
    or an initial of the other, at least one initial on either side."""
    mine, theirs = typed.split(), form.split()
    if len(mine) < 2 or len(theirs) < 2 or mine[-1] != theirs[-1] or len(mine[-1]) < 3:
        return False
    pairs = list(zip(mine[:-1], theirs[:-1], strict=False))
    return any(len(a) == 1 or len(b) == 1 for a, b in pairs) and all(
        a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)) for a, b in pairs)


# A common noun that ends a place's name and that a learner may leave out: "the Sakarya River".
# Seas and gulfs are left out: their names are mostly adjectives ("Red", "Persian").
_GENERIC_END = {"river", "lake", "mountains", "mountain", "hills", "island", "islands", "peninsula", "valley", "desert",
                "province", "region", "county", "district", "castle", "abbey", "palace", "canal", "forest", "building",
                "tower", "bridge", "kingdom", "dynasty", "empire", "civilization", "civilisation", "culture", "people",
                "hospital", "field", "reservoir", "mill", "medal", "award", "prize", "trophy", "cup"}
# What ends a firm's, a school's or a site's name and a learner leaves out: "Daum Communications
# Corporation", "Carnegie Mellon University", "Tripod.com", and a law's year ("the ... Act 2011").
LEGAL_ENDING = {"inc", "corporation", "corp", "ltd", "limited", "plc", "llc", "co", "company"}
_ORGANISATION_END = LEGAL_ENDING | {"incorporated", "university", "college", "com", "org", "net", "publications",
                                    "network", "networks", "group", "holdings"}
# a body named for what it studies or serves: "the Kaiser Wilhelm Institute for Chemistry"
_BODY_FOR = {"institute", "society", "academy", "school", "college", "museum", "centre", "center", "laboratory",
             "council", "committee", "commission", "foundation", "office", "agency"}
# "the Grampians" for "the Grampian Hills": a range or a group of islands called by its name in the plural
_PLURAL_KIND = {"hills", "mountains", "islands", "isles"}
# A kind written before the name, in English or as the name's own language has it ("Río Paraná")
_KIND_BEFORE = {"mount", "mt", "lake", "cape", "isle", "rio", "río", "lago", "lac", "cerro", "isla",
                "volcan", "cordillera", "serrania", "sierra", "pico", "monte", "punta", "bahia", "golfo", "laguna",
                "hurricane", "typhoon", "cyclone"}   # and a storm's kind before its name: "Hurricane Dean"
# ... linked to the name as its language does ("Lago de Yojoa", "Lac du Bourget"), and its English word
_KIND_LINK = {"de", "del", "della", "di", "du", "des", "do", "da"}
_KIND_IN_ENGLISH = {"rio": "river", "río": "river", "lago": "lake", "lac": "lake", "isla": "island"}
# A common noun heading "X of Y" that the place names: never accepted alone ("University").
_GENERIC_HEAD = {"university", "college", "battle", "siege", "treaty", "kingdom", "county", "city", "port", "isle",
                 "manor", "island", "lake", "bay", "gulf", "cape", "church", "abbey", "duchy", "republic", "empire",
                 "province", "district", "school", "academy", "institute", "society", "museum", "bank", "company",
                 "strait", "straits", "house", "council", "synod", "congress", "diet", "diocese", "archdiocese",
                 "prefecture", "exarchate", "bishopric"}
# ... of which the place after "of" alone names the place, not the body: "Sweden" is no name for the Bank of Sweden
_BODY_OF_A_PLACE = {"institute", "society", "museum", "bank", "company"}
# Common nouns that, after an adjective, make a name and alone name nothing: "the Atlantic Ocean".
_GENERIC_AFTER_ADJECTIVE = {"ocean", "sea", "age", "era", "period", "war", "wars", "revolution", "state", "states",
                            "union", "party", "movement", "language", "languages", "church", "corridor", "coast"}
_ADJECTIVE_END = re.compile(r"(?:ian|ern|ic|ese|ish)$")   # "Persian", "Southern", "Baltic": no name alone
# A rank that stands for the place after "of": "the Duke of Buckingham" is called Buckingham.
_RANK_OF = {"duke", "duchess", "earl", "count", "countess", "marquess", "marquis", "baron", "baroness", "viscount",
            "lord", "lady", "prince", "princess", "bishop", "archbishop", "king", "queen", "emperor", "sultan"}


def _shorter_forms(form: str) -> set[str]:
    """What a learner may type for ``form`` (already in ``_name_form``) and mean it: "buckingham"
    for "duke of buckingham", "sakarya" for "sakarya river", "raymond iv" and "raymond of toulouse"
    for "raymond iv of toulouse", "strecker" for "k strecker". Never a form shorter than the name's
    own head ("toulouse" alone names a city, not Raymond)."""
    words = form.split()
    shorter: set[str] = set()
    if len(words) >= 2 and words[-1] in _GENERIC_END and not _ADJECTIVE_END.search(words[-2]) \
            and len(" ".join(words[:-1])) >= _SHORT_NAME - 1:
        if len(" ".join(words[:-1])) >= _SHORT_NAME:
            shorter.add(" ".join(words[:-1]))   # "Sakarya" for "the Sakarya River", never "Red" for "Red River"
        if words[-1] in _KIND_BEFORE | {"river"}:
            shorter.add(" ".join([words[-1], *words[:-1]]))   # "River Oti" for "the Oti River"
    if len(words) >= 2 and (words[-1] in _ORGANISATION_END or re.fullmatch(r"(?:1[5-9]|20)\d\d", words[-1])) \
            and len(" ".join(words[:-1])) >= _SHORT_NAME and not (len(words) == 2 and _ADJECTIVE_END.search(words[0])):
        shorter.add(" ".join(words[:-1]))   # "Carnegie Mellon" for "Carnegie Mellon University"
    if len(words) >= 3 and words[0] in _KIND_BEFORE and words[1] in _KIND_LINK:
        words = [words[0], *words[2:]]   # "Lago de Yojoa" is Lago Yojoa
        shorter.add(" ".join(words))
    if len(words) >= 2 and words[0] in _GENERIC_END | _KIND_BEFORE \
            and len(" ".join(words[1:])) >= _SHORT_NAME - 2:
        shorter.add(" ".join(words[1:]))   # "River Avon", "Lake Baikal": the name after its kind
        if words[0] in _KIND_IN_ENGLISH:   # "Lake Yojoa" for "Lago de Yojoa", "Paraguay River" for "Río Paraguay"
            english = _KIND_IN_ENGLISH[words[0]]
            shorter.add(" ".join([*words[1:], english] if english in ("river", "island") else [english, *words[1:]]))
    if "of" in words[1:-1]:
        at = words.index("of", 1)
        before, after = words[:at], words[at + 1:]
        if len(before) == 1 and before[0] in _RANK_OF | _GENERIC_HEAD:
            if before[0] not in _BODY_OF_A_PLACE:
                shorter.add(" ".join(after))   # "St Andrews" for "the University of St Andrews"
                shorter |= _shorter_forms(" ".join(after))   # "Bosworth" for "the Battle of Bosworth Field"
            if before[0] in _GENERIC_HEAD:
                shorter.add(" ".join([*after, before[0]]))   # "Edinburgh University" for "University of Edinburgh"
        else:
            shorter.add(" ".join(before))
            if len(before) == 1 and len(after) == 1:
                shorter.add(f"{after[0]} {before[0]}")   # "Health Commissioner" for "Commissioner of Health"
            plain = [w for w in before if not ROMAN_OR_NUMBER.fullmatch(w.upper())]
            if plain and plain != before:
                shorter.add(" ".join([*plain, "of", *after]))
    if len(words) >= 2 and all(len(w) == 1 and w.isalpha() for w in words[:-1]) and len(words[-1]) >= 3:
        shorter.add(words[-1])  # "K. Strecker": only initials besides the surname
    if len(words) >= 3 and any(len(w) == 1 for w in words[1:-1]) and len(words[0]) > 1 and len(words[-1]) > 1:
        shorter.add(" ".join([words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]))   # "Lyndon Johnson"
    if "for" in words[2:-1] and words[words.index("for", 2) - 1] in _BODY_FOR:
        shorter.add(" ".join(words[:words.index("for", 2)]))   # "Kaiser Wilhelm Institute" for "... for Chemistry"
    if len(words) == 2 and words[-1] in ("ocean", "sea") and re.search(r"(?:ic|ean)$", words[0]):
        shorter.add(words[0])   # "Pacific" for "the Pacific Ocean", "Baltic" for "the Baltic Sea"
    if len(words) >= 2 and words[-1] in _PLURAL_KIND:
        shorter.add(" ".join([*words[:-2], words[-2] + "s"]))
    if len(words) >= 3 and words[0] in _COUNTRY_PREFIX:
        shorter |= {" ".join(words[1:]), *_shorter_forms(" ".join(words[1:]))}   # "Postal Service" for "US ..."
    return {s for s in shorter if len(s) >= 3}


def generic_noun(word: str) -> bool:
    """"River", "Empire", "Ocean", "Volcán": a common noun that names nothing without the words beside it."""
    return word.lower() in _GENERIC_END | _GENERIC_HEAD | _GENERIC_AFTER_ADJECTIVE or _name_form(word) in _KIND_BEFORE


def name_words(name: str) -> list[str]:
    """The words of a name its initials are made from: "European Union" of "the European Union"."""
    return [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if w.lower() not in ("of", "and", "the", "for", "on")]


def _acronym_of(typed: str, form: str) -> bool:
    """Capitals typed for a name of three or more words: their first letters, small words left out
    ("FDA" also for "the US Food and Drug Administration")."""
    letters = typed.replace(".", "").strip()
    words = name_words(form)
    if len(words) >= 4 and _name_form(words[0]) in _COUNTRY_PREFIX:
        words = words[1:]
    return len(words) >= 3 and letters.isupper() and letters.isalpha() and \
        letters == "".join(_name_form(w)[:1] for w in words).upper()   # "ENS" for "École Normale Supérieure"


def _after_possessive(form: str) -> str | None:
    """"Lomé Convention" of "the European Union's Lomé Convention": the name the owner's name qualifies."""
    owned = re.search(r"['’]s\s+((?:[A-Z][\w'’-]*\s*){2,})$", form)
    return owned.group(1) if owned else None


def same_person(first: str, second: str) -> bool:
    """"F. Stromeyer" and "Friedrich Stromeyer": one name, given names written out or as initials."""
    a, b = _name_form(first), _name_form(second)
    return a == b or _initials_agree(a, b)


def fuller_names(answer: str, people: Iterable[str]) -> list[str]:
    """The fuller names of ``people`` that ``answer`` is part of ("Edward Burnett Tylor" and
    "Gaius Julius Caesar" for "Edward Tylor" and "Julius Caesar", "Robert Gray" for "Bishop Gray"),
    where they are all one person; none where they may be two. A given name alone ("Edward") is
    left alone: the deck may name another Edward in full."""
    mine = _name_form(answer).split()
    if not mine:
        return []
    found = {person: words for person in people
             if _within(mine, words := _name_form(person).split()) and words[-1] == mine[-1]}
    pairs = [(a, b) for i, a in enumerate(found) for b in list(found)[i + 1:]]
    one_person = all(_within(found[a], found[b]) or _within(found[b], found[a]) or same_person(a, b)
                     for a, b in pairs)
    return sorted(found) if one_person else []   # sorted: ``people`` may be a set, whose order varies by run


def _within(short: list[str], long: list[str]) -> bool:
    """Are ``short``'s words ``long``'s, in order, with some left out?"""
    rest = iter(long)
    return len(short) < len(long) and all(word in rest for word in short)


def _particle_in_english(form: str) -> str:
    """"rustichello of pisa" of "rustichello da pisa" (already in ``_name_form``): a name's "of" in its own language."""
    return ORIGIN_PARTICLE.sub(" of ", form)


def _check_name(given: str, forms: list[str], expected: str) -> tuple[str | None, str]:
    typed = _name_form(given)
    for form in forms:
        if _particle_in_english(typed) == _particle_in_english(_name_form(form)):
            return form, ""   # the form itself, or "Rustichello of Pisa" for "Rustichello da Pisa"
    for form in forms:
        if typed in _shorter_forms(_name_form(form)):
            return form, ""
    for form in forms:
        if typed.replace(" ", "") == _name_form(form).replace(" ", "") and len(typed) > _SHORT_NAME:
            return form, ""   # "Shen Nong" for "Shennong": one name written as one word or two
    for form in forms:
        if _name_form(form) in _shorter_forms(typed) and len(_name_form(form).split()) < len(typed.split()):
            return form, ""   # "Sakarya River" or "the River Avon" for "Avon": the kind of place added
    country, _, bare = typed.partition(" ")
    for form in forms:
        if country in _COUNTRY_PREFIX and bare == _name_form(form):
            return form, ""   # "US Congress" for "Congress" ("United States" is "us" in ``_name_form``)
    for form in forms:
        owned = _after_possessive(form)
        if owned and typed == _name_form(owned):
            return form, ""
    for form in forms:
        if _acronym_of(given, form):
            return form, ""   # "IAU" for "the International Astronomical Union"
    for form in forms:
        if typed in _country_forms(form):
            return form, ""
    for form in forms:
        if _initials_agree(typed, _name_form(form)):
            return form, ""   # "R. Bunsen" for "Robert Bunsen", and the reverse
    for form in forms:
        targets = {_name_form(form), *_shorter_forms(_name_form(form))}
        if any(_is_small_typo(typed, target) for target in targets) and _same_numerals(given, form):
            return form, "Accepted (small typo)"  # but "George II" is not "George III"
    return None, f"The answer is {expected}"


def check_answer(given: str, question: dict) -> AnswerResult:
    """Judge a learner's typed answer against a deck question (its kind, answer and accepted forms)."""
    expected = question["answer"]
    forms = [expected, *question.get("accepted", [])]
    typed = " ".join(given.split())
    if not typed:
        return AnswerResult(False, False, expected, None, f"No answer given; the answer is {expected}",
                            character_diff("", expected))
    diff = character_diff(typed, expected)
    exact_form = next((form for form in forms if " ".join(form.split()) == typed), None)
    if exact_form is not None:
        return AnswerResult(True, True, expected, exact_form, "", diff)
    # "78 bc" for "78 BC", "78 b.c." for "78 B.C.": case and full stops aside, the form itself
    loose_form = next((form for form in forms if _loose(form) == _loose(typed)), None)
    if loose_form is not None:
        return AnswerResult(True, False, expected, loose_form, "", diff)
    kind = "name" if question.get("format") == "attribution" else _base_kind(question["kind"])
    checker = {"date": _check_date, "figure": _check_figure}.get(kind, _check_name)
    matched, feedback = checker(typed, forms, expected)
    return AnswerResult(matched is not None, False, expected, matched, feedback, diff)
