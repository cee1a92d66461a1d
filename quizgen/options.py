"""Wrong options: the deck's pools of names and places, and the claimants offered
beside the right one in an attribution question."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from .answers import canonical
from .attribution import GENERIC_CLAIMANT
from .claims import Group
from .extract import Claim
from .salience import reference_or_table
from .subjects import side_of

CLEAN_NAME = re.compile(r"(?:(?:the|The)\s+)?[A-Z\u00c0-\u024f][\w'’.\-]*"
                        r"(?:\s+(?:of|and|for|de|al|the|[A-Z\u00c0-\u024f][\w'’.\-]*))*")


# A file name, a formula, a heading in capitals: the tagger's mistakes, no fair option.
NOT_A_NAME = re.compile(r"_|\.(?i:jpe?g|png|gif|svg|pdf|html?)$|^[A-Z]{2,}(?:\s+[A-Z]{2,})+$|^[A-Z]{7,}$")


PLACE_LABELS = {"GPE", "LOC", "FAC"}


def pools(groups: list[Group]) -> dict[str, list[str]]:
    """Values of each entity label across the deck, the source of name and place distractors.

    Only clean names enter a pool: written the way names are written, and given the same
    label every time (a word the tagger calls a person once and an organisation twice
    is no safe wrong answer to "who")."""
    labels: dict[str, set[str]] = defaultdict(set)
    written: dict[str, str] = {}
    # words the sources also write in lower case are words, not names ("Dispute" heading a line)
    lower = {w for g in groups for c in g.claims for w in re.findall(r"\b[a-z][a-z'’-]+\b", c.sentence)}
    for group in groups:
        for claim in group.claims:
            if claim.kind in ("name", "place") and not reference_or_table(claim.sentence):
                # an author named only in a citation is no wrong answer to "who" or "where"
                form = canonical(claim.value, "name")
                labels[form].add(claim.label)
                written.setdefault(form, " ".join(claim.value.split()))
    pools: dict[str, list[str]] = defaultdict(list)
    for form, value in sorted(written.items()):
        label = next(iter(labels[form]))
        if len(labels[form]) == 1 and CLEAN_NAME.fullmatch(value) and not NOT_A_NAME.search(value) \
                and not (label in PLACE_LABELS and re.search(r"\d", value)) \
                and not (" " not in value and value.lower() in lower):   # "Volume V15" is no place
            pools[label].append(value)
    # one-word "persons" are often places the tagger misread: keep only known surnames
    full_names = [v for v in pools.get("PERSON", []) if len(v.split()) >= 2]
    surnames = {v.split()[-1] for v in full_names}
    if "PERSON" in pools:
        pools["PERSON"] = [v for v in pools["PERSON"] if len(v.split()) >= 2 or v in surnames]
    return dict(pools)


def overlaps_any(option: str, values: list[str]) -> bool:
    """"Lindgren" for "Tomas Lindgren", "Armenia/Artsakh" for "Artsakh": too close to be wrong."""
    mine = set(canonical(option, "name").split())
    return any(mine and (mine <= set(canonical(v, "name").split()) or set(canonical(v, "name").split()) <= mine)
               for v in values)


def claimant_options(by_value: dict[str, list[Claim]], value: str, claimant: str,
                      voices: dict[str, str], claimant_pool: list[str], seed: str,
                      says: dict[str, set[str]] | None = None) -> list[str]:
    """Wrong options for "who said so": first the claimants of the other values, then
    other claimants of the deck; never anyone who gives this same value anywhere in the
    deck (``says``: what each claimant or source label states), nor a vague "the ministry"."""
    says = says or {}
    same = {canonical(c.claimant or voices.get(c.source, c.source), "name") for c in by_value[value]}
    same.add(canonical(claimant, "name"))
    options: list[str] = []
    rivals = [c.claimant or voices.get(c.source, c.source)
              for other, claims in sorted(by_value.items()) if other != value for c in claims]
    extra = sorted(claimant_pool, key=lambda name: hashlib.sha256((seed + name).encode()).hexdigest())
    related = stems(claimant) | {stem for c in by_value[value] if c.claimant for stem in stems(c.claimant)}
    for index, name in enumerate(rivals + extra):
        form = canonical(name, "name")
        if form in same or form in {canonical(o, "name") for o in options}:
            continue
        if index >= len(rivals) and stems(name) & related:
            continue  # "the Azerbaijani authorities" would be a fair answer where "Azerbaijan" is right
        if value in says.get(form, set()) or GENERIC_CLAIMANT.match(name):
            continue  # "the infobox" also prints 14 March 2016: a second right answer
        options.append(name)
        if len(options) >= 3:
            break
    return options


def generic(claimant: str) -> bool:
    """Prefer "Armenia/Artsakh" or "the Armenian authorities" to "the belligerents"."""
    return not re.search(r"\b[A-Z]", claimant)


def stems(name: str) -> set[str]:
    """The distinctive words of a claimant, folded: "the Azerbaijani authorities" -> {"azerbaij"}."""
    return {side for word in re.findall(r"[A-Z][\w'’-]+", name) if (side := side_of(word)) is not None}
