"""Turn grouped claims into ranked questions that carry their evidence and disputes.

Each group yields candidates: a cloze of the clause that carries the value, a
wh-question where the subject allows a clean one, multiple choice where good
distractors exist, and, for disputes, one question per claimed value naming its
claimant plus an attribution question ("Who reported ...?"). Candidates are
scored and the deck keeps the best, at most a few per source sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .answers import canonical
from .claims import Aliases, Group, value_key
from .distractors import make_distractors
from .extract import Claim
from .subjects import side_of
from .check import question_problems

BLANK = "_____"
DANGLING_START = re.compile(
    r"^(?:it|this|that|these|those|he|she|they|his|her|their|its|the same day|the next day|the following day|"
    r"the day before|(?:\w+ )?(?:days?|weeks?|months?|years?) (?:later|earlier|after|before)|later|then|"
    r"there|afterwards|subsequently|meanwhile|also|however|in turn|in response)\b", re.I)
LEAD_IN = re.compile(r"^(?:however|also|meanwhile|moreover|furthermore|additionally|in addition|"
                     r"in total|overall|consequently|as a result),\s+", re.I)
CLAUSE_SPLIT = re.compile(r";\s+|,\s+(?=(?:while|whereas|but|although)\b)")
SOURCE_KIND_WEIGHT = {"encyclopedia": 1.0, "infobox": 0.9, "report": 0.9, "news": 0.8, "essay": 0.5,
                      "summary": 0.3, "paraphrase": 0.2}
PER_SENTENCE_CAP = 3
BOUND = re.compile(r"\b(?:more than|over|at least|less than|under|fewer than|at most|up to)\b", re.I)
CLEAN_NAME = re.compile(r"(?:(?:the|The)\s+)?[A-Z\u00c0-\u024f][\w'’.\-]*(?:\s+(?:of|and|for|de|al|the|[A-Z\u00c0-\u024f][\w'’.\-]*))*")
WORDS = re.compile(r"[^\W\d_]{3,}")
VOICES = {"news": "the news report"}
UNANCHORED = re.compile(r"\b(?:also|further|another|other|more|again|too|as well)\b", re.I)
ANAPHORA = re.compile(r"\b(?:the incident|the same|him|them|the latter|the former|the attack|the move|"
                      r"the decision|this|these|those)\b", re.I)
LOOSE_PRONOUN = re.compile(r"(?:^|[,;]\s+)(?:he|she|they|it)\s+(?!is\b)\w+", re.I)
PRONOUNS = re.compile(r"\b(?:she|he|her|his)\b", re.I)
PRONOUN_START = re.compile(r"^(She|He|Her|His)\b(?!\s+own\b)")
CONNECTIVE = re.compile(r"^(?:and|but|or|so|yet|while|whereas|although|nonetheless|nevertheless|thus|hence|therefore|still)\b,?\s+",
                        re.I)
DECK_CAP = 260          # questions kept per deck, best first
MAINS_PER_NAME = 3
MIN_SCORE = 0.6
EVENT_PARTICIPLE = {"kill": "killed", "wound": "wounded", "missing": "missing", "capture": "captured",
                    "displace": "displaced", "destroy": "destroyed", "damage": "damaged"}


@dataclass
class Candidate:
    question: dict
    score: float
    sentence_key: tuple[str, int]
    variants: list[dict] = field(default_factory=list)


def _id_value(main: Claim, value: str) -> str:
    """What an id says is asked: a name as written (its alias set may change as other
    sources are added), a date or figure by its normalised value."""
    return canonical(main.value, "name") if main.kind in ("name", "place") else value


def voice_of(kind: str) -> str:
    """How a prompt names a source that speaks in its own voice: "the encyclopedia"."""
    return VOICES.get(kind, f"the {kind}" if kind and kind != "document" else "the source")


def stable_id(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "q-" + digest[:16]


def is_one_sided(perspective: str | None) -> bool:
    """A perspective the manifest gives as a side ("Azerbaijani policy perspective"), not neutral."""
    return bool(perspective) and not re.match(r"\s*(neutral|none|n/a|unknown)\b", perspective, re.I)


def make_questions(groups: list[Group], aliases: Aliases, source_kinds: dict[str, str],
                   one_sided: set[str] = frozenset()) -> list[dict]:
    pools = _pools(groups)
    voices = {source: voice_of(kind) for source, kind in source_kinds.items()}
    claimant_pool = sorted({c.claimant for g in groups for c in g.claims
                            if c.claimant and c.kind == "figure" and len(c.claimant) < 60})
    protagonists = _protagonists(groups)
    candidates: list[Candidate] = []
    for group in groups:
        candidates.extend(_group_candidates(group, aliases, pools, source_kinds, voices, claimant_pool,
                                            protagonists, one_sided))
    _weigh_mentions(candidates, groups)
    return _rank(candidates)


def _weigh_mentions(candidates: list[Candidate], groups: list[Group]) -> None:
    """A person or place the sources keep returning to is worth knowing; a name on
    every other line ("Azerbaijan" in a deck on its war) makes an ambiguous blank."""
    mentions = {g.key: len({(c.source, c.start) for c in g.claims}) for g in groups}
    sentences = len({(c.source, c.start) for g in groups for c in g.claims}) or 1
    for candidate in candidates:
        question = candidate.question
        if question["kind"] not in ("name", "place"):
            continue
        count = mentions.get(question["group"], 1)
        if count > max(15, sentences * 0.04):
            candidate.score -= 0.4
        else:
            candidate.score += min(0.3, 0.05 * (count - 1))


def _pools(groups: list[Group]) -> dict[str, list[str]]:
    """Values of each entity label across the deck, the source of name and place distractors.

    Only clean names enter a pool: written the way names are written, and given the same
    label every time (a word the tagger calls a person once and an organisation twice
    is no safe wrong answer to "who")."""
    labels: dict[str, set[str]] = defaultdict(set)
    written: dict[str, str] = {}
    for group in groups:
        for claim in group.claims:
            if claim.kind in ("name", "place"):
                form = canonical(claim.value, "name")
                labels[form].add(claim.label)
                written.setdefault(form, claim.value)
    pools: dict[str, list[str]] = defaultdict(list)
    for form, value in sorted(written.items()):
        if len(labels[form]) == 1 and CLEAN_NAME.fullmatch(value):
            pools[next(iter(labels[form]))].append(value)
    # one-word "persons" are often places the tagger misread: keep only known surnames
    full_names = [v for v in pools.get("PERSON", []) if len(v.split()) >= 2]
    surnames = {v.split()[-1] for v in full_names}
    if "PERSON" in pools:
        pools["PERSON"] = [v for v in pools["PERSON"] if len(v.split()) >= 2 or v in surnames]
    return dict(pools)


def _group_candidates(group: Group, aliases: Aliases, pools: dict[str, list[str]],
                      source_kinds: dict[str, str], voices: dict[str, str],
                      claimant_pool: list[str], protagonists: dict[str, str],
                      one_sided: set[str] = frozenset()) -> list[Candidate]:
    by_value = group.by_value()
    every_value = [c.value for claims in by_value.values() for c in claims]
    result = []
    for value, claims in sorted(by_value.items()):
        ranked = sorted(claims, key=lambda c: (-_claim_quality(c, source_kinds), c.source, c.start))
        for main in _mains(ranked):
            claims = [main] + [c for c in ranked if c is not main]
            others = [c for v, cs in by_value.items() if v != value for c in cs]
            # an agreeing source that says who makes the claim speaks for the ones that do not
            claimant = main.claimant or min((c.claimant for c in claims if c.claimant), key=_generic, default=None)
            if (others or _is_toll(main)) and claimant is None:
                claimant = voices.get(main.source, main.source)
            if claimant is None and {c.source for c in claims} <= one_sided:
                # only a partisan source says so: say whose account it is
                claimant = voices.get(main.source, main.source)
            named = claimant if (others or _needs_claimant(main) or main.claimant
                                 or {c.source for c in claims} <= one_sided) else None
            forbidden = every_value + [a for v in every_value for a in aliases.of(v)] if main.kind in ("name", "place") \
                else every_value
            if main.kind in ("name", "place"):
                claims = _same_statement(main, claims)
            base = {
                "kind": main.kind, "subject": main.subject, "claimant": named, "normalized": main.normalized,
                "group": group.key, "evidence": [c.evidence() for c in claims],
                "disputed_by": [c.evidence() for c in others], "accepted": _accepted(main, aliases),
                "answer": _answer_text(main),
            }
            forms = []
            cloze = _cloze(main, named, protagonists.get(main.source))
            if cloze:
                forms.append(("cloze", cloze, 0.0))
            wh = _wh(main, named) if main.kind == "figure" else _parsed_wh(main, named)
            if wh:
                forms.append(("wh", wh, 0.15 if len(wh.split()) >= 8 else -0.2))  # a short wh pins less than its cloze
            distractors = make_distractors(kind=main.kind, answer=base["answer"], forbidden=forbidden,
                                           pool=pools.get(main.label, []), seed=group.key + value,
                                           aliases=aliases.as_lists())
            score = _score(main, claims, others, source_kinds)
            for format_name, prompt, bonus in forms:
                options = [d for d in distractors if d.lower() not in prompt.lower()
                           and not (main.kind in ("name", "place") and _overlaps_any(d, forbidden))]
                question = dict(base, format=format_name, prompt=prompt, distractors=options)
                if len(options) >= 3 and not BOUND.search(main.value) and (
                        format_name == "wh" or main.kind in ("date", "figure") or main.extra.get("list_member")):
                    question["format"] = "multiple_choice"
                elif main.extra.get("list_member"):
                    continue  # one of "A, B and C" typed in: several true answers
                elif format_name == "wh":
                    question["format"] = "type_in"
                question["id"] = stable_id(question["format"], main.kind, _id_value(main, value), named or "",
                                           _normalise_space(prompt))
                body = re.sub(r"^According to [^:]+:\s*", "", prompt)
                dangling = 0.8 if DANGLING_START.match(body) else 0.5 if LOOSE_PRONOUN.search(body) else 0.0
                result.append(Candidate(question, score + bonus - dangling, (main.source, main.start)))
            if others and named:
                pool = claimant_pool if main.kind == "figure" else sorted(set(voices.values()))
                options = _claimant_options(by_value, value, named, voices, pool, group.key)
                if len(options) >= 2:
                    attribution = dict(base, format="attribution", answer=named, accepted=[],
                                       distractors=options, prompt=_attribution_prompt(main))
                    attribution["id"] = stable_id("attribution", main.kind, _id_value(main, value), named,
                                                  main.subject)
                    result.append(Candidate(attribution, score + 0.1, (main.source, -main.start - 1)))
    return result


def _mains(claims: list[Claim]) -> list[Claim]:
    """The sentences to ask from: for a name or place several different ones (the best
    first), since a name's best-scoring sentence may not survive ranking."""
    if claims[0].kind not in ("name", "place"):
        return claims[:1]
    chosen, sentences = [], set()
    for claim in claims:
        if (claim.source, claim.start) not in sentences:
            chosen.append(claim)
            sentences.add((claim.source, claim.start))
        if len(chosen) == MAINS_PER_NAME:
            break
    return chosen


def _same_statement(main: Claim, claims: list[Claim]) -> list[Claim]:
    """For a name or place, the evidence is the sentence asked about and the same
    statement in other sources, not every mention of the name."""
    words = set(WORDS.findall(main.sentence.lower()))
    kept = [main]
    for claim in claims[1:]:
        other = set(WORDS.findall(claim.sentence.lower()))
        if claim.source != main.source and words and len(words & other) / len(words | other) >= 0.5:
            kept.append(claim)
    return kept


def _overlaps_any(option: str, values: list[str]) -> bool:
    """"Lindgren" for "Tomas Lindgren", "Armenia/Artsakh" for "Artsakh": too close to be wrong."""
    mine = set(canonical(option, "name").split())
    return any(mine and (mine <= set(canonical(v, "name").split()) or set(canonical(v, "name").split()) <= mine)
               for v in values)


def _needs_claimant(claim: Claim) -> bool:
    """Figures a side reports about a war's toll are never plain truth."""
    return claim.kind == "figure" and (claim.claimant is not None or _is_toll(claim))


def _is_toll(claim: Claim) -> bool:
    """Casualties, losses, damage, displacement: always said with who says so."""
    parts = claim.key.split("|")
    return claim.kind == "figure" and len(parts) == 4 and parts[3] in EVENT_PARTICIPLE


def _claim_quality(claim: Claim, source_kinds: dict[str, str]) -> float:
    prose = 1.0 if claim.extra.get("block") == "prose" else 0.5
    return prose + SOURCE_KIND_WEIGHT.get(source_kinds.get(claim.source, ""), 0.6)


def _answer_text(claim: Claim) -> str:
    return claim.value


def _accepted(claim: Claim, aliases: Aliases) -> list[str]:
    accepted = []
    if claim.kind == "date" and claim.normalized and "/" not in claim.normalized:
        accepted.append(claim.normalized)
    if claim.kind == "figure" and claim.normalized:
        accepted.append(claim.normalized)
    if claim.kind in ("name", "place"):
        accepted.extend(sorted(a for a in aliases.of(claim.value) if a != claim.value))
    return [a for a in dict.fromkeys(accepted) if a != claim.value]


def _clause(claim: Claim) -> tuple[str, int, int]:
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


def _cloze(claim: Claim, claimant: str | None, protagonist: str | None = None) -> str | None:
    clause, start, end = _clause(claim)
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
        prompt = f"According to {_mid_sentence(claimant)}: {prompt}"
    if len(prompt.replace(BLANK, "").split()) < 4:
        return None
    answer_form = canonical(claim.value, claim.kind)
    if answer_form and re.search(rf"(?<!\w){re.escape(claim.value)}(?!\w)", prompt):
        return None  # the value occurs twice: the blank would be given away
    return prompt


def _protagonists(groups: list[Group]) -> dict[str, str]:
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


def _wh(claim: Claim, claimant: str | None) -> str | None:
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
        question = f"According to {_mid_sentence(claimant)}, how many {noun_phrase} were {participle}?"
    return question


def _parsed_wh(claim: Claim, claimant: str | None) -> str | None:
    """The When/Where/Who question found in the parse, naming the claimant if needed."""
    question = claim.extra.get("wh")
    if not question:
        return None
    if claimant and claimant.lower() not in question.lower():
        question = f"According to {_mid_sentence(claimant)}, {question[:1].lower()}{question[1:]}"
    return question


def _mid_sentence(name: str) -> str:
    return "the " + name[4:] if name.startswith("The ") else name


def _attribution_prompt(main: Claim) -> str:
    """"Who gives X?" with enough of the question around it to know what X is."""
    what = f"the figure {main.value}" if main.kind == "figure" else main.value
    wh = _wh(main, None) if main.kind == "figure" else None
    if wh:
        return f"{wh} The sources disagree: who gives {what}?"
    if main.subject:
        return f"The sources disagree about this ({main.subject}). Who gives {what}?"
    return f"The sources disagree. Who gives {what}?"


def _claimant_options(by_value: dict[str, list[Claim]], value: str, claimant: str,
                      voices: dict[str, str], claimant_pool: list[str], seed: str) -> list[str]:
    """Wrong options for "who said so": first the claimants of the other values, then
    other claimants of the deck; never anyone who gives this same value."""
    same = {canonical(c.claimant or voices.get(c.source, c.source), "name") for c in by_value[value]}
    same.add(canonical(claimant, "name"))
    options: list[str] = []
    rivals = [c.claimant or voices.get(c.source, c.source)
              for other, claims in sorted(by_value.items()) if other != value for c in claims]
    extra = sorted(claimant_pool, key=lambda name: hashlib.sha256((seed + name).encode()).hexdigest())
    related = _stems(claimant) | {stem for c in by_value[value] if c.claimant for stem in _stems(c.claimant)}
    for index, name in enumerate(rivals + extra):
        form = canonical(name, "name")
        if form in same or form in {canonical(o, "name") for o in options}:
            continue
        if index >= len(rivals) and _stems(name) & related:
            continue  # "the Azerbaijani authorities" would be a fair answer where "Azerbaijan" is right
        options.append(name)
        if len(options) >= 3:
            break
    return options


def _generic(claimant: str) -> bool:
    """Prefer "Armenia/Artsakh" or "the Armenian authorities" to "the belligerents"."""
    return not re.search(r"\b[A-Z]", claimant)


def _anchored(claim: Claim) -> bool:
    """Does the clause pin its blank with something besides the blank: a date, a number
    or a name of its own?"""
    clause, start, end = _clause(claim)
    rest = clause[:start] + clause[end:]
    return bool(re.search(r"\d", rest)) or len(re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", rest)) >= 2


def _stems(name: str) -> set[str]:
    """The distinctive words of a claimant, folded: "the Azerbaijani authorities" -> {"azerbaij"}."""
    return {side_of(word) for word in re.findall(r"[A-Z][\w'’-]+", name)} - {None}


def _score(main: Claim, claims: list[Claim], others: list[Claim], source_kinds: dict[str, str]) -> float:
    score = SOURCE_KIND_WEIGHT.get(source_kinds.get(main.source, ""), 0.6)
    score += 0.3 * min(len({c.source for c in claims}) - 1, 2)     # agreement
    score += 0.4 if others else 0.0                                 # disputes are worth learning
    score += {"figure": 0.3, "date": 0.3, "name": 0.1, "place": 0.0}.get(main.kind, 0)
    if ANAPHORA.search(_clause(main)[0]):
        score -= 0.5
    if UNANCHORED.search(_clause(main)[0]) and not _anchored(main):
        score -= 0.4  # "___ has also been damaged": also what, when?
    if len(main.sentence) > 300:
        score -= 0.6
    elif len(main.sentence) > 200:
        score -= 0.2
    if main.extra.get("block") != "prose":
        # a field line ("Harrow Medal (1948)") says little unless a "Per X:" column names who says it
        score -= 0.2 if main.claimant else 0.4
    if main.kind in ("name", "place") and len(main.value) < 4:
        score -= 0.5
    return score


def _rank(candidates: list[Candidate]) -> list[dict]:
    candidates.sort(key=lambda c: (-c.score, c.question["id"]))
    per_sentence: dict[tuple[str, int], int] = defaultdict(int)
    kept, seen_ids, seen_values = [], set(), set()
    for candidate in candidates:
        question = candidate.question
        if question["id"] in seen_ids or candidate.score < MIN_SCORE and not question["disputed_by"]:
            continue
        if question_problems(question):
            continue
        if len(kept) >= DECK_CAP and not question["disputed_by"]:
            continue
        key = candidate.sentence_key
        if question["format"] != "attribution":
            asked = (key, canonical(question["answer"], question["kind"]))
            if per_sentence[key] >= PER_SENTENCE_CAP or asked in seen_values:
                continue
            per_sentence[key] += 1
            seen_values.add(asked)
        seen_ids.add(question["id"])
        question["score"] = round(candidate.score, 3)
        kept.append(question)
    return kept


def _normalise_space(text: str) -> str:
    return " ".join(text.split())
