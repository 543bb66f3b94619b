"""Loading the official list of provinces and communes (post-2025) into the unit tree.

The list comes from the ``vietnamadminunits`` package (MIT): 34 provinces, 3,321 communes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from vietnamadminunits.database.main import query

from namro.core.actors import Actor
from namro.core.text import fold

from .models import Unit, UnitKind, UnitLevel
from .services import unit_create

PREFIX = {UnitKind.PARTY_COMMITTEE: "Đảng ủy", UnitKind.GOVERNMENT: "UBND"}


@dataclass(frozen=True)
class Commune:
    code: str
    name: str  # "Phường Ba Đình"
    short: str  # "Ba Đình"
    kind_word: str  # "Phường", "Xã", "Đặc khu"


def provinces() -> list[dict[str, str]]:
    return query(
        "SELECT DISTINCT province, provinceShort, provinceCode FROM admin_units ORDER BY provinceCode"
    )


def find_province(name: str) -> dict[str, str]:
    wanted = fold(name)
    for row in provinces():
        if wanted in {fold(row["province"]), fold(row["provinceShort"]), row["provinceCode"]}:
            return row
    raise ValidationError(
        _("Không tìm thấy tỉnh, thành phố «%(name)s» trong danh mục hành chính.") % {"name": name}
    )


def communes_of(province_code: str) -> list[Commune]:
    if not province_code.isdigit():
        raise ValidationError(_("Mã tỉnh không hợp lệ."))
    rows = query(
        "SELECT ward, wardShort, wardType, wardCode FROM admin_units "
        f"WHERE provinceCode = '{province_code}' ORDER BY wardCode"
    )
    return [Commune(r["wardCode"], r["ward"], r["wardShort"], r["wardType"]) for r in rows]


def unit_code(kind: str, commune_code: str) -> str:
    return f"vn-{kind}-{commune_code}"


@transaction.atomic
def load_communes(
    *, actor: Actor, province: str, parent: Unit | None = None, kind: str = UnitKind.PARTY_COMMITTEE
) -> tuple[Unit, int, int]:
    """Create a unit per commune of ``province`` under ``parent`` (created when not given).

    Communes already loaded (by code) are left as they are, so loading twice adds nothing.
    Returns the parent, the number created and the number already present.
    """
    if kind not in PREFIX:
        raise ValidationError(_("Chỉ nạp được cấp ủy hoặc UBND cấp xã."))
    row = find_province(province)
    prefix = PREFIX[UnitKind(kind)]
    if parent is None:
        code = f"vn-{kind}-p{row['provinceCode']}"
        parent = Unit.objects.filter(code=code).first()
        if parent is None:
            title = "Thành ủy" if row["province"].startswith("Thành phố") else "Tỉnh ủy"
            name = (
                f"{title} {row['provinceShort']}"
                if kind == UnitKind.PARTY_COMMITTEE
                else f"UBND {row['province'].replace('Thành phố', 'thành phố').replace('Tỉnh', 'tỉnh')}"
            )
            parent = unit_create(
                actor=actor, name=name, kind=kind, level=UnitLevel.PROVINCE, code=code
            )
    existing = set(
        Unit.objects.filter(code__startswith=f"vn-{kind}-").values_list("code", flat=True)
    )
    created = present = 0
    for commune in communes_of(row["provinceCode"]):
        code = unit_code(kind, commune.code)
        if code in existing:
            present += 1
            continue
        unit_create(
            actor=actor,
            name=f"{prefix} {commune.kind_word.lower()} {commune.short}",
            short_name=commune.short,
            aliases=[commune.name, f"{prefix} {commune.name}"],
            kind=kind,
            level=UnitLevel.COMMUNE,
            parent=parent,
            code=code,
        )
        created += 1
    return parent, created, present
