"""A small copy of the seed article's world for the oversight tests: the central bodies, the
working delegation, Hà Nội with its standing committee, office, a department and two
communes, the three officials the article names, the resolution and Hà Nội's programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from namro.access.models import Role
from namro.documents.models import Document, DocumentKind
from namro.documents.services import document_create
from namro.factories import UserFactory, grant
from namro.orgs.models import Person, Unit, UnitKind, UnitLevel
from namro.orgs.services import person_create, position_create, unit_create
from namro.oversight.services import MemberInput

VISIT_DAY = date(2023, 4, 12)


@dataclass
class World:
    central: Unit
    politburo: Unit
    organisation: Unit
    steering: Unit
    delegation: Unit
    hanoi: Unit
    standing: Unit
    office: Unit
    department: Unit
    communes: list[Unit]
    outside: Unit
    mai: Person
    dung: Person
    tuyen: Person
    secretary: Person
    resolution: Document
    programme: Document
    users: dict[str, Any]

    def members(self) -> list[MemberInput]:
        return [
            MemberInput(
                person=self.mai,
                role="head",
                position_title="Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, "
                "Trưởng Ban Tổ chức Trung ương",
            ),
            MemberInput(person=self.secretary),
        ]


def _unit(name: str, kind: str, level: str, parent: Unit | None) -> Unit:
    return unit_create(actor=None, name=name, kind=kind, level=level, parent=parent)


def build_world() -> World:
    central = _unit(
        "Ban Chấp hành Trung ương Đảng", UnitKind.PARTY_COMMITTEE, UnitLevel.CENTRAL, None
    )
    politburo = _unit("Bộ Chính trị", UnitKind.STANDING_COMMITTEE, UnitLevel.CENTRAL, central)
    organisation = _unit("Ban Tổ chức Trung ương", UnitKind.DEPARTMENT, UnitLevel.CENTRAL, central)
    steering = _unit(
        "Ban Chỉ đạo Đề án Trung ương 6", UnitKind.STEERING_COMMITTEE, UnitLevel.CENTRAL, central
    )
    delegation = _unit(
        "Đoàn công tác số 1 của Ban Chỉ đạo Đề án Trung ương 6",
        UnitKind.DELEGATION,
        UnitLevel.CENTRAL,
        steering,
    )
    hanoi = _unit("Thành ủy Hà Nội", UnitKind.PARTY_COMMITTEE, UnitLevel.PROVINCE, central)
    standing = _unit(
        "Ban Thường vụ Thành ủy Hà Nội", UnitKind.STANDING_COMMITTEE, UnitLevel.PROVINCE, hanoi
    )
    office = _unit("Văn phòng Thành ủy Hà Nội", UnitKind.DEPARTMENT, UnitLevel.PROVINCE, hanoi)
    department = _unit("Sở Nội vụ Hà Nội", UnitKind.DEPARTMENT, UnitLevel.PROVINCE, hanoi)
    communes = [
        _unit(f"Đảng ủy phường Mẫu {i}", UnitKind.PARTY_COMMITTEE, UnitLevel.COMMUNE, hanoi)
        for i in (1, 2)
    ]
    outside = _unit("Tỉnh ủy Bên ngoài", UnitKind.PARTY_COMMITTEE, UnitLevel.PROVINCE, central)

    mai = person_create(actor=None, full_name="Trương Thị Mai")
    for title, unit in [
        ("Ủy viên Bộ Chính trị", politburo),
        ("Bí thư Trung ương Đảng", central),
        ("Trưởng Ban Tổ chức Trung ương", organisation),
    ]:
        position_create(actor=None, person=mai, title=title, unit=unit)
    dung = person_create(actor=None, full_name="Đinh Tiến Dũng")
    position_create(actor=None, person=dung, title="Bí thư Thành ủy Hà Nội", unit=hanoi)
    tuyen = person_create(actor=None, full_name="Nguyễn Thị Tuyến")
    position_create(
        actor=None, person=tuyen, title="Phó Bí thư Thường trực Thành ủy Hà Nội", unit=hanoi
    )
    secretary = person_create(actor=None, full_name="Lê Văn Thư Ký", is_sample=True)
    position_create(actor=None, person=secretary, title="Chuyên viên", unit=delegation)

    resolution = document_create(
        actor=None,
        kind=DocumentKind.RESOLUTION,
        title="Nghị quyết Trung ương 5 khóa X về tiếp tục đổi mới phương thức lãnh đạo của Đảng",
        issuer=central,
        issued_on=date(2007, 8, 1),
    )
    programme = document_create(
        actor=None,
        kind=DocumentKind.ACTION_PROGRAM,
        number="99-CTr/TU",
        title="Chương trình hành động thực hiện Nghị quyết Trung ương 5 khóa X (mẫu)",
        issuer=hanoi,
        issued_on=date(2022, 1, 10),
        implements=[resolution],
        is_sample=True,
    )
    users = {
        "central": UserFactory(username="w_central"),
        "city": UserFactory(username="w_city"),
        "colleague": UserFactory(username="w_colleague"),
        "outsider": UserFactory(username="w_outsider"),
    }
    grant(users["central"], Role.TRACKER, central)
    grant(users["city"], Role.TRACKER, hanoi)
    grant(users["colleague"], Role.VIEWER, hanoi)
    grant(users["outsider"], Role.TRACKER, outside)
    return World(
        central=central,
        politburo=politburo,
        organisation=organisation,
        steering=steering,
        delegation=delegation,
        hanoi=hanoi,
        standing=standing,
        office=office,
        department=department,
        communes=communes,
        outside=outside,
        mai=mai,
        dung=dung,
        tuyen=tuyen,
        secretary=secretary,
        resolution=resolution,
        programme=programme,
        users=users,
    )
