"""A school's workbook opened with openpyxl to write into a copy, bounded like the reader."""

# openpyxl builds an object for every <c> of a sheet, and for every cell of a merged or
# hyperlinked range (a single <mergeCell ref="A2:XFD1048576"/> asked it for 1.8 GB). Before it
# sees a file, the package is checked as the reader checks it (regular file, size, XML without
# DTD, no twin parts) and these cells are counted; openpyxl then reads the very bytes checked.

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.workbook.cells import format_money
from qplan_xl.workbook.read.package import PackageRefused, guard_package
from qplan_xl.workbook.read.reader import MAX_SHEET_XML_BYTES, UnreadableFile, refused
from qplan_xl.workbook.read.source import ZIP_ERRORS, read_user_file, sniff
from qplan_xl.workbook.read.xmlscan import GRID_COLS, GRID_ROWS, Bounds

# The reader's own bound (5,000 rows x 60 columns); a template has ~15,000 cells. Measured here:
# 300,000 cells take ~190 MB and ~4 s to load and save (a template: ~50 MB, 0.4 s).
MAX_EDIT_CELLS = 300_000


class EditRefused(Exception):
    """The workbook cannot be opened or saved for editing; the message is Vietnamese."""


def load_for_editing(source: Path) -> Any:
    """The openpyxl Workbook of `source`, once its bytes pass the checks; EditRefused otherwise."""
    import openpyxl

    data = _checked_bytes(source)
    try:
        with warnings.catch_warnings():
            # Extensions openpyxl cannot keep (x14 lists, slicers) are dropped with a warning;
            # the copy is still the best we can give the school.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data))
    except Exception as exc:
        raise _openpyxl_failed(exc) from exc


def save_edited(book: Any, path: Path) -> None:
    """Save `book` to `path`; EditRefused when openpyxl refuses a value it loaded."""
    try:
        book.save(path)
    except OSError:
        raise  # the disk: atomic_write turns it into an OutputError
    except Exception as exc:
        raise _openpyxl_failed(exc) from exc


def _checked_bytes(source: Path) -> bytes:
    bounds = Bounds(rows=GRID_ROWS, cols=GRID_COLS, max_bytes=MAX_SHEET_XML_BYTES, max_cells=MAX_EDIT_CELLS)
    try:
        data = read_user_file(source)
        sniff(source.name, data).close()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            guarded = guard_package(archive, bounds, MAX_EDIT_CELLS, rewrite=False)
    except PackageRefused as exc:
        raise EditRefused(_issue(refused(source.name, exc, MAX_EDIT_CELLS))) from None
    except UnreadableFile as exc:
        raise EditRefused(_issue(exc)) from None
    except ZIP_ERRORS as exc:
        raise _openpyxl_failed(exc) from None
    cells = sum(scan.elements + scan.range_cells for scan in guarded.scans.values())
    if cells > MAX_EDIT_CELLS:
        raise EditRefused(m.EXCEL_CLI["annotate_too_large"].format(
            cells=format_money(cells), limit=format_money(MAX_EDIT_CELLS)))
    return data


def _issue(exc: UnreadableFile) -> str:
    return m.issue_message(exc.code, **exc.params)


def _openpyxl_failed(exc: BaseException) -> EditRefused:
    return EditRefused(m.EXCEL_CLI["annotate_unreadable"].format(detail=m.exception_text(exc)))
