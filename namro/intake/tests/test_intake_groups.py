"""A task given to a group of units ("UBND các xã, phường", "các sở, ban, ngành"): the
group read under the issuer, shown on the review page, and saved as the issuer's task with
one sub-task delegated to each unit of the group."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from namro.audit.models import AuditEvent
from namro.documents.models import Document
from namro.documents.services import DocumentFields, TaskRow
from namro.factories import UnitFactory
from namro.intake.core.matching import (
    LEVEL_BELOW,
    SAME_KIND,
    SAME_LEVEL,
    GroupPart,
    collective_group,
)
from namro.intake.core.text import Doc
from namro.intake.selectors import unit_pool
from namro.intake.services import document_with_group_tasks
from namro.intake.views import as_written, title_of
from namro.orgs.models import UnitKind, UnitLevel
from namro.orgs.services import unit_dissolve
from namro.tasks.models import Task

TASKS_URL = reverse("intake:draft_tasks")
ISSUED = date(2026, 3, 5)


def commune(name, parent, kind=UnitKind.GOVERNMENT):
    return UnitFactory(name=name, kind=kind, level=UnitLevel.COMMUNE, parent=parent)


@pytest.fixture
def tree(personas):
    """UBND tỉnh under the persona province, with its communes and departments; another
    province's commune outside; a commune dissolved before the document."""
    city = UnitFactory(
        name="UBND tỉnh Thử nghiệm",
        kind=UnitKind.GOVERNMENT,
        level=UnitLevel.PROVINCE,
        parent=personas.province,
    )
    communes = [commune(f"UBND xã Số {i}", city) for i in range(1, 4)]
    ward = commune("UBND phường Trung Tâm", city)
    gone = commune("UBND xã Đã Nhập", city)
    unit_dissolve(actor=None, unit=gone, on=date(2025, 6, 30), successors=[communes[0]])
    finance = UnitFactory(name="Sở Tài chính", parent=city)
    health = UnitFactory(name="Sở Y tế", parent=city)
    UnitFactory(name="Phòng Kế hoạch Tài chính", parent=finance)  # a department's division
    other = UnitFactory(
        name="UBND tỉnh Bên ngoài",
        kind=UnitKind.GOVERNMENT,
        level=UnitLevel.PROVINCE,
        parent=personas.outside,
    )
    commune("UBND xã Bên Ngoài", other)
    return {
        "city": city,
        "communes": [*communes, ward],
        "gone": gone,
        "departments": [finance, health],
    }


# ---------------------------------------------------------------- reading a collective name


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("UBND các xã, phường", [("government", "commune")]),
        ("Ủy ban nhân dân các xã, phường, đặc khu", [("government", "commune")]),
        ("Đảng ủy các xã, phường", [("party_committee", "commune")]),
        ("các sở, ban, ngành", [("department", SAME_LEVEL)]),
        ("Các Sở, ban, ngành liên quan", [("department", SAME_LEVEL)]),
        ("các huyện, thị xã, thành phố", [(SAME_KIND, "district")]),
        ("các tỉnh, thành phố", [(SAME_KIND, "province")]),
        ("các sở, ban, ngành, địa phương", [("department", SAME_LEVEL), (SAME_KIND, LEVEL_BELOW)]),
    ],
)
def test_a_collective_name_reads_as_the_kinds_and_levels_of_its_units(name, parts):
    group = collective_group(name)
    assert group is not None and group.name == name
    assert group.parts == tuple(GroupPart(kind, level) for kind, level in parts)


@pytest.mark.parametrize(
    "name", ["Sở Tài chính", "UBND tỉnh", "các tổ chức, đoàn thể", "UBND các sở", "", None]
)
def test_a_unit_name_or_an_unknown_collective_is_no_group(name):
    assert collective_group(name) is None


# ---------------------------------------------------------------- the group under the issuer


def test_communes_group_is_the_issuers_communes_in_force(personas, tree):
    pool = unit_pool(personas.user("tracker"))
    group = pool.group("UBND các xã, phường", tree["city"].pk, ISSUED)
    assert group is not None and group.assigner_id == tree["city"].pk
    assert set(group.members) == {u.pk for u in tree["communes"]}  # not the dissolved one
    earlier = pool.group("UBND các xã, phường", tree["city"].pk, date(2025, 1, 1))
    assert tree["gone"].pk in earlier.members


def test_a_group_never_reaches_outside_the_issuers_subtree(personas, tree):
    admin_pool = unit_pool(personas.user("admin"))  # the admin sees both provinces
    group = admin_pool.group("UBND các xã, phường", tree["city"].pk, ISSUED)
    names = {admin_pool.names[u] for u in group.members}
    assert "UBND xã Bên Ngoài" not in names and len(names) == 4
    # Under the party committee, "Đảng ủy các xã" are its own communes, not the UBND's.
    party = admin_pool.group("Đảng ủy các xã, phường", personas.province.pk, ISSUED)
    assert party.members == (personas.commune.pk,)


def test_departments_group_takes_the_first_department_down_each_branch(personas, tree):
    pool = unit_pool(personas.user("tracker"))
    group = pool.group("các sở, ban, ngành", tree["city"].pk, ISSUED)
    assert set(group.members) == {u.pk for u in tree["departments"]}  # not the division
    # The party committee's "sở, ban, ngành": its own board and the UBND's departments.
    wide = pool.group("các sở, ban, ngành", personas.province.pk, ISSUED)
    assert set(wide.members) == {personas.department.pk, *(u.pk for u in tree["departments"])}


def test_localities_are_the_level_below_the_issuer_of_its_kind(personas, tree):
    pool = unit_pool(personas.user("tracker"))
    group = pool.group("các địa phương", tree["city"].pk, ISSUED)
    assert set(group.members) == {u.pk for u in tree["communes"]}


def test_without_an_issuer_a_group_has_no_members(personas, tree):
    pool = unit_pool(personas.user("tracker"))
    group = pool.group("UBND các xã, phường", None, ISSUED)
    assert group is not None and group.assigner_id is None and group.members == ()
    assert pool.group("Sở Tài chính", tree["city"].pk, ISSUED) is None


# ---------------------------------------------------------------- saving


def test_a_group_row_is_saved_as_the_issuers_task_delegated_to_each_unit(personas, tree):
    city = tree["city"]
    rows = [
        TaskRow(number=1, action="Rà soát hồ sơ", lead_unit=city, due_on=date(2026, 6, 30)),
        TaskRow(number=2, action="Báo cáo số liệu", lead_unit=tree["departments"][0]),
    ]
    result = document_with_group_tasks(
        personas.user("tracker"),
        document=DocumentFields(kind="plan", title="Kế hoạch", issuer=city, issued_on=ISSUED),
        rows=rows,
        groups={1: tree["communes"]},
    )
    assert result.ok, result.errors
    parent, other = result.tasks
    children = list(Task.objects.filter(parent=parent).order_by("lead_unit__path"))
    assert parent.lead_unit == city and parent.parent is None
    assert [c.lead_unit for c in children] == tree["communes"]
    assert {(c.action, c.due_on, c.authority) for c in children} == {
        ("Rà soát hồ sơ", date(2026, 6, 30), city)
    }
    assert not Task.objects.filter(parent=other).exists()
    delegations = AuditEvent.objects.filter(action="task.delegate", object_id=str(parent.pk))
    assert delegations.count() == len(tree["communes"])


def test_a_refused_delegation_leaves_nothing_written(personas, tree):
    city = tree["city"]
    rows = [TaskRow(number=1, action="Rà soát hồ sơ", lead_unit=city)]
    before = Task.objects.count()
    outsider = UnitFactory(name="Sở Ngoài Nhóm", parent=personas.province)  # not below the city
    result = document_with_group_tasks(
        personas.user("tracker"),
        document=DocumentFields(kind="plan", title="Kế hoạch X", issuer=city, issued_on=ISSUED),
        rows=rows,
        groups={1: [tree["communes"][0], outsider]},
    )
    assert not result.ok and result.document is None
    [error] = result.errors
    assert error.row == 1 and error.field == "lead_unit" and "Sở Ngoài Nhóm" in error.message
    assert Task.objects.count() == before
    assert not Document.objects.filter(title="Kế hoạch X").exists()


# ---------------------------------------------------------------- the page

PLAN = (
    "UBND TỈNH THỬ NGHIỆM\n"
    "Số: 12/KH-UBND\n"
    "Thử nghiệm, ngày 05 tháng 3 năm 2026\n"
    "\n"
    "KẾ HOẠCH\n"
    "Triển khai chuyển đổi số năm 2026\n"
    "\n"
    "Căn cứ Nghị quyết của Tỉnh ủy, UBND tỉnh ban hành kế hoạch như sau:\n"
    "1. UBND các xã, phường chủ trì rà soát hồ sơ thủ tục hành chính, hoàn thành trước "
    "ngày 30/6/2026.\n"
    "2. Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành Xây dựng Đề án "
    "số hóa, trình UBND tỉnh trước ngày 31/8/2026.\n"
)


def login(client, personas, name):
    user = personas.user(name)
    if user is not None:
        client.force_login(user)
    return user


def extract_page(client, text=PLAN):
    return client.post(TASKS_URL, {"do": "extract", "text": text, "doc_date": "05/03/2026"})


def form_data(page_context):
    """The review form as the browser would post it back (every row ticked)."""
    data = {}
    for name in page_context["header"].fields:
        value = page_context["header"][name].value()
        data[name] = "" if value is None else value
    data["issued_on"] = "2026-03-05"
    formset = page_context["formset"]
    for key, value in formset.management_form.initial.items():
        data[f"tasks-{key}"] = value
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            if name == "include":
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if name == "due_on" and value:
                value = value.isoformat()
            data[form.add_prefix(name)] = "" if value is None else value
    return data


def test_the_review_page_shows_the_group_and_its_count(client, personas, tree):
    login(client, personas, "tracker")
    response = extract_page(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="UBND các xã, phường"' in page
    assert "Nhóm «UBND các xã, phường»: 4 đơn vị trực thuộc UBND tỉnh Thử nghiệm" in page
    assert "UBND phường Trung Tâm" in page and "UBND xã Đã Nhập" not in page
    assert "«UBND các xã, phường» chưa khớp" not in page
    assert (
        "Nhóm «các sở, ban, ngành»: 2 đơn vị trực thuộc UBND tỉnh Thử nghiệm, cùng phối hợp" in page
    )
    assert "«các sở, ban, ngành» chưa khớp" not in page


def test_the_review_page_proposes_the_title_line_and_keeps_the_texts_letters(
    client, personas, tree
):
    login(client, personas, "tracker")
    context = extract_page(client).context
    header = context["header"]
    assert header["title"].value() == "KẾ HOẠCH Triển khai chuyển đổi số năm 2026"
    assert header["kind"].value() == "plan"
    second = context["formset"].forms[1]
    assert second["action"].value().startswith("Xây dựng Đề án số hóa")
    assert second["expected_output"].value() == "Đề án"


def test_pasting_and_saving_gives_one_parent_and_a_sub_task_per_commune(client, personas, tree):
    login(client, personas, "tracker")
    response = extract_page(client)
    data = form_data(response.context)
    data["issuer"] = tree["city"].name
    response = client.post(TASKS_URL, {**data, "do": "save"})
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get(number="12/KH-UBND")
    parents = list(Task.objects.filter(document=document, parent=None).order_by("order"))
    assert [t.lead_unit for t in parents] == [tree["city"], tree["departments"][0]]
    children = Task.objects.filter(parent=parents[0]).order_by("lead_unit__path")
    assert [c.lead_unit for c in children] == tree["communes"]
    # "phối hợp với các sở, ban, ngành": every department but the lead.
    assert list(parents[1].coordinating_units.all()) == [tree["departments"][1]]


def test_a_group_with_no_unit_under_the_issuer_blocks_saving(client, personas, tree):
    login(client, personas, "tracker")
    data = form_data(extract_page(client).context)
    data["issuer"] = tree["departments"][1].name  # a department has no communes
    response = client.post(TASKS_URL, {**data, "do": "save"})
    assert response.status_code == 400
    assert "Không có đơn vị nào của «UBND các xã, phường» trực thuộc" in response.content.decode()
    assert not Document.objects.filter(number="12/KH-UBND").exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [("admin", 302), ("tracker", 302), ("leader", 403), ("reporter", 403), ("viewer", 403)],
)
def test_who_may_save_a_group_task(client, personas, tree, name, status):
    login(client, personas, "tracker")
    data = form_data(extract_page(client).context)
    data["issuer"] = tree["city"].name
    client.logout()
    login(client, personas, name)
    response = client.post(TASKS_URL, {**data, "do": "save"})
    assert response.status_code == status
    saved = Document.objects.filter(number="12/KH-UBND").exists()
    assert saved == (status == 302)
    if saved:
        assert Task.objects.exclude(parent=None).filter(document__number="12/KH-UBND").count() == 4


def test_a_tracker_of_another_province_cannot_save_for_this_issuer(client, personas, tree):
    from namro.access.models import Role
    from namro.factories import UserFactory, grant

    login(client, personas, "tracker")
    data = form_data(extract_page(client).context)
    data["issuer"] = tree["city"].name
    stranger = UserFactory()
    grant(stranger, Role.TRACKER, personas.outside)
    client.force_login(stranger)
    response = client.post(TASKS_URL, {**data, "do": "save"})
    assert response.status_code == 400
    assert not Document.objects.filter(number="12/KH-UBND").exists()


def group_plan(n):
    return PLAN.split("1. ")[0] + "\n".join(
        f"{i}. UBND các xã, phường chủ trì rà soát hồ sơ số {i}, hoàn thành trước ngày 30/6/2026."
        for i in range(1, n + 1)
    )


def test_the_review_page_costs_the_same_queries_for_few_or_many_group_tasks(
    client, personas, tree, django_assert_max_num_queries
):
    login(client, personas, "tracker")
    for n in (2, 30):
        with django_assert_max_num_queries(8):
            response = extract_page(client, group_plan(n))
        assert response.context["formset"].total_form_count() == n
        assert response.content.decode().count("Nhóm «UBND các xã, phường»: 4 đơn vị") == n
        data = form_data(response.context)
        data["issuer"] = tree["city"].name
        with django_assert_max_num_queries(10):
            response = client.post(TASKS_URL, {**data, "do": "check"})
        assert response.status_code == 200
        assert response.content.decode().count("Nhóm «UBND các xã, phường»: 4 đơn vị") == n


# ---------------------------------------------------------------- the helpers


@pytest.mark.parametrize(
    ("text", "title", "kind"),
    [
        (PLAN, "KẾ HOẠCH Triển khai chuyển đổi số năm 2026", "plan"),
        (
            "TỈNH ỦY X\nSố 05-CT/TU\nX, ngày 1 tháng 2 năm 2026\nCHỈ THỊ\nVề việc tăng cường "
            "công tác\nphòng, chống thiên tai\n\nThời gian qua…",
            "CHỈ THỊ Về việc tăng cường công tác phòng, chống thiên tai",
            "directive",
        ),
        (
            "VĂN PHÒNG UBND TỈNH\nSố: 30/TB-VP\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại "
            "buổi làm việc\nI. TÌNH HÌNH",
            "THÔNG BÁO Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc",
            "conclusion_notice",
        ),
        (
            "KẾ HOẠCH Số 12/KH-UBND về rà soát trụ sở\n1. Giao Sở Xây dựng lập phương án.",
            "KẾ HOẠCH về rà soát trụ sở",
            "plan",
        ),
        (
            "UBND TỈNH X\nGiao Sở Tài chính chủ trì rà soát trụ sở dôi dư. Giao Sở Xây dựng "
            "lập phương án sử dụng trụ sở.",
            "Giao Sở Tài chính chủ trì rà soát trụ sở dôi dư.",
            None,
        ),
    ],
)
def test_the_title_is_the_documents_own_title_line(text, title, kind):
    assert title_of(text) == (title, kind)


def test_a_long_pasted_line_is_never_the_whole_title():
    text = "Giao Sở Tài chính " + "rà soát trụ sở dôi dư " * 40
    title, _kind = title_of(text)
    assert len(title) <= 201 and title.endswith("…")


def test_a_phrase_is_given_back_with_the_texts_letters():
    doc = Doc.of("Sở Y tế Xây dựng Đề án Y tế số, báo cáo UBND tỉnh.")
    assert as_written(doc, (0, len(doc.orig)), "đề án") == "Đề án"
    assert as_written(doc, (0, 10), "đề án") == "đề án"  # not in the span: as it was
    assert as_written(doc, (0, len(doc.orig)), None) is None


@pytest.fixture
def english(client):
    """English pages; the default language back afterwards (a request leaves its own
    language active in the thread)."""
    from django.conf import settings
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_the_group_note_is_in_english_on_the_english_page(client, personas, tree, english):
    login(client, personas, "tracker")
    page = extract_page(client).content.decode()
    assert "Group “UBND các xã, phường”: 4 units under UBND tỉnh Thử nghiệm" in page
    assert "See the 4 units" in page and "Nhóm «" not in page
