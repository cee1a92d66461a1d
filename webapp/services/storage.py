"""Teachers' deck folders on disk: the sources they hand over, in the layout quizgen builds from.

    TEACHER_DECKS_DIR/<deck slug>/sources/<source id>.txt      (plain text as uploaded), or
                                 /sources/<source id>.pdf      (or .html, .docx, .md: the original)
                                 /sources/<source id>.pdf.txt  its extracted text, what questions quote
                                 /sources/<source id>.csv      (or .tsv, .xlsx: a table of facts;
                                                                a workbook's text goes beside it)
                                 /sources.toml      title, kind, perspective per source
                                 /generated.json    the generator's deck (every candidate question)
                                 /deck.json         what learners get: approved questions, edits applied

An upload is checked completely before anything is written, and a source is
written (file, then manifest) so that a failure part-way removes the file
again: a bad upload leaves the folder as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomli_w
from flask import current_app

from quizgen.deck import write_atomic
from quizgen.documents import read_document, supported
from quizgen.errors import QuizgenError
from quizgen.sources import (
    MANIFEST,
    TABLE_SUFFIXES,
    extracted_text_path,
    read_deck_table,
    read_manifest,
    source_files,
)
from quizgen.tables import read_table_bytes

QUOTED_AS_IS = (".txt", ".csv", ".tsv")  # files whose own text the questions quote

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
    text_path: Path  # the text its questions quote
    original: str | None = None  # the uploaded file's name, when its text was extracted from it

    @property
    def characters(self) -> int:
        if not self.text_path.is_file():
            return 0
        return len(self.text_path.read_text(encoding="utf-8", errors="replace"))

    @property
    def table(self) -> bool:
        """Whether the source is a table of facts, whose columns have settings of their own."""
        return Path(self.original or "").suffix.lower() in TABLE_SUFFIXES


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


@dataclass(frozen=True)
class Upload:
    """A checked source, ready to store: the file as given and, for a non-text file, its text."""
    suffix: str
    data: bytes
    text: str
    title: str | None  # from the file's own metadata (pasted text: its first line)


def check_upload(name: str, data: bytes) -> Upload:
    """Read an uploaded (or fetched) file of any kind quizgen reads; UploadRejected says why not."""
    suffix = Path(name).suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return _check_table(name, data)
    if not supported(Path(name)):
        raise UploadRejected(f"{name}: cannot use this kind of file. "
                             "Upload .txt, .md, .html, .pdf, .docx, .csv, .tsv or .xlsx.")
    if suffix == ".txt":
        return Upload(suffix, data, decode_upload(name, data), None)
    try:
        document = read_document(Path(name), data)
    except QuizgenError as error:
        raise UploadRejected(error.one_line() + ".") from None
    return Upload(suffix, data, document.text, document.title)


def list_sources(folder: Path) -> list[SourceFile]:
    """The deck's sources as its manifest describes them (a source's key is its title when it gives none)."""
    if not folder.is_dir():
        return []
    manifest = read_manifest(folder)
    found = []
    for path in source_files(folder):
        meta = manifest.get(path.stem, {})
        found.append(SourceFile(key=path.stem, title=meta.get("title") or path.stem,
                                kind=meta.get("kind", "document"), perspective=meta.get("perspective"),
                                text_path=path if path.suffix.lower() in QUOTED_AS_IS else extracted_text_path(path),
                                original=None if path.suffix == ".txt" else path.name))
    return found


def _check_table(name: str, data: bytes) -> Upload:
    """A table (.csv, .tsv, .xlsx) read as the build will read it; UploadRejected says which row
    and column is wrong."""
    try:
        read = read_table_bytes(Path(name), data, "upload", {})
    except QuizgenError as error:
        where = f" (row {error.line}{', ' + error.field if error.field else ''})" if error.line else ""
        raise UploadRejected(f"{name}{where}: {error.message}.") from None
    return Upload(Path(name).suffix.lower(), data, read.text, None)


def original_file(folder: Path, key: str) -> Path | None:
    """The file a source was made from, as the teacher gave it."""
    if key != slugify(key) or not (folder / "sources").is_dir():
        return None
    return next((path for path in source_files(folder) if path.stem == key), None)


def _free_key(wanted: str, taken: set[str]) -> str:
    key, number = wanted, 2
    while key in taken:
        key, number = f"{wanted}-{number}", number + 1
    return key


def write_manifest(folder: Path, entries: dict[str, dict]) -> None:
    """Write sources.toml with these source entries (every field but the empty ones, a table's settings
    too), keeping its ``[deck]`` table. A TOML writer writes it: it escapes whatever the text holds."""
    deck = read_deck_table(folder) if folder.is_dir() else None
    table = {key: {name: value for name, value in meta.items() if value not in ("", None, [], {})}
             for key, meta in entries.items()}
    write_atomic(folder / MANIFEST, tomli_w.dumps({**({"deck": deck} if deck else {}), "sources": table}))


def add_sources(folder: Path, uploads: list[tuple[Upload, dict]]) -> None:
    """Write checked sources (upload, manifest entry), each under a free key made from its title;
    all of them or, on failure, none."""
    manifest = read_manifest(folder) if folder.is_dir() else {}
    taken = {path.stem for path in source_files(folder)}  # names only: no source is read
    written: list[Path] = []
    try:
        for upload, meta in uploads:
            key = _free_key(slugify(meta["title"]), taken)
            taken.add(key)
            path = folder / "sources" / f"{key}{upload.suffix}"
            write_atomic(path, upload.data)
            written.append(path)
            if upload.suffix not in QUOTED_AS_IS:
                write_atomic(extracted_text_path(path), upload.text)
                written.append(extracted_text_path(path))
            manifest[key] = meta
        write_manifest(folder, manifest)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def remove_source(folder: Path, key: str) -> bool:
    path = original_file(folder, key)
    if path is None:
        return False
    manifest = read_manifest(folder)
    manifest.pop(key, None)
    write_manifest(folder, manifest)
    path.unlink()
    if path.suffix.lower() not in QUOTED_AS_IS:
        extracted_text_path(path).unlink(missing_ok=True)
    return True


def describe_source(folder: Path, key: str, meta: dict) -> bool:
    """Set a source's title, kind and perspective (an empty one is dropped); False if no such source."""
    if original_file(folder, key) is None:   # any kind of source, a table's too
        return False
    manifest = read_manifest(folder)
    manifest[key] = {**{name: value for name, value in manifest.get(key, {}).items() if name not in MANIFEST_FIELDS},
                     **{name: meta[name].strip() for name in MANIFEST_FIELDS if (meta.get(name) or "").strip()}}
    write_manifest(folder, manifest)
    return True
