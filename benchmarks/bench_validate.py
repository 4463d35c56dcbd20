"""Benchmark `qplan validate` on a 60-action workbook: fresh process and in-process read+validate."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from district import SchoolSpec, build_plan  # noqa: E402

from qplan_xl.workbook.template.build import write_workbook  # noqa: E402


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def fresh_process(args: list[str], runs: int = 15) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - started)
    return _median_ms(samples)


def in_process(path: Path, runs: int = 30) -> float:
    from qplan_xl.validation.book import validate_workbook

    validate_workbook(path)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        validate_workbook(path)
        samples.append(time.perf_counter() - started)
    return _median_ms(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ke-hoach-60.xlsx"
        spec = SchoolSpec("01234", "Trường Tiểu học Thanh Hưng", "tieu-hoc", 2023, actions=60, seed=7)
        write_workbook(build_plan(spec), path)
        from qplan_xl.validation.book import validate_workbook

        report = validate_workbook(path).report
        assert report.valid, report.to_text()
        bare = fresh_process([sys.executable, "-c", "pass"])
        cli = fresh_process([sys.executable, "-m", "qplan_xl", "validate", str(path)])
        inproc = in_process(path)
        size = path.stat().st_size
    print(f"workbook: 60 actions, {size:,} bytes")
    print(f"bare interpreter start (python -c pass): {bare:7.1f} ms")
    print(f"qplan validate, fresh process:           {cli:7.1f} ms  (target < 300 ms)")
    print(f"read + validate, in process:             {inproc:7.1f} ms")


if __name__ == "__main__":
    main()
