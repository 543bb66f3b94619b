"""``policy.allowed`` (the rules as querysets, for lists of what waits for a person) holds
exactly the objects ``policy.allows`` accepts one by one, for every persona."""

from __future__ import annotations

import pytest

from namro.access import policy
from namro.access.tests.personas import PERSONAS
from namro.documents.models import Document
from namro.factories import DocumentFactory, TaskFactory
from namro.oversight.models import Recommendation
from namro.oversight.services import recommendation_raise
from namro.tasks.models import Task

pytestmark = pytest.mark.django_db


def _world(personas):
    """Tasks with and without an authority, issued at each level, led at each level; a
    document issued by the commune; recommendations both ways."""
    p = personas
    commune_doc = DocumentFactory(number="05-KH/ĐU", issuer=p.commune)
    department_doc = DocumentFactory(number="07-KH/SKH", issuer=p.department)
    for document in (p.document, commune_doc, department_doc, p.outside_document):
        for lead in (p.department, p.division, p.commune, p.outside_department):
            TaskFactory(document=document, lead_unit=lead, authority=None)
            TaskFactory(document=document, lead_unit=lead, authority=p.department)
            TaskFactory(document=document, lead_unit=lead, authority=p.outside)
    for raised_by, addressed_to, responsible in (
        (p.commune, p.province, p.department),
        (p.division, p.department, None),
        (p.outside_department, p.outside, p.province),
    ):
        recommendation_raise(
            actor=None,
            raised_by=raised_by,
            addressed_to=addressed_to,
            responsible_unit=responsible,
            subject="Kiến nghị bổ sung kinh phí",
            raised_on=p.document.issued_on,
        )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(policy.where_actions()), ids=str)
def test_the_queryset_form_of_a_rule_agrees_with_the_rule(personas, persona, action):
    _world(personas)
    actor = personas.user(persona)
    if actor is None:
        from django.contrib.auth.models import AnonymousUser

        actor = AnonymousUser()
    model = policy.where_actions()[action]
    qs = model.objects.all()
    one_by_one = {obj.pk for obj in qs if policy.allows(actor, action, obj)}
    assert set(policy.allowed(actor, action, qs).values_list("pk", flat=True)) == one_by_one


def test_every_queryset_form_names_the_model_its_rule_takes():
    assert policy.where_actions() == {
        policy.Action.TASK_REPORT: Task,
        policy.Action.TASK_CONFIRM: Task,
        policy.Action.TASK_ASK_EXPLANATION: Task,
        policy.Action.TASK_DECIDE_EXTENSION: Task,
        policy.Action.DOCUMENT_MANAGE: Document,
        policy.Action.RECOMMENDATION_HANDLE: Recommendation,
    }


def test_allowed_refuses_a_queryset_of_another_model(personas):
    with pytest.raises(TypeError):
        policy.allowed(personas.user("tracker"), policy.Action.TASK_CONFIRM, Document.objects.all())
