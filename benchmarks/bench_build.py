"""Time write_plan_docx for a 60-action primary plan (target: under 0.5 s in-process)."""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from qplan_xl import messages as m
from qplan_xl.model import Action, Assessment, Level4Result, Month, Plan, SchoolInfo, SchoolYear
from qplan_xl.rules.catalog import load_framework
from qplan_xl.summary.compute import summarize
from qplan_xl.word.document import write_plan_docx

TARGET_SECONDS = 0.5
# A realistic cell: seed plans carry two to four lines of text per cell.
RESULT = "Một số giáo viên sử dụng phương pháp dạy học chưa linh hoạt, hiệu quả chưa cao; {code}."
TASKS = ("Xây dựng kế hoạch bồi dưỡng thường xuyên, nâng cao năng lực tự học cho đội ngũ; "
         "tổ chức sinh hoạt chuyên môn theo nghiên cứu bài học hằng tháng ({code}).")


def sample_plan(actions: int, framework_id: str = "TT17-2018") -> Plan:
    """A valid plan with `actions` actions spread over the framework's criteria."""
    framework = load_framework(framework_id)
    criteria = framework.criteria
    info = SchoolInfo(
        authority="UBND xã Thanh Hưng", name="Trường Tiểu học Thanh Hưng", code="02145",
        level="tieu-hoc", year=SchoolYear(2023), framework=framework.id, doc_number="45/KH-THTH",
        place="Thanh Hưng", issue_date=dt.date(2023, 9, 15), signer="Nguyễn Thị Thơm",
        signer_title="HIỆU TRƯỞNG",
    )
    return Plan(
        info=info,
        assessments=tuple(Assessment(code=c.code, level=c.max_level) for c in criteria),
        level4=tuple(Level4Result(code=i.code, met=i.no < 3) for i in framework.level4_items),
        actions=tuple(_action(criteria[i % len(criteria)], i) for i in range(actions)),
    )


def _action(criterion: object, i: int) -> Action:
    code, standard = criterion.code, criterion.standard  # type: ignore[attr-defined]
    return Action(
        sheet=m.standard_sheet(standard), row=3 + i, standard=standard, criterion=code,
        result=RESULT.format(code=code), tasks=TASKS.format(code=code), lead=m.OWNERS[i % 5],
        partners=m.OWNERS[(i + 3) % 7], start=Month(2023, 9 + i % 4), end=Month(2024, 1 + i % 5),
        funding=m.FUNDING[1 + i % 3] if i % 2 else "", cost=5_000_000 * (i % 4) if i % 2 else None,
        support="Phòng GD&ĐT hỗ trợ" if i % 3 == 0 else "", note="",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=60)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    plan = sample_plan(args.actions)
    summary = summarize(plan)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ke-hoach.docx"
        write_plan_docx(plan, out, summary=summary)  # warm-up: imports, reference.docx read
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            write_plan_docx(plan, out, summary=summary)
            times.append(time.perf_counter() - start)
        size = out.stat().st_size
    median = statistics.median(times)
    verdict = "OK" if median < TARGET_SECONDS else "SLOW"
    print(f"write_plan_docx, {args.actions} actions: median {median * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; {args.runs} runs; "
          f"{size // 1024} KB) - target < {TARGET_SECONDS * 1000:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
