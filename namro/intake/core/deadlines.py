"""Deadlines in every written form, and the dates that only look like deadlines.

A deadline is a time expression after a deadline preposition (trước, chậm nhất, trong, đến,
vào, từ … đến …): dd/mm/yyyy, dd.mm.yyyy, "ngày D tháng M năm Y", a month, a quarter,
"6 tháng đầu năm", a year, Tết Nguyên đán, "N ngày kể từ ngày ký", or an event ("trước ngày
khai giảng"), whose date stays unknown. Hours are dropped. A time without a year takes the
first such date on or after the document's date; without a document date it stays unknown.

"N ngày làm việc" (trong 05 ngày làm việc, chậm nhất 10 ngày làm việc kể từ ngày 15/12/2026)
counts working days from the document's date, or from the date it states; the caller passes
its calendar (``counting_working_days``), and without one only weekends are off. "N ngày"
without "làm việc" counts calendar days. Counted from the day a document is received (kể từ
ngày nhận), the date stays unknown: the text does not say it.

Decoys are masked first: horizons (đến năm 2030, giai đoạn 2026 - 2030, năm học 2026 - 2027),
data cut-off dates (số liệu tính đến hết ngày …), dates of cited documents (số 27/KH-UBND ngày
…) and the place-and-date line of the document itself. A date before the document's date, or
equal to it, is not a deadline either.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta

from .text import Doc
from .units import parse_unit

# Tết Nguyên đán (first day of the lunar year, Vietnam's UTC+7 calendar), 2020–2040; a test
# checks it against the lunar calendar of namro.workdays.statutory (Tết 2030 is 2 February in
# Vietnam, 3 February in China).
TET: dict[int, date] = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 2),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
    2036: date(2036, 1, 28),
    2037: date(2037, 2, 15),
    2038: date(2038, 2, 4),
    2039: date(2039, 1, 24),
    2040: date(2040, 2, 12),
}
_STEMS = ("canh", "tân", "nhâm", "quý", "giáp", "ất", "bính", "đinh", "mậu", "kỷ")
_BRANCHES = ("thân", "dậu", "tuất", "hợi", "tý", "sửu", "dần", "mão", "thìn", "tỵ", "ngọ", "mùi")
_BRANCH_ALIASES = {"tí": "tý", "tị": "tỵ", "mẹo": "mão"}


def can_chi(year: int) -> str:
    """The sexagenary name of a lunar year in the matching form: 2026 → "bính ngọ"."""
    return f"{_STEMS[year % 10]} {_BRANCHES[year % 12]}"


def tet_of(name: str) -> int | None:
    """The year (within the table) whose lunar name is ``name`` ("bính ngọ"), or None."""
    words = name.split()
    if len(words) != 2:
        return None
    wanted = f"{words[0]} {_BRANCH_ALIASES.get(words[1], words[1])}"
    for year in TET:
        if can_chi(year) == wanted:
            return year
    return None


_DATE_NUM = r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
_DATE_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_MASKS = [
    re.compile(
        r"(?:giai\s+đoạn|thời\s+kỳ|nhiệm\s+kỳ|năm\s+học|niên\s+khóa|niên\s+độ)\s+\d{4}\s*[-–]\s*\d{4}"
    ),
    # "từ nay đến hết năm 2026" is a deadline, not a horizon
    re.compile(r"(?:tầm\s+nhìn\s+|định\s+hướng\s+)?(?<!nay\s)đến\s+(?:hết\s+)?năm\s+\d{4}"),
    re.compile(
        rf"tính\s+đến\s+(?:hết\s+)?(?:ngày\s+)?(?:{_DATE_NUM}|{_DATE_WORDS}|\d{{1,2}}[/.]\d{{1,2}})"
    ),
    re.compile(rf"\d+(?:[/\-][^\s/]*)*/[^\W\d_][\w\-./]*\s+ngày\s+(?:{_DATE_NUM}|{_DATE_WORDS})"),
    re.compile(rf"(?m)^[^\n,;.]{{2,40}},\s*ngày\s+{_DATE_WORDS}"),
]
_PREP = re.compile(
    r"(?<![^\W_])(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?(?:\s+trước)?|trong\s+thời\s+hạn|"
    r"trong\s+vòng|trong\s+thời\s+gian(?=\s+\d)|trong|đến(?:\s+hết)?|vào|từ|hạn\s+chót|"
    r"không\s+quá|xong\s+trước|ngay\s+sau)\s+"
    # a time limit given as a label: "thời hạn: tháng 5/2026", "thời gian hoàn thành: quý III"
    r"|(?<![^\W_])(?:thời\s+hạn|thời\s+gian)(?:\s+(?:hoàn\s+thành|thực\s+hiện))?\s*:\s*"
    r"(?=\d|tháng|quý|năm\s+\d|ngày)"
)
# A binding limit with the year written ("chậm nhất ngày 20/5/2025", "hoàn thành trước ngày
# 21/11/2025") dates the work even when the document reports it after that day; a bare
# "trước ngày …" may qualify the object ("các hợp đồng ký trước ngày 1/7/2024") and does not.
_BINDING = re.compile(
    r"(?:chậm\s+nhất(?:\s+là)?(?:\s+vào)?(?:\s+trước)?|xong\s+trước|trước)\s+(?:ngày\s+)?"
    r"(?:\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)
_COMPLETION_BEFORE = re.compile(r"(?:hoàn\s+thành|hoàn\s+tất|xong)\s+$")


def _binding(low: str, pos: int) -> bool:
    if _BINDING.match(low, pos) is None:
        return False
    if low.startswith(("chậm", "xong"), pos):
        return True
    return _COMPLETION_BEFORE.search(low, max(0, pos - 12), pos) is not None


_HOUR = re.compile(r"\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?\s*,?\s*(?=ngày)")
_T_NUM = re.compile(rf"(?:ngày\s+)?{_DATE_NUM}")
_T_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?")
_T_DM = re.compile(r"(?:ngày\s+)?(\d{1,2})[/.](\d{1,2})(?![/.\-]?\d)")
_T_DAY = re.compile(r"ngày\s+(\d{1,2})(?![\d/.])(?!\s+tháng)")
_T_MONTH = re.compile(
    r"tháng\s+(\d{1,2})(?:\s*/\s*|\s+năm\s+)(\d{4})|tháng\s+(\d{1,2})(?![\d/])(?!\s+năm)"
)
_T_QUARTER = re.compile(r"quý\s+(iv|i{1,3}|[1-4])(?![\w])(?:\s*/\s*|\s+năm\s+)?(\d{4})?")
_T_HALF = re.compile(r"(\d{1,2}|sáu|chín)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+(\d{4}))?")
_T_YEAR = re.compile(r"năm\s+(\d{4})|năm\s+nay|năm(?=\s*[,;.]|\s*$)")
# "tuần đầu tháng 10/2026" (→ the 7th), "cuối tháng 9/2026", "cuối năm 2026", "đầu quý IV/2026"
# (→ the end of the quarter's first month), "cuối quý II".
_T_PART = re.compile(r"(?:(tuần)\s+)?(đầu|cuối)\s+(?=tháng|quý|năm)")
_T_TET = re.compile(r"tết\s+nguyên\s+đán(?:\s+([^\W\d_]+\s+[^\W\d_]+))?(?:\s+(?:năm\s+)?(\d{4}))?")
_T_RELATIVE = re.compile(
    r"(\d+)\s+ngày(\s+làm\s+việc)?\s*,?\s*kể\s+từ\s+(?:ngày\s+)?(?:ký|ban\s+hành)[^,;.\n()]*"
)
# "10 ngày làm việc kể từ ngày 15/12/2026", "… kể từ ngày nhận được văn bản"; bare "05 ngày làm
# việc" after a deadline preposition; bare "10 ngày" after "trong thời hạn", "chậm nhất", …
_T_FROM_DATE = re.compile(
    rf"(\d+)\s+ngày(\s+làm\s+việc)?\s*,?\s*kể\s+từ\s+(?:ngày\s+)?(?:{_DATE_NUM}|{_DATE_WORDS})"
)
_T_FROM_RECEIPT = re.compile(
    r"(\d+)\s+ngày(\s+làm\s+việc)?\s*,?\s*kể\s+từ\s+(?:ngày\s+|khi\s+)?(?:nhận|tiếp\s+nhận)"
    r"[^,;.\n()]*"
)
_T_SPAN = re.compile(
    r"(\d+)\s+ngày(?:(\s+làm\s+việc)(?![^\W_])|(?![^\W_])(?!\s+làm\s+việc))"
    r"(?!\s*,?\s*(?:kể\s+từ|trước|sau))"
)
# The prepositions after which "N ngày" alone (calendar days) is a deadline; after a bare
# "trong", "trong 02 ngày" is as often how long a meeting lasts.
_SPAN_PREPS = ("trong thời hạn", "trong vòng", "chậm nhất", "không quá", "hạn chót")
_T_EVENT = re.compile(
    r"(?:\d+\s+ngày\s+)?(?:(?:trước|sau)\s+)?(?:ngày|khi|kỳ\s+thi|kỳ\s+họp|kỳ\s+nghỉ|phiên\s+họp|hội\s+nghị|đại\s+hội|mùa|lễ|thời\s+gian\s+diễn\s+ra)\s+"
    r"(?=[^\W\d_])[^,;.\n]*"
)
# "trong thời gian diễn ra Đại hội …": work tied to the event while it lasts.
_DURING_EVENT = re.compile(r"thời\s+gian\s+diễn\s+ra\s+")
# "… để có giải pháp … trong năm 2022": a year inside a purpose clause is the purpose's.
_PURPOSE = re.compile(r"(?<![^\W_])(?:để|nhằm)(?![^\W_])")
_YEAR_ONLY = re.compile(r"(?:trong\s+)?năm\s+\d{4}\s*$")
_TAIL = re.compile(
    r"\s+(?:hằng|hàng)\s+(?:năm|tháng|quý)|\s+của\s+tháng(?:\s+cuối\s+quý)?(?:\s+(?:hằng|hàng)\s+\w+)?"
)
_RANGE_TO = re.compile(r"\s+đến\s+(?:hết\s+)?")
_FROM_NOW = re.compile(r"nay\s+(?:cho\s+)?đến\s+(?:hết\s+)?")
_LIST_NEXT = re.compile(r"\s*(?:,|và|hoặc)\s+(?=tháng|quý|ngày|\d)")
_YEAR_RANGE = re.compile(r"\s*[-–]\s*(?:năm\s+)?(\d{4})(?!\d)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    """A deadline expression at ``start:end``; ``iso`` is None when its date is unknown."""

    start: int
    end: int
    text: str
    iso: date | None
    event: bool = False


def decoy_mask(doc: Doc) -> list[tuple[int, int]]:
    """Spans of ``doc`` that hold dates and years which are never deadlines."""
    spans: list[tuple[int, int]] = []
    for pattern in _MASKS:
        spans.extend(m.span() for m in pattern.finditer(doc.low))
    return spans


def _masked(pos: int, mask: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in mask)


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _complete(make: tuple[int, int] | None, doc_date: date | None, build: str) -> date | None:
    """A date written without a year: the first one on or after the document's date."""
    if make is None or doc_date is None:
        return None
    a, b = make
    for year in (doc_date.year, doc_date.year + 1):
        found = _safe(year, b, a) if build == "dm" else _month_end(year, a)
        if found is not None and found >= doc_date:
            return found
    return None


def _time_at(
    low: str, pos: int, doc_date: date | None, *, bare_days: bool = False
) -> tuple[int, date | None, bool] | None:
    """A time expression at ``pos``: (end, date or None, is_event), or None. ``bare_days``:
    "N ngày" alone is a deadline here (after "trong thời hạn", "chậm nhất", …)."""
    m = _T_NUM.match(low, pos)
    if m:
        return m.end(), _safe(int(m[3]), int(m[2]), int(m[1])), False
    m = _T_WORDS.match(low, pos)
    if m:
        if m[3]:
            return m.end(), _safe(int(m[3]), int(m[2]), int(m[1])), False
        return m.end(), _complete((int(m[1]), int(m[2])), doc_date, "dm"), False
    m = _T_DM.match(low, pos)
    if m:
        return m.end(), _complete((int(m[1]), int(m[2])), doc_date, "dm"), False
    m = _T_DAY.match(low, pos)
    if m:
        return m.end(), None, False
    m = _T_HALF.match(low, pos)
    if m:
        months = {"sáu": 6, "chín": 9}.get(m[1]) or int(m[1])
        month = months if m[2] == "đầu" else 12
        if m[3]:
            return m.end(), _month_end(int(m[3]), month), False
        return m.end(), _complete((month, 0), doc_date, "m"), False
    m = _T_MONTH.match(low, pos)
    if m:
        if m[1]:
            return m.end(), _month_end(int(m[2]), int(m[1])), False
        return m.end(), _complete((int(m[3]), 0), doc_date, "m"), False
    m = _T_QUARTER.match(low, pos)
    if m:
        quarter = _ROMAN.get(m[1]) or int(m[1])
        if m[2]:
            return m.end(), _month_end(int(m[2]), quarter * 3), False
        return m.end(), _complete((quarter * 3, 0), doc_date, "m"), False
    m = _T_PART.match(low, pos)
    if m:
        return _part_of(low, m, doc_date)
    m = _T_TET.match(low, pos)
    if m:
        year = int(m[2]) if m[2] else (tet_of(m[1]) if m[1] else None)
        end = m.end() if (m[2] or (m[1] and year)) else pos + len("tết nguyên đán")
        if year is None and doc_date is not None:
            year = min((y for y, d in TET.items() if d >= doc_date), default=None)
        return end, TET.get(year) if year else None, False
    m = _T_RELATIVE.match(low, pos)
    if m:
        if doc_date is None:
            return m.end(), None, False
        return m.end(), _add_days(doc_date, int(m[1]), working=bool(m[2])), False
    m = _T_FROM_DATE.match(low, pos)
    if m:
        if m[3]:
            start = _safe(int(m[5]), int(m[4]), int(m[3]))
        else:
            start = _safe(int(m[8]), int(m[7]), int(m[6]))
        if start is None:
            return m.end(), None, False
        return m.end(), _add_days(start, int(m[1]), working=bool(m[2])), False
    m = _T_FROM_RECEIPT.match(low, pos)
    if m:
        return m.end(), None, False
    m = _T_SPAN.match(low, pos)
    if m and (m[2] or bare_days):
        if doc_date is None:
            return m.end(), None, False
        return m.end(), _add_days(doc_date, int(m[1]), working=bool(m[2])), False
    m = _T_YEAR.match(low, pos)
    if m:
        if m[1]:
            return m.end(), date(int(m[1]), 12, 31), False
        return m.end(), date(doc_date.year, 12, 31) if doc_date else None, False
    m = _T_EVENT.match(low, pos)
    if m and not low.startswith("ngày ký", m.start()):
        return m.end(), None, True
    return None


def _part_of(
    low: str, m: re.Match[str], doc_date: date | None
) -> tuple[int, date | None, bool] | None:
    """The end of "(tuần) đầu/cuối tháng|quý|năm …", or None when it is not one."""
    week, part = m[1] is not None, m[2]
    inner = _T_MONTH.match(low, m.end()) or _T_QUARTER.match(low, m.end())
    year = _T_YEAR.match(low, m.end())
    if inner is None and (year is None or week or part != "cuối"):
        return None
    found = _time_at(low, m.end(), doc_date)
    if found is None or found[2]:
        return None
    end, when, _ = found
    if when is None or (year is not None and inner is None):
        return end, when, False  # "cuối năm 2026" is the year's last day
    if inner is not None and inner.re is _T_QUARTER:
        if week:
            return None
        if part == "đầu":
            when = _month_end(when.year, when.month - 2)
        return end, when, False
    if part == "đầu":
        return (end, _safe(when.year, when.month, 7), False) if week else None
    return end, when, False


WorkingDays = Callable[[date, int], date]


def weekdays_only(start: date, days: int) -> date:
    """The ``days``-th weekday after ``start``: the count when no calendar is given."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


_working_days: ContextVar[WorkingDays] = ContextVar("working_days", default=weekdays_only)


@contextmanager
def counting_working_days(add: WorkingDays | None) -> Iterator[None]:
    """Count "N ngày làm việc" with ``add(start, n)`` (a holiday calendar) inside the block."""
    if add is None:
        yield
        return
    token = _working_days.set(add)
    try:
        yield
    finally:
        _working_days.reset(token)


def _add_days(start: date, days: int, *, working: bool) -> date:
    if not working:
        return start + timedelta(days=days)
    return _working_days.get()(start, days)


def _candidate(doc: Doc, prep: re.Match[str], doc_date: date | None) -> Deadline | None:
    low = doc.low
    pos = prep.end()
    hour = _HOUR.match(low, pos)
    if hour:
        pos = hour.end()
    phrase = " ".join(prep.group(0).split())
    if phrase == "từ" and _FROM_NOW.match(low, pos):
        # "từ nay đến (hết) năm 2026 / ngày …": the range's end is the deadline
        to = _FROM_NOW.match(low, pos)
        assert to is not None
        found = _time_at(low, to.end(), doc_date)
        if found is None or found[2]:
            return None
        return Deadline(prep.start(), found[0], doc.orig[prep.start() : found[0]].strip(), found[1])
    found = _time_at(low, pos, doc_date, bare_days=phrase.startswith(_SPAN_PREPS))
    if found is None:
        return None
    end, when, event = found
    word = prep.group(0).split()[0]
    if word == "từ":
        to = _RANGE_TO.match(low, end)
        if to is None:
            return None
        second = _time_at(low, to.end(), doc_date)
        if second is None:
            return None
        end, when, event = second
    elif (
        event and word not in ("trước", "chậm", "sau", "ngay") and not _DURING_EVENT.match(low, pos)
    ):
        return None  # only "trước / chậm nhất … ngày khai giảng" ties a deadline to an event
    elif word == "ngay" and not event:
        return None  # "ngay sau lễ khởi công" ties work to an event; "ngay sau ngày …" starts it
    elif not event:
        # "trong tháng 6 và tháng 7/2026": a list of times ends with the last one.
        joined = _LIST_NEXT.match(low, end)
        nxt = _time_at(low, joined.end(), doc_date) if joined else None
        if nxt is not None and not nxt[2] and nxt[1] is not None:
            end, when = nxt[0], nxt[1]
    tail = _TAIL.match(low, end)
    if tail:
        end = tail.end()
    text = doc.orig[prep.start() : end].strip()
    return Deadline(prep.start(), end, text, when, event)


def find_deadline(
    doc: Doc, start: int, end: int, doc_date: date | None, mask: list[tuple[int, int]]
) -> Deadline | None:
    """The deadline of the clause ``start:end``: its last valid time expression."""
    best: Deadline | None = None
    fallback: Deadline | None = None
    for prep in _PREP.finditer(doc.low, start, end):
        if _masked(prep.end(), mask) or _masked(prep.start(), mask):
            continue
        found = _candidate(doc, prep, doc_date)
        if found is None or found.end > end + 1:
            continue
        if best is not None and found.start < best.end:
            continue
        if _YEAR_ONLY.match(found.text.lower()) and _PURPOSE.search(doc.low, start, found.start):
            continue  # "… để có giải pháp ứng phó … trong năm 2022"
        if found.event:
            fallback = fallback or found
            continue
        if found.iso is not None and doc_date is not None:
            has_hour = _HOUR.match(doc.low, prep.end()) is not None
            if found.iso < doc_date and _binding(doc.low, prep.start()):
                pass  # "chậm nhất ngày 20/5/2025" told after the day: still the deadline
            elif found.iso < doc_date or (found.iso == doc_date and not has_hour):
                continue
        best = found
    if best is None:
        best = _bare_year(doc, start, end, doc_date, mask)
        if best is not None and fallback is not None and best.start >= fallback.start:
            best = None  # "trước kỳ thi tốt nghiệp năm 2027": the year names the event
    return best or fallback


_BARE_YEAR = re.compile(r"năm\s+(\d{4})[\s.;,]*$")
# "… bố trí kinh phí trong dự toán năm 2027": a budget's year belongs to the object.
_BUDGET_BEFORE = re.compile(
    r"(?<![^\W_])(?:dự\s+toán|ngân\s+sách|kế\s+hoạch\s+vốn)(?:\s+[^\W\d_]+)?\s+$"
)
# "…, hoàn thành lựa chọn nhà đầu tư năm 2026": a closing phrase of completion dates the work
# even in the document's own year.
_FINISH = re.compile(
    r"(?:hoàn\s+thành|hoàn\s+tất|xong|đưa\s+vào\s+(?:vận\s+hành|sử\s+dụng))(?![^\W_])"
)
# "…, trình UBND tỉnh quý II/2026": a time without a preposition after a submission verb.
_BARE_TIME = re.compile(
    r"(?<![^\W_])(?:trình|gửi|hoàn\s+thành|ban\s+hành)(?![^\W_])([^,;.\d]{0,40}?)\s+"
    r"((?:quý\s+(?:iv|i{1,3}|[1-4])|tháng\s+\d{1,2})\s*(?:/|\s+năm\s+)\s*\d{4}|\d{1,2}/\d{1,2}/\d{4})"
    r"[\s.;,]*$"
)


def _bare_year(
    doc: Doc, start: int, end: int, doc_date: date | None, mask: list[tuple[int, int]]
) -> Deadline | None:
    """ "… đưa vào vận hành năm 2027": a year closing the clause, later than the document."""
    submitted = _bare_submitted(doc, start, end, doc_date, mask)
    if submitted is not None:
        return submitted
    match = _BARE_YEAR.search(doc.low, start, end)
    if match is None or _masked(match.start(), mask):
        return None
    before = doc.orig[max(start, match.start() - 40) : match.start()].split()[-4:]
    if any(w[0].isupper() for w in before[1:]):
        return None  # "Ngày hội … tỉnh X lần thứ II năm 2027": the year names the event
    if _BUDGET_BEFORE.search(doc.low, max(start, match.start() - 30), match.start()):
        return None
    year = int(match[1])
    phrase = doc.low[start : match.start()].rsplit(",", 1)[-1]
    finished = _FINISH.match(phrase.strip()) is not None
    if doc_date is None or year < doc_date.year or (year == doc_date.year and not finished):
        return None
    stop = match.start() + len("năm ") + 4
    return Deadline(match.start(), stop, doc.orig[match.start() : stop], date(year, 12, 31))


# "Phiên họp tháng 9/2025": a schedule cell naming the session of a month gives that month.
_SESSION_OF_MONTH = re.compile(
    r"(?:phiên\s+họp|kỳ\s+họp|hội\s+nghị)(?:\s+thường\s+kỳ|\s+thường\s+lệ)?\s+(?=tháng\s+\d)"
)


def parse_cell(text: str, doc_date: date | None) -> Deadline | None:
    """The time column of a plan table ("Quý II/2026", "30/11/2026", "Tháng 9/2026")."""
    doc = Doc.of(text)
    low = doc.low
    pos = len(low) - len(low.lstrip())
    prep = _PREP.match(low, pos)
    if prep:
        return _candidate(doc, prep, doc_date)
    session = _SESSION_OF_MONTH.match(low, pos)
    found = _time_at(low, session.end() if session else pos, doc_date)
    if found is None or found[2]:
        return None
    end, when = found[0], found[1]
    year_range = _YEAR_RANGE.match(low, end)
    if year_range is not None and when is not None and when.month == 12 and when.day == 31:
        end, when = year_range.end(), date(int(year_range[1]), 12, 31)  # "Năm 2026 - 2027"
    return Deadline(pos, end, doc.orig[pos:end].strip(), when)


def _bare_submitted(
    doc: Doc, start: int, end: int, doc_date: date | None, mask: list[tuple[int, int]]
) -> Deadline | None:
    match = _BARE_TIME.search(doc.low, start, end)
    if match is None or _masked(match.start(2), mask):
        return None
    between = match.start(1), match.end(1)
    if doc.low[between[0] : between[1]].strip():
        unit = parse_unit(doc, between[0])
        if unit is None or unit.end < between[1] - 1:
            return None
    found = _time_at(doc.low, match.start(2), doc_date)
    if found is None or found[1] is None or (doc_date is not None and found[1] < doc_date):
        return None
    return Deadline(match.start(2), found[0], doc.orig[match.start(2) : found[0]], found[1])


_DAYS_CELL = re.compile(
    r"\s*(?:(?:trong\s+thời\s+hạn|trong\s+vòng|trong|chậm\s+nhất(?:\s+là)?|không\s+quá)\s+)?"
    r"(\d{1,3})\s+ngày(\s+làm\s+việc)?"
    rf"(?:\s*,?\s*kể\s+từ\s+(?:ngày\s+)?(?:(ký|ban\s+hành|nhận|tiếp\s+nhận)[^,;.\n()]*|{_DATE_NUM}))?"
    r"\s*[.;]?\s*"
)


def parse_days(text: str, start: date | None, add_working_days: WorkingDays) -> date | None:
    """The date a cell such as "05 ngày làm việc", "trong 10 ngày" or "10 ngày làm việc kể từ
    ngày 15/12/2026" names, counted from ``start`` (the document's date) or from the date it
    states, working days with ``add_working_days``. None when the cell says something else, or
    counts from a day it does not give (kể từ ngày nhận)."""
    m = _DAYS_CELL.fullmatch(text.lower())
    if m is None or (m[3] and not m[3].startswith(("ký", "ban"))):
        return None
    if m[4]:
        start = _safe(int(m[6]), int(m[5]), int(m[4]))
    if start is None:
        return None
    days = int(m[1])
    return add_working_days(start, days) if m[2] else start + timedelta(days=days)
