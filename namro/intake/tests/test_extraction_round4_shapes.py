"""The fourth round of rules for real administrative text (leads and deadlines), each on
hand-written sentences of the general shape, with fictional places and units (none is copied
from the real set)."""

from datetime import date

from .shapes import readers, units

D = date(2026, 3, 10)
tasks, only = readers(D)


# Unit names: kinds, plural kinds with a department's name, abbreviations


def test_a_plural_kind_with_a_department_name_is_one_unit() -> None:
    assert units("các sở Nông nghiệp và Môi trường rà soát") == ["các sở Nông nghiệp và Môi trường"]
    assert units("các Sở Tài chính, Công Thương kiểm tra") == ["các Sở Tài chính, Công Thương"]
    assert units("các trung tâm y tế tổ chức") == ["các trung tâm y tế"]
    # a verb after a plural head is the action, not a department's name
    assert units("các trường xây dựng kế hoạch") == ["các trường"]
    # a chain of collective nouns is still one collective
    assert units("các sở, ban, ngành rà soát") == ["các sở, ban, ngành"]


def test_road_management_areas_and_collective_qualifiers() -> None:
    task = only(
        "Yêu cầu các Khu quản lý đường bộ khắc phục ngay các điểm sạt lở trong tháng 5/2026."
    )
    assert task["lead"] == "các Khu quản lý đường bộ"
    assert task["deadline"] == "2026-05-31"
    assert units("các cơ quan báo chí đưa tin") == ["các cơ quan báo chí"]
    assert units("các đơn vị sự nghiệp công lập trực thuộc rà soát") == [
        "các đơn vị sự nghiệp công lập trực thuộc"
    ]
    assert units("các sở, ban, ngành, lực lượng vũ trang tỉnh rà soát") == [
        "các sở, ban, ngành, lực lượng vũ trang tỉnh"
    ]


def test_a_lower_case_head_before_a_collective_is_a_unit() -> None:
    assert units("ban thường vụ các huyện ủy, thị ủy rà soát") == [
        "ban thường vụ các huyện ủy, thị ủy"
    ]
    assert units("ban chấp hành đang họp") == []


def test_abbreviations_with_ampersand_and_hyphen_after_a_head() -> None:
    assert units("Sở KH&ĐT, Sở TN&MT và Sở LĐ-TB&XH rà soát") == [
        "Sở KH&ĐT",
        "Sở TN&MT",
        "Sở LĐ-TB&XH",
    ]
    task = only("Giao Sở GD&ĐT chủ trì, phối hợp với Sở Y tế kiểm tra bếp ăn trước ngày 15/9/2026.")
    assert task["lead"] == "Sở GD&ĐT"
    assert task["coordinating"] == ["Sở Y tế"]


def test_bodies_named_by_capital_abbreviations_in_a_list() -> None:
    found = tasks("Giao EVN, TKV bảo đảm cung ứng đủ điện, than cho sản xuất trong tháng 6/2026.")
    assert [t["lead"] for t in found] == ["EVN", "TKV"]
    assert units("Bộ Công Thương, PVN nghiên cứu") == ["Bộ Công Thương", "PVN"]
    # a roman number or a capitals word not followed by a verb or another unit is no unit
    assert units("II. Nội dung") == []
    assert units("ATTP trong trường học") == []


def test_addressees_with_their_own_qualifiers() -> None:
    found = tasks(
        "Cục Hàng hải vừa có văn bản gửi các Khu quản lý đường thủy, các sở Xây dựng quản lý cảng "
        "thủy nội địa và các Ban Quản lý dự án trực thuộc, yêu cầu rà soát kế hoạch nạo vét "
        "luồng trong quý III/2026."
    )
    leads = [t["lead"] for t in found]
    assert "các sở Xây dựng quản lý cảng thủy nội địa" in leads
    assert "các Ban Quản lý dự án trực thuộc" in leads
    assert all(t["deadline"] == "2026-09-30" for t in found)


# Where the lead sits: after a cited document, after a purpose clause with commas


def test_lead_after_a_document_cited_with_theo() -> None:
    task = only(
        "Theo Kế hoạch số 45/KH-UBND của UBND tỉnh, Sở Y tế chủ trì tổ chức tiêm chủng bổ sung "
        "trong quý II/2026."
    )
    assert task["lead"] == "Sở Y tế"
    assert task["deadline"] == "2026-06-30"


def test_the_issuers_of_a_cited_document_are_not_the_lead() -> None:
    task = only(
        "Theo Thông báo số 12-TB/TW của Bộ Chính trị, Ban Bí thư, ban thường vụ các huyện ủy, "
        "thị ủy được giao khẩn trương kiện toàn tổ chức bộ máy trước ngày 30/4/2026."
    )
    assert task["lead"] == "ban thường vụ các huyện ủy, thị ủy"
    assert task["deadline"] == "2026-04-30"


def test_lead_after_a_purpose_clause_with_commas() -> None:
    task = only(
        "Để bảo đảm tiến độ, chất lượng, hiệu quả, UBND các xã, phường chủ trì, phối hợp với "
        "Công an tỉnh rà soát hồ sơ đất đai trước ngày 31/5/2026."
    )
    assert task["lead"] == "UBND các xã, phường"
    assert task["coordinating"] == ["Công an tỉnh"]
    assert task["deadline"] == "2026-05-31"


# Deadlines: a labelled time limit, "từ nay đến hết …", "trong thời gian N ngày kể từ …"


def test_a_time_limit_written_as_a_label() -> None:
    task = only("Giao Sở Tư pháp chủ trì thẩm định dự thảo quy chế, thời hạn: tháng 5/2026.")
    assert task["deadline"] == "2026-05-31"
    assert task["action"] == "thẩm định dự thảo quy chế"
    task = only(
        "Sở Nội vụ chủ trì xây dựng đề án vị trí việc làm, thời gian hoàn thành: quý III/2026."
    )
    assert task["deadline"] == "2026-09-30"


def test_from_now_until_the_end_of_a_year() -> None:
    task = only("Giao Sở Xây dựng kiểm tra các chung cư cũ từ nay đến hết năm 2026.")
    assert task["deadline"] == "2026-12-31"
    # a horizon is still no deadline
    found = tasks("Giao Sở Xây dựng xây dựng đề án phát triển nhà ở đến năm 2030.")
    assert found and found[0]["deadline"] is None


def test_within_a_time_counted_from_signing() -> None:
    task = only("Giao Sở Tài chính lập dự toán kinh phí trong thời gian 15 ngày kể từ ngày ký.")
    assert task["deadline"] == "2026-03-25"
