"""Group claims about the same thing across sources: agreement or dispute.

Claims share a group when they have the same kind and the same subject key
(what is counted or dated, and for figures whose side). Within a group, claims
with the same value agree; different values make a dispute, each value with
its own claimants. Names and places are grouped by value, with aliases: the
sources' own "also known as" phrases, close spellings, and a teacher-editable
``aliases.toml`` in the deck folder.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.fuzz import ratio

from .answers import canonical, name_words
from .errors import QuizgenError
from .extract import Claim, stem, years_told
from .similarity import (
    AGREEMENT,
    SAME_EVENT,
    SAME_NAMES,
    SAME_THING,
    YEARS_APART,
    days_apart,
    document_frequencies,
    few_things,
    names_the_unit,
    overlap,
    same_verb,
    shared_names,
    unit_counts,
    unit_of,
    value_bonus,
    values_compatible,
)
from .subjects import fold

ALIAS_FILE = "aliases.toml"
# "X, also known as Y", "The South Iceland Seismic Zone (SISZ), also known as the Reykjanes Fracture Zone",
# "Woden, who was also called Odin"; plain "called" only after "also" ("a river called ...", no)
KNOWN_AS = re.compile(
    r"(?P<a>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,3})(?:\s*\([A-Z]{2,6}\))?\s*,?\s*\(?"
    r"(?:(?:who|which)\s+(?:is|was|are|were)\s+)?"
    r"(?:(?:also|otherwise|commonly|locally|formerly)?\s*(?:known as|referred to as|spelled)"
    r"|(?:also|otherwise|commonly|sometimes)\s+(?:called|named))"
    r"\s+(?:the\s+)?[\"“_*]?(?P<b>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,3})")
# "Maluku Islands (or the Moluccas)", "Borneo (Kalimantan)"; a name in a page's emphasis marks ("_Kalimantan_")
PAREN_ALIAS = re.compile(r"(?P<a>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})\s+\("
                         r"(?P<cue>or\s+|also\s+|aka\s+|formerly\s+|now\s+)?(?:the\s+)?[_*]?"
                         r"(?P<b>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})[_*]?\)")
PAREN_LIKENESS = 60
GROUPING_EVENTS = {"kill", "wound", "missing", "capture", "displace", "destroy", "damage", "share"}
SPELLING_SIMILARITY = 70
ACRONYM = re.compile(r"[A-Z]{2,6}")
SHORT_NAME = 6
YEAR_WRITTEN = re.compile(r"\b\d{4}\b")
SOLE_RIVAL = 0.1        # likeness two dates earn by being each other's only neighbours in the other source
CLOSE_DAYS = 10         # full dates further apart than this are one act told two ways only if the verb says so
# "arable land: 22.2%", "_arable land:_ 13.96%", ":* Arable land: 16.0%": the label right before a line's
# value (after any field name before it)
LABEL = r"[\s*•_-]*([A-Za-z][A-Za-z ()-]{1,40}?)[\s*_]*:[\s*_]*"
LINE_LABEL = re.compile(rf"(?:^|:){LABEL}$")
NAMED_LINE_LABEL = re.compile(rf"^{LABEL}(?:[A-Z][\w'’.-]*\s+){{1,3}}$")   # "highest point: Mount Gimie 948 m"
GENERIC_LABEL_WORDS = {"land", "total", "area"}
AVERAGE_WORDS = {"mean", "average", "median"}
FIELD_NAME_LINE = re.compile(r"[A-Z][A-Za-z ,()'-]{2,60}")   # a field's name alone on its line, no figures
AREA_UNITS = {"km²", "mi²", "m²", "ft²", "hectare", "acre"}
AREA_REACH = 40
AREA_AFTER = re.compile(r"\s*(?:km²|mi²|sq\.?\s*(?:km|mi)|square\s+\w+)?\s*of\s+(land|water)\b", re.I)
AREA_BEFORE = re.compile(r"\b(?:(land|water|total)\s+)?(?:(land|water|total)\s+)?area\b|\b(land|water|total)\b", re.I)
PARAPHRASE = 0.6        # sentences sharing this much of their weighted words tell one thing twice
SHARES = 2              # percentages in one sentence that split one whole
SPAN_START = re.compile(r"\b(?:from|since|beginning|starting)\s+(?:about\s+|c\.\s*)?$", re.I)
SPAN_END = re.compile(r"\b(?:until|till|to|through|ending)\s+(?:about\s+|c\.\s*)?$", re.I)
ENUMERATION = 4         # a sentence with this many figures lists counts rather than stating one
SCOPE_OF = re.compile(r"\s+of\s+((?:the\s+)?[^,;.()]+?)(?=\s+(?:in|on|by|and|with|from|to|as|at|for|including|"
                      r"during|after|before|since|while|which|that|who|was|were|is|are|had|has|have|been|be|"
                      r"will|would|could|did|do|does)\b|[,;.()]|$)")
CHANGE = re.compile(r"\b(?:rose|fell|dropped|declined|increased|decreased|grew|shrank|contracted|expanded|"
                    r"rising|falling|dropping|growth|decline|increase|decrease|contraction|by)\s+(?:\w+\s+)?$", re.I)
SCOPE_STOP = {"the", "its", "their", "his", "her", "destroyed", "killed", "wounded", "missing", "captured",
              "displaced", "damaged", "kill", "destroy", "wound", "capture", "displace", "damage", "control"}


@dataclass
class Group:
    kind: str
    key: str
    claims: list[Claim] = field(default_factory=list)

    def by_value(self) -> dict[str, list[Claim]]:
        if self.kind in ("name", "place"):
            return {self.key: list(self.claims)}  # grouped by alias already: one value
        values: dict[str, list[Claim]] = defaultdict(list)
        for claim in self.claims:
            values[value_key(claim)].append(claim)
        return dict(values)

    @property
    def disputed(self) -> bool:
        return len(self.by_value()) > 1


class Aliases:
    """Sets of names that refer to the same thing, compared in canonical form."""

    def __init__(self, sets: Iterable[Iterable[str]] = ()):
        self._index: dict[str, int] = {}
        self.sets: list[set[str]] = []
        for names in sets:
            self.add(names)

    def add(self, names: Iterable[str]) -> None:
        names = [n for n in names if n.strip()]
        forms = {canonical(n, "name") for n in names}
        ids = {self._index[f] for f in forms if f in self._index}
        if ids:
            target = min(ids)
            for other in sorted(ids - {target}, reverse=True):
                self.sets[target] |= self.sets[other]
                for form in self.sets[other]:
                    self._index[form] = target
                self.sets[other] = set()
        else:
            target = len(self.sets)
            self.sets.append(set())
        self.sets[target] |= set(names)
        for form in forms:
            self._index[form] = target

    def representative(self, name: str) -> str:
        """The same for every name of one alias set, whatever order the sets were built in."""
        form = canonical(name, "name")
        index = self._index.get(form)
        if index is None:
            return form
        return "alias:" + min(canonical(n, "name") for n in self.sets[index])

    def of(self, name: str) -> set[str]:
        index = self._index.get(canonical(name, "name"))
        return set(self.sets[index]) if index is not None else {name}

    def as_lists(self) -> list[list[str]]:
        return [sorted(s) for s in self.sets if len(s) > 1]


def load_alias_file(folder: Path) -> list[list[str]]:
    path = folder / ALIAS_FILE
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise QuizgenError(f"malformed TOML: {exc}", file=path, line=int(match.group(1)) if match else None) from None
    entries = data.get("alias", [])
    result = []
    for number, entry in enumerate(entries):
        names = entry.get("names") if isinstance(entry, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or len(names) < 2:
            raise QuizgenError("each [[alias]] needs names = [at least two strings]", file=path,
                               field=f"alias[{number}].names")
        result.append(names)
    return result


def aliases_from_text(texts: Iterable[str]) -> list[list[str]]:
    found = []
    for text in texts:
        for pattern in (KNOWN_AS, PAREN_ALIAS):
            for match in pattern.finditer(text):
                a, b = re.sub(r"^(?:The|An?)\s+", "", match.group("a").strip("_*")), match.group("b").strip("_*")
                if pattern is PAREN_ALIAS and not match.group("cue") and ratio(a.lower(), b.lower()) < PAREN_LIKENESS:
                    continue  # "Charlestown (Boston)": a place and where it lies, unless "or", "also" says so
                if re.search(r"['’]s$", b):
                    continue  # "the SNA, sometimes called Turkey's proxy army": whose it is, not its name
                if canonical(a, "name") != canonical(b, "name"):
                    found.append([a, b])
    return found


def acronym_aliases(names: Iterable[str], texts: Iterable[str], people: Iterable[str] = ()) -> list[list[str]]:
    """A name and its initials where the sources use them ("European Union" / "EU",
    "the United Nations" / "UN"). A person's name is never one: "BR" in a text on bromine
    is its symbol, not Bakhuis Roozeboom."""
    corpus = "\n".join(texts)
    persons = {" ".join(p.split()) for p in people}
    pairs = []
    names = set(names)
    for name in sorted(names - persons):
        words = name_words(name)
        if len(words) < 2 or not all(w[0].isupper() for w in words) or "," in name:
            continue     # "Bath, Cirencester" is two places, not one name with initials
        initials = "".join(w[0] for w in words)
        if len(initials) < 3 and initials not in names:
            continue     # "BC", "SE": two capitals in a text are rarely a name's initials unless used as a name
        if re.search(rf"(?<![\w.-]){initials}(?![\w.-])", corpus):
            pairs.append([name, initials])
    for name in sorted({n for n in names if ACRONYM.fullmatch(n)}):
        # "EU" in the deck, "the European Union" written out in a source
        spelled = r"\s+(?:(?:of|and|the|for|on)\s+)?".join(rf"{letter}[a-z]+" for letter in name)
        # the whole of a name: "Edinburgh University Press" does not spell "EU"
        written = next((m for m in re.finditer(rf"\b{spelled}\b(?!\s+[A-Z])", corpus)
                        if not re.search(r"\b(?!(?:The|A|An)\s)[A-Z][\w'’-]*\s+$",
                                         corpus[max(0, m.start() - 40):m.start()])), None)
        if written and " ".join(written.group().split()) not in persons:
            pairs.append([" ".join(written.group().split()), name])
    return pairs


def spelling_aliases(names: Iterable[str], used_in: dict[str, set[str]] | None = None) -> list[list[str]]:
    """Close spellings of one name ("Sarkissian"/"Sarksyan", "Füzuli"/"Fuzuli").

    Names agree word for word but for one word, and that word has the same consonant
    skeleton in both ("srksn"): a transliteration varies the vowels and doubles letters,
    while "Austria"/"Australia" or "Darwin"/"Dawkins" differ in their consonants.
    Two spellings that one source uses side by side (``used_in``: the sources of each name)
    are two names: "Lunda" and "Luanda" in one article are a people and a city."""
    unique = sorted({n for n in names if len(n) >= 5})
    forms = {n: canonical(n, "name") for n in unique}
    # "Philip" beside "Philip of Valois" and "Philip VI": a given name alone that begins others' names
    begins = Counter(form.split()[0] for form in set(forms.values()) if " " in form)
    pairs = []
    for i, a in enumerate(unique):
        for b in unique[i + 1:]:
            fa, fb = forms[a], forms[b]
            if used_in and used_in.get(a, set()) & used_in.get(b, set()) and fa != fb:
                continue
            if fa == fb and " " not in fa and begins[fa] and len(a.split()) != len(b.split()):
                continue   # "King Philip" and "Philip": which Philip, the deck that names others cannot say
            if fa == fb or variant_spellings(fa, fb):
                pairs.append([a, b])
    return _closest_of_rivals(pairs, forms, used_in or {})


def _closest_of_rivals(pairs: list[list[str]], forms: dict[str, str], used_in: dict[str, set[str]]) -> list[list[str]]:
    """"Loanda" is close to both "Luanda" and "Lunda", which one source keeps apart: it is
    an alias of the closer one only, so the two are never joined through it."""
    partners: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        partners[a].append(b)
        partners[b].append(a)
    dropped: set[tuple[str, str]] = set()
    for name, others in partners.items():
        if any(used_in.get(x, set()) & used_in.get(y, set()) for x in others for y in others if x < y):
            best = max(others, key=lambda other: (ratio(forms[name], forms[other]), other))
            dropped |= {(name, other) for other in others if other != best}
    return [[a, b] for a, b in pairs if (a, b) not in dropped and (b, a) not in dropped]


def variant_spellings(first: str, second: str) -> bool:
    words_a, words_b = first.split(), second.split()
    if len(words_a) != len(words_b) or any(c.isdigit() for c in first + second):
        return False
    different = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]  # lengths checked above
    if len(different) != 1:
        return False
    x, y = different[0]
    if x[0] != y[0] or min(len(x), len(y)) < 5 or x.startswith(y) or y.startswith(x):
        return False  # "Azerbaijan"/"Azerbaijani" differ in kind, not in spelling
    if x[-1] != y[-1]:
        return False  # "Pompeia"/"Pompey": another ending is another name, not another spelling
    if len(x) == len(y) < SHORT_NAME:
        return False  # "Rhine"/"Rhone", "Julia"/"Julii": in a short name one vowel makes another name
    return _skeleton(x) == _skeleton(y) and ratio(x, y) >= SPELLING_SIMILARITY


def _skeleton(word: str) -> str:
    consonants = re.sub(r"[aeiouyh]", "", word[1:])
    return word[0] + re.sub(r"(.)\1+", r"\1", consonants)


def value_key(claim: Claim, aliases: Aliases | None = None) -> str:
    if claim.kind in ("date", "figure") and claim.normalized:
        return claim.normalized
    if aliases is not None:
        return aliases.representative(claim.value)
    return canonical(claim.value, claim.kind)


SUBJECT_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "who", "which"}


def _groupable(claim: Claim) -> bool:
    parts = claim.key.split("|")
    if claim.extra.get("increment"):
        return False  # "11 more", "another 50": a part, not a rival total
    if claim.extra.get("enumeration"):
        return False  # one count of many in a sentence: which of them a rival count matches is a guess
    if claim.kind == "figure":
        return len(parts) == 4 and bool(parts[2]) and parts[3] in GROUPING_EVENTS
    if claim.kind == "date":
        # a date without its year may be read against the wrong year: never grouped; nor by a
        # pronoun, which names someone else in each source ("he wrote" of Macleod and of Paulescu)
        return len(parts) == 3 and bool(parts[1]) and bool(parts[2]) and bool(YEAR_WRITTEN.search(claim.value)) \
            and parts[1] not in SUBJECT_PRONOUNS
    return False


def unify_name_kinds(claims: list[Claim], aliases: Aliases) -> None:
    """One name is one kind of thing across the deck. The tagger calls "Ganja" a place in
    one sentence and a person in the next; the places win unless persons clearly dominate."""
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for claim in claims:
        if claim.kind in ("name", "place"):
            votes[aliases.representative(claim.value)][claim.kind == "place"] += 1
    for claim in claims:
        if claim.kind in ("name", "place"):
            names, places = votes[aliases.representative(claim.value)]
            if places and 3 * places >= names and claim.kind == "name" and claim.label in ("PERSON", "ORG", "NAME"):
                claim.kind, claim.label = "place", "GPE"


def group_claims(claims: list[Claim], aliases: Aliases) -> list[Group]:
    """Groups in a deterministic order (by key), each claim in exactly one group."""
    unify_name_kinds(claims, aliases)
    _mark_enumerations(claims)
    groups: dict[str, Group] = {}
    # per group key, one claim of each distinct quantity it holds: what _scope_suffix compares
    kinds: dict[str, dict[tuple, Claim]] = {}
    copies: dict[tuple, str] = {}
    for claim in claims:
        if _groupable(claim):
            key = f"{claim.kind}:{_aliased_key(claim.key, aliases)}"
            if claim.extra.get("postwar"):
                key += ":post-war"
            if claim.kind == "date" and (bound := _bound(claim)):
                key += f":{bound}"   # where a span began and where it ended are two dates, never rivals
            key += _scope_suffix(claim, kinds, key)
            kinds.setdefault(key, {}).setdefault(_quantity(claim), claim)
        elif claim.kind in ("place", "name"):
            # names and places agree or differ by value only: never a dispute
            key = f"{claim.kind}:{value_key(claim, aliases)}"
        else:
            # a sentence a source repeats word for word is one fact told again: one group (keyed,
            # as a sentence told once is, by where it first stands), not one per copy for
            # _merge_similar to compare pair by pair
            told = (claim.kind, claim.source, claim.sentence, claim.value_in_sentence)
            key = copies.setdefault(told, f"{claim.kind}:{claim.source}:{claim.value_start}")
        groups.setdefault(key, Group(claim.kind, key)).claims.append(claim)
    _attach_sideless(groups)
    merged = _merge_similar([groups[k] for k in sorted(groups)], claims)
    result = []
    for group in merged:
        result.extend(_split_single_voice(group))
    return result


def _merge_similar(groups: list[Group], claims: list[Claim]) -> list[Group]:
    """Join groups of dates and figures whose sentences are about the same thing and
    whose values could be rivals (same unit and magnitude, dates close together).
    The likeliest pairs are joined first, so one weak likeness cannot pre-empt a strong one."""
    df, total = document_frequencies(claims)
    units = unit_counts(claims)
    candidates = [g for g in groups if g.kind in ("date", "figure")
                  and not any(c.extra.get("increment") or c.extra.get("enumeration") for c in g.claims)]
    stated = {_statement(c, c.source) for c in claims}
    contexts = [set().union(*(_context(c) for c in g.claims)) for g in candidates]
    clauses = [set().union(*(_context(c, "clause") for c in g.claims)) for g in candidates]
    few = [any(few_things(c) for c in g.claims) for g in candidates]
    full_dates: dict[str, set[str]] = defaultdict(set)   # each source's dates to the day
    for claim in claims:
        if claim.kind == "date" and len(claim.normalized or "") == 10:
            full_dates[claim.source].add(str(claim.normalized))
    told_by: dict[tuple, set[int]] = defaultdict(set)   # where each source states each value
    for index, group in enumerate(candidates):
        for claim in group.claims:
            told_by[_statement(claim, claim.source)].add(index)

    def says_it_elsewhere(i: int, j: int) -> bool:
        """A source of ``j`` states, in its own voice, ``i``'s value about the same thing in another
        sentence: it gives both values, of two quantities ("water boils 180 degrees above freezing"
        in the one; "100 degrees apart on the Celsius scale" and "180 degrees apart" in the other).
        A source quoting two voices, one for each value, reports a dispute instead."""
        own_voice = {y.source for y in candidates[j].claims if y.claimant is None}
        for other in {k for x in candidates[i].claims for source in own_voice
                      for k in told_by[_statement(x, source)]} - {i, j}:
            if any(c.source in own_voice and c.claimant is None for c in candidates[other].claims) and max(
                    overlap(contexts[i], contexts[other], df, total),
                    overlap(clauses[i], clauses[other], df, total, both=True)) >= AGREEMENT:
                return True
        return False

    pairs = []
    for i, j in _comparable_pairs(candidates):
        first, second = candidates[i], candidates[j]
        if first.kind != second.kind or not _may_join(first, second):
            continue
        same_value = bool(set(first.by_value()) & set(second.by_value()))
        if not same_value and first.kind == "figure" and _each_knows_the_other(first, second, stated):
            continue  # 354 and 365 days, each source giving both: two different years, not two accounts of one
        clause_score = overlap(clauses[i], clauses[j], df, total, both=True)
        score = max(overlap(contexts[i], contexts[j], df, total), clause_score)
        if not same_value:
            bonus = max(value_bonus(x, y, units) for x in first.claims for y in second.claims)
            unit = unit_of(first.claims[0]) if first.kind == "figure" else ""
            if not bonus and not {w for w in contexts[i] & contexts[j]
                                  if not w.startswith("unit:") and not names_the_unit(w, unit)}:
                continue  # "17.8% (2016 est.)" and "12.1% of income", "an army of thirty thousand men" and
                # "composed of about 5,000 men": a unit the deck uses often says nothing of what
            if first.kind == "date" and _sole_rivals(first, second, full_dates):
                bonus += SOLE_RIVAL
            score += bonus
        needed = AGREEMENT if same_value else SAME_THING if first.kind == "figure" else SAME_EVENT
        if not same_value and (few[i] or few[j]) and clause_score < PARAPHRASE:
            continue  # "eight arches" and "four bridges": small counts of things rival only in clauses saying one thing
        if not same_value and first.kind == "date" and _some_year_alone(first, second) \
                and overlap(contexts[i], contexts[j], df, total, both=True) < PARAPHRASE and not any(
                same_verb(x, y) or shared_names(x, y) >= SAME_NAMES for x in first.claims for y in second.claims):
            continue  # a biography's years are all about one person: only the same act makes rival years
        if not same_value and first.kind == "date" and _days_apart_beyond(first, second, CLOSE_DAYS) and not any(
                same_verb(x, y) for x in first.claims for y in second.claims):
            continue  # 27 September and 9 October in sentences naming the same towns: two events, unless one act
        if score < needed:
            continue
        if not same_value and (says_it_elsewhere(i, j) or says_it_elsewhere(j, i)):
            continue  # a source gives both values itself: two quantities (checked last, only for likely pairs)
        pairs.append((-score, -clause_score, i, j))   # of equal likeness, the pair whose clauses are likelier first
    parent = list(range(len(candidates)))

    def root(index: int) -> int:
        while parent[index] != index:
            index = parent[index]
        return index

    for _score, _clause_score, i, j in sorted(pairs):
        a, b = root(i), root(j)
        if a != b and _may_join(candidates[a], candidates[b]):
            candidates[a].claims.extend(candidates[b].claims)
            parent[b] = a
    absorbed = {id(candidates[i]) for i in range(len(candidates)) if root(i) != i}
    return [g for g in groups if id(g) not in absorbed]


def _statement(claim: Claim, source: str) -> tuple[str, str, str, str]:
    """What ``source`` would say in stating ``claim``'s value: its kind, unit and value."""
    return source, claim.kind, unit_of(claim) if claim.kind == "figure" else "", value_key(claim)


def _each_knows_the_other(a: Group, b: Group, stated: set[tuple[str, str, str, str]]) -> bool:
    """Every source of each side also states the other side's value, in the same unit,
    somewhere: the sources agree on both values and speak of two quantities."""
    def knows(sources: set[str], claims: list[Claim]) -> bool:
        return all(_statement(c, source) in stated for source in sources for c in claims)
    return knows({c.source for c in a.claims}, b.claims) and knows({c.source for c in b.claims}, a.claims)


def _days_apart_beyond(a: Group, b: Group, limit: int) -> bool:
    """Two groups of full dates, every pair more than ``limit`` days apart."""
    gaps = [days_apart(x.normalized or "", y.normalized or "") for x in a.claims for y in b.claims]
    return bool(gaps) and all(gap is not None and gap > limit for gap in gaps)


def _sole_rivals(a: Group, b: Group, full_dates: dict[str, set[str]]) -> bool:
    """Of all the days each source dates, the other side's is the only one within days of its own
    ("September 14, 1356" in one, "19 September 1356" in the other): likelier one event told two ways."""
    def near(source: str, iso: str) -> set[str]:
        return {v for v in full_dates[source] if (gap := days_apart(v, iso)) is not None and gap <= CLOSE_DAYS}
    return all(x.source != y.source and near(y.source, x.normalized or "") == {y.normalized}
               and near(x.source, y.normalized or "") == {x.normalized} for x in a.claims for y in b.claims)


def _some_year_alone(a: Group, b: Group) -> bool:
    """Is one side a bare year? Years are coarse: two of one life rival only for one act."""
    return any(all(len((c.normalized or "").lstrip("-")) == 4 for c in group.claims) for group in (a, b))


def _comparable_pairs(groups: list[Group]) -> list[tuple[int, int]]:
    """Pairs of groups that could hold one fact: figures of one unit, dates of one
    precision within a year of each other. Comparing only these keeps a large deck fast."""
    buckets: dict[tuple, set[int]] = defaultdict(set)
    for index, group in enumerate(groups):
        for claim in group.claims:
            for key in _buckets(claim):
                buckets[key].add(index)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        ordered = sorted(members)
        for position, i in enumerate(ordered):
            pairs.update((i, j) for j in ordered[position + 1:])
    return sorted(pairs)


def _buckets(claim: Claim) -> list[tuple]:
    if claim.kind == "figure":
        return [("figure", unit_of(claim))]
    iso = claim.normalized or ""
    if iso.startswith("-") and iso[1:5].isdigit():
        return [("date", "era", len(iso))]  # years before Christ: few enough to compare them all
    if len(iso) < 4 or not iso[:4].isdigit():
        return [("date", "unknown", claim.value)]
    year = int(iso[:4])
    if len(iso) == 4:
        # years dispute across a few years: compare them all, and with the exact dates of a year beside
        return [("date", 4), ("date", "year", year)]
    keys: list[tuple] = [("date", len(iso), year), ("date", "year", year - 1), ("date", "year", year + 1)]
    window = year // YEARS_APART   # full dates a few years apart may date one act two ways
    keys += [("date", len(iso), "window", window), ("date", len(iso), "window", window - 1)]
    if iso[5:7] == "12":
        keys.append(("date", len(iso), year + 1))  # 31 December and 1 January are a day apart
    return keys


def _context(claim: Claim, scope: str = "context") -> set[str]:
    """What a sentence (or the value's own clause) is about, plus what a figure counts ("unit:publication")."""
    words = set(claim.extra.get(scope) or claim.extra.get("context") or [])
    if claim.kind == "figure" and unit_of(claim):
        words.add(f"unit:{unit_of(claim)}")
    return words


def _may_join(a: Group, b: Group) -> bool:
    if {(c.source, c.start, c.claimant) for c in a.claims} & {(c.source, c.start, c.claimant) for c in b.claims}:
        return False  # one sentence never disputes itself, unless it quotes two claimants
    same_value = bool(set(a.by_value()) & set(b.by_value()))
    if not same_value:
        if not all(values_compatible(x, y) for x in a.claims for y in b.claims):
            return False
        if {_voice(c) for c in a.claims} & {_voice(c) for c in b.claims}:
            return False  # one voice does not contradict itself: two values are two events
        if any(c.extra.get("relative") for c in a.claims + b.claims):
            return False  # "on 26 September, the day before the conflict": dated against another event
        if any(x.source == y.source and (x.claimant is None or y.claimant is None)
               for x in a.claims for y in b.claims):
            return False  # within one source, only two named claimants make a dispute
    if a.kind == "figure" and _specific_keys(a) and _specific_keys(b) and not _specific_keys(a) & _specific_keys(b):
        return False  # "servicemen wounded" is not "servicemen killed"
    if len(set(a.by_value()) | set(b.by_value())) > 3:
        return False
    if a.kind == "date" and not same_value and {_bound(c) for c in a.claims} | {_bound(c) for c in b.claims} \
            >= {"from", "until"}:
        return False  # "held from January 1661" and "held until January 1662": two ends of one span
    if any(scopes_differ(x, y) for x in a.claims for y in b.claims):
        return False  # "73% of the disputed territory" is not "72% of Artsakh's territory"
    if any(_counted_in_other_years(x, y) for x in a.claims for y in b.claims):
        return False  # "in 1835 102 men were killed" is another disaster than "of 1812, in which 92 men were killed"
    if not same_value and any(items_differ(x, y) for x in a.claims for y in b.claims):
        return False  # "Argentina 1,880 km" is no rival of "Brazil 1,371 km" in a list of borders
    if not same_value and any(_label_unmet(x, y) or _label_unmet(y, x) for x in a.claims for y in b.claims):
        return False  # a fact sheet's "forest: 43.5%" is not an article's "other" share, nor "mean elevation" a height
    if not same_value and any(unit_of(x) == "%" and _other_share(x, y) for x in a.claims for y in b.claims):
        return False  # "80% of exports" is not "40% of output", nor a fall "by 40%"
    if (_events(a) or _events(b)) and not _verbs(a) & _verbs(b):
        return False  # "83 awarded" and "60 captured" count different things
    if not same_value and any(_measured_apart(x, y) for x in a.claims for y in b.claims):
        return False  # "arable land: 11% (2023 est.)" is no rival of a list's 8.9% of 2012: one more year of data
    # the merge must not make a source contradict itself
    return _self_contradictions(a.claims + b.claims) <= _self_contradictions(a.claims) + _self_contradictions(b.claims)


def _measured_apart(a: Claim, b: Claim) -> bool:
    return "measured" in a.extra and "measured" in b.extra and a.extra["measured"] != b.extra["measured"]


def _bound(claim: Claim) -> str | None:
    """Is the date where something began ("from", "since") or where it ended ("until")?"""
    before = claim.sentence[:claim.value_in_sentence[0]]
    if SPAN_START.search(before):
        return "from"
    return "until" if SPAN_END.search(before) else None


def _mark_enumerations(claims: list[Claim]) -> None:
    """Figures of a sentence that lists many counts ("39 vehicles; four jets; 17 UAVs"), or
    the shares of one whole ("88% copper and 12% tin")."""
    counts = Counter((c.source, c.start) for c in claims if c.kind == "figure")
    shares = Counter((c.source, c.start) for c in claims if c.kind == "figure" and unit_of(c) == "%")
    for claim in claims:
        if claim.kind == "figure" and counts[(claim.source, claim.start)] >= ENUMERATION and item_name(claim) is None:
            claim.extra["enumeration"] = True   # but "Malawi 1,569 km, South Africa 491 km, ...": each item its own
        if claim.kind == "figure" and unit_of(claim) == "%" and shares[(claim.source, claim.start)] >= SHARES:
            claim.extra["enumeration"] = True  # "88% copper and 12% tin": one mixture's parts, not a rival share
        if claim.kind == "date" and _listed_year(claim):
            claim.extra["enumeration"] = True  # "in 792, 794, and 796": one of several dates, no rival of another


LISTED_BEFORE = re.compile(r"\b\d{3,4}(?:\s*(?:BC|AD|B\.C\.|A\.D\.))?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
LISTED_AFTER = re.compile(r"^(?:\s*(?:BC|AD|B\.C\.|A\.D\.))?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)\d{3,4}\b")


def _listed_year(claim: Claim) -> bool:
    """A year written in a list of years ("in 792, 794, and 796")."""
    start, end = claim.value_in_sentence
    return bool(re.fullmatch(r"\d{3,4}", claim.value)) and bool(
        LISTED_BEFORE.search(claim.sentence[:start]) or LISTED_AFTER.match(claim.sentence[end:]))


def scope(claim: Claim) -> tuple[set[str], str]:
    """What a figure is a count or share of: the modifiers and the head noun of the "of ..."
    phrase right after it ("73% of the disputed territory"), else of its counted noun."""
    end = claim.value_in_sentence[1]
    after = SCOPE_OF.match(claim.sentence[end:])
    text = after.group(1) if after else (claim.subject if claim.kind == "figure" else "")
    words = [_fold_noun(w) for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in SCOPE_STOP]
    return (set(words[:-1]), words[-1]) if words else (set(), "")


def area_part(claim: Claim) -> str | None:
    """Which area a measure of area gives: "land" ("64,740 km² of land", "total land area of",
    "land: 64,630 sq km"), "water" or "total" ("a total area of", "Area: 65,610"); None where the
    sentence does not say ("the largest landmass (102,775 km²)", a river's basin)."""
    start, end = claim.value_in_sentence
    after = AREA_AFTER.match(claim.sentence, end)
    if after:
        return after.group(1).lower()
    named = list(AREA_BEFORE.finditer(claim.sentence[max(0, start - AREA_REACH):start]))
    if not named:
        return None
    part = [w.lower() for w in named[-1].groups() if w]
    return next((w for w in part if w in ("land", "water")), "total")


def line_label(claim: Claim) -> set[str]:
    """The words of the label a fact sheet's line gives its value ("arable land" of "agricultural
    land: arable land: 3.1% (2023 est.)", or the field's name above a bare value line), stemmed as
    sentence words are; empty for prose."""
    if "line_label" not in claim.extra:
        before = claim.sentence[:claim.value_in_sentence[0]]
        label = LINE_LABEL.search(before) or (   # a fact sheet's "highest point: Mount Gimie 948 m"
            NAMED_LINE_LABEL.match(before) if claim.extra.get("block") != "prose" else None)
        words = re.findall(r"[A-Za-z]{3,}", label.group(1) if label else _field_above(claim))
        claim.extra["line_label"] = sorted({stem(w.lower()[:-1] if re.search(r"[^s]s$", w.lower()) else w.lower())
                                            for w in words})
    return set(claim.extra["line_label"])


def _field_above(claim: Claim) -> str:
    """The field's name on the line above a value line that opens with its value ("Taxes and other
    revenues", then "19.6% (of GDP) (2022 est.)"); empty elsewhere."""
    if claim.extra.get("field"):
        return str(claim.extra["field"])
    if claim.value_in_sentence[0] > 0 or not claim.prefix.endswith("\n"):
        return ""
    above = claim.prefix.rstrip("\n").rsplit("\n", 1)[-1].strip()
    return above if FIELD_NAME_LINE.fullmatch(above) else ""


# "border countries: Argentina 2,531 km; Bolivia 753 km": a list item's name, its figure and unit
ITEM_NAME = re.compile(r"(?:^|[:;,]\s*|\band\s+)((?:[A-Z][\w'’.-]*\s+){1,3})$")
BRACKETED_ITEM = re.compile(r"((?:[A-Z][\w'’-]*\s+){0,3}[\w'’-]+)\s*\(\s*(?:about\s+|c\.\s*)?$")
# a part's figure in brackets after its whole's: "total: 389 sq km (Saint Vincent 344 sq km)"
PART_IN_BRACKETS = re.compile(r"\d[^()]*\(\s*((?:[A-Z][\w'’.-]*\s+){1,3})$")
PART_END = re.compile(r"^\s*(?:[^\W\d_]{1,5}\.?\s?){0,2}²?\s*[);]")
BRACKET_END = re.compile(r"^\s*[^\W\d_]{0,4}²?\s*[/)]")
ITEM_END = re.compile(r"^\s*[^\W\d_]{0,4}²?\s*(?:[;,]|$)")


def item_name(claim: Claim) -> str | None:
    """The name a list item gives its figure ("Argentina" of "...: Argentina 2,531 km; Bolivia
    753 km"), or None where the figure is not an item so named."""
    start, end = claim.value_in_sentence
    if claim.kind != "figure":
        return None
    named = ITEM_NAME.search(claim.sentence[:start])
    if named is None or not ITEM_END.match(claim.sentence[end:]):
        return None
    return fold(" ".join(named.group(1).split()))


def items_differ(a: Claim, b: Claim) -> bool:
    """Two list items whose names differ ("Argentina 1,880 km", "Brazil 1,371 km"), two figures in
    brackets after things that share no word ("the Caspian Sea (1,894 km/1,176 mi)", "the Aral Sea,
    now two bodies of water (1,070 km)"), or a part's figure bracketed after its whole's ("total:
    389 sq km (Saint Vincent 344 sq km)") against a clause that does not name the part."""
    if any(part and not part & _context(other, "clause") for part, other in ((named_part(a), b), (named_part(b), a))):
        return True
    first, second = item_name(a), item_name(b)
    if first is not None and second is not None:
        return first != second
    for item, other in ((first, b), (second, a)):
        if item is not None and not {stem(w) for w in re.findall(r"[a-z]{3,}", item)} & _context(other, "clause"):
            return True   # "Moussa Ali 2,021 m" is no rival of "It has an elevation of 1,680 metres": which peak
    first_words, second_words = bracketed_by(a), bracketed_by(b)
    return bool(first_words and second_words) and not first_words & second_words


def named_part(claim: Claim) -> set[str]:
    """The words, stemmed as a clause's are, naming the part a figure in brackets after another
    figure measures ("Saint Vincent" of "total: 389 sq km (Saint Vincent 344 sq km)"); nothing else."""
    start, end = claim.value_in_sentence
    named = PART_IN_BRACKETS.search(claim.sentence[:start])
    if claim.kind != "figure" or named is None or not PART_END.match(claim.sentence[end:]):
        return set()
    return {stem(word) for word in re.findall(r"[a-z]{3,}", named.group(1).lower())}


def bracketed_by(claim: Claim) -> set[str]:
    """The words naming what a figure in brackets measures: "Caspian Sea" of "borders the Caspian
    Sea (1,894 km)"; nothing for a figure not alone in its brackets."""
    start, end = claim.value_in_sentence
    named = BRACKETED_ITEM.search(claim.sentence[:start])
    if claim.kind != "figure" or named is None or not BRACKET_END.match(claim.sentence[end:]):
        return set()
    return {fold(word) for word in named.group(1).lower().split()}


def _label_unmet(a: Claim, b: Claim) -> bool:
    """``a`` is a labelled line whose label's telling words ("arable", "forest", "mean elevation";
    "land" or "total" only where nothing else is said, or where the figure is no area) are nowhere
    in ``b``'s clause."""
    words = line_label(a)
    telling = words - GENERIC_LABEL_WORDS or words
    clause = _context(b, "clause")
    if words & AVERAGE_WORDS - clause:
        return True   # "mean elevation: 430 m" is not a place's "elevation of 560 m"
    # an area's "land" goes without saying, a share's does not: "agricultural land: 32%" is no share
    # of the people working in farming
    if unit_of(a) not in AREA_UNITS and words & GENERIC_LABEL_WORDS - clause:
        return True
    return bool(telling) and not telling & clause


def _fold_noun(word: str) -> str:
    """"troops", "soldiers" -> "serviceman"; other words lower-cased."""
    word = word.lower()
    folded = fold(word)
    if folded == word and word.endswith("s"):
        singular = fold(word[:-1])
        return singular if singular != word[:-1] else word
    return folded


def scopes_differ(a: Claim, b: Claim) -> bool:
    """Each figure's count is narrowed in a way the other's is not ("private vehicles",
    "unmanned aerial vehicles"). A different head noun may be a synonym: not judged here."""
    if a.kind != "figure" or b.kind != "figure":
        return False
    if unit_of(a) in AREA_UNITS and unit_of(b) in AREA_UNITS and area_part(a) != area_part(b):
        return True   # the land area is not the total, nor a landmass or a basin whose part is unsaid
    if _holders_differ(a, b):
        return True   # "Mercury boils around 300 degrees" is not "water boils at about 212 degrees"
    (narrow_a, head_a), (narrow_b, head_b) = scope(a), scope(b)
    return bool(narrow_a - narrow_b - {head_b}) and bool(narrow_b - narrow_a - {head_a})


def _holders_differ(a: Claim, b: Claim) -> bool:
    """Both figures hang on one verb, whose subjects differ: "Mercury boils" and "water boils". (Of
    two verbs the subjects may be anything: "the capsule held 5.4 grams", "a second container
    brought the total to 6.1 grams".)"""
    holder_a, holder_b = a.extra.get("holder"), b.extra.get("holder")
    if not holder_a or not holder_b:
        return False
    (verb_a, subject_a), (verb_b, subject_b) = holder_a.split("|", 1), holder_b.split("|", 1)
    return verb_a == verb_b and subject_a != subject_b


def _counted_in_other_years(a: Claim, b: Claim) -> bool:
    """Two different counts, each dated by its sentence to years the other does not name: two
    events or two moments ("in 1835 102 men were killed", "the disaster of 1812, in which 92 men
    were killed"), not two accounts of one. The same count in other years is one fact told twice."""
    if a.kind != "figure" or b.kind != "figure" or value_key(a) == value_key(b):
        return False
    years_a, years_b = [sorted(map(int, years_told(c))) for c in (a, b)]
    if not years_a or not years_b:
        return False

    def within(years: list[int], span: list[int]) -> bool:   # "212 publications, 1913–1966" spans a 1950 letter
        return any(span[0] <= year <= span[-1] for year in years)
    return not within(years_a, years_b) and not within(years_b, years_a)


def _other_share(a: Claim, b: Claim) -> bool:
    """Two percentages of different wholes, or a share against a rise or fall."""
    head_a, head_b = scope(a)[1], scope(b)[1]
    if head_a and head_b and head_a != head_b:
        return True
    return _is_change(a) != _is_change(b)


def _is_change(claim: Claim) -> bool:
    start = claim.value_in_sentence[0]
    return bool(CHANGE.search(claim.sentence[max(0, start - 30):start]))


def same_date_at_other_precision(a: str | None, b: str | None) -> bool:
    """"2004" and "2004-05-01": one date told more or less exactly, not two."""
    if not a or not b or a == b:
        return False
    return a.startswith(b + "-") or b.startswith(a + "-")


def _dates_apart(a: Claim, b: Claim) -> bool:
    if a.kind != "date" or b.kind != "date" or a.normalized == b.normalized:
        return False
    return not (same_date_at_other_precision(a.normalized, b.normalized) or values_compatible(a, b))


def _scope_suffix(claim: Claim, kinds: dict[str, dict[tuple, Claim]], key: str) -> str:
    """Claims of one key that cannot be one quantity go to groups of their own ("#2", "#3"):
    figures whose scopes differ, dates that are neither close nor the same at another precision
    ("1815" and "May 2004" about one country are two events).

    Whether two claims can be one quantity depends on their ``_quantity`` alone, so a claim is
    compared with one claim of each distinct quantity in a group, not with every claim in it:
    a text repeating one sentence a thousand times costs a thousand comparisons, not a million."""
    suffix, number = "", 1
    while key + suffix in kinds and any(scopes_differ(claim, other) or _dates_apart(claim, other)
                                        or _counted_in_other_years(claim, other)
                                        for other in kinds[key + suffix].values()):
        number += 1
        suffix = f"#{number}"
    return suffix


def _quantity(claim: Claim) -> tuple:
    """What ``scopes_differ``, ``_dates_apart`` and ``_counted_in_other_years`` read of a claim."""
    if claim.kind == "figure":
        narrow, head = scope(claim)
        return (claim.kind, tuple(sorted(narrow)), head, value_key(claim), tuple(sorted(years_told(claim))),
                claim.extra.get("holder"))
    if claim.kind == "date":
        return claim.kind, claim.normalized
    return (claim.kind,)


def _events(group: Group) -> set[str]:
    return {c.key.split("|")[3] for c in group.claims
            if c.kind == "figure" and len(c.key.split("|")) == 4 and c.key.split("|")[3] in GROUPING_EVENTS}


def _verbs(group: Group) -> set[str]:
    return {c.key.split("|")[3] for c in group.claims if c.kind == "figure" and len(c.key.split("|")) == 4}


def _self_contradictions(claims: list[Claim]) -> int:
    values: dict[tuple, set[str]] = defaultdict(set)
    for claim in claims:
        values[_voice(claim)].add(value_key(claim))
    return sum(len(v) - 1 for v in values.values())


def _specific_keys(group: Group) -> set[str]:
    return {c.key for c in group.claims if _groupable(c)}


def _aliased_key(key: str, aliases: Aliases) -> str:
    parts = key.split("|")
    if parts[0] != "figure" and len(parts) == 3 and parts[1]:
        parts[1] = aliases.representative(parts[1])
    return "|".join(parts)


def _voice(claim: Claim) -> tuple[str, str | None]:
    """Who speaks: the source, or someone it quotes."""
    return (claim.source, claim.claimant)


def _split_same_sentence(group: Group) -> tuple[Group, list[Group]]:
    """One sentence never disputes itself: a second value from the same sentence is
    about something else ("85 killed, while another 21 were missing")."""
    kept: list[Claim] = []
    apart: list[Group] = []
    values_by_sentence: dict[tuple[str, int, str | None], str] = {}
    for claim in group.claims:
        where = (claim.source, claim.start, claim.claimant)  # "X says 45%, while Y counts 55%" is a dispute
        value = value_key(claim)
        if values_by_sentence.setdefault(where, value) != value:
            apart.append(Group(group.kind, f"{group.key}@{claim.source}:{claim.value_start}", [claim]))
        else:
            kept.append(claim)
    return Group(group.kind, group.key, kept), apart


def _split_single_voice(group: Group) -> list[Group]:
    """Different values from one voice (one source, one claimant) are different events,
    not a disagreement: "five tanks on Monday, three on Tuesday"."""
    if len(group.by_value()) < 2:
        return [group]
    group, apart = _split_same_sentence(group)
    values = group.by_value()
    if len(values) > 1 and len({_voice(c) for c in group.claims}) == 1:
        return [Group(group.kind, f"{group.key}#{value}", claims) for value, claims in sorted(values.items())] + apart
    return [group, *apart]


def _attach_sideless(groups: dict[str, Group]) -> None:
    """A figure that names no side joins the sided group that gives the same value."""
    for key in [k for k in groups if k.startswith("figure:figure||")]:
        group = groups[key]
        rest = key.removeprefix("figure:figure||")
        candidates = [g for k, g in groups.items() if k != key and k.startswith("figure:figure|")
                      and k.endswith("|" + rest)]
        for claim in list(group.claims):
            match = [g for g in candidates if value_key(claim) in g.by_value()]
            if len(match) == 1:
                match[0].claims.append(claim)
                group.claims.remove(claim)
        if not group.claims:
            del groups[key]
