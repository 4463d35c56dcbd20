"""Write a validation report back into a copy of a workbook: a Kiểm tra sheet, notes and fills."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.output import atomic_write, set_cell
from qplan_xl.report import ERROR, Report
from qplan_xl.workbook.editing import EditRefused, load_for_editing, save_edited
from qplan_xl.workbook.layout import column_letter
from qplan_xl.workbook.marks import (
    CHECK_SHEET as CHECK_SHEET,
)
from qplan_xl.workbook.marks import (
    COLUMN_WIDTHS as COLUMN_WIDTHS,
)
from qplan_xl.workbook.marks import (
    ERROR_FILL as ERROR_FILL,
)
from qplan_xl.workbook.marks import (
    HEAD_ROWS as HEAD_ROWS,
)
from qplan_xl.workbook.marks import (
    NOTE_AUTHOR as NOTE_AUTHOR,
)
from qplan_xl.workbook.marks import (
    RECORD_COL as RECORD_COL,
)
from qplan_xl.workbook.marks import (
    RECORD_HEADER as RECORD_HEADER,
)
from qplan_xl.workbook.marks import (
    TABLE_ROW as TABLE_ROW,
)
from qplan_xl.workbook.marks import (
    WARNING_FILL as WARNING_FILL,
)
from qplan_xl.workbook.marks import (  # the pure half, re-exported: callers import both from here
    AnnotateError as AnnotateError,
)
from qplan_xl.workbook.marks import (
    Annotations as Annotations,
)
from qplan_xl.workbook.marks import (
    CellMark as CellMark,
)
from qplan_xl.workbook.marks import (
    CheckRow as CheckRow,
)
from qplan_xl.workbook.marks import (
    annotations_from_report as annotations_from_report,
)
from qplan_xl.workbook.marks import (
    fill_rgb as fill_rgb,
)
from qplan_xl.workbook.marks import (
    has_our_note as has_our_note,
)
from qplan_xl.workbook.marks import (
    link_location as link_location,
)
from qplan_xl.workbook.marks import (
    merge_note as merge_note,
)
from qplan_xl.workbook.marks import (
    nfc as nfc,
)
from qplan_xl.workbook.marks import (
    normal_cell as normal_cell,
)
from qplan_xl.workbook.marks import (
    note_text as note_text,
)
from qplan_xl.workbook.marks import (
    ordered_issues as ordered_issues,
)
from qplan_xl.workbook.marks import (
    parse_record as parse_record,
)
from qplan_xl.workbook.marks import (
    record_rows as record_rows,
)
from qplan_xl.workbook.marks import (
    strip_note as strip_note,
)
from qplan_xl.workbook.marks import (
    text_lines as text_lines,
)

# --- openpyxl: write the annotations into a copy -------------------------------------------


def annotate_copy(source: Path | str, report: Report, dest: Path | str) -> None:
    """Write `source` with `report` marked in it to `dest`; `source` is never modified.

    AnnotateError (Vietnamese) when the source cannot be copied within the bounds or openpyxl
    refuses it; OutputError when `dest` cannot be written.
    """
    source, dest = Path(source), Path(dest)
    _check_destination(source, dest)
    try:
        book = load_for_editing(source)
        _apply(book, report)
        atomic_write(dest, lambda tmp: save_edited(book, tmp))
    except EditRefused as exc:
        raise AnnotateError(m.EXCEL_CLI["annotate_failed"].format(path=source, detail=exc)) from exc


def _apply(book: Any, report: Report) -> None:
    try:
        apply_annotations(book, annotations_from_report(report))
    except Exception as exc:  # openpyxl refusing something of the school's workbook
        detail = m.EXCEL_CLI["annotate_unreadable"].format(detail=m.exception_text(exc))
        raise EditRefused(detail) from exc


def _check_destination(source: Path, dest: Path) -> None:
    try:
        same = dest.resolve() == source.resolve()
        if not same and dest.exists():
            same = dest.samefile(source)
    except (OSError, RuntimeError):  # a symlink loop, a vanished share: not the same file
        same = False
    if same:
        raise AnnotateError(m.cli_message("same_as_input", path=dest))


def apply_annotations(book: Any, ann: Annotations) -> None:
    """Clear the marks of a previous run, then write the Kiểm tra sheet, notes and fills."""
    clear_marks(book)
    sheet = _check_sheet(book)
    _write_head(sheet, ann)
    _write_table(sheet, ann)
    records = _mark_cells(book, ann.marks)
    _write_rows(sheet, TABLE_ROW, RECORD_COL, record_rows(records))
    _activate(book, sheet)


def clear_marks(book: Any) -> None:
    """Undo a previous run: restore recorded fills, remove our notes, drop the Kiểm tra sheet."""
    sheets = _sheets_by_name(book)
    old = sheets.get(nfc(CHECK_SHEET))
    if old is not None:
        for name, cell, fill in parse_record(_record_values(old)):
            if nfc(name) in sheets:
                sheets[nfc(name)][cell].fill = _fill_from_code(fill)
        book.remove(old)
    for ws in book.worksheets:
        _strip_notes(ws)


def _record_values(sheet: Any) -> list[tuple[Any, ...]]:
    return list(
        sheet.iter_rows(min_row=TABLE_ROW, min_col=RECORD_COL, max_col=RECORD_COL + 2, values_only=True)
    )


def _strip_notes(ws: Any) -> None:
    from openpyxl.comments import Comment

    # Only existing cells can hold a note; iter_rows() would create every empty cell in range.
    for cell in list(getattr(ws, "_cells", {}).values()):
        if cell.comment is not None and has_our_note(cell.comment.text):
            kept = strip_note(cell.comment.text)
            cell.comment = Comment(kept, cell.comment.author) if kept else None


def _sheets_by_name(book: Any) -> dict[str, Any]:
    return {nfc(ws.title): ws for ws in book.worksheets}


def _check_sheet(book: Any) -> Any:
    names = [nfc(n) for n in book.sheetnames]
    guide = nfc(m.SHEETS["guide"])
    index = names.index(guide) + 1 if guide in names else 0
    return book.create_sheet(CHECK_SHEET, index)


def _write_head(sheet: Any, ann: Annotations) -> None:
    from openpyxl.styles import Alignment, Font

    for row, line in enumerate(ann.head_lines(), start=1):
        sheet.cell(row, 1, line).font = Font(bold=row in (1, 3), size=14 if row == 1 else 11)
    sheet.merge_cells(start_row=HEAD_ROWS, start_column=1, end_row=HEAD_ROWS, end_column=len(COLUMN_WIDTHS))
    sheet.cell(HEAD_ROWS, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[HEAD_ROWS].height = 15 * text_lines(ann.head_lines()[-1], sum(COLUMN_WIDTHS))
    _print_setup(sheet)
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[_letter(index)].width = width
    for index in range(RECORD_COL, RECORD_COL + len(RECORD_HEADER)):
        sheet.column_dimensions[_letter(index)].hidden = True
    sheet.freeze_panes = sheet.cell(TABLE_ROW + 1, 1)


def _write_table(sheet: Any, ann: Annotations) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    table = ann.table()
    _write_rows(sheet, TABLE_ROW, 1, table)
    for cell in sheet[TABLE_ROW][: len(table[0])]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=TABLE_ROW + 1, max_col=len(table[0])):
        for cell in line:
            cell.alignment = wrap
    for offset, row in enumerate(ann.rows, start=1):
        _style_issue_row(sheet, TABLE_ROW + offset, row)
        # openpyxl cannot measure text: give wrapped rows their height so nothing overlaps.
        sheet.row_dimensions[TABLE_ROW + offset].height = 15 * text_lines(row.message, COLUMN_WIDTHS[4])


def _print_setup(sheet: Any) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{TABLE_ROW}:{TABLE_ROW}"


def _style_issue_row(sheet: Any, row_no: int, row: CheckRow) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    colour = ERROR_FILL if row.severity == ERROR else WARNING_FILL
    sheet.cell(row_no, 2).fill = PatternFill("solid", start_color=colour, end_color=colour)
    if row.target:
        cell = sheet.cell(row_no, 4)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=row.target, display=row.cell)
        cell.font = Font(color="0563C1", underline="single")


def _write_rows(sheet: Any, top: int, left: int, rows: list[list[Any]]) -> None:
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            set_cell(sheet.cell(top + r, left + c), value)


def _mark_cells(book: Any, marks: Iterable[CellMark]) -> list[tuple[str, str, str]]:
    from openpyxl.cell.cell import MergedCell

    sheets = _sheets_by_name(book)
    records = []
    for mark in marks:
        ws = sheets.get(nfc(mark.sheet))
        if ws is None or isinstance(ws[mark.cell], MergedCell):
            continue  # listed in the table; there is no cell of its own to mark
        records.append((ws.title, mark.cell, _fill_code(ws[mark.cell].fill)))
        _mark_cell(ws[mark.cell], mark)
    return records


def _mark_cell(cell: Any, mark: CellMark) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    existing = cell.comment.text if cell.comment is not None else None
    text = merge_note(existing, mark.note)
    height = min(400, 30 + 30 * (text.count("\n") + 1))
    cell.comment = Comment(text, NOTE_AUTHOR, width=360, height=height)
    cell.fill = PatternFill("solid", start_color=mark.fill, end_color=mark.fill)


def _fill_code(fill: Any) -> str:
    """How a cell's fill is remembered: '' for none, else the fill's XML (restored exactly)."""
    if fill is None or getattr(fill, "patternType", "gradient") is None:
        return ""
    from openpyxl.xml.functions import tostring

    return str(tostring(fill.to_tree()).decode("utf-8"))


def _fill_from_code(code: str) -> Any:
    from openpyxl.styles import PatternFill
    from openpyxl.styles.fills import Fill

    if code.lstrip().startswith("<"):
        from openpyxl.xml.functions import fromstring

        try:
            return Fill.from_tree(fromstring(code))
        except Exception:  # a record edited by hand: fall back to no fill
            return PatternFill(fill_type=None)
    rgb = fill_rgb(code)
    return PatternFill("solid", start_color=rgb, end_color=rgb) if rgb else PatternFill(fill_type=None)


def _activate(book: Any, sheet: Any) -> None:
    """Open the copy on the Kiểm tra sheet (only one tab selected, or Excel groups them)."""
    for ws in book.worksheets:
        ws.sheet_view.tabSelected = False
    book.active = book.worksheets.index(sheet)
    sheet.sheet_view.tabSelected = True


def _letter(index: int) -> str:
    return column_letter(index)
