"""Tasks from a text: one per (lead unit, deliverable).

The text is read line by line. A line that is only a unit name ("1. Sở Nội vụ") heads the
items below it; "đề nghị X … các nhiệm vụ sau:" hands X to the items that follow; a lead
carries over to later sentences without a subject until a new one appears. Each sentence is
cut at semicolons into clauses (see ``clauses``). A clause with neither deadline nor
recurrence joins the next clause of the same lead ("rà soát …; báo cáo … trước ngày …"); a
clause that only gives timing ("thực hiện thường xuyên") times the one before. Several leads
without "chủ trì" give one task each. Tables go to ``tables``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .clauses import Clause, action_text, has_deadline_signal, parse_clause
from .deadlines import decoy_mask, find_deadline
from .lexicon import VERBS, alternation, word_regex
from .model import Task
from .outputs import output_of
from .recurrence import NONE, ONGOING, opens_with_standing
from .segment import Line, is_news, join_wrapped, lines, sentences, strip_markup
from .tables import cell_table_tasks, table_tasks
from .text import Doc, skip_spaces, top_level_split
from .units import UnitMatch, parse_unit_list

# "…; thời gian thực hiện trong quý II/2026, báo cáo … trước ngày …": the timing phrase times
# the clause before and the verb after its comma opens a task of its own.
_TIMING_PHRASE = re.compile(
    r"\s*thời\s+gian\s+(?:thực\s+hiện|tổ\s+chức|hoàn\s+thành)(?![^\W_])[^,;]{3,60}?,\s*"
)
_VERB = word_regex(VERBS)
# A date (or month) closing one milestone, then "và" and the verb of the next.
_MILESTONE = re.compile(rf"và\s+(?=(?:{alternation(VERBS)})(?![^\W_]))")
_MILESTONE_BEFORE = re.compile(r"\d[\s.*]*(?:,\s*)?$")
_SEASON = re.compile(r"(?<![^\W_])trong\s+(?:suốt\s+)?(?:mùa|dịp|thời\s+gian)(?![^\W_]).*$")
_PERIODIC_REPORT = re.compile(
    r",\s*(?=(?:định\s+kỳ(?:\s+(?:hằng|hàng))?|hằng|hàng)\s+(?:\d+\s+tháng|sáu\s+tháng|tháng|quý|năm)"
    r"(?:,\s*năm)?\s+(?:tổng\s+hợp|báo\s+cáo|gửi))"
)

_PERIOD_END = re.compile(
    r"(?:định\s+kỳ|hằng|hàng)(?:\s+(?:hằng|hàng))?(?:\s+(?:\d+|sáu))?\s+(?:tháng|quý|năm)\s*$"
)

# A clause that reports on the work before it: "…; (tổng hợp,) báo cáo kết quả về … trước …".
_REPORT_START = re.compile(
    r"(?:tổng\s+hợp(?:\s+kết\s+quả)?\s*,?\s*(?:và\s+)?)?(?:gửi\s+)?báo\s+cáo(?![^\W_])"
)

# A sentence that only reports on or times the work of the sentence before it: "Báo cáo kết
# quả với UBND tỉnh.", "Kết quả thực hiện hoàn thành trước ngày …", "Hoàn thành trước …".
# "Thời gian hoàn thành trước ngày …" / "Thời hạn hoàn thành …" times it the same way.
_TIME_LIMIT = r"(?:(?:thời\s+gian|thời\s+hạn)(?:\s+thực\s+hiện)?\s*:?\s*)?"
_FOLLOW_UP = re.compile(
    r"(?:(?:gửi\s+)?báo\s+cáo|kết\s+quả(?:\s+thực\s+hiện)?\s+(?:hoàn\s+thành|gửi|báo\s+cáo)"
    rf"|{_TIME_LIMIT}hoàn\s+thành\s+(?:trước|trong|chậm|xong))(?![^\W_])"
)
_FINISHED_BY = re.compile(
    rf"(?:kết\s+quả(?:\s+thực\s+hiện)?\s+)?{_TIME_LIMIT}hoàn\s+thành\s+(?:trước|trong|chậm\s+nhất|xong)(?![^\W_])"
)
# "(sau khi xin ý kiến các sở …)": the units consulted on a draft coordinate it.
_CONSULTED = re.compile(r"(?:xin|lấy)\s+ý\s+kiến(?:\s+của)?\s+")
_TIMING_ACTION = re.compile(r"(?:kết\s+quả(?:\s+thực\s+hiện)?\s*)?(?:hoàn\s+thành)?")

_OWN_DUTY = re.compile(r"\s*(?:chủ\s+trì|đồng\s+chủ\s+trì)(?![^\W_])")

MAX_SENTENCE_CHARS = 3000

# "THÔNG BÁO KẾT LUẬN … TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH X": the body worked with is the
# one the conclusion's tasks go to when an item names no lead.
_CONCLUSION = re.compile(r"kết\s+luận(?![^\W_])")
_WORKED_WITH = re.compile(
    r"làm\s+việc\s+với\s+(?:(?:lãnh\s+đạo|ban\s+thường\s+vụ)\s+)?"
    r"((?:ủy\s+ban\s+nhân\s+dân|ubnd|tỉnh\s+ủy|thành\s+ủy|huyện\s+ủy|đảng\s+ủy)\s+)?"
    r"(tỉnh|thành\s+phố|huyện|thị\s+xã|xã|phường)\s+"
)
_NAME_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class _State:
    base: list[str] | None = None  # lead of a heading or an intro, for the items below it
    current: list[str] | None = None  # lead carried over from the last sentence
    history: list[UnitMatch] = field(default_factory=list)
    after_cue: bool = False  # the sentence before, on this line, assigned with a cue
    base_coordinating: list[str] = field(default_factory=list)  # given by a heading sentence
    follow_up: bool = False  # the last sentence only reported on or timed the work before it


def _heading_units(doc: Doc, line: Line) -> list[UnitMatch] | None:
    units, end = parse_unit_list(doc, line.start)
    rest = doc.orig[end : line.end].strip(" :.\t")
    if units and not rest and not any(u.bare for u in units):
        return units
    return None


def _section_title(doc: Doc, line: Line) -> bool:
    """A short numbered title without a full stop ("6. Tổ chức thực hiện")."""
    text = doc.orig[line.start : line.end].strip()
    return (
        len(text.split()) <= 6
        and not text.endswith((".", ";", ":"))
        and not any(ch.isdigit() for ch in text)
    )


def _resolve(units: list[UnitMatch], state: _State) -> list[str]:
    """Unit texts, with a bare "Sở" read as the last Sở named."""
    out: list[str] = []
    for unit in units:
        if unit.bare:
            earlier = next(
                (u for u in reversed(state.history) if u.head == unit.head and not u.bare), None
            )
            if earlier is not None:
                out.append(earlier.text)
            continue
        state.history.append(unit)
        out.append(unit.text)
    return out


def _timing_only(doc: Doc, clause: Clause) -> bool:
    rest = action_text(doc, clause).lower()
    for word in (
        "thời gian tổ chức",
        "thời gian thực hiện",
        "thời gian",
        "dự kiến",
        "thực hiện",
        "liên tục",
        "thường xuyên",
        "trong năm học",
        "hoàn thành",
        ",",
    ):
        rest = rest.replace(word, " ")
    timed = clause.recurrence != NONE or clause.deadline is not None
    if clause.recurrence != NONE:  # "thực hiện thường xuyên trong mùa mưa bão"
        rest = _SEASON.sub(" ", rest)
    return timed and not clause.explicit and len(rest.split()) <= 1


def _timed_follower(doc: Doc, rest: list[Clause]) -> bool:
    """The next clause goes on without a subject of its own and is timed."""
    return bool(rest) and not rest[0].explicit and has_deadline_signal(doc, rest[0])


def _has_timing(clause: Clause) -> bool:
    return clause.deadline is not None or clause.recurrence != NONE


def _milestone(doc: Doc, start: int, end: int) -> re.Match[str] | None:
    """ "và" + a verb right after a date or month: where the next milestone begins."""
    for match in _MILESTONE.finditer(doc.low, start, end):
        if _MILESTONE_BEFORE.search(doc.low, max(start, match.start() - 12), match.start()):
            return match
    return None


def _split_clauses(
    doc: Doc, start: int, end: int, doc_date: date | None, mask: list[tuple[int, int]]
) -> list[Clause]:
    parts: list[tuple[int, int]] = []
    milestones: set[int] = set()  # parts that go on a dated milestone of the same clause
    for s, e in top_level_split(doc.orig, ";", start, end):
        # "theo dõi …, định kỳ hằng quý báo cáo …": the periodic report is a task of its own.
        cut = _PERIODIC_REPORT.search(doc.low, s, e)
        if cut is not None and _PERIOD_END.search(doc.low, s, cut.start()):
            cut = None  # "định kỳ 6 tháng, hằng năm báo cáo": one list of periods
        timing = _TIMING_PHRASE.match(doc.low, s, e)
        milestone = _milestone(doc, s, e)
        if cut is None and timing is None and milestone is not None:
            # "… vào ngày 19/12/2025 và tổ chức thi công …": each milestone is a task
            parts.extend([(s, milestone.start()), (milestone.end() - 1, e)])
            milestones.add(milestone.end() - 1)
        elif cut is None and timing is not None and _VERB.match(doc.low, timing.end()):
            parts.extend([(s, timing.end() - 1), (timing.end(), e)])
        elif cut is not None:
            parts.extend([(s, cut.start()), (cut.start() + 1, e)])
        else:
            parts.append((s, e))
    clauses: list[Clause] = []
    i = 0
    while i < len(parts):
        s, e = parts[i]
        clause = parse_clause(doc, s, e, doc_date, mask)
        # "Yêu cầu Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã…": the lead list
        # goes on past the semicolon.
        while clause.explicit and clause.action_start >= e and i + 1 < len(parts):
            i += 1
            e = parts[i][1]
            clause = parse_clause(doc, s, e, doc_date, mask)
        if s in milestones and clauses and not clause.explicit:
            # a later milestone of the same work keeps the coordination written before it
            earlier = next((c.coordinating for c in reversed(clauses) if c.coordinating), [])
            clause.coordinating = list(earlier)
        clauses.append(clause)
        i += 1
    return clauses


def _sentence_tasks(
    doc: Doc,
    span: tuple[int, int],
    state: _State,
    *,
    item: bool,
    news: bool,
    doc_date: date | None,
    mask: list[tuple[int, int]],
) -> list[Task]:
    if span[1] - span[0] > MAX_SENTENCE_CHARS:
        return []  # no assignment runs this long; reading it would only cost time
    clauses = _split_clauses(doc, span[0], span[1], doc_date, mask)
    accepted: list[tuple[Clause, list[str] | None]] = []
    sentence_cue = False
    for index, clause in enumerate(clauses):
        if clause.rejected:
            continue
        if clause.intro:
            if clause.cue and clause.leads:
                state.base = state.current = _resolve(clause.leads, state)
                # "giao A chủ trì, phối hợp với B … các nhiệm vụ sau:" gives B to each item
                state.base_coordinating = list(clause.coordinating)
            continue
        leads: list[str] | None
        if clause.explicit:
            if not clause.cue and news:
                continue
            strong = (
                clause.cue
                or clause.signal
                or item
                or sentence_cue
                or has_deadline_signal(doc, clause)
                # "Các đảng ủy … tổ chức kiểm điểm …; gửi báo cáo … trước ngày 20/12 hằng năm"
                or (not news and _timed_follower(doc, clauses[index + 1 :]))
                # "Giao Sở A … . Sở B tham mưu bố trí kinh phí …": the assignment goes on.
                or (state.after_cue and clause.verb_start)
            )
            if not strong:
                continue
            leads = _resolve(clause.leads, state) or state.current
            sentence_cue = sentence_cue or clause.cue
            state.current = leads
        else:
            context = item or bool(accepted) or state.current is not None
            if not context or (news and not accepted):
                continue
            if accepted and _timing_only(doc, clause):
                accepted.append((clause, state.current))
                continue
            # "… ban hành các văn bản …; về chế độ … hoàn thành trước ngày …": the object goes
            # on past the semicolon and its deadline times the untimed clause before it
            goes_on = (
                bool(accepted)
                and clause.deadline is not None
                and not _has_timing(accepted[-1][0])
                and has_deadline_signal(doc, clause)
            )
            if not (
                clause.verb_start
                or clause.signal
                or goes_on
                or (has_deadline_signal(doc, clause) and item)
            ):
                continue
            leads = state.current
            if leads is not None and leads is state.base and not clause.coordinating:
                clause.coordinating = list(state.base_coordinating)
        if not action_text(doc, clause) and not (accepted and _timing_only(doc, clause)):
            continue
        accepted.append((clause, leads))
    # "Giao A … . B chủ trì … . C tiếp tục …": the assignment goes on while sentences assign
    state.after_cue = sentence_cue or (state.after_cue and bool(accepted))
    state.follow_up = bool(accepted) and all(
        not c.explicit
        and (_FOLLOW_UP.match(doc.low, skip_spaces(doc.low, c.start)) or _timing_only(doc, c))
        for c, _ in accepted[:1]
    )
    return _assemble(doc, accepted)


def _merge_follow_up(earlier: list[Task], found: list[Task]) -> list[Task] | None:
    """Fold a follow-up sentence ("Báo cáo kết quả … trong tháng 8.", "Hoàn thành trước …")
    into the untimed tasks of the sentence before it: the steps of that sentence and the
    follow-up become one task per lead. The tasks kept, or None when nothing was folded."""
    if not earlier or len({t.action for t in found}) != 1:
        return None
    new = found[0]
    for task in earlier:
        # a duty of carrying out or checking ("kiểm tra …") is closed by a dated report
        closed = task.recurrence == ONGOING and new.deadline_text is not None
        if task.deadline_text or (task.recurrence != NONE and not closed):
            return None
        if closed and opens_with_standing(task.action.lower()):
            return None
    leads = [t.lead for t in found]
    if sorted(map(str, {t.lead for t in earlier})) != sorted(map(str, set(leads))):
        return None
    kept: list[Task] = []
    for lead in leads:
        steps = [t for t in earlier if t.lead == lead]
        task = steps[0]
        actions = [t.action for t in steps]
        task.action = "; ".join(dict.fromkeys(actions))
        if not _timing_word_only(new.action):
            task.action = f"{task.action}. {new.action}"
        task.deadline, task.deadline_text = new.deadline, new.deadline_text
        task.recurrence = new.recurrence
        task.output = next((t.output for t in steps if t.output), None) or new.output
        for step in (*steps, new):
            task.coordinating.extend(u for u in step.coordinating if u not in task.coordinating)
        task.span = (task.span[0], max(t.span[1] for t in (*steps, new)))
        kept.append(task)
    return kept


def _timing_sentence(
    doc: Doc,
    span: tuple[int, int],
    earlier: list[Task],
    doc_date: date | None,
    mask: list[tuple[int, int]],
) -> list[Task]:
    """A sentence that only times the work before it ("Hoàn thành trước ngày …."), read as
    one timing-only task per lead of that work; [] when it is no such sentence."""
    low = doc.low
    first = skip_spaces(low, span[0])
    if not _FINISHED_BY.match(low, first):
        return []
    deadline = find_deadline(doc, span[0], span[1], doc_date, mask)
    if deadline is None:
        return []
    leads = list(dict.fromkeys(t.lead for t in earlier))
    return [
        Task("", lead, [], deadline.iso, deadline.text, NONE, None, (span[0], span[1]))
        for lead in leads
    ]


def _untimed_steps(earlier: list[Task], found: list[Task], line: Line, state: _State) -> bool:
    """Dash items under a heading that handed out "các nội dung sau" are steps of one
    assignment while none is timed: a dated report at the end closes them all."""
    if line.marker != "dash" or state.base is None or not earlier:
        return False
    if any(t.deadline_text or t.recurrence != NONE for t in (*earlier, *found)):
        return False
    return {t.lead for t in earlier} == {t.lead for t in found}


def _product_item(
    doc: Doc,
    item: tuple[int, int],
    follow: tuple[int, int],
    state: _State,
    doc_date: date | None,
    mask: list[tuple[int, int]],
) -> list[Task]:
    """A schedule item named by its product and timed by the sentence after it: "- Dự thảo lần
    2 Quy hoạch (sau khi xin ý kiến các sở …). Hoàn thành trước ngày 30/11/2025."."""
    low = doc.low
    start = skip_spaces(low, item[0])
    product = output_of(low[start : item[1]])
    if product is None or not low.startswith(product.split()[0], start):
        return []
    if not _FOLLOW_UP.match(low, skip_spaces(low, follow[0])):
        return []
    deadline = find_deadline(doc, follow[0], follow[1], doc_date, mask)
    if deadline is None:
        return []
    coordinating: list[str] = []
    consulted = _CONSULTED.search(low, start, item[1])
    if consulted is not None:
        coordinating = [u.text for u in parse_unit_list(doc, consulted.end(), titles=False)[0]]
    leads: list[str | None] = list(state.current) if state.current else [None]
    end = item[1]
    bracket = doc.orig.find("(", start, end)
    action = doc.orig[start : bracket if bracket != -1 else end]
    return [
        Task(
            action=" ".join(action.split()).rstrip(" ."),
            lead=lead,
            coordinating=list(coordinating),
            deadline=deadline.iso,
            deadline_text=deadline.text,
            recurrence=NONE,
            output=product,
            span=(start, follow[1]),
        )
        for lead in leads
    ]


def _timing_word_only(action: str) -> bool:
    return _TIMING_ACTION.fullmatch(action.lower().strip(" .,;")) is not None


def _assemble(doc: Doc, accepted: list[tuple[Clause, list[str] | None]]) -> list[Task]:
    groups: list[list[tuple[Clause, list[str] | None]]] = []
    for clause, leads in accepted:
        if groups and _timing_only(doc, clause):
            groups[-1].append((clause, leads))
            continue
        if groups and not clause.explicit and not _OWN_DUTY.match(doc.low, clause.start):
            # "rà soát …; báo cáo … trước ngày …" is one task, but "…; chủ trì, phối hợp
            # với … kiểm tra …" starts another duty of the same lead.
            last_clause = groups[-1][-1][0]
            untimed = not _has_timing(last_clause) or (
                last_clause.implied and _REPORT_START.match(doc.low, clause.action_start)
            )
            if (
                not _has_timing(last_clause)
                and not _has_timing(clause)
                and groups[-1][-1][1] == leads
            ):
                # "Rà soát …; xây dựng …; thúc đẩy …": untimed steps of one lead are one task
                groups[-1].append((clause, leads))
                continue
            if (
                untimed
                and clause.deadline is not None
                # "…; gửi báo cáo … trước ngày 20/12 hằng năm" times an untimed clause too
                and (clause.recurrence == NONE or not _has_timing(last_clause))
                and groups[-1][-1][1] == leads
            ):
                groups[-1].append((clause, leads))
                continue
        groups.append([(clause, leads)])
    tasks: list[Task] = []
    for group in groups:
        tasks.extend(_group_tasks(doc, group))
    return tasks


def _group_tasks(doc: Doc, group: list[tuple[Clause, list[str] | None]]) -> list[Task]:
    first = group[0][0]
    leads = group[0][1]
    actions = [action_text(doc, c) for c, _ in group if not _timing_only(doc, c) or c is first]
    action = "; ".join(a for a in actions if a)
    coordinating: list[str] = []
    for clause, _ in group:
        coordinating.extend(u for u in clause.coordinating if u not in coordinating)
    timed = next((c for c, _ in reversed(group) if c.deadline is not None), None)
    deadline = timed.deadline if timed else None
    recurrence = next(
        (
            c.recurrence
            for c, _ in reversed(group)
            if c.recurrence != NONE and not (c.implied and deadline is not None)
        ),
        NONE,
    )
    if recurrence != NONE and deadline is not None:
        deadline_iso = None
    else:
        deadline_iso = deadline.iso if deadline else None
    low_action = " ".join(doc.low[c.action_start : c.action_end] for c, _ in group)
    output = output_of(low_action)
    span = (first.start, group[-1][0].end)
    while span[0] < span[1] and doc.orig[span[0]].isspace():
        span = (span[0] + 1, span[1])
    out: list[Task] = []
    lead_list: list[str | None] = list(leads) if leads else [None]
    for lead in lead_list:
        out.append(
            Task(
                action=action,
                lead=lead,
                coordinating=list(coordinating),
                deadline=deadline_iso,
                deadline_text=deadline.text if deadline else None,
                recurrence=recurrence,
                output=output,
                span=span,
            )
        )
    return out


def _host(doc: Doc) -> str | None:
    """The body a conclusion notice was drawn up with, from its title: "… KẾT LUẬN … TẠI BUỔI
    LÀM VIỆC VỚI LÃNH ĐẠO TỈNH SƠN LA" gives "tỉnh Sơn La"; None for other documents."""
    head = doc.low[:1500]
    conclusion = _CONCLUSION.search(head)
    if conclusion is None:
        return None
    match = _WORKED_WITH.search(head, conclusion.end())
    if match is None:
        return None
    words: list[str] = []
    pos = match.end()
    for _ in range(4):  # the place's own name: capitalised words, over a line break
        word = _NAME_WORD.match(doc.orig, pos)
        if word is None or not (word.group().istitle() or word.group().isupper()):
            break
        words.append(word.group())
        pos = skip_spaces(doc.low, word.end())
    if not words:
        return None
    kind = " ".join(match.group(2).split())
    body = match.group(1)
    prefix = "UBND " if body and body.split()[0] in ("ủy", "ubnd") else ""
    if body and prefix == "":
        prefix = " ".join(w.capitalize() for w in body.split()) + " "
    return f"{prefix}{kind} {' '.join(w.capitalize() for w in words)}"


def extract_tasks(doc: Doc, doc_date: date | None = None) -> list[Task]:
    """Every task of ``doc``, in text order."""
    doc = strip_markup(doc)  # same offsets; "**tháng 12/2025 **" reads as plain text
    mask = decoy_mask(doc)
    news = is_news(doc)
    doc = join_wrapped(doc)  # same offsets; a wrapped sentence is read as one
    state = _State()
    tasks: list[Task] = []
    previous: list[Task] = []  # the tasks of the last sentence that gave any
    all_lines = list(lines(doc))
    i = 0
    while i < len(all_lines):
        line = all_lines[i]
        table = table_tasks(doc, all_lines, i, doc_date) or cell_table_tasks(
            doc, all_lines, i, doc_date
        )
        if table is not None:
            found, i = table
            tasks.extend(found)
            continue
        i += 1
        if line.heading or line.marker in ("num", "roman"):
            previous = []  # a follow-up sentence never reaches past a new numbered item
        if line.heading:
            state.base = state.current = None
            state.base_coordinating = []
            continue
        if line.marker in ("num", "roman"):
            state.base = None
            state.base_coordinating = []
        heading = _heading_units(doc, line)
        if heading is not None:
            state.base = state.current = _resolve(heading, state)
            state.base_coordinating = []
            continue
        if line.marker in ("num", "roman") and _section_title(doc, line):
            state.current = None
            continue
        if line.marker in ("dash", "letter") and state.base is not None:
            state.current = state.base
        if doc.low.startswith(("kính gửi", "nơi nhận", "số:", "v/v"), line.start):
            continue
        state.after_cue = False
        product: tuple[int, int] | None = None
        for span in sentences(doc, line.start, line.end):
            found = _sentence_tasks(
                doc,
                span,
                state,
                item=line.marker != "",
                news=news,
                doc_date=doc_date,
                mask=mask,
            )
            if found and state.follow_up:
                merged = _merge_follow_up(previous, found)
                if merged is not None:
                    dropped = {id(t) for t in previous} - {id(t) for t in merged}
                    tasks[:] = [t for t in tasks if id(t) not in dropped]
                    previous = merged
                    continue
            if not found and line.marker and span[0] == line.start:
                product = span  # "- Dự thảo lần 1 …." may be timed by the next sentence
                continue
            if not found and product is not None:
                found = _product_item(doc, product, span, state, doc_date, mask)
            product = None
            if not found and previous:
                timing = _timing_sentence(doc, span, previous, doc_date, mask)
                merged = _merge_follow_up(previous, timing) if timing else None
                if merged is not None:  # "… . Hoàn thành trước ngày 30/10/2025."
                    dropped = {id(t) for t in previous} - {id(t) for t in merged}
                    tasks[:] = [t for t in tasks if id(t) not in dropped]
                    previous = merged
                    continue
            if found and _untimed_steps(previous, found, line, state):
                previous = previous + found  # steps of one assignment, until their report
            elif found:
                previous = found
            tasks.extend(found)
    host = _host(doc) if any(t.lead is None for t in tasks) else None
    if host is not None:
        for task in tasks:
            if task.lead is None:
                task.lead = host  # a conclusion's item without a lead goes to its host
    return tasks
