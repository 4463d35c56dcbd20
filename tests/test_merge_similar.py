"""Copied plans between schools are flagged for the clerk (and generic wording is not)."""

from __future__ import annotations

from pathlib import Path

from conftest import make_plan

from qplan_xl.merge import merge_workbooks
from qplan_xl.merge.intake.figures import task_fingerprints
from qplan_xl.merge.select import similar_plans
from qplan_xl.model import Plan
from qplan_xl.workbook.template.build import write_workbook


def _prints(*numbers: int) -> frozenset[int]:
    return frozenset(numbers)


def test_pairs_sharing_most_tasks_are_flagged() -> None:
    plans = [("a", _prints(*range(10))), ("b", _prints(*range(4, 12))), ("c", _prints(100, 101))]
    assert similar_plans(plans) == [("a", "b", 6, 8)]


def test_few_or_a_small_share_of_shared_tasks_is_not_a_copy() -> None:
    assert similar_plans([("a", _prints(*range(4))), ("b", _prints(*range(4)))]) == []
    assert similar_plans([("a", _prints(*range(5, 30))), ("b", _prints(*range(20, 60)))]) == []


def test_wording_shared_by_many_schools_is_generic() -> None:
    common = set(range(8))
    plans = [(f"s{i}", frozenset(common | {1000 + i})) for i in range(5)]
    assert similar_plans(plans) == []


def test_fingerprints_ignore_case_accents_spacing_and_short_texts() -> None:
    plan = make_plan()
    long_text = "Tổ chức bồi dưỡng chuyên môn cho giáo viên cao tuổi về phương pháp dạy học"
    a = plan.actions[0].replace(tasks=long_text)
    b = plan.actions[1].replace(tasks="  " + long_text.upper() + " ")
    c = plan.actions[2].replace(tasks="Bồi dưỡng")
    assert len(task_fingerprints([a, b, c])) == 1


def _school(code: str, name: str, tasks: list[str]) -> Plan:
    plan = make_plan(actions_per_standard=2, code=code, name=name)
    actions = tuple(a.replace(tasks=t) for a, t in zip(plan.actions, tasks, strict=False))
    return plan.replace(actions=actions + plan.actions[len(tasks):])


def test_merge_flags_the_copied_pair(tmp_path: Path) -> None:
    own = [f"Xây dựng kế hoạch cụ thể số {k} của trường An Bình để khắc phục hạn chế" for k in range(8)]
    other = [f"Giải pháp riêng số {k} của trường Bình Minh, phân công rõ người thực hiện" for k in range(8)]
    folder = tmp_path / "nhan"
    folder.mkdir()
    write_workbook(_school("01001", "Trường Tiểu học An Bình", own), folder / "a.xlsx")
    write_workbook(_school("01002", "Trường Tiểu học An Phú", own), folder / "b.xlsx")
    write_workbook(_school("01003", "Trường Tiểu học Bình Minh", other), folder / "c.xlsx")
    result = merge_workbooks([folder], tmp_path / "tong-hop.xlsx", jobs=1)
    copied = [n for n in result.notices if n.code == "plan-copied"]
    assert len(copied) == 1
    assert "01001" in copied[0].message and "01002" in copied[0].message
    assert "9/9" in copied[0].message  # 8 tasks + the shared Mức 4 task of make_plan
    assert any(n["code"] == "plan-copied" for n in result.to_dict()["notices"])
