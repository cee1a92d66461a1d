"""A deck built from a table: the card back shows the row and what the row cites."""

from __future__ import annotations

from quizgen.build import build_deck

from webapp_support import Learner, close_app, make_app, signup

TREATIES = (
    "Treaty,Signed,Reference\n"
    "Treaty of Kars,13 October 1921,Gazette 1921\n"
    "Treaty of Gulistan,24 October 1813,https://example.org/gulistan\n"
    "Treaty of Turkmenchay,10 February 1828,Gazette 1828\n"
    "Treaty of Moscow,16 March 1921,Gazette 1921b\n"
)


def test_the_card_back_shows_the_row_and_its_citation(database_url, tmp_path, clock):
    decks = tmp_path / "decks"
    folder = decks / "treaties"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "treaties.csv").write_text(TREATIES, encoding="utf-8")
    build_deck(folder, folder / "deck.json")
    app = make_app(database_url, decks, clock)
    try:
        client = app.test_client()
        signup(client, "ada@example.org")
        learner = Learner(client, slug="treaties")
        panels: list[str] = []
        for _ in range(12):
            front = learner.front()
            if front.side != "front":
                break
            back = learner.reveal().html
            panels.append(back[back.index('class="attribution"'):])
            learner.rate(4)
        kars = [p for p in panels if "citing Gazette 1921<" in p]
        assert kars and all("Treaty of Kars" in p and "13 October 1921" in p and "<mark>" in p for p in kars)
        gulistan = [p for p in panels if "Treaty of Gulistan" in p and "24 October 1813" in p]
        assert gulistan and all('citing <a href="https://example.org/gulistan" rel="noopener">' in p
                                for p in gulistan)
    finally:
        close_app(app)
