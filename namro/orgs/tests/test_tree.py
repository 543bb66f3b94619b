"""The unit tree: materialised paths, subtree queries, moves and refused cycles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from namro.audit.models import AuditEvent
from namro.factories import UnitFactory
from namro.orgs.models import Unit, UnitKind, UnitLevel
from namro.orgs.services import unit_create, unit_move

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    province = UnitFactory(name="Tỉnh ủy Tân Hà", kind=UnitKind.PARTY_COMMITTEE)
    department = UnitFactory(name="Sở Nội vụ", parent=province)
    office = UnitFactory(name="Văn phòng Sở Nội vụ", parent=department)
    commune = UnitFactory(name="Đảng ủy xã Bình An", parent=province, level=UnitLevel.COMMUNE)
    other = UnitFactory(name="Tỉnh ủy Đông Lĩnh", kind=UnitKind.PARTY_COMMITTEE)
    return {
        "province": province,
        "department": department,
        "office": office,
        "commune": commune,
        "other": other,
    }


def test_subtree_holds_the_unit_and_all_below_it(tree):
    names = set(Unit.objects.subtree(tree["province"]).values_list("name", flat=True))
    assert names == {"Tỉnh ủy Tân Hà", "Sở Nội vụ", "Văn phòng Sở Nội vụ", "Đảng ủy xã Bình An"}


def test_subtree_is_one_query_whatever_the_depth(tree):
    with CaptureQueriesContext(connection) as ctx:
        list(Unit.objects.subtree(tree["province"]))
    assert len(ctx.captured_queries) == 1


def test_subtree_query_uses_the_path_index(tree):
    qs = Unit.objects.subtree(tree["province"]).values("pk")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Index" in plan and "path" in plan, plan


def test_ancestors_are_listed_from_the_root(tree):
    names = list(Unit.objects.ancestors_of(tree["office"]).values_list("name", flat=True))
    assert names == ["Tỉnh ủy Tân Hà", "Sở Nội vụ"]


def test_moving_a_unit_carries_its_subtree(tree):
    unit_move(actor=None, unit=tree["department"], new_parent=tree["other"])
    office = Unit.objects.get(pk=tree["office"].pk)
    other = Unit.objects.get(pk=tree["other"].pk)
    assert office.path.startswith(other.path)
    assert office.depth == 3
    assert set(Unit.objects.subtree(other).values_list("name", flat=True)) == {
        "Tỉnh ủy Đông Lĩnh",
        "Sở Nội vụ",
        "Văn phòng Sở Nội vụ",
    }
    assert not Unit.objects.subtree(tree["province"]).filter(pk=office.pk).exists()


def test_moving_a_unit_under_its_descendant_is_refused_and_changes_nothing(tree):
    before = dict(Unit.objects.values_list("pk", "path"))
    with pytest.raises(ValidationError, match="không thể trực thuộc chính nó"):
        unit_move(actor=None, unit=tree["province"], new_parent=tree["office"])
    assert dict(Unit.objects.values_list("pk", "path")) == before


def test_moving_a_unit_under_itself_is_refused(tree):
    with pytest.raises(ValidationError):
        unit_move(actor=None, unit=tree["department"], new_parent=tree["department"])


def test_paths_stay_unique_and_consistent_after_many_moves(tree):
    unit_move(actor=None, unit=tree["commune"], new_parent=tree["department"])
    unit_move(actor=None, unit=tree["department"], new_parent=tree["other"])
    unit_move(actor=None, unit=tree["department"], new_parent=tree["province"])
    for unit in Unit.objects.select_related("parent"):
        if unit.parent is None:
            assert unit.depth == 1
        else:
            assert unit.path.startswith(unit.parent.path)
            assert unit.depth == unit.parent.depth + 1


def test_a_unit_without_name_is_refused_and_not_written():
    count = Unit.objects.count()
    with pytest.raises(ValidationError) as exc:
        unit_create(actor=None, name="  ", kind=UnitKind.DEPARTMENT, level=UnitLevel.PROVINCE)
    assert "name" in exc.value.message_dict
    assert Unit.objects.count() == count


def test_creating_and_moving_units_is_audited(tree):
    unit_move(actor=None, unit=tree["commune"], new_parent=tree["other"])
    actions = list(
        AuditEvent.objects.filter(object_id=str(tree["commune"].pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["unit.create", "unit.move"]


def test_search_ignores_diacritics_and_case(tree):
    found = set(Unit.objects.search("so noi vu").values_list("name", flat=True))
    assert found == {"Sở Nội vụ", "Văn phòng Sở Nội vụ"}
    assert Unit.objects.search("BINH AN").count() == 1
