"""Merged cell ranges of a sheet, read from the workbook's XML (the reader exposes none)."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from html import unescape
from pathlib import Path

from qplan_xl.workbook.read.xml import column_number

MAX_SHEET_XML = 64 << 20  # bytes of one sheet part read for its merged ranges; beyond, none are reported
_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"')
_REL_RE = re.compile(rb'<Relationship\b([^>]*)>')
_ATTR_RE = re.compile(rb'\b(Id|Target)="([^"]*)"')
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"')

Range = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


def merged_ranges(path: Path, sheet: str) -> list[Range]:
    """Merged ranges of `sheet` in the .xlsx at `path`; [] when the file or part cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None or archive.getinfo(part).file_size > MAX_SHEET_XML:
                return []
            data = archive.read(part)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError, NotImplementedError, EOFError):
        return []
    return [(int(r1), column_number(c1.decode()), int(r2), column_number(c2.decode()))
            for c1, r1, c2, r2 in _MERGE_RE.findall(data)]


def range_of(ranges: list[Range], row: int, col: int) -> Range | None:
    """The merged range holding the cell, when the cell is not its top-left one (which keeps the value)."""
    for found in ranges:
        r1, c1, r2, c2 = found
        if r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1):
            return found
    return None


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    wanted = unicodedata.normalize("NFC", sheet)
    ids = {unicodedata.normalize("NFC", unescape(n.decode("utf-8", "replace"))): rid
           for n, rid in _SHEET_RE.findall(archive.read("xl/workbook.xml"))}
    if wanted not in ids:
        return None
    for attrs in _REL_RE.findall(archive.read("xl/_rels/workbook.xml.rels")):
        found = dict(_ATTR_RE.findall(attrs))
        if found.get(b"Id") == ids[wanted] and b"Target" in found:
            target = found[b"Target"].decode("utf-8", "replace").lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    return None
