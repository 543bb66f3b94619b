"""The rules added for the shapes real documents and news use, each on hand-written sentences
of the general shape, with fictional places and people."""

from datetime import date

from namro.intake.core.bench import context_date, in_part

from .shapes import positions, readers, units

D = date(2026, 3, 2)
tasks, only = readers(D)


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


# Collective leads listed in one breath


def test_collectives_listed_in_one_breath_give_one_task_per_lead() -> None:
    found = tasks(
        "Thủ tướng Chính phủ yêu cầu các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, các "
        "tỉnh, TP trực thuộc T.Ư, các tập đoàn kinh tế, tổng công ty Nhà nước rà soát danh mục "
        "dự án trước ngày 30/6/2026."
    )
    assert [t["lead"] for t in found] == [
        "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
        "các tỉnh, TP trực thuộc T.Ư",
        "các tập đoàn kinh tế, tổng công ty Nhà nước",
    ]
    assert {t["deadline"] for t in found} == {"2026-06-30"}


def test_directing_the_making_of_a_plan_is_one_off() -> None:
    task = only("Giao các sở, ban, ngành tập trung chỉ đạo xây dựng kế hoạch chuyển đổi số.")
    assert task["recurrence"] == "none"


def test_party_committees_chain_as_one_collective_subject() -> None:
    task = only("- Các tỉnh ủy, thành ủy chịu trách nhiệm hướng dẫn các nội dung theo thẩm quyền.")
    assert task["lead"] == "Các tỉnh ủy, thành ủy"
    assert task["recurrence"] == "ongoing"


# Follow-up sentences and steps


def test_a_follow_up_report_sentence_joins_the_task_before_it() -> None:
    task = only(
        "Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính kiểm tra hiện trạng nhà ở xã hội "
        "tại xã Thử Nghiệm. Báo cáo kết quả về UBND tỉnh trong tháng 4 năm 2026."
    )
    assert task["lead"] == "Sở Xây dựng"
    assert task["coordinating"] == ["Sở Tài chính"]
    assert task["deadline"] == "2026-04-30"
    assert task["output"] == "báo cáo"


def test_a_finishing_sentence_times_all_the_steps_of_the_item_before_it() -> None:
    task = only(
        "- Rà soát nhu cầu; tổ chức thẩm định phương án; lựa chọn đơn vị tư vấn. Hoàn thành "
        "trước ngày 30/4/2026."
    )
    assert task["deadline"] == "2026-04-30"
    assert task["action"].startswith("Rà soát nhu cầu; tổ chức thẩm định phương án")


def test_dash_steps_under_one_assignment_end_in_their_dated_report() -> None:
    task = only(
        "Giao Sở Nội vụ chủ trì thực hiện các nội dung sau:\n"
        "- Tổng hợp số liệu biên chế của các xã.\n"
        "- Đề xuất phương án bố trí công chức.\n"
        "- Báo cáo UBND tỉnh trước ngày 15/5/2026."
    )
    assert task["lead"] == "Sở Nội vụ"
    assert task["deadline"] == "2026-05-15"
    assert task["action"].startswith("Tổng hợp số liệu biên chế")


def test_a_schedule_item_named_by_its_product_is_timed_by_the_next_sentence() -> None:
    found = tasks(
        "- Dự thảo lần 1 Đề án phát triển du lịch xã Thử Nghiệm. Hoàn thành trước ngày "
        "15/5/2026.\n"
        "- Dự thảo lần 2 Đề án phát triển du lịch xã Thử Nghiệm (sau khi xin ý kiến các sở, "
        "ban, ngành). Hoàn thành trước ngày 30/6/2026."
    )
    assert [(t["deadline"], t["output"], t["coordinating"]) for t in found] == [
        ("2026-05-15", "dự thảo", []),
        ("2026-06-30", "dự thảo", ["các sở, ban, ngành"]),
    ]


def test_dated_milestones_joined_by_and_are_tasks_of_their_own() -> None:
    found = tasks(
        "Giao Ban Quản lý dự án đầu tư xây dựng tỉnh phối hợp với các địa phương hoàn thành "
        "giải phóng mặt bằng chậm nhất trong tháng 5/2026 và đưa công trình vào sử dụng trong "
        "tháng 9/2026."
    )
    assert [t["deadline"] for t in found] == ["2026-05-31", "2026-09-30"]
    assert all(t["coordinating"] == ["các địa phương"] for t in found)


def test_work_right_after_a_ceremony_is_tied_to_the_event() -> None:
    task = only("Giao Sở Xây dựng tổ chức triển khai thi công ngay sau lễ khởi công.")
    assert task["deadline"] is None
    assert task["deadline_text"] == "ngay sau lễ khởi công"
    assert task["recurrence"] == "none"


# Subjects and sentences that go on assigning


def test_an_assignment_goes_on_over_the_sentences_that_keep_assigning() -> None:
    found = tasks(
        "Thủ tướng yêu cầu các địa phương hoàn thành xóa nhà tạm trước ngày 31/8/2026. Bộ Y tế "
        "chủ trì hướng dẫn các địa phương. Bộ Quốc phòng, Bộ Công an tiếp tục huy động lực "
        "lượng hỗ trợ các địa phương."
    )
    assert [t["lead"] for t in found] == [
        "các địa phương",
        "Bộ Y tế",
        "Bộ Quốc phòng",
        "Bộ Công an",
    ]


def test_a_unit_listed_as_an_object_after_a_semicolon_is_no_subject() -> None:
    task = only(
        "- Bộ Nội vụ tổng hợp số liệu biên chế của các bộ, ngành; Hội đồng nhân dân cấp tỉnh, "
        "cấp xã (bao gồm các ban), gửi Ban Tổ chức Trung ương chậm nhất ngày 15/10/2026."
    )
    assert task["lead"] == "Bộ Nội vụ"
    assert task["deadline"] == "2026-10-15"


def test_committees_offices_and_bodies_named_in_capitals_are_units() -> None:
    assert units("Ủy ban Công tác đại biểu Quốc hội") == ["Ủy ban Công tác đại biểu Quốc hội"]
    assert units("Văn phòng Chủ tịch nước") == ["Văn phòng Chủ tịch nước"]
    assert units("Ban Thường vụ Đảng ủy Tòa án nhân dân tối cao") == [
        "Ban Thường vụ Đảng ủy Tòa án nhân dân tối cao"
    ]
    assert units("Ban Quản lý các dự án đầu tư xây dựng tỉnh") == [
        "Ban Quản lý các dự án đầu tư xây dựng tỉnh"
    ]


def test_an_obligation_with_cung_phai_is_a_task() -> None:
    found = tasks(
        "UBND tỉnh giao các sở, ban, ngành tổng kết công tác phòng, chống thiên tai. Các sở, "
        "ban, ngành cũng phải chủ động lồng ghép kế hoạch phòng, chống thiên tai vào quy hoạch."
    )
    assert [t["action"][:12] for t in found] == ["tổng kết côn", "chủ động lồn"]


def test_a_year_inside_a_purpose_clause_is_no_deadline() -> None:
    task = only(
        "Giao các sở, ban, ngành tổ chức tổng kết công tác năm 2025 để có giải pháp ứng phó "
        "hiệu quả trong năm 2026."
    )
    assert task["deadline"] is None


def test_work_while_an_event_lasts_is_no_standing_duty() -> None:
    task = only(
        "Giao UBND các xã chỉ đạo các thôn treo cờ Tổ quốc trong thời gian diễn ra Đại hội."
    )
    assert task["recurrence"] == "none"
    assert task["deadline"] is None


# Tables scraped one cell per line


def test_a_table_scraped_one_cell_per_line_gives_a_task_per_numbered_row() -> None:
    text = (
        "|\nTT\n|\nNhiệm vụ\n|\nCơ quan chủ trì\n|\nCơ quan phối hợp\n|\nThời gian hoàn thành\n"
        "|\nKết quả dự kiến\n|\n|\nI\n|\nCác nhiệm vụ chung\n|\n|\n1\n|\nTuyên truyền, nâng cao\n"
        "nhận thức về chuyển đổi số.\n|\nSở Khoa học và Công nghệ, Viện Nghiên cứu phát triển\n|\n"
        "Các sở, ngành, UBND xã, phường\n|\nHằng năm.\n|\n|\n|\n2\n|\nGóp ý dự thảo Thông tư về "
        "dữ liệu.\n|\nSở Tài chính\n|\nCác sở, ngành\n|\nQuý IV/2026\n|\nThông tư\n|\n|\n3\n|\n"
        "Thực hiện trách nhiệm giải trình về dữ liệu.\n|\nCác sở, ngành, UBND xã, phường\n|\n"
        "Sở Tài chính\n|\nThường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính\n|\n"
        "Dữ liệu được cập nhật đầy đủ\n|\n|\n4\n|\nĐề xuất điều chỉnh nhiệm vụ.\n|\nSở Tài chính\n"
        "|\n|\nKhi có phát sinh.\n|\n|\n"
    )
    found = [(t["lead"], t["recurrence"], t["deadline"], t["output"]) for t in tasks(text, None)]
    assert found == [
        ("Sở Khoa học và Công nghệ", "yearly", None, None),
        ("Viện Nghiên cứu phát triển", "yearly", None, None),
        ("Sở Tài chính", "none", "2026-12-31", "thông tư"),
        ("Các sở, ngành, UBND xã, phường", "ongoing", None, None),
        ("Các sở, ngành, UBND xã, phường", "quarterly", None, "báo cáo"),
        ("Sở Tài chính", "ongoing", None, None),
    ]


def test_an_adverb_before_phoi_hop_still_marks_coordination() -> None:
    task = only(
        "Giao Sở Công Thương chủ động phối hợp với các đơn vị liên quan thực hiện chỉ đạo tại "
        "Kế hoạch số 12/KH-UBND trước ngày 30/4/2026."
    )
    assert task["coordinating"] == ["các đơn vị liên quan"]
    assert task["action"].startswith("thực hiện chỉ đạo")


def test_a_second_verb_joined_by_and_governs_the_same_product() -> None:
    task = only("Yêu cầu các doanh nghiệp sớm xây dựng và công bố kế hoạch thưởng Tết.")
    assert task["output"] == "kế hoạch"


def test_a_council_for_defence_and_security_keeps_its_whole_name() -> None:
    found = positions("Ông Trần Văn Thử, nguyên Chủ tịch Hội đồng Quốc phòng và An ninh.")
    assert found == {"Trần Văn Thử": ["nguyên Chủ tịch Hội đồng Quốc phòng và An ninh"]}
