"""Gold standards: load ``expected.toml``, locate noise, compare values as they are meant.

A corpus folder (``tests/corpora/<name>/``, ``eval/<split>/<topic>/`` or
``decks/karabakh-2020/``) holds ``sources/*.txt``, usually ``sources.toml``, and
``expected.toml`` written by hand from the texts. The format is described in
``tests/corpora/README.md``. ``quizgen eval`` and the tests that hold the
generator to the gold share this module.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Lines of a reference list or of citation boilerplate, whatever the source. "Retrieved"
# needs a date after it so that prose such as "the capsule was retrieved by" stays in.
REFERENCE_LINE = re.compile(r"^\s*\^|Retrieved (?:on )?\d|Accessed on|Archived from the original")

# Words that make a prompt attribute what it asks about ("According to X, ...").
ATTRIBUTION_CUE = re.compile(
    r"\b(according to|per|as (?:stated|reported|claimed|given|recorded) by|stated|states|said|says|"
    r"claimed|claims|reported|reports|records|recorded|counted|counts|gives|gave|puts?)\b",
    re.IGNORECASE)

GOLD_FILE = "expected.toml"
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july",
               "august", "september", "october", "november", "december")
MONTHS = {name[:3]: name[:3] for name in MONTH_NAMES}
MAGNITUDES = {"thousand", "million", "billion", "trillion", "%"}


@dataclass(frozen=True)
class Side:
    value: str
    sources: tuple[str, ...]
    claimant: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Dispute:
    about: str
    sides: tuple[Side, ...]


@dataclass(frozen=True)
class Fact:
    kind: str
    value: str
    sources: tuple[str, ...]
    about: str


@dataclass(frozen=True)
class Noise:
    source: str
    anchor: str          # "heading" | "line" | "from"
    text: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Gold:
    name: str
    folder: Path
    disputes: tuple[Dispute, ...]
    attributed: tuple[Side, ...]     # values that must be asked with their claimant named
    facts: tuple[Fact, ...]
    noise: tuple[Noise, ...]

    def source_texts(self) -> dict[str, str]:
        """Every source as the generator must see it: UTF-8, untouched (BOM and CRLF kept)."""
        return {path.stem: path.read_bytes().decode("utf-8")
                for path in sorted((self.folder / "sources").glob("*.txt"))}

    def noise_spans(self, source_id: str, text: str) -> list[tuple[int, int]]:
        """Spans of ``text`` no question may quote: gold noise lines and reference lines."""
        spans = reference_line_spans(text)
        for noise in self.noise:
            if noise.source == source_id:
                spans.extend(noise_spans(noise, text))
        return spans


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def load_gold(folder: Path) -> Gold:
    """The gold of a corpus folder (its ``expected.toml``)."""
    data = tomllib.loads((folder / GOLD_FILE).read_text("utf-8"))
    def side(entry: dict[str, Any]) -> Side:
        return Side(value=entry["value"], sources=_strings(entry["sources"]),
                    claimant=entry["claimant"], names=_strings(entry["names"]))

    disputes = tuple(Dispute(about=d["about"], sides=tuple(side(s) for s in d["side"]))
                     for d in data.get("dispute", []))
    attributed = tuple(side(entry) for entry in data.get("attributed", []))
    facts = tuple(Fact(kind=f["kind"], value=f["value"], sources=_strings(f["source"]),
                       about=f.get("about", ""))
                  for f in data.get("fact", []))
    noise = []
    for entry in data.get("noise", []):
        anchors = [key for key in ("heading", "line", "from") if key in entry]
        if len(anchors) != 1:
            raise ValueError(f"{folder}/expected.toml: a [[noise]] needs exactly one of "
                             f"heading/line/from, got {entry}")
        noise.append(Noise(source=entry["source"], anchor=anchors[0], text=entry[anchors[0]],
                           values=_strings(entry.get("values"))))
    return Gold(name=folder.name, folder=folder, disputes=disputes, attributed=attributed,
                facts=facts, noise=tuple(noise))


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the line break (any of str.splitlines')."""
    spans, offset = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        spans.append((offset, offset + len(body)))
        offset += len(line)
    return spans


def reference_line_spans(text: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e in line_spans(text) if REFERENCE_LINE.search(text[s:e])]


def noise_spans(noise: Noise, text: str) -> list[tuple[int, int]]:
    """Where a gold noise entry lies in its source; an anchor that is missing is an error."""
    lines = line_spans(text)
    if noise.anchor == "heading":
        found = [(s, e) for s, e in lines if text[s:e].strip().lstrip("\ufeff") == noise.text]
    elif noise.anchor == "line":
        found = [(s, e) for s, e in lines if noise.text in text[s:e]]
    else:
        exact = [(s, e) for s, e in lines if text[s:e].strip() == noise.text]
        first = exact or [(s, e) for s, e in lines if noise.text in text[s:e]]
        found = [(first[0][0], len(text))] if first else []
    if not found:
        raise LookupError(f"noise {noise.anchor} {noise.text!r} not found in source {noise.source!r}")
    return found


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    end = max(end, start + 1)       # an empty quote still sits somewhere
    return any(s < end and start < e for s, e in spans)


def blank_out(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the given spans replaced by spaces (offsets unchanged)."""
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _fold(value: str) -> str:
    # NFKC turns no-break and thin spaces into plain ones; thousands separators go.
    text = unicodedata.normalize("NFKC", value).casefold()
    text = re.sub(r"(?<=\d)[, ](?=\d{3}(?!\d))", "", text)
    return re.sub(r"\bper ?cent\b", "%", text)


def _iso_date_signature(value: str) -> tuple[str, ...] | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    month_name = list(MONTHS)[int(month) - 1] if 1 <= int(month) <= 12 else month
    return tuple(sorted((year, month_name, str(int(day)))))


def signature(value: str) -> tuple[str, ...]:
    """What a figure or date says, ignoring how it is written: numbers, months, magnitudes.

    "2,906 servicemen" ~ "2906"; "9 November 2020" ~ "November 9, 2020"; "5.4 g" ~ "5.4 grams".
    Empty for values without numbers (names, places).
    """
    iso = _iso_date_signature(value)
    if iso:
        return iso
    folded = re.sub(r"\b(km|mi|ft|cm|mm|yd|in|m)[23]\b", r"\1", _fold(value))   # "km²" (folded "km2"): a unit
    tokens = re.findall(r"\d+(?:\.\d+)?|%|[^\W\d_]+", folded)
    numbers = [t for t in tokens if t[0].isdigit()]
    if not numbers:
        return ()
    kept = [t.lstrip("0") or "0" if t.isdigit() else t for t in numbers]
    kept += [MONTHS[t[:3]] for t in tokens if t[:3] in MONTHS and t in _month_forms(t[:3])]
    kept += [t for t in tokens if t in MAGNITUDES]
    return tuple(sorted(kept))


def _month_forms(prefix: str) -> set[str]:
    full = next(name for name in MONTH_NAMES if name.startswith(prefix))
    return {full, prefix, "sept"} if prefix == "sep" else {full, prefix}


def _words(value: str) -> list[str]:
    return re.findall(r"\w+", _fold(value))


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


EITHER_DAY = re.compile(r"^(\d{1,2}) or (\d{1,2}) (?P<rest>\S.*)$")


def same_value(expected: str, actual: str | None, *, strict: bool = False) -> bool:
    """Does ``actual`` (as a generator wrote it) state the gold value ``expected``?

    Names and places match when one contains the other ("Tromsø" ~ "Tromsø, Norway").
    ``strict`` allows only a shorter form at the end of the longer one, as a surname
    ("Lindgren" ~ "Tomas Lindgren", but "the encyclopedia" is not "the encyclopedia infobox").
    """
    if not actual:
        return False
    either = EITHER_DAY.match(expected)
    if either:   # "12 or 13 July 100 BC" is stated by either day
        return any(same_value(f"{day} {either.group('rest')}", actual, strict=strict) for day in either.group(1, 2))
    expected_sig = signature(expected)
    if expected_sig:
        return expected_sig == signature(actual)
    want, got = _words(expected), _words(actual)
    if strict:
        want, got = [w for w in want if w != "the"], [w for w in got if w != "the"]
        shorter, longer = sorted((want, got), key=len)
        return bool(shorter) and longer[len(longer) - len(shorter):] == shorter
    return bool(want) and (want == got or _contains(got, want) or _contains(want, got))


def quote_states(expected: str, quote: dict[str, Any]) -> bool:
    """Does an evidence / disputed_by item state ``expected`` (via its value or normalized)?"""
    return same_value(expected, quote.get("value")) or same_value(expected, quote.get("normalized"))


def mentions(text: str, value: str) -> bool:
    """Is ``value`` written in ``text`` (case, spacing and thousands separators aside)?"""
    pattern = r"\s*".join(re.escape(word) for word in _fold(value).split())
    return re.search(rf"(?<![\w.]){pattern}(?![\w])", _fold(text)) is not None


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
                   rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?")


def states(text: str, value: str) -> bool:
    """Like ``mentions``, but a date also counts when written in another order."""
    if mentions(text, value):
        return True
    wanted = signature(value)
    return any(MONTHS.get(token) for token in wanted) and any(
        signature(match.group()) == wanted for match in _DATE.finditer(_fold(text)))


def names_in(names: Iterable[str], text: str | None) -> bool:
    folded = _fold(text or "")
    return any(_fold(name) in folded for name in names)


def prompt_attributes(prompt: str, names: Iterable[str]) -> bool:
    """The prompt names one of ``names`` as the one who says it (not just in passing)."""
    return bool(ATTRIBUTION_CUE.search(prompt)) and names_in(names, prompt)
