"""Cutting a text into lines, list items and sentences, keeping offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .text import Doc, is_heading_caps

_MARKER = re.compile(
    r"[ \t]*(?:(?P<roman>[IVXLC]+)\.|(?P<num>\d{1,2}(?:\.\d{1,2})*[.)]|\(\d{1,2}\))|(?P<letter>[a-zđ])\)|(?P<dash>[-–•+*]))[ \t]+"
)
_STOP = re.compile(r"[.!?…][ \t]+")
_ABBREVIATIONS = frozenset({"tp", "ts", "ths", "pgs", "gs", "bs", "tt", "v.v", "đ/c", "ks", "cn"})
_NEWS = re.compile(
    r"(?m)^(?:[^\n]{0,80}\n)?\s*(?:sáng|chiều|tối|trưa|ngày|đêm)\s+(?:nay\s*\(?)?\d{1,2}/\d{1,2}\)?\s*,"
)


@dataclass(frozen=True)
class Line:
    """One line: ``start:end`` is its content after any list marker."""

    start: int
    end: int
    marker: str  # "", "roman", "num", "letter" or "dash"
    heading: bool  # written in capitals, or a roman-numbered section


def lines(doc: Doc) -> Iterator[Line]:
    pos = 0
    text = doc.orig
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        match = _MARKER.match(text, pos, end)
        kind = ""
        start = pos
        if match is not None:
            kind = next(k for k in ("roman", "num", "letter", "dash") if match.group(k))
            start = match.end()
        segment = text[start:end].strip()
        if segment:
            caps = is_heading_caps(segment)
            yield Line(start, end, kind, caps or kind == "roman")
        if nl == -1:
            break
        pos = nl + 1


# A line that ends with one of these words (or a comma or hyphen) goes on below even when the
# next line starts with a capital: "…, phối hợp với\nỦy ban Mặt trận …".
_OPEN_END = re.compile(
    r"(?:[,\-–]|(?<![^\W_])(?:với|và|của|cho|tại|về|giao|là|gồm|các|trình|gửi|đến|trước|trong|"
    r"từ|ngày|tháng|năm|quý|đồng\s+chí|chủ\s+trì|phối\s+hợp|hoặc|nhất|đề\s+nghị|yêu\s+cầu))\s*$"
)
_CLOSED_END = re.compile(r"[.:;!?…]\s*$")


def _table_row(text: str) -> bool:
    return text.count("|") >= 2 or text.count("\t") >= 2


def join_wrapped(doc: Doc) -> Doc:
    """``doc`` with wrapped lines joined: a line break inside a sentence becomes a space.

    PDFs and e-mails break a sentence across lines. A line goes on the next one when the next
    starts no new item (no list marker, not a table row, not a heading), the line itself is no
    heading or table row and does not end a sentence or introduce a list (. : ; ! ?), and the
    next line starts in lower case or a digit — or with a capital after a word that cannot end
    a sentence ("phối hợp với", "và", a comma). Each break is replaced by one space, so every
    offset stays the same.
    """
    text = doc.orig
    if "\n" not in text:
        return doc
    breaks: list[int] = []
    pos = 0
    prev: str | None = None
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        raw = text[pos:end]
        content = raw.strip()
        if prev is not None and content and pos > 0 and _joins(prev, raw, content):
            breaks.append(pos - 1)
        prev = content if content else None
        if nl == -1:
            break
        pos = nl + 1
    if not breaks:
        return doc
    orig = list(text)
    low = list(doc.low)
    for i in breaks:
        orig[i] = low[i] = " "
    return Doc("".join(orig), "".join(low))


def _joins(prev: str, raw: str, content: str) -> bool:
    if _MARKER.match(raw) or _table_row(raw) or _table_row(prev):
        return False
    if prev.strip(" *") == "|" or content.strip(" *") == "|":
        return False  # a table scraped one cell per line: "|" closes a cell
    if is_heading_caps(prev) or is_heading_caps(content) or _CLOSED_END.search(prev):
        return False
    first = content[0]
    if first.islower() or first.isdigit():
        return True
    return first.isupper() and _OPEN_END.search(prev.lower()) is not None


def sentences(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``start:end``: a full stop followed by a capital letter ends one."""
    text = doc.orig
    out: list[tuple[int, int]] = []
    begin = start
    # only the stops followed by spaces can end a sentence: jump from one to the next
    for stop in _STOP.finditer(text, start, end):
        i, j = stop.start(), stop.end()
        if i < begin or j >= end:
            continue
        word_start = i
        while word_start > begin and not text[word_start - 1].isspace():
            word_start -= 1
        before = doc.low[word_start:i]
        if (text[j].isupper() or text[j] in '“"(') and before not in _ABBREVIATIONS:
            out.append((begin, i + 1))
            begin = j
    if begin < end:
        out.append((begin, end))
    return out


# Markdown and scraping marks: bold/italic runs ("**tháng 12/2025 **"), heading hashes.
_MARKUP = re.compile(r"(?m)\*{1,3}|_{2,3}|^[ \t]*#{1,6}(?=[ \t])")


def strip_markup(doc: Doc) -> Doc:
    """``doc`` with markdown marks (bold "**", heading "#") turned into spaces, offsets kept.

    A lone "*" or "-" opening a line stays: it marks a list item."""
    if "*" not in doc.orig and "_" not in doc.orig and "#" not in doc.orig:
        return doc
    orig = list(doc.orig)
    low = list(doc.low)
    for m in _MARKUP.finditer(doc.orig):
        if m.group(0) == "*" and _MARKER.match(doc.orig, doc.orig.rfind("\n", 0, m.start()) + 1):
            line_start = doc.orig.rfind("\n", 0, m.start()) + 1
            if not doc.orig[line_start : m.start()].strip():
                continue  # "* item": a list marker
        for i in range(m.start(), m.end()):
            orig[i] = low[i] = " "
    return Doc("".join(orig), "".join(low))


def is_news(doc: Doc) -> bool:
    """A news report: a dateline such as "Sáng 9/4," opens a paragraph."""
    return _NEWS.search(doc.low[:3000]) is not None


def all_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Sentences of the whole text; a line break always ends one."""
    return [span for line in lines(doc) for span in sentences(doc, line.start, line.end)]
