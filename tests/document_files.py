"""Small source files of every kind quizgen reads, made here so the tests need no binary fixtures.

Each file tells part of one invented story (the Sarven Waters Treaty), so that
a deck built from all of them has facts from every kind of file.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

TXT = """The Sarven Waters Treaty

The Sarven Waters Treaty was signed in Lisbon on 4 March 1921 by the governments of Varnia and Ostrel.
The commission reported that 40 percent of the river flow went to the lower basin.
"""

MARKDOWN = """# Building the Kessel Dam

The Kessel Dam was completed in **1934** after [six years](https://example.org) of work.

## Workers

- About 3,200 workers built the dam.
- The chief engineer was Ida Marren.

The reservoir behind the dam flooded the village of Tarn in 1935.
"""

HTML = """<!doctype html>
<html><head><title>The Ostrel floods | River Archive</title>
<meta name="author" content="Pell Annunsen"><meta name="date" content="2019-05-02"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About the archive</a></li></ul></nav>
<article>
<h1>The Ostrel floods</h1>
<p>The great flood of the Ostrel river began on 12 April 1952 after weeks of heavy rain in the hills.</p>
<h2>Damage</h2>
<p>According to the regional council, 1,450 houses were destroyed in the valley towns that spring.</p>
<p>The city of Brannoch was evacuated on 14 April 1952, and its people stayed away for a month.</p>
</article>
<footer><p>Copyright 2019 River Archive. All rights reserved.</p></footer>
<script>document.write("tracking code");</script>
</body></html>
"""

PDF_PAGES = [
    "The Varnian Railway\n\nThe Varnian Railway opened between Kessel and Brannoch on 9 June 1889.\n\n"
    "The line was 212 kilometres long and crossed the Ostrel river twice.",
    "Later years\n\nThe company report says the railway carried 1.2 million passengers in 1910.\n\n"
    "The last steam train on the Varnian Railway ran on 30 September 1961.",
]

DOCX_PARAGRAPHS = [
    ("Title", "The Brannoch Charter"),
    ("Heading 1", "Origins"),
    ("Normal", "The town of Brannoch received its charter from King Adalric on 2 May 1302."),
    ("Normal", "The charter granted the town a weekly market and the right to elect 12 councillors."),
    ("Heading 1", "Later history"),
    ("List Bullet", "The charter was renewed in 1488."),
    ("Normal", "The original document was lost in a fire at the town hall in 1790."),
]


def pdf_bytes(pages: list[str] = PDF_PAGES, *, title: str = "A History of the Varnian Railway",
              author: str = "Mira Oskel") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creation_date(datetime(2020, 1, 15, 10, 0, 0))
    pdf.set_font("Helvetica", size=12)
    for page in pages:
        pdf.add_page()
        for paragraph in page.split("\n\n"):
            pdf.multi_cell(0, 8, paragraph)
            pdf.ln(4)
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A PDF whose pages carry no text layer (as a scan without OCR)."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")  # a picture of a page, not text
    return bytes(pdf.output())


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(paragraphs: list[tuple[str, str]] = DOCX_PARAGRAPHS, *, author: str = "Tova Brenn") -> bytes:
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    document.core_properties.author = author
    document.core_properties.title = ""
    document.core_properties.created = datetime(2018, 9, 1, 12, 0, 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx_bytes(unpacked_mb: int = 150) -> bytes:
    """A .docx whose document part unpacks to ``unpacked_mb`` MB from a few hundred kB."""
    real = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in real.infolist():
            if info.filename == "word/document.xml":
                with archive.open("word/document.xml", "w", force_zip64=True) as part:
                    chunk = b" " * 1_000_000
                    for _ in range(unpacked_mb):
                        part.write(chunk)
            else:
                archive.writestr(info, real.read(info.filename))
    return out.getvalue()


def write_corpus(folder: Path) -> Path:
    """A deck folder with one source of each kind; returns the folder."""
    sources = folder / "sources"
    sources.mkdir(parents=True)
    (sources / "treaty.txt").write_text(TXT, encoding="utf-8")
    (sources / "dam.md").write_text(MARKDOWN, encoding="utf-8")
    (sources / "floods.html").write_text(HTML, encoding="utf-8")
    (sources / "railway.pdf").write_bytes(pdf_bytes())
    (sources / "charter.docx").write_bytes(docx_bytes())
    return folder


def one_source_deck(tmp_path: Path, text: str) -> dict:
    """The deck built from one plain-text source holding ``text``."""
    from quizgen.build import build_deck

    folder = tmp_path / "deck"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "notes.txt").write_text(text, encoding="utf-8")
    return build_deck(folder, folder / "deck.json")
