"""Document services: numbers, issuers, implements links, indicators."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from namro.documents.models import Document, DocumentKind
from namro.documents.services import document_create, indicator_create, measurement_record
from namro.factories import DocumentFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_document_records_what_it_concretises():
    central = UnitFactory(name="Ban Chấp hành Trung ương")
    province = UnitFactory(name="Tỉnh ủy Tân Hà", parent=central)
    resolution = DocumentFactory(issuer=central, number="15-NQ/TW", kind=DocumentKind.RESOLUTION)
    programme = document_create(
        actor=None,
        kind=DocumentKind.ACTION_PROGRAM,
        number="06-CTr/TU",
        title="Chương trình hành động",
        issuer=province,
        issued_on=date(2025, 5, 1),
        implements=[resolution],
    )
    assert list(resolution.implemented_by.all()) == [programme]


def test_unknown_issuer_and_duplicate_number_are_refused():
    province = UnitFactory()
    DocumentFactory(issuer=province, number="09-NQ/TU")
    count = Document.objects.count()
    with pytest.raises(ValidationError) as exc:
        document_create(
            actor=None,
            kind="resolution",
            title="Nghị quyết",
            issuer=987654,
            issued_on=date(2025, 1, 1),
        )
    assert "issuer" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        document_create(
            actor=None,
            kind="resolution",
            title="Khác",
            issuer=province,
            number="09-NQ/TU",
            issued_on=date(2025, 1, 1),
        )
    assert "number" in exc.value.message_dict
    assert Document.objects.count() == count


def test_indicator_measurements_are_corrected_in_place():
    document = DocumentFactory()
    indicator = indicator_create(
        actor=None, document=document, name="Tỷ lệ hoàn thành", target="95", baseline=60
    )
    measurement_record(actor=None, indicator=indicator, measured_on=date(2025, 6, 30), value=70)
    measurement_record(actor=None, indicator=indicator, measured_on=date(2025, 6, 30), value=72)
    assert [float(m.value) for m in indicator.measurements.all()] == [72.0]
    with pytest.raises(ValidationError) as exc:
        indicator_create(actor=None, document=document, name="X", target="nhiều")
    assert "target" in exc.value.message_dict
