"""Matching unit names found in text to known units.

Names are compared folded (no diacritics, lower case, "Uỷ" = "Ủy", "&" = "và", punctuation
dropped). An abbreviation written in capitals stands for the initials of the syllables it
replaces, "và" optional: "UBND tỉnh" = "Ủy ban nhân dân tỉnh", "Sở KH&ĐT" = "Sở KHĐT" = "Sở
Kế hoạch và Đầu tư". Confidence: 1.0 for the same folded name or alias, 0.95 for a match
through abbreviations, else the token overlap (Dice) when it reaches 0.8, scaled by 0.9.
A name that matches nothing is returned with ``unit_id`` None, never dropped.
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
