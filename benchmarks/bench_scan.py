"""Benchmark the worksheet XML guard (expat) against the regex scan it replaced, and whole reads."""

# python benchmarks/bench_scan.py [--regex-rev f5c5eab]
# The regex scan is loaded from git history (`git show REV:qplan_xl/workbook/xmlscan.py`), so the
# comparison can be re-run on any machine; without git the column is left out.

from __future__ import annotations

import argparse
import importlib.util
import io
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qplan_xl.workbook.read.reader import read_workbook  # noqa: E402
from qplan_xl.workbook.read.xml import column_letters  # noqa: E402
from qplan_xl.workbook.read.xmlscan import Bounds, rewrite_sheet, scan_sheet  # noqa: E402

BOUNDS = Bounds(rows=5000, cols=60, max_bytes=1 << 30, max_cells=10**8)
SAMPLE = ROOT / "samples" / "tieu-hoc-thanh-hung-2023-2024.xlsx"


def dense_sheet(rows: int, cols: int = 12) -> bytes:
    """A sheet as openpyxl writes a filled plan: inline strings and numbers, every cell addressed."""
    parts = ['<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             "<sheetData>"]
    for r in range(1, rows + 1):
        parts.append(f'<row r="{r}">')
        for c in range(1, cols + 1):
            ref = f"{column_letters(c)}{r}"
            value = f"<v>{r * c}</v>" if c % 3 == 0 else f"<is><t>ch\u1eef {r} {c}</t></is>"
            kind = "" if c % 3 == 0 else ' t="inlineStr"'
            parts.append(f'<c r="{ref}"{kind}>{value}</c>')
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


def best_ms(work: Callable[[], Any], runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return min(samples) * 1000


def median_ms(work: Callable[[], Any], runs: int = 15) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def regex_scan(rev: str) -> ModuleType | None:
    try:
        source = subprocess.run(["git", "show", f"{rev}:qplan_xl/workbook/xmlscan.py"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    spec = importlib.util.spec_from_loader("regex_xmlscan", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    exec(source, module.__dict__)  # our own file from git history
    return module


def sheet_parts(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]


def workbook_with(sheet: bytes, folder: Path) -> Path:
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    path = folder / "dense.xlsx"
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else src.read(name))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regex-rev", default="f5c5eab", help="git revision holding the regex scan")
    args = parser.parse_args()
    old = regex_scan(args.regex_rev)
    cases = [("sample school workbook (all sheets)", sheet_parts(SAMPLE))]
    cases += [(f"dense sheet {rows:,} rows x 12", [dense_sheet(rows)]) for rows in (5_000, 50_000)]
    print(f"{'sheet XML':40} {'MB':>6} {'regex ms':>9} {'expat ms':>9} {'ratio':>6} {'rewrite ms':>11}")
    for label, parts in cases:
        size = sum(map(len, parts)) / 1e6
        new = best_ms(lambda parts=parts: [scan_sheet(p, BOUNDS) for p in parts])
        regex = best_ms(lambda parts=parts: [old.scan_sheet(p, 60) for p in parts]) if old else float("nan")
        rewrite = best_ms(lambda parts=parts: [rewrite_sheet(p, BOUNDS) for p in parts], runs=3)
        print(f"{label:40} {size:6.2f} {regex:9.1f} {new:9.1f} {new / regex:6.1f} {rewrite:11.1f}")
    print()
    with tempfile.TemporaryDirectory() as folder:
        dense = workbook_with(dense_sheet(5_000), Path(folder))
        for label, path in (("read_workbook, sample", SAMPLE), ("read_workbook, dense 5,000 x 12", dense)):
            print(f"{label:40} {median_ms(lambda path=path: read_workbook(path)):9.1f} ms (median)")


if __name__ == "__main__":
    main()
