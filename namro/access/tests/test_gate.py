"""The gate itself: who the system and an anonymous user are, how rules are registered and
asked, and that ``restrict`` answers for every model it knows and refuses one it does not."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied

from namro.access import policy
from namro.access.policy import Action
from namro.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_the_system_may_do_anything(personas):
    for action in Action:
        assert policy.allows(None, action)
    policy.require(None, Action.TASK_CHANGE, personas.outside_task)
    assert policy.restrict(Task.objects.all(), None).count() == Task.objects.count()


def test_an_anonymous_user_may_do_nothing(personas):
    anonymous = AnonymousUser()
    for action in Action:
        assert not policy.allows(anonymous, action)
    with pytest.raises(PermissionDenied):
        policy.require(anonymous, Action.TASK_REPORT, personas.task)
    assert not policy.restrict(Task.objects.all(), anonymous).exists()


def test_a_refusal_carries_the_actions_own_message(personas):
    with pytest.raises(PermissionDenied) as refused:
        policy.require(personas.user("viewer"), Action.TASK_REPORT, personas.task)
    assert str(refused.value) == str(policy.rules()[Action.TASK_REPORT].refusal)
    assert "đơn vị chủ trì" in str(refused.value)


def test_anywhere_asks_whether_some_role_could_hold_the_action(personas):
    assert policy.allows(personas.user("tracker"), Action.DOCUMENT_CREATE)
    assert not policy.allows(personas.user("reporter"), Action.DOCUMENT_CREATE)
    assert policy.allows(personas.user("reporter"), Action.TASK_REPORT)
    assert not policy.allows(personas.user("viewer"), Action.TASK_REPORT)
    assert not policy.allows(personas.user("norole"), Action.VISIT_CREATE)


def test_units_where_gives_the_subtrees_of_the_roles_that_hold_the_action(personas):
    tracker = personas.user("tracker")
    where = set(policy.units_where(tracker, Action.DOCUMENT_CREATE))
    assert personas.province in where and personas.department in where
    assert personas.outside not in where
    assert not policy.units_where(personas.user("reporter"), Action.DOCUMENT_CREATE).exists()


@pytest.mark.parametrize("model", policy.registered_models(), ids=lambda m: m._meta.label)
def test_restrict_narrows_every_registered_model_for_an_outsider(personas, model):
    qs = model.objects.all()
    assert policy.restrict(qs, personas.user("norole")).count() == 0
    assert policy.restrict(qs, personas.user("admin")).count() == qs.count()


def test_restrict_refuses_a_model_without_a_rule():
    with pytest.raises(LookupError):
        policy.restrict(Group.objects.all(), None)


def test_a_rule_cannot_be_registered_twice():
    with pytest.raises(RuntimeError):
        policy.rule(Action.TASK_REPORT, policy.REPORTERS)(lambda actor, obj: True)


def test_an_empty_field_is_no_unit_and_grants_nothing(personas):
    tracker = personas.user("tracker")
    assert policy.allows(tracker, Action.DOCUMENT_CREATE)
    assert not policy.allows(tracker, Action.DOCUMENT_CREATE, None)
    with pytest.raises(PermissionDenied):
        policy.require(tracker, Action.PROGRAM_CREATE, None)
    assert policy.allows(None, Action.DOCUMENT_CREATE, None)
