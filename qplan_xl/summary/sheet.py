"""Write the `Tong hop` summary sheet into a copy of a workbook (openpyxl; source untouched)."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qplan_xl import messages as m
from qplan_xl.output import OutputError, atomic_write, set_cell
from qplan_xl.summary.render import Row, sheet_rows

if TYPE_CHECKING:
    from qplan_xl.summary.compute import Summary

WIDTHS = (22.0, 50.0)  # label and name columns; the rest get DEFAULT_WIDTH
DEFAULT_WIDTH = 14.0
HEADER_HEIGHT = 32.0  # two lines of wrapped header text
HEADER_FILL = "D9E1F2"


class SameAsInput(OutputError):
    """The destination is the source workbook itself: refuse rather than overwrite it."""

    def _message(self) -> str:
        return m.cli_message("same_as_input", path=self.path)


def write_summary_sheet(source: Path | str, summary: Summary, dest: Path | str) -> None:
    """Load `source`, put a fresh summary sheet after `Van ban`, save atomically to `dest`."""
    source, dest = Path(source), Path(dest)
    if _same_file(source, dest):
        raise SameAsInput(dest)
    book = _load(source)
    sheet = _fresh_sheet(book)
    _fill(sheet, sheet_rows(summary))
    _layout(sheet)
    atomic_write(dest, book.save)


def _same_file(source: Path, dest: Path) -> bool:
    if dest.exists() and source.exists():
        return os.path.samefile(source, dest)
    return source.resolve() == dest.resolve()


def _load(source: Path) -> Any:
    from openpyxl import load_workbook

    # openpyxl warns about Excel extensions it drops (x14 validation); they are ours to
    # re-create, and a warning here would only reach the user as noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(source)


def _fresh_sheet(book: Any) -> Any:
    """Remove an older summary sheet and create an empty one after the texts sheet."""
    name = m.SHEETS["summary"]
    active = book.active
    if name in book.sheetnames:
        book.remove(book[name])
    sheet = book.create_sheet(name, _position(book))
    # The active sheet is kept by index: re-point it at the same sheet after the insertion.
    book.active = active if active in book.worksheets else 0
    return sheet


def _position(book: Any) -> int:
    names = book.sheetnames
    texts = m.SHEETS["texts"]
    if texts in names:
        return names.index(texts) + 1
    visible = [i for i, ws in enumerate(book.worksheets) if ws.sheet_state == "visible"]
    return (visible[-1] + 1) if visible else len(names)


def _fill(sheet: Any, rows: list[Row]) -> None:
    for r, row in enumerate(rows, start=1):
        if row.kind == "header":
            sheet.row_dimensions[r].height = HEADER_HEIGHT
        for c, value in enumerate(row.values, start=1):
            cell = set_cell(sheet.cell(row=r, column=c), value)
            _style(cell, row, c)


def _style(cell: Any, row: Row, column: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    if row.kind in ("title", "heading"):
        cell.font = Font(bold=True, size=14 if row.kind == "title" else 12)
        return
    if row.kind not in ("header", "data", "total"):
        return
    thin = Side(style="thin", color="808080")
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    if row.kind == "header":
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    cell.font = Font(bold=row.kind != "data")
    fmt = row.formats[column - 1] if column <= len(row.formats) else None
    if fmt:
        cell.number_format = fmt


def _layout(sheet: Any) -> None:
    from openpyxl.utils import get_column_letter

    used = max(sheet.max_column, len(WIDTHS))
    for index in range(1, used + 1):
        width = WIDTHS[index - 1] if index <= len(WIDTHS) else DEFAULT_WIDTH
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
