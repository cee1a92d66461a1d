"""Read a table of facts (``.csv``, ``.tsv``, ``.xlsx``) into the claims the prose extractor makes.

A table's first row names its columns. One column names each row's subject (the
first, unless ``sources.toml`` gives ``subject = "Header"`` or the first holds only
codes or row numbers and a later column names the rows); every other column
is an attribute whose kind (date, figure, place, name or text) is inferred from
its header and values, or set with ``columns = {"Header" = "kind"}``. Columns
with conventional names are not asked but travel with the row: its citation
("Source", "Reference", "URL"), its claimant ("According to") and the date a
figure holds for ("As of").

Evidence quotes the row as it stands in the stored text: a CSV or TSV file as
it is, an ``.xlsx`` workbook as the tab-separated text extracted from it and
stored beside it (``facts.xlsx.txt``). Every problem stops the build with one
message naming the file, row and column.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .deck import CONTEXT_CHARS
from .errors import QuizgenError
from .extract import Claim
from .facts import normalise_value
from .normalize import format_date, parse_date, parse_quantity
from .sources import TABLE_KINDS
from .table_files import RawRow, column_letter, csv_delimiter, csv_rows, decode_csv, extracted_text_path, xlsx_grids
from .table_phrasing import PERSON_WORDS, counts_things, is_event

KINDS = TABLE_KINDS
FORMULA = re.compile(r"=\s*[A-Za-z_(]")
# What a cell holds when the table has no value for it: such a cell is treated as empty.
PLACEHOLDERS = {"n/a", "na", "n.a.", "?", "??", "—", "–", "-", "--", "unknown", "none", "tbd", "tba", "nil", "null",
                "…", "...", "not known", "no data"}
FOOTNOTE = re.compile(r"(?:\s*\[(?:\d{1,3}|[a-z]|note \d{1,3}|citation needed)\])+$", re.I)   # "45,000[1]"
FLAGS = {"yes", "no", "true", "false", "x", "y", "n", "✓", "✗", "-"}
CITATION_HEADERS = {"source", "sources", "reference", "references", "ref", "url", "link", "citation"}
CLAIMANT_HEADERS = {"according to", "claimant", "claimed by", "per"}
AS_OF_HEADERS = {"as of", "as at"}
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
UNIT = re.compile(r"\s*\(([^()]{1,20})\)\s*$")
UNIT_WORD = re.compile(r"\s+(km2|km²|km|sq km|sq mi|mi|m|ft|kg|ha|mm|cm|usd|eur|gbp|m2|m²)$", re.I)
DATE_HEADER = re.compile(r"\b(?:date|year|when|day|founded|opened|closed|signed|born|died|began|ended|started|"
                         r"built|established|captured|held|fought|took|left|became|won|office|reign|term|ascent|"
                         r"independence|discovery|invention|birth|death|coronation|accession|inauguration|"
                         r"premiere|release|launch|founding|foundation|construction|completion|dissolution|"
                         r"abolition|creation|publication|debut|unification|liberation|[a-z]+ed)\b", re.I)
PLACE_HEADER = re.compile(r"\b(?:place|location|where|city|capital|country|region|site|town|village|province|"
                          r"continent|county|district|island|ocean|prefecture|department|canton|oblast|"
                          r"governorate|municipality|territory|borough|parish|voivodeship|emirate|"
                          r"state|river|mountain|venue|birthplace|headquarters|seat)\b", re.I)
NAME_HEADER = re.compile(r"\b(?:name|who|person|leader|commander|ruler|author|founder|president|king|queen|"
                         r"monarch|winner|inventor|discoverer|chair|head|minister|captain|architect|mayor|governor|"
                         r"director|composer|painter|writer|artist|designer|owner|manager|coach|chancellor|emperor|"
                         r"pope|explorer|scientist|engineer|poet|novelist|singer|champion)\b", re.I)
ERA_YEAR = re.compile(r"^(?:c\.\s*)?(?:\d{1,4}\s*(?:B\.?\s?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?)|A\.?D\.?\s*\d{1,4})$", re.I)
MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)   # "01-Feb"
NAME_AND_YEAR = re.compile(r"^([A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*)*\s+\d{4}$")
QUALIFIERS = {"about", "over", "under", "around", "nearly", "almost", "approximately", "approx.", "circa", "c.",
              "some", "more", "less", "fewer", "at", "up", "roughly", "est.", "estimated"}
SIGNED_YEAR = re.compile(r"^-?\d{1,4}$")   # "-490" in a column of years: 490 BC
YEAR_HEADER = re.compile(r"\byears?\b", re.I)
YEAR_RANGE = re.compile(r"^\d{3,4}\s*[–—-]\s*\d{2,4}$")   # "1558–1603": a reign, a war, a life
MONTH_OR_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{4}-\d{2}", re.I)
SHORT_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*|of|the|and|de|von|van|al|ibn|da|di|la|le|du|del)"
                        r"(?:\s+(?:[A-Z][\w'’.-]*|of|the|and|de|von|van|al|ibn|da|di|la|le|du|del)){0,5}$")


# What kind of name a "... name" header asks: a name's part or form, not a thing named
NAME_KINDS = {"first", "last", "middle", "given", "family", "full", "birth", "maiden", "common", "scientific",
              "official", "native", "local", "short", "long", "english", "latin", "former", "alternative", "other",
              "nick", "pen", "stage", "code", "display", "user", "file", "host", "domain", "brand", "trade"}


@dataclass
class Column:
    header: str
    index: int
    kind: str = "text"
    role: str = "attribute"   # subject | attribute | citation | claimant | as_of
    unit: str | None = None
    shared: str = ""          # a prefix every header of the table starts with ("game_"): it says nothing
    asked: bool = True        # False for a column whose cells are no fact of their row (a row number)
    few: bool = False         # two or three values down many rows: a kind of row ("Summer", "Winter")
    sorts: bool = False       # a handful of values down many rows ("Continent", "Party"): sorts rows into kinds
    no_unit: bool = False     # a measure not asked for want of a unit

    @property
    def attribute(self) -> str:
        """The header as words, without its unit or the table's shared prefix: "Length (km)" and
        "length_km" -> "Length", "length"; "game_location" among "game_..." headers -> "location"."""
        header = self.header[len(self.shared):] if self.shared and len(self.header) > len(self.shared) \
            else self.header
        words = header_words(header)[0]
        words = re.sub(r"(?<=\w) label$", "", words, flags=re.I)   # "locationLabel" -> "location"
        first = words.split()[0].lower() if words.split() else ""
        if re.search(r"\w \w+ name$|\w name$", words, re.I) and first not in NAME_KINDS:
            words = words[:-len(" name")]   # "organization_name" -> "organization", not "first name"
        return words


def header_words(header: str) -> tuple[str, str | None]:
    """A header's attribute and unit: "Length (km)" -> ("Length", "km"), "area_km2" -> ("area", "km2"),
    "first_ascent" -> ("first ascent", None)."""
    unit = UNIT.search(header)
    words = CAMEL.sub(" ", UNIT.sub("", header).replace("_", " ")).strip()   # "currentCountry" -> "current Country"
    trailing = UNIT_WORD.search(words) if unit is None and len(words.split()) >= 2 else None
    if trailing:   # "lengthKm" -> ("length", "km"), "GDP USD" -> ("GDP", "USD")
        unit_word = trailing.group(1)
        return words[:trailing.start()].strip(), unit_word if unit_word.isupper() else unit_word.lower()
    return " ".join(words.split()), unit.group(1).strip() if unit else None


@dataclass
class Row:
    number: int                    # the row's number as a spreadsheet shows it (header = 1)
    cells: list[str]
    start: int                     # the row's text in the stored text: text[start:end]
    end: int
    spans: list[tuple[int, int]]   # each cell's value in the stored text


@dataclass
class Table:
    source: str
    file: Path
    name: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    title: str | None = None       # the source's title in sources.toml, if it gives one
    rows_noun: str | None = None   # what each row is, from sources.toml's ``rows`` ("river")
    warnings: list[dict] = field(default_factory=list)   # columns left out that a setting would ask

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)


@dataclass
class TableText:
    """What a table file gives the deck: the stored text and the tables found in it."""
    text: str
    sha256: str
    stored: Path                   # the file the evidence quotes (the original for CSV/TSV)
    tables: list[Table]


def read_table_file(path: Path, sid: str, meta: dict, *, manifest: Path | None = None) -> TableText:
    """Read a table source; raise QuizgenError naming file, row and column on any problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QuizgenError(f"cannot read: {exc.strerror}", file=path) from None
    return read_table_bytes(path, data, sid, meta, manifest=manifest)


def read_table_bytes(path: Path, data: bytes, sid: str, meta: dict, *, manifest: Path | None = None) -> TableText:
    """As ``read_table_file``, for a file's bytes (an upload not yet stored at ``path``)."""
    if path.suffix.lower() == ".xlsx":
        text, grids = xlsx_grids(path, data)
        stored = extracted_text_path(path)
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    else:
        text = decode_csv(path, data)
        grids = [("", csv_rows(path, text, csv_delimiter(path, text)))]
        stored, sha = path, hashlib.sha256(data).hexdigest()
    tables = [_table(path, sid, name, rows, meta, manifest or path.with_name("sources.toml"))
              for name, rows in grids]
    if not any(t.rows for t in tables):
        raise QuizgenError("the table has a header but no rows", file=path, line=2)
    return TableText(text, sha, stored, tables)


# --- columns and kinds --------------------------------------------------------

def _table(path: Path, sid: str, name: str, raw_rows: list[RawRow], meta: dict, manifest: Path) -> Table:
    where = f"sheet {name!r}: " if name else ""
    rows = [r for r in raw_rows if any(text for text, _, _ in r[1])]
    if not rows:
        raise QuizgenError(f"{where}empty table: no header row", file=path, line=1)
    header_number, header_cells, _, _ = rows[0]
    headers = [text for text, _, _ in header_cells]
    body = rows[1:]
    # a trailing column with neither header nor values is what a spreadsheet leaves, not a column
    while headers and not headers[-1] and all(len(r[1]) < len(headers) or not r[1][len(headers) - 1][0]
                                              for r in body):
        headers.pop()
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not header:
            raise QuizgenError(f"{where}empty header in column {column_letter(index)}", file=path, line=header_number,
                               field=f"column {column_letter(index)}")
        if header.casefold() in seen:
            raise QuizgenError(f"{where}duplicated header {header!r} (columns {column_letter(seen[header.casefold()])} "
                               f"and {column_letter(index)})", file=path, line=header_number,
                               field=f"column {column_letter(index)}")
        seen[header.casefold()] = index
    if len(headers) < 2:
        raise QuizgenError(f"{where}a table needs a subject column and at least one more", file=path,
                           line=header_number)
    table = Table(sid, path, name, [Column(h, i) for i, h in enumerate(headers)], title=meta.get("title"),
                  rows_noun=(meta.get("rows") or "").strip() or None)
    for number, cells, start, end in body:
        extra = [i for i in range(len(headers), len(cells)) if cells[i][0]]
        if len(cells) < len(headers) or extra:
            column = extra[0] if extra else len(cells)
            raise QuizgenError(f"{where}row {number} has {len(cells)} cells but the header has {len(headers)} "
                               f"(ragged row; column {column_letter(column)})", file=path, line=number,
                               field=f"column {column_letter(column)}")
        cells = cells[:len(headers)]
        formula = next((i for i, c in enumerate(cells) if FORMULA.match(c[0])), None)
        if formula is not None:   # a spreadsheet's formula saved as text: its value is not in the file
            raise QuizgenError(f"{where}row {number}, column {column_letter(formula)} holds a formula "
                               f"({cells[formula][0][:40]!r}); save the table with values instead", file=path,
                               line=number, field=f"column {column_letter(formula)}")
        table.rows.append(Row(number, [c[0] for c in cells], start, end, [(c[1], c[2]) for c in cells]))
    _assign_roles(table, meta, path, manifest)
    return table


def _assign_roles(table: Table, meta: dict, path: Path, manifest: Path) -> None:
    by_header = {c.header.casefold(): c for c in table.columns}
    shared = shared_prefix([c.header for c in table.columns if not COORDINATE.fullmatch(c.header.strip())])
    for column in table.columns:
        column.shared = shared
    subject = meta.get("subject")
    if subject is not None:
        if not isinstance(subject, str) or subject.casefold() not in by_header:
            raise QuizgenError(f"subject {subject!r} is not a column of {path.name}", file=manifest,
                               field=f"sources.{table.source}.subject")
        by_header[subject.casefold()].role = "subject"
    for column in table.columns:
        folded = column.attribute.casefold()
        if column.role == "subject":
            continue
        if folded in CITATION_HEADERS:
            column.role = "citation"
        elif folded in CLAIMANT_HEADERS:
            column.role = "claimant"
        elif folded in AS_OF_HEADERS:
            column.role = "as_of"
    if table.column("subject") is None:
        first = next((c for c in table.columns if c.role == "attribute"), None)
        if first is None:
            raise QuizgenError("no column is left to name the subject", file=path, line=1)
        (_named_instead(table, first) or first).role = "subject"
    kinds = meta.get("columns") or {}
    units = meta.get("units") or {}
    skipped = {h.casefold() for h in meta.get("skip") or []}
    for setting, headers in (("columns", kinds), ("units", units), ("skip", meta.get("skip") or [])):
        for header in headers:
            if header.casefold() not in by_header:
                raise QuizgenError(f"{header!r} is not a column of {path.name}", file=manifest,
                                   field=f"sources.{table.source}.{setting}")
    for column in table.columns:
        column.unit = next((u.strip() for h, u in units.items() if h.casefold() == column.header.casefold()
                            and u.strip()), None) or header_words(column.header)[1]
        given = next((k for h, k in kinds.items() if h.casefold() == column.header.casefold()), None)
        values = [FOOTNOTE.sub("", v) for row in table.rows if (v := row.cells[column.index]) and not is_blank(v)]
        column.kind = given if given in KINDS else infer_kind(column.header, values)
        column.few = column.role == "attribute" and few_values(values)
        column.sorts = column.role == "attribute" and column.kind != "figure" and sorts_rows(values)
        if given not in KINDS and column.kind in ("place", "name") and column.few:
            column.kind = "text"   # "Summer"/"Winter" down 50 rows: the card is a coin toss or a give-away
        column.asked = not (column.role == "attribute" and is_row_number(column, values))
        if column.header.casefold() in skipped:
            if column.role == "subject":
                raise QuizgenError(f"{column.header!r} names the rows and cannot be skipped", file=manifest,
                                   field=f"sources.{table.source}.skip")
            column.asked = False
        elif column.asked and column.role == "attribute" and needs_unit(column, values) \
                and not COORDINATE.fullmatch(column.header.strip()):   # (never asked, unit or not)
            column.asked, column.no_unit = False, True   # "What is the length of the Tone?" -> 322: of what?
            table.warnings.append(unit_warning(table, path, manifest, column))


BARE_NUMBER = re.compile(r"^[~+-]?\d[\d,. ]*$")


def needs_unit(column: Column, values: list[str]) -> bool:
    """Whether a figure column measures something and neither its header, sources.toml nor its
    cells ("367 km", "45%") say in what: its numbers cannot be asked ("322" of what?). A count
    ("Seats", "Population") needs none."""
    return column.kind == "figure" and not column.unit and not counts_things(column.attribute) \
        and bool(values) and sum(1 for v in values if BARE_NUMBER.match(v.strip())) >= 0.8 * len(values)


def unit_warning(table: Table, path: Path, manifest: Path, column: Column) -> dict:
    """What the build says of a figure column left out for want of a unit, and how to give it."""
    sheet = f" (sheet {table.name!r})" if table.name else ""
    return {"source": table.source, "table": table.name, "column": column.header, "message": (
        f"{path.parent.name}/{path.name}{sheet}, column {column.header!r}: its figures have no unit, so they are "
        f"not asked. Give the unit in {manifest.name} ([sources.{table.source}] units = "
        f"{{ \"{column.header}\" = \"...\" }}) or in the header (\"{column.header} (...)\"), or skip the column "
        f"(skip = [\"{column.header}\"]).")}


FEW_VALUES, FEW_VALUES_ROWS = 3, 8


SORTS_VALUES, SORTS_SHARE = 12, 3


def sorts_rows(values: list[str]) -> bool:
    """Whether a column sorts its rows into a handful of kinds: at most 12 values, each given
    by three rows or more on average (continents, parties, prize categories)."""
    kinds = len({v.strip().casefold() for v in values})
    return 2 <= kinds <= SORTS_VALUES and len(values) >= SORTS_SHARE * kinds


def few_values(values: list[str]) -> bool:
    """Whether a column holds only two or three values across many rows (a season, a sex, won/lost)."""
    return len(values) >= FEW_VALUES_ROWS and len({v.strip().casefold() for v in values}) <= FEW_VALUES


ROW_NUMBER_HEADERS = {"id", "#", "no", "no.", "nr", "index", "key", "row", "row number", "serial", "s.no", "sno",
                      "order", "zip", "zipcode", "zip code", "postcode", "phone", "telephone", "fax", "sl no",
                      "sl. no.", "unnamed: 0", ""}


def is_row_number(column: Column, values: list[str]) -> bool:
    """Whether a column only numbers, ranks or keys the rows ("id" 1, 2, 3, "Rank", "CCA3" codes): no
    fact a learner studies. An atomic number counts the rows too, but its header says what it is
    ("Number", "Atomic number"), and a chemical symbol is learnt."""
    header = column.attribute.casefold()
    return header in ROW_NUMBER_HEADERS or header.endswith(" id") or header.split()[-1:] == ["rank"] \
        or header.split()[-1:] == ["code"] or IDENTIFIER_HEADER.fullmatch(header) is not None


IDENTIFIER_HEADER = re.compile(r"(?:iso|cca|ccn|fips|iata|icao|isbn|issn|doi|uuid|slug)[ -]?\d?(?: code)?")


def shared_prefix(headers: list[str]) -> str:
    """A first word every header starts with, up to its separator ("game_" of "game_name",
    "game_year"), if each header goes on after it; "" otherwise."""
    if len(headers) < 2:
        return ""
    match = re.match(r"[A-Za-z]+[_ ]", headers[0])
    if not match:
        return ""
    prefix = match.group()
    if all(h.casefold().startswith(prefix.casefold()) and h[len(prefix):].strip(" _") for h in headers):
        return prefix
    return ""


CODE_HEADERS = {"id", "#", "no", "no.", "number", "nr", "rank", "code", "iso", "symbol", "abbreviation", "abbr",
                "key", "index"}
CODE = re.compile(r"^(?:[A-Za-z]{1,3}|[A-Z0-9]{1,4}|\d+\.?)$")
NUMBERED = r"^[\d\s.,:/TZ+-]+$"   # a value that is only a number or a date: no name, though a name may hold a year


def _named_instead(table: Table, first: Column) -> Column | None:
    """When the first column holds codes, row numbers or dates ("H", "FRA", "1", a header "ID"), the
    later column that names each row ("Name", "Country": one distinct, word-like value a row), if any."""
    values = [row.cells[first.index] for row in table.rows if row.cells[first.index]]
    dated = infer_kind(first.header, values) in ("date", "figure")   # "1896-04-15T11:39:39Z" names no row
    if not values or not (dated or first.attribute.casefold() in CODE_HEADERS or all(CODE.match(v) for v in values)):
        return None
    candidates = []
    for column in table.columns:
        if column.role != "attribute" or column.index <= first.index:
            continue
        cells = [row.cells[column.index] for row in table.rows]
        filled = [c for c in cells if c]
        numbered = sum(1 for c in filled if CODE.match(c) or re.search(NUMBERED if dated else r"\d", c))
        if len(filled) < 0.9 * len(cells) or len(set(filled)) < 0.9 * len(filled) or numbered > 0.1 * len(filled):
            continue
        candidates.append(column)
    return next((c for c in candidates if "name" in c.attribute.casefold().split()), None) or \
        (candidates[0] if candidates else None)


def is_blank(value: str) -> bool:
    """An empty cell, or one saying that the table has no value ("N/A", "?", "—")."""
    return not value.strip() or value.strip().casefold() in PLACEHOLDERS


def infer_kind(header: str, values: list[str]) -> str:
    """date, figure, place, name or text, from what the header says and what most values are."""
    if not values:
        return "text"
    attribute = header_words(header)[0]

    def share(test) -> float:
        return sum(1 for v in values if test(v)) / len(values)

    def dated(value: str) -> bool:
        if ERA_YEAR.match(value) or (SIGNED_YEAR.match(value) and YEAR_HEADER.search(attribute)):   # "490 BC", "-490"
            return True
        date = parse_date(value)
        return date is not None and (MONTH_OR_DAY.search(value) is not None or bool(DATE_HEADER.search(attribute))
                                     or (date.end is not None and YEAR_RANGE.match(value) is not None))

    def counted(value: str) -> bool:
        named = NAME_AND_YEAR.match(value)   # "Athens 1896", "Euro 2020": a name, not a count
        if named and named.group(1).lower() not in QUALIFIERS:
            return False
        return re.search(r"\d", value) is not None and not MONTH.search(value) and parse_quantity(value) is not None \
            and len(re.sub(r"[\d\s.,%~+–-]", "", value)) <= 12

    if share(lambda v: v.strip().lower() in FLAGS) >= 0.5:
        return "text"    # a yes/no column: a fact about the row, not something to recall by itself
    if share(dated) >= 0.8:
        return "date"
    if share(counted) >= 0.8:
        return "figure"
    named = share(lambda v: bool(SHORT_NAME.match(v)))
    if PLACE_HEADER.search(attribute) and named >= 0.8:
        return "place"
    if named >= 0.8 and (NAME_HEADER.search(attribute) or not re.search(r"\d", "".join(values))):
        return "name"
    return "text"


# --- claims --------------------------------------------------------------------

COORDINATE = re.compile(r"(?:lat|lon|lng|long|latitude|longitude|coordinates?|coords?|geo ?point|"
                        r"easting|northing)(?:\s*\(.*\))?", re.I)
LIFE_WORDS = {"birth", "born", "death", "died"}
LIST_OF = re.compile(r"^(?:list|table|index|catalogue|catalog)\s+of\s+", re.I)
GENERIC_SUBJECT = {"name", "names", "full name", "subject", "item", "title", "entry", "label", ""}
TITLE_CUT = re.compile(r"\s+(?:of|in|from|by|and|with|for)\s+|\s*[(:–—-]\s*", re.I)


def subject_noun(title: str, *, file_name: bool = False) -> str:
    """What a table's rows are, from its title when the first column is only "Name":
    "US National Parks" -> "national park", "Major rivers of Japan" -> "river" (a word that only
    ranks or picks the rows says nothing of what they are). A file name says nothing of which
    words are names ("japan-rivers.csv": Japan?), so only its last noun is taken ("river"), with an
    abbreviation before it ("us_presidents.csv" -> "US president")."""
    stem = LIST_OF.sub("", Path(title).stem.replace("_", " ").replace("-", " ") if file_name else title)
    words = [w for w in TITLE_CUT.split(stem, maxsplit=1)[0].split() if w.lower() not in PICKING][-2:]
    if not words or not all(w.isalpha() for w in words):
        return ""
    last = words[-1]
    if not last.lower().endswith("s") or last.lower().endswith(("ss", "us", "is")):
        return ""   # "nobel.csv", "periodic_table.csv": no plural naming what each row is
    if last.lower().endswith("ies"):
        last = last[:-3] + "y"
    elif last.lower().endswith("s") and not last.lower().endswith(("ss", "us", "is")):
        last = last[:-1]
    if file_name and len(words) > 1 and words[0].lower() not in ABBREVIATIONS:
        words = words[-1:]
    return " ".join(w.upper() if w.lower() in ABBREVIATIONS and len(words) > 1 else w if w.isupper() and len(w) > 1
                    else w.lower() for w in [*words[:-1], last])


# Words that rank or pick a table's rows rather than say what they are: "Major rivers", "Tallest buildings"
PICKING = {"major", "main", "principal", "important", "notable", "famous", "great", "greatest", "largest", "biggest",
           "longest", "tallest", "highest", "oldest", "top", "key", "selected", "some", "all", "best", "most",
           "common", "popular", "leading", "big", "large", "long", "tall", "high", "list", "table", "data"}


ABBREVIATIONS = {"us", "usa", "uk", "un", "eu", "nba", "nfl", "fifa", "uefa", "nasa", "nato"}   # "us_presidents"


def table_claims(table: Table, text: str) -> list[Claim]:
    """One claim per filled attribute cell of date, figure, place or name kind; not a row's
    map coordinates (a latitude is where to find a place, not a fact to learn of it)."""
    subject_col = table.column("subject")
    assert subject_col is not None
    rows_are = table.rows_noun or subject_col.attribute
    if rows_are.lower() in GENERIC_SUBJECT:   # "Which national park is in WY?", not "Which has the state WY?"
        rows_are = subject_noun(table.title) if table.title else subject_noun(table.file.name, file_name=True)
    # rows with a birth or a death are people: "Who was born on 9 October 1852?"
    people = any(set(c.attribute.lower().split()) & LIFE_WORDS for c in table.columns) \
        or PERSON_WORDS.search(rows_are) is not None
    roles = {role: table.column(role) for role in ("citation", "claimant", "as_of")}
    orders: dict[int, str] = {}
    namesakes = _namesakes(table, subject_col, [c for c in roles.values() if c], rows_are)
    when = next((c for c in table.columns if c.role == "attribute" and c.kind == "date" and c.asked), None)
    kinds_of_row = [c for c in table.columns if (c.few or c.sorts) and c.role == "attribute"]
    when_order = date_order(table, when) if when else "dmy"
    compound = {c.index for c in table.columns if c.kind in ("place", "name") and _mostly_single(table, c)}
    # a column writing 16840 beside 9100 shows both with separators ("16,840", "9,100"), not one of them
    grouped = {c.index: 4 if any(re.fullmatch(r"\d{5,}", r.cells[c.index].strip()) for r in table.rows) else 5
               for c in table.columns if c.kind == "figure"}
    claims = []
    for row in table.rows:
        subject = row.cells[subject_col.index]
        if not subject:
            continue
        meta = {role: row.cells[c.index] or None if c else None for role, c in roles.items()}
        exact = text[row.start:row.end]
        era = _era(row.cells[when.index], when_order) if when else None
        row_kind = {c.header: row.cells[c.index].strip().casefold() for c in kinds_of_row}
        for column in table.columns:
            value = row.cells[column.index]
            if column.role != "attribute" or column.kind == "text" or not column.asked or is_blank(value) \
                    or COORDINATE.fullmatch(column.header.strip()):
                continue
            if column.index in compound and LIST_CELL.search(value):
                continue   # "Australia, Sweden" among single countries: its form gives it away
            subject = FOOTNOTE.sub("", row.cells[subject_col.index]).strip()   # "Haitian Center Tower 2 [15]"
            twin = namesakes.get(row.cells[subject_col.index].strip().casefold())
            qualified = False
            if twin is not None:
                by, rows = twin
                if column.index == by.index:
                    continue   # the value that tells the namesakes apart cannot also be asked of them
                if len({r.cells[column.index].strip().casefold() for r in rows}) > 1:
                    shown = row.cells[by.index].strip()
                    shown = shown_date(shown, date_order(table, by)) if by.kind == "date" else shown
                    subject = f"{subject} ({shown})"   # "Battle of Veii (396 BC)", not a dispute with 477 BC
                    qualified = True
            value_start, value_end = row.spans[column.index]
            marker = FOOTNOTE.search(value)
            if marker:   # the footnote mark is quoted with the row, not asked
                value, value_end = value[:marker.start()].rstrip(), value_end - (len(value) - marker.start())
                value_end -= len(text[value_start:value_end]) - len(text[value_start:value_end].rstrip())
            if column.kind == "date":
                if column.index not in orders:
                    orders[column.index] = date_order(table, column)
                value = shown_date(value, orders[column.index])
            if column.kind == "figure" and re.fullmatch(rf"\d{{{grouped[column.index]},}}", value.strip()):
                value = f"{int(value.strip()):,}"   # "51874024" reads "51,874,024"
            if column.kind in ("date", "figure") and normalise_value(column.kind, value) is None:
                continue   # "c. 1200" in a column of years, "about half" among figures: not asked as one
            if column.kind == "place" and _place_named(table, row, column, subject):
                continue   # "Shenzhen Center" (city Shenzhen): its name gives the country away
            if column.kind in ("date", "figure") and _year_named(row.cells[subject_col.index], value):
                continue   # "Sochi 2014" began in 2014: its name answers, and other years' options give it away
            quoted = text[value_start:value_end]   # as the file writes it ("" inside quotes stays doubled)
            claims.append(Claim(
                kind=column.kind, value=quoted, normalized=normalise_value(column.kind, value), subject=subject,
                key=table_key(column.kind, subject, column.attribute), claimant=meta["claimant"],
                source=table.source, exact=exact, start=row.start, end=row.end,
                prefix=text[max(0, row.start - CONTEXT_CHARS):row.start], suffix=text[row.end:row.end + CONTEXT_CHARS],
                value_start=value_start, value_end=value_end, label=column.header, sentence=exact,
                value_in_sentence=(value_start - row.start, value_end - row.start),
                extra={"block": "table", "table": table.name, "row": row.number, "column": column.header,
                       "attribute": column.attribute, "unit": column.unit, "answer": value,
                       "subject_column": rows_are, "subject_kind": subject_col.kind,
                       "subject_span": row.spans[subject_col.index],
                       "namesake": qualified, "people": people,
                       "row_name": FOOTNOTE.sub("", row.cells[subject_col.index]).strip(), "era": era,
                       "row_kind": row_kind,
                       "citation": meta["citation"], "as_of": meta["as_of"]}))
    return claims


NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")        # "01/03/1911"
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def date_order(table: Table, column: Column) -> str:
    """"mdy" when a column's numeric dates put the month first (some second part is over 12 and
    no first part is), else "dmy"."""
    parts = [m.groups() for row in table.rows if (m := NUMERIC_DATE.match(row.cells[column.index].strip()))]
    if any(int(b) > 12 for _, b, _ in parts) and not any(int(a) > 12 for a, _, _ in parts):
        return "mdy"
    return "dmy"


def shown_date(value: str, order: str = "dmy") -> str:
    """A date as a learner reads and types it: "2022-02-20T12:00:00Z" and "20/02/2022" -> "20 February
    2022", "-490" (a column of years) -> "490 BC"; a date already in words stays as written."""
    text = value.strip()
    if SIGNED_YEAR.match(text) and text.startswith("-"):
        return f"{int(text[1:])} BC"
    numeric = NUMERIC_DATE.match(text)
    iso = ISO_DATE.match(text)
    if numeric:
        day, month, year = numeric.groups() if order == "dmy" else (numeric[2], numeric[1], numeric[3])
        text = f"{year}-{int(month):02d}-{int(day):02d}"
    elif iso:
        text = iso.group(1)
    else:
        return value
    date = parse_date(text)
    return format_date(date) if date is not None and date.precision == "day" else value


def _place_named(table: Table, row: Row, column: Column, name: str) -> bool:
    """Whether another place of the row stands in its name, so that the place asked, which
    contains it, is given away: "Shenzhen Center" in Shenzhen, asked its country."""
    words = f" {' '.join(WORDS.findall(name.casefold()))} "
    for other in table.columns:
        place = " ".join(WORDS.findall(row.cells[other.index].casefold()))
        if other.index != column.index and other.kind == "place" and other.role == "attribute" \
                and len(place) >= 4 and f" {place} " in words:
            return True
    return False


WORDS = re.compile(r"[^\W_]+")


def _year_named(name: str, value: str) -> bool:
    """Whether a row's name carries the year a date or year cell gives ("Sochi 2014", "2014-02-07")."""
    years = set(re.findall(r"(?<!\d)\d{4}(?!\d)", name))
    return bool(years & set(re.findall(r"(?<!\d)\d{4}(?!\d)", value)))


def _era(value: str, order: str) -> float | None:
    """A row's place in time, in years, from its first date column: options for a row of 1936
    come from rows near 1936 (no country that did not yet exist)."""
    key = normalise_value("date", shown_date(value, order)) if value.strip() else None
    match = re.match(r"(-?\d{1,4})(?:-(\d{2}))?", key or "")
    return int(match[1]) + (int(match[2]) - 1) / 12 if match and match[2] else float(match[1]) if match else None


LIST_CELL = re.compile(r",\s|\s&\s|\s/\s|;|\s\+\s")   # "Australia, Sweden", "CA & NV", "Kumamoto;Oita"


def _mostly_single(table: Table, column: Column) -> bool:
    """Whether most of a column's cells hold one value, so that a cell listing several is odd."""
    values = [c for row in table.rows if (c := row.cells[column.index].strip()) and not is_blank(c)]
    return bool(values) and sum(1 for v in values if LIST_CELL.search(v)) <= 0.2 * len(values)


def _namesakes(table: Table, subject: Column, sources: list[Column],
               rows_are: str = "") -> dict[str, tuple[Column, list[Row]]]:
    """Rows that share a subject name yet are different things (two battles of Veii, one
    laureate's two prizes): each name, the column that tells its rows apart (a date first) and
    the rows. Rows that differ in who says it or where it comes from are one subject disputed."""
    by_name: dict[str, list[Row]] = {}
    for row in table.rows:
        if row.cells[subject.index].strip():
            by_name.setdefault(row.cells[subject.index].strip().casefold(), []).append(row)
    found = {}
    candidates = sorted((c for c in table.columns if c.role == "attribute" and c.kind != "text" and c.asked
                         and not COORDINATE.fullmatch(c.header.strip())), key=lambda c: c.kind != "date")
    for name, rows in by_name.items():
        if len(rows) < 2 or any(len({r.cells[c.index] for r in rows}) > 1 for c in sources):
            continue
        differing = [c for c in table.columns if c.role == "attribute" and c.asked and c.index != subject.index
                     and len({r.cells[c.index].strip().casefold() for r in rows}) > 1]
        dated = any(c.kind == "date" for c in differing) and is_event(rows[0].cells[subject.index], rows_are)
        if len(differing) < 2 and not dated:
            continue   # one thing given two values (a bridge opened 1883 and 1884): a dispute; not two
            #            battles of Veii, 480 and 396 BC: an event that happened twice is two events
        by = next((c for c in candidates if len({r.cells[c.index].strip() for r in rows}) == len(rows)
                   and all(r.cells[c.index].strip() for r in rows)), None)
        if by is not None:
            found[name] = (by, rows)
    return found


def table_key(kind: str, subject: str, attribute: str) -> str:
    return f"table|{kind}|{' '.join(subject.casefold().split())}|{' '.join(attribute.casefold().split())}"
