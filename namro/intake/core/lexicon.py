"""Words of Vietnamese administrative language the extractors recognise.

All entries are in the matching form (see ``text.work_form``): lower case, current tone
placement. They are real unit types, titles and verbs, never names from any test text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _words(text: str) -> tuple[str, ...]:
    """Entries written as one "a; b; c" string, to keep long lists short on the page."""
    return tuple(w.strip() for w in text.split(";") if w.strip())


# Names that follow a head noun (Sở, Ban, Bộ, Phòng, Cục) and may contain commas or "và".
BODIES = _words(
    "tài chính; nội vụ; tư pháp; xây dựng; công thương; y tế; giáo dục và đào tạo; nông nghiệp và "
    "môi trường; khoa học và công nghệ; văn hóa, thể thao và du lịch; văn hóa và thể thao; văn "
    "hóa, thông tin và thể thao; văn hóa - xã hội; ngoại vụ; dân tộc và tôn giáo; dân tộc; kế "
    "hoạch và đầu tư; lao động, thương binh và xã hội; thông tin và truyền thông; giao thông vận "
    "tải; tài nguyên và môi trường; nông nghiệp và phát triển nông thôn; du lịch; quy hoạch - "
    "kiến trúc; kinh tế; kinh tế - ngân sách; kinh tế, hạ tầng và đô thị; pháp chế; tổ chức; "
    "tuyên giáo và dân vận; tuyên giáo; dân vận; nội chính; chính sách, chiến lược; đối ngoại; "
    "công an; quốc phòng và an ninh; quốc phòng; ngoại giao; tổ chức trung ương; "
    "bảo vệ chăm sóc sức khỏe cán bộ; "
    "phòng, chống tham nhũng, lãng phí, tiêu cực; phòng, chống tham nhũng, tiêu cực; phòng, chống "
    "thiên tai và tìm kiếm cứu nạn; phòng, chống thiên tai; phòng thủ dân sự; phát triển khoa "
    "học, công nghệ, đổi mới sáng tạo và chuyển đổi số; chuyển đổi số; cải cách hành chính; xây "
    "dựng nông thôn mới; các chương trình mục tiêu quốc gia; giảm nghèo bền vững"
)

# Head nouns of a unit name, with how the rest of the name is read.
# "body": a name from BODIES or capitalised words follows; "parent": another unit may follow
# (Văn phòng UBND tỉnh); "free": lower-case words may follow (Ban Quản lý các khu công nghiệp);
# "plain": only a place suffix may follow; "numbered": a number follows (Quân khu 5).
HEADS: dict[str, str] = {
    "sở": "body",
    "ban": "body",
    "bộ": "body",
    "phòng": "body",
    "cục": "body",
    "tổng cục": "body",
    "vụ": "body",
    "chi cục": "body",
    "trung tâm": "body",
    "bệnh viện": "body",
    "trường": "body",
    "viện": "body",
    "đại học": "body",
    "học viện": "body",
    "ban chỉ đạo": "body",
    "ban chỉ huy": "body",
    "hội đồng": "body",
    "ban quản lý": "free",
    "ban quản lý dự án": "free",
    "ban quản lý dự án đầu tư xây dựng": "free",
    "khu quản lý": "free",
    "văn phòng": "parent",
    "đảng ủy": "parent",
    "ban thường vụ": "parent",
    "thường vụ": "parent",
    "quân ủy trung ương": "plain",
    "quân ủy": "plain",
    "thường trực": "parent",
    "ban chấp hành": "parent",
    "ủy ban kiểm tra": "parent",
    "cơ quan ủy ban kiểm tra": "parent",
    "ủy ban nhân dân": "plain",
    "ubnd": "plain",
    "hội đồng nhân dân": "plain",
    "hđnd": "plain",
    "ủy ban mặt trận tổ quốc việt nam": "plain",
    "ủy ban mttq việt nam": "plain",
    "ủy ban mttq": "plain",
    "mặt trận tổ quốc việt nam": "plain",
    "mặt trận tổ quốc": "plain",
    "ubmttq việt nam": "plain",
    "công an": "plain",
    "bộ chỉ huy quân sự": "plain",
    "quân sự": "plain",
    "cơ quan quân sự": "plain",
    "bộ chỉ huy bộ đội biên phòng": "plain",
    "bộ đội biên phòng": "plain",
    "tỉnh đoàn": "plain",
    "thành đoàn": "plain",
    "đoàn thanh niên cộng sản hồ chí minh": "plain",
    "đoàn thanh niên": "plain",
    "đoàn đại biểu quốc hội": "plain",
    "đoàn đbqh": "plain",
    "đoàn đbqh và hđnd": "plain",
    "đoàn đại biểu quốc hội và hội đồng nhân dân": "plain",
    "quân khu": "numbered",
    "quân đoàn": "numbered",
    "sư đoàn": "numbered",
    "lữ đoàn": "numbered",
    "trung đoàn": "numbered",
    "tiểu đoàn": "numbered",
    "đồn biên phòng": "plain",
    "vùng cảnh sát biển": "numbered",
    "hội liên hiệp phụ nữ": "plain",
    "hội nông dân": "plain",
    "hội cựu chiến binh": "plain",
    "hội chữ thập đỏ": "plain",
    "liên đoàn lao động": "plain",
    "liên minh hợp tác xã": "plain",
    "bảo hiểm xã hội": "plain",
    "kho bạc nhà nước": "plain",
    "ngân hàng nhà nước": "plain",
    "thuế": "plain",
    "cục thuế": "plain",
    "chi cục thuế": "plain",
    "hải quan": "plain",
    "thanh tra": "plain",
    "tòa án nhân dân": "plain",
    "viện kiểm sát nhân dân": "plain",
    "tỉnh ủy": "plain",
    "thành ủy": "plain",
    "huyện ủy": "plain",
    "quận ủy": "plain",
    "thị ủy": "plain",
    "chi bộ": "plain",
    "đảng bộ": "plain",
    "báo và phát thanh, truyền hình": "plain",
    "đài phát thanh và truyền hình": "plain",
    "đài phát thanh - truyền hình": "plain",
    "đài phát thanh, truyền hình": "plain",
    "báo": "plain",
    "trường chính trị": "plain",
    "chủ đầu tư": "plain",
    "công ty": "free",
    "tổng công ty": "free",
    "bộ chính trị": "plain",
    "ban bí thư": "plain",
    "ủy ban": "body",
    "cơ quan": "body",
    "kiểm toán nhà nước": "plain",
    "liên hiệp các hội khoa học và kỹ thuật": "plain",
    "liên hiệp các tổ chức hữu nghị": "plain",
    "trung ương đảng": "plain",
    "ban chấp hành trung ương đảng": "plain",
    "quốc hội": "plain",
    "chính phủ": "plain",
    "thủ tướng chính phủ": "plain",
}

# Nouns of collective units ("các sở, ban, ngành"); after "các" they chain with commas.
COLLECTIVES = _words(
    "sở; ban; ngành; cơ quan; đơn vị; địa phương; tỉnh; xã; phường; đặc khu; thị trấn; huyện; quận; thị "
    "xã; thành phố; tổ chức chính trị - xã hội; tổ chức đảng; tổ chức; đoàn thể; hội; doanh "
    "nghiệp; cấp ủy; chi bộ; đảng ủy; ban đảng; chủ đầu tư; bộ; cơ sở; đoàn thể chính trị - xã "
    "hội; cơ quan chuyên môn; hội đặc thù; trường học; cơ sở giáo dục; lực lượng chức năng; cơ quan chức năng; "
    "tp; tập đoàn kinh tế; tập đoàn; tổng công ty; cơ quan ngang bộ; ban quản lý dự án; khu vực; "
    "tỉnh ủy; thành ủy; huyện ủy; quận ủy; thị ủy; cá nhân; lực lượng vũ trang; đơn vị sự nghiệp; "
    "hiệp hội; hợp tác xã; trường đại học; cao đẳng; bệnh viện; trung tâm; chi cục; cục"
)
# Qualifiers a collective noun takes inside its list: "cơ quan ngang bộ", "tổng công ty Nhà
# nước"; "thuộc …" / "trực thuộc …" (a unit follows) are read as modifiers.
COLLECTIVE_QUALIFIERS = _words(
    "ngang bộ; nhà nước; kinh tế; chuyên ngành; cấp tỉnh; cấp huyện; cấp xã; công lập; báo chí; "
    "truyền thông; thông tấn; thông tin; hành chính; doanh nghiệp; quản lý nhà nước"
)

# Words that close a unit name with its place: "Sở Y tế tỉnh", "Ban Tổ chức Tỉnh ủy".
PLACE_WORDS = _words(
    "tỉnh ủy; thành ủy; huyện ủy; quận ủy; thị ủy; đảng ủy; trung ương đảng; trung ương; tỉnh; "
    "thành phố; huyện; quận; thị xã; xã; phường; đặc khu; thị trấn; khu vực; cấp tỉnh; cấp xã; "
    "cấp huyện; thôn; tổ dân phố; khu phố; ấp; đảng; việt nam"
)

MODIFIERS = _words(
    "liên quan; ven biển; trung tâm; biên giới; vùng cao; miền núi; trên địa bàn; có liên quan; "
    "trực thuộc trung ương; thuộc trung ương; trực thuộc t.ư; trực thuộc; thuộc; chuyên môn; tối cao"
)

# Verbs that open an action; a lower-case one ends a unit name.
VERBS = _words(
    "tham mưu; rà soát; xây dựng; tổ chức; triển khai; thực hiện; hướng dẫn; kiểm tra; tăng "
    "cường; báo cáo; tổng hợp; hoàn thành; hoàn thiện; hoàn tất; nghiên cứu; đề xuất; trình; gửi; "
    "theo dõi; đôn đốc; giám sát; bảo đảm; đảm bảo; tuyên truyền; chỉ đạo; lãnh đạo; khẩn trương; "
    "tập trung; đẩy mạnh; đẩy nhanh; cập nhật; công khai; lập; bố trí; cân đối; vận động; tiếp "
    "nhận; tiếp thu; nâng cấp; số hóa; sắp xếp; kiện toàn; ban hành; phê duyệt; thẩm định; xử lý; "
    "khắc phục; chủ động; căn cứ; tiến hành; cấp; đưa; sửa chữa; quản lý; thu hút; phát triển; "
    "nâng cao; tiếp tục; quán triệt; học tập; phổ biến; điều chỉnh; bổ sung; sửa đổi; đánh giá; "
    "thống kê; điều tra; khảo sát; chuẩn bị; phân bổ; giải quyết; nắm bắt; duy trì; huy động; mua "
    "sắm; hỗ trợ; thành lập; cử; bồi dưỡng; đào tạo; ứng dụng; chuyển đổi; giải ngân; thanh toán; "
    "quyết toán; soạn thảo; công bố; cung cấp; kết nối; tích hợp; vận hành; thí điểm; nhân rộng; "
    "xem xét; tháo gỡ; ngăn chặn; phòng ngừa; phòng chống; ứng phó; di dời; sơ tán; tuần tra; "
    "kiểm soát; kiểm đếm; phát động; phát huy; chấn chỉnh; làm rõ; trả lời; đối thoại; lấy ý "
    "kiến; tổng kết; sơ kết; kiểm kê; bàn giao; áp dụng; tạo điều kiện; ưu tiên; phân công; phân "
    "cấp; rà; dành; thu; chi; đăng ký; cắt giảm; đơn giản hóa; nhận; tăng; giảm; hạn chế; tiếp; "
    "mở; lựa chọn; phối hợp; chủ trì; đồng chủ trì; cân nhắc; kịp thời; rà soát, đánh giá; làm việc; giúp; có văn bản; xác định; xác minh"
)

# Function words and role phrases that end a unit name written in lower case.
STOP_WORDS = _words(
    "chủ trì; có trách nhiệm; chịu trách nhiệm; có nhiệm vụ; theo; thường xuyên; định kỳ; "
    "hằng; hàng; đã; vừa; sẽ; cần; phải; trước; trong; để; về; với; của; cho; tại; từ; đến; năm; "
    "tháng; ngày; quý; và; hoặc; các; những; kiêm; nguyên; cùng; giao; yêu cầu; đề nghị; "
    "làm; có; được; nhằm; khi; sau; là; đồng chí; thông báo"
)

# Verbs that open a standing duty: without a deadline the task is "ongoing".
STANDING_VERBS = _words(
    "theo dõi; đôn đốc; giám sát; bảo đảm; đảm bảo; tuyên truyền; lãnh đạo; chỉ đạo; nắm bắt; duy "
    "trì; quản lý; thực hiện nghiêm; chấp hành nghiêm; nghiêm túc thực hiện; nghiêm túc chấp hành"
)
# Verbs of carrying out, guiding and checking: a standing duty when nothing times it, but a
# dated report that follows ("…; báo cáo … trước …") closes it like a one-off task.
CARRYING_VERBS = _words(
    "hướng dẫn; kiểm tra; triển khai; tổ chức thực hiện; tổ chức triển khai; tiếp tục; tăng cường; "
    "hỗ trợ; định hướng; nâng cao; lồng ghép"
)
# Carrying out a mandate ("thực hiện (tốt, hiệu quả) các nhiệm vụ / chỉ đạo / chế độ …") is a
# standing duty too; carrying out one named piece of work ("thực hiện xác định …") is not.
MANDATE_NOUNS = _words(
    "chỉ đạo; nhiệm vụ; trách nhiệm; chế độ; chính sách; quy định; kết luận; nghị quyết; chỉ "
    "thị; chủ trương; chức năng"
)

# Adverbs that may open an action and are skipped when reading its first verb.
LEADING_ADVERBS = _words(
    "phối hợp; tăng cường; chủ động; tiếp tục; kịp thời; tập trung; thường xuyên; khẩn trương; "
    "tổ chức; đẩy mạnh; đồng thời"
)

# Words after a subject that show narrative, not an assignment.
NARRATIVE = _words(
    "cho biết; cho rằng; chia sẻ; bày tỏ; nhấn mạnh; khẳng định; phát biểu; theo báo cáo; báo cáo "
    "tại"
)
# Of those, the ones that never open an assigned action.
NARRATIVE_STRONG = _words("cho biết; cho rằng; theo báo cáo; báo cáo tại")

NON_TASK_PREDICATES = _words(
    "đã; sẽ; vừa; đang; cũng đã; thông báo; ghi nhận; biểu dương; đánh giá cao; kết luận; thống "
    "nhất; đồng ý; nhất trí; có ý kiến; trao; tặng; dự; tham dự; làm việc; tiếp; đạt; được; "
    "không; chưa; cần; là"
)

MEETING_NOUNS = _words(
    "hội nghị; kỳ họp; buổi làm việc; cuộc họp; phiên họp; hội thảo; lễ; buổi; phiên"
)

# Titles of a head addressed instead of the unit: "Chủ tịch UBND các xã", "Thủ trưởng các sở".
HEAD_TITLES = ("thủ trưởng", "chủ tịch", "giám đốc", "người đứng đầu", "bí thư", "trưởng")

# Nouns of documents a task may produce (longest first when compiled).
PRODUCTS = _words(
    "dự thảo nghị quyết; dự thảo báo cáo; dự thảo quyết định; dự thảo kế hoạch; dự thảo tờ trình; "
    "dự thảo đề án; dự thảo chỉ thị; dự thảo quy chế; dự thảo quy định; chương trình hành động; "
    "nghị quyết; kế hoạch; đề án; quyết định; tờ trình; phương án; chương trình; báo cáo; quy "
    "chế; quy định; bộ tiêu chí; bộ chỉ số; bộ chỉ tiêu; hồ sơ; chỉ thị; đề cương; văn bản; hướng dẫn; dự án; thông báo; "
    "kết luận; dự thảo; nghị định; thông tư; dự toán"
)


def alternation(words: Iterable[str]) -> str:
    """Regex alternation of ``words`` longest first, spaces matching any run of spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def word_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Compiled pattern matching one of ``words`` as whole words."""
    return re.compile(rf"(?:{alternation(words)})(?![^\W_])")


# Common Vietnamese family names (matching form); a capitalised run that starts with one and
# follows a place name is read as a person (Thành ủy Hà Nội Nguyễn Thị Tuyến).
SURNAMES = frozenset(
    [
        "nguyễn",
        "trần",
        "lê",
        "phạm",
        "hoàng",
        "huỳnh",
        "phan",
        "vũ",
        "võ",
        "đặng",
        "bùi",
        "đỗ",
        "hồ",
        "ngô",
        "dương",
        "lý",
        "trương",
        "đinh",
        "mai",
        "lâm",
        "kiều",
        "lưu",
        "cao",
        "châu",
        "quách",
        "triệu",
        "phùng",
        "giang",
        "thái",
        "ninh",
        "hà",
        "lò",
        "tạ",
        "hứa",
        "âu",
        "doãn",
        "kha",
        "lương",
        "ông",
        "từ",
        "tống",
        "mạc",
        "văn",
        "tô",
        "đoàn",
        "la",
        "chu",
        "khổng",
        "thân",
        "lại",
        "lục",
        "nông",
        "vương",
        "quan",
        "tăng",
        "diệp",
        "hầu",
        "ung",
        "đàm",
        "đào",
        "tiêu",
        "khúc",
        "bế",
        "sầm",
        "vi",
        "lã",
        "mã",
        "phó",
        "y",
        "h'",
        "ksor",
        "nay",
        "siu",
        "rơ",
        "kpă",
        "đồng",
        "trịnh",
        "nghiêm",
        "thạch",
        "danh",
        "hứa",
        "lạc",
        "quang",
        "giáp",
        "chẩu",
        "hoàng",
        "hà",
        "cù",
        "tôn",
        "ôn",
        "viên",
        "yên",
        "kim",
        "mẫn",
        "lò",
        "sùng",
        "vàng",
        "thào",
        "giàng",
        "mùa",
        "đèo",
        "vì",
        "cầm",
        "lường",
        "hạng",
        "lầu",
        "quàng",
        "bạch",
        "phương",
        "trình",
        "mông",
        "lữ",
        "bàn",
        "triệu",
        "nông",
        "hoàng",
    ]
)
