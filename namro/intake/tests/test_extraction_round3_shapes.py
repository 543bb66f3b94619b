"""The third round of rules for real administrative text, each on hand-written sentences of
the general shape, with fictional places and people (none is copied from the real set)."""

from datetime import date

from .shapes import readers

D = date(2026, 3, 2)
tasks, only = readers(D)


# An assignment told from its receiver: "X được giao / được yêu cầu …"


def test_a_unit_that_is_assigned_leads() -> None:
    task = only(
        "Sở Xây dựng được giao chủ trì, phối hợp với Sở Tài chính rà soát các công trình "
        "xuống cấp, báo cáo UBND tỉnh trước ngày 15/5/2026."
    )
    assert task["lead"] == "Sở Xây dựng"
    assert task["coordinating"] == ["Sở Tài chính"]
    assert task["deadline"] == "2026-05-15"


def test_a_passive_request_in_news_is_a_task() -> None:
    found = tasks(
        "Sáng 3/3, UBND tỉnh họp bàn về mùa khô. UBND các xã được yêu cầu khẩn trương "
        "kiểm tra các hồ chứa nước, báo cáo trước ngày 20/3/2026."
    )
    assert [(t["lead"], t["deadline"]) for t in found] == [("UBND các xã", "2026-03-20")]


def test_a_task_given_to_an_object_is_not_a_passive_assignment() -> None:
    # the subject is no unit: nothing is assigned to anyone
    assert tasks("Kinh phí được giao bổ sung cho các dự án trọng điểm trong năm.") == []


# A letter to its addressees: "có văn bản gửi A, B, yêu cầu …"


def test_the_addressees_of_a_letter_lead_its_request() -> None:
    found = tasks(
        "Sở Giao thông vận tải vừa có văn bản gửi UBND các xã và Ban Quản lý dự án tỉnh, yêu "
        "cầu khẩn trương sửa chữa các cầu yếu trước ngày 30/4/2026."
    )
    assert [t["lead"] for t in found] == ["UBND các xã", "Ban Quản lý dự án tỉnh"]
    assert {t["deadline"] for t in found} == {"2026-04-30"}


def test_a_request_with_its_own_lead_keeps_it() -> None:
    task = only(
        "Sở Y tế có văn bản gửi các bệnh viện, yêu cầu Trung tâm Kiểm soát bệnh tật tỉnh "
        "tăng cường giám sát dịch bệnh."
    )
    assert task["lead"] == "Trung tâm Kiểm soát bệnh tật tỉnh"


# Follow-up sentences and steps


def test_a_time_limit_sentence_closes_the_steps_before_it() -> None:
    task = only(
        "UBND tỉnh giao Sở Nội vụ chủ trì tổ chức kiểm tra, xác minh đơn phản ánh; có văn bản "
        "trả lời công dân, đồng thời báo cáo UBND tỉnh kết quả. Thời gian hoàn thành trước "
        "ngày 25/3/2026."
    )
    assert task["lead"] == "Sở Nội vụ"
    assert task["deadline"] == "2026-03-25"
    assert task["recurrence"] == "none"
    assert "có văn bản trả lời" in task["action"]


def test_a_period_before_the_verb_of_an_item_opens_it() -> None:
    found = tasks(
        "Giám đốc Sở giao Phòng Tổ chức chủ trì thực hiện các nhiệm vụ sau. Thứ nhất, hằng "
        "tuần theo dõi, cập nhật số hồ sơ tồn đọng. Thứ hai, hoàn thiện dự thảo Quy chế, "
        "trình Giám đốc Sở trước ngày 30/4/2026."
    )
    assert [(t["lead"], t["recurrence"], t["deadline"]) for t in found] == [
        ("Phòng Tổ chức", "ongoing", None),
        ("Phòng Tổ chức", "none", "2026-04-30"),
    ]


# Deadlines reported after their day


def test_a_binding_limit_before_the_report_date_is_still_the_deadline() -> None:
    task = only(
        "Bộ trưởng giao Vụ Pháp chế hoàn thiện dự thảo Thông tư, gửi lấy ý kiến chậm nhất "
        "ngày 20/5/2026.",
        date(2026, 5, 22),
    )
    assert task["deadline"] == "2026-05-20"


def test_a_date_before_the_document_qualifying_the_object_is_no_deadline() -> None:
    task = only(
        "Giao Sở Tài chính rà soát các hợp đồng ký trước ngày 01/01/2026.", date(2026, 3, 2)
    )
    assert task["deadline"] is None


# Standing duties of carrying out a mandate


def test_carrying_out_directions_without_a_deadline_is_ongoing() -> None:
    task = only("Giao Sở Công Thương tiếp tục thực hiện chỉ đạo của UBND tỉnh tại Công văn số 12.")
    assert task["recurrence"] == "ongoing"


def test_carrying_out_the_tasks_of_a_reform_is_ongoing() -> None:
    task = only(
        "Yêu cầu các sở, ban, ngành khẩn trương quán triệt, thực hiện các nhiệm vụ trọng tâm "
        "trong chuyển đổi số."
    )
    assert task["recurrence"] == "ongoing"


def test_carrying_out_one_named_piece_of_work_is_one_off() -> None:
    task = only("Giao UBND xã Đông Hòa thực hiện đo đạc lại ranh giới khu đất.")
    assert task["recurrence"] == "none"


def test_integrating_into_plans_is_ongoing() -> None:
    task = only("Giao các sở, ngành chủ động lồng ghép nội dung bình đẳng giới vào kế hoạch.")
    assert task["recurrence"] == "ongoing"


def test_a_colon_after_the_lead_does_not_hide_a_guiding_verb() -> None:
    task = only("Đề nghị Ban Dân vận Tỉnh ủy: Định hướng các hội đoàn thể tuyên truyền Lễ hội.")
    assert task["lead"] == "Ban Dân vận Tỉnh ủy"
    assert task["recurrence"] == "ongoing"
    assert task["action"].endswith("Lễ hội")


# Untimed steps of one lead


def test_untimed_steps_of_one_lead_are_one_task() -> None:
    task = only(
        "Giao Sở Kế hoạch rà soát danh mục dự án; xây dựng bộ tiêu chí ưu tiên; đề xuất cơ chế "
        "huy động vốn."
    )
    assert task["action"].count(";") == 2
    assert task["recurrence"] == "none"


def test_a_timed_step_still_stands_apart_from_a_standing_one() -> None:
    found = tasks(
        "Giao Sở Y tế theo dõi tình hình dịch bệnh; xây dựng kế hoạch tiêm chủng trước ngày "
        "30/4/2026."
    )
    assert [t["recurrence"] for t in found] == ["ongoing", "none"]


# Conclusion notices of a working session


CONCLUSION = """THÔNG BÁO
KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO HUYỆN
ĐÔNG SƠN

1. Rà soát quy hoạch sử dụng đất, bảo đảm quỹ đất cho khu công nghiệp.

2. Cần đánh giá kỹ tiềm năng du lịch; trên cơ sở đó xây dựng đề án phát triển du lịch.
"""


def test_a_conclusions_items_without_a_lead_go_to_the_body_worked_with() -> None:
    found = tasks(CONCLUSION)
    assert [t["lead"] for t in found] == ["huyện Đông Sơn", "huyện Đông Sơn"]
    assert found[1]["action"].startswith("đánh giá kỹ")


def test_a_document_that_is_no_conclusion_keeps_its_items_without_a_lead() -> None:
    found = tasks("KẾ HOẠCH\n\n1. Rà soát quy hoạch sử dụng đất của huyện Đông Sơn.\n")
    assert [t["lead"] for t in found] == [None]


# Bare heads sharing a place


def test_bare_heads_before_a_unit_of_a_place_share_its_place() -> None:
    found = tasks(
        "Đảng ủy, UBND xã Tân Lập khẩn trương vận động người dân bàn giao mặt bằng trước ngày "
        "30/4/2026."
    )
    assert [t["lead"] for t in found] == ["Đảng ủy xã Tân Lập", "UBND xã Tân Lập"]


# Tables scraped as markdown


SCHEDULE = """Phân công cơ quan trình, cơ quan chủ trì thẩm tra các đề án như sau:

STT | Tên đề án | Cơ quan trình | Cơ quan chủ trì thẩm tra | Cơ quan tham gia thẩm tra | Tiến độ trình |
|---|---|---|---|---|---|
Đề án phát triển cảng cá (điều chỉnh) | UBND tỉnh | Ban Kinh tế - Ngân sách | Ban Pháp chế, các Ban khác của HĐND | Kỳ họp tháng 7/2026 | |
"""


def test_a_markdown_table_with_rows_one_cell_to_the_left_and_two_roles() -> None:
    found = tasks(SCHEDULE)
    assert [(t["lead"], t["coordinating"]) for t in found] == [
        ("UBND tỉnh", []),
        ("Ban Kinh tế - Ngân sách", ["Ban Pháp chế", "các Ban khác của HĐND"]),
    ]
    assert {t["action"] for t in found} == {"Đề án phát triển cảng cá (điều chỉnh)"}
    assert {t["deadline"] for t in found} == {"2026-07-31"}
    assert {t["deadline_text"] for t in found} == {"Kỳ họp tháng 7/2026"}


# Clauses that go on


def test_the_object_goes_on_past_a_semicolon_with_the_deadline() -> None:
    task = only(
        "Sở Nội vụ chủ trì ban hành hướng dẫn về tiêu chuẩn công chức xã; về chế độ phụ cấp "
        "cho người hoạt động không chuyên trách hoàn thành trước ngày 15/6/2026."
    )
    assert task["deadline"] == "2026-06-15"
    assert "chế độ phụ cấp" in task["action"]


def test_an_item_opening_with_then_is_a_step() -> None:
    found = tasks(
        "Giao Sở Nội vụ thực hiện các nội dung sau:\n\n"
        "Hướng dẫn tạm thời biên chế của các xã, hoàn thành trong tháng 5/2026;\n\n"
        "Sau đó, xác định vị trí việc làm của từng xã.\n"
    )
    assert [t["action"] for t in found] == [
        "Hướng dẫn tạm thời biên chế của các xã",
        "xác định vị trí việc làm của từng xã",
    ]
    assert {t["lead"] for t in found} == {"Sở Nội vụ"}
