"""One number per issuer: its case, spaces, hyphen variants and Unicode forms make no second
number, and twenty people creating the same number at once get one document and nineteen
clear refusals, never a server error."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.error
import urllib.request

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client

from namro.access.services import token_create
from namro.documents.models import Document
from namro.documents.services import document_create
from namro.paths import PROJECT_ROOT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "variant",
    [
        "99-ctr/tu",
        " 99 -CTr/TU",
        "99\u2011CTr/TU",
        "99–CTr／TU",
        unicodedata.normalize("NFD", "99-CTr/TU"),
    ],
    ids=["case", "spaces", "non-breaking hyphen", "en dash and wide slash", "NFD"],
)
def test_a_variant_of_a_number_is_the_same_number(personas, variant):
    document_create(
        actor=None,
        kind="plan",
        title="Chương trình hành động",
        issuer=personas.province,
        issued_on=personas.document.issued_on,
        number="99-CTr/TU",
    )
    with pytest.raises(ValidationError) as refused:
        document_create(
            actor=None,
            kind="plan",
            title="Bản trùng",
            issuer=personas.province,
            issued_on=personas.document.issued_on,
            number=variant,
        )
    assert "đã có" in refused.value.message_dict["number"][0]


def test_the_number_is_kept_clean(personas):
    document = document_create(
        actor=None,
        kind="plan",
        title="Kế hoạch",
        issuer=personas.province,
        issued_on=personas.document.issued_on,
        number=" 12 \u2013 KH / UBND ",
    )
    assert document.number == "12-KH/UBND"


def test_another_issuer_may_use_the_same_number(personas):
    for issuer in (personas.province, personas.outside):
        document_create(
            actor=None,
            kind="plan",
            title="Kế hoạch",
            issuer=issuer,
            issued_on=personas.document.issued_on,
            number="15-KH/TU",
        )
    assert Document.objects.filter(number="15-KH/TU").count() == 2


BODY = {
    "kind": "plan",
    "title": "Kế hoạch thực hiện",
    "issued_on": "2025-02-01",
    "number": "77-KH/TU",
}


def _race(post) -> list[int]:
    """Twenty threads post the same number at once; their status codes."""
    barrier = threading.Barrier(20)
    codes: list[int] = []
    errors: list[BaseException] = []

    def create() -> None:
        try:
            barrier.wait()
            codes.append(post())
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return sorted(codes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's case runs a server below")
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_creations_of_one_number_give_one_201_and_nineteen_400s(personas):
    _token, key = token_create(actor=None, user=personas.user("tracker"))
    body = {**BODY, "issuer_id": personas.province.pk}

    def post() -> int:
        response = Client().post(
            "/api/v1/documents",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        if response.status_code == 400:
            assert "number" in response.json()["errors"], response.content
        return response.status_code

    assert _race(post) == [201] + [400] * 19
    assert Document.objects.filter(number_key="77-kh/tu").count() == 1


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's case runs in-process")
def test_twenty_concurrent_creations_through_a_server_on_sqlite(tmp_path):
    """On SQLite, through a threaded server on a database file, as an office runs it."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "NAMRO_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'namro.sqlite3'}",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=PROJECT_ROOT, env=env, check=True)
    made = subprocess.run(
        [*manage, "shell", "-c", SETUP],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    issuer, key = made.stdout.split()[-2:]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/v1/documents"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        data = json.dumps({**BODY, "issuer_id": int(issuer)}).encode()

        def post() -> int:
            request = urllib.request.Request(
                url,
                data=data,
                method="POST",
                headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status
            except urllib.error.HTTPError as exc:
                if exc.code == 400:
                    assert "number" in json.loads(exc.read())["errors"]
                return exc.code

        assert _race(post) == [201] + [400] * 19
    finally:
        server.terminate()
        server.wait(10)


SETUP = """
from django.contrib.auth import get_user_model
from namro.access.services import role_grant, token_create
from namro.orgs.services import unit_create
unit = unit_create(actor=None, name="Tỉnh ủy Đua", kind="party_committee", level="province")
user = get_user_model().objects.create_user("dua")
role_grant(actor=None, user=user, role="tracker", unit=unit)
print(unit.pk, token_create(actor=None, user=user)[1])
"""
