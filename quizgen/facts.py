"""``facts.jsonl`` (and ``facts.csv``): claims a teacher can read, fix or delete.

One JSON object per line. A line ``{"record": "source", "source": ID, "sha256": H}``
says the claims of that source were reviewed at that version: while the file
is unchanged, ``quizgen build`` takes its claims from here instead of
extracting them again, so deleted lines stay deleted and edits stay made.
Every other line is a claim:

    kind       "date" | "figure" | "place" | "name"                      (required)
    value      the value as written in the quote                          (required)
    source     source id (the file name without .txt)                     (required)
    exact      the verbatim quote; must occur in the source               (required)
    start,end  offsets of ``exact`` in the source (code points); found
               from ``exact`` when omitted (it must then occur once)
    subject    what the value is about          claimant  who asserts it (null: the source)
    normalized ISO date / plain number          key       grouping key (optional)

Hand-written facts use the same fields; ``facts.csv`` has them as columns.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .deck import CONTEXT_CHARS, write_atomic
from .errors import QuizgenError
from .extract import Claim, date_key, quantity_key
from .normalize import era_key, parse_date, parse_quantity
from .sources import Source

KINDS = {"date", "figure", "place", "name"}
REQUIRED = ("kind", "value", "source", "exact")


FLAGS = ("list_member", "increment", "postwar", "orphan", "relative", "no_subject", "verbless", "describes",
         "antecedent_near")
# What the parse said of the sentence's subject: its words, or where its pronoun is, and the name a
# sentence before gives a bare "the engine"; the person named as the subject of a sentence before
# it in its paragraph; and the field label a line of values stands under.
PARSE_FIELDS = ("subject_text", "subject_pronoun", "subject_generic", "referent", "antecedent", "field")


def claim_to_record(claim: Claim) -> dict:
    return {"kind": claim.kind, "value": claim.value, "normalized": claim.normalized, "subject": claim.subject,
            "key": claim.key, "claimant": claim.claimant, "source": claim.source, "exact": claim.exact,
            "start": claim.start, "end": claim.end, "value_start": claim.value_start, "label": claim.label,
            "side": claim.side, "sentence": claim.sentence,
            "value_in_sentence": list(claim.value_in_sentence), "block": claim.extra.get("block", "prose"),
            "context": claim.extra.get("context", []), "clause": claim.extra.get("clause", []),
            "wh": claim.extra.get("wh"), "flags": sorted(
                k for k in FLAGS if claim.extra.get(k)),
            **{k: claim.extra[k] for k in PARSE_FIELDS if claim.extra.get(k)}}


def write_facts(path: Path, sources: list[Source], claims: list[Claim], manual: list[dict]) -> None:
    lines = [json.dumps({"record": "source", "source": s.id, "sha256": s.sha256}, ensure_ascii=False)
             for s in sources]
    lines += [json.dumps(claim_to_record(c), ensure_ascii=False) for c in claims]
    lines += [json.dumps(record, ensure_ascii=False) for record in manual]
    write_atomic(path, "\n".join(lines) + "\n")


def read_facts(path: Path, sources: dict[str, Source]) -> tuple[dict[str, str], list[Claim], list[dict]]:
    """Reviewed source versions, claims, and the hand-written records (kept verbatim).

    Extracted lines of a source that changed since its review are dropped (it is
    extracted again); hand-written lines are always checked against the text."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QuizgenError("not UTF-8 text", file=path, line=raw[: exc.start].count(b"\n") + 1) from None
    records: list[tuple[int, dict]] = []
    reviewed: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuizgenError(f"invalid JSON: {exc.msg}", file=path, line=number) from None
        if not isinstance(record, dict):
            raise QuizgenError("each line must be a JSON object", file=path, line=number)
        if record.get("record") == "source":
            reviewed[str(record.get("source"))] = str(record.get("sha256"))
        else:
            records.append((number, record))
    claims: list[Claim] = []
    manual: list[dict] = []
    for number, record in records:
        is_manual = record.get("origin") == "manual"
        source = sources.get(str(record.get("source")))
        if not is_manual and source is not None and reviewed.get(source.id, source.sha256) != source.sha256:
            continue  # the source changed: its claims are extracted again
        claim = record_to_claim(record, sources, file=path, line=number)
        if is_manual:
            claim.extra["manual"] = True
            manual.append(record)
        claims.append(claim)
    return reviewed, claims, manual


def read_facts_csv(path: Path, sources: dict[str, Source]) -> list[Claim]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets save "CSV UTF-8" with a byte order mark
    except UnicodeDecodeError as exc:
        raise QuizgenError("not UTF-8 text", file=path, line=raw[: exc.start].count(b"\n") + 1) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    claims = []
    for row in reader:
        number = reader.line_num  # the physical line where this row ends
        record = {k: (v if v != "" else None) for k, v in row.items() if k}
        for field in ("start", "end"):
            given = record.get(field)
            if given is not None:
                try:
                    record[field] = int(given)
                except ValueError:
                    raise QuizgenError(f"{field} must be an integer", file=path, line=number, field=field) from None
        claims.append(record_to_claim(record, sources, file=path, line=number))
    return claims


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(_is_int(v) for v in value)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# What each optional field may hold besides null; a wrong type is bad input, not a crash later.
OPTIONAL_TYPES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    **{name: ("a string", lambda v: isinstance(v, str))
       for name in ("normalized", "subject", "key", "claimant", "label", "sentence", "side", "block",
                    "subject_text", "referent", "antecedent", "wh")},
    **{name: ("an integer", _is_int) for name in ("start", "end", "value_start", "value_end")},
    **{name: ("a list of two integers", _int_pair)
       for name in ("value_in_sentence", "subject_pronoun", "subject_generic")},
    "context": ("a list of strings", _strings),
    "flags": ("a list of strings", _strings),
}


def record_to_claim(record: dict, sources: dict[str, Source], *, file: Path, line: int) -> Claim:
    for field in REQUIRED:
        if not isinstance(record.get(field), str) or not record[field]:
            raise QuizgenError(f"missing or empty {field!r}", file=file, line=line, field=field)
    for field, (wanted, fits) in OPTIONAL_TYPES.items():
        if record.get(field) is not None and not fits(record[field]):
            raise QuizgenError(f"{field} must be {wanted} or null, not {json.dumps(record[field])[:60]}",
                               file=file, line=line, field=field)
    kind = record["kind"]
    if kind not in KINDS:
        raise QuizgenError(f"kind must be one of {sorted(KINDS)}, not {kind!r}", file=file, line=line, field="kind")
    source = sources.get(record["source"])
    if source is None:
        raise QuizgenError(f"unknown source {record['source']!r}", file=file, line=line, field="source")
    exact, value, text = record["exact"], record["value"], source.text
    start, end = record.get("start"), record.get("end")
    if start is None or end is None:
        start = text.find(exact)
        if start < 0:
            raise QuizgenError("quote not found in the source", file=file, line=line, field="exact")
        if text.find(exact, start + 1) >= 0:
            raise QuizgenError("quote occurs more than once; give start and end", file=file, line=line,
                               field="exact")
        end = start + len(exact)
    if not isinstance(start, int) or not isinstance(end, int) or text[start:end] != exact:
        raise QuizgenError("exact is not the source text at start:end", file=file, line=line, field="exact")
    if value not in exact:
        raise QuizgenError("value does not occur in exact", file=file, line=line, field="value")
    value_start = _nearest(text, value, record.get("value_start"), start, end)
    sentence = record.get("sentence") or exact
    old_position = (record.get("value_in_sentence") or [None])[0]
    in_sentence_start = _nearest(sentence, value, old_position, 0, len(sentence))
    if in_sentence_start < 0:  # an edited value the cleaned sentence does not spell the same way
        sentence, in_sentence_start = exact, exact.find(value)
    in_sentence = (in_sentence_start, in_sentence_start + len(value))
    normalized = record.get("normalized") or normalise_value(kind, value)
    return Claim(kind=kind, value=value, normalized=normalized, subject=record.get("subject") or "",
                 key=record.get("key") or f"{kind}|{record.get('subject') or ''}", claimant=record.get("claimant"),
                 source=source.id, exact=exact, start=start, end=end,
                 prefix=text[max(0, start - CONTEXT_CHARS):start], suffix=text[end:end + CONTEXT_CHARS],
                 value_start=value_start, value_end=value_start + len(value), label=record.get("label") or "",
                 sentence=sentence, value_in_sentence=in_sentence, side=record.get("side"),
                 extra={"block": record.get("block", "prose"), "context": list(record.get("context") or []),
                        "clause": list(record.get("clause") or []), "wh": record.get("wh"),
                        **{flag: True for flag in record.get("flags") or []},
                        **{k: record[k] for k in PARSE_FIELDS if record.get(k)}})


def _nearest(text: str, value: str, hint: int | None, start: int, end: int) -> int:
    """Where ``value`` occurs in ``text[start:end]``, the occurrence nearest ``hint`` first:
    a teacher who widens "1.3 million" to "1.3 million people" moves the blank with it."""
    found = [i for i in range(start, end) if text.startswith(value, i) and i + len(value) <= end]
    if not found:
        return -1
    return min(found, key=lambda i: abs(i - hint)) if isinstance(hint, int) else found[0]


def normalise_value(kind: str, value: str) -> str | None:
    """A date's or figure's normalised form (ISO date, plain number); None for names and places."""
    if kind == "date":
        date = parse_date(value)
        return era_key(value) if date is None else date_key(date)   # "490 BC" -> "-0490"
    if kind == "figure":
        quantity = parse_quantity(value)
        return None if quantity is None else quantity_key(quantity)
    return None
