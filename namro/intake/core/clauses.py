"""Reading one clause (a sentence part between semicolons) of an assignment.

Two shapes carry a task:

* cue first — "[issuer] giao / yêu cầu / đề nghị / phân công UNITS [chủ trì] [, phối hợp với
  UNITS] ACTION [DEADLINE]"; the issuer before the cue is not a lead;
* subject first — "UNITS [chủ trì] [phối hợp với UNITS] [có trách nhiệm] ACTION", or no
  subject at all, when the lead carries over from before.

A work-programme item ("Đề án X: Sở Nội vụ chủ trì, trình UBND tỉnh trong quý II/2026") is a
third shape, named by its product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .deadlines import Deadline, find_deadline
from .lexicon import (
    MEETING_NOUNS,
    NARRATIVE,
    NARRATIVE_STRONG,
    NON_TASK_PREDICATES,
    VERBS,
    alternation,
    word_regex,
)
from .recurrence import NONE, ONGOING, is_standing_duty, opens_with_standing, recurrence_in
from .text import Doc, skip_spaces, top_level_split
from .units import UnitMatch, parse_unit, parse_unit_list

_CUE = re.compile(r"(?<![^\W_])(?:giao|yêu\s+cầu|đề\s+nghị|phân\s+công)(?:\s+cho)?(?![^\W_])")
_NOT_CUE_BEFORE = re.compile(r"(?:được|bàn|chuyển|việc|nhận|trao|những|các|có|theo)\s+$")
# "Bộ X được giao chủ trì …", "Các đơn vị được yêu cầu …": the subject receives the assignment.
_PASSIVE_CUE = re.compile(
    r"(?:cũng\s+)?được\s+(?:giao(?:\s+nhiệm\s+vụ)?|yêu\s+cầu|đề\s+nghị|phân\s+công)(?![^\W_])\s*,?"
)
_ANSWERABLE = re.compile(r"\s+trước\s+(?!ngày|\d)")
_PAST = re.compile(r"(?<![^\W_])(?:đã|từng|vừa)(?![^\W_])")
_CHU_TRI = re.compile(
    r"\s*,?\s*(?:chủ\s+trì|(?:làm|là)\s+(?:cơ\s+quan\s+)?đầu\s+mối)(?![^\W_])\s*,?"
)
_COORD = re.compile(
    r"\s*,?\s*(?:(?:chủ\s+động|kịp\s+thời|tích\s+cực)\s+(?=phối\s+hợp))?(?:phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?|thống\s+nhất\s+với|lấy\s+ý\s+kiến(?:\s+của)?)\s+"
)
# "Sở X là cơ quan thường trực (của) Ban Chỉ đạo …,": X leads; the body it serves is skipped.
_STANDING_BODY = re.compile(
    r"\s*,?\s*(?:là|làm)\s+cơ\s+quan\s+thường\s+trực(?![^\W_])[^,;()]{0,100}(?=,)"
)
# "Xây dựng Quy chế … (Sở Công Thương chủ trì, phối hợp với …), trình …": a lead in brackets.
_BRACKET_LEAD = re.compile(r"\(\s*(?=[^\W\d_])")
_RESPONSIBLE = re.compile(r"\s*,?\s*(?:có|chịu)\s+trách\s+nhiệm|\s*,?\s*có\s+nhiệm\s+vụ")
_FUNCTION = re.compile(
    r"\s*,?\s*(?:theo\s+(?:đúng\s+)?chức\s+năng,?\s*nhiệm\s+vụ(?:,?\s*quyền\s+hạn)?(?:\s+được\s+giao)?"
    r"(?:\s+của\s+mình)?|căn\s+cứ\s+[^,;]*?(?=\s+(?:xây\s+dựng|tổ\s+chức|triển\s+khai|thực\s+hiện))),?"
)
_TIMING_WORDS = re.compile(
    r"\s*,?\s*(?:thường\s+xuyên|định\s+kỳ(?:\s+(?:hằng|hàng))?(?:\s+(?:6|sáu)\s+tháng(?:,\s*năm)?|\s+tháng|\s+quý|\s+năm)?"
    r"|(?:hằng|hàng)\s+(?:năm|tháng|quý))(?![^\W_])"
    # "(trước ngày 20)" and further periods: "hằng quý (…), 6 tháng (…) và năm (…),"
    r"(?:\s*\([^()]*\))?(?:\s*(?:,|và)\s*(?:(?:hằng|hàng)\s+)?(?:(?:6|sáu)\s+tháng|quý|năm)"
    r"(?![^\W_])(?!\s*\d)(?:\s*\([^()]*\))?)*\s*,?"
)
_ADVERBIAL = re.compile(
    r"(?:đồng\s+thời|trên\s+cơ\s+sở|thời\s+gian\s+tới|sau\s+khi|sau\s+đó|tiếp\s+theo|căn\s+cứ|để|trong\s+thời\s+hạn|"
    r"định\s+kỳ|hằng|hàng|thực\s+hiện|theo\s+đó|ngoài\s+ra|trước\s+mắt|trong|từ\s+nay|về\s+lâu\s+dài|"
    r"nhằm|qua|kết\s+thúc(?=\s+(?:đợt|cuộc|kiểm\s+tra|thanh\s+tra|giám\s+sát|khảo\s+sát))|"
    # a cited document: "Theo Kết luận số … của …, UNITS …"
    r"theo(?=\s+(?:kế\s+hoạch|kết\s+luận|chỉ\s+thị|nghị\s+quyết|nghị\s+định|quyết\s+định|công\s+văn|"
    r"công\s+điện|thông\s+báo|thông\s+tư|văn\s+bản|chỉ\s+đạo|hướng\s+dẫn|luật|quy\s+định|đề\s+án|"
    r"chương\s+trình)(?![^\W_]))|"
    # ordinals that open the items of a heading sentence: "Thứ nhất, …"
    r"thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười))(?![^\W_])"
)
# Connectives that stand alone: "đồng thời hướng dẫn …" has no comma after them.
_CONNECTIVE = re.compile(
    r"(?:đồng\s+thời|ngoài\s+ra|theo\s+đó|trước\s+mắt|về\s+lâu\s+dài|trong\s+đó)(?![^\W_])\s*,?\s*"
)
# "Trong quá trình thực hiện, kịp thời báo cáo …": a duty for as long as the work lasts.
_DURING = re.compile(
    r"trong\s+quá\s+trình\s+(?:thực\s+hiện|triển\s+khai|tổ\s+chức\s+thực\s+hiện)\s*,"
)
_VERB_LIKE_ADVERBIAL = re.compile(
    r"(?:thực\s+hiện|trong(?!\s+quá\s+trình)(?!\s+đó(?![^\W_]))|qua|hằng|hàng)(?![^\W_])"
)
_VERB = word_regex(VERBS)
_NARRATIVE = re.compile(rf"(?<![^\W_])(?:{'|'.join(re.escape(w) for w in NARRATIVE)})(?![^\W_])")
# Reporting verbs that also open real actions ("chia sẻ dữ liệu", "phát biểu ý kiến") are
# narrative anywhere in a clause only when a quote or a comma follows them.
_NARRATIVE_ANYWHERE = re.compile(
    rf"(?<![^\W_])(?:{'|'.join(re.escape(w) for w in NARRATIVE_STRONG)})(?![^\W_])"
    rf"|(?<![^\W_])(?:{'|'.join(re.escape(w) for w in NARRATIVE)})\s*(?:[:,]|rằng(?![^\W_]))"
)
# "tiếp" (receives visitors) reports a meeting, but "tiếp tục", "tiếp thu", "tiếp nhận" act.
_NON_TASK = re.compile(
    rf"(?:{alternation(NON_TASK_PREDICATES)})(?![^\W_])(?<!tiếp)"
    r"|tiếp(?![^\W_])(?!\s+(?:tục|thu|nhận|cận|xúc)(?![^\W_]))"
)
_MEETING = word_regex(MEETING_NOUNS)
_TARGET = re.compile(r"phấn\s+đấu|chỉ\s+tiêu(?![^\W_])")
_STRONG_PREP = re.compile(
    r"(?:trước|chậm\s+nhất|trong|hạn\s+chót|không\s+quá|đến|từ|thời\s+hạn|thời\s+gian)(?![^\W_])"
)
_LEVEL = re.compile(r"cấp\s+(?:tỉnh|huyện|xã|cơ\s+sở|trung\s+ương|thành\s+phố)(?![^\W_])")
_NEED = re.compile(r"(?:cần\s+phải|cần|phải)\s+(?=\S)")
_MODAL = re.compile(r"(?:cũng\s+)?(?:phải|cần\s+phải)\s+")
_TRAILING = re.compile(
    r"(?:[\s,;:]*(?:và\s+)?(?:hoàn\s+thành(?:\s+đợt\s+\d+)?|thực\s+hiện|thời\s+gian\s+(?:thực\s+hiện|hoàn\s+thành)"
    r"|thời\s+hạn(?:\s+(?:thực\s+hiện|hoàn\s+thành))?"
    r"|thời\s+gian(?:\s+tổ\s+chức)?(?:\s+dự\s+kiến)?|xong|trình|gửi|chậm\s+nhất))?[\s,;:.]*$"
)
_LEADING_PERIOD = re.compile(r"(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)(?![^\W_])\s*,?\s*")
_WORK_ITEM = re.compile(r":\s+")
# "… thực hiện các nhiệm vụ sau." closes a heading sentence whose items follow.
_TASKS_BELOW = re.compile(
    r"(?:các|những)\s+(?:nhiệm\s+vụ|nội\s+dung|công\s+việc)(?:\s+cụ\s+thể)?\s+sau(?:\s+đây)?\s*[.:]?\s*$"
)
_LABEL = re.compile(r"[^\W\d_]+(?:,?\s+[^\W\d_]+){0,6}\s*:\s+")


@dataclass
class Clause:
    """What one clause says; offsets are in the document."""

    start: int
    end: int
    leads: list[UnitMatch] = field(default_factory=list)
    explicit: bool = False  # the clause names its own lead(s)
    cue: bool = False
    signal: bool = False  # chủ trì, phối hợp, có trách nhiệm…
    coordinating: list[str] = field(default_factory=list)
    action_start: int = 0
    action_end: int = 0
    deadline: Deadline | None = None
    recurrence: str = NONE
    intro: bool = False
    rejected: bool = False
    verb_start: bool = False
    product_start: bool = False
    implied: bool = False  # ongoing only because the action opens with a standing verb
    mandate: bool = False  # "X có nhiệm vụ …": a function, standing unless timed


def _valid_cue(doc: Doc, match: re.Match[str], start: int) -> list[UnitMatch] | None:
    before = doc.low[max(0, match.start() - 12) : match.start()]
    if _NOT_CUE_BEFORE.search(before):
        return None
    units, _ = parse_unit_list(doc, match.end())
    return units


_SENT_TO = re.compile(r"(?<![^\W_])gửi(?:\s+đến|\s+tới)?\s+")


def _addressees(doc: Doc, match: re.Match[str], start: int) -> list[UnitMatch]:
    """The units a letter is sent to ("gửi A, B, …,") right before a cue with no unit of its
    own ("…, yêu cầu đẩy nhanh …"); [] when the cue follows no such list."""
    low = doc.low
    comma = low.rfind(",", start, match.start())
    if comma == -1 or low[comma + 1 : match.start()].strip():
        return []
    sent = next(reversed(list(_SENT_TO.finditer(low, start, comma))), None)
    if sent is None or not _VERB.match(low, skip_spaces(low, match.end())):
        return []
    units, end = parse_unit_list(doc, sent.end())
    if units and not low[end:comma].strip():
        return units
    return _qualified_addressees(doc, sent.end(), comma)


_NEXT_ADDRESSEE = re.compile(r"\s*,\s*|\s+và\s+")


def _qualified_addressees(doc: Doc, start: int, comma: int) -> list[UnitMatch]:
    """Addressees of a letter where a collective carries its own qualifier up to the next
    addressee ("gửi các sở X quản lý … và các ban Y, yêu cầu …"): each piece opens with a
    unit, and a plural one ("các …") keeps the words after it to the next separator."""
    low = doc.low
    units: list[UnitMatch] = []
    cursor = start
    while cursor < comma:
        unit = parse_unit(doc, cursor)
        if unit is None or unit.end > comma:
            return []
        end = unit.end
        if end < comma and not _NEXT_ADDRESSEE.match(low, end):
            if not unit.text.lower().startswith("các "):
                return []
            stop = comma
            for nxt in _NEXT_ADDRESSEE.finditer(low, end, comma):
                if parse_unit(doc, nxt.end()) is not None:
                    stop = nxt.start()
                    break
            if _VERB.match(low, skip_spaces(low, end)) is None and stop == comma:
                return []
            unit = UnitMatch(unit.start, stop, doc.orig[unit.start : stop].rstrip(), unit.head)
            end = stop
        units.append(unit)
        sep = _NEXT_ADDRESSEE.match(low, end)
        if sep is None:
            break
        cursor = sep.end()
    return units if len(units) > 1 else []


def _roles(doc: Doc, clause: Clause, pos: int) -> int:
    """Read chủ trì, phối hợp với …, có trách nhiệm, theo chức năng… from ``pos``."""
    for _ in range(8):
        low = doc.low
        m = _CHU_TRI.match(low, pos)
        if m and not _MEETING.match(low, skip_spaces(low, m.end())):
            clause.signal = True
            pos = m.end()
            continue
        m = _STANDING_BODY.match(low, pos)
        if m:
            clause.signal = True
            pos = m.end()
            continue
        m = _COORD.match(low, pos)
        if m:
            units, end = parse_unit_list(doc, m.end(), titles=True)
            if units:
                clause.coordinating.extend(u.text for u in units)
                clause.signal = True
                pos = end
                continue
        m = (
            _RESPONSIBLE.match(low, pos)
            or _FUNCTION.match(low, pos)
            or _TIMING_WORDS.match(low, pos)
        )
        if m and m.end() > pos:
            if _RESPONSIBLE.match(low, pos):
                clause.signal = True
                clause.mandate = "nhiệm vụ" in low[pos : m.end()]
                if _ANSWERABLE.match(low, m.end()):
                    clause.rejected = True  # "chịu trách nhiệm trước Chủ tịch …": accountability
            pos = m.end()
            continue
        break
    return pos


def _strip_adverbial(doc: Doc, start: int, end: int) -> int:
    """Skip an opening adverbial phrase that ends at the first comma (Đồng thời, …)."""
    pos = skip_spaces(doc.low, start)
    connective = _CONNECTIVE.match(doc.low, pos)
    if connective is not None:
        return connective.end()
    if not _ADVERBIAL.match(doc.low, pos):
        return pos
    parts = top_level_split(doc.orig, ",", pos, end)
    if len(parts) < 2:
        return pos
    after = skip_spaces(doc.low, parts[0][1] + 1)
    if _OF.search(doc.low, pos, parts[0][1]):
        return _after_issuers(doc, after)
    return after


_OF = re.compile(r"(?<![^\W_])của\s+")
_PURPOSE_OPENING = re.compile(r"(?:để|nhằm)(?![^\W_])")
_SUBJECT_PREDICATE = (_VERB, _CHU_TRI, _COORD, _RESPONSIBLE, _PASSIVE_CUE, _MODAL)


def _after_issuers(doc: Doc, pos: int) -> int:
    """ "Theo Kết luận … của Bộ Chính trị, Ban Bí thư, ban thường vụ các tỉnh ủy … được giao
    …": the cited document's issuers run on past its first comma; a document is issued by
    named bodies, so the first collective ("các …") after them opens the subject."""
    units, _ = parse_unit_list(doc, pos)
    if len(units) < 2 or " các " in f" {units[0].text.lower()} ":
        return pos
    for unit in units[1:]:
        if " các " in f" {unit.text.lower()} ":
            return unit.start
    return pos


def _later_subject(doc: Doc, start: int, end: int) -> int | None:
    """ "Để đẩy nhanh …, đưa vào vận hành …, các bộ, ngành … nghiên cứu …": a purpose clause
    with commas of its own; the subject is the first unit list after one of its commas that
    is followed by a verb or a role word."""
    low = doc.low
    first = skip_spaces(low, start)
    if not _PURPOSE_OPENING.match(low, first):
        return None
    parts = top_level_split(doc.orig, ",", first, end)
    for _, comma in parts[1:-1][:5]:
        pos = skip_spaces(low, comma + 1)
        units, after = parse_unit_list(doc, pos)
        if not units:
            continue
        predicate = skip_spaces(low, after)
        if any(p.match(low, predicate) for p in _SUBJECT_PREDICATE) or any(
            p.match(low, after) for p in (_CHU_TRI, _COORD, _RESPONSIBLE)
        ):
            return pos
    return None


def parse_clause(
    doc: Doc, start: int, end: int, doc_date: date | None, mask: list[tuple[int, int]]
) -> Clause:
    clause = Clause(start, end)
    low = doc.low
    text_low = low[start:end]
    clause.intro = text_low.rstrip().endswith(":") or _TASKS_BELOW.search(text_low) is not None
    if any(w in text_low for w in NARRATIVE) and _NARRATIVE_ANYWHERE.search(text_low):
        clause.rejected = True
        return clause
    pos = skip_spaces(low, start)
    for match in _CUE.finditer(low, start, end):
        units = _valid_cue(doc, match, start)
        if units:
            clause.leads, clause.explicit, clause.cue = units, True, True
            pos = parse_unit_list(doc, match.end())[1]
            break
        if units is not None and low.startswith(":", skip_spaces(low, match.end())):
            clause.intro = True
            return clause
        addressees = _addressees(doc, match, start) if units is not None else []
        if addressees:
            # "… có văn bản gửi A, B và C, yêu cầu đẩy nhanh …": the letter's addressees
            clause.leads, clause.explicit, clause.cue = addressees, True, True
            pos = match.end()
            break
    else:
        pos = _subject(doc, clause, start, end)
        if clause.rejected:
            return clause
    bracket = None if clause.explicit else _bracket_lead(doc, clause, pos, end)
    pos = _roles(doc, clause, pos)
    if clause.product_start:
        _timing(doc, clause, doc_date, mask)
        return clause
    clause.action_start = skip_spaces(low, pos)
    modal = _MODAL.match(low, clause.action_start) if clause.explicit else None
    if not clause.explicit and clause.action_start == skip_spaces(low, start):
        # "2. Cần đánh giá kỹ …": a conclusion's item opening with "cần (phải)" directs
        modal = _NEED.match(low, clause.action_start)
    if modal is not None:  # "Các sở … cũng phải chủ động xây dựng …": an obligation
        clause.action_start = modal.end()
    # "hằng tuần theo dõi …": a period before the verb still opens an action with a verb
    lead_time = _LEADING_PERIOD.match(low, clause.action_start)
    clause.verb_start = bool(
        _VERB.match(low, lead_time.end() if lead_time else clause.action_start)
    )
    if _TARGET.match(low, clause.action_start) or _TARGET.match(low, skip_spaces(low, start)):
        clause.rejected = True
    _timing(doc, clause, doc_date, mask)
    if bracket is not None:
        clause.action_end = min(clause.action_end, bracket)
    return clause


def _bracket_lead(doc: Doc, clause: Clause, start: int, end: int) -> int | None:
    """Read "(Sở X chủ trì[, phối hợp với Y])" inside an item; where the bracket opens."""
    low = doc.low
    for m in _BRACKET_LEAD.finditer(low, start, end):
        units, after = parse_unit_list(doc, m.end())
        role = _CHU_TRI.match(low, after) if units else None
        if role is None:
            continue
        close = low.find(")", role.end(), end)
        if close == -1:
            continue
        inner = Clause(m.start(), close)
        stop = _roles(doc, inner, role.end())
        if low[stop:close].strip(" ,"):
            continue
        clause.leads, clause.explicit, clause.signal = units, True, True
        clause.coordinating.extend(inner.coordinating)
        return m.start()
    return None


def _subject_start(doc: Doc, start: int, end: int) -> tuple[int, list[UnitMatch], int]:
    """Where a subject would start, the units found there, and where they end."""
    low = doc.low
    first = skip_spaces(low, start)
    timing = _TIMING_WORDS.match(low, first)
    candidates = [timing.end()] if timing else []
    candidates.append(_strip_adverbial(doc, start, end))
    label = _LABEL.match(low, first)
    if label is not None:
        candidates.append(label.end())
    for pos in candidates:
        units, after = parse_unit_list(doc, pos)
        if units:
            return pos, units, after
    later = _later_subject(doc, start, end)
    if later is not None:
        units, after = parse_unit_list(doc, later)
        return later, units, after
    if timing:
        return timing.end(), [], timing.end()
    stripped = candidates[-1] if label is None else candidates[-2]
    if _VERB_LIKE_ADVERBIAL.match(low, first):
        return first, [], first
    return stripped, [], stripped


def _subject(doc: Doc, clause: Clause, start: int, end: int) -> int:
    low = doc.low
    pos = _strip_adverbial(doc, start, end)
    work = _WORK_ITEM.search(low, pos, end)
    if work is not None and not clause.intro:
        units, after = parse_unit_list(doc, work.end())
        if units and _CHU_TRI.match(low, after):
            clause.leads, clause.explicit, clause.product_start = units, True, True
            clause.signal = True
            _roles(doc, clause, after)
            clause.action_start, clause.action_end = pos, work.start()
            return after
    pos, units, after = _subject_start(doc, start, end)
    if not units:
        return pos
    predicate = skip_spaces(low, after)
    passive = _PASSIVE_CUE.match(low, predicate)
    if passive is not None and _VERB.match(low, skip_spaces(low, passive.end())):
        # "Bộ X được giao chủ trì, phối hợp với …": an assignment told from its receiver
        clause.leads, clause.explicit, clause.cue = units, True, True
        return passive.end()
    standing_body = _STANDING_BODY.match(low, after) is not None
    if not standing_body and (_NON_TASK.match(low, predicate) or _NARRATIVE.match(low, predicate)):
        clause.rejected = True
        return after
    chu_tri = _CHU_TRI.match(low, after)
    if chu_tri and _MEETING.match(low, skip_spaces(low, chu_tri.end())):
        clause.rejected = True
        return after
    if low.startswith(":", predicate) and predicate + 1 < end:
        # "- Sở Công Thương: chủ trì, phối hợp với …": the unit heads its own duty.
        after_colon = skip_spaces(low, predicate + 1)
        if any(p.match(low, after_colon) for p in (_VERB, _CHU_TRI, _COORD, _TIMING_WORDS)):
            clause.leads, clause.explicit = units, True
            return after_colon
    if predicate >= end or low[predicate] in ".;:":
        return pos  # a bare unit name: a heading, not a subject
    if low[predicate] == "(" and not _predicate_after_bracket(doc, predicate, end):
        return pos  # "…; Hội đồng nhân dân cấp tỉnh (bao gồm …), …": a unit listed as an object
    after_semicolon = start > 0 and low[start - 1] == ";"
    if after_semicolon and low[predicate] == "," and not _predicate_after_comma(doc, predicate):
        return pos  # "…; Hội đồng nhân dân cấp tỉnh, cấp xã (…)": a list of objects goes on
    clause.leads, clause.explicit = units, True
    return after


def _predicate_after_comma(doc: Doc, comma: int) -> bool:
    """Whether the subject's comma opens its predicate: a verb, a role, an adverbial."""
    after = skip_spaces(doc.low, comma + 1)
    if _LEVEL.match(doc.low, after):
        return False  # "cấp xã" names a level, not the verb "cấp"
    patterns = (_VERB, _CHU_TRI, _COORD, _RESPONSIBLE, _FUNCTION, _TIMING_WORDS, _ADVERBIAL)
    return any(p.match(doc.low, after) for p in (*patterns, _CONNECTIVE, _STANDING_BODY))


def _predicate_after_bracket(doc: Doc, bracket: int, end: int) -> bool:
    """Whether a verb or role word follows the bracket after a subject ("UBND các xã (nhất
    là các xã ven biển) chủ động …")."""
    close = doc.low.find(")", bracket, end)
    if close == -1:
        return False
    after = skip_spaces(doc.low, close + 1)
    after = skip_spaces(doc.low, after + 1) if doc.low.startswith(",", after) else after
    return any(p.match(doc.low, after) for p in (_VERB, _CHU_TRI, _COORD, _RESPONSIBLE))


def _timing(doc: Doc, clause: Clause, doc_date: date | None, mask: list[tuple[int, int]]) -> None:
    low = doc.low
    clause.deadline = find_deadline(doc, clause.start, clause.end, doc_date, mask)
    clause.recurrence = recurrence_in(low, clause.start, clause.end, mask)
    deadline = clause.deadline
    if deadline is not None and clause.recurrence != NONE:
        if re.search(r"\d{4}", deadline.text) and not deadline.event:
            clause.recurrence = NONE
        else:
            clause.deadline = Deadline(
                deadline.start, deadline.end, deadline.text, None, deadline.event
            )
    if clause.action_end == 0:
        stop = clause.end
        if deadline is not None and deadline.start > clause.action_start:
            stop = deadline.start
        clause.action_end = stop
    action_low = low[clause.action_start : clause.action_end]
    # the trailing words end the action: reading its last 120 characters is enough
    trailing = _TRAILING.search(action_low, max(0, len(action_low) - 120))
    if trailing is not None and not action_low[: trailing.start()].endswith("việc"):
        clause.action_end = clause.action_start + trailing.start()
    # "Đề nghị Ban X: Định hướng …": the colon after the lead does not open the action
    action_low = action_low.lstrip(" :")
    if clause.deadline is None and clause.recurrence == NONE:
        during = _DURING.match(low, skip_spaces(low, clause.start)) is not None
        if during or clause.mandate or is_standing_duty(action_low):
            # "rà soát, bảo đảm …" (a standing verb after a one-off one) may still be closed
            # by a dated report; "theo dõi …" itself stays a standing duty of its own.
            clause.recurrence = ONGOING
            clause.implied = not during and not opens_with_standing(action_low)


def has_deadline_signal(doc: Doc, clause: Clause) -> bool:
    """A deadline phrased as one (trước, chậm nhất, trong…) or a recurrence."""
    if clause.recurrence != NONE:
        return True
    if clause.deadline is None:
        return False
    return _STRONG_PREP.match(doc.low, clause.deadline.start) is not None


def action_text(doc: Doc, clause: Clause) -> str:
    text = doc.orig[clause.action_start : clause.action_end]
    text = re.sub(r"^[\s,;:.\-–]+|[\s,;:.]+$", "", text)
    return " ".join(text.split())
