"""The rules added for the shapes real documents and news use, each on hand-written sentences
of the general shape, with fictional places and people."""

from datetime import date
from typing import Any

from namro.intake.core import extract
from namro.intake.core.bench import context_date, in_part
from namro.intake.core.text import Doc
from namro.intake.core.units import parse_unit_list

D = date(2026, 3, 2)


def tasks(text: str, when: date | None = D) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = extract(text, doc_date=when).to_dict()["tasks"]
    return result


def only(text: str, when: date | None = D) -> dict[str, Any]:
    found = tasks(text, when)
    assert len(found) == 1, found
    return found[0]


def positions(text: str) -> dict[str, list[str]]:
    return {p["name"]: p["positions"] for p in extract(text).to_dict()["people"]}


def units(text: str) -> list[str]:
    return [u.text for u in parse_unit_list(Doc.of(text), 0)[0]]


# Standing duties


def test_a_guiding_duty_without_a_deadline_is_ongoing() -> None:
    task = only("Giao Sở Nội vụ hướng dẫn các xã bố trí công chức theo vị trí việc làm.")
    assert task["recurrence"] == "ongoing"
    assert task["deadline"] is None


def test_carrying_out_a_plan_without_a_deadline_is_ongoing() -> None:
    task = only("Yêu cầu Sở Y tế tổ chức triển khai thực hiện Kế hoạch này.")
    assert task["recurrence"] == "ongoing"


def test_a_dated_report_closes_a_checking_duty() -> None:
    task = only(
        "Giao Sở Công Thương tăng cường kiểm tra thị trường; tổng hợp kết quả, báo cáo UBND "
        "tỉnh trước ngày 30/6/2026."
    )
    assert task["deadline"] == "2026-06-30"
    assert task["recurrence"] == "none"


def test_weekly_work_is_ongoing() -> None:
    task = only("Giao Văn phòng UBND tỉnh hằng tuần tổng hợp tình hình giải ngân.")
    assert task["recurrence"] == "ongoing"


def test_a_holiday_or_a_meeting_ties_a_deadline_to_an_event() -> None:
    task = only("Giao Sở Giáo dục và Đào tạo tổ chức tập huấn cho giáo viên trước kỳ nghỉ hè.")
    assert task["deadline_text"] == "trước kỳ nghỉ hè"
    assert task["deadline"] is None
    assert task["recurrence"] == "none"


# News reports of an assignment


def test_a_reported_assignment_is_a_task() -> None:
    task = only(
        "Chủ tịch UBND tỉnh đã giao Sở Xây dựng rà soát các công trình xuống cấp, báo cáo "
        "trước ngày 15/5/2026."
    )
    assert task["lead"] == "Sở Xây dựng"
    assert task["deadline"] == "2026-05-15"


def test_a_letter_that_asked_for_work_is_a_task() -> None:
    task = only("UBND tỉnh đã có văn bản yêu cầu các sở, ngành rà soát thủ tục hành chính.")
    assert task["lead"] == "các sở, ngành"


# Scraping noise


def test_markdown_bold_marks_are_read_as_spaces() -> None:
    task = only("Giao Sở Tài chính hoàn thành dự toán **trước ngày 15/8/2026**.")
    assert task["deadline"] == "2026-08-15"
    assert "*" not in task["action"]


def test_bao_cao_opens_an_action_not_a_newspaper() -> None:
    found = tasks(
        "Giao Sở Công Thương rà soát các chợ đầu mối. Báo cáo UBND tỉnh trước ngày 10/9/2026."
    )
    assert found and all(t["lead"] == "Sở Công Thương" for t in found)


# Items below a heading sentence


def test_bracketed_numbers_open_items() -> None:
    found = tasks(
        "(1) Sở Tư pháp có trách nhiệm rà soát văn bản trước ngày 30/6/2026.\n"
        "(2) Sở Nội vụ có trách nhiệm hướng dẫn các xã kiện toàn bộ máy."
    )
    assert [t["lead"] for t in found] == ["Sở Tư pháp", "Sở Nội vụ"]
    assert found[1]["recurrence"] == "ongoing"


def test_a_heading_sentence_hands_lead_and_coordination_to_ordinal_items() -> None:
    found = tasks(
        "UBND tỉnh giao Sở Kế hoạch chủ trì, phối hợp với Sở Tài chính thực hiện các "
        "nhiệm vụ sau. Thứ nhất, xây dựng kế hoạch cải cách hành chính, trình trước ngày "
        "30/4/2026. Thứ hai, tổng hợp số liệu giải ngân, báo cáo trước ngày 15/5/2026."
    )
    assert [t["lead"] for t in found] == ["Sở Kế hoạch", "Sở Kế hoạch"]
    assert [t["deadline"] for t in found] == ["2026-04-30", "2026-05-15"]
    assert all(t["coordinating"] == ["Sở Tài chính"] for t in found)


# Units


def test_a_lexicon_name_goes_on_after_a_dash() -> None:
    assert units("Vụ Tổ chức - Biên chế chủ trì") == ["Vụ Tổ chức - Biên chế"]
    assert units("Phòng Tài chính - Kế hoạch và Sở Xây dựng") == [
        "Phòng Tài chính - Kế hoạch",
        "Sở Xây dựng",
    ]


def test_provinces_under_the_centre_are_one_collective_unit() -> None:
    assert units("Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương có trách nhiệm") == [
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
    ]


# People


def test_a_body_head_in_lower_case_after_truong() -> None:
    found = positions(
        "Đồng chí Lê Văn Tám, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng ban Tuyên giáo Tỉnh ủy; "
        "đồng chí Đào Thị Na, Trưởng đoàn Đại biểu Quốc hội tỉnh dự hội nghị."
    )
    assert found["Lê Văn Tám"] == ["Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng ban Tuyên giáo Tỉnh ủy"]
    assert found["Đào Thị Na"] == ["Trưởng đoàn Đại biểu Quốc hội tỉnh"]


def test_acting_posts_abbreviated_units_and_the_state_name() -> None:
    found = positions(
        "Đồng chí Phan Văn Khải, Quyền Giám đốc Sở Y tế; đồng chí Hà Thị Mơ, Giám đốc Sở "
        "NN&PTNT; đồng chí Trịnh Quốc Anh, Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam."
    )
    assert found["Phan Văn Khải"] == ["Quyền Giám đốc Sở Y tế"]
    assert found["Hà Thị Mơ"] == ["Giám đốc Sở NN&PTNT"]
    assert found["Trịnh Quốc Anh"] == ["Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam"]


def test_group_members_with_their_own_titles_before_the_name() -> None:
    found = positions(
        "Cùng dự có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy: Phó Chủ tịch UBND tỉnh Lò Văn "
        "Sáu, Giám đốc Sở Tài chính Vi Thị Hoa."
    )
    assert found["Lò Văn Sáu"] == ["Ủy viên Ban Thường vụ Tỉnh ủy", "Phó Chủ tịch UBND tỉnh"]
    assert found["Vi Thị Hoa"] == ["Ủy viên Ban Thường vụ Tỉnh ủy", "Giám đốc Sở Tài chính"]


def test_a_rank_starts_the_next_member_of_a_group() -> None:
    found = positions(
        "Dự có các đồng chí Ủy viên Trung ương Đảng, Thứ trưởng Bộ Quốc phòng: Thượng tướng "
        "Ngô Văn Bình, Ủy viên Thường vụ Quân ủy Trung ương; Trung tướng Đặng Minh Hải."
    )
    assert found["Ngô Văn Bình"] == [
        "Ủy viên Trung ương Đảng",
        "Thứ trưởng Bộ Quốc phòng",
        "Ủy viên Thường vụ Quân ủy Trung ương",
    ]
    assert found["Đặng Minh Hải"] == ["Ủy viên Trung ương Đảng", "Thứ trưởng Bộ Quốc phòng"]


# The bench's split and dates


def test_the_split_is_fixed_and_takes_about_a_third() -> None:
    ids = [f"case{n:03d}" for n in range(300)]
    kept = [i for i in ids if in_part(i, "kept")]
    assert 80 <= len(kept) <= 120
    assert all(in_part(i, "tune") != in_part(i, "kept") for i in ids)
    assert all(in_part(i, "all") for i in ids)
    assert in_part("case000", "kept") == in_part("case000", "kept")


def test_context_dates_without_a_day() -> None:
    assert context_date("2015") == date(2015, 1, 1)
    assert context_date("2016-06") == date(2016, 6, 1)
    assert context_date("2016-06-20") == date(2016, 6, 20)
    assert context_date(None) is None
