"""The value spans of a sentence: the model's entities, repaired and completed.

A small statistical model misses things a reader would not: "approximately
725,000" left untagged, "Toulouse" taken for a person after "in", a number
written with a no-break space. These rules fill the gaps without overriding
what the model saw well.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Span

PLACE_BEFORE = re.compile(r"\b(?:city|town|village|capital|district|region|province|county|port|river|"
                          r"capture|fall|siege|liberation|battle|outskirts|mayor|residents|shelling) of$")
PLACE_AFTER = re.compile(r"^,\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}(?:city|town|village|capital|district|region|"
                         r"province|port|river|country|state)\b")
LOCATIVE = {"in", "at", "near", "from", "outside", "inside", "around", "across"}
# "Félix Pouchet, who was director ...", "Marie Laurent, daughter of the rector": said of a person
PERSON_AFTER = re.compile(r"^,?\s*(?:who|whom|whose)\b|^,\s+(?:the\s+)?(?:son|daughter|wife|husband|widow|brother|"
                          r"sister|father|mother|nephew|niece|cousin|uncle|aunt)\s+of\b")
HEDGE_WORDS = {"approximately", "about", "around", "roughly", "nearly", "almost", "some", "over",
               "under", "than", "least", "up"}
SCALE_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "%", "percent"}
REGNAL = re.compile(r"(?:X{0,2})(?:IX|IV|V?I{1,3}|V|X)")   # I to XXIX: "Edward I", "Louis XIV"
ERA = re.compile(r"B\.?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?")
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}
RUN_ON = {"for", "at", "against"}   # a name does not go on past these, but a body's may ("Centre for ...")
BODY_KINDS = {"ministry", "department", "office", "council", "committee", "commission", "centre", "center",
              "foundation", "association", "agency", "fund", "board", "league", "union", "society", "institute",
              "institution", "school", "academy", "museum", "bank", "company", "university", "college", "church",
              "hospital", "court", "organisation", "organization", "alliance", "campaign", "coalition", "front"}
CURRENCY = {"£", "$", "€", "¥", "₽"}
VALUE_LABELS = {"DATE", "CARDINAL", "QUANTITY", "PERCENT", "MONEY", "TIME", "ORDINAL"}
DOC_TEXT = "quizgen.text"  # where doc_text() keeps the text in Doc.user_data
DOC_ENTS = "quizgen.ents"  # and sentence_ents() the entities and where they start


def value_spans(sent: Span) -> list[Span]:
    spans = [_trimmed(relabel(ent)) for ent in sentence_ents(sent)]
    taken = {i for span in spans for i in range(span.start, span.end)}
    spans += _missed_numbers(sent, taken)
    taken = {i for span in spans for i in range(span.start, span.end)}
    spans += _missed_places(sent, taken)
    return sorted(_with_degrees(sent, _with_eras(sent, spans)), key=lambda span: span.start)


def _past_space(doc: Doc, i: int, end: int) -> int:
    """Token ``i``, or the one after it where ``i`` is a space the tokenizer kept as a token
    (a no-break space: "2000\xa0BC", "235–238\xa0°C")."""
    return i + 1 if i < end and doc[i].is_space else i


def _degree_end(doc: Doc, i: int, end: int) -> int:
    """Where "°", "° C" or "°F" after a number (token ``i - 1``) ends, or ``i`` if none follows."""
    j = _past_space(doc, i, end)
    if j < end and doc[j].text in ("°", "º"):
        j += 1
        return j + 1 if j < end and doc[j].text in ("C", "F", "C.", "F.") else j
    if j < end and re.fullmatch(r"[°º][CF]\.?", doc[j].text):
        return j + 1
    return i


def _with_degrees(sent: Span, spans: list[Span]) -> list[Span]:
    """"melts at 234° to 235°C", "235–238 °C": a temperature is one value with its scale, a
    range of two numbers joined by "to" or a dash one value."""
    doc = sent.doc
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if not re.fullmatch(r"[-−]?[\d.,–—-]*\d[°º]?", span[-1].text):
            result.append(span)
            continue
        end = _degree_end(doc, span.end, sent.end)
        previous = result[-1] if result else None
        if previous is not None and previous.label_ == "QUANTITY" and previous.text.endswith(("°", "C", "F")) \
                and doc[previous.end:span.start].text.strip().lower() in ("to", "–", "-", "—") \
                and end > span.end:
            result[-1] = Span(doc, previous.start, end, label="QUANTITY")   # "234° to 235°C"
        elif end > span.end or span[-1].text[-1] in "°º":
            result.append(Span(doc, span.start, end, label="QUANTITY"))
        else:
            result.append(span)
    return result


def _with_eras(sent: Span, spans: list[Span]) -> list[Span]:
    """"44 BC", "15 March 44 B.C.", "AD 9": a year with its era is one date, and the era
    alone ("BC" tagged as an organisation) is no value at all."""
    doc = sent.doc
    result = [span for span in spans if not ERA.fullmatch(span.text.strip())]
    for index, span in enumerate(result):
        end = _past_space(doc, span.end, sent.end)   # "2000\xa0BC"
        after = doc[end] if end < sent.end else None
        before = doc[span.start - 1] if span.start > sent.start else None
        if span[-1].like_num and after is not None and ERA.fullmatch(after.text):
            result[index] = Span(doc, span.start, end + 1, label="DATE")
        elif span[0].like_num and before is not None and before.text in ("AD", "A.D."):
            result[index] = Span(doc, span.start - 1, span.end, label="DATE")
    return result


def _whole_date(ent: Span) -> Span:
    """"27 September 2020" as one value, even when the model tagged only "September"."""
    doc, start, end = ent.doc, ent.start, ent.end
    if start > 0 and doc[start - 1].is_digit and len(doc[start - 1].text) <= 2:
        start -= 1
    if end < len(doc) and doc[end].is_digit and len(doc[end].text) == 4:
        end += 1
    return ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label="DATE")


def _trimmed(ent: Span) -> Span:
    """A name the model ran on into the words after it: "Cardross for Tarbert", "the Huns at
    Chalons", "Udaka Ramaputta (Skr", "the First War of Scottish Independence against" end
    before the preposition, the unclosed bracket or the dangling word. "Bank for International
    Settlements" keeps its "for": a body's name goes on after its kind. A measure ends before the
    same measure in other units ("1,894 km/1,176 mi")."""
    doc, end = ent.doc, ent.end
    if ent.label_ in VALUE_LABELS:
        cut = next((i for i in range(ent.start + 1, ent.end - 1) if doc[i].text == "/" and doc[i - 1].is_alpha
                    and doc[i + 1].like_num), None)   # "1,894 km/1,176 mi": the first measure, its conversion after
        return ent if cut is None else Span(doc, ent.start, cut, label=ent.label_)
    if ent.label_ not in NAME_LABELS:
        return ent
    for i in range(ent.start + 1, ent.end):
        token = doc[i]
        if (token.text == "(" and not any(doc[j].text == ")" for j in range(i, ent.end))) or (
                token.text in RUN_ON and doc[i - 1].lower_ not in BODY_KINDS):
            end = i
            break
    while end > ent.start + 1 and doc[end - 1].is_lower and (doc[end - 1].is_stop or doc[end - 1].is_punct
                                                             or doc[end - 1].pos_ in ("VERB", "AUX")):
        end -= 1   # "Charles VII retained": the verb after the name
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_)


def relabel(ent: Span) -> Span:
    """A one- or two-word "person" right after "in"/"at" is a place ("in Toulouse"); a person's
    regnal number the model left out ("Edward" of "Edward I") belongs to the name; a number the
    model took for a year after a currency sign is a sum ("£1700")."""
    if ent.label_ in ("DATE", "CARDINAL") and ent.start > 0 and ent.doc[ent.start - 1].text in CURRENCY \
            and ent.text[:1].isdigit():
        return Span(ent.doc, ent.start - 1, ent.end, label="MONEY")   # "gave Babbage £1700": a sum, not a year
    if ent.label_ == "DATE":
        return _whole_date(ent)
    if ent.label_ in ("PERSON", "ORG") and len(ent) <= 2 and _place_context(ent):
        return Span(ent.doc, ent.start, ent.end, label="GPE")
    doc = ent.doc
    if ent.label_ == "ORG" and 2 <= len(ent) <= 4 and all(t.is_title and t.is_alpha for t in ent) \
            and not any(t.lower_ in BODY_KINDS or t.is_stop for t in ent) \
            and PERSON_AFTER.match(doc[ent.end:min(len(doc), ent.end + 4)].text):
        return Span(doc, ent.start, ent.end, label="PERSON")   # no "the", no "of": a name, not a body
    if ent.label_ == "PERSON" and ent.end < len(doc) and REGNAL.fullmatch(doc[ent.end].text) \
            and not doc[ent.end].ent_type_ and doc[ent.end - 1].whitespace_:
        return Span(doc, ent.start, ent.end + 1, label="PERSON")
    return ent


def _place_context(ent: Span) -> bool:
    """"in Toulouse", "the capture of Shusha", "Shusha, the second-largest city": a place."""
    doc = ent.doc
    before = doc[max(0, ent.start - 2):ent.start].text.lower()
    after = doc[ent.end:min(len(doc), ent.end + 6)].text.lower()
    if ent.start > 0 and doc[ent.start - 1].lower_ in LOCATIVE and doc[ent.start - 1].lower_ != "from":
        return True
    if PLACE_BEFORE.search(before):
        return True
    return bool(PLACE_AFTER.match(after))


def _missed_numbers(sent: Span, taken: set[int]) -> list[Span]:
    found = []
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        token = doc[i]
        if i in taken or not token.like_num or not any(ch.isdigit() for ch in token.text) \
                or token.ent_type_ in VALUE_LABELS:
            i += 1
            continue
        if _glued(token):
            i += 1
            continue
        start, end = i, i + 1
        while end < sent.end and end not in taken and (doc[end].lower_ in SCALE_WORDS):
            end += 1
        while start > sent.start and start - 1 not in taken and doc[start - 1].lower_ in HEDGE_WORDS:
            start -= 1
        found.append(Span(doc, start, end, label="CARDINAL"))
        taken.update(range(start, end))
        i = end
    return found


def sentence_ents(sent: Span) -> list[Span]:
    """``sent.ents`` without its cost: spaCy's ``Span.ents`` walks every entity of the
    document for each sentence. The same entities, found by bisecting the document's
    entities (in order, non-overlapping) once per sentence."""
    doc = sent.doc
    cached = doc.user_data.get(DOC_ENTS)
    if cached is None:
        ents = list(doc.ents)
        cached = doc.user_data[DOC_ENTS] = (ents, [ent.start for ent in ents])
    ents, starts = cached
    found = []
    for ent in ents[bisect_left(starts, sent.start):]:
        if ent.end > sent.end:
            break
        found.append(ent)
    return found


def doc_text(doc: Doc) -> str:
    """The document's text, read once: ``Doc.text`` joins every token again on each call,
    so reading it per entity made extraction quadratic in the length of a block."""
    text = doc.user_data.get(DOC_TEXT)
    if text is None:
        text = doc.user_data[DOC_TEXT] = doc.text
    return text


def _glued(token) -> bool:
    """Digits that belong to a name or code: "TB2", "Su-25", "A9-0036/2023"."""
    text = doc_text(token.doc)
    before = text[token.idx - 1] if token.idx else " "
    after_index = token.idx + len(token.text)
    after = text[after_index] if after_index < len(text) else " "
    return before.isalpha() or before in "-/" or after.isalpha() or after in "-/"


def _missed_places(sent: Span, taken: set[int]) -> list[Span]:
    if not sent.doc.has_annotation("TAG"):
        return []
    found = []
    doc = sent.doc
    for i in range(sent.start + 1, sent.end):
        if i in taken or doc[i - 1].lower_ not in LOCATIVE or doc[i].pos_ != "PROPN" or not doc[i].is_title:
            continue
        end = i + 1
        while end < sent.end and end not in taken and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        found.append(Span(doc, i, end, label="GPE"))
        taken.update(range(i, end))
    return found
