"""A table source's column settings, as the teacher's screen shows and saves them.

The settings are the ones ``quizgen build`` reads from ``sources.toml`` under the
source's entry: ``subject`` (the column naming the rows), ``rows`` (what each row
is), ``columns`` (header = kind), ``units`` (header = unit) and ``skip`` (headers
not asked). Saving checks them by reading the table with them, as the build does,
so that a setting the build would refuse is refused here, naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from quizgen.errors import QuizgenError
from quizgen.sources import TABLE_KINDS, TABLE_SUFFIXES, UNIT_CHARS, read_manifest
from quizgen.tables import COORDINATE, Column, read_table_file

from ..forms import CONTROL
from .storage import original_file, write_manifest

ROWS_CHARS = 60


class SettingsRejected(ValueError):
    """A setting the build would refuse; the message names the field."""


@dataclass(frozen=True)
class ColumnView:
    """One column as the screen shows it: its header, what the build makes of it, what is set."""
    index: int
    header: str
    kind: str          # as the build reads it, setting included
    set_kind: str      # "" when the build infers it
    unit: str          # the unit set in sources.toml ("" when none)
    header_unit: str   # the unit the header gives ("Length (km)")
    skipped: bool
    subject: bool
    asked: str         # "yes", or why not


@dataclass(frozen=True)
class TableView:
    key: str
    rows: str
    columns: list[ColumnView]
    problem: str = ""   # why the settings in sources.toml cannot be used (the view shows the table without them)


def table_path(folder: Path, key: str) -> Path | None:
    """The table file of source ``key``, or None when it is no table."""
    path = original_file(folder, key)
    return path if path is not None and path.suffix.lower() in TABLE_SUFFIXES else None


def table_view(folder: Path, key: str) -> TableView | None:
    """The columns of a table source (its first sheet) with what is set and what the build makes of them."""
    path = table_path(folder, key)
    if path is None:
        return None
    meta, problem = read_manifest(folder).get(key, {}), ""
    try:
        table = read_table_file(path, key, meta, manifest=folder / "sources.toml").tables[0]
    except QuizgenError as error:   # a setting the table no longer fits: show the table, say what is wrong
        meta, problem = {}, error.one_line()
        table = read_table_file(path, key, meta).tables[0]
    kinds = {h.casefold(): k for h, k in (meta.get("columns") or {}).items()}
    units = {h.casefold(): u for h, u in (meta.get("units") or {}).items()}
    skipped = {h.casefold() for h in meta.get("skip") or []}
    columns = [ColumnView(c.index, c.header, c.kind, kinds.get(c.header.casefold(), ""),
                          units.get(c.header.casefold(), ""), "" if c.header.casefold() in units else c.unit or "",
                          c.header.casefold() in skipped, c.role == "subject", _asked(c, skipped))
               for c in table.columns]
    return TableView(key, meta.get("rows", ""), columns, problem)


def _asked(column: Column, skipped: set[str]) -> str:
    """Whether the build asks the column's cells, or why not."""
    if column.role == "subject":
        return "names the rows"
    if column.header.casefold() in skipped:
        return "no: skipped"
    if column.role != "attribute":
        return f"no: the row's {column.role.replace('_', ' ')}"
    if COORDINATE.fullmatch(column.header.strip()):
        return "no: map coordinates"
    if not column.asked:
        return "no: it needs a unit" if column.no_unit else "no: it only numbers the rows"
    return "no: text is not asked" if column.kind == "text" else "yes"


def as_submitted(view: TableView, form: dict[str, str]) -> TableView:
    """The screen as the teacher filled it in, to show again beside what was wrong with it."""
    columns = [replace(c, set_kind=form.get(f"kind-{c.index}", "")[:40], unit=form.get(f"unit-{c.index}", "")[:40],
                       skipped=bool(form.get(f"skip-{c.index}")), subject=form.get("subject") == str(c.index))
               for c in view.columns]
    return TableView(view.key, form.get("rows", "")[:200], columns, view.problem)


def settings_from_form(form: dict[str, str], headers: list[str]) -> dict:
    """The manifest settings a submitted form gives; SettingsRejected names the first bad field."""
    settings: dict = {"columns": {}, "units": {}, "skip": []}
    rows = " ".join(form.get("rows", "").split())
    if len(rows) > ROWS_CHARS or CONTROL.search(form.get("rows", "").replace("\n", "")):
        raise SettingsRejected(f"What each row is: at most {ROWS_CHARS} characters on one line.")
    subject = form.get("subject", "")
    if subject and (not subject.isdigit() or int(subject) >= len(headers)):
        raise SettingsRejected("The column naming the rows: choose one of the table's columns.")
    for index, header in enumerate(headers):
        kind, unit = form.get(f"kind-{index}", ""), form.get(f"unit-{index}", "").strip()
        if kind and kind not in TABLE_KINDS:
            raise SettingsRejected(f"Kind of “{header}”: choose one of {', '.join(TABLE_KINDS)}, not “{kind[:40]}”.")
        if len(unit) > UNIT_CHARS or CONTROL.search(unit):
            raise SettingsRejected(f"Unit of “{header}”: at most {UNIT_CHARS} characters on one line.")
        if form.get(f"skip-{index}") and subject == str(index):
            raise SettingsRejected(f"Skip “{header}”: the column naming the rows cannot be skipped.")
        settings["columns"].update({header: kind} if kind else {})
        settings["units"].update({header: unit} if unit else {})
        settings["skip"] += [header] if form.get(f"skip-{index}") else []
    return {**settings, "rows": rows, "subject": headers[int(subject)] if subject else ""}


def save_settings(folder: Path, view: TableView, form: dict[str, str]) -> None:
    """Check the form's settings for the table ``view`` shows by reading the table with them, as the
    build will; then write them into sources.toml beside the source's other fields.
    SettingsRejected says what is wrong."""
    key, path = view.key, table_path(folder, view.key)
    if path is None:
        raise SettingsRejected("No such table.")
    manifest = read_manifest(folder)
    entry = {name: value for name, value in manifest.get(key, {}).items()
             if name not in ("subject", "rows", "columns", "units", "skip")}
    entry.update({name: value for name, value in
                  settings_from_form(form, [c.header for c in view.columns]).items() if value})
    try:
        read_table_file(path, key, entry, manifest=folder / "sources.toml")
    except QuizgenError as error:
        raise SettingsRejected(f"Not saved: {error.message}.") from None
    manifest[key] = entry
    write_manifest(folder, manifest)
