"""Names for the synthetic national tree: the 34 provinces since 1 July 2025, common bodies."""

PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}

CENTRAL_BODIES = [
    "Ban Tổ chức Trung ương", "Ban Tuyên giáo và Dân vận Trung ương", "Ban Nội chính Trung ương",
    "Ban Chính sách, chiến lược Trung ương", "Ủy ban Kiểm tra Trung ương",
    "Văn phòng Trung ương Đảng", "Đảng ủy Chính phủ", "Đảng ủy Quốc hội",
    "Đảng ủy các cơ quan Đảng Trung ương", "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương",
    "Bộ Tài chính", "Bộ Xây dựng", "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường",
    "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Bộ Khoa học và Công nghệ",
    "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Ngoại giao", "Bộ Dân tộc và Tôn giáo",
    "Thanh tra Chính phủ", "Ngân hàng Nhà nước Việt Nam", "Văn phòng Chính phủ",
]  # fmt: skip

DEPARTMENTS = [
    "Văn phòng {p}ủy", "Ban Tổ chức {p}ủy", "Ban Tuyên giáo và Dân vận {p}ủy",
    "Ủy ban Kiểm tra {p}ủy", "Ban Nội chính {p}ủy", "Ủy ban nhân dân {q}", "Sở Tài chính",
    "Sở Xây dựng", "Sở Nội vụ", "Sở Tư pháp", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
    "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ", "Sở Dân tộc và Tôn giáo", "Thanh tra {q}",
    "Văn phòng Ủy ban nhân dân {q}", "Công an {q}", "Bộ Chỉ huy Quân sự {q}",
    "Ban Quản lý các khu công nghiệp", "Đài Phát thanh và Truyền hình", "Báo {n}",
    "Ủy ban Mặt trận Tổ quốc Việt Nam {q}", "Hội đồng nhân dân {q}", "Sở Ngoại vụ",
    "Trường Chính trị {q}", "Bảo hiểm xã hội {q}", "Kho bạc Nhà nước khu vực",
]  # fmt: skip

COMMUNE_WORDS = [
    "Tân", "Hòa", "An", "Phú", "Thạnh", "Bình", "Long", "Đông", "Tây", "Nam", "Bắc", "Trung",
    "Mỹ", "Phước", "Hưng", "Thịnh", "Lộc", "Thành", "Quang", "Minh", "Vĩnh", "Xuân", "Sơn",
    "Hải", "Thuận", "Nghĩa", "Đức", "Tiến", "Hiệp", "Lợi",
]  # fmt: skip

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quang", "Ngọc", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Linh", "Mai", "Nam",
         "Phong", "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Việt", "Yến"]  # fmt: skip

ACTIONS = [
    "Xây dựng đề án chuyển đổi số trong các cơ quan",
    "Rà soát, sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
    "Tổ chức học tập, quán triệt nghị quyết đến cán bộ, đảng viên",
    "Hoàn thành giải phóng mặt bằng dự án đường giao thông",
    "Báo cáo sơ kết việc thực hiện chỉ thị",
    "Xây dựng kế hoạch phát triển nhà ở xã hội",
    "Kiểm tra, giám sát việc thực hiện quy chế dân chủ ở cơ sở",
    "Nâng cao chỉ số cải cách hành chính",
    "Đẩy mạnh giải ngân vốn đầu tư công",
    "Triển khai mô hình nông thôn mới kiểu mẫu",
    "Tổ chức đối thoại với Nhân dân về các vấn đề bức xúc",
    "Xây dựng cơ sở dữ liệu dân cư, đất đai dùng chung",
]
OUTPUTS = ["Đề án", "Báo cáo", "Kế hoạch", "Quyết định", "Tờ trình", "Hội nghị"]
