"""The policy answers who sees what and who may change what, by role and subtree."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from namro.access import policy
from namro.access.policy import Action
from namro.access.tests.personas import PERSONAS
from namro.factories import TaskFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

SEES_IN_SCOPE = {"admin", "leader", "tracker", "reporter", "viewer"}


def _user(personas, name):
    return personas.user(name) or AnonymousUser()


@pytest.mark.parametrize("name", PERSONAS)
def test_each_persona_sees_the_task_in_scope_and_only_admin_the_one_outside(personas, name):
    user = _user(personas, name)
    visible = set(policy.visible_tasks(user).values_list("pk", flat=True))
    assert (personas.task.pk in visible) == (name in SEES_IN_SCOPE)
    assert (personas.outside_task.pk in visible) == (name == "admin")


@pytest.mark.parametrize("name", PERSONAS)
def test_documents_people_and_positions_follow_the_same_scope(personas, name):
    user = _user(personas, name)
    docs = set(policy.visible_documents(user).values_list("pk", flat=True))
    people = set(policy.visible_people(user).values_list("pk", flat=True))
    positions = set(policy.visible_positions(user).values_list("person_id", flat=True))
    expected_in = name in SEES_IN_SCOPE
    assert (personas.document.pk in docs) == expected_in
    assert (personas.person.pk in people) == expected_in
    assert (personas.person.pk in positions) == expected_in
    outside = name == "admin"
    assert (personas.outside_document.pk in docs) == outside
    assert (personas.outside_person.pk in people) == outside
    assert (personas.outside_person.pk in positions) == outside


def test_a_department_reporter_sees_its_subtree_and_its_ancestors_but_not_siblings(personas):
    visible = set(policy.visible_units(personas.user("reporter")))
    assert {personas.department, personas.division, personas.province} <= visible
    assert personas.commune not in visible
    assert personas.outside not in visible


def test_a_coordinating_unit_sees_the_task(personas):
    user = UserFactory()
    grant(user, "reporter", personas.commune)
    task = TaskFactory(
        document=personas.document,
        lead_unit=personas.division,
        coordinating_units=[personas.commune],
    )
    assert policy.visible_tasks(user).filter(pk=task.pk).exists()
    assert not policy.visible_tasks(user).filter(pk=personas.task.pk).exists()


def test_updates_and_extension_requests_follow_their_task(personas):
    reporter = personas.user("reporter")
    tasks = {personas.task.pk, personas.outside_task.pk}
    seen = set(policy.visible_updates(reporter).values_list("task_id", flat=True)) & tasks
    assert seen == {personas.task.pk}


def test_several_role_assignments_add_up(personas):
    user = UserFactory()
    grant(user, "viewer", personas.department)
    grant(user, "viewer", personas.outside)
    visible = set(policy.visible_tasks(user).values_list("pk", flat=True))
    assert {personas.task.pk, personas.outside_task.pk} <= visible


# Who may do what to the task in scope (led by the department, issued by the province).
WRITE_RULES = {
    Action.TASK_REPORT: {"admin", "tracker", "reporter"},
    Action.TASK_DELEGATE: {"admin", "tracker", "reporter"},
    Action.TASK_CONFIRM: {"admin", "tracker", "leader"},
    Action.TASK_DECIDE_EXTENSION: {"admin", "leader"},
    Action.TASK_CHANGE: {"admin", "tracker"},
}


@pytest.mark.parametrize("rule", sorted(WRITE_RULES))
@pytest.mark.parametrize("name", PERSONAS)
def test_write_rules_by_role(personas, rule, name):
    user = _user(personas, name)
    assert policy.allows(user, rule, personas.task) == (name in WRITE_RULES[rule])
    assert policy.allows(user, rule, personas.outside_task) == (name == "admin")


@pytest.mark.parametrize("name", PERSONAS)
def test_only_the_issuers_tracker_creates_documents(personas, name):
    user = _user(personas, name)
    assert policy.allows(user, Action.DOCUMENT_CREATE, personas.province) == (
        name in {"admin", "tracker"}
    )
    assert policy.allows(user, Action.DOCUMENT_CREATE, personas.outside) == (name == "admin")


def test_scopes_are_read_once_per_user_object(personas, django_assert_num_queries):
    user = personas.user("reporter")
    policy.scopes(user)
    with django_assert_num_queries(0):
        policy.allows(user, Action.TASK_REPORT, personas.task)
        policy.is_admin(user)
