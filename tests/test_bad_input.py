"""``quizgen build`` on bad input: exit non-zero, one line on stderr, nothing written.

Each case starts from a small valid deck folder (which builds, see the control
test), breaks one thing, and checks that the error names the broken file (and
the line, where the problem has one), that no deck file appears, that a deck
already at the output path is left byte-for-byte as it was, and that the input
folder is not touched either.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

FIXTURE_DECK = Path(__file__).parent / "fixtures" / "mini" / "deck.json"

SOURCE_TEXT = (
    "Harbour notes\n\n"
    "The lighthouse at Skerrby was first lit on 1 March 1874.\n"
    "According to the harbour board, its lamp could be seen 18 nautical miles out to sea.\n"
)
MANIFEST = '[sources.harbour]\ntitle = "Harbour notes"\nkind = "report"\nperspective = "neutral"\n'


def valid_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "harbour-deck"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "harbour.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (folder / "sources.toml").write_text(MANIFEST, encoding="utf-8")
    return folder


def claim_line(value: str, exact: str, kind: str) -> str:
    return json.dumps({"kind": kind, "value": value, "source": "harbour", "exact": exact,
                       "claimant": None, "subject": "lighthouse"})


# Each case breaks the folder and returns (path given to build, file the error must name,
# line it must name or None).
Breaker = Callable[[Path], tuple[Path, str, int | None]]


def not_utf8(folder: Path) -> tuple[Path, str, int | None]:
    # Latin-1 "é" on line 3, as an old word processor would save it.
    (folder / "sources" / "ferry.txt").write_bytes(
        b"Ferry notes\n\nThe caf\xe9 on the quay opened on 3 May 1999.\n")
    return folder, "ferry.txt", 3


def empty_file(folder: Path) -> tuple[Path, str, int | None]:
    (folder / "sources" / "blank.txt").write_bytes(b"")
    return folder, "blank.txt", None


def binary_file(folder: Path) -> tuple[Path, str, int | None]:
    # A .docx (a zip archive) renamed to .txt: valid ASCII bytes, but NULs and no text.
    (folder / "sources" / "minutes.txt").write_bytes(
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00[Content_Types].xml"
        + bytes(range(0, 32)) * 8)
    return folder, "minutes.txt", None


def missing_folder(folder: Path) -> tuple[Path, str, int | None]:
    gone = folder.parent / "no-such-deck"
    return gone, "no-such-deck", None


def malformed_manifest(folder: Path) -> tuple[Path, str, int | None]:
    # The closing quote of kind is missing on line 3.
    (folder / "sources.toml").write_text(
        '[sources.harbour]\ntitle = "Harbour notes"\nkind = "report\nperspective = "neutral"\n',
        encoding="utf-8")
    return folder, "sources.toml", 3


def malformed_facts(folder: Path) -> tuple[Path, str, int | None]:
    lines = [
        claim_line("1 March 1874", "The lighthouse at Skerrby was first lit on 1 March 1874.", "date"),
        claim_line("Skerrby", "The lighthouse at Skerrby was first lit on 1 March 1874.", "place"),
        '{"kind": "figure", "value": "18 nautical miles", "source": "harbour", "exact": ',
    ]
    (folder / "facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, "facts.jsonl", 3


def facts_quote_not_in_source(folder: Path) -> tuple[Path, str, int | None]:
    # Line 2 quotes a sentence the source does not contain (edited by hand, wrongly).
    lines = [
        claim_line("1 March 1874", "The lighthouse at Skerrby was first lit on 1 March 1874.", "date"),
        claim_line("2 March 1874", "The lighthouse at Skerrby was first lit on 2 March 1874.", "date"),
    ]
    (folder / "facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, "facts.jsonl", 2


def facts_field_of_the_wrong_type(field: str, value: object) -> Breaker:
    def breaker(folder: Path) -> tuple[Path, str, int | None]:
        sentence = "The lighthouse at Skerrby was first lit on 1 March 1874."
        wrong = json.loads(claim_line("Skerrby", sentence, "place"))
        wrong[field] = value
        lines = [claim_line("1 March 1874", sentence, "date"), json.dumps(wrong)]
        (folder / "facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return folder, "facts.jsonl", 2
    return breaker


def one_enormous_line(folder: Path) -> tuple[Path, str, int | None]:
    # Pasted from somewhere with no line breaks at all: more than the language model reads at once.
    sentence = "The harbour was dredged in 1911 and the pier was 300 metres long. "
    (folder / "sources" / "pasted.txt").write_text("A note.\n" + sentence * (1_000_000 // len(sentence) + 1),
                                                   encoding="utf-8")
    return folder, "pasted.txt", 2


def fifty_megabytes_of_lines(folder: Path) -> tuple[Path, str, int | None]:
    # A whole archive pasted into one text file: past the 20 MB a text source may hold.
    sentence = "The harbour was dredged in 1911 and the pier was 300 metres long.\n"
    (folder / "sources" / "archive.txt").write_text(sentence * (50_000_000 // len(sentence) + 1), encoding="utf-8")
    return folder, "archive.txt", None


def utf16_file(folder: Path) -> tuple[Path, str, int | None]:
    # Saved as "Unicode" by an old Windows editor: UTF-16 with a byte-order mark.
    (folder / "sources" / "tides.txt").write_bytes("Tide table notes\n\nHigh water at 06:12.\n".encode("utf-16"))
    return folder, "tides.txt", None


CASES: dict[str, Breaker] = {
    "UTF-16 file": utf16_file,
    "facts.jsonl quote not in source": facts_quote_not_in_source,
    "not UTF-8": not_utf8,
    "empty file": empty_file,
    "binary file": binary_file,
    "missing folder": missing_folder,
    "malformed sources.toml": malformed_manifest,
    "malformed facts.jsonl": malformed_facts,
    "facts.jsonl value_in_sentence not a pair": facts_field_of_the_wrong_type("value_in_sentence", 5),
    "facts.jsonl claimant a list": facts_field_of_the_wrong_type("claimant", ["x"]),
    "facts.jsonl start a float": facts_field_of_the_wrong_type("start", 11.0),
    "facts.jsonl context not a list": facts_field_of_the_wrong_type("context", "harbour"),
    "one line over a million characters": one_enormous_line,
    "a 50 MB text of many lines": fifty_megabytes_of_lines,
}


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(folder: Path, out: Path):
    from quizgen.cli import main

    return CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--quiet"])


def test_the_valid_folder_builds(tmp_path):
    """Control: the folder every case starts from is fine, so each failure is the case's doing."""
    from quizgen.deck import load_deck

    out = tmp_path / "out" / "deck.json"
    result = build(valid_folder(tmp_path), out)
    assert result.exit_code == 0, f"{result.output}{result.exception!r}"
    assert load_deck(out)["sources"][0]["id"] == "harbour"


@pytest.mark.parametrize("deck_already_there", [False, True], ids=["no-old-deck", "old-deck"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_with_one_line_and_writes_nothing(tmp_path, case, deck_already_there):
    folder, named_file, named_line = CASES[case](valid_folder(tmp_path))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "deck.json"
    if deck_already_there:
        out.write_bytes(FIXTURE_DECK.read_bytes())
    before_out, before_in = snapshot(out_dir), snapshot(folder)

    result = build(folder, out)

    assert result.exit_code != 0, f"exit 0 on {case}: {result.output}"
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"want one error line on stderr, got {lines!r} ({result.exception!r})"
    assert named_file in lines[0], f"error does not name {named_file}: {lines[0]!r}"
    if named_line is not None:
        assert f"{named_file}:{named_line}" in lines[0] or f"line {named_line}" in lines[0], \
            f"error does not name line {named_line}: {lines[0]!r}"
    assert snapshot(out_dir) == before_out, "the output folder changed (deck or temporary files)"
    assert snapshot(folder) == before_in, "the input folder changed"
