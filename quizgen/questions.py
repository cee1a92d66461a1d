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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from . import options, prompts, salience
from .answers import canonical, fuller_names, generic_noun, same_person
from .check import CASUALTY_WORDS, question_problems
from .claims import Aliases, Group, same_date_at_other_precision, value_key
from .distractors import make_distractors
from .extract import Claim
from .markup import strip_markup
from .nlp import only_adjective
from .normalize import iso_year, parse_quantity
from .prompts import EVENT_PARTICIPLE

NAME_PARTICLES = {"de", "du", "da", "di", "von", "van", "der", "den", "la", "le", "al", "ibn", "bin"}
DERIVED_ADJECTIVE = re.compile(r"(?:ic|ical|ian|ese|ish|ine)$", re.I)   # "Vedic", "Byzantine": made from a noun
DANGLING_START = re.compile(
    r"^(?:it|this|that|these|those|he|she|they|his|her|their|its|the same day|the next day|the following day|"
    r"the day before|(?:\w+ )?(?:days?|weeks?|months?|years?) (?:later|earlier|after|before)|later|then|"
    r"there|afterwards|subsequently|thereafter|meanwhile|also|however|in turn|in response|"
    r"the (?:couple|pair|brothers|sisters|latter|former)(?!\s+(?-i:[A-Z])))\b", re.I)   # which couple?
SOURCE_KIND_WEIGHT = {"encyclopedia": 1.0, "infobox": 0.9, "reference": 0.9, "report": 0.9, "news": 0.8, "essay": 0.5,
                      "summary": 0.3, "paraphrase": 0.2}
PER_SENTENCE_CAP = 3      # a sentence's main facts; its siblings are spaced apart in rank order
NEAR_COPY = 0.6           # sentences sharing this much of their words say the same thing
BOUND = re.compile(r"\b(?:more than|over|at least|less than|under|fewer than|at most|up to|below|above)\b", re.I)
BOUND_BEFORE = re.compile(r"\b(?:more than|over|at least|less than|under|fewer than|at most|up to|nearly|almost|"
                          r"below|above|exceed(?:ed|ing|s)?|surpass(?:ed|ing|es)?|beyond)\s*$", re.I)
WORDS = re.compile(r"[^\W\d_]{3,}")
UNANCHORED = re.compile(r"\b(?:also|further|another|other|more|again|too|as well)\b", re.I)
# a count of the dead, hurt or homeless: "killed more than 8,000", "11,000 deaths", "left 70,000 homeless"
TOLL_IN_TEXT = re.compile(r"(?<![\d,.])\d(?:[\d,.]*\d)?\s+(?:[A-Za-z-]+\s+){0,2}?(?:killed|dead|deaths|died|"
                          r"casualties|wounded|injured|missing|displaced|homeless)\b|"
                          r"\b(?:killed|killing|deaths? of|death toll of|left)\s+(?:[\w-]+\s+){0,3}?\d[\d,.]*\s+"
                          r"(?:[\w-]+\s+){0,2}?(?:people|persons|dead|homeless|soldiers|civilians|men)\b", re.I)
ANAPHORA = re.compile(r"\b(?:the incident|the same|him|them|the latter|the former|the attack|the move|"
                      r"the decision|this|these|those)\b", re.I)
# "..., he defeated", "Representing ___ of the territory, this area includes", "When did the couple marry?": who
# or which, the card does not say
LOOSE_PRONOUN = re.compile(r"(?:^|[,;]\s+)(?:(?:he|she|they|it)\s+(?!is\b)\w+|"
                           r"(?:this|these|those)\s+(?!time\b|year\b|way\b)[a-z]+\s+[a-z]+)"
                           r"|\bthe (?:couple|pair|brothers|sisters|latter|former)\b(?!\s+(?-i:[A-Z]))", re.I)
SPLIT_NAME = re.compile(rf"_____ (?:{'|'.join(NAME_PARTICLES)}) [A-Z]")   # "the journal ___ der Physik": half a name
# "Forests and woodland: ___", "LAND USE: arable land: ___": a label of a few words, not a sentence before a colon
FIELD_LINE = re.compile(r"(?!(?:The|A|An|This|These|Its|Their)\b)[A-Z][A-Za-z()/'-]*(?:[ ,]+[A-Za-z()/'-]+){0,3}:\s")
NOT_A_TITLE_WORD = {"geography", "economy", "history", "climate", "politics", "demographics", "culture"}
HEDGE = re.compile(r"^(?:around|about|approximately|circa|c\.|ca\.)\s+", re.I)
CLOCK = re.compile(r"\d{1,2}[.:][0-5]\d")
AD_YEAR = re.compile(r"\bA\.?D\.?\s*(?P<year>\d{1,4})\b|\b(?P<later>\d{1,4})\s*A\.?D\b")
ERA = re.compile(r"B\.?\s?C\.?(?:E\.?)?$")
KIND_WORDS = re.compile(r"\b(?:article|encyclopedia|essay|report|summary|infobox|excerpts?|lead|news|obituary|"
                        r"profile|statement|notes|biography|textbook|chapter|review|paper)\b", re.I)
READABLE_CLAIMANT = re.compile(r"[A-Za-z]{3,}")
TITLE_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b")
# "now" of a state the source saw ("there are now", "now numbers", "is now"), not a step of a
# procedure ("Now the plate is lifted", "Let now the handle be turned")
STATE_VERB = r"(?:is|are|has|have|exists?|numbers?|counts?|contains?|includes?|stands?|lies?|holds?|possesses?)"
NOW = re.compile(rf"\b{STATE_VERB}\s+now\b|(?<!^)(?<!\blet )\bnow\s+{STATE_VERB}\b|"
                 r"\bat present\b|\bat the present (?:day|time)\b|\bnowadays\b", re.I)
NEARBY_WORDS = 3        # sentences sharing this many content words speak of the same things
KIND_PHRASES = {"encyclopedia": "encyclopedia article", "news": "news report", "infobox": "infobox"}
PART_WORDS = re.compile(r"\b(?:sections?|parts?|chapters?|pages?|paragraphs?|extracts?)\b", re.I)
MAX_TITLE = 100         # longer "titles" are first lines of text, named by the source's id instead
DECK_CAP = 260          # questions kept per deck, best first
MAINS_PER_NAME = 3
MIN_SCORE = 0.6
@dataclass
class Candidate:
    question: dict
    score: float
    sentence_key: tuple[str, int]
    claim: Claim
    variants: list[dict] = field(default_factory=list)


def _adds_more(claim: Claim) -> bool:
    start, end = claim.value_in_sentence
    return bool(re.search(r"\bmore\b", claim.sentence[max(0, start - 12):end + 8], re.I))


DATE_BOUND_BEFORE = re.compile(r"\b(?:by|since|before|after|until|till)\s+(?:about\s+|c\.\s*)?$", re.I)


def _bounded(claim: Claim) -> bool:
    """"more than 5,000", "was over ___": a bound makes smaller (or larger) options true too.
    A time of day ("At 2.45") is typed too: options made by scaling it are no clock times."""
    start = claim.value_in_sentence[0]
    if CLOCK.fullmatch(claim.value) and re.search(r"\b(?:at|by|until|till|about)\s*$", claim.sentence[:start], re.I):
        return True
    if claim.kind == "date" and DATE_BOUND_BEFORE.search(claim.sentence[max(0, start - 16):start]):
        return True   # "By ___ the dynasty was safe", "since ___": a later (or earlier) year is true as well
    return bool(BOUND.search(claim.value) or BOUND_BEFORE.search(claim.sentence[max(0, start - 16):start]))


def _id_value(main: Claim, value: str) -> str:
    """What an id says is asked: a name as written (its alias set may change as other
    sources are added), a date or figure by its normalised value."""
    return canonical(main.value, "name") if main.kind in ("name", "place") else value


def voice_of(kind: str, title: str = "", source_id: str = "") -> str:
    """How a prompt names a source that speaks in its own voice: what its title says it is
    ("Second Nagorno-Karabakh War (encyclopedia infobox and lead)" -> "the encyclopedia
    infobox and lead"), else the title itself in quotes ("‘Lisbon: my notes’"). Never
    "the source" nor a bare kind: a learner cannot tell two sources apart by those."""
    described = re.search(r"\(([^()]{3,60})\)\s*$", title or "")
    if described and (KIND_WORDS.search(described.group(1))
                      or re.search(rf"\b{re.escape(kind)}\b", described.group(1), re.I)):
        return "the " + described.group(1).strip()
    if described and PART_WORDS.search(described.group(1)):  # "(Bunker Hill and Aftermath sections)": which part
        title = title[:described.start()]
    name = " ".join((title or "").split())
    if not name or len(name) > MAX_TITLE or name.endswith("."):
        name = source_id or kind or "document"  # a first line taken for the title: a sentence, not a name
    if name.isupper():
        name = name.title()                     # "BUNKER HILL", as an old encyclopedia heads it
    # "according to ‘Bunker Hill’" reads as the hill speaking: say what kind of text it is
    described_kind = KIND_PHRASES.get(kind, kind) if kind and kind != "document" else ""
    return f"the {described_kind} ‘{name}’" if described_kind else f"‘{name}’"


def distinct_voices(voices: dict[str, str]) -> dict[str, str]:
    """Two sources never share a name in a prompt: "the encyclopedia article ‘Calcium’" for
    two revisions or two encyclopedias gets each source's id beside it."""
    shared = Counter(voices.values())
    return {source: f"{voice} ({source})" if shared[voice] > 1 else voice for source, voice in voices.items()}


def stable_id(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "q-" + digest[:16]


def is_one_sided(perspective: str | None) -> bool:
    """A perspective the manifest gives as a side ("Azerbaijani policy perspective"), not neutral."""
    if not perspective:
        return False
    return not re.match(r"\s*(neutral|none|n/a|unknown)\b", perspective, re.I)


# capitalised words before a surname that are no one's given name
PATRONYMIC = {"ibn", "bin", "bint", "ben", "ap", "bat"}   # "son of", "daughter of" inside a name
NOT_GIVEN_NAMES = {"Sir", "Dame", "Dr", "Mr", "Mrs", "Ms", "Lord", "Lady", "King", "Queen", "Saint", "St", "Prof"}
# "King Khosrau I", "Justin II", "Cleopatra VII Philopator": a ruler's name and number, and an epithet
REGNAL_NAME = re.compile(r"(?P<title>(?:King|Queen|Emperor|Empress|Pope|Sultan|Tsar|Shah|Saint|St\.?|Pharaoh)\s+)?"
                         r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?=[IVX])(?P<number>X{0,3}(?:IX|IV|V?I{0,3}))"
                         r"(?P<epithet>(?:\s+[A-Z][\w'’-]+){0,3})")
CAPITALISED_END = re.compile(r"[A-Z][\w'’-]*\.?\s+$")
CAPITALISED_START = re.compile(r"\s+[A-Z]")


def make_questions(groups: list[Group], aliases: Aliases, source_kinds: dict[str, str],
                   one_sided: set[str] | frozenset[str] = frozenset(), source_titles: dict[str, str] | None = None,
                   deck_title: str = "") -> list[dict]:
    voices = distinct_voices({source: voice_of(kind, (source_titles or {}).get(source, ""), source)
                              for source, kind in source_kinds.items()})
    claimant_pool = sorted({c.claimant for g in groups for c in g.claims
                            if c.claimant and c.kind == "figure" and len(c.claimant) < 60})
    protagonists = prompts.protagonists(groups, source_titles, deck_title)
    genders = prompts.pronoun_genders(groups)
    referents = prompts.referents(groups)
    described = prompts.described_topics(groups)
    casing = prompts.word_casing(groups)
    years = [int(c.normalized[:4]) for g in groups for c in g.claims
             if c.kind == "date" and c.normalized and c.normalized[:4].isdigit()]
    latest_year = max(years, default=None)
    lifetimes = _lifetimes(groups)
    says: dict[str, set[str]] = defaultdict(set)
    for group in groups:
        for claim in group.claims:
            if claim.kind in ("date", "figure"):
                says[canonical(voices.get(claim.source, claim.source), "name")].add(value_key(claim))
                if claim.claimant:
                    says[canonical(claim.claimant, "name")].add(value_key(claim))
    nearby = _nearby_values(groups)
    candidates: list[Candidate] = []
    for group in groups:
        candidates.extend(_group_candidates(group, aliases, source_kinds, voices, claimant_pool,
                                            protagonists, referents, one_sided, says, nearby, described,
                                            latest_year, genders, casing, lifetimes))
    subjects = [deck_title, *prompts.topics(groups)]
    candidates = [c for c in candidates if not salience.not_worth_asking(c.claim, c.question, subjects)]
    _weigh_mentions(candidates, groups)
    salience.weigh(candidates, groups)
    sentences, lower = sentence_words(groups)
    candidates = [c for c in candidates if c.question["disputed_by"] or not salience.common_word(c.question, lower)]
    if len(sentences) >= salience.ONCE_NAMED_SENTENCES:   # in a short text every name is said once
        named = salience.names_per_sentence(sentences)
        candidates = [c for c in candidates if c.score >= salience.ONCE_NAMED_FLOOR or c.question["disputed_by"]
                      or not salience.named_once(c.question, named)]
    kept = _name_forms(_rank(candidates), groups, sentences, lower, set(protagonists.values()))
    return salience.order(_field_lines_titled(kept, deck_title))


def _lifetimes(groups: list[Group]) -> dict[str, tuple[int, int]]:
    """The first and last year of the life each biography's lead gives ("(388 – 450)"): a date of
    that life gets options inside it, not "461" for a woman who died in 450."""
    events: dict[str, dict[str, int]] = defaultdict(dict)
    for claim in (c for g in groups for c in g.claims):
        if claim.extra.get("life") and (year := iso_year(claim.normalized or "")) is not None:
            events[claim.source][claim.extra["life"]] = year
    return {source: (life["born"], life["died"]) for source, life in events.items()
            if "born" in life and "died" in life and life["born"] < life["died"]}


def _field_lines_titled(questions: list[dict], deck_title: str) -> list[dict]:
    """A fact sheet's line says whose figure it is no more than the sheet's heading does ("Forests and
    woodland: ___ (as of 1993)."): such a prompt opens with the deck's title where it names no word of it."""
    telling = [w for w in re.findall(r"\b[A-Z][\w'’-]{3,}", deck_title)[1:] if w.lower() not in NOT_A_TITLE_WORD] \
        or re.findall(r"\b[A-Z][\w'’-]{3,}", deck_title)[:1]
    for question in questions:
        body = salience.ACCORDING_TO.sub("", question["prompt"])
        if question["format"] != "attribution" and telling and FIELD_LINE.match(body) \
                and not any(re.search(rf"\b{re.escape(word)}\b", question["prompt"]) for word in telling):
            lead = question["prompt"][:len(question["prompt"]) - len(body)]   # "According to ...: ", if any
            question["prompt"] = f"{lead}{deck_title} – {body}"
            question["id"] = stable_id(question["format"], question["kind"], question["answer"],
                                       question.get("claimant") or "", _normalise_space(question["prompt"]))
    return questions


def sentence_words(groups: list[Group]) -> tuple[set[str], set[str]]:
    """The deck's sentences (those that carry claims) and the words they write in lower case."""
    sentences = {c.sentence for g in groups for c in g.claims}
    return sentences, {w for sentence in sentences for w in re.findall(r"\b[a-z]{3,}\b", sentence)}


def _name_forms(questions: list[dict], groups: list[Group], sentences: set[str], lower: set[str],
                subjects: Iterable[str] = ()) -> list[dict]:
    """A person's surname and full name answer for each other where the deck names one
    person so: "Davy" for Humphry Davy when the sources also say "Davy" alone, "Humphry
    Davy" for "Davy" when he is the only Davy the deck names in full, or when he is the person a
    source is about (``subjects``: "Napier" is John Napier in his biography, though it names his
    father Archibald Napier too). ``sentences`` and ``lower`` are ``sentence_words(groups)``."""
    names = {" ".join(c.value.split()) for g in groups for c in g.claims if c.kind == "name"}
    persons = {" ".join(c.value.split()) for g in groups for c in g.claims if c.kind == "name" and c.label == "PERSON"}
    names |= {word for word in {n.split()[-1] for n in persons if " " in n}
              if surname_like(word) and any(used_alone(word, sentence) for sentence in sentences)}
    full: dict[str, set[str]] = defaultdict(set)
    for name in names:
        words = name.split()
        if 2 <= len(words) <= 4 and words[0][:1].isupper() and words[-1][:1].isupper() \
                and all(w[:1].isupper() or w in NAME_PARTICLES for w in words):   # "Henry de Bohun"
            full[words[-1]].add(name)
    for question in questions:
        if not salience.asks_a_name(question):
            continue
        answer, forms = question["answer"], []
        last = answer.split()[-1]
        subject = next((name for name in subjects if name.split()[-1] == last and " " in name), None)
        if question["kind"] == "name" and answer == subject and last in names:
            forms.append(last)   # "Napier" for John Napier in a deck that is about him
        elif question["kind"] == "name" and answer == last and subject:
            forms.append(subject)
        elif question["kind"] == "name" and " " in answer \
                and _another_of_that_name(answer, full.get(last, set()), sentences, lower):
            question["accepted"] = [f for f in question["accepted"] if f != last]   # which Fleming: the deck has two
        elif question["kind"] == "name" and answer in full.get(last, set()) and last in names \
                and call_name(answer) is None and _one_person(full[last]):
            # "Caesar", and "Julius Caesar" where the deck also writes it, for "Gaius Julius Caesar"
            forms += [last, *sorted(o for o in full[last] if o != answer)]
        elif " " not in answer and (people := sorted(full.get(answer, set()))) and all(
                same_person(people[0], other) for other in people[1:]) \
                and (question["kind"] == "name" or set(people) <= persons):
            # "Friedrich Stromeyer" and "F. Stromeyer" for "Stromeyer": one man; also where the tagger
            # took the surname alone for a place ("Bruce killed Bohun")
            forms.extend(people)
        if question["kind"] == "name" and " " not in answer and len(given := {
                p for p in persons if p.split()[0] == answer and " " in p}) == 1:
            forms.extend(given)   # "Jean de Venette" for "Jean" (as the source calls him later): the one Jean named
        if question["kind"] == "name":
            forms.extend(fuller_names(answer, persons))   # "Robert Gray" for "Bishop Gray": the one Gray named
            forms.extend(_call_name_forms(answer, names))
            forms.extend(_numbered_forms(answer, names, sentences))
        question["accepted"] += [f for f in dict.fromkeys(forms) if f != answer and f not in question["accepted"]]
    for question in questions:
        if salience.asks_a_name(question) and " " in question["answer"]:
            # "Medal" for "the Rumford Medal": a word the sources also write in lower case names nothing
            # alone, nor does a kind of place ("Volcán" of "Volcán Barú")
            question["accepted"] = [f for f in question["accepted"]
                                    if " " in f or not ({f.lower(), f.lower() + "s"} & lower or generic_noun(f))]
    return questions


def _one_person(names: set[str]) -> bool:
    """Are these names of one surname one person, each the other with words left out ("Julius
    Caesar", "Gaius Julius Caesar"), not two ("Hugh Fleming", "Alexander Fleming")?"""
    return all(set(a.split()) <= set(b.split()) or set(b.split()) <= set(a.split()) for a in names for b in names)


def _another_of_that_name(answer: str, named: set[str], sentences: set[str], lower: set[str]) -> bool:
    """Do the sources name another person of ``answer``'s surname ("Alexander Fleming" beside
    "Hugh Fleming"), among the names found or as a given name written before the surname that the
    tagger missed? A word the sources also write in lower case ("From Aëtius", "Doctor Fleming") is no
    given name; "Jacob Berzelius" and "E. Berzelius" may be "Jöns Jacob Berzelius"."""
    words = answer.split()
    before = re.compile(rf"\b([A-Z][a-z]+)\s+{re.escape(words[-1])}\b")
    given = {m.group(1) for sentence in sentences for m in before.finditer(sentence)}
    others = named | {f"{name} {words[-1]}" for name in given   # not "In Gibbon's", "Although Paulescu"
                      if name.lower() not in lower and name.lower() not in STOP_WORDS and name not in NOT_GIVEN_NAMES}
    return any(not set(other.split()[:-1]) <= set(words) and not set(words[:-1]) <= set(other.split())
               and not same_person(answer, other) for other in others - {answer})


def call_name(name: str) -> str | None:
    """The name a person is called by alone where the rest of the name only qualifies it: an
    epithet ("Liutprand" of "Liutprand the Lombard") or a father's name ("Waraka" of "Waraka ibn
    Nawfal", "Sawda" of "Sawda bint Zama")."""
    words = name.split()
    if len(words) >= 3 and words[0][:1].isupper() and (
            (len(words) == 3 and words[1] == "the" and words[2][:1].isupper()) or words[1] in PATRONYMIC):
        return words[0]
    return None


def _call_name_forms(answer: str, names: set[str]) -> list[str]:
    """"Liutprand" for "Liutprand the Lombard" and the reverse, where the deck names no other
    Liutprand: with a Charles the Bald and a Charles Martel, "Charles" says neither."""
    given = call_name(answer) or (answer if " " not in answer else None)
    namesakes = {n for n in names if n.split()[0] == given and n not in (given, answer)}
    if given is None or (given != answer and namesakes):
        return []
    if given != answer:
        return [given]
    return sorted(namesakes) if len(namesakes) == 1 and call_name(min(namesakes)) == given else []


def _numbered_forms(answer: str, names: set[str], sentences: set[str]) -> list[str]:
    """"Khosrau" for "King Khosrau I" and "Anastasius I" for "Anastasius", where the deck names
    one ruler of that name: with a Justin I and a Justin II, "Justin" says neither."""
    match = REGNAL_NAME.fullmatch(answer)
    base = match.group("name") if match else answer
    # "Ptolemy XIII" for "Pharaoh Ptolemy XIII Theos Philopator": the name and number alone say who
    numbered = [f"{base} {match.group('number')}"] if match and (match.group("title") or match.group("epithet")) else []
    rulers = {name for name in names | {answer}
              if (ruler := REGNAL_NAME.fullmatch(name)) and ruler.group("name") == base}
    numbers = {m.group(1) for sentence in sentences
               for m in re.finditer(rf"\b{re.escape(base)}\s+([IVX]+)\b", sentence)}
    others = {name for name in names - rulers if name.split()[0] == base and " " in name}
    if len(rulers) != 1 or len(numbers) > 1 or (not match and others):
        return numbered   # "Philip" beside "Philip VI" and "Philip of Valois": maybe his son
    return [*numbered, base] if match else sorted(rulers)


def surname_like(word: str) -> bool:
    """"Aliyev" may stand for Ilham Aliyev; "III" of Paul III, "Seko's" or the "Lake" of "Bras d'Or
    Lake" (which the tagger may take for a person) stands for nobody."""
    return len(word) >= 3 and word[:1].isupper() and not re.fullmatch(r"[IVXLC]+|\d+", word) \
        and not word.endswith(("'s", "’s")) and not generic_noun(word)


def used_alone(word: str, sentence: str) -> bool:
    """"Severus" used on its own as a name ("Severus rebuilt the city"), not only inside
    "Septimius Severus"."""
    return any(not (CAPITALISED_END.search(sentence[:m.start()]) or CAPITALISED_START.match(sentence[m.end():]))
               for m in re.finditer(rf"\b{re.escape(word)}\b", sentence))


def _nearby_values(groups: list[Group]) -> Callable[[Claim], list[str]]:
    """The figures that sentences about the same things give ("about 1200 men" beside
    "1,500 men", though the two were not joined as one quantity), and every date the deck
    gives: never a wrong option."""
    index: dict[str, list[tuple[set[str], str]]] = defaultdict(list)
    for group in groups:
        for claim in group.claims:
            if claim.kind in ("date", "figure"):
                index[claim.kind].append((set(claim.extra.get("context") or []), claim.value))
    dates = list(dict.fromkeys(value for _context, value in index["date"]))

    def nearby(main: Claim) -> list[str]:
        # each value once: a text that repeats itself gives the same date or figure many times
        if main.kind == "date":  # a date the sources give for anything is true of something: no wrong option
            return [value for value in dates if value != main.value]
        words = set(main.extra.get("context") or [])
        return list(dict.fromkeys(value for context, value in index[main.kind]
                                  if value != main.value and len(words & context) >= NEARBY_WORDS))
    return nearby


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


def _group_candidates(group: Group, aliases: Aliases, source_kinds: dict[str, str], voices: dict[str, str],
                      claimant_pool: list[str], protagonists: dict[str, str],
                      referents: dict[tuple[str, int], str],
                      one_sided: set[str] | frozenset[str] = frozenset(),
                      says: dict[str, set[str]] | None = None,
                      nearby: Callable[[Claim], list[str]] | None = None,
                      described: dict[str, tuple[str, set[str]]] | None = None,
                      latest_year: int | None = None,
                      genders: dict[str, str | None] | None = None,
                      casing: dict[str, str] | None = None,
                      lifetimes: dict[str, tuple[int, int]] | None = None) -> list[Candidate]:
    by_value = group.by_value()
    every_value = [c.value for claims in by_value.values() for c in claims]
    exact_dates = {c.normalized for claims in by_value.values() for c in claims
                   if c.kind == "date" and c.normalized and salience.MONTH.search(c.value)}
    result, who_says = [], []
    for value, claims in sorted(by_value.items()):
        coarse = claims[0].normalized
        if claims[0].kind == "date" and coarse and any(d.startswith(coarse + "-") for d in exact_dates):
            continue   # "814" beside "18 February 814": one date, asked as exactly as a source gives it
        ranked = sorted(claims, key=lambda c: (-_claim_quality(c, source_kinds), c.source, c.start))
        for main in _mains(ranked):
            claims = [main] + [c for c in ranked if c is not main]
            others = _rivals(by_value, value)
            # an agreeing source that says who makes the claim speaks for the ones that do not
            claimant = main.claimant or min((c.claimant for c in claims if c.claimant), key=options.generic,
                                            default=None)
            if claimant is not None and not READABLE_CLAIMANT.search(claimant):
                claimant = None  # "An", "the": a tagger's fragment names nobody
            if (others or _is_toll(main) or _tells_a_toll(main)) and claimant is None:
                claimant = voices.get(main.source, main.source)
            if _is_toll(main) and main.extra.get("orphan") and not any(c.claimant for c in claims):
                continue  # "Later the numbers were revised to ...": whose numbers is in another sentence
            if claimant is None and {c.source for c in claims} <= one_sided:
                # only a partisan source says so: say whose account it is
                claimant = voices.get(main.source, main.source)
            named = claimant if (others or _needs_claimant(main) or main.claimant
                                 or {c.source for c in claims} <= one_sided) else None
            if main.extra.get("field") and named is None:
                named = voices.get(main.source, main.source)   # a fact sheet's estimate is the sheet's
            if main.kind in ("name", "place"):
                claims = _same_statement(main, claims)
            accepted = _accepted(main, aliases)
            answer_text = _answer_text(main)
            base: dict[str, Any] = {  # a question as the deck file holds it
                "kind": main.kind, "subject": main.subject, "claimant": named, "normalized": main.normalized,
                "group": group.key, "evidence": [c.evidence() for c in claims],
                "disputed_by": [c.evidence() for c in others], "accepted": accepted,
                "answer": answer_text,
            }
            forms = []
            referent = referents.get((main.source, main.start))
            if referent and main.value.lower() in referent.lower():
                referent = None   # "the Battle of Barnet" for "the battle" would give "Barnet" away
            cloze = prompts.cloze(main, named, protagonists.get(main.source), referent,
                                  (genders or {}).get(main.source))
            if main.extra.get("life"):
                cloze = None   # "(688 – _____)": asked as "When did Charles Martel die?"
            elif cloze:
                forms.append(("cloze", cloze, 0.0))
            wh = prompts.how_many(main, named) if main.kind == "figure" else prompts.parsed_wh(main, named, referent)
            if main.extra.get("postwar") or (main.extra.get("increment") and _adds_more(main)):
                wh = None  # "11 more ... after the war": a bare "how many" would ask for the total
            if wh:
                forms.append(("wh", wh, 0.15 if len(wh.split()) >= 8 else -0.2))  # a short wh pins less than its cloze
            forms = [(name, prompts.shouted_words_cased(
                dated_now(prompts.name_the_topic(prompt, (described or {}).get(main.source), answer_text),
                          voices.get(main.source, ""), main.extra.get("measured") if main.extra.get("measured_in_list")
                          else None), casing or {}), bonus) for name, prompt, bonus in forms]
            # Wrong options only where they are right by construction: dates and figures made around the
            # answer. A name or place is recalled and typed: the tagger's labels are too often wrong for
            # the deck's other names to be options of the answer's type.
            distractors = make_distractors(kind=main.kind, answer=answer_text,
                                           forbidden=every_value + (nearby(main) if nearby else []),
                                           seed=group.key + value, aliases=aliases.as_lists(),
                                           window=(None, latest_year) if main.extra.get("life") else
                                           (lifetimes or {}).get(main.source, (None, latest_year))) \
                if main.kind in ("date", "figure") and not _bounded(main) else []
            score = _score(main, claims, others, source_kinds)
            for format_name, prompt, bonus in forms:
                choices = [d for d in distractors if d.lower() not in prompt.lower()]
                question = dict(base, format=format_name, prompt=prompt, distractors=choices)
                if len(choices) >= 3:
                    question["format"] = "multiple_choice"
                elif main.extra.get("list_member"):
                    continue  # one of "A, B and C" typed in: several true answers
                elif format_name == "wh":
                    question["format"] = "type_in"
                question["id"] = stable_id(question["format"], main.kind, _id_value(main, value), named or "",
                                           _normalise_space(prompt))
                body = salience.ACCORDING_TO.sub("", prompt)
                if DANGLING_START.match(body) or SPLIT_NAME.search(body):
                    continue  # "It was captured on ___": what was, the learner cannot see; "___ der Physik"
                dangling = 0.5 if LOOSE_PRONOUN.search(body) else 0.0
                result.append(Candidate(question, score + bonus - dangling, (main.source, main.start), main))
            if others and named and main is ranked[0]:
                # the most specific of those who give this value is the answer; the others count too
                givers = list(dict.fromkeys(c.claimant or voices.get(c.source, c.source) for c in ranked))
                answer = min(givers, key=options.generic)
                # the bodies the texts quote where a side is one of them; else only the sources themselves
                # ("the US" is no fair option where two sources' own figures differ)
                quoted = any(c.claimant for claims in by_value.values() for c in claims)
                pool = claimant_pool if main.kind == "figure" and quoted else sorted(set(voices.values()))
                choices = options.claimant_options(by_value, value, answer, voices, pool, group.key, says)
                who = prompts.attribution_prompt(main, givers)
                if who and len(choices) >= (2 if quoted else 1):   # two sources' own figures: which of the two
                    attribution = dict(base, format="attribution", answer=answer, claimant=answer,
                                       accepted=[g for g in givers if g != answer], distractors=choices,
                                       prompt=prompts.shouted_words_cased(who, casing or {}))
                    attribution["id"] = stable_id("attribution", main.kind, _id_value(main, value), answer,
                                                  main.subject)
                    who_says.append(Candidate(attribution, score + 0.1, (main.source, -main.start - 1), main))
    if len(by_value) == 2 and who_says:
        # one "who says" for two values, the other would give it away: the one that quotes what it measures
        who_says = [max(who_says, key=lambda c: ("“" in c.question["prompt"], c.score))]
    return result + who_says


def _rivals(by_value: dict[str, list[Claim]], value: str) -> list[Claim]:
    """The claims that dispute ``value``: those of other values, except values a voice of
    ``value`` gives too (one voice's two figures are an update or two counts, not a dispute)."""
    voices = {canonical(c.claimant, "name") for c in by_value[value] if c.claimant}
    return [c for other, claims in by_value.items() if other != value
            and not voices & {canonical(x.claimant, "name") for x in claims if x.claimant}
            and not same_date_at_other_precision(value, other)   # "2004" agrees with "1 May 2004"
            for c in claims]


def _mains(claims: list[Claim]) -> list[Claim]:
    """The sentences to ask from: several different ones (the best first), since the best
    sentence may not survive the filters and ranking ("when it was formally constituted in
    25 B.C." names no city; another source's "In 25 BC, Augustus made Ancyra ..." does). Only
    one question per date or figure is kept (``_rank``)."""
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


def _needs_claimant(claim: Claim) -> bool:
    """Figures a side reports about a war's toll are never plain truth, nor is a card that states
    a toll while it asks something else."""
    return (claim.kind == "figure" and (claim.claimant is not None or _is_toll(claim))) or _tells_a_toll(claim)


def _tells_a_toll(claim: Claim) -> bool:
    """"Mitch killed more than 8,000 people in ___": the card's own words state a toll, whoever's it is."""
    clause, start, end = prompts.value_clause(claim)
    return bool(TOLL_IN_TEXT.search(clause[:start] + " " + clause[end:]))


def _is_toll(claim: Claim) -> bool:
    """Casualties, losses, damage, displacement: always said with who says so."""
    parts = claim.key.split("|")
    return claim.kind == "figure" and ((len(parts) == 4 and parts[3] in EVENT_PARTICIPLE)
                                       or bool(CASUALTY_WORDS.search(prompts.value_clause(claim)[0])))


def _claim_quality(claim: Claim, source_kinds: dict[str, str]) -> float:
    prose = 1.0 if claim.extra.get("block") == "prose" else 0.5
    return prose + SOURCE_KIND_WEIGHT.get(source_kinds.get(claim.source, ""), 0.6)


def _answer_text(claim: Claim) -> str:
    # a value may run across the lines of a wrapped text, or across a tag ("<i>Sarven</i> Waters")
    text = " ".join(strip_markup(claim.value).split())
    if claim.extra.get("life") and (claim.normalized or "").startswith("-") and not ERA.search(text):
        text += " BC"   # "(102-44 B.C.)": the year of birth shares the era the year of death is given in
    return text


def _is_range(value: str) -> bool:
    quantity = parse_quantity(value)
    return quantity is not None and quantity.high is not None


def _accepted(claim: Claim, aliases: Aliases) -> list[str]:
    accepted: list[str] = []
    if claim.kind == "date" and (claim.normalized or "").startswith("-"):
        # "91 B.C." is also typed "91 BC" or "91 BCE"; the signed ISO form is no answer
        bare = HEDGE.sub("", claim.value)
        forms = dict.fromkeys([claim.value, bare])
        accepted.extend(ERA.sub(era, form) for era in ("BC", "B.C.", "BCE") for form in forms)
    elif claim.kind == "date" and (anno := AD_YEAR.search(claim.value)) is not None:
        # "A.D. 641" is also typed "641", "AD 641" or "641 AD"
        year = anno.group("year") or anno.group("later")
        accepted.extend([year, f"AD {year}", f"{year} AD", f"A.D. {year}"])
    elif claim.kind == "date" and re.fullmatch(r"0\d{3}", claim.normalized or ""):
        # a year of the first millennium written bare ("In 968,"): "968 AD", never "0968"
        year = str(int(claim.normalized or "0"))
        accepted.extend([year, f"AD {year}", f"{year} AD", f"A.D. {year}"])
    elif claim.kind == "date" and claim.normalized and "/" not in claim.normalized:
        accepted.append(claim.normalized)
    if claim.kind == "date" and (common_era := re.fullmatch(r"(.*\d)\s*(?:CE|C\.E\.|AD|A\.D\.)", claim.value.strip())):
        accepted.append(common_era.group(1))   # "8 June 632" for "8 June 632 CE"
    if claim.kind == "figure" and claim.normalized and not _is_range(claim.value):
        accepted.append(claim.normalized)   # not for "20–30": its low end alone is half an answer
    if claim.kind in ("name", "place"):
        accepted.extend(sorted(a for a in aliases.of(claim.value) if a != claim.value))
        named = re.sub(r"^the\s+", "", claim.value, flags=re.I).split()
        if len(named) >= 2 and generic_noun(named[-1]):
            # "the Ural (Oral) River": the name before its kind has another form, with or without the kind
            core = " ".join(named[:-1])
            for other in sorted(aliases.of(core) - {core}):
                accepted.append(other)
                if not any(generic_noun(word) for word in other.split()):   # not "Republic of Artsakh Republic"
                    accepted.append(f"{other} {named[-1]}")
        words = claim.value.split()
        if claim.label == "PERSON" and len(words) >= 2 and surname_like(words[-1]) and " of " not in claim.value \
                and not any(only_adjective(w) for w in words[:-1]) and call_name(claim.value) is None \
                and not REGNAL_NAME.fullmatch(claim.value):   # "Philopator" is an epithet, no one's surname
            # "Toulouse" is no name for Raymond IV of Toulouse; "the Mesoamerican Biological Corridor",
            # which the tagger took for a person, has no surname "Corridor"; "Nawfal" is the father
            # of Waraka ibn Nawfal, not his surname
            accepted.append(words[-1])  # "Aliyev" names Ilham Aliyev well enough
            if len(words) >= 3:
                accepted.append(" ".join(words[-2:]))  # "Fox Talbot", "Julius Caesar"
                if words[0] not in NOT_GIVEN_NAMES and words[0][:1].isupper():
                    accepted.append(f"{words[0]} {words[-1]}")   # "Frederick Banting" for "Frederick Grant Banting"
        if claim.value.lower().startswith("the "):
            accepted.append(claim.value[4:])
        if (lead := re.match(r"(?:[a-z][\w-]*\s+)+(?=[A-Z])", claim.value)) and not claim.value.startswith("the "):
            accepted.append(claim.value[lead.end():])   # "Saxons" for "pagan Saxons"
        words = re.sub(r"^the\s+", "", claim.value, flags=re.I).split()
        if len(words) == 2 and DERIVED_ADJECTIVE.search(words[0]) and only_adjective(words[0]) \
                and words[1][:1].isupper() and len(words[1]) >= 5 and not generic_noun(words[1]):
            accepted.append(words[1])   # "Brahmanism" for "Vedic Brahmanism", not "Corridor" for "Biological ..."
    return [a for a in dict.fromkeys(accepted) if a != claim.value]


def _anchored(claim: Claim) -> bool:
    """Does the clause pin its blank with something besides the blank: a date, a number
    or a name of its own?"""
    clause, start, end = prompts.value_clause(claim)
    rest = clause[:start] + clause[end:]
    return bool(re.search(r"\d", rest)) or len(re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", rest)) >= 2


def _score(main: Claim, claims: list[Claim], others: list[Claim], source_kinds: dict[str, str]) -> float:
    score = SOURCE_KIND_WEIGHT.get(source_kinds.get(main.source, ""), 0.6)
    score += 0.3 * min(len({c.source for c in claims}) - 1, 2)     # agreement
    score += 0.4 if others else 0.0                                 # disputes are worth learning
    score += {"figure": 0.3, "date": 0.3, "name": 0.1, "place": 0.0}.get(main.kind, 0)
    clause = prompts.value_clause(main)[0]
    if ANAPHORA.search(clause):
        score -= 0.5
    if UNANCHORED.search(clause) and not _anchored(main):
        score -= 0.4  # "___ has also been damaged": also what, when?
    if len(main.sentence) > 300:
        score -= 0.6
    elif len(main.sentence) > 200:
        score -= 0.2
    if main.extra.get("block") != "prose":
        # a field line ("Harrow Medal (1948)") says little unless a "Per X:" column names who says it,
        # or it is the value a fact sheet's label names ("Coastline", then "84 km")
        score -= 0.2 if main.claimant or (main.extra.get("field") and main.value_in_sentence[0] == 0) else 0.4
    if main.kind in ("name", "place") and len(main.value) < 4:
        score -= 0.5
    return score


def _rank(candidates: list[Candidate]) -> list[dict]:
    """The best candidates, at most one per source sentence and one per fact; a candidate
    whose sentence nearly repeats a kept one's (another source copying it) adds its quote
    to the kept question's evidence instead of becoming a second card."""
    candidates.sort(key=lambda c: (-c.score, c.question["id"]))
    per_sentence: dict[tuple[str, int], int] = defaultdict(int)
    kept: list[dict] = []
    seen_ids: set[str] = set()
    facts: set[tuple[str, str]] = set()
    said: dict[str, list[tuple[set[str], dict]]] = defaultdict(list)   # answer -> (sentence words, question)
    quoted: dict[int, set[tuple[str, int]]] = {}  # a kept question's quotes, by (source, start)
    for candidate in candidates:
        question = candidate.question
        if question["id"] in seen_ids or (candidate.score < MIN_SCORE and not question["disputed_by"]):
            continue
        if question_problems(question):
            continue
        if len(kept) >= DECK_CAP and not question["disputed_by"]:
            continue
        key = candidate.sentence_key
        if question["format"] != "attribution":
            answer = canonical(question["answer"], question["kind"])
            # a date or figure group is one fact; a name's group gathers every sentence naming it
            fact = (question["group"], answer) if question["kind"] in ("date", "figure") else (str(key), answer)
            if per_sentence[key] >= PER_SENTENCE_CAP or fact in facts:
                continue
            words = set(WORDS.findall(candidate.claim.sentence.lower()))
            twin = next((q for other, q in said[answer] if _jaccard(words, other) >= NEAR_COPY), None)
            if twin is not None:
                known = quoted.setdefault(id(twin), {(e["source"], e["start"]) for e in twin["evidence"]})
                for quote in question["evidence"]:
                    if (quote["source"], quote["start"]) not in known:
                        known.add((quote["source"], quote["start"]))
                        twin["evidence"].append(quote)
                continue
            per_sentence[key] += 1
            facts.add(fact)
            said[answer].append((words, question))
        seen_ids.add(question["id"])
        question["score"] = round(candidate.score, 3)
        kept.append(question)
    return kept


def dated_now(prompt: str, voice: str, measured: int | None = None) -> str:
    """"There are now about ___ bishops": the "now" of a source whose title gives its year
    (the 1911 Britannica) is that year, said at the end: "... bishops (as of 1911).". A figure
    from a list dated at its end ("Arable land: ___" above "Other: 21.4% (2012)") says its year
    the same way, where the prompt names no year of its own."""
    title_year = TITLE_YEAR.search(voice)
    year = str(measured) if measured and not TITLE_YEAR.search(prompt) \
        else title_year.group() if title_year and NOW.search(prompt) else None
    if not year or year in prompt:
        return prompt
    end = len(prompt.rstrip(".?!"))
    return f"{prompt[:end]} (as of {year}){prompt[end:]}"


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _normalise_space(text: str) -> str:
    return " ".join(text.split())
