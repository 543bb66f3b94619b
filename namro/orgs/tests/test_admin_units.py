"""Loading a province's communes from the official list."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from namro.orgs.models import Unit, UnitLevel

pytestmark = pytest.mark.django_db


def test_load_admin_creates_every_commune_of_hanoi_once():
    call_command("units", "load-admin", "--province", "Hà Nội")
    communes = Unit.objects.filter(level=UnitLevel.COMMUNE)
    assert communes.count() == 126
    parent = Unit.objects.get(name="Thành ủy Hà Nội")
    assert set(communes.values_list("parent", flat=True)) == {parent.pk}
    assert communes.filter(name="Đảng ủy phường Ba Đình").exists()
    call_command("units", "load-admin", "--province", "ha noi")
    assert Unit.objects.filter(level=UnitLevel.COMMUNE).count() == 126


def test_load_admin_names_an_unknown_province():
    with pytest.raises(CommandError, match="Không tìm thấy tỉnh"):
        call_command("units", "load-admin", "--province", "Atlantis")
    assert not Unit.objects.exists()
