"""The demo story loads once, tells every status, and names only real people the report names."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from namro.access import factor
from namro.access.models import RoleAssignment
from namro.access.tests.otp import code_for
from namro.audit.services import verify_chain
from namro.demo import loader as demo
from namro.orgs.models import Person, Unit, UnitLevel
from namro.tasks import rules
from namro.tasks.aggregation import count_by_status
from namro.tasks.models import Task

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo.load()
            yield
            transaction.set_rollback(True)


def test_demo_has_hanoi_with_its_126_communes(loaded):
    hanoi = Unit.objects.get(name="Thành ủy Hà Nội")
    assert Unit.objects.filter(parent=hanoi, level=UnitLevel.COMMUNE).count() == 126


def test_demo_tells_every_status(loaded):
    counts = count_by_status(Task.objects.all(), timezone.localdate())
    for status in rules.Status:
        assert counts[status.value] > 0, status
    assert counts["due_soon"] > 0
    assert 200 <= Task.objects.count() <= 600


def test_demo_names_real_people_only_as_reported_and_invents_the_rest(loaded):
    real = set(Person.objects.filter(is_sample=False).values_list("full_name", flat=True))
    assert real == {"Trương Thị Mai", "Đinh Tiến Dũng", "Nguyễn Thị Tuyến"}
    mai = Person.objects.get(full_name="Trương Thị Mai")
    assert set(mai.positions.values_list("title", flat=True)) == {
        "Ủy viên Bộ Chính trị",
        "Bí thư Trung ương Đảng",
        "Trưởng Ban Tổ chức Trung ương",
    }
    owners = Person.objects.filter(owned_tasks__isnull=False).distinct()
    assert owners.exists() and not owners.filter(is_sample=False).exists()


def test_demo_logins_exist_with_one_role_each(loaded):
    users = get_user_model().objects.filter(username__in=demo.DEMO_USERS)
    assert sorted(u.username for u in users) == sorted(demo.DEMO_USERS)
    for user in users:
        assert user.check_password("namro-demo")
        assert RoleAssignment.objects.filter(user=user).count() == 1


def test_loading_twice_adds_nothing(loaded):
    counts = (Unit.objects.count(), Task.objects.count(), Person.objects.count())
    assert demo.load() is False
    assert (Unit.objects.count(), Task.objects.count(), Person.objects.count()) == counts


def test_demo_history_keeps_the_audit_chain_whole(loaded):
    assert verify_chain().ok


def test_demo_command_without_serving_prints_the_logins(loaded, capsys):
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    for username in demo.DEMO_USERS:
        assert username in out
    assert "http://127.0.0.1:8000/" in out


def test_demo_records_the_seed_visit_end_to_end(loaded):
    from datetime import date

    from namro.oversight.models import Recommendation, Visit
    from namro.programs.models import WorkProgram

    visit = Visit.objects.get(visiting_unit__name__startswith="Đoàn công tác số 1")
    assert (visit.host_unit.name, visit.held_on, visit.state) == (
        "Ban Thường vụ Thành ủy Hà Nội",
        date(2023, 4, 12),
        "held",
    )
    head = visit.members.get(role="head")
    assert head.person.full_name == "Trương Thị Mai"
    assert "Trưởng Ban Tổ chức Trung ương" in head.position_title
    assert visit.subject_documents.get().title.startswith("Nghị quyết Hội nghị Trung ương 5 khóa X")
    assert visit.conclusion.kind == "conclusion_notice" and visit.report is not None
    rec = Recommendation.objects.get(visit=visit, is_sample=False)
    assert rec.subject == "Đẩy mạnh phân cấp, phân quyền nhằm phát huy tính chủ động của địa phương"
    assert (rec.state, rec.raised_by.name, rec.responsible_unit.name) == (
        "under_consideration",
        "Ban Thường vụ Thành ủy Hà Nội",
        "Ban Tổ chức Trung ương",
    )
    assert rec.events.last().note == "Sẽ xem xét cụ thể để tham mưu Trung ương"
    kinds = set(
        WorkProgram.objects.filter(unit__name="Thành ủy Hà Nội").values_list("kind", flat=True)
    )
    assert kinds == {"term", "annual"}


def test_every_demo_role_that_acts_finds_work_waiting(loaded):
    from namro.inbox.selectors import Kind, counts

    today = timezone.localdate()
    User = get_user_model()
    waiting = {name: counts(User.objects.get(username=name), today) for name in demo.DEMO_USERS}
    assert waiting["reporter"][Kind.EXPLANATION_TO_ANSWER] >= 1
    assert waiting["reporter"][Kind.SENT_BACK] >= 1
    assert waiting["tracker"][Kind.CLAIM] >= 1
    assert waiting["tracker"][Kind.EXPLANATION_TO_REVIEW] >= 1
    assert waiting["tracker"][Kind.ENTRY] >= 1
    assert waiting["leader"][Kind.EXTENSION] >= 1
    assert waiting["leader"][Kind.CLAIM] >= 1
    assert sum(waiting["admin"].values()) >= sum(waiting["tracker"].values())
    # A viewer acts on nothing: nothing waits for them.
    assert sum(waiting["viewer"].values()) == 0


def test_every_demo_role_that_acts_sees_its_inbox_page(loaded, client):
    User = get_user_model()
    for name in ["admin", "tracker", "leader", "reporter"]:
        client.force_login(User.objects.get(username=name))
        response = client.get("/viec-can-xu-ly/")
        assert response.status_code == 200, name
        assert 'class="inbox-row"' in response.content.decode(), name


def test_the_demo_leader_signs_in_with_the_printed_secret(loaded, client, capsys):
    call_command("demo", "--no-serve")
    assert demo.demo_otp_secret() in capsys.readouterr().out
    leader = get_user_model().objects.get(username="leader")
    device = factor.device(leader)
    assert device is not None and factor.secret_of(device) == demo.demo_otp_secret()
    assert factor.device(get_user_model().objects.get(username="tracker")) is None
    client.post(reverse("login"), {"username": "leader", "password": "namro-demo"})
    assert client.get("/").url.startswith(reverse("second_factor"))
    assert client.post(reverse("second_factor"), {"code": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_the_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo", "--no-serve")
