"""``policy.holders``: who holds a role directly on a unit (whom the sweep reminds)."""

from __future__ import annotations

import pytest

from namro.access import policy
from namro.access.models import Role
from namro.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def test_holders_are_those_with_the_role_on_exactly_that_unit(personas):
    # Personas: reporter and viewer over the department, leader and tracker over the province.
    found = policy.holders([personas.department, personas.province], policy.REPORTERS)
    # Reporters and trackers: the tracker over the province counts there, not on the
    # department below it.
    assert found == {
        personas.department.pk: {personas.user("reporter").pk},
        personas.province.pk: {personas.user("tracker").pk},
    }
    leaders = policy.holders([personas.department.pk, personas.province.pk], policy.LEADERS)
    # The leader over the province holds nothing directly on the department below it.
    assert leaders == {personas.province.pk: {personas.user("leader").pk}}
    office = policy.holders([personas.province], policy.OFFICE)
    assert office == {personas.province.pk: {personas.user("tracker").pk}}


def test_holders_leave_out_inactive_accounts_and_units_nobody_holds(personas):
    gone = UserFactory(username="da_nghi", is_active=False)
    grant(gone, Role.REPORTER, personas.division)
    assert policy.holders([personas.division, personas.commune], policy.REPORTERS) == {}
    assert policy.holders([], policy.REPORTERS) == {}


def test_holders_ask_once_whatever_the_number_of_units(personas, django_assert_num_queries):
    units = [personas.department, personas.division, personas.commune, personas.outside]
    for unit in units:
        grant(UserFactory(), Role.REPORTER, unit)
    with django_assert_num_queries(1):
        found = policy.holders(units, policy.REPORTERS)
    assert set(found) == {u.pk for u in units}
    assert all(len(users) >= 1 for users in found.values())
