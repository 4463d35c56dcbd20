"""Shared fixtures: plans built from the catalog, workbooks written from them, a CLI runner."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings

from qplan_xl import messages as m
from qplan_xl.model import (
    Action,
    Assessment,
    FocalIssue,
    Level4Result,
    Month,
    Plan,
    SchoolInfo,
    SchoolYear,
    Texts,
)
from qplan_xl.rules.catalog import Framework, default_framework, load_framework

# CI runs the same examples every time (reproducible, no timing flakes); locally they vary.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

LEVEL_OF = {"TT17-2018": "tieu-hoc", "TT18-2018": "thcs", "TT19-2018": "mam-non",
            "TT57-2026-PL-I": "mam-non", "TT57-2026-PL-II": "tieu-hoc"}


def make_plan(
    framework_id: str = "TT17-2018",
    start: int = 2023,
    actions_per_standard: int = 2,
    level4_met: int = 2,
    **info: Any,
) -> Plan:
    """A valid plan: every criterion at its highest level, a few actions per standard."""
    framework = load_framework(framework_id)
    level = info.pop("level", LEVEL_OF[framework_id])
    school = SchoolInfo(
        authority="UBND XÃ THANH HƯNG", name="Trường Tiểu học Thanh Hưng", code="02145",
        level=level, year=SchoolYear(start), framework=framework.id, target_level=None,
        doc_number="45/KH-THTH", place="Thanh Hưng", issue_date=dt.date(start, 9, 15),
        signer="Nguyễn Thị Thơm", signer_title="HIỆU TRƯỞNG",
    ).replace(**info)
    assessments = tuple(Assessment(code=c.code, level=c.max_level) for c in framework.criteria)
    level4 = tuple(Level4Result(code=i.code, met=n < level4_met)
                   for n, i in enumerate(framework.level4_items))
    actions = _actions(framework, start, actions_per_standard)
    focal: tuple[FocalIssue, ...] = ()
    if framework.form is not None:  # Biểu 2: section IV, and the columns the form requires
        actions = [_bieu2(a) for a in actions]
        focal = tuple(FocalIssue(sheet="Vấn đề trọng tâm", row=3 + i, standard=s.no,
                                 criteria=", ".join(c.code for c in s.criteria[:2]),
                                 current_state=f"Hiện trạng {s.no}", weakness=f"Hạn chế {s.no}",
                                 cause=f"Nguyên nhân {s.no}")
                      for i, s in enumerate(framework.standards))
    return Plan(info=school, assessments=assessments, level4=level4, actions=tuple(actions), focal_issues=focal,
                texts=Texts(purpose="Mục đích.", basis="Căn cứ.", direction="Định hướng.",
                            organization="Tổ chức.", recipients="Phòng GD&ĐT (để b/c);\nLưu: VT."))


def _actions(framework: Framework, start: int, per_standard: int) -> list[Action]:
    actions = []
    for std in framework.standards:
        for k in range(per_standard):
            criterion = std.criteria[k % len(std.criteria)]
            actions.append(Action(
                sheet=m.standard_sheet(std.no), row=3 + k, standard=std.no, criterion=criterion.code,
                result=f"Kết quả cần đạt {criterion.code} & <đo được>", tasks=f"Công việc {k + 1}",
                lead=m.OWNERS[k % 3], partners="Tổ chuyên môn", start=Month(start, 9 + k),
                end=Month(start + 1, 1 + k), funding=m.FUNDING[1] if k else m.FUNDING[0],
                cost=15_000_000 if k else None))
    if framework.level4_items:
        item = framework.level4_items[-1]
        actions.append(Action(sheet=m.SHEETS["level4"], row=3, standard=None, criterion=item.code,
                              result="Đạt yêu cầu Mức 4", tasks="Tham khảo chương trình tiên tiến",
                              lead=m.OWNERS[0], start=Month(start, 10), end=Month(start + 1, 5)))
    return actions


def _bieu2(action: Action) -> Action:
    return action.replace(content=f"Nội dung cải tiến {action.criterion}", objective=action.result, result="",
                          indicator="100% giáo viên tham gia", evidence="Biên bản")


@pytest.fixture
def plan() -> Plan:
    return make_plan()


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write a plan to an .xlsx in tmp_path (through the template writer) and return the path."""
    from qplan_xl.workbook.template.build import write_workbook

    def write(plan: Plan, name: str = "ke-hoach.xlsx", **kwargs: Any) -> Path:
        path = tmp_path / name
        write_workbook(plan, path, **kwargs)
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def default_framework_for() -> Callable[[str, int], Framework]:
    return default_framework
