"""Markup left in plain text: HTML tags such as ``<b>5,000</b>``, entities such as ``&amp;``,
and a wiki page's source (links such as ``[[w:Red Cross|Red Cross]]``, bold quotes, ``{{archive}}``).

A ``.txt`` source copied from a page's source, a CMS export or an e-mail often keeps
some markup. The cleaned copy the model reads (``quizgen.sources.clean``) drops the
tags and reads each entity as its character, so no question is built on a tag's
pieces ("where were > soldiers killed?"); quotes still point into the file as it is.
``quizgen check`` refuses any prompt, answer or option that holds markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

# Element names a text is likely to carry; a bare "<" in prose ("if x < y or z > 3") names none.
ELEMENTS = ("a|abbr|acronym|address|article|aside|b|big|blockquote|body|br|caption|center|cite|code|col|"
            "dd|del|dfn|div|dl|dt|em|figcaption|figure|font|footer|h[1-6]|head|header|hr|html|i|img|ins|"
            "kbd|li|main|mark|nav|nobr|ol|p|pre|q|s|samp|section|small|span|strike|strong|sub|sup|table|"
            "tbody|td|tfoot|th|thead|time|title|tr|tt|u|ul|var|wbr")
# Elements that end a line or a cell: read as a space, so the words either side stay apart.
BREAKING = re.compile(r"</?(?:address|article|aside|blockquote|br|caption|dd|div|dl|dt|figcaption|figure|"
                      r"footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|"
                      r"tr|ul)\b", re.I)
TAG = re.compile(rf"<!--.{{0,2000}}?-->|</?(?:{ELEMENTS})(?:\s+[^<>]{{0,1000}}?)?\s*/?>", re.I | re.S)
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A plain-text edition's accent over a letter: "Suddh[=o]dana" is Suddhōdana, "[)a]" an a with a breve
LETTER_ACCENT = re.compile(r"\[([=)])([A-Za-z])\]")
ACCENTS = {"=": "\u0304", ")": "\u0306"}
# A wiki page's source, on one line: a link "[[target|label]]" or "[[label]]", bold or italic
# quotes, a template "{{archive}}"
WIKI_LINK = re.compile(r"\[\[([^\[\]\n]{1,300}?)\]\]")
WIKI_FILE = re.compile(r"\s*(?:File|Image|Category|Media)\s*:", re.I)
WIKI_QUOTES = re.compile(r"(?<!')(?:'{5}|'{3}|'{2})(?!')")
WIKI_TEMPLATE = re.compile(r"\{\{[^{}\n]{1,200}\}\}")
# What must never reach a prompt, answer or option: a tag, an entity, or the half of a tag.
REMNANT = re.compile(rf"{TAG.pattern}|{ENTITY.pattern}|</(?:{ELEMENTS})\b|<(?:{ELEMENTS})(?=[\s/>]|$)|/>",
                     re.I | re.S)


def markup(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Each tag or entity in ``text[start:end]``: its span and what a reader sees there
    ("" for an inline tag, " " for one that breaks the line, the character of an entity)."""
    end = len(text) if end is None else end
    for match in TAG.finditer(text, start, end):
        yield match.start(), match.end(), " " if BREAKING.match(match.group()) else ""
    for match in ENTITY.finditer(text, start, end):
        character = html.unescape(match.group())
        if character != match.group() and len(character) == 1 and not _inside_tag(text, match.start()):
            yield match.start(), match.end(), " " if character == "\u00a0" else character


def _inside_tag(text: str, index: int) -> bool:
    """An entity in an attribute (``href="?a=1&amp;b=2"``) goes with its tag."""
    opening = text.rfind("<", max(0, index - 1000), index)
    return opening >= 0 and text.find(">", opening, index) < 0 and TAG.match(text, opening) is not None


def accents(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Each bracketed accent in ``text[start:end]``, with the accented letter it stands for."""
    return [(m.start(), m.end(), unicodedata.normalize("NFC", m.group(2) + ACCENTS[m.group(1)]))
            for m in LETTER_ACCENT.finditer(text, start, len(text) if end is None else end)]


def wikitext(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """The marks of a wiki page's source in ``text[start:end]``, to drop: a link's brackets and
    target ("[[w:Red Cross|Red Cross]]" reads "Red Cross"), bold and italic quotes (three or two
    apostrophes) and a one-line template ("{{archive}}"). A file's or an image's link is left as
    it is: its text is a caption, which the prompt checks refuse."""
    end = len(text) if end is None else end
    found: list[tuple[int, int, str]] = []
    for link in WIKI_LINK.finditer(text, start, end):
        if WIKI_FILE.match(link.group(1)):
            continue
        label = link.start(1) + link.group(1).rfind("|") + 1
        found += [(link.start(), label, ""), (link.end() - 2, link.end(), "")]
    found += [(m.start(), m.end(), "") for m in WIKI_QUOTES.finditer(text, start, end)]
    found += [(m.start(), m.end(), "") for m in WIKI_TEMPLATE.finditer(text, start, end)]
    return sorted(found)


def strip_markup(text: str) -> str:
    """``text`` as a reader of the page sees it: tags dropped, entities and accents read."""
    pieces, pos = [], 0
    for start, end, replacement in sorted([*markup(text), *accents(text), *wikitext(text)]):
        if start < pos:
            continue
        pieces += [text[pos:start], replacement]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def remnant(text: str) -> str | None:
    """The first piece of markup in ``text``, or None."""
    match = REMNANT.search(text)
    return match.group() if match else None
