"""Proper names inside unit names: a place's own name ("xã Tân Lập 2", "khu vực 2 - Phước
Sơn"), where it stops and a person's name begins, and the number that may close it.
"""

from __future__ import annotations

import re

from .lexicon import HEAD_TITLES, HEADS, SURNAMES, alternation, word_regex
from .text import WORD, Doc, skip_spaces

_HEAD = word_regex(HEADS)
_TITLE = re.compile(rf"(?:phó\s+)?(?:{alternation(HEAD_TITLES)})\s+(?=\S)")
# A number closing a place's or unit's own name ("xã Tân Lập 2", "khu vực 2 - Phước Sơn"),
# not a quantity ("… 3 ngày", "… 15 hộ") nor a date or code ("2/9", "15-KL").
_NAME_NUMBER = re.compile(
    r"[ \t]+\d{1,3}(?![\d/.,:%\-–]\S)(?![\d/%])"
    r"(?![ \t]+(?:ngày|tháng|năm|giờ|người|hộ|căn|lần|suất|tỷ|triệu|nghìn|km|ha|m|tấn|%|phút)(?![^\W_]))"
)
# " - Phước Sơn" after a numbered name: the place the numbered unit covers.
_NAME_DASH = re.compile(r"[ \t]*[-–][ \t]+(?=[^\W\d_])")


def _word(doc: Doc, pos: int) -> tuple[int, int, bool] | None:
    match = WORD.match(doc.low, skip_spaces(doc.low, pos))
    if match is None:
        return None
    return match.start(), match.end(), doc.orig[match.start()].isupper()


def _person_split(doc: Doc, start: int, end: int) -> int:
    """Where a capitalised run stops being a place name and a person's name begins."""
    words = list(WORD.finditer(doc.low, start, end))
    if doc.low[start:end].endswith("hồ chí minh"):
        return end
    for i, match in enumerate(words):
        remaining = len(words) - i
        if match.group(0) in SURNAMES and 2 <= remaining <= 4 and (remaining >= 3 or i > 0):
            return match.start()
    return end


def _proper_name(doc: Doc, pos: int, *, stop_person: bool) -> int:
    """End of a run of capitalised words at ``pos`` (a place's own name), or ``pos``."""
    end = pos
    cursor = pos
    while True:
        word = _word(doc, cursor)
        if word is None or not word[2] or word[0] - cursor > 1:
            break
        if _HEAD.match(doc.low, word[0]) or _TITLE.match(doc.low, word[0]):
            break
        end = cursor = word[1]
    if stop_person and end > pos:
        end = _person_split(doc, skip_spaces(doc.low, pos), end)
    return _name_number(doc, end) if end > pos else end


def _name_number(doc: Doc, end: int) -> int:
    """``end`` moved past a number that closes a name ("Tân Lập 2", "khu vực 2 - Phước Sơn")."""
    number = _NAME_NUMBER.match(doc.low, end)
    if number is None:
        return end
    end = number.end()
    dash = _NAME_DASH.match(doc.low, end)
    if dash is not None:
        place = _proper_name(doc, dash.end(), stop_person=False)
        if place > dash.end():
            end = place
    return end
