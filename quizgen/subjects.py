"""What a value is about, read from the dependency parse of its sentence.

Two outputs per value: a readable ``subject`` ("Armenian servicemen killed") used
in question text, and a ``key`` used to group claims from different sources that
speak of the same thing (lemmas, synonyms folded, the side counted). Without a
parser, the words right after a number stand in for its subject.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

# Words that count the same thing; folded so "troops" and "servicemen" group together.
NOUN_SYNONYMS = {
    "troop": "serviceman", "soldier": "serviceman", "servicemen": "serviceman", "serviceman": "serviceman",
    "service member": "serviceman", "personnel": "serviceman", "fighter": "serviceman",
    "death": "kill", "fatality": "kill", "casualty": "casualty",
}
EVENT_SYNONYMS = {
    "kill": "kill", "die": "kill", "dead": "kill", "death": "kill", "lose": "kill", "fatality": "kill",
    "wound": "wound", "injure": "wound", "injured": "wound", "wounded": "wound",
    "miss": "missing", "missing": "missing", "capture": "capture", "captured": "capture",
    "displace": "displace", "displaced": "displace", "destroy": "destroy", "damage": "damage",
    "killed": "kill", "died": "kill", "deaths": "kill", "lost": "kill", "injuries": "wound",
    "destroyed": "destroy", "damaged": "damage", "downed": "destroy", "shot": "destroy",
}
# acts that date an event, in the form that joins two sources' words for one act
ACT_SYNONYMS = {
    "discover": "reach", "reach": "reach", "arrive": "reach", "land": "reach", "sight": "reach", "come": "reach",
    "visit": "reach",
    "establish": "found", "found": "found", "abolish": "abolish", "ban": "abolish", "outlaw": "abolish",
    "occupy": "capture", "seize": "capture", "begin": "start", "start": "start", "commence": "start",
    "invent": "invent", "devise": "invent",
}
DEMONYM_ENDINGS = ("ians", "anis", "ian", "ani", "ese", "ish", "ia", "an", "i", "a", "s")
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
RELATIVE = {"that", "which", "who", "whom"}


def fold(word: str) -> str:
    """A counted noun or event word in the form that groups its synonyms ("troops" -> "serviceman")."""
    return _fold(word)


def _fold(word: str) -> str:
    word = word.lower()
    return NOUN_SYNONYMS.get(word, EVENT_SYNONYMS.get(word, ACT_SYNONYMS.get(word, word)))


def side_of(word: str | None) -> str | None:
    """A comparable side from a demonym or name: "Armenian", "Armenia/Artsakh" -> "armenia"."""
    if not word:
        return None
    word = word.split("/")[0].strip().lower()
    word = word.removeprefix("the ")
    for ending in DEMONYM_ENDINGS:
        if word.endswith(ending) and len(word) >= len(ending) + 4:
            return word[: -len(ending)]
    return word


def _has_parse(span: Span) -> bool:
    return span.doc.has_annotation("DEP")


def figure_subject(ent: Span, claimant: str | None,
                   previous: tuple[str, str, str | None] | None) -> tuple[str, str, str | None]:
    if not _has_parse(ent):
        words = [t.text for t in ent.doc[ent.end:ent.end + 3] if t.is_alpha]
        subject = " ".join(words)
        return subject, "|".join(["figure", _fold(words[0]) if words else ""]), None
    number = ent.root
    noun = _counted_noun(ent)
    if noun is None and previous is not None:
        subject, key, side = previous
        event = _event(number, None)
        parts = key.split("|")
        return (f"{subject.rsplit(' ', 1)[0]} {event}" if event else subject,
                "|".join([*parts[:3], event or parts[3]]), side)
    modifiers = [t for t in (noun.lefts if noun is not None else []) if t.i >= ent.end and
                 t.dep_ in ("amod", "compound", "nmod") and not t.like_num]
    event = _event(number, noun)
    side = next((side_of(t.text) for t in modifiers if t.ent_type_ in ("NORP", "GPE")), None)
    if side is None:
        side = _side_from_verb(number, noun, claimant)
    noun_text = " ".join([t.text for t in modifiers] + ([noun.text] if noun is not None else []))
    if ent.label_ == "PERCENT" or (noun is None and number.dep_ != "nummod"):
        of_object = _of_object(number)
        if of_object is not None:
            noun_text = of_object
    if ent.label_ == "PERCENT" and number.dep_ == "pobj" and number.head.head.pos_ == "NOUN":
        # "control of 72% of ..." and "control of 73% of ...": a share of the same thing
        owner = number.head.head
        share_key = "|".join(["figure", side or "", owner.lemma_.lower(), "share"])
        return f"{owner.text} {noun_text}".strip(), share_key, side
    compounds = [t.lower_ for t in modifiers if t.dep_ in ("compound", "nmod") and t.ent_type_ not in ("NORP", "GPE")]
    noun_key = (" ".join([*compounds, _fold(noun.lemma_)]) if noun is not None
                else _fold(noun_text.split(" ")[-1]) if noun_text else "")
    subject = " ".join(p for p in (noun_text, _event_word(number, noun)) if p)
    key = "|".join(["figure", side or "", noun_key, event or _governing_lemma(number)])
    return subject.strip(), key, side


def figure_holder(ent: Span) -> str | None:
    """The verb a figure depends on and whose figure its clause says it is, the verb's subject:
    "boil|mercury" for "Mercury boils around 300 degrees", "raise|french" for "The French hoped to
    raise 9,000 troops". None where the figure stands in the subject itself ("2,425 soldiers were
    killed") or the subject is a pronoun."""
    if not _has_parse(ent):
        return None
    token = ent.root
    while token.pos_ not in ("VERB", "AUX"):
        if token.dep_ in SUBJECT_DEPS or token.head.i == token.i:
            return None
        token = token.head
    verb = token.lemma_.lower()
    for _ in range(3):   # "hoped to raise", "raised an army ... and invaded": the subject of the first verb
        subjects = [t for t in token.children if t.dep_ in SUBJECT_DEPS]
        if subjects:
            subject = subjects[0]
            return None if subject.pos_ in ("PRON", "NUM", "DET") else f"{verb}|{_fold(subject.lemma_.lower())}"
        if token.dep_ not in ("xcomp", "conj") or token.head.i == token.i:
            return None
        token = token.head
    return None


def _counted_noun(ent: Span) -> Token | None:
    root = ent.root
    if root.dep_ in ("nummod", "quantmod") and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= ent.end:
        return root.head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [t for t in child.children if t.dep_ == "pobj"]
            if objects and ent.label_ != "PERCENT":
                return objects[0]
    if root.pos_ in ("NOUN", "PROPN") and root.i >= ent.end - 1 and ent.label_ == "QUANTITY":
        return root
    return None


def _of_object(number: Token) -> str | None:
    for token in [number, number.head]:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [t for t in child.children if t.dep_ == "pobj"]
                if objects:
                    obj = objects[0]
                    words = [t.text for t in obj.lefts if t.dep_ in ("amod", "compound")] + [obj.text]
                    return "of " + " ".join(words)
    return None


def _event(number: Token, noun: Token | None) -> str | None:
    word = _event_word(number, noun)
    return EVENT_SYNONYMS.get(word.lower()) if word else None


def _event_word(number: Token, noun: Token | None) -> str | None:
    anchor = noun if noun is not None else number
    for child in anchor.rights:
        if child.tag_ in ("VBN", "JJ") and (child.lemma_.lower() in EVENT_SYNONYMS or child.lower_ in EVENT_SYNONYMS):
            return child.text
    head = anchor.head
    if anchor.dep_ in SUBJECT_DEPS:
        # "another 21 were missing", "50 went missing"
        for child in head.children:
            if child.dep_ in ("acomp", "oprd", "xcomp", "attr") and child.lower_ in EVENT_SYNONYMS:
                return child.text
    if anchor.dep_ in SUBJECT_DEPS | {"dobj", "attr"} and head.pos_ in ("VERB", "AUX", "ADJ") and (
            head.lemma_.lower() in EVENT_SYNONYMS or head.lower_ in EVENT_SYNONYMS):
        return head.text
    if anchor.dep_ == "pobj" and anchor.head.head.lemma_.lower() in ("death", "killing", "loss"):
        return "killed"
    if anchor.head.lemma_.lower() in ("death",) or (noun is not None and noun.lemma_.lower() == "death"):
        return "killed"
    return None


def _side_from_verb(number: Token, noun: Token | None, claimant: str | None) -> str | None:
    anchor = noun if noun is not None else number
    for token in anchor.subtree if noun is not None else []:
        if token.dep_ == "poss" and token.lower_ in ("its", "their"):
            return side_of(claimant)
        if token.dep_ == "poss" and token.ent_type_ in ("GPE", "NORP"):
            return side_of(token.text)
    head = anchor.head
    if head.lemma_ == "lose":
        subjects = [t for t in head.children if t.dep_ in SUBJECT_DEPS]
        if subjects:
            return side_of(subjects[0].text)
    return None


def _governing_lemma(number: Token) -> str:
    token = number
    for _ in range(4):
        if token.pos_ in ("VERB",) or token.head is token:
            return token.lemma_.lower()
        token = token.head
    return token.lemma_.lower()


LIFESPAN_OPEN = re.compile(r"[A-Z][\w'’.-]*\s*\([;,\s]*(?:born\s+|b\.\s*|c\.\s*|ca?\.\s*)?(?:\w+\s+or\s+)?$")
ERA_AFTER = r"^\s*(?:B\.?\s?C\.?(?:E\.?)?|A\.?\s?D\.?|C\.?E\.?)?"
LIFESPAN_DASH = re.compile(ERA_AFTER + r"\s*[–—-]")
LIFESPAN_SHUT = re.compile(ERA_AFTER + r"\s*\)")
LIFESPAN_CLOSE = re.compile(r"\([^()]{1,40}?\s*[–—-]\s*(?:died\s+|d\.\s*)?(?:\d{1,2}\s+)?$")


def lifespan_end(ent: Span) -> str:
    """A date in "Name (12 July 100 BC – 15 March 44 BC)": the first is a birth, the second a
    death, though no verb says so. "bear" or "die" (the lemmas the parse gives those verbs), or ""."""
    if ent.label_ != "DATE":
        return ""
    doc = ent.doc   # token windows: Doc.text would join the whole text anew for each date
    before = doc[max(0, ent.start - 12):ent.start].text_with_ws if ent.start else ""
    after = doc[ent.end:ent.end + 8].text
    if re.search(r"\*\s*$", before):
        return "bear"   # "(* 1794; † 1833)": a genealogist's marks for born and died
    if re.search(r"†\s*$", before):
        return "die"
    if LIFESPAN_OPEN.search(before) and LIFESPAN_DASH.match(after):
        return "bear"
    if LIFESPAN_CLOSE.search(before) and LIFESPAN_SHUT.match(after):
        return "die"
    return ""


def _bracketed_after(ent: Span) -> Token | None:
    """The name a bracket holding ``ent`` follows: "Verrin" in "Tomas Verrin (1702 – 1760)"."""
    for i in range(ent.start - 1, max(-1, ent.start - 12), -1):
        if ent.doc[i].text == "(":
            return ent.doc[i - 1] if i > 0 and ent.doc[i - 1].is_alpha else None
    return None


def predicate_subject(ent: Span) -> tuple[str, str]:
    """For dates, places and names: "<subject> <verb>" of the clause holding the value."""
    if not _has_parse(ent):
        return "", "|".join([ent.label_.lower(), ""])
    life = lifespan_end(ent)
    if life:
        named = _bracketed_after(ent)
        subject = _fold(named.lemma_) if named is not None else ""
        return life, "|".join([ent.label_.lower(), subject, life])
    token = ent.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    verb = token
    subjects = [t for t in verb.children if t.dep_ in SUBJECT_DEPS]
    subject_token = subjects[0] if subjects else None
    if subject_token is not None and subject_token.lower_ in RELATIVE and verb.dep_ == "relcl":
        subject_token = verb.head
    if subject_token is not None and ent.start <= subject_token.i < ent.end:
        subject_token = None  # the value is itself the subject
    subject_words = []
    if subject_token is not None:
        subject_words = [t.text for t in subject_token.lefts if t.dep_ in ("compound", "amod")] + [subject_token.text]
    subject = " ".join([*subject_words, verb.text])
    key_subject = " ".join(_fold(t.lemma_) for t in ([subject_token] if subject_token is not None else []))
    compounds = [t.lemma_.lower() for t in (subject_token.lefts if subject_token is not None else [])
                 if t.dep_ == "compound" or (t.dep_ == "amod" and t.is_title)]
    if subject_token is not None and subject_token.is_title and not compounds:
        # a proper name the parser split ("Trilateral" / "Statement"): take the capitalised run
        run: list[str] = []
        i = subject_token.i - 1
        while i >= 0 and subject_token.doc[i].is_title and subject_token.doc[i].pos_ == "PROPN":
            run.insert(0, subject_token.doc[i].lemma_.lower())
            i -= 1
        compounds = run
    return subject, "|".join([ent.label_.lower(), " ".join([*compounds, key_subject]).strip(),
                              verb.lemma_.lower()])


BRACKETED_YEAR = re.compile(r"\(\s*\d{3,4}\s*\)")
ITEM_BEFORE = re.compile(r"([^;:()\[\]]{3,160}?)\(\s*$")
ITEM_WORD = re.compile(r"[A-Za-z]{3,}")
ITEM_WORDS = 3
FUNCTION_WORDS = {"the", "and", "for", "with", "from", "into", "upon", "its", "his", "her", "their", "also"}


def dated_item(sentence: str, start: int, end: int) -> str | None:
    """A year in a list of dated works ("Treatise on Optics (1831); Letters on Natural Magic,
    addressed to Sir Walter Scott (1832)") dates the item before its bracket, not what the
    sentence's verb says: two sources' lists then compare item by item. The item's first
    words name it."""
    if not sentence[end:].lstrip().startswith(")") or len(BRACKETED_YEAR.findall(sentence)) < 2:
        return None
    item = ITEM_BEFORE.search(sentence[:start])
    if not item:
        return None
    words = [w.lower() for w in ITEM_WORD.findall(item.group(1).split("--")[-1])
             if w.lower() not in FUNCTION_WORDS]
    return " ".join(words[:ITEM_WORDS]) or None
