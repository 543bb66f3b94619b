"""Reads for extraction: the names a text gives, matched to the units and people a user sees.

``extraction_matches(user, extraction)`` pairs every unit name (leads, coordinating units,
the visit's bodies, the recommendations' senders and addressees, document issuers) with a unit
of ``policy.visible_units(user)`` and every person named with a person of
``policy.visible_people(user)``. A name that matches nothing stays in the answer with no unit;
nothing is invented and nothing outside the user's scope is offered.

The scoring is the core's ``match_units``; this module only narrows, for each name, the units
worth scoring (a national tree has thousands of units and scoring all of them for every name
would take seconds), and reads a unit dissolved in a reorganisation as its successor.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.core.text import fold as fold_name
from namro.intake.core import Extraction, match_units, normalise
from namro.intake.core.matching import (
    LEVEL_BELOW,
    SAME_KIND,
    SAME_LEVEL,
    GroupPart,
    collective_group,
)
from namro.intake.core.text import fold
from namro.orgs.models import Unit, UnitKind, UnitLevel

_TOKEN = re.compile(r"[^\W_]+")
# How many successor steps are followed (a unit merged, then merged again).
_SUCCESSOR_STEPS = 5
# Bodies whose localities are bodies of the same kind ("UBND các xã" under a UBND).
_PLACE_KINDS = frozenset({UnitKind.GOVERNMENT, UnitKind.PARTY_COMMITTEE, UnitKind.COUNCIL})
# The level of the localities under a body ("các địa phương"), since districts were dissolved.
_LEVEL_BELOW = {
    UnitLevel.CENTRAL: UnitLevel.PROVINCE,
    UnitLevel.PROVINCE: UnitLevel.COMMUNE,
    UnitLevel.DISTRICT: UnitLevel.COMMUNE,
}


@dataclass(frozen=True)
class UnitMatch:
    """A unit name from the text, the visible unit it stands for (or None) and how sure."""

    name: str
    unit_id: int | None
    unit_name: str | None
    confidence: float
    matched_name: str | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "confidence": self.confidence,
            "matched_name": self.matched_name,
            "note": self.note,
        }


@dataclass(frozen=True)
class UnitGroup:
    """A collective name from the text and the units it stands for under ``assigner_id``
    (the body assigning the task; None when it is not known yet)."""

    name: str
    assigner_id: int | None
    parts: tuple[GroupPart, ...]
    members: tuple[int, ...]


@dataclass(frozen=True)
class PersonMatch:
    """A person's name from the text and the visible person of that name (or None)."""

    name: str
    person_id: int | None
    person_name: str | None
    confidence: float
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "person_id": self.person_id,
            "person_name": self.person_name,
            "confidence": self.confidence,
            "note": self.note,
        }


@dataclass
class Matches:
    """Every name of an extraction with its match, one entry per distinct name."""

    units: dict[str, UnitMatch] = field(default_factory=dict)
    people: dict[str, PersonMatch] = field(default_factory=dict)

    def unit(self, name: str | None) -> UnitMatch | None:
        return self.units.get(name) if name else None

    def person(self, name: str | None) -> PersonMatch | None:
        return self.people.get(name) if name else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "units": [m.to_dict() for m in self.units.values()],
            "people": [m.to_dict() for m in self.people.values()],
        }


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Folded words of ``text``, each flagged when written as a capitalised abbreviation."""
    words = _TOKEN.findall(normalise(text).replace("&", " và "))
    return [(fold(w), len(w) >= 2 and w.isupper()) for w in words]


def _initials(syllables: list[str]) -> set[str]:
    """The letters an abbreviation of these syllables would have ("và" written or not)."""
    with_and = "".join(s[0] for s in syllables if s)
    without = "".join(s[0] for s in syllables if s and s != "va")
    return {with_and, without}


@dataclass
class UnitPool:
    """The units a user may see, indexed so that each name is scored against few of them."""

    names: dict[int, str]
    candidates: dict[int, list[str]]
    dissolved: dict[int, date]
    successors: dict[int, list[int]]
    parents: dict[int, int | None] = field(default_factory=dict)
    by_folded: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    words: dict[int, list[tuple[frozenset[str], frozenset[str], bool]]] = field(
        default_factory=dict
    )
    by_word: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_initials: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    abbreviated: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # What a collective name's group is drawn from: each unit's place, kind, level, start.
    paths: dict[int, str] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    levels: dict[int, str] = field(default_factory=dict)
    starts: dict[int, date] = field(default_factory=dict)
    _ordered: list[int] = field(default_factory=list, repr=False)
    # Each group's members, once per (parts, assigner, day): a table repeats its groups.
    _groups: dict[tuple[tuple[GroupPart, ...], int, date], tuple[int, ...]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        for unit_id, strings in self.candidates.items():
            parent = self.parents.get(unit_id)
            if parent is not None and parent in self.names:
                self.by_folded[fold_name(f"{strings[0]} ({self.names[parent]})")].add(unit_id)
            for text in strings:
                self.by_folded[fold_name(text)].add(unit_id)
                tokens = _tokens(text)
                plain = [w for w, abbreviation in tokens if not abbreviation]
                has_abbreviation = len(plain) < len(tokens)
                self.words.setdefault(unit_id, []).append(
                    (frozenset(w for w, _a in tokens), frozenset(plain), has_abbreviation)
                )
                for word in plain:
                    self.by_word[word].add(unit_id)
                if has_abbreviation:
                    # An abbreviated alias matches a name holding its written words.
                    key = plain[0] if plain else "".join(w for w, _a in tokens)
                    self.abbreviated[key].add(unit_id)
                else:
                    for letters in _initials(plain):
                        self.by_initials[letters].add(unit_id)

    def shortlist(self, name: str) -> set[int]:
        """Units that could score above zero for ``name`` (a superset; the core decides).

        A fuzzy match shares at least two thirds of the name's words, so it holds one of any
        third-plus-one of them: the rarest are taken. A match through abbreviations holds
        every written word of the name; a name of abbreviations only is looked up by initials.
        """
        tokens = _tokens(name)
        plain = [w for w, abbreviation in tokens if not abbreviation]
        found: set[int] = set()
        if plain:
            rarest = sorted(set(plain), key=lambda w: len(self.by_word.get(w, ())))
            for word in rarest[: len(tokens) // 3 + 1]:
                found |= self.by_word.get(word, set())
        else:
            letters = "".join(w for w, _a in tokens)
            found |= self.by_initials.get(letters, set())
            found |= self.abbreviated.get(letters, set())
        for word in {w for w, _a in tokens} | set(_initials(plain)):
            found |= self.abbreviated.get(word, set())
        return {i for i in found if self._may_match(i, tokens, plain)}

    def _may_match(self, unit_id: int, tokens: list[tuple[str, bool]], plain: list[str]) -> bool:
        """Whether any name of the unit could score: word overlap (Dice) of 0.8 or more, or
        every written word on one side found on the other (a match through abbreviations)."""
        mine = frozenset(w for w, _a in tokens)
        written = frozenset(plain)
        for every, theirs, has_abbreviation in self.words[unit_id]:
            overlap = len(mine & every)
            if mine and every and 2 * overlap >= 0.8 * (len(mine) + len(every)):
                return True
            if len(written) < len(mine) and written <= every:
                return True
            if has_abbreviation and theirs <= mine:
                return True
        return False

    def label(self, unit_id: int) -> str:
        """How a unit is written in a picker: its name, with its parent's when that helps."""
        name = self.names[unit_id]
        parent = self.parents.get(unit_id)
        if parent is None or parent not in self.names:
            return name
        return (
            name
            if len(self.by_folded.get(fold_name(name), ())) <= 1
            else f"{name} ({self.names[parent]})"
        )

    def lookup(self, text: str) -> list[int]:
        """The units whose name, short name, alias or "Name (Parent)" label is ``text``."""
        return sorted(self.by_folded.get(fold_name(text), set()))

    def resolve(self, text: str) -> int:
        """The one unit named ``text`` exactly (name, alias or picker label); else a
        ``ValidationError`` saying what to do."""
        ids = self.lookup(text)
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise ValidationError(
                _(
                    "Không tìm thấy đơn vị «%(name)s» trong phạm vi của bạn; hãy chọn trong danh sách gợi ý."
                )
                % {"name": text}
            )
        shown = ", ".join(self.label(i) for i in ids[:5])
        raise ValidationError(
            _("Có nhiều đơn vị tên «%(name)s»: %(units)s. Hãy ghi kèm đơn vị cấp trên.")
            % {"name": text, "units": shown}
        )

    def group(self, name: str, assigner_id: int | None, on: date) -> UnitGroup | None:
        """The units a collective name (``collective_group``) stands for under the body
        that assigns the task: in its subtree, of each part's kind and level, in force on
        ``on``, the first such unit down each branch (a department's own divisions are not
        "các sở, ban, ngành"); None when ``name`` is not a collective."""
        spec = collective_group(name)
        if spec is None:
            return None
        if assigner_id is None or assigner_id not in self.paths:
            return UnitGroup(name, None, spec.parts, ())
        key = (spec.parts, assigner_id, on)
        if key not in self._groups:
            self._groups[key] = self._members(spec.parts, assigner_id, on)
        return UnitGroup(name, assigner_id, spec.parts, self._groups[key])

    def _members(self, parts: tuple[GroupPart, ...], assigner_id: int, on: date) -> tuple[int, ...]:
        wanted = {self._part(part, assigner_id) for part in parts}
        root = self.paths[assigner_id]
        kept: list[str] = []
        members: list[int] = []
        for unit_id in self._in_path_order():
            path = self.paths[unit_id]
            if not path.startswith(root) or unit_id == assigner_id:
                continue
            if (self.kinds.get(unit_id), self.levels.get(unit_id)) not in wanted:
                continue
            if not self._in_force(unit_id, on):
                continue
            while kept and not path.startswith(kept[-1]):
                kept.pop()
            if kept:
                continue  # below a member already taken
            kept.append(path)
            members.append(unit_id)
        return tuple(members)

    def _part(self, part: GroupPart, assigner_id: int) -> tuple[str, str]:
        kind, level = part.kind, part.level
        if kind == SAME_KIND:
            own = self.kinds.get(assigner_id, "")
            kind = own if own in _PLACE_KINDS else "government"
        if level == SAME_LEVEL:
            level = self.levels.get(assigner_id, "")
        elif level == LEVEL_BELOW:
            level = _LEVEL_BELOW.get(self.levels.get(assigner_id, ""), "")
        return kind, level

    def _in_force(self, unit_id: int, on: date) -> bool:
        start, end = self.starts.get(unit_id), self.dissolved.get(unit_id)
        return (start is None or start <= on) and (end is None or on <= end)

    def _in_path_order(self) -> list[int]:
        if len(self._ordered) != len(self.paths):
            self._ordered[:] = sorted(self.paths, key=self.paths.__getitem__)
        return self._ordered

    def match(self, names: Iterable[str]) -> dict[str, UnitMatch]:
        out: dict[str, UnitMatch] = {}
        for name in names:
            if name in out:
                continue
            ids = sorted(self.shortlist(name))
            [result] = match_units([name], ((i, *self._split(i)) for i in ids))
            out[name] = self._resolve(name, result.unit_id, result.confidence, result.matched_name)
        return out

    def _split(self, unit_id: int) -> tuple[str, list[str]]:
        strings = self.candidates[unit_id]
        return strings[0], strings[1:]

    def _resolve(
        self, name: str, unit_id: int | None, confidence: float, matched: str | None
    ) -> UnitMatch:
        """The match, read as the successor when the unit was dissolved into one."""
        if unit_id is None:
            return UnitMatch(name, None, None, 0.0, None, _("Không khớp đơn vị nào."))
        start, current = unit_id, unit_id
        for _step in range(_SUCCESSOR_STEPS):
            if current not in self.dissolved or not self.successors.get(current):
                break
            current = self.successors[current][0]
        if current == start:
            note = ""
            if start in self.dissolved:
                note = _("%(unit)s đã giải thể ngày %(day)s.") % {
                    "unit": self.names[start],
                    "day": date_format(self.dissolved[start], "d/m/Y"),
                }
            return UnitMatch(name, start, self.names[start], confidence, matched, note)
        note = _("%(old)s đã sắp xếp lại ngày %(day)s; đơn vị kế thừa: %(new)s.") % {
            "old": self.names[start],
            "day": date_format(self.dissolved[start], "d/m/Y"),
            "new": self.names[current],
        }
        return UnitMatch(name, current, self.names[current], confidence, matched, note)


def unit_pool(user: Any) -> UnitPool:
    """The units ``user`` sees, with their names, aliases and successors (two queries)."""
    names: dict[int, str] = {}
    candidates: dict[int, list[str]] = {}
    dissolved: dict[int, date] = {}
    parents: dict[int, int | None] = {}
    paths: dict[int, str] = {}
    kinds: dict[int, str] = {}
    levels: dict[int, str] = {}
    starts: dict[int, date] = {}
    rows = policy.visible_units(user).values_list(
        "pk",
        "name",
        "short_name",
        "aliases",
        "valid_until",
        "parent_id",
        "path",
        "kind",
        "level",
        "valid_from",
    )
    for row in rows.order_by("path"):
        pk, name, short_name, aliases, valid_until, parent_id = row[:6]
        paths[pk], kinds[pk], levels[pk] = row[6], row[7], row[8]
        if row[9] is not None:
            starts[pk] = row[9]
        names[pk] = name
        parents[pk] = parent_id
        strings = [name]
        if short_name.strip():
            strings.append(short_name.strip())
        strings += [a.strip() for a in aliases.splitlines() if a.strip()]
        candidates[pk] = strings
        if valid_until is not None:
            dissolved[pk] = valid_until
    successors: dict[int, list[int]] = defaultdict(list)
    if dissolved:
        links = (
            Unit.successors.through.objects.filter(from_unit_id__in=list(dissolved))
            .order_by("to_unit__path")
            .values_list("from_unit_id", "to_unit_id")
        )
        for old, new in links:
            if new in names:  # a successor the user cannot see is not offered
                successors[old].append(new)
    return UnitPool(
        names,
        candidates,
        dissolved,
        dict(successors),
        parents,
        paths=paths,
        kinds=kinds,
        levels=levels,
        starts=starts,
    )


def match_people(user: Any, names: Iterable[str]) -> dict[str, PersonMatch]:
    """Each name paired with the one visible person of that folded name (one query)."""
    names = list(dict.fromkeys(n for n in names if n))
    folded = {n: fold_name(n) for n in names}
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    if names:
        rows = policy.visible_people(user).filter(search_text__in=set(folded.values()))
        for pk, full_name, text in rows.order_by("pk").values_list(
            "pk", "full_name", "search_text"
        ):
            found[text].append((pk, full_name))
    out: dict[str, PersonMatch] = {}
    for name in names:
        people = found.get(folded[name], [])
        if len(people) == 1:
            pk, full_name = people[0]
            out[name] = PersonMatch(name, pk, full_name, 1.0)
        elif people:
            out[name] = PersonMatch(
                name,
                None,
                None,
                0.0,
                _("Có %(n)d cán bộ cùng họ tên; hãy chọn.") % {"n": len(people)},
            )
        else:
            out[name] = PersonMatch(name, None, None, 0.0, _("Chưa có trong danh sách cán bộ."))
    return out


def can_draft_documents(user: Any) -> bool:
    """Whether ``user`` may create documents for some unit (for the navigation)."""
    return policy.allows(user, Action.DOCUMENT_CREATE)


def can_draft_visits(user: Any) -> bool:
    """Whether ``user`` may record visits for some unit (for the navigation)."""
    return policy.allows(user, Action.VISIT_CREATE)


def default_issuer(user: Any, pool: UnitPool) -> str:
    """The top unit the user issues documents for, as the picker writes it."""
    root = policy.root_units(user, policy.OFFICE).order_by("path").first()
    if root is None or policy.is_admin(user) or root.pk not in pool.names:
        return ""
    return pool.label(root.pk)


def unit_names(extraction: Extraction) -> list[str]:
    """Every unit name the extraction gives, in the order of the text, once each."""
    names: list[str] = []
    for task in extraction.tasks:
        names += [task.lead or "", *task.coordinating]
    if extraction.visit is not None:
        visit = extraction.visit
        names += [visit.visiting_body or "", visit.host or ""]
        for rec in visit.recommendations:
            names += [rec.raised_by or "", rec.to or ""]
    names += [d.issuer or "" for d in extraction.documents]
    return list(dict.fromkeys(n for n in names if n.strip()))


def person_names(extraction: Extraction) -> list[str]:
    names = [p.name for p in extraction.people]
    if extraction.visit is not None:
        names += extraction.visit.chaired_by
    return list(dict.fromkeys(n for n in names if n.strip()))


def extraction_matches(user: Any, extraction: Extraction, pool: UnitPool | None = None) -> Matches:
    """Every unit and person name of ``extraction`` matched within what ``user`` sees."""
    pool = pool if pool is not None else unit_pool(user)
    return Matches(
        units=pool.match(unit_names(extraction)),
        people=match_people(user, person_names(extraction)),
    )
