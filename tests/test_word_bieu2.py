"""The TT57 Word plan (Biểu 2): sections I-VIII, its three tables, figures computed from the statuses."""

from __future__ import annotations

import subprocess
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import make_bieu2_plan
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from qplan_xl import messages as m
from qplan_xl.model import Plan, Texts
from qplan_xl.rules.catalog import load_framework
from qplan_xl.word import docx_xml as h
from qplan_xl.word.document import build_document, convert_to_pdf, write_plan_docx

FORM = load_framework("TT57-2026-PL-II").form
assert FORM is not None
LABELS = {s.key: s.label for s in FORM.statuses}
HEADER, FOCAL, PLAN, MONITORING, SIGNATURE = range(5)  # the document's tables, in order


def _document(plan: Plan) -> Any:
    return build_document(plan, load_framework(plan.info.framework), [])


def _rows(table: Table) -> list[list[str]]:
    """Cell texts row by row (paragraphs joined with ' / '; a merged row gives one cell)."""
    return [[" / ".join(p.text for p in cell.paragraphs) for cell in _cells(tr, table)] for tr in table._tbl.tr_lst]


def _cells(tr: Any, table: Table) -> list[Any]:
    return [_Cell(tc, table) for tc in tr.tc_lst]


def _texts(document: Any) -> list[str]:
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        found += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return found


def _action_rows(document: Any) -> list[list[str]]:
    return [r for r in _rows(document.tables[PLAN])[2:] if len(r) == len(FORM.plan_columns)]


def _percent(done: int, total: int) -> str:
    value = (Decimal(done) * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


@pytest.fixture(scope="module")
def document() -> Any:
    return _document(make_bieu2_plan())


# --- sections ---------------------------------------------------------------------------------


def test_sections_one_to_eight_in_order_as_word_headings(document: Any) -> None:
    headings = [p for p in document.paragraphs if p.style.name == h.SECTION_HEADING]
    assert [p.text for p in headings] == [f"{s.no}. {s.title}" for s in FORM.sections]
    assert [s.no for s in FORM.sections] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    level = document.styles[h.SECTION_HEADING].element.pPr.find(qn("w:outlineLvl"))
    assert level.get(qn("w:val")) == "0"  # listed in Word's Navigation pane


def test_title_and_general_information(document: Any) -> None:
    texts = _texts(document)
    assert texts[texts.index("KẾ HOẠCH") + 1] == "Cải tiến chất lượng giáo dục năm học 2026-2027"
    plan = make_bieu2_plan()
    assert f"1. Tên cơ sở giáo dục: {plan.info.name}" in texts
    assert f"2. Loại hình: {plan.info.kind}" in texts
    assert f"3. Địa chỉ: {plan.info.address}" in texts
    assert "UBND XÃ TÂN LẬP" in texts and "Số: 38/KH-THKĐ" in texts


def test_basis_then_last_years_results(document: Any) -> None:
    texts = _texts(document)
    start = texts.index("II. CĂN CỨ XÂY DỰNG KẾ HOẠCH")
    basis = texts[start + 1 : texts.index("III. MỤC ĐÍCH, YÊU CẦU")]
    assert basis[0].startswith("- Căn cứ Thông tư số 57/2026/TT-BGDĐT")
    assert basis[-1].startswith("- Căn cứ kết quả rà soát việc thực hiện kế hoạch cải tiến")


def test_fixed_sections_default_to_the_forms_text_and_keep_the_schools_own() -> None:
    texts = _texts(_document(make_bieu2_plan()))
    assert all(item in texts for item in FORM.section("purpose").items)
    assert all(item in texts for item in FORM.section("evaluation").items)
    own = _texts(_document(make_bieu2_plan(texts=Texts(purpose="Mục đích riêng.", evaluation="Đánh giá riêng."))))
    assert "Mục đích riêng." in own and "Đánh giá riêng." in own
    assert not any(item in own for item in FORM.section("purpose").items[1:])


@pytest.mark.parametrize("framework_id", ["TT57-2026-PL-I", "TT57-2026-PL-II"])
def test_no_phong_in_a_2026_2027_document(framework_id: str) -> None:
    texts = _texts(_document(make_bieu2_plan(framework_id)))
    assert not [t for t in texts if "Phòng" in t]


def test_a_blank_number_leaves_room_for_the_office() -> None:
    texts = _texts(_document(make_bieu2_plan(doc_number="")))
    line = next(t for t in texts if t.startswith("Số:"))
    assert line.endswith(f"/{FORM.header['symbol']}-…") and line.startswith("Số:  ")
    assert "THKĐ" not in line  # no symbol made up from the school's name


# --- section IV -------------------------------------------------------------------------------


def test_focal_issues_table_has_the_six_columns_and_the_note(document: Any) -> None:
    table = document.tables[FOCAL]
    rows = _rows(table)
    assert rows[0] == [c.label for c in FORM.focal_columns] and len(rows[0]) == 6
    plan = make_bieu2_plan()
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, len(plan.focal_issues) + 1)]
    assert rows[1][1].startswith("Tiêu chuẩn 1: ") and rows[1][2] == plan.focal_issues[0].criteria
    note = FORM.section("focal").note
    paragraph = next(p for p in document.paragraphs if p.text == note)
    assert all(r.italic for r in paragraph.runs)


# --- section V --------------------------------------------------------------------------------


def test_plan_table_has_ten_numbered_columns_repeating_on_each_page(document: Any) -> None:
    table = document.tables[PLAN]
    rows = _rows(table)
    assert rows[0] == [c.label for c in FORM.plan_columns] and len(rows[0]) == 10
    assert rows[1] == [f"({n})" for n in range(1, 11)]
    trs = table._tbl.tr_lst
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in trs[:3]] == [True, True, False]
    whole = [len(tr.tc_lst) for tr in trs if tr.trPr.find(qn("w:cantSplit")) is not None]
    assert whole[:2] == [10, 10] and set(whole[2:]) == {1}  # headers and standard rows; an action row runs on
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(grid) / 1440 * 25.4 - h.LANDSCAPE_TEXT_MM) < 1


def test_every_action_has_a_numbered_row_under_its_standard(document: Any) -> None:
    plan = make_bieu2_plan()
    rows = _rows(document.tables[PLAN])[2:-1]  # the last row: the totals
    groups = [r[0] for r in rows if len(r) == 1]
    assert groups == [f"Tiêu chuẩn {no}: {load_framework('TT57-2026-PL-II').standard(no).name}"  # type: ignore[union-attr]
                      for no in sorted({a.standard for a in plan.actions})]  # type: ignore[type-var]
    actions = _action_rows(document)
    assert [r[0] for r in actions] == [str(i) for i in range(1, len(plan.actions) + 1)]
    group_trs = [tr for tr in document.tables[PLAN]._tbl.tr_lst[2:-1] if len(tr.tc_lst) == 1]
    assert all(p.pPr.keepNext is not None for tr in group_trs for p in tr.iter(qn("w:p")))


def test_action_cells(document: Any) -> None:
    plan = make_bieu2_plan()
    first, _, third, *_ = _action_rows(document)
    action = plan.actions[0]
    assert first[1] == f"{action.content} / (Tiêu chí {action.criterion})"
    assert third[1] == plan.actions[2].content  # no criterion named: no "(Tiêu chí )"
    assert first[2:5] == [action.objective, action.tasks, action.indicator]
    assert first[5] == "9/2026\u00a0– 12/2026"  # broken after the dash, never before
    assert first[6] == f"{action.lead} / Phối hợp: {action.partners}"
    assert first[7] == "Chi thường xuyên / 3.000.000\u00a0đ"
    assert third[7] == "Chi thường xuyên / 8.500.000\u00a0đ / Phần mềm do Sở GD&ĐT cung cấp"
    assert first[8] == action.evidence


def test_a_source_without_an_amount_is_not_estimated_and_counted_in_the_total() -> None:
    plan = make_bieu2_plan()
    plan = plan.replace(actions=[plan.actions[0].replace(cost=None), *plan.actions[1:]])
    document = _document(plan)
    assert _action_rows(document)[0][7] == "Chi thường xuyên / Chưa dự toán"
    totals = next(t for t in _texts(document) if t.startswith("Tổng số: "))
    assert totals.endswith("; 01 nội dung chưa dự toán kinh phí).")


def test_status_column_shows_the_latest_review() -> None:
    plan = make_bieu2_plan()
    statuses = [r[9] for r in _action_rows(_document(plan))]
    assert statuses == [LABELS[a.status_hk1] for a in plan.actions]  # type: ignore[index]
    year_end = ("completed",) * 6 + (None,) * 6
    later = make_bieu2_plan(year_end=year_end)
    statuses = [r[9] for r in _action_rows(_document(later))]
    assert statuses == [LABELS[y or a.status_hk1] for y, a in zip(year_end, later.actions, strict=True)]  # type: ignore[index]


def test_an_action_without_a_standard_comes_last_without_a_title_row() -> None:
    plan = make_bieu2_plan()
    stray = plan.actions[0].replace(standard=None, content="Việc chung")
    rows = _rows(_document(plan.replace(actions=(stray, *plan.actions[1:]))).tables[PLAN])
    assert rows[-2][:2] == ["12", "Việc chung / (Tiêu chí 1.3)"]
    assert not [r for r in rows if "None" in r[0]]


# --- section VI -------------------------------------------------------------------------------


def test_monitoring_table_has_two_rows_with_the_computed_figures(document: Any) -> None:
    plan = make_bieu2_plan()
    rows = _rows(document.tables[MONITORING])
    assert rows[0] == [c.label for c in FORM.monitoring_columns] and len(rows) == 3
    term, year_end = rows[1], rows[2]
    counts = Counter(a.status_hk1 for a in plan.actions)  # an independent count
    done, total = counts["completed"], len(plan.actions)
    expected = (f"Hoàn thành {done}/{total} nhiệm vụ ({_percent(done, total)}); "
                f"đang thực hiện {counts['in_progress']}; chưa thực hiện {counts['not_started']}")
    assert term[2] == f"{expected} / {plan.reviews[0].results}"
    assert expected == "Hoàn thành 5/12 nhiệm vụ (41,7%); đang thực hiện 5; chưa thực hiện 2"
    assert term[0] == "Cuối học kỳ I / Ngày đánh giá: 15/01/2027"
    assert term[1:] == [plan.reviews[0].content, term[2], plan.reviews[0].adjustments, plan.reviews[0].reviewer]
    assert year_end == ["Cuối năm học", "", "", "", ""]  # not held yet: blank, never "0%"


def test_figures_list_the_statuses_that_occur_most_frequent_first() -> None:
    statuses = ("completed",) * 8 + ("in_progress",) * 3 + ("not_started",)
    rows = _rows(_document(make_bieu2_plan(hk1=statuses)).tables[MONITORING])
    assert rows[1][2].startswith("Hoàn thành 8/12 nhiệm vụ (66,7%); đang thực hiện 3; chưa thực hiện 1 / ")
    none_done = ("in_progress",) * 11 + ("dropped",)
    rows = _rows(_document(make_bieu2_plan(hk1=none_done)).tables[MONITORING])
    assert rows[1][2].startswith("Hoàn thành 0/12 nhiệm vụ (0%); đang thực hiện 11; không thực hiện 1 / ")


def test_year_end_figures_count_actions_without_a_status() -> None:
    year_end = ("completed",) * 9 + ("not_completed",) + (None,) * 2
    rows = _rows(_document(make_bieu2_plan(year_end=year_end)).tables[MONITORING])
    assert rows[2][2] == "Hoàn thành 9/12 nhiệm vụ (75%); chưa hoàn thành 1; chưa đánh giá 2"


def test_before_any_review_status_and_monitoring_are_blank() -> None:
    document = _document(make_bieu2_plan(hk1=(), reviews=()))
    assert {r[9] for r in _action_rows(document)} == {""}
    assert _rows(document.tables[MONITORING])[1:] == [["Cuối học kỳ I", "", "", "", ""],
                                                      ["Cuối năm học", "", "", "", ""]]
    assert not [t for t in _texts(document) if "nhiệm vụ (" in t]  # no figures before the review


# --- the file and its rendering ---------------------------------------------------------------


def test_layout_portrait_landscape_portrait_and_signature(document: Any) -> None:
    assert [s.orientation for s in document.sections] == [0, 1, 0]
    signature = _rows(document.tables[SIGNATURE])[0]
    assert signature[0].startswith(m.WORD["recipients"]) and signature[1].startswith("HIỆU TRƯỞNG")


@pytest.mark.slow
def test_the_pdf_repeats_the_plan_header_and_has_no_blank_page(tmp_path: Path) -> None:
    docx_path, pdf_path = tmp_path / "bieu2.docx", tmp_path / "bieu2.pdf"
    write_plan_docx(make_bieu2_plan(), docx_path)
    convert_to_pdf(docx_path, pdf_path)
    pages = _pdf_pages(pdf_path)
    assert len(pages) >= 4 and all(len(page.split()) > 3 for page in pages)
    first = next(i for i, page in enumerate(pages) if "V. KẾ HOẠCH CẢI TIẾN" in page)
    last = next(i for i, page in enumerate(pages) if "VI. THEO DÕI" in page)
    assert last > first  # the 12 actions run over more than one page...
    assert all("(10)" in page and "Mức độ" in page for page in pages[first : last + 1])  # ...headed on each
    assert all("120.000.000 đ" in page.replace("\u00a0", " ") for page in pages if "120.000.000" in page)


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]
