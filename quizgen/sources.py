"""Read source documents as they are, and give a cleaned view of their prose.

The original text is never changed: evidence offsets always index the file as
decoded from UTF-8. Analysis works on a cleaned copy (citation markers removed,
words glued by text extraction split apart) whose every character maps back to
an offset in the original. Lines that are not prose about the subject
(references, endnotes, publication stamps, captions, headings) are classified
here so that no question is ever drawn from them.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .documents import MAX_BYTES, decode_text, read_document, supported
from .errors import QuizgenError
from .markup import accents, markup, wikitext

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")
TABLE_KINDS = ("date", "figure", "place", "name", "text")

if TYPE_CHECKING:
    from .segment import Block
    from .tables import Table

MANIFEST = "sources.toml"
SOURCE_FIELDS = {"title", "kind", "perspective", "file", "author", "date", "subject", "columns", "rows", "units",
                 "skip"}
UNIT_CHARS = 20   # the longest unit a table's setting may give ("km²", "people per km²")


@dataclass
class Source:
    id: str
    title: str
    kind: str
    perspective: str | None
    path: Path
    text: str
    sha256: str
    blocks: list[Block] = field(default_factory=list, repr=False)
    # A table (.csv, .tsv, .xlsx): its parsed tables (a workbook's text is stored beside it).
    tables: list[Table] = field(default_factory=list, repr=False)
    # A PDF, web page, Word or Markdown file: ``path`` is where its extracted text is
    # stored (beside it, ``<name>.<suffix>.txt``) and ``original`` the file itself.
    original: Path | None = None
    original_sha256: str | None = None
    author: str | None = None
    date: str | None = None
    page_starts: list[int] = field(default_factory=list, repr=False)

    def page_at(self, offset: int) -> int | None:
        """The 1-based PDF page holding ``text[offset]`` (None for other kinds)."""
        if not self.page_starts:
            return None
        return max(1, sum(1 for start in self.page_starts if start <= offset))

    def stored_text_stale(self) -> bool:
        """Whether the extracted text still has to be written beside the original."""
        if self.original is None:
            return False
        try:
            return self.path.read_bytes() != self.text.encode("utf-8")
        except OSError:
            return True


def extracted_text_path(original: Path) -> Path:
    """Where the text extracted from ``original`` is stored: beside it, ``report.pdf.txt``."""
    return original.with_name(original.name + ".txt")


def write_extracted_texts(sources: list[Source]) -> None:
    """Store the text of every non-text source beside its original (only where it changed)."""
    from .deck import write_atomic  # late import: deck imports nothing from here, keep it that way

    for source in sources:
        if source.stored_text_stale():
            write_atomic(source.path, source.text)


def _decode(path: Path, data: bytes) -> str:
    limit = MAX_BYTES[".txt"]
    if len(data) > limit:
        raise QuizgenError(f"file too large ({len(data) / 1e6:.1f} MB; a text source may be at most "
                           f"{limit / 1e6:.0f} MB)", file=path)
    text = decode_text(path, data)
    if not text.strip():
        raise QuizgenError("empty source file", file=path)
    return text


def _load_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise QuizgenError("not UTF-8 text", file=path, line=raw[: exc.start].count(b"\n") + 1) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise QuizgenError(f"malformed TOML: {message}", file=path,
                           line=int(match.group(1)) if match else None) from None
    return data


def read_deck_table(folder: Path) -> dict:
    """The manifest's optional ``[deck]`` table (``title``, ``description``)."""
    data = _load_manifest(folder)
    deck = data.get("deck", {})
    if not isinstance(deck, dict):
        raise QuizgenError("[deck] must be a table", file=folder / MANIFEST, field="deck")
    return deck


def read_manifest(folder: Path) -> dict[str, dict]:
    data = _load_manifest(folder)
    path = folder / MANIFEST
    entries = data.get("sources", {})
    if not isinstance(entries, dict):
        raise QuizgenError("[sources] must be a table of tables", file=path, field="sources")
    for sid, entry in entries.items():
        if not isinstance(entry, dict):
            raise QuizgenError("each source must be a table", file=path, field=f"sources.{sid}")
        unknown = set(entry) - SOURCE_FIELDS
        if unknown:
            raise QuizgenError(f"unknown key {sorted(unknown)[0]!r}", file=path,
                               field=f"sources.{sid}")
        for key in ("title", "kind", "perspective", "author", "date", "subject", "rows"):
            if key in entry and not isinstance(entry[key], str):
                raise QuizgenError(f"{key} must be a string", file=path, field=f"sources.{sid}.{key}")
        _check_table_settings(entry, path, sid)
    return entries


def _check_table_settings(entry: dict, path: Path, sid: str) -> None:
    """A table's ``columns`` (header = kind), ``units`` (header = unit) and ``skip`` (headers)."""
    columns, units, skip = entry.get("columns", {}), entry.get("units", {}), entry.get("skip", [])
    if not isinstance(columns, dict) or not all(isinstance(k, str) for k in columns.values()):
        raise QuizgenError('columns must be a table of header = "kind"', file=path, field=f"sources.{sid}.columns")
    for header, kind in columns.items():
        if kind not in TABLE_KINDS:
            raise QuizgenError(f"kind must be one of {', '.join(TABLE_KINDS)}, not {kind!r}", file=path,
                               field=f"sources.{sid}.columns.{header}")
    if not isinstance(units, dict) or not all(isinstance(u, str) for u in units.values()):
        raise QuizgenError('units must be a table of header = "unit"', file=path, field=f"sources.{sid}.units")
    for header, unit in units.items():
        if not unit.strip() or len(unit) > UNIT_CHARS or re.search(r"[\x00-\x1f\x7f]", unit):
            raise QuizgenError(f"a unit must be 1 to {UNIT_CHARS} characters on one line, not {unit!r}", file=path,
                               field=f"sources.{sid}.units.{header}")
    if not isinstance(skip, list) or not all(isinstance(h, str) for h in skip):
        raise QuizgenError("skip must be a list of column headers", file=path, field=f"sources.{sid}.skip")


def is_extracted_text(path: Path) -> bool:
    """``report.pdf.txt`` beside ``report.pdf``: text quizgen stored, not a source of its own."""
    original = path.with_name(path.name[:-len(".txt")]) if path.name.endswith(".txt") else None
    return original is not None and original.suffix.lower() not in ("", ".txt") \
        and (supported(original) or original.suffix.lower() in TABLE_SUFFIXES) and original.is_file()


def source_files(folder: Path) -> list[Path]:
    """The source files of a deck folder (``sources/`` if it has one): every .txt, .md, .html,
    .htm, .pdf and .docx file and every table (.csv, .tsv, .xlsx), not counting the texts quizgen
    extracted from them, hidden files, or a README (notes about the sources, as a folder of files
    often has). In a folder without ``sources/``, facts.csv is the teacher's hand-written facts."""
    base = folder / "sources" if (folder / "sources").is_dir() else folder
    return sorted(p for p in base.iterdir() if p.is_file() and not p.name.startswith(".")
                  and (supported(p) or p.suffix.lower() in TABLE_SUFFIXES)
                  and p.stem.lower() != "readme" and not is_extracted_text(p)
                  and not (base == folder and p.name == "facts.csv")) if base.is_dir() else []


def load_source_dir(folder: str | Path) -> list[Source]:
    """Every source file of a deck folder, with the manifest's metadata."""
    folder = Path(folder)
    if not folder.exists():
        raise QuizgenError("folder not found", file=folder)
    if not folder.is_dir():
        raise QuizgenError("expected a folder of sources", file=folder)
    manifest = read_manifest(folder)
    return [read_source(path, sid, manifest.get(sid, {})) for sid, path in source_paths(folder, manifest).items()]


def source_paths(folder: Path, manifest: dict[str, dict]) -> dict[str, Path]:
    """Each source id of a deck folder with the file it is read from (``file`` in the manifest
    may name one outside ``sources/``)."""
    files = source_files(folder)
    if not files:
        raise QuizgenError("no sources found (.txt, .md, .html, .pdf, .docx, .csv, .tsv or .xlsx files)", file=folder)
    by_stem: dict[str, Path] = {}
    for path in files:
        if path.stem in by_stem:
            raise QuizgenError(f"two sources are called {path.stem!r} ({by_stem[path.stem].name} and "
                               f"{path.name}); rename one", file=path)
        by_stem[path.stem] = path
    for sid, entry in manifest.items():
        if "file" in entry:
            by_stem.setdefault(sid, folder / entry["file"])
        elif sid not in by_stem:
            raise QuizgenError(f"source {sid!r} has no file {sid}.txt (or .md, .html, .pdf, .docx)",
                               file=folder / MANIFEST,
                               field=f"sources.{sid}")
    return by_stem


def work_units(path: Path) -> int:
    """How much reading a source file is, for progress: the size of the text stored beside it
    when there is one (what the build reads), else of the file itself."""
    stored = extracted_text_path(path)
    for candidate in ((stored, path) if path.suffix.lower() not in (".txt", "") else (path,)):
        try:
            return candidate.stat().st_size
        except OSError:
            continue
    return 0


def progress_total(folder: Path) -> int:
    """What a build of ``folder`` reports as progress in all (the sum of ``work_units`` of every
    source, tables and documents included); 0 when the folder cannot be read as a deck."""
    try:
        paths = source_paths(folder, read_manifest(folder))
    except (QuizgenError, OSError):
        return 0
    return sum(work_units(path) for path in paths.values())


def read_source(path: Path, sid: str, meta: dict) -> Source:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QuizgenError(f"cannot read: {exc.strerror}", file=path) from None
    if path.suffix.lower() in TABLE_SUFFIXES:
        return _table_source(path, sid, meta, data)
    if path.suffix.lower() == ".txt" or not supported(path):
        text = _decode(path, data)
        source = Source(id=sid, title=meta.get("title") or _first_line(text) or sid,
                        kind=meta.get("kind", "document"), perspective=meta.get("perspective"),
                        path=path, text=text, sha256=hashlib.sha256(data).hexdigest(),
                        author=meta.get("author"), date=meta.get("date"))
    else:
        document = read_document(path, data)
        text = document.text
        source = Source(id=sid, title=meta.get("title") or document.title or _first_line(text) or sid,
                        kind=meta.get("kind", "document"), perspective=meta.get("perspective"),
                        path=extracted_text_path(path), text=text,
                        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                        original=path, original_sha256=hashlib.sha256(data).hexdigest(),
                        author=meta.get("author") or document.author, date=meta.get("date") or document.date,
                        page_starts=document.page_starts)
    from .segment import split_blocks  # late import: segment needs Source's text only
    source.blocks = split_blocks(text)
    return source


def _table_source(path: Path, sid: str, meta: dict, data: bytes) -> Source:
    from .tables import read_table_bytes
    read = read_table_bytes(path, data, sid, meta, manifest=path.parent.parent / MANIFEST
                            if path.parent.name == "sources" else path.parent / MANIFEST)
    workbook = read.stored != path
    return Source(id=sid, title=meta.get("title") or path.stem.replace("-", " ").replace("_", " ").capitalize(),
                  kind=meta.get("kind", "table"), perspective=meta.get("perspective"), path=read.stored,
                  text=read.text, sha256=read.sha256, tables=read.tables,
                  original=path if workbook else None,
                  original_sha256=hashlib.sha256(data).hexdigest() if workbook else None,
                  author=meta.get("author"), date=meta.get("date"))


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


# --- the cleaned view -------------------------------------------------------

CITATION = re.compile(
    r"\[\s*(?:\d+|[a-z]|note \d+|citation needed|clarification needed|better source needed|"
    r"when\?|who\?|page needed|failed verification|dubious[^\]]*)\s*\]"
    # an editor's note in a printed text: "[Sidenote: Early years.]", "[Illustration: ...]"
    r"|\[(?:Sidenote|Illustration|Footnote|Note|Picture|Image|Caption|Plate)\b[^\]]{0,300}\]"
    # what a page's conversion to text left behind: an image's file name, wiki link brackets
    r"|[\w'’(),.-]{1,80}\.(?:jpe?g|png|svg|gif|tiff?)\b|\]\]|\[\[", re.I)
# "_nobilitas_": plain-text italics, as printed books put online mark them
ITALIC_PAIR = re.compile(r"(?<![\w])_(?=[^\s_])[^_\n]{1,200}?(?<=[^\s_])_(?![\w])")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.U)

# Common function words and verbs that extraction glues onto a preceding word
# ("Shushabecame"). Splitting needs both halves to be words the text uses alone.
GLUE_TAILS = ("became", "become", "was", "were", "is", "are", "and", "the", "had", "has",
              "have", "with", "from", "which", "who", "said", "stated", "began", "in", "of",
              "on", "to", "for", "by", "as", "at", "that", "after", "during")


DIGIT_GROUP_SPACES = "\u00a0\u202f\u2009\u2007"


def _between_digit_groups(text: str, i: int) -> bool:
    return i > 0 and text[i - 1].isdigit() and text[i + 1:i + 4].isdigit() and len(text[i + 1:i + 4]) == 3 \
        and not text[i + 4:i + 5].isdigit()


@dataclass
class CleanText:
    """A cleaned copy of ``original[base:base+len]`` and a map back to original offsets."""
    text: str
    offsets: list[int]  # offsets[i] = original index of text[i]; one extra entry for the end
    # text[i] that stands for more than one original character (an entity read as its
    # character, a tag read as a space): how many it stands for
    widths: dict[int, int] = field(default_factory=dict)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering cleaned ``text[start:end]`` (end exclusive)."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + self.widths.get(end - 1, 1)


def vocabulary(text: str) -> Counter:
    """How often each word stands alone in the text: lower-cased, and as written
    (key "=Word"), since "Justin" is not glued from the adverb "just"."""
    words = WORD.findall(text)
    counts = Counter(w.lower() for w in words)
    counts.update("=" + w for w in words)
    return counts


def _seen(vocab: Counter, word: str) -> int:
    """How often ``word`` stands alone; a capitalised word must occur capitalised."""
    return vocab["=" + word] if word[:1].isupper() else vocab[word.lower()]


def clean(original: str, start: int, end: int, vocab: Counter | None = None) -> CleanText:
    """Clean ``original[start:end]``: drop citation markers, HTML tags and the underscores of
    plain-text italics (``_nobilitas_``), read HTML entities and bracketed accents (``[=o]``) as
    their characters, split glued words."""
    vocab = vocab if vocab is not None else vocabulary(original)
    chars: list[str] = []
    offsets: list[int] = []
    widths: dict[int, int] = {}
    segment = original[start:end]
    removed = [(m.start() + start, m.end() + start, "") for m in CITATION.finditer(segment)]
    removed += markup(original, start, end)
    removed += accents(original, start, end)
    removed += wikitext(original, start, end)
    for pair in ITALIC_PAIR.finditer(segment):
        for mark in (pair.start(), pair.end() - 1):
            if not any(s <= mark + start < e for s, e, _ in removed):
                removed.append((mark + start, mark + start + 1, ""))
    removed.sort()
    splits = _glue_points(segment, start, vocab)
    pos = start
    for r_start, r_end, replacement in [*removed, (end, end, "")]:
        for i in range(pos, r_start):
            if i in splits and chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(i)
            char = original[i]
            if char in DIGIT_GROUP_SPACES and _between_digit_groups(original, i):
                char = ","  # "1 800" reads as one number to the tagger; the quote keeps the space
            chars.append(char)
            offsets.append(i)
        if replacement and r_start >= pos:
            widths[len(chars)] = r_end - r_start
            chars.append(replacement)
            offsets.append(r_start)
        pos = max(pos, r_end)
    offsets.append(end)
    return CleanText("".join(chars), offsets, widths)


def _glue_points(segment: str, base: int, vocab: Counter) -> set[int]:
    """Offsets where a space belongs between two words that extraction glued together.

    Only split where the evidence is clear: the glued token is rare in the text and
    both halves occur on their own elsewhere in it.
    """
    points: set[int] = set()
    for match in re.finditer(r"[^\W_][\w'’-]{4,}", segment):
        token = match.group()
        if vocab[token.lower()] > 1:
            continue
        for i in range(1, len(token)):
            prev, char = token[i - 1], token[i]
            head, tail = token[:i], token[i:]
            head_word = re.split(r"[-'’]", head)[-1]
            tail_word = WORD.match(tail)
            glued_case = prev.islower() and char.isupper() and tail_word is not None
            glued_digit = prev.isalpha() and char.isdigit() and len(head_word) >= 3
            glued_tail = (prev.islower() and tail.lower() in GLUE_TAILS and head[0].isupper()
                          and len(head_word) >= 3)
            if not (glued_case or glued_digit or glued_tail):
                continue
            if len(head_word) < 2 or _seen(vocab, head_word) < 1:
                continue
            if glued_case and tail_word is not None and _seen(vocab, tail_word.group()) < 1:
                continue
            if glued_tail and _seen(vocab, head_word) < 2:
                continue
            points.add(base + match.start() + i)
    return points
