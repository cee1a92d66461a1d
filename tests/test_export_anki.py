"""Anki export, judged by the official Anki client: import, render, review, re-import."""

from __future__ import annotations

import copy
import hashlib
import html
import re
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.cli import main
from quizgen.deck import load_deck_with_sources, validate_structure
from quizgen.errors import QuizgenError
from quizgen.export import write_apkg
from quizgen.export_anki import TYPE_IN_MODEL, highlighted_quote, note_guid, shuffled_options

anki_collection = pytest.importorskip("anki.collection")
from anki.consts import MODEL_CLOZE  # noqa: E402  (after the optional-import guard)
from anki.scheduler_pb2 import CardAnswer  # noqa: E402

Collection = anki_collection.Collection
ImportAnkiPackageRequest = anki_collection.ImportAnkiPackageRequest
ImportAnkiPackageOptions = anki_collection.ImportAnkiPackageOptions

MINI_DECK = Path(__file__).parent / "fixtures" / "mini" / "deck.json"
EXPORTED_AT = 1_700_000_000.0


def hostile_deck() -> tuple[dict, dict[str, str]]:
    """A deck whose quotes carry markup, ampersands and non-ASCII text."""
    text = ('Field notes. The report said <script>alert("x")</script> & the town of '
            'Şuşa fell on 8 November 2020. Officials in Xankəndi said 9 November 2020.')
    quote = 'The report said <script>alert("x")</script> & the town of Şuşa fell on 8 November 2020.'
    dispute = "Officials in Xankəndi said 9 November 2020."

    def evidence(exact: str, value: str, claimant: str | None) -> dict:
        start = text.index(exact)
        return {"source": "notes", "exact": exact, "start": start, "end": start + len(exact),
                "prefix": text[:start][-32:], "suffix": text[start + len(exact):][:32],
                "value": value, "claimant": claimant}

    deck = {
        "format": "quizgen-deck/1", "id": "hostile", "title": "Hostile <b>deck</b> & co",
        "sources": [{"id": "notes", "title": "Notes <i>&</i> “quotes”", "kind": "diary",
                     "path": "sources/notes.txt",
                     "sha256": hashlib.sha256(text.encode()).hexdigest()}],
        "questions": [
            {"id": "q-fall", "kind": "date", "format": "type_in",
             "prompt": "When did Şuşa fall, according to <the report> & others?",
             "answer": "8 November 2020", "accepted": ["2020-11-08", "8 Nov <2020>"],
             "distractors": ["1 November 2020"],
             "evidence": [evidence(quote, "8 November 2020", "the report")],
             "disputed_by": [evidence(dispute, "9 November 2020", "officials in Xankəndi")]},
            {"id": "q-town", "kind": "place", "format": "multiple_choice",
             "prompt": "Which town fell on 8 November 2020?", "answer": "Şuşa",
             "accepted": [], "distractors": ["Ağdam & <Fuzuli>", "Hadrut"],
             "evidence": [evidence(quote, "Şuşa", None)], "disputed_by": []},
        ],
    }
    validate_structure(deck)
    return deck, {"notes": text}


def without_marks(field_html: str) -> str:
    return re.sub(r"</?mark>", "", field_html)


@pytest.fixture
def collection(tmp_path):
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


@pytest.fixture
def mini():
    return load_deck_with_sources(MINI_DECK)


def import_package(col, package: Path):
    # Empty options are Anki's defaults: update notes and note types if newer,
    # no scheduling from the package, no note type merging.
    return col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions())).log


def notes_by_question_id(col) -> dict:
    notes = (col.get_note(note_id) for note_id in col.find_notes(""))
    return {note["QuestionId"]: note for note in notes}


def test_every_question_becomes_one_new_note(collection, mini, tmp_path):
    deck, texts = mini
    write_apkg(deck, tmp_path / "mini.apkg", texts=texts, timestamp=EXPORTED_AT)
    log = import_package(collection, tmp_path / "mini.apkg")
    assert len(log.new) == len(deck["questions"])
    assert collection.note_count() == len(deck["questions"])
    assert set(notes_by_question_id(collection)) == {q["id"] for q in deck["questions"]}


def test_fields_come_back_escaped_and_intact(collection, tmp_path):
    deck, texts = hostile_deck()
    write_apkg(deck, tmp_path / "hostile.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "hostile.apkg")
    notes = notes_by_question_id(collection)
    for question in deck["questions"]:
        note = notes[question["id"]]
        assert note["Prompt"] == html.escape(question["prompt"], quote=False)
        assert note["Answer"] == html.escape(question["answer"], quote=False)
        quote_text = re.sub(r"</?(mark|blockquote)>", "", note["Quote"])
        assert html.unescape(quote_text) == question["evidence"][0]["exact"]
        assert "<script" not in note["Quote"] and "&lt;script&gt;" in note["Quote"]
        assert "&amp; the town of Şuşa" in quote_text
        card_back = note.cards()[0].answer()
        assert "<script" not in card_back and "<Fuzuli>" not in card_back
    assert "&lt;Fuzuli&gt;" in notes["q-town"]["Options"]


def test_back_of_card_shows_quote_source_claimant_and_disputes(collection, mini, tmp_path):
    deck, texts = mini
    write_apkg(deck, tmp_path / "mini.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "mini.apkg")
    notes = notes_by_question_id(collection)
    titles = {source["id"]: source["title"] for source in deck["sources"]}
    for question in deck["questions"]:
        card = notes[question["id"]].cards()[0]
        back, front = without_marks(card.answer()), card.question()
        for evidence in question["evidence"]:
            assert html.escape(evidence["exact"], quote=False) in back
            assert html.escape(titles[evidence["source"]], quote=False) in back
            assert html.escape(evidence["exact"], quote=False) not in front
            if evidence["claimant"]:
                assert evidence["claimant"] in back
        for dispute in question["disputed_by"]:
            assert dispute["value"] in back and dispute["claimant"] in back
            assert titles[dispute["source"]] in back


def test_quote_highlights_the_answer_value(collection, mini, tmp_path):
    deck, texts = mini
    write_apkg(deck, tmp_path / "mini.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "mini.apkg")
    notes = notes_by_question_id(collection)
    for question in deck["questions"]:
        marked = re.findall(r"<mark>(.*?)</mark>", notes[question["id"]]["Quote"])
        assert marked == [e["value"] for e in question["evidence"]]


def test_type_in_questions_use_the_type_in_note_type(collection, mini, tmp_path):
    deck, texts = mini
    write_apkg(deck, tmp_path / "mini.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "mini.apkg")
    notes = notes_by_question_id(collection)
    formats = {q["format"] for q in deck["questions"]}
    assert "type_in" in formats and len(formats) > 1, "fixture must mix formats"
    for question in deck["questions"]:
        note_type = notes[question["id"]].note_type()
        asks_to_type = "{{type:Answer}}" in note_type["tmpls"][0]["qfmt"]
        assert asks_to_type == (question["format"] == "type_in")
        assert (note_type["name"] == TYPE_IN_MODEL.name) == (question["format"] == "type_in")


def test_choice_options_hold_answer_and_distractors_in_a_stable_order(mini, tmp_path):
    deck, _ = mini
    question = next(q for q in deck["questions"] if q["format"] == "multiple_choice")
    options = shuffled_options(question)
    assert sorted(options) == sorted([question["answer"], *question["distractors"]])
    assert shuffled_options(copy.deepcopy(question)) == options


def test_reexport_updates_the_note_and_keeps_review_history(collection, mini, tmp_path):
    deck, texts = mini
    write_apkg(deck, tmp_path / "v1.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "v1.apkg")
    reviewed = deck["questions"][0]
    note = notes_by_question_id(collection)[reviewed["id"]]
    card_id = note.cards()[0].id

    collection.decks.select(note.cards()[0].did)
    queued = collection.sched.get_queued_cards(fetch_limit=len(deck["questions"])).cards
    entry = next(q for q in queued if q.card.id == card_id)
    card = collection.get_card(card_id)
    card.start_timer()
    collection.sched.answer_card(collection.sched.build_answer(
        card=card, states=entry.states, rating=CardAnswer.GOOD))
    revlog_before = collection.card_stats_data(card_id).revlog
    assert collection.get_card(card_id).reps == 1 and len(revlog_before) == 1

    edited = copy.deepcopy(deck)
    edited["questions"][0]["prompt"] = "Edited: on which day did the lander land?"
    write_apkg(edited, tmp_path / "v2.apkg", texts=texts, timestamp=EXPORTED_AT + 60)
    log = import_package(collection, tmp_path / "v2.apkg")

    assert collection.note_count() == len(deck["questions"])
    assert not log.new and len(log.updated) == len(deck["questions"])
    assert collection.get_note(note.id)["Prompt"] == "Edited: on which day did the lander land?"
    card_after = collection.get_card(card_id)
    assert card_after.reps == 1 and card_after.nid == note.id
    assert collection.card_stats_data(card_id).revlog == revlog_before


def test_reexport_with_the_same_timestamp_changes_nothing(collection, mini, tmp_path):
    # Anki updates a note only when the package's note is strictly newer.
    deck, texts = mini
    write_apkg(deck, tmp_path / "v1.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "v1.apkg")
    edited = copy.deepcopy(deck)
    edited["questions"][0]["prompt"] = "Edited prompt"
    write_apkg(edited, tmp_path / "v2.apkg", texts=texts, timestamp=EXPORTED_AT)
    log = import_package(collection, tmp_path / "v2.apkg")
    assert not log.new and not log.updated
    assert collection.note_count() == len(deck["questions"])
    assert notes_by_question_id(collection)[deck["questions"][0]["id"]]["Prompt"] != "Edited prompt"


def new_card_order(col, count: int) -> list[str]:
    """The question ids of the new cards in the order Anki's scheduler offers them."""
    order = []
    col.decks.select(col.get_card(col.find_cards("")[0]).did)
    for _ in range(count):
        entry = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = col.get_card(entry.card.id)
        assert entry.queue == 0  # still a new card: Easy takes each one out of today's queue
        order.append(card.note()["QuestionId"])
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=entry.states, rating=CardAnswer.EASY))
    return order


def test_without_ranks_new_cards_come_in_deck_order(collection, mini, tmp_path):
    deck, texts = mini
    write_apkg(deck, tmp_path / "mini.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "mini.apkg")
    assert new_card_order(collection, len(deck["questions"])) == [q["id"] for q in deck["questions"]]


def test_new_cards_come_in_rank_order_with_siblings_apart(collection, mini, tmp_path):
    deck, texts = mini
    first, second, third, fourth, fifth = (q["id"] for q in deck["questions"])
    ranks = {fifth: 1, fourth: 2, third: 3, first: 4}  # the second has no rank: it comes last
    groups = {fourth: "same-sentence", third: "same-sentence", second: "same-fact", fifth: "same-fact"}
    for question in deck["questions"]:
        if question["id"] in ranks:
            question["rank"] = ranks[question["id"]]
        if question["id"] in groups:
            question["siblings"] = groups[question["id"]]
    validate_structure(deck)
    write_apkg(deck, tmp_path / "ranked.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "ranked.apkg")
    order = new_card_order(collection, len(deck["questions"]))
    # By rank: fifth, fourth, third, first, then second; the third is the fourth's sibling and
    # waits one place, behind the first.
    assert order == [fifth, fourth, first, third, second]
    assert all(groups.get(a) is None or groups.get(a) != groups.get(b) for a, b in pairwise(order))


def test_guid_depends_on_deck_and_question_only():
    assert note_guid("mini", "q-1") == note_guid("mini", "q-1")
    assert len({note_guid("mini", "q-1"), note_guid("mini", "q-2"), note_guid("other", "q-1")}) == 3


def test_misquote_is_refused_and_nothing_is_written(mini, tmp_path):
    deck, texts = mini
    tampered = {**texts, "mission-report": texts["mission-report"].replace("20 July", "21 July")}
    out = tmp_path / "deck.apkg"
    with pytest.raises(QuizgenError, match=r"questions\[0\]\.evidence\[0\]"):
        write_apkg(deck, out, texts=tampered)
    assert list(tmp_path.iterdir()) == []


def test_failed_export_keeps_the_previous_package(mini, tmp_path):
    deck, texts = mini
    out = tmp_path / "deck.apkg"
    write_apkg(deck, out, texts=texts, timestamp=EXPORTED_AT)
    before = out.read_bytes()
    broken = copy.deepcopy(deck)
    broken["questions"][1]["disputed_by"][0]["source"] = "no-such-source"
    with pytest.raises(QuizgenError, match="no-such-source"):
        write_apkg(broken, out, timestamp=EXPORTED_AT + 60)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


@settings(max_examples=60, deadline=None)
@given(before=st.text(), value=st.text(min_size=1), after=st.text())
def test_highlighted_quote_is_the_escaped_quote_with_one_mark(before, value, after):
    exact = before + value + after
    start = 40 + len(before)  # (the quote's own place in its source: offsets count from the source)
    rendered = highlighted_quote({"exact": exact, "start": 40, "end": 40 + len(exact), "value": value,
                                  "value_start": start, "value_end": start + len(value)})
    assert rendered.count("<mark>") == 1 and "<" not in re.sub(r"</?mark>", "", rendered)
    assert html.unescape(without_marks(rendered)) == exact
    marked = rendered.index("<mark>")
    assert html.unescape(rendered[:marked]) == before
    assert html.unescape(rendered[marked + 6:rendered.index("</mark>")]) == value


def test_highlighted_quote_marks_the_value_where_the_evidence_places_it():
    exact = "Planned in 1931 & begun in 1931."
    second = 10 + exact.rindex("1931")
    evidence = {"exact": exact, "start": 10, "end": 10 + len(exact), "value": "1931",
                "value_start": second, "value_end": second + 4}
    assert highlighted_quote(evidence) == "Planned in 1931 &amp; begun in <mark>1931</mark>."
    # a deck written before evidence carried the value's offsets: its first occurrence
    assert highlighted_quote({"exact": exact, "start": 10, "end": 10 + len(exact), "value": "1931"}) == \
        "Planned in <mark>1931</mark> &amp; begun in 1931."


def test_cli_writes_an_importable_package(collection, tmp_path):
    out = tmp_path / "out" / "mini.apkg"
    result = CliRunner().invoke(main, ["export", str(MINI_DECK), "--anki", str(out)])
    assert result.exit_code == 0, result.output
    assert len(import_package(collection, out).new) == collection.note_count() > 0


def test_cli_reports_a_missing_deck_in_one_line(tmp_path):
    missing, out = tmp_path / "nowhere" / "deck.json", tmp_path / "deck.apkg"
    result = CliRunner().invoke(main, ["export", str(missing), "--anki", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and str(missing) in result.stderr
    assert result.stderr.count("\n") == 1
    assert not out.exists()


def answer_good(col, card_id: int) -> None:
    """Rate cards Good from the top of the queue (Anki answers no other) until ``card_id`` is rated."""
    col.decks.select(col.get_card(card_id).did)
    for _ in range(col.card_count()):
        entry = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = col.get_card(entry.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=entry.states, rating=CardAnswer.GOOD))
        if card.id == card_id:
            return
    raise AssertionError("the card never came up")


def test_cloze_questions_become_anki_cloze_notes_with_one_deletion(collection, mini, tmp_path):
    deck, texts = mini
    write_apkg(deck, tmp_path / "mini.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "mini.apkg")
    notes = notes_by_question_id(collection)
    cloze = [q for q in deck["questions"] if q["format"] == "cloze"]
    assert cloze, "fixture must have a cloze question"
    for question in deck["questions"]:
        note = notes[question["id"]]
        is_cloze = note.note_type()["type"] == MODEL_CLOZE
        assert is_cloze == (question["format"] == "cloze")
    for question in cloze:
        note = notes[question["id"]]
        assert note["Text"].count("{{c") == 1
        assert note["Text"] == question["prompt"].replace("_____", "{{c1::" + question["answer"] + "}}")
        [card] = note.cards()
        front, back = card.question(), without_marks(card.answer())
        assert "[...]" in front and question["answer"] not in re.sub(r'data-cloze="[^"]*"', "", front)
        assert re.search(r'<span class="cloze"[^>]*>' + re.escape(question["answer"]) + "</span>", back)
        for evidence in question["evidence"]:
            assert html.escape(evidence["exact"], quote=False) in back
        assert "Source: " in back


def test_typed_questions_render_anki_type_in_box(collection, mini, tmp_path):
    deck, texts = mini
    write_apkg(deck, tmp_path / "mini.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "mini.apkg")
    notes = notes_by_question_id(collection)
    for question in (q for q in deck["questions"] if q["format"] == "type_in"):
        card = notes[question["id"]].cards()[0]
        # Anki's renderer leaves this marker for the client, which puts the type-in box there
        assert "[[type:Answer]]" in card.question()
        assert "[[type:Answer]]" in card.answer() and "Source: " in card.answer()


def test_reexported_cloze_note_is_updated_in_place_and_keeps_its_history(collection, mini, tmp_path):
    deck, texts = mini
    write_apkg(deck, tmp_path / "v1.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "v1.apkg")
    index, question = next((i, q) for i, q in enumerate(deck["questions"]) if q["format"] == "cloze")
    note = notes_by_question_id(collection)[question["id"]]
    card_id = note.cards()[0].id
    answer_good(collection, card_id)
    revlog_before = collection.card_stats_data(card_id).revlog
    assert len(revlog_before) == 1

    edited = copy.deepcopy(deck)
    edited["questions"][index]["prompt"] = "On 24 July 1969 the command module came down in the _____."
    write_apkg(edited, tmp_path / "v2.apkg", texts=texts, timestamp=EXPORTED_AT + 60)
    log = import_package(collection, tmp_path / "v2.apkg")
    assert not log.new and not log.conflicting and len(log.updated) == len(deck["questions"])
    updated = collection.get_note(note.id)
    assert updated["Text"] == f"On 24 July 1969 the command module came down in the {{{{c1::{question['answer']}}}}}."
    assert [c.id for c in updated.cards()] == [card_id]
    assert collection.card_stats_data(card_id).revlog == revlog_before


@settings(max_examples=80, deadline=None)
@given(before=st.text(), answer=st.text(min_size=1), after=st.text())
def test_cloze_text_always_holds_exactly_one_deletion(before, answer, after):
    from quizgen.export_anki import cloze_text

    before, after = before.replace("_", "-"), after.replace("_", "-")  # the blank is the prompt's one run of _
    text = cloze_text({"prompt": before + "_____" + after, "answer": answer})
    assert text.count("{{") == 1 and text.count("}}") == 1
    inside = text[text.index("{{c1::") + 6:text.index("}}")]
    assert "::" not in inside  # a hint would start there
    assert html.unescape(inside) == answer
    assert html.unescape(text.replace("{{c1::" + inside + "}}", "")) == before + after


def test_a_cloze_question_exported_as_a_plain_note_before_is_left_alone_with_its_history(
        collection, mini, tmp_path, monkeypatch):
    import quizgen.export_anki as export_anki

    deck, texts = mini
    question = next(q for q in deck["questions"] if q["format"] == "cloze")
    with monkeypatch.context() as earlier:  # as exports made before cloze questions became Cloze notes
        earlier.setattr(export_anki, "is_anki_cloze", lambda _question: False)
        write_apkg(deck, tmp_path / "old.apkg", texts=texts, timestamp=EXPORTED_AT)
    import_package(collection, tmp_path / "old.apkg")
    note = notes_by_question_id(collection)[question["id"]]
    card_id = note.cards()[0].id
    answer_good(collection, card_id)
    revlog_before = collection.card_stats_data(card_id).revlog

    write_apkg(deck, tmp_path / "new.apkg", texts=texts, timestamp=EXPORTED_AT + 60)
    log = import_package(collection, tmp_path / "new.apkg")
    assert len(log.conflicting) == 1 and not log.new and len(log.updated) == len(deck["questions"]) - 1
    kept = collection.get_note(note.id)
    assert kept.note_type()["type"] != MODEL_CLOZE and kept["Prompt"] == question["prompt"]
    assert collection.note_count() == len(deck["questions"])
    assert collection.card_stats_data(card_id).revlog == revlog_before
