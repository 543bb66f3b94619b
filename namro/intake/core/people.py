"""People and their positions: "đồng chí A, Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Sở Y tế".

Shapes read:

* name then positions — after a comma, " - " or in parentheses, split at commas, "kiêm"
  and " - " between posts (never inside a unit name: the unit reader keeps "Ban Chính sách,
  chiến lược Tỉnh ủy" whole);
* positions then name — "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Phạm Văn Thiện";
* a group header — "các đồng chí Ủy viên Bộ Chính trị: A, …; B, …" gives its title to every
  member first; "Các Phó Chủ tịch UBND tỉnh A và B" likewise.

Honorifics (đồng chí, đ/c, ông, bà), ranks (Đại tá…) and degrees (PGS.TS.) are not part of a
name. People the text gives no position are left out. A person named twice is one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import alternation
from .model import Person
from .names import _HEAD, _name_number, _proper_name
from .segment import strip_markup
from .text import WORD, Doc, key, skip_spaces
from .units import _PLACE, STOP, UnitMatch, parse_unit

_TITLES = (
    "tổng bí thư",
    "bí thư",
    "chủ tịch nước",
    "chủ tịch",
    "chủ nhiệm",
    "tổng giám đốc",
    "giám đốc",
    "chánh văn phòng",
    "chánh án",
    "chánh thanh tra",
    "viện trưởng",
    "thủ tướng",
    "bộ trưởng",
    "thứ trưởng",
    "chỉ huy trưởng",
    "tham mưu trưởng",
    "trung đoàn trưởng",
    "sư đoàn trưởng",
    "lữ đoàn trưởng",
    "đồn trưởng",
    "tư lệnh",
    "chính ủy",
    "ủy viên",
    "tỉnh ủy viên",
    "thành ủy viên",
    "huyện ủy viên",
    "đảng ủy viên",
    "hiệu trưởng",
    "tổng biên tập",
    "đại biểu quốc hội",
    "cục trưởng",
    "vụ trưởng",
    "chi cục trưởng",
    "trưởng phòng",
    "tổ trưởng",
    "tổ phó",
    "thành viên",
    "trưởng",
)
_TITLE = re.compile(rf"(?:nguyên\s+)?(?:quyền\s+)?(?:phó\s+)?(?:{alternation(_TITLES)})(?![^\W_])")
# The State's full name after a post: "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam".
_STATE_NAME = re.compile(
    r"\s+(?:nước\s+)?cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam(?![^\W_])"
)
# An abbreviated unit right after a title: "Chủ nhiệm VPCP", "Giám đốc Sở NN&PTNT".
_ACRONYM = re.compile(r"\s+(?:(?:Sở|Bộ|Ban|Cục)\s+)?(?=[A-ZĐ]{2})[A-ZĐ&]{2,}(?![^\W_])")
# A term of office after a post: "Đại biểu Quốc hội khóa XVI".
_TERM = re.compile(
    r"\s+(?:khóa|nhiệm\s+kỳ)\s+(?:[ivxlc]+(?![^\W_])|\d{4}\s*[-–]\s*\d{4})"
    # in brackets, with a charge: "(khóa XVI)", "(nhiệm kỳ 2025 - 2030)", "(phụ trách Sở)"
    r"|\s*\((?:khóa|nhiệm\s+kỳ|phụ\s+trách)\s[^()\n]{1,40}\)"
)
_QUALIFIER = re.compile(r"\s+(?:thường\s+trực|chuyên\s+trách|dự\s+khuyết|phụ\s+trách)(?![^\W_])")
# Titles that name their own body, so a place may follow directly.
_TITLE_UNIT = re.compile(r"(?:nguyên\s+)?(?:phó\s+)?(?:chánh\s+thanh\s+tra|chánh\s+văn\s+phòng)$")
# A village head names the village: "Trưởng thôn Đông Hòa", "Trưởng ấp 3".
_VILLAGE = re.compile(r"\s+(?:thôn|bản|ấp|xóm|khu\s+phố|tổ\s+dân\s+phố)(?![^\W_])")
_GROUP_PLAIN = re.compile(r"(?<![^\W_])(?:các\s+)?(?:đồng\s+chí|đ/c)\s*:\s*")
_BARE_BODY = re.compile(r"\s+(?:ban|đoàn|phòng|khối|tổ)(?![^\W_])")
_HONORIFIC = re.compile(
    r"(?<![^\W_])(?:đồng\s+chí|đ/c|ông|bà|đại\s+tá|thượng\s+tá|trung\s+tá|thiếu\s+tá|đại\s+úy|"
    r"thiếu\s+tướng|trung\s+tướng|thượng\s+tướng|đại\s+tướng|(?:pgs|gs|ts|ths|bs|ks)\.\s*(?:ts\.|bs\.)?)\s+"
)
_GROUP = re.compile(r"(?<![^\W_])các\s+(?:đồng\s+chí\s+)?(?=[^\W\d_])")
_POS_SEP = re.compile(r"\s*(?:,|\s+kiêm|\s+[-–])\s+")
_MEMBER_SEP = re.compile(r"\s*(?:;|,|\s+và)\s+(?:(?:đồng\s+chí|đ/c|ông|bà)\s+)?")


@dataclass
class Mention:
    """A person mentioned at ``start:end`` with the positions given there."""

    name: str
    start: int
    end: int
    positions: list[str] = field(default_factory=list)


def _position(doc: Doc, pos: int) -> int | None:
    """End of a position ("Phó Bí thư Thường trực Thành ủy Hà Nội") starting at ``pos``."""
    low, orig = doc.low, doc.orig
    p = skip_spaces(low, pos)
    match = _TITLE.match(low, p)
    if match is None:
        return None
    first = p + (len("nguyên ") if low.startswith("nguyên", p) else 0)
    if not orig[first].isupper():
        return None
    acronym = _ACRONYM.match(orig, match.end())
    read = parse_unit(doc, match.end(), stop_person=True) if acronym is not None else None
    if (
        acronym is not None
        and _looks_acronym(orig, acronym)
        and (read is None or read.end < acronym.end())
    ):
        end = acronym.end()
        state = _STATE_NAME.match(low, end)
        return state.end() if state else end
    end = match.end()
    while (q := _QUALIFIER.match(low, end)) is not None:
        end = q.end()
    if match.group(0).endswith("phòng"):  # "Trưởng phòng Quản lý đô thị Sở Xây dựng"
        end = _office_body(doc, end)
    unit = parse_unit(doc, end, stop_person=True)
    if match.group(0).endswith("văn phòng"):  # "Chánh Văn phòng HĐND và UBND xã"
        office = parse_unit(doc, match.end() - len("văn phòng"), stop_person=True)
        if office is not None and office.end > end:
            unit = UnitMatch(end, office.end, orig[end : office.end], office.head)
    if unit is not None and unit.start - end <= 1:
        end = unit.end
    elif (bare := _BARE_BODY.match(low, end)) is not None:
        # "Trưởng ban Tuyên giáo Trung ương", "Trưởng đoàn Đại biểu Quốc hội tỉnh": the body's
        # head noun written in lower case after the title.
        lifted = _lifted(doc, skip_spaces(low, end))
        named = parse_unit(lifted, end, stop_person=True)
        end = named.end if named is not None and not named.bare else bare.end()
    elif (place := _PLACE.match(low, skip_spaces(low, end))) is not None and _TITLE_UNIT.match(
        match.group(0)
    ):
        end = _proper_name(doc, place.end(), stop_person=True)  # Chánh Thanh tra tỉnh
    elif match.group(0).endswith("trưởng") and (village := _VILLAGE.match(low, end)):
        end = _name_number(doc, _proper_name(doc, village.end(), stop_person=True))
    elif match.group(0).replace("nguyên", "").replace("phó", "").strip() == "trưởng":
        return None  # "Trưởng" needs the body it heads
    while (q := _QUALIFIER.match(low, end)) is not None:
        end = q.end()
        unit = parse_unit(doc, end, stop_person=True)
        if unit is not None and unit.start - end <= 1:
            end = unit.end
    state = _STATE_NAME.match(low, end)
    if state is not None:
        end = state.end()
    term = _TERM.match(low, end)
    return term.end() if term else end


def _looks_acronym(orig: str, match: re.Match[str]) -> bool:
    """The abbreviation is a unit, not the initials of a following name."""
    word = match.group(0).split()[-1]
    return len(word) >= 3 or "&" in word or match.group(0).strip() != word


def _lifted(doc: Doc, pos: int) -> Doc:
    """``doc`` with the letter at ``pos`` in capitals (same length), to read a unit there."""
    if pos >= len(doc.orig) or doc.orig[pos].isupper():
        return doc
    upper = doc.orig[pos].upper()
    if len(upper) != 1:
        return doc
    return Doc(doc.orig[:pos] + upper + doc.orig[pos + 1 :], doc.low)


def _office_body(doc: Doc, pos: int) -> int:
    """The name of a "phòng" after its title, up to the unit it belongs to."""
    end = cursor = skip_spaces(doc.low, pos)
    for count in range(8):
        word = WORD.match(doc.low, cursor)
        if word is None or _HEAD.match(doc.low, word.start()):
            break
        if count == 0 and not doc.orig[word.start()].isupper():
            break
        if count and STOP.match(doc.low, word.start()):
            break
        end = word.end()
        cursor = end + 1 if doc.low.startswith(" ", end) else end
        if cursor == end:
            break
    return end


def _positions(doc: Doc, pos: int) -> tuple[list[str], int]:
    """Positions chained by commas, "kiêm" or " - " from ``pos``."""
    found: list[str] = []
    end = pos
    cursor = pos
    while True:
        stop = _position(doc, cursor)
        if stop is None:
            break
        start = skip_spaces(doc.low, cursor)
        found.append(" ".join(doc.orig[start:stop].split()))
        end = stop
        sep = _POS_SEP.match(doc.low, end)
        if sep is None:
            break
        cursor = sep.end()
    return found, end


def _name(doc: Doc, pos: int) -> int | None:
    """End of a personal name (2–5 capitalised words) at ``pos``, or None."""
    p = skip_spaces(doc.low, pos)
    end = p
    count = 0
    cursor = p
    while count < 5:
        match = WORD.match(doc.low, cursor)
        if match is None or not doc.orig[match.start()].isupper():
            break
        if doc.orig[match.start() : match.end()].isupper() and match.end() - match.start() >= 2:
            break  # "VPCP": an abbreviation, not a syllable of a name
        starts_post = _TITLE.match(doc.low, match.start()) or _HEAD.match(doc.low, match.start())
        if starts_post and (count == 0 or _position(doc, match.start()) is not None):
            break
        count += 1
        end = match.end()
        if end < len(doc.low) and doc.low[end] == " ":
            cursor = end + 1
        else:
            break
    return end if count >= 2 else None


def _after_name(doc: Doc, mention: Mention) -> int:
    """Positions written after a name: ", P1, P2", " - P1" or " (P1)"."""
    sep = re.compile(r"\s*(?:,|[-–]|\()\s*").match(doc.low, mention.end)
    if sep is None:
        return mention.end
    found, end = _positions(doc, sep.end())
    if not found:
        return mention.end
    if not doc.low.startswith(")", end) and _name(doc, end) is not None:
        return mention.end  # "A, Bộ trưởng Bộ X B": the titles are the next person's
    mention.positions.extend(found)
    if doc.low.startswith(")", end):
        end += 1
    return end


def _group(doc: Doc, pos: int, mentions: list[Mention]) -> int | None:
    """A group: "các đồng chí TITLE: A, P; B, P" or "Các TITLE A và B"; its end or None."""
    plain = _GROUP_PLAIN.match(doc.low, pos)
    header: list[str] = []
    if plain is not None:  # "gồm các đồng chí: A, P; B, P" — members without a shared title
        end = cursor = plain.end()
    else:
        match = _GROUP.match(doc.low, pos)
        if match is None:
            return None
        header, end = _positions(doc, match.end())
        if not header:
            return None
        colon = re.compile(r"\s*:\s*").match(doc.low, end)
        cursor = colon.end() if colon else end
    members = 0
    while True:
        honorific = _HONORIFIC.match(doc.low, skip_spaces(doc.low, cursor))
        start = honorific.end() if honorific else skip_spaces(doc.low, cursor)
        stop = _name(doc, start)
        own: list[str] = []
        if stop is None:
            # "…: Phó Thủ tướng A, Bộ trưởng Bộ X B": a member's own titles before the name
            own, after = _positions(doc, start)
            stop = _name(doc, after) if own else None
            if stop is None:
                break
            start = skip_spaces(doc.low, after)
        mention = Mention(doc.orig[start:stop], start, stop, [*header, *own])
        end = _after_name(doc, mention)
        mentions.append(mention)
        members += 1
        sep = _MEMBER_SEP.match(doc.low, end)
        if sep is None:
            break
        cursor = sep.end()
    return end if members else None


def mentions_of(doc: Doc) -> list[Mention]:
    """Every mention of a person, in text order."""
    mentions: list[Mention] = []
    low = doc.low
    pos = 0
    n = len(low)
    while pos < n:
        word = WORD.search(low, pos)
        if word is None:
            break
        pos = word.start()
        group_end = _group(doc, pos, mentions)
        if group_end is not None:
            pos = group_end
            continue
        honorific = _HONORIFIC.match(low, pos)
        if honorific is not None:
            stop = _name(doc, honorific.end())
            if stop is not None:
                mention = Mention(doc.orig[honorific.end() : stop], honorific.end(), stop)
                pos = _after_name(doc, mention)
                mentions.append(mention)
                continue
        if doc.orig[pos].isupper():
            titles, end = _positions(doc, pos)
            if titles:
                stop = _name(doc, end)
                if stop is not None:
                    start = skip_spaces(low, end)
                    mention = Mention(doc.orig[start:stop], start, stop, titles)
                    pos = _after_name(doc, mention)
                    mentions.append(mention)
                    continue
                pos = end
                continue
        pos = word.end()
    return mentions


def extract_people(doc: Doc) -> tuple[list[Person], list[Mention]]:
    """People with positions (first-mention order), and all mentions."""
    mentions = mentions_of(strip_markup(doc))
    people: dict[str, Person] = {}
    for mention in mentions:
        name = " ".join(mention.name.split())
        person = people.setdefault(key(name), Person(name))
        for position in mention.positions:
            if key(position) not in {key(p) for p in person.positions}:
                person.positions.append(position)
    return [p for p in people.values() if p.positions], mentions
