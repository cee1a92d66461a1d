"""The cells of a table file with their offsets in the text the evidence quotes.

CSV and TSV are read with the csv module one physical line at a time, so the
lines a record used give its place in the file; a workbook is read with
openpyxl and written out as text (one line per row, cells separated by tabs),
the text stored beside it. Problems raise QuizgenError naming file, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from .errors import QuizgenError

MAX_ROWS = 10_000
MAX_CELL = 1_000


def extracted_text_path(original: Path) -> Path:
    """Where the text of a workbook is stored: beside it, ``facts.xlsx.txt``."""
    return original.with_name(original.name + ".txt")


def column_letter(index: int) -> str:
    """A spreadsheet's name for a column: 0 -> "A", 27 -> "AB"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


RawRow = tuple[int, list[tuple[str, int, int]], int, int]   # number, cells (text, start, end), row start, end


def decode_csv(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        start_of_line = before.rfind(b"\n") + 1
        delimiter = csv_delimiter(path, data.decode("latin-1")).encode()
        column = column_letter(before[start_of_line:].count(delimiter))
        raise QuizgenError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} in column {column}, character "
                           f"{len(before) - start_of_line + 1}); save the table as “CSV UTF-8”", file=path, line=line,
                           field=f"column {column}") from None
    if not text.strip():
        raise QuizgenError("empty table: no header row", file=path, line=1)
    return text


def csv_delimiter(path: Path, text: str) -> str:
    """A .tsv is split at tabs. A .csv at commas, unless its header has none but semicolons or
    tabs: a spreadsheet set to a language that writes decimal commas saves "CSV" with semicolons."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    header = next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    if "," not in header:
        for other in (";", "\t"):
            if other in header:
                return other
    return ","


def csv_rows(path: Path, text: str, delimiter: str) -> list[RawRow]:
    """Every record with each cell's span, read by the csv module one physical line at a time
    so that the lines a record used give its place in the text."""
    consumed: list[str] = []
    # a byte order mark ("CSV UTF-8" from a spreadsheet) is no part of the first header
    skip = 1 if text.startswith("\ufeff") else 0
    position = skip

    def lines():
        for line in io.StringIO(text[skip:], newline=""):
            consumed.append(line)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter, strict=True)
    rows: list[RawRow] = []
    try:
        for number, record in enumerate(reader, 1):
            chunk = "".join(consumed)
            consumed.clear()
            start = position
            position += len(chunk)
            body = chunk.rstrip("\r\n")
            if number > MAX_ROWS + 1:
                raise QuizgenError(f"too many rows (more than {MAX_ROWS:,}); split the table", file=path,
                                   line=number)
            rows.append((number, _cell_spans(path, number, body, start, record, delimiter), start,
                         start + len(body)))
    except csv.Error as exc:
        raise QuizgenError(f"malformed CSV: {exc}", file=path, line=reader.line_num) from None
    return rows


def _cell_spans(path: Path, number: int, body: str, base: int, record: list[str],
                delimiter: str) -> list[tuple[str, int, int]]:
    cells: list[tuple[str, int, int]] = []
    cursor = 0
    for index, value in enumerate(record):
        if body.startswith('"', cursor):
            close = cursor + 1
            while True:
                close = body.find('"', close)
                if close < 0 or not body.startswith('""', close):
                    break
                close += 2
            inner_start, inner_end = cursor + 1, close if close >= 0 else len(body)
            cursor = (close if close >= 0 else len(body)) + 1
        else:
            stop = body.find(delimiter, cursor)
            inner_start, inner_end = cursor, stop if stop >= 0 else len(body)
            cursor = inner_end
        cursor += 1  # the delimiter
        raw = body[inner_start:inner_end]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        if len(stripped) > MAX_CELL:
            raise QuizgenError(f"a cell longer than {MAX_CELL:,} characters", file=path, line=number,
                               field=f"column {index + 1}")
        cells.append((value.strip(), base + inner_start + lead, base + inner_start + lead + len(stripped)))
    return cells


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())  # a tab or line break inside a cell would split the stored row


def xlsx_grids(path: Path, data: bytes) -> tuple[str, list[tuple[str, list[RawRow]]]]:
    """Each non-empty sheet as rows of cells, and the text stored for the workbook: one line
    per row, cells separated by tabs, a ``# Sheet`` line before each sheet when there are several."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise QuizgenError(f"not a readable .xlsx workbook ({exc.__class__.__name__})", file=path) from None
    sheets: list[tuple[str, list[list[str]]]] = []
    try:
        for sheet in book.worksheets:
            grid: list[list[str]] = []
            for number, row in enumerate(sheet.iter_rows(), 1):
                if number > MAX_ROWS + 1:
                    raise QuizgenError(f"sheet {sheet.title!r} has too many rows (more than {MAX_ROWS:,}); "
                                       "split the table", file=path, line=number)
                cells = []
                for index, cell in enumerate(row):
                    if getattr(cell, "data_type", None) == "f" or (isinstance(cell.value, str)
                                                                   and cell.value.startswith("=")):
                        raise QuizgenError(f"sheet {sheet.title!r}: cell {column_letter(index)}{number} "
                                           "holds a formula; paste its value instead", file=path, line=number,
                                           field=f"column {column_letter(index)}")
                    cells.append(_cell_text(cell.value))
                grid.append(cells)
            while grid and not any(grid[-1]):
                grid.pop()
            if grid:
                sheets.append((sheet.title, grid))
    finally:
        book.close()
    if not sheets:
        raise QuizgenError("empty workbook: no sheet has a header row", file=path, line=1)
    lines: list[str] = []
    grids: list[tuple[str, list[RawRow]]] = []
    position = 0
    for title, grid in sheets:
        width = max(len(r) for r in grid)
        if len(sheets) > 1:
            heading = f"# {title}"
            lines.append(heading)
            position += len(heading) + 1
        raw_rows: list[RawRow] = []
        for number, cells in enumerate(grid, 1):
            cells = cells + [""] * (width - len(cells))
            while len(cells) > 1 and not cells[-1] and len(cells) > len(grid[0]):
                cells.pop()
            spans, cursor = [], position
            for value in cells:
                spans.append((value, cursor, cursor + len(value)))
                cursor += len(value) + 1
            line = "\t".join(cells)
            raw_rows.append((number, spans, position, position + len(line)))
            lines.append(line)
            position += len(line) + 1
        grids.append((title if len(sheets) > 1 else "", raw_rows))
    return "\n".join(lines) + "\n", grids
