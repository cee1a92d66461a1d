"""Turn the files teachers have (text, Markdown, web pages, PDF, Word) into plain text.

Every reader returns a :class:`Document`: the text that evidence offsets will
point into, laid out the way the rest of quizgen reads text (one block per
paragraph, blocks separated by a blank line, a heading on a block of its own,
a list entry as a ``- `` line), plus whatever title, author and date the file's
own metadata gives. A PDF also says where each page starts in the text.

Each reader refuses what it cannot read honestly, with a QuizgenError naming
the file: an encrypted or broken PDF, one with no text layer (a scan), a Word
file that would unpack to far more than it weighs (a zip bomb), a file larger
than its kind's limit.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import QuizgenError

# A file larger than this is refused before it is parsed (bytes).
MAX_BYTES = {".txt": 20_000_000, ".md": 20_000_000, ".html": 10_000_000, ".htm": 10_000_000,
             ".pdf": 50_000_000, ".docx": 20_000_000}
# A .docx is a zip: what its parts may unpack to, in all.
DOCX_MAX_UNPACKED = 100_000_000
SUFFIXES = tuple(MAX_BYTES)
MEDIA_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html",
               ".pdf": "application/pdf",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass
class Document:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    page_starts: list[int] = field(default_factory=list)  # PDF: offset in text where page i+1 begins


def supported(path: Path) -> bool:
    return path.suffix.lower() in MAX_BYTES


def read_document(path: Path, data: bytes) -> Document:
    """The text and metadata of a source file's bytes; QuizgenError (naming ``path``) if unusable."""
    suffix = path.suffix.lower()
    if suffix not in MAX_BYTES:
        raise QuizgenError(f"cannot read {suffix or 'files without a suffix'} files; "
                           f"use one of {', '.join(SUFFIXES)}", file=path)
    if len(data) > MAX_BYTES[suffix]:
        raise QuizgenError(f"file too large ({len(data) / 1e6:.1f} MB; a {suffix} source may be at most "
                           f"{MAX_BYTES[suffix] / 1e6:.0f} MB)", file=path)
    if not data.strip():
        raise QuizgenError("empty source file", file=path)
    reader = {".txt": _read_text, ".md": _read_markdown, ".html": _read_html, ".htm": _read_html,
              ".pdf": _read_pdf, ".docx": _read_docx}[suffix]
    document = reader(path, data)
    if not document.text.strip():
        raise QuizgenError("no text found in the file", file=path)
    return document


def decode_text(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise QuizgenError("binary file, not text (NUL byte)", file=path, line=line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise QuizgenError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x})",
                           file=path, line=line) from None


def _read_text(path: Path, data: bytes) -> Document:
    return Document(decode_text(path, data))


def _blocks_text(blocks: Iterable[str]) -> str:
    """Blocks as paragraphs: whitespace inside a block collapsed, one blank line between blocks
    (and a plain line break between the entries of one list)."""
    parts: list[str] = []
    for block in (" ".join(block.split()) for block in blocks):
        if block:
            in_list = block.startswith("- ") and bool(parts) and parts[-1].lstrip("\n").startswith("- ")
            parts.append(("\n" if in_list else "\n\n") + block if parts else block)
    return "".join(parts) + "\n"


# --- Markdown ---------------------------------------------------------------

def _read_markdown(path: Path, data: bytes) -> Document:
    from markdown_it import MarkdownIt

    source = decode_text(path, data).removeprefix("\ufeff")  # a byte-order mark some editors write
    tokens = MarkdownIt("commonmark").parse(source)
    blocks: list[str] = []
    title = None
    in_item = 0
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "inline":
            opener = tokens[index - 1]
            words = "".join(child.content if child.type in ("text", "code_inline") else " "
                            for child in token.children or [] if child.type not in ("image",))
            if opener.type == "heading_open" and title is None and opener.tag == "h1":
                title = " ".join(words.split())
            blocks.append(f"- {words}" if in_item and opener.type == "paragraph_open" else words)
    return Document(_blocks_text(blocks), title=title or None)


# --- web pages ---------------------------------------------------------------

def _read_html(path: Path, data: bytes) -> Document:
    import trafilatura

    # trafilatura logs every page it finds no main text in; the error below says it once.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    page = trafilatura.bare_extraction(data, output_format="python", with_metadata=True, favor_recall=True,
                                       include_comments=False, include_tables=False)
    if page is None or isinstance(page, dict) or page.body is None:
        raise QuizgenError("no main text found in this web page", file=path)
    blocks: list[str] = []
    for element in page.body.iter("head", "p", "item", "quote"):
        text = "".join(element.itertext())
        if element.tag == "item":
            blocks.append(f"- {text}")
        elif element.tag == "p" and element.getparent() is not None and element.getparent().tag == "quote":
            continue  # the quote's own text covers it
        else:
            blocks.append(text)
    return Document(_blocks_text(blocks), title=page.title or None, author=page.author or None,
                    date=page.date or None)


# --- PDF ---------------------------------------------------------------------

def _read_pdf(path: Path, data: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _opens_without_password(reader, DependencyError):
            raise QuizgenError("the PDF is encrypted (it needs a password); save an unprotected copy",
                               file=path)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except QuizgenError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as exc:
        raise QuizgenError(f"not a readable PDF ({exc.__class__.__name__}: {exc})", file=path) from None
    if not pages:
        raise QuizgenError("the PDF has no pages", file=path)
    if not any(page.strip() for page in pages):
        raise QuizgenError(f"no text layer in any of its {len(pages)} page(s): it looks scanned; "
                           "run it through OCR (text recognition) first", file=path)
    text, starts = "", []
    for page in pages:
        starts.append(len(text))
        body = _pdf_page_text(page)
        text += body + "\n\n" if body else ""
    return Document(text.rstrip("\n") + "\n", title=_info(info, "title"), author=_info(info, "author"),
                    date=_pdf_date(info), page_starts=starts)


def _opens_without_password(reader: object, dependency_error: type[Exception]) -> bool:
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except dependency_error:  # AES needs an optional package; the file is locked to us either way
        return False


# A PDF's text layer has one line per printed line and no mark where a paragraph ends.
# A line printed to (nearly) the full width of the page's text runs on into the next;
# a shorter one ends its paragraph, as a heading or a paragraph's last line does.
FULL_LINE = 0.8          # of the page's longest lines
MIN_WRAP_WIDTH = 50      # narrower text (a list, a title page) is kept line by line
LINE_START_ITEM = re.compile(r"^\s*(?:[•·▪‣◦*-]|\d{1,3}[.)])\s")


def _pdf_page_text(page: str) -> str:
    """A page's text with the lines of each paragraph joined and a blank line between paragraphs."""
    lines = [" ".join(line.split()) for line in page.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return ""
    full = widths[int(0.9 * (len(widths) - 1))]
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        current = (current[:-1] + line if current.endswith("-") and line[:1].islower()
                   else f"{current} {line}" if current else line)
        following = next((later for later in lines[index + 1:index + 2] if later), "")
        runs_on = full >= MIN_WRAP_WIDTH and len(line) >= FULL_LINE * full and following \
            and not LINE_START_ITEM.match(following)
        if not runs_on:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _info(info: object, name: str) -> str | None:
    value = getattr(info, name, None) if info is not None else None
    return " ".join(str(value).split()) or None if value else None


def _pdf_date(info: object) -> str | None:
    try:
        created = getattr(info, "creation_date", None) if info is not None else None
    except ValueError:  # a malformed date string in the info dictionary
        return None
    return created.date().isoformat() if created else None


# --- Word ----------------------------------------------------------------------

def _read_docx(path: Path, data: bytes) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise QuizgenError("not a Word .docx file (it is not a zip package)", file=path) from None
    if unpacked > DOCX_MAX_UNPACKED:
        raise QuizgenError(f"refused: the file would unpack to {unpacked / 1e6:.0f} MB "
                           f"from {len(data) / 1e6:.1f} MB (a zip bomb?)", file=path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise QuizgenError(f"not a readable Word .docx file ({exc})", file=path) from None
    blocks = []
    heading = None
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = paragraph.text
        if style.startswith("List") and text.strip():
            text = f"- {text}"
        elif heading is None and style in ("Title", "Heading 1") and text.strip():
            heading = " ".join(text.split())
        blocks.append(text)
    core = document.core_properties
    created = core.created
    return Document(_blocks_text(blocks), title=core.title or heading, author=core.author or None,
                    date=created.date().isoformat() if created else None)
