"""Time `qplan new --roster` (one prefilled workbook per school): copies of one build vs a build each.

    python benchmarks/bench_new_roster.py --schools 10000 --compare 50

`--schools` workbooks are written the way the command does (a template built once per framework
and level, copied per school); `--compare` schools are also written the old way (a full openpyxl
build each) and that time is extrapolated to `--schools`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from qplan_xl.model import SchoolYear
from qplan_xl.rules.catalog import default_framework
from qplan_xl.workbook.roster import RosterEntry
from qplan_xl.workbook.template.build import write_roster_workbooks, write_template

LEVELS = ("mam-non", "tieu-hoc", "thcs", "thpt")


def roster(count: int) -> list[RosterEntry]:
    """A district-like roster: four levels, Vietnamese names, codes with leading zeros."""
    return [RosterEntry(f"{i:05d}", f"Trường Số {i} Thanh Hưng", LEVELS[i % len(LEVELS)], "UBND XÃ THANH HƯNG",
                        row=i + 2) for i in range(1, count + 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=10_000)
    parser.add_argument("--compare", type=int, default=50)
    args = parser.parse_args()
    year = SchoolYear(2025)
    entries = roster(args.schools)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        written, _, failures = write_roster_workbooks(entries, Path(folder) / "new", year)
        copies = time.perf_counter() - started
        assert len(written) == len(entries) and not failures
        started = time.perf_counter()
        for entry in entries[: args.compare]:
            write_template(Path(folder) / "old.xlsx", default_framework(entry.level, year.start), level=entry.level,
                           year=year, school_name=entry.name, school_code=entry.code, authority=entry.authority)
        full = (time.perf_counter() - started) / max(args.compare, 1)
    print(f"{args.schools} workbooks by copies: {copies:.1f} s ({copies / args.schools * 1000:.1f} ms each)")
    print(f"a full build each: {full * 1000:.0f} ms each -> {full * args.schools / 60:.1f} min for {args.schools}")


if __name__ == "__main__":
    main()
