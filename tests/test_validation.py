"""Validation: each defect is reported at the right sheet and cell, with a stable code."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import make_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell

from qplan_xl import messages as m
from qplan_xl.model import Plan
from qplan_xl.validation.book import validate_workbook

TC1, TC2, M4 = "TC1", "TC2", m.SHEETS["level4"]
INFO, SELF = m.SHEETS["info"], m.SHEETS["self"]


def edit(path: Path, changes: dict[str, dict[str, Any]], out: Path | None = None) -> Path:
    """Apply {sheet: {cell: value}} with openpyxl (as a school editing in Excel would)."""
    wb = openpyxl.load_workbook(path)
    for sheet, cells in changes.items():
        for cell, value in cells.items():
            wb[sheet][cell] = value
    target = out or path
    wb.save(target)
    return target


def info_cell(path: Path, label: str) -> str:
    ws = openpyxl.load_workbook(path)[INFO]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    return f"B{row}"


def self_cell(path: Path, code: str) -> str:
    ws = openpyxl.load_workbook(path)[SELF]
    row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value) == code)
    return f"C{row}"


def issues(path: Path) -> set[tuple[str, str | None, str | None]]:
    return set(validate_workbook(path).report.flatten("code", "sheet", "cell"))


@pytest.fixture(scope="session")
def _good_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from qplan_xl.workbook.template.build import write_workbook

    path = tmp_path_factory.mktemp("master") / "ke-hoach.xlsx"
    write_workbook(make_plan(), path)
    return path


@pytest.fixture
def good(_good_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of one valid primary-school workbook (written once per session)."""
    return Path(shutil.copy(_good_master, tmp_path / "ke-hoach.xlsx"))


def test_sample_plan_is_valid_and_round_trips(good: Path) -> None:
    result = validate_workbook(good)
    assert result.report.errors == 0, result.report.to_text()
    assert result.plan is not None and len(result.plan.actions) == len(make_plan().actions)
    assert result.framework is not None and result.framework.id == "TT17-2018"
    assert result.identity["school_code"] == "02145"


@pytest.mark.parametrize(
    "cell,value,code",
    [("B3", "9.9", "criterion-unknown"), ("B3", "2.1 - Đối với hiệu trưởng", "criterion-wrong-standard"),
     ("G3", "13/2023", "month-invalid"), ("J3", "mười triệu", "money-invalid"),
     ("J3", -5000, "money-negative"), ("C3", None, "action-field-required"),
     ("D3", None, "action-field-required"), ("E3", None, "action-field-required"),
     ("G3", None, "action-field-required"), ("B3", None, "action-field-required")],
)
def test_action_errors_at_their_cell(good: Path, cell: str, value: Any, code: str) -> None:
    edit(good, {TC1: {cell: value}})
    assert (code, TC1, cell) in issues(good)
    assert not validate_workbook(good).report.valid


def test_end_before_start(good: Path) -> None:
    edit(good, {TC1: {"G3": "5/2024", "H3": "9/2023"}})
    assert ("end-before-start", TC1, "H3") in issues(good)


@pytest.mark.parametrize(
    "cell,value,code",
    [("G3", "6/2023", "month-out-of-year"), ("E3", "Ông Ba bảo vệ", "owner-not-in-list"),
     ("C3", "Tr\u00adêng TiÓu häc", "legacy-encoding"), ("F3", "=1+1", "formula-in-text"),
     ("I3", "Quỹ lớp", "funding-unknown")],
)
def test_action_warnings_keep_the_plan_valid(good: Path, cell: str, value: Any, code: str) -> None:
    edit(good, {TC1: {cell: value}})
    result = validate_workbook(good)
    assert (code, TC1, cell) in set(result.report.flatten("code", "sheet", "cell"))
    assert result.report.valid


def test_duplicate_action_row(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    ws = wb[TC1]
    for col in range(1, 13):
        ws.cell(10, col).value = ws.cell(3, col).value
    wb.save(good)
    assert ("action-duplicate", TC1, "B10") in issues(good)


def test_blank_rows_hidden_rows_and_row_gaps_are_ignored(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    ws = wb[TC1]
    for col in range(1, 13):
        ws.cell(40, col).value = ws.cell(3, col).value
    ws.cell(40, 3).value = "Hàng cách xa"
    ws.row_dimensions[40].hidden = True
    wb.save(good)
    result = validate_workbook(good)
    assert result.report.valid and result.plan is not None
    assert [a.row for a in result.plan.actions if a.sheet == TC1] == [3, 4, 40]


@pytest.mark.parametrize("label", ["Tên trường", "Mã trường", "Cấp học", "Năm học"])
def test_required_school_information(good: Path, label: str) -> None:
    cell = info_cell(good, label)
    edit(good, {INFO: {cell: None}})
    result = validate_workbook(good)
    assert ("info-required", INFO, cell) in set(result.report.flatten("code", "sheet", "cell"))
    assert result.plan is None


@pytest.mark.parametrize("value", ["2023", "2023-2025", "năm nay"])
def test_year_format(good: Path, value: str) -> None:
    cell = info_cell(good, "Năm học")
    edit(good, {INFO: {cell: value}})
    assert ("year-invalid", INFO, cell) in issues(good)


def test_level_framework_mismatch(good: Path) -> None:
    cell = info_cell(good, "Cấp học")
    edit(good, {INFO: {cell: "THCS"}})
    assert ("framework-level-mismatch", INFO, cell) in issues(good)


def test_framework_changed_against_the_template(good: Path) -> None:
    cell = info_cell(good, "Khung tiêu chuẩn")
    edit(good, {INFO: {cell: "TT18-2018"}})
    assert ("framework-template-mismatch", INFO, cell) in issues(good)


def test_unknown_level(good: Path) -> None:
    cell = info_cell(good, "Cấp học")
    edit(good, {INFO: {cell: "Đại học"}})
    assert ("level-unknown", INFO, cell) in issues(good)


def test_level_not_allowed_for_criterion(good: Path) -> None:
    cell = self_cell(good, "1.2")  # 1.2 has no Mức 3 requirement in TT17
    edit(good, {SELF: {cell: "Mức 3"}})
    assert ("assessment-invalid", SELF, cell) in issues(good)


def test_blank_assessment_is_a_warning(good: Path) -> None:
    cell = self_cell(good, "3.3")
    edit(good, {SELF: {cell: None}})
    result = validate_workbook(good)
    assert ("assessment-blank", SELF, cell) in set(result.report.flatten("code", "sheet", "cell"))
    assert result.plan is not None and result.plan.assessment("3.3").level is None  # type: ignore[union-attr]


def test_missing_and_renamed_sheets(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    wb[TC2].title = "Tieu chuan 2"
    del wb[m.SHEETS["texts"]]
    wb.save(good)
    found = issues(good)
    assert ("sheet-missing", TC2, None) in found and ("sheet-missing", m.SHEETS["texts"], None) in found


def test_renamed_header(good: Path) -> None:
    edit(good, {TC1: {"D2": "Công việc"}})
    assert ("header-missing", TC1, None) in issues(good)


def test_meta_missing_falls_back_to_information(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    del wb[m.SHEETS["meta"]]
    wb.save(good)
    result = validate_workbook(good)
    assert ("meta-missing", None, None) in set(result.report.flatten("code", "sheet", "cell"))
    assert result.report.valid and result.framework is not None and result.framework.id == "TT17-2018"


def test_meta_from_an_unknown_template_version(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    ws = wb[m.SHEETS["meta"]]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "template_version")
    ws.cell(row, 2).value = "99"
    wb.save(good)
    assert "meta-unknown-version" in validate_workbook(good).report.codes()


def test_code_changed_against_the_issued_workbook(good: Path) -> None:
    cell = info_cell(good, "Mã trường")
    edit(good, {INFO: {cell: "99999"}})
    assert ("meta-mismatch", INFO, cell) in issues(good)


def test_month_stored_as_a_date_cell(good: Path) -> None:
    edit(good, {TC1: {"G3": dt.datetime(2023, 10, 1), "H3": dt.date(2023, 12, 1)}})
    result = validate_workbook(good)
    assert result.report.valid
    first = next(a for a in result.plan.actions if a.sheet == TC1)  # type: ignore[union-attr]
    assert (str(first.start), str(first.end)) == ("10/2023", "12/2023")


@pytest.mark.parametrize(
    "value", ["9/2023", "09/2023", "Tháng 9/2023", "tháng 9 năm 2023"],
)
def test_month_forms(good: Path, value: str) -> None:
    edit(good, {TC1: {"G3": value}})
    result = validate_workbook(good)
    assert result.report.valid
    assert str(result.plan.actions[0].start) == "9/2023"  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["1.1", "Tiêu chí 1.1", "1.1 - Phương hướng", "1.1. Phương hướng", 1.1])
def test_criterion_forms(good: Path, value: Any) -> None:
    edit(good, {TC1: {"B3": value}})
    result = validate_workbook(good)
    assert result.report.valid and result.plan.actions[0].criterion == "1.1"  # type: ignore[union-attr]


@pytest.mark.parametrize("value,expected", [(15000000, 15000000), ("15.000.000", 15000000),
                                            ("15,000,000", 15000000), ("15.000.000 đ", 15000000),
                                            (None, None)])
def test_money_forms(good: Path, value: Any, expected: int | None) -> None:
    edit(good, {TC1: {"J4": value}})
    result = validate_workbook(good)
    assert result.report.valid
    assert [a.cost for a in result.plan.actions if a.row == 4 and a.sheet == TC1] == [expected]  # type: ignore[union-attr]


def _nfd_copy(src: Path, dst: Path) -> Path:
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    cell.value = unicodedata.normalize("NFD", cell.value)
    wb.save(dst)
    return dst


def test_nfd_validates_exactly_like_nfc(good: Path, tmp_path: Path) -> None:
    edit(good, {TC1: {"E3": "Ông Ba", "G4": "13/2023"}})
    nfd = _nfd_copy(good, tmp_path / "nfd.xlsx")
    a, b = validate_workbook(good), validate_workbook(nfd)
    assert a.report.flatten("code", "sheet", "cell", "message") == b.report.flatten(
        "code", "sheet", "cell", "message")
    assert a.plan == b.plan


def test_level4_sheet(good: Path) -> None:
    edit(good, {M4: {"B3": "1.3"}})
    assert ("criterion-wrong-standard", M4, "B3") in issues(good)
    edit(good, {M4: {"B3": "M4.9"}})
    assert ("criterion-unknown", M4, "B3") in issues(good)
    edit(good, {M4: {"B3": "Tiêu chí 2"}})
    result = validate_workbook(good)
    assert result.report.valid and result.plan.actions[-1].criterion == "M4.2"  # type: ignore[union-attr]


@pytest.mark.parametrize("fid,start", [("TT18-2018", 2024), ("TT19-2018", 2023),
                                       ("TT57-2026-PL-I", 2026), ("TT57-2026-PL-II", 2026)])
def test_every_framework_round_trips_valid(write_plan: Callable[..., Path], fid: str, start: int) -> None:
    plan = make_plan(fid, start)
    result = validate_workbook(write_plan(plan))
    assert result.report.errors == 0, result.report.to_text()
    assert result.plan is not None and len(result.plan.actions) == len(plan.actions)
    assert "framework-provisional" not in result.report.codes()  # said by the guide, not every check


def test_unreadable_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    result = validate_workbook(path)
    assert result.report.flatten("code", "severity") == [("file-xls", "error")]
    assert result.plan is None


def _plain(plan: Plan) -> Any:
    return plan.to_dict(exclude={"meta"})


def test_huge_sheet_is_reported_and_bounded(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    ws = wb[TC1]
    ws.cell(6000, 12).value = "ghi chú lạc"
    ws.cell(7, 3).value = "x" * 30000
    wb.save(good)
    found = issues(good)
    assert ("sheet-too-large", TC1, None) in found and ("text-too-long", TC1, "C7") in found


TEXT = st.one_of(st.none(), st.text(max_size=40), st.integers(-10**9, 10**9),
                 st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.booleans())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.dictionaries(
    st.tuples(st.sampled_from([TC1, INFO, SELF, M4, m.SHEETS["texts"]]),
              st.integers(1, 12), st.integers(1, 40)), TEXT, max_size=12))
def test_random_values_never_crash(good: Path, tmp_path: Path, cells: dict[Any, Any]) -> None:
    wb = openpyxl.load_workbook(good)
    for (sheet, col, row), value in cells.items():
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch.isprintable())
        cell = wb[sheet].cell(row, col)
        if not isinstance(cell, MergedCell):
            cell.value = value
    out = tmp_path / "random.xlsx"
    wb.save(out)
    result = validate_workbook(out)
    assert "internal-error" not in result.report.codes()
    assert all(i.message for i in result.report.issues)


def test_renamed_extension_is_read_by_content(good: Path, tmp_path: Path) -> None:
    renamed = Path(shutil.copy(good, tmp_path / "ke-hoach.xls"))
    result = validate_workbook(renamed)
    assert result.report.valid
    assert ("file-extension-mismatch", "warning") in result.report.flatten("code", "severity")


def test_sheet_of_another_framework_is_reported(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    wb.create_sheet("TC6")
    wb.save(good)
    assert ("sheet-unexpected", "TC6", None) in issues(good)


def test_a_folder_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-file.xlsx"
    folder.mkdir()
    assert validate_workbook(folder).report.flatten("code") == [("file-not-found",)]


def test_a_large_paste_is_summarized_not_listed_row_by_row(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    for row in range(20, 120):
        wb[TC1].cell(row, 12).value = "ghi chú thừa"
    wb.save(good)
    report = validate_workbook(good).report
    required = [i for i in report.issues if i.code == "action-field-required"]
    more = [i for i in report.issues if i.code == "more-issues" and i.value == "action-field-required"]
    assert len(required) == 25 and len(more) == 1 and more[0].severity == "error"
    assert not report.valid and more[0].sheet == TC1


def test_validating_does_not_import_pydantic() -> None:
    """The one-click path stays light: `qplan validate` never loads pydantic (~130 ms)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    sample = root / "samples" / "tieu-hoc-thanh-hung-2023-2024.xlsx"
    code = (
        "import sys\n"
        "from qplan_xl.cli import cli\n"
        "try:\n"
        f"    cli.main(['validate', {str(sample)!r}, '--format', 'json'])\n"
        "except SystemExit as exit:\n"
        "    print(exit.code)\n"
        "print('pydantic' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-2:] == ["0", "False"]


def test_cli_json_is_the_library_json(good: Path, runner: Any) -> None:
    import json

    from qplan_xl.cli import cli

    edit(good, {TC1: {"G3": "13/2023"}})
    result = runner.invoke(cli, ["validate", str(good), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output) == validate_workbook(good).report.to_dict()


def test_vietnamese_wording_of_the_broken_sample_report() -> None:
    """The one place the wording is checked: regenerate with QPLAN_REGENERATE_GOLDEN=1."""
    import os

    root = Path(__file__).resolve().parents[1]
    report = validate_workbook(root / "samples" / "loi-mau-tieu-hoc-2023-2024.xlsx").report
    report.file = "loi-mau-tieu-hoc-2023-2024.xlsx"
    golden = root / "tests" / "golden" / "validate_broken_sample.txt"
    if os.environ.get("QPLAN_REGENERATE_GOLDEN"):
        golden.write_text(report.to_text() + "\n", encoding="utf-8")
    assert report.to_text() + "\n" == golden.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_workbook_resaved_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    """Schools also use LibreOffice: its re-saved file must give the same plan."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    sample = root / "samples" / "tieu-hoc-thanh-hung-2023-2024.xlsx"
    out = tmp_path / "resaved"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(sample)],
        check=True, capture_output=True, timeout=180,
    )
    original, resaved = validate_workbook(sample), validate_workbook(out / sample.name)
    assert resaved.report.flatten("code", "sheet", "cell") == original.report.flatten("code", "sheet", "cell")
    assert resaved.plan is not None and original.plan is not None
    assert resaved.plan.actions == original.plan.actions
    assert resaved.plan.assessments == original.plan.assessments


def test_stray_far_cells_neither_crash_nor_hang(good: Path) -> None:
    """calamine would allocate XFD x 1048576 cells: the reader measures the extent first."""
    wb = openpyxl.load_workbook(good)
    wb[m.SHEETS["guide"]]["XFD1"] = "y"
    wb[m.SHEETS["guide"]]["A1048576"] = "z"
    wb[TC2]["XFD7"] = "x"
    wb.save(good)
    result = validate_workbook(good)
    found = set(result.report.flatten("code", "sheet", "cell"))
    assert ("sheet-stray-cells", m.SHEETS["guide"], "XFD1") in found
    assert ("sheet-stray-cells", TC2, "XFD7") in found
    assert result.report.valid and result.plan is not None
    assert len(result.plan.actions) == len(make_plan().actions)


def test_rows_beyond_the_limit_make_the_plan_invalid(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    wb[TC1]["C1048576"] = "một hoạt động ở cuối sheet"
    wb.save(good)
    assert ("sheet-too-large", TC1, None) in issues(good)
    assert not validate_workbook(good).report.valid


def test_excel_error_values_are_errors_where_the_plan_is_read(good: Path) -> None:
    edit(good, {TC1: {"J3": "#REF!", "G4": "#DIV/0!", "P3": "#N/A"}, SELF: {"C5": "#VALUE!"}})
    found = issues(good)
    assert {("cell-error", TC1, "J3"), ("cell-error", TC1, "G4"), ("cell-error", SELF, "C5")} <= found
    assert ("cell-error", TC1, "P3") not in found  # a monitoring column after the contract's


def test_implausible_amount_is_a_warning(good: Path) -> None:
    edit(good, {TC1: {"J4": 10**15}})
    result = validate_workbook(good)
    assert ("money-implausible", TC1, "J4") in set(result.report.flatten("code", "sheet", "cell"))
    assert result.report.valid


def test_duplicated_information_label(good: Path) -> None:
    wb = openpyxl.load_workbook(good)
    ws = wb[INFO]
    ws["A30"], ws["B30"] = "Tên trường", "Trường khác"
    wb.save(good)
    result = validate_workbook(good)
    assert ("info-label-duplicate", INFO, "A30") in set(result.report.flatten("code", "sheet", "cell"))
    assert result.plan is not None and result.plan.info.name == "Trường Tiểu học Thanh Hưng"


@pytest.mark.parametrize("value", ["abc", 1.5, -1])
def test_garbage_revision_in_meta(good: Path, value: Any) -> None:
    wb = openpyxl.load_workbook(good)
    ws = wb[m.SHEETS["meta"]]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "revision")
    ws.cell(row, 2).value = value
    wb.save(good)
    result = validate_workbook(good)
    assert "meta-invalid" in result.report.codes()
    assert result.plan is not None and result.plan.meta is not None and result.plan.meta.revision == 0


# --- texts that would print badly (sheet Văn bản) -------------------------------------------------


def test_texts_that_would_print_badly_are_named_by_cell(write_plan: Callable[..., Path]) -> None:
    plan = make_plan("TT17-2018", 2025, level="tieu-hoc")
    plan = plan.replace(
        info=plan.info.replace(issue_date=dt.date(2025, 9, 20)),
        texts=plan.texts.replace(
            basis="Báo cáo tự đánh giá.\n2. Báo cáo đánh giá ngoài.\nCăn cứ Công văn số …/SGDĐT-KTKĐ;",
            recipients="Phòng GD&ĐT (để b/c);\nLưu: VT.",
        ),
    )
    found = validate_workbook(write_plan(plan)).report.flatten("code", "sheet", "cell")
    texts = m.SHEETS["texts"]
    assert {("text-placeholder", texts, "B4"), ("text-renumbered", texts, "B4"),
            ("text-names-phong", texts, "B7")} <= set(found)


def test_a_basis_citing_a_text_signed_after_the_plan_is_named(write_plan: Callable[..., Path]) -> None:
    plan = make_plan("TT17-2018", 2024, level="tieu-hoc")
    plan = plan.replace(info=plan.info.replace(issue_date=dt.date(2024, 10, 31)),
                        texts=plan.texts.replace(basis="Căn cứ Thông tư số 22/2024/TT-BGDĐT ngày 10/12/2024;"))
    found = validate_workbook(write_plan(plan)).report.flatten("code", "sheet", "cell")
    assert ("basis-not-yet-signed", m.SHEETS["texts"], "B4") in found
