"""`qplan new --from`: unfinished actions carried, last year's levels and results kept, 2018 -> TT57."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from qplan_xl.cli import cli
from qplan_xl.history.carry import carry_forward, latest_status
from qplan_xl.model import SchoolYear
from qplan_xl.rules.forms import load_form
from qplan_xl.validation import validate_workbook
from qplan_xl.workbook import layout

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
LE_LOI = SAMPLES / "thcs-le-loi-2026-2027.xlsx"
THANH_HUNG = SAMPLES / "tieu-hoc-thanh-hung-2023-2024.xlsx"


def _new_from(tmp_path: Path, source: Path, *extra: str) -> tuple[int, Path, str]:
    out = tmp_path / "nam-nay.xlsx"
    result = CliRunner().invoke(cli, ["new", "--from", str(source), "-o", str(out), *extra])
    return result.exit_code, out, result.output


def test_le_loi_year_end_carries_exactly_the_unfinished_actions(tmp_path: Path) -> None:
    last = validate_workbook(LE_LOI).plan
    assert last is not None
    form = load_form("TT57-2026-BIEU-2")
    open_actions = [a for a in last.actions if latest_status(a, form) not in ("completed", "dropped")]
    assert [latest_status(a, form) for a in open_actions] == ["not_completed"]
    code, out, _ = _new_from(tmp_path, LE_LOI)
    result = validate_workbook(out)
    assert code == 0 and result.valid and result.plan is not None
    plan = result.plan
    assert str(plan.info.year) == "2027-2028" and plan.info.code == last.info.code
    assert [(a.criterion, a.content, a.tasks) for a in plan.actions] == [
        (a.criterion, a.content, a.tasks) for a in open_actions]
    carried = plan.actions[0]
    assert carried.status_hk1 is None and carried.status_year_end is None
    assert "Chuyển từ năm học 2026-2027" in carried.note and "Chưa hoàn thành" in carried.note
    assert carried.start.year == open_actions[0].start.year + 1


def test_le_loi_previous_results_and_last_levels_are_drafted(tmp_path: Path) -> None:
    _, out, _ = _new_from(tmp_path, LE_LOI)
    plan = validate_workbook(out).plan
    assert plan is not None
    text = plan.texts.previous_results
    assert "14 nhiệm vụ" in text and "12/14" in text and "85,7%" in text and "camera" in text
    sheet = load_workbook(out)["Tự đánh giá"]
    notes = {sheet.cell(r, 1).value: sheet.cell(r, 5).value for r in range(layout.FIRST_DATA_ROW, 18)}
    assert notes["1.3"] == "Năm học 2026-2027: Mức 1"
    assert all(a.level is None for a in plan.assessments)


def test_thanh_hung_2018_becomes_a_tt57_workbook_with_a_warning_per_row(tmp_path: Path) -> None:
    code, out, output = _new_from(tmp_path, THANH_HUNG, "--year", "2026-2027")
    assert code == 0
    book = load_workbook(out)
    assert book.sheetnames[:8] == ["Hướng dẫn", "Thông tin", "Tự đánh giá", "Vấn đề trọng tâm",
                                   "TC1", "TC2", "TC3", "TC4"]
    result = validate_workbook(out)
    assert result.framework is not None and result.framework.id == "TT57-2026-PL-II"
    codes = {(i.code, i.field) for i in result.report.issues if i.severity == "error"}
    assert codes <= {("action-field-required", "content"), ("action-field-required", "indicator"),
                     ("focal-issues-missing", None), ("no-actions", None)}
    rows = [r for name in ("TC1", "TC2", "TC3", "TC4") for r in book[name].iter_rows(min_row=3, values_only=True)
            if r[4]]
    assert len(rows) == 22  # every action is there; the school fills Nội dung and Chỉ số
    last = validate_workbook(THANH_HUNG).plan
    assert last is not None
    carried = carry_forward(last, SchoolYear(2026))
    assert carried.carried == 22 and len(carried.warnings) == 22
    assert {a.objective for a in carried.plan.actions} == {a.result for a in last.actions}
    assert all(a.criterion == "" for a in carried.plan.actions)


@pytest.mark.parametrize("args", [["--year", "2020-2021"], ["--year", "bad"]])
def test_bad_year_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    assert _new_from(tmp_path, LE_LOI, *args)[0] == 2


def test_unreadable_last_plan_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "cu.xlsx"
    bad.write_bytes(b"PK\x03\x04broken")
    assert _new_from(tmp_path, bad)[0] == 1
