"""Extraction costs time in proportion to the text, and over-long input gets a clear error.

spaCy's ``Doc.text`` joins every token again on each read and ``Span.ents`` walks
every entity of the document, so reading either per entity or per sentence made
one long line quadratic (200 KB took four minutes). These tests count those reads
rather than time them; ``benchmarks/build_scaling.py`` shows the timings.
"""

from __future__ import annotations

import pytest

from quizgen import nlp as nlp_module
from quizgen.errors import QuizgenError
from quizgen.extract import _inside_word, extract_claims, extract_text
from quizgen.sources import load_source_dir
from quizgen.spans import _glued, sentence_ents

SENTENCE = ("On 9 November 2020 the ministry said that 2,906 soldiers of the Su-25 squadron "
            "had been killed near Stepanakert, and 72% of the TB2 drones were lost. ")


class CountingDoc:
    """Stands in for a spaCy Doc and counts how often its whole text is rebuilt."""

    def __init__(self, text: str):
        self._text = text
        self.text_reads = 0
        self.user_data: dict = {}

    @property
    def text(self) -> str:
        self.text_reads += 1
        return self._text


class Piece:
    """An entity or token of a CountingDoc: where it starts and ends."""

    def __init__(self, doc: CountingDoc, start: int, end: int):
        self.doc, self.start_char, self.end_char, self.idx = doc, start, end, start
        self.text = doc._text[start:end]


def test_the_text_is_rebuilt_once_per_document_not_once_per_entity():
    text = "Su-25 and 300 more " * 200
    doc = CountingDoc(text)
    numbers = [i for i in range(len(text)) if text.startswith("300", i)]
    glued = [i for i in range(len(text)) if text.startswith("25", i)]
    for start in numbers:
        _inside_word(Piece(doc, start, start + 3))  # type: ignore[arg-type]
    for start in glued:
        _glued(Piece(doc, start, start + 2))
    assert len(numbers) == len(glued) == 200
    assert doc.text_reads == 1


def test_the_verdicts_on_glued_numbers_are_unchanged():
    doc = CountingDoc("the Su-25 jet, 300 men, TB2s and 4/5 of them")
    assert _inside_word(Piece(doc, 7, 9)) is True   # type: ignore[arg-type]  # "25" of "Su-25"
    assert _inside_word(Piece(doc, 15, 18)) is False  # type: ignore[arg-type]  # "300"
    assert _glued(Piece(doc, 26, 27)) is True          # "2" of "TB2s"
    assert _glued(Piece(doc, 15, 18)) is False


def test_sentence_entities_are_those_spacy_gives_each_sentence():
    nlp = nlp_module.load()
    doc = nlp(SENTENCE * 30 + "In 1931, Anna Keller moved to Geneva. It rained. " * 10)
    sentences = list(doc.sents)
    assert len(sentences) > 30
    for sent in sentences:
        assert [(e.start, e.end, e.label_) for e in sentence_ents(sent)] == \
               [(e.start, e.end, e.label_) for e in sent.ents]


def test_sentence_entities_read_the_documents_entities_once():
    nlp = nlp_module.load()
    doc = nlp(SENTENCE * 20)
    for sent in doc.sents:
        sentence_ents(sent)
    first = doc.user_data["quizgen.ents"]
    for sent in doc.sents:
        sentence_ents(sent)
    assert doc.user_data["quizgen.ents"] is first


def test_a_paragraph_longer_than_the_model_reads_is_a_clear_error_naming_file_and_line(tmp_path, monkeypatch):
    nlp = nlp_module.load()
    monkeypatch.setattr(nlp, "max_length", 2_000)
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "long.txt").write_text("A short opening line about 1931.\n\n" + SENTENCE * 20 + "\n",
                                      encoding="utf-8")
    [source] = load_source_dir(tmp_path)
    with pytest.raises(QuizgenError) as caught:
        extract_claims(source)
    message = caught.value.one_line()
    assert message.startswith(f"{sources / 'long.txt'}:3: ")
    assert "break it into paragraphs" in message and "E088" not in message


def test_progress_is_reported_within_a_source(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    paragraphs = [SENTENCE * 3 for _ in range(6)]
    (sources / "many.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    [source] = load_source_dir(tmp_path)
    reports: list[int] = []
    extract_claims(source, progress=reports.append)
    assert len(reports) >= 6 and all(r > 0 for r in reports)
    assert sum(reports) <= len(source.text)


def test_one_long_line_still_gives_its_claims():
    claims = extract_text(SENTENCE * 50)
    assert {c.value for c in claims} >= {"2,906", "72%"}
