"""``namro bench``: synthetic national data and the benchmarks.

- ``namro bench seed --units 8000 --tasks 1000000``: fill an empty database;
- ``namro bench dashboard --json``: time the dashboard summary against a full scan;
- ``namro bench extract [--cases FILE …] [--part all|tune|kept] --json``: score the text
  extraction per labelled set (``--part``: the whole set, or its tuning or kept-aside part);
- ``namro bench pages --json``: every page and API list as users of each scope, against a scan;
- ``namro bench http --json``: requests per second through the production server (wrk);
- ``namro bench excel-export --json``: the task export's time and memory at 10k, 50k, 100k;
- ``namro bench excel-import --rows 100000 --json``: an Excel import against openpyxl alone,
  then hostile files.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.insights.bench import measure, seed
from namro.insights.bench.scopes import SIZES
from namro.paths import PROJECT_ROOT


class Command(BaseCommand):
    help = "Dữ liệu tổng hợp quy mô toàn quốc và các phép đo hiệu năng (seed, dashboard, extract)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("seed", help="tạo cây đơn vị và nhiệm vụ tổng hợp trong CSDL trống")
        p.add_argument("--units", type=int, default=8000, help="số đơn vị (mặc định 8000)")
        p.add_argument(
            "--tasks", type=int, default=1_000_000, help="số nhiệm vụ (mặc định 1.000.000)"
        )
        p.add_argument("--years", type=int, default=5, help="số năm dữ liệu (mặc định 5)")
        p.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên")
        p.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        p = sub.add_parser("dashboard", help="đo thời gian bảng tổng hợp so với quét toàn bảng")
        p.add_argument("--dates", type=int, default=8, help="số ngày đo, rải đều (mặc định 8)")
        p.add_argument("--repeat", type=int, default=15, help="số lần đo mỗi ngày (mặc định 15)")
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        p = sub.add_parser(
            "pages",
            help="đo mọi trang và danh sách API theo người dùng từng cấp (toàn quốc, tỉnh, xã)",
        )
        self._size_arguments(p)
        p.add_argument("--repeat", type=int, default=10, help="số lần đo mỗi trang (mặc định 10)")
        p.add_argument(
            "--only", action="append", help="chỉ đo trang có tên này (lặp lại được, ví dụ tasks)"
        )
        p.add_argument(
            "--scope",
            action="append",
            choices=["national", "province", "commune"],
            help="chỉ đo cấp này (lặp lại được)",
        )
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON (dòng cuối)")
        p = sub.add_parser(
            "http",
            help="đo số yêu cầu/giây qua máy chủ gunicorn bằng wrk (cài: apt-get install wrk)",
        )
        self._size_arguments(p)
        p.add_argument("--workers", type=int, help="số tiến trình gunicorn (mặc định như serve)")
        p.add_argument("--duration", type=int, default=10, help="số giây đo mỗi đích (mặc định 10)")
        p.add_argument(
            "--connections", type=int, default=16, help="số kết nối đồng thời (mặc định 16)"
        )
        p.add_argument(
            "--only", action="append", help="chỉ đo đích có tên này (lặp lại được, ví dụ ping)"
        )
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON (dòng cuối)")
        p = sub.add_parser(
            "excel-import",
            help="đo nhập Excel N dòng so với openpyxl đọc riêng tệp đó, rồi các tệp độc hại "
            "(ghi vào CSDL hiện tại: một văn bản và 31 đơn vị mới mỗi lần chạy)",
        )
        p.add_argument("--rows", type=int, default=100_000, help="số dòng (mặc định 100.000)")
        p.add_argument("--no-hostile", action="store_true", help="bỏ qua các tệp độc hại")
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        p = sub.add_parser(
            "extract",
            help="chấm điểm trích xuất nhiệm vụ trên các bộ mẫu có nhãn "
            "(mặc định: các bộ mẫu của dự án và, nếu có, bộ mẫu dùng chung bên cạnh dự án)",
        )
        p.add_argument("--cases", action="append", help="tệp bộ mẫu (.json); lặp lại được")
        p.add_argument("--article", help="bài báo về buổi làm việc (.txt)")
        p.add_argument("--expected", help="kết quả mong đợi cho bài báo (.json)")
        p.add_argument(
            "--part",
            choices=["all", "tune", "kept"],
            default="all",
            help="phần bộ mẫu được chấm: all (cả bộ, mặc định), tune (hai phần ba dùng để chỉnh "
            "luật) hoặc kept (một phần ba để riêng, theo băm SHA-256 của mã mẫu)",
        )
        p.add_argument("--misses", action="store_true", help="kèm danh sách các trường hợp sai")
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        p = sub.add_parser(
            "excel-export", help="đo thời gian và bộ nhớ xuất Excel nhiệm vụ theo số dòng"
        )
        p.add_argument(
            "--sizes",
            type=int,
            nargs="+",
            default=[10_000, 50_000, 100_000],
            help="số nhiệm vụ mỗi lần đo (mặc định 10000 50000 100000)",
        )
        p.add_argument("--trace", action="store_true", help="đo cả bộ nhớ cấp phát (chậm hơn)")
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "seed":
            # An empty database (a new DATABASE_URL) gets its tables first.
            call_command("migrate", interactive=False, verbosity=0)
            try:
                result = seed.seed(
                    units=options["units"],
                    tasks=options["tasks"],
                    years=options["years"],
                    seed=options["seed"],
                    progress=not options["no_progress"],
                )
            except ValueError as exc:
                raise CommandError(f"Không tạo được dữ liệu: {exc}") from exc
            self._out(result.as_dict(), options["json"])
        elif action in {"pages", "http"}:
            self._scoped(action, options)
        elif action == "excel-import":
            from namro.insights.bench import excel_import

            try:
                figures = excel_import.run(rows=options["rows"], hostile=not options["no_hostile"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self._out(figures, options["json"])
        elif action == "excel-export":
            from namro.insights.bench import excel

            self._out(excel.run(tuple(options["sizes"]), trace=options["trace"]), options["json"])
        elif action == "dashboard":
            try:
                figures = measure.run(dates=options["dates"], repeat=options["repeat"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self._out(figures, options["json"])
        else:
            try:
                bench = importlib.import_module("namro.intake.core.bench")
            except ImportError as exc:
                raise CommandError(
                    "Chưa có bộ chấm trích xuất (namro.intake.core.bench): " + str(exc)
                ) from exc
            self._out(self._extract(bench, options), options["json"])

    @staticmethod
    def _size_arguments(p: CommandParser) -> None:
        p.add_argument(
            "--size",
            "--sizes",
            choices=sorted(SIZES),
            default="national",
            help="cỡ dữ liệu tạo khi CSDL còn trống: tiny 60/2.000, small 200/20.000, "
            "national 8.000/1.000.000 (mặc định); CSDL đã có dữ liệu thì dùng lại",
        )
        p.add_argument("--units", type=int, help="số đơn vị (thay cho --size)")
        p.add_argument("--tasks", type=int, help="số nhiệm vụ (thay cho --size)")
        p.add_argument(
            "--force",
            action="store_true",
            help="chạy cả khi CSDL có tài khoản thật (phép đo ghi vào CSDL)",
        )

    def _scoped(self, action: str, options: dict[str, Any]) -> None:
        from namro.insights.bench import scopes

        units, tasks = SIZES[options["size"]]
        units, tasks = options["units"] or units, options["tasks"] or tasks
        as_json = self._as_json = options["json"]
        log = None if as_json else self.stdout
        try:
            prepared = scopes.prepare(units=units, tasks=tasks, force=options["force"], stdout=log)
            if action == "pages":
                from namro.insights.bench import pages

                result = pages.run(
                    repeat=options["repeat"],
                    only=options["only"],
                    scopes=options["scope"],
                    progress=self._page_line,
                )
            else:
                from namro.insights.bench import http

                result = http.run(
                    workers=options["workers"],
                    duration=options["duration"],
                    connections=options["connections"],
                    only=options["only"],
                    stdout=log,
                )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        result["seeded"] = prepared["seeded"]
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for key, value in result.items():
            if key not in {"pages", "targets"}:
                self.stdout.write(f"{key}: {value}")

    def _page_line(self, row: dict[str, Any]) -> None:
        """One line per page as it is measured (on standard error with --json)."""
        out = self.stderr if self._as_json else self.stdout
        if row.get("error") or row["status"] != 200:
            out.write(
                f"{row['scope']:<9} {row['name']:<32} LỖI {row['status']} {row.get('error', '')}"
            )
            return
        out.write(
            f"{row['scope']:<9} {row['name']:<32} p50 {row['p50_ms']:>9.2f} ms  "
            f"p95 {row['p95_ms']:>9.2f} ms  {row['queries']:>3} truy vấn  "
            f"{row['bytes']:>8} B  {row['peak_mb']:>6.1f} MB  ×{row['ratio']}"
        )

    def _extract(self, bench: Any, options: dict[str, Any]) -> dict[str, Any]:
        """Score each labelled set; the seed article goes with the first set when it is known."""
        shared = PROJECT_ROOT.parent / "shared" / "cases"
        cases = [Path(c) for c in options.get("cases") or []] or [
            *sorted(
                (PROJECT_ROOT / "namro" / "intake" / "tests" / "data").glob("extraction_*.json")
            ),
            *[
                p
                for p in [shared / "extraction_dev.json", shared / "extraction_real_dev.json"]
                if p.exists()
            ],
        ]
        article = options.get("article") or shared / "seed_article_vi.txt"
        expected = options.get("expected") or shared / "seed_article_expected.json"
        # The seed article goes with the first default set; named sets are scored alone
        # unless an article is named too.
        explicit = bool(options.get("cases")) and not options.get("article")
        with_article = not explicit and Path(article).exists() and Path(expected).exists()
        results: dict[str, Any] = {}
        for index, path in enumerate(cases):
            if not path.exists():
                raise CommandError(f"Không tìm thấy bộ mẫu {path}.")
            extra = (str(article), str(expected)) if with_article and index == 0 else ()
            result = bench.run(str(path), *extra, part=options.get("part") or "all")
            if not options.get("misses"):
                result.pop("misses", None)
            results[path.stem] = result
        return results

    def _out(self, data: dict[str, Any], as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for key, value in data.items():
            if key != "dates":
                self.stdout.write(f"{key}: {value}")
