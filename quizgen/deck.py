"""Read, write and validate the deck file (``deck.json``, format ``quizgen-deck/1``).

The deck file is the contract between the generator, the web app and the
exporters. Reading validates it against the JSON Schema shipped beside this
module; writing is atomic so a failed build never leaves half a deck behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from .errors import QuizgenError

DECK_FORMAT = "quizgen-deck/1"
CONTEXT_CHARS = 32
# The longest texts a question may show: what the web app stores (webapp.import_bounds) and what a
# teacher may type. The generator drops a candidate beyond one and ``quizgen check`` reports it.
MAX_PROMPT, MAX_ANSWER, MAX_CLAIMANT = 2_000, 500, 300


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("quizgen").joinpath("deck_schema.json").read_text("utf-8"))


# JSON Schema counts 19833.0 (and 1e308) as an integer; an offset into a text must be a
# real int, or slicing the text fails later. Booleans are no integers either.
DeckValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)))


def _field_path(error: jsonschema.ValidationError) -> str:
    parts = ["$"]
    for part in error.absolute_path:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts)


def validate_structure(deck: Any, *, file: str | Path | None = None) -> None:
    """Raise QuizgenError naming the first field that breaks the schema."""
    validator = DeckValidator(schema())
    errors = sorted(validator.iter_errors(deck), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        raise QuizgenError(first.message, file=file, field=_field_path(first))
    where = _first_nul(deck, "$")
    if where:
        # NUL is valid JSON but no database stores it and no reader wants it
        raise QuizgenError("text contains a NUL character", file=file, field=where)


def _first_nul(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        items = ((f"{path}.{key}", item) for key, item in value.items())
    elif isinstance(value, list):
        items = ((f"{path}[{index}]", item) for index, item in enumerate(value))
    else:
        return None
    for child_path, item in items:
        found = _first_nul(item, child_path)
        if found:
            return found
    return None


def sources_by_id(deck: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The deck's source entries by id; a quote naming a source the deck lacks is an error
    naming the quote's field."""
    sources = {source["id"]: source for source in deck["sources"]}
    for q_index, question in enumerate(deck["questions"]):
        for key in ("evidence", "disputed_by"):
            for e_index, evidence in enumerate(question[key]):
                if evidence["source"] not in sources:
                    raise QuizgenError(f"unknown source {evidence['source']!r}",
                                       field=f"$.questions[{q_index}].{key}[{e_index}].source")
    return sources


def load_deck(path: str | Path) -> dict[str, Any]:
    """Parse and schema-validate a deck file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise QuizgenError("deck file not found", file=path) from None
    except IsADirectoryError:
        raise QuizgenError("expected a deck file, found a folder", file=path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QuizgenError(f"not UTF-8 text (byte {exc.start})", file=path) from None
    try:
        deck = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QuizgenError(f"invalid JSON: {exc.msg}", file=path, line=exc.lineno) from None
    validate_structure(deck, file=path)
    return deck


def dumps(deck: dict[str, Any]) -> str:
    return json.dumps(deck, ensure_ascii=False, indent=2) + "\n"


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write a file so that readers see either the old content or the new, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file readable by its owner alone; the file replaced keeps its mode,
        # and a new one gets what any file the user creates gets
        os.fchmod(fd, path.stat().st_mode & 0o7777 if path.exists() else _new_file_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_deck(deck: dict[str, Any], path: str | Path) -> None:
    validate_structure(deck, file=path)
    write_atomic(path, dumps(deck))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_path(deck_path: str | Path, source: dict[str, Any]) -> Path:
    """A source's file, resolved relative to the folder holding the deck file."""
    return Path(deck_path).resolve().parent / source["path"]


def read_source_text(deck_path: str | Path, source: dict[str, Any], index: int | None = None) -> str:
    """The source file decoded as UTF-8, untouched; verifies its sha256.

    Errors name the deck file and the source's field (``sources[index]`` when the caller
    knows the index), with the source file in the message."""
    file = source_path(deck_path, source)
    where = f"sources[{index}]" if index is not None else f"sources[id={source['id']}]"
    try:
        data = file.read_bytes()
    except OSError:
        raise QuizgenError(f"source {source['id']!r}: file {file} is missing", file=deck_path,
                           field=f"{where}.path") from None
    if sha256_bytes(data) != source["sha256"]:
        raise QuizgenError(f"source {source['id']!r}: file {file} changed since the deck was built "
                           "(sha256 differs)", file=deck_path, field=f"{where}.sha256")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QuizgenError(f"source {source['id']!r}: file {file} is not UTF-8 text (byte {exc.start})",
                           file=deck_path, field=f"{where}.path") from None


def load_deck_with_sources(path: str | Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The deck and the verified text of each of its sources, keyed by source id."""
    deck = load_deck(path)
    texts = {source["id"]: read_source_text(path, source, index)
             for index, source in enumerate(deck["sources"])}
    return deck, texts


def make_evidence(source_id: str, text: str, start: int, end: int, value_start: int, value: str,
                  claimant: str | None, *, normalized: str | None = None) -> dict[str, Any]:
    """A TextQuoteSelector + TextPositionSelector pair for ``text[start:end]``, with the value
    at ``text[value_start:value_start + len(value)]``."""
    return {
        "source": source_id,
        "exact": text[start:end],
        "start": start,
        "end": end,
        "prefix": text[max(0, start - CONTEXT_CHARS):start],
        "suffix": text[end:end + CONTEXT_CHARS],
        "value": value,
        "value_start": value_start,
        "value_end": value_start + len(value),
        "claimant": claimant,
        "normalized": normalized,
    }


def value_span(evidence: dict[str, Any]) -> tuple[int, int] | None:
    """Where the value stands inside the quote (offsets into ``exact``), for highlighting it:
    from the evidence's ``value_start``/``value_end``. A deck written before evidence carried
    them gives its value's first occurrence in the quote; None if it has none."""
    if "value_start" in evidence:
        return evidence["value_start"] - evidence["start"], evidence["value_end"] - evidence["start"]
    at = evidence["exact"].find(evidence["value"])
    return (at, at + len(evidence["value"])) if at >= 0 else None
