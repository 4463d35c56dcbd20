"""The add-in's Python side: entry points driven through a mocked xlwings Book.caller()."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock, patch

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_to_tuple

from qplan_xl import messages as m
from qplan_xl.excel import buttons as excel
from qplan_xl.excel.sheets import rgb_tuple
from qplan_xl.workbook.annotate import CHECK_SHEET, RECORD_COL, TABLE_ROW

GUIDE = m.SHEETS["guide"]
SCHOOL_FILL = (255, 255, 0)


# --- a fake of the few xlwings objects the add-in touches -----------------------------------


class FakeComment:
    def __init__(self, sheet: FakeSheet, cell: tuple[int, int], text: str) -> None:
        self.sheet, self.cell, self.text = sheet, cell, text

    def Text(self, text: str | None = None) -> str:  # noqa: N802 - COM name
        if text is not None:
            self.text = text
        return self.text

    def Delete(self) -> None:  # noqa: N802
        del self.sheet.notes[self.cell]


class FakeRange:
    def __init__(self, sheet: FakeSheet, first: Any, last: Any = None) -> None:
        self.sheet = sheet
        self.top, self.left = _cell(first)
        self.bottom, self.right = _cell(last) if last is not None else (self.top, self.left)
        self.api = MagicMock()
        self.api.Comment = sheet.notes.get((self.top, self.left))
        self.api.AddComment.side_effect = lambda text: sheet.notes.__setitem__(
            (self.top, self.left), FakeComment(sheet, (self.top, self.left), text))

    def _cells(self) -> Iterator[tuple[int, int]]:
        for r in range(self.top, self.bottom + 1):
            for c in range(self.left, self.right + 1):
                yield r, c

    @property
    def value(self) -> Any:
        rows = [[self.sheet.cells.get((r, c)) for c in range(self.left, self.right + 1)]
                for r in range(self.top, self.bottom + 1)]
        if len(rows) == 1:
            return rows[0][0] if len(rows[0]) == 1 else rows[0]
        return rows

    @value.setter
    def value(self, data: Any) -> None:
        rows = data if isinstance(data, list) and data and isinstance(data[0], list) else [data]
        for r, row in enumerate(rows):
            for c, item in enumerate(row if isinstance(row, list) else [row]):
                self.sheet.cells[(self.top + r, self.left + c)] = item

    @property
    def color(self) -> Any:
        return self.sheet.colors.get((self.top, self.left))

    @color.setter
    def color(self, rgb: Any) -> None:
        for cell in self._cells():
            if rgb is None:
                self.sheet.colors.pop(cell, None)
            else:
                self.sheet.colors[cell] = tuple(rgb)

    @property
    def column_width(self) -> float:
        return self.sheet.widths.get(self.left, 8.43)

    @column_width.setter
    def column_width(self, width: float) -> None:
        self.sheet.widths[self.left] = width


def _cell(ref: Any) -> tuple[int, int]:
    return tuple(ref) if isinstance(ref, tuple) else coordinate_to_tuple(ref)  # type: ignore[return-value]


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book, self.name = book, name
        self.cells: dict[tuple[int, int], Any] = {}
        self.colors: dict[tuple[int, int], tuple[int, int, int]] = {}
        self.notes: dict[tuple[int, int], FakeComment] = {}
        self.widths: dict[int, float] = {}
        self.links: list[dict[str, Any]] = []
        self.activated = 0
        self.api = MagicMock()
        self.api.ProtectContents = False
        self.api.Hyperlinks.Add.side_effect = lambda **kw: self.links.append(kw)
        type(self.api).Comments = property(lambda _: list(self.notes.values()))

    def range(self, first: Any, last: Any = None) -> FakeRange:
        return FakeRange(self, first, last)

    @property
    def used_range(self) -> Any:
        last = MagicMock()
        last.last_cell.row = max((r for r, _ in self.cells), default=1)
        return last

    def note(self, address: str) -> str | None:
        comment = self.notes.get(coordinate_to_tuple(address))
        return comment.text if comment else None

    def delete(self) -> None:
        self.book.sheets.remove(self)

    def activate(self) -> None:
        self.activated += 1

    def clear(self) -> None:
        self.cells.clear()
        self.colors.clear()


class FakeSheets(list):  # type: ignore[type-arg]
    def __init__(self, book: FakeBook) -> None:
        super().__init__()
        self.book = book

    def add(self, name: str, before: FakeSheet | None = None, after: FakeSheet | None = None) -> FakeSheet:
        sheet = FakeSheet(self.book, name)
        index = self.index(after) + 1 if after is not None else self.index(before) if before is not None else 0
        self.insert(index, sheet)
        return sheet

    def named(self, name: str) -> FakeSheet:
        return next(s for s in self if s.name == name)


class FakeBook:
    """Stands for xw.Book.caller(): the workbook file on disk, sheets built from its names."""

    def __init__(self, path: Path | str, names: list[str] | None = None) -> None:
        self.fullname = str(path)
        self.sheets = FakeSheets(self)
        for name in names if names is not None else _sheet_names(Path(path)):
            self.sheets.append(FakeSheet(self, name))
        self.save = MagicMock()
        self.api = MagicMock()
        self.api.ReadOnly = False
        self.app = MagicMock()

    def alerts(self) -> list[str]:
        return [c.args[0] for c in self.app.alert.call_args_list]


def _sheet_names(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return wb.sheetnames
    finally:
        wb.close()


@pytest.fixture(autouse=True)
def quiet_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    log = tmp_path / "log" / "excel.log"
    monkeypatch.setenv("QPLAN_LOG", str(log))
    return log


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Documents the add-in would open in Word (the opener is replaced)."""
    paths: list[Path] = []
    monkeypatch.setattr(excel, "open_document", paths.append)
    return paths


def _press(entry: Callable[[], None], book: FakeBook) -> None:
    with patch("xlwings.Book.caller", return_value=book):
        entry()


@pytest.fixture(scope="module")
def masters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A valid and an invalid workbook, written once; each test works on its own copy."""
    from conftest import make_plan

    from qplan_xl.workbook.template.build import write_workbook

    folder = tmp_path_factory.mktemp("masters")
    valid, invalid = folder / "valid.xlsx", folder / "invalid.xlsx"
    write_workbook(make_plan(), valid)
    wb = openpyxl.load_workbook(valid)
    wb["TC1"]["B3"] = "9.9"  # unknown criterion
    wb["TC1"]["G3"] = "13/2023"  # not a month
    wb.save(invalid)
    return {"valid": valid, "invalid": invalid}


def _copy(master: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(master, dest)
    return dest


@pytest.fixture
def valid_file(masters: dict[str, Path], tmp_path: Path) -> Path:
    return _copy(masters["valid"], tmp_path / "Trường Tiểu học" / "Kế hoạch cải tiến 2023-2024.xlsx")


@pytest.fixture
def invalid_file(masters: dict[str, Path], tmp_path: Path) -> Path:
    return _copy(masters["invalid"], tmp_path / "Trường lỗi" / "Kế hoạch lỗi.xlsx")


# --- check ----------------------------------------------------------------------------------


def test_check_saves_and_writes_the_report_back(invalid_file: Path) -> None:
    book = FakeBook(invalid_file)
    book.sheets.named("TC1").colors[(3, 7)] = SCHOOL_FILL
    _press(excel.check, book)
    book.save.assert_called_once_with()
    names = [s.name for s in book.sheets]
    assert names[:2] == [GUIDE, CHECK_SHEET]
    check = book.sheets.named(CHECK_SHEET)
    assert check.cells[(TABLE_ROW, 1)] == m.CHECK_HEADERS[0]
    codes = {check.cells.get((r, 6)) for r in range(TABLE_ROW + 1, TABLE_ROW + 10)}
    assert {"criterion-unknown", "month-invalid"} <= codes
    assert {"'TC1'!B3", "'TC1'!G3"} <= {link["SubAddress"] for link in check.links}
    tc1 = book.sheets.named("TC1")
    for address in ("B3", "G3"):
        assert m.CHECK_SHEET["note_marker"] in tc1.note(address)
        assert tc1.colors[coordinate_to_tuple(address)] == rgb_tuple("FFC7CE")
    record = {(check.cells.get((r, RECORD_COL)), check.cells.get((r, RECORD_COL + 1))): check.cells.get((r, RECORD_COL + 2))
              for r in range(TABLE_ROW + 1, TABLE_ROW + 10)}
    assert record[("TC1", "G3")] == "FFFF00"
    assert book.alerts() and "2" in book.alerts()[0]
    assert book.alerts()[0].startswith(m.EXCEL["invalid"].split("{")[0])


def test_second_check_clears_the_first(invalid_file: Path, valid_file: Path) -> None:
    book = FakeBook(invalid_file)
    tc1 = book.sheets.named("TC1")
    tc1.colors[(3, 7)] = SCHOOL_FILL
    tc1.notes[(3, 2)] = FakeComment(tc1, (3, 2), "Ghi chú của trường")
    _press(excel.check, book)
    assert tc1.note("B3").startswith("Ghi chú của trường\n\n" + m.CHECK_SHEET["note_marker"])
    book.fullname = str(valid_file)  # the school fixed the cells
    _press(excel.check, book)
    assert [s.name for s in book.sheets].count(CHECK_SHEET) == 1
    assert tc1.note("B3") == "Ghi chú của trường"
    assert tc1.note("G3") is None
    assert tc1.colors.get((3, 7)) == SCHOOL_FILL
    assert (3, 2) not in tc1.colors
    assert book.sheets.named(CHECK_SHEET).cells[(TABLE_ROW + 1, 5)] == m.CHECK_SHEET["none"]
    assert book.alerts()[-1] == excel.check_message(_validate(valid_file).report)


def _validate(path: Path) -> Any:
    from qplan_xl.validation.book import validate_workbook

    return validate_workbook(path)


def test_clear_marks_button(invalid_file: Path) -> None:
    book = FakeBook(invalid_file)
    _press(excel.check, book)
    _press(excel.clear_marks, book)
    tc1 = book.sheets.named("TC1")
    assert CHECK_SHEET not in [s.name for s in book.sheets]
    assert tc1.notes == {} and tc1.colors == {}
    assert book.alerts()[-1] == m.EXCEL["cleared"]


def test_protected_sheet_is_unprotected_and_protected_again(invalid_file: Path) -> None:
    book = FakeBook(invalid_file)
    tc1 = book.sheets.named("TC1")
    tc1.api.ProtectContents = True
    tc1.api.Protection.AllowFormattingCells = True
    _press(excel.check, book)
    tc1.api.Unprotect.assert_called()
    kwargs = tc1.api.Protect.call_args.kwargs
    assert kwargs["Contents"] is True and kwargs["AllowFormattingCells"] is True
    assert tc1.note("B3") is not None


def test_password_protected_sheet_is_listed_but_not_marked(invalid_file: Path) -> None:
    book = FakeBook(invalid_file)
    tc1 = book.sheets.named("TC1")
    tc1.api.ProtectContents = True
    tc1.api.Unprotect.side_effect = RuntimeError("password")
    _press(excel.check, book)
    assert tc1.notes == {}
    tc1.api.Protect.assert_not_called()
    assert "'TC1'!B3" in {link["SubAddress"] for link in book.sheets.named(CHECK_SHEET).links}


# --- documents ------------------------------------------------------------------------------


def test_generate_plan_writes_docx_beside_the_workbook_and_opens_it(valid_file: Path, opened: list[Path]) -> None:
    book = FakeBook(valid_file)
    _press(excel.generate_plan, book)
    book.save.assert_called_once_with()
    expected = valid_file.with_name("Kế hoạch cải tiến 2023-2024 - Kế hoạch.docx")
    assert opened == [expected]
    assert expected.is_file() and expected.stat().st_size > 0
    assert str(expected) in book.alerts()[-1]
    assert CHECK_SHEET in [s.name for s in book.sheets]  # warnings are shown too


def test_generate_plan_uses_a_new_name_when_the_document_is_open(valid_file: Path, opened: list[Path]) -> None:
    first = excel.document_path(valid_file, ".docx")
    first.write_bytes(b"previous plan")
    first.with_name("~$" + first.name).write_bytes(b"lock")  # Word has it open
    _press(excel.generate_plan, FakeBook(valid_file))
    assert opened == [excel.document_path(valid_file, ".docx", 2)]
    assert opened[0].name.endswith(" (2).docx")


def test_generate_plan_ignores_a_stale_word_lock(valid_file: Path, opened: list[Path]) -> None:
    first = excel.document_path(valid_file, ".docx")
    first.with_name("~$" + first.name).write_bytes(b"lock")  # left by a crash; no document
    _press(excel.generate_plan, FakeBook(valid_file))
    assert opened == [first]


def test_generate_plan_refuses_an_invalid_workbook(invalid_file: Path, opened: list[Path]) -> None:
    book = FakeBook(invalid_file)
    _press(excel.generate_plan, book)
    assert opened == []
    assert list(invalid_file.parent.glob("*.docx")) == []
    assert book.alerts() == [m.EXCEL["blocked"].format(errors=_validate(invalid_file).report.errors)]
    assert book.sheets.named("TC1").note("B3") is not None


def test_generate_pdf_converts_and_opens_the_pdf(valid_file: Path, opened: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from qplan_xl.word import document as word

    monkeypatch.setattr(word, "convert_to_pdf", lambda docx, pdf, **kw: Path(pdf).write_bytes(b"%PDF-1.4"))
    _press(excel.generate_pdf, FakeBook(valid_file))
    assert len(opened) == 1 and opened[0].suffix == ".pdf" and opened[0].is_file()


def test_pdf_failure_is_a_message(valid_file: Path, opened: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from qplan_xl.word import document as word

    def fail(docx: Path, pdf: Path, **kw: Any) -> None:
        raise word.PdfError("LibreOffice missing")

    monkeypatch.setattr(word, "convert_to_pdf", fail)
    monkeypatch.setattr(excel.os, "name", "posix")
    book = FakeBook(valid_file)
    _press(excel.generate_pdf, book)
    assert opened == []
    assert book.alerts()[-1] == "LibreOffice missing"


def test_summarize_writes_the_summary_sheet(valid_file: Path) -> None:
    from qplan_xl.summary import summarize, summary_rows

    book = FakeBook(valid_file)
    _press(excel.summarize, book)
    names = [s.name for s in book.sheets]
    assert names.index(m.SHEETS["summary"]) == names.index(m.SHEETS["texts"]) + 1
    result = _validate(valid_file)
    rows = summary_rows(summarize(result.plan, result.framework))
    sheet = book.sheets.named(m.SHEETS["summary"])
    assert [sheet.cells.get((r + 1, 1)) for r in range(len(rows))] == [row[0] if row else None for row in rows]
    assert book.alerts()[-1] == m.EXCEL["summary_done"]


def test_show_help_opens_the_guide(valid_file: Path) -> None:
    book = FakeBook(valid_file)
    _press(excel.show_help, book)
    assert book.sheets.named(GUIDE).activated == 1
    assert excel.__version__ in book.alerts()[0]
    book.save.assert_not_called()


# --- where the workbook lives, failures ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fullname", "key"),
    [
        ("Book1", "not_saved"),
        (r"C:\Users\Lan\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\AB12CD\ke hoach.xlsx", "temp_folder"),
        (r"C:\Users\Lan\Documents\ke hoach.xls", "wrong_format"),
        ("https://d.docs.live.net/abc/ke hoach.xlsx", "cloud"),
    ],
)
def test_unusable_locations_get_advice_and_nothing_is_saved(fullname: str, key: str) -> None:
    book = FakeBook(fullname, names=[GUIDE, "TC1"])
    _press(excel.check, book)
    book.save.assert_not_called()
    assert book.alerts()[0].split("\n")[0] == m.EXCEL[key].split("\n")[0].format(name="ke hoach.xls", path=fullname)
    assert [s.name for s in book.sheets] == [GUIDE, "TC1"]


def test_temp_folder_from_environment() -> None:
    temp = [r"C:\Users\Lan\AppData\Local\Temp"]
    assert excel.location_problem(r"C:\Users\Lan\AppData\Local\Temp\7zO1\a.xlsx", temp)
    assert excel.location_problem(r"D:\Tài liệu\Kế hoạch.xlsx", temp) is None
    assert excel.location_problem("/home/lan/Kế hoạch/a.xlsx") is None


def test_read_only_and_save_failure(valid_file: Path) -> None:
    book = FakeBook(valid_file)
    book.api.ReadOnly = True
    _press(excel.check, book)
    assert book.alerts() == [m.EXCEL["read_only"]]
    book = FakeBook(valid_file)
    book.save.side_effect = RuntimeError("disk full")
    _press(excel.check, book)
    assert book.alerts() == [m.EXCEL["save_failed"].format(detail=m.EXCEL["save_refused"])]  # not "disk full"


def test_a_program_failure_becomes_an_alert_and_a_log(valid_file: Path, quiet_log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan_xl.validation.book

    def boom(path: Path) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(qplan_xl.validation.book, "validate_workbook", boom)
    book = FakeBook(valid_file)
    _press(excel.check, book)
    assert book.alerts() == [m.EXCEL["failure"].format(detail=m.INTERNAL_ERROR, log=quiet_log)]  # not "boom"
    assert "RuntimeError: boom" in quiet_log.read_text(encoding="utf-8")


def test_no_caller_never_raises(capsys: pytest.CaptureFixture[str]) -> None:
    excel.check()  # not started from Excel: xlwings refuses Book.caller()
    assert m.EXCEL["failure"].split(":")[0] in capsys.readouterr().err


def test_alert_falls_back_when_excel_refuses(valid_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = FakeBook(valid_file)
    book.app.alert.side_effect = RuntimeError("busy")
    excel.alert(book, "xin chào")
    assert "xin chào" in capsys.readouterr().err


def test_importing_the_package_does_not_import_xlwings() -> None:
    code = "import sys, qplan_xl.excel.buttons, qplan_xl.cli, qplan_xl.workbook.annotate; print('xlwings' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
