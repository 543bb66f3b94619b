"""The `namro` console script: a thin wrapper over namro's management commands.

``namro extract`` is run without starting Django when its arguments allow it (see
``namro.intake.management.extracting``); everything else goes to Django's command line."""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "demo": "nạp dữ liệu minh họa Hà Nội và chạy ứng dụng (--no-serve: chỉ nạp)",
    "serve": "chạy ứng dụng web (gunicorn; --dev: máy chủ phát triển của Django)",
    "units": 'cây đơn vị: units load-admin --province "Hà Nội"',
    "extract": "trích xuất nhiệm vụ, cán bộ, số văn bản từ văn bản tiếng Việt",
    "import": "nhập nhiệm vụ từ Excel: import FILE --document ID",
    "export": "xuất nhiệm vụ ra Excel: export --document ID -o FILE",
    "report": "báo cáo định kỳ: report periodic --unit ID --period 2026-Q3 -o FILE.docx [--pdf]",
    "audit": "nhật ký thay đổi: audit verify [--against TỆP] | seal | rotate-key | bench",
    "backup": "sao lưu cơ sở dữ liệu và tệp đính kèm: backup [-o THƯ_MỤC]",
    "restore": "khôi phục bản sao lưu vào cơ sở dữ liệu trống: restore THƯ_MỤC",
    "bench": "dữ liệu tổng hợp toàn quốc và đo hiệu năng: bench seed | dashboard | pages | http | extract",
    "token": "mã truy cập API: token create|list TÊN_ĐĂNG_NHẬP, token revoke MÃ",
    "factor": "xác thực hai lớp: factor status|reset TÊN_ĐĂNG_NHẬP | rotate-key | reseal | check",
    "role": "phân quyền: role grant TÊN_ĐĂNG_NHẬP VAI_TRÒ MÃ_ĐƠN_VỊ | list | revoke MÃ_SỐ",
    "holidays": "lịch nghỉ lễ, Tết: holidays load --year NĂM [--year NĂM…] | list --year NĂM",
    "reminders": "nhắc việc: reminders run [--date YYYY-MM-DD] [--dry-run] — quét một lần",
    "worker": "tiến trình công việc nền: xử lý hàng đợi và quét nhắc việc hằng ngày",
    "migrate": "cập nhật cấu trúc cơ sở dữ liệu",
    "createsuperuser": "tạo tài khoản quản trị",
}


def _usage() -> str:
    width = max(len(c) for c in COMMANDS)
    lines = ["Cách dùng: namro LỆNH [tham số…]   (namro LỆNH --help để xem chi tiết)", ""]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()]
    lines += ["", "Mọi lệnh quản trị của Django cũng dùng được: namro help --all."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namro.settings")
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        print(_usage())
        return
    if args[0] == "extract":
        # Extraction needs no database: answered without starting Django when it can be.
        from namro.intake.management.extracting import run

        status = run(args[1:])
        if status is not None:
            sys.exit(status)
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["namro", *args])


if __name__ == "__main__":
    main()
