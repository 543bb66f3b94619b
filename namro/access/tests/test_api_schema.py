"""The API against its own OpenAPI document (schemathesis), and the offline docs page.

Every operation gets a bounded number of generated requests (valid and invalid), sent as a
tracker with a personal token through the WSGI app: no answer may be a server error, and
every answer must match the status codes, content types and schemas the document declares.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from namro.access.services import token_create
from namro.wsgi import application

EXAMPLES_PER_OPERATION = 10

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def tracker_token(personas):
    _token, secret = token_create(actor=None, user=personas.user("tracker"))
    return secret


@pytest.fixture
def keep_test_connection():
    """Requests through the bare WSGI app would close the test's database connection at the
    end of each request (it sits inside the test's transaction); Django's test client
    prevents that the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_openapi_document(case, tracker_token, keep_test_connection):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {tracker_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


@pytest.mark.django_db
def test_the_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/tasks" in response.json()["paths"]


@pytest.mark.django_db
def test_the_docs_page_loads_nothing_from_the_internet(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    external = re.findall(r"""(?:src|href)=["'](?:https?:)?//[^"']+""", html)
    assert external == []
    # Named CDN hosts, not the bare word: the page carries a random CSRF token.
    assert not re.search(r"cdn\.|cdnjs|jsdelivr|unpkg", html, re.IGNORECASE)


def test_every_schema_name_in_the_openapi_document_is_unique():
    """Two schemas with one class name would share one OpenAPI component, and one of them
    would be described wrongly: each input/output schema needs a name of its own."""
    from ninja import Schema

    from namro.api import api

    api.get_openapi_schema()  # imports every router
    seen: dict[str, str] = {}
    clashes = []
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if not cls.__module__.startswith("namro."):
            continue
        where = f"{cls.__module__}.{cls.__qualname__}"
        if cls.__name__ in seen and seen[cls.__name__] != where:
            clashes.append((seen[cls.__name__], where))
        seen.setdefault(cls.__name__, where)
    assert clashes == []
