"""Read an .xlsx into raw, normalized cell values that keep their sheet and address; no judgement."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.output import illegal_characters, strip_illegal
from qplan_xl.workbook.cells import format_money
from qplan_xl.workbook.layout import MAX_ROWS, address
from qplan_xl.workbook.read.canonical import (
    Reduced,
    cell_values,
    number_styles,
    reduce_sheet,
    shared_strings,
)
from qplan_xl.workbook.read.package import (
    GuardedPackage,
    PackageRefused,
    check_names,
    guard_package,
    others_pass_the_guard,
    plain_book,
    sheet_entries,
)
from qplan_xl.workbook.read.source import (
    MAX_FILE_BYTES,
    MAX_UNPACKED_BYTES,
    ZIP_ERRORS,
    UnreadableFile,
    is_lock_file,
    megabytes,
    read_user_file,
    sniff,
)
from qplan_xl.workbook.read.xmlscan import (
    FAST_BYTES,
    Bounds,
    SheetScan,
    calamine_reads,
    odd_cell_data,
    plain_rows,
)

__all__ = [
    "MAX_COLS", "MAX_FILE_BYTES", "MAX_UNPACKED_BYTES", "RawSheet", "RawWorkbook", "UnreadableFile",
    "XLSX_EXTENSIONS", "is_lock_file", "normalize", "normalize_text", "read_workbook",
]

CORE_PART = "docProps/core.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAX_PROPERTIES_BYTES = 1 << 20
MAX_COLS = 60  # columns read per sheet; the contract's tables use at most 15
MAX_SHEET_XML_BYTES = 64 * 1024 * 1024  # one worksheet's XML; a full 5,000-row plan sheet is ~15 MB
MAX_BOOK_CELLS = 2_000_000  # <c> elements parsed per workbook (a template has ~15,000)
MAX_BOOK_GRID = 3_000_000  # cells of the sheets' rectangles together (a 5,000-row plan sheet: 85,000)
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
# Rust panics inside calamine reach Python as pyo3's PanicException, a BaseException: everything
# but these is a failure of the file, not of the process.
_PROCESS_EXITS = (KeyboardInterrupt, SystemExit, GeneratorExit)


@dataclass
class RawSheet:
    """Normalized values of one sheet, row-major, 0-based lists; addresses are 1-based."""

    name: str
    rows: list[list[Any]]
    visibility: str = "visible"
    total_rows: int = 0
    invalid_text: dict[str, str] = field(default_factory=dict, repr=False)  # address -> 'U+FFFE ...'

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
    digest: str = ""  # SHA-256 of the bytes read
    properties: bytes = field(default=b"", repr=False)  # docProps/core.xml as stored

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

    def last_cell(self, name: str) -> str | None:
        """A cell of the last row of sheet `name` that holds something (below the rows read?)."""
        scan = self.scans.get(name)
        return scan.last_cell if scan else None

    def invalid_text(self, name: str) -> dict[str, str]:
        """Cells whose text held characters XML cannot (dropped from the value), with them."""
        sheet = self.sheets.get(name)
        return sheet.invalid_text if sheet else {}


def read_workbook(path: Path | str, *, max_rows: int = MAX_ROWS) -> RawWorkbook:
    """Read every sheet's values (at most `max_rows` rows, MAX_COLS columns); raise UnreadableFile.

    The file is read once into memory; its XML is checked (`package.guard_package`) before
    calamine sees it, and calamine's failures, Rust panics included, become UnreadableFile.
    """
    path = as_path(path)
    data = read_user_file(path)
    with sniff(path.name, data) as archive:
        canonical = _read_canonical(archive, max_rows)
        digest, properties = hashlib.sha256(data).hexdigest(), _properties(archive)
    if canonical is not None:
        return RawWorkbook(path, *canonical, digest=digest, properties=properties)
    package = _guard(path.name, data, max_rows)
    _check_grid(path.name, package, max_rows)
    scans = {normalize_text(name) or name: scan for name, scan in package.scans.items()}
    try:
        sheets = _read_calamine(package.for_calamine(data), package, max_rows)
    except _PROCESS_EXITS:
        raise
    except BaseException as exc:  # calamine raises unrelated types for broken parts, and panics
        raise _classify_failure(path, exc) from exc
    return RawWorkbook(path, sheets, scans, digest=digest, properties=properties)


def _check_grid(shown: str, package: GuardedPackage, max_rows: int) -> None:
    """The rectangles calamine will build for all the sheets together must stay within MAX_BOOK_GRID
    (a small file of hundreds of sheets, each with one cell far down, would take gigabytes)."""
    sizes = {name: (min(s.max_row, max_rows), min(s.max_col, MAX_COLS)) for name, s in package.scans.items()}
    if sum(rows * cols for rows, cols in sizes.values()) > MAX_BOOK_GRID:
        sheet = max(sizes, key=lambda name: sizes[name][0] * sizes[name][1])
        limit = m.CLI["read_grid_too_large"].format(limit=format_money(MAX_BOOK_GRID), sheet=sheet,
                                                    cell=address(*sizes[sheet]))
        raise UnreadableFile("file-too-large", path=shown, size=limit)


def _properties(archive: zipfile.ZipFile) -> bytes:
    """docProps/core.xml (who saved the package, when, its identifier); empty when absent or odd."""
    try:
        info = archive.getinfo(CORE_PART)
        return archive.read(info) if info.file_size <= MAX_PROPERTIES_BYTES else b""
    except (KeyError, *ZIP_ERRORS):
        return b""


def as_path(value: object) -> Path:
    """A file argument as a Path; anything else (None, a number) names no file to be found."""
    if isinstance(value, (str, os.PathLike)):
        return Path(value)
    raise UnreadableFile("file-not-found", path=str(value))


def _guard(shown: str, data: bytes, max_rows: int) -> GuardedPackage:
    bounds = Bounds(rows=max_rows, cols=MAX_COLS, max_bytes=MAX_SHEET_XML_BYTES, max_cells=MAX_BOOK_CELLS)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return guard_package(archive, bounds, MAX_BOOK_CELLS)
    except PackageRefused as exc:
        raise refused(shown, exc) from None
    except ZIP_ERRORS:
        raise UnreadableFile("file-truncated", path=shown) from None


def refused(shown: str, exc: PackageRefused, max_cells: int | None = None) -> UnreadableFile:
    """The UnreadableFile of a package the guard refused (`max_cells`: the bound it was given)."""
    template = m.CLI[f"read_{exc.reason.replace('-', '_')}"]
    if exc.reason in ("too-large", "too-many-cells"):
        cells = format_money(max_cells or MAX_BOOK_CELLS)
        limit = megabytes(MAX_SHEET_XML_BYTES) if exc.reason == "too-large" else cells
        return UnreadableFile("file-too-large", path=shown, size=template.format(sheet=exc.part, limit=limit))
    detail = m.library_text(exc.detail) if exc.reason in ("malformed", "damaged") else exc.detail  # English text
    return UnreadableFile("file-corrupt", path=shown, detail=template.format(sheet=exc.part, detail=detail))


def _read_canonical(source: bytes | zipfile.ZipFile,
                    max_rows: int) -> tuple[dict[str, RawSheet], dict[str, SheetScan]] | None:
    """Every sheet of a workbook whose cells are all canonical, read without calamine; else None.

    Excel and openpyxl write cells in one shape (`canonical.py`): such a workbook is read from the
    regular expressions that recognize its cells, with the XML of its cell data checked by expat.
    Anything else — and anything the full guard would look at twice — goes the long way.
    """
    parts: list[tuple[str, str, Reduced]] = []
    read: set[str] = set()  # the sheets' members, checked here; the guard's inspection of the rest is repeated
    budget = MAX_BOOK_CELLS
    try:
        with contextlib.nullcontext(source) if isinstance(source, zipfile.ZipFile) else \
                zipfile.ZipFile(io.BytesIO(source)) as archive:
            check_names(archive)
            if not plain_book(archive):
                return None
            for name, member, state, kind in sheet_entries(archive, MAX_SHEET_XML_BYTES):
                info = archive.getinfo(member) if member and state in _STATES and kind == "worksheet" else None
                reduced = reduce_sheet(archive.read(info)) if info and info.file_size <= FAST_BYTES else None
                if reduced is None:
                    return None
                rows_plain = plain_rows(reduced)
                if odd_cell_data(reduced, rows_plain) or not calamine_reads(reduced, rows_plain):
                    return None
                budget -= reduced.elements
                if budget < 0:
                    return None
                parts.append((name, _STATES[state], reduced))  # type: ignore[index]
                read.add(member)  # type: ignore[arg-type]
            listed = {info.filename.casefold(): info.filename for info in archive.infolist()}.get(SHARED_STRINGS.casefold())
            raw_strings = _optional_part(archive, SHARED_STRINGS, bytes)
            strings = shared_strings(raw_strings) if raw_strings is not None else None
            if listed is not None and strings is None:  # calamine reads it on opening, used or not
                return None
            styles = number_styles(_optional_part(archive, "xl/styles.xml", bytes))
            bounds = Bounds(rows=max_rows, cols=MAX_COLS, max_bytes=MAX_SHEET_XML_BYTES, max_cells=budget)
            known = {SHARED_STRINGS: raw_strings} if raw_strings is not None else {}
            if not others_pass_the_guard(archive, read, bounds, known):  # which inspects the strings again
                return None
    except (PackageRefused, KeyError, IndexError, OverflowError, *ZIP_ERRORS):
        return None  # the long way gives the verdict
    if styles is None or not parts or len({normalize_text(name) or name for name, *_ in parts}) != len(parts):
        return None  # two sheets under one name: which one each reader keeps is not certain
    sheets: dict[str, RawSheet] = {}
    scans: dict[str, SheetScan] = {}
    grid_budget = [MAX_BOOK_GRID]
    for name, visibility, reduced in parts:
        try:
            grid = cell_values(reduced, strings, styles, max_rows, MAX_COLS, grid_budget)
        except ValueError:  # the long way gives the verdict
            return None
        if grid is None:
            return None
        sheet = RawSheet(normalize_text(name) or name, grid.rows, visibility, total_rows=len(grid.rows))
        for row, col in grid.odd:
            _clean_value(sheet, grid.rows[row - 1], row - 1, col - 1)
        sheets[sheet.name] = sheet
        scans[sheet.name] = SheetScan(max_row=len(grid.rows), max_col=len(grid.rows[0]) if grid.rows else 0,
                                      last_cell=grid.last_cell, formulas=set(reduced.formulas),
                                      cells=len(reduced.refs), elements=reduced.elements)
    return sheets, scans


_STATES = {"visible": "visible", "hidden": "hidden", "veryHidden": "veryhidden"}
def _optional_part(archive: zipfile.ZipFile, name: str, read: Any) -> Any:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    return read(archive.read(info)) if info.file_size <= FAST_BYTES else None


def _read_calamine(source: bytes, package: GuardedPackage, max_rows: int) -> dict[str, RawSheet]:
    from python_calamine import CalamineWorkbook

    sheets: dict[str, RawSheet] = {}
    # From an open file, calamine detects the format by content (a renamed .xls/.xlsx still reads).
    with CalamineWorkbook.from_filelike(io.BytesIO(source)) as book:
        for meta in book.sheets_metadata:
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False, nrows=max_rows)
            scan = package.scans.get(meta.name, SheetScan())
            sheet = _raw_sheet(normalize_text(meta.name) or meta.name, rows, _visibility(meta))
            sheet.total_rows = scan.max_row
            sheets[sheet.name] = sheet
    return sheets


def _raw_sheet(name: str, rows: list[list[Any]], visibility: str) -> RawSheet:
    sheet = RawSheet(name=name, rows=[[normalize(v) for v in row[:MAX_COLS]] for row in rows],
                     visibility=visibility)
    for index, values in enumerate(sheet.rows):
        for col, value in enumerate(values):
            if type(value) is str and not value.isprintable():  # line breaks, or worse
                _clean_value(sheet, values, index, col)
    return sheet


def _clean_value(sheet: RawSheet, values: list[Any], index: int, col: int) -> None:
    """Word breaks and CR become LF; what XML cannot hold is dropped, and its cell noted."""
    value = values[col]
    cleaned = strip_illegal(value)
    if cleaned != value:
        values[col] = normalize_text(cleaned)
    if odd := illegal_characters(value):
        sheet.invalid_text[address(index + 1, col + 1)] = odd


def _visibility(meta: Any) -> str:
    text = str(meta.visible).lower()
    if "veryhidden" in text:
        return "veryhidden"
    return "hidden" if "hidden" in text else "visible"


def _classify_failure(path: Path, exc: BaseException) -> UnreadableFile:
    text = " ".join(str(exc).split())
    if "password" in text.lower() or type(exc).__name__ == "PasswordError":
        return UnreadableFile("file-encrypted", path=path.name)
    detail = m.calamine_text(text)  # calamine's text is English: never shown
    if not isinstance(exc, Exception):  # a Rust panic inside calamine
        return UnreadableFile("file-unreadable", path=path.name, detail=m.CLI["read_parser_failed"].format(detail=detail))
    return UnreadableFile("file-corrupt", path=path.name, detail=detail)


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
