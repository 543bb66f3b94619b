"""POST /api/v1/extract: the command's JSON plus matches, for JSON and uploaded files."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from namro.access.services import token_create
from namro.factories import PersonFactory, UnitFactory
from namro.testing import shared_case_json, shared_case_path

from .test_extract_command import docx_with_text, pdf_with_text

URL = "/api/v1/extract"
TEXT = (
    "Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Xây dựng và Phòng Tổng hợp rà soát "
    "trụ sở dôi dư, báo cáo UBND tỉnh trước ngày 15/8."
)


def post_json(client, body, **headers):
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def bearer(user):
    _token, secret = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def units_of(response):
    return {m["name"]: m for m in response.json()["matches"]["units"]}


def test_json_body_gives_the_commands_json_plus_matches(client, personas, tmp_path):
    response = post_json(
        client, {"text": TEXT, "date": "2026-03-01"}, **bearer(personas.user("tracker"))
    )
    assert response.status_code == 200
    data = response.json()
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = __import__("io").StringIO()
    call_command("extract", "--json", "--date", "2026-03-01", str(path), stdout=out)
    # The command prints what was read; the API adds the matches and how a file was read.
    assert {k: v for k, v in data.items() if k not in ("matches", "ocr")} == json.loads(
        out.getvalue()
    )
    assert data["ocr"] is None
    assert data["tasks"][0]["deadline"] == "2026-08-15"
    matches = units_of(response)
    assert matches["Sở Kế hoạch và Đầu tư"]["unit_id"] == personas.department.pk
    assert matches["Sở Kế hoạch và Đầu tư"]["confidence"] == 1.0
    assert matches["Phòng Tổng hợp"]["unit_id"] == personas.division.pk


def test_unmatched_names_are_listed_with_no_unit(client, personas):
    response = post_json(client, {"text": TEXT, "date": None}, **bearer(personas.user("tracker")))
    unmatched = units_of(response)["Sở Xây dựng"]
    assert unmatched["unit_id"] is None and unmatched["confidence"] == 0.0
    assert response.json()["tasks"][0]["deadline"] is None


@pytest.mark.parametrize("name", ["tracker", "reporter", "viewer", "leader", "norole"])
def test_an_outsiders_units_never_appear_in_matches(client, personas, name):
    UnitFactory(name="Sở Xây dựng", parent=personas.outside)
    response = post_json(client, {"text": TEXT}, **bearer(personas.user(name)))
    assert response.status_code == 200
    assert units_of(response)["Sở Xây dựng"]["unit_id"] is None


def test_the_admin_sees_every_unit(client, personas):
    outside = UnitFactory(name="Sở Xây dựng", parent=personas.outside)
    client.force_login(personas.user("admin"))
    response = post_json(client, {"text": TEXT})
    assert units_of(response)["Sở Xây dựng"]["unit_id"] == outside.pk


def test_reporter_sees_only_their_subtree(client, personas):
    response = post_json(client, {"text": TEXT}, **bearer(personas.user("reporter")))
    matches = units_of(response)
    assert matches["Sở Kế hoạch và Đầu tư"]["unit_id"] == personas.department.pk


def test_anonymous_gets_401(client, personas):
    response = post_json(client, {"text": TEXT})
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_people_are_matched_by_folded_name_within_scope(client, personas):
    text = (
        "Đồng chí Nguyễn Văn Trong, Giám đốc Sở Kế hoạch và Đầu tư và đồng chí Trần Thị Ngoài, "
        "Giám đốc Sở Tài chính Bên ngoài dự họp."
    )
    response = post_json(client, {"text": text}, **bearer(personas.user("tracker")))
    people = {m["name"]: m for m in response.json()["matches"]["people"]}
    assert people["Nguyễn Văn Trong"]["person_id"] == personas.person.pk
    assert people["Trần Thị Ngoài"]["person_id"] is None


def test_multipart_upload_of_a_docx_and_a_pdf(client, personas, tmp_path):
    headers = bearer(personas.user("tracker"))
    path = docx_with_text(tmp_path / "a.docx", [TEXT])
    upload = SimpleUploadedFile("a.docx", path.read_bytes())
    response = client.post(URL, {"file": upload, "date": "2026-03-01"}, **headers)
    assert response.status_code == 200
    assert response.json()["tasks"][0]["lead"] == "Sở Kế hoạch và Đầu tư"
    pdf = SimpleUploadedFile("a.pdf", pdf_with_text([TEXT]))
    response = client.post(URL, {"file": pdf}, **headers)
    assert response.json()["tasks"][0]["lead"] == "Sở Kế hoạch và Đầu tư"


def test_hostile_uploads_get_a_json_message(client, personas, settings):
    headers = bearer(personas.user("tracker"))
    scan = SimpleUploadedFile("scan.pdf", pdf_with_text([]))
    response = client.post(URL, {"file": scan}, **headers)
    assert response.status_code == 400
    assert "không có lớp chữ" in response.json()["detail"]
    response = client.post(URL, {"file": SimpleUploadedFile("a.exe", b"MZ")}, **headers)
    assert response.status_code == 400 and "file" in response.json()["errors"]
    response = client.post(URL, {"file": SimpleUploadedFile("a.txt", b"")}, **headers)
    assert response.status_code == 400
    settings.NAMRO_UPLOAD_MAX_BYTES = 50
    response = client.post(URL, {"file": SimpleUploadedFile("a.txt", TEXT.encode())}, **headers)
    assert response.status_code == 413
    assert "dung lượng tối đa" in response.json()["detail"]


def test_a_body_over_the_limit_gets_413(client, personas, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_json(client, {"text": TEXT * 20}, **bearer(personas.user("tracker")))
    assert response.status_code == 413
    assert response.json()["detail"]


def test_bad_json_input_names_the_field(client, personas):
    headers = bearer(personas.user("tracker"))
    response = post_json(client, {"text": TEXT, "date": "15/08/2026"}, **headers)
    assert response.status_code == 422
    assert "date" in response.json()["errors"]
    response = post_json(client, {"date": None}, **headers)
    assert response.status_code == 422 and "text" in response.json()["errors"]
    response = client.post(URL, "{not json", content_type="application/json", **headers)
    assert response.status_code == 422


def test_empty_text_gives_an_empty_result(client, personas):
    response = post_json(client, {"text": "   "}, **bearer(personas.user("tracker")))
    assert response.status_code == 200
    assert response.json()["tasks"] == [] and response.json()["visit"] is None


def test_the_answer_costs_a_fixed_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    syllables = ["An", "Bình", "Cát", "Đông", "Hòa", "Lạc", "Minh", "Phú", "Tân", "Vĩnh"]
    names = [f"{syllables[i // 10]} {syllables[i % 10]}" for i in range(30)]
    for name in names:
        UnitFactory(name=f"Ủy ban nhân dân xã {name}", parent=personas.province)
    PersonFactory(full_name="Nguyễn Văn Trong")  # a namesake out of scope
    client.force_login(personas.user("tracker"))
    text = "\n".join(f"{i}. Giao UBND xã {n} rà soát trụ sở." for i, n in enumerate(names, 1))
    with django_assert_max_num_queries(6):
        response = post_json(client, {"text": text})
    assert response.status_code == 200
    assert sum(1 for m in response.json()["matches"]["units"] if m["unit_id"]) >= 30


def test_seed_article_yields_the_expected_visit(client, personas):
    expected = shared_case_json("seed_article_expected.json")
    text = shared_case_path("seed_article_vi.txt").read_text(encoding="utf-8")
    response = post_json(client, {"text": text}, **bearer(personas.user("tracker")))
    data = response.json()
    assert data["visit"] == expected["visit"]
    assert data["people"] == expected["people"]
    names = {m["name"] for m in data["matches"]["units"]}
    assert {"Ban Thường vụ Thành ủy Hà Nội", "Trung ương"} <= names
