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
from .deadlines import decoy_mask
from .lexicon import VERBS, word_regex
from .model import Task
from .outputs import output_of
from .recurrence import NONE
from .segment import Line, is_news, join_wrapped, lines, sentences, strip_markup
from .tables import table_tasks
from .text import Doc, top_level_split
from .units import UnitMatch, parse_unit_list

# "…; thời gian thực hiện trong quý II/2026, báo cáo … trước ngày …": the timing phrase times
# the clause before and the verb after its comma opens a task of its own.
_TIMING_PHRASE = re.compile(
    r"\s*thời\s+gian\s+(?:thực\s+hiện|tổ\s+chức|hoàn\s+thành)(?![^\W_])[^,;]{3,60}?,\s*"
)
_VERB = word_regex(VERBS)
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

_OWN_DUTY = re.compile(r"\s*(?:chủ\s+trì|đồng\s+chủ\s+trì)(?![^\W_])")

MAX_SENTENCE_CHARS = 3000


@dataclass
class _State:
    base: list[str] | None = None  # lead of a heading or an intro, for the items below it
    current: list[str] | None = None  # lead carried over from the last sentence
    history: list[UnitMatch] = field(default_factory=list)
    after_cue: bool = False  # the sentence before, on this line, assigned with a cue
    base_coordinating: list[str] = field(default_factory=list)  # given by a heading sentence


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


def _split_clauses(
    doc: Doc, start: int, end: int, doc_date: date | None, mask: list[tuple[int, int]]
) -> list[Clause]:
    parts: list[tuple[int, int]] = []
    for s, e in top_level_split(doc.orig, ";", start, end):
        # "theo dõi …, định kỳ hằng quý báo cáo …": the periodic report is a task of its own.
        cut = _PERIODIC_REPORT.search(doc.low, s, e)
        if cut is not None and _PERIOD_END.search(doc.low, s, cut.start()):
            cut = None  # "định kỳ 6 tháng, hằng năm báo cáo": one list of periods
        timing = _TIMING_PHRASE.match(doc.low, s, e)
        if cut is None and timing is not None and _VERB.match(doc.low, timing.end()):
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
            if not (
                clause.verb_start or clause.signal or (has_deadline_signal(doc, clause) and item)
            ):
                continue
            leads = state.current
            if leads is not None and leads is state.base and not clause.coordinating:
                clause.coordinating = list(state.base_coordinating)
        if not action_text(doc, clause) and not (accepted and _timing_only(doc, clause)):
            continue
        accepted.append((clause, leads))
    state.after_cue = sentence_cue
    return _assemble(doc, accepted)


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


def extract_tasks(doc: Doc, doc_date: date | None = None) -> list[Task]:
    """Every task of ``doc``, in text order."""
    doc = strip_markup(doc)  # same offsets; "**tháng 12/2025 **" reads as plain text
    mask = decoy_mask(doc)
    news = is_news(doc)
    doc = join_wrapped(doc)  # same offsets; a wrapped sentence is read as one
    state = _State()
    tasks: list[Task] = []
    all_lines = list(lines(doc))
    i = 0
    while i < len(all_lines):
        line = all_lines[i]
        table = table_tasks(doc, all_lines, i, doc_date)
        if table is not None:
            found, i = table
            tasks.extend(found)
            continue
        i += 1
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
        for span in sentences(doc, line.start, line.end):
            tasks.extend(
                _sentence_tasks(
                    doc,
                    span,
                    state,
                    item=line.marker != "",
                    news=news,
                    doc_date=doc_date,
                    mask=mask,
                )
            )
    return tasks
