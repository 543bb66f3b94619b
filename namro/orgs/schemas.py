"""Input and output schemas of the organisation API."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from namro.api_support import Id, Text200, page_of

from .models import UnitKind, UnitLevel


class UnitRef(Schema):
    id: int
    name: str


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    level: str
    code: str
    parent_id: int | None
    depth: int
    valid_from: date | None
    valid_until: date | None


class UnitDetailOut(UnitOut):
    aliases: list[str] = Field(..., alias="alias_list")
    ancestors: list[UnitRef]
    successors: list[UnitRef]


class UnitNode(Schema):
    id: int
    name: str
    kind: str
    level: str
    children: list[UnitNode] = []


UnitNode.model_rebuild()


class UnitFilterIn(Schema):
    q: Text200 | None = Field(None, description="Tìm theo tên, không phân biệt dấu.")
    parent: Id | None = Field(None, description="Chỉ các đơn vị trực thuộc trực tiếp đơn vị này.")
    level: UnitLevel | None = None
    kind: UnitKind | None = None


class TreeIn(Schema):
    root: Id | None = Field(None, description="Gốc cây; mặc định là các đơn vị gốc trong phạm vi.")
    depth: int = Field(2, ge=0, le=4, description="Số cấp dưới gốc cần trả về.")


class PositionOut(Schema):
    id: int
    person_id: int
    title: str
    unit: UnitRef | None
    since: date | None
    until: date | None
    is_head: bool


class PersonOut(Schema):
    id: int
    full_name: str
    email: str
    phone: str
    is_sample: bool
    positions: list[PositionOut]


class PeopleFilterIn(Schema):
    q: Text200 | None = Field(None, description="Tìm theo họ tên, không phân biệt dấu.")
    unit: Id | None = Field(None, description="Người giữ chức vụ trong đơn vị này và cấp dưới.")


class PositionFilterIn(Schema):
    unit: Id | None = Field(None, description="Chức vụ trong đơn vị này và cấp dưới.")
    person: Id | None = None


UnitPage = page_of(UnitOut, "UnitPage")
PersonPage = page_of(PersonOut, "PersonPage")
PositionPage = page_of(PositionOut, "PositionPage")
