"""Matching unit names found in text to known units.

Names are compared folded (no diacritics, lower case, "Uỷ" = "Ủy", "&" = "và", punctuation
dropped). An abbreviation written in capitals stands for the initials of the syllables it
replaces, "và" optional: "UBND tỉnh" = "Ủy ban nhân dân tỉnh", "Sở KH&ĐT" = "Sở KHĐT" = "Sở
Kế hoạch và Đầu tư". Confidence: 1.0 for the same folded name or alias, 0.95 for a match
through abbreviations, else the token overlap (Dice) when it reaches 0.8, scaled by 0.9.
A name that matches nothing is returned with ``unit_id`` None, never dropped.

A collective name ("UBND các xã, phường", "các sở, ban, ngành") names no one unit:
``collective_group`` reads it as a ``CollectiveGroup``, the kinds and levels of the units
that form it under the body assigning the task (the caller knows the tree).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Generic, TypeVar

from .text import fold, normalise

K = TypeVar("K", bound=Hashable)

_TOKEN = re.compile(r"[^\W_]+")
_FUZZY_FLOOR = 0.8


@dataclass(frozen=True)
class UnitMatchResult(Generic[K]):
    """A name from the text, the known unit it matched (or None) and how sure that is."""

    name: str
    unit_id: K | None
    confidence: float
    matched_name: str | None


_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=_CACHE_SIZE)
def _tokens(name: str) -> tuple[tuple[str, bool], ...]:
    """Folded tokens of ``name``, each flagged when written as a capitalised abbreviation."""
    text = normalise(name).replace("&", " và ")
    out: list[tuple[str, bool]] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        abbreviation = len(word) >= 2 and word.isupper()
        out.append((fold(word), abbreviation))
    return tuple(out)


@lru_cache(maxsize=_CACHE_SIZE)
def _syllables(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in _TOKEN.findall(normalise(name).replace("&", " và ")))


@dataclass(frozen=True)
class _Form:
    """What scoring needs of one name, computed once per distinct string."""

    joined: str
    syllables: tuple[str, ...]
    syllable_set: frozenset[str]
    tokens: tuple[tuple[str, bool], ...]
    abbreviated: bool
    plain: frozenset[str]  # tokens written in full, which an alignment must find as syllables


@lru_cache(maxsize=_CACHE_SIZE)
def _form(name: str) -> _Form:
    syllables = _syllables(name)
    tokens = _tokens(name)
    return _Form(
        " ".join(syllables),
        syllables,
        frozenset(syllables),
        tokens,
        any(abbreviation for _, abbreviation in tokens),
        frozenset(word for word, abbreviation in tokens if not abbreviation),
    )


def _may_align(a: _Form, b: _Form) -> bool:
    """A cheap necessary condition for ``_aligns(a.tokens, b.syllables)``."""
    return a.abbreviated and a.plain <= b.syllable_set


def _aligns(tokens: tuple[tuple[str, bool], ...], syllables: tuple[str, ...]) -> bool:
    """Whether ``tokens`` spell ``syllables``, abbreviations standing for initials."""

    @cache
    def go(i: int, j: int) -> bool:
        if i == len(tokens):
            return j == len(syllables)
        word, abbreviation = tokens[i]
        if j < len(syllables) and word == syllables[j] and go(i + 1, j + 1):
            return True
        if not abbreviation:
            return False
        return spell(i, 0, j)

    @cache
    def spell(i: int, k: int, j: int) -> bool:
        word = tokens[i][0]
        if k == len(word):
            return go(i + 1, j)
        if j >= len(syllables):
            return False
        if syllables[j] == "va" and spell(i, k, j + 1):
            return True
        return syllables[j][0] == word[k] and spell(i, k + 1, j + 1)

    return go(0, 0)


def _dice(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def _score(name: str, candidate: str) -> float:
    return _score_forms(_form(name), _form(candidate))


def _score_forms(a: _Form, b: _Form) -> float:
    if a.joined == b.joined:
        return 1.0
    # Without an abbreviation on either side, alignment is plain equality (checked above).
    if (_may_align(a, b) and _aligns(a.tokens, b.syllables)) or (
        _may_align(b, a) and _aligns(b.tokens, a.syllables)
    ):
        return 0.95
    sa, sb = a.syllable_set, b.syllable_set
    if not sa or not sb or 2 * min(len(sa), len(sb)) < _FUZZY_FLOOR * (len(sa) + len(sb)):
        return 0.0  # the overlap cannot reach the floor
    dice = 2 * len(sa & sb) / (len(sa) + len(sb))
    return round(dice * 0.9, 3) if dice >= _FUZZY_FLOOR else 0.0


def match_units(
    names: Iterable[str], units: Iterable[tuple[K, str, Sequence[str]]]
) -> list[UnitMatchResult[K]]:
    """Pair each name with the best known unit among ``(id, name, aliases)`` tuples."""
    known = [
        (unit_id, candidate, _form(candidate))
        for unit_id, name, aliases in units
        for candidate in (name, *aliases)
    ]
    exact: dict[str, tuple[K, str]] = {}
    for unit_id, candidate, form in known:
        exact.setdefault(form.joined, (unit_id, candidate))  # the first one wins, as below
    results: list[UnitMatchResult[K]] = []
    for name in names:
        wanted = _form(name)
        hit = exact.get(wanted.joined)
        if hit is not None:
            results.append(UnitMatchResult(name, hit[0], 1.0, hit[1]))
            continue
        best: tuple[float, K | None, str | None] = (0.0, None, None)
        for unit_id, candidate, form in known:
            score = _score_forms(wanted, form)
            if score > best[0]:
                best = (score, unit_id, candidate)
        results.append(UnitMatchResult(name, best[1], best[0], best[2]))
    return results


# --- collective names: a group of units, not one ---------------------------------------------

# Placeholders a group's part is given when it depends on the body that assigns the task.
SAME_KIND = "same"  # the kind of the assigning body (UBND → UBND of the communes)
SAME_LEVEL = "same"  # the level of the assigning body (the departments of a province)
LEVEL_BELOW = "below"  # the level under the assigning body's (its localities)

# The bodies written before "các": "UBND các xã", "Đảng ủy các phường", "HĐND các xã".
_GROUP_PREFIXES: tuple[tuple[str, str], ...] = (
    ("ubnd", "government"),
    ("uy ban nhan dan", "government"),
    ("dang uy", "party_committee"),
    ("cap uy", "party_committee"),
    ("hdnd", "council"),
    ("hoi dong nhan dan", "council"),
)
# Each collective noun after "các", folded: the kind and the level of the units it names
# (None: the kind the prefix gives, else the assigning body's).
_GROUP_NOUNS: dict[str, tuple[str | None, str]] = {
    "so": ("department", SAME_LEVEL),
    "ban": ("department", SAME_LEVEL),
    "nganh": ("department", SAME_LEVEL),
    "bo": ("department", SAME_LEVEL),
    "phong": ("department", SAME_LEVEL),
    "co quan": ("department", SAME_LEVEL),
    "co quan chuyen mon": ("department", SAME_LEVEL),
    "co quan chuc nang": ("department", SAME_LEVEL),
    "tinh": (None, "province"),
    "thanh pho": (None, "province"),
    "huyen": (None, "district"),
    "quan": (None, "district"),
    "thi xa": (None, "district"),
    "xa": (None, "commune"),
    "phuong": (None, "commune"),
    "dac khu": (None, "commune"),
    "thi tran": (None, "commune"),
    "dia phuong": (None, LEVEL_BELOW),
}
# Words after the nouns that narrow nothing: "các sở, ban, ngành liên quan".
_GROUP_TAILS = re.compile(
    r"\s+(?:co lien quan|lien quan|tren dia ban(?: \w+)*|thuoc (?:tinh|thanh pho)|truc thuoc)$"
)
_GROUP_SEPARATORS = re.compile(r"\s*(?:,|;|\bva\b)\s*")
# "thành phố" after "huyện, quận" is a district-level town, not a province.
_DISTRICT_CONTEXT = frozenset({"huyen", "quan", "thi xa"})


@dataclass(frozen=True)
class GroupPart:
    """Units of one kind at one level (or a placeholder resolved against the assigner)."""

    kind: str
    level: str


@dataclass(frozen=True)
class CollectiveGroup:
    """A collective name ("UBND các xã, phường", "các sở, ban, ngành"): the parts whose
    units, under the body that assigns the task, form the group."""

    name: str
    parts: tuple[GroupPart, ...]


def collective_group(name: str | None) -> CollectiveGroup | None:
    """The group a collective unit name stands for; None for the name of one unit, or for a
    collective whose nouns are not all known ("các tổ chức, đoàn thể")."""
    if not name:
        return None
    text = " ".join(fold(normalise(name)).replace(",", " , ").replace(";", " ; ").split())
    text = _GROUP_TAILS.sub("", text)
    prefix_kind: str | None = None
    for prefix, body_kind in _GROUP_PREFIXES:
        if text.startswith(prefix + " "):
            prefix_kind = body_kind
            text = text[len(prefix) + 1 :]
            break
    if not text.startswith("cac "):
        return None
    nouns = [n for n in _GROUP_SEPARATORS.split(text[4:].strip(" ,;")) if n]
    if not nouns or any(n not in _GROUP_NOUNS for n in nouns):
        return None
    parts: list[GroupPart] = []
    for noun in nouns:
        kind, level = _GROUP_NOUNS[noun]
        if noun == "thanh pho" and _DISTRICT_CONTEXT & set(nouns):
            level = "district"
        if kind is None:
            kind = prefix_kind or SAME_KIND
        elif prefix_kind is not None:
            return None  # "UBND các sở" is no body's name
        part = GroupPart(kind, level)
        if part not in parts:
            parts.append(part)
    return CollectiveGroup(name, tuple(parts))
