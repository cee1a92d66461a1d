"""Sources that are not plain text: Markdown, web pages, PDF and Word, read into the text evidence points into."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.check import check_deck
from quizgen.cli import main
from quizgen.deck import load_deck_with_sources, sha256_bytes
from quizgen.documents import read_document
from quizgen.errors import QuizgenError
from quizgen.segment import split_blocks

from document_files import (
    DOCX_PARAGRAPHS,
    HTML,
    MARKDOWN,
    PDF_PAGES,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
    write_corpus,
    zip_bomb_docx_bytes,
)


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def headings(text: str) -> list[str]:
    return [text[b.start:b.end] for b in split_blocks(text) if b.kind == "heading"]


def test_markdown_keeps_headings_and_list_entries_and_drops_markup():
    document = read_document(Path("dam.md"), MARKDOWN.encode())
    blocks = paragraphs(document.text)
    assert blocks[:2] == ["Building the Kessel Dam", "The Kessel Dam was completed in 1934 after six years of work."]
    assert "Workers" in blocks
    assert "- About 3,200 workers built the dam.\n- The chief engineer was Ida Marren." in blocks
    assert "**" not in document.text and "https://" not in document.text and "#" not in document.text
    assert document.title == "Building the Kessel Dam"
    assert {"Building the Kessel Dam", "Workers"} <= set(headings(document.text))


def test_web_page_gives_its_main_text_without_menus_footer_or_scripts():
    document = read_document(Path("floods.html"), HTML.encode())
    blocks = paragraphs(document.text)
    assert blocks[0] == "The Ostrel floods" and "Damage" in blocks
    assert ("According to the regional council, 1,450 houses were destroyed in the valley towns that spring."
            in blocks)
    for boilerplate in ("About the archive", "All rights reserved", "tracking code", "<p>"):
        assert boilerplate not in document.text
    assert (document.title, document.author, document.date) == ("The Ostrel floods", "Pell Annunsen", "2019-05-02")
    assert "Damage" in headings(document.text)


def test_pdf_text_is_read_page_by_page_with_its_metadata():
    document = read_document(Path("railway.pdf"), pdf_bytes())
    assert len(document.page_starts) == len(PDF_PAGES) and document.page_starts[0] == 0
    second = document.text[document.page_starts[1]:]
    assert second.startswith("Later years") and "9 June 1889" not in second
    assert "9 June 1889" in document.text[:document.page_starts[1]]
    assert (document.title, document.author, document.date) == (
        "A History of the Varnian Railway", "Mira Oskel", "2020-01-15")


LONG_PARAGRAPH = ("The Varnian Railway opened between Kessel and Brannoch on 9 June 1889 after nine years of "
                  "planning. The line was 212 kilometres long and crossed the Ostrel river twice, on bridges "
                  "designed by the engineer Ida Marren. In its first year the railway carried 310,000 passengers "
                  "and 45,000 tonnes of freight, according to the company report.")


def test_pdf_lines_of_one_paragraph_are_joined_and_headings_and_list_entries_kept_apart():
    pages = [f"The Varnian Railway\n\n{LONG_PARAGRAPH}\n\n{LONG_PARAGRAPH}",
             "Later years\n\n- The first entry of a list\n\n- The second entry"]
    document = read_document(Path("long.pdf"), pdf_bytes(pages))
    assert paragraphs(document.text) == ["The Varnian Railway", LONG_PARAGRAPH, LONG_PARAGRAPH, "Later years",
                                         "- The first entry of a list", "- The second entry"]
    assert {"The Varnian Railway", "Later years"} <= set(headings(document.text))


def test_word_document_keeps_headings_as_their_own_blocks_and_its_core_properties():
    document = read_document(Path("charter.docx"), docx_bytes())
    blocks = paragraphs(document.text)
    expected = [f"- {text}" if style.startswith("List") else text for style, text in DOCX_PARAGRAPHS]
    assert blocks == expected
    assert {"Origins", "Later history"} <= set(headings(document.text))
    # no title in the core properties: the Title paragraph names it
    assert (document.title, document.author, document.date) == ("The Brannoch Charter", "Tova Brenn", "2018-09-01")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("scan.pdf", scanned_pdf_bytes, "looks scanned"),
    ("locked.pdf", encrypted_pdf_bytes, "encrypted"),
    ("broken.pdf", lambda: pdf_bytes()[:400], "not a readable PDF"),
    ("bomb.docx", zip_bomb_docx_bytes, "zip bomb"),
    ("notword.docx", lambda: b"PK but not really a zip file", "not a Word .docx file"),
    ("huge.html", lambda: b"<html><body>" + b"<p>word </p>" * 5_000_000 + b"</body></html>", "too large"),
    ("empty.html", lambda: b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no (main )?text"),
])
def test_bad_files_get_one_clear_message_naming_the_file(name, data, message):
    with pytest.raises(QuizgenError, match=message) as caught:
        read_document(Path(name), data())
    assert caught.value.one_line().startswith(f"{name}: ")


@pytest.fixture(scope="module")
def corpus_deck(tmp_path_factory) -> Path:
    folder = write_corpus(tmp_path_factory.mktemp("corpus") / "rivers")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json"), "--quiet"])
    assert result.exit_code == 0, result.output
    return folder / "deck.json"


def test_a_deck_from_one_file_of_each_kind_verifies_against_the_stored_texts(corpus_deck):
    report = check_deck(corpus_deck)
    assert report.errors == []
    deck, texts = load_deck_with_sources(corpus_deck)
    folder = corpus_deck.parent
    by_id = {s["id"]: s for s in deck["sources"]}
    assert set(by_id) == {"treaty", "dam", "floods", "railway", "charter"}
    assert {q["evidence"][0]["source"] for q in deck["questions"]} == set(by_id), "every kind gives questions"
    for question in deck["questions"]:
        for evidence in (*question["evidence"], *question["disputed_by"]):
            assert texts[evidence["source"]][evidence["start"]:evidence["end"]] == evidence["exact"]
    for sid, suffix in {"dam": ".md", "floods": ".html", "railway": ".pdf", "charter": ".docx"}.items():
        source = by_id[sid]
        assert source["path"] == f"sources/{sid}{suffix}.txt"
        stored = (folder / source["path"]).read_bytes()
        assert source["sha256"] == sha256_bytes(stored)
        original = folder / source["original"]["path"]
        assert original.name == f"{sid}{suffix}" and source["original"]["sha256"] == sha256_bytes(original.read_bytes())
    assert "original" not in by_id["treaty"] and by_id["treaty"]["path"] == "sources/treaty.txt"
    assert by_id["railway"]["title"] == "A History of the Varnian Railway"
    assert by_id["floods"]["author"] == "Pell Annunsen" and by_id["charter"]["date"] == "2018-09-01"


def test_pdf_quotes_record_the_page_they_are_on(corpus_deck):
    from pypdf import PdfReader

    deck, _texts = load_deck_with_sources(corpus_deck)
    pages = [page.extract_text() for page in PdfReader(corpus_deck.parent / "sources" / "railway.pdf").pages]
    quoted = [e for q in deck["questions"] for e in q["evidence"] if e["source"] == "railway"]
    assert {e["page"] for e in quoted} == {1, 2}
    for evidence in quoted:  # the PDF breaks lines where the stored text runs a paragraph on
        assert " ".join(evidence["exact"].split()) in " ".join(pages[evidence["page"] - 1].split())
    assert all("page" not in e for q in deck["questions"] for e in q["evidence"] if e["source"] != "railway")


def test_check_fails_when_the_stored_text_is_changed(corpus_deck, tmp_path):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(corpus_deck.parent, folder)
    stored = folder / "sources" / "floods.html.txt"
    stored.write_text(stored.read_text(encoding="utf-8").replace("1,450", "1,460"), encoding="utf-8")
    assert any("sha256" in p.field for p in check_deck(folder / "deck.json").errors)


def test_sources_toml_overrides_the_files_own_metadata(tmp_path):
    folder = tmp_path / "deck"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "railway.pdf").write_bytes(pdf_bytes())
    (folder / "sources.toml").write_text('[sources.railway]\ntitle = "Railway notes"\nauthor = "A. Teacher"\n',
                                         encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json"), "--quiet"])
    assert result.exit_code == 0, result.output
    source = json.loads((folder / "deck.json").read_text(encoding="utf-8"))["sources"][0]
    assert (source["title"], source["author"], source["date"]) == ("Railway notes", "A. Teacher", "2020-01-15")


@pytest.mark.parametrize(("name", "data"), [
    ("scan.pdf", scanned_pdf_bytes), ("locked.pdf", encrypted_pdf_bytes), ("bomb.docx", zip_bomb_docx_bytes),
    ("huge.html", lambda: b"<html><body>" + b"<p>word </p>" * 5_000_000 + b"</body></html>"),
])
def test_a_bad_file_stops_the_build_and_leaves_nothing_behind(tmp_path, name, data):
    folder = write_corpus(tmp_path / "rivers")
    (folder / "sources" / name).write_bytes(data())
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {folder / 'sources' / name}: ") and result.stderr.count("\n") == 1
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


def test_two_files_with_one_name_are_refused(tmp_path):
    folder = tmp_path / "deck"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "railway.pdf").write_bytes(pdf_bytes())
    (folder / "sources" / "railway.txt").write_text("The railway opened in 1889.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json")])
    assert result.exit_code == 1 and "two sources are called 'railway'" in result.stderr


def test_rebuilding_unchanged_files_leaves_the_stored_text_alone(corpus_deck, tmp_path):
    import shutil

    folder = tmp_path / "again"
    shutil.copytree(corpus_deck.parent, folder)
    stored = folder / "sources" / "charter.docx.txt"
    mtime = stored.stat().st_mtime_ns
    before = json.loads((folder / "deck.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "deck.json"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert stored.stat().st_mtime_ns == mtime
    after = json.loads((folder / "deck.json").read_text(encoding="utf-8"))
    assert [q["id"] for q in after["questions"]] == [q["id"] for q in before["questions"]]



def test_check_warns_when_the_original_changed_or_went_missing(corpus_deck, tmp_path):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(corpus_deck.parent, folder)
    assert check_deck(folder / "deck.json").warnings == []
    (folder / "sources" / "railway.pdf").write_bytes(pdf_bytes(title="Another title"))
    (folder / "sources" / "charter.docx").unlink()
    report = check_deck(folder / "deck.json")
    assert report.errors == []
    found = {(p.field, p.kind) for p in report.warnings}
    assert found == {("sources[3].original.sha256", "original"), ("sources[0].original.path", "original")}


def test_a_readme_among_the_sources_is_not_a_source(tmp_path):
    from quizgen.sources import source_files

    folder = write_corpus(tmp_path / "rivers")
    (folder / "sources" / "README.md").write_text("# About these sources\n\nCollected in 2024.\n", encoding="utf-8")
    (folder / "sources" / "dam.md.txt").write_text("stored text\n", encoding="utf-8")
    names = [p.name for p in source_files(folder)]
    assert names == ["charter.docx", "dam.md", "floods.html", "railway.pdf", "treaty.txt"]
