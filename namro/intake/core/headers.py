"""The header row of a task sheet as offices word it, found below any title rows.

Offices head the same columns differently ("Nội dung nhiệm vụ", "Nội dung công việc",
"Nhiệm vụ"; "Cơ quan chủ trì", "Đơn vị chủ trì"; "Thời hạn", "Thời gian hoàn thành"), add
notes in brackets ("Thời hạn (dd/mm/yyyy)"), break a header over two lines, and put a title,
the document's number and a blank row above the table, and often a row of column numbers
("(1)", "(2)") below it. Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .text import fold

# Each field with the headers that name it, the usual first. "progress" and "note" are known
# so that they are not taken for something else; they are not imported.
ALIASES: dict[str, tuple[str, ...]] = {
    "section": ("STT", "TT", "Số TT", "Số thứ tự", "Mục"),
    "external_key": ("Mã nhiệm vụ", "Mã", "Mã số", "Mã NV", "Mã số nhiệm vụ"),
    "action": (
        "Nội dung nhiệm vụ",
        "Nội dung công việc",
        "Nhiệm vụ",
        "Nội dung",
        "Tên nhiệm vụ",
        "Công việc",
        "Nhiệm vụ, giải pháp",
        "Nội dung nhiệm vụ, giải pháp",
        "Tên công việc",
    ),
    "lead_unit": (
        "Đơn vị chủ trì",
        "Cơ quan chủ trì",
        "Chủ trì",
        "Cơ quan, đơn vị chủ trì",
        "Cơ quan chủ trì thực hiện",
        "Đơn vị thực hiện",
        "Cơ quan thực hiện",
        "Đơn vị chủ trì thực hiện",
    ),
    "coordinating_units": (
        "Cơ quan phối hợp",
        "Đơn vị phối hợp",
        "Phối hợp",
        "Cơ quan, đơn vị phối hợp",
        "Đơn vị phối hợp thực hiện",
    ),
    "due_on": (
        "Thời hạn",
        "Thời gian hoàn thành",
        "Thời hạn hoàn thành",
        "Hạn hoàn thành",
        "Thời gian",
        "Thời gian thực hiện",
        "Hạn",
    ),
    "expected_output": (
        "Sản phẩm",
        "Kết quả",
        "Sản phẩm, kết quả",
        "Kết quả, sản phẩm",
        "Sản phẩm đầu ra",
        "Sản phẩm dự kiến",
        "Hình thức văn bản",
    ),
    "owner": ("Người chịu trách nhiệm", "Cán bộ phụ trách", "Người phụ trách"),
    "authority": ("Cấp có thẩm quyền", "Thẩm quyền", "Cấp trình"),
    "key": ("Trọng tâm", "Nhiệm vụ trọng tâm"),
    "progress": ("Tiến độ", "Tiến độ thực hiện", "Tình hình thực hiện", "Kết quả thực hiện"),
    "note": ("Ghi chú", "Ghi chu"),
}
NOT_IMPORTED = frozenset({"progress", "note"})
SCAN_ROWS = 30
SCAN_COLUMNS = 64

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


def normalise(text: str) -> str:
    """A header as compared: folded, bracketed notes and punctuation gone."""
    return " ".join(_NON_WORD.sub(" ", _BRACKETS.sub(" ", fold(text))).split())


@dataclass(frozen=True)
class Column:
    """A field found in the header row: its position (0-based) and the header as written."""

    index: int
    header: str

    @property
    def letter(self) -> str:
        """The column's letter as Excel shows it (A, B, …, AA)."""
        number, letters = self.index + 1, ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(65 + rest) + letters
        return letters


# Headers that name their field more closely than its usual header, and win over it when a
# sheet has both: beside a "Mục" column, "STT" only counts the rows (as namro's own exports
# write it), so the section is read from "Mục".
OUTRANKS: dict[str, tuple[str, ...]] = {"section": ("Mục",)}


def map_header(
    cells: Sequence[object], aliases: Mapping[str, Iterable[str]] = ALIASES
) -> dict[str, Column]:
    """The fields a row of header cells names. An exact header wins (the first, unless a
    later one ``OUTRANKS`` it); then the longest alias of two words or more that a header
    starts with ("Nội dung nhiệm vụ cụ thể")."""
    table = {key: {normalise(a) for a in names} for key, names in aliases.items()}
    closer = {key: {normalise(a) for a in names} for key, names in OUTRANKS.items()}
    texts = [(i, str(c).strip()) for i, c in enumerate(cells) if c is not None and str(c).strip()]
    found: dict[str, Column] = {}
    taken: set[int] = set()
    for index, text in texts:
        plain = normalise(text)
        for key, names in table.items():
            if plain not in names:
                continue
            if key in found:
                if plain not in closer.get(key, ()) or normalise(found[key].header) in closer[key]:
                    continue
                taken.discard(found[key].index)
            found[key] = Column(index, " ".join(text.split()))
            taken.add(index)
            break
    for index, text in texts:
        if index in taken:
            continue
        plain = normalise(text)
        best: tuple[int, str] | None = None
        for key, names in table.items():
            if key in found:
                continue
            for name in names:
                fits = " " in name and (plain + " ").startswith(name + " ")
                if fits and (best is None or len(name) > best[0]):
                    best = (len(name), key)
        if best is not None:
            found[best[1]] = Column(index, " ".join(text.split()))
            taken.add(index)
    return found


def find_header(
    rows: Iterable[Sequence[object]], required: Sequence[str]
) -> tuple[int, dict[str, Column]] | None:
    """The first row (1-based number) among ``rows`` that names every ``required`` field,
    with its columns; None when no row does."""
    for number, cells in enumerate(rows, start=1):
        columns = map_header(cells)
        if all(key in columns for key in required):
            return number, columns
    return None


def is_column_numbers(cells: Sequence[object]) -> bool:
    """A row under the header that only numbers the columns: "(1)", "(2)", … or 1, 2, …"""
    filled = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    return len(filled) >= 2 and all(_COLUMN_NUMBER.match(text) for text in filled)
