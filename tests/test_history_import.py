"""`qplan import`: Word plans built from the seeds (2018 nine columns, Biểu 2, TCVN3/VNI, Word table traps)."""

from __future__ import annotations

import copy
import io
import random
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qplan_xl.cli import cli
from qplan_xl.history.legacy import from_unicode
from qplan_xl.history.wordplan import import_word_plan
from qplan_xl.model import Action, Plan
from qplan_xl.rules.catalog import load_framework
from qplan_xl.validation import validate_workbook

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FIELDS_2018 = ("criterion", "result", "tasks", "lead", "partners", "start", "end", "funding", "cost", "support", "note")
FIELDS_BIEU2 = ("criterion", "content", "objective", "tasks", "indicator", "lead", "partners", "start", "end",
                "funding", "cost", "support", "evidence", "status_hk1", "status_year_end")  # Biểu 2 has no Ghi chú
FUNDING_WORDS = {"Không": "Không có", "Ngân sách nhà nước": "Ngân sách"}


def _plan(name: str) -> Plan:
    plan = validate_workbook(SAMPLES / name).plan
    assert plan is not None
    return plan


# --- building Word plans like the seeds -------------------------------------------------------


class _Writer:
    """Text into runs: Unicode, or a legacy encoding with its font (all-capital lines in the H font)."""

    def __init__(self, encoding: str | None = None) -> None:
        self.encoding = encoding

    def para(self, paragraph, text: str) -> None:  # type: ignore[no-untyped-def]
        for i, line in enumerate(text.split("\n")):
            run = paragraph.add_run(self._encode(line))
            if i:
                run._r.insert(0, OxmlElement("w:br"))
            font = self._font(line)
            if font:
                run.font.name = font

    def _font(self, line: str) -> str | None:
        if self.encoding == "tcvn3":
            return ".VnTimeH" if line.isupper() else ".VnTime"
        return "VNI-Times" if self.encoding == "vni" else None

    def _encode(self, line: str) -> str:
        if self.encoding is None:
            return line
        return from_unicode(line.lower() if self.encoding == "tcvn3" and line.isupper() else line, self.encoding)

    def cell(self, cell, text: str) -> None:  # type: ignore[no-untyped-def]
        self.para(cell.paragraphs[0], text)


def _header(doc, w: _Writer, plan: Plan) -> None:  # type: ignore[no-untyped-def]
    info = plan.info
    table = doc.add_table(rows=3, cols=2)
    for row, (left, right) in enumerate(((info.authority.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                                         (info.name.upper(), "Độc lập - Tự do - Hạnh phúc"),
                                         (f"Số: {info.doc_number}", _date_line(plan)))):
        w.cell(table.cell(row, 0), left)
        w.cell(table.cell(row, 1), right)
    for line in ("KẾ HOẠCH", "CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC", f"NĂM HỌC {info.year.start} – {info.year.start + 1}",
                 "I. MỤC ĐÍCH, YÊU CẦU", plan.texts.purpose.split("\n")[0], "II. CĂN CỨ XÂY DỰNG KẾ HOẠCH",
                 plan.texts.basis.split("\n")[0], "III. NỘI DUNG KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC"):
        w.para(doc.add_paragraph(), line)


def _date_line(plan: Plan) -> str:
    d = plan.info.issue_date
    assert d is not None
    return f"{plan.info.place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _period(a: Action, i: int) -> str:
    if a.start == a.end:
        return f"Trong tháng {a.start.month:02d} năm {a.start.year}" if i % 2 else f"Tháng {a.start}"
    if (a.start.month, a.end.month, a.end.year - a.start.year) == (9, 5, 1):
        return f"Năm học {a.start.year}-{a.end.year}"
    return f"Tháng {a.start} – {a.end}"


def _owners(a: Action, i: int) -> str:
    if not a.partners:
        return a.lead
    return f"{a.lead} phối hợp với {a.partners}" if i % 2 else f"- {a.lead}\n- {a.partners}"


def _cost(a: Action) -> str:
    text = FUNDING_WORDS.get(a.funding, a.funding)
    return f"{text}: {a.cost:,} đ".replace(",", ".") if a.cost else text


def _criterion(code: str, i: int) -> str:
    if code.startswith("M4."):
        return f"Tiêu chí {code[3:]}"
    return (f"Tiêu chí {code}", code, f"TC {code}")[i % 3]


def build_2018(plan: Plan, path: Path, encoding: str | None = None,
               tweak: Callable[[object], None] | None = None) -> None:
    """The 2018 nine-column table: MỨC groups, Tiêu chuẩn rows, criterion cells merged down over rows."""
    doc, w = Document(), _Writer(encoding)
    _header(doc, w, plan)
    framework = load_framework(plan.info.framework)
    table = doc.add_table(rows=1, cols=9)
    for col, label in enumerate(("TT", "Tiêu chuẩn, tiêu chí", "Kết quả cần đạt (so với hiện trạng)",
                                 "Công việc/giải pháp cần thực hiện", "Chủ trì và phối hợp thực hiện",
                                 "Thời gian thực hiện và hoàn thành", "Dự kiến kinh phí", "Điều kiện hỗ trợ khác",
                                 "Ghi chú")):
        w.cell(table.cell(0, col), label)
    _group(table, w, "", "MỨC 1, 2, 3")
    standard: object = 0
    previous = None
    for i, a in enumerate(plan.actions):
        if a.standard != standard:
            standard = a.standard
            if a.standard is None:
                _group(table, w, "", "MỨC 4")
            else:
                _group(table, w, str(a.standard), f"Tiêu chuẩn {a.standard}: {framework.standards[a.standard - 1].name}")
        cells = table.add_row().cells
        if previous is not None and previous[0] == (a.standard, a.criterion):
            previous[1].merge(cells[1])
        else:
            w.cell(cells[1], _criterion(a.criterion, i))
            previous = ((a.standard, a.criterion), cells[1])
        for col, text in enumerate((a.result, a.tasks, _owners(a, i), _period(a, i), _cost(a), a.support, a.note), 2):
            w.cell(cells[col], text)
    if tweak is not None:
        tweak(table)
    doc.save(str(path))


def _group(table, w: _Writer, no: str, text: str) -> None:  # type: ignore[no-untyped-def]
    cells = table.add_row().cells
    w.cell(cells[0], no)
    merged = cells[1].merge(cells[8])
    w.cell(merged, text)


def build_bieu2(plan: Plan, path: Path) -> None:
    """The Biểu 2 ten-column table, numbered (1)…(10), the criterion inside Nội dung cải tiến."""
    doc, w = Document(), _Writer()
    _header(doc, w, plan)
    table = doc.add_table(rows=2, cols=10)
    for col, label in enumerate(("TT", "Nội dung cải tiến", "Mục tiêu cải tiến", "Hoạt động/giải pháp",
                                 "Chỉ số đánh giá kết quả", "Thời gian thực hiện", "Đơn vị/cá nhân phụ trách",
                                 "Nguồn lực bảo đảm", "Thông tin, dữ liệu hoặc minh chứng dự kiến",
                                 "Mức độ thực hiện")):
        w.cell(table.cell(0, col), label)
        w.cell(table.cell(1, col), f"({col + 1})")
    framework = load_framework(plan.info.framework)
    standard: object = 0
    labels = {s.key: s.label for s in framework.form.statuses}  # type: ignore[union-attr]
    for i, a in enumerate(plan.actions):
        if a.standard != standard:
            standard = a.standard
            _group_b2(table, w, f"Tiêu chuẩn {a.standard}: {framework.standards[a.standard - 1].name}")  # type: ignore[operator]
        cells = table.add_row().cells
        status = "; ".join(f"{moment}: {labels[s]}" for moment, s in (("Cuối HK I", a.status_hk1),
                                                                        ("Cuối năm", a.status_year_end)) if s)
        resources = "\n".join(x for x in (_cost(a), a.support) if x)
        content = f"{a.content} (Tiêu chí {a.criterion})" if a.criterion else a.content
        for col, text in enumerate((str(i + 1), content, a.objective, a.tasks, a.indicator, _period(a, i),
                                    _owners(a, i), resources, a.evidence, status)):
            w.cell(cells[col], text)
    doc.save(str(path))


def _group_b2(table, w: _Writer, text: str) -> None:  # type: ignore[no-untyped-def]
    cells = table.add_row().cells
    w.cell(cells[0].merge(cells[9]), text)


def _values(action: Action, fields: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(getattr(action, name) for name in fields)


# --- tests ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thanh_hung() -> Plan:
    return _plan("tieu-hoc-thanh-hung-2023-2024.xlsx")


@pytest.mark.parametrize("encoding", [None, "tcvn3", "vni"])
def test_thanh_hung_seed_gives_its_22_actions_cell_by_cell(tmp_path: Path, thanh_hung: Plan,
                                                          encoding: str | None) -> None:
    source = tmp_path / "ke-hoach.docx"
    build_2018(thanh_hung, source, encoding)
    result = import_word_plan(source)
    assert result.plan is not None and result.unplaced == []
    got = result.plan
    assert len(got.actions) == 22
    assert [_values(a, FIELDS_2018) for a in got.actions] == [_values(a, FIELDS_2018) for a in thanh_hung.actions]
    assert [a.sheet for a in got.actions] == [a.sheet for a in thanh_hung.actions]
    info = got.info
    assert (info.name, info.level, str(info.year), info.framework, info.doc_number, info.place, info.issue_date) == (
        thanh_hung.info.name.upper(), "tieu-hoc", "2023-2024", "TT17-2018", thanh_hung.info.doc_number,
        thanh_hung.info.place, thanh_hung.info.issue_date)
    assert info.authority == thanh_hung.info.authority.upper()


def test_import_cli_writes_a_valid_workbook(tmp_path: Path, thanh_hung: Plan) -> None:
    source, out = tmp_path / "ke-hoach.docx", tmp_path / "so.xlsx"
    build_2018(thanh_hung, source)
    result = CliRunner().invoke(cli, ["import", str(source), "-o", str(out), "--code", "02145"])
    assert result.exit_code == 0, result.output
    checked = validate_workbook(out)
    assert checked.plan is not None and len(checked.plan.actions) == 22
    assert [e.code for e in checked.report.issues if e.severity == "error"] == []


def test_le_loi_bieu2_table_is_read_field_by_field(tmp_path: Path) -> None:
    le_loi = _plan("thcs-le-loi-2026-2027.xlsx")
    source = tmp_path / "bieu2.docx"
    build_bieu2(le_loi, source)
    result = import_word_plan(source)
    assert result.plan is not None and result.framework is not None
    assert result.framework.id == "TT57-2026-PL-II"
    assert [_values(a, FIELDS_BIEU2) for a in result.plan.actions] == [
        _values(a, FIELDS_BIEU2) for a in le_loi.actions]


def _traps(table) -> None:  # type: ignore[no-untyped-def]
    """gridBefore, a tracked insertion and deletion, a hyperlink and content controls in the table."""
    rows = table._tbl.tr_lst
    data = [r for r in rows if len(r.tc_lst) == 9][1:]  # action rows (the header also has nine cells)
    first = data[0]
    first.remove(first.tc_lst[0])
    tr_pr = first.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tr_pr.append(before)
    tasks_p = data[1].tc_lst[3].p_lst[0]
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "1")
    ins.set(qn("w:author"), "GV")
    run = copy.deepcopy(tasks_p.r_lst[0])
    run.t_lst[0].text = " (bổ sung)"
    ins.append(run)
    tasks_p.append(ins)
    deleted = OxmlElement("w:del")
    gone = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "XÓA BỎ"
    gone.append(text)
    deleted.append(gone)
    tasks_p.append(deleted)
    result_p = data[2].tc_lst[2].p_lst[0]
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), "x")
    for r in list(result_p.r_lst):
        link.append(r)
    result_p.append(link)
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    data[3].addprevious(sdt)
    content.append(data[3])


def test_word_table_traps_are_read_through(tmp_path: Path, thanh_hung: Plan) -> None:
    extra = thanh_hung.actions[0].replace(tasks="Cập nhật trang tin hằng tuần", row=4)
    plan = thanh_hung.replace(actions=(thanh_hung.actions[0], extra, *thanh_hung.actions[1:]))
    source = tmp_path / "bay.docx"
    build_2018(plan, source, tweak=_traps)
    result = import_word_plan(source)
    assert result.plan is not None
    got = result.plan.actions
    assert len(got) == 23
    assert got[0].criterion == got[1].criterion == "1.1"  # criterion cell merged down over two rows
    assert got[1].tasks == extra.tasks + " (bổ sung)"  # tracked insertion kept, deletion left out
    assert got[2].result == plan.actions[2].result  # text inside a hyperlink
    assert _values(got[3], FIELDS_2018) == _values(plan.actions[3], FIELDS_2018)  # row in a content control
    assert _values(got[0], FIELDS_2018) == _values(plan.actions[0], FIELDS_2018)  # row with gridBefore


def test_unplaced_rows_are_reported_and_kept_in_ghi_chu(tmp_path: Path, thanh_hung: Plan) -> None:
    odd = thanh_hung.actions[0].replace(criterion="9.9")
    plan = thanh_hung.replace(actions=(odd, *thanh_hung.actions[1:3]))
    source = tmp_path / "le.docx"
    build_2018(plan, source)
    result = import_word_plan(source)
    assert result.plan is not None
    assert [(u.reason, u.text) for u in result.unplaced] == [("reason_unknown_criterion", "Tiêu chí 9.9")]
    assert "Nhập từ Word" in result.plan.actions[0].note and result.plan.actions[0].tasks == odd.tasks


def test_nothing_usable_exits_1_and_bad_call_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "trong.docx"
    Document().save(str(empty))
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(empty), "-o", str(tmp_path / "a.xlsx")]).exit_code == 1
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    outcome = runner.invoke(cli, ["import", str(broken), "-o", str(tmp_path / "b.xlsx")])
    assert outcome.exit_code == 1 and "Không đọc được" in outcome.output
    assert runner.invoke(cli, ["import", str(empty), "-o", str(tmp_path / "a.txt")]).exit_code == 2


def test_new_from_a_word_plan(tmp_path: Path, thanh_hung: Plan) -> None:
    source, out = tmp_path / "cu.docx", tmp_path / "moi.xlsx"
    build_2018(thanh_hung, source)
    result = CliRunner().invoke(cli, ["new", "--from", str(source), "-o", str(out), "--code", "02145"])
    assert result.exit_code == 0, result.output
    plan = validate_workbook(out).plan
    assert plan is not None and str(plan.info.year) == "2024-2025" and len(plan.actions) == 22


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("seed") / "seed.docx"
    plan = _plan("tieu-hoc-thanh-hung-2023-2024.xlsx")
    build_2018(plan.replace(actions=plan.actions[:5]), path)
    return path.read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2**32 - 1), st.sampled_from(["xml-cut", "xml-swap", "bytes"]))
def test_import_never_raises_on_mutated_documents(tmp_path: Path, seed_docx: bytes, seed: int, how: str) -> None:
    rng = random.Random(seed)
    path = tmp_path / "mutated.docx"
    path.write_bytes(_mutate(seed_docx, rng, how))
    result = import_word_plan(path)
    assert result.plan is not None or result.problem


def _mutate(data: bytes, rng: random.Random, how: str) -> bytes:
    if how == "bytes":
        buf = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("word/document.xml").decode("utf-8")
    for _ in range(rng.randint(1, 5)):
        a, b = sorted(rng.randrange(len(xml)) for _ in range(2))
        if how == "xml-cut":
            xml = xml[:a] + xml[b:b + 0] + xml[min(b, a + rng.randint(0, 200)):]
        else:
            c = rng.randrange(len(xml))
            xml = xml[:a] + xml[c:c + (b - a) % 300] + xml[a:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            target.writestr(item, xml if item == "word/document.xml" else source.read(item))
    return out.getvalue()


LAM_SON = Path(__file__).resolve().parent / "data" / "plan-tieu-hoc-lam-son-2020-2021.txt"


def build_from_seed_text(text: str, path: Path) -> None:
    """A Word document from a seed's plain text: tab-separated lines become table rows, as typed."""
    doc = Document()
    table = None
    for line in text.splitlines():
        if "\t" in line and not line.startswith("----"):
            cells = line.split("\t")
            if table is None:
                table = doc.add_table(rows=0, cols=len(cells))
            row = table.add_row().cells
            for cell, value in zip(row, cells, strict=False):
                cell.text = value.strip()
        elif table is not None and line.strip() and not re.match(r"^[IVX]+\.", line):
            table.add_row().cells[0].text = line.strip()  # a group row (MỨC 1, 2, 3) inside the table
        elif line.strip():
            table = None
            doc.add_paragraph(line.replace("**", ""))
    doc.save(str(path))


def test_lam_son_seed_text_with_rows_split_across_pages(tmp_path: Path) -> None:
    source = tmp_path / "lam-son.docx"
    build_from_seed_text(LAM_SON.read_text(encoding="utf-8"), source)
    result = import_word_plan(source, level="tieu-hoc")
    assert result.plan is not None
    got = result.plan.actions
    assert [(a.criterion, str(a.start), str(a.end)) for a in got] == [
        ("1.3", "1/2021", "1/2021"), ("1.8", "1/2021", "1/2021"), ("3.4", "12/2020", "5/2021")]
    assert got[0].result.endswith("góp trong cộng đồng")  # the row continued on the next page
    assert got[1].tasks.endswith("phận thực hiện đúng thời gian quy định")
    assert got[0].funding == "Không" and got[0].support == "Hỗ trợ nghiệp vụ công tác Đội"
    assert got[1].lead == "Hiệu trưởng" and got[1].partners == "Ban kiểm tra nội bộ của nhà trường"
    assert str(result.plan.info.year) == "2020-2021" and result.plan.info.place == "Bình Thạnh"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_a_doc_file_goes_through_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "lam-son.docx"
    build_from_seed_text(LAM_SON.read_text(encoding="utf-8"), source)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "doc", "--outdir", str(tmp_path / "doc"), str(source)], capture_output=True, timeout=180, check=False)
    from_doc = import_word_plan(tmp_path / "doc" / "lam-son.doc", level="tieu-hoc")
    from_docx = import_word_plan(source, level="tieu-hoc")
    assert from_doc.plan is not None and from_docx.plan is not None
    assert [_values(a, FIELDS_2018) for a in from_doc.plan.actions] == [
        _values(a, FIELDS_2018) for a in from_docx.plan.actions]


def test_legacy_font_from_the_paragraph_style_and_unicode_runs_left_alone(tmp_path: Path) -> None:
    from qplan_xl.history.docx import read_word

    doc = Document()
    doc.styles["Normal"].font.name = ".VnTime"
    doc.add_paragraph(from_unicode("Trường Tiểu học Lam Sơn", "tcvn3"))
    mixed = doc.add_paragraph()
    mixed.add_run(from_unicode("Hiệu trưởng ", "tcvn3"))
    unicode_run = mixed.add_run("phối hợp với Công đoàn")
    unicode_run.font.name = "Times New Roman"
    doc.save(str(tmp_path / "phong.docx"))
    assert read_word(tmp_path / "phong.docx").lines == ["Trường Tiểu học Lam Sơn", "Hiệu trưởng phối hợp với Công đoàn"]


def test_unknown_criteria_never_make_a_sheet_up(tmp_path: Path, thanh_hung: Plan) -> None:
    odd = [a.replace(criterion="9.9") for a in thanh_hung.actions[:2]]  # merged down over two rows
    source, out = tmp_path / "la.docx", tmp_path / "la.xlsx"
    build_2018(thanh_hung.replace(actions=(*odd, *thanh_hung.actions[2:4])), source)
    result = import_word_plan(source)
    assert result.plan is not None and [u.reason for u in result.unplaced] == ["reason_unknown_criterion"]
    assert {a.sheet for a in result.plan.actions} <= {"TC1", "TC2", "TC3", "TC4", "TC5", "Mức 4"}
    assert CliRunner().invoke(cli, ["import", str(source), "-o", str(out)]).exit_code == 0
