"""TT57 Biểu 2 workbooks: every defect of the form reported at its cell, GDTX, the three appendices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.model import SchoolYear
from qplan_xl.rules.catalog import load_framework
from qplan_xl.validation import validate_workbook
from qplan_xl.workbook import layout
from qplan_xl.workbook.template.build import resolve_framework, write_template, write_workbook
from tests.conftest import make_bieu2_plan, make_plan

FIRST = layout.FIRST_DATA_ROW
COL = {c.key: layout.column_letter(i) for i, c in enumerate(layout.PLAN_COLUMNS_BIEU2, start=1)}


def _edit(path: Path, edits: dict[str, dict[str, Any]]) -> Path:
    """Set cells (sheet -> {address: value}) the way a secretary would, then save."""
    wb = openpyxl.load_workbook(path)
    for sheet, cells in edits.items():
        for address, value in cells.items():
            wb[sheet][address] = value
    wb.save(path)
    return path


@pytest.fixture
def bieu2_book(tmp_path: Path) -> Path:
    path = tmp_path / "kh.xlsx"
    write_workbook(make_bieu2_plan(), path)
    return path


def _codes(path: Path) -> set[tuple[str, str | None, str | None]]:
    return set(validate_workbook(path).report.flatten("code", "sheet", "cell"))


def test_a_filled_bieu2_workbook_validates_with_its_sections(bieu2_book: Path) -> None:
    result = validate_workbook(bieu2_book)
    assert result.report.errors == 0, result.report.to_text()
    plan = result.plan
    assert plan is not None and len(plan.actions) == 12 and len(plan.focal_issues) == 5
    assert [r.key for r in plan.reviews] == ["hk1"]
    assert {a.status_hk1 for a in plan.actions} == {"completed", "in_progress", "not_started"}
    assert all(a.status_year_end is None for a in plan.actions)


@pytest.mark.parametrize(("key", "code"), [
    ("content", "action-field-required"), ("objective", "action-field-required"),
    ("tasks", "action-field-required"), ("indicator", "action-field-required"),
    ("lead", "action-field-required"), ("start", "action-field-required"),
])
def test_each_required_column_is_reported_at_its_cell(bieu2_book: Path, key: str, code: str) -> None:
    cell = f"{COL[key]}{FIRST}"
    assert (code, "TC1", cell) in _codes(_edit(bieu2_book, {"TC1": {cell: None}}))


def test_a_blank_criterion_is_allowed_but_another_standards_is_an_error(bieu2_book: Path) -> None:
    cell = f"{COL['criterion']}{FIRST}"
    assert not {c for c in _codes(_edit(bieu2_book, {"TC1": {cell: None}})) if c[2] == cell}
    assert ("criterion-wrong-standard", "TC1", cell) in _codes(_edit(bieu2_book, {"TC1": {cell: "2.2"}}))


def test_a_status_outside_the_list_is_an_error(bieu2_book: Path) -> None:
    cell = f"{COL['status_hk1']}{FIRST}"
    assert ("status-invalid", "TC1", cell) in _codes(_edit(bieu2_book, {"TC1": {cell: "Xong rồi"}}))


def test_statuses_are_read_in_any_case_and_spelling_form(bieu2_book: Path) -> None:
    cell = f"{COL['status_hk1']}{FIRST}"
    result = validate_workbook(_edit(bieu2_book, {"TC1": {cell: " hoàn THÀNH "}}))
    assert result.plan is not None and result.plan.actions[0].status_hk1 == "completed"


def test_completed_at_term_one_but_not_at_year_end_is_a_warning(bieu2_book: Path) -> None:
    hk1, end = f"{COL['status_hk1']}{FIRST}", f"{COL['status_year_end']}{FIRST}"
    codes = _codes(_edit(bieu2_book, {"TC1": {hk1: "Hoàn thành", end: "Đang thực hiện"}}))
    assert ("status-regressed", "TC1", end) in codes


def test_a_review_date_outside_the_school_year_is_reported(bieu2_book: Path) -> None:
    sheet = m.SHEETS["monitoring"]
    assert ("review-date-out-of-year", sheet, f"B{FIRST}") in _codes(_edit(bieu2_book, {sheet: {f"B{FIRST}": "15/01/2025"}}))
    assert ("review-date-invalid", sheet, f"B{FIRST}") in _codes(_edit(bieu2_book, {sheet: {f"B{FIRST}": "giữa tháng"}}))


def test_an_empty_section_iv_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "kh.xlsx"
    write_workbook(make_bieu2_plan().replace(focal_issues=()), path)
    assert ("focal-issues-missing", m.SHEETS["focal"], None) in _codes(path)


def test_a_focal_issue_needs_its_standard_and_texts(bieu2_book: Path) -> None:
    sheet = m.SHEETS["focal"]
    codes = _codes(_edit(bieu2_book, {sheet: {f"B{FIRST}": "Tiêu chuẩn 9", f"E{FIRST + 1}": None}}))
    assert ("focal-standard-invalid", sheet, f"B{FIRST}") in codes
    assert ("focal-field-required", sheet, f"E{FIRST + 1}") in codes


@pytest.mark.parametrize("typed", ["1", "Tiêu chuẩn 1", "tiêu chuẩn 1: Quản trị nhà trường", 1])
def test_a_standard_is_read_as_people_type_it(bieu2_book: Path, typed: Any) -> None:
    result = validate_workbook(_edit(bieu2_book, {m.SHEETS["focal"]: {f"B{FIRST}": typed}}))
    assert result.plan is not None and result.plan.focal_issues[0].standard == 1


def test_an_action_linked_to_nothing_is_a_warning(tmp_path: Path) -> None:
    plan = make_bieu2_plan()
    # keep only the focal issue of standard 1: actions of standards 2-4 on criteria already at Mức 2 are unlinked
    plan = plan.replace(focal_issues=plan.focal_issues[:1])
    path = tmp_path / "kh.xlsx"
    write_workbook(plan, path)
    unlinked = {(s, c) for code, s, c in _codes(path) if code == "action-unlinked"}
    strong = {a.code for a in plan.assessments if a.level == 2}
    expected = {(a.sheet, f"B{a.row}") for a in plan.actions
                if a.standard != 1 and (a.criterion in strong or not a.criterion)}
    assert unlinked == expected and expected


def test_a_plan_that_covers_every_criterion_is_warned(tmp_path: Path) -> None:
    plan = make_plan("TT57-2026-PL-II", 2026, actions_per_standard=1)
    first = plan.actions[0]
    every = tuple(first.replace(sheet=f"TC{c.standard}", row=FIRST + i, standard=c.standard, criterion=c.code)
                  for i, c in enumerate(load_framework("TT57-2026-PL-II").criteria))
    plan = plan.replace(actions=every)
    path = tmp_path / "kh.xlsx"
    write_workbook(plan, path)
    assert ("all-criteria-planned", None, None) in _codes(path)


def test_a_numbering_row_under_the_header_is_not_an_action(bieu2_book: Path) -> None:
    wb = openpyxl.load_workbook(bieu2_book)
    ws = wb["TC1"]
    ws.insert_rows(FIRST)
    for col in range(1, len(layout.PLAN_COLUMNS_BIEU2) + 1):
        ws.cell(FIRST, col, f"({col})")
    wb.save(bieu2_book)
    result = validate_workbook(bieu2_book)
    assert result.report.errors == 0, result.report.to_text()
    assert result.plan is not None and len(result.plan.actions) == 12


def test_a_workbook_of_the_previous_tt57_template_still_validates_with_one_warning(tmp_path: Path) -> None:
    """Template 1 gave TT57 workbooks the 2018 columns: read as such, with one warning that says how to move."""
    path = tmp_path / "old.xlsx"
    write_workbook(make_plan("TT57-2026-PL-II", 2026), path)
    wb = openpyxl.load_workbook(path)
    for name in ("TC1", "TC2", "TC3", "TC4"):
        ws = wb[name]
        ws.delete_cols(1, ws.max_column)
        for col, column in enumerate(layout.PLAN_COLUMNS, start=1):
            ws.cell(layout.HEADER_ROW, col, column.header)
        for row, values in enumerate([["1", "1.1", "Kết quả", "Công việc", "Hiệu trưởng", "", "9/2026", "5/2027"]],
                                     start=FIRST):
            for col, value in enumerate(values, start=1):
                ws.cell(row, col, value or None)
        if name != "TC1":
            ws.delete_rows(FIRST)
    del wb[m.SHEETS["focal"]]
    del wb[m.SHEETS["monitoring"]]
    wb.save(path)
    result = validate_workbook(path)
    assert result.report.errors == 0, result.report.to_text()
    assert [i.code for i in result.report.issues].count("plan-old-form") == 1
    assert result.plan is not None and result.plan.actions[0].objective == "Kết quả"
    out = tmp_path / "old.docx"
    assert CliRunner().invoke(cli, ["build", str(path), "-o", str(out)]).exit_code == 0 and out.exists()


# --- GDTX and the three appendices -----------------------------------------------------------


def test_gdtx_workbook_round_trips_on_appendix_iii(tmp_path: Path) -> None:
    plan = make_bieu2_plan("TT57-2026-PL-III", level="gdtx", kind="Giáo dục thường xuyên",
                           name="Trung tâm GDNN-GDTX Tân Lập", signer_title="GIÁM ĐỐC")
    path = tmp_path / "gdtx.xlsx"
    write_workbook(plan, path)
    result = validate_workbook(path)
    assert result.report.errors == 0, result.report.to_text()
    assert result.framework is not None and result.framework.id == "TT57-2026-PL-III"
    assert openpyxl.load_workbook(path)["Danh mục"]["A3"].value == "Giám đốc"


def test_gdtx_before_tt57_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "--level", "gdtx", "--year", "2025-2026", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "2026-2027" in result.output
    assert not (tmp_path / "x.xlsx").exists()
    assert resolve_framework("gdtx", SchoolYear(2026)).id == "TT57-2026-PL-III"


@pytest.mark.parametrize("framework_id", ["TT57-2026-PL-I", "TT57-2026-PL-II", "TT57-2026-PL-III"])
def test_the_level_engine_on_each_appendix(framework_id: str) -> None:
    from qplan_xl.rules.levels import school_level

    fw = load_framework(framework_id)
    mandatory = [c.code for c in fw.criteria if c.mandatory]
    others = [c.code for c in fw.criteria if not c.mandatory]
    assert (len(fw.criteria), len(mandatory), len(fw.standards)) == (15, 8, 4)

    def level(mand: int, top_others: int, floor: int = 1) -> int:
        levels = {c: mand for c in mandatory} | {c: (2 if i < top_others else floor) for i, c in enumerate(others)}
        return school_level(fw, levels, {})

    assert level(2, 5) == 2 and level(2, 4) == 1 and level(1, 7) == 1
    assert level(2, 6, floor=0) == 1  # Mức 2 also needs every criterion at Mức 1 or above
    assert level(0, 7) == 0


@pytest.mark.parametrize("level", ["mam-non", "tieu-hoc", "thcs", "thpt", "pho-thong", "gdtx"])
def test_every_level_gets_the_bieu2_workbook_in_2026(tmp_path: Path, level: str) -> None:
    path = tmp_path / f"{level}.xlsx"
    framework = resolve_framework(level, SchoolYear(2026))
    write_template(path, framework, level=level, year=SchoolYear(2026))
    names = [ws.title for ws in openpyxl.load_workbook(path).worksheets if ws.sheet_state == "visible"]
    assert names == list(layout.sheet_names(framework))
    assert m.SHEETS["focal"] in names and m.SHEETS["monitoring"] in names and "Mức 4" not in names


def test_characters_no_file_can_hold_are_reported_at_their_cell(bieu2_book: Path) -> None:
    """A pasted U+FFFE or control character: dropped, and `validate` says where (not "valid" in silence)."""
    import zipfile

    cell = f"{COL['tasks']}{FIRST}"
    _edit(bieu2_book, {"TC1": {cell: "MARKER-TEXT"}})
    with zipfile.ZipFile(bieu2_book) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    for name, data in parts.items():  # openpyxl refuses to write these characters: put them in the XML
        if b"MARKER-TEXT" in data:
            parts[name] = data.replace(b"MARKER-TEXT", "Tập huấn_x0001_ giáo viên".encode())  # as Excel escapes it
    with zipfile.ZipFile(bieu2_book, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = validate_workbook(bieu2_book)
    assert ("text-invalid-characters", "TC1", cell) in set(result.report.flatten("code", "sheet", "cell"))
    assert result.plan is not None and result.plan.actions[0].tasks == "Tập huấn giáo viên"
