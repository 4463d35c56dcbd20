"""diff_plans and `qplan diff`: criterion-aware matching, mirror symmetry, exit codes, JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qplan_xl.cli import cli
from qplan_xl.history import diff_plans
from qplan_xl.model import Action, Month, Plan
from qplan_xl.validation import validate_workbook
from qplan_xl.workbook.template.build import write_workbook

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
LE_LOI = SAMPLES / "thcs-le-loi-2026-2027.xlsx"


@pytest.fixture(scope="module")
def le_loi() -> Plan:
    plan = validate_workbook(LE_LOI).plan
    assert plan is not None
    return plan


def _edited(plan: Plan) -> Plan:
    """One row inserted on TC1 (row 4), one owner changed on TC2, one criterion level changed."""
    tc1 = [a for a in plan.actions if a.sheet == "TC1"]
    inserted = tc1[0].replace(row=4, content="Bồi dưỡng kỹ năng số cho nhân viên văn phòng",
                              objective="100% nhân viên văn phòng dùng thành thạo phần mềm quản lý",
                              tasks="Tập huấn 02 buổi; kèm cặp tại chỗ", status_hk1=None, status_year_end=None)
    shifted = [a.replace(row=a.row + 1) if a.sheet == "TC1" and a.row >= 4 else a for a in plan.actions]
    target = next(a for a in shifted if a.sheet == "TC2")
    actions = [a.replace(lead="Phó Hiệu trưởng") if a is target else a for a in shifted] + [inserted]
    levels = tuple(a.replace(level=2) if a.code == "1.3" else a for a in plan.assessments)
    return plan.replace(actions=tuple(actions), assessments=levels)


def test_a_plan_against_itself_is_the_same(le_loi: Plan) -> None:
    found = diff_plans(le_loi, le_loi)
    assert found.same and found.to_dict()["actions"] == {"added": [], "removed": [], "changed": []}


def test_inserted_row_changed_owner_changed_level_are_exactly_three_changes(le_loi: Plan) -> None:
    found = diff_plans(le_loi, _edited(le_loi)).to_dict()
    assert [(r["sheet"], r["cell"], r["content"][:8]) for r in found["actions"]["added"]] == [("TC1", "A4", "Bồi dưỡn")]
    assert found["actions"]["removed"] == []
    assert [[f["field"] for f in c["fields"]] for c in found["actions"]["changed"]] == [["lead"]]
    assert found["levels"] == [{"criterion": "1.3", "old": 1, "new": 2}]
    assert found["info"] == [] and not found["same"]
    assert found["totals"]["new"]["actions"] == found["totals"]["old"]["actions"] + 1


def test_cli_same_exit_0_and_json_shape(tmp_path: Path, le_loi: Plan) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["diff", str(LE_LOI), str(LE_LOI), "--format", "json"])
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["same"] is True
    assert set(data) == {"same", "info", "levels", "school_level", "actions", "totals"}


def test_cli_different_exit_1_text_json_and_xlsx_report(tmp_path: Path, le_loi: Plan) -> None:
    from click.testing import CliRunner
    from openpyxl import load_workbook

    edited = tmp_path / "moi.xlsx"
    write_workbook(_edited(le_loi), edited)
    runner = CliRunner()
    as_json = runner.invoke(cli, ["diff", str(LE_LOI), str(edited), "--format", "json"])
    data = json.loads(as_json.output)
    assert as_json.exit_code == 1
    assert (len(data["actions"]["added"]), len(data["actions"]["removed"]), len(data["actions"]["changed"]),
            len(data["levels"])) == (1, 0, 1, 1)
    as_text = runner.invoke(cli, ["diff", str(LE_LOI), str(edited), "-o", str(tmp_path / "ss.xlsx")])
    assert as_text.exit_code == 1 and "Phó Hiệu trưởng" in as_text.output
    report = load_workbook(tmp_path / "ss.xlsx")
    assert report.sheetnames[0] == "So sánh"
    changed = data["actions"]["changed"][0]["new"]
    lead_cell = report[changed["sheet"]][f"I{changed['cell'][1:]}"]
    assert lead_cell.value == "Phó Hiệu trưởng" and lead_cell.fill.fgColor.rgb.endswith("FFF2CC")


def test_cli_unreadable_exits_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a zip")
    assert CliRunner().invoke(cli, ["diff", str(bad), str(LE_LOI)]).exit_code == 2


# --- properties -------------------------------------------------------------------------------

WORDS = st.sampled_from(["Tổ chức", "bồi dưỡng", "giáo viên", "học sinh", "thư viện", "an toàn", "số hóa",
                         "kiểm tra", "đánh giá", "cơ sở vật chất"])
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@st.composite
def _actions(draw: st.DrawFn) -> tuple[Action, ...]:
    count = draw(st.integers(0, 6))
    return tuple(
        Action(sheet="TC1", row=3 + i, standard=1, criterion=draw(st.sampled_from(["1.1", "1.2", "1.3"])),
               result=draw(TEXT), tasks=draw(TEXT), lead=draw(st.sampled_from(["Hiệu trưởng", "Tổ văn phòng"])),
               start=Month(2023, 9), end=Month(2024, draw(st.integers(1, 5))),
               cost=draw(st.none() | st.integers(0, 10**7)))
        for i in range(count)
    )


@settings(max_examples=60, deadline=None)
@given(_actions(), _actions())
def test_diff_is_empty_on_itself_and_mirrored_when_swapped(le_loi_2018: Plan, a: tuple[Action, ...],
                                                           b: tuple[Action, ...]) -> None:
    one, two = le_loi_2018.replace(actions=a), le_loi_2018.replace(actions=b)
    assert diff_plans(one, one).same
    forward, backward = diff_plans(one, two).to_dict(), diff_plans(two, one).to_dict()
    assert forward["actions"]["added"] == backward["actions"]["removed"]
    assert forward["actions"]["removed"] == backward["actions"]["added"]
    flipped = [{"old": c["new"], "new": c["old"],
                "fields": [{"field": f["field"], "old": f["new"], "new": f["old"]} for f in c["fields"]]}
               for c in backward["actions"]["changed"]]
    assert sorted(map(repr, forward["actions"]["changed"])) == sorted(map(repr, flipped))
    assert forward["totals"] == {"old": backward["totals"]["new"], "new": backward["totals"]["old"]}


@pytest.fixture(scope="module")
def le_loi_2018() -> Plan:
    plan = validate_workbook(SAMPLES / "tieu-hoc-thanh-hung-2023-2024.xlsx").plan
    assert plan is not None
    return plan


def test_cli_notes_when_the_old_file_looks_newer(tmp_path: Path, le_loi: Plan) -> None:
    from click.testing import CliRunner

    newer = tmp_path / "ban-sua.xlsx"
    write_workbook(_edited(le_loi), newer, revision=3)
    result = CliRunner().invoke(cli, ["diff", str(newer), str(LE_LOI)])
    assert result.exit_code == 1 and "có vẻ mới hơn" in result.output
    quiet = CliRunner().invoke(cli, ["diff", str(LE_LOI), str(newer)])
    assert "có vẻ mới hơn" not in quiet.output


def test_statuses_advanced_and_regressed(le_loi: Plan) -> None:
    first, second = le_loi.actions[0], le_loi.actions[1]
    moved = le_loi.replace(actions=(first.replace(status_year_end="not_completed"),
                                    second.replace(status_hk1="completed"), *le_loi.actions[2:]))
    found = diff_plans(moved, le_loi)
    assert [(c.field, c.old, c.new) for c in found.advanced] == [("status_year_end", "not_completed", "completed")]
    assert [(c.field, c.old, c.new) for c in found.regressed] == [("status_hk1", "completed", "in_progress")]
    assert found.totals[0]["completed"] == found.totals[1]["completed"] - 1
