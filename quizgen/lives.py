"""When the person a biography opens with was born and died, from its lead's parenthesis.

"CHARLES MARTEL (688 – 22 October 741) was a Frankish statesman ..." says two of
the facts a learner of his life wants first, in a bracket the tagger reads badly
(a year of three digits, a citation mark, a date cut by a dash) and that the
generator otherwise passes over as a life given in passing. The bracket is read
here by its shape, and each date becomes a claim that the questions ask as
"When was Charles Martel born?" and "When did Charles Martel die?". A ruler's
bracket ("r. 522–486 BC") or a flourishing ("fl. 1150") is no life.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .extract import Claim
from .normalize import MONTHS, era_key
from .prompts import LEAD_REACH, lead_person

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_ERA = r"(?:BCE|BC|B\.C\.E\.|B\.C\.|AD|A\.D\.|CE|C\.E\.)"
_HEDGE = r"(?:(?:c\.|ca\.|circa|about)\s*)?"


def _date(tag: str) -> str:
    """A date as a life's bracket writes it: "741", "22 October 741", "October 22, 741", "44 B.C."."""
    return (rf"(?P<{tag}>(?:\d{{1,2}}\s+{_MONTH}\s+|{_MONTH}\s+\d{{1,2}},?\s+)?\d{{1,4}}"
            rf"(?:\s*(?P<{tag}_era>{_ERA}))?)")


# "(688 – 22 October 741)", "( – 30 May 1431)", "(c. 570 CE – 8 June 632 CE)", "(d. 814)", "(born 1412)"
LIFE = re.compile(rf"^[\s,;]*(?:(?:b\.|born)\s*{_HEDGE}{_date('only_born')}|(?:d\.|died)\s*{_HEDGE}{_date('only_died')}"
                  rf"|(?:{_HEDGE}{_date('born')})?\s*[–—-]\s*{_HEDGE}{_date('died')})[\s,;]*$", re.I)
CITATION_MARK = re.compile(r"\[\d{1,3}\]")
PARENTHESIS = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")


def with_life_dates(claims: list[Claim]) -> list[Claim]:
    """``claims`` with the birth and death of each source's lead person added as dates (the
    tagger's own reading of those values dropped)."""
    openings: dict[str, dict[int, Claim]] = {}
    for claim in claims:
        openings.setdefault(claim.source, {}).setdefault(claim.start, claim)
    added = []
    for by_start in openings.values():   # the lead may follow a line of the page the text was cut from
        added += next(filter(None, (_life_claims(by_start[start]) for start in sorted(by_start)[:2])), [])
    taken = {(c.source, c.value_start) for c in added} | {(c.source, c.value_end) for c in added}
    kept = [c for c in claims if c.kind not in ("date", "figure")
            or not any((c.source, at) in taken for at in (c.value_start, c.value_end))]
    return sorted(kept + added, key=lambda c: (c.source, c.start, c.value_start, c.kind))


def _life_claims(opening: Claim) -> list[Claim]:
    person = lead_person(opening.sentence)
    if person is None:
        return []
    bracket = next(PARENTHESIS.finditer(opening.exact[:LEAD_REACH * 2]), None)
    if bracket is None:
        return []
    inside = bracket.group(1)
    match = LIFE.match(CITATION_MARK.sub(lambda m: " " * len(m.group()), inside))
    if match is None:
        return []
    found = []
    for event, groups in (("born", ("only_born", "born")), ("died", ("only_died", "died"))):
        name = next((g for g in groups if match.group(g)), None)
        if name is None:
            continue
        start = bracket.start(1) + match.start(name)
        value = match.group(name)
        era = match.group("died_era") if event == "born" and match.group("died") else None
        normalized = _normalized(value, era)
        if normalized is None:
            continue
        found.append(_claim(opening, person, event, start, value, normalized))
    return found


def _normalized(value: str, era_of_the_other: str | None) -> str | None:
    """"22 October 741" -> "0741-10-22", "102" beside "44 B.C." -> "-0102", "570 CE" -> "0570"."""
    if era_of_the_other and not re.search(_ERA + r"\s*$", value):
        return era_key(f"{value} {era_of_the_other}")
    if re.search(r"\bB\.?C", value, re.I):
        return era_key(value)
    plain = re.match(rf"(?:(\d{{1,2}})\s+({_MONTH})\s+|({_MONTH})\s+(\d{{1,2}}),?\s+)?(\d{{1,4}})", value, re.I)
    if plain is None:
        return None
    year = int(plain.group(5))
    month_name = plain.group(2) or plain.group(3)
    if not month_name:
        return f"{year:04d}"
    day = int(plain.group(1) or plain.group(4))
    return f"{year:04d}-{MONTHS[month_name[:3].lower()]:02d}-{day:02d}"


def _claim(opening: Claim, person: str, event: str, at: int, value: str, normalized: str) -> Claim:
    value_start = opening.start + at
    in_sentence = opening.sentence.find(value)
    return replace(opening, kind="date", value=value, normalized=normalized, label="DATE", claimant=None,
                   subject=f"{person} {event}", key=f"date|{person.casefold()}|{'bear' if event == 'born' else 'die'}",
                   value_start=value_start, value_end=value_start + len(value),
                   value_in_sentence=(max(in_sentence, 0), max(in_sentence, 0) + len(value)),
                   extra={**opening.extra, "life": event, "person": person, "wh": None, "list_member": False,
                          "describes": False, "verbless": False, "no_subject": False})
