"""The audit chain: every write appends a linked event; tampering is found and named."""

from __future__ import annotations

import itertools

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from namro.audit.models import AuditEvent
from namro.audit.services import verify_chain
from namro.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    for i in range(4):
        UnitFactory(name=f"Sở thứ {i}")
    return list(AuditEvent.objects.order_by("id"))


def test_each_event_links_to_the_one_before(events):
    for previous, event in itertools.pairwise(events):
        assert event.prev_hash == previous.hash
    assert verify_chain().ok
    assert verify_chain().checked == 4


def test_verify_command_reports_an_intact_chain(events, capsys):
    call_command("audit", "verify")
    assert "4 sự kiện" in capsys.readouterr().out


def test_changing_a_row_in_the_database_breaks_the_chain_at_that_event(events):
    target = events[2]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET object_repr = %s WHERE id = %s",
            ["giả mạo", target.id],
        )
    result = verify_chain()
    assert not result.ok and result.broken_id == target.id
    with pytest.raises(CommandError, match=f"#{target.id}"):
        call_command("audit", "verify")


def test_deleting_a_row_breaks_the_chain(events):
    AuditEvent.objects.filter(id=events[1].id).delete()
    result = verify_chain()
    assert not result.ok and result.broken_id == events[2].id


def test_deleting_the_last_rows_is_noticed(events):
    AuditEvent.objects.filter(id=events[-1].id).delete()
    assert not verify_chain().ok


def test_the_admin_can_neither_change_nor_delete_events(events):
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, events[0])
    assert not model_admin.has_delete_permission(request, events[0])
