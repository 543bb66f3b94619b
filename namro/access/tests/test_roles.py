"""Granting and revoking roles: only administrators, never twice, always audited, all or
nothing, and the new scope takes effect at once."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from namro.access import policy
from namro.access.models import Role, RoleAssignment
from namro.access.services import role_grant, role_revoke
from namro.audit.models import AuditEvent
from namro.audit.services import verify_chain
from namro.factories import UserFactory

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_an_administrator_grants_a_role_and_it_is_audited(personas):
    admin, user = personas.user("admin"), UserFactory()
    assignment = role_grant(actor=admin, user=user, role=Role.TRACKER, unit=personas.commune)
    assert assignment.role == Role.TRACKER and assignment.unit == personas.commune
    [event] = _events("role.grant")
    assert event.actor == admin
    assert event.object_type == "access.roleassignment"
    assert event.after == {"user_id": user.pk, "role": "tracker", "unit_id": personas.commune.pk}
    assert verify_chain().ok


def test_a_grant_takes_effect_on_the_cached_scopes(personas):
    user = UserFactory()
    assert not policy.allows(user, policy.Action.PERIOD_CLOSE, personas.commune)
    role_grant(actor=None, user=user, role="tracker", unit=personas.commune)
    assert policy.allows(user, policy.Action.PERIOD_CLOSE, personas.commune)


@pytest.mark.parametrize("name", ["leader", "tracker", "reporter", "viewer", "norole"])
def test_anyone_but_an_administrator_is_refused(personas, name):
    with pytest.raises(PermissionDenied, match="quản trị viên"):
        role_grant(
            actor=personas.user(name),
            user=personas.user("norole"),
            role=Role.VIEWER,
            unit=personas.department,
        )
    assignment = RoleAssignment.objects.get(user=personas.user("viewer"))
    with pytest.raises(PermissionDenied):
        role_revoke(actor=personas.user(name), assignment=assignment)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not AuditEvent.objects.filter(object_type="access.roleassignment").exists()


def test_a_duplicate_grant_is_refused_in_vietnamese(personas):
    user = personas.user("viewer")
    with pytest.raises(ValidationError, match="đã giữ vai trò"):
        role_grant(actor=None, user=user, role=Role.VIEWER, unit=personas.department)
    assert RoleAssignment.objects.filter(user=user).count() == 1
    assert not _events("role.grant")


def test_an_unknown_role_is_refused(personas):
    with pytest.raises(ValidationError):
        role_grant(actor=None, user=UserFactory(), role="owner", unit=personas.department)


def test_revoking_audits_what_was_held_and_drops_the_scope(personas):
    admin, viewer = personas.user("admin"), personas.user("viewer")
    assignment = RoleAssignment.objects.get(user=viewer)
    assert policy.scopes(assignment.user)  # read and cached on the assignment's user
    role_revoke(actor=admin, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    [event] = _events("role.revoke")
    assert event.before == {
        "user_id": viewer.pk,
        "role": "viewer",
        "unit_id": personas.department.pk,
    }
    assert event.object_id == str(assignment.pk)
    assert policy.scopes(assignment.user) == []
    with pytest.raises(ValidationError):
        role_revoke(actor=admin, assignment=assignment)


def test_nothing_is_half_written_when_the_audit_fails(personas):
    user = UserFactory()
    with (
        mock.patch("namro.access.services.record", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        role_grant(actor=None, user=user, role=Role.VIEWER, unit=personas.department)
    assert not RoleAssignment.objects.filter(user=user).exists()

    assignment = RoleAssignment.objects.get(user=personas.user("viewer"))
    with (
        mock.patch("namro.access.services.record", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        role_revoke(actor=None, assignment=assignment)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_the_role_command_grants_lists_and_revokes(personas, capsys):
    UserFactory(username="moi")
    call_command("role", "grant", "moi", "leader", str(personas.commune.pk))
    assignment = RoleAssignment.objects.get(user__username="moi")
    call_command("role", "list", "moi")
    out = capsys.readouterr().out
    assert f"#{assignment.pk}" in out and "leader" in out
    with pytest.raises(CommandError, match="đã giữ vai trò"):
        call_command("role", "grant", "moi", "leader", str(personas.commune.pk))
    with pytest.raises(CommandError, match="không có"):
        call_command("role", "grant", "moi", "owner", str(personas.commune.pk))
    call_command("role", "revoke", str(assignment.pk))
    assert not RoleAssignment.objects.filter(user__username="moi").exists()
    assert [
        e.action
        for e in AuditEvent.objects.filter(
            object_type="access.roleassignment", object_id=str(assignment.pk)
        ).order_by("id")
    ] == [
        "role.grant",
        "role.revoke",
    ]
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("role", "revoke", str(assignment.pk))
