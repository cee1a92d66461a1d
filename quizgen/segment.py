"""Split a source into line blocks and say what each one is.

Only prose about the subject may become questions. A date in a citation is not
a fact, a caption is not a claim, and a heading is not a sentence, so every
line is classified before any extraction happens:

``prose``      running text; questions may come from it
``item``       a bullet or a semi-structured field ("2,906 servicemen killed");
               figures and dates only, with the claimant of its "Per X:" block
``fragment``   an unterminated line with a value in it (an infobox field)
``columns``    a line of a table laid out with spaces (cells in aligned columns)
``legacy``     prose under a heading such as "In popular culture" or "Folklore": what was made
               of the subject later (films, namesakes, tales), not the subject itself
``markup``     a wiki template's fields left in a page's text ("| father = Henry II of England |
               mother = ...", "... | module = }}"): an infobox's scrap, not the article's prose
``heading``, ``reference``, ``stamp``, ``caption``  never used
"""

from __future__ import annotations

import re
from dataclasses import dataclass

USABLE = {"prose", "item", "fragment"}
PROSE_WORDS = 25             # a paragraph at least this long after a "Sources" heading is a section's text

REFERENCE_CUE = re.compile(
    r"\bRetrieved\b|\bAccessed\b|\bArchived from\b|\bArchived\b.*\boriginal\b|\bdoi:|\bISBN|\bISSN|"
    r"https?://|www\.\w|\bpp?\.\s*\d|\bVol\.\s*\d|\bop\. cit\b|\bIbid\b|\{\{cite|\bS2CID", re.I)
REFERENCES_HEADING = re.compile(
    r"^\s*(References|Notes|Endnotes|Footnotes|Bibliography|Sources|Citations|Works cited|"
    r"Further reading|External links|Notes and references)\s*:?\s*$", re.I)
FOOTNOTE_START = re.compile(r"^\s*(\^|↑|\[\d+\]\s|\[[a-z]\]\s|\d{1,3}\.\s+[A-Z][^.]{0,60},|\*\s*[A-Z][a-z]+,\s)")
NUMBERED_NOTE = re.compile(r"^\s*\[\d+\]\s")
STAMP = re.compile(
    r"^\s*(Created|Published|Posted|Updated|Last updated|Last modified|Modified|Written|"
    r"First published|Date published|Date)(\s+on)?\s*:?\s*\S.{0,50}$", re.I)
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
DATELINE = re.compile(rf"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
                      rf"(?:\d{{1,2}}\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}}),?\s+\d{{4}}\.?$", re.I)
CAPTION_START = re.compile(r"^\s*[\[(]?\s*(Figure|Fig\.|Image|Photo|Photograph|Picture|Caption|Map|Chart|"
                           r"Table|Illustration)(\s*(\d+[.:]?|:)|\s+(of|showing|caption)\b)", re.I)
STRONG_REFERENCE = re.compile(r"\((?:PDF|in [A-Z][a-z]+)\)|^\s*[\"“][^\"”]{3,200}[\"”]\s*\((?:PDF|in )")
TEASER = re.compile(r"^\s*(Related|Read more|Read also|Also read|See also|Watch|Listen|Advertisement|"
                    r"Subscribe|Share this|Sign up|Back to top|Continue reading|Jump to)\b\s*:?"
                    r"|^\s*(?:Next|Previous|Prev|Back)\s*:", re.I)   # a page's links on: "Next: Marco Polo. Lived ..."
BRACKETED = re.compile(r"^\s*\[[^\]]+\]\s*$")
# two "| name = value" fields of a template on one line, or a template's opening or closing braces
TEMPLATE_MARKUP = re.compile(r"\|\s*\w[\w ]{0,30}=[^|]*\|\s*\w[\w ]{0,30}=|^\s*\{\{|\}\}\s*$")
STAMP_CUE = re.compile(r"^\s*(©|\(c\)\s|Copyright\b|Contact\s*:|E-?mail\s*:|Tel(?:ephone)?\.?\s*:|Phone\s*:|"
                       r"Fax\s*:|Press contact|Media contact|For more information)|[\w.+-]+@[\w-]+\.[\w.]+|"
                       r"\b(Page maintained by|All rights reserved|"
                       r"first published|Last (?:updated|modified|reviewed)|From our archive)\b", re.I)
CITATION_TAIL = re.compile(r"(\s*\[\s*[^\]]{1,20}\s*\])+\s*$")
# A value the conversion lost leaves its punctuation spaced ("the Busi for , the Pungwe for about ."):
# a short line so marked is a caption, a paragraph longer than a caption keeps its other sentences
CAPTION_CHARS = 300
SPACED_PUNCTUATION = re.compile(r"\w \.(\s|$)|\w , \w|\[ \d+ \]|\w : \w")
SPACED_LABEL = re.compile(r"^[A-Za-z][\w ()/-]{0,40}? : (?=\S)")   # "total : 406,752 sq km": a fact sheet's line
BULLET = re.compile(r"^\s*([•·▪‣◦]|[-*–]\s)")
PER_HEADER = re.compile(r"^\s*(?:Per|According to|As reported by|Figures from)\s+(?P<who>[^:]{2,60}):\s*$", re.I)
SEE_ALSO = re.compile(r"^\s*(See|Main article|Further information)\b", re.I)
TERMINAL = re.compile(r"[.!?…][\"”’')\]]*\s*$")
# two gaps of three spaces or a tab between words, past a line's indent and bullet: three cells
# in aligned columns (one gap is a field line, "Launch mass<tab>1,240 kg", read as a fragment)
COLUMN_GAPS = re.compile(r"\S(?: {3,}|\t)\S.*?\S(?: {3,}|\t)\S")
LINE_BULLET = re.compile(r"^\s*(?:[-*+•·]|\d{1,3}[.)])\s+")
COLUMN_LINES = 2             # a run of lines with this many gapped lines ...
COLUMN_SHARE = 0.3           # ... making up this share of it is a table laid out with spaces
# the sections of an article about what came of its subject afterwards
# ("Legacy" itself stays: the eradication of smallpox is Jenner's legacy)
LEGACY_HEADING = re.compile(r"^[#=\s]*(?:in popular culture|popular culture|cultural (?:depictions|references)|"
                            r"(?:later )?folklore\b.{0,30}|iconography|depictions?\b.{0,30}|"
                            r"portrayals?\b.{0,30}|commemorations?|memorials?|honou?rs(?: and awards)?|namesakes?|"
                            r"in (?:fiction|literature|film|art|the arts|media)|tributes?|trivia)[#=\s]*$", re.I)
# a list of the subject's works: "(with Leonard E. Hill, 1905)" is a bibliography's entry, not a fact to learn
WORKS_HEADING = re.compile(r"^[#=\s]*(?:(?:selected |major |principal |published )?(?:works|publications|writings|"
                           r"books|bibliography)|discography|filmography|list of works)[#=\s]*:?$", re.I)
HAS_VALUE = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million)\b",
                       re.I)


WRAP_MIN_LINES = 10
WRAP_WIDTHS = (60, 100)     # a hard-wrapped text's line width lies in this range
WRAP_RUN_ON = 0.2           # ... and at least this share of its lines continue a sentence
WRAP_SLACK = 20             # a line this much shorter than the width ends its paragraph
WRAPPABLE = {"prose", "fragment", "heading"}   # a wrapped line without its full stop looks like a heading


@dataclass
class Block:
    kind: str
    start: int
    end: int
    claimant: str | None = None  # for items under a "Per X:" heading

    def usable(self) -> bool:
        return self.kind in USABLE


def lines_with_offsets(text: str) -> list[tuple[int, int]]:
    """Each line's start and end; a web page's paragraph break left in the text ("... floods
    <br><br><strong>volcanism:</strong> ...") ends a line and counts as a blank one."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = pos
        for tags in PARAGRAPH_TAGS.finditer(body):
            spans += [(start, pos + tags.start()), (pos + tags.start(), pos + tags.start())]
            start = pos + tags.end()
        spans.append((start, pos + len(body)))
        pos += len(line)
    return spans


PARAGRAPH_TAGS = re.compile(r"\s*<br\s*/?>(?:\s*<br\s*/?>)+\s*", re.I)   # two line breaks or more: a new paragraph


def split_blocks(text: str) -> list[Block]:
    spans = lines_with_offsets(text)
    lines = [text[s:e] for s, e in spans]
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    blank_separated = sum(1 for line in lines if not line.strip()) >= 0.3 * max(1, len(nonblank))
    trailing_run = _trailing_run(lines) if blank_separated else set()
    columns = _column_runs(lines)
    blocks: list[Block] = []
    in_references = False
    in_note_chain = False
    claimant: str | None = None
    in_legacy = in_works = False
    first = nonblank[0] if nonblank else -1
    for i, (start, _end) in enumerate(spans):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        kind, who = _classify(line, stripped, i == first, in_references, in_note_chain, i in trailing_run)
        if i in columns and kind not in ("references-heading", "per-header"):
            kind = "columns"
        if kind == "heading":
            in_legacy = bool(LEGACY_HEADING.match(stripped))
            in_works = bool(WORKS_HEADING.match(stripped))
        elif in_legacy and kind in USABLE:
            kind = "legacy"
        elif in_works and kind == "item":
            kind = "reference"   # "- Practical Physiology (1903)" under "Works"; the prose about them stays
        if kind == "references-heading":
            following = next((lines[j].strip() for j in range(i + 1, len(lines)) if lines[j].strip()), "")
            in_references = not _prose_paragraph(following)   # "Sources" over a section on them
            kind = "heading"
        in_note_chain = (kind == "reference" and bool(NUMBERED_NOTE.match(line))) or (
            in_note_chain and kind == "reference")
        if kind == "per-header":
            claimant = who
            kind = "heading"
        elif kind == "item":
            pass
        elif (kind in ("heading", "caption") and SEE_ALSO.match(line)) or kind not in ("reference", "stamp"):
            claimant = None
        blocks.append(Block(kind, start + lead, start + len(line.rstrip()),
                            claimant if kind == "item" else None))
    return _join_wrapped(text, blocks, lines)


def _join_wrapped(text: str, blocks: list[Block], lines: list[str]) -> list[Block]:
    """In a hard-wrapped text (a printed book, a plain-text archive) a paragraph is a run
    of lines of about one width: join the run into one prose block, so that a sentence
    broken across lines is read whole."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < WRAP_MIN_LINES:
        return blocks
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1] or \
            sum(n >= width - WRAP_SLACK for n in lengths) < 0.5 * len(lengths):
        return blocks
    # and its sentences run on from line to line: many a line starts in lower case
    nonblank = [line.strip() for line in lines if line.strip()]
    if sum(line[:1].islower() for line in nonblank) < WRAP_RUN_ON * len(nonblank):
        return blocks
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (previous is not None and previous.kind in WRAPPABLE and block.kind in WRAPPABLE
                and text[previous.end:block.start].count("\n") == 1 and not text[previous.end:block.start].strip()
                and block.start - text.rfind("\n", 0, previous.end) - 1 >= width - WRAP_SLACK):
            joined[-1] = Block("prose", previous.start, block.end)
        else:
            joined.append(block)
    return joined


def _prose_paragraph(line: str) -> bool:
    """A paragraph of running text, not a list of works: a biography's section headed "Sources"
    ("Much of what is known of Louis's life comes from Jean de Joinville's ...") is read."""
    return len(line.split()) >= PROSE_WORDS and bool(TERMINAL.search(CITATION_TAIL.sub("", line))) \
        and not REFERENCE_CUE.search(line) and not FOOTNOTE_START.match(line) and not re.search(r"\(\d{4}\)", line)


def _classify(line: str, stripped: str, is_first: bool, in_references: bool,
              in_note_chain: bool, in_trailing_run: bool) -> tuple[str, str | None]:
    if in_references:
        return "reference", None
    if REFERENCES_HEADING.match(stripped):
        return "references-heading", None
    if TEMPLATE_MARKUP.search(stripped):
        return "markup", None
    if FOOTNOTE_START.match(line) and (stripped[0] in "^↑" or REFERENCE_CUE.search(line)
                                      or (in_note_chain and NUMBERED_NOTE.match(line))):
        return "reference", None
    if (REFERENCE_CUE.search(line) and re.search(r"\bRetrieved\b|\bAccessed\b|\bArchived\b|doi:|ISBN", line)) \
            or STRONG_REFERENCE.search(line):
        return "reference", None
    per = PER_HEADER.match(stripped)
    if per:
        return "per-header", per.group("who").strip()
    if DATELINE.match(stripped):
        return "stamp", None   # "Friday, January 15, 2010": when a page was written, not a fact
    if STAMP.match(stripped) and not TERMINAL.search(stripped.rstrip(".")) and len(stripped) < 70:
        return "stamp", None
    if STAMP_CUE.search(stripped) and len(stripped) < 160:
        return "stamp", None
    if is_first and len(stripped) < 200 and (not TERMINAL.search(CITATION_TAIL.sub("", stripped))
                                              or stripped.endswith("?")):
        return "heading", None  # a title; a first line that is a sentence stays prose
    if CAPTION_START.match(stripped) or in_trailing_run \
            or (len(stripped) <= CAPTION_CHARS and SPACED_PUNCTUATION.search(SPACED_LABEL.sub("", stripped, count=1))) \
            or TEASER.match(stripped) or BRACKETED.match(stripped):
        return "caption", None
    if BULLET.match(line):
        return "item", None
    words = stripped.split()
    if not TERMINAL.search(CITATION_TAIL.sub("", stripped)) and len(words) < 25:
        if stripped.endswith(":") or (len(words) <= 6 and not HAS_VALUE.search(stripped)):
            return "heading", None
        return ("fragment", None) if HAS_VALUE.search(stripped) else ("heading", None)
    return "prose", None


def _trailing_run(lines: list[str]) -> set[int]:
    """Lines of a final block of consecutive lines in a document whose paragraphs
    are separated by blank lines: the captions and legends that extraction appends."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and lines[start - 1].strip():
        start -= 1
    return set(range(start, end)) if end - start >= 3 else set()


def _column_runs(lines: list[str]) -> set[int]:
    """Lines of the runs (lines between blank ones) that lay out a table with spaces:
    "Zanzibar      1890     Protectorate declared.", a cell's wrapped words under it.
    Such a line is cut across its cells, so no sentence in it can be read whole."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            run.append(i)
            continue
        gapped = sum(bool(COLUMN_GAPS.search(LINE_BULLET.sub("", lines[j]).strip())) for j in run)
        if gapped >= COLUMN_LINES and gapped >= COLUMN_SHARE * len(run):
            found.update(run)
        run = []
    return found
