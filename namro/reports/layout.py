"""The layout of an official document in Word (python-docx), by the kind of body that issues it.

State bodies follow Decree 30/2020/NĐ-CP on administrative documents: A4, Times New Roman in
Unicode at 13–14 pt, margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm; the
issuing body (under its superior) on the left of the header, the national title and motto on
the right, the number "Số: …/BC-<symbol>", place and date; "Nơi nhận" at the bottom left and
the signature at the bottom right. Party bodies follow Hướng dẫn 36-HD/VPTW: "ĐẢNG CỘNG SẢN
VIỆT NAM" on the right, the issuing body's name under its superior's with an asterisk below,
the number "Số …-BC/TU". Every document namro writes for an office (the periodic report, the
review) is laid out here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from namro.orgs.models import Unit, UnitKind, UnitLevel

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12
PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_LEFT_MM = 62
CELL_PADDING_MM = 1.0

PARTY_KINDS = frozenset({UnitKind.PARTY_COMMITTEE, UnitKind.STANDING_COMMITTEE})

# The symbol a Party committee's documents carry after the slash, by the committee's name.
PARTY_SYMBOLS = [
    (re.compile(r"^(Ban Chấp hành Trung ương|Bộ Chính trị|Ban Bí thư)"), "TW"),
    (re.compile(r"^(Thành ủy|Tỉnh ủy|Thị ủy)"), "TU"),
    (re.compile(r"^Huyện ủy"), "HU"),
    (re.compile(r"^Quận ủy"), "QU"),
    (re.compile(r"^Đảng ủy"), "ĐU"),
]
STATE_SYMBOLS = {UnitKind.GOVERNMENT: "UBND", UnitKind.COUNCIL: "HĐND"}

# What comes before the place's own name in a body's name ("UBND thành phố Hà Nội").
PLACE_PREFIX = re.compile(
    r"^(Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Thành ủy|Tỉnh ủy|Huyện ủy|Quận ủy|"
    r"Thị ủy|Đảng ủy|Đảng bộ|Ban Thường vụ Thành ủy|Ban Thường vụ Tỉnh ủy)\s+"
    r"((thành phố|tỉnh|xã|phường|đặc khu|thị trấn|huyện|quận|thị xã)\s+)?",
    re.IGNORECASE,
)
CAPITAL = "Hà Nội"


@dataclass(frozen=True)
class Issuer:
    """Who issues the document and how its header names them."""

    name: str
    superior: str | None
    party: bool
    symbol: str
    place: str
    kind: str


def _initials(name: str) -> str:
    letters = []
    for word in name.split():
        clean = "".join(ch for ch in word if ch.isalnum())
        if not clean:
            continue
        letters.append(clean if clean.isupper() and len(clean) > 1 else clean[0].upper())
    return "".join(letters)


def _symbol(unit: Unit, ancestors: Sequence[Unit], party: bool) -> str:
    if party:
        for body in [unit, *reversed(ancestors)]:
            for pattern, symbol in PARTY_SYMBOLS:
                if pattern.search(body.name):
                    return symbol
        return _initials(unit.short_name or unit.name)
    if unit.kind in STATE_SYMBOLS:
        return STATE_SYMBOLS[unit.kind]
    return _initials(unit.short_name or unit.name)


def _place(unit: Unit, ancestors: Sequence[Unit]) -> str:
    """The place name of the date line: the commune or province the body belongs to."""
    for body in [unit, *reversed(ancestors)]:
        if body.level in (UnitLevel.COMMUNE, UnitLevel.PROVINCE):
            found = PLACE_PREFIX.match(body.name)
            if found:
                return body.name[found.end() :].strip()
    return CAPITAL


def issuer_of(unit: Unit, ancestors: Sequence[Unit]) -> Issuer:
    """The issuer of a document ``unit`` sends; ``ancestors`` from the top down to its parent."""
    party = unit.kind in PARTY_KINDS
    superior = ancestors[-1].name if ancestors else None
    return Issuer(
        name=unit.name,
        superior=superior,
        party=party,
        symbol=_symbol(unit, ancestors, party),
        place=_place(unit, ancestors),
        kind=unit.kind,
    )


# --- the page and the font ------------------------------------------------------------------


def _fonts(style: Any, size: int, *, bold: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    # Theme fonts would override the names: drop them, and name Times for every script.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def new_document() -> Any:
    """An empty A4 document with Decree 30's margins and Times New Roman as the body font."""
    doc = WordDocument()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    _fonts(doc.styles["Normal"], BODY_SIZE)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    for name in ("List Bullet", "Table Grid"):
        _fonts(doc.styles[name], BODY_SIZE if name == "List Bullet" else TABLE_SIZE)
    # The document defaults too, so a run outside any style is Times as well.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        fonts = defaults.find(".//" + qn("w:rFonts"))
        if fonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), FONT)
    return doc


def paragraph(
    container: Any,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: int | None = None,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after: int | None = None,
    style: str | None = None,
) -> Any:
    p = container.add_paragraph(style=style)
    p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        run.underline = underline
        if size:
            run.font.size = Pt(size)
    return p


def heading(doc: Any, text: str, *, level: int = 1) -> Any:
    """A section heading: bold, in the body font (Word's heading styles are blue sans-serif)."""
    return paragraph(doc, text, bold=True, italic=level > 1, align=WD_ALIGN_PARAGRAPH.LEFT)


TBL_PR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
]  # fmt: skip


def _put(table: Any, element: Any) -> None:
    """Put ``element`` into the table's properties where the schema orders it (Word refuses
    a document whose table properties are out of order)."""
    props = table._tbl.tblPr
    name = element.tag.rsplit("}", 1)[1]
    for old in props.findall(qn(f"w:{name}")):
        props.remove(old)
    later = set(TBL_PR_ORDER[TBL_PR_ORDER.index(name) + 1 :])
    for child in props:
        if child.tag.rsplit("}", 1)[1] in later:
            child.addprevious(element)
            return
    props.append(element)


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    _put(table, borders)


def _cell_margins(table: Any, mm: float) -> None:
    """Left and right padding of every cell (Word's default 1.9 mm wraps narrow columns)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(mm * 72 * 20 / 25.4)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    _put(table, margins)


def _widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Fixed column widths (grid and every cell), so Word and LibreOffice keep them."""
    table.autofit = False  # w:tblLayout type="fixed"
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
    for row in table.rows:
        start = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = Mm(sum(widths_mm[start : start + span]))
            start += span


def _centred(cell: Any, lines: Sequence[tuple[str, dict[str, Any]]]) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for text, style in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold = style.get("bold", False)
        run.italic = style.get("italic", False)
        run.underline = style.get("underline", False)
        run.font.size = Pt(style.get("size", 13))


def date_line(issuer: Issuer, year: int, on: date | None = None) -> str:
    """ "Hà Nội, ngày … tháng … năm 2026": day and month are written when the document is
    signed, unless ``on`` is given."""
    if on is not None:
        return _("%(place)s, ngày %(d)02d tháng %(m)02d năm %(y)d") % {
            "place": issuer.place,
            "d": on.day,
            "m": on.month,
            "y": on.year,
        }
    return _("%(place)s, ngày     tháng     năm %(y)d") % {"place": issuer.place, "y": year}


def number_line(issuer: Issuer, kind_symbol: str) -> str:
    """The number and symbol, the number left for the registry to give at issue."""
    if issuer.party:
        return _("Số      -%(kind)s/%(symbol)s") % {"kind": kind_symbol, "symbol": issuer.symbol}
    return _("Số:      /%(kind)s-%(symbol)s") % {"kind": kind_symbol, "symbol": issuer.symbol}


def header(
    doc: Any, issuer: Issuer, *, year: int, on: date | None = None, kind: str = "BC"
) -> None:
    """The header block: issuer and number on the left; national title (State) or the
    Party's name on the right, with the place and date."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _cell_margins(table, 0)
    _widths(table, [HEADER_LEFT_MM, TEXT_WIDTH_MM - HEADER_LEFT_MM])
    left, right = table.rows[0].cells
    body = issuer.name.upper()
    if issuer.party:
        lines = [(issuer.superior.upper(), {"size": 14})] if issuer.superior else []
        lines += [(body, {"bold": True, "size": 14}), ("*", {"size": 14})]
        lines += [(number_line(issuer, kind), {"size": 14})]
        _centred(left, lines)
        _centred(
            right,
            [
                (_("ĐẢNG CỘNG SẢN VIỆT NAM"), {"bold": True, "underline": True, "size": 15}),
                ("", {}),
                (date_line(issuer, year, on), {"italic": True, "size": 14}),
            ],
        )
    else:
        lines = [(issuer.superior.upper(), {"size": 12})] if issuer.superior else []
        lines += [(body, {"bold": True, "size": 12}), ("―――――", {"size": 12})]
        lines += [(number_line(issuer, kind), {"size": 13})]
        _centred(left, lines)
        _centred(
            right,
            [
                (_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), {"bold": True, "size": 12}),
                (_("Độc lập - Tự do - Hạnh phúc"), {"bold": True, "size": 13}),
                ("――――――――――", {"size": 13}),
                (date_line(issuer, year, on), {"italic": True, "size": 14}),
            ],
        )
    paragraph(doc, "", after=0)


def title(doc: Any, kind_name: str, subject: str, *, lines: Sequence[str] = ()) -> None:
    """The document's kind ("BÁO CÁO") and its subject (trích yếu), centred and bold."""
    paragraph(doc, kind_name.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph(doc, subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    for line in lines:
        paragraph(doc, line, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph(doc, "―――――", align=WD_ALIGN_PARAGRAPH.CENTER)


def table(
    doc: Any,
    header_rows: Sequence[Sequence[str | None]],
    rows: Sequence[Sequence[Any]],
    widths_mm: Sequence[float],
    *,
    numeric_from: int | None = None,
) -> Any:
    """A bordered table with fixed column widths, its header rows repeated on each page.

    In a header row, None continues the cell to its left (merged across) and a cell equal
    to the one above it in the previous header row is merged down. Columns from
    ``numeric_from`` on are centred."""
    cols = len(widths_mm)
    assert round(sum(widths_mm)) <= TEXT_WIDTH_MM, widths_mm
    t = doc.add_table(rows=len(header_rows), cols=cols)
    t.style = "Table Grid"
    _cell_margins(t, CELL_PADDING_MM)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, texts in enumerate(header_rows):
        for c, text in enumerate(texts):
            if text is None:
                continue
            cell = t.cell(r, c)
            if r and header_rows[r - 1][c] == text:
                continue
            _set(cell, text, bold=True, centre=True)
    for r, texts in enumerate(header_rows):
        c = 0
        while c < cols:
            end = c
            while end + 1 < cols and texts[end + 1] is None:
                end += 1
            if end > c:
                t.cell(r, c).merge(t.cell(r, end))
            c = end + 1
        if r:
            for c, text in enumerate(texts):
                if text is not None and header_rows[r - 1][c] == text:
                    t.cell(r - 1, c).merge(t.cell(r, c))
    for values in rows:
        added = t.add_row()
        for c, (cell, value) in enumerate(zip(added.cells, values, strict=True)):
            centre = numeric_from is not None and c >= numeric_from
            _set(cell, "" if value is None else str(value), centre=centre)
    for i, row in enumerate(t.rows):
        props = row._tr.get_or_add_trPr()
        # A row stays on one page: a cell's text is never cut by a page break.
        props.append(OxmlElement("w:cantSplit"))
        if i < len(header_rows):
            props.append(OxmlElement("w:tblHeader"))
    _widths(t, widths_mm)
    paragraph(doc, "", after=0)
    return t


def _set(cell: Any, text: str, *, bold: bool = False, centre: bool = False) -> None:
    p = cell.paragraphs[0]
    p.text = ""
    p.paragraph_format.space_after = Pt(0)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(TABLE_SIZE)


def signer_lines(issuer: Issuer) -> list[str]:
    """Who signs for the body: on behalf of the collective (TM., T/M) and the head's title."""
    if issuer.party:
        return [_("T/M BAN THƯỜNG VỤ"), _("BÍ THƯ")]
    if issuer.kind == UnitKind.GOVERNMENT:
        return [_("TM. ỦY BAN NHÂN DÂN"), _("CHỦ TỊCH")]
    if issuer.name.startswith("Sở "):
        return [_("GIÁM ĐỐC")]
    return [_("THỦ TRƯỞNG CƠ QUAN")]


def closing(doc: Any, issuer: Issuer, recipients: Sequence[str]) -> None:
    """ "Nơi nhận" at the bottom left, the signature block at the bottom right."""
    paragraph(doc, "", after=0)
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _cell_margins(t, 0)
    _widths(t, [80, TEXT_WIDTH_MM - 80])
    left, right = t.rows[0].cells
    p = left.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(_("Nơi nhận:"))
    run.bold = True
    run.italic = not issuer.party
    run.underline = issuer.party
    run.font.size = Pt(12)
    for line in recipients:
        q = left.add_paragraph()
        q.paragraph_format.space_after = Pt(0)
        q.add_run(line).font.size = Pt(11)
    lines = [(text, {"bold": True, "size": 14}) for text in signer_lines(issuer)]
    lines += [
        ("", {}),
        ("", {}),
        ("", {}),
        (_("(Ký, ghi rõ họ tên)"), {"italic": True, "size": 13}),
    ]
    _centred(right, lines)


def recipients_for(issuer: Issuer) -> list[str]:
    """The "Nơi nhận" list of a report sent upward: the superior, then the archive."""
    lines = []
    if issuer.superior:
        lines.append(_("- %(superior)s (để báo cáo);") % {"superior": issuer.superior})
    if issuer.party:
        lines.append(_("- Lưu Văn phòng %(symbol)s.") % {"symbol": issuer.symbol})
    else:
        lines.append(_("- Lưu: VT."))
    return lines


def to_bytes(doc: Any) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
