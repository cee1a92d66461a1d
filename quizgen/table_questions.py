"""Questions from the cells of a table: phrased from the header and the row's subject.

Every filled date, figure, place or name cell asks for its value ("When was the
Treaty of Kars signed?", "How many servicemen of Azerbaijan were killed?",
"What is the length of the Kura, in km?"), and a value that belongs to one row
only also asks the way back ("Which event took place on 8 November 2020?").
Options come from the same column, never a value any source gives for the same
subject and attribute. Rows (of one table or several) that give one subject's
attribute different values dispute each other, and so does a prose sentence that
names the subject and the attribute with another value; each side is named.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import salience
from .answers import canonical
from .check import question_problems
from .claims import Aliases, value_key
from .deck import write_atomic
from .extract import Claim
from .questions import stable_id
from .sources import Source
from .table_phrasing import WHICH_OF_THESE, forward_prompt, named, past_participle, reverse_prompt, says_what_happened
from .tables import table_claims

STEM = 4                # words compared by their first letters: "signed" ~ "signing"
STOP = {"the", "of", "and", "in", "on", "at", "for", "to", "a", "an", "by", "with", "from", "date", "place",
        "number", "value", "year", "location", "total", "figure", "count", "amount"}
WORD = re.compile(r"[^\W\d_]+", re.U)
NEAR_BEFORE, NEAR_AFTER = 100, 40   # characters around a prose value that name what it is about


@dataclass
class TableLimit:
    """What a deck's limit on table questions left out: the rows of each table not asked."""
    limit: int
    kept_rows: dict[tuple[str, str], int] = field(default_factory=dict)    # (source, table) -> rows asked
    total_rows: dict[tuple[str, str], int] = field(default_factory=dict)   # (source, table) -> rows with a cell

    @property
    def rows_left_out(self) -> int:
        return sum(self.total_rows.values()) - sum(self.kept_rows.values())

    def as_json(self) -> dict:
        """The deck file's ``table_limit``: the limit and, per table, how many of its rows were asked."""
        return {"max_table_questions": self.limit, "rows_left_out": self.rows_left_out,
                "tables": [{"source": source, "table": table, "rows_asked": self.kept_rows.get((source, table), 0),
                            "rows": total} for (source, table), total in self.total_rows.items()]}


def make_table_questions(table_claims: list[Claim], prose_claims: list[Claim], aliases: Aliases,
                         voices: dict[str, str], limit: int | None = None
                         ) -> tuple[list[dict], dict[tuple[str, int, str], list[dict]], TableLimit | None]:
    """The table's questions, and for each prose value (source, sentence start, value) that a
    table row contradicts, the rows' evidence, so that the prose question shows the dispute too.

    With ``limit``, rows are asked in the order the tables give them (the first row of every
    table, then the second of every table, ...), each row with all its columns, until the next
    row would take the questions past the limit; the rest are not asked (a ``TableLimit`` says
    which), though they still count for options, reverse questions and disputes."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in table_claims:
        groups[claim.key].append(claim)
    columns: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in table_claims:
        columns[_column_id(claim)].append(claim)
    prose_index = [c for c in prose_claims if c.kind in ("date", "figure", "place", "name")]
    tables = list(dict.fromkeys((c.source, str(c.extra.get("table"))) for c in table_claims))

    def row_rank(claim: Claim) -> tuple[int, int]:
        return int(claim.extra.get("row") or 0), tables.index((claim.source, str(claim.extra.get("table"))))

    by_rank: dict[tuple[int, int], list[list[Claim]]] = defaultdict(list)
    for claims in groups.values():
        by_rank[min(row_rank(c) for c in claims)].append(claims)
    prose_disputes: dict[tuple[str, int, str], list[dict]] = defaultdict(list)
    made: dict[str, list[dict]] = {}
    of_prose: dict[str, list[dict]] = {}
    asked: set[tuple[int, int]] = set()
    full = False
    for rank in sorted(by_rank):
        batch: dict[str, list[dict]] = {}
        for claims in by_rank[rank]:
            # past the limit a row is still read for the prose sentences it contradicts
            from_rows, from_prose = _group_questions(claims, prose_index, table_claims, columns, aliases, voices,
                                                     prose_disputes, ask=not full)
            batch[claims[0].key] = [q for q in from_rows if not question_problems(q)]
            of_prose[claims[0].key] = [q for q in from_prose if not question_problems(q)]
        if full:
            continue
        if limit is not None and sum(map(len, made.values())) + sum(map(len, batch.values())) > limit:
            full = True
            continue
        made.update(batch)
        asked.add(rank)
    # the order the cells come in; a document's value that a row contradicts is the document's
    # question (phrased from the row's header), asked whether or not the limit reaches the row
    questions = [q for key in groups for q in [*made.get(key, []), *of_prose.get(key, [])]]
    if limit is None or not full:
        return questions, dict(prose_disputes), None
    left = TableLimit(limit)
    for claim in table_claims:
        left.total_rows.setdefault(tables[row_rank(claim)[1]], 0)
    for rank in {row_rank(c) for c in table_claims}:
        left.total_rows[tables[rank[1]]] += 1
        if rank in asked:
            left.kept_rows[tables[rank[1]]] = left.kept_rows.get(tables[rank[1]], 0) + 1
    return questions, dict(prose_disputes), left


def _group_questions(claims: list[Claim], prose_index: list[Claim], table_claims: list[Claim],
                     columns: dict[tuple[str, str, str], list[Claim]], aliases: Aliases, voices: dict[str, str],
                     prose_disputes: dict[tuple[str, int, str], list[dict]], *,
                     ask: bool = True) -> tuple[list[dict], list[dict]]:
    """The questions of one subject's attribute (all rows and sentences that give it): those a
    row answers (none unless ``ask``) and those a prose sentence that a row contradicts answers.
    Records in ``prose_disputes`` the rows that contradict a prose sentence."""
    questions: list[dict] = []
    of_prose: list[dict] = []
    prose = _prose_matches(claims[0], prose_index, aliases)
    if claims[0].kind in ("place", "name"):
        # a sentence names many places and people: only one the table gives too is about this cell
        given = {_value(c, aliases) for c in claims}
        prose = [c for c in prose if _value(c, aliases) in given]
    values: dict[str, list[Claim]] = defaultdict(list)
    for claim in [*claims, *prose]:
        values[_value(claim, aliases)].append(claim)
    for value, givers in values.items():
        rows = [c for c in givers if c.extra.get("block") == "table"]
        rivals = _rivals(values, value)
        if not rows:
            # a prose sentence the table contradicts: its own question shows the rows, and the
            # table's question is asked for its value too, naming who gives it
            contradicting = [r for r in rivals if r.extra.get("block") == "table"]
            for claim in givers:
                prose_disputes[(claim.source, claim.start, claim.value)] += [_evidence(r) for r in contradicting]
            if contradicting:
                question = _forward(givers[0], givers, rivals, columns[_column_id(claims[0])], set(values),
                                    voices, aliases, cell=claims[0])
                if question:
                    of_prose.append(question)
            continue
        if not ask or not says_what_happened(rows[0]):
            continue
        main = rows[0]
        question = _forward(main, givers, rivals, columns[_column_id(main)], set(values), voices, aliases)
        if question:
            questions.append(question)
        if len(values) == 1:
            question = _reverse(main, table_claims, columns[_column_id(main)], aliases)
            if question:
                questions.append(question)
    return questions, of_prose


def _column_id(claim: Claim) -> tuple[str, str, str]:
    return (claim.source, str(claim.extra.get("table")), str(claim.extra.get("column")))


def _value(claim: Claim, aliases: Aliases) -> str:
    return value_key(claim, aliases)


def _rivals(values: dict[str, list[Claim]], value: str) -> list[Claim]:
    """Claims of the other values, except from a voice that also gives this one (an update)."""
    voices = {canonical(c.claimant, "name") for c in values[value] if c.claimant}
    return [c for other, claims in values.items() if other != value
            and not voices & {canonical(x.claimant, "name") for x in claims if x.claimant} for c in claims]


def _evidence(claim: Claim) -> dict:
    evidence = claim.evidence()
    if claim.extra.get("citation"):
        evidence["citation"] = claim.extra["citation"]
    return evidence


# --- linking prose sentences to a table cell --------------------------------

def _stems(text: str) -> set[str]:
    return {w.lower()[:STEM] for w in WORD.findall(text) if len(w) >= 3}


def _needed(phrase: str) -> set[str]:
    return {w.lower()[:STEM] for w in WORD.findall(phrase) if len(w) >= 3 and w.lower() not in STOP}


def _prose_matches(cell: Claim, index: list[Claim], aliases: Aliases) -> list[Claim]:
    """Prose claims of the same kind that name the row's subject (or an alias of it) and the
    column's attribute near the value, the event word ("opened", "signing") in the value's own
    clause: "opened in 1884" for the row "Kars Bridge", column "Opened"."""
    subject, attribute = cell.subject, str(cell.extra.get("attribute") or "")
    variants = [subject]
    for names in aliases.sets:
        for name in names:
            if name and re.search(rf"\b{re.escape(name)}\b", subject, re.I):
                variants += [re.sub(rf"\b{re.escape(name)}\b", other, subject, flags=re.I)
                             for other in names if other != name]
    needs = [n for n in (_needed(v) | _needed(attribute) for v in variants) if len(n) >= 2]
    event = _event_stem(subject, attribute)
    return [claim for claim in index if claim.kind == cell.kind and _near(claim, needs, event)]


def _event_stem(subject: str, attribute: str) -> str | None:
    """The word saying what happened: the header's participle, else "Capture" of "Capture of X"."""
    participle = past_participle(attribute)
    if participle:
        return participle[:STEM]
    words = subject.split()
    return words[0].lower()[:STEM] if len(words) >= 3 and words[1].lower() == "of" else None


def _near(claim: Claim, needs: list[set[str]], event: str | None) -> bool:
    sentence, (start, end) = claim.sentence, claim.value_in_sentence
    around = _stems(sentence[max(0, start - NEAR_BEFORE):end + NEAR_AFTER])
    if not any(n <= around for n in needs):
        return False
    if event is None:
        return True
    clause = re.split(r"[,;:()]", sentence[:start])[-1] + sentence[start:end] + re.split(r"[,;:()]", sentence[end:])[0]
    return event in _stems(clause)


# --- questions ----------------------------------------------------------------

def _forward(main: Claim, givers: list[Claim], rivals: list[Claim], column: list[Claim], forbidden: set[str],
             voices: dict[str, str], aliases: Aliases, cell: Claim | None = None) -> dict | None:
    """The question a cell asks; ``main`` is a prose claim when ``cell`` is the table's
    (contradicted) cell whose header and subject phrase the question."""
    claimant = main.claimant or next((c.claimant for c in givers if c.claimant), None)
    if rivals and not claimant:
        claimant = voices.get(main.source, main.source)
    answer = " ".join(str(main.extra.get("answer") or main.value).split())
    if not forward_prompt(cell or main):
        return None   # nothing a learner could be asked in a sentence that stands alone
    prompt = named(forward_prompt(cell or main), claimant)
    taken = {canonical(answer, main.kind)} | {canonical(str(c.extra.get("answer") or c.value), c.kind)
                                              for c in [*givers, *rivals]}
    choices = _options([c for c in column if _value(c, aliases) not in forbidden], cell or main, taken)
    bounded = main.kind == "figure" and re.search(r"\b(?:more|less|fewer|over|under|at least|up to)\b|[+~]",
                                                  answer, re.I)
    format_name = "multiple_choice" if len(choices) >= 3 and not bounded else "type_in"
    if format_name == "type_in" and main.kind in ("place", "name") and len(answer.split()) > 4:
        return None   # a long name typed in from memory is a spelling test
    if format_name == "type_in" and prompt.startswith(WHICH_OF_THESE):
        return None   # "Which of these prefectures does the Tone River flow through?" needs its options
    accepted = [main.normalized] if main.kind in ("date", "figure") and main.normalized \
        and not main.normalized.startswith("-") else []   # "-0490" is a sort key, not what anyone types
    if main.kind in ("place", "name"):
        accepted = sorted(a for a in aliases.of(answer) if a != answer)
        noun = str(main.extra.get("attribute") or "")
        if format_name == "type_in" and re.fullmatch(r"[A-Za-z]+", noun) and noun.lower() not in answer.lower():
            accepted.append(f"{answer} {noun[:1].upper()}{noun[1:].lower()}")   # "Republican Party"
    question: dict[str, Any] = {
        "kind": main.kind, "format": format_name, "prompt": prompt, "answer": answer,
        "accepted": [a for a in accepted if a != answer],
        "distractors": choices[:3] if format_name == "multiple_choice" else [],
        "evidence": [_evidence(c) for c in givers], "disputed_by": [_evidence(c) for c in rivals],
        "subject": (cell or main).subject, "claimant": claimant, "normalized": main.normalized,
        "group": (cell or main).key,
    }
    question["id"] = stable_id("table", format_name, main.kind, answer, claimant or "", prompt)
    return question


BIRTH = re.compile(r"\b(?:born|birth|birthday|date of birth|dob)\b", re.I)
CLOSE_FIGURE = 0.03  # an option this near a figure (a share of it) comes last
IDENTIFYING = re.compile(r"\b(?:number|no\.?|rank|position|order)$", re.I)
REVERSE_DIGITS = 4   # a number of a row's own ("atomic number 6") this short may name it


def _reverse(main: Claim, table_claims: list[Claim], column: list[Claim], aliases: Aliases) -> dict | None:
    """Which subject has this value, where one row alone gives it."""
    value = _value(main, aliases)
    owners = {canonical(c.subject, "name") for c in column if _value(c, aliases) == value}
    if len(owners) != 1 or main.claimant or main.extra.get("namesake"):
        return None
    if main.kind == "place" and main.extra.get("people"):
        return None   # "Who died in Russia?": a place names no one person
    if main.kind == "date" and main.extra.get("people") and len(main.normalized or "") == len("1852-08-30") \
            and BIRTH.search(str(main.extra.get("attribute") or "")):
        return None   # "Who was born on 5 May 1846?": nobody is known by their birthday
    if main.kind == "figure" and (sum(ch.isdigit() for ch in main.value) > REVERSE_DIGITS
                                  or not IDENTIFYING.search(str(main.extra.get("attribute") or ""))):
        return None   # "Which building has 69 floors?": a measure names no row; "atomic number 6" does
    answer = main.subject
    if _names_the_other(answer, str(main.extra.get("answer") or main.value)):
        return None   # "Which battle took place in Marathon?": the Battle of Marathon
    subjects = list(dict.fromkeys(str(c.extra.get("row_name") or c.subject) for c in column))
    others = [s for s in subjects if canonical(s, "name") not in owners]
    choices = _options_by_hash(others, main.key)
    rows = {str(c.extra.get("row_name") or c.subject): c for c in reversed(column)}
    if main.extra.get("era") is not None or main.extra.get("row_kind"):   # rows of its kind and time first
        choices.sort(key=lambda s: (_other_kind(main, rows[s]), _years_apart(main, rows[s])))
    if len(choices) < 3:
        return None
    kind = str(main.extra.get("subject_kind"))
    kind = kind if kind in ("place", "name") else "name"
    start, end = main.extra["subject_span"]
    evidence = dict(_evidence(main), value=main.exact[start - main.start:end - main.start], value_start=start,
                    value_end=end, normalized=None)
    prompt = reverse_prompt(main)
    if not prompt or prompt.startswith("Which has "):
        return None   # "Which has the symbol He?" never says what it asks for
    question: dict[str, Any] = {
        "kind": kind, "format": "multiple_choice", "prompt": prompt, "answer": answer,
        "accepted": [], "distractors": choices[:3], "evidence": [evidence], "disputed_by": [],
        "subject": main.subject, "claimant": None, "normalized": None, "group": main.key,
    }
    question["id"] = stable_id("table-reverse", main.kind, answer, prompt)
    return question


def _names_the_other(subject: str, value: str) -> bool:
    """Whether the value's words all stand in the subject (or the other way round), so that
    asking one gives the other away: "Sydney Harbour Bridge" and "Sydney"."""
    def words(text: str) -> set[str]:
        return {w.casefold() for w in WORD.findall(text) if w.casefold() not in STOP}
    a, b = words(subject), words(value)
    return bool(a and b and (a <= b or b <= a))


def _options(column: list[Claim], main: Claim, taken: set[str]) -> list[str]:
    """Other values of the column, nearest first for dates and figures; never a value given
    for this subject and attribute by any source."""
    seen: set[str] = set(taken)
    found: list[Claim] = []
    for claim in column:
        text = str(claim.extra.get("answer") or claim.value)
        form = canonical(text, claim.kind)
        if form in seen or claim.key == main.key:
            continue
        seen.add(form)
        found.append(claim)
    if main.kind in ("date", "figure"):
        # a date first from rows of its kind (a Winter Games' date among Winter ones); a figure by
        # its size alone, or a small country's population is offered its continent's far larger ones
        found.sort(key=lambda c: (_other_kind(main, c) if main.kind == "date" else 0, _distance(main, c),
                                  str(c.extra.get("answer") or c.value)))
        if main.kind == "figure":   # 1,287 ft beside 1,288: no learner can be expected to tell them apart
            found = _banded(main, found)
            found.sort(key=lambda c: _too_close(main, c))
            found = _spread(main, found)
        if main.kind == "date" and _year_only(main):   # 1998 beside 1999: completed or opened?
            found = _years_apart_options(main, found)
        return [str(c.extra.get("answer") or c.value) for c in found]
    values = _options_by_hash([str(c.extra.get("answer") or c.value) for c in found], main.key)
    if main.extra.get("era") is None and not main.extra.get("row_kind"):
        return values
    # a row's options come from rows of its kind and its time: no Summer host for a Winter Games,
    # no country of 1992 for a row of 1936
    nearest: dict[str, tuple[int, float]] = {}   # a value given by several rows counts by its nearest row
    for claim in column:
        form = canonical(str(claim.extra.get("answer") or claim.value), claim.kind)
        key = (_other_kind(main, claim), _years_apart(main, claim))
        nearest[form] = min(nearest.get(form, key), key)
    ordered = sorted(values, key=lambda v: nearest.get(canonical(v, main.kind), (99, float("inf"))))
    eras = [e for c in column if isinstance(e := c.extra.get("era"), float)]
    if main.extra.get("era") is None or not eras or max(eras) == min(eras):
        return ordered
    # only values of the row's own times: no Whig for a president of 2009 (a typed answer rather)
    window = ERA_WINDOW * (max(eras) - min(eras))
    return [v for v in ordered if nearest.get(canonical(v, main.kind), (99, float("inf")))[1] <= window]


ERA_WINDOW = 0.25   # a share of the table's span of time


OPTIONS = 3         # distractors a card shows
SPREAD = 0.2        # a measure of four digits or more is learnt to its size: options this far apart
SPREAD_DIGITS = 4


def _banded(main: Claim, found: list[Claim]) -> list[Claim]:
    """Figures nearest first in bands a fifth of the answer wide, and in a fixed order of the
    row's own within a band: peaks of 13,000 to 14,500 ft do not all get the same three options."""
    size = abs(_number(main) or 0.0)
    if not size:
        return found
    def band(claim: Claim) -> float:
        distance = _distance(main, claim)
        return distance if distance == float("inf") else distance // (SPREAD * size)
    return sorted(found, key=lambda c: (band(c), _hash_key(main.key, str(c.extra.get("answer") or c.value))))


def _spread(main: Claim, found: list[Claim]) -> list[Claim]:
    """For a measure ("110,879 km²"), options that differ from the answer and from each other by
    a fifth at least, nearest first; the others after them."""
    size = _number(main)
    if size is None or sum(ch.isdigit() for ch in str(main.extra.get("answer") or main.value).split(".")[0]) \
            < SPREAD_DIGITS:
        return found
    return _apart_first(found, size, _number, lambda a, b: abs(a - b) >= SPREAD * max(abs(a), abs(b)))


def _apart_first(found: list[Claim], answer: float, value_of: Callable[[Claim], float | None],
                 apart: Callable[[float, float], bool]) -> list[Claim]:
    """The options whose values stand ``apart`` from the answer's and from each other first (up to
    a card's worth, in the order found), then the others."""
    picked: list[Claim] = []
    taken = [answer]
    for claim in found:
        value = value_of(claim)
        if value is not None and all(apart(value, other) for other in taken):
            picked.append(claim)
            taken.append(value)
            if len(picked) == OPTIONS:
                break
    chosen = {id(c) for c in picked}
    return picked + [c for c in found if id(c) not in chosen]


YEAR_GAP = 2   # years between a year's options and the answer, and between the options


def _year_only(claim: Claim) -> bool:
    return re.fullmatch(r"-?\d{4}", claim.normalized or "") is not None


def _years_apart_options(main: Claim, found: list[Claim]) -> list[Claim]:
    """Years at least two apart from the answer and from each other first, nearest first."""
    def year(claim: Claim) -> float | None:
        return int(claim.normalized) if _year_only(claim) and claim.normalized else None
    return _apart_first(found, year(main) or 0, year, lambda a, b: abs(a - b) >= YEAR_GAP)


def _other_kind(main: Claim, other: Claim) -> int:
    """In how many of the columns that sort rows into kinds (season, continent, party) the other
    row differs from this one, not counting the column asked."""
    mine, theirs = main.extra.get("row_kind") or {}, other.extra.get("row_kind") or {}
    asked = main.extra.get("column")
    return sum(1 for header, value in mine.items() if header != asked and theirs.get(header) != value)


def _years_apart(main: Claim, other: Claim) -> float:
    a, b = main.extra.get("era"), other.extra.get("era")
    return abs(a - b) if isinstance(a, float) and isinstance(b, float) else float("inf")


def _options_by_hash(values: list[str], salt: str) -> list[str]:
    """A fixed choice among equals: the same deck gives the same options on every build."""
    return sorted(values, key=lambda v: _hash_key(salt, v))


def _hash_key(salt: str, value: str) -> str:
    return hashlib.sha256(f"{salt}\x1f{value}".encode()).hexdigest()


def _too_close(main: Claim, other: Claim) -> bool:
    size = abs(_number(main) or 0.0)
    return size > 0 and _distance(main, other) < CLOSE_FIGURE * size


def _number(claim: Claim) -> float | None:
    match = re.match(r"-?\d+(?:\.\d+)?", claim.normalized or "")
    return float(match.group()) if match else None


def _distance(main: Claim, other: Claim) -> float:
    def number(claim: Claim) -> float | None:
        match = re.match(r"-?\d+(?:\.\d+)?", (claim.normalized or "").replace("-", "", 2)
                         if main.kind == "date" else claim.normalized or "")
        return float(match.group()) if match else None
    a, b = number(main), number(other)
    return abs(a - b) if a is not None and b is not None else float("inf")


# --- joining the table's questions to the prose deck ------------------------------

def with_table_questions(questions: list[dict], table_sources: list[Source], prose_claims: list[Claim],
                         aliases: Aliases, voices: dict[str, str],
                         limit: int | None = None) -> tuple[list[dict], TableLimit | None]:
    """The deck's questions with the tables' own (first: a teacher's table lists what the
    deck is for; at most ``limit`` of them), prose questions that a row contradicts showing
    that row, ranked again; and what the limit left out, if anything."""
    cells = [claim for source in table_sources for table in source.tables for claim in
             table_claims(table, source.text)]
    from_tables, disputes, left_out = make_table_questions(cells, prose_claims, aliases, voices, limit)
    for question in questions:
        rows = [row for e in question["evidence"] for row in disputes.get((e["source"], e["start"], e["value"]), [])]
        if not rows or question["format"] == "attribution":
            continue
        known = {(d["source"], d["start"], d["value"]) for d in question["disputed_by"]}
        rows = [r for r in rows if (r["source"], r["start"], r["value"]) not in known
                and canonical(r["value"], question["kind"]) != canonical(question["answer"], question["kind"])]
        if not rows:
            continue
        question["disputed_by"] += list({(r["source"], r["start"]): r for r in rows}.values())
        if not question.get("claimant"):
            source = question["evidence"][0]["source"]
            question["claimant"] = question["evidence"][0]["claimant"] or voices.get(source, source)
            if not re.match(r"according to\b", question["prompt"], re.I):
                question["prompt"] = f"According to {question['claimant']}: {question['prompt']}"
    kept = [q for q in questions if not question_problems(q)]
    for question in [*from_tables, *kept]:
        question.pop("rank", None)
        question.pop("siblings", None)
    return salience.order([*from_tables, *kept]), left_out


def write_extracted_texts(sources: list[Source]) -> None:
    """Store the text read from each workbook beside it (only where it changed)."""
    for source in sources:
        if source.original is None:
            continue
        try:
            unchanged = source.path.read_bytes() == source.text.encode("utf-8")
        except OSError:
            unchanged = False
        if not unchanged:
            write_atomic(source.path, source.text)
