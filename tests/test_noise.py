"""The extractor draws no claim from text that is not prose about the subject.

Reference lists, endnotes, publication stamps, captions and headings carry dates,
figures and names too ("Retrieved 3 May 2019", "Created August 13th, 2021"), but
none of them is a fact to learn. Checked on the sample sources and the test
corpora (tests/corpora/README.md says where their noise is), and on small
documents written here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora.gold import corpus_folders

from quizgen.gold import Gold, load_gold, noise_spans, overlaps, reference_line_spans

FOLDERS = corpus_folders()


@pytest.fixture(scope="module", params=FOLDERS, ids=[folder.name for folder in FOLDERS])
def extracted(request) -> tuple[Gold, dict[str, str], list]:
    """(gold, source texts, claims) for one corpus, claims from quizgen.extract.extract_claims."""
    from quizgen.extract import extract_claims
    from quizgen.sources import load_source_dir

    folder: Path = request.param
    sources = load_source_dir(folder)
    claims = [claim for source in sources for claim in extract_claims(source)]
    return load_gold(folder), {source.id: source.text for source in sources}, claims


def claims_inside(claims, texts: dict[str, str], spans_for) -> list[str]:
    found = []
    for claim in claims:
        spans = spans_for(claim.source, texts[claim.source])
        if overlaps(claim.start, claim.end, spans):
            found.append(f"  {claim.source}[{claim.start}:{claim.end}] {claim.kind} {claim.value!r} "
                         f"in {claim.exact[:80]!r}")
    return found


def test_claims_are_found_and_quote_their_source(extracted):
    gold, texts, claims = extracted
    assert claims, f"no claims at all from {gold.name}"
    wrong = [f"  {c.source}[{c.start}:{c.end}]" for c in claims if texts[c.source][c.start:c.end] != c.exact]
    assert not wrong, "claims whose exact is not the text at their offsets:\n" + "\n".join(wrong)


def test_no_claim_from_reference_lines(extracted):
    """Lines starting with ^ or holding Retrieved <date> / Accessed on / Archived from."""
    _, texts, claims = extracted
    found = claims_inside(claims, texts, lambda sid, text: reference_line_spans(text))
    assert not found, "claims drawn from reference lines:\n" + "\n".join(found)


def test_no_claim_from_headings(extracted):
    gold, texts, claims = extracted

    def heading_spans(source_id: str, text: str) -> list[tuple[int, int]]:
        return [span for noise in gold.noise if noise.source == source_id and noise.anchor == "heading"
                for span in noise_spans(noise, text)]

    found = claims_inside(claims, texts, heading_spans)
    assert not found, "claims drawn from headings:\n" + "\n".join(found)


def test_no_claim_from_stamps_captions_or_endnotes(extracted):
    gold, texts, claims = extracted

    def other_noise(source_id: str, text: str) -> list[tuple[int, int]]:
        return [span for noise in gold.noise if noise.source == source_id and noise.anchor != "heading"
                for span in noise_spans(noise, text)]

    found = claims_inside(claims, texts, other_noise)
    assert not found, "claims drawn from stamps, captions, bylines or endnotes:\n" + "\n".join(found)


# Small documents written for this test: the body line must give claims, the rest none.
DOCUMENTS = {
    "reference list": (
        "The Orlov Bridge\n\n"
        "The Orlov Bridge over the Neman was opened on 14 August 1962 after four years of work.\n\n"
        "References\n"
        "^ Petrauskas, A. (1999). “Bridges of the Neman”. Baltic Engineering. 12 (3): 44–51. "
        "Retrieved 3 May 2019.\n"
        "^ “Orlov Bridge”. City Archive. 2 June 2004. Archived from the original on 9 July 2011.\n"),
    "numbered endnotes": (
        "The harvest festival in Tarnby was first held in 1887.[1] It moved to the market square "
        "in 1921.[2]\n\n"
        "Notes\n\n"
        "[1] Holm, Karen, “Village Feasts,” 2011, p. 7.\n"
        "[2] Tarnby Parish Records, 1921, p. 112. Accessed on 4 December 2022.\n"),
    "stamp and caption": (
        "Published 2 March 2020\n\n"
        "[Photo: The new ferry Sølvtind at its launch in Bergen, 12 February 2020.]\n\n"
        "The ferry Sølvtind entered service on 28 February 2020 and carries 240 passengers.\n"),
}
BODY_MARKERS = {"reference list": "The Orlov Bridge over", "numbered endnotes": "The harvest festival",
                "stamp and caption": "The ferry Sølvtind entered"}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_small_documents_yield_claims_from_their_body_only(name):
    from quizgen.extract import extract_text

    text = DOCUMENTS[name]
    body_start = text.index(BODY_MARKERS[name])
    body_end = text.index("\n", body_start)
    claims = extract_text(text, source_id=name)
    assert any(body_start <= c.start and c.end <= body_end for c in claims), \
        f"nothing found in the body line of {name!r}"
    outside = [f"  {c.kind} {c.value!r} in {c.exact!r}" for c in claims
               if not (body_start <= c.start and c.end <= body_end)]
    assert not outside, f"claims outside the body of {name!r}:\n" + "\n".join(outside)


def test_a_section_headed_sources_that_is_prose_is_read_and_a_list_of_works_is_not():
    from quizgen.segment import split_blocks

    text = ("Louis IX was crowned at Reims in 1226.\n\nSources\n\n"
            "Much of what is known of the king's life comes from the chronicle of his friend Jean de Joinville, "
            "who went with him on crusade to Egypt in 1248 and wrote his life of the king many years later.\n\n"
            "References\n\nJoinville, Jean de. The Life of Saint Louis. Translated by R. Hague (1955).\n")
    kinds = {text[b.start:b.end][:12]: b.kind for b in split_blocks(text)}
    assert kinds["Much of what"] == "prose"
    assert kinds["Joinville, J"] == "reference"
