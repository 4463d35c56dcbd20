"""The Word plan: golden text dumps, Nghị định 30 layout facts, hostile text, PDF and `qplan build`."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_bieu2_plan
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.model import (
    Action,
    Assessment,
    Level4Result,
    Month,
    Plan,
    SchoolInfo,
    SchoolYear,
    Texts,
)
from qplan_xl.rules.catalog import load_framework
from qplan_xl.word import content as wl
from qplan_xl.word import docx_xml as h
from qplan_xl.word.document import PdfError, build_document, convert_to_pdf, write_plan_docx
from qplan_xl.word.pdf import _family, font_note

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("QPLAN_REGENERATE_GOLDEN") == "1"
ROOT = Path(__file__).resolve().parents[1]


# --- plans built from the model ---------------------------------------------------------------


def _action(std: int | None, code: str, start: tuple[int, int], end: tuple[int, int], **kw: object) -> Action:
    fields = {"result": f"Kết quả {code}", "tasks": f"Công việc {code}", "lead": "Hiệu trưởng"} | kw
    sheet = m.standard_sheet(std) if std else m.SHEETS["level4"]
    return Action(sheet=sheet, row=3, standard=std, criterion=code, start=Month(*start),
                  end=Month(*end), **fields)  # type: ignore[arg-type]


def _assessed(framework_id: str, low: dict[str, int] | None = None, met: int = 2) -> dict[str, object]:
    framework = load_framework(framework_id)
    low = low or {}
    return {
        "assessments": tuple(Assessment(code=c.code, level=low.get(c.code, c.max_level))
                             for c in framework.criteria),
        "level4": tuple(Level4Result(code=i.code, met=i.no <= met) for i in framework.level4_items),
    }


def primary_plan() -> Plan:
    """Nine actions over four standards and Mức 4, as in the Thanh Hưng seed, with hostile text."""
    info = SchoolInfo(
        authority="UBND xã Thanh Hưng", name="Trường Tiểu học Thanh Hưng", code="02145",
        level="tieu-hoc", year=SchoolYear(2023), framework="TT17-2018", target_level=3,
        doc_number="45/KH-THTH", place="Thanh Hưng", issue_date=dt.date(2023, 9, 5),
        signer="Nguyễn Thị Thơm", signer_title="HIỆU TRƯỞNG",
    )
    actions = (
        _action(1, "1.4", (2023, 10), (2023, 10), result="Công tác văn thư lưu trữ đôi khi chưa kịp thời",
                tasks="Kiểm tra, sắp xếp hồ sơ lưu trữ khoa học", lead="Tổ văn phòng"),
        _action(1, "1.1", (2023, 9), (2024, 5), result="Website đăng tải kế hoạch còn chậm",
                tasks="Ban truyền thông đăng tải thường xuyên", support="Giáo viên tin học hỗ trợ",
                note="Cập nhật hằng tháng"),
        _action(1, "1.4", (2023, 11), (2024, 1), result="Hồ sơ chưa số hóa",
                tasks="Số hóa hồ sơ & sắp xếp tủ <năm 2023>\nLập \"danh mục\" hồ sơ", lead="Văn thư",
                partners="Tổ văn phòng", funding="Chi thường xuyên", cost=2_000_000),
        _action(2, "2.3", (2023, 10), (2023, 10), result="Thiếu nhân viên thư viện",
                tasks="Tham mưu Phòng GD&ĐT tuyển nhân viên thư viện", partners="Phó Hiệu trưởng"),
        _action(3, "3.1", (2023, 12), (2023, 12), result="Đồ chơi ngoài trời xuống cấp",
                tasks="Sửa chữa, mua bổ sung đồ chơi", funding="Ngân sách nhà nước", cost=15_000_000,
                support="Phòng GD&ĐT đầu tư"),
        _action(3, "3.4", (2023, 9), (2023, 9), result="Rãnh thoát nước chưa có nắp",
                tasks="Làm nắp đậy rãnh thoát nước", partners="Ban đại diện cha mẹ học sinh",
                funding="Xã hội hóa", cost=5_000_000),
        _action(5, "5.10", (2024, 2), (2024, 4), result="Kết quả 5.10 > mục tiêu",
                tasks="Tổ chức câu lạc bộ 'Em yêu khoa học'", lead="Tổ trưởng chuyên môn"),
        _action(5, "5.2", (2023, 10), (2024, 4), result="Phụ đạo học sinh còn hạn chế",
                tasks="Bồi dưỡng giáo viên về phụ đạo", lead="Phó Hiệu trưởng",
                partners="Tổ trưởng chuyên môn"),
        _action(None, "M4.1", (2023, 9), (2023, 9), result="Chưa tham khảo chương trình tiên tiến",
                tasks="Tham khảo chương trình giáo dục tiên tiến", lead="Hội đồng tự đánh giá"),
    )
    texts = Texts(
        purpose="1. Xây dựng kế hoạch cải tiến.\n2. Kế hoạch cụ thể, khả thi.",
        basis="1. Báo cáo tự đánh giá chất lượng giáo dục năm học 2022 - 2023.\n"
              "2. Các văn bản quy phạm pháp luật, văn bản hướng dẫn hiện hành:\n"
              "- Căn cứ Thông tư số 17/2018/TT-BGDĐT;\nCăn cứ Công văn số 5932/BGDĐT-QLCL.",
        direction="- Tiếp tục đổi mới quản lý.",
        organization="1. Hiệu trưởng - Chủ tịch Hội đồng tự đánh giá\nChỉ đạo chung.\n"
                     "2. Các thành viên: thực hiện nhiệm vụ.",
        recipients="Phòng GDĐT (để b/c);\nCB-GV-NV (để thực hiện);\n- Lưu VT.",
    )
    return Plan(info=info, actions=actions, texts=texts, **_assessed("TT17-2018"))  # type: ignore[arg-type]


def preschool_plan() -> Plan:
    """Blank number and date, a KT. signature, a long name, no texts (defaults), a weak criterion."""
    info = SchoolInfo(
        authority="Phòng Giáo dục và Đào tạo huyện Tân Lập Thượng",
        name="Trường Mầm non Bình Minh xã Hòa Bình Thượng", code="00817", level="mam-non",
        year=SchoolYear(2024), framework="TT19-2018", place="Hòa Bình",
        signer="Lê Thị Hồng Nhung", signer_title="KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG",
    )
    actions = (
        _action(2, "2.1", (2024, 9), (2025, 5), tasks="Bồi dưỡng cán bộ quản lý", cost=3_500_000,
                funding="Chi thường xuyên"),
        _action(3, "3.2", (2024, 10), (2024, 12), tasks="Sửa chữa phòng nhóm", cost=40_000_000,
                funding="Ngân sách nhà nước", partners="Ban đại diện cha mẹ trẻ"),
        _action(None, "M4.2", (2025, 1), (2025, 5), tasks="Xây dựng môi trường giáo dục"),
    )
    return Plan(info=info, actions=actions, **_assessed("TT19-2018", {"3.2": 2}, met=0))  # type: ignore[arg-type]


def tt57_plan() -> Plan:
    """A TT57 plan (Biểu 2, tests/test_word_bieu2.py): a typed 'Số:', a February date, a KT. signature."""
    return make_bieu2_plan(doc_number="Số: 38/KH-THKĐ", issue_date=dt.date(2027, 2, 26),
                           signer_title="KT. Hiệu trưởng Phó Hiệu trưởng")


PLANS = {"primary": primary_plan, "preschool": preschool_plan, "tt57": tt57_plan}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("word")
    paths = {}
    for name, make in PLANS.items():
        paths[name] = out / f"{name}.docx"
        write_plan_docx(make(), paths[name])
    return paths


# --- a normalized text dump of a .docx --------------------------------------------------------


def dump_docx(path: Path) -> str:
    """Sections, paragraph texts with their style, and tables cell by cell (merges marked)."""
    document = Document(str(path))
    sections = iter(document.sections)
    lines = [_section_line(next(sections))]
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            if paragraph.text.strip():
                lines.append(f"P {paragraph.style.name}: {paragraph.text}")
            if child.pPr is not None and child.pPr.sectPr is not None:  # a section ends here
                lines.append(_section_line(next(sections)))
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, document)))
    return "\n".join(lines) + "\n"


def _mm(length: Length | None) -> int:
    return round((length or 0) / 36000)


def _section_line(section: object) -> str:
    s = section
    kind = "landscape" if s.orientation == 1 else "portrait"  # type: ignore[attr-defined]
    return (f"== {kind} {_mm(s.page_width)}x{_mm(s.page_height)} mm, margins top {_mm(s.top_margin)} "  # type: ignore[attr-defined]
            f"bottom {_mm(s.bottom_margin)} left {_mm(s.left_margin)} right {_mm(s.right_margin)}")  # type: ignore[attr-defined]


def _table_lines(table: Table) -> Iterator[str]:
    widths = [_mm(c.width) for c in table.columns]
    yield f"T {len(widths)} columns {widths}"
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            text = " / ".join(t for t in (Paragraph(p, table).text for p in tc.p_lst) if t)
            mark = "^" if tc.vMerge == "continue" else text
            cells.append(f"<{tc.grid_span}>{mark}" if tc.grid_span > 1 else mark)
        flag = "H" if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None else "R"
        yield f"  {flag}: " + " | ".join(cells)


@pytest.mark.parametrize("name", list(PLANS))
def test_document_text_matches_golden(built: dict[str, Path], name: str) -> None:
    golden = GOLDEN / f"docx_{name}.txt"
    text = dump_docx(built[name])
    if REGENERATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


# --- what the document says -------------------------------------------------------------------


def _texts(path: Path) -> list[str]:
    document = Document(str(path))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            found += [p.text for cell in row.cells for p in cell.paragraphs]
    return found


def _plan_table(path: Path) -> Table:
    return Document(str(path)).tables[1]


def test_every_action_has_one_row_with_its_figures(built: dict[str, Path]) -> None:
    plan = primary_plan()
    table = _plan_table(built["primary"])
    rows = [[" / ".join(p.text for p in cell.paragraphs) for cell in row.cells] for row in table.rows]
    assert rows[0] == [m.WORD_COLUMNS[k] for k, _, _ in wl.TABLE_LAYOUT]
    action_rows = [r for r in rows[1:] if r[3] and r[3] != r[2]]
    assert len(action_rows) == len(plan.actions)
    costs = [r[6] for r in action_rows]
    assert "15.000.000\u00a0đ / Ngân sách nhà nước" in costs and costs.count("Không") == 6
    times = {r[5] for r in action_rows}
    assert {"10/2023", "9/2023 – 5/2024", "11/2023 – 1/2024"} <= times


def test_rows_are_grouped_by_level_standard_and_criterion(built: dict[str, Path]) -> None:
    rows = _plan_table(built["primary"]).rows
    first_cells = [r.cells[1].text for r in rows[1:]]
    titles = [t for t in first_cells if t.startswith(("MỨC", "Tiêu chuẩn"))]
    assert titles == ["MỨC 1, 2, 3", "Tiêu chuẩn 1: Tổ chức và quản lý nhà trường",
                      "Tiêu chuẩn 2: " + load_framework("TT17-2018").standard(2).name,  # type: ignore[union-attr]
                      "Tiêu chuẩn 3: Cơ sở vật chất và thiết bị dạy học",
                      "Tiêu chuẩn 5: " + load_framework("TT17-2018").standard(5).name,  # type: ignore[union-attr]
                      "MỨC 4"]
    criteria = [t for t in first_cells if t.startswith("Tiêu chí")]
    # 1.4 has two actions, each row labelled; 5.2 sorts before 5.10; M4.1 prints as "Tiêu chí 1".
    assert criteria == ["Tiêu chí 1.1", "Tiêu chí 1.4", "Tiêu chí 1.4", "Tiêu chí 2.3", "Tiêu chí 3.1",
                        "Tiêu chí 3.4", "Tiêu chí 5.2", "Tiêu chí 5.10", "Tiêu chí 1"]
    assert not [tc.vMerge for tc in _plan_table(built["primary"])._tbl.xpath("./w:tr/w:tc[2]") if tc.vMerge]


def test_results_and_totals_come_from_the_plan(built: dict[str, Path]) -> None:
    texts = _texts(built["primary"])
    assert "- Mức 3: Tổng số 19 tiêu chí, trong đó số tiêu chí đạt 19/19, tỉ lệ 100%; tiêu chí không đạt: 0" in texts
    assert any(t.startswith("- Mức 4: Tổng số 05 tiêu chí, trong đó số tiêu chí đạt 2/5") for t in texts)
    assert "- Tự đánh giá đạt Mức 3" in texts
    totals = next(t for t in texts if t.startswith("Tổng số: "))
    assert totals.startswith("Tổng số: 9 hoạt động; tổng dự kiến kinh phí: 22.000.000 đồng")
    assert "Ngân sách nhà nước: 15.000.000 đồng" in totals


def test_header_block_forms(built: dict[str, Path]) -> None:
    primary, preschool, tt57 = (_texts(built[k]) for k in ("primary", "preschool", "tt57"))
    assert "Số: 45/KH-THTH" in primary and "Thanh Hưng, ngày 05 tháng 9 năm 2023" in primary
    assert "Số:          /KH-…" in preschool  # the office writes number and symbol: none invented
    assert m.WORD["date_line_blank"].format(place="Hòa Bình") in preschool
    assert "Số: 38/KH-THKĐ" in tt57 and "Tân Lập, ngày 26 tháng 02 năm 2027" in tt57
    for texts in (primary, preschool, tt57):
        assert {m.WORD["nation"], m.WORD["motto"], m.WORD["title"]} <= set(texts)


def test_signature_titles_render_on_two_lines(built: dict[str, Path]) -> None:
    for name in ("preschool", "tt57"):
        signature = Document(str(built[name])).tables[-1].rows[0].cells[1]
        lines = [p.text for p in signature.paragraphs if p.text]
        assert lines[:2] == ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]
        assert all(r.bold for p in signature.paragraphs for r in p.runs if r.text)


def test_default_texts_fill_blank_sections(built: dict[str, Path]) -> None:
    texts = _texts(built["preschool"])
    framework = load_framework("TT19-2018")
    assert any(framework.guidance in t for t in texts)  # CV 5942 for preschools
    assert any("Thông tư số 19/2018/TT-BGDĐT" in t for t in texts)
    assert any("Thông tư số 22/2024/TT-BGDĐT" in t for t in texts)  # the amendment, from 2024-2025
    assert "- Lưu: VT." in texts


def test_school_headings_and_closing_are_not_doubled(built: dict[str, Path]) -> None:
    texts = _texts(built["primary"])
    assert sum("Các văn bản quy phạm pháp luật" in t for t in texts) == 1
    plan = primary_plan().replace(texts=primary_plan().texts.replace(
        organization="1. Tổ chức.\nTrên đây là kế hoạch của trường./."))
    document = build_document(plan, load_framework("TT17-2018"), ["x"])
    closing = [p.text for p in document.paragraphs if p.text.startswith("Trên đây")]
    assert closing == ["Trên đây là kế hoạch của trường./."]


def test_hostile_text_round_trips(tmp_path: Path) -> None:
    nasty = unicodedata.normalize("NFD", "Tiếng Việt & <b>đậm</b> \"trích\" 'dẫn'") + "\x0bdòng\x07 hai\r\n=SUM(A1)"
    plan = primary_plan()
    action = plan.actions[0].replace(tasks=nasty, note="-5 > 3")
    plan = plan.replace(actions=(action, *plan.actions[1:]))
    path = tmp_path / "nasty.docx"
    write_plan_docx(plan, path)
    texts = _texts(path)
    assert "Tiếng Việt & <b>đậm</b> \"trích\" 'dẫn'" in texts  # NFC, escaped in the XML
    assert "dòng hai" in texts and "=SUM(A1)" in texts and "-5 > 3" in texts
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert "&amp; &lt;b&gt;" in xml and "\x07" not in xml


def test_a_very_long_school_name_is_cut_in_the_properties_only(tmp_path: Path) -> None:
    plan = primary_plan()
    name = "Trường " + "T" * 300
    plan = plan.replace(info=plan.info.replace(name=name))
    path = tmp_path / "long.docx"
    write_plan_docx(plan, path)
    props = Document(str(path)).core_properties
    assert len(props.author) == 255 and props.author.startswith("Trường TTT") and props.author.endswith("…")
    assert any("T" * 300 in t for t in _texts(path))  # the document itself keeps the whole name


def test_a_thousand_actions_on_one_criterion_each_print_their_criterion() -> None:
    plan = primary_plan()
    many = tuple(_action(1, "1.1", (2023, 9), (2023, 10), result=f"KQ {i}", tasks=f"Việc {i}")
                 for i in range(1000))
    plan = plan.replace(actions=many + plan.actions[:1] + plan.actions[2:])  # drop its own 1.1
    table = build_document(plan, load_framework("TT17-2018"), []).tables[1]
    assert not table._tbl.xpath("./w:tr/w:tc/w:tcPr/w:vMerge")  # no merged cell to print blank on a new page
    labels = [" ".join(Paragraph(p, table).text for p in tc.p_lst) for tc in table._tbl.xpath("./w:tr/w:tc[2]")]
    assert labels.count("Tiêu chí 1.1") == 1000


# --- layout facts (Nghị định 30/2020) ---------------------------------------------------------


def test_sections_are_a4_with_decree_margins(built: dict[str, Path]) -> None:
    for path in built.values():
        sections = Document(str(path)).sections
        assert [s.orientation for s in sections] == [0, 1, 0]
        for section in sections:
            size = sorted((section.page_width.twips, section.page_height.twips))  # type: ignore[union-attr]
            assert size == [11906, 16838]  # A4 in twips
            landscape = section.orientation == 1
            assert (section.page_width > section.page_height) == landscape  # type: ignore[operator]
            mm = {k: round(getattr(section, f"{k}_margin").mm, 1) for k in ("top", "bottom", "left", "right")}
            assert mm == {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
            assert 20 <= mm["top"] <= 25 and 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20


def test_times_new_roman_everywhere(built: dict[str, Path]) -> None:
    document = Document(str(built["primary"]))
    assert document.styles["Normal"].font.name == h.FONT
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:hAnsi")) == h.FONT
    runs = document.element.body.iter(qn("w:r"))
    fonts = {(r.rPr.rFonts.get(qn("w:ascii")), r.rPr.rFonts.get(qn("w:hAnsi"))) for r in runs}
    assert fonts == {(h.FONT, h.FONT)}
    assert document.styles[h.BODY].font.size.pt == 14
    body_runs = [r for p in document.paragraphs if p.style.name in (h.BODY, h.SECTION_HEADING) for r in p.runs]
    assert body_runs and {r.font.size.pt for r in body_runs if r.font.size} <= {13.0, 14.0}


def test_plan_table_repeats_header_rows_and_lets_action_rows_run_on(built: dict[str, Path]) -> None:
    for name in ("primary", "preschool"):  # Biểu 2: tests/test_word_bieu2.py
        table = _plan_table(built[name])
        trs = table._tbl.tr_lst
        assert trs[0].trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
        assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in trs[1:])
        whole = [tr for tr in trs if tr.trPr.find(qn("w:cantSplit")) is not None]
        assert [len(tr.tc_lst) for tr in whole[1:]] and all(len(tr.tc_lst) <= 2 for tr in whole[1:])
        assert all(len(tr.tc_lst) == 9 for tr in trs if tr not in whole)  # an action row may run on
        for tr in whole[1:-1]:  # a group or standard row never ends a page
            assert all(p.pPr.keepNext is not None for p in tr.iter(qn("w:p")))
        assert Paragraph(trs[-1].tc_lst[0].p_lst[0], table).text.startswith("Tổng số: ")  # the totals row
        assert all(p.pPr.keepNext is not None for p in trs[-2].iter(qn("w:p")))  # with the row above it


def test_plan_table_widths_fit_the_landscape_page(built: dict[str, Path]) -> None:
    table = _plan_table(built["primary"])
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(grid) / 1440 * 25.4 - h.LANDSCAPE_TEXT_MM) < 1
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for tr in table._tbl.tr_lst[1:4]:
        for tc, width in zip(tr.tc_lst, grid, strict=False):
            if tc.grid_span == 1:
                assert int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) == width


def test_page_numbers_from_page_two_centred_in_the_header(built: dict[str, Path]) -> None:
    sections = Document(str(built["primary"])).sections
    first = sections[0]
    assert first.different_first_page_header_footer
    header = first.header
    assert not header.is_linked_to_previous
    instructions = [t.text for t in header._element.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "] and header.paragraphs[0].alignment == 1
    assert not any(t.text for t in first.first_page_header._element.iter(qn("w:t")))
    for section in sections[1:]:
        assert section.header.is_linked_to_previous and not section.different_first_page_header_footer


def test_header_block_has_its_rules(built: dict[str, Path]) -> None:
    header = Document(str(built["primary"])).tables[0]
    rules = [p for cell in header.rows[0].cells for p in cell._tc.iter(qn("w:pBdr"))]
    assert len(rules) == 2  # under the school name and under the Tiêu ngữ
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"


def test_long_names_are_broken_in_two_balanced_lines(built: dict[str, Path]) -> None:
    agency = Document(str(built["preschool"])).tables[0].rows[0].cells[0]
    lines = [p.text for p in agency.paragraphs if p.text]
    assert len(lines) == 4  # authority and school name, two lines each
    # Broken before the place word, as a principal would, not where the width happens to end.
    assert lines == ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "HUYỆN TÂN LẬP THƯỢNG",
                     "TRƯỜNG MẦM NON BÌNH MINH", "XÃ HÒA BÌNH THƯỢNG"]


def test_reference_docx_is_what_the_script_makes(tmp_path: Path) -> None:
    import runpy

    script = runpy.run_path(str(ROOT / "scripts" / "make_reference_docx.py"))
    script["make_reference"](tmp_path / "ref.docx")
    packaged = ROOT / "qplan_xl" / "word" / "reference.docx"
    assert (tmp_path / "ref.docx").read_bytes() == packaged.read_bytes()
    styles = Document(str(packaged)).styles
    used = (h.BODY, h.HEADING, h.SECTION_HEADING, h.BLOCK, h.TITLE, h.CELL, h.HEAD_CELL, h.RECIPIENTS,
            h.TABLE_GRID, h.PAGE_NUMBER)
    # word.py writes style ids directly (h.set_style), so each name must have the expected id.
    assert {name: styles[name].style_id for name in used} == {name: h.style_id(name) for name in used}
    assert styles[h.HEADING].paragraph_format.keep_with_next and styles[h.BODY].font.name == h.FONT


# --- word_layout details ----------------------------------------------------------------------


@pytest.mark.parametrize(("title", "lines"), [
    ("", ["HIỆU TRƯỞNG"]),
    ("Hiệu trưởng", ["HIỆU TRƯỞNG"]),
    ("KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG", ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]),
    ("T/M Hội đồng trường Chủ tịch", ["T/M HỘI ĐỒNG TRƯỜNG", "CHỦ TỊCH"]),
    ("T/M LÃNH ĐẠO ĐƠN VỊ", ["T/M LÃNH ĐẠO ĐƠN VỊ"]),
    ("KT. HIỆU TRƯỞNG", ["KT. HIỆU TRƯỞNG"]),
])
def test_signer_title_lines(title: str, lines: list[str]) -> None:
    assert wl.signer_title_lines(title) == lines


def test_cell_texts() -> None:
    action = _action(1, "1.3", (2023, 9), (2024, 5), partners="Công đoàn", cost=1_500_000, funding="Khác")
    assert wl.time_text(action) == "9/2023 – 5/2024"
    assert wl.owners_text(action) == "Hiệu trưởng\nPhối hợp: Công đoàn"
    sentence = "Lập Tờ trình tham mưu với Phòng GD&ĐT đầu tư mua sắm"  # the seed's Phối hợp cell
    assert wl.owners_text(action.replace(partners=sentence)) == f"Hiệu trưởng\n{sentence}"
    assert wl.owners_text(action.replace(partners="Phối hợp: Tổ 1, Tổ 2")) == "Hiệu trưởng\nPhối hợp: Tổ 1, Tổ 2"
    assert wl.owners_text(action.replace(partners="Tổ văn phòng; Ban đại diện cha mẹ học sinh")) == (
        "Hiệu trưởng\nPhối hợp: Tổ văn phòng; Ban đại diện cha mẹ học sinh")
    assert wl.cost_text(action) == "1.500.000\u00a0đ\nKhác"
    assert wl.cost_text(action.replace(cost=None, funding="")) == "Không"
    assert wl.cost_text(action.replace(cost=None)) == "Chưa dự toán\nKhác"  # never a 0 nobody estimated
    assert wl.cost_text(action.replace(cost=None, funding="không")) == "không"
    assert wl.criterion_label(action.replace(criterion="M4.3")) == "Tiêu chí 3"
    assert wl.list_items("a\n- b\n2. c\n\n+ d") == ["- a", "- b", "2. c", "+ d"]


def test_totals_count_the_rows_not_estimated() -> None:
    base = _action(1, "1.3", (2023, 9), (2024, 5))
    actions = [base.replace(cost=15_000_000, funding="Ngân sách nhà nước"), base.replace(funding="Xã hội hóa"),
               base.replace(funding="Khác"), base.replace(funding="Chi thường xuyên"), base.replace(funding="Không")]
    assert wl.totals_line(actions) == (
        "Tổng số: 5 hoạt động; tổng dự kiến kinh phí: 15.000.000 đồng (03 nội dung chưa dự toán kinh phí).")
    assert wl.totals_line(actions[1:3]) == "Tổng số: 2 hoạt động; kinh phí: 02 nội dung chưa dự toán kinh phí."
    assert wl.totals_line(actions[4:]) == "Tổng số: 1 hoạt động; tổng dự kiến kinh phí: 0 đồng."


# --- PDF through LibreOffice ------------------------------------------------------------------


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.mark.slow
def test_pdf_renders_several_a4_pages(built: dict[str, Path], tmp_path: Path) -> None:
    pdf = tmp_path / "kế hoạch.pdf"
    note = convert_to_pdf(built["primary"], pdf)
    assert note in (m.PDF_FONTS["times"], m.PDF_FONTS["twin"].format(font="Liberation Serif"))  # make test installs it
    info = _pdfinfo(pdf)
    assert int(info["Pages"]) >= 3
    width, height = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width), round(height)) == (595, 842)  # A4 portrait first page, in points
    assert not list(tmp_path.glob(".*tmp*"))


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


def test_pdf_errors_are_vietnamese(built: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "plan.pdf"
    monkeypatch.setenv("QPLAN_SOFFICE", str(tmp_path / "missing" / "soffice"))
    with pytest.raises(PdfError, match="LibreOffice"):
        convert_to_pdf(built["primary"], pdf)
    monkeypatch.setenv("QPLAN_SOFFICE", str(_fake_soffice(tmp_path, "echo broken >&2; exit 3")))
    with pytest.raises(PdfError, match=m.PROGRAM_EXIT.format(code=3)) as caught:  # not LibreOffice's "broken"
        convert_to_pdf(built["primary"], pdf)
    assert "broken" not in str(caught.value)
    monkeypatch.setenv("QPLAN_SOFFICE", str(_fake_soffice(tmp_path, "exec sleep 30")))
    with pytest.raises(PdfError, match="1 giây"):
        convert_to_pdf(built["primary"], pdf, timeout=1)
    assert not pdf.exists()


# --- qplan build ------------------------------------------------------------------------------


def test_building_a_plan_does_not_import_pydantic(tmp_path: Path) -> None:
    """pydantic costs ~130 ms at start-up: the build path must not load it (docs/performance.md)."""
    sample = ROOT / "samples" / "tieu-hoc-thanh-hung-2023-2024.xlsx"
    code = (
        "import sys\n"
        "from qplan_xl.validation import validate_workbook\n"
        "from qplan_xl.word import write_plan_docx\n"
        f"result = validate_workbook({str(sample)!r})\n"
        f"write_plan_docx(result.plan, {str(tmp_path / 'plan.docx')!r}, framework=result.framework)\n"
        "print('pydantic' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert (tmp_path / "plan.docx").is_file()
    assert run.stdout.splitlines()[-1] == "False"


def test_build_writes_the_docx(runner, write_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_plan

    source = write_plan(make_plan())
    out = tmp_path / "ke-hoach.docx"
    result = runner.invoke(cli, ["build", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    assert m.WORD["title"] in _texts(out)


def test_build_refuses_an_invalid_workbook(runner, write_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_plan
    from openpyxl import load_workbook

    source = write_plan(make_plan())
    book = load_workbook(source)
    book[m.standard_sheet(1)]["G3"] = "13/2023"
    book.save(source)
    out = tmp_path / "ke-hoach.docx"
    result = runner.invoke(cli, ["build", str(source), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "G3" in result.stderr


def test_build_usage_errors(runner, write_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_plan

    source = write_plan(make_plan())
    assert runner.invoke(cli, ["build", str(source), "-o", str(source)]).exit_code == 2
    assert runner.invoke(cli, ["build", str(source), "-o", str(tmp_path / "x.pdf")]).exit_code == 2


def test_build_pdf_without_libreoffice_keeps_the_docx(runner, write_plan, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import make_plan

    monkeypatch.setenv("QPLAN_SOFFICE", str(tmp_path / "no-soffice"))
    source = write_plan(make_plan("TT57-2026-PL-II", start=2026))
    out = tmp_path / "ke-hoach.docx"
    result = runner.invoke(cli, ["build", str(source), "-o", str(out), "--pdf"])
    assert result.exit_code == 1 and out.exists() and not out.with_suffix(".pdf").exists()
    assert m.PDF_ERRORS["missing"] in result.stderr
    assert "tạm thời" not in result.stderr  # the provisional note is for `qplan frameworks`, not every build
    assert not any("57/2026" in t and "tạm thời" in t for t in _texts(out))


@pytest.mark.parametrize("name", ["primary", "preschool", "tt57"])
def test_section_breaks_ride_on_content_not_on_empty_paragraphs(built: dict[str, Path], name: str) -> None:
    """An empty break paragraph spills onto a blank page when the text before fills its page."""
    from docx.oxml.ns import qn

    body = Document(str(built[name])).element.body
    carriers = [p for p in body.iter(qn("w:p")) if p.pPr is not None and p.pPr.sectPr is not None]
    assert len(carriers) == 2
    for carrier in carriers:
        has_text = "".join(t.text or "" for t in carrier.iter(qn("w:t"))).strip()
        after_table = carrier.getprevious() is not None and carrier.getprevious().tag == qn("w:tbl")
        assert has_text or after_table


@pytest.mark.slow
def test_the_tt57_sample_renders_without_a_blank_page(tmp_path: Path) -> None:
    from qplan_xl.demo import load_plan

    root = Path(__file__).resolve().parents[1]
    plan = load_plan(root / "samples" / "src" / "tieu-hoc-kim-dong-2026-2027.json")
    docx_path, pdf_path = tmp_path / "tt57.docx", tmp_path / "tt57.pdf"
    write_plan_docx(plan, docx_path)
    convert_to_pdf(docx_path, pdf_path)
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf_path), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert len(text.split()) > 3, f"page {page} is blank"


# --- texts resolved on the plan's date; the school's own numbering (issue "sign without touching") ---

LAM_SON_BASIS = (  # reference/seeds/plan-tieu-hoc-lam-son-2020-2021.txt: the school numbers its own items
    "1. Báo cáo tự đánh giá (giai đoạn từ năm học 2016-2017 đến năm học 2020-2021 của Trường).\n"
    "2. Báo cáo đánh giá ngoài.\n"
    "3. Các văn bản quy phạm pháp luật, văn bản hướng dẫn hiện hành (Thông tư số 17/2018/TT-BGDĐT ngày "
    "22/8/2018; Công văn số 5932/BGDĐT-QLCL ngày 28/12/2018).\n"
    "4. Kết quả thực hiện cải tiến chất lượng của nhà trường đã đạt được trong năm học 2019-2020;\n"
    "5. Chủ trương, định hướng, giải pháp trọng tâm của địa phương, ngành và nhà trường trong năm học 2020-2021."
)


def _section_two(document: object) -> list[str]:
    texts = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    start = texts.index(m.WORD["basis"])
    end = next(i for i, t in enumerate(texts) if i > start and t.startswith("III."))
    return texts[start + 1 : end]


def test_school_numbered_basis_prints_one_to_four_once() -> None:
    plan = primary_plan()
    plan = plan.replace(texts=plan.texts.replace(basis=LAM_SON_BASIS))
    lines = _section_two(build_document(plan, load_framework("TT17-2018"), ["Mức 1: 27/27"]))
    numbers = [t.split(".")[0] for t in lines if re.match(r"^\d+\. ", t)]
    assert numbers == ["1", "2", "3", "4"]
    assert sum("Các văn bản quy phạm" in t for t in lines) == 1
    assert "- Thông tư số 17/2018/TT-BGDĐT ngày 22/8/2018;" in lines
    assert "- Công văn số 5932/BGDĐT-QLCL ngày 28/12/2018." in lines


@pytest.mark.parametrize(("issued", "cited"), [(dt.date(2024, 10, 31), False), (dt.date(2024, 12, 10), True),
                                               (None, True)])
def test_legal_basis_follows_the_plans_date(issued: dt.date | None, cited: bool) -> None:
    plan = preschool_plan()  # 2024-2025, default texts
    plan = plan.replace(info=plan.info.replace(issue_date=issued))
    lines = _section_two(build_document(plan, load_framework("TT19-2018"), []))
    assert any("22/2024/TT-BGDĐT" in t for t in lines) is cited
    assert all(t.startswith("- Căn cứ ") for t in lines[2:4])


def test_default_texts_leave_no_placeholder_and_name_no_phong_from_2025() -> None:
    plan = preschool_plan()
    info = plan.info.replace(year=SchoolYear(2025), authority="UBND xã Hòa Bình", issue_date=dt.date(2025, 9, 20))
    document = build_document(plan.replace(info=info), load_framework("TT19-2018"), [])
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert not [t for t in texts if "Phòng" in t or "Sở/" in t or "xã/phường" in t or "…" in t.replace("/KH-…", "")]
    assert "UBND xã Hòa Bình (để b/c);" in " ".join(texts)


@pytest.mark.parametrize("framework_id", ["TT17-2018", "TT57-2026-PL-II"])
def test_a_large_amount_fits_its_column_on_one_line(framework_id: str) -> None:
    plan = primary_plan() if framework_id == "TT17-2018" else tt57_plan()
    plan = plan.replace(actions=[plan.actions[0].replace(cost=12_500_000_000, funding="Ngân sách nhà nước"),
                                 *plan.actions[1:]])
    document = build_document(plan, load_framework(framework_id), [])
    table = next(t for t in document.tables if len(t.columns) >= 9)
    key = "cost" if framework_id == "TT17-2018" else "resources"
    index = [c.key for c in (wl.table_columns(h.LANDSCAPE_TEXT_MM) if key == "cost"
                             else load_framework(framework_id).form.plan_columns)].index(key)  # type: ignore[union-attr]
    amount = "12.500.000.000\u00a0đ"
    assert amount in [p.text for c in table.columns[index].cells for p in c.paragraphs]
    assert _mm(table.columns[index].width) >= h.text_width_mm(amount, 12) + 2.4
    assert abs(sum(c.width for c in table.columns) / 36000 - h.LANDSCAPE_TEXT_MM) < 1


@pytest.mark.parametrize(("name", "lines"), [
    ("Trường Tiểu học Thanh Hưng", ["TRƯỜNG TIỂU HỌC", "THANH HƯNG"]),
    ("Trường Tiểu học xã Thanh Hưng", ["TRƯỜNG TIỂU HỌC", "XÃ THANH HƯNG"]),
    ("Trường THCS Nguyễn Du", ["TRƯỜNG THCS NGUYỄN DU"]),
    ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Tân Lập",
     ["TRUNG TÂM", "GIÁO DỤC NGHỀ NGHIỆP -", "GIÁO DỤC THƯỜNG XUYÊN", "HUYỆN TÂN LẬP"]),
])
def test_a_school_name_is_never_broken_inside_its_kind_or_its_proper_name(name: str, lines: list[str]) -> None:
    plan = primary_plan()
    document = build_document(plan.replace(info=plan.info.replace(name=name)), load_framework("TT17-2018"), [])
    agency = document.tables[0].rows[0].cells[0]
    assert [p.text for p in agency.paragraphs if p.text][1:] == lines  # after the authority's line


def test_the_header_block_is_as_wide_as_the_text_inside_the_margins() -> None:
    table = build_document(primary_plan(), load_framework("TT17-2018"), []).tables[0]
    assert abs(sum(c.width for c in table.columns) / 36000 - h.PORTRAIT_TEXT_MM) < 0.5
    indent = table._tbl.tblPr.find(qn("w:tblInd"))
    assert indent is None or int(indent.get(qn("w:w"))) >= 0


@pytest.mark.parametrize("name", list(PLANS))
def test_word_sees_a_modern_vietnamese_document_with_real_headings(built: dict[str, Path], name: str) -> None:
    with zipfile.ZipFile(built[name]) as package:
        settings = package.read("word/settings.xml").decode("utf-8")
        app = package.read("docProps/app.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    assert "proofState" not in settings  # nobody checked the spelling
    assert "Macintosh" not in app and "Normal.dotm" not in app
    plan = PLANS[name]()
    assert f"<Company>{plan.info.authority}</Company>" in app
    assert '<w:lang w:val="vi-VN"' in styles
    document = Document(str(built[name]))
    props = document.core_properties
    assert props.title.startswith("Kế hoạch cải tiến chất lượng giáo dục") and props.author == plan.info.name
    assert props.subject and props.language == "vi-VN"
    headings = [p.text for p in document.paragraphs if p.style.name == h.SECTION_HEADING]
    assert headings[:2] in (["I. MỤC ĐÍCH, YÊU CẦU", "II. CĂN CỨ XÂY DỰNG KẾ HOẠCH"],
                            ["I. THÔNG TIN CHUNG", "II. CĂN CỨ XÂY DỰNG KẾ HOẠCH"])


# --- the PDF's font --------------------------------------------------------------------------


@pytest.mark.parametrize(("families", "key"), [
    (["Times New Roman"], "times"), (["Liberation Serif", "Open Symbol"], "twin"), (["DejaVu Sans"], "other")])
def test_the_pdf_says_which_font_it_was_printed_in(families: list[str], key: str) -> None:
    assert font_note(families) == m.PDF_FONTS[key].format(font=families[0])
    assert font_note([]) == ""


def test_font_families_are_read_from_embedded_names() -> None:
    assert _family("LiberationSerif-BoldItalic") == "Liberation Serif"
    assert _family("TimesNewRomanPSMT") == "Times New Roman"
    assert _family("TimesNewRomanPS-BoldMT") == "Times New Roman"


def test_make_test_installs_what_the_pdf_needs() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    packages = re.search(r"APT_PACKAGES = ((?:.*\\\n)*.*)", makefile)
    assert packages is not None
    assert {"fonts-liberation", "poppler-utils", "libreoffice-writer-nogui"} <= set(packages.group(1).split())
