"""The ``quizgen`` command line: build, check, export and evaluate decks.

Every command reports bad input as one line, ``error: <file>:<line or field>:
<what is wrong>``, on stderr and exits with status 1.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import QuizgenError


def reports_quizgen_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a QuizgenError raised by a command into a one-line message and exit 1."""
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except QuizgenError as exc:
            click.echo(f"error: {exc.one_line()}", err=True)
            raise SystemExit(1) from None
    return wrapper


@click.group()
@click.version_option(__version__, prog_name="quizgen")
def main() -> None:
    """Turn source documents into attributed question decks."""


@main.command("build")
@click.argument("folder", type=click.Path(file_okay=True, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the deck file (deck.json).")
@click.option("--title", default=None, help="Deck title (default: from the sources).")
@click.option("--no-facts", is_flag=True, help="Do not write FOLDER/facts.jsonl.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary (for scripts).")
@reports_quizgen_errors
def build_command(folder: Path, out: Path, title: str | None, no_facts: bool, quiet: bool) -> None:
    """Build a deck from FOLDER: the documents (.txt, .md, .html, .pdf, .docx) and tables of facts
    (.csv, .tsv, .xlsx) in FOLDER/sources (or FOLDER itself), with the optional sources.toml,
    facts.jsonl, facts.csv and aliases.toml."""
    from .build import build_deck, table_limit_note
    from .sources import progress_total

    total = progress_total(folder) if folder.is_dir() else 0
    with click.progressbar(length=max(total, 1), label="Reading sources", file=None if not quiet else _Null(),
                           show_pos=False) as bar:
        deck = build_deck(folder, out, write_facts_file=not no_facts, progress=bar.update, title=title)
    for warning in deck.get("table_warnings", []):
        click.echo(f"warning: {warning['message']}", err=True)
    if not quiet:
        disputed = sum(1 for q in deck["questions"] if q["disputed_by"])
        click.echo(f"wrote {out}: {len(deck['questions'])} questions from {len(deck['sources'])} sources "
                   f"({disputed} with disputes)")
        note = table_limit_note(deck)
        if note:
            click.echo(f"{note} To ask more, set max_table_questions under [deck] in {folder / 'sources.toml'}.")


class _Null(io.StringIO):
    """A file that swallows the progress bar in --quiet mode (a text file, as click.progressbar expects)."""

    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


@main.command("check")
@click.argument("deck_file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
@click.option("--quiet", is_flag=True, help="List errors only (and warnings under --strict); always print the summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as one JSON object.")
@reports_quizgen_errors
def check_command(deck_file: Path, strict: bool, quiet: bool, as_json: bool) -> None:
    """Validate DECK_FILE against its sources; exit 1 on any error (with --strict, any warning)."""
    import json

    from .check import check_deck

    report = check_deck(deck_file)
    failed = bool(report.errors or (strict and report.warnings))
    if as_json:
        click.echo(json.dumps({**report.to_json(), "ok": not failed}, ensure_ascii=False, indent=2))
    else:
        shown = [("error", report.errors)]
        if strict or not quiet:
            shown.append(("warning", report.warnings))
        for label, problems in shown:
            for problem in problems:
                where = f"{problem.field} {problem.question_id}" if problem.question_id else problem.field
                click.echo(f"{label}: {deck_file} [{where}] {problem.message}")
        click.echo(f"{deck_file}: {report.question_count} questions, {len(report.errors)} errors, "
                   f"{len(report.warnings)} warnings")
    if failed:
        raise SystemExit(1)


@main.command("export")
@click.argument("deck_file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--anki", "anki_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an Anki package (.apkg) here.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a CSV table (one row per question) here.")
@click.option("--moodle", "moodle_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a Moodle XML quiz (.xml) here.")
@click.option("--gift", "gift_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a GIFT quiz (.gift or .txt) here.")
@click.option("--quizlet", "quizlet_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write Quizlet import text (term, tab, definition; one a line) here.")
@click.option("--timestamp", type=float, default=None,
              help="Modification time for the Anki notes, seconds since the epoch (default: now).")
@click.option("--no-source-check", is_flag=True,
              help="Export without reading the source files to verify quotes.")
@reports_quizgen_errors
def export_command(deck_file: Path, anki_out: Path | None, csv_out: Path | None, moodle_out: Path | None,
                   gift_out: Path | None, quizlet_out: Path | None,
                   timestamp: float | None, no_source_check: bool) -> None:
    """Export DECK_FILE to Anki (--anki), CSV (--csv), Moodle XML (--moodle), GIFT (--gift), Quizlet (--quizlet)."""
    from .deck import load_deck, load_deck_with_sources
    from .export import check_quotes, write_apkg, write_csv, write_gift, write_moodle_xml, write_quizlet

    if not (anki_out or csv_out or moodle_out or gift_out or quizlet_out):
        raise click.UsageError("give at least one of --anki OUT.apkg, --csv OUT.csv, --moodle OUT.xml, "
                               "--gift OUT.gift, --quizlet OUT.txt")
    # Everything is read and checked before the first file is written, so a
    # bad deck or source leaves no output behind.
    if no_source_check:
        deck, texts = load_deck(deck_file), None
    else:
        deck, texts = load_deck_with_sources(deck_file)
        check_quotes(deck, texts)
    if anki_out is not None:
        write_apkg(deck, anki_out, texts=texts, timestamp=timestamp)
        click.echo(f"wrote {anki_out} ({len(deck['questions'])} notes)")
    if csv_out is not None:
        write_csv(deck, csv_out)
        click.echo(f"wrote {csv_out} ({len(deck['questions'])} rows)")
    for out, writer in ((moodle_out, write_moodle_xml), (gift_out, write_gift), (quizlet_out, write_quizlet)):
        if out is not None:
            writer(deck, out)
            click.echo(f"wrote {out} ({len(deck['questions'])} questions)")


@main.command("eval")
@click.argument("deck_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="List the missed facts, missed and false disputes.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@reports_quizgen_errors
def eval_command(deck_file: Path, gold: Path, verbose: bool, as_json: bool) -> None:
    """Measure DECK_FILE against GOLD (a corpus folder or its expected.toml): fact recall,
    dispute recall and precision, and the checker's warnings by kind."""
    import json

    from .evaluate import evaluate, format_evaluation

    folder = gold.parent if gold.is_file() else gold
    try:
        result = evaluate(deck_file, folder)
    except (OSError, KeyError, ValueError) as exc:   # a missing or malformed expected.toml
        raise QuizgenError(f"cannot read the gold: {exc}", file=folder / "expected.toml") from None
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_evaluation(folder.name, result, verbose=verbose))


if __name__ == "__main__":
    main()
