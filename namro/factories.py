"""Test data factories (factory_boy). Objects with invariants are made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from django.contrib.auth import get_user_model

from namro.access.models import Role, RoleAssignment
from namro.documents.models import Document, DocumentKind
from namro.documents.services import document_create
from namro.orgs.models import Person, Unit, UnitKind, UnitLevel
from namro.orgs.services import person_create, unit_create
from namro.tasks.models import Task
from namro.tasks.services import task_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.django.Password("namro-test-password")


class UnitFactory(factory.Factory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    kind = UnitKind.DEPARTMENT
    level = UnitLevel.PROVINCE
    parent = None

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        return unit_create(actor=None, **kwargs)


class PersonFactory(factory.Factory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Mẫu {n}")
    is_sample = True

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        return person_create(actor=None, **kwargs)


class DocumentFactory(factory.Factory):
    class Meta:
        model = Document

    kind = DocumentKind.PLAN
    number = factory.Sequence(lambda n: f"{n + 1}-KH/TU")
    title = factory.Sequence(lambda n: f"Kế hoạch thử nghiệm số {n}")
    issuer = factory.SubFactory(UnitFactory, kind=UnitKind.PARTY_COMMITTEE)
    issued_on = date(2025, 1, 15)

    @classmethod
    def _create(cls, model_class: type[Document], *args: Any, **kwargs: Any) -> Document:
        return document_create(actor=None, **kwargs)


class TaskFactory(factory.Factory):
    class Meta:
        model = Task

    document = factory.SubFactory(DocumentFactory)
    action = factory.Sequence(lambda n: f"Xây dựng đề án thí điểm số {n} về chuyển đổi số")
    lead_unit = factory.SubFactory(UnitFactory)
    due_on = date(2025, 6, 30)
    expected_output = "Đề án"

    @classmethod
    def _create(cls, model_class: type[Task], *args: Any, **kwargs: Any) -> Task:
        return task_create(actor=None, **kwargs)


def grant(user: Any, role: str | Role, unit: Unit) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, unit=unit)
