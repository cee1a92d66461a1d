"""``quizgen build`` on the command line: output, --quiet, exit codes, --title, movable decks.

Most tests drive the click command in-process with ``CliRunner``; one runs the
real ``python -m quizgen`` so that what a script sees on stdout is checked too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from quizgen.cli import main
from quizgen.deck import load_deck_with_sources

DAM = """The Vessel Dam

The Vessel Dam was built across the Orva River between 1931 and 1936.
About 4,200 labourers worked on the site at the peak of construction.
The reservoir behind the dam holds 35 cubic kilometres of water.
"""
POWER = """Power from the Orva

The power station below the dam opened on 12 May 1939 with four turbines.
A fifth turbine was added in 1961 at a cost of 18 million crowns.
The station was managed for thirty years by Arthur Quill.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "orva"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "dam.txt").write_text(DAM, encoding="utf-8")
    (folder / "sources" / "power.txt").write_text(POWER, encoding="utf-8")
    return folder


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_reports_progress_and_a_summary(folder):
    out = folder / "deck.json"
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    deck = json.loads(out.read_text(encoding="utf-8"))
    lines = result.stdout.strip().splitlines()
    assert len(lines) >= 2, "a progress line, then the summary"
    summary = lines[-1]
    assert str(out) in summary
    assert f"{len(deck['questions'])} questions" in summary
    assert f"from {len(deck['sources'])} sources" in summary
    assert result.stderr == ""


def test_a_built_deck_and_facts_file_get_the_permissions_of_any_new_file(folder):
    import os

    mask = os.umask(0o022)
    try:
        assert run("build", folder, "-o", folder / "deck.json").exit_code == 0
        assert (folder / "deck.json").stat().st_mode & 0o777 == 0o644
        assert (folder / "facts.jsonl").stat().st_mode & 0o777 == 0o644
        (folder / "deck.json").chmod(0o640)
        assert run("build", folder, "-o", folder / "deck.json").exit_code == 0
        assert (folder / "deck.json").stat().st_mode & 0o777 == 0o640, "a rebuild keeps the file's mode"
    finally:
        os.umask(mask)


def test_quiet_build_prints_nothing(folder):
    out = folder / "deck.json"
    result = run("build", folder, "-o", out, "--quiet")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""
    assert json.loads(out.read_text(encoding="utf-8"))["questions"]


def test_quiet_build_in_a_real_process_prints_nothing_on_stdout(folder):
    out = folder / "deck.json"
    completed = subprocess.run([sys.executable, "-m", "quizgen", "build", str(folder), "-o", str(out), "-q"],
                               capture_output=True)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == b""
    assert out.exists()


@pytest.mark.parametrize("quiet", [[], ["--quiet"]], ids=["verbose", "quiet"])
def test_bad_input_exits_1_with_one_error_line_and_no_deck(folder, quiet):
    (folder / "facts.jsonl").write_text('{"kind": "name", "value": \n', encoding="utf-8")
    out = folder / "deck.json"
    result = run("build", folder, "-o", out, *quiet)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and f"{folder / 'facts.jsonl'}:1" in line
    assert "Traceback" not in result.output
    assert not out.exists()
    if quiet:
        assert result.stdout == ""


@pytest.mark.parametrize("target", ["missing", "file"])
def test_a_folder_that_is_not_a_deck_folder_exits_1(tmp_path, target):
    path = tmp_path / "nothing-here"
    if target == "file":
        path.write_text("not a folder", encoding="utf-8")
    result = run("build", path, "-o", tmp_path / "deck.json", "--quiet")
    assert result.exit_code == 1
    assert str(path) in result.stderr
    assert not (tmp_path / "deck.json").exists()


def test_a_folder_without_sources_exits_1(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("build", tmp_path / "empty", "-o", tmp_path / "deck.json", "-q")
    assert result.exit_code == 1
    assert "error:" in result.stderr


def test_usage_errors_exit_2(folder):
    assert run("build", folder).exit_code == 2                       # no -o
    assert run("build", "-o", folder / "deck.json").exit_code == 2   # no folder
    assert run("build", folder, "-o", folder / "deck.json", "--no-such-option").exit_code == 2
    assert not (folder / "deck.json").exists()


def test_title_option_sets_the_deck_title(folder):
    out = folder / "deck.json"
    assert run("build", folder, "-o", out, "-q").exit_code == 0
    default_title = json.loads(out.read_text(encoding="utf-8"))["title"]
    title = "Die Orva – Staudamm & Kraftwerk"
    assert title != default_title
    assert run("build", folder, "-o", out, "-q", "--title", title).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == title


def test_no_facts_option_writes_no_facts_file(folder):
    assert run("build", folder, "-o", folder / "deck.json", "-q", "--no-facts").exit_code == 0
    assert not (folder / "facts.jsonl").exists()
    assert run("build", folder, "-o", folder / "deck.json", "-q").exit_code == 0
    assert (folder / "facts.jsonl").exists()


def test_source_paths_are_relative_so_the_deck_folder_can_move(folder, tmp_path):
    assert run("build", folder, "-o", folder / "deck.json", "-q").exit_code == 0
    deck = json.loads((folder / "deck.json").read_text(encoding="utf-8"))
    assert sorted(s["path"] for s in deck["sources"]) == ["sources/dam.txt", "sources/power.txt"]

    moved = tmp_path / "elsewhere" / "renamed-orva"
    moved.parent.mkdir()
    shutil.move(folder, moved)
    _, texts = load_deck_with_sources(moved / "deck.json")
    assert texts == {"dam": DAM, "power": POWER}
    result = run("check", moved / "deck.json")
    assert result.exit_code == 0, result.output


def test_a_deck_written_outside_its_folder_points_back_relatively(folder, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(folder, root / "orva")
    out = root / "built" / "orva.json"
    out.parent.mkdir()
    assert run("build", root / "orva", "-o", out, "-q").exit_code == 0
    deck = json.loads(out.read_text(encoding="utf-8"))
    for source in deck["sources"]:
        path = PurePosixPath(source["path"])
        assert not path.is_absolute() and "\\" not in source["path"]
        assert (out.parent / path).resolve() == (root / "orva" / "sources" / f"{source['id']}.txt").resolve()
    # moving the two folders together keeps the deck readable
    shutil.move(root, tmp_path / "moved")
    _, texts = load_deck_with_sources(tmp_path / "moved" / "built" / "orva.json")
    assert texts == {"dam": DAM, "power": POWER}
