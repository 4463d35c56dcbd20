"""Tests for the workbook template (DESIGN 5.2), write_workbook, the roster reader and `qplan new`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from qplan_xl import messages as m
from qplan_xl.model import Action, Month, SchoolYear
from qplan_xl.rules.catalog import (
    SCHOOL_LEVELS,
    default_framework,
    load_framework,
    parse_criterion_ref,
)
from qplan_xl.workbook import layout
from qplan_xl.workbook.narrative import names_phong, placeholder, resolve_authority
from qplan_xl.workbook.template.build import (
    BLANK_YEARS,
    blank_file_name,
    build_template,
    owner_values,
    regenerate_templates,
    save_workbook,
    write_template,
    write_workbook,
)
from qplan_xl.workbook.template.sheets import default_texts
from qplan_xl.workbook.template.style import PROMPT_TEXT_MAX, PROMPT_TITLE_MAX
from tests.conftest import make_plan

# The contract, typed out from DESIGN 5.2 on purpose (not taken from messages.py).
INFO_LABELS = ["Cơ quan chủ quản", "Tên trường", "Mã trường", "Cấp học", "Năm học", "Khung tiêu chuẩn",
               "Mục tiêu mức đạt", "Số văn bản", "Địa danh", "Ngày ban hành", "Người ký",
               "Chức vụ người ký"]
PLAN_HEADERS = ["TT", "Tiêu chí", "Kết quả cần đạt (so với hiện trạng)", "Công việc/giải pháp cần thực hiện",
                "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành", "Nguồn kinh phí", "Dự kiến kinh phí (đồng)",
                "Điều kiện hỗ trợ khác", "Ghi chú"]
SELF_HEADERS = ["Tiêu chí", "Tên tiêu chí", "Mức đạt"]
FUNDING = ["Không", "Ngân sách nhà nước", "Chi thường xuyên", "Xã hội hóa", "Khác"]
LEGACY_SHEETS = ["Hướng dẫn", "Thông tin", "Tự đánh giá", "TC1", "TC2", "TC3", "TC4", "TC5", "Mức 4", "Văn bản"]
# DESIGN 5.3 (TT57 Biểu 2), typed out likewise.
TT57_SHEETS = ["Hướng dẫn", "Thông tin", "Tự đánh giá", "Vấn đề trọng tâm", "TC1", "TC2", "TC3", "TC4",
               "Theo dõi", "Văn bản"]
TT57_INFO_LABELS = ["Cơ quan quản lý", "Tên trường", "Mã trường", "Cấp học", "Loại hình", "Địa chỉ", "Năm học",
                    "Khung tiêu chuẩn", "Mục tiêu mức đạt", "Số văn bản", "Địa danh", "Ngày ban hành",
                    "Người ký", "Chức vụ người ký"]
TT57_PLAN_HEADERS = ["TT", "Tiêu chí", "Nội dung cải tiến", "Mục tiêu cải tiến", "Hoạt động/giải pháp",
                     "Chỉ số đánh giá kết quả", "Bắt đầu", "Hoàn thành", "Đơn vị/cá nhân phụ trách", "Phối hợp",
                     "Nguồn kinh phí", "Dự kiến kinh phí (đồng)", "Nguồn lực khác", "Minh chứng dự kiến",
                     "Mức độ thực hiện (Cuối HK I)", "Mức độ thực hiện (Cuối năm)", "Ghi chú"]
TT57_FOCAL_HEADERS = ["TT", "Tiêu chuẩn", "Tiêu chí liên quan", "Đánh giá hiện trạng", "Điểm hạn chế",
                      "Nguyên nhân của hạn chế"]
TT57_MONITOR_HEADERS = ["Thời điểm", "Ngày đánh giá", "Nội dung theo dõi", "Kết quả thực hiện",
                        "Điều chỉnh (nếu có)", "Người đánh giá"]
STATUSES = ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Chưa hoàn thành", "Không thực hiện"]

CASES = [(level, start) for level in SCHOOL_LEVELS for start in (2023, 2026) if (level, start) != ("gdtx", 2023)]
FIRST, LAST = layout.FIRST_DATA_ROW, layout.FIRST_DATA_ROW + layout.INPUT_ROWS - 1


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Any]:
    """Every level x year written to disk once and loaded back with openpyxl."""
    folder = tmp_path_factory.mktemp("templates")
    books = {}
    for level, start in CASES:
        path = folder / f"{level}-{start}.xlsx"
        write_template(path, default_framework(level, start), level=level, year=SchoolYear(start),
                       school_name="Trường Thử", school_code="00123", authority="Phòng GD&ĐT")
        books[(level, start)] = (path, openpyxl.load_workbook(path))
    return books


def _book(built: dict, level: str, start: int) -> Any:
    return built[(level, start)][1]


def resolve(wb: Any, name: str) -> list[Any]:
    """Values a defined name points at (plain ranges, or the OFFSET(...) owners formula)."""
    text = wb.defined_names[name].attr_text
    match = re.search(r"('?)(.+?)\1!(\$[A-Z]+\$\d+:\$[A-Z]+\$\d+)", text.removeprefix("OFFSET("))
    if text.startswith("OFFSET("):
        match = re.search(r"COUNTA\(('?)(.+?)\1!(\$[A-Z]+\$\d+:\$[A-Z]+\$\d+)\)", text)
    assert match, text
    ws = wb[match[2]]
    min_col, min_row, max_col, max_row = range_boundaries(match[3].replace("$", ""))
    values = [ws.cell(r, c).value for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]
    return [v for v in values if v is not None] if text.startswith("OFFSET(") else values


def list_validations(ws: Any) -> dict[str, Any]:
    """The list data validations of a sheet, by the first column letter they cover."""
    return {re.match(r"[A-Z]+", str(dv.sqref))[0]: dv for dv in ws.data_validations.dataValidation
            if dv.type == "list"}


# --- structure ---------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "start"), CASES)
def test_sheets_order_and_visibility(built: dict, level: str, start: int) -> None:
    wb = _book(built, level, start)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == (TT57_SHEETS if start >= 2026 else LEGACY_SHEETS)
    assert [(ws.title, ws.sheet_state) for ws in wb.worksheets[-2:]] == [
        ("Danh mục", "hidden"), ("_meta", "veryHidden")]
    assert wb.active.title == "Hướng dẫn"


@pytest.mark.parametrize(("level", "start"), CASES)
def test_headers_are_the_contract(built: dict, level: str, start: int) -> None:
    wb = _book(built, level, start)
    info = wb["Thông tin"]
    labels, headers = (TT57_INFO_LABELS, TT57_PLAN_HEADERS) if start >= 2026 else (INFO_LABELS, PLAN_HEADERS)
    assert [info.cell(r, 1).value for r in range(FIRST, FIRST + len(labels) + 1)] == [*labels, None]
    assert [c.value for c in wb["Tự đánh giá"][layout.HEADER_ROW]][:3] == SELF_HEADERS
    last = layout.column_letter(len(headers))
    for plan in layout.plan_sheets(default_framework(level, start)):
        ws = wb[plan.name]
        assert [c.value for c in ws[layout.HEADER_ROW]] == headers
        assert ws.cell(layout.TITLE_ROW, 1).value
        assert f"A{layout.TITLE_ROW}:{last}{layout.TITLE_ROW}" in {str(r) for r in ws.merged_cells.ranges}
    if start >= 2026:
        assert [c.value for c in wb["Vấn đề trọng tâm"][layout.HEADER_ROW]] == TT57_FOCAL_HEADERS
        monitor = wb["Theo dõi"]
        assert [c.value for c in monitor[layout.HEADER_ROW]] == TT57_MONITOR_HEADERS
        assert [monitor.cell(r, 1).value for r in (FIRST, FIRST + 1, FIRST + 2)] == [
            "Cuối học kỳ I", "Cuối năm học", None]


@pytest.mark.parametrize(("level", "start"), CASES)
def test_self_assessment_rows_follow_the_catalog(built: dict, level: str, start: int) -> None:
    fw = default_framework(level, start)
    ws = _book(built, level, start)["Tự đánh giá"]
    codes = [c.code for c in fw.criteria] + [i.code for i in fw.level4_items]
    rows = range(FIRST, FIRST + len(codes))
    assert [ws.cell(r, 1).value for r in rows] == codes
    assert ws.cell(FIRST + len(codes), 1).value is None
    fourth = ws.cell(layout.HEADER_ROW, 4).value
    if fw.rule.kind == "mandatory-quota":
        assert fourth == "Bắt buộc"
        assert [ws.cell(r, 4).value == "Có" for r in rows] == [c.mandatory for c in fw.criteria]
    else:
        assert fourth == "Mức cao nhất"
        assert [ws.cell(r, 4).value for r in rows][: len(fw.criteria)] == [
            f"Mức {c.max_level}" for c in fw.criteria]


@pytest.mark.parametrize(("level", "start"), CASES)
def test_level_dropdowns_depend_on_the_criterion(built: dict, level: str, start: int) -> None:
    fw = default_framework(level, start)
    wb = _book(built, level, start)
    ws = wb["Tự đánh giá"]
    by_cell = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                by_cell[f"C{row}"] = dv
    top = max(fw.rule.levels)
    for row, c in enumerate(fw.criteria, start=FIRST):
        dv = by_cell[f"C{row}"]
        expected = ["Không đạt", *[f"Mức {k}" for k in range(1, c.max_level + 1)]]
        assert resolve(wb, dv.formula1) == expected
        assert dv.formula1 == ("DS_MUC_DAY_DU" if c.max_level == top else "DS_MUC_RUT_GON")
        assert dv.errorStyle == "stop"
    for row in range(FIRST + len(fw.criteria), FIRST + len(fw.criteria) + len(fw.level4_items)):
        assert resolve(wb, by_cell[f"C{row}"].formula1) == ["Đạt", "Không đạt"]


@pytest.mark.parametrize(("level", "start"), CASES)
def test_plan_dropdowns_use_named_lists(built: dict, level: str, start: int) -> None:
    fw = default_framework(level, start)
    wb = _book(built, level, start)
    for plan in layout.plan_sheets(fw):
        dvs = list_validations(wb[plan.name])
        expected = {"B": plan.list_name, "E": "DS_CHU_TRI", "G": "DS_THANG", "H": "DS_THANG", "I": "DS_NGUON"}
        if start >= 2026:
            expected = {"B": plan.list_name, "G": "DS_THANG", "H": "DS_THANG", "I": "DS_CHU_TRI", "K": "DS_NGUON",
                        "O": "DS_MUC_DO", "P": "DS_MUC_DO"}
        assert {k: dv.formula1 for k, dv in dvs.items()} == expected
        assert all(str(dv.sqref) == f"{k}{FIRST}:{k}{LAST}" for k, dv in dvs.items())
        owners = dvs["I" if start >= 2026 else "E"]
        assert not owners.showErrorMessage or owners.errorStyle in ("warning", "information")
        assert dvs["B"].errorStyle == "warning"  # "1.3" typed by hand is accepted by the reader
        criteria = resolve(wb, plan.list_name)
        if plan.standard is None:
            assert [v.split(" - ")[0] for v in criteria] == [i.code for i in fw.level4_items]
        else:
            assert [parse_criterion_ref(v) for v in criteria] == [
                c.code for c in fw.standard(plan.standard).criteria]


@pytest.mark.parametrize(("level", "start"), CASES)
def test_no_inline_lists_and_excel_message_limits(built: dict, level: str, start: int) -> None:
    wb = _book(built, level, start)
    names = set(wb.defined_names)
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list":
                assert dv.formula1 in names
            assert len(dv.promptTitle or "") <= PROMPT_TITLE_MAX
            assert len(dv.errorTitle or "") <= PROMPT_TITLE_MAX
            assert len(dv.prompt or "") <= PROMPT_TEXT_MAX
            assert len(dv.error or "") <= PROMPT_TEXT_MAX


@pytest.mark.parametrize(("level", "start"), CASES)
def test_named_lists_resolve(built: dict, level: str, start: int) -> None:
    fw = default_framework(level, start)
    wb = _book(built, level, start)
    months = resolve(wb, "DS_THANG")
    assert months[0] == f"8/{start}" and months[-1] == f"8/{start + 1}" and len(months) == 13
    assert all(isinstance(v, str) for v in months)
    assert resolve(wb, "DS_NGUON") == FUNDING
    assert resolve(wb, "DS_CHU_TRI") == owner_values(level)
    head = "Giám đốc" if level == "gdtx" else "Hiệu trưởng"
    assert resolve(wb, "DS_CHU_TRI")[0] == head
    if start >= 2026:
        assert resolve(wb, "DS_MUC_DO") == STATUSES
        assert resolve(wb, "DS_TIEU_CHUAN") == [f"Tiêu chuẩn {s.no}: {s.name}" for s in fw.standards]
        assert resolve(wb, "DS_LOAI_HINH") == ["Mầm non", "Phổ thông", "Giáo dục thường xuyên"]
    assert resolve(wb, "DS_CAP_HOC") == list(m.SCHOOL_LEVELS.values())
    assert fw.label in resolve(wb, "DS_KHUNG")
    assert resolve(wb, "DS_MUC_TIEU") == [f"Mức {k}" for k in range(1, fw.rule.max_level + 1)]
    assert ("DS_M4" in wb.defined_names) == fw.has_level4


def test_owner_list_grows_with_names_typed_on_danh_muc(built: dict) -> None:
    wb = _book(built, "thcs", 2023)
    formula = wb.defined_names["DS_CHU_TRI"].attr_text
    last = FIRST + layout.OWNER_SLOTS - 1
    assert f"$A${FIRST}:$A${last}" in formula and formula.startswith("OFFSET(")
    lists = wb["Danh mục"]
    assert lists.protection.sheet
    assert not lists.cell(last, 1).protection.locked
    assert lists.cell(FIRST, 2).protection.locked


@pytest.mark.parametrize(("level", "start"), CASES)
def test_meta_identity(built: dict, level: str, start: int) -> None:
    ws = _book(built, level, start)["_meta"]
    pairs = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert list(pairs) == list(layout.META_KEYS)
    assert pairs["template_id"] == layout.TEMPLATE_ID
    assert pairs["template_version"] == layout.TEMPLATE_VERSION
    assert pairs["framework"] == default_framework(level, start).id
    assert pairs["school_code"] == "00123"
    assert pairs["school_year"] == f"{start}-{start + 1}"
    assert pairs["school_level"] == level
    assert pairs["revision"] == 0
    assert dt.date.fromisoformat(pairs["issued"]) == dt.date.today()


@pytest.mark.parametrize(("level", "start"), CASES)
def test_protection_and_unlocked_inputs(built: dict, level: str, start: int) -> None:
    wb = _book(built, level, start)
    assert all(ws.protection.sheet for ws in wb.worksheets)
    assert all(ws.protection.password is None for ws in wb.worksheets)
    for plan in layout.plan_sheets(default_framework(level, start)):
        ws = wb[plan.name]
        prot = ws.protection
        assert not (prot.insertRows or prot.deleteRows or prot.formatCells or prot.sort or prot.autoFilter)
        assert all(ws.cell(layout.HEADER_ROW, c).protection.locked for c in range(1, 13))
        assert not any(ws.cell(r, c).protection.locked for r in (FIRST, LAST) for c in range(1, 13))
    info = wb["Thông tin"]
    assert info["A4"].protection.locked and not info["B4"].protection.locked
    self_ws = wb["Tự đánh giá"]
    assert self_ws["A3"].protection.locked and not self_ws["C3"].protection.locked
    assert not wb["Văn bản"]["B3"].protection.locked


@pytest.mark.parametrize(("level", "start"), CASES)
def test_print_setup_panes_and_formats(built: dict, level: str, start: int) -> None:
    wb = _book(built, level, start)
    for plan in layout.plan_sheets(default_framework(level, start)):
        ws = wb[plan.name]
        setup = ws.page_setup
        assert (int(setup.paperSize), setup.orientation) == (int(ws.PAPERSIZE_A4), "landscape")
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows.replace("$", "") == "1:2"
        assert ws.freeze_panes == f"C{FIRST}"
        assert ws[f"G{FIRST}"].number_format == "@" and ws[f"H{LAST}"].number_format == "@"
        assert ws[f"{'L' if start >= 2026 else 'J'}{FIRST}"].number_format == "#,##0"
    assert wb["Tự đánh giá"].freeze_panes == f"A{FIRST}"
    assert wb["Tự đánh giá"].page_setup.orientation == "landscape"
    info = wb["Thông tin"]
    year_row = "B9" if start >= 2026 else "B7"
    assert info["B5"].number_format == "@" and info["B5"].value == "00123"  # Mã trường
    assert info[year_row].number_format == "@" and info[year_row].value == f"{start}-{start + 1}"


def test_prefilled_school_information(built: dict) -> None:
    info = _book(built, "tieu-hoc", 2023)["Thông tin"]
    values = {info.cell(r, 1).value: info.cell(r, 2).value for r in range(FIRST, FIRST + 12)}
    assert values["Tên trường"] == "Trường Thử"
    assert values["Cấp học"] == "Tiểu học"
    assert values["Khung tiêu chuẩn"] == load_framework("TT17-2018").label
    assert values["Cơ quan chủ quản"] == "Phòng GD&ĐT"
    assert values["Mục tiêu mức đạt"] is None


@pytest.mark.parametrize(("level", "start"), CASES)
def test_provisional_framework_is_flagged_in_the_workbook(built: dict, level: str, start: int) -> None:
    fw = default_framework(level, start)
    wb = _book(built, level, start)
    note = m.PROVISIONAL_NOTE.format(framework=fw.short_name)
    guide = [c.value for c in wb["Hướng dẫn"]["A"]]
    assert (note in guide) == fw.provisional
    assert note not in wb["Tự đánh giá"]["A1"].value  # once, in the guide
    assert any(fw.id in (v or "") for v in guide)


def test_unverified_data_carries_a_note(built: dict) -> None:
    ws = _book(built, "thcs", 2023)["Tự đánh giá"]
    rows = {ws.cell(r, 1).value: r for r in range(FIRST, ws.max_row + 1)}
    assert ws.cell(rows["1.5"], 2).comment is not None  # name_verified False in TT18
    assert ws.cell(rows["M4.3"], 2).comment is not None  # verified False
    assert ws.cell(rows["1.1"], 2).comment is None
    assert ws.cell(rows["M4.1"], 2).comment is None


def test_default_texts_cite_the_framework(built: dict) -> None:
    ws = _book(built, "tieu-hoc", 2023)["Văn bản"]
    texts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(FIRST, FIRST + 5)}
    assert list(texts) == ["Mục đích – yêu cầu", "Căn cứ", "Chủ trương – định hướng", "Tổ chức thực hiện", "Nơi nhận"]
    fw = load_framework("TT17-2018")
    basis = texts["Căn cứ"].split("\n")
    assert basis[0] == m.DEFAULT_BASIS_REPORT.format(previous_year="2022-2023")
    assert basis[1:] == [f"Căn cứ {t};" for t in (*fw.legal_basis_for(2023), fw.guidance)]
    assert "2023-2024" in texts["Mục đích – yêu cầu"]
    assert texts["Nơi nhận"].startswith("Phòng GD&ĐT (để b/c);")  # a plan before the reform


@pytest.mark.parametrize("level", ["tieu-hoc", "thpt"])
def test_2025_2026_default_texts_name_no_phong_and_leave_no_placeholder(level: str) -> None:
    fw = load_framework("TT17-2018" if level == "tieu-hoc" else "TT18-2018")
    texts = default_texts(fw, SchoolYear(2025), level)
    assert not any(names_phong(t) for t in texts.values())
    assert [placeholder(t) for t in texts.values() if placeholder(t)] in ([], ["xã/phường"])  # resolved on build
    first = resolve_authority(texts["recipients"], "UBND XÃ TÂN LẬP").split("\n")[0]
    assert first == ("UBND xã Tân Lập (để b/c);" if level == "tieu-hoc" else "Sở GD&ĐT (để b/c);")


def test_biểu_2_texts_follow_the_form_and_name_no_phong(built: dict) -> None:
    ws = _book(built, "tieu-hoc", 2026)["Văn bản"]
    texts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(FIRST, FIRST + 7)}
    assert list(texts) == ["Căn cứ", "Kết quả rà soát kế hoạch năm học trước", "Mục đích – yêu cầu",
                           "Tổ chức thực hiện", "Cơ chế đánh giá và báo cáo", "Nơi nhận", None]
    assert all(line.startswith("Căn cứ ") and line.endswith(";") for line in texts["Căn cứ"].split("\n"))
    assert "57/2026" in texts["Căn cứ"] and "2025-2026" in texts["Căn cứ"]
    assert "Không xây dựng kế hoạch cải tiến đối với toàn bộ tiêu chí" in texts["Mục đích – yêu cầu"]
    assert "02 lần" in texts["Cơ chế đánh giá và báo cáo"]
    assert "UBND xã/phường" in texts["Nơi nhận"]
    every = " ".join(str(v) for v in texts.values()) + " ".join(
        str(c.value) for c in _book(built, "tieu-hoc", 2026)["Hướng dẫn"]["A"] if c.value)
    assert "Phòng" not in every


def test_input_messages_use_the_workbook_year(built: dict) -> None:
    ws = _book(built, "thcs", 2026)["TC1"]
    prompts = {str(dv.sqref)[:1]: dv.prompt for dv in ws.data_validations.dataValidation}
    assert "9/2026" in prompts["G"] and "5/2027" in prompts["H"]
    assert "2023" not in " ".join(p or "" for p in prompts.values())


def test_gdtx_is_a_tt57_level_only() -> None:
    from qplan_xl.workbook.template.build import resolve_framework

    assert resolve_framework("gdtx", SchoolYear(2026)).id == "TT57-2026-PL-III"
    with pytest.raises(Exception, match="2026-2027"):
        resolve_framework("gdtx", SchoolYear(2025))


def test_calamine_sees_values_at_their_addresses(built: dict) -> None:
    from python_calamine import CalamineWorkbook

    path = built[("tieu-hoc", 2023)][0]
    book = CalamineWorkbook.from_path(str(path))

    def rows(name: str) -> list[list[Any]]:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)

    info = rows("Thông tin")
    assert info[3][:2] == ["Tên trường", "Trường Thử"]  # A4/B4
    assert info[4][1] == "00123"
    assert rows("Tự đánh giá")[2][:1] == ["1.1"]  # A3
    assert rows("TC1")[1] == PLAN_HEADERS  # row 2
    assert rows("_meta")[0] == ["template_id", layout.TEMPLATE_ID]


def test_build_is_deterministic_apart_from_today() -> None:
    fw = load_framework("TT19-2018")
    args = dict(level="mam-non", year=SchoolYear(2024), issued=dt.date(2024, 8, 1))
    one, two = build_template(fw, **args), build_template(fw, **args)
    assert dump(one) == dump(two)
    assert one.properties.created == dt.datetime(2024, 8, 1)


def test_saved_file_keeps_fixed_document_dates(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    save_workbook(build_template(load_framework("TT17-2018"), level="tieu-hoc", year=SchoolYear(2023)), path)
    props = openpyxl.load_workbook(path).properties
    assert props.created == props.modified == dt.datetime(2023, 8, 1)


# --- committed blank templates -------------------------------------------------------------

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "workbook_template"


def dump(wb: Any) -> list[Any]:
    """A normalized, comparable description of a workbook (not its zip bytes)."""
    out: list[Any] = [sorted((k, v.attr_text) for k, v in wb.defined_names.items())]
    for ws in wb.worksheets:
        out.append((ws.title, ws.sheet_state, ws.freeze_panes, ws.print_title_rows,
                    ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth,
                    sorted(str(r) for r in ws.merged_cells.ranges), ws.protection.sheet))
        out.append([(c.coordinate, c.value, c.number_format, c.protection.locked)
                    for row in ws.iter_rows() for c in row if c.value is not None or not c.protection.locked])
        out.append(sorted((str(dv.sqref), dv.type, dv.formula1, dv.errorStyle, dv.prompt)
                          for dv in ws.data_validations.dataValidation))
    return out


def test_committed_templates_are_up_to_date(tmp_path: Path) -> None:
    written = regenerate_templates(tmp_path)
    expected = {blank_file_name(level, year) for level in SCHOOL_LEVELS for year in BLANK_YEARS
                if (level, year.start) != ("gdtx", 2025)}
    assert {p.name for p in written} == expected
    assert {p.name for p in TEMPLATE_DIR.glob("*.xlsx")} == expected
    for path in written:
        fresh, committed = openpyxl.load_workbook(path), openpyxl.load_workbook(TEMPLATE_DIR / path.name)
        assert dump(fresh) == dump(committed), (
            f"{path.name} is stale: run python -m qplan_xl.workbook.template.build --regenerate workbook_template/")


def test_committed_templates_are_blank_with_fixed_issue_date() -> None:
    wb = openpyxl.load_workbook(TEMPLATE_DIR / "ke-hoach-tieu-hoc-2025-2026.xlsx")
    meta = {r[0].value: r[1].value for r in wb["_meta"].iter_rows()}
    assert meta["school_code"] is None or meta["school_code"] == ""
    assert meta["issued"] == "2025-08-01"
    assert meta["framework"] == "TT17-2018"


# --- write_workbook: model -> workbook -> validation -> model ------------------------------


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _normalized(plan: Any) -> dict[str, Any]:
    """The plan as comparable data: text NFC, positions of assessments left out."""
    data = plan.to_dict()
    data.pop("meta")
    for item in (*data["assessments"], *data["level4"]):
        item.pop("sheet"), item.pop("cell")

    def walk(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [walk(x) for x in v]
        return _nfc(v)

    return walk(data)


def _tricky_plan() -> Any:
    plan = make_plan("TT17-2018")
    nfd = unicodedata.normalize("NFD", "Trường Tiểu học Thành Hưng")
    tricky = plan.actions[0].replace(
        result="Tỉ lệ & chất lượng <dạy học> \"tốt\"\ndòng 2",
        tasks="=SUM(1,2) rồi làm tiếp",
        partners="-Công đoàn, +Đoàn",
        support="@mention 'trích dẫn'",
        note=unicodedata.normalize("NFD", "ghi chú tiếng Việt"),
    )
    info = plan.info.replace(name=nfd, target_level=3)
    texts = plan.texts.replace(purpose="Mục đích & <yêu cầu>\n2. Dòng hai")
    return plan.replace(info=info, texts=texts, actions=(tricky, *plan.actions[1:]))


@pytest.mark.parametrize("framework_id", ["TT17-2018", "TT18-2018", "TT19-2018", "TT57-2026-PL-II"])
def test_round_trip_through_validation(tmp_path: Path, framework_id: str) -> None:
    from qplan_xl.validation.book import validate_workbook

    plan = _tricky_plan() if framework_id == "TT17-2018" else make_plan(framework_id, start=2026
                                                                         if "57" in framework_id else 2023)
    path = tmp_path / "plan.xlsx"
    write_workbook(plan, path)
    result = validate_workbook(path)
    assert result.report.valid, result.report.to_text()
    assert result.plan is not None
    assert _normalized(result.plan) == _normalized(plan)
    assert result.plan.meta is not None and result.plan.meta.framework == framework_id


def test_formula_like_school_text_is_stored_as_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_workbook(_tricky_plan(), path)
    ws = openpyxl.load_workbook(path)["TC1"]
    assert (ws["D3"].value, ws["D3"].data_type) == ("=SUM(1,2) rồi làm tiếp", "s")
    assert ws["F3"].data_type == "s" and ws["K3"].data_type == "s"


def test_filled_cells_use_the_dropdown_forms(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    plan = make_plan("TT17-2018")
    write_workbook(plan, path, revision=4)
    wb = openpyxl.load_workbook(path)
    ws = wb["TC1"]
    fw = load_framework("TT17-2018")
    assert ws["A3"].value == 1
    assert ws["B3"].value == f"1.1 - {fw.criterion('1.1').name}"
    assert ws["B3"].value in resolve(wb, "DS_TC1")
    assert (ws["G3"].value, ws["H3"].value) == ("9/2023", "1/2024")
    assert ws["J4"].value == 15_000_000
    self_ws = wb["Tự đánh giá"]
    assert self_ws["C3"].value == f"Mức {fw.criterion('1.1').max_level}"
    assert self_ws.cell(FIRST + len(fw.criteria), 3).value == "Đạt"
    meta = {r[0].value: r[1].value for r in wb["_meta"].iter_rows()}
    assert meta["revision"] == 4 and meta["school_code"] == "02145"


def test_more_actions_than_prepared_rows_get_prepared_rows(tmp_path: Path) -> None:
    plan = make_plan("TT17-2018", actions_per_standard=1)
    base = plan.actions[0]
    extra = tuple(base.replace(row=FIRST + i, tasks=f"Việc {i}")
                  for i in range(layout.INPUT_ROWS + 5))
    path = tmp_path / "big.xlsx"
    write_workbook(plan.replace(actions=extra), path)
    ws = openpyxl.load_workbook(path)["TC1"]
    last = FIRST + layout.INPUT_ROWS + 4
    assert ws.cell(last, 4).value == f"Việc {layout.INPUT_ROWS + 4}"
    assert not ws.cell(last, 4).protection.locked
    assert str(list_validations(ws)["B"].sqref) == f"B{FIRST}:B{last}"


def test_actions_sharing_a_row_are_not_lost(tmp_path: Path) -> None:
    plan = make_plan("TT17-2018", actions_per_standard=1)
    first = plan.actions[0]
    clash = first.replace(tasks="Việc thứ hai", row=first.row)
    moved = Action(**{**first.to_dict(), "sheet": "TC9", "row": 1, "tasks": "Việc thứ ba"})
    path = tmp_path / "clash.xlsx"
    write_workbook(plan.replace(actions=(first, clash, moved)), path)
    ws = openpyxl.load_workbook(path)["TC1"]
    assert [ws.cell(r, 4).value for r in (FIRST, FIRST + 1, FIRST + 2)] == [
        first.tasks, "Việc thứ hai", "Việc thứ ba"]
    assert [ws.cell(r, 1).value for r in (FIRST, FIRST + 1, FIRST + 2)] == [1, 2, 3]


def test_write_workbook_is_atomic_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qplan_xl.workbook.template import build as template_build

    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"old")

    def broken(*args: Any) -> None:
        raise RuntimeError("fill failed")

    monkeypatch.setattr(template_build, "fill_workbook", broken)
    with pytest.raises(RuntimeError):
        write_workbook(make_plan(), path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


def test_month_values_stay_text_for_the_reader(tmp_path: Path) -> None:
    from qplan_xl.workbook.read.reader import read_workbook

    plan = make_plan("TT17-2018", actions_per_standard=1)
    action = plan.actions[0].replace(start=Month(2023, 8), end=Month(2024, 8))
    path = tmp_path / "m.xlsx"
    write_workbook(plan.replace(actions=(action,)), path)
    sheet = read_workbook(path).sheet("TC1")
    assert sheet is not None and (sheet.get(FIRST, 7), sheet.get(FIRST, 8)) == ("8/2023", "8/2024")


def test_saving_the_same_workbook_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    fw = load_framework("TT57-2026-PL-I")
    args = dict(level="mam-non", year=SchoolYear(2026), issued=dt.date(2026, 8, 1))
    save_workbook(build_template(fw, **args), tmp_path / "a.xlsx")
    save_workbook(build_template(fw, **args), tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
