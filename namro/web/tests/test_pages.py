"""Login, My work, search and password change, seen by each persona."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from namro.factories import DocumentFactory, TaskFactory, UnitFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_login_page_is_vietnamese_and_labelled(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert '<label for="id_username">Tên đăng nhập</label>' in html


def test_login_then_logout(client, personas):
    user = personas.users["reporter"]
    response = client.post(
        reverse("login"), {"username": user.username, "password": "namro-test-password"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_home_lists_tasks_in_scope_only(client, personas):
    client.force_login(personas.users["reporter"])
    html = client.get(reverse("home")).content.decode()
    assert personas.task.action in html
    assert personas.outside_task.action not in html


def test_home_puts_overdue_first_then_due_soon(client, personas, settings):
    doc = personas.document
    unit = personas.department
    later = TaskFactory(
        document=doc, lead_unit=unit, action="Việc còn xa hạn chót", due_on=date(2099, 1, 1)
    )
    overdue = TaskFactory(
        document=doc, lead_unit=unit, action="Việc đã quá hạn rồi", due_on=date(2025, 2, 1)
    )
    client.force_login(personas.users["reporter"])
    html = client.get(reverse("home")).content.decode()
    assert html.index(overdue.action) < html.index(later.action)


def test_home_filters_by_status_and_key(client, personas):
    doc, unit = personas.document, personas.department
    TaskFactory(
        document=doc, lead_unit=unit, action="Việc còn xa hạn chót", due_on=date(2099, 1, 1)
    )
    TaskFactory(document=doc, lead_unit=unit, action="Việc đã quá hạn rồi", due_on=date(2025, 2, 1))
    client.force_login(personas.users["reporter"])
    html = client.get(reverse("home"), {"status": "overdue"}).content.decode()
    assert "Việc đã quá hạn rồi" in html
    assert "Việc còn xa hạn chót" not in html
    html = client.get(reverse("home"), {"is_key": "on"}).content.decode()
    assert personas.task.action in html
    assert "Việc còn xa hạn chót" not in html


def test_home_bad_filter_says_so(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.get(reverse("home"), {"status": "nonsense"})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()


def test_home_htmx_request_gets_only_the_list(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert personas.task.action in html


@pytest.mark.parametrize("rows", [10, 500])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, rows):
    unit = UnitFactory(name="Sở Thử tải")
    user = UserFactory(username=f"load{rows}")
    grant(user, "reporter", unit)
    doc = DocumentFactory(issuer=unit)
    for n in range(rows):
        TaskFactory(
            document=doc,
            lead_unit=unit,
            action=f"Nhiệm vụ tải số {n} cần làm",
            due_on=date(2025, 6, 30),
        )
    client.force_login(user)
    # session, user, role scopes, the tops of the trees (the user holds one), assignments,
    # documents, counts (counters, due soon, the rest), the page's rows from two streams
    # (changed since the date, open by deadline), and the top bar's count of what waits
    with django_assert_num_queries(12):
        assert client.get(reverse("home")).status_code == 200


def test_search_is_diacritics_insensitive(client, personas):
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("search"), {"q": "so ke hoach"}).content.decode()
    assert "Sở Kế hoạch và Đầu tư" in html
    html = client.get(reverse("search"), {"q": "nguyen van trong"}).content.decode()
    assert "Nguyễn Văn Trong" in html


def test_search_hides_what_is_out_of_scope(client, personas):
    client.force_login(personas.users["reporter"])
    html = client.get(reverse("search"), {"q": "tai chinh ben ngoai"}).content.decode()
    assert "Sở Tài chính Bên ngoài" not in html


def test_search_finds_documents_and_tasks(client, personas):
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("search"), {"q": "01-kh"}).content.decode()
    assert reverse("documents:document", args=[personas.document.pk]) in html
    html = client.get(reverse("search"), {"q": "chuyen doi so", "kind": "tasks"}).content.decode()
    assert reverse("tasks:task", args=[personas.task.pk]) in html


def test_password_change(client, personas):
    user = personas.users["viewer"]
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "namro-test-password",
            "new_password1": "mat-khau-moi-2025!",
            "new_password2": "mat-khau-moi-2025!",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("mat-khau-moi-2025!")


@pytest.mark.parametrize("rows", [10, 500])
def test_search_query_count_does_not_grow(client, django_assert_num_queries, rows):
    unit = UnitFactory(name="Sở Tìm kiếm")
    user = UserFactory(username=f"search{rows}")
    grant(user, "tracker", unit)
    doc = DocumentFactory(issuer=unit)
    for n in range(rows):
        TaskFactory(document=doc, lead_unit=unit, action=f"Số hóa hồ sơ đợt {n}")
    client.force_login(user)
    # session, user, scopes, the tops of the trees, then one query per kind (units, people,
    # documents, tasks), and the top bar's count of what waits
    with django_assert_num_queries(9):
        assert client.get(reverse("search"), {"q": "so hoa"}).status_code == 200
    # one kind, paginated: count + page (and the tops of the trees)
    with django_assert_num_queries(7):
        response = client.get(reverse("search"), {"q": "so hoa", "kind": "tasks"})
    assert "Trang 1/" in response.content.decode() or rows <= 25


def test_out_of_scope_page_is_a_vietnamese_404(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.get(reverse("tasks:task", args=[personas.outside_task.pk]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_htmx_history_restore_gets_the_whole_page(client, personas):
    client.force_login(personas.users["reporter"])
    response = client.get(
        reverse("home"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]
