"""Document numbers: Party form "15-NQ/TW", State form "30/2020/NĐ-CP", "130/KH-UBND".

The kind comes from the type code (NQ resolution, CT directive, KL conclusion, TB conclusion
notice, CTr action programme, KH plan, QĐ decision, ĐA scheme, QC regulation), or from the
word before "số" when it is plainer (Quy chế …, Đề án …). The issuer is the unit after "của"
that follows the number, else the one the issuing code names (TTg, CP, QH).
"""

from __future__ import annotations

import re

from .model import DocumentRef
from .text import Doc, skip_spaces
from .units import parse_unit

_PARTY = re.compile(
    r"(?<![\w/\-])(\d{1,4}-(?:NQ|CT|KL|TB|CTr|KH|QĐ|QC|QĐi|ĐA|HD|BC)/[A-ZĐƯ][A-ZĐƯa-z0-9]{0,7})(?![\w/])"
)
_STATE = re.compile(
    r"(?<![\w/\-])(\d{1,5}(?:/\d{4})?/(?:[A-ZĐ][A-Za-zĐđ]{0,5})(?:-[A-ZĐ][A-Za-zĐđ0-9]{0,10})+|\d{1,4}/\d{4}/QH\d{2})(?![\w/])"
)
_KINDS = {
    "NQ": "resolution",
    "CT": "directive",
    "KL": "conclusion",
    "TB": "conclusion_notice",
    "CTr": "action_program",
    "KH": "plan",
    "QĐ": "decision",
    "QĐi": "regulation",
    "QC": "regulation",
    "ĐA": "scheme",
}
_WORD_KINDS = (
    ("thông báo kết luận", "conclusion_notice"),
    ("chương trình hành động", "action_program"),
    ("quy chế", "regulation"),
    ("đề án", "scheme"),
    ("nghị quyết", "resolution"),
    ("chỉ thị", "directive"),
    ("kết luận", "conclusion"),
    ("kế hoạch", "plan"),
    ("quyết định", "decision"),
)
_ISSUER_CODES = {"TTg": "Thủ tướng Chính phủ", "CP": "Chính phủ", "TW": "Ban Chấp hành Trung ương"}
_AFTER = re.compile(
    r"\s*(?:ngày\s+[\d/.\-]+(?:\s+tháng\s+\d+\s+năm\s+\d{4})?|ngày\s+\d+\s+tháng\s+\d+\s+năm\s+\d{4})?\s*,?\s*của\s+"
)


def _code(number: str) -> str:
    if "-" in number and "/" in number and number.index("-") < number.index("/"):
        return number.split("-", 1)[1].split("/", 1)[0]  # Party: 15-NQ/TW
    if number.split("/")[-1].startswith("QH"):
        return "NQ"
    return number.split("/")[-1].split("-", 1)[0]  # State: 30/2020/NĐ-CP


def _kind(doc: Doc, start: int, number: str) -> str:
    before = doc.low[max(0, start - 40) : start]
    word_kind = None
    for word, kind in _WORD_KINDS:
        position = before.rfind(word)
        if position != -1 and re.fullmatch(r"\s*(?:số\s*)?", before[position + len(word) :]):
            word_kind = kind
            break
    code_kind = _KINDS.get(_code(number))
    if word_kind in ("regulation", "scheme", "conclusion_notice", "action_program"):
        return word_kind
    return code_kind or word_kind or "other"


def _issuer(doc: Doc, end: int, number: str) -> str | None:
    after = _AFTER.match(doc.low, end)
    if after is not None:
        unit = parse_unit(doc, after.end())
        if unit is not None and not unit.bare:
            return unit.text
    suffix = number.split("-")[-1] if "/" not in number.split("-")[-1] else number.split("/")[-1]
    if number.split("/")[-1].startswith("QH"):
        return "Quốc hội"
    return _ISSUER_CODES.get(suffix)


def extract_documents(doc: Doc) -> list[DocumentRef]:
    """Every distinct document number cited, in text order."""
    found: dict[str, DocumentRef] = {}
    matches = sorted(
        [*_PARTY.finditer(doc.orig), *_STATE.finditer(doc.orig)], key=lambda m: m.start()
    )
    for match in matches:
        number = match.group(1)
        if number in found:
            continue
        end = skip_spaces(doc.low, match.end())
        found[number] = DocumentRef(
            number, _kind(doc, match.start(), number), _issuer(doc, end, number)
        )
    return list(found.values())
