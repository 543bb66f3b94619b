"""The demo's periodic reports for 2026-Q3 converted to PDF with LibreOffice, one per layout:
the Hà Nội Party Committee (Hướng dẫn 36-HD/VPTW) and the Hà Nội People's Committee (Decree
30/2020). A4 pages, Times New Roman as the body font, the header block, "Nơi nhận", and every
figure of the four-figure table equal to a count with ``status_of`` as of the cut-off."""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO

import docx
import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from docx.oxml.ns import qn
from pypdf import PdfReader

from namro.access.models import Role
from namro.demo import loader as demo
from namro.factories import UserFactory, grant
from namro.orgs.models import Unit
from namro.reports import periods
from namro.tasks import rules
from namro.tasks.models import Task
from namro.tasks.selectors import tasks_with_facts

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.slow]

END = periods.parse("2026-Q3").window()[1]
A4 = (595.3, 841.9)  # points
MARGINS = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
VN_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})*$")
VN_RATE = re.compile(r"^(\d{1,3}(,\d)%|—)$")


@pytest.fixture(autouse=True)
def vietnamese():
    """Official documents are checked in Vietnamese, whatever an earlier test left active."""
    with translation.override("vi"):
        yield


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        yield
        transaction.set_rollback(True)


def by_status_of(unit: Unit) -> dict[str, int]:
    """The four figures of ``unit``'s subtree, task by task with ``status_of`` as of END."""
    tasks = tasks_with_facts(Task.objects.filter(unit.subtree_q("lead_unit__")))
    found = Counter(rules.status_of(t.facts(), END) for t in tasks)
    return {
        "done_on_time": found[rules.Status.DONE_ON_TIME],
        "done_late": found[rules.Status.DONE_LATE],
        "in_progress": found[rules.Status.IN_PROGRESS],
        "overdue": found[rules.Status.OVERDUE],
    }


def _figure(text: str) -> int:
    assert VN_NUMBER.match(text), text
    return int(text.replace(".", ""))


def check_document(source: bytes, pdf: bytes, unit: Unit, header: list[str]) -> None:
    document = docx.Document(BytesIO(source))
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert normal.font.name == "Times New Roman"
    assert all(fonts.get(qn(a)) == "Times New Roman" for a in FONT_ATTRS)
    assert 13 <= normal.font.size.pt <= 14
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # Word keeps margins in twentieths of a point: 15 mm is stored as 14.99 mm.
    mm = {side: round(getattr(section, f"{side}_margin").mm, 1) for side in MARGINS}
    assert all(low <= mm[side] <= high for side, (low, high) in MARGINS.items()), mm

    head = "\n".join(c.text for c in document.tables[0].rows[0].cells)
    for line in header:
        assert line in head, line
    closing = "\n".join(c.text for c in document.tables[-1].rows[0].cells)
    assert "Nơi nhận:" in closing

    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "STT" and "Đã hoàn thành" in t.rows[0].cells[3].text]  # fmt: skip
    rows = table.rows[2:]
    names = {u.name: u for u in [unit, *Unit.objects.filter(parent=unit)]}
    assert len(rows) == len(names)
    for row in rows:
        cells = [c.text for c in row.cells]
        expected = by_status_of(names[cells[1]])
        figures = [_figure(t) for t in cells[2:7]]
        assert figures == [
            sum(expected.values()),
            expected["done_on_time"],
            expected["done_late"],
            expected["in_progress"],
            expected["overdue"],
        ], cells[1]
        assert VN_RATE.match(cells[7]), cells[7]
    top = by_status_of(unit)
    assert sum(top.values()) > 0 and top["overdue"] > 0

    reader = PdfReader(BytesIO(pdf))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == A4
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for line in [*header, "Nơi nhận:", "KẾT QUẢ ĐẠT ĐƯỢC", "HẠN CHẾ, NGUYÊN NHÂN"]:
        assert " ".join(line.split()) in text, line
    rate = re.search(r"Tỷ lệ hoàn thành đúng hạn (\d{1,3},\d%)", text)
    assert rate, "the on-time rate is written with a decimal comma"


def test_party_committee_report_in_the_party_layout(loaded, soffice, tmp_path):
    hanoi = Unit.objects.get(name="Thành ủy Hà Nội")
    target = tmp_path / "bao-cao-thanh-uy.docx"
    call_command(
        "report", "periodic", "--unit", str(hanoi.pk), "--period", "2026-Q3",
        "-o", str(target), "--pdf",
    )  # fmt: skip
    header = [
        "BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG",
        "THÀNH ỦY HÀ NỘI",
        "Số      -BC/TU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hà Nội, ngày",
    ]
    check_document(target.read_bytes(), target.with_suffix(".pdf").read_bytes(), hanoi, header)


def test_peoples_committee_report_in_the_decree_30_layout(loaded, soffice, client):
    city = Unit.objects.get(name="UBND thành phố Hà Nội")
    office = UserFactory(username="van-phong-ubnd")
    grant(office, Role.TRACKER, city)
    client.force_login(office)
    params = {"unit": city.pk, "period": "2026-Q3"}
    source = client.get("/bao-cao/dinh-ky.docx", params)
    pdf = client.get("/bao-cao/dinh-ky.pdf", params)
    assert source.status_code == 200 and pdf.status_code == 200, pdf.content[:200]
    assert pdf["Content-Type"] == "application/pdf"
    header = [
        "THÀNH ỦY HÀ NỘI",
        "UBND THÀNH PHỐ HÀ NỘI",
        "Số:      /BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày",
    ]
    check_document(source.content, pdf.content, city, header)
    closing = docx.Document(BytesIO(source.content)).tables[-1].rows[0].cells[1].text
    assert "TM. ỦY BAN NHÂN DÂN" in closing
