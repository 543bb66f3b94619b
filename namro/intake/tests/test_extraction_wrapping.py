"""Wrapped lines, coordinating lists joined by "và", numbered unit names, bracketed leads,
new deadline shapes, and the unit matcher's cache."""

from datetime import date

from namro.intake.core import extract, match_units
from namro.intake.core.segment import join_wrapped
from namro.intake.core.text import Doc
from namro.intake.core.units import parse_unit_list

D = date(2026, 3, 2)


def tasks(text: str, when: date | None = D) -> list[dict]:
    return extract(text, doc_date=when).to_dict()["tasks"]


def only(text: str, when: date | None = D) -> dict:
    found = tasks(text, when)
    assert len(found) == 1, found
    return found[0]


# Bug 1: a sentence wrapped onto the next line keeps its deadline.


def test_wrapped_sentence_keeps_its_deadline_and_action():
    text = (
        "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát\n"
        "trụ sở dôi dư, báo cáo UBND tỉnh trước ngày 30/6/2026."
    )
    task = only(text)
    assert task["lead"] == "Sở Tài chính"
    assert task["deadline"] == "2026-06-30"
    assert task["action"] == "rà soát trụ sở dôi dư, báo cáo UBND tỉnh"
    start, end = task["span"]
    assert text[start:end].startswith("Giao Sở Tài chính")
    assert text[start:end].endswith("30/6/2026.")


def test_wrap_after_phoi_hop_voi_before_a_capital_joins():
    task = only(
        "Giao Sở Dân tộc và Tôn giáo chủ trì, phối hợp với\n"
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tổ chức Đại hội, hoàn thành trong tháng 10/2026."
    )
    assert task["lead"] == "Sở Dân tộc và Tôn giáo"
    assert task["coordinating"] == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]


def test_new_items_and_headings_are_not_joined():
    text = (
        "III. NHIỆM VỤ\n1. Sở Nội vụ rà soát biên chế, hoàn thành trong quý II/2026.\n"
        "2. Sở Tài chính bố trí kinh phí\ncho các xã, hoàn thành trước ngày 30/9/2026.\n"
        "TT | Nội dung | Cơ quan chủ trì\n- Sở Y tế kiểm tra\nKẾ HOẠCH"
    )
    joined = join_wrapped(Doc.of(text)).orig
    assert len(joined) == len(text)
    assert joined.count("\n") == text.count("\n") - 1
    assert "kinh phí cho các xã" in joined
    found = tasks(text)
    assert [t["lead"] for t in found[:2]] == ["Sở Nội vụ", "Sở Tài chính"]
    assert found[1]["deadline"] == "2026-09-30"


def test_a_line_ending_a_sentence_is_not_joined_to_the_next():
    doc = Doc.of("Sở Y tế kiểm tra an toàn thực phẩm.\nSở Công Thương kiểm tra giá.")
    assert "\n" in join_wrapped(doc).orig


def test_a_wrapped_numbered_item_splitting_a_year_range():
    found = tasks(
        "1. Sở Giáo dục và Đào tạo đưa nội dung vào hoạt động ngoại khóa năm học 2026 -\n2027."
    )
    assert found[0]["lead"] == "Sở Giáo dục và Đào tạo"
    assert found[0]["action"].endswith("năm học 2026 - 2027")
    assert found[0]["deadline"] is None


# Bug 2: "phối hợp với Phòng Tổng hợp và Sở Xây dựng" is two units, either way round.


def test_coordinating_phong_and_so_split_both_ways():
    for text, want in (
        ("Phòng Tổng hợp và Sở Xây dựng", ["Phòng Tổng hợp", "Sở Xây dựng"]),
        ("Sở Xây dựng và Phòng Tổng hợp", ["Sở Xây dựng", "Phòng Tổng hợp"]),
    ):
        task = only(
            f"Giao Văn phòng UBND tỉnh chủ trì, phối hợp với {text} rà soát danh mục công "
            "trình, hoàn thành trước ngày 10/4/2026."
        )
        assert task["coordinating"] == want


def test_hyphenated_name_stays_one_unit():
    units, _ = parse_unit_list(Doc.of("Phòng Quản trị - Tài vụ chủ trì"), 0)
    assert [u.text for u in units] == ["Phòng Quản trị - Tài vụ"]


# Bug 3: a number closing a unit's name stays in the name.


def test_number_at_the_end_of_a_unit_name_stays_in_the_lead():
    task = only("Giao UBND xã Thử Nghiệm 3 rà soát hồ sơ đất đai, báo cáo trước ngày 30/4/2026.")
    assert task["lead"] == "UBND xã Thử Nghiệm 3"
    assert task["action"].startswith("rà soát")


def test_numbered_units_and_quantities():
    for text, want in (
        ("Đảng ủy xã Tân Lập 2 chủ trì", ["Đảng ủy xã Tân Lập 2"]),
        ("Trung đoàn 812 chủ trì", ["Trung đoàn 812"]),
        (
            "Ban Chỉ huy Phòng thủ khu vực 2 - Phước Sơn và Công an tỉnh bố trí",
            ["Ban Chỉ huy Phòng thủ khu vực 2 - Phước Sơn", "Công an tỉnh"],
        ),
        ("UBND xã Tân Phú 15 ngày", ["UBND xã Tân Phú"]),
    ):
        units, _ = parse_unit_list(Doc.of(text), 0)
        assert [u.text for u in units] == want


# Leads in brackets and standing bodies


def test_lead_in_brackets_after_the_item():
    task = only(
        "- Rà soát danh mục thủ tục hành chính nội bộ (Văn phòng UBND tỉnh chủ trì, phối hợp "
        "với Sở Nội vụ), hoàn thành trước ngày 30/6/2026."
    )
    assert task["lead"] == "Văn phòng UBND tỉnh"
    assert task["coordinating"] == ["Sở Nội vụ"]
    assert task["action"] == "Rà soát danh mục thủ tục hành chính nội bộ"


def test_standing_body_of_a_steering_committee_leads():
    found = tasks(
        "Sở Khoa học và Công nghệ là cơ quan thường trực của Ban Chỉ đạo chuyển đổi số tỉnh, "
        "có trách nhiệm tham mưu xây dựng quy chế hoạt động, trình trước ngày 15/11/2026; "
        "theo dõi, đôn đốc việc thực hiện."
    )
    assert [t["lead"] for t in found] == ["Sở Khoa học và Công nghệ"] * 2
    assert [t["recurrence"] for t in found] == ["none", "ongoing"]


# Deadline shapes


def test_week_year_end_and_quarter_start_deadlines():
    for phrase, iso in (
        ("trong tuần đầu tháng 10/2026", "2026-10-07"),
        ("chậm nhất cuối năm 2026", "2026-12-31"),
        ("vào đầu quý IV/2026", "2026-10-31"),
        ("vào cuối quý III/2026", "2026-09-30"),
        ("chậm nhất ngày 30-6-2026", "2026-06-30"),
    ):
        task = only(f"Giao Sở Y tế tổ chức tổng kết công tác y tế cơ sở, hoàn thành {phrase}.")
        assert task["deadline"] == iso, phrase


def test_bare_year_of_the_document_after_completion():
    task = only(
        "Giao Ban Quản lý các khu công nghiệp tỉnh kêu gọi đầu tư hạ tầng, hoàn thành lựa "
        "chọn nhà đầu tư năm 2026."
    )
    assert task["deadline"] == "2026-12-31"
    task = only("Giao Sở Văn hóa, Thể thao và Du lịch tổ chức Hội chợ du lịch năm 2026.")
    assert task["deadline"] is None


# Matching cache


def test_match_units_gives_the_same_results_when_repeated():
    units = [(i, f"UBND xã Tân Phú {i}", [f"Xã Tân Phú {i}"]) for i in range(300)]
    units.append((999, "Sở Kế hoạch và Đầu tư", ["Sở KH&ĐT"]))
    names = ["UBND xã Tân Phú 7", "Sở KHĐT", "Ủy ban nhân dân xã Tân Phú 12", "Sở Ngoại vụ"]
    first = match_units(names, units)
    again = match_units(names, units)
    assert first == again
    assert [(r.unit_id, r.confidence) for r in first] == [
        (7, 1.0),
        (999, 0.95),
        (12, 0.95),
        (None, 0.0),
    ]
