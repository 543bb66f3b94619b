"""A hand-worked example of evaluation by results under Decree 335/2025/NĐ-CP, reproduced
through the real evaluation and the page.

The department "Sở Nội vụ" (under the province) has two divisions, "Phòng Một" and "Phòng
Hai", and seven people: its head (Giám đốc) and six officials. Every product is worth 100
points: 50 for timeliness, 50 for quality. Late: −25% of the timeliness points (−12.5). Each
time sent back (a failed quality check): −25% of the quality points (−12.5). Not completed by
the end of the period: 0. A waiver (an objective cause confirmed by a competent authority)
takes the deductions away; a waived product not completed is left out of the score.
Bands: ≥ 90 excellent, ≥ 70 good, ≥ 50 adequate, < 50 failed.

Ms Lan's products, first quarter 2026 (all led by the department, owned by her):

    #  product                       deadline  outcome                       time  qual  points
    1  on time                       15/01     done 10/01                    50    50    100
    2  late                          10/02     done 20/02                    37.5  50     87.5
    3  sent back once (failed check) 10/03     sent back 02/03, done 05/03   50    37.5   87.5
    4  not completed                 20/03     —                              0     0      0
    5  late, WAIVED                  25/02     done 05/03, waiver 01/UBND    50    50    100
    6  monthly report, January       31/01     done 30/01                    50    50    100
    7  monthly report, February      28/02     not sent, WAIVED 02/UBND      — left out —
    8  monthly report, March         31/03     done 28/03                    50    50    100

    due 8; waived 2; counted 8 − 1 = 7; completed 6 (1, 2, 3, 5, 6, 8)
    total 100 + 87.5 + 87.5 + 0 + 100 + 100 + 100 = 575  → score 575 / 7 = 82.142… = 82.14
    timeliness 50 + 37.5 + 50 + 0 + 50 + 50 + 50 = 287.5 → 287.5 / 7 = 41.07
    quality    50 + 50 + 37.5 + 0 + 50 + 50 + 50 = 287.5 → 41.07
    quantity   6 / 7 = 0.8571;  on time 4 (1, 3, 6, 8) / 8 due = 0.5
    rating: 70 ≤ 82.14 < 90 → good
    without the two waivers: #5 scores 87.5 and #7 counts 0 over 8 products:
    (575 − 100 + 87.5) / 8 = 562.5 / 8 = 70.31

    February 2026 alone, as it stood on 28/02: #2 (87.5); #5 not yet completed (done 05/03)
    and waived: left out; #7 waived, not completed: left out → 87.5 / 1 = 87.5 → good.
    The year 2026: the monthly report was cancelled from 01/04, so the year counts the same
    eight products as the quarter: 82.14.

The head, Mr Hùng (Giám đốc), owns one product done on time: own score 100. The unit-results
component is worth 100 points when every sub-unit is at least adequate, 50 when one (or more)
is failed. Phòng Một: one product on time → 100, excellent. Phòng Hai: one product not
completed → 0, failed. So the component is 50, and his score is
    0.5 × 100 + 0.5 × 50 = 75 → good.

The other officials, first quarter:
    Minh  one product on time                 → 100 excellent (on-time rate 1.0)
    Nga   one product on time                 → 100 excellent (on-time rate 1.0)
    Oanh  one product late, WAIVED            → 100 excellent (on-time rate 0.0)
    Phúc  one product late                    → 87.5 good
    Quân  nothing due                         → no score, not rated

The cap: rated good or above within the unit: Lan, Hùng, Minh, Nga, Oanh, Phúc = 6;
excellent may be at most 20% of 6 = 1.2 → 1 (rounded down). Three earned excellent; the order
that decides is the score (all 100), then the on-time rate (Oanh's 0.0 puts her last), then
who was recorded first (Minh before Nga). Minh stays excellent; Nga and Oanh are shown good,
with a note that the cap took the excellent away.

Ranking: equal scores share a rank and are shown as ties:
    1= Minh 100, 1= Nga 100, 1= Oanh 100, 4 Phúc 87.5, 5 Lan 82.14, 6 Hùng 75, Quân unranked.

The department as a whole (its subtree): 8 + 5 + 1 + 1 = 15 products, 3 waived (Lan's two,
Oanh's), 14 counted (Lan's waived February report left out):
    575 (Lan) + 100 + 100 + 100 + 87.5 (Minh, Nga, Oanh, Phúc) + 100 (Hùng)
    + 100 (Phòng Một) + 0 (Phòng Hai) = 1162.5 → 1162.5 / 14 = 83.035… = 83.04, good.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from namro.access.models import Role
from namro.factories import DocumentFactory, PersonFactory, UnitFactory, UserFactory, grant
from namro.insights.evaluation import Period, evaluate_people, evaluate_person, evaluate_unit
from namro.insights.models import Waiver
from namro.insights.scoring import Rating
from namro.insights.services import waiver_record
from namro.orgs.services import position_create
from namro.tasks import services

pytestmark = pytest.mark.django_db

Q1 = Period("quarter", 2026, 1)
FEBRUARY = Period("month", 2026, 2)
YEAR = Period("year", 2026, 1)
DECIDED = date(2026, 4, 5)


@pytest.fixture
def example():
    province = UnitFactory(name="UBND tỉnh")
    department = UnitFactory(parent=province, name="Sở Nội vụ")
    one = UnitFactory(parent=department, name="Phòng Một")
    two = UnitFactory(parent=department, name="Phòng Hai")
    document = DocumentFactory(issuer=province, issued_on=date(2025, 12, 20))
    office = UserFactory(username="vanphong")
    grant(office, Role.TRACKER, province)
    people = {}
    for name, title, head in [
        ("Hùng", "Giám đốc Sở", True),
        ("Lan", "Chuyên viên", False),
        ("Minh", "Chuyên viên", False),
        ("Nga", "Chuyên viên", False),
        ("Oanh", "Chuyên viên", False),
        ("Phúc", "Chuyên viên", False),
        ("Quân", "Chuyên viên", False),
    ]:
        people[name] = PersonFactory(full_name=name)
        position_create(
            actor=None, person=people[name], title=title, unit=department, is_head=head,
            since=date(2025, 1, 1),
        )  # fmt: skip

    def task(due=None, owner=None, unit=department, **kw):
        return services.task_create(
            actor=None, document=document, action="Việc", lead_unit=unit, due_on=due,
            owner=owner, assigned_on=date(2026, 1, 2), **kw,
        )  # fmt: skip

    def done(t, claimed, confirmed=None):
        services.task_claim_done(
            actor=None, task=t, output_note="Xong", on=claimed, explanation="Chậm"
        )
        services.task_confirm(actor=None, task=t, on=confirmed or claimed)

    def waive(t, number, occurrence=None):
        return waiver_record(
            actor=office, task=t, decided_by="Chủ tịch UBND tỉnh", decision_number=number,
            decided_on=DECIDED, reason="Thiên tai", occurrence_due_on=occurrence,
            on=date(2026, 4, 6),
        )  # fmt: skip

    lan = people["Lan"]
    done(task(date(2026, 1, 15), lan), date(2026, 1, 10), date(2026, 1, 11))  # 1
    done(task(date(2026, 2, 10), lan), date(2026, 2, 20), date(2026, 2, 21))  # 2
    third = task(date(2026, 3, 10), lan)  # 3
    services.task_claim_done(actor=None, task=third, output_note="Xong", on=date(2026, 3, 1))
    services.task_send_back(actor=None, task=third, reason="Chưa đạt", on=date(2026, 3, 2))
    done(third, date(2026, 3, 5), date(2026, 3, 6))
    task(date(2026, 3, 20), lan)  # 4
    fifth = task(date(2026, 2, 25), lan)  # 5
    done(fifth, date(2026, 3, 5), date(2026, 3, 6))
    monthly = task(owner=lan, recurrence="monthly")  # 6, 7, 8
    done(monthly, date(2026, 1, 30), date(2026, 1, 31))
    done(monthly, date(2026, 3, 28), date(2026, 3, 30))
    services.task_cancel(actor=None, task=monthly, reason="Thôi báo cáo", on=date(2026, 4, 1))
    waive(fifth, "01/UBND")
    waive(monthly, "02/UBND", occurrence=date(2026, 2, 28))

    done(task(date(2026, 2, 1), people["Hùng"]), date(2026, 1, 25))
    done(task(date(2026, 2, 1), people["Minh"]), date(2026, 1, 25))
    done(task(date(2026, 2, 1), people["Nga"]), date(2026, 1, 25))
    oanh = task(date(2026, 2, 1), people["Oanh"])
    done(oanh, date(2026, 2, 9))
    waive(oanh, "03/UBND")
    done(task(date(2026, 2, 1), people["Phúc"]), date(2026, 2, 9))
    done(task(date(2026, 2, 1), unit=one), date(2026, 1, 25))
    task(date(2026, 2, 1), unit=two)
    return {
        "province": province, "department": department, "one": one, "two": two,
        "office": office, "people": people, "monthly": monthly, "fifth": fifth,
    }  # fmt: skip


def test_a_person_with_on_time_late_failed_and_waived_products(example):
    lan = example["people"]["Lan"]
    result = evaluate_person(lan, Q1, user=example["office"])
    assert (result.due, result.waived, result.counted) == (8, 2, 7)
    assert (result.done_on_time, result.done_late, result.overdue) == (4, 2, 2)
    assert result.score == 82.14  # 575 / 7
    assert (result.timeliness, result.quality) == (41.07, 41.07)
    assert result.quantity_rate == 0.8571 and result.on_time_rate == 0.5
    assert result.rating is Rating.GOOD
    points = sorted((p.product.deadline, p.points, p.counted) for p in result.products)
    assert points == [
        (date(2026, 1, 15), 100.0, True),
        (date(2026, 1, 31), 100.0, True),
        (date(2026, 2, 10), 87.5, True),
        (date(2026, 2, 25), 100.0, True),  # late, waived
        (date(2026, 2, 28), 0.0, False),  # not sent, waived: left out
        (date(2026, 3, 10), 87.5, True),
        (date(2026, 3, 20), 0.0, True),
        (date(2026, 3, 31), 100.0, True),
    ]
    # Month and year: 87.5 / 1, and the quarter's eight products again.
    february = evaluate_person(lan, FEBRUARY, user=example["office"])
    assert (february.due, february.waived, february.counted, february.score) == (3, 2, 1, 87.5)
    assert february.rating is Rating.GOOD
    assert evaluate_person(lan, YEAR, user=example["office"]).score == 82.14


def test_without_the_waivers_the_deductions_stand(example):
    Waiver.objects.all().delete()
    result = evaluate_person(example["people"]["Lan"], Q1, user=example["office"])
    assert (result.counted, result.score) == (8, 70.31)  # 562.5 / 8


def test_the_head_scores_half_on_the_sub_units_when_one_fails(example):
    found = evaluate_people(example["department"], Q1, user=example["office"])
    head = found.row(example["people"]["Hùng"].pk)
    assert head.is_head and head.evaluation.score == 100.0
    assert head.leader.component == 50.0
    assert head.leader.failing == (example["two"].pk,)
    assert head.score == 75.0 and head.rating is Rating.GOOD  # 0.5 × 100 + 0.5 × 50


def test_the_unit_over_the_cap_shows_the_excellent_beyond_it_as_good(example):
    found = evaluate_people(example["department"], Q1, user=example["office"])
    people = example["people"]
    assert (found.cap.rated_good_or_above, found.cap.allowed) == (6, 1)
    table = [(r.name, r.rank, r.tied, r.score, r.earned, r.rating, r.capped) for r in found.rows]
    E, G = Rating.EXCELLENT, Rating.GOOD
    assert table == [
        ("Minh", 1, True, 100.0, E, E, False),
        ("Nga", 1, True, 100.0, E, G, True),
        ("Oanh", 1, True, 100.0, E, G, True),
        ("Phúc", 4, False, 87.5, G, G, False),
        ("Lan", 5, False, 82.14, G, G, False),
        ("Hùng", 6, False, 75.0, G, G, False),
        ("Quân", None, False, None, None, None, False),
    ]
    assert found.row(people["Oanh"].pk).evaluation.on_time_rate == 0.0


def test_the_unit_counts_every_product_of_its_subtree(example):
    result = evaluate_unit(example["department"], Q1, user=example["office"])
    assert (result.due, result.waived, result.counted) == (15, 2 + 1, 14)
    assert result.score == 83.04  # 1162.5 / 14


def test_the_page_shows_the_figures_and_links_each_point_to_its_tasks(client, example):
    client.force_login(example["office"])
    url = reverse("insights:evaluation", args=[example["department"].pk])
    response = client.get(url, {"period": "quarter-2026-1"})
    html = response.content.decode()
    assert response.context["figures"]["score"] == 83.04
    people = {r["row"].name: r for r in response.context["people"]}
    assert people["Lan"]["row"].score == 82.14
    assert people["Nga"]["row"].capped and "vượt 20%" in html
    assert "1=" in html  # the ties are shown as ties
    lan = example["people"]["Lan"]
    person_url = reverse("insights:person_evaluation", args=[lan.pk])
    assert person_url in html
    page = client.get(person_url, {"period": "quarter-2026-1"})
    text = page.content.decode()
    assert page.context["row"].score == 82.14
    assert "82,14" in text and "41,07" in text and "85,7%" in text  # score, quality, 6/7
    tasks = {row[0].product.task_id for row in page.context["rows"]}
    assert tasks == set(
        example["monthly"].document.tasks.filter(owner=lan).values_list("pk", flat=True)
    )
    for task_id in tasks:
        assert reverse("tasks:task", args=[task_id]) in text
    assert "01/UBND" in text and "02/UBND" in text  # each waiver, with its decision
    assert "28/02/2026" in text  # the periodic occurrence behind the left-out product
    head = client.get(
        reverse("insights:person_evaluation", args=[example["people"]["Hùng"].pk]),
        {"period": "quarter-2026-1"},
    )
    assert head.context["row"].leader.component == 50.0 and "75,0" in head.content.decode()
    assert [c["name"] for c in head.context["sub_units"]] == ["Phòng Một", "Phòng Hai"]


def test_a_waiver_needs_its_decision_and_the_competent_authority(example):
    fifth, office = example["fifth"], example["office"]
    with pytest.raises(ValidationError) as refused:
        waiver_record(
            actor=office, task=fifth, decided_by="", decision_number=" ", decided_on=None,
            reason="",
        )  # fmt: skip
    assert set(refused.value.message_dict) == {
        "decided_by", "decision_number", "decided_on", "reason",
    }  # fmt: skip
    with pytest.raises(ValidationError) as twice:
        waiver_record(
            actor=office, task=fifth, decided_by="UBND", decision_number="9", decided_on=DECIDED,
            reason="Lại",
        )  # fmt: skip
    assert "đã được ghi nhận" in " ".join(twice.value.messages)
    with pytest.raises(ValidationError) as not_a_deadline:
        waiver_record(
            actor=office, task=example["monthly"], decided_by="UBND", decision_number="9",
            decided_on=DECIDED, reason="Lại", occurrence_due_on=date(2026, 3, 15),
        )  # fmt: skip
    assert "15/03/2026" in " ".join(not_a_deadline.value.messages)
    reporter = UserFactory(username="baocao")
    grant(reporter, Role.REPORTER, example["department"])
    with pytest.raises(PermissionDenied):
        waiver_record(
            actor=reporter, task=example["monthly"], decided_by="UBND", decision_number="9",
            decided_on=DECIDED, reason="Lại", occurrence_due_on=date(2026, 3, 31),
        )  # fmt: skip


def test_the_pages_speak_english_when_asked(client, example):
    client.force_login(example["office"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    unit = client.get(
        reverse("insights:evaluation", args=[example["department"].pk]),
        {"period": "quarter-2026-1"},
    ).content.decode()
    assert "The unit&#x27;s officials" in unit or "The unit's officials" in unit
    assert "but excellent ratings may not exceed 20% of" in unit
    person = client.get(
        reverse("insights:person_evaluation", args=[example["people"]["Lan"].pk]),
        {"period": "quarter-2026-1"},
    ).content.decode()
    for text in ("Quantity (completed/counted)", "Objective cause", "confirmed by", "not counted"):
        assert text in person
    assert "Cán bộ" not in person and "xác nhận" not in person
