"""How a table cell is asked, from its column's header and its row's subject.

"When was the Treaty of Kars signed?" (header "Signed"), "How many servicemen of
Azerbaijan were killed?" ("Servicemen killed"), "What is the length of the Kura, in
km?" ("Length (km)"), "Who was Sodium discovered by?" ("Discovered by"), and the
way back: "Which treaty was signed on 24 October 1813?".
"""

from __future__ import annotations

import re

from .extract import Claim

GENERIC_DATE = {"date", "when", "day", "dates"}
WHICH_OF_THESE = "Which of these"   # a question true only of the options it shows: never typed in
YEAR_WORDS = {"year"}
GENERIC_PLACE = {"place", "location", "where", "site", "venue"}
PERSON_WORDS = re.compile(r"\b(?:leader|commander|ruler|author|founder|president|king|queen|monarch|winner|"
                          r"inventor|discoverer|chair|head|minister|captain|architect|person|who|mayor|governor|"
                          r"director|composer|painter|writer|artist|designer|builder|creator|owner|manager|coach|"
                          r"chancellor|premier|emperor|empress|pope|general|admiral|explorer|scientist|"
                          r"engineer|sculptor|poet|novelist|singer|performer|champion|editor|publisher|"
                          r"successor|predecessor|spouse|husband|wife|father|mother|son|daughter|heir|victor|laureate|player|"
                          r"athlete|actor|actress|politician|musician|philosopher|mathematician|physicist|chemist|"
                          r"astronaut|saint|prophet|philanthropist|activist|candidate|nominee|recipient)s?\b", re.I)
EVENT_NOUNS = {"start", "end", "beginning", "signing", "capture", "fall", "opening", "closing", "founding",
               "death", "birth", "liberation", "outbreak", "siege", "battle", "election", "declaration"}
IRREGULAR_PARTICIPLES = {"missing", "dead", "born", "built", "held", "fought", "won", "lost", "begun", "made",
                         "sent", "taken", "given", "written", "drawn", "known", "seen",
                         "shot", "hit", "set", "struck", "sunk"}


# Headers naming what a subject did rather than what was done to it: "Died" asks "When did
# Elizabeth I die?", never "When was Elizabeth I died?".
INTRANSITIVE = {"died": "die", "ended": "end", "began": "begin", "started": "start", "sank": "sink",
                "erupted": "erupt", "arrived": "arrive", "abdicated": "abdicate", "retired": "retire",
                "fell": "fall", "collapsed": "collapse", "occurred": "occur", "happened": "happen",
                "reigned": "reign", "ruled": "rule", "lived": "live", "flourished": "flourish",
                "emigrated": "emigrate", "landed": "land", "departed": "depart", "premiered": "premiere",
                "debuted": "debut", "ceased": "cease", "resigned": "resign", "surrendered": "surrender"}
# A header that starts with what the subject did, then what to ("Took office", "Gained
# independence"): asked "When did George Washington take office?".
PAST_TO_BASE = {"took": "take", "left": "leave", "won": "win", "lost": "lose", "became": "become", "began": "begin",
                "came": "come", "went": "go", "gained": "gain", "joined": "join", "entered": "enter",
                "reached": "reach", "received": "receive", "achieved": "achieve", "attained": "attain",
                "declared": "declare", "adopted": "adopt", "abolished": "abolish", "launched": "launch",
                "completed": "complete", "held": "hold", "made": "make", "founded": "found", "opened": "open",
                "published": "publish", "released": "release", "signed": "sign", "ratified": "ratify"}
# What a row of a column headed like this was, when a bare "Year" or "Date" says when: "In what
# year was the Telephone invented?" (a column "Invention").
SUBJECT_PARTICIPLE = {"invention": "invented", "discovery": "discovered", "book": "published", "novel": "published",
                      "publication": "published", "film": "released", "movie": "released", "album": "released",
                      "song": "released", "single": "released", "painting": "painted", "building": "built",
                      "company": "founded", "university": "founded", "school": "founded", "element": "discovered",
                      "organisation": "founded", "organization": "founded", "institution": "founded"}
# A country's divisions too: "In which prefecture is Lake Biwa?"
CONTAINING_PLACES = {"continent", "country", "region", "state", "province", "county", "city", "town", "district",
                     "island", "ocean", "prefecture", "department", "canton", "oblast", "governorate",
                     "municipality", "territory", "borough", "parish", "voivodeship", "emirate"}
# A subject that happens (it "takes place") rather than stands somewhere (it "is located").
EVENT_WORDS = {"event", "events", "battle", "siege", "war", "treaty", "election", "summit", "conference", "congress",
               "revolution", "uprising", "massacre", "festival", "olympics", "games", "championship", "cup",
               "agreement", "accord", "coup", "rebellion", "invasion", "offensive", "operation", "raid",
               "earthquake", "eruption", "flood", "disaster", "expedition", "match", "final", "tournament",
               "concert", "exhibition", "council", "meeting", "ceremony", "coronation", "riot", "strike",
               "protest", "landing", "campaign", "crisis", "incident", "attack", "bombing", "assassination",
               "convention", "synod", "race", "duel", "skirmish", "mutiny", "shipwreck", "accident", "fire"}
ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "last"}
MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?!\w)", re.I)
WORD = re.compile(r"[^\W\d_]+", re.U)


def is_event(subject: str, subject_column: str = "") -> bool:
    """Whether a row's subject is something that took place: "Battle of Hastings", "Capture of
    Shusha", any row of a column headed "Event", a name ending in its year ("Beijing 2022")."""
    words = {w.casefold() for w in WORD.findall(subject)}
    return bool(words & EVENT_WORDS or {w.casefold() for w in WORD.findall(subject_column)} & EVENT_WORDS
                or (subject_phrase(subject).startswith("the ") and subject_phrase(subject)[4:5].islower())
                or NAMED_BY_YEAR.search(subject))


NAMED_BY_YEAR = re.compile(r"[^\W\d_][^\W\d_.]*\.?\s+(?:1[0-9]|20)\d{2}$")   # "Beijing 2022", "St. Louis 1904"
# A header naming what happened to the row on a date or at a place: "birth date", "death city",
# "start date": the clause a question asks it with, and the verb the way back uses.
HAPPENINGS = {"birth": ("was {s} born", "was born"), "death": ("did {s} die", "died"),
              "start": ("did {s} start", "started"), "end": ("did {s} end", "ended"),
              "opening": ("did {s} open", "opened"), "closing": ("did {s} close", "closed"),
              "release": ("was {s} released", "was released"), "founding": ("was {s} founded", "was founded"),
              "foundation": ("was {s} founded", "was founded"), "burial": ("was {s} buried", "was buried")}
# A person's start or end: of their time in the office the table lists ("US president").
TERM_WORDS = {"start": ("begin", "began"), "end": ("end", "ended")}
PLACE_NOUNS = {"place", "location", "city", "town", "country", "state", "region", "province", "county"}


def happening(attribute: str, kind: str) -> tuple[str, str, str] | None:
    """(clause, past, asks) for a header such as "Birth date" ("was {s} born", "was born",
    "when") or "Death city" ("did {s} die", "died", "city"); None for any other."""
    words = attribute.lower().split()
    if len(words) != 2 or words[0] not in HAPPENINGS:
        return None
    clause, past = HAPPENINGS[words[0]]
    if kind == "date" and words[1] in ("date", "day"):
        return clause, past, "when"
    if kind == "date" and words[1] == "year":
        return clause, past, "year"
    if kind == "place" and words[1] in PLACE_NOUNS:
        return clause, past, "where" if words[1] in ("place", "location") else words[1]
    return None


PHASES = {"start": ("begin", "began"), "begin": ("begin", "began"), "beginning": ("begin", "began"),
          "began": ("begin", "began"), "end": ("end", "ended"), "ended": ("end", "ended"),
          "finish": ("end", "ended")}


def phase(attribute: str, kind: str) -> tuple[str, str, str] | None:
    """(noun, verb, past) of a date header naming a stretch of time and its start or end:
    "Reign start" -> ("reign", "begin", "began"), "construction_end" -> ("construction", "end", "ended")."""
    words = attribute.lower().split()
    if kind != "date" or len(words) != 2 or words[1] not in PHASES or words[0] in HAPPENINGS \
            or words[0] in GENERIC_DATE | YEAR_WORDS or not words[0].isalpha():
        return None
    return words[0], *PHASES[words[1]]


def happening_prompt(subject: str, attribute: str, kind: str, time_as: str = "") -> str | None:
    """"When was Pierre Curie born?", "In which city did Pierre Curie die?"; for a person's start
    or end, what of theirs starts: "When did Abraham Lincoln's time as US president begin?"."""
    found = happening(attribute, kind)
    if found is None:
        return None
    clause, _, asks = found
    if time_as and attribute.lower().split()[0] in TERM_WORDS:
        clause = f"did {{s}}'s time as {time_as} {TERM_WORDS[attribute.lower().split()[0]][0]}"
    lead = {"when": "When", "year": "In what year", "where": "Where"}.get(asks, f"In which {asks}")
    return f"{lead} {clause.format(s=subject)}?"


def did_what(attribute: str) -> tuple[str, str, str] | None:
    """(past, base, rest) of a header that starts with a past-tense verb and goes on:
    "Took office" -> ("took", "take", "office")."""
    words = attribute.split()
    if len(words) >= 2 and words[0].lower() in PAST_TO_BASE:
        return words[0].lower(), PAST_TO_BASE[words[0].lower()], " ".join(plain(w) for w in words[1:])
    return None


def subject_participle(subject_column: str) -> str | None:
    words = subject_column.lower().split()
    return SUBJECT_PARTICIPLE.get(words[-1]) if words else None


def within(attribute: str, claim: Claim) -> bool:
    """Whether a place column names the larger place a row's subject lies in ("Continent",
    "Country"), for a subject that is a place or a thing, not a person or an event."""
    column = str(claim.extra.get("subject_column") or "")
    return attribute.lower() in CONTAINING_PLACES and not PERSON_WORDS.search(column) \
        and column.lower() not in ("name", "person", "people") and not is_event(claim.subject, column)


# Rows that stretch across the places holding them: a table giving a river one prefecture says only
# that it flows through that one, not that it lies in it ("In which prefecture is the Tone River?").
STRETCHES = {"river": ("flow", "through"), "stream": ("flow", "through"), "creek": ("flow", "through"),
             "canal": ("run", "through"), "road": ("run", "through"), "highway": ("run", "through"),
             "motorway": ("run", "through"), "railway": ("run", "through"), "railroad": ("run", "through"),
             "trail": ("run", "through"), "pipeline": ("run", "through"), "wall": ("run", "through"),
             "mountain range": ("extend", "into"), "range": ("extend", "into"), "mountains": ("extend", "into")}


def stretches(claim: Claim) -> tuple[str, str] | None:
    """(verb, preposition) for a row that stretches across places: a river, a road, a range of mountains."""
    noun = str(claim.extra.get("subject_column") or "").lower()
    last = claim.subject.split()[-1].lower() if claim.subject.split() else ""
    return STRETCHES.get(noun) or STRETCHES.get(last)


def plural(noun: str) -> str:
    return noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + "es" if re.search(r"(?:s|x|ch|sh)$", noun) \
        else noun + "s"


def counted_noun(attribute: str, claim: Claim) -> str | None:
    """The plural noun a whole-number column counts: "Seats" and "Number of seats" -> "seats"."""
    words = attribute.lower().split()
    if words[:2] == ["number", "of"] or words[:2] == ["no.", "of"]:
        words = words[2:]
    value = str(claim.extra.get("answer") or claim.value)
    if len(words) != 1 or not re.fullmatch(r"[a-z]+s", words[0]) or re.search(r"(?:ss|us|is|ics)$", words[0]) \
            or not re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", value.strip()):
        return None
    return words[0]


# Headers of figures that count people or things, so that the number needs no unit: "Population",
# "Servicemen killed", "Seats", "Number of seats", "Visitor count", "Atomic number".
COUNT_WORDS = {"population", "inhabitants", "residents", "people", "attendance", "enrolment", "enrollment",
               "staff", "membership", "casualties", "count", "total", "votes", "number", "no.", "rank", "position",
               "order", "capacity", "spectators", "visitors", "employees", "members", "students", "pupils"}


def counts_things(attribute: str) -> bool:
    """Whether a figure column's header says what its numbers count, so that they need no unit:
    a count ("Seats", "Number of seats", "Population", "Servicemen killed") or a row's own number
    ("Atomic number"), not a measure ("Length", "Basin", "Height"), which needs its unit."""
    words = attribute.lower().split()
    if not words:
        return False
    last = words[-1]
    plural = re.fullmatch(r"[a-z]+s", last) is not None and re.search(r"(?:ss|us|is|ics)$", last) is None
    return bool(set(words) & COUNT_WORDS) or words[:2] in (["number", "of"], ["no.", "of"]) \
        or (plural and len(words) <= 2) or (len(words) >= 2 and past_participle(attribute) is not None)


def intransitive(attribute: str) -> str | None:
    """The plain verb of a header that ends in an intransitive past tense: "Died" -> "die"."""
    words = attribute.lower().split()
    return INTRANSITIVE.get(words[-1]) if words else None


def common_noun(subject: str) -> bool:
    """"Telephone", "Light bulb": a thing's common name, capitalised only as a table's first word."""
    words = subject.split()
    return bool(words) and words[0][:1].isupper() and words[0][1:].islower() and \
        all(w.islower() for w in words[1:]) and not re.search(r"\d", subject)


# Names that English writes with "the": "the Nile" (a row of a column of rivers), "the Empire State
# Building", "the Caspian Sea"; not "Kars Bridge", "Windsor Castle", "One World Trade Center".
THE_HEADS = {"river", "sea", "ocean", "desert", "canal", "mountains", "islands", "building", "center", "centre",
             "museum", "gulf", "strait", "channel"}
THE_ROWS = {"river", "sea", "ocean", "desert", "canal", "strait", "gulf", "mountain range", "archipelago"}


def takes_the(name: str, rows_are: str = "") -> bool:
    words = name.split()
    return bool(words) and words[0].lower() != "the" and not re.match(r"\d|one\b|two\b", name, re.I) \
        and "of" not in (w.lower() for w in words) and name[:1].isupper() \
        and (words[-1].lower() in THE_HEADS or rows_are.lower() in THE_ROWS)


# Rows whose names English writes with the noun after them: "the Tone River", "the Gobi Desert",
# where a table of rivers writes only "Tone" (and "Tone" alone is also a town).
NOUN_AFTER = {"river", "canal", "desert", "sea", "ocean"}


def subject_phrase(subject: str, rows_are: str = "") -> str:
    """"Capture of Shusha" -> "the capture of Shusha", "Deployment of ..." -> "the deployment of ...";
    names stay as written ("the Treaty of Kars"), with "the" where English writes it ("the Nile River" in a
    table of rivers, "the Empire State Building")."""
    words = subject.split()
    noun = rows_are.lower()
    if noun in NOUN_AFTER and takes_the(subject, rows_are) and noun not in {w.lower() for w in words} \
            and re.fullmatch(r"[\w'’ .-]+", subject):
        return f"the {subject} {noun.capitalize()}"
    if takes_the(subject, rows_are):
        return "the " + subject
    if len(words) >= 4 and words[0].lower() in ORDINALS and words[2].lower() == "of":
        return "the " + subject      # "the Second Battle of Nola"
    if len(words) >= 3 and words[1].lower() == "of" and words[0][:1].isupper():
        common = words[0].lower() in EVENT_NOUNS or re.search(r"[a-z](?:ment|ion|ure|ing)$", words[0]) is not None
        first = words[0].lower() if common and words[0][1:].islower() else words[0]
        return " ".join(["the", first, *words[1:]])
    return subject


def past_participle(attribute: str) -> str | None:
    """The past participle a header ends with: "Opened", "Date signed" -> "opened", "signed"."""
    words = attribute.lower().split()
    if not words:
        return None
    last = words[-1]
    if (last.endswith("ed") and len(last) > 4) or last in IRREGULAR_PARTICIPLES:
        return last
    return None


def plain(attribute: str) -> str:
    """A header as it reads inside a sentence: "Region Code" -> "region code"; a header holding
    an acronym ("UNTERM English Short", "GDP per capita") keeps its capitals."""
    words = attribute.split()
    if len(words) > 3 or any(w[:2].isupper() for w in words):
        return attribute
    return " ".join(w[:1].lower() + w[1:] if w[1:] == w[1:].lower() else w for w in words)


def says_what_happened(claim: Claim) -> bool:
    """Whether a date cell's question can say what happened on it: not so for a bare "Year" or
    "Date" of a person or a thing ("What is the year of Pierre Curie?", "What is the date of
    Voyageurs National Park?"), though it can for an event or an invention."""
    words = str(claim.extra.get("attribute") or claim.label).lower().split()
    column = str(claim.extra.get("subject_column") or "")
    if claim.kind != "date" or not words or not set(words) <= GENERIC_DATE | YEAR_WORDS:
        return True
    return is_event(claim.subject, column) or subject_participle(column) is not None


def forward_prompt(claim: Claim) -> str:
    """The question a cell answers, from its header and its row's subject."""
    attribute = str(claim.extra.get("attribute") or claim.label)
    unit, as_of = claim.extra.get("unit"), claim.extra.get("as_of")
    subject = subject_phrase(claim.subject, str(claim.extra.get("subject_column") or ""))
    if claim.extra.get("subject_kind") == "text" and common_noun(claim.subject):
        subject = "the " + claim.subject[:1].lower() + claim.subject[1:]    # "Light bulb" -> "the light bulb"
    column = str(claim.extra.get("subject_column") or "")
    words = attribute.lower().split()
    participle = past_participle(attribute)
    time_as = plain(column) if claim.extra.get("people") else ""
    stretch = phase(attribute, claim.kind)
    if stretch and claim.extra.get("people"):
        prompt = f"When did {subject}'s {stretch[0]} {stretch[1]}?"          # "When did John's reign begin?"
    elif stretch:
        prompt = f"When did the {stretch[0]} of {subject} {stretch[1]}?"     # "... the construction of X begin?"
    elif claim.extra.get("people") and not column and attribute.lower().split()[0] in TERM_WORDS:
        prompt = ""   # "When did James Monroe end?": what ended cannot be said
    elif happening_prompt(subject, attribute, claim.kind, time_as):
        prompt = happening_prompt(subject, attribute, claim.kind, time_as) or ""
    elif words[-1:] == ["by"] and len(words) >= 2 and past_participle(" ".join(words[:-1])):
        prompt = f"Who was {subject} {words[-2]} by?"       # "Discovered by"
    elif claim.kind == "date" and intransitive(attribute) and len(words) <= 2 and \
            (len(words) == 1 or words[0] in GENERIC_DATE | YEAR_WORDS):
        verb = intransitive(attribute)
        prompt = f"{'In what year' if words[0] in YEAR_WORDS else 'When'} did {subject} {verb}?"
    elif claim.kind == "date" and did_what(attribute):
        _, base, rest = did_what(attribute) or ("", "", "")
        prompt = f"When did {subject} {base} {rest}?"
    elif claim.kind == "date" and set(words) <= GENERIC_DATE | YEAR_WORDS and not is_event(claim.subject, column) \
            and subject_participle(column):
        when = "In what year" if set(words) <= YEAR_WORDS else "When"
        prompt = f"{when} was {subject} {subject_participle(column)}?"
    elif claim.kind == "date" and set(words) <= GENERIC_DATE | YEAR_WORDS and not is_event(claim.subject, column):
        prompt = f"What is the {plain(attribute)} of {subject}?"     # a thing does not "take place"
    elif claim.kind == "date":
        if participle and len(words) <= 2 and (len(words) == 1 or words[0] in GENERIC_DATE):
            prompt = f"When was {subject} {participle}?"
        elif participle and len(words) == 2 and words[0] in YEAR_WORDS:
            prompt = f"In what year was {subject} {participle}?"
        elif set(words) <= GENERIC_DATE:
            prompt = f"When did {subject} take place?"
        elif set(words) <= YEAR_WORDS:
            prompt = f"In what year did {subject} take place?"
        elif not set(words) & (GENERIC_DATE | YEAR_WORDS | {"period", "years", "era", "age"}) and \
                not participle and len(words) <= 2:
            prompt = f"When was the {plain(attribute)} of {subject}?"      # "Coronation", "Reign"
        else:
            prompt = f"What is the {plain(attribute)} of {subject}?"
    elif claim.kind == "figure" and counted_noun(attribute, claim) and not unit:
        noun = counted_noun(attribute, claim)
        have = "did" if is_event(claim.subject, column) else "does"
        prompt = f"How many {noun} {have} {subject} have?"       # "Seats", "Number of seats"
    elif claim.kind == "figure":
        if participle and len(words) >= 2:
            noun = " ".join(attribute.split()[:-1])
            prompt = f"How many {plain(noun)} of {subject} were {participle}?"
        else:
            prompt = f"What is the {plain(measure(attribute, unit))} of {subject}?"
        if unit:
            # "..., in km?", "... (per km²)?", "... (%)?"
            prompt = prompt[:-1] + (f" ({unit})?" if re.match(r"per\b|%", str(unit)) else f", in {unit}?")
    elif claim.kind == "place" and within(attribute, claim) and stretches(claim):
        verb, through = stretches(claim) or ("", "")   # true of one prefecture the river flows through, or four
        prompt = f"{WHICH_OF_THESE} {plural(words[0])} does {subject} {verb} {through}?"
    elif claim.kind == "place" and within(attribute, claim):
        prompt = f"In which {words[0]} is {subject}?"          # "Continent": "In which continent is Kenya?"
    elif claim.kind == "place" and words[-1] in CONTAINING_PLACES and is_event(claim.subject, column):
        prompt = f"In which {plain(attribute)} did {subject} take place?"   # "In which country did Athens 1896 ..."
    elif claim.kind == "place" and set(words) <= GENERIC_PLACE:
        if is_event(claim.subject, str(claim.extra.get("subject_column") or "")):
            prompt = f"Where did {subject} take place?"
        else:
            prompt = f"Where is {subject} located?"
    elif claim.kind == "name" and PERSON_WORDS.search(attribute):
        prompt = f"Who is the {plain(attribute)} of {subject}?"
    else:
        prompt = f"What is the {plain(attribute)} of {subject}?"
    if as_of and claim.kind == "figure":
        prompt = prompt[:-1] + f" (as of {as_of})?"
    return prompt


def reverse_prompt(claim: Claim) -> str:
    """The way back: which subject has this value."""
    attribute = str(claim.extra.get("attribute") or claim.label)
    noun = str(claim.extra.get("subject_column") or "").strip()
    which = "Which" if noun.lower() in ("name", "subject", "item", "") else f"Which {plain(noun)}"
    people = bool(claim.extra.get("people"))
    if people and which == "Which":
        which = "Who"
    value = str(claim.extra.get("answer") or claim.value)
    if claim.kind in ("place", "name") and takes_the(value):
        value = "the " + value          # "Which river's outflow is the East China Sea?"
    words = attribute.lower().split()
    participle = past_participle(attribute)
    unit = claim.extra.get("unit")
    found = happening(attribute, claim.kind)
    stretch = phase(attribute, claim.kind)
    if stretch:   # "Whose reign began on 22 August 1485?", "Which bridge's construction began in 1887?"
        if which == "Which":
            return ""
        return f"{possessive(which)} {stretch[0]} {stretch[2]} {preposition(value)} {value}?"
    if found and people and words[0] in TERM_WORDS:   # "Whose time as US president began on 4 March 1861?"
        return f"Whose time as {plain(noun)} {TERM_WORDS[words[0]][1]} {preposition(value)} {value}?" if noun else ""
    if found:   # "Who was born on 9 October 1852?", "Which battle ended in 1918?"
        return f"{which} {found[1]} {preposition(value) if claim.kind == 'date' else 'in'} {value}?"
    if words[-1:] == ["by"] and len(words) >= 2 and past_participle(" ".join(words[:-1])):
        return f"{which} was {words[-2]} by {value}?"
    if claim.kind == "date" and intransitive(attribute) and (len(words) == 1 or words[0] in GENERIC_DATE | YEAR_WORDS):
        on = preposition(value)
        return f"{which} {words[-1]} {on} {value}?"
    if claim.kind == "date":
        on = preposition(value)
        if did_what(attribute):
            past, _, rest = did_what(attribute) or ("", "", "")
            return f"{which} {past} {rest} {on} {value}?"
        if participle and (len(words) == 1 or words[0] in GENERIC_DATE | YEAR_WORDS):
            return f"{which} was {participle} {on} {value}?"
        if set(words) <= GENERIC_DATE | YEAR_WORDS and is_event(claim.subject, noun):
            return f"{which} took place {on} {value}?"
        if set(words) <= GENERIC_DATE | YEAR_WORDS and subject_participle(noun):
            return f"{which} was {subject_participle(noun)} {on} {value}?"
        if which != "Which":   # "Which country's independence was in 1818?"
            return f"{possessive(which)} {plain(attribute)} was {on} {value}?"
    if claim.kind == "place" and within(attribute, claim) and which != "Which" and stretches(claim):
        verb, through = stretches(claim) or ("", "")   # other rivers may flow through it too: "of these"
        return f"{WHICH_OF_THESE} {plural(plain(noun))} {verb}s {through} {value}?"
    if claim.kind == "place" and within(attribute, claim) and which != "Which":
        return f"{which} is in {value}?"
    if claim.kind == "place" and words[-1:] and words[-1] in CONTAINING_PLACES and is_event(claim.subject, noun):
        return f"{which} took place in {value}?"
    if claim.kind == "place" and set(words) <= GENERIC_PLACE:
        if is_event(claim.subject, noun):
            return f"{which} took place in {value}?"
        return f"{which} is located in {value}?"
    if claim.kind == "figure" and participle and len(words) >= 2:
        return f"{which} had {value} {plain(' '.join(attribute.split()[:-1]))} {participle}?"
    if claim.kind == "figure" and counted_noun(attribute, claim) and not unit:
        return f"{which} has {value} {counted_noun(attribute, claim)}?"
    shown = f"{value} {unit}" if unit else value
    if claim.kind == "figure" and claim.extra.get("as_of"):
        shown += f" (as of {claim.extra['as_of']})"
    attribute = measure(attribute, unit) if claim.kind == "figure" else attribute
    return f"{possessive(which)} {plain(attribute)} is {shown}?" if which != "Which" else \
        f"Which has the {plain(attribute)} {shown}?"


AREA_UNIT = re.compile(r"(?:sq\.?\s*)?(?:km|mi|m|ft)(?:2|²|\^2)|sq\.?\s*(?:km|mi|m|ft)|square \w+|ha|hectares?|acres?",
                       re.I)


def measure(attribute: str, unit: object) -> str:
    """A figure's header with what its unit measures, where the header does not say it: "Basin" in
    km² is the basin's area ("What is the basin area of ..., in km²?")."""
    if unit and AREA_UNIT.fullmatch(str(unit).strip()) and "area" not in attribute.lower().split():
        return f"{attribute} area"
    return attribute


def possessive(which: str) -> str:
    return "Whose" if which == "Who" else f"{which}'s"


def preposition(value: str) -> str:
    """"on 24 October 1813", "on 1813-10-24", but "in 1813", "in 490 BC", "in October 1813"."""
    day = re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", value) and MONTH.search(value)
    return "on" if day or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) else "in"


def named(prompt: str, claimant: str | None) -> str:
    return f"According to {claimant}, {prompt[:1].lower()}{prompt[1:]}" if claimant else prompt
