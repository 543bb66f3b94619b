"""`namro bench excel-export`: each size in a child process of its own, with the wall clock,
the CPU seconds, the memory and the file, and the growth against the first size."""

from __future__ import annotations

from namro.insights.bench.excel import run


def test_the_export_benchmark_gives_time_cpu_memory_and_growth_per_size():
    found = run((300, 600))["sizes"]
    assert [row["tasks"] for row in found] == [300, 600]
    for row in found:
        assert row["seconds"] > 0 and 0 < row["cpu_seconds"] <= row["seconds"] + 0.05
        assert row["peak_rss_mb"] > 0 and row["file_mb"] >= 0
        assert row["cpu_seconds_per_10k"] > 0
    assert found[0]["growth_vs_first"] == found[0]["cpu_growth_vs_first"] == 1.0
