"""Validate a deck file: broken contracts are errors, questions a learner would stumble on are warnings.

Errors are what the deck-file contract forbids: quotes that do not match their
source, prompts that give the answer away, distractors that are in fact right
(or another source's claim), disputed figures presented without a claimant.
Warnings flag questions that are legal but weak: ambiguous blanks, long
prompts, easy-to-rule-out distractors, casualty figures nobody is said to claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .answers import canonical, same_value
from .deck import MAX_ANSWER, MAX_CLAIMANT, MAX_PROMPT, load_deck, read_source_text, sha256_bytes, value_span
from .errors import QuizgenError
from .markup import remnant
from .normalize import MONTHS, era_precision, number_words, parse_date, parse_quantity
from .salience import ACCORDING_TO, unresolved_pronoun

Findings = Iterator[tuple[str, str]]  # (field path below the question, message)

LONG_PROMPT_CHARS = 300
_YEAR = re.compile(r"\b\d{3,4}\b|\b\d{1,4}\s*(?:B\.?C|A\.?D|C\.?E)")
_LEFTOVER = re.compile(r"\(\s*\)|\[\s*\]")
_VAGUE_VOICE = re.compile(r"^(?:the\s+)?(?:source|document|text|article|essay|report|summary|encyclopedia|"
                          r"history|notes|my notes|infobox|news)$", re.I)
MIN_CONTEXT_WORDS = 5
MAX_MAGNITUDE_RATIO = 10
_BLANK = re.compile(r"_{3,}")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_DANGLING_START = re.compile(
    r"^(?:(?:it|its|this|that|these|those|he|she|they|his|her|their|them)\b"
    r"|the\s+(?:same|next|following|previous|preceding)\s+(?:day|night|morning|evening|week|month|year)\b"
    r"|\w+\s+(?:hours?|days?|weeks?|months?|years?)\s+(?:later|earlier|after|before)\b"
    r"|(?:later|afterwards|meanwhile|then|earlier|subsequently)\b)", re.IGNORECASE)
CASUALTY_WORDS = re.compile(
    r"\b(?:killed|wounded|injured|missing|captured|displaced|destroyed|damaged|casualt(?:y|ies)|"
    r"deaths?|dead|losses|lost|refugees)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One finding: the question it concerns (None for deck-level ones), where, and what is wrong."""

    question_id: str | None
    field: str
    message: str
    kind: str = ""      # which check found it ("blank", "distractor", ...), for counting by kind


@dataclass
class CheckReport:
    """Everything ``check_deck`` found in one deck."""

    deck_path: Path
    question_count: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"deck": str(self.deck_path), "questions": self.question_count,
                "errors": [asdict(p) for p in self.errors], "warnings": [asdict(p) for p in self.warnings]}


def check_deck(path: str | Path) -> CheckReport:
    """Check a deck file against its sources; raises QuizgenError only if the file cannot be read as a deck."""
    path = Path(path)
    deck = load_deck(path)
    report = CheckReport(path, len(deck["questions"]))
    texts = _source_texts(path, deck, report)
    first_index_of: dict[str, int] = {}
    for index, question in enumerate(deck["questions"]):
        where, question_id = f"questions[{index}]", question["id"]
        if question_id in first_index_of:
            first = first_index_of[question_id]
            report.errors.append(Problem(question_id, f"{where}.id",
                                         f"duplicate question id (first used by questions[{first}])"))
        first_index_of.setdefault(question_id, index)
        for check in (_evidence_errors, _giveaway_errors, _length_errors, _markup_errors, _distractor_errors,
                      _dispute_errors):
            report.errors += [Problem(question_id, where + sub, message, _kind(check))
                              for sub, message in check(question, texts)]
        for warn in _QUESTION_WARNINGS:
            report.warnings += [Problem(question_id, where + sub, message, _kind(warn))
                                for sub, message in warn(question)]
    report.warnings += _sibling_warnings(deck["questions"])
    return report


def _kind(check: Any) -> str:
    """A check's name as a kind of problem: ``_blank_warnings`` -> "blank"."""
    return check.__name__.strip("_").removesuffix("_warnings").removesuffix("_errors").replace("_", "-")


def _source_texts(path: Path, deck: dict, report: CheckReport) -> dict[str, str | None]:
    """Each source's verified text; None (with an error naming the questions left unverified) if unusable."""
    texts: dict[str, str | None] = {}
    for index, source in enumerate(deck["sources"]):
        if source["id"] in texts:
            report.errors.append(Problem(None, f"sources[{index}].id", f"duplicate source id {source['id']!r}"))
            continue
        try:
            texts[source["id"]] = read_source_text(path, source, index)
            report.warnings += _original_warnings(path, source, index)
        except QuizgenError as exc:
            texts[source["id"]] = None
            users = [q["id"] for q in deck["questions"]
                     if any(e["source"] == source["id"] for e in [*q["evidence"], *q["disputed_by"]])]
            named = ", ".join(users[:5]) + (f" and {len(users) - 5} more" if len(users) > 5 else "")
            report.errors.append(Problem(None, exc.field or f"sources[{index}]",
                                         f"{exc.message}; quotes left unverified in: {named or 'no question'}"))
    return texts


def _original_warnings(path: Path, source: dict, index: int) -> list[Problem]:
    """The file a source's text was extracted from: gone, or changed since the build (rebuild to follow it)."""
    original = source.get("original")
    if not original:
        return []
    file = path.resolve().parent / original["path"]
    try:
        data = file.read_bytes()
    except OSError:
        return [Problem(None, f"sources[{index}].original.path", f"original file {file} is missing", "original")]
    if sha256_bytes(data) != original["sha256"]:
        return [Problem(None, f"sources[{index}].original.sha256",
                        f"original file {file} changed since the deck was built; rebuild to use it", "original")]
    return []


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


# --- errors ----------------------------------------------------------------

def _value_at_its_offsets(quote: dict) -> bool:
    span = value_span(quote)
    return span is not None and 0 <= span[0] <= span[1] <= len(quote["exact"]) and \
        quote["exact"][span[0]:span[1]] == quote["value"]


def _evidence_errors(question: dict, texts: dict[str, str | None]) -> Findings:
    for group in ("evidence", "disputed_by"):
        for index, quote in enumerate(question[group]):
            where = f".{group}[{index}]"
            if quote["value"] not in quote["exact"]:
                yield f"{where}.value", (f"value {_short(quote['value'])} does not occur in exact "
                                         f"{_short(quote['exact'])}")
            elif "value_start" in quote and not _value_at_its_offsets(quote):
                yield f"{where}.value_start", (f"value {_short(quote['value'])} is not at value_start "
                                               f"{quote['value_start']}..value_end {quote['value_end']}")
            if quote["source"] not in texts:
                yield f"{where}.source", f"unknown source {quote['source']!r} (the deck has: {', '.join(texts)})"
                continue
            text = texts[quote["source"]]
            if text is not None:
                yield from _quote_errors(quote, text, where)


def _quote_errors(quote: dict, text: str, where: str) -> Findings:
    start, end, exact = quote["start"], quote["end"], quote["exact"]
    if not start <= end <= len(text):
        yield f"{where}.end", f"offsets {start}..{end} fall outside source {quote['source']!r} ({len(text)} characters)"
        return
    if text[start:end] != exact:
        found = text.find(exact)
        hint = (f"; the quote occurs at {found}..{found + len(exact)}" if found >= 0
                else "; the quote is not in the source")
        yield f"{where}.exact", (f"exact does not match {quote['source']!r}[{start}:{end}], "
                                 f"which reads {_short(text[start:end])}{hint}")
        return
    if quote["prefix"] and not text[:start].endswith(quote["prefix"]):
        yield f"{where}.prefix", f"prefix {_short(quote['prefix'])} is not the text right before the quote"
    if quote["suffix"] and not text[end:].startswith(quote["suffix"]):
        yield f"{where}.suffix", f"suffix {_short(quote['suffix'])} is not the text right after the quote"


def _giveaway_errors(question: dict, texts: dict) -> Findings:
    # An attribution question asks for the claimant: the value it attributes may be shown, the claimant not.
    kind = "claimant" if question["format"] == "attribution" else question["kind"]
    for form in [question["answer"], *question["accepted"]]:
        shown = answer_in_prompt(form, question["prompt"], kind)
        if shown is not None:
            what = "answer" if form == question["answer"] else f"accepted answer {_short(form)}"
            yield ".prompt", f"prompt gives the {what} away: it contains {_short(shown)}"
            return


def _length_errors(question: dict, texts: dict) -> Findings:
    """A text longer than a learner's card (and the web app's database) holds."""
    fields = [(".prompt", question["prompt"], MAX_PROMPT), (".answer", question["answer"], MAX_ANSWER),
              (".claimant", question.get("claimant") or "", MAX_CLAIMANT),
              *((f".accepted[{i}]", form, MAX_ANSWER) for i, form in enumerate(question["accepted"])),
              *((f".distractors[{i}]", option, MAX_ANSWER) for i, option in enumerate(question["distractors"]))]
    for where, text, limit in fields:
        if len(text) > limit:
            yield where, f"is {len(text):,} characters long; at most {limit:,}"


def _markup_errors(question: dict, texts: dict) -> Findings:
    """A tag, an entity or half a tag ("<b>", "&amp;", "</b") in what a learner reads: markup
    the source carried, never part of a question (the quote may keep it: it is verbatim)."""
    fields = [(".prompt", question["prompt"]), (".answer", question["answer"]),
              *((f".accepted[{i}]", form) for i, form in enumerate(question["accepted"])),
              *((f".distractors[{i}]", option) for i, option in enumerate(question["distractors"]))]
    for where, text in fields:
        found = remnant(text)
        if found is not None:
            yield where, f"holds markup from the source: {_short(found)}"


def _distractor_errors(question: dict, texts: dict) -> Findings:
    distractors = question["distractors"]
    if question["format"] == "multiple_choice" and len(distractors) < 3:
        yield ".distractors", f"multiple_choice needs at least 3 distractors, has {len(distractors)}"
    for index, message in _wrong_distractors(question):
        yield f".distractors[{index}]", message


def _wrong_distractors(question: dict) -> Iterator[tuple[int, str]]:
    """(index, why) for each distractor that is a right answer or repeats an earlier one."""
    distractors = question["distractors"]
    own_kind = "name" if question["format"] == "attribution" else question["kind"]
    for index, distractor in enumerate(distractors):
        right = next(((role, value) for role, value, kind in _right_answers(question)
                      if same_value(distractor, value, kind)), None)
        earlier = next((d for d in distractors[:index] if same_value(distractor, d, own_kind)), None)
        if right is not None:
            yield index, f"distractor {_short(distractor)} means the same as {right[0]} {_short(right[1])}"
        elif earlier is not None:
            yield index, f"distractor {_short(distractor)} duplicates {_short(earlier)}"


def _right_answers(question: dict) -> Iterator[tuple[str, str, str]]:
    """(role, value, kind) for every value a distractor must not mean."""
    kind = question["kind"]
    yield "the answer", question["answer"], kind
    for accepted in question["accepted"]:
        yield "the accepted answer", accepted, kind
    if question["format"] == "attribution":
        # The options are claimants: anyone who makes the same claim is also a right answer,
        # while the claimant of a disputing source is a fair wrong option.
        for quote in question["evidence"]:
            if quote["claimant"]:
                yield f"the claimant in {quote['source']!r}", quote["claimant"], "name"
        return
    for quote in question["evidence"]:
        yield f"the value given by {quote['source']!r}", quote["value"], kind
    for quote in question["disputed_by"]:
        # A disputed value is another source's claim, not a wrong answer.
        yield f"the disputed value from {quote['source']!r}", quote["value"], kind


def _dispute_errors(question: dict, texts: dict) -> Findings:
    if not question["disputed_by"] or question["format"] == "attribution":
        return
    claimants = ([question["claimant"]] if question.get("claimant")
                 else [q["claimant"] for q in question["evidence"] if q["claimant"]])
    if not claimants:
        yield ".claimant", "a disputed question must name who claims its answer, but its claimant is null"
    elif not any(_names(claimant, question["prompt"]) for claimant in claimants):
        yield ".prompt", (f"disputed answer presented as plain fact: the prompt does not name "
                          f"its claimant {_short(claimants[0])}")


# --- warnings ----------------------------------------------------------------

def _blank_warnings(question: dict) -> Findings:
    prompt = question["prompt"]
    if _DANGLING_START.match(prompt.lstrip()):
        yield ".prompt", f"prompt starts with a reference to text the learner cannot see: {_short(prompt, 40)}"
    if question["format"] != "cloze":
        return
    blanks = len(_BLANK.findall(prompt))
    if blanks == 0:
        yield ".prompt", "cloze prompt has no blank (write it as ___)"
    elif blanks > 1:
        yield ".prompt", f"cloze prompt has {blanks} blanks but asks for one answer"
    words = len(_WORD.findall(_BLANK.sub(" ", prompt)))
    if words < MIN_CONTEXT_WORDS:
        yield ".prompt", f"the blank has too little context: {words} words around it"


def _standalone_warnings(question: dict) -> Findings:
    """A prompt a learner cannot place: a pronoun nobody named, a year-less date, leftover layout."""
    prompt = question["prompt"]
    if unresolved_pronoun(prompt):
        yield ".prompt", f"a pronoun points outside the prompt: {_short(prompt, 50)}"
    if question["kind"] == "date" and question["format"] != "attribution" \
            and not _YEAR.search(question["answer"]) and not _YEAR.search(prompt):
        yield ".answer", f"the date {_short(question['answer'])} has no year, and neither has the prompt"
    body = ACCORDING_TO.sub("", prompt)
    if body[:1].islower() or prompt.count("(") != prompt.count(")") or _LEFTOVER.search(prompt):
        yield ".prompt", f"the prompt looks cut from its layout: {_short(prompt, 50)}"


def _claimant_warnings(question: dict) -> Findings:
    claimant = question.get("claimant") or ""
    if _VAGUE_VOICE.match(claimant.strip("‘’ ")):
        yield ".claimant", f"the claimant {_short(claimant)} does not say who: name the body or the source's title"


def _update_warnings(question: dict) -> Findings:
    """One voice's two values are an update or two counts, not a dispute."""
    voices = {q["claimant"] for q in question["evidence"] if q.get("claimant")}
    for index, quote in enumerate(question.get("disputed_by") or []):
        if quote.get("claimant") in voices:
            yield f".disputed_by[{index}]", f"{_short(quote['claimant'])} gives both values: an update, not a dispute"


def _sibling_warnings(questions: list[dict]) -> list[Problem]:
    """Two questions on one fact or sentence next to each other give one another away."""
    found = []
    for index in range(1, len(questions)):
        group = questions[index].get("siblings")
        if group and group == questions[index - 1].get("siblings"):
            found.append(Problem(questions[index]["id"], f"questions[{index}].siblings",
                                 f"follows its sibling {questions[index - 1]['id']}", "sibling"))
    return found


def _long_prompt_warnings(question: dict) -> Findings:
    if len(question["prompt"]) > LONG_PROMPT_CHARS:
        yield ".prompt", f"prompt is {len(question['prompt'])} characters long (over {LONG_PROMPT_CHARS})"


def _distractor_warnings(question: dict) -> Findings:
    if question["format"] == "attribution" or not question["distractors"]:
        return  # claimants have no shape or magnitude to compare
    # Only distractors that pass the hard checks, so a wrong one is reported once, as an error.
    wrong = {index for index, _ in _wrong_distractors(question)}
    passing = [d for i, d in enumerate(question["distractors"]) if i not in wrong]
    problems: Callable[[dict], list[str]]
    try:  # the generator's own judgement of its distractors, when that module is present
        from .distractors import distractor_problems
        problems = distractor_problems
    except ImportError:
        problems = _shape_problems
    # "type_in" keeps it from repeating the distractor count, already an error for multiple_choice.
    for message in problems({**question, "format": "type_in", "distractors": passing}):
        yield ".distractors", message
    for message in _magnitude_problems(question, passing):
        yield ".distractors", message


def _shape(kind: str, text: str) -> str | None:
    """What ``text`` looks like as a ``kind`` ("day", "month range", "figure in km"), None if not one."""
    if kind == "date":
        value = parse_date(text)
        if value is None:   # "490 BC": a year like any other
            return era_precision(text)
        return None if value is None else value.precision + (" range" if value.end else "")
    if kind == "figure":
        quantity = parse_quantity(text)
        return None if quantity is None else ("range" if quantity.high is not None else "figure") + \
            (f" in {quantity.unit}" if quantity.unit else "")
    return "name"


def _shape_problems(question: dict) -> list[str]:
    kind, answer_shape = question["kind"], _shape(question["kind"], question["answer"])
    problems = []
    for distractor in question["distractors"]:
        shape = _shape(kind, distractor)
        if shape is None:
            problems.append(f"distractor {_short(distractor)} is not a {kind}")
        elif answer_shape is not None and shape != answer_shape:
            problems.append(f"distractor {_short(distractor)} is a {shape}, the answer is a {answer_shape}")
    return problems


def _magnitude_problems(question: dict, distractors: list[str]) -> Iterator[str]:
    target = parse_quantity(question["answer"]) if question["kind"] == "figure" else None
    if target is None or target.value <= 0:
        return
    for distractor in distractors:
        other = parse_quantity(distractor)
        if other is not None and other.value > 0:
            ratio = max(other.value / target.value, target.value / other.value)
            if ratio > MAX_MAGNITUDE_RATIO:
                yield f"distractor {_short(distractor)} is {ratio:.0f} times off the answer: easy to rule out"


def _unattributed_warnings(question: dict) -> Findings:
    if question["kind"] != "figure" or question["format"] == "attribution":
        return
    claimant = question["claimant"] if "claimant" in question else next(
        (q["claimant"] for q in question["evidence"] if q["claimant"]), None)
    texts = [question["prompt"], *(q["exact"] for q in question["evidence"])]
    mention = next((m.group() for text in texts if (m := CASUALTY_WORDS.search(text))), None)
    if claimant is None and mention is not None:
        yield ".claimant", f"a figure about {mention!r} has no claimant: say who reports it"


# --- does the prompt give the answer away? -----------------------------------

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_IN_TEXT = re.compile(
    rf"(?<![\w.,])(?:{_DAY}\s*[–-]\s*{_DAY}\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}(?:-\d{{2}})?"
    rf"|\d{{4}})(?![\w])", re.IGNORECASE)
# A number glued to a word, hyphen or slash ("BMP-2", "T-72") is part of a name, not a figure.
_NUMBER_START = re.compile(r"(?<![\w.,/-])\d|\b[a-z]+(?:-[a-z]+)*\b", re.IGNORECASE)
_WRITTEN_NUMBER = re.compile(r"\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\S+")
_SCALE_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "dozen"}


def answer_in_prompt(form: str, prompt: str, kind: str) -> str | None:
    """The part of ``prompt`` that states ``form`` (an answer of ``kind``), or None if it does not."""
    if kind == "date" and (value := parse_date(form)) is not None:
        return _date_in(value, prompt)
    if kind == "figure" and parse_quantity(form) is not None:
        return _figure_in(form, prompt)
    return _name_in(form, prompt)


def _name_in(name: str, text: str) -> str | None:
    """``name`` as a whole-word match in ``text``, ignoring case, accents, punctuation and a leading "the"."""
    wanted = canonical(name, "name")
    return name if wanted and f" {wanted} " in f" {canonical(text, 'name')} " else None


def _names(claimant: str, text: str) -> bool:
    """Whether ``text`` names ``claimant``, also in a derived form ("Azerbaijan's", "Azerbaijani")."""
    wanted = canonical(claimant, "name")
    return bool(wanted) and re.search(rf"(?<!\w){re.escape(wanted)}", canonical(text, "name")) is not None


def _date_in(answer, prompt: str) -> str | None:
    year = int(answer.iso[:4])
    for found in _DATE_IN_TEXT.finditer(prompt):
        # A year-less "20 July" in the prompt is read in the answer's year.
        shown = parse_date(found.group(), default_year=year)
        if shown is None:
            continue
        # A date inside a single month or year answer reveals it as surely as the answer itself.
        if shown == answer or (answer.end is None and shown.end is None
                               and shown.iso.startswith(answer.iso + "-")):
            return found.group()
    return None


def _figure_in(form: str, prompt: str) -> str | None:
    # Numbers inside written dates ("27 September") are days, not figures.
    date_spans = [m.span() for m in _DATE_IN_TEXT.finditer(prompt) if not m.group().isdigit()]
    for found in _NUMBER_START.finditer(prompt):
        token, start = found.group(), found.start()
        if any(low <= start < high for low, high in date_spans):
            continue
        if not token.isdigit() and (token.lower() in _SCALE_WORDS or number_words(token) is None):
            continue
        # Keep "between" so "between 2,000 and 3,000" reads as the range it is.
        fragment = ("between " if re.search(r"between\s+$", prompt[:start], re.IGNORECASE) else "") + prompt[start:]
        if parse_quantity(fragment) is not None and same_value(fragment, form, "figure"):
            written = _WRITTEN_NUMBER.match(prompt, start)  # always matches: its last branch is \S+
            if written is not None:
                return written.group()
    return None


_QUESTION_WARNINGS = (_blank_warnings, _long_prompt_warnings, _distractor_warnings, _unattributed_warnings,
                      _standalone_warnings, _claimant_warnings, _update_warnings)


def question_warnings(question: dict) -> list[tuple[str, str]]:
    """(kind, message) of each warning ``check_deck`` gives this question on its own
    (everything but the deck-wide sibling check); the teacher's review page shows them."""
    return [(_kind(warn), message) for warn in _QUESTION_WARNINGS for _field, message in warn(question)]


def question_problems(question: dict) -> list[str]:
    """Hard errors of one question that need no source text: the generator drops
    a candidate that has any, so that ``quizgen check`` passes on every deck it builds."""
    findings = [*_giveaway_errors(question, {}), *_length_errors(question, {}), *_markup_errors(question, {}),
                *_distractor_errors(question, {}), *_dispute_errors(question, {})]
    return [message for _field, message in findings]
