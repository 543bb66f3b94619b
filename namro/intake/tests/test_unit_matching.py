"""Matching extracted unit names to known units."""

from namro.intake.core import match_units

UNITS = [
    (1, "Ủy ban nhân dân tỉnh", ()),
    (2, "Sở Kế hoạch và Đầu tư", ()),
    (3, "Sở Tài chính", ("STC",)),
    (4, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", ()),
]


def pairs(*names: str) -> list[tuple[int | None, float]]:
    return [(m.unit_id, m.confidence) for m in match_units(names, UNITS)]


def test_same_name_ignoring_case_diacritics_and_tone_placement():
    assert pairs("uỷ ban nhân dân TỈNH", "So Tai chinh") == [(1, 1.0), (3, 1.0)]


def test_abbreviations_stand_for_initials():
    assert pairs("UBND tỉnh", "Sở KH&ĐT", "Sở KHĐT", "Ủy ban MTTQ Việt Nam tỉnh") == [
        (1, 0.95),
        (2, 0.95),
        (2, 0.95),
        (4, 0.95),
    ]


def test_alias_matches():
    assert pairs("STC") == [(3, 1.0)]


def test_unmatched_names_are_returned_not_dropped():
    result = match_units(["Ban Quản lý dự án giao thông"], UNITS)
    assert len(result) == 1
    assert result[0].unit_id is None and result[0].confidence == 0.0


def test_near_name_gets_a_lower_confidence():
    [(unit, confidence)] = pairs("Sở Tài chính tỉnh")
    assert unit == 3 and 0.5 < confidence < 0.95
