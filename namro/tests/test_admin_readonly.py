"""No write escapes the services through the admin.

Every model namro's services write is shown read-only in the admin (no add, change or delete,
even for a superuser), so each change is validated and audited. A model the admin may edit
must be declared below with the reason it belongs to no service.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

# label -> why the admin may write it.
NOT_SERVICE_OWNED: dict[str, str] = {
    "workdays.CalendarDay": (
        "The holiday calendar is the admin's to keep: the Government decides each year's days "
        "off and swaps. `namro holidays load` writes the law's days and never overwrites a "
        "day the admin edited; the admin's changes are audited (workdays/admin.py)."
    ),
    "access.PasswordState": (
        "Never added or edited in the admin; a superuser may delete it so that deleting a user "
        "there (Django's user admin, audited) takes the user's password state along."
    ),
    "access.RecoveryCode": (
        "The same: deleted only along with its user, or to void a code; the deletion is audited "
        "like every admin change."
    ),
    "access.SealedTOTPDevice": (
        "Enrolled by its owner only; a superuser may delete one (a lost phone: the owner enrols "
        "again at the next sign-in), or it goes with its user; the deletion is audited like "
        "every admin change, and the admin never shows the sealed secret."
    ),
}


def _namro_models() -> list[type]:
    return [
        m
        for config in apps.get_app_configs()
        if config.name.startswith("namro.")
        for m in config.get_models()
    ]


def test_the_list_covers_the_service_owned_models():
    labels = {m._meta.label for m in _namro_models()}
    for label in [
        "documents.Document",
        "documents.Goal",
        "documents.Indicator",
        "documents.Measurement",
        "orgs.Person",
        "orgs.Position",
        "orgs.Unit",
        "access.RoleAssignment",
        "tasks.Task",
    ]:
        assert label in labels
    assert set(NOT_SERVICE_OWNED) <= labels, "a declared model no longer exists"


@pytest.mark.django_db
def test_every_namro_model_is_read_only_in_the_admin(django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    writable = []
    for model in _namro_models():
        label = model._meta.label
        model_admin = admin.site._registry.get(model)
        if model_admin is None or label in NOT_SERVICE_OWNED:
            continue  # not in the admin at all, or declared above
        allowed = [
            name
            for name, may in [
                ("add", model_admin.has_add_permission(request)),
                ("change", model_admin.has_change_permission(request)),
                ("delete", model_admin.has_delete_permission(request)),
            ]
            if may
        ]
        for inline in model_admin.get_inline_instances(request):
            if inline.has_add_permission(request, None) or inline.has_change_permission(request):
                allowed.append(f"inline {inline.model._meta.label}")
            if inline.can_delete and inline.has_delete_permission(request):
                allowed.append(f"inline delete {inline.model._meta.label}")
        if allowed:
            writable.append(f"{label}: {', '.join(allowed)}")
    assert not writable, (
        "the admin may write these service-owned models (use core.admin.ReadOnlyAdmin, or "
        "declare the model in NOT_SERVICE_OWNED with a reason):\n" + "\n".join(writable)
    )


@pytest.mark.django_db
def test_the_admin_refuses_a_post(client, django_user_model):
    from namro.factories import UnitFactory

    superuser = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    client.force_login(superuser)
    unit = UnitFactory()
    response = client.post(f"/admin/orgs/unit/{unit.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert apps.get_model("orgs", "Unit").objects.filter(pk=unit.pk).exists()
