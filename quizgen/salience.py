"""What is worth asking, and in what order: filters, centrality, siblings and rank.

A learner studying a subject wants its central facts first: what the sources
keep returning to, what a source's opening says, what several sources repeat.
This module drops candidates no teacher would ship (a member of a list, a part
of a name, the deck's own subject, a date whose year the learner cannot know,
a clause cut out of the middle of a sentence), raises the score of central
sentences, and puts the kept questions in rank order with siblings (questions
on one fact or one sentence) never next to each other.

Every rule here reads the shape of the text (capitals, brackets, word
frequencies, positions), never a subject's own words.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from spacy.lang.en.stop_words import STOP_WORDS

from .answers import LEGAL_ENDING, canonical, generic_noun
from .nlp import modifier_word
from .normalize import MONTH_NAMES, number_words

if TYPE_CHECKING:
    from .claims import Group
    from .extract import Claim
    from .questions import Candidate

# Words that may stand capitalised right before a name without being part of it.
TITLE_WORDS = {
    "president", "minister", "general", "king", "queen", "prince", "princess", "dr", "mr", "mrs", "ms", "sir",
    "lord", "lady", "saint", "st", "pope", "emperor", "empress", "chancellor", "governor", "senator", "secretary",
    "premier", "prime", "captain", "colonel", "admiral", "lieutenant", "major", "professor", "judge", "bishop",
    "archbishop", "sultan", "shah", "tsar", "czar", "mayor", "chairman", "chair", "director", "commander",
    "ambassador", "count", "duke", "earl", "baron", "marshal", "sergeant", "the", "a", "an", "in", "on", "at",
    "of", "by", "from", "to", "and", "or", "with", "for", "as", "after", "before", "during", "since", "under",
}
YEAR = re.compile(r"\b\d{4}\b|\b\d{2,4}s\b|\b\d{1,4}\s*(?:B\.?C|A\.?D|C\.?E)|\bA\.?D\.?\s*\d")
CAPITAL_BEFORE = re.compile(r"(?:^|[\s(])([A-Z][\w'’.-]*)\s+$")
NAME_CONTINUES = re.compile(r"^\s+(?:of|sopra|della|del|de|di|da|von|van|à|y|al|el|ibn|bin|bint|ap)\s+"
                            r"(?:the\s+)?[A-Z]")
OF_A_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'’-]+)\s+of\s+(?:the\s+)?$")
CAPITAL_AFTER = re.compile(r"^[ -]([A-Z][a-z][\w'’-]*)")
# a ruler's number after the name: "Ramiro I of Aragon", "Henry VIII"; "I" only where it cannot be the pronoun
REGNAL_AFTER = re.compile(r"^\s+(?:(?!I\b)[IVX]{1,6}\b|I\b(?=\s+of\b|\s*[,.;:)]|\s*$))")
# "Paul the ___" -> "Deacon", "Louis the ___" -> "Pious": the epithet of a name
EPITHET_BEFORE = re.compile(r"(?:^|[\s(])([A-Z][\w'’-]+)\s+the\s+$")
EPITHET_AFTER = re.compile(r"^\s+the\s+([A-Z][a-z]+)\b(?!\s+[A-Z])")   # "___ the Deacon" -> "Paul"
# "Siberia's Yenisei River": a place that only says whose a name is
EMPHASIS = {"_", "*"}   # a page's marks around a title: "_Experiments on Plant Hybridization_"
POSSESSIVE_ALONE = re.compile(r"^['’]s(?:\s*[,.;:)]|\s+(?:in|at|on|where|which|who|and|or|was|were|is|had|has|for|to|"
                              r"from|by)\b)")   # "at St Mary's, where": a firm's or a hospital's name
POSSESSOR_OF_A_NAME = re.compile(r"^['’]s\s+([A-Z][a-z][\w'’-]*)")
CLAUSE_OPENER = re.compile(r"(?:Following|After|Before|During|Under|Despite|Since|"
                           r"When|While|With|Without|Upon|Unlike|Like|According|Later|Soon|Outside|Inside|Toward|Near)\b")
# A name the tagger cut badly: "Caesar of", "Following Sulla's", "J.C.S".
RAGGED_NAME = re.compile(r"\s(?:of|and|the|for|in|on|at|to)$|\s(?:Brig|Gen|Col|Capt|Lt|Maj|Sgt|Adm|Gov|Rev|Mt|Ft)$|"
                         rf"^{CLAUSE_OPENER.pattern}\s|^(?:[A-Z]\.){{2,}}[A-Z]?$|_|"
                         r"^[A-Z][a-z]+(?:ously|ally|ately|ently|ingly)\s|"   # "Simultaneously Hermann"
                         r"^(?:This|That|These|Those)\s|;")   # "This Count Boniface"; "Marius;Cf": a note glued on
CITATION_CUE = re.compile(r"\bpp?\.\s*\d|\b[ivxl]{1,5}\.\s*\d|\b(?:vol|ibid|op\. cit|loc\. cit)\b\.?|"
                          r"\b\d{4},\s*(?:part\s+)?\d+,|\([A-Z][a-z]+(?:,\s*[^,()]{1,40})?,\s*\d{4}\)|^(?:Consult|See|Cf)\b|"
                          r"\bRetrieved\b|\bISBN\b|\bdoi:", re.I)
# a reading list: its heading, "... those by S. Beissel, 1895.", "(Lisbon, 1896-1897)"
BIBLIOGRAPHY = re.compile(r"^(?:AUTHORITIES|BIBLIOGRAPHY|LITERATURE|REFERENCES)\b|"
                          r"\bby\s+(?:[A-Z]\.\s*)*[A-Z][\w'’-]+,\s*\d{4}\.?$|"
                          r"\([A-Z][a-z]+,\s*\d{4}\s*[-–]\s*\d{2,4}\)")
WORD = re.compile(r"[^\W\d_]{2,}")
CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*[^\W\d_]")   # a word written with a capital: "Hansen", "Pilsen"
ADJECTIVE_STEM = re.compile(r"([^\W\d_]{4,}?)(?:ish|ian|ese|ic|an)")   # "Brit" of "British", "Namib" of "Namibian"
MIN_WORDS = 3                # fewer words than this around the values: a table row or a heading
TABLE_DIGITS = 0.25          # more of a sentence's characters in digits: a row of figures
NAME_PARTICLE = re.compile(r"[A-Z][\w'’-]+\s+(?:af|ap|von|van|de|da|di|del|der|du|la|le|bin|bint|ibn|al|el|ben|y|à)"
                           r"\s+$")
CONVERTED = re.compile(r"(?:\d|\bone|\btwo|\bthree|\bhalf)[\w.,]*\s+[A-Za-z°]+\.?\s*(?:\(\s*(?:about\s+|c\.\s*)?|/)$")
DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those|its|their|each|such)\s+(?:[\w-]+\s+)?$", re.I)
WH_START = re.compile(r"(?:When|Where|Who|Whom|Which|What|How)\b")
SHORT_PROMPT = 8           # shorter statements with no name and no year say too little to pin a blank
ANCHOR_NUMBER = re.compile(r"\b\d{3,4}\b|\b\d{1,4}\s*(?:B\.?C|A\.?D|C\.?E)")
CONTAINED_IN = re.compile(r"\b(?:in|at|near|from|to|of|into|outside)\s+(?:the\s+)?[A-Z][\w'’-]+"
                          r"(?:\s+[A-Z][\w'’-]+)*,\s*$")
AFTER_NUMBER = re.compile(r"\d\s*$")
PERCENT = re.compile(r"\d\s*(?:%|per ?cent)")
SHARES = 3
PERCENT_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent)")
WHOLE = 100
HOUSE_NUMBER_AFTER = re.compile(r"^\s+(?:[A-Z][\w'’-]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Lane|Boulevard|"
                                r"Square|Place|Drive|Row|Terrace|Court)\b")   # "at ___ Grant Avenue": an address
NOTHING_COUNTED = re.compile(r"^\s*(?:[.,;:)!?]|$)")   # "between the ___." -> "two"
SCALE_ALONE = {"hundred", "thousand", "dozen", "million", "billion"}   # "the second ___ of the elements"
SERIES = 3                   # figures in a row of short items ("A 3, B 4, C 5"): a series
SERIES_SEPARATOR = re.compile(r"\s*(?:,(?!\d)|;)\s*(?:and\s+)?|\s+and\s+")   # not the comma of "200,000"
NAME_BEFORE_NUMBER = re.compile(r"(?<=\w)\s+([A-Z][a-z][\w'’-]*)\s+$")   # "... Tropical Timber " before "83"
NAME_BEFORE_BRACKET = re.compile(r"\b[A-Z][\w'’.-]*\s*$")
# "such as at ___", "such as Hugh X of Lusignan and ___": one of an open set's examples, any other as true
EXAMPLE_OF_SEVERAL = re.compile(r"\bsuch as\s+(?:at|in)\s+$|\bsuch as\s+[^.;:()]{1,60}?\s(?:and|or)\s+(?:the\s+)?$")
# a work's later printings: "the 1893 edition", "a German translation", "reprinted in 1827"
PRINTING = re.compile(r"\b(?:(translations?|reprint(?:s|ed)?|reissued?)\b|(edition)\s+of\s+\d{4}|"
                      r"(?:\d+(?:st|nd|rd|th)?|new|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|later|revised|standard|"
                      r"(?-i:[A-Z][a-z]+(?:an|ish|ch|ese)))\s+(editions?)\b)", re.I)
PRINTING_NEAR = 80
PUBLISHED_BY = re.compile(r"\b(?:published|edited|printed|reprinted|issued|translated|annotated)\s+"
                          r"(?:\w+\s+){0,2}by\s+(?:the\s+)?$", re.I)
UNIT_AFTER = re.compile(r"(?:(?<![\d.,])\d{1,3}|\d+[.,]\d+|_)\s+$")   # "75 GPa", "___ GPa": a unit, no name
UNIT_DENOMINATOR = re.compile(r"\bper\s+$", re.I)
COEFFICIENT = re.compile(r"\d+\s*[A-Z][a-z]?(?:[A-Z_\d]|$)")
OUTSIDE_REFERENT = re.compile(
    r"\b(?:that|the same|the following|the previous|the next|the latter|the former)\s+"
    r"(?:year|day|month|time|period|date|place|city|town|country|war|battle|man|men|people|one)\b"
    r"|\b(?:the survivors|the latter|the former|the aforementioned|the above)\b"
    # "Yesterday, the UN reported ...", "at this time", "Here": said on a day or at a place the prompt lost
    r"|\b(?:yesterday|today|tomorrow|tonight|last (?:week|month|night)|this (?:week|month|morning)|"
    r"at this (?:time|point|stage)|by then|at that (?:time|point))\b|^(?:Here|There|Soon|Then)\b"
    # "Another edition, ___, was issued", "Such instruments": the first one is in another sentence
    r"|^(?:Another|Such|Other|Three other|Two other)\b"
    # "A similar road ran to ___", "The other road", "set in this period": like, beside or during
    # something a sentence the learner cannot see names
    r"|^(?:A|An|The)\s+(?:similar|other|remaining)\b|\b(?:this|that|these|those)\s+(?:period|era|age|epoch|reign|"
    r"century|decade|years|events|circumstances)\b", re.I)
SPLIT_BEFORE = re.compile(r"\b\d{1,3},\s$")
SPLIT_AFTER = re.compile(r"^,\s\d{3}\b")
NEAR_STATISTIC = 25
MEASURED_REACH = 60          # "... was 12.1% of Ghana's total domestic income in ___": still the measurement's year
BARE_YEAR = re.compile(r"(?:in\s+)?\d{4}")
STATISTIC = re.compile(r"\d[\d,.]*\s*(?:%|per ?cent|million|billion|thousand|trillion)|[$€£¥]\s?\d|"
                       r"\b\d{1,3}(?:,\d{3}){2,}\b", re.I)   # "reached 5,150,072 in ___": a count made that year
MEASURE_THEN_BRACKET = re.compile(r"\d[\d,.]*\s*(?:[^\W\d_]+[²³]?\s*){1,2}\(\s*$")   # "1,990 sq km ("
RANGE_BEFORE = re.compile(r"(?:\b(?:between|from)\s+[^\s,;]+(?:\s+[^\s,;]+)?\s+(?:and|to)|\d\s*(?:to|–|-|—))\s*$")
RANGE_AFTER = re.compile(r"^\s*(?:to|–|—|-)\s*(?:about\s+)?\d")
MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
# "between the 8 and ___" -> "28 May 2008": a day whose month and year the blank holds
BARE_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s*(?:and|to|–|-|—)\s*$")
RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:about\s+|\w+\s+)?$")
COORDINATE = re.compile(r"^\s*[NSEW]\b|^\s*[°'\u2032\u2033]")   # degrees, minutes, seconds
CITED_PLACE = re.compile(r"\b(?:ch|chap|chapter|p|pp|vol|book|fol|line|verse|no)\.?\s*$", re.I)
# "Standing, fourth from right, is ...", "Left to right: ...", "Pictured above, ...": a caption's lead
CAPTION_LEAD = re.compile(r"(?:Standing|Seated|Sitting|Pictured|Shown|Inset|"
                          r"(?:From\s+)?(?:left|right)\s+to\s+(?:right|left))\b[^.]{0,40}?[,:]\s", re.I)
LEFT_EMPTY = re.compile(r"\"\"|“”|\(\s*[,;]?\s*\)|,\s*\)|\(\s*,|\b(?:of|about|at|from|by|than|nearly|approximately|"
                        r"some|over|under)\s+(?:[,.;:)]|and\b|in\s+(?:diameter|length|height|width)\b)"
                        # "The TEMPERATE CLIMATE ZONE from occupies": the range between dropped
                        r"|\b(?:of|about|at|from|by|between)\s+(?:occupies|occupy|is|are|was|were|has|have|had|"
                        r"lies|lie|covers|cover|extends|extend)\b")
ERA_WORD = re.compile(r"\b(?:BC|BCE|AD|CE|B\.C\.|A\.D\.)(?!\w)")
# "Was defeated at ___", not "Had the volunteers been driven ...", which inverts a condition
SUBJECTLESS = re.compile(r"(?:Was|Were|Is|Are|Had|Has|Have|Did|Does|Became|Becomes)\s+(?!(?:the|a|an|this|that|these|"
                         r"those|his|her|its|their|it|he|she|they|we|you|there)\b)[a-z]")
DASH_DROPPED = re.compile(r"(?:^|[(,;:])\s*[–—]\s*\d")
# the words that count a span or distance in their own way: "thousands of years", "a number of miles"
MANY_OF = r"(?:hundreds|thousands|millions|billions|tens|dozens|number|couple|lot|series|period|scores)"
# "lies at above sea level", "varying from per year", "an elevation of about in the north": an amount
# the conversion of the page dropped before its unit's words
AMOUNT_DROPPED = re.compile(r"\b(?:about|approximately|roughly|nearly|up to)\s+(?:in|from|at|per|above|below|with)\b|"
                            r"\b(?:at|from|of|is|was|reach(?:es|ed)?|rises? to)\s+(?:above|below)\s+sea level|"
                            r"\b(?:from|of|varying)\s+per\b|\bbetween\s+and\b|\bfrom\s+to\b|"
                            r"\b(?:with|containing|using|yielding|added|adding)\s+of\b|"   # "with of water"
                            r"\bas (?:high|low|much|little|far) as (?:in|at|on)\b|"
                            r"\b(?:more|less) than (?:along|across)\b|"   # "strung out for more than along the coast"
                            # "Dominica is in area, in length, and in width": a size without its figures
                            r"\b(?:is|are|was|were|measures?|measuring|covers?|covering)\s+in\s+"
                            r"(?:area|length|width|breadth|height|depth|diameter)\b|"
                            # "enters the ocean about north of Delagoa Bay": the distance lost
                            r"\b(?:about|approximately|roughly|nearly|some|only)\s+(?:north|south|east|west|"
                            r"north-?east|north-?west|south-?east|south-?west|inland|offshore|upstream|downstream)\s+of\b|"
                            # "the Main Ridge, which is long with elevations", "the Ortoire River, long,", "the
                            # -long Caroni River": a length or height without its figure
                            r"\b(?:is|are|was|were)\s+(?:long|wide|broad|high|tall|deep)\s+(?:with|at|in|from)\b|"
                            r",\s*(?:long|wide|broad|high|tall|deep)\s*[,;.]|(?:^|[\s(])-(?:long|wide|high|tall|deep)\b|"
                            # "a half-life of years", "about km": a span or distance without its number (not
                            # "thousands of years", "a number of miles")
                            rf"(?:^|\s)(?!{MANY_OF}\b)[\w-]+\s+(?:of|about|approximately|nearly|roughly)\s+(?:years|km|kilometres|"
                            r"kilometers|miles|metres|meters|feet)\b")
# the words that bring in another thing's figure to set one against: "compared to the value for potassium of"
COMPARAND = re.compile(r"\b(?:compared\s+(?:to|with)|as\s+against|versus|than\s+that\s+of)\b[^.;:()]*$", re.I)
VAGUE_VOICE = re.compile(r"\b(?:according to |by |in )?(?:one|some|other|certain|several|many|most)\s+"
                         r"(?:sources?|authorit(?:y|ies)|authors?|writers?|accounts?|historians?|scholars?)\b", re.I)
VAGUE_NEAR = 40
LIFE_OPEN = re.compile(r"[A-Z][\w'’.-]*\s*\(\s*(?:b\.|born|d\.|died|r\.|reigned|c\.|ca\.|fl\.)?\s*[^()]{0,40}$")
WIKI_MARKUP = re.compile(r"\bFile:|\bImage:|\.(?:jpe?g|png|svg|gif)\b|\||\[\[|\]\]|\{\{", re.I)
SMALL_COUNT = re.compile(r"(?:one|two|three|four|five|six|seven|eight|nine|[1-9])", re.I)
SPAN_OR_MEASURE = re.compile(r"^[\s-]*(?:[a-z]+\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|centur|decades?|"
                             r"times|miles?|km|kilomet|metres?|meters?|feet|ft|inches|per\b|percent|%)", re.I)
RUNNING_HEAD = re.compile(r"\b\d{1,4}\s+[A-Z]{3,}(?:\s+[A-Z]{2,})+\b|\b[A-Z]{3,}(?:\s+[A-Z]{2,})+\s+\d{1,4}\b")
ALIAS_CUE = re.compile(r"\b(?:known as|called|named|or)\s+(?:the\s+)?$")
GIVEAWAY_STEM = 5            # an answer word and a prompt word that share this many first letters are one word
CLAUSE_WORDS = 5   # a clause that says something: "Velmora is composed of ___ islands"
ACCORDING_TO = re.compile(r"^According to (?:[^:‘]|‘[^’]*’)+:\s*")   # a card's lead naming who says it, whose
# quoted title may hold a colon ("the reference ‘CIA World Factbook: Chad’")
OWN_VOICE = re.compile(r"^According to [^:,]+[:,]\s*")
PRONOUN = re.compile(r"\b(?:he|she|it|they|him|them|his|its|their|this|these|those)\b", re.I)
NAME = re.compile(r"\b([A-Z][\w'’-]*)|_")     # a capitalised word (not a mere opener), or the blank
NOT_NAMES = {"bc", "ad", "bce", "ce", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             *(month.lower() for month in MONTH_NAMES)}
OPENERS = TITLE_WORDS | {"it", "this", "that", "these", "those", "there", "then", "when", "while", "although",
                         "however", "he", "she", "they", "his", "her", "its", "their", "later", "also", "but",
                         "thus", "hence", "so", "yet", "once", "because", "if", "though", "both"}
OPENER_AFTER_STOP = re.compile(r"\.\s+(?:" + "|".join(w.capitalize() for w in sorted(OPENERS)) + r")\b")
LIST_BEFORE = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)(?:the\s+)?$")
LIST_AFTER = re.compile(r"^(?:\s+[a-z]+)?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?[A-Z]")
FIRST_OF_LIST = re.compile(r"^,\s*(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*,?\s+(?:and|or)\s+"
                           r"(?:other\s+|the\s+)?[A-Z]")
PREPOSITION_BEFORE = re.compile(r"\b(in|at|from|to|of|by|on)\s+(?:the\s+)?$")
LEDGER_DIGITS = 7            # a figure written to the unit in this many digits: a line of accounts
LIST_ITEM = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*,")
LEAD_SHARE = 0.15            # the opening of a source: its lead or infobox
CENTRALITY_WEIGHT = 0.6
LEAD_BONUS = 0.25
ONCE_NAMED_FLOOR = 1.2      # a name the sources say once is asked only from a sentence scoring this,
ONCE_NAMED_SENTENCES = 60   # in a deck of this many sentences at least
SPACING = 3                  # siblings are at least this many places apart in rank order


def not_worth_asking(claim: Claim, question: dict[str, Any], subjects: list[str]) -> bool:
    """A candidate no teacher would ship, whatever its score."""
    if question["format"] == "attribution" or claim.extra.get("life"):
        return False         # a biography's lead gives its person's life: "When did Charles Martel die?"
    if claim.extra.get("field"):
        # a fact sheet's line under its label: its first figure (the latest estimate), not the
        # year of the estimate nor the older ones after it
        start, end = claim.value_in_sentence
        return claim.kind != "figure" or bool(re.search(r"\d|\+\+|;", claim.sentence[:start])) \
            or claim.sentence[end:].lstrip().startswith(":") \
            or numbers_a_name(claim)   # "lowest 10%: 2%": a label's own number; "Tropical Timber 83"
    if claim.exact.rstrip().endswith(":") and len(question["prompt"].split()) <= SHORT_PROMPT:
        return True          # "Turning to his courtiers, Canute said:": what he said follows; the card has none of it
    if claim.kind == "figure" and claim.value_in_sentence[0] == 0 and re.fullmatch(r"\d{1,2}", claim.value) \
            and re.match(r"[.)]\s", claim.sentence[claim.value_in_sentence[1]:]):
        return True          # "3. Gerberga (913 – 984) - wife of ...": a numbered list's number
    if CAPTION_LEAD.match(claim.sentence):
        return True          # "Standing, fourth from right, is ___": a photograph's caption
    if claim.kind == "figure" and CITED_PLACE.search(claim.sentence[:claim.value_in_sentence[0]]):
        return True          # "Bede's Ecclesiastical History (Book V, ch. ___)": where a citation points
    if not question.get("disputed_by") and _of_a_later_printing(claim, subjects):
        return True          # "A German translation ... appeared at Gera in ___": a book's later printings
    if claim.kind in ("name", "place"):
        if claim.extra.get("list_member") or in_a_list(claim):
            return True      # one of "A, B and C": a list is learned whole or not at all
        if part_of_a_name(claim) or RAGGED_NAME.search(claim.value):
            return True
        if " " not in claim.value.strip() and modifier_word(claim.value.strip()):
            return True      # "___, the Bronze Age followed the Neolithic" -> "Worldwide": no name at all
        if EXAMPLE_OF_SEVERAL.search(claim.sentence[:claim.value_in_sentence[0]]):
            return True      # "such as at ___", "nobles such as Hugh X and ___": another example is as true
        if PUBLISHED_BY.search(claim.sentence[:claim.value_in_sentence[0]]):
            return True      # "his poems were published by ___": an editor or printer, not the subject's story
        if claim.extra.get("describes") and not question.get("disputed_by"):
            return True      # "after the ___ decline" -> "Seljuk": an adjective, not who or where
        if POSSESSIVE_ALONE.match(claim.sentence[claim.value_in_sentence[1]:]):
            return True      # "the research department at ___'s, where" -> "St Mary": the name is "St Mary's"
        if AFTER_NUMBER.search(claim.sentence[:claim.value_in_sentence[0]]):
            return True      # "12,668 ___" -> "MW": a unit, not a name
        if claim.kind == "place" and CONTAINED_IN.search(claim.sentence[:claim.value_in_sentence[0]]):
            return True      # "Khafajah, ___" -> "Mesopotamia": where a place lies, beside the place
        if any(is_deck_subject(claim.value, subject) for subject in subjects):
            return True
        if len(claim.value.split()) > 1 and re.search(rf"\b{re.escape(claim.value.split()[-1])}\b",
                                                        question["prompt"]):
            return True      # "Caesar's father, also called ___" -> "Gaius Julius Caesar": the prompt says half
    if claim.kind == "date" and not YEAR.search(claim.value) and not YEAR.search(question["prompt"]) \
            and not re.fullmatch(r"-?\d{4}", claim.normalized or ""):
        return True          # "on 4 December": of which year?
    if MONTH.search(OWN_VOICE.sub("", question["prompt"])) and not YEAR.search(question["prompt"]) \
            and not YEAR.search(claim.value):
        return True          # "During the final week of August, ... reached ___": which August?
    if claim.extra.get("no_subject") and not OWN_VOICE.match(question["prompt"]):
        return True          # "Remains the third lowest in ___": what does?
    if claim.kind == "date" and BARE_YEAR.fullmatch(claim.value) and measured_in(claim):
        return True          # "GDP was $143.1 billion in ___": the year a figure was measured
    if claim.kind == "figure" and COORDINATE.match(claim.sentence[claim.value_in_sentence[1]:]):
        return True          # "35 53 N": a coordinate, not a count
    if claim.kind == "figure" and (SPLIT_BEFORE.search(claim.sentence[:claim.value_in_sentence[0]])
                                   or SPLIT_AFTER.match(claim.sentence[claim.value_in_sentence[1]:])):
        return True          # "2, 952": one number an OCR space split at its comma
    if claim.kind == "figure" and small_count(claim) and not question.get("disputed_by"):
        return True          # "the two armies", "a fleet of ten": a count too small to be the point
    if claim.kind == "figure" and in_a_series(claim) and not question.get("disputed_by"):
        return True          # "(F: 3.98, Cl: ___, Br: 2.96)": one of many figures in a row
    if in_an_aside(claim) and not question.get("disputed_by"):
        return True          # "(close to ___ pm)", "Hyde (___)", "(K. Strecker)": said in passing or a citation
    if claim.kind == "figure" and (UNIT_DENOMINATOR.search(claim.sentence[:claim.value_in_sentence[0]])
                                   or COEFFICIENT.match(claim.value)):
        return True          # "grammes per ___ grammes": the unit's size; "5NaBr": a formula's coefficient
    if claim.kind == "figure" and conversion(claim):
        return True          # "100 feet (___ m)": a unit conversion, not a fact
    if claim.kind == "figure" and COMPARAND.search(claim.sentence[:claim.value_in_sentence[0]]) \
            and not question.get("disputed_by"):
        return True          # "125 µg/L of rubidium compared to the value for potassium of ___": another's figure
    if claim.kind == "figure" and numbers_a_name(claim):
        return True          # "Tropical Timber ___," -> "83": the number in a name, not a count
    if claim.kind == "figure" and "%" in claim.value and len(PERCENT.findall(claim.sentence)) >= SHARES:
        return True          # "(48.9%) ... (34.8%) and renewables (___)": the rest of 100%
    if claim.kind == "figure" and complement(claim) and not question.get("disputed_by"):
        return True          # "decays by electron capture 90.7% of the time and alpha decay ___ of the time"
    if claim.kind == "figure" and HOUSE_NUMBER_AFTER.match(claim.sentence[claim.value_in_sentence[1]:]):
        return True          # "heard at ___ Grant Avenue in San Francisco": a house number
    if claim.kind == "figure" and number_alone(claim) and not question.get("disputed_by"):
        return True          # "ties of vassalage between the ___." -> "two": a number word standing for a noun
    if claim.kind in ("date", "figure") and lifespan(claim):
        return True          # "Robinson (___)" -> "1792–1882": a life's dates beside a name in passing
    if claim.extra.get("verbless") and claim.extra.get("block") == "prose" and not question.get("disputed_by"):
        return True          # a caption, a spec line or a heading: no statement to recall
    if claim.kind == "date" and claim.extra.get("enumeration") and not question.get("disputed_by"):
        return True          # "embassies in 792, 794, and ___": one of a list of years
    if claim.kind == "figure" and sum(ch.isdigit() for ch in claim.value) >= LEDGER_DIGITS \
            and not question.get("disputed_by"):
        return True          # "£13,156,053": an entry in accounts, not a figure anyone learns
    if claim.kind == "figure" and names_nothing(question["prompt"], subjects) \
            and not question.get("disputed_by"):
        return True          # "The saddles for the chains are ___ above high water": of which bridge?
    if OUTSIDE_REFERENT.search(question["prompt"]):
        return True          # "that year", "the survivors": named in a sentence the learner cannot see
    if claim.kind in ("name", "place") and gives_itself_away(claim.value, question["prompt"]):
        return True          # "Under the Romans, cities in the ___" -> "Roman Empire"
    if claim.kind in ("name", "place") and (glossed(claim) or formula(claim.value)):
        return True          # "in ___ (Aachen)", "mass spectrometry (___)" -> "SIMS"; "CsI": a formula
    if quoted_words(claim):
        return True          # 'Fanning argued that "... in common usage in ___"': a quotation's words
    start, end = claim.value_in_sentence
    if VAGUE_VOICE.search(claim.sentence[max(0, start - VAGUE_NEAR):end + VAGUE_NEAR]) \
            and not question.get("disputed_by"):
        return True          # "according to one source", "some authors call it": a voice nobody can name
    return (reference_or_table(claim.sentence) or range_end(claim) or broken_layout(claim.sentence, question["prompt"])
            or unresolved_pronoun(question["prompt"]) or unanchored(question["prompt"]))


GLOSS_AFTER = re.compile(r"^\s*\((?:or\s+|i\.e\.\s+|now\s+)?[A-Z][^()]{0,40}\)")
ACRONYM = re.compile(r"[A-Z]{2,6}s?")
FORMULA = re.compile(r"(?:[A-Z][a-z]?\d*){2,4}")
QUOTE_MARKS = {'"': '"', "“": "”"}


def formula(value: str) -> bool:
    """"CsI", "NaCl", "H2O": a chemical formula, not a name (but "NATO" is)."""
    return bool(FORMULA.fullmatch(value)) and bool(re.search(r"[a-z\d]", value))


def glossed(claim: Claim) -> bool:
    """A blank its bracket glosses ("at ___ (Aachen)"), or an acronym in brackets after the
    words it stands for ("secondary ion mass spectrometry (___)"): the prompt holds the answer."""
    start, end = claim.value_in_sentence
    before, after = claim.sentence[:start], claim.sentence[end:]
    if GLOSS_AFTER.match(after):
        return True
    return bool(ACRONYM.fullmatch(claim.value)) and before.rstrip().endswith("(") and after.lstrip().startswith(")")


def quoted_words(claim: Claim) -> bool:
    """The value stands inside a direct quotation: someone's words, not a fact about the subject."""
    before = claim.sentence[:claim.value_in_sentence[0]]
    for opening, closing in QUOTE_MARKS.items():
        if opening == closing:
            if before.count(opening) % 2 == 1 and len(before) - before.rfind(opening) > 25:
                return True
        elif before.rfind(opening) > before.rfind(closing) and len(before) - before.rfind(opening) > 25:
            return True
    return False


def gives_itself_away(answer: str, prompt: str) -> bool:
    """The prompt already holds a name of the answer, in another form: "the Romans" for
    "Roman Empire", "Egyptian" for "Egypt". Not where the blank is another name of what the
    prompt names ("also known as ___")."""
    body = OWN_VOICE.sub("", prompt)
    blank = re.search(r"_{3,}", body)
    if blank and ALIAS_CUE.search(body[:blank.start()]):
        return False

    def stems(text: str) -> set[str]:
        return {w.lower()[:GIVEAWAY_STEM] for w in WORD.findall(text) if len(w) >= GIVEAWAY_STEM and w[0].isupper()}

    return bool(stems(answer) & stems(body.replace("_", " ")))


def names_nothing(prompt: str, subjects: list[str]) -> bool:
    """A prompt that names no one, nowhere and no year, and speaks of the deck's subject only as
    "the bridge" (one bridge the paragraph named, which the learner cannot see) or not at all:
    what its figure or date belongs to is left to a text the card does not show. "The output
    of cadmium was ___" names its subject; "A suspension bridge consists of ___ chains" speaks
    of any."""
    body = OWN_VOICE.sub("", prompt)
    if _pinned(body):
        return False
    for subject in subjects:
        for word in re.findall(r"[A-Za-z]{3,}", subject):
            for mention in re.finditer(rf"\b{re.escape(word[:-1] if word.endswith('s') else word)}\w*", body, re.I):
                if not DEFINITE_BEFORE.search(body[:mention.start()]):
                    return False
    return True


def unanchored(prompt: str) -> bool:
    """A short statement that says neither what nor when: no name, no year ("The tax system is
    ___-tier."). A question built from the parse ("When was the ceasefire signed?") names its
    subject and stands in the deck's context."""
    body = OWN_VOICE.sub("", prompt)
    words = [w for w in body.split() if "___" not in w]
    return not (WH_START.match(body) or len(words) >= SHORT_PROMPT or _pinned(body))


def _pinned(body: str) -> bool:
    """Does a prompt (without its "According to ...") name someone or somewhere, or give a year?"""
    return bool(ANCHOR_NUMBER.search(body.replace("_", " "))) or any(
        _can_be_named(m) for m in NAME.finditer(body) if m.group() != "_")


def lifespan(claim: Claim) -> bool:
    """A range of dates in brackets right after a name: "Alberti (1404–1472)", "Patterson
    (3 January 1872 – 22 February 1956)", "Darius I (r. 522–486 BC)"."""
    start, end = claim.value_in_sentence
    opened = LIFE_OPEN.search(claim.sentence[:start])
    if not opened:
        return False
    closing = claim.sentence.find(")", end)
    inside = claim.sentence[opened.end() - 1:closing if closing >= 0 else len(claim.sentence)]
    return bool(re.search(r"[–—-]|\bto\b", inside + claim.value))


def in_a_series(claim: Claim) -> bool:
    """One of a run of like-shaped figures: "(F: 3.98, Cl: ___, Br: 2.96)", "___ farmers, 60,000
    weavers, 4000 masons and 16,000 carters". The run is learned whole or not at all; the total
    before it ("estimated at about 200,000, made up of ...") is not one of them."""
    start = claim.value_in_sentence[0]
    items: list[str] = []
    at, mine = 0, 0
    for match in SERIES_SEPARATOR.finditer(claim.sentence + ","):
        if at <= start < match.start():
            mine = len(items)
            items.append(claim.sentence[start:match.start()])   # the value's own item, from the value on
        else:
            items.append(claim.sentence[at:match.start()])
        at = match.end()
    shape = _series_shape(items[mine])
    if not re.search(r"\d", shape):
        return False
    run = 1
    for step in (-1, 1):
        index = mine + step
        while 0 <= index < len(items) and _series_shape(items[index]) == shape:
            run, index = run + 1, index + step
    return run >= SERIES


def _series_shape(item: str) -> str:
    """"12 pence at Carrow" and "8 pence at Mora" alike: numbers as 0, words as w."""
    tokens = re.findall(r"\d[\d,.]*\d|\d|[^\W\d_]+|:", item)
    return " ".join("0" if t[0].isdigit() else "w" if t[0].isalpha() else t for t in tokens)


def numbers_a_name(claim: Claim) -> bool:
    """A bare whole number right after a capitalised word that does not open the sentence, and
    before a comma, a full stop, the end, a title's subtitle or the name it is part of: "Tropical
    Timber 83,", "Apollo 11.", "Article 5", "Uncharted 2: Among Thieves", "Room 307 of Gilman Hall"."""
    start, end = claim.value_in_sentence
    word = NAME_BEFORE_NUMBER.search(claim.sentence[:start])
    if re.fullmatch(r"\d{1,4}", claim.value) and re.match(r"\s+of\s+[A-Z]", claim.sentence[end:]) \
            and re.search(r"(?:^|[\s,;(])[A-Z][a-z]+\s+$", claim.sentence[:start]):
        return True   # "Room 307 of Gilman Hall": a number in the name of a part of something named
    return bool(re.fullmatch(r"\d{1,4}", claim.value) and word and word.group(1).lower() not in NOT_NAMES
                and re.match(r"\s*(?:[,;.)]|$)|:\s+[A-Z]", claim.sentence[end:]))


def complement(claim: Claim) -> bool:
    """A share whose sentence gives the one other share of the whole: the answer is 100 less it."""
    shares = [float(m.group(1)) for m in PERCENT_VALUE.finditer(claim.sentence)]
    return len(shares) == 2 and abs(sum(shares) - WHOLE) < 1


def number_alone(claim: Claim) -> bool:
    """A number written in words with no noun it counts: "between the two.", "the second hundred
    of the elements"."""
    start, end = claim.value_in_sentence
    core = re.sub(r"^(?:the|some|only|about|all)\s+", "", claim.sentence[start:end].strip(), flags=re.I)
    return not re.search(r"\d", core) and number_words(core) is not None \
        and (bool(NOTHING_COUNTED.match(claim.sentence[end:])) or core.lower() in SCALE_ALONE)


def in_an_aside(claim: Claim) -> bool:
    """The value sits in brackets: "227 pm (close to the gaseous distance of ___ pm)", "Lord
    Hyde (___)", "(K. Strecker)". A date or figure in brackets right after a name describes that
    name ("ANGILBERT (d. ___)", "BROMINE (atomic weight ___)") and counts."""
    start, end = claim.value_in_sentence
    opened = claim.sentence.rfind("(", 0, start)
    if opened < 0 or claim.sentence.rfind(")", opened, start) >= 0 or claim.sentence.find(")", end) < 0:
        return False
    return claim.kind in ("name", "place") or not NAME_BEFORE_BRACKET.search(claim.sentence[:opened])


def small_count(claim: Claim) -> bool:
    """A count under ten of things, not a span of time or a measure ("two batteries", not
    "two years" or "six miles")."""
    start, end = claim.value_in_sentence
    value = re.sub(r"^(?:about|some|only|just|nearly|almost|around|the|at least|at most|more than|fewer than|"
                   r"less than|over|under|no more than|not less than)\s+", "", claim.sentence[start:end], flags=re.I)
    after = claim.sentence[end:]
    counted = re.match(r"[\s-]+(?!(?:of|or|and|to)\b)[A-Za-z]", after)  # "group 2 of the table" names, not counts
    return bool(SMALL_COUNT.fullmatch(value)) and bool(counted) and not SPAN_OR_MEASURE.match(after)


def measured_in(claim: Claim) -> bool:
    """A year right after a statistic ("$143.1 billion in ___", "was 12.1% of the country's total
    income in ___") dates the measurement, not an event."""
    start = claim.value_in_sentence[0]
    before = claim.sentence[:start]
    if MEASURE_THEN_BRACKET.search(before):
        return True          # "Total renewable water resources: 196.6 km³ (___)": the year of the estimate
    return bool(STATISTIC.search(before[-NEAR_STATISTIC:])) or (
        bool(re.search(r"\bin\s+$", before)) and bool(STATISTIC.search(before[-MEASURED_REACH:]))
        and not re.search(r"[;:]", before[-MEASURED_REACH:]))


def conversion(claim: Claim) -> bool:
    """The value restates the figure before it in other units: "one mile (1,600 meters)"."""
    start = claim.value_in_sentence[0]
    return bool(CONVERTED.search(claim.sentence[max(0, start - 40):start]))


def reference_or_table(sentence: str) -> bool:
    """A citation run into the text ("American Remembrancer, 1776, part 11, p. 132") or a row
    of a table ("1904 6,304,756 5,187,583 11,492,339"): no sentence to learn from."""
    if CITATION_CUE.search(sentence) or RUNNING_HEAD.search(sentence) or BIBLIOGRAPHY.search(sentence.strip()):
        return True          # "430 BULL RUN": a printed page's running head in the text
    words = WORD.findall(sentence)
    digits = sum(ch.isdigit() for ch in sentence)
    return len(words) < MIN_WORDS or digits > TABLE_DIGITS * len(sentence.replace(" ", ""))


def range_end(claim: Claim) -> bool:
    """One end of a range ("between 2000 and ___", "10000 to ___ tonnes"): the other end
    in the prompt bounds the answer, and options outside the range give it away."""
    start, end = claim.value_in_sentence
    before, after = claim.sentence[:start], claim.sentence[end:]
    if claim.kind == "date" and MONTH.search(claim.value) and not BARE_DAY_BEFORE.search(before):
        return False  # "12 April 1891 – 3 February 1968": a birth and a death, two facts
    opens = bool(RANGE_OPEN.search(before) or re.match(r"(?:between|from)\b", claim.value, re.I)) \
        and bool(re.match(r"\s*(?:and|to)\s+(?:about\s+)?\d", after))
    return opens or bool(RANGE_BEFORE.search(before) or RANGE_AFTER.match(after))


def unresolved_pronoun(prompt: str) -> bool:
    """"At the beginning of 1904 it was quoted at ___": a pronoun before any name it could
    stand for points outside the prompt."""
    body = OWN_VOICE.sub("", prompt)
    pronoun = PRONOUN.search(body)
    if pronoun is None:
        return False
    before = body[:pronoun.start()]
    return not any(_can_be_named(m) and not UNIT_AFTER.search(before[:m.start()]) for m in NAME.finditer(before))


def _can_be_named(match: re.Match[str]) -> bool:
    """A capitalised word that can stand for a pronoun after it, or the blank as the subject."""
    if match.group() == "_":
        return match.start() == 0          # "___ gave in and said he ...": the blank is who
    word = match.group(1).lower()
    return word not in NOT_NAMES and len(word) > 1 and (match.start() > 0 or word not in OPENERS)


def in_a_list(claim: Claim) -> bool:
    """A name between the commas of "A, B, and C", where the parse did not see the list."""
    start, end = claim.value_in_sentence
    before, after = claim.sentence[:start], claim.sentence[end:]
    joined_before = bool(LIST_BEFORE.search(before))
    joined_after = bool(LIST_AFTER.match(after))
    if FIRST_OF_LIST.match(after):
        return True          # "in ___, Algeria and other countries": the first of several
    preposition = PREPOSITION_BEFORE.search(before)
    if preposition:
        word = preposition.group(1)
        if re.match(rf",\s+(?:and\s+)?(?:\w+\s+){{1,3}}{word}\s+(?:the\s+)?[A-Z]", after) or re.search(
                rf"\b{word}\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*,\s+(?:and\s+)?(?:\w+\s+){{1,3}}"
                rf"{word}\s+(?:the\s+)?$", before):
            return True      # "cassava in ___, potato in Brazil": one of parallel phrases
    return (joined_before and joined_after) or (joined_before and len(LIST_ITEM.findall(before[-80:])) >= 2)


def part_of_a_name(claim: Claim) -> bool:
    """The blank would cut a name in two: "Heroes' ___", "___ Province" with "Province" left over."""
    start, end = claim.value_in_sentence
    before, after = claim.sentence[:start], claim.sentence[end:]
    at, upto = claim.value_start - claim.start, claim.value_end - claim.start
    if (claim.exact[at - 1:at] in EMPHASIS) != (claim.exact[upto:upto + 1] in EMPHASIS):
        return True          # "_Versuche über Pflanzenhybriden_": one word of a title the page emphasises
    word = CAPITAL_BEFORE.search(before)
    if word and word.start(1) > 0 and word.group(1).lower().rstrip(".") not in TITLE_WORDS:
        return True
    if NAME_PARTICLE.search(before):
        return True          # "Magnus Martin af ___", "Ludwig van ___"
    if re.match(r"-[a-z]", after):
        return True          # "a ___-wide vote": the name is half of a compound word
    if re.search(r"[A-Z][\w'’]*[–-]$", before):
        return True          # "the Bunsen–___ Award": the name's second half, joined to its first by a dash
    if re.search(r"\b[A-Z]\.[A-Z]$", claim.value) and re.match(r"\.\s+[A-Z][a-z]", after) \
            and not OPENER_AFTER_STOP.match(after):
        return True          # "a ___. National Historic Landmark" -> "U.S": an abbreviation opening a name
    if OF_A_NAME.search(before):
        return True          # "Sargon of ___", "the Bay of ___": the place completes a name or an epithet
    if NAME_CONTINUES.match(after):
        return True          # "___ of Kongo" -> "Kingdom", "___ sopra Minerva" -> "Santa Maria"
    if REGNAL_AFTER.match(after):
        return True          # "___ I of Aragon" -> "Ramiro": the number belongs to the name
    epithet = EPITHET_BEFORE.search(before)
    if epithet and claim.value[:1].isupper() and not _ordinary_word(epithet.group(1)):
        return True          # "Paul the ___" -> "Deacon"
    epithet = EPITHET_AFTER.match(after)
    if claim.kind == "name" and epithet and not epithet.group(1).endswith("s") and not generic_noun(epithet.group(1)) \
            and epithet.group(1).lower() not in TITLE_WORDS:
        return True          # "___ the Deacon" -> "Paul"; not "Under ___ the Romans built", "In ___ the Inquiry had"
    possessor = POSSESSOR_OF_A_NAME.match(after)
    if claim.kind == "place" and possessor and possessor.group(1).lower() not in TITLE_WORDS:
        return True          # "___'s Yenisei River" -> "Siberia"
    following = CAPITAL_AFTER.match(after)
    return following is not None and following.group(1).lower() not in TITLE_WORDS


def _ordinary_word(word: str) -> bool:
    """"When", "Finally", "Despite": a capitalised word that opens a clause, not a name."""
    lower = word.lower()
    return lower in STOP_WORDS or lower in TITLE_WORDS or lower.endswith("ly") or bool(CLAUSE_OPENER.match(word))


def is_deck_subject(value: str, subject: str) -> bool:
    """"Clara Bexley" in a deck titled "Clara Bexley", or in a source that opens "Clara
    Bexley was a chemist": asking it teaches nothing."""
    words = set(canonical(value, "name").replace("'s", "").split()) - {"the", "s"} - LEGAL_ENDING
    named = set(canonical(subject, "name").replace("-", " ").split()) | set(canonical(subject, "name").split())
    # "Britain" in a deck on the British Empire, "Namibia" in one on the Namibian economy; not in
    # one on British Honduras, a name of its own that the adjective only qualifies
    tokens = re.findall(r"[^\W\d_]+", subject)
    stems = {m.group(1).lower() for w in tokens if (m := ADJECTIVE_STEM.fullmatch(w))}
    if any(w[0].isupper() and not ADJECTIVE_STEM.fullmatch(w) and not generic_noun(w) for w in tokens):
        stems = set()
    # "LYCOS, INC" in a deck on Lycos, "the Huns" in one on Attila the Hun
    return bool(words) and all(w in named or (w.endswith("s") and w[:-1] in named)
                               or any(w.startswith(stem) and len(w) - len(stem) <= 4 for stem in stems) for w in words)


def number_dropped(text: str) -> bool:
    """An era with no year beside it ("is usually dated to BC"), a dash that opens a range
    ("( –1100 BC)") or an amount's words with no amount ("lies at above sea level"): a number
    the conversion of the page lost."""
    for era in ERA_WORD.finditer(text):
        if not re.search(r"\d\s*$", text[:era.start()]) and not re.match(r"\s*\d", text[era.end():]):
            return True
    return bool(DASH_DROPPED.search(text) or AMOUNT_DROPPED.search(text))


def broken_layout(sentence: str, prompt: str) -> bool:
    """A line that starts mid-sentence, or a prompt left with a stray bracket."""
    first, body = sentence.lstrip()[:1], ACCORDING_TO.sub("", prompt).lstrip()
    if ((first and (first.islower() or first in ")]},;:")) or re.match(r"\s*['’]s\b", sentence)) \
            and (body.lower().startswith(sentence.split()[0].lower()) or body.startswith("_")
                 or len(re.findall(r"[^\W_]+", body)) < CLAUSE_WORDS):
        return True          # "'s painting The Feast of Attila, based on ...": a caption's tail (where the
        # prompt keeps it: a fact sheet's line opens in lower case, and a clause of its after a semicolon
        # asks well, though not a list's item: "...; Zambia ___.")
    if "_" in re.sub(r"_{3,}", "", prompt):
        return True          # "(_t__(1/2) = 17.7 min)", "6H_2SO_4": markup the conversion left
    if WIKI_MARKUP.search(prompt):
        return True          # "File:Prop vane anemometer.jpg|Helicoid ...": an image's markup, not prose
    if re.search(r"\S\s+,\s", prompt):
        return True          # "completed in ___ , former Ordensburg": a caption glued into the text
    if " / " in prompt:
        return True          # "Inflation rate: ___ / 0.9% (2016 est.)": several values of a field in one line
    if LEFT_EMPTY.search(re.sub(r"_{3,}", "BLANK", prompt)):
        return True          # 'described as ""', "a height of , and": a value the conversion dropped
    if number_dropped(re.sub(r"_{3,}", "0", prompt)):
        return True          # "dated to BC.", "( –1100 BC)": the year the conversion dropped
    if re.match(r"\s*(?:Is|Are)\s", sentence) and not sentence.rstrip().endswith("?"):
        return True          # "Is the value in Fahrenheit and the value in Celsius.": a formula, its symbols lost
    if SUBJECTLESS.match(OWN_VOICE.sub("", prompt)):
        return True          # "Was defeated at ___ in 468": a clause whose subject the sentence gave before it
    return prompt.count("(") != prompt.count(")") or prompt.count("[") != prompt.count("]")


def weigh(candidates: list[Candidate], groups: list[Group]) -> None:
    """Raise central sentences: those whose content words the whole deck keeps using,
    and those in the opening share of their source."""
    claims = [c for g in groups for c in g.claims]
    sentences = {(c.source, c.start): set(c.extra.get("context") or []) for c in claims}
    frequency: Counter[str] = Counter(word for words in sentences.values() for word in words)
    ends: dict[str, int] = defaultdict(int)
    for claim in claims:
        ends[claim.source] = max(ends[claim.source], claim.end)
    weights = {key: _centrality(words, frequency) for key, words in sentences.items()}
    top = max(weights.values(), default=0.0) or 1.0
    for candidate in candidates:
        claim = candidate.claim
        candidate.score += CENTRALITY_WEIGHT * weights.get((claim.source, claim.start), 0.0) / top
        if claim.start <= LEAD_SHARE * ends[claim.source]:
            candidate.score += LEAD_BONUS


def _centrality(words: set[str], frequency: Counter[str]) -> float:
    """How much of what a sentence talks about the deck talks about elsewhere."""
    if not words:
        return 0.0
    # summed in a fixed order: a set's order changes from run to run, and so would the float
    return sum(math.log(frequency[w]) for w in sorted(words) if frequency[w] > 1) / (len(words) + 4)


def _of_a_later_printing(claim: Claim, subjects: list[str]) -> bool:
    """Is the value a detail of an edition, translation or reprint of a work (its year, its
    translator, its count), near its word, in a deck not about editions or translations?"""
    start, end = claim.value_in_sentence
    near = claim.sentence[max(0, start - PRINTING_NEAR):end + PRINTING_NEAR]
    found = PRINTING.search(near)
    word = next((group for group in found.groups() if group), "") if found else ""
    return bool(word) and not any(word.lower()[:6] in subject.lower() for subject in subjects)


def asks_a_name(question: dict[str, Any]) -> bool:
    """A question whose answer is a person or a place (not a who-says card, whose answer is a voice)."""
    return question["kind"] in ("name", "place") and question["format"] != "attribution"


def common_word(question: dict[str, Any], lower: set[str]) -> bool:
    """A one-word name the sources also write in lower case ("the _____ reached Jerusalem" ->
    "Crusaders", "the _____ of Clermont" -> "Council"): a common noun capitalised, not a name."""
    if not asks_a_name(question):
        return False
    words = re.sub(r"^(?:the|a|an)\s+", "", question["answer"], flags=re.I).split()
    return len(words) == 1 and words[0].lower() in lower


def names_per_sentence(sentences: Iterable[str]) -> Counter[str]:
    """In how many of the deck's sentences each capitalised word stands."""
    return Counter(word for sentence in sentences for word in set(CAPITALISED.findall(sentence)))


def named_once(question: dict[str, Any], named: Counter[str]) -> bool:
    """A person or place the sources name in one sentence only: a school, a sister, a street. A
    person counts by the last word of the name ("Hansen" of "Emil Christian Hansen"), a place by
    its rarest word."""
    if not asks_a_name(question):
        return False
    words = CAPITALISED.findall(question["answer"])
    if not words:
        return False
    return (named[words[-1]] if question["kind"] == "name" else min(named[w] for w in words)) <= 1


def order(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each question its siblings group and its rank (1 = most central), best first,
    with no two siblings within ``SPACING`` places of each other where the deck allows."""
    _mark_siblings(questions)
    waiting = list(questions)
    ordered: list[dict[str, Any]] = []
    while waiting:
        recent = {q["siblings"] for q in ordered[-SPACING:]}
        pick = next((q for q in waiting if q["siblings"] not in recent), waiting[0])
        waiting.remove(pick)
        ordered.append(pick)
    for rank, question in enumerate(ordered, 1):
        question["rank"] = rank
    return ordered


def _mark_siblings(questions: list[dict[str, Any]]) -> None:
    """Questions on one fact (same claim group and answer, or any question of a dispute)
    or from one sentence share a group, named after its best-ranked member."""
    parent = list(range(len(questions)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_of: dict[tuple[str, ...], int] = {}
    for index, question in enumerate(questions):
        for key in _sibling_keys(question):
            other = first_of.setdefault(key, index)
            a, b = root(other), root(index)
            if a != b:
                parent[max(a, b)] = min(a, b)
    for index, question in enumerate(questions):
        question["siblings"] = "s-" + questions[root(index)]["id"].removeprefix("q-")


def _sibling_keys(question: dict[str, Any]) -> Iterable[tuple[str, ...]]:
    group = question.get("group") or question["id"]
    if question.get("disputed_by") or question["kind"] in ("date", "figure"):
        yield ("fact", group)
    else:
        yield ("fact", group, canonical(question["answer"], question["kind"]))
    for quote in question["evidence"][:1]:
        yield ("sentence", quote["source"], str(quote["start"]))
