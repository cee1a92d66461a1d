"""Who asserts a value: "According to X", "Per X:", "X stated that", "X documents".

Works on the text of one sentence with regular expressions, so it behaves the
same with or without the statistical model. The claimant is kept as written
("the Azerbaijani Ministry of Defence") so a question can name it verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REPORTING_VERBS = (
    "stated|states|state|said|says|say|claimed|claims|claim|reported|reports|report|announced|announces|"
    "alleged|alleges|documented|documents|estimated|estimates|confirmed|confirms|asserted|asserts|"
    "declared|declares|counted|counts|told|insisted|insists|maintained|maintains|acknowledged|"
    "acknowledges|revealed|reveals|noted|notes|argued|argues|verified|verifies|"
    # verbs that also describe deeds ("Curie published 32 papers") attribute only a report of a figure
    "(?:recorded|records|gives|give|puts|put|dates|lists|listed|wrote|writes|published|publishes)"
    "(?=\\s+(?:that\\b|the\\s+(?:figure|number|toll|total|count|date|tally)\\b))"
)
NAME_WORD = r"(?:[A-Z][\w'’.\-/&]*|of|the|for|and|de|on|al-|its|their|his|her|" \
            r"authorities|government|officials?|side|forces|sources|military|ministry|army|office|" \
            r"spokesperson|spokesman|spokeswoman|agency|press|service|media|president|minister|" \
            r"analysts?|researchers?|observers?|experts?|chronology|records|archives?|register|census|" \
            r"statistics|estimates?|report|ombudsman|human|rights|watch|monitor|survey|study|[a-z]+-[a-z]+)"
SUBJECT = rf"(?P<who>(?:[Tt]he\s+|[Aa]n?\s+)?(?:[a-z]+\s+)?[A-Z][\w'’.\-/&]*(?:\s+{NAME_WORD}){{0,9}}|" \
          rf"(?:[Tt]he\s+)?(?:[a-z]+\s+)?(?:authorities|government|officials|ministry|army|military)" \
          rf"(?:\s+{NAME_WORD}){{0,6}}|" \
          rf"[Tt]he\s+(?:[a-z]+\s+){{0,2}}[a-z]{{3,}}(?=\s+(?:said|stated|reported|claimed|announced|estimated)\b))"
VERB_ATTRIBUTION = re.compile(rf"{SUBJECT}(?:\s*,\s*(?:which|who|whose)\b[^,;]{{0,80}},)?"
                              rf"(?:\s*,\s*(?:however|though|in turn|meanwhile|instead|by contrast|for its part|"
                              rf"for their part|on the other hand)\s*,)?\s*,?\s+"
                              rf"(?:(?:had|has|have|also|later|officially|then)\s+)*(?:{REPORTING_VERBS})\b"
                              # "through the New England states; but": a noun, not a verb of saying
                              rf"(?!\s*[;,.)])")
ACCORDING_TO = re.compile(r"\b(?:[Aa]ccording to|[Pp]er|[Aa]s reported by|[Aa]s stated by|[Cc]iting)\s+"
                          r"(?P<who>[^,;:()\"“”]+?)(?=\s*(?:[,;:)]|$|\.\s|\.$))")
LOOKING_BACK = re.compile(r"[,(]\s*(?:according to|per|as reported by|citing)\s+(?P<who>[^,;:()]+?)\s*(?:[).]|$)"
                          r"|,\s*(?P<who2>(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z\w][\w'’.\-]*){0,5})\s+(?:said|stated|reported|claimed)\s*\.?$",
                          re.I)
FIGURES_BY = re.compile(r"(?:figures|data|statistics|numbers|estimates|reports?)\s+(?:released|published|"
                        r"provided|issued|given)\s+by\s+(?P<who>.+)$", re.I)
NOT_CLAIMANTS = re.compile(r"^(?:it|this|that|he|she|they|there|which|who|the war|the report|the same day|"
                           r"the next day|on|in|by|during|after|before|"
                           # "Both acknowledged Mendel's priority": a word that points back names no one
                           r"the|a|an|both|all|each|some|many|most|several|others|one|neither|either|these|those|"
                           r"we|i|you)$", re.I)
LEADING_NOISE = re.compile(r"^(?:(?:On|In|By|During|After|Before|As of|Also|However|Meanwhile|Later|"
                           r"Then|Subsequently)\b[^,]*,\s*|(?:and|but|while|whereas|although|as)\s+)+", re.I)


@dataclass(frozen=True)
class Attribution:
    start: int        # where the attribution phrase starts in the sentence
    end: int          # where it ends; values after it are attributed to ``who``
    who: str
    looks_back: bool  # attributes what comes before it ("..., according to X.")
    sentence_wide: bool = False  # ", according to X," inside a sentence speaks for all of it


def find_claimants(sentence: str) -> list[Attribution]:
    found: list[Attribution] = []
    for match in LOOKING_BACK.finditer(sentence):
        who = _tidy(match.group("who") or match.group("who2") or "")
        if who:
            found.append(Attribution(match.start(), match.end(), who, True))
    taken = [(a.start, a.end) for a in found]
    for match in ACCORDING_TO.finditer(sentence):
        if any(s <= match.start() < e for s, e in taken):
            continue
        who = _tidy(match.group("who"))
        if who:
            inside = match.start() > 0 and sentence[:match.start()].rstrip().endswith(",")
            found.append(Attribution(match.start(), match.end(), who, False, sentence_wide=inside))
    for match in VERB_ATTRIBUTION.finditer(sentence):
        start = match.start("who")
        who = _tidy(LEADING_NOISE.sub("", match.group("who")))
        if who and not any(s <= start < e for s, e in taken):
            found.append(Attribution(start, match.end(), who, False))
    return sorted(found, key=lambda a: a.end)


def _tidy(who: str) -> str | None:
    who = " ".join(who.split()).strip(" ,.;:")
    by = FIGURES_BY.search(who)
    if by:
        who = by.group("who").strip()
    who = re.sub(r"^(?:and|but|while|whereas)\s+", "", who, flags=re.I)
    if not who or NOT_CLAIMANTS.match(who) or len(who) > 80 or not re.search(r"[A-Za-z]", who):
        return None
    if who[0].islower() and not re.match(r"(?:the|an?)\s", who):
        return None
    return who


GENERIC_CLAIMANT = re.compile(r"^the\s+(ministry|agency|office|government|authority|authorities|institute|"
                              r"board|council|commission|committee|archive|department|court|army|company)$", re.I)


def resolve_generic(claimant: str | None, text: str) -> str | None:
    """"the ministry" in a text that names "the Kaldorian Ministry of Foreign Affairs"
    is that ministry: the name used most often in the source, if it names one."""
    if not claimant:
        return claimant
    generic = GENERIC_CLAIMANT.match(claimant.strip())
    if not generic:
        return claimant
    noun = generic.group(1)
    pattern = re.compile(rf"\b(?:[A-Z][\w'’-]+[ \t]+){{0,3}}{noun.capitalize()}"
                         rf"(?:[ \t]+(?:of|for)(?:[ \t]+(?:the|and)?[ \t]*[A-Z][\w'’-]+)+)?")
    names = [m.group().strip() for m in pattern.finditer(text) if m.group().strip().lower() != noun]
    if not names:
        return claimant
    first_line = text.split("\n", 1)[0]
    titled = [n for n in names if n in first_line]  # a source's title names its author best
    best = titled[0] if titled else max(sorted(set(names)), key=names.count)
    return "the " + best if not best.lower().startswith("the ") else best
