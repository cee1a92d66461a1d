"""The words of a question: the clause that carries a value, its blank, its wh-form.

Everything here turns one claim into prompt text; choosing which claims to ask
and scoring the candidates is ``quizgen.questions``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS

from .answers import canonical
from .claims import Group, variant_spellings
from .extract import FEMALE_NOUNS, MALE_NOUNS, Claim, value_clause, years_told
from .normalize import MONTHS, singular
from .subjects import fold, side_of

BLANK = "_____"
DESCRIBED_AS = re.compile(
    r"^(?P<topic>(?:[A-Z][\w'’-]+\s+){0,4}?[A-Z][\w'’-]+)\s*(?:\([^()]{0,80}\)\s*)?"      # "CAIRO (Arabic ...)"
    r"(?:,?\s*or\s+[A-Z][\w'’-]+\s*(?:\([^()]{0,40}\)\s*)?)?"                              # ", or KRAKATAU ()"
    r"(?:,\s*(?:(?:is|was|are|were)\s+)?|\s+(?:is|was|are|were)\s+)(?:[Aa]|[Aa]n|[Tt]he)\s+(?P<described>[^,;.()]{3,60}?)"
    r"(?=\s+(?:on|in|of|at|by|near|from|with|that|which|who|between)\b|[,;.(]|$)")
NOT_A_TOPIC = {"this", "that", "these", "it", "there", "he", "she", "they", "here", "in", "on", "at", "for", "from"}
GENERIC_SKIP = {"ancient", "modern", "former", "small", "large", "great", "famous", "important", "major", "first",
                "new", "old", "chief", "principal", "main", "largest", "greatest", "known"}
OWN_ATTRIBUTION = re.compile(r"^(?:Per|According to)\s+[^:,]{1,60}[:,]\s*", re.I)
# "For example, ...", "Similarly, ...", "Again King Edward ...": words tying the sentence to the one
# before it, which the card does not show
LEAD_IN = re.compile(r"^(?:(?:however|also|meanwhile|moreover|furthermore|additionally|in addition|"
                     r"in total|overall|consequently|as a result|for example|for instance|similarly|likewise|"
                     r"conversely|indeed|in fact|in turn|instead|in particular|in contrast|by contrast|"
                     r"finally|eventually|ultimately|regardless|simultaneously|thereafter|subsequently|afterwards?|"
                     r"accordingly|besides|(?:much|soon|shortly|not long|(?:just\s+)?(?:a|one|two|three|four|five|ten|"
                     r"some|several|many)\s+(?:years?|decades?|months?|weeks?|days?|centur(?:y|ies)))\s+later|"
                     r"on the other hand|of course|unfortunately|fortunately),|again,?|on another occasion,?)\s+", re.I)
# "(Pidurutalagala is the highest at 2,524 m) At the plateau's southern end, ...": an aside the
# sentence before it left unclosed by a full stop
ASIDE_BEFORE = re.compile(r"^\([^()]{3,200}\)\s+(?=[A-Z])")
# "Full of this idea, Cabot ...", "Affairs were in this state when ...": a lead pointing back
# to the sentence before, which the prompt does without
ANAPHORIC_LEAD = re.compile(r"^(?![^,;]*\b(?:no|not|never|none|nor|neither|without)\b)"   # never cut away a "no"
                            r"[^,;]{0,60}\b(?:this|that(?!\s+(?:no|the|a|an|he|she|it|they|there|[A-Z]))|these|those|such)\b"
                            r"[^,;]{0,40}?"
                            r"(?:,\s+(?=[A-Z]|the\b)|\s+when\s+)")
MIN_PROTAGONIST_MENTIONS = 3
# small words a name written in capitals keeps in lower case ("Joan of Arc"); ``questions.NAME_PARTICLES``
# is another list: the particles inside a person's name that still make it a full name ("Henry de Bohun")
LOWER_IN_NAMES = {"of", "de", "da", "di", "del", "von", "van", "der", "the", "du", "la", "le"}
# a subject's words that stand for someone the words do not name: "he", "himself", "(his) father"
UNNAMED_SUBJECT_WORDS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "himself", "herself",
                         "itself", "themselves", "this", "that", "these", "those"} | FEMALE_NOUNS | MALE_NOUNS
MAX_QUOTED_CLAIM = 160   # characters of a claim an attribution card quotes
ROMAN = re.compile(r"[IVXL]{1,6}")   # a ruler's number
LEAD_REACH = 120         # characters of a source's opening in which its name and life stand
PLURALS = {"people", "men", "women", "children", "personnel", "crew", "police", "staff", "cattle", "troops"}
LOSS_WORDS = {"kill", "dead", "death", "lost", "killed", "died", "wounded", "destroyed", "damaged", "captured",
              "missing", "displaced", "injury", "casualty", "fatality", "loss"}
NAMED_SUBJECT = re.compile(r"^((?:The\s+)?(?:[A-Z][\w'’-]+\s+(?:(?:of|for|and|de|the)\s+)?){0,5}[A-Z][\w'’-]+)"
                           r"(?:\s*\([^()]*\)){0,2}(?:,\s*(?:\w+\s+){0,2}(?:called|known as|named)\s[^,]{1,60},)?"
                           r",?\s+(?:is|was|are|were|has|had|became|remains|lies|stands)\b")
# "60 pounds (27 kg)": the other units; not "(2016 est.)", an estimate's year
CONVERSION_AFTER = re.compile(r"^\s*\(\s*(?:about\s+|c\.\s*)?[\d.,]+\s*(?!est\b)[A-Za-z°²³/]+\.?\s*\)"
                              r"|^/\s*[\d.,]+\s*[A-Za-z°²³]+\.?(?=[\s),;]|$)")   # "(27 kg)", "km/1,176 mi"
EXPLETIVE = re.compile(r"^It\s+(?:is|was|has been|had been|took|takes|seems|seemed|appears|appeared|became|remains|"
                       r"remained|will be|would be)\b.*\b(?:to|that)\b")
PROPER = re.compile(r"\s[A-Z]")   # a capital past the first word: "The Orva power station", not "Positive growth"
PERSON_NAME = re.compile(r"(?!The\b)[A-Z][\w'’.-]+(?:\s+(?:(?:de|da|di|del|della|van|von|der|den|du|la|le|bin|"
                         r"ibn|al|y)\s+)?[A-Z][\w'’.-]+)*$")   # "Bento de Góis"; "X of Y" is as often a title as a name
PRONOUNS = re.compile(r"\b(?:she|he|her|his)\b", re.I)
NUMERAL_STOP = re.compile(r"(\b[IVX]{1,6})\.(?=\s+[a-z])")
SETTLEMENT = {"city", "town", "capital", "village", "settlement", "municipality", "port"}
# "He", or "he" where a clause after a semicolon opens the prompt
PRONOUN_START = re.compile(r"^([Ss]he|[Hh]e|[Hh]er|[Hh]is)\b(?!\s+own\b)")
OPENING_NAME = re.compile(r"^([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s*(?:\([^()]{0,60}\))?,")
# "SIR ALEXANDER FLEMING [1] (6 August 1881 – 11 March 1955) was ...", "Justinian I (Latin: ...;
# c. 482 – 14 November 565), also known as Justinian the Great, was ...": the name a source opens
# with, before its citation marks, its parenthesis and its other names
LEAD_NAME = re.compile(r"^(?:(?:Sir|Dame|Saint|St\.|Dr\.?|Prof\.?|Professor|Lord|Lady|King|Queen|Emperor|Empress|"
                       r"Pope)\s+)?"
                       r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|[IVX]{1,5}\b)){0,3})"
                       r"(?:\s*\[[^\]]{1,20}\])*\s*(?:\((?:[^()]|\([^()]*\)){0,300}\))?"
                       r"(?:,\s*(?:\w+\s+){0,2}(?:known as|called)\s[^,]{1,90},)?"
                       r"\s*(?:,|\b(?:was|is)\b)", re.I)
# a lead's parenthesis that gives a life: "(6 August 1881 – 11 March 1955)", "(d. 814)", "(fl. 406–453)"
LIFE_DATES = re.compile(r"\b(?:\d{1,4}\s*(?:BC|B\.C\.|BCE|AD|A\.D\.)?\s*[–-]\s*(?:c\.\s*)?\d|\d{3,4}\b.*\b\d{3,4}\b|"
                        r"b\.|d\.|fl\.|born|died)|[–-]\s*(?:\d{1,2}\s+[A-Za-z]+\s+)?\d{3,4}\b", re.I)
OTHER_NAME = re.compile(r"\b[A-Z][a-z][\w'’-]*")
# "to Aberdeenshire", "to New South Wales", "With Moray by his side": a name after a preposition
# is not who the "he" is
AFTER_PREPOSITION = re.compile(r"\b(?i:in|at|to|into|from|of|on|onto|by|with|near|across|through|towards?|against|"
                               r"over|under|beyond|via|for)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+)*$")
LEAD_POSSESSIVE = re.compile(r"^((?:In|On|By|After|Before|During|Around|About|Later|That)\b[^,;]{0,40},\s+)"
                             r"([Hh]er|[Hh]is)\b")
PRONOUN_ANYWHERE = re.compile(r"\b([Ss]he|[Hh]e)\b")   # "his room" may be a guest's: only who acts is named
CONNECTIVE = re.compile(r"^(?:and|but|or|so|yet|while|whereas|although|nonetheless|nevertheless|thus|hence|therefore|"
                        r"still)\b,?\s+", re.I)
SUBORDINATOR = re.compile(r"(?:while|whereas|although)\b", re.I)   # a connective that opens a clause of its own
# an old encyclopedia's headword: "BREWSTER, SIR DAVID (1781-1868), Scottish natural philosopher, ..."
ASIDE = r"\s*[(\[](?:[^()\[\]]|[(\[][^()\[\]]*[)\]])*[)\]]"
HEADWORD = re.compile(rf"^(?P<name>[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+)*)(?=\s*[,(\[])(?:{ASIDE})*"
                      rf"(?:,\s+(?P<given>[A-Z][A-Z'’.-]*(?:\s+[A-Z][A-Z'’.-]*)*)(?=[\s,]))?(?:{ASIDE})*(?=[\s,])")
HEADWORD_REACH = 20          # a headword opens its source: a page marker or two may come first
# "(fig. 13)", "(see PROTESTANT EPISCOPAL CHURCH)": a picture or an article the card does not show
FIGURE_ASIDE = re.compile(r"\s*\((?:(?:see\s+)?(?:figs?|plates?|pl)\.?\s|see\s|cf\.\s)[^()]*\)", re.I)
# "(8) (a) the Holy Scriptures", "2. In 1867", "E.g. the": the marks of a list the card is cut from
LIST_MARK = re.compile(r"^(?:\s*(?:\(\d{1,2}\)|\([a-z]\)|\d{1,2}\.(?=\s+[A-Z])|[a-z]\)|e\.g\.,?|i\.e\.,?)\s+)+", re.I)
WIKI_INDENT = re.compile(r"^\s*:*[*#]*\s*")   # ":* Arable land": a wiki list line's indent and bullet
LINE_MARK = re.compile(r"^(?:\s*(?:\+\+|\*\*|##|//|[-–•·*](?=\s))\s*)+")   # "- permanent crops: 3.7%": a bullet
REPEATED_LABEL = re.compile(r"\b([^\W\d_][\w ]{2,40}):\s+\1:", re.I)
SHOUTED_WORD = 4             # a word in capitals this long alone may be a shout; shorter ones are names ("US")
VALUE_SEPARATOR = re.compile(r"\s*(?:\+\+|;|,(?!\d))\s*")   # between the values of a fact sheet's line
EVENT_PARTICIPLE = {"kill": "killed", "wound": "wounded", "missing": "missing", "capture": "captured",
                    "displace": "displaced", "destroy": "destroyed", "damage": "damaged"}


def cloze(claim: Claim, claimant: str | None, protagonist: str | None = None,
          referent: str | None = None, gender: str | None = None) -> str | None:
    clause, start, end = value_clause(claim)
    head, tail = clause[:start], clause[end:]
    if claim.start <= HEADWORD_REACH and claim.sentence.startswith(clause):
        head = headword(head)
    if referent and canonical(referent, "name") != canonical(claim.value, "name"):
        # "It was signed in Geneva": the previous sentence says what "it" is
        head = name_the_subject(claim, head, claim.value_in_sentence[0] - start, referent)
    for pattern in (ASIDE_BEFORE, CONNECTIVE, LEAD_IN, CONNECTIVE, ANAPHORIC_LEAD):
        lead = pattern.match(head)
        if lead and SUBORDINATOR.match(lead.group()) and "," in head[lead.end():] + tail \
                and claim.sentence.lstrip().startswith(clause.lstrip()[:len(lead.group())]):
            continue   # "Although Paulescu published first, the prize went ...": the main clause follows
        if lead:
            head = head[lead.end():]
            head = head[:1].upper() + head[1:]
    protagonist, gender, opening_only = _pronoun_person(claim, protagonist, gender)
    if protagonist and canonical(protagonist, "name") != canonical(claim.value, "name"):
        # a biography says "She was appointed..." or "Elected in ___, he rebuilt ...": name the
        # first he or she the prompt has no name for, so the card stands on its own; not a "he" whose
        # prompt names the person in full ("He forced Justinian I to pay him ...": he is another)
        named_in_full = re.search(rf"\b{re.escape(protagonist)}\b", head + tail) is not None \
            or _surname_alone(protagonist, head + tail) \
            or (opening_only and any(re.search(rf"\b{re.escape(word)}\b", head + tail)
                                     for word in protagonist.split() if word[:1].isupper() and len(word) > 2))
        # "He and Babbage fell out", "He returned as king after Sweyn's death": he is another
        head = PRONOUN_START.sub(lambda m: m.group() if not _agrees(m.group(1), gender) or (
            named_in_full and m.group(1).lower() in ("he", "she")) else
            protagonist + ("'s" if m.group(1).lower() in ("her", "his") else ""), head, count=1)
        if not opening_only:
            head, tail = _name_the_pronoun(head, tail, protagonist, blank_is_a_name=claim.kind == "name",
                                           gender=gender)
    if claim.kind == "figure":
        tail = CONVERSION_AFTER.sub("", tail, count=1)  # "60 pounds (27 kg)", "1,894 km/1,176 mi": the other
        # units give it away
    head, tail = numeral_stops(head), re.sub(r"^\.(?=\s+[a-z])", "", numeral_stops(tail))
    head, tail = FIGURE_ASIDE.sub("", head), FIGURE_ASIDE.sub("", tail)
    head = LIST_MARK.sub("", head)
    head = LINE_MARK.sub("", head)   # "++ ++ A five-year compact ended in ___": a data file's line breaks
    head = re.sub(r"(?<=[\s;,])\([a-z]\)\s+", "", head)      # "... (c) the Lord's Supper": a list's inner marks
    if claim.extra.get("field"):
        head, tail = _under_label(claim.extra["field"], head, tail)
    prompt = " ".join(f"{head}{BLANK}{tail}".split())   # a quote may span the lines of a wrapped text
    prompt = REPEATED_LABEL.sub(r"\1:", prompt)   # "arable land: arable land: ___": a label written twice
    prompt = re.sub(r"^[,;:\s]+", "", prompt)
    prompt = prompt[:1].upper() + prompt[1:]        # a clause after a semicolon opens the prompt
    if not prompt.endswith((".", "?", "!")):
        prompt = prompt.rstrip(",;: ") + "."
    prompt = _quotes_closed(prompt)
    if claimant and claimant.lower() not in prompt.lower():
        prompt = OWN_ATTRIBUTION.sub("", prompt, count=1)  # "Per the ministry:" gives way to its full name
        prompt = f"According to {mid_sentence(claimant)}: {prompt[:1].upper()}{prompt[1:]}"
    if len(prompt.replace(BLANK, "").split()) < 4:
        return None
    answer_form = canonical(claim.value, claim.kind)
    if answer_form and re.search(rf"(?<!\w){re.escape(claim.value)}(?!\w)", prompt):
        return None  # the value occurs twice: the blank would be given away
    return prompt


def _under_label(label: str, head: str, tail: str) -> tuple[str, str]:
    """A value on a fact sheet's line, asked with the label above it and its own note:
    "Unemployment rate: ___ (2013 est.)", not the line's other years."""
    lead = WIKI_INDENT.sub("", VALUE_SEPARATOR.split(head)[-1]).strip()
    return f"{label}: {lead} " if lead else f"{label}: ", VALUE_SEPARATOR.split(tail)[0].rstrip()


def _quotes_closed(prompt: str) -> str:
    """A quotation the sentence opens but a later sentence closes ("Tylor wrote: “Animism is the
    belief in spirits." ...) is closed where the prompt ends; a closing mark whose opening is in
    an earlier sentence goes."""
    if prompt.count("“") > prompt.count("”"):
        return prompt + "”"
    if prompt.count("”") > prompt.count("“"):
        return prompt.replace("”", "", prompt.count("”") - prompt.count("“"))
    if prompt.count('"') == 1:   # with more, which one is astray cannot be told
        stray = prompt.index('"')
        opening = stray + 1 < len(prompt) and not prompt[stray + 1].isspace()
        return prompt + '"' if opening else prompt[:stray] + prompt[stray + 1:]
    return prompt


def headword(head: str) -> str:
    """An encyclopedia entry opens with its headword in capitals, surname first, and the
    dates or names the entry will give again in brackets; a prompt reads it as a learner
    writes the name: "BREWSTER, SIR DAVID (1781-1868), Scottish ..." is "Sir David Brewster,
    Scottish ...". A bracket the blank sits in stays. Only capitals followed by a comma or a
    bracket are a headword ("NATO forces ..." is not), and only where a source opens."""
    match = HEADWORD.match(head)
    return _headword_name(match) + head[match.end():] if match else head


def _headword_name(match: re.Match[str]) -> str:
    """"Sir David Brewster" of the headword "BREWSTER, SIR DAVID"."""
    name = _as_name(match.group("name"))   # "Louis IX" of "LOUIS IX"
    if match.group("given"):
        name = _as_name(match.group("given")) + " " + name
    return name


def numeral_stops(text: str) -> str:
    """"Henry VIII. brickmaking": a numeral's full stop, not the end of a sentence, goes."""
    return NUMERAL_STOP.sub(r"\1", text)


def _pronoun_person(claim: Claim, protagonist: str | None,
                    gender: str | None) -> tuple[str | None, str | None, bool]:
    """Whom a "he" or "she" of the claim's sentence names, that person's pronoun where known, and
    whether only a "he" or "she" opening the sentence may be named. The source's protagonist,
    unless an earlier sentence of the paragraph made another person its subject: then that
    person where it was the sentence right before ("Belisarius took Rome. He then ..."), and
    nobody where sentences came between (which of the two is meant is a guess)."""
    antecedent = claim.extra.get("antecedent")
    kin = claim.extra.get("kin")
    if not antecedent or (protagonist and _same_person(antecedent, protagonist)):
        if kin and not claim.extra.get("antecedent_near") and fold(kin[0]) != fold(protagonist or ""):
            # "his son Marcus" before (who may share his father's first name): which "he" is meant is a guess
            return None, gender, False
        return protagonist, gender, False
    if claim.extra.get("antecedent_near") and PERSON_NAME.match(antecedent):
        return antecedent, None, True
    return None, gender, False


def _same_person(one: str, other: str) -> bool:
    """"Richard" and "Richard I", "Curie" and "Marie Curie": one name holds the other's words."""
    words, others = set(fold(one).split()), set(fold(other).split())
    return words <= others or others <= words


def _agrees(pronoun: str, gender: str | None) -> bool:
    """May this "she", "her", "he" or "his" be the source's person, who is a ``gender``? A
    biography of a man also says "she" of his daughter ("she met Edward Lind")."""
    return gender is None or (pronoun.lower() in ("she", "her")) == (gender == "she")


def _name_the_pronoun(head: str, tail: str, protagonist: str, *, blank_is_a_name: bool,
                      gender: str | None = None) -> tuple[str, str]:
    joined = f"{head}\x00{tail}"
    lead = LEAD_POSSESSIVE.match(joined)
    if lead and _agrees(lead.group(2), gender) \
            and not any(name.group().lower() not in MONTHS for name in OTHER_NAME.finditer(lead.group(1)[1:])) \
            and not (blank_is_a_name and len(head) < lead.end(1)):   # "After ___ died, his son": whose son
        # "In ___, her daughter Irène was born": the subject's "her" after a date that leads the sentence
        joined = joined[:lead.start(2)] + protagonist + "'s" + joined[lead.end(2):]
        head, tail = joined.split("\x00")
        return head, tail
    pronoun = PRONOUN_ANYWHERE.search(joined)
    if pronoun is None or not _agrees(pronoun.group(1), gender) \
            or protagonist.split()[-1].casefold() in joined.casefold():
        return head, tail   # "In his biography of Burke": named elsewhere in the prompt, "his" is another's
    if any(m.start() > 0 and not AFTER_PREPOSITION.search(joined[:m.start()])
           for m in OTHER_NAME.finditer(joined[:pronoun.start()])) or (
            blank_is_a_name and pronoun.start() > len(head)):
        return head, tail   # "When Pippin died, he ...", "When ___ died, he ...": he may be Pippin
    joined = joined[:pronoun.start()] + protagonist + joined[pronoun.end():]
    head, tail = joined.split("\x00")
    return head, tail


def protagonists(groups: list[Group], titles: dict[str, str] | None = None, deck_title: str = "") -> dict[str, str]:
    """The person each source is about: named early, then mostly "she" or "he".

    A source that names nobody early but speaks of one person borrows the deck's
    protagonist when every source that names one names the same person, and the
    source's own title names no one else ("Warwick the Kingmaker" in a deck on Henry VII).
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
        opens_a_life = _gives_a_life(by_start[early[0]])
        surnames = Counter(_surname(c.value) for c in claims if c.source == source and c.kind in ("name", "place"))
        people = sorted((c for c in claims if c.source == source and c.start in early and c.label == "PERSON"
                         # one word only where it opens the source: "ANGILBERT (d. 814), Frankish poet"
                         and (len(c.value.split()) >= 2 or (c.start == early[0] and c.value_in_sentence[0] == 0
                                                             and opens_a_life))
                         and surnames[_surname(c.value)] >= MIN_PROTAGONIST_MENTIONS),
                        key=lambda c: (-surnames[_surname(c.value)], c.value_start))
        if lead := next(filter(None, (lead_person(by_start[start]) for start in early)), None):
            result[source] = lead
        elif people:  # the person named early whom the source keeps naming, not one met in passing
            name = people[0].value
            result[source] = _as_name(name)
        elif (opening := OPENING_NAME.match(by_start[early[0]])) and opens_a_life:
            # "ANGILBERT (d. 814), Frankish poet, ...": the tagger missed the name the source opens
            # with; not a place ("BURMA, a province ...") that a "he" in it could never be
            name = opening.group(1)
            places = {fold(c.value) for c in claims if c.source == source and c.kind == "place"}
            if fold(name) not in places and sum(len(re.findall(rf"\b{re.escape(name)}\b", t, re.I))
                                                for t in by_start.values()) >= 2:
                result[source] = _as_name(name)
    named = set(result.values())
    if len(named) == 1:
        person = named.pop()
        genders = {_gender(sentences[source].values()) for source in result}
        for source, by_start in sentences.items():
            if source not in result and sum(len(PRONOUNS.findall(t)) for t in by_start.values()) >= 3 \
                    and genders == {_gender(by_start.values())} != {None} \
                    and not _titled_for_another((titles or {}).get(source, ""), person, deck_title,
                                                {w for c in claims if c.source == source and c.label == "PERSON"
                                                 for w in c.value.split()}):
                result[source] = person   # "she" throughout, as the source naming her says "she"
    return result


def _titled_for_another(title: str, person: str, deck_title: str, people: set[str]) -> bool:
    """Does a source's title (its last part: "Famous Men ...: Warwick the Kingmaker") open with
    the name of a person the source names (a word of ``people``) other than ``person`` and the
    deck's subject? "Mohammed" for Muhammad, "Louis the Ninth" for Louis IX and "The Cid" in a
    deck titled "El Cid" do not."""
    words = re.findall(r"[A-Z][\w'’-]+", title.rsplit(":", 1)[-1])
    name = next((w for w in words if w.casefold() not in ("the", "a", "an", "of")), None)
    if name is None or name not in people:
        return False
    known = person.split() + deck_title.split()
    return not any(name.casefold() == w.casefold() or variant_spellings(name, w) for w in known)


def pronoun_genders(groups: list[Group]) -> dict[str, str | None]:
    """Whether each source's person is a "she" or a "he" (None where its pronouns do not say)."""
    return {source: _gender(c.sentence for c in by_start.values()) for source, by_start in _sentences(groups).items()}


def _gender(texts: Iterable[str]) -> str | None:
    """"she" where a source's she and her outnumber its he and his two to one, "he" the other way."""
    words = Counter(word.lower() for text in texts for word in PRONOUNS.findall(text))
    female, male = words["she"] + words["her"], words["he"] + words["his"]
    return "she" if female > 2 * male else "he" if male > 2 * female else None


def _as_name(name: str) -> str:
    """A name written in capitals as a name is written: "Joan of Arc" of "JOAN OF ARC"."""
    if not name.isupper():
        return name
    return " ".join(w.lower() if i and w.lower() in LOWER_IN_NAMES else w if i and ROMAN.fullmatch(w) else w.title()
                    for i, w in enumerate(name.split()))   # "Louis IX", not "Louis Ix"


def _gives_a_life(opening: str) -> bool:
    """Does a parenthesis of the lead give a life ("ANGILBERT (d. 814), Frankish poet", "BURKE,
    EDMUND (1729-1797)", "JOAN OF ARC, in French JEANNE D'ARC () or JEHANNE ( – 30 May 1431)"), as
    a person's does and "RADIUM is a chemical element" does not?"""
    return any(LIFE_DATES.search(paren.group(1))
               for paren in re.finditer(r"\(((?:[^()]|\([^()]*\)){0,300})\)", opening[:LEAD_REACH]))


# letters after a name for an honour or a degree, as British and other usage writes them
POST_NOMINALS = {"frs", "frse", "frcp", "frcpe", "frcs", "fba", "kbe", "obe", "cbe", "mbe", "kg", "kt", "gcb", "kcb",
                 "mp", "pc", "md", "dd", "qc", "kc", "phd", "ma", "bsc", "msc", "dsc", "lld"}


def _post_nominal(word: str) -> bool:
    """"FRS", "KBE", "FRCPE": an honour's letters, not a name (nor "III": a numeral is a name's)."""
    word = word.strip(",.")
    return not ROMAN.fullmatch(word) and (word.lower() in POST_NOMINALS or (
        2 <= len(word) <= 5 and word.isalpha() and not re.search(r"[AEIOUY]", word.upper())))


def lead_person(opening: str) -> str | None:
    """The person a source opens with, the lead's parenthesis giving a life: "SIR ALEXANDER
    FLEMING [1] (6 August 1881 – 11 March 1955) was ..."."""
    lead = LEAD_NAME.match(opening)
    if lead is None or not lead.group("name")[0].isupper():
        return None
    name = lead.group("name")
    if not name.isupper():  # "Edward Jenner FRS FRCPE": the letters after a name are not part of it
        name = re.sub(r"(?:\s+[A-Z]{2,6})+$", "", name)
    else:   # "DANIEL GABRIEL FAHRENHEIT FRS": in capitals, the honours' letters are told by their shape
        words = name.split()
        while len(words) > 2 and _post_nominal(words[-1]):
            words.pop()
        name = " ".join(words)
    if name.split()[0].casefold() in NOT_A_TOPIC or not _gives_a_life(opening):
        return None
    entry = HEADWORD.match(opening)   # "CAESAR, GAIUS JULIUS (102-44 B.C.)": "Gaius Julius Caesar"
    surname_first = entry and entry.group("given") and " " not in entry.group("name")   # not "EDWARD JENNER, FRS"
    return _headword_name(entry) if entry and surname_first else _as_name(name)


def _surname_alone(name: str, text: str) -> bool:
    """Does ``text`` call the person ``name`` by the surname alone ("He and Babbage fell out"), not
    as part of another name ("her husband Pierre Curie", "the Pasteur Institute")?"""
    words = [w for w in name.split() if not ROMAN.fullmatch(w)]
    if len(words) < 2 or not words[-1][:1].isupper():
        return False
    return any(not re.search(r"[A-Z][\w'’.-]*\s+$", text[:m.start()]) and not re.match(r"\s+[A-Z]", text[m.end():])
               for m in re.finditer(rf"\b{re.escape(words[-1])}\b(?!['’])", text))


def _surname(name: str) -> str:
    return name.split()[-1].casefold()


def referents(groups: list[Group]) -> dict[tuple[str, int], str]:
    """For a sentence whose subject is "it", "he" or "she", the subject of the sentence right
    before it ("The Sarven Waters Treaty is ...", then "It was signed in Geneva ...")."""
    result: dict[tuple[str, int], str] = {}
    # "Bento de Góis, inspired by ..., travelled ...": a person who opens a sentence with no "is" after
    openers = {(c.source, c.start): c.value for g in groups for c in g.claims
               if c.label == "PERSON" and c.value_in_sentence[0] == 0 and " " in c.value}
    people: dict[tuple[str, int], set[str]] = defaultdict(set)   # the persons each sentence names
    for claim in (c for g in groups for c in g.claims if c.label == "PERSON"):
        people[(claim.source, claim.start)].add(claim.value)
    for source, by_start in _sentences(groups).items():
        previous: Claim | None = None
        opening = by_start[min(by_start)]
        topic = _named_subject(opening.sentence)
        for start in sorted(by_start):
            claim = by_start[start]
            generic = claim.extra.get("subject_generic")
            if generic and claim.extra.get("referent"):
                result[(source, start)] = claim.extra["referent"]   # "The machine": the one named just before
            elif generic and topic and claim is not opening:
                noun = claim.sentence[generic[0]:generic[1]].split()[-1].lower()
                if re.search(rf"\b{re.escape(noun)}s?\b", opening.sentence, re.I):
                    result[(source, start)] = topic  # "The city" of a source that opens "Cairo is ... city"
            pronoun = claim.extra.get("subject_pronoun")
            if previous is not None and pronoun and _adjacent(previous, start):
                named = previous.extra.get("subject_text") or _named_subject(previous.sentence) \
                    or openers.get((source, previous.start))
                person = claim.sentence[pronoun[0]:pronoun[1]].lower() != "it"
                if EXPLETIVE.match(claim.sentence):
                    named = None  # "It took several trips to ...": no "it" to name
                if not person and named and any(name in named for name in people[(source, previous.start)]):
                    named = None  # "Lady Byron described ... It raised several numbers": "it" is never a person
                if named and PROPER.search(named) and (not person or PERSON_NAME.match(named)):
                    result[(source, start)] = named
            previous = claim
    return result


def _adjacent(previous: Claim, start: int) -> bool:
    """Does the sentence at ``start`` follow ``previous`` with nothing but citation marks between?"""
    gap = previous.suffix[:start - previous.end] if start - previous.end <= len(previous.suffix) else "x"
    return bool(re.fullmatch(r"(?:\s|\[[^\]]{1,20}\])*", gap))


def name_the_subject(claim: Claim, head: str, clause_start: int, referent: str) -> str:
    """``head`` (the clause up to the blank) with the sentence's subject pronoun, or its
    "the city", replaced."""
    pronoun = claim.extra.get("subject_pronoun") or claim.extra.get("subject_generic")
    if not pronoun:
        return head
    begin, end = pronoun[0] - clause_start, pronoun[1] - clause_start
    if begin < 0 or end > len(head):
        return head
    if begin > 0 and referent[:4] == "The ":
        referent = "the " + referent[4:]
    elif begin == 0:
        referent = referent[:1].upper() + referent[1:]
    return head[:begin] + referent + head[end:]


def topics(groups: list[Group]) -> set[str]:
    """What each source is about, as its opening sentence names it ("Marie Curie was a
    physicist ...", "The Sarven Waters Treaty is a bilateral agreement ...")."""
    openings = (by_start[min(by_start)].sentence for by_start in _sentences(groups).values())
    return {topic for sentence in openings if (topic := _named_subject(sentence))}


def word_casing(groups: list[Group]) -> dict[str, str]:
    """How the sources write each word when they do not shout it: "Kenya", "of", "Ra"."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in sorted({c.sentence for g in groups for c in g.claims}):
        for word in re.findall(r"[^\W\d_]{2,}", sentence)[1:]:   # not the capital a sentence opens with
            if not word.isupper():
                seen[word.casefold()][word] += 1
    return {key: max(forms, key=lambda form: (forms[form], form.islower(), form)) for key, forms in seen.items()}


def shouted_words_cased(prompt: str, casing: dict[str, str]) -> str:
    """"The GEOGRAPHY OF KENYA is diverse" reads "The geography of Kenya is diverse": a page's bold
    lead or a label converted to capitals, written as the sources write those words elsewhere. A
    name only ever written in capitals ("NASDAQ", "US") stays."""
    runs: list[list[re.Match[str]]] = []
    for word in re.finditer(r"(?<![\w-])[^\W\d_]{2,}(?![\w-])", prompt):
        if not word.group().isupper():
            continue
        if runs and not prompt[runs[-1][-1].end():word.start()].strip():
            runs[-1].append(word)
        else:
            runs.append([word])
    for run in reversed(runs):
        words = [w.group() for w in run]
        if (len(words) > 1 or len(words[0]) >= SHOUTED_WORD) and all(w.casefold() in casing for w in words):
            cased = " ".join(casing[w.casefold()] for w in words)
            if not prompt[:run[0].start()].strip() or prompt[:run[0].start()].rstrip().endswith((":", ".", "“")):
                cased = cased[:1].upper() + cased[1:]   # "Land boundaries: ..." opens the prompt or the quote
            rest = re.sub(r"^(['’])S\b", r"\1s", prompt[run[-1].end():])   # "HENRY'S son": "Henry's son"
            prompt = prompt[:run[0].start()] + cased + rest
    return prompt


def described_topics(groups: list[Group]) -> dict[str, tuple[str, set[str]]]:
    """For each source whose opening says what its topic is ("Byzantium was an ancient Greek
    city ...", "CAIRO, the capital of modern Egypt ..."), the topic and those words."""
    result = {}
    for source, by_start in _sentences(groups).items():
        opening = DESCRIBED_AS.match(" ".join(by_start[min(by_start)].sentence.split()))
        if opening and opening.group("topic").split()[0].lower() not in NOT_A_TOPIC:
            topic = opening.group("topic")
            words = re.findall(r"\b[a-z]{3,}\b", opening.group("described"))
            before_another = {w for w, after in pairwise(words)
                              if after not in STOP_WORDS and f"{w} {after}" in opening.group("described")}
            nouns = {w.lower() for w in words} - GENERIC_SKIP - before_another   # "safety" of "a safety lamp"
            result[source] = (topic.title() if topic.isupper() else topic, nouns)
    return result


def name_the_topic(prompt: str, described: tuple[str, set[str]] | None, answer: str) -> str:
    """"Sparta took the city in ___" in a source about Byzantium, "an ancient Greek city":
    "Sparta took Byzantium in ___". Not "the city of X", and not when the prompt names it."""
    if not described:
        return prompt
    topic, nouns = described
    if canonical(topic, "name") in canonical(prompt, "name") or canonical(topic, "name") == canonical(answer, "name"):
        return prompt
    if nouns & SETTLEMENT and not any(re.search(rf"\b{noun}\b", prompt) for noun in nouns):
        nouns = nouns | SETTLEMENT   # a source about "the capital of Turkey" also calls it "the town"
    for noun in sorted(nouns):
        match = re.search(rf"\b([Tt])he {noun}\b(?!['’]|\s+(?:of|that|which|where|who|whose|\w+ed)\b)", prompt)
        if match and not re.search(rf"\b{noun}s?\s+of\b", prompt) \
                and not re.search(r"\b(?:became|become|becomes|as|is|was|were|are)\s+$", prompt[:match.start()]) \
                and not re.search(rf"\b(?:a|an|another)\s+(?:[\w-]+\s+)?{noun}\b", prompt[:match.start()]):
            # not "devised a lamp ... the flames of the lamp": the one the sentence has just brought in
            name = topic if not topic.startswith("The ") or match.start() == 0 else "the " + topic[4:]
            return prompt[:match.start()] + name + prompt[match.end():]
    return prompt


def _sentences(groups: list[Group]) -> dict[str, dict[int, Claim]]:
    """Each source's sentences that carry claims, by their start: one claim stands for each."""
    sentences: dict[str, dict[int, Claim]] = defaultdict(dict)
    for group in groups:
        for claim in group.claims:
            sentences[claim.source].setdefault(claim.start, claim)
    return sentences


def _named_subject(sentence: str) -> str | None:
    """"The Sarven Waters Treaty" of "The Sarven Waters Treaty is a bilateral agreement ..."
    ("Malta" of "MALTA became ...", "Gregor Mendel" of "GREGOR MENDEL (;[1] 1822 – 1884) () was")."""
    match = NAMED_SUBJECT.match(sentence)
    if match is None:
        return None
    name = match.group(1)
    return _as_name(name)


def how_many(claim: Claim, claimant: str | None) -> str | None:
    parts = claim.key.split("|")
    if len(parts) != 4 or parts[3] not in EVENT_PARTICIPLE or not claim.subject:
        return None
    words = claim.subject.split()
    participle = EVENT_PARTICIPLE[parts[3]]
    if words and words[-1].lower() in (participle, "killed", "wounded", "missing", "captured", "displaced",
                                       "destroyed", "damaged", "killing"):
        words = words[:-1]
    if any(word.lower() in LOSS_WORDS or singular(word.lower()) in LOSS_WORDS for word in words):
        return None  # "valence electrons lost": a count of things lost is not a toll; "how many deaths were killed?"
    if years_told(claim):
        return None  # "in 1835 102 men were killed": "how many men were killed?" would lose which disaster
    if not words or not (words[-1].lower().endswith("s") or words[-1].lower() in PLURALS):
        return None  # "how many dead were killed?": the count needs a plural noun
    noun_phrase = " ".join(words).replace(" - ", "-")
    if not noun_phrase or not re.search(r"[a-z]{3}", noun_phrase) or noun_phrase.endswith("ed"):
        return None
    question = f"How many {noun_phrase} were {participle}?"
    if parts[1] and not any(side_of(w) == parts[1] for w in noun_phrase.split()):
        return None  # the side counted would be missing from the question
    if claimant:
        question = f"According to {mid_sentence(claimant)}, how many {noun_phrase} were {participle}?"
    return question


def parsed_wh(claim: Claim, claimant: str | None, referent: str | None = None) -> str | None:
    """The When/Where/Who question found in the parse, naming the claimant if needed, and the thing
    its bare "the rebellion" stands for where a sentence before names it."""
    question = claim.extra.get("wh")
    if claim.extra.get("life"):   # a lead's "(688 – 22 October 741)" (lives.py)
        person = claim.extra["person"]
        question = f"When was {person} born?" if claim.extra["life"] == "born" else f"When did {person} die?"
    if not question:
        return None
    bare = claim.extra.get("subject_text")
    if referent and bare and claim.extra.get("subject_generic"):
        question = re.sub(rf"(?<=\s){re.escape(bare)}\b", lambda _: mid_sentence(referent), question, count=1,
                          flags=re.I)
    question = _quotes_closed(question)
    if claimant and claimant.lower() not in question.lower():
        question = f"According to {mid_sentence(claimant)}, {question[:1].lower()}{question[1:]}"
    return question


def mid_sentence(name: str) -> str:
    return "the " + name[4:] if name.startswith("The ") else name


def attribution_prompt(main: Claim, givers: list[str]) -> str | None:
    """"Who gives X?" with enough of the question around it to know what X is: the claim itself
    where it does not name who makes it; None where neither a question nor the claim says it."""
    what = f"the figure {main.value}" if main.kind == "figure" else main.value
    wh = how_many(main, None) if main.kind == "figure" else None
    if wh:
        return f"{wh} The sources disagree: who gives {what}?"
    said = cloze(main, None)
    if said and len(said) <= MAX_QUOTED_CLAIM and not any(giver.lower() in said.lower() for giver in givers):
        # "Land boundaries: total: 3,159 km": what the figure measures
        said = re.sub(r"^[*•·]\s*", "", said.replace(BLANK, main.value))
        about = what if main.kind == "figure" else f"this {main.kind}" if main.kind in ("date", "place") else "this"
        return f"The sources disagree about {about}. Who says: “{said}”?"
    words = [w.lower() for w in main.subject.split()]
    if len(words) >= 2 and not re.match(r"(?:of|in|on|at|by|for|to)\b", main.subject) \
            and not set(words) & UNNAMED_SUBJECT_WORDS:
        return f"The sources disagree about this ({main.subject}). Who gives {what}?"   # "servicemen killed"
    # "(km)", "(He used)", "(himself came)", "(father moved)": whose or what value, it cannot say;
    # the disagreement shows on the value's own cards
    return None
