"""The merge of TT57 (Biểu 2) plans: plan columns from the layout spec, progress per school and overall."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from qplan_xl import messages as m
from qplan_xl.merge import SchoolStatus, merge_workbooks
from qplan_xl.merge.sheets import ACTION_PREFIX
from qplan_xl.rules.catalog import load_framework
from qplan_xl.summary.progress import compute_progress
from qplan_xl.validation import validate_workbook
from qplan_xl.workbook import layout

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TT57 = sorted(SAMPLES.glob("*2026-2027.xlsx"))
ROSTER = SAMPLES / "danh-sach-truong.csv"


def sheet_rows(path: Path, key: str) -> list[list[Any]]:
    with CalamineWorkbook.from_path(str(path)) as book:
        return book.get_sheet_by_name(m.MERGE_SHEETS[key]).to_python()


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("tt57") / "tong-hop.xlsx"
    result = merge_workbooks(TT57, out, roster=ROSTER, jobs=1)
    return {"out": out, "result": result}


def test_the_actions_sheet_follows_the_layout_spec(merged: dict[str, Any]) -> None:
    framework = load_framework(merged["result"].schools[3].framework)
    header = sheet_rows(merged["out"], "actions")[0]
    plan = [c.header for c in layout.plan_columns(framework)]
    assert header == [c.header for c in ACTION_PREFIX] + plan + [m.MERGE_HEADERS["source"]]
    assert m.PLAN_HEADERS_BIEU2["status_hk1"] in header
    assert m.PLAN_HEADERS["result"] not in header


def test_a_column_added_to_the_spec_flows_into_the_merged_sheet() -> None:
    from qplan_xl.merge import sheets

    specs = (layout.PLAN_COLUMNS_BIEU2, layout.PLAN_COLUMNS)
    assert [c.key for c in sheets.PLAN_TABLE_COLUMNS] == list(dict.fromkeys(c.key for s in specs for c in s))
    extra = layout.Column("photos", "Hình ảnh minh họa", 12)
    spec = layout.PLAN_COLUMNS_BIEU2 + (extra,)
    table = sheets._all_plan_columns(spec, layout.PLAN_COLUMNS)
    assert [c.header for c in table if c.key == "photos"] == ["Hình ảnh minh họa"]


def test_statuses_are_written_as_their_labels(merged: dict[str, Any]) -> None:
    rows = sheet_rows(merged["out"], "actions")
    column = rows[0].index(m.PLAN_HEADERS_BIEU2["status_hk1"])
    labels = {r[column] for r in rows[1:]} - {""}
    assert labels and labels <= {"Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Chưa hoàn thành",
                                 "Không thực hiện"}


def test_progress_per_school_equals_the_summary(merged: dict[str, Any]) -> None:
    result = merged["result"]
    expected = {}
    for path in TT57:
        validation = validate_workbook(path)
        plan, framework = validation.plan, validation.framework
        found = compute_progress(plan, framework)
        if found.as_of:
            expected[plan.info.code] = (found.as_of, found.total, found.completed, len(found.overdue))
    got = {s.code: tuple(s.progress) for s in result.schools if s.progress is not None}
    assert got == expected and expected
    data = result.to_dict()
    total = sum(v[1] for v in expected.values())
    completed = sum(v[2] for v in expected.values())
    assert data["progress"] == {"total": total, "completed": completed, "ratio": round(completed / total, 4)}


def test_schools_sheet_shows_levels_1_2_and_progress(merged: dict[str, Any]) -> None:
    rows = sheet_rows(merged["out"], "schools")
    header = rows[0]
    assert m.MERGE_HEADERS["level_3"] not in header and m.MERGE_HEADERS["level_4"] not in header
    done = header.index(m.MERGE_HEADERS["completed"])
    valid = [r for r in rows[1:] if r[header.index(m.MERGE_HEADERS["status"])] == m.MERGE_SCHOOL_STATUS["valid"]]
    assert any(r[done] for r in valid)


def test_no_progress_without_reviews(tmp_path: Path) -> None:
    old = sorted(SAMPLES.glob("*2023-2024.xlsx"))[:1]
    result = merge_workbooks(old, tmp_path / "o.xlsx", jobs=1)
    assert result.to_dict()["progress"] is None
    assert all(s.progress is None for s in result.schools if s.status == SchoolStatus.VALID)


# --- a workbook the clerk prints and sends upward -----------------------------------------------


def test_every_table_prints_landscape_one_page_wide_with_its_header(merged: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    from qplan_xl.merge.sheets import ASIDE, TABLES

    wb = load_workbook(merged["out"])
    for key in ("units", "schools", "actions", "criteria", "issues", "missing", "files", "notices"):
        ws = wb[m.MERGE_SHEETS[key]]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1, key
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1", key
        folded = {c.value for c in ws[1] if ws.column_dimensions[c.column_letter].hidden}
        headers = {c.key: c.header for c in TABLES[key]}
        assert folded == {headers[k] for k in ASIDE.get(key, set()) if k in headers} & {c.value for c in ws[1]}
    printed = [c for c in wb[m.MERGE_SHEETS["schools"]][1] if not
               wb[m.MERGE_SHEETS["schools"]].column_dimensions[c.column_letter].hidden]
    assert len(printed) <= 16


def test_no_json_keys_codes_or_command_lines_in_the_sheets(merged: dict[str, Any]) -> None:
    import re

    from openpyxl import load_workbook

    wb = load_workbook(merged["out"])
    code = re.compile(r"^[a-z]+(-[a-z]+)+$")  # an English kebab-case identifier
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not code.match(value) and "--" not in value and "qplan " not in value, (ws.title, value)
    assert m.MERGE_HEADERS["key"] not in {c.value for c in wb[m.MERGE_SHEETS["overview"]]["B"]}


def test_the_level_chart_of_a_tt57_year_shows_levels_1_2_only(merged: dict[str, Any]) -> None:
    labels = [label for label, _ in merged["result"].levels_reached()]
    assert labels == [m.MERGE_REACHED["none"], "Mức 1", "Mức 2", m.MERGE_REACHED["open"]]


def test_status_cells_are_coloured(merged: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(merged["out"])[m.MERGE_SHEETS["schools"]]
    column = [c.value for c in ws[1]].index(m.MERGE_HEADERS["status"]) + 1
    fills = {ws.cell(r, column).value: ws.cell(r, column).fill.fgColor.rgb for r in range(2, ws.max_row + 1)}
    assert fills[m.MERGE_SCHOOL_STATUS["valid"]] != fills[m.MERGE_SCHOOL_STATUS["missing"]]


def test_the_criteria_heat_map_by_unit(merged: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(merged["out"])[m.MERGE_SHEETS["heatmap"]]
    assert ws.conditional_formatting  # colour scales
    units = [u["unit"] for u in merged["result"].units()]
    found = [r[0] for r in ws.iter_rows(values_only=True) if r and r[0] in units]
    assert found == units + units  # schools below target, then actions
