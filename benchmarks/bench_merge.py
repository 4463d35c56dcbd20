"""Benchmark of `qplan merge` on generated workbooks, against a plain read of the same files.

    python benchmarks/bench_merge.py [--schools 1000] [--jobs N] [--scales 250,500]
    python benchmarks/bench_merge.py --province [--schools 1000] [--scales 300] [--folder DIR] [--resaved]

The first form is the 2018-framework district of the first version, against openpyxl. The second is
a Sở's mailbox under TT57 (district.write_province: mixed plan sizes, ~2 % broken files, ~5 % of the
schools resubmitted, a roster with 30 clusters), against a calamine-only parse of the same files
with the same number of processes, measured in the same run.

With --resaved, each workbook is first re-saved by LibreOffice, as the files a Sở receives have been
saved by an office suite (shared strings, UTF-8 text, rows with their attributes: what Excel writes
too), not by our template writer (inline strings with character references); a file LibreOffice
cannot open (the cut ones) stays as it is. Needs `soffice`; about 4 minutes per 1,000 files, once.

The workbooks are generated once and cached in the temp folder. Each measurement runs in a fresh
process, so its peak memory (ru_maxrss of the process and of its worker processes) is its own.
Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from district import GENERATOR_VERSION, generate_district, roster_schools, write_province  # noqa: E402


def cached_district(schools: int, jobs: int) -> Path:
    """The folder of `schools` generated workbooks, generated on first use."""
    folder = Path(tempfile.gettempdir()) / f"qplan-bench-district-{schools}-v{GENERATOR_VERSION}"
    done = folder / ".complete"
    if not done.exists():
        started = time.perf_counter()
        print(f"generating {schools} workbooks in {folder} ...", file=sys.stderr)
        generate_district(folder / "files", roster_schools(schools), jobs=jobs)
        done.write_text(f"{time.perf_counter() - started:.1f}")
    return folder / "files"


DISTINCT_PLANS = 100  # plans written with openpyxl; the other schools' files are copies (district.clone)


def cached_province(schools: int, jobs: int, stage: str = "term1") -> Path:
    """A Sở's mailbox of `schools` TT57 workbooks (district.write_province), generated on first use."""
    suffix = "" if stage == "term1" else f"-{stage}"
    folder = Path(tempfile.gettempdir()) / f"qplan-bench-province-{schools}-v{GENERATOR_VERSION}{suffix}"
    if not (folder / ".complete").exists():
        print(f"generating {schools} TT57 workbooks ({stage}) in {folder} ...", file=sys.stderr)
        write_province(folder, schools, jobs=jobs, distinct=min(schools, DISTINCT_PLANS), stage=stage)
        (folder / ".complete").write_text("done")
    return folder


RESAVE_BATCH = 60  # files per LibreOffice run


def resaved_province(folder: Path, count: int) -> Path:
    """A copy of the province `folder` whose workbooks of the first `count` schools LibreOffice re-saved."""
    target = folder.with_name(folder.name + "-resaved")
    done = target / f".complete-{count}"
    if done.exists():
        return target
    (target / "hop-thu").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / "danh-sach-so.csv", target / "danh-sach-so.csv")
    todo = [p for p in province_files(folder, count)[0] if not (target / "hop-thu" / p.name).exists()]
    print(f"re-saving {len(todo)} workbooks with LibreOffice into {target} ...", file=sys.stderr)
    profile = Path(tempfile.mkdtemp(prefix="qplan-bench-lo-"))
    for start in range(0, len(todo), RESAVE_BATCH):
        batch = todo[start : start + RESAVE_BATCH]
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(target / "hop-thu"),
                        *map(str, batch)], capture_output=True, check=False, timeout=1800)
        for path in batch:  # what LibreOffice could not open is received as it is
            if not (target / "hop-thu" / path.name).exists():
                shutil.copyfile(path, target / "hop-thu" / path.name)
    shutil.rmtree(profile, ignore_errors=True)
    done.write_text("done")
    return target


def files_of(folder: Path, count: int) -> list[Path]:
    return sorted(folder.glob("*.xlsx"))[:count]


# --- measurements (each in its own process) -------------------------------------------------------


def measure_merge(folder: Path, count: int, jobs: int, out: Path) -> dict[str, float]:
    from qplan_xl.merge.core import merge_workbooks

    paths = files_of(folder, count)
    marks: dict[str, float] = {}

    def progress(done: int, total: int) -> None:
        if done == total:
            marks["read"] = time.perf_counter()

    start = time.perf_counter()
    result = merge_workbooks(paths, out, jobs=jobs, progress=progress)
    end = time.perf_counter()
    return {
        "files": len(paths), "seconds": end - start, "read_seconds": marks["read"] - start,
        "write_seconds": end - marks["read"], "actions": result.actions, "valid": result.counts()["valid"],
        "output_mb": out.stat().st_size / 1e6, **_memory(),
    }


def _openpyxl_values(path: str) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    cells = sum(1 for ws in book.worksheets for row in ws.iter_rows(values_only=True) for _ in row)
    book.close()
    return cells


def measure_openpyxl(folder: Path, count: int, jobs: int) -> dict[str, float]:
    """A plain read of every value with openpyxl (read_only), in one process or in `jobs`."""
    from concurrent.futures import ProcessPoolExecutor

    paths = [str(p) for p in files_of(folder, count)]
    start = time.perf_counter()
    if jobs == 1:
        cells = sum(_openpyxl_values(p) for p in paths)
    else:
        with ProcessPoolExecutor(jobs) as pool:
            cells = sum(pool.map(_openpyxl_values, paths, chunksize=16))
    return {"files": len(paths), "seconds": time.perf_counter() - start, "cells": cells, **_memory()}


# --- the Sở's mailbox under TT57 --------------------------------------------------------------------


def province_files(folder: Path, count: int) -> tuple[list[Path], Path]:
    """The files of the first `count` schools (and their resubmissions), and a roster of them."""
    paths = [p for p in sorted((folder / "hop-thu").glob("*.xlsx")) if int(p.name[:5]) <= count]
    lines = (folder / "danh-sach-so.csv").read_text(encoding="utf-8").splitlines()
    roster = Path(tempfile.mkdtemp()) / f"danh-sach-{count}.csv"
    roster.write_text("\n".join(lines[: count + 1]) + "\n", encoding="utf-8")
    return paths, roster


def measure_province(folder: Path, count: int, jobs: int, out: Path) -> dict[str, float]:
    from qplan_xl.merge.core import merge_workbooks

    paths, roster = province_files(folder, count)
    start = time.perf_counter()
    result = merge_workbooks(paths, out, roster=roster, jobs=jobs)
    seconds = time.perf_counter() - start
    counts = result.counts()
    return {"files": len(paths), "seconds": seconds, "actions": result.actions, "valid": counts["valid"],
            "unreadable": counts["unreadable"], "superseded": counts["superseded"], "units": len(result.units()),
            "output_mb": out.stat().st_size / 1e6, **_memory()}


def _calamine_values(path: str) -> int:
    from python_calamine import CalamineWorkbook

    try:
        with CalamineWorkbook.from_path(path) as book:
            return sum(len(row) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python())
    except Exception:  # the broken files: calamine gives up on them, as the merge does
        return 0


def measure_calamine(folder: Path, count: int, jobs: int) -> dict[str, float]:
    """Every value of every sheet with python-calamine, nothing else, with the merge's processes."""
    from concurrent.futures import ProcessPoolExecutor

    paths = [str(p) for p in province_files(folder, count)[0]]
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        cells = sum(pool.map(_calamine_values, paths, chunksize=max(1, min(32, len(paths) // (jobs * 8)))))
    return {"files": len(paths), "seconds": time.perf_counter() - start, "cells": cells, **_memory()}


def run_province(folder: Path, jobs: int, scales: list[int]) -> None:
    print(f"machine: {os.cpu_count()} CPU, Python {sys.version.split()[0]}, jobs={jobs}; {folder}")
    print(f"{'schools':>7} {'files':>6} {'merge s':>8} {'ms/file':>8} {'CPU ms/f':>8} {'calamine s':>10} "
          f"{'cal CPU ms/f':>12} {'ratio':>6} {'CPU ratio':>9} {'actions':>8} {'main MB':>8} {'worker MB':>9} "
          f"{'out MB':>7}")
    for count in scales:
        plain = _in_subprocess("calamine", folder, count, jobs)
        merged = _in_subprocess("province", folder, count, jobs)
        print(f"{count:>7} {merged['files']:>6.0f} {merged['seconds']:>8.2f} "
              f"{1000 * merged['seconds'] / merged['files']:>8.1f} {1000 * merged['cpu_seconds'] / merged['files']:>8.1f} "
              f"{plain['seconds']:>10.2f} {1000 * plain['cpu_seconds'] / plain['files']:>12.1f} "
              f"{merged['seconds'] / plain['seconds']:>6.2f} {merged['cpu_seconds'] / plain['cpu_seconds']:>9.2f} "
              f"{merged['actions']:>8.0f} "
              f"{merged['peak_mb']:>8.0f} {merged['worker_peak_mb']:>9.0f} {merged['output_mb']:>7.1f}", flush=True)


def _memory() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    return {"peak_mb": own.ru_maxrss / 1024, "worker_peak_mb": workers.ru_maxrss / 1024, "cpu_seconds": cpu}


def _in_subprocess(kind: str, folder: Path, count: int, jobs: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", kind, "--folder", str(folder),
               "--schools", str(count), "--jobs", str(jobs)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


# --- report -----------------------------------------------------------------------------------------


def run(schools: int, jobs: int, scales: list[int]) -> None:
    folder = cached_district(schools, jobs)
    rows = [_in_subprocess("merge", folder, count, jobs) for count in [*scales, schools]]
    plain = {n: _in_subprocess("openpyxl", folder, schools, n) for n in sorted({1, jobs})}
    print(f"machine: {os.cpu_count()} CPU, Python {sys.version.split()[0]}, merge jobs={jobs}")
    print(f"{'files':>6} {'merge s':>8} {'ms/file':>8} {'CPU ms/file':>11} {'read s':>7} {'write s':>8} "
          f"{'actions':>8} {'main MB':>8} {'worker MB':>9} {'out MB':>7}")
    for r in rows:
        print(f"{r['files']:>6.0f} {r['seconds']:>8.2f} {1000 * r['seconds'] / r['files']:>8.1f} "
              f"{1000 * r['cpu_seconds'] / r['files']:>11.1f} {r['read_seconds']:>7.2f} "
              f"{r['write_seconds']:>8.2f} {r['actions']:>8.0f} {r['peak_mb']:>8.0f} "
              f"{r['worker_peak_mb']:>9.0f} {r['output_mb']:>7.1f}")
    full = rows[-1]
    for n, base in plain.items():
        print(f"openpyxl read_only, every value, {n} process(es): {base['seconds']:.2f} s "
              f"({1000 * base['seconds'] / base['files']:.1f} ms/file, {1000 * base['cpu_seconds'] / base['files']:.1f} "
              f"CPU ms/file, {base['cells']:.0f} cells) -> merge is {base['seconds'] / full['seconds']:.1f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scales", default="250,500", help="smaller merges run first, to show memory")
    parser.add_argument("--province", action="store_true", help="a Sở's TT57 mailbox (see above)")
    parser.add_argument("--measure", choices=["merge", "openpyxl", "province", "calamine"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help="--province: a folder of district.write_province")
    parser.add_argument("--resaved", action="store_true", help="--province: the files re-saved by LibreOffice")
    args = parser.parse_args()
    if args.measure == "province":
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(measure_province(args.folder, args.schools, args.jobs, Path(tmp) / "so.xlsx")))
    elif args.measure == "calamine":
        print(json.dumps(measure_calamine(args.folder, args.schools, args.jobs)))
    elif args.province:
        folder = args.folder or cached_province(args.schools, args.jobs)
        if args.resaved:
            folder = resaved_province(folder, args.schools)
        scales = [int(s) for s in args.scales.split(",") if s and int(s) < args.schools]
        run_province(folder, args.jobs, [*scales, args.schools])
    elif args.measure == "merge":
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(measure_merge(args.folder, args.schools, args.jobs, Path(tmp) / "district.xlsx")))
    elif args.measure == "openpyxl":
        print(json.dumps(measure_openpyxl(args.folder, args.schools, args.jobs)))
    else:
        scales = [int(s) for s in args.scales.split(",") if s and int(s) < args.schools]
        run(args.schools, args.jobs, scales)


if __name__ == "__main__":
    main()
