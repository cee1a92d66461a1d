"""The words of a question: the clause that carries a value, its blank, its wh-form.

Everything here turns one claim into prompt text; choosing which claims to ask
and scoring the candidates is ``quizgen.questions``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .answers import canonical
from .claims import Group
from .extract import Claim
from .subjects import side_of

BLANK = "_____"
OWN_ATTRIBUTION = re.compile(r"^(?:Per|According to)\s+[^:,]{1,60}[:,]\s*", re.I)
LEAD_IN = re.compile(r"^(?:however|also|meanwhile|moreover|furthermore|additionally|in addition|"
                     r"in total|overall|consequently|as a result),\s+", re.I)
CLAUSE_SPLIT = re.compile(r";\s+|,\s+(?=(?:while|whereas|but|although)\b)")
PRONOUNS = re.compile(r"\b(?:she|he|her|his)\b", re.I)
PRONOUN_START = re.compile(r"^(She|He|Her|His)\b(?!\s+own\b)")
CONNECTIVE = re.compile(r"^(?:and|but|or|so|yet|while|whereas|although|nonetheless|nevertheless|thus|hence|therefore|still)\b,?\s+",
                        re.I)
EVENT_PARTICIPLE = {"kill": "killed", "wound": "wounded", "missing": "missing", "capture": "captured",
                    "displace": "displaced", "destroy": "destroyed", "damage": "damaged"}


def value_clause(claim: Claim) -> tuple[str, int, int]:
    """The clause of the sentence holding the value, with the value's position in it."""
    sentence = claim.sentence
    start, end = claim.value_in_sentence
    pieces, offset = [], 0
    for match in CLAUSE_SPLIT.finditer(sentence):
        pieces.append((offset, match.start()))
        offset = match.end()
    pieces.append((offset, len(sentence)))
    for p_start, p_end in pieces:
        if p_start <= start and end <= p_end:
            clause = sentence[p_start:p_end]
            return clause, start - p_start, end - p_start
    return sentence, start, end


def cloze(claim: Claim, claimant: str | None, protagonist: str | None = None) -> str | None:
    clause, start, end = value_clause(claim)
    head, tail = clause[:start], clause[end:]
    for pattern in (CONNECTIVE, LEAD_IN, CONNECTIVE):
        lead = pattern.match(head)
        if lead:
            head = head[lead.end():]
            head = head[:1].upper() + head[1:]
    if protagonist and canonical(protagonist, "name") != canonical(claim.value, "name"):
        # a biography says "She was appointed...": name her, so the card stands on its own
        head = PRONOUN_START.sub(lambda m: protagonist + ("'s" if m.group(1).lower() in ("her", "his") else ""),
                                 head, count=1)
    prompt = f"{head}{BLANK}{tail}".strip()
    prompt = re.sub(r"^[,;:\s]+", "", prompt)
    if not prompt.endswith((".", "?", "!")):
        prompt = prompt.rstrip(",;: ") + "."
    if claimant and claimant.lower() not in prompt.lower():
        prompt = OWN_ATTRIBUTION.sub("", prompt, count=1)  # "Per the ministry:" gives way to its full name
        prompt = f"According to {mid_sentence(claimant)}: {prompt[:1].upper()}{prompt[1:]}"
    if len(prompt.replace(BLANK, "").split()) < 4:
        return None
    answer_form = canonical(claim.value, claim.kind)
    if answer_form and re.search(rf"(?<!\w){re.escape(claim.value)}(?!\w)", prompt):
        return None  # the value occurs twice: the blank would be given away
    return prompt


def protagonists(groups: list[Group]) -> dict[str, str]:
    """The person each source is about: named early, then mostly "she" or "he".

    A source that names nobody early but speaks of one person borrows the deck's
    protagonist when every source that names one names the same person.
    """
    claims = [c for g in groups for c in g.claims]
    sentences: dict[str, dict[int, str]] = defaultdict(dict)
    for claim in claims:
        sentences[claim.source][claim.start] = claim.sentence
    result: dict[str, str] = {}
    for source, by_start in sentences.items():
        pronouns = sum(len(PRONOUNS.findall(text)) for text in by_start.values())
        if pronouns < 3:
            continue
        early = sorted(by_start)[:2]
        people = sorted((c for c in claims if c.source == source and c.start in early and c.label == "PERSON"
                         and len(c.value.split()) >= 2), key=lambda c: c.value_start)
        if people:
            result[source] = people[0].value
    named = set(result.values())
    if len(named) == 1:
        person = named.pop()
        for source, by_start in sentences.items():
            if source not in result and sum(len(PRONOUNS.findall(t)) for t in by_start.values()) >= 3:
                result[source] = person
    return result


def how_many(claim: Claim, claimant: str | None) -> str | None:
    parts = claim.key.split("|")
    if len(parts) != 4 or parts[3] not in EVENT_PARTICIPLE or not claim.subject:
        return None
    words = claim.subject.split()
    participle = EVENT_PARTICIPLE[parts[3]]
    if words and words[-1].lower() in (participle, "killed", "wounded", "missing", "captured", "displaced",
                                       "destroyed", "damaged", "killing"):
        words = words[:-1]
    noun_phrase = " ".join(words).replace(" - ", "-")
    if not noun_phrase or not re.search(r"[a-z]{3}", noun_phrase) or noun_phrase.endswith("ed"):
        return None
    question = f"How many {noun_phrase} were {participle}?"
    if parts[1] and not any(side_of(w) == parts[1] for w in noun_phrase.split()):
        return None  # the side counted would be missing from the question
    if claimant:
        question = f"According to {mid_sentence(claimant)}, how many {noun_phrase} were {participle}?"
    return question


def parsed_wh(claim: Claim, claimant: str | None) -> str | None:
    """The When/Where/Who question found in the parse, naming the claimant if needed."""
    question = claim.extra.get("wh")
    if not question:
        return None
    if claimant and claimant.lower() not in question.lower():
        question = f"According to {mid_sentence(claimant)}, {question[:1].lower()}{question[1:]}"
    return question


def mid_sentence(name: str) -> str:
    return "the " + name[4:] if name.startswith("The ") else name


def attribution_prompt(main: Claim) -> str:
    """"Who gives X?" with enough of the question around it to know what X is."""
    what = f"the figure {main.value}" if main.kind == "figure" else main.value
    wh = how_many(main, None) if main.kind == "figure" else None
    if wh:
        return f"{wh} The sources disagree: who gives {what}?"
    if main.subject:
        return f"The sources disagree about this ({main.subject}). Who gives {what}?"
    return f"The sources disagree. Who gives {what}?"
