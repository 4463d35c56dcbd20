"""Write-back of a report into a workbook copy: Kiểm tra sheet, hyperlinks, notes, fills."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.report import Issue, Report
from qplan_xl.workbook import annotate
from qplan_xl.workbook.annotate import (
    CHECK_SHEET,
    TABLE_ROW,
    annotate_copy,
    annotations_from_report,
)

GUIDE, META, LISTS = m.SHEETS["guide"], m.SHEETS["meta"], m.SHEETS["lists"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A small workbook with what must survive: named-range dropdown, protection, _meta, a note."""
    wb = openpyxl.Workbook()
    wb.active.title = GUIDE
    tc1 = wb.create_sheet("TC1")
    lists = wb.create_sheet(LISTS)
    meta = wb.create_sheet(META)
    lists["A1"], lists["A2"] = "1.1", "1.2"
    lists.sheet_state = "hidden"
    meta["A1"], meta["B1"] = "template_id", "qplan-xl/ke-hoach-cai-tien"
    meta.sheet_state = "veryHidden"
    wb.defined_names["DS_TC1"] = DefinedName("DS_TC1", attr_text=f"'{LISTS}'!$A$1:$A$2")
    dv = DataValidation(type="list", formula1="DS_TC1", allow_blank=True)
    dv.add("B3:B50")
    tc1.add_data_validation(dv)
    tc1.protection.sheet = True
    tc1["B3"] = "9.9"
    tc1["D3"] = "Ghi chú riêng"
    tc1["D3"].comment = Comment("Ghi chú của trường", "Lan")
    tc1["G3"] = "13/2023"
    tc1["G3"].fill = PatternFill("solid", start_color="FFFF00", end_color="FFFF00")
    path = tmp_path / "Kế hoạch" / "trường thử.xlsx"
    path.parent.mkdir()
    wb.save(path)
    return path


def _report(path: Path) -> Report:
    report = Report(file=str(path), framework="TT17-2018")
    report.error("no-actions")
    report.error("criterion-unknown", sheet="TC1", cell="B3", value="9.9", framework="TT17", example="1.1")
    report.error("month-invalid", sheet="TC1", cell="G3", value="13/2023")
    report.warning("owner-not-in-list", sheet="TC1", cell="D3", value="X")
    report.warning("funding-unknown", sheet="TC1", cell="B3", value="Y", choices="")
    return report


# --- pure -----------------------------------------------------------------------------------


def test_annotations_group_messages_per_cell(tmp_path: Path) -> None:
    ann = annotations_from_report(_report(tmp_path / "x.xlsx"))
    assert [(r.sheet, r.cell, r.code) for r in ann.rows][0] == (None, None, "no-actions")
    assert [r.no for r in ann.rows] == [1, 2, 3, 4, 5]
    marks = {(k.sheet, k.cell): k for k in ann.marks}
    assert set(marks) == {("TC1", "B3"), ("TC1", "G3"), ("TC1", "D3")}
    assert marks[("TC1", "B3")].severity == "error"  # worst of an error and a warning
    assert marks[("TC1", "D3")].fill == annotate.WARNING_FILL
    assert marks[("TC1", "B3")].note.count("\n") == 2  # marker line + two messages
    assert ann.rows[1].target == "'TC1'!B3"


def test_links_notes_and_cells_helpers() -> None:
    assert annotate.link_location("Mức 4", "C7") == "'Mức 4'!C7"
    assert annotate.link_location("it's", "A1") == "'it''s'!A1"
    assert annotate.normal_cell("$d$7") == "D7"
    assert annotate.normal_cell("A1:B2") is None
    ours = annotate.note_text([])
    assert annotate.merge_note("school", ours) == "school\n\n" + ours
    assert annotate.merge_note("school\n\n" + ours, ours) == "school\n\n" + ours
    assert annotate.strip_note("school\n\n" + ours) == "school"
    assert annotate.strip_note(ours) is None


def test_record_round_trip_and_rgb() -> None:
    rows = annotate.record_rows([("TC1", "B3", ""), ("TC1", "G3", "FFFF00")])
    assert annotate.parse_record(rows) == [("TC1", "B3", ""), ("TC1", "G3", "FFFF00")]
    assert annotate.fill_rgb('<fill><patternFill><fgColor rgb="00ABCDEF"/></patternFill></fill>') == "ABCDEF"
    assert annotate.fill_rgb("") is None


# --- the copy -------------------------------------------------------------------------------


def test_copy_has_check_sheet_links_notes_and_fills(source: Path, tmp_path: Path) -> None:
    before = _digest(source)
    dest = tmp_path / "out.xlsx"
    annotate_copy(source, _report(source), dest)
    assert _digest(source) == before
    wb = openpyxl.load_workbook(dest)
    assert wb.sheetnames[:2] == [GUIDE, CHECK_SHEET]
    assert wb.active.title == CHECK_SHEET
    check = wb[CHECK_SHEET]
    assert check.cell(TABLE_ROW, 1).value == m.CHECK_HEADERS[0]
    codes = [check.cell(TABLE_ROW + i, 6).value for i in range(1, 6)]
    assert codes == ["no-actions", "criterion-unknown", "month-invalid", "owner-not-in-list", "funding-unknown"]
    links = {check.cell(r, 4).value: check.cell(r, 4).hyperlink for r in range(TABLE_ROW + 1, TABLE_ROW + 6)}
    assert links["B3"].location == "'TC1'!B3"
    assert links["G3"].location == "'TC1'!G3"
    tc1 = wb["TC1"]
    for cell in ("B3", "G3", "D3"):
        assert m.CHECK_SHEET["note_marker"] in tc1[cell].comment.text
    assert tc1["D3"].comment.text.startswith("Ghi chú của trường")
    assert tc1["B3"].fill.fgColor.rgb.endswith(annotate.ERROR_FILL)
    assert tc1["D3"].fill.fgColor.rgb.endswith(annotate.WARNING_FILL)
    assert tc1["A1"].comment is None


def test_copy_keeps_dropdowns_protection_names_and_meta(source: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out.xlsx"
    annotate_copy(source, _report(source), dest)
    wb = openpyxl.load_workbook(dest)
    tc1 = wb["TC1"]
    assert [(v.formula1, str(v.sqref)) for v in tc1.data_validations.dataValidation] == [("DS_TC1", "B3:B50")]
    assert tc1.protection.sheet is True
    assert wb.defined_names["DS_TC1"].attr_text == f"'{LISTS}'!$A$1:$A$2"
    assert wb[META].sheet_state == "veryHidden"
    assert wb[LISTS].sheet_state == "hidden"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == [CHECK_SHEET]


def test_second_run_restores_fills_and_removes_only_our_notes(source: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    annotate_copy(source, _report(source), first)
    clean = Report(file=str(first))
    annotate_copy(first, clean, second)
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count(CHECK_SHEET) == 1
    assert wb[CHECK_SHEET].cell(TABLE_ROW + 1, 5).value == m.CHECK_SHEET["none"]
    tc1 = wb["TC1"]
    assert tc1["B3"].fill.fill_type is None
    assert tc1["G3"].fill.fgColor.rgb.endswith("FFFF00")  # the school's own fill is back
    assert tc1["B3"].comment is None
    assert tc1["D3"].comment.text == "Ghi chú của trường"


def test_destination_must_differ_from_source(source: Path) -> None:
    before = _digest(source)
    with pytest.raises(annotate.AnnotateError):
        annotate_copy(source, _report(source), source)
    assert _digest(source) == before


def test_unreadable_source_is_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(annotate.AnnotateError) as caught:
        annotate_copy(bad, Report(file=str(bad)), tmp_path / "out.xlsx")
    assert "bad.xlsx" in str(caught.value)
    assert not (tmp_path / "out.xlsx").exists()


def test_formula_looking_text_is_stored_as_text(source: Path, tmp_path: Path) -> None:
    report = Report(file=str(source))
    report.issues.append(Issue("x", "error", "TC1", "B3", None, "=HYPERLINK(\"http://x\")", None))
    dest = tmp_path / "out.xlsx"
    annotate_copy(source, report, dest)
    cell = openpyxl.load_workbook(dest)[CHECK_SHEET].cell(TABLE_ROW + 1, 5)
    assert cell.data_type == "s" and cell.value.startswith("=")


# --- on a real template, through the command line --------------------------------------------


@pytest.fixture
def template_file(tmp_path: Path) -> Path:
    from qplan_xl.model import SchoolYear
    from qplan_xl.rules.catalog import load_framework
    from qplan_xl.workbook.template.build import write_template

    path = tmp_path / "Trường Tiểu học" / "kế hoạch.xlsx"
    write_template(path, load_framework("TT17-2018"), level="tieu-hoc", year=SchoolYear(2023),
                   school_name="Trường Tiểu học A", school_code="0123")
    return path


def test_cli_validate_annotate_marks_every_bad_cell(template_file: Path, tmp_path: Path) -> None:
    before = _digest(template_file)
    dest = tmp_path / "đánh dấu.xlsx"
    result = CliRunner().invoke(cli, ["validate", str(template_file), "--format", "json", "--annotate", str(dest)])
    assert result.exit_code == 1
    assert _digest(template_file) == before
    issues = json.loads(result.stdout)["issues"]
    wb = openpyxl.load_workbook(dest)
    marked = {(i["sheet"], i["cell"]) for i in issues if i["cell"]}
    assert marked
    for sheet, cell in marked:
        assert m.CHECK_SHEET["note_marker"] in wb[sheet][cell].comment.text
    assert wb[CHECK_SHEET].max_row >= TABLE_ROW + len(issues)
    source = openpyxl.load_workbook(template_file)
    assert wb.sheetnames == [source.sheetnames[0], CHECK_SHEET] + source.sheetnames[1:]
    for ws in source.worksheets:
        copy = wb[ws.title]
        assert copy.sheet_state == ws.sheet_state
        assert copy.protection.sheet == ws.protection.sheet
        assert [(v.formula1, str(v.sqref)) for v in copy.data_validations.dataValidation] == \
            [(v.formula1, str(v.sqref)) for v in ws.data_validations.dataValidation]
    assert set(wb.defined_names) == set(source.defined_names)


def test_annotated_copy_validates_like_the_original(template_file: Path, tmp_path: Path) -> None:
    from qplan_xl.validation.book import validate_workbook

    report = validate_workbook(template_file).report
    dest = tmp_path / "copy.xlsx"
    annotate_copy(template_file, report, dest)
    again = validate_workbook(dest).report  # the school can keep working in the returned copy
    assert again.flatten("code", "sheet", "cell") == report.flatten("code", "sheet", "cell")


def test_cli_annotate_refuses_the_input_as_output(template_file: Path) -> None:
    before = _digest(template_file)
    result = CliRunner().invoke(cli, ["validate", str(template_file), "--annotate", str(template_file)])
    assert result.exit_code == 2
    assert _digest(template_file) == before


def test_cli_annotate_wants_xlsx(template_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(template_file), "--annotate", str(tmp_path / "x.xlsm")])
    assert result.exit_code == 2


def test_cli_annotate_of_unreadable_file_exits_1_with_message(tmp_path: Path) -> None:
    bad = tmp_path / "hỏng.xlsx"
    bad.write_bytes(b"PK\x03\x04broken")
    result = CliRunner().invoke(cli, ["validate", str(bad), "--annotate", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 1
    assert not (tmp_path / "out.xlsx").exists()


# --- bounded like the reader ---------------------------------------------------------------------


def _hostile_source(tmp_path: Path, after_data: bytes = b"", body: str = "") -> Path:
    from hostile import SHEET1, base_workbook, plain_cells, replace_parts, sheet_xml

    xml = sheet_xml(plain_cells() + body).replace(b"</sheetData>", b"</sheetData>" + after_data)
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(replace_parts(base_workbook(), {SHEET1: xml}))
    return path


@pytest.mark.parametrize("after_data", [
    b'<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>',  # openpyxl: 1.8 GB, then MemoryError
    b'<hyperlinks><hyperlink ref="A2:Z200000" location="A1"/></hyperlinks>',  # openpyxl: 2.3 GB, 55 s
])
def test_a_huge_merged_or_linked_range_is_refused_quickly(tmp_path: Path, after_data: bytes) -> None:
    import time

    source = _hostile_source(tmp_path, after_data)
    started = time.perf_counter()
    with pytest.raises(annotate.AnnotateError) as caught:
        annotate_copy(source, Report(file=str(source)), tmp_path / "out.xlsx")
    assert time.perf_counter() - started < 5 and "hostile.xlsx" in str(caught.value)
    assert not (tmp_path / "out.xlsx").exists()


def test_too_many_cells_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qplan_xl.workbook import editing

    monkeypatch.setattr(editing, "MAX_EDIT_CELLS", 100)
    body = "".join(f'<row r="{r}"><c r="A{r}" s="0"/><c r="B{r}" s="0"/></row>' for r in range(2, 80))
    source = _hostile_source(tmp_path, body=body)
    with pytest.raises(annotate.AnnotateError) as caught:
        annotate_copy(source, Report(file=str(source)), tmp_path / "out.xlsx")
    assert "100" in str(caught.value)


def test_a_far_cell_alone_is_copied(tmp_path: Path) -> None:
    """openpyxl keeps cells sparse: one value in XFD1048576 costs nothing and is kept in the copy."""
    source = _hostile_source(tmp_path, body='<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>')
    annotate_copy(source, Report(file=str(source)), tmp_path / "out.xlsx")
    assert openpyxl.load_workbook(tmp_path / "out.xlsx")["Thông tin"]["XFD1048576"].value == 7


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/styles.xml"])
def test_a_dtd_anywhere_is_refused_before_openpyxl(tmp_path: Path, part: str) -> None:
    from hostile import base_workbook, replace_parts

    source = tmp_path / "dtd.xlsx"
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    source.write_bytes(replace_parts(base_workbook(), {part: bomb}))
    with pytest.raises(annotate.AnnotateError):
        annotate_copy(source, Report(file=str(source)), tmp_path / "out.xlsx")


def test_openpyxl_failing_to_save_is_a_message(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object, filename: object) -> None:
        raise openpyxl.utils.exceptions.IllegalCharacterError("\x01 cannot be used in worksheets")

    monkeypatch.setattr(openpyxl.Workbook, "save", refuse)
    with pytest.raises(annotate.AnnotateError) as caught:
        annotate_copy(source, _report(source), tmp_path / "out.xlsx")
    assert m.CELL_CHARACTER in str(caught.value) and "Error" not in str(caught.value)
    assert list(tmp_path.glob("out*")) == [] and not [p for p in tmp_path.iterdir() if p.name.startswith(".qplan-tmp")]
