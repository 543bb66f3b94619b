"""Recognising unit names in running text: "Sở Văn hóa, Thể thao và Du lịch", "UBND các xã,
phường, đặc khu", "các Sở: Tài chính, Xây dựng" and the like.

A unit name is read as: an optional "các", a head noun (Sở, Ban, UBND, Đảng ủy…), the rest of
its name (from a lexicon of real department names, else capitalised words), a place suffix
(tỉnh, Tỉnh ủy, xã Phước Lâm…) and modifiers (liên quan, ven biển, trực thuộc …). Commas stay
inside a name when the lexicon or a collective list ("các sở, ban, ngành") says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .lexicon import (
    BODIES,
    COLLECTIVE_QUALIFIERS,
    COLLECTIVES,
    HEAD_TITLES,
    HEADS,
    MODIFIERS,
    PLACE_WORDS,
    STOP_WORDS,
    VERBS,
    alternation,
    word_regex,
)
from .names import _HEAD, _NAME_DASH, _TITLE, _name_number, _proper_name, _word
from .text import Doc, skip_spaces

_BODY = word_regex(BODIES)
_COLLECTIVE = word_regex(COLLECTIVES)
_COLLECTIVE_QUALIFIER = re.compile(rf"\s+(?:{alternation(COLLECTIVE_QUALIFIERS)})(?![^\W_])")
_CHAIN_SEP = re.compile(r",\s*|\s+và\s+")
_OF = re.compile(r"\s+(?:trực\s+)?thuộc\s+")
_PLACE = word_regex(PLACE_WORDS)
_MODIFIER = word_regex(MODIFIERS)
_CAC = re.compile(r"các\s+")
_PARENT = re.compile(
    r"(?:hđnd|hội\s+đồng\s+nhân\s+dân|ubnd|ủy\s+ban\s+nhân\s+dân|đảng\s+ủy|đoàn\s+đại\s+biểu\s+quốc\s+hội)(?![^\W_])"
)
_SHORT_LIST = re.compile(r"các\s+(sở|ban|bộ|phòng|cục)\s*:\s*")
_PLACE_LIST = re.compile(
    r"(ubnd|ủy\s+ban\s+nhân\s+dân|đảng\s+ủy|hđnd)\s+các\s+(xã|phường|đặc\s+khu)\s*:\s*"
)
# Heads whose lexicon names are written in lower case: "Ban Chỉ đạo phòng, chống thiên tai".
_LOWER_BODY_HEADS = frozenset({"ban chỉ đạo", "ban chỉ huy", "hội đồng"})
_JOINT_OFFICE = re.compile(
    r"\s+và\s+(?=(?:hđnd|ubnd|hội\s+đồng\s+nhân\s+dân|ủy\s+ban\s+nhân\s+dân)(?![^\W_]))"
)
_SEP = re.compile(r"\s*(?:,\s*và|,|;|\s+và)\s+")
STOP = word_regex((*VERBS, *STOP_WORDS))
_HAS_NO = re.compile(r"có\s+(?:trách nhiệm|nhiệm vụ|ý kiến|văn bản|kế hoạch)(?![^\W_])")
# Nouns that begin with a verb of the lexicon ("giao thông", "xây dựng cơ bản").
_NOT_VERB = re.compile(r"(?:giao\s+thông|xây\s+dựng\s+cơ\s+bản)(?![^\W_])")
_INVESTMENT = re.compile(r"(?<![^\W_])đầu\s+tư\s+$")
_NUMBER = re.compile(r"\s+\d{1,3}(?!\d)")
# "dự án chậm giải ngân": a verb after "chậm" is part of the qualifier, not an action.
_SLOW = re.compile(r"(?<![^\W_])chậm\s+$")
# A numbered head written without its number closes a post: "Phó Tư lệnh Quân khu".
_NO_NUMBER_END = re.compile(r"\s*(?:[,;.)]|$)")
_NOUN_TRINH = re.compile(r"(?<![^\W_])(?:công|quá|chương|lộ|tờ)\s+$")
_POST_AFTER_DASH = re.compile(
    rf"(?:phó\s+)?(?:ủy\s+viên|thành\s+viên|tổ\s+trưởng|tổ\s+phó|thường\s+trực|{alternation(HEAD_TITLES)})(?![^\W_])"
)
# Head nouns that are also the first syllable of a verb: "Báo cáo".
_VERB_NOT_HEAD = re.compile(r"báo\s+cáo(?![^\W_])")
_PARTY_OBJECT = re.compile(r"tổ\s+chức\s+(?:đảng|chính\s+trị|cơ\s+sở\s+đảng)(?![^\W_])")


@dataclass(frozen=True)
class UnitMatch:
    """A unit name found at ``start:end``; ``text`` is verbatim except for expanded lists."""

    start: int
    end: int
    text: str
    head: str
    bare: bool = False


def _is_stop(doc: Doc, pos: int) -> bool:
    if _PARTY_OBJECT.match(doc.low, pos) or _NOT_VERB.match(doc.low, pos):
        return False
    if _INVESTMENT.search(doc.low, max(0, pos - 8), pos) and doc.low.startswith("xây", pos):
        return False  # "đầu tư xây dựng" is one noun: "Ban Quản lý các dự án đầu tư xây dựng"
    if doc.low.startswith("trình", pos) and _NOUN_TRINH.search(doc.low, max(0, pos - 8), pos):
        return False
    return STOP.match(doc.low, pos) is not None


def _generic_body(doc: Doc, pos: int, *, free: bool) -> int:
    """End of a name of capitalised words (or, if ``free``, any words) starting at ``pos``."""
    end = pos
    taken = 0
    lower_run = 0
    cursor = pos
    while taken < (12 if free else 9):
        word = _word(doc, cursor)
        if word is None and taken:
            dash = _NAME_DASH.match(doc.low, cursor)  # "Phòng Quản trị - Tài vụ"
            word = _word(doc, dash.end()) if dash else None
        if word is None:
            break
        start, stop, cap = word
        if start - cursor > 1 and not (doc.low[cursor:start].strip() in "-–" and cap):
            break
        if cap:
            if _PLACE.match(doc.low, start) and taken:
                break
            joined = _JOINED_CAPITALS.match(doc.orig, stop)
            if joined is not None and doc.orig[start:stop].isupper():
                stop = joined.end()  # "Sở GD&ĐT", "Sở LĐ-TB&XH": one abbreviated name
            end, cursor, taken, lower_run = stop, stop, taken + 1, 0
            continue
        if taken == 0 and not free:
            break
        word_text = doc.low[start:stop]
        if word_text == "và":
            nxt = _word(doc, stop)
            if nxt is not None and nxt[2] and _HEAD.match(doc.low, nxt[0]):
                break  # "Phòng Tổng hợp và Sở Xây dựng": a second unit
            if nxt is not None and (nxt[2] or (free and taken and _free_and(doc, nxt[0]))):
                cursor, lower_run = stop, 0
                continue
            break
        if free and word_text in ("các", "những"):
            cursor = stop
            continue
        if _is_stop(doc, start) or (_PLACE.match(doc.low, start) and taken):
            break
        if lower_run >= (6 if free else 4):  # company and project-board names run long
            break
        end, cursor, taken, lower_run = stop, stop, taken + 1, lower_run + 1
    return end


_JOINED_CAPITALS = re.compile(r"(?:[&\-](?=[^\W\d_])[^\W_]+(?<![^\W\d_][a-zà-ỹ]))+")


def _free_and(doc: Doc, pos: int) -> bool:
    """After "và" in a lower-case name: a noun that is neither a verb, a stop word nor a unit."""
    return not (_is_stop(doc, pos) or _HEAD.match(doc.low, pos) or _PLACE.match(doc.low, pos))


def _collective_chain(doc: Doc, pos: int) -> int | None:
    """After "các": nouns chained by commas (xã, phường, đặc khu); end, or None."""
    match = _COLLECTIVE.match(doc.low, pos)
    if match is None:
        return None
    end = _chain_qualifier(doc, match.end())
    while True:
        sep = _CHAIN_SEP.match(doc.low, end)
        if sep is None:
            break
        nxt = _COLLECTIVE.match(doc.low, sep.end())
        if nxt is None or (doc.orig[sep.end()].isupper() and not _abbreviation(doc, nxt)):
            break
        after = doc.low[nxt.end() : nxt.end() + 1]
        if after == ":" and doc.low[sep.end() : nxt.end()] in ("sở", "ban", "bộ", "phòng", "cục"):
            break
        end = _chain_qualifier(doc, nxt.end())
    return end


def _abbreviation(doc: Doc, match: re.Match[str]) -> bool:
    """A collective written as an abbreviation in capitals ("TP")."""
    text = doc.orig[match.start() : match.end()]
    return text.isupper() and " " not in text


def _chain_qualifier(doc: Doc, end: int) -> int:
    """A collective noun's own qualifier inside a chain: "cơ quan ngang bộ", "cơ quan thuộc
    Chính phủ" (the unit after "thuộc" is read whole)."""
    qualifier = _COLLECTIVE_QUALIFIER.match(doc.low, end)
    if qualifier is not None:
        return qualifier.end()
    of = _OF.match(doc.low, end)
    if of is not None and doc.orig[of.end() : of.end() + 1].isupper():
        inner = parse_unit(doc, of.end())
        if inner is not None and not inner.bare:
            return inner.end
    return end


def _suffixes(doc: Doc, pos: int, *, stop_person: bool, plural: bool) -> int:
    """Place words, their names and modifiers after a unit's name."""
    end = pos
    for _ in range(4):
        q = skip_spaces(doc.low, end)
        if q == end and end != pos:
            break
        place = _PLACE.match(doc.low, q)
        if place:
            end = _proper_name(doc, place.end(), stop_person=stop_person)
            if end == place.end():
                end = _name_number(doc, end)  # "khu vực 2", "tổ dân phố 5"
            continue
        cac = _CAC.match(doc.low, q)
        if cac and not plural:
            chain = _collective_chain(doc, cac.end())
            if chain is not None:
                end, plural = chain, True
                continue
        modifier = _MODIFIER.match(doc.low, q)
        if modifier:
            end = modifier.end()
            if modifier.group(0).endswith("thuộc"):
                inner = parse_unit(doc, end, stop_person=stop_person)
                if inner is not None:
                    end = inner.end
            continue
        if plural and doc.low.startswith("vùng ", q):  # "các xã vùng hạ du", "vùng đồng bào …"
            after = _until_verb(doc, q + 5, limit=4)
            if after > q + 5:
                end = after
                continue
        if plural and doc.low.startswith("có ", q) and not _HAS_NO.match(doc.low, q):
            after = _until_verb(doc, q + 3)
            if after > q + 3:
                end = after
                continue
        break
    return end


def _until_verb(doc: Doc, pos: int, limit: int = 9) -> int:
    end = pos
    cursor = pos
    for _ in range(limit):
        word = _word(doc, cursor)
        if word is None or word[0] - cursor > 1:
            break
        if _is_stop(doc, word[0]) and not _SLOW.search(doc.low, max(0, word[0] - 6), word[0]):
            break
        end = cursor = word[1]
    return end


def parse_unit(doc: Doc, pos: int, *, stop_person: bool = False) -> UnitMatch | None:
    """The unit name starting at ``pos`` (after spaces), or None."""
    start = skip_spaces(doc.low, pos)
    q = start
    plural = False
    cac = _CAC.match(doc.low, q)
    if cac:
        plural = True
        chain = _collective_chain(doc, cac.end())
        head_match = _HEAD.match(doc.low, cac.end())
        named = head_match is not None and _named_kind(doc, head_match)
        if chain is not None and not named and (head_match is None or chain >= head_match.end()):
            end = _suffixes(doc, chain, stop_person=stop_person, plural=True)
            return UnitMatch(start, end, doc.orig[start:end], doc.low[cac.end() : chain])
        q = cac.end()
    head_match = _HEAD.match(doc.low, q)
    if head_match is None:
        return None
    head = " ".join(head_match.group(0).split())
    if not plural and not doc.orig[q].isupper() and not _lower_parent(doc, head, head_match):
        return None
    if _VERB_NOT_HEAD.match(doc.low, q):
        return None  # "Báo cáo Thủ tướng …" opens an action, not the name of a newspaper
    mode = HEADS[head]
    end = head_match.end()
    body_end = end
    if mode == "numbered":  # Quân khu 5, Sư đoàn 3
        number = _NUMBER.match(doc.low, end)
        if number is None and not _NO_NUMBER_END.match(doc.low, end):
            return None
        body_end = number.end() if number is not None else end
    elif mode == "parent":
        inner = parse_unit(doc, end, stop_person=stop_person)
        if inner is not None and not inner.bare:
            body_end = inner.end
            joint = _JOINT_OFFICE.match(doc.low, body_end) if head == "văn phòng" else None
            if joint is not None and not _PARENT.fullmatch(doc.low, inner.start, inner.end):
                joint = None  # "Văn phòng UBND tỉnh và UBND các xã" are two units
            if joint is not None:  # "Văn phòng HĐND và UBND tỉnh", "Văn phòng Đoàn ĐBQH và HĐND"
                second = parse_unit(doc, joint.end(), stop_person=stop_person)
                if second is not None:
                    body_end = second.end
        elif head == "văn phòng":  # "Văn phòng Chủ tịch nước": an office named in capitals
            body_end = _generic_body(doc, skip_spaces(doc.low, end), free=False)
            body_end = body_end if body_end > end else end
    elif mode in ("body", "free"):
        b = skip_spaces(doc.low, end)
        body = _BODY.match(doc.low, b)
        if body and (
            doc.orig[b].isupper() or head in _LOWER_BODY_HEADS or (plural and _plural_body(doc, b))
        ):
            body_end = body.end()
            if plural:  # "các sở Giao thông vận tải, Xây dựng": one kind, several names
                body_end = _more_bodies(doc, body_end)
            dash = _NAME_DASH.match(doc.low, body_end)
            if (
                dash is not None
                and doc.orig[dash.end()].isupper()
                and not _POST_AFTER_DASH.match(doc.low, dash.end())
            ):  # "Vụ Tổ chức - Biên chế", but not "Sở Tài chính - Ủy viên"
                body_end = max(body_end, _generic_body(doc, dash.end(), free=False))
        else:
            body_end = _generic_body(doc, b, free=mode == "free")
            if body_end == b:
                body_end = end
        if body_end == end:
            if head in ("sở", "ban") and not plural:
                return UnitMatch(start, end, doc.orig[start:end], head, bare=True)
            if not plural:
                return None
    if head in ("ban", "phòng", "văn phòng", "ủy ban kiểm tra") and body_end > end:
        parent = _PARENT.match(doc.low, skip_spaces(doc.low, body_end))
        if parent is not None and doc.orig[parent.start()].isupper():
            inner = parse_unit(doc, parent.start(), stop_person=stop_person)
            if inner is not None:
                body_end = inner.end
    end = _suffixes(doc, body_end, stop_person=stop_person, plural=plural)
    if mode == "plain" and end == body_end:
        end = _proper_name(doc, end, stop_person=stop_person)
    return UnitMatch(start, end, doc.orig[start:end].rstrip(), head)


def _named_kind(doc: Doc, head_match: re.Match[str]) -> bool:
    """After "các": a head noun followed by a department's name from the lexicon ("các sở
    Giao thông vận tải", "các trung tâm y tế") names units of one kind, not a chain of
    collective nouns."""
    head = " ".join(head_match.group(0).split())
    if HEADS.get(head) not in ("body", "free"):
        return False
    return _plural_body(doc, skip_spaces(doc.low, head_match.end())) is not None


def _plural_body(doc: Doc, pos: int) -> re.Match[str] | None:
    """A lexicon name after a plural head; in lower case it must not open with a verb ("các
    trường xây dựng kế hoạch …" assigns the schools, it names no school of building)."""
    body = _BODY.match(doc.low, pos)
    if body is None or doc.orig[pos].isupper():
        return body
    return None if _VERB_ONLY.match(doc.low, pos) else body


_BODY_AFTER = re.compile(r"\s*,\s*|\s+và\s+")


def _more_bodies(doc: Doc, end: int) -> int:
    """Further capitalised lexicon names after a plural head: "các Sở Tài chính, Xây dựng"."""
    for _ in range(8):
        sep = _BODY_AFTER.match(doc.low, end)
        if sep is None or not doc.orig[sep.end() : sep.end() + 1].isupper():
            break
        body = _BODY.match(doc.low, sep.end())
        if body is None:
            break
        end = body.end()
    return end


# Heads that take a collective after them: "ban thường vụ các tỉnh ủy, thành ủy", "ủy ban
# nhân dân các xã" are units even written in lower case.
_LOWER_PARENT_KINDS = ("parent", "plain")


def _lower_parent(doc: Doc, head: str, head_match: re.Match[str]) -> bool:
    if HEADS.get(head) not in _LOWER_PARENT_KINDS or " " not in head:
        return False
    after = skip_spaces(doc.low, head_match.end())
    return _CAC.match(doc.low, after) is not None and _collective_chain(doc, after + 4) is not None


def _place_list(doc: Doc, pos: int) -> tuple[list[UnitMatch], int] | None:
    """Expand "UBND các xã: Tân Phú, Phú Lộc" into UBND xã Tân Phú, UBND xã Phú Lộc."""
    match = _PLACE_LIST.match(doc.low, pos)
    if match is None or not doc.orig[match.start()].isupper():
        return None
    head = f"{doc.orig[match.start(1) : match.end(1)]} {doc.orig[match.start(2) : match.end(2)]}"
    units: list[UnitMatch] = []
    cursor = match.end()
    end = cursor
    while True:
        b = skip_spaces(doc.low, cursor)
        stop = _proper_name(doc, b, stop_person=False)
        if stop == b:
            break
        units.append(UnitMatch(b, stop, f"{head} {doc.orig[b:stop]}", match.group(2)))
        end = stop
        sep = re.compile(r"\s*,\s*|\s+và\s+").match(doc.low, stop)
        if sep is None:
            break
        cursor = sep.end()
    return (units, end) if units else None


def _short_list(doc: Doc, pos: int) -> tuple[list[UnitMatch], int] | None:
    """Expand "các Sở: Tài chính, Xây dựng" into Sở Tài chính, Sở Xây dựng."""
    places = _place_list(doc, pos)
    if places is not None:
        return places
    match = _SHORT_LIST.match(doc.low, pos)
    if match is None:
        return None
    head = doc.orig[match.start(1)].upper() + doc.orig[match.start(1) + 1 : match.end(1)]
    members: list[tuple[int, int]] = []
    cursor = match.end()
    while True:
        b = skip_spaces(doc.low, cursor)
        if b >= len(doc.low) or not doc.orig[b].isupper():
            break
        body = _BODY.match(doc.low, b)
        end = body.end() if body else _generic_body(doc, b, free=False)
        if end == b:
            break
        members.append((b, end))
        sep = re.compile(r"\s*,\s*").match(doc.low, end)
        if sep is None:
            cursor = end
            break
        cursor = sep.end()
    if not members:
        return None
    last_end = members[-1][1]
    place_end = _suffixes(doc, last_end, stop_person=False, plural=False)
    suffix = doc.orig[last_end:place_end].strip()
    units = []
    for b, e in members:
        name = f"{head} {doc.orig[b:e]}"
        if suffix:
            name = f"{name} {suffix}"
        units.append(UnitMatch(b, e, name, head.lower()))
    return units, place_end


def parse_unit_list(doc: Doc, pos: int, *, titles: bool = True) -> tuple[list[UnitMatch], int]:
    """Units joined by commas, "và" or semicolons starting at ``pos``, and where they end.

    With ``titles``, a head addressed in place of the unit ("Chủ tịch UBND các xã",
    "Thủ trưởng các sở") gives the unit.
    """
    units: list[UnitMatch] = []
    end = pos
    cursor = pos
    while True:
        q = skip_spaces(doc.low, cursor)
        if titles:
            title = _TITLE.match(doc.low, q)
            if title is not None and (
                parse_unit(doc, title.end()) or _CAC.match(doc.low, title.end())
            ):
                q = title.end()
        short = _short_list(doc, q)
        if short is not None:
            units.extend(short[0])
            end = short[1]
        else:
            unit = parse_unit(doc, q) or _abbreviated_unit(doc, q)
            if unit is None or (unit.bare and units):
                break
            units.append(unit)
            end = unit.end
        sep = _SEP.match(doc.low, end)
        if sep is None:
            break
        cursor = sep.end()
    return _share_place(units), end


# A body named by its abbreviation in capitals ("EVN", "PVN", "TKV") in a list of units: Latin
# capitals (digits, "&", "-" inside), not a roman number, followed by another unit, a role
# word or a verb.
_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9]*(?:[&\-][A-Z0-9]+)*(?![^\W_])")
_ROMAN_NUMBER = re.compile(r"[IVXLC]+")
_AFTER_ABBREVIATION = re.compile(
    r"\s*(?:,\s*|\s+và\s+)(?=[^\W\d_])|\s+(?:chủ\s+trì|phối\s+hợp|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm)(?![^\W_])"
)


def _abbreviated_unit(doc: Doc, pos: int) -> UnitMatch | None:
    match = _ABBREVIATION.match(doc.orig, pos)
    if match is None or match.end() - pos < 2 or _ROMAN_NUMBER.fullmatch(match.group(0)):
        return None
    end = match.end()
    follows = _AFTER_ABBREVIATION.match(doc.low, end)
    if follows is None:
        after = skip_spaces(doc.low, end)
        if after == end or not STOP.match(doc.low, after) or not _VERB_ONLY.match(doc.low, after):
            return None
    return UnitMatch(pos, end, doc.orig[pos:end], "abbreviation")


_VERB_ONLY = word_regex(VERBS)


# "Đảng ủy, UBND xã Tân Lập": heads written bare before a unit of a place share its place.
_PLACE_HEADS = frozenset(
    ("đảng ủy", "ubnd", "hđnd", "ủy ban nhân dân", "hội đồng nhân dân", "công an")
)
_PLACE_SUFFIX = re.compile(
    r"\s(?:(?:các\s+)?(?:xã|phường|thị\s+trấn|đặc\s+khu|huyện|quận|thị\s+xã|thành\s+phố|tỉnh)"
    r"(?![^\W_])(?:\s+\S.*)?)$"
)


def _share_place(units: list[UnitMatch]) -> list[UnitMatch]:
    if len(units) < 2:
        return units
    suffix = _PLACE_SUFFIX.search(units[-1].text.lower())
    if suffix is None or units[-1].head not in _PLACE_HEADS:
        return units
    place = units[-1].text[suffix.start() :]
    return [
        replace(u, text=u.text + place)
        if u is not units[-1] and u.head in _PLACE_HEADS and u.text.lower() == u.head
        else u
        for u in units
    ]
