"""Matching extracted names to the units and people a user may see."""

from __future__ import annotations

import itertools
import time
from datetime import date

from namro.factories import PersonFactory, UnitFactory
from namro.intake.core import extract
from namro.intake.selectors import UnitPool, extraction_matches, match_people, unit_pool
from namro.orgs.services import unit_dissolve


def match_one(user, name):
    return unit_pool(user).match([name])[name]


def test_short_names_and_aliases_match(personas):
    finance = UnitFactory(name="Sở Tài chính", parent=personas.province, aliases=["STC"])
    user = personas.user("tracker")
    assert match_one(user, "STC").unit_id == finance.pk
    assert match_one(user, "Sở KH&ĐT").unit_id == personas.department.pk
    assert match_one(user, "sở kế hoạch và đầu tư").confidence == 1.0


def test_a_merged_unit_reads_as_its_successor_with_a_note(personas):
    old = UnitFactory(name="Sở Thông tin và Truyền thông", parent=personas.province)
    new = UnitFactory(name="Sở Khoa học và Công nghệ", parent=personas.province)
    unit_dissolve(actor=None, unit=old, on=date(2025, 3, 1), successors=[new])
    found = match_one(personas.user("tracker"), "Sở Thông tin và Truyền thông")
    assert found.unit_id == new.pk and found.unit_name == "Sở Khoa học và Công nghệ"
    assert "Sở Thông tin và Truyền thông" in found.note and "01/03/2025" in found.note
    assert found.matched_name == "Sở Thông tin và Truyền thông"


def test_a_successor_out_of_scope_is_not_offered(personas):
    old = UnitFactory(name="Sở Ngoại vụ", parent=personas.province)
    unit_dissolve(actor=None, unit=old, on=date(2025, 3, 1), successors=[personas.outside])
    found = match_one(personas.user("tracker"), "Sở Ngoại vụ")
    assert found.unit_id == old.pk and "đã giải thể" in found.note


def test_unmatched_and_out_of_scope_names_stay_unmatched(personas):
    user = personas.user("reporter")  # over the department only (and its ancestors)
    assert match_one(user, "Sở Tài chính Bên ngoài").unit_id is None
    assert match_one(user, "Bộ Chính trị").unit_id is None
    assert match_one(user, "Đảng ủy xã Thử nghiệm").unit_id is None
    assert match_one(personas.user("admin"), "Đảng ủy xã Thử nghiệm").unit_id == (
        personas.commune.pk
    )


def test_people_match_by_folded_name_and_namesakes_are_not_guessed(personas):
    user = personas.user("tracker")
    found = match_people(user, ["NGUYỄN VĂN TRONG", "Trần Thị Ngoài", "Lê Văn Chưa"])
    assert found["NGUYỄN VĂN TRONG"].person_id == personas.person.pk
    assert found["Trần Thị Ngoài"].person_id is None  # out of scope
    assert found["Lê Văn Chưa"].person_id is None and found["Lê Văn Chưa"].note
    twin = PersonFactory(full_name="Nguyễn Văn Trong")
    from namro.orgs.services import position_create

    position_create(actor=None, person=twin, title="Phó Giám đốc", unit=personas.department)
    again = match_people(user, ["Nguyễn Văn Trong"])["Nguyễn Văn Trong"]
    assert again.person_id is None and "2" in again.note


def test_every_name_of_an_extraction_is_listed_once(personas):
    text = (
        "Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Xây dựng rà soát trụ sở. "
        "Giao Sở Kế hoạch và Đầu tư báo cáo UBND tỉnh trước ngày 30/6/2030."
    )
    matches = extraction_matches(personas.user("tracker"), extract(text))
    names = [m.name for m in matches.units.values()]
    assert names.count("Sở Kế hoạch và Đầu tư") == 1
    assert "Sở Xây dựng" in names and matches.units["Sở Xây dựng"].unit_id is None


def test_a_national_sized_tree_is_matched_quickly():
    syllables = ["An", "Bình", "Cát", "Đông", "Hòa", "Lạc", "Minh", "Phú", "Tân", "Vĩnh"]
    candidates = {
        i: [
            f"Ủy ban nhân dân xã {syllables[i // 100 % 10]} {syllables[i // 10 % 10]} "
            f"{syllables[i % 10]}",
            f"UBND xã {syllables[i // 100 % 10]} {syllables[i // 10 % 10]} {syllables[i % 10]}",
        ]
        for i in range(1000)
    }
    candidates |= {
        5000 + i: [f"Sở {s} {t}"] for i, (s, t) in enumerate(itertools.pairwise(syllables))
    }
    candidates[9000] = ["Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"]
    pool = UnitPool({k: v[0] for k, v in candidates.items()}, candidates, {}, {})
    names = ["UBND xã An Bình Cát", "Sở KH&ĐT", "Trung ương", "Ban Thường vụ Thành ủy", "UBND tỉnh"]
    started = time.perf_counter()
    found = pool.match(names * 4)
    assert time.perf_counter() - started < 2.0
    assert found["UBND xã An Bình Cát"].unit_id == 12
    assert found["Sở KH&ĐT"].unit_id == 9000
    assert found["Trung ương"].unit_id is None
