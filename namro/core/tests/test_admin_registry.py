"""The admin lists every model of namro, and each admin list page opens."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse


def namro_models():
    return [m for m in apps.get_models() if m.__module__.startswith("namro.")]


def test_every_namro_model_is_in_the_admin():
    missing = [m._meta.label for m in namro_models() if m not in admin.site._registry]
    assert missing == []


@pytest.mark.django_db
def test_every_admin_list_page_opens_for_a_superuser(admin_client):
    for model in namro_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = admin_client.get(url)
        assert response.status_code == 200, (model._meta.label, response.status_code)
