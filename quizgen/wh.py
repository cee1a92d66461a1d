"""Wh-questions from the dependency parse: When / Where / Who.

"A ceasefire agreement was signed on 9 November 2020 by ..." becomes "When was
the ceasefire agreement signed?"; "Azerbaijan announced the capture of Jabrayil
on 9 October 2020" becomes "When did Azerbaijan announce the capture of
Jabrayil?". Only clean cases are turned: a verb with its own subject, the value
in a phrase attached to that verb, no pronoun left without its referent, a
question short enough to read at a glance. Everything else stays a cloze.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

MAX_WORDS = 22
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "this", "these", "those",
            "which", "who", "that"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
KEEP_DEPS = {"dobj", "prt", "dative", "attr", "oprd", "acomp", "agent", "prep", "npadvmod", "neg", "xcomp"}
# adverbs that say when, which a When-question asks instead
WHEN_WORDS = {"then", "later", "soon", "again", "afterwards", "thereafter", "subsequently", "eventually", "finally",
              "first", "also", "once", "still", "already", "now", "ago", "early", "late"}
NAMING_VERBS = {"name", "rename", "call", "dub", "title", "christen"}
QUOTES = set("\"“”‘’'«»")
OTHER_VALUES = {"DATE": {"DATE", "TIME"}, "GPE": {"GPE", "LOC", "FAC"}, "LOC": {"GPE", "LOC", "FAC"},
                "FAC": {"GPE", "LOC", "FAC"}, "PERSON": set()}
QUESTION_WORD = {"DATE": "When", "GPE": "Where", "LOC": "Where", "FAC": "Where"}


def wh_question(ent: Span) -> str | None:
    """A When/Where question for a date or place, a Who question for a person."""
    if ent.label_ in QUESTION_WORD:
        return _adverbial(ent, QUESTION_WORD[ent.label_])
    if ent.label_ == "PERSON" and len(ent) >= 2:  # a full name: one-word "persons" are often misread
        return _who(ent)
    return None


def _governing_verb(ent: Span) -> tuple[Token, Token] | None:
    """The verb a value's phrase hangs on ("signed" for "on 9 November"), with the phrase head."""
    root = ent.root
    phrase = root.head if root.dep_ == "pobj" else root
    if phrase.dep_ not in ("prep", "npadvmod"):
        return None
    verb = phrase.head
    if verb.pos_ != "VERB" or verb.dep_ not in ("ROOT", "ccomp", "conj") or not verb.tag_.startswith("VB"):
        return None
    if phrase.lower_ not in ("on", "in", "at", "near", "during") and phrase.dep_ == "prep":
        # "closed until 30 September" is not "closed on": "when" would change the meaning
        return None
    return verb, phrase


def _subject(verb: Token) -> Token | None:
    subjects = [t for t in verb.children if t.dep_ in SUBJECT_DEPS]
    if len(subjects) != 1 or subjects[0].lower_ in PRONOUNS:
        return None
    return subjects[0]


def _words(tokens: list[Token]) -> str:
    ordered = sorted(tokens, key=lambda t: t.i)
    # a token left out between two kept ones leaves a space ("confined to bed, due to" never "beddue")
    text = "".join((" " if i and t.i != ordered[i - 1].i + 1 else "") + t.text_with_ws for i, t in enumerate(ordered))
    return " ".join(text.split())


def _adverbial(ent: Span, question_word: str) -> str | None:
    found = _governing_verb(ent)
    if found is None:
        return None
    verb, phrase = found
    subject = _subject(verb)
    if verb.lemma_ in NAMING_VERBS:
        return None  # "named 8 November": the date is a name, not a time
    if subject is None or any(t.dep_ in ("ccomp", "csubj") for t in verb.children):
        return None  # "Azerbaijan stated that ...": the question would need the whole report
    skip = set(t.i for t in phrase.subtree)
    subject_words = _noun_phrase(subject)
    if subject_words is None:
        return None
    rest: list[Token] = []
    for child in verb.rights:
        if (child.dep_ in KEEP_DEPS or (child.dep_ == "advmod" and child.lower_ not in WHEN_WORDS)) \
                and child.i not in skip and not _has_value(child, ent):
            rest.extend(child.subtree)   # "fell ill", "came back to Paris": the verb means little alone
    if any(t.lower_ in PRONOUNS or t.text in QUOTES or (t.is_punct and t.text in ",;") for t in rest):
        return None
    if any(t.ent_type_ in OTHER_VALUES[ent.label_] or t.like_num for t in rest):
        return None  # a second date or place in the question makes it ambiguous
    auxiliaries = [t for t in verb.lefts if t.dep_ in ("aux", "auxpass")]
    if any(t.tag_ == "MD" and t.lower_ not in ("will", "would") for t in auxiliaries):
        return None  # "may", "could": a question about a possibility has no answer in the text
    tail = _words(rest)
    if auxiliaries:
        first, others = auxiliaries[0], auxiliaries[1:]
        middle = " ".join(t.text for t in others)
        question = f"{question_word} {first.lower_} {subject_words} {middle} {verb.text} {tail}"
    elif verb.tag_ == "VBD":
        question = f"{question_word} did {subject_words} {verb.lemma_} {tail}"
    elif verb.tag_ in ("VBZ", "VBP"):
        does = "does" if verb.tag_ == "VBZ" else "do"
        question = f"{question_word} {does} {subject_words} {verb.lemma_} {tail}"
    else:
        return None
    return _finish(question)


def _who(ent: Span) -> str | None:
    """"Nikol Pashinyan resigned in 2021" -> "Who resigned in 2021?" (the name is the subject)."""
    root = ent.root
    if root.dep_ not in SUBJECT_DEPS or root.head.pos_ != "VERB" or root.head.dep_ != "ROOT":
        return None
    if any(t.dep_ == "appos" for t in root.children) or root.dep_ == "appos":
        return None
    verb = root.head
    subject_tokens = set(t.i for t in root.subtree)
    rest = [t for t in verb.subtree if t.i not in subject_tokens and t.i > root.i]
    if not rest or any(t.lower_ in PRONOUNS for t in rest):
        return None
    words = [t for t in rest if not (t.is_punct and t.i == rest[-1].i)]
    return _finish(f"Who {_words(words)}")


def _common_word(token: Token) -> bool:
    """A capital only because it opens the sentence: a stop word, or a word the text also
    writes in lower case. "Chersicrates", which the tagger missed, keeps its capital."""
    return token.is_stop or any(t.text == token.lower_ for t in token.doc)


def _noun_phrase(subject: Token) -> str | None:
    tokens = list(subject.subtree)
    if any(t.lower_ in PRONOUNS for t in tokens) or any(t.text in ",;()" for t in tokens):
        return None
    words = _words(tokens)
    first = tokens[0]
    if first.lower_ in ("a", "an"):
        words = "the " + words.split(" ", 1)[1]
    elif first.lower_ == "the" or (first.i == first.sent.start and first.pos_ != "PROPN" and first.ent_type_ == ""
                                   and _common_word(first)):
        words = words[:1].lower() + words[1:]
    return words


def _has_value(token: Token, ent: Span) -> bool:
    return any(ent.start <= t.i < ent.end for t in token.subtree)


def _finish(question: str) -> str | None:
    question = " ".join(question.split()).rstrip(" ,.;:")
    if len(question.split()) > MAX_WORDS or len(question.split()) < 4:
        return None
    return question + "?"
