"""One or more tests per extraction rule, on hand-written sentences with fictional places."""

from datetime import date

import pytest

from namro.intake.core import extract
from namro.intake.core.deadlines import TET, can_chi, tet_of
from namro.intake.core.text import Doc, work_form
from namro.intake.core.units import parse_unit_list

D = date(2026, 3, 2)


def tasks(text: str, when: date | None = D) -> list[dict]:
    return extract(text, doc_date=when).to_dict()["tasks"]


def only(text: str, when: date | None = D) -> dict:
    found = tasks(text, when)
    assert len(found) == 1, found
    return found[0]


# Leads


def test_lead_after_giao_with_chu_tri_and_coordination():
    task = only(
        "Giao Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ, Thanh tra tỉnh tổ chức tập huấn "
        "nghiệp vụ cho công chức cấp xã, hoàn thành trước ngày 15/11/2026."
    )
    assert task["lead"] == "Sở Tư pháp"
    assert task["coordinating"] == ["Sở Nội vụ", "Thanh tra tỉnh"]
    assert task["deadline"] == "2026-11-15"
    assert task["action"].startswith("tổ chức tập huấn")


def test_issuer_before_the_cue_is_not_a_lead():
    task = only("UBND tỉnh yêu cầu Sở Y tế rà soát danh mục thuốc, báo cáo trước ngày 30/4/2026.")
    assert task["lead"] == "Sở Y tế"
    assert task["output"] == "báo cáo"


def test_head_of_unit_addressed_gives_the_unit():
    task = only(
        "Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở Nông nghiệp và Môi trường chỉ đạo kiểm tra khai thác cát, báo cáo trước ngày 5/12/2026."
    )
    assert task["lead"] == "Sở Nông nghiệp và Môi trường"


def test_subject_of_co_trach_nhiem_leads():
    assert (
        only(
            "Sở Ngoại vụ có trách nhiệm hướng dẫn các xã đón khách quốc tế, hoàn thành trong quý III/2026."
        )["lead"]
        == "Sở Ngoại vụ"
    )


def test_co_leads_without_chu_tri_give_one_task_each():
    found = tasks(
        "Đề nghị Hội Nông dân tỉnh, Tỉnh đoàn và Hội Cựu chiến binh tỉnh tuyên truyền chính sách hỗ trợ sản xuất."
    )
    assert [t["lead"] for t in found] == [
        "Hội Nông dân tỉnh",
        "Tỉnh đoàn",
        "Hội Cựu chiến binh tỉnh",
    ]
    assert {t["recurrence"] for t in found} == {"ongoing"}


def test_shortened_list_is_expanded_with_shared_suffix():
    found = tasks(
        "Giao các Ban: Tổ chức, Dân vận Tỉnh ủy rà soát quy chế làm việc, hoàn thành trong tháng 6/2026."
    )
    assert [t["lead"] for t in found] == ["Ban Tổ chức Tỉnh ủy", "Ban Dân vận Tỉnh ủy"]


def test_unit_names_with_commas_stay_whole():
    doc = Doc.of(
        "Sở Lao động, Thương binh và Xã hội, UBND các xã, phường, thị trấn và các cơ quan, đơn vị liên quan thực hiện"
    )
    units, _ = parse_unit_list(doc, 0)
    assert [u.text for u in units] == [
        "Sở Lao động, Thương binh và Xã hội",
        "UBND các xã, phường, thị trấn",
        "các cơ quan, đơn vị liên quan",
    ]


def test_lead_carries_over_to_the_next_sentence_without_subject():
    found = tasks(
        "Giao Sở Xây dựng rà soát các công trình xuống cấp. Trên cơ sở đó, đề xuất phương án sửa chữa, hoàn thành trước ngày 30/6/2026."
    )
    assert [t["lead"] for t in found] == ["Sở Xây dựng", "Sở Xây dựng"]
    assert found[1]["output"] == "phương án"


def test_bare_so_refers_back_to_the_last_so():
    found = tasks(
        "Giao Sở Công Thương xây dựng Kế hoạch kích cầu, trình UBND tỉnh trước ngày 31/5/2026. Sở có trách nhiệm theo dõi giá cả thị trường."
    )
    assert [t["lead"] for t in found] == ["Sở Công Thương", "Sở Công Thương"]
    assert found[1]["recurrence"] == "ongoing"


def test_unit_heading_leads_the_items_below():
    text = "2. Sở Tư pháp\n- Chủ trì, phối hợp với Công an tỉnh rà soát quy trình, hoàn thành trong tháng 8/2026.\n- Thường xuyên kiểm tra việc chứng thực."
    found = tasks(text)
    assert [t["lead"] for t in found] == ["Sở Tư pháp", "Sở Tư pháp"]
    assert found[0]["coordinating"] == ["Công an tỉnh"]
    assert found[1]["recurrence"] == "ongoing"


def test_semicolon_continues_a_lead_list_after_a_cue():
    found = tasks(
        "Yêu cầu Thủ trưởng các sở, ngành; Chủ tịch UBND các xã hằng tháng công khai kết quả giải quyết hồ sơ."
    )
    assert [t["lead"] for t in found] == ["các sở, ngành", "UBND các xã"]
    assert {t["recurrence"] for t in found} == {"monthly"}


def test_no_unit_named_gives_null_lead_in_a_list():
    task = only(
        "III. NHIỆM VỤ\n1. Xây dựng Đề án phát triển thương mại điện tử, trình HĐND tỉnh trong quý IV/2026."
    )
    assert task["lead"] is None
    assert task["output"] == "đề án"


# Coordination


def test_thong_nhat_voi_unit_coordinates_but_noi_dung_does_not():
    task = only(
        "Giao Sở Nội vụ chủ trì, thống nhất với Ban Tổ chức Tỉnh ủy xây dựng phương án luân chuyển cán bộ, trình trước ngày 1/12/2026."
    )
    assert task["coordinating"] == ["Ban Tổ chức Tỉnh ủy"]
    assert (
        tasks("Ban Thường vụ Tỉnh ủy thống nhất với nội dung Tờ trình của Đảng ủy UBND tỉnh.") == []
    )


def test_lay_y_kien_coordinates_and_appraiser_does_not():
    task = only(
        "Giao Sở Tài chính chủ trì xây dựng dự thảo Nghị quyết; lấy ý kiến các sở, ngành, gửi Sở Tư pháp thẩm định trước ngày 5/7/2026."
    )
    assert task["coordinating"] == ["các sở, ngành"]
    assert task["output"] == "dự thảo nghị quyết"


def test_coordination_does_not_carry_to_the_next_lead():
    found = tasks(
        "Giao Sở Xây dựng chủ trì, phối hợp với Công an tỉnh rà soát điểm đen giao thông trước ngày 15.10.2026; Sở Tài chính bố trí kinh phí."
    )
    assert found[1]["lead"] == "Sở Tài chính"
    assert found[1]["coordinating"] == [] and found[1]["deadline"] is None


# Deadlines


@pytest.mark.parametrize(
    ("phrase", "iso"),
    [
        ("trước ngày 15/11/2026", "2026-11-15"),
        ("trước ngày 15.11.2026", "2026-11-15"),
        ("chậm nhất ngày 20 tháng 10 năm 2026", "2026-10-20"),
        ("trong tháng 9/2026", "2026-09-30"),
        ("trong quý III/2026", "2026-09-30"),
        ("trong quý IV năm 2026", "2026-12-31"),
        ("trong 6 tháng đầu năm 2026", "2026-06-30"),
        ("trong năm 2027", "2027-12-31"),
        ("trước 17 giờ 30 ngày 20/10/2026", "2026-10-20"),
        ("từ ngày 01/7/2026 đến ngày 31/8/2026", "2026-08-31"),
    ],
)
def test_deadline_forms(phrase, iso):
    task = only(f"Giao Sở Tài chính tổng hợp số liệu, báo cáo UBND tỉnh {phrase}.")
    assert task["deadline"] == iso
    assert task["deadline_text"] == phrase


def test_deadline_without_year_takes_the_first_date_on_or_after_the_document():
    assert (
        only("Giao Sở Y tế kiểm tra các trạm y tế, hoàn thành trước ngày 31/1.", date(2026, 10, 5))[
            "deadline"
        ]
        == "2027-01-31"
    )
    assert (
        only("Giao Sở Y tế kiểm tra các trạm y tế, hoàn thành trong tháng 12.", date(2026, 10, 5))[
            "deadline"
        ]
        == "2026-12-31"
    )


def test_deadline_without_year_and_without_document_date_stays_null():
    task = only("Giao Sở Y tế kiểm tra các trạm y tế, hoàn thành trước ngày 31/1.", None)
    assert task["deadline"] is None
    assert task["deadline_text"] == "trước ngày 31/1"


def test_days_from_signing_count_from_the_document_date():
    text = "Trong thời hạn 10 ngày kể từ ngày ký, UBND các xã báo cáo UBND tỉnh danh sách hộ nghèo."
    assert only(text, date(2026, 7, 1))["deadline"] == "2026-07-11"
    assert only(text, None)["deadline"] is None


def test_event_relative_deadline_keeps_text_and_no_date():
    task = only(
        "Giao Công an tỉnh xây dựng phương án bảo vệ lễ hội, hoàn thành chậm nhất 7 ngày trước ngày khai mạc lễ hội."
    )
    assert task["deadline"] is None
    assert task["deadline_text"] == "chậm nhất 7 ngày trước ngày khai mạc lễ hội"


def test_tet_deadline_from_the_lunar_table():
    task = only(
        "Giao Sở Công Thương bảo đảm cung ứng hàng hóa, hoàn thành trước Tết Nguyên đán Đinh Mùi.",
        date(2026, 11, 10),
    )
    assert task["deadline"] == "2027-02-06"
    assert can_chi(2026) == "bính ngọ"
    assert tet_of("đinh mùi") == 2027
    assert all(date(y, 1, 20) <= TET[y] <= date(y, 2, 20) for y in TET)


def test_decoys_are_not_deadlines():
    text = (
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND tỉnh, giao Sở Du lịch xây dựng Đề án phát triển du lịch "
        "giai đoạn 2026 - 2030, tầm nhìn đến năm 2045 (số liệu tính đến hết ngày 31/12/2025)."
    )
    task = only(text, date(2026, 1, 20))
    assert task["deadline"] is None and task["deadline_text"] is None


def test_the_documents_own_date_is_not_a_deadline():
    assert only("Giao Sở Nội vụ rà soát biên chế, báo cáo trước ngày 2/3/2026.")["deadline"] is None


# Recurrence


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("thường xuyên", "ongoing"),
        ("hằng năm", "yearly"),
        ("định kỳ 6 tháng", "semiannual"),
        ("hằng quý", "quarterly"),
        ("hằng tháng", "monthly"),
    ],
)
def test_recurrence_words(words, kind):
    assert (
        only(f"Giao Văn phòng UBND tỉnh {words} tổng hợp tình hình thực hiện Chỉ thị.")[
            "recurrence"
        ]
        == kind
    )


def test_shortest_period_wins_and_budget_line_is_not_ongoing():
    assert (
        only("Giao Sở Nội vụ định kỳ 6 tháng, năm báo cáo UBND tỉnh.")["recurrence"] == "semiannual"
    )
    assert (
        only("Giao Sở Tài chính bố trí kinh phí từ nguồn chi thường xuyên của ngân sách tỉnh.")[
            "recurrence"
        ]
        == "none"
    )


def test_standing_duty_and_periodic_report_are_two_tasks():
    found = tasks(
        "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện Chỉ thị này, định kỳ hằng quý tổng hợp, báo cáo Chủ tịch UBND tỉnh."
    )
    assert [t["recurrence"] for t in found] == ["ongoing", "quarterly"]


def test_periodic_report_day_has_no_single_date():
    task = only("Sở Tài chính tổng hợp, báo cáo UBND tỉnh trước ngày 15/12 hằng năm.")
    assert task["recurrence"] == "yearly"
    assert task["deadline"] is None and task["deadline_text"] == "trước ngày 15/12 hằng năm"


# Outputs and negatives


def test_output_nouns():
    assert (
        only(
            "Giao Sở Tư pháp xây dựng dự thảo Quyết định ban hành Quy chế, trình UBND tỉnh trước ngày 1/9/2026."
        )["output"]
        == "dự thảo quyết định"
    )
    assert (
        only(
            "Giao Sở Tài chính tham mưu phân bổ kế hoạch vốn năm 2026, hoàn thành trong tháng 4/2026."
        )["output"]
        is None
    )


def test_news_of_work_done_and_targets_assign_nothing():
    assert (
        tasks(
            "Sáng 5/3, UBND tỉnh tổ chức hội nghị. Sở Tài chính cho biết đã phối hợp với các xã hoàn thành giải ngân."
        )
        == []
    )
    assert tasks("Phấn đấu đến năm 2030, 100% xã đạt chuẩn nông thôn mới.") == []


def test_a_reported_assignment_is_a_task_under_the_corrected_conventions():
    task = only("UBND tỉnh đã giao Sở Nội vụ chủ trì rà soát vị trí việc làm.")
    assert task["lead"] == "Sở Nội vụ"


def test_plan_table_rows_become_tasks():
    text = (
        "TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm\n"
        "1 | Xây dựng quy chế phối hợp | Sở Nội vụ | Sở Tư pháp; Thanh tra tỉnh | Quý III/2026 | Quyết định của UBND tỉnh\n"
        "2 | Tuyên truyền Nghị quyết | Các sở, ngành liên quan | Báo và Phát thanh, Truyền hình tỉnh | Thường xuyên | Tin, bài"
    )
    found = tasks(text)
    assert [(t["lead"], t["deadline"], t["recurrence"], t["output"]) for t in found] == [
        ("Sở Nội vụ", "2026-09-30", "none", "quyết định"),
        ("Các sở, ngành liên quan", None, "ongoing", "tin, bài"),
    ]
    assert found[0]["coordinating"] == ["Sở Tư pháp", "Thanh tra tỉnh"]


def test_old_tone_spelling_is_read_and_kept_verbatim():
    assert work_form("Uỷ ban Hoà Bình") == work_form("Ủy ban Hòa Bình")
    assert (
        only("Giao Uỷ ban nhân dân các xã kiểm tra, hoàn thành trước ngày 30/4/2026.")["lead"]
        == "Uỷ ban nhân dân các xã"
    )


def test_span_points_at_the_source_text():
    text = "Mở đầu. Giao Sở Y tế kiểm tra các trạm y tế, hoàn thành trước ngày 30/4/2026."
    start, end = only(text)["span"]
    assert text[start:end].startswith("Giao Sở Y tế")


# People and document numbers


def test_people_stacked_positions_and_group_header():
    people = extract(
        "Dự có đồng chí Trần Văn An, Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Sở Văn hóa, Thể thao và Du lịch; "
        "các đồng chí Phó Chủ tịch UBND tỉnh: Lê Thị Bích, Phan Quốc Cường."
    ).to_dict()["people"]
    assert people == [
        {
            "name": "Trần Văn An",
            "positions": [
                "Ủy viên Ban Thường vụ Tỉnh ủy",
                "Giám đốc Sở Văn hóa, Thể thao và Du lịch",
            ],
        },
        {"name": "Lê Thị Bích", "positions": ["Phó Chủ tịch UBND tỉnh"]},
        {"name": "Phan Quốc Cường", "positions": ["Phó Chủ tịch UBND tỉnh"]},
    ]


def test_title_before_name_and_honorifics_dropped():
    people = extract(
        "Phó Bí thư Thường trực Tỉnh ủy Đỗ Minh Khang và Thượng tá Lý Văn Hải, Phó Giám đốc Công an tỉnh dự."
    ).to_dict()["people"]
    assert people == [
        {"name": "Đỗ Minh Khang", "positions": ["Phó Bí thư Thường trực Tỉnh ủy"]},
        {"name": "Lý Văn Hải", "positions": ["Phó Giám đốc Công an tỉnh"]},
    ]


def test_document_numbers_and_kinds():
    found = extract(
        "Thực hiện Nghị quyết số 15-NQ/TW, Chỉ thị 27/CT-TTg, Kế hoạch số 130/KH-UBND và Quyết định 1234/QĐ-UBND, Nghị định 30/2020/NĐ-CP."
    ).to_dict()["documents"]
    assert [(d["number"], d["kind"]) for d in found] == [
        ("15-NQ/TW", "resolution"),
        ("27/CT-TTg", "directive"),
        ("130/KH-UBND", "plan"),
        ("1234/QĐ-UBND", "decision"),
        ("30/2020/NĐ-CP", "other"),
    ]
    assert found[1]["issuer"] == "Thủ tướng Chính phủ"
