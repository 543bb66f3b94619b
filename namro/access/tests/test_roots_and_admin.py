"""The gate's helpers for the tree's tops and for the writes only administrators make."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from namro.access import policy
from namro.access.tests.personas import PERSONAS
from namro.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def test_root_units_are_the_tops_of_the_scopes_read_without_a_query(
    personas, django_assert_num_queries
):
    user = UserFactory()
    grant(user, "viewer", personas.department)
    grant(user, "reporter", personas.division)  # under the department: not a top
    grant(user, "leader", personas.outside)
    policy.scopes(user)
    with django_assert_num_queries(0):
        roots = policy.root_units(user)
    assert set(roots) == {personas.department, personas.outside}


def test_root_units_of_an_admin_are_the_top_of_the_tree(personas):
    assert set(policy.root_units(personas.user("admin"))) == {personas.province, personas.outside}
    assert list(policy.root_units(personas.user("norole"))) == []


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_system_and_administrators_pass_require_admin(personas, name):
    user = personas.user(name) or AnonymousUser()
    if name == "admin":
        policy.require_admin(user)
    else:
        with pytest.raises(PermissionDenied, match="quản trị viên"):
            policy.require_admin(user)
    policy.require_admin(None)
