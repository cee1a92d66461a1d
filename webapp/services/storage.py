"""Teachers' deck folders on disk: the sources they hand over, in the layout quizgen builds from.

    TEACHER_DECKS_DIR/<deck slug>/sources/<source id>.txt
                                 /sources.toml      title, kind, perspective per source
                                 /generated.json    the generator's deck (every candidate question)
                                 /deck.json         what learners get: approved questions, edits applied

An upload is checked completely before anything is written, and a source is
written (file, then manifest) so that a failure part-way removes the file
again: a bad upload leaves the folder as it was.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path

import tomli_w
from flask import current_app

from quizgen.deck import write_atomic
from quizgen.sources import MANIFEST, read_manifest, source_files

GENERATED_FILE = "generated.json"
LEARNER_DECK_FILE = "deck.json"
MANIFEST_FIELDS = ("title", "kind", "perspective")


class UploadRejected(ValueError):
    """A source the teacher gave cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class SourceFile:
    key: str
    title: str
    kind: str
    perspective: str | None
    characters: int


def decks_root() -> Path:
    configured = current_app.config.get("TEACHER_DECKS_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "teacher-decks"


def deck_folder(slug: str) -> Path:
    return decks_root() / slug


def slugify(text: str, *, fallback: str = "source") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def decode_upload(name: str, data: bytes) -> str:
    """The text of an uploaded source, or UploadRejected naming the file and the problem."""
    if not data.strip():
        raise UploadRejected(f"{name}: the file is empty.")
    if b"\x00" in data:
        raise UploadRejected(f"{name}: this is a binary file, not plain text. Upload a .txt file.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise UploadRejected(f"{name}: not UTF-8 text (line {line}). Save it as UTF-8 and upload it again.") \
            from None
    if not text.strip():
        raise UploadRejected(f"{name}: the file has no text in it.")
    return text


def pasted_bytes(text: str) -> bytes:
    # Browsers send textarea lines with CRLF; keep the newlines the teacher typed.
    return text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")


def list_sources(folder: Path) -> list[SourceFile]:
    if not folder.is_dir():
        return []
    manifest = read_manifest(folder)
    found = []
    for path in source_files(folder):
        meta = manifest.get(path.stem, {})
        found.append(SourceFile(key=path.stem, title=meta.get("title") or path.stem,
                                kind=meta.get("kind", "document"), perspective=meta.get("perspective"),
                                characters=len(path.read_text(encoding="utf-8", errors="replace"))))
    return found


def source_text(folder: Path, key: str) -> str | None:
    path = folder / "sources" / f"{key}.txt"
    return path.read_text(encoding="utf-8") if path.is_file() and key == slugify(key) else None


def free_key(folder: Path, wanted: str, taken: Set[str] = frozenset()) -> str:
    existing = {path.stem for path in source_files(folder)} | set(taken)  # names only: no source is read
    key, number = wanted, 2
    while key in existing:
        key, number = f"{wanted}-{number}", number + 1
    return key


def _manifest_text(entries: dict[str, dict]) -> str:
    """sources.toml, written by a TOML writer: it escapes whatever the text holds."""
    table = {key: {name: meta[name] for name in MANIFEST_FIELDS if meta.get(name)} for key, meta in entries.items()}
    return tomli_w.dumps({"sources": table})


def add_sources(folder: Path, uploads: list[tuple[str, bytes, dict]]) -> list[str]:
    """Write checked sources (key, bytes, manifest entry); all of them or, on failure, none."""
    manifest = read_manifest(folder) if folder.is_dir() else {}
    written: list[Path] = []
    try:
        for key, data, meta in uploads:
            path = folder / "sources" / f"{key}.txt"
            write_atomic(path, data)
            written.append(path)
            manifest[key] = {name: meta[name] for name in MANIFEST_FIELDS if meta.get(name)}
        write_atomic(folder / MANIFEST, _manifest_text(manifest))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return [key for key, _data, _meta in uploads]


def remove_source(folder: Path, key: str) -> bool:
    path = folder / "sources" / f"{key}.txt"
    if key != slugify(key) or not path.is_file():
        return False
    manifest = read_manifest(folder)
    manifest.pop(key, None)
    write_atomic(folder / MANIFEST, _manifest_text(manifest))
    path.unlink()
    return True


def random_suffix() -> str:
    return secrets.token_hex(3)
