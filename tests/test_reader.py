"""The reader: every kind of unreadable file becomes an UnreadableFile code; values keep addresses."""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qplan_xl import messages as m
from qplan_xl.workbook.read.reader import UnreadableFile, normalize, read_workbook


def _workbook(path: Path, fill=None) -> Path:  # type: ignore[no-untyped-def]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Thông tin"
    ws["A1"] = "Tên trường"
    ws["B1"] = "  Trường Tiểu học  "
    if fill:
        fill(wb)
    wb.save(path)
    return path


def _code(path: Path) -> str:
    with pytest.raises(UnreadableFile) as info:
        read_workbook(path)
    return info.value.code


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"")
    assert _code(tmp_path / "a.xlsx") == "file-empty"


def test_missing_file(tmp_path: Path) -> None:
    assert _code(tmp_path / "none.xlsx") == "file-not-found"


def test_legacy_xls(tmp_path: Path) -> None:
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "Workbook".encode("utf-16-le"))
    assert _code(tmp_path / "a.xls") == "file-xls"


def test_encrypted_package(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le")
    (tmp_path / "a.xlsx").write_bytes(data + b"\0" * 100)
    assert _code(tmp_path / "a.xlsx") == "file-encrypted"


def test_truncated_zip(tmp_path: Path) -> None:
    good = _workbook(tmp_path / "good.xlsx")
    data = good.read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    assert _code(tmp_path / "cut.xlsx") == "file-truncated"


def test_zip_that_is_a_word_document(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "a.xlsx", "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert _code(tmp_path / "a.xlsx") == "file-not-workbook"


@pytest.mark.parametrize("content", [b"<html><body>x</body></html>", b"a,b,c\n1,2,3\n", b"%PDF-1.4"])
def test_not_a_zip(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "a.xlsx").write_bytes(content)
    assert _code(tmp_path / "a.xlsx") == "file-not-workbook"


def test_corrupt_part_inside_a_valid_zip(tmp_path: Path) -> None:
    good = _workbook(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, b"<worksheet><sheetData><row" if "worksheets/sheet1" in item.filename else data)
    assert _code(tmp_path / "bad.xlsx") in {"file-corrupt", "file-truncated"}


def test_values_are_normalized_and_addressed(tmp_path: Path) -> None:
    def fill(wb):  # type: ignore[no-untyped-def]
        ws = wb.active
        ws["C4"] = unicodedata.normalize("NFD", " Tiếng Việt ")
        ws["D7"] = 5.0
        ws["E8"] = dt.datetime(2023, 9, 1)
        ws["F2"] = "   "
        ws.row_dimensions[3].hidden = True
        ws.column_dimensions["C"].hidden = True
        ws.merge_cells("G1:H2")
        ws["G1"] = "gộp"

    book = read_workbook(_workbook(tmp_path / "a.xlsx", fill))
    sheet = book.sheet("Thông tin")
    assert sheet is not None
    assert sheet.get(1, 2) == "Trường Tiểu học"
    assert sheet.get(4, 3) == unicodedata.normalize("NFC", "Tiếng Việt")
    assert sheet.get(7, 4) == 5 and isinstance(sheet.get(7, 4), int)
    assert sheet.get(8, 5) == dt.date(2023, 9, 1)  # calamine gives a date for a midnight datetime
    assert sheet.get(2, 6) is None and sheet.get(1, 7) == "gộp" and sheet.get(2, 8) is None
    assert sheet.address(7, 4) == "D7"


def test_sheet_visibility_and_nfd_sheet_names(tmp_path: Path) -> None:
    def fill(wb):  # type: ignore[no-untyped-def]
        meta = wb.create_sheet("_meta")
        meta.sheet_state = "veryHidden"
        meta["A1"] = "template_id"
        wb.create_sheet(unicodedata.normalize("NFD", "Tự đánh giá")).sheet_state = "hidden"

    book = read_workbook(_workbook(tmp_path / "a.xlsx", fill))
    assert book.sheets["_meta"].visibility == "veryhidden"
    assert book.sheets["Tự đánh giá"].visibility == "hidden"


def test_formula_cells_are_found(tmp_path: Path) -> None:
    def fill(wb):  # type: ignore[no-untyped-def]
        wb.active["B5"] = "=1+1"
        wb.active["C6"] = "=SUM(A1:A3)"

    book = read_workbook(_workbook(tmp_path / "a.xlsx", fill))
    assert book.formula_cells("Thông tin") == {"B5", "C6"}
    assert book.formula_cells("no such sheet") == set()


def test_huge_sheet_is_bounded(tmp_path: Path) -> None:
    def fill(wb):  # type: ignore[no-untyped-def]
        ws = wb.active
        for r in range(1, 20001):
            ws.cell(r, 1, r)
        ws["B3"] = "x" * 30000

    book = read_workbook(_workbook(tmp_path / "a.xlsx", fill), max_rows=1000)
    sheet = book.sheet("Thông tin")
    assert sheet is not None and sheet.height == 1000 and sheet.total_rows == 20000
    assert len(sheet.get(3, 2)) == 30000


def test_normalize() -> None:
    assert normalize(" a ") == "a" and normalize("") is None and normalize(3.0) == 3
    assert normalize(3.5) == 3.5 and normalize(True) is True and normalize(None) is None


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_escape(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.xlsx"
    path.write_bytes(data)
    with contextlib.suppress(UnreadableFile):
        read_workbook(path)


_GOOD: list[bytes] = []


def _good_bytes(tmp_path: Path) -> bytes:
    """One workbook's bytes for the whole run: hypothesis needs the same input in every example."""
    if not _GOOD:
        _GOOD.append(_workbook(tmp_path / "good.xlsx").read_bytes())
    return _GOOD[0]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.data())
def test_mutated_workbook_never_escapes(tmp_path: Path, data: st.DataObject) -> None:
    good = _good_bytes(tmp_path)
    pos = data.draw(st.integers(0, len(good) - 1))
    chunk = data.draw(st.binary(min_size=1, max_size=64))
    path = tmp_path / "mutated.xlsx"
    path.write_bytes(good[:pos] + chunk + good[pos + len(chunk):])
    with contextlib.suppress(UnreadableFile):
        read_workbook(path)


def test_a_really_encrypted_workbook(tmp_path: Path) -> None:
    """A workbook saved with "Encrypt with password" (made here with msoffcrypto, as Excel does)."""
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _workbook(tmp_path / "plain.xlsx")
    encrypted = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("matkhau", encrypted)
    (tmp_path / "enc.xlsx").write_bytes(encrypted.getvalue())
    assert _code(tmp_path / "enc.xlsx") == "file-encrypted"


@pytest.mark.parametrize(("data", "kind"), [
    ("\ufeffMã trường,Tên trường\n02151,Trường Tiểu học Kim Đồng\n".encode(), "text/CSV"),
    (b"\x01\x02\x03\x04binary", m.FILE_KIND_UNKNOWN),
])
def test_a_file_that_is_no_workbook_says_what_it_looks_like(tmp_path: Path, data: bytes, kind: str) -> None:
    path = tmp_path / "so.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as found:
        read_workbook(path)
    assert found.value.code == "file-not-workbook" and found.value.params["kind"] == kind
