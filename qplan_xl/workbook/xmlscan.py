"""One cheap pass over each worksheet's XML: true extent, formula cells and Excel error cells."""

# calamine builds the dense rectangle of a sheet before anything can be bounded, so one stray
# value in XFD1 and another in A1048576 asks it for 17 billion cells (the process aborts). The
# true extent is therefore measured here first, and the reader bounds what it reads.

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"')
_REL_RE = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_REL_RE2 = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"')
_ROW_RE = re.compile(rb'<row\b[^>]*?\br="([0-9]{1,7})"')
# A literal start is ~8x faster than anchoring on `<c`; an attribute of another name that ends in
# "r" could match too, and only costs an exact scan (`_measure_columns`).
_WIDE_RE = re.compile(rb'r="[A-Z]{2,3}[0-9]')
_REF_RE = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_FORMULA_RE = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*?>\s*<f[\s>/]')
_ERROR_TAG_RE = re.compile(rb'<c\b([^>]*?\bt="e"[^>]*)>(.*?)</c>', re.S)
_ATTR_REF_RE = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_VALUE_RE = re.compile(rb"<v>([^<]*)</v>")


@dataclass
class SheetScan:
    """What the XML of one worksheet says about it."""

    max_row: int = 0
    max_col: int = 0
    far_cell: str | None = None  # the farthest cell, when the sheet is wider than the reader reads
    formulas: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)  # address -> '#REF!'


def scan_workbook(archive: zipfile.ZipFile, max_cols: int) -> dict[str, SheetScan]:
    """SheetScan of every worksheet, by NFC sheet name (missing or odd parts are skipped)."""
    scans: dict[str, SheetScan] = {}
    for name, part in _sheet_parts(archive).items():
        try:
            data = archive.read(part)
        except (KeyError, OSError, ValueError, zipfile.BadZipFile):
            continue
        scans[name] = scan_sheet(data, max_cols)
    return scans


def scan_sheet(data: bytes, max_cols: int) -> SheetScan:
    scan = SheetScan()
    rows = _ROW_RE.findall(data[data.rfind(b"<row ") :]) if b"<row " in data else []
    scan.max_row = int(rows[-1]) if rows else data.count(b"<row")
    scan.max_col = max_cols if _WIDE_RE.search(data) else 0
    if scan.max_col:
        _measure_columns(data, scan, max_cols)
    if b"<f>" in data or b"<f " in data:
        scan.formulas = {ref.decode() for ref in _FORMULA_RE.findall(data)}
    if b't="e"' in data:
        scan.errors = _error_cells(data)
    return scan


def _measure_columns(data: bytes, scan: SheetScan, max_cols: int) -> None:
    """Exact extent of a sheet that has two- or three-letter columns (rare: scan every cell)."""
    scan.max_col = 0
    for letters, row in _REF_RE.findall(data):
        col = column_number(letters.decode())
        scan.max_row = max(scan.max_row, int(row))
        if col > scan.max_col:
            scan.max_col = col
            if col > max_cols:
                scan.far_cell = f"{letters.decode()}{int(row)}"


def _error_cells(data: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    for attrs, body in _ERROR_TAG_RE.findall(data):
        ref = _ATTR_REF_RE.search(attrs)
        value = _VALUE_RE.search(body)
        if ref:
            found[ref[1].decode()] = value[1].decode(errors="replace") if value else "#ERROR"
    return found


def column_number(letters: str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part of each sheet name (NFC), from the workbook and its relationships."""
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = dict(_REL_RE.findall(rels)) | {i: t for t, i in _REL_RE2.findall(rels)}
    parts = {}
    for raw_name, rel_id in _SHEET_RE.findall(workbook):
        target = targets.get(rel_id, b"").decode()
        name = unicodedata.normalize("NFC", _unescape(raw_name.decode("utf-8", errors="replace"))).strip()
        parts[name] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
        .replace("&amp;", "&")
    )
