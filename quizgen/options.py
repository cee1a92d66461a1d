"""Wrong options for an attribution question: the claimants offered beside the right one."""

from __future__ import annotations

import hashlib
import re

from .answers import canonical
from .attribution import GENERIC_CLAIMANT
from .extract import Claim
from .subjects import side_of


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
