"""Write a check's annotations into the open workbook through xlwings objects (no file I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from qplan_xl import messages as m
from qplan_xl.output import safe_text
from qplan_xl.report import ERROR
from qplan_xl.workbook.annotate import (
    CHECK_SHEET,
    COLUMN_WIDTHS,
    ERROR_FILL,
    HEAD_ROWS,
    RECORD_COL,
    RECORD_HEADER,
    TABLE_ROW,
    WARNING_FILL,
    Annotations,
    CellMark,
    fill_rgb,
    has_our_note,
    merge_note,
    nfc,
    parse_record,
    record_rows,
    strip_note,
)

# Sheet.Protect options Excel keeps per sheet; re-applied as they were after we write.
PROTECTION_FLAGS = (
    "AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
    "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
    "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
    "AllowUsingPivotTables",
)


def write_back(book: Any, ann: Annotations) -> Any:
    """Clear the previous check, then write the Kiem tra sheet, notes and fills; returns the sheet."""
    clear_book(book)
    sheet = _new_check_sheet(book)
    _write_check_sheet(sheet, ann)
    records = mark_cells(book, ann.marks)
    sheet.range((TABLE_ROW, RECORD_COL)).value = record_rows(records)
    sheet.range((1, RECORD_COL), (1, RECORD_COL + len(RECORD_HEADER) - 1)).api.EntireColumn.Hidden = True
    sheet.activate()
    _freeze_below(book, TABLE_ROW)
    return sheet


def clear_book(book: Any) -> None:
    """Restore the fills recorded by the last check, remove our notes and the Kiem tra sheet."""
    sheets = sheets_by_name(book)
    old = sheets.get(nfc(CHECK_SHEET))
    if old is not None:
        for name, cell, fill in parse_record(_record_values(old)):
            target = sheets.get(nfc(name))
            if target is not None:
                with unprotected(target) as writable:
                    if writable:
                        target.range(cell).color = rgb_tuple(fill_rgb(fill))
        old.delete()
    for sheet in book.sheets:
        _strip_notes(sheet)


def sheets_by_name(book: Any) -> dict[str, Any]:
    return {nfc(str(sheet.name)): sheet for sheet in book.sheets}


def _record_values(sheet: Any) -> list[Any]:
    last = max(int(sheet.used_range.last_cell.row), TABLE_ROW)
    values = sheet.range((TABLE_ROW, RECORD_COL), (last, RECORD_COL + 2)).value
    if not values:
        return []
    return values if isinstance(values[0], (list, tuple)) else [values]


def _strip_notes(sheet: Any) -> None:
    ours = [c for c in list(sheet.api.Comments) if has_our_note(_comment_text(c))]
    if not ours:
        return
    with unprotected(sheet) as writable:
        for comment in ours if writable else ():
            kept = strip_note(_comment_text(comment))
            if kept:
                comment.Text(kept)
            else:
                comment.Delete()


def _comment_text(comment: Any) -> str | None:
    text = comment.Text() if comment is not None else None
    return text if isinstance(text, str) else None


def _new_check_sheet(book: Any) -> Any:
    guide = sheets_by_name(book).get(nfc(m.SHEETS["guide"]))
    if guide is not None:
        return book.sheets.add(CHECK_SHEET, after=guide)
    first = next(iter(book.sheets), None)
    return book.sheets.add(CHECK_SHEET, before=first) if first is not None else book.sheets.add(CHECK_SHEET)


def _write_check_sheet(sheet: Any, ann: Annotations) -> None:
    head = ann.head_lines()
    sheet.range((1, 1)).value = [[safe_text(line)] for line in head]
    sheet.range((1, 1)).api.Font.Bold = True
    sheet.range((1, 1)).api.Font.Size = 14
    sheet.range((3, 1)).api.Font.Bold = True
    table = ann.table()
    sheet.range((TABLE_ROW, 1)).value = [[safe_text(v) for v in row] for row in table]
    header = sheet.range((TABLE_ROW, 1), (TABLE_ROW, len(table[0])))
    header.api.Font.Bold = True
    header.color = rgb_tuple("DDEBF7")
    for col, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.range((TABLE_ROW, col)).column_width = width
    how = sheet.range((HEAD_ROWS, 1), (HEAD_ROWS, len(table[0])))
    how.api.Merge()
    how.api.WrapText = True
    body = sheet.range((TABLE_ROW + 1, 1), (TABLE_ROW + len(table) - 1, len(table[0])))
    body.api.WrapText = True
    body.api.VerticalAlignment = -4160  # xlTop
    body.api.Rows.AutoFit()
    for offset, row in enumerate(ann.rows, start=1):
        sheet.range((TABLE_ROW + offset, 2)).color = rgb_tuple(ERROR_FILL if row.severity == ERROR else WARNING_FILL)
        if row.target:
            anchor = sheet.range((TABLE_ROW + offset, 4))
            sheet.api.Hyperlinks.Add(Anchor=anchor.api, Address="", SubAddress=row.target, TextToDisplay=row.cell)


def mark_cells(book: Any, marks: Iterable[CellMark]) -> list[tuple[str, str, str]]:
    """Fill and note each bad cell; returns (sheet, cell, original fill) for the next clear."""
    sheets = sheets_by_name(book)
    records = []
    for name, group in _by_sheet(marks).items():
        sheet = sheets.get(nfc(name))
        if sheet is None:
            continue
        with unprotected(sheet) as writable:
            if not writable:
                continue  # a password-protected sheet: the Kiem tra table still lists its cells
            for mark in group:
                records.append((str(sheet.name), mark.cell, _mark_cell(sheet.range(mark.cell), mark)))
    return records


def _by_sheet(marks: Iterable[CellMark]) -> dict[str, list[CellMark]]:
    groups: dict[str, list[CellMark]] = {}
    for mark in marks:
        groups.setdefault(mark.sheet, []).append(mark)
    return groups


def _mark_cell(cell: Any, mark: CellMark) -> str:
    original = rgb_hex(cell.color)
    cell.color = rgb_tuple(mark.fill)
    comment = cell.api.Comment
    existing = _comment_text(comment)
    if existing is not None:
        comment.Text(merge_note(existing, mark.note))
    else:
        cell.api.AddComment(mark.note)
    return original


@contextmanager
def unprotected(sheet: Any) -> Iterator[bool]:
    """Lift a password-less sheet protection while we write, then put it back as it was.

    Yields False when the sheet has a password (we cannot write there).
    """
    api = sheet.api
    if api.ProtectContents is not True:
        yield True
        return
    flags = {name: bool(getattr(api.Protection, name)) for name in PROTECTION_FLAGS}
    drawing, scenarios = bool(api.ProtectDrawingObjects), bool(api.ProtectScenarios)
    try:
        api.Unprotect()
    except Exception:
        yield False
        return
    try:
        yield True
    finally:
        api.Protect(DrawingObjects=drawing, Contents=True, Scenarios=scenarios, **flags)


def _freeze_below(book: Any, row: int) -> None:
    window = book.app.api.ActiveWindow
    window.FreezePanes = False
    window.SplitColumn = 0
    window.SplitRow = row
    window.FreezePanes = True


def rgb_tuple(code: str | None) -> tuple[int, int, int] | None:
    """'FFC7CE' -> (255, 199, 206); None stays None (no fill)."""
    if not code:
        return None
    return int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16)


def rgb_hex(color: Any) -> str:
    """An xlwings colour (RGB tuple or None) as the record keeps it: 'RRGGBB' or ''."""
    if isinstance(color, (tuple, list)) and len(color) == 3:
        return "{:02X}{:02X}{:02X}".format(*(int(c) for c in color))
    return ""
