"""``namro bench``: synthetic national data and the benchmarks.

- ``namro bench seed --units 8000 --tasks 1000000``: fill an empty database;
- ``namro bench dashboard --json``: time the dashboard summary against a full scan;
- ``namro bench extract CASES ARTICLE EXPECTED --json``: score the text extraction.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.insights.bench import measure, seed


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
        p = sub.add_parser("extract", help="chấm điểm trích xuất nhiệm vụ trên bộ mẫu")
        p.add_argument("cases_path")
        p.add_argument("seed_article_path")
        p.add_argument("seed_expected_path")
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "seed":
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
            result = bench.run(
                options["cases_path"], options["seed_article_path"], options["seed_expected_path"]
            )
            self._out(result, options["json"])

    def _out(self, data: dict[str, Any], as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for key, value in data.items():
            if key != "dates":
                self.stdout.write(f"{key}: {value}")
