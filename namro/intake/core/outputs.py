"""The deliverable a task names: báo cáo, kế hoạch, đề án, dự thảo nghị quyết, phương án…

A document noun counts when a producing verb governs it (xây dựng, ban hành, lập, soạn
thảo, hoàn thiện, hoàn chỉnh) or when the item is named by it ("Đề án sắp xếp …"). Otherwise an action
that reports (báo cáo …) gives "báo cáo"; a plan proposed (đề xuất phương án) comes last.
Nouns only governed by other verbs (phân bổ kế hoạch vốn, số hóa hồ sơ) are objects, not
products.
"""

from __future__ import annotations

import re

from .lexicon import PRODUCTS, alternation

_NOUN = alternation(PRODUCTS)
_STRONG = re.compile(
    rf"(?<![^\W_])(?:xây\s+dựng|ban\s+hành|lập|soạn\s+thảo|hoàn\s+thiện|hoàn\s+chỉnh|tham\s+mưu\s+ban\s+hành|phê\s+duyệt"
    rf"|hoàn\s+thành(?=\s+dự\s+thảo))"
    # "xây dựng và công bố kế hoạch …": a second verb joined by "và" governs the same noun
    rf"(?:\s+và\s+(?:công\s+bố|ban\s+hành|triển\s+khai|trình))?"
    rf"\s+(?:lại\s+)?({_NOUN})(?![^\W_])"
)
_WEAK = re.compile(rf"(?<![^\W_])đề\s+xuất\s+({_NOUN})(?![^\W_])")
_LEADING = re.compile(rf"^({_NOUN})(?![^\W_])")
_REPORT = re.compile(r"(?<![^\W_])báo\s+cáo(?![^\W_])")
_NOT_PRODUCT = re.compile(
    r"^(?:kế\s+hoạch\s+(?:vốn|đầu\s+tư)|chương\s+trình\s+công\s+tác|hướng\s+dẫn|dự\s+án|văn\s+bản|thông\s+báo|kết\s+luận)"
)


def _clean(noun: str) -> str:
    return " ".join(noun.split())


def output_of(action_low: str) -> str | None:
    """The product noun of an action written in the matching form, or None."""
    text = action_low.strip()
    leading = _LEADING.match(text)
    if leading and not _NOT_PRODUCT.match(text):
        return _clean(leading.group(1))
    for match in _STRONG.finditer(text):
        noun = match.group(1)
        if _NOT_PRODUCT.match(text[match.start(1) :]):
            continue
        if _clean(noun) == "hồ sơ" and "trình" not in text[match.end() :]:
            continue
        return _clean(noun)
    if _REPORT.search(text):
        return "báo cáo"
    weak = _WEAK.search(text)
    if weak and not _NOT_PRODUCT.match(text[weak.start(1) :]):
        return _clean(weak.group(1))
    return None


def output_of_cell(cell: str, cell_low: str) -> str | None:
    """The head of a table's Sản phẩm cell: "Quyết định của UBND tỉnh" → "quyết định"."""
    text = cell_low.strip().rstrip(".")
    if not text:
        return None
    leading = _LEADING.match(text)
    if leading:
        return _clean(leading.group(1))
    cut = re.split(r"\s+(?:của|trình|phê\s+duyệt|gửi)\s+", text, maxsplit=1)[0]
    return _clean(cut)


_DOCUMENT = re.compile(rf"(?:luật|nghị\s+định|thông\s+tư|{_NOUN})(?![^\W_])")


def documents_of_cell(cell_low: str) -> str | None:
    """The document kinds a result cell names, piece by piece: "Luật Quy hoạch, Quyết định
    của cấp có thẩm quyền" → "luật, quyết định"; None when a piece names no document."""
    heads: list[str] = []
    for piece in re.split(r"[,;]", cell_low):
        match = _DOCUMENT.match(piece.strip(" .*\n\t"))
        if match is None:
            return None
        heads.append(_clean(match.group(0)))
    return ", ".join(heads) or None
