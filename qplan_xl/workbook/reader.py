"""Read an .xlsx into raw, normalized cell values that keep their sheet and address; no judgement."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.errors import QplanError
from qplan_xl.workbook.layout import MAX_ROWS, address
from qplan_xl.workbook.xmlscan import SheetScan, scan_workbook

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_COLS = 60  # columns read per sheet; the contract's tables use at most 15
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")


class UnreadableFile(QplanError):
    """The file cannot be read as a workbook; `code` is the report issue code."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(m.issue_message(code, **params))
        self.code = code
        self.params = params


@dataclass
class RawSheet:
    """Normalized values of one sheet, row-major, 0-based lists; addresses are 1-based."""

    name: str
    rows: list[list[Any]]
    visibility: str = "visible"
    total_rows: int = 0

    def get(self, row: int, col: int) -> Any:
        """Value at 1-based (row, col), None when outside the data."""
        if 1 <= row <= len(self.rows):
            cells = self.rows[row - 1]
            if 1 <= col <= len(cells):
                return cells[col - 1]
        return None

    @property
    def height(self) -> int:
        return len(self.rows)

    @staticmethod
    def address(row: int, col: int) -> str:
        return address(row, col)


@dataclass
class RawWorkbook:
    """Every sheet of a workbook, by NFC name, in workbook order."""

    path: Path
    sheets: dict[str, RawSheet]
    scans: dict[str, SheetScan] = field(default_factory=dict, repr=False)

    def sheet(self, name: str) -> RawSheet | None:
        return self.sheets.get(name)

    def formula_cells(self, name: str) -> set[str]:
        """Addresses of the cells of sheet `name` that hold a formula."""
        scan = self.scans.get(name)
        return scan.formulas if scan else set()

    def error_cells(self, name: str) -> dict[str, str]:
        """Cells of sheet `name` that hold an Excel error (#REF!, #N/A...), with the error."""
        scan = self.scans.get(name)
        return scan.errors if scan else {}

    def far_cell(self, name: str) -> str | None:
        """A cell far beyond the columns the reader reads (a stray value in XFD1...), if any."""
        scan = self.scans.get(name)
        return scan.far_cell if scan else None


def read_workbook(path: Path | str, *, max_rows: int = MAX_ROWS) -> RawWorkbook:
    """Read every sheet's values (at most `max_rows` rows each); raise UnreadableFile."""
    path = as_path(path)
    try:
        sniff(path)
    except OSError as exc:  # permission denied, a folder, a vanished network share...
        raise UnreadableFile("file-unreadable", path=path.name, detail=exc.strerror or str(exc)) from exc
    try:
        return _read_calamine(path, max_rows)
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises several unrelated types for broken parts
        raise _classify_failure(path, exc) from exc


def as_path(value: object) -> Path:
    """A file argument as a Path; anything else (None, a number) names no file to be found."""
    if isinstance(value, (str, os.PathLike)):
        return Path(value)
    raise UnreadableFile("file-not-found", path=str(value))


def _read_calamine(path: Path, max_rows: int) -> RawWorkbook:
    from python_calamine import CalamineWorkbook

    with zipfile.ZipFile(path) as archive:
        scans = scan_workbook(archive, MAX_COLS)
    sheets: dict[str, RawSheet] = {}
    # From an open file, calamine detects the format by content (a renamed .xls/.xlsx still reads).
    with path.open("rb") as handle, CalamineWorkbook.from_filelike(handle) as book:
        for meta in book.sheets_metadata:
            name = normalize_text(meta.name) or meta.name
            scan = scans.get(name, SheetScan())
            if scan.max_row > max_rows or scan.max_col > MAX_COLS:
                rows = _read_bounded(path, meta.name, max_rows)
            else:
                rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False, nrows=max_rows)
            sheets[name] = RawSheet(
                name=name,
                rows=[[normalize(v) for v in r[:MAX_COLS]] for r in rows],
                visibility=_visibility(meta),
                total_rows=scan.max_row,
            )
    return RawWorkbook(path, sheets, scans)


def _read_bounded(path: Path, sheet_name: str, max_rows: int) -> list[list[Any]]:
    """An oversized sheet through openpyxl's streaming reader, bounded to max_rows x MAX_COLS."""
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; we only read
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book[sheet_name]
            rows = sheet.iter_rows(min_row=1, max_row=max_rows, max_col=MAX_COLS, values_only=True)
            return [list(r) for r in rows]
        finally:
            book.close()


def _visibility(meta: Any) -> str:
    text = str(meta.visible).lower()
    if "veryhidden" in text:
        return "veryhidden"
    return "hidden" if "hidden" in text else "visible"


# --- value normalization ----------------------------------------------------------------------


def normalize(value: Any) -> Any:
    """NFC-trimmed text (None when blank), int for integral floats, dates as they are."""
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, (int, float, bool, dt.date, dt.datetime, dt.time, dt.timedelta)):
        return value
    return None if value is None else normalize_text(str(value))


def normalize_text(text: str) -> str | None:
    """NFC, without surrounding whitespace; None when nothing is left."""
    cleaned = unicodedata.normalize("NFC", text).strip()
    return cleaned or None


# --- sniffing what the file really is ---------------------------------------------------------


def sniff(path: Path) -> None:
    """Raise UnreadableFile unless `path` looks like a readable OOXML workbook."""
    shown = path.name
    if not path.is_file():
        raise UnreadableFile("file-not-found", path=shown)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("file-empty", path=shown)
    if size > MAX_FILE_BYTES:
        raise UnreadableFile("file-too-large", path=shown, size=_megabytes(size))
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE_MAGIC):
        raise _classify_ole(path)
    if not head.startswith(b"PK"):
        raise UnreadableFile("file-not-workbook", path=shown, kind=_guess_kind(head))
    _check_zip(path)


def _classify_ole(path: Path) -> UnreadableFile:
    """An OLE container is either an encrypted OOXML package or a legacy .xls."""
    data = path.read_bytes()
    code = "file-encrypted" if _ENCRYPTED_MARKER in data else "file-xls"
    return UnreadableFile(code, path=path.name)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        # NotImplementedError: a zip "version" or compression Python cannot unpack (a damaged header)
        raise UnreadableFile("file-truncated", path=path.name) from None
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("file-not-workbook", path=path.name, kind=_zip_kind(names))
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile("file-too-large", path=path.name, size=_megabytes(unpacked))


def _zip_kind(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "Word .docx"
    if "ppt/presentation.xml" in names:
        return "PowerPoint .pptx"
    if "content.xml" in names:
        return "OpenDocument .ods/.odt"
    return "zip"


def _guess_kind(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.lstrip().startswith(b"<"):
        return "HTML/XML"
    if head.startswith(b"{\\rtf"):
        return "RTF"
    return "text/CSV" if all(32 <= b < 127 or b in (9, 10, 13) for b in head) else "?"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _classify_failure(path: Path, exc: Exception) -> UnreadableFile:
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    if "password" in detail.lower() or type(exc).__name__ == "PasswordError":
        return UnreadableFile("file-encrypted", path=path.name)
    return UnreadableFile("file-corrupt", path=path.name, detail=detail)
