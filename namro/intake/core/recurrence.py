"""Recurrence words: thường xuyên, hằng năm, định kỳ 6 tháng, hằng quý, hằng tháng.

Budget lines ("chi thường xuyên", "dự toán ngân sách hằng năm") and periods inside a name or
object ("khám sức khỏe định kỳ", "nhiệm vụ hằng tháng") are not recurrences. When several
periods are written ("định kỳ 6 tháng, năm") the shortest wins.
"""

from __future__ import annotations

import re

from .lexicon import (
    CARRYING_VERBS,
    LEADING_ADVERBS,
    MANDATE_NOUNS,
    PRODUCTS,
    STANDING_VERBS,
    alternation,
)

NONE, ONGOING, YEARLY, SEMIANNUAL, QUARTERLY, MONTHLY = (
    "none",
    "ongoing",
    "yearly",
    "semiannual",
    "quarterly",
    "monthly",
)
_ORDER = (MONTHLY, QUARTERLY, SEMIANNUAL, YEARLY, ONGOING)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        MONTHLY,
        re.compile(r"(?:hằng|hàng|mỗi)\s+tháng|định\s+kỳ\s+(?:hằng\s+|hàng\s+)?tháng(?!\s+\d)"),
    ),
    (
        QUARTERLY,
        re.compile(
            r"(?:hằng|hàng|mỗi)\s+quý|định\s+kỳ\s+(?:hằng\s+|hàng\s+)?quý|tháng\s+cuối\s+quý"
        ),
    ),
    (
        SEMIANNUAL,
        re.compile(
            r"định\s+kỳ\s+(?:6|sáu)\s+tháng|(?:hằng|hàng|mỗi)\s+(?:6|sáu)\s+tháng|"
            r"(?:6|sáu)\s+tháng\s+(?:một|1)\s+lần|(?:6|sáu)\s+tháng,\s*(?:hằng\s+|hàng\s+)?năm"
        ),
    ),
    (YEARLY, re.compile(r"(?:hằng|hàng|mỗi)\s+năm|định\s+kỳ\s+(?:hằng\s+|hàng\s+)?năm")),
    # daily and weekly work has no recurrence value of its own: it is a standing duty
    (ONGOING, re.compile(r"thường\s+xuyên|liên\s+tục|(?:hằng|hàng|mỗi)\s+(?:ngày|tuần)(?![^\W_])")),
)
# A word each pattern of a kind cannot match without.
_NEEDS = {
    MONTHLY: ("tháng",),
    QUARTERLY: ("quý",),
    SEMIANNUAL: ("tháng",),
    YEARLY: ("năm",),
    ONGOING: ("thường", "liên", "ngày", "tuần"),
}
# Words just before a recurrence word that make it part of a name or a budget line.
_DECOY_BEFORE = re.compile(
    r"(?:chi|nguồn\s+chi|ngân\s+sách|dự\s+toán(?:\s+ngân\s+sách)?|nhiệm\s+vụ|công\s+tác|"
    r"khám\s+sức\s+khỏe|sức\s+khỏe|một\s+cửa|báo\s+cáo\s+định\s+kỳ\s+và)\s+$"
)
# "theo chức năng, nhiệm vụ thường xuyên …": the duty words end a phrase, not a name.
_FUNCTION_BEFORE = re.compile(r"chức\s+năng,?\s*nhiệm\s+vụ(?:\s+được\s+giao)?\s+$")
_CARRY_MANDATE = (
    r"thực\s+hiện(?:\s+(?:tốt|nghiêm|đầy\s+đủ|(?:có\s+)?hiệu\s+quả))?(?:\s+(?:các|những))?\s+"
    rf"(?:{alternation(MANDATE_NOUNS)})"
)
_STANDING = re.compile(
    rf"^(?:(?:{alternation(LEADING_ADVERBS)})\s+)?"
    rf"(?:[^\W\d_]+(?:\s+[^\W\d_]+)?\s*,\s*){{0,2}}"
    rf"(?:{alternation((*STANDING_VERBS, *CARRYING_VERBS))}|{_CARRY_MANDATE})(?![^\W_])"
)


def recurrence_in(low: str, start: int, end: int, mask: list[tuple[int, int]] | None = None) -> str:
    """The shortest recurrence written in ``low[start:end]``, or "none"."""
    found: set[str] = set()
    text = low[start:end]
    for kind, pattern in _PATTERNS:
        if not any(word in text for word in _NEEDS[kind]):
            continue  # the pattern's own word is absent: no need to run it
        for match in pattern.finditer(low, start, end):
            if mask and any(s <= match.start() < e for s, e in mask):
                continue
            before = low[max(start, match.start() - 30) : match.start()]
            if _DECOY_BEFORE.search(before) and not _FUNCTION_BEFORE.search(before):
                continue
            found.add(kind)
    for kind in _ORDER:
        if kind in found:
            return kind
    return NONE


_MAKES_PRODUCT = re.compile(
    rf"\s+(?:xây\s+dựng|ban\s+hành|soạn\s+thảo|lập)\s+(?:{alternation(PRODUCTS)})(?![^\W_])"
)
_OPENS_STANDING = re.compile(
    rf"^(?:(?:{alternation(LEADING_ADVERBS)})\s+)?(?:{alternation(STANDING_VERBS)})(?![^\W_])"
)


def opens_with_standing(action_low: str) -> bool:
    """Whether the first verb of an action is itself a standing one (theo dõi thị trường)."""
    return _OPENS_STANDING.match(action_low.strip()) is not None


def is_standing_duty(action_low: str) -> bool:
    """Whether an action opens with a standing duty (theo dõi, đôn đốc, giám sát, bảo đảm…).

    Directing the making of a document ("chỉ đạo xây dựng Kế hoạch …") ends with the document:
    one-off work, not a standing duty."""
    text = action_low.strip()
    match = _STANDING.match(text)
    if match is None:
        return False
    return _MAKES_PRODUCT.match(text, match.end()) is None
