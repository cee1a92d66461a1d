"""Find claims in sources: dates, figures, places and names, with who asserts them.

A claim is a value as written, its normalised form, what it is about (subject),
the claimant when the text attributes it, and its evidence: the sentence that
carries it, quoted verbatim with offsets into the original file. Analysis runs
on the cleaned view of each usable block (see ``quizgen.segment``); offsets are
mapped back so that ``text[start:end] == exact`` always holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path

from spacy.tokens import Span, Token

from . import nlp as nlp_module
from .attribution import Attribution, find_claimants, resolve_generic
from .deck import CONTEXT_CHARS
from .errors import QuizgenError
from .normalize import MONTHS, SHARE_WORD, DateValue, Quantity, era_key, parse_date, parse_quantity
from .segment import Block, split_blocks
from .sources import CleanText, Source, clean, vocabulary
from .spans import doc_text, relabel, sentence_ents, value_spans
from .subjects import dated_item, figure_holder, figure_subject, predicate_subject, side_of
from .wh import wh_question

KIND_BY_LABEL = {
    "DATE": "date",
    "CARDINAL": "figure", "QUANTITY": "figure", "PERCENT": "figure", "MONEY": "figure",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "PERSON": "name", "ORG": "name", "LAW": "name", "PRODUCT": "name", "EVENT": "name", "NAME": "name",
    # NORP (nationalities) is left out: "_____ sources" is no question
}
FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z ,()'-]{1,79}")   # "Land boundaries", "Area - comparative"
MEASURED_YEAR = re.compile(   # "11% (2023 est.)", "as of 2019": the year a figure was measured
    r"[^\d;]*?(?:\(\s*(?:as (?:of|at)\s+)?(?P<year>1[5-9]\d\d|20\d\d)(?:\s+est\.?)?\s*\)"
    r"|\bas (?:of|at)\s+(?:[A-Z][a-z]+\s+)?(?P<as_of>1[5-9]\d\d|20\d\d)\b)")
LIST_YEAR = re.compile(r"\(\s*(?P<year>1[5-9]\d\d|20\d\d)(?:\s+est\.?)?\s*\)\s*$")   # "Other: 21.4% (2012)"
LABELLED_LINE = re.compile(r"[\W_]*[A-Za-z][^:\n]{0,40}:[_*]*\s+\S")   # "_other:_ 7% (1993 est.)"
SUBFIELD = re.compile(r"[A-Za-z][\w ()-]{0,40}\s?:\s")   # "total: 4,783 km", "land: 786,380 sq km"
FIELD_LABEL_CHARS = 80  # "GDP - composition, by sector of origin:": a field label, not a heading sentence
VALUE_ONLY_BLOCKS = {"item", "fragment"}  # semi-structured lines: figures and dates only
DURATION = re.compile(r"^\d[\d,]*(?:-| )(?:day|week|month|year)s?$", re.I)
YEAR = re.compile(r"\b(1\d\d\d|20\d\d)\b")   # a year of the second millennium
ERA_END = re.compile(r"\b(?:B\.C|A\.D|B\.C\.E|C\.E)$")
CITATION_CUE = re.compile(r"\bpp?\.\s*\d|\b(?:vol|ed|eds|fig|ibid|op\. cit|loc\. cit)\b\.?|\b\d{4},\s*\d+,", re.I)
ERA_YEAR = re.compile(r"\b\d{1,4}\s*(?:B\.?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?)(?!\w)|\bA\.?D\.?\s*\d{1,4}\b")
MAX_SENTENCE = 600
# "the approaches 1260 ft. on the north": a number the model took for a year, measuring a length
MEASURE_AFTER = re.compile(r"\s*(?:ft|feet|foot|yds?|yards?|miles?|metres?|meters?|km|kilomet\w*|lbs?|tons?|tonnes?|"
                           r"cwt|sq|square|cubic|cu|inches|acres?|hectares?)\b", re.I)
# a run-in heading opening a paragraph: "8. (c) Suspension Bridges.--A suspension bridge ...",
# "History.--", "Constitution and Administration.--From 1638 ..."; none of it is the sentence
HEADING_WORD = r"_?[A-Z][\w'’&-]*_?(?:\s+(?:_?[A-Z][\w'’&-]*_?|and|of|the|in|to|for|de|la|du))*"
RUN_IN_HEADING = re.compile(rf"^(?:\d{{1,3}}\.\s*)?(?:(?:\([a-z0-9]{{1,3}}\)\s*)?{HEADING_WORD}_?\.\s*(?:--|—)\s*)+")
MAX_SUBJECT_TOKENS = 7
NAMED_BEFORE_SENTENCES = 3   # how far back a bare "the engine" is looked for by its name
DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ic|ine|er)")   # "Mauryan", "Catholic", "Crusader": no name
ORDINAL_WORDS = {"first", "second", "third", "last", "next", "other", "same", "former", "latter", "following"}
# Nouns a text uses for its own subject once it has named it ("the city", "the island").
GENERIC_NOUNS = {"city", "town", "village", "capital", "country", "island", "state", "province", "region",
                 "river", "lake", "mountain", "volcano", "war", "battle", "treaty", "expedition", "disease",
                 "company", "school", "university", "kingdom", "empire", "republic", "colony", "port", "nation",
                 "county", "district", "territory", "archipelago", "peninsula", "desert", "element", "compound",
                 "drug", "church", "dynasty", "ship", "bridge", "cathedral",
                 "castle", "festival", "film", "novel", "newspaper"}
MONTH_NAMES = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
FULL_DATE = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_NAMES}|"
                       rf"{MONTH_NAMES}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?)"
                       rf"\s+(?P<year>1\d\d\d|20\d\d)\b")
DURATION_WORDS = re.compile(r"\b(?:days?|weeks?|months?|years?|decades?|centuries|century|hours?)\b", re.I)
VALUE_LABELS = {"DATE", "CARDINAL", "QUANTITY", "PERCENT", "MONEY", "TIME", "ORDINAL"}
STEM_SUFFIXES = ("ations", "ation", "ature", "ments", "ment", "ings", "ing", "ness", "ities", "ity", "ies",
                 "ed", "es", "ate", "al", "s")
RELATIVE_DAY = re.compile(r"\b(?:the|a) day (?:before|after)\b|\bthe (?:eve|morrow) of\b|"
                          r"\bthe (?:next|previous|following) day\b", re.I)
TITLE_NOUNS = {"minister", "ministry", "president", "secretary", "office", "department", "committee",
               "commissioner", "affairs", "service", "agency", "council", "court", "party"}
HEADING_STOP = {"per", "the", "and", "for", "see", "details", "according"}
REPORTING_WORDS = {"according", "said", "say", "stated", "state", "claimed", "claim", "reported", "report",
                   "announced", "announce", "per", "told", "tell", "noted", "note", "wrote", "write"}
CONTINUES = re.compile(r"^(?:later|subsequently|afterwards|then|the (?:numbers?|figures?|count|toll|tally)|"
                       r"these (?:numbers|figures)|they|it)\b", re.I)
REPORTING_ANCHOR = re.compile(r"\b(?:as of|as at)\s*$", re.I)
MONTH_NEAR = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December)\b")
INCREMENT = re.compile(r"\b(?:another|more|additional|further|other)\s*$|\b(?:another|additional|further|extra)\b",
                       re.I)
POSTWAR = re.compile(r"\bpost-war\b|\bafter the (?:war|ceasefire|conflict)\b", re.I)
VAGUE = re.compile(r"\b(several|dozens|tens of|hundreds of|thousands of|millions of|many|few|some|a number)\b", re.I)


@dataclass
class Claim:
    kind: str
    value: str
    normalized: str | None
    subject: str
    key: str
    claimant: str | None
    source: str
    exact: str
    start: int
    end: int
    prefix: str
    suffix: str
    value_start: int
    value_end: int
    label: str = ""
    sentence: str = ""           # the cleaned sentence, for question text
    value_in_sentence: tuple[int, int] = (0, 0)
    side: str | None = None
    extra: dict = field(default_factory=dict)

    def evidence(self) -> dict:
        return {"source": self.source, "exact": self.exact, "start": self.start, "end": self.end,
                "prefix": self.prefix, "suffix": self.suffix, "value": self.value,
                "value_start": self.value_start, "value_end": self.value_end,
                "claimant": self.claimant, "normalized": self.normalized}

    def to_json(self) -> dict:
        data = asdict(self)
        data["value_in_sentence"] = list(self.value_in_sentence)
        return data


def extract_text(text: str, source_id: str = "doc") -> list[Claim]:
    """Claims of an arbitrary string, as if it were a source file."""
    return list(_extract(source_id, text, split_blocks(text)))


def extract_claims(source: Source, progress: Callable[[int], None] | None = None) -> list[Claim]:
    """The claims of one source. ``progress`` is called with the number of characters
    read after each block, so a long source reports as it goes."""
    return list(_extract(source.id, source.text, source.blocks or split_blocks(source.text), source.title,
                         file=source.path, progress=progress))


def _extract(source_id: str, text: str, blocks: list[Block], title: str = "", *, file: Path | None = None,
             progress: Callable[[int], None] | None = None) -> Iterator[Claim]:
    nlp = nlp_module.load()
    usable = [b for b in blocks if b.usable()]
    vocab = vocabulary(text)
    cleaned = [clean(text, b.start, b.end, vocab) for b in usable]
    for block, view in zip(usable, cleaned, strict=True):
        if len(view.text) > nlp.max_length:
            raise QuizgenError(f"a paragraph of {len(view.text):,} characters is longer than the "
                               f"{nlp.max_length:,} the language model reads at once; break it into paragraphs",
                               file=file or source_id, line=text.count("\n", 0, block.start) + 1)
    main_year = _main_year(text, usable)
    headings = _headings_before(text, blocks)
    labels = _field_labels(text, blocks)
    list_years = _list_years(text, blocks)
    genders: dict[str, str | None] = {}   # whether a person the source names is a "she" or a "he", as it says
    for block, view, doc in zip(usable, cleaned, nlp.pipe(c.text for c in cleaned), strict=True):
        if progress:
            progress(block.end - block.start)
        carried: str | None = None  # the claimant of the previous sentence in this paragraph
        paragraph_year: int | None = None
        people: list[tuple[str, str | None, int]] = []   # the paragraph's persons named as subjects, in order
        kin: list[str] = []   # a relative the paragraph has named ("his son Marcus"), and whether a he or she
        for index, sent in enumerate(doc.sents):
            genders.update(_gender_cues(sent))
            antecedent = _same_sentence_antecedent(sent, genders) or _antecedent(sent, people, index, genders)
            if kin and kin[1] in (t.lower_ for t in sent if t.pos_ == "PRON") and kin[0] not in sent.text:
                antecedent = {**antecedent, "kin": kin}   # "his son Marcus", then "He became an augur"
            sent_years = [int(m.group("year")) for m in FULL_DATE.finditer(sent.text)]
            inherited = carried if CONTINUES.match(sent.text.strip()) else None
            year_hint = paragraph_year or main_year
            claims = list(_sentence_claims(source_id, text, block, view, sent, year_hint, inherited, title,
                                           labelled=block.start in labels))
            for claim in claims:
                if block.kind in VALUE_ONLY_BLOCKS or claim.extra.get("verbless"):
                    # "• €412 million" under "Total cost", "3.3% (2016 est.)" under "GDP - real growth
                    # rate:": the heading or field label says what the value is
                    claim.extra["context"] = sorted(set(claim.extra["context"]) | headings.get(block.start, set()))
                if claim.extra.get("verbless") and block.start in labels:
                    claim.extra["field"] = labels[block.start]
                claim.extra.update(antecedent)
                if claim.kind == "figure":
                    _date_the_measure(claim, list_years.get(text.rfind("\n", 0, claim.value_start) + 1))
            yield from claims
            if subject := _subject_person(sent):
                people.append((*subject, index))
            kin = _relative(sent) or kin
            attributed = [c.claimant for c in claims if c.claimant]
            carried = attributed[-1] if attributed else (inherited if claims else None)
            if sent_years:
                paragraph_year = sent_years[-1]


def _headings_before(text: str, blocks: list[Block]) -> dict[int, set[str]]:
    """For each block, the words of the nearest heading or field label above it."""
    result, current = {}, set()
    for block in blocks:
        if block.kind == "heading":
            current = {stem(w.lower()) for w in re.findall(r"[A-Za-z]{3,}", text[block.start:block.end])
                       if w.lower() not in HEADING_STOP}
        else:
            result[block.start] = current
    return result


def _field_labels(text: str, blocks: list[Block]) -> dict[int, str]:
    """For a block right under a field label, the label: a short heading that ends with a colon
    ("Unemployment rate:" above "5.2% (2013 est.)"), as a fact sheet or an infobox writes one, or
    a field's name with its value line or first "sub: value" line right under it, no blank line
    between ("Coastline" above "84 km", "Land boundaries" above "total: 4,783 km")."""
    result = {}
    for above, block in pairwise(blocks):
        label = " ".join(text[above.start:above.end].split())
        if above.kind != "heading":
            continue
        if label.endswith(":") and 1 < len(label) <= FIELD_LABEL_CHARS:
            result[block.start] = label[:-1]
        elif block.kind in ("fragment", "item") and text.count("\n", above.end, block.start) == 1 \
                and (SUBFIELD.match(text, block.start) or block.kind == "fragment") and FIELD_NAME.fullmatch(label):
            result[block.start] = label
    return result


def _list_years(text: str, blocks: list[Block]) -> dict[int, int]:
    """For each line of a run of labelled lines ("Arable land: 8.9%", ..., "Other: 21.4% (2012)"),
    by where it starts, the year of the first line at or below it that ends with one: a list
    dated once, at its end."""
    result: dict[int, int] = {}
    undated: list[int] = []
    for block in blocks:
        start = block.start
        for line in text[block.start:block.end].split("\n"):
            line_start, start = text.rfind("\n", 0, start) + 1, start + len(line) + 1   # with its indent
            if not LABELLED_LINE.match(line):
                undated = []   # a heading or a sentence ends the list
                continue
            undated.append(line_start)
            if year := LIST_YEAR.search(line):
                result.update((at, int(year.group("year"))) for at in undated)
                undated = []
    return result


def _date_the_measure(claim: Claim, list_year: int | None) -> None:
    """The year a figure was measured in, where the text says it: in its own clause ("11% (2023
    est.)", "as of 2019") or at the end of the list it is one line of. A list's year is not in the
    line, so the question says it ("as of 2012")."""
    own = MEASURED_YEAR.match(claim.sentence, claim.value_in_sentence[1])
    if own:
        claim.extra["measured"] = int(own.group("year") or own.group("as_of"))
    elif list_year is not None:
        claim.extra["measured"] = list_year
        claim.extra["measured_in_list"] = True


def _main_year(text: str, blocks: list[Block]) -> int | None:
    """The year most of a source's full dates fall in, if one clearly dominates.
    A date written without its year ("9 December") is read in the year of the last
    full date of its paragraph, else in this one, else not at all."""
    years = Counter(int(m.group("year")) for b in blocks for m in FULL_DATE.finditer(text, b.start, b.end))
    if not years:
        return None
    year, count = years.most_common(1)[0]
    return year if count * 2 > sum(years.values()) else None


def _sentence_claims(source_id: str, text: str, block: Block, view: CleanText, sent: Span,
                     year_hint: int | None, inherited: str | None = None, title: str = "",
                     labelled: bool = False) -> Iterator[Claim]:
    s_start, s_end = _trim(sent.text, sent.start_char, sent.end_char)
    if (s_end - s_start < 8 and not labelled) or s_end - s_start > MAX_SENTENCE:
        return   # a short line says something only under a fact sheet's label ("Coastline", then "84 km")
    o_start, o_end = view.to_original(s_start, s_end)
    sentence_text = view.text[s_start:s_end]
    claimants = find_claimants(sentence_text)
    context = sentence_context(sent, claimants)
    verbless = _verbless(sent)
    parse = _root_subject(sent, s_start - sent.start_char)   # the sentence's subject, for each of its claims
    previous_figure = None
    for ent in value_spans(sent):
        kind = KIND_BY_LABEL.get(ent.label_)
        if kind is None:
            continue
        if block.kind in VALUE_ONLY_BLOCKS and kind not in ("figure", "date"):
            continue
        if kind in ("name", "place") and (_modifies_a_title(ent) or _ends_a_title(ent)):
            continue  # "the Interior Minister", "the State Agency of ___": half a title is no question
        value_text = ent.text.strip(" \n\t,;:.()\"“”'’")
        if kind in ("name", "place"):
            value_text = re.sub(r"['’]s$", "", value_text)  # "Senecio's report": the man is Senecio
            if value_text[:1].isdigit():
                continue  # "210 Severus": a year the tagger ran into a name
        if ERA_END.search(value_text) and ent.text.strip().endswith(value_text + "."):
            value_text += "."  # "44 B.C." keeps its last full stop
        if not value_text or not any(ch.isalnum() for ch in value_text):
            continue
        if in_citation(sentence_text, ent.start_char - sent.start_char):
            continue  # "(Ann., 1854, 92, p. 248)": a reference, not a fact
        normalized, kind = _normalize(kind, value_text, ent, year_hint)
        if kind is None:
            continue
        offset = ent.text.find(value_text)
        v_start, v_end = view.to_original(ent.start_char + offset, ent.start_char + offset + len(value_text))
        if not (o_start <= v_start and v_end <= o_end) or v_end <= v_start:
            continue
        in_sentence = ent.start_char + offset - s_start
        if kind == "date" and REPORTING_ANCHOR.search(sentence_text[:in_sentence]):
            continue  # "As of 9 November": when a count was made, not when something happened
        near_value = sentence_text[max(0, in_sentence - 12):in_sentence + len(value_text) + 12]
        if kind == "figure" and MONTH_NEAR.search(near_value) and re.fullmatch(r"\d{1,2}", value_text):
            continue  # a day of the month the model did not join to its date
        claimant = resolve_generic(block.claimant or _claimant_for(claimants, in_sentence) or (
            inherited if kind == "figure" else None), f"{title}\n{text}")
        orphan = claimant is None and bool(CONTINUES.match(sentence_text))
        if kind == "figure":
            subject, key, side = figure_subject(ent, claimant, previous_figure)
            if side is None and block.claimant:
                # an infobox's "Per X:" column lists X's own losses
                side = side_of(block.claimant)
                key = key.replace("figure||", f"figure|{side}|", 1)
            previous_figure = (subject, key, side)
        else:
            subject, key = predicate_subject(ent)
            item = dated_item(sentence_text, in_sentence, in_sentence + len(value_text)) if kind == "date" else None
            if item:
                key = f"date|work|{item}"
            side = None
        yield Claim(
            kind=kind, value=text[v_start:v_end], normalized=normalized, subject=subject, key=key,
            claimant=claimant, source=source_id, exact=text[o_start:o_end], start=o_start, end=o_end,
            prefix=text[max(0, o_start - CONTEXT_CHARS):o_start], suffix=text[o_end:o_end + CONTEXT_CHARS],
            value_start=v_start, value_end=v_end, label=ent.label_, sentence=sentence_text,
            value_in_sentence=(in_sentence, in_sentence + len(value_text)), side=side,
            extra={"block": block.kind, "list_member": _in_list(ent), "context": context, "orphan": orphan,
                   "describes": kind in ("name", "place") and _describes_a_noun(ent),
                   "clause": clause_context(ent, context),
                   "no_subject": _no_subject(sent), "verbless": verbless,
                   **parse,
                   "relative": kind == "date" and bool(RELATIVE_DAY.search(sentence_text)),
                   "wh": wh_question(ent) if block.kind == "prose" and ent.doc.has_annotation("DEP") else None,
                   "sentence_start": o_start, "holder": figure_holder(ent) if kind == "figure" else None,
                   "increment": bool(INCREMENT.search(sentence_text[max(0, in_sentence - 12):in_sentence]
                                                      + value_text)),
                   "postwar": bool(POSTWAR.search(sentence_text))})


def sentence_context(sent: Span, claimants: list[Attribution]) -> list[str]:
    """Content words of a sentence (lemmas), without values and claimants: what it is about.
    Two sources that give different values in sentences about the same thing share these."""
    claimant_words = {w.lower() for a in claimants for w in a.who.split()}
    words = set()
    tagged = sent.doc.has_annotation("POS")
    for token in sent:
        if token.ent_type_ in VALUE_LABELS or token.like_num or token.is_stop or not token.is_alpha:
            continue
        if tagged and token.pos_ not in ("NOUN", "PROPN", "VERB", "ADJ"):
            continue
        if len(token.text) < 3 or token.lower_ in claimant_words or token.lower_ in REPORTING_WORDS:
            continue
        words.add(stem((token.lemma_ or token.text).lower()))
    return sorted(words)


CLAUSE_EDGES = {"conj", "advcl", "relcl", "ccomp", "parataxis", "acl"}


def clause_context(ent: Span, context: list[str]) -> list[str]:
    """The sentence's content words that stand in the value's own clause: "founded by Megarians
    under Byzas about 657 B.C." out of a sentence that goes on to the city's later history.
    Without a parse, the whole sentence's."""
    if not ent.doc.has_annotation("DEP"):
        return context
    head = ent.root
    while head.head.i != head.i and not (head.pos_ in ("VERB", "AUX") and head.dep_ in CLAUSE_EDGES | {"ROOT"}):
        head = head.head
    inside: list = []
    stack = [head]
    while stack:
        token = stack.pop()
        inside.append(token)
        stack.extend(child for child in token.children
                     if not (child.dep_ in CLAUSE_EDGES and child.pos_ in ("VERB", "AUX")))
    words = {stem((t.lemma_ or t.text).lower()) for t in inside}
    return sorted(w for w in context if w in words)


def stem(word: str) -> str:
    """A light suffix fold so that "signature" meets "sign" and "allocation" meets "allocate"."""
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))  # "cão" is "cao"
    for suffix in STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _ends_a_title(ent: Span) -> bool:
    doc = ent.doc
    return ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].is_title \
        and doc[ent.start - 2].lower_ in TITLE_NOUNS | {"agency", "university", "republic", "state", "bank"}


def _modifies_a_title(ent: Span) -> bool:
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return after is not None and after.is_title and after.lower_ in TITLE_NOUNS


def in_citation(sentence: str, position: int) -> bool:
    """Is ``position`` inside brackets that hold a reference ("(Ber. 1902, 35, p. 3612)")?"""
    opening = max(sentence.rfind("(", 0, position), sentence.rfind("[", 0, position))
    if opening < 0 or max(sentence.rfind(")", 0, position), sentence.rfind("]", 0, position)) > opening:
        return False
    closing = min((i for i in (sentence.find(")", position), sentence.find("]", position)) if i >= 0),
                  default=len(sentence))
    return bool(CITATION_CUE.search(sentence[opening:closing]))


def _root_subject(sent: Span, trimmed: int) -> dict:
    """The subject of the sentence's main verb: a short noun phrase ("the power station
    below the dam") as ``subject_text``, or a pronoun's place in the sentence as
    ``subject_pronoun``, so that a later sentence's "it" can be named and this one's resolved."""
    if not sent.doc.has_annotation("DEP"):
        return {}
    subject = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return {}
    if subject.lower_ in ("it", "he", "she") and subject.pos_ == "PRON":
        begin = subject.idx - sent.start_char - trimmed
        return {"subject_pronoun": [begin, begin + len(subject.text)]}
    span = sent.doc[subject.left_edge.i:subject.right_edge.i + 1]
    if len(span) > MAX_SUBJECT_TOKENS or subject.pos_ not in ("NOUN", "PROPN") or "\n" in span.text:
        return {}
    if _bare_noun_phrase(span, subject):
        begin = span.start_char - sent.start_char - trimmed   # "The city was founded ...": which city?
        found = {"subject_text": span.text, "subject_generic": [begin, begin + len(span.text)]}
        named = _named_before(sent, subject)
        return found | ({"referent": named} if named else {})
    return {"subject_text": span.text}


def _bare_noun_phrase(span: Span, subject: Token) -> bool:
    """"The city", "The larger engine", "This battle": a subject that says what kind of thing, not
    which one: a singular common noun after "the" or "this", with at most one word between."""
    if len(span) == 2 and span[0].lower_ == "the" and subject.lemma_.lower() in GENERIC_NOUNS:
        return True
    return 2 <= len(span) <= 3 and span[0].lower_ in ("the", "this") and subject.i == span.end - 1 \
        and subject.tag_ == "NN" and all(t.pos_ in ("ADJ", "NOUN") and t.tag_ not in ("JJS", "JJR", "RBS")
                                           and t.lower_ not in ORDINAL_WORDS for t in span[1:-1])


def _named_before(sent: Span, noun: Token) -> str | None:
    """The name an earlier sentence of the paragraph gives the thing a bare "the engine" stands for:
    "Difference Engine No. 1", "the Battle of Badon", "the Simnel rebellion"; the nearest sentence
    that has one, and only if that sentence names one thing of that kind."""
    doc, lemma = sent.doc, noun.lemma_.lower()
    if lemma in FEMALE_NOUNS | MALE_NOUNS | PERSON_ROLES:
        return None   # "the bishop" after "the Bishop of Natal" may be another bishop
    stop = sent.start
    for _ in range(NAMED_BEFORE_SENTENCES):
        if stop == 0:
            return None
        begin = doc[stop - 1].sent.start
        names = set(_names_of_kind(doc[begin:stop], lemma))
        if names:
            return names.pop() if len(names) == 1 else None
        stop = begin
    return None


def _names_of_kind(span: Span, lemma: str) -> Iterator[str]:
    """Names in ``span`` whose words include the noun: "Battle of Badon" for "battle", "Scheutz
    engine" (a name before the noun itself) for "engine"."""
    doc = span.doc
    for token in span:
        if token.lemma_.lower() != lemma or token.tag_ not in ("NN", "NNP"):
            continue
        first, last = token.i, token.i
        while first > span.start and _name_goes_back_to(doc[first - 1]):
            first -= 1
        while last + 1 < span.end and _name_goes_on_to(doc[last + 1], doc[last + 2] if last + 2 < span.end else None,
                                                        doc[last]):
            last += 1
        words = doc[first:last + 1]
        if first == token.i and (not token.is_title or last == token.i):
            continue   # the noun alone, or written small with nothing named before it
        if doc[first].tag_ == "POS" or (last > token.i and doc[token.i + 1].pos_ == "PROPN"):
            continue   # "Bishop Gray", "Pope John": a title before a name, perhaps another bishop's
        if not token.is_title and not any(t.pos_ == "PROPN" and t.ent_type_ != "NORP" and not DEMONYM.fullmatch(t.text)
                                          for t in words if t.i != token.i):
            continue   # "the Mauryan bridge" names no bridge
        small = not token.is_title and "'" not in words.text and "’" not in words.text   # "the Scheutz engine"
        the = "the " if small or (first > 0 and doc[first - 1].lower_ == "the") else ""
        yield the + words.text


def _name_goes_back_to(word: Token) -> bool:
    """Is ``word`` part of the name before a noun ("Lambert Simnel 's rebellion")? Not the
    capital that opens a sentence ("The"), unless it is a name itself."""
    return (word.is_title or word.tag_ == "POS") and (not word.is_sent_start or word.pos_ == "PROPN")


def _name_goes_on_to(word: Token, after: Token | None, before: Token) -> bool:
    """Does the name go on to ``word``: "Battle of Badon", "Difference Engine No. 2"?"""
    if word.is_title:
        return True
    if word.lower_ in ("of", "de", "the"):
        return after is not None and after.is_title
    return word.like_num and before.text == "No."


def _subject_person(sent: Span) -> tuple[str, str | None] | None:
    """The person a sentence names as the subject of its main verb, with "she" or "he" where the
    subject's noun says which: "Belisarius" of "Belisarius then marched on Rome", ("Cornelia",
    "she") of "His wife Cornelia died that year"; so that "He took the city" after it is read as
    that person, not as the person the source is about."""
    if not sent.doc.has_annotation("DEP"):
        return None
    subject = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    gender = "she" if subject.lemma_.lower() in FEMALE_NOUNS else "he" if subject.lemma_.lower() in MALE_NOUNS else None
    # sentence_ents: the entities of ``sent.ents`` without walking the whole document's for each sentence
    for ent in map(relabel, sentence_ents(sent)):
        if ent.label_ == "PERSON" and (ent.start <= subject.i < ent.end
                                       or (ent.root.dep_ in ("appos", "compound") and ent.root.head == subject)):
            name = re.sub(r"['’]s$", "", ent.text.strip(" ,;:.()"))
            return (name, gender) if name[:1].isupper() and not name.lower().startswith("the ") else None
    return None


def _antecedent(sent: Span, people: list[tuple[str, str | None, int]], index: int,
                genders: dict[str, str | None]) -> dict:
    """Whom a "he" or "she" of the sentence most likely is, of the persons named as subjects
    earlier in its paragraph: the latest one its pronoun agrees with (``antecedent``), and
    whether that one is the subject of the sentence right before (``antecedent_near``). A person
    the source has called someone's daughter is no "he" ("Clara died in 1869. He married ...")."""
    pronoun = next((t.lower_ for t in sent if t.lower_ in ("he", "she") and t.pos_ == "PRON"), None)
    for name, gender, at in reversed(people):
        gender = gender or _known_gender(name, genders)
        if pronoun is None or gender is None or gender == pronoun:
            return {"antecedent": name, "antecedent_near": at == index - 1}
    return {}


def _same_sentence_antecedent(sent: Span, genders: dict[str, str | None]) -> dict:
    """The person a sentence's earlier clause has as its subject, for the "he" or "she" that is
    the subject of a later clause: "Joannes was taken and his right hand cut off; he was then
    mounted on a donkey" says "he" of Joannes, whoever the source is about. The first such name
    the pronoun may be; a name the tagger did not mark as a person counts where it is a proper noun."""
    if not sent.doc.has_annotation("DEP"):
        return {}
    pronoun = next((t for t in sent if t.lower_ in ("he", "she") and t.pos_ == "PRON"
                    and t.dep_ in ("nsubj", "nsubjpass")), None)
    if pronoun is None:
        return {}
    for token in sent:
        if token.i >= pronoun.i:
            break
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN" and token.head != pronoun.head:
            words = [t for t in token.children if t.dep_ == "compound" and t.i < token.i and t.is_title]
            name = " ".join(t.text for t in [*words, token])
            if name[:1].isupper() and _known_gender(name, genders) in (None, pronoun.lower_):
                return {"antecedent": name, "antecedent_near": True}
    return {}


# words before a name that say whether the person is a woman or a man: "Mrs Jane Smith", "Sir John Hale"
FEMALE_TITLES = {"mrs", "miss", "ms", "madame", "mme", "dame"}
MALE_TITLES = {"mr", "sir", "monsieur"}


def _gender_cues(sent: Span) -> Iterator[tuple[str, str | None]]:
    """The persons a sentence says are women or men, by a noun beside the name: "Clara Richelot,
    the daughter of ...", "his wife Edith", "Queen Victoria", "Sir John Hale"."""
    if not sent.doc.has_annotation("DEP"):
        return
    for ent in map(relabel, sentence_ents(sent)):
        if ent.label_ != "PERSON":
            continue
        root = ent.root
        nouns = [c.lemma_.lower() for c in root.children if c.dep_ == "appos"]
        nouns += [t.lower_.rstrip(".") for t in ent if t.dep_ == "compound"]
        if root.dep_ == "appos":
            nouns.append(root.head.lemma_.lower())
        said = {"she" for n in nouns if n in FEMALE_NOUNS or n in FEMALE_TITLES} \
            | {"he" for n in nouns if n in MALE_NOUNS or n in MALE_TITLES}
        if len(said) == 1:
            cue_words = FEMALE_TITLES | MALE_TITLES | FEMALE_NOUNS | MALE_NOUNS
            name = " ".join(t.text for t in ent if t.is_title and t.lower_.rstrip(".") not in cue_words)
            if name:
                yield name, said.pop()


# a relative's noun, which the source's person may share a first name with: "his son Marcus"
KIN_NOUNS = {"son": "he", "brother": "he", "father": "he", "nephew": "he", "uncle": "he", "grandson": "he",
             "cousin": None, "daughter": "she", "sister": "she", "mother": "she", "niece": "she", "aunt": "she",
             "granddaughter": "she"}


def _relative(sent: Span) -> list[str]:
    """A relative a sentence makes its subject by the kin noun of someone's ("his son Marcus would
    become ...", "Her brother Walter died"): [name, "he" or "she"], so that a later "he" of the
    paragraph may be that relative, not the person the source is about; empty where there is none."""
    if not sent.doc.has_annotation("DEP"):
        return []
    for token in sent:
        gender = KIN_NOUNS.get(token.lemma_.lower())
        if gender and token.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "poss" for c in token.children):
            named = [c for c in token.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"]
            if named:
                words = [t for t in named[0].children if t.dep_ == "compound" and t.i < named[0].i] + [named[0]]
                return [" ".join(t.text for t in words), gender]
    return []


def _known_gender(name: str, genders: dict[str, str | None]) -> str | None:
    """What the source has said of ``name``: "Clara" is the "Clara Richelot" it called a daughter; a
    surname alone is no one's ("Richelot" may be her father). Names said to be both say nothing."""
    words = set(name.split())
    said = {gender for known, gender in genders.items()
            if known.split()[0] == name.split()[0] and (words <= set(known.split()) or set(known.split()) <= words)}
    return said.pop() if len(said) == 1 else None


def _no_subject(sent: Span) -> bool:
    """A sentence whose main verb has no subject: a fragment ("Remains the third lowest ...")."""
    if not sent.doc.has_annotation("DEP"):
        return False
    root = sent.root
    return root.pos_ in ("VERB", "AUX") and not any(
        child.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "csubjpass") for child in root.children)


FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
# the nouns that say a person's sex, as a subject's head: "His wife Cornelia", "Her son, Henry,"
FEMALE_NOUNS = {"wife", "mother", "daughter", "sister", "queen", "empress", "princess", "duchess", "countess",
                "lady", "widow", "woman", "girl", "aunt", "niece", "grandmother", "nun", "abbess", "mistress"}
PERSON_ROLES = {"bishop", "archbishop", "cardinal", "abbot", "priest", "president", "governor", "general", "commander",
                "chief", "leader", "minister", "chancellor", "officer", "author", "writer", "scholar", "historian",
                "professor", "doctor", "physician", "person", "child", "heir", "ruler", "successor", "owner"}
MALE_NOUNS = {"husband", "father", "son", "brother", "king", "emperor", "prince", "duke", "count", "earl", "lord",
              "man", "boy", "uncle", "nephew", "grandfather", "monk", "sultan", "tsar", "pope"}


def _verbless(sent: Span) -> bool:
    """A line with no finite verb: a caption ("X in Venetian garb by ___ (1762)"), a spec line
    ("Zn: 1.50% max., Cu: balance"), a heading or a list entry. It states nothing a learner
    could recall as a fact, however its blank is cut."""
    if not sent.doc.has_annotation("TAG"):
        return False
    return not any(token.tag_ in FINITE_TAGS or (token.dep_ == "ROOT" and token.pos_ in ("VERB", "AUX"))
                   for token in sent)


def _describes_a_noun(ent: Span) -> bool:
    """"after the Seljuk decline", "the Earth's crustal rocks", "the Carrow bridge is long": the
    name only describes a common noun, and blanking it asks for an adjective or half a name."""
    if not ent.doc.has_annotation("DEP"):
        return False
    root, head = ent.root, ent.root.head
    if root.dep_ == "poss" and head.dep_ in ("nsubj", "nsubjpass"):
        return False  # "Gage's troops carried the position": whose troops acted is the point
    return root.dep_ in ("amod", "compound", "poss", "nmod") and head.pos_ == "NOUN" and head.i >= ent.end


def _in_list(ent: Span) -> bool:
    """A member of "A, B and C": blanking one of them leaves several true answers."""
    root = ent.root
    if not ent.doc.has_annotation("DEP"):
        return False
    return root.dep_ == "conj" or any(child.dep_ == "conj" for child in root.children)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    body = text.strip()
    lead = len(text) - len(text.lstrip())
    heading = RUN_IN_HEADING.match(body)
    if heading and heading.end() < len(body):
        lead, body = lead + heading.end(), body[heading.end():]
    return start + lead, start + lead + len(body)


def _normalize(kind: str, value: str, ent: Span, year_hint: int | None) -> tuple[str | None, str | None]:
    if kind == "date":
        if ERA_YEAR.search(value):
            return era_key(value), "date"  # "44 BC": "-0044", compared with other dates of its era
        if DURATION_WORDS.search(value) and not DURATION.match(value):
            return None, None  # "two years", "a few months": a length of time, not a date
        if DURATION.match(value):
            quantity = parse_quantity(value)
            return (quantity_key(quantity), "figure") if quantity else (None, None)
        count = parse_quantity(value) if re.fullmatch(r"\d{3,4}", value) and (
            _counts_a_noun(ent) or MEASURE_AFTER.match(ent.doc.text, ent.end_char)) else None
        if count is not None:
            return quantity_key(count), "figure"
        date = parse_date(value, default_year=year_hint)
        if date is None:
            return None, None
        if not YEAR.search(value):
            return None, "date"  # its year is a guess: ask it as written, store no ISO form
        return date_key(date), "date"
    if kind == "figure":
        if _inside_word(ent) or (VAGUE.search(value) and not re.search(r"\d", value)):
            return None, None
        year = _year_after_in(ent, value)
        if year:
            return year, "date"  # "In 968, the Fatimids ...": a year the model took for a count
        quantity = parse_quantity(value)
        if quantity is None or (quantity.value < 2 and quantity.unit != "%" and not SHARE_WORD.search(value)):
            return None, None
        if re.fullmatch(r"(?:hundred|thousand)s?", value.strip(), re.I) and ent.start > 0 \
                and ent.doc[ent.start - 1].lower_ in ORDINAL_WORDS:
            return None, None  # "the first of the second hundred of the elements": a place in a row of hundreds
        if ent.label_ == "CARDINAL" and re.fullmatch(r"(1[5-9]|20)\d\d", value):
            return None, None  # a bare year the model did not call a date
        return quantity_key(quantity), "figure"
    if len(value) < 2 or value.islower():
        return None, None
    if ERA_YEAR.fullmatch(value):
        return era_key(value), "date"  # "A.D. 968" the model took for a name
    return None, kind


def _counts_a_noun(ent: Span) -> bool:
    """"Confederates lost 1982 men": a number the model took for a year, counting the plural
    noun right after it (but "the 1982 elections" is a year)."""
    doc = ent.doc
    if ent.end >= len(doc) or not doc.has_annotation("TAG"):
        return False
    noun = doc[ent.end]
    before = doc[ent.start - 1] if ent.start > 0 else None
    return noun.tag_ == "NNS" and ent.root.head.i == noun.i and (before is None or before.pos_ not in ("DET", "PRON"))


ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "next", "last"}
YEAR_CUES = {"in", "d.", "b.", "died", "born", "fl.", "r.", "c.", "ca.", "circa", "reigned", "year"}   # "the year 800"
SEASONS = {"spring", "summer", "autumn", "fall", "winter"}
MONTH_WORDS = set(MONTHS)
DASHES = {"–", "—", "-"}


def _year_after_in(ent: Span, value: str) -> str | None:
    """"In 968," "(d. 814)", "(796)", "(488–c. 514)", "invented ... around 1450.": a number the
    model took for a count that is a year: three or four digits after a word that dates
    ("in", "d.", "born"), alone in brackets, or joined to another year by a dash, or a hedged
    year of the second millennium, with nothing after it that it could count. Returns the year."""
    hedged = re.fullmatch(r"(?:around|about|circa|c\.|ca\.)\s+(\d{3,4})", value, re.I)
    bare = re.fullmatch(r"[1-9]\d{2,3}", value)
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    following = doc[ent.end] if ent.end < len(doc) else None
    if span := re.fullmatch(r"([1-9]\d{2,3})\s*[–-]\s*([1-9]\d{2,3})", value):
        first, last = int(span.group(1)), int(span.group(2))
        if 0 < last - first <= 100 and (before is None or before.text in (",", ":")) \
                and (following is None or following.text in (".", ";", ")")):
            return f"{first:04d}/{last:04d}"  # "War in Italy, second phase, 541–554.": a span of years
        return None
    if not (hedged or bare):
        return None
    if bare and before is not None and before.lower_ == "in" and following is not None \
            and (following.pos_ in ("VERB", "AUX") or (before.is_sent_start and following.tag_ == "NN")) \
            and not MEASURE_AFTER.match(doc.text, ent.end_char):
        return f"{int(value):04d}"  # "and in 933 routed them", "In 925 duke Gilbert rebelled": when, not how many
    if bare and before is not None and before.lower_ == "of" and ent.start > 1 and doc[ent.start - 2].pos_ == "PROPN" \
            and (following is None or following.is_punct or following.pos_ in ("ADP", "CCONJ", "SCONJ")):
        return f"{int(value):04d}"  # "the Pragmatic Sanction of 554": a name dated by its year
    if bare and before is not None and before.is_sent_start and following is not None and following.text == "," \
            and before.lower_ in ("around", "about", "circa", "c.", "ca."):
        return f"{int(value):04d}"  # "Around 525, he married ...": a hedged year opening the sentence
    if bare and before is not None and before.is_sent_start and before.lower_ in ("by", "until", "till", "since") \
            and (following is None or following.pos_ not in ("NOUN", "PROPN", "NUM", "SYM")):
        return f"{int(value):04d}"  # "By 401 more troops were withdrawn": the year a sentence opens with
    ends = following is None or following.is_punct
    if bare and before is not None and ((before.lower_ in ("until", "till") and ends) or (
            before.lower_ == "from" and following is not None and following.lower_ in ("until", "till"))):
        return f"{int(value):04d}"  # "regent from 423 until his majority", "regent until 437, though ...": how long
    if bare and before is not None and before.is_sent_start and before.lower_ == "in" \
            and following is not None and following.pos_ == "PROPN":
        return f"{int(value):04d}"  # "In 401 Alaric invaded Italy.": the year, then who acted
    cued = (before is not None and before.lower_ in YEAR_CUES) or _listed_after_a_cued_year(ent) or (
        before is not None and before.lower_ == "of" and ent.start > 1
        and doc[ent.start - 2].lower_ in SEASONS | MONTH_WORDS)   # "until the spring of 774"
    bracketed = before is not None and before.text == "(" and following is not None and following.text == ")"
    ranged = _in_year_range(ent)
    dates_an_act = _dates_an_act(ent)
    if hedged and not (len(hedged.group(1)) == 4 and hedged.group(1)[0] in "12") and not ranged \
            and not dates_an_act:
        return None
    if bare and not (cued or bracketed or ranged or dates_an_act):
        return None
    if hedged and before is not None and before.lower_ in ("of", "to", "than", "and", "some"):
        return None  # "a population of about 1450", "from 1200 to about 1450 men"
    if following is None or following.is_punct or following.pos_ in ("DET", "PRON", "ADP", "CCONJ", "SCONJ"):
        return f"{int(hedged.group(1) if hedged else value):04d}"
    return None


def _dates_an_act(ent: Span) -> bool:
    """"When Hadrian reached Britannia ... around 120,", "was abandoned around 163.": a hedged
    number after the verb it hangs from has its object or is passive, so it says when, not how
    many ("numbered around 120", "sold around 120 copies" count)."""
    number = ent.root
    hedge = number.head
    verb = hedge.head
    if number.dep_ != "pobj" or hedge.lower_ not in ("around", "about", "circa", "c.", "ca.") \
            or hedge.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX") or verb.i > hedge.i:
        return False
    return any(child.dep_ in ("dobj", "auxpass", "nsubjpass") for child in verb.children)


def _listed_after_a_cued_year(ent: Span) -> bool:
    """"in 792, 794, and 796": the numbers after a cued year, joined to it by commas and "and"."""
    doc, numbers = ent.doc, 0
    for i in range(ent.start - 1, max(-1, ent.start - 12), -1):
        token = doc[i]
        if token.text in (",", "and", "or"):
            continue
        if re.fullmatch(r"\d{3,4}", token.text):
            numbers += 1
            continue
        return numbers > 0 and token.lower_ in YEAR_CUES
    return False


def _in_year_range(ent: Span) -> bool:
    """"488–c. 514", "c. 600–around 624": a number a dash joins to another of three or four digits
    inside brackets, as a life or a reign is written."""
    doc = ent.doc
    window = doc[max(0, ent.start - 4):min(len(doc), ent.end + 4)]
    if not any(t.text == "(" for t in doc[max(0, ent.start - 4):ent.start]) \
            or not any(t.text == ")" for t in doc[ent.end:ent.end + 4]):
        return False
    numbers = [t for t in window if re.fullmatch(r"\d{3,4}", t.text)]
    return any(t.text in DASHES for t in window) and len(numbers) >= 2


def quantity_key(quantity: Quantity) -> str:
    """A figure's normalised value: "2906", "72%"."""
    return plain_number(quantity.value) + (quantity.unit if quantity.unit == "%" else "")


def date_key(date: DateValue) -> str:
    """A date's normalised value: "2020-11-10", a range "1988/1994"."""
    return date.iso + (f"/{date.end}" if date.end else "")


def plain_number(value: float) -> str:
    """2906 -> "2906", 21.5 -> "21.5", 1.2e9 -> "1200000000": never an exponent."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _inside_word(ent: Span) -> bool:
    """Numbers that belong to a name ("Su-25", "Mi-24", "TB2") are not figures."""
    text = doc_text(ent.doc)
    before = text[ent.start_char - 1] if ent.start_char else " "
    after = text[ent.end_char] if ent.end_char < len(text) else " "
    return (before in "-/" and ent.start_char > 1 and text[ent.start_char - 2].isalpha()) or after.isalpha()


def _claimant_for(claimants: list[Attribution], position: int) -> str | None:
    """The nearest attribution before the value; else one after it that looks back
    (", according to X", "(according to X)", ", X said")."""
    before = [c for c in claimants if c.end <= position and not c.looks_back]
    if before:
        return before[-1].who
    after = [c for c in claimants if c.start >= position and (c.looks_back or c.sentence_wide)]
    return after[0].who if after else None


CLAUSE_SPLIT = re.compile(r";\s+|,\s+(?=(?:while|whereas|but|although)\b)")
# a conjunct that goes on with its verb, the subject before it: "but after some success, was again recalled"
SHARED_SUBJECT = re.compile(r"(?:but|while|whereas|although)\s+(?:(?:after|before|during|despite|following|on|in|at|"
                            r"with|for|by|as|when|once|soon|later|then|eventually|finally)\b[^,;]{0,40},\s+)?"
                            r"(?:was|were|is|are|had|has|have|did|could|would|should|might|will|can|[a-z]+ed)\b")


YEAR_IN_SENTENCE = re.compile(r"(?<![\d.,])(1\d{3}|20\d{2})(?![\d.,]\d)")


def years_told(claim: Claim) -> set[str]:
    """The years a value's sentence names beside the value itself: when what it tells happened."""
    start, end = claim.value_in_sentence
    return set(YEAR_IN_SENTENCE.findall(claim.sentence[:start] + " " + claim.sentence[end:]))


def value_clause(claim: Claim) -> tuple[str, int, int]:
    """The clause of the sentence holding the value, with the value's position in it."""
    sentence = claim.sentence
    start, end = claim.value_in_sentence
    pieces, offset = [], 0
    for match in CLAUSE_SPLIT.finditer(sentence):
        if SHARED_SUBJECT.match(sentence, match.end()):
            continue  # "arrived in 541, but after some success, was recalled": one subject, one clause
        pieces.append((offset, match.start()))
        offset = match.end()
    pieces.append((offset, len(sentence)))
    for p_start, p_end in pieces:
        if p_start <= start and end <= p_end:
            clause = sentence[p_start:p_end]
            return clause, start - p_start, end - p_start
    return sentence, start, end
