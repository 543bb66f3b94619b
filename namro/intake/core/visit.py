"""A working session reported in the news: "Đoàn công tác … làm việc với …".

Read from the report: the dateline (Chiều 12/4), the visiting body (the "Đoàn …" phrase
before "làm việc với"), the host (the unit after it), the documents the session was about
(Nghị quyết Trung ương 5 khóa X, Chỉ thị số 05-CT/TW…), who chaired (people named in a
sentence with "chủ trì"), and the recommendations raised with the answers given.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .model import Recommendation, Visit
from .people import Mention
from .segment import all_sentences
from .text import Doc, skip_spaces
from .units import parse_unit

_WORKS_WITH = re.compile(r"(?<![^\W_])(?:làm\s+việc|kiểm\s+tra|giám\s+sát)\s+(?:với|tại)\s+")
_DELEGATION = re.compile(r"(?<![^\W_])đoàn\s+(?:công\s+tác|kiểm\s+tra|giám\s+sát)")
_BODY_END = re.compile(r"\s+(?:thực\s+hiện|về|do|đã|có|đến|dẫn\s+đầu)(?![^\W_])|,")
_DATELINE = re.compile(r"(?:sáng|chiều|tối|trưa|đêm|ngày)(?:\s+nay)?\s+\d{1,2}/\d{1,2}(?:/\d{4})?")
_SUBJECT_DOC = re.compile(
    r"(?:Nghị quyết|Chỉ thị|Kết luận|Quy định|Thông báo kết luận|Chương trình hành động|Đề án)"
    r"(?:\s+(?:số\s+)?\d+[\w/\-]*|\s+(?:Hội nghị\s+)?Trung ương\s+\d+|\s+Đại hội[^,.;(“]*)"
    r"(?:\s*\(?\s*khóa\s+[IVXLC]+\s*\)?)?"
)
_CHAIR = re.compile(r"(?<![^\W_])(?:đồng\s+)?chủ\s+trì(?![^\W_])")
_RAISED = re.compile(r"(?:các\s+)?(?:kiến\s+nghị|đề\s+xuất|đề\s+nghị)\s+của\s+")
_ANSWER = re.compile(
    r"(sẽ\s+xem\s+xét|sẽ\s+nghiên\s+cứu|sẽ\s+tiếp\s+thu|tiếp\s+thu|đồng\s+ý|chấp\s+thuận|thống\s+nhất|"
    r"không\s+đồng\s+ý|chưa\s+chấp\s+thuận|đã\s+giải\s+quyết|đã\s+trả\s+lời)[^.;]*?(?=,\s*trong\s+đó|[.;]|$)"
)
_TO = re.compile(
    r"(?:tham\s+mưu|báo\s+cáo|trình|kiến\s+nghị\s+(?:với|lên))\s+((?:[A-ZĐÀ-Ỹ][^\s,.;]*\s?)+)"
)
_SUBJECT = re.compile(r"trong\s+đó\s+có\s+(?:việc\s+)?([^.;]+)")


def _state(answer: str) -> str:
    low = answer.lower()
    if low.startswith(("không", "chưa")):
        return "rejected"
    if low.startswith(("đã giải quyết", "đã trả lời")):
        return "answered"
    if low.startswith(("đồng ý", "chấp thuận", "thống nhất")):
        return "accepted"
    return "under_consideration"


def _recommendations(doc: Doc, host: str | None) -> list[Recommendation]:
    found: list[Recommendation] = []
    for match in _RAISED.finditer(doc.low):
        unit = parse_unit(doc, match.end())
        raised_by = unit.text if unit else None
        if raised_by and host and host.startswith(raised_by):
            raised_by = host
        rest_end = doc.orig.find(".", match.end())
        rest_end = len(doc.orig) if rest_end == -1 else rest_end
        rest = doc.orig[match.end() : rest_end]
        answer_match = _ANSWER.search(rest.lower())
        answer = rest[answer_match.start() : answer_match.end()].strip() if answer_match else None
        to_match = _TO.search(answer or rest)
        subject_match = _SUBJECT.search(rest)
        subject = subject_match.group(1).strip() if subject_match else rest.strip()
        found.append(
            Recommendation(
                raised_by=raised_by,
                to=to_match.group(1).strip() if to_match else None,
                subject=subject,
                answer=answer,
                state=_state(answer) if answer else "raised",
            )
        )
    return found


def extract_visit(doc: Doc, mentions: list[Mention]) -> Visit | None:
    """The working session the text reports, or None when it reports none."""
    delegation = _DELEGATION.search(doc.low)
    if delegation is None:
        return None
    works = _WORKS_WITH.search(doc.low, delegation.end())
    if works is None:
        return None
    body_end = _BODY_END.search(doc.low, delegation.end(), works.start())
    body_stop = body_end.start() if body_end else works.start()
    visiting_body = doc.orig[delegation.start() : body_stop].strip()
    host_unit = parse_unit(doc, works.end())
    host = host_unit.text if host_unit else None
    sentence = next((s for s in all_sentences(doc) if s[0] <= delegation.start() < s[1]), (0, 0))
    dateline = _DATELINE.match(doc.low, skip_spaces(doc.low, sentence[0]))
    date_text = doc.orig[dateline.start() : dateline.end()] if dateline else None
    subjects = [
        " ".join(m.group(0).replace("(", "").replace(")", "").split())
        for m in _SUBJECT_DOC.finditer(doc.orig, body_stop, max(body_stop, sentence[1]))
    ]
    chaired: list[str] = []
    starts = [m.start for m in mentions]
    for start, end in all_sentences(doc):
        if _CHAIR.search(doc.low, start, end):
            for mention in mentions[bisect_left(starts, start) : bisect_left(starts, end)]:
                name = " ".join(mention.name.split())
                if name not in chaired:
                    chaired.append(name)
    return Visit(
        date_text=date_text,
        visiting_body=visiting_body,
        host=host,
        subject_documents=list(dict.fromkeys(subjects)),
        chaired_by=chaired,
        recommendations=_recommendations(doc, host),
    )
