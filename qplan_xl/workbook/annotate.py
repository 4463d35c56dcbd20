"""Write a validation report back into a copy of a workbook: a Kiểm tra sheet, notes and fills."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.errors import QplanError
from qplan_xl.output import atomic_write, set_cell
from qplan_xl.report import ERROR, Issue, Report
from qplan_xl.version import __version__
from qplan_xl.workbook.editing import EditRefused, load_for_editing, save_edited
from qplan_xl.workbook.layout import column_letter

CHECK_SHEET = m.SHEETS["check"]
ERROR_FILL = "FFC7CE"  # Excel's built-in "Bad" red
WARNING_FILL = "FFEB9C"  # Excel's built-in "Neutral" yellow
NOTE_AUTHOR = "qplan"
HEAD_ROWS = 5  # title, file, result, time, how-to
TABLE_ROW = 7  # header of the issue table; issues below it
RECORD_COL = 10  # hidden columns J:L remember which cells we marked and their original fill
RECORD_HEADER = ("qplan:sheet", "qplan:cell", "qplan:fill")
COLUMN_WIDTHS = (5, 10, 14, 8, 90, 24)
_CELL_RE = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


class AnnotateError(QplanError):
    """The annotated copy could not be written; the message is Vietnamese and says what to do."""


@dataclass(frozen=True)
class CheckRow:
    """One line of the Kiểm tra table."""

    no: int
    severity: str
    sheet: str | None
    cell: str | None
    message: str
    code: str

    @property
    def target(self) -> str | None:
        """Where the row's hyperlink goes, e.g. "'TC1'!D7"; None when there is no cell."""
        return link_location(self.sheet, self.cell) if self.sheet and self.cell else None

    def values(self) -> list[Any]:
        sheet = self.sheet or m.CHECK_SHEET["workbook"]
        severity = m.CHECK_SHEET[self.severity]
        return [self.no, severity, sheet, self.cell or "", self.message, self.code]


@dataclass(frozen=True)
class CellMark:
    """A bad cell: its worst severity and the note listing every message about it."""

    sheet: str
    cell: str
    severity: str
    note: str

    @property
    def fill(self) -> str:
        return ERROR_FILL if self.severity == ERROR else WARNING_FILL


@dataclass(frozen=True)
class Annotations:
    """Everything written back for one report, as plain data (shared by openpyxl and xlwings)."""

    file: str
    valid: bool
    errors: int
    warnings: int
    rows: tuple[CheckRow, ...]
    marks: tuple[CellMark, ...]

    def head_lines(self, now: dt.datetime | None = None) -> list[str]:
        """Title, file, result, time and how-to lines above the table."""
        now = now or dt.datetime.now()
        result = m.REPORT["valid" if self.valid else "invalid"]
        return [
            m.CHECK_SHEET["title"],
            m.CHECK_SHEET["file"].format(file=Path(self.file).name),
            result.format(errors=self.errors, warnings=self.warnings),
            m.CHECK_SHEET["checked_at"].format(time=now.strftime("%d/%m/%Y %H:%M"), version=__version__),
            m.CHECK_SHEET["how"],
        ]

    def table(self) -> list[list[Any]]:
        """Header row then one row per issue (or the no-issue line)."""
        header = list(m.CHECK_HEADERS)
        if not self.rows:
            return [header, ["", "", "", "", m.CHECK_SHEET["none"], ""]]
        return [header] + [row.values() for row in self.rows]


# --- pure: report -> annotations -----------------------------------------------------------


def annotations_from_report(report: Report) -> Annotations:
    """The Kiểm tra rows and the per-cell notes and fills for `report`."""
    issues = ordered_issues(report.issues)
    rows = tuple(
        CheckRow(no, i.severity, i.sheet, normal_cell(i.cell), i.message, i.code)
        for no, i in enumerate(issues, start=1)
    )
    return Annotations(report.file, report.valid, report.errors, report.warnings, rows, _marks(issues))


def ordered_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Workbook-level issues first, then grouped by sheet in order of first appearance."""
    groups: dict[str | None, list[Issue]] = {None: []}
    for issue in issues:
        groups.setdefault(issue.sheet, []).append(issue)
    return [issue for group in groups.values() for issue in group]


def _marks(issues: list[Issue]) -> tuple[CellMark, ...]:
    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        cell = normal_cell(issue.cell)
        if issue.sheet and cell:
            by_cell.setdefault((issue.sheet, cell), []).append(issue)
    return tuple(_mark(sheet, cell, found) for (sheet, cell), found in by_cell.items())


def _mark(sheet: str, cell: str, issues: list[Issue]) -> CellMark:
    worst = ERROR if any(i.severity == ERROR for i in issues) else issues[0].severity
    return CellMark(sheet, cell, worst, note_text(issues))


def note_text(issues: Iterable[Issue]) -> str:
    """Our note: a marker line (so the next run can find and remove it), then one line per issue."""
    lines = [m.CHECK_SHEET["note_marker"]]
    for issue in issues:
        severity = m.CHECK_SHEET[issue.severity]
        lines.append(m.CHECK_SHEET["note_line"].format(severity=severity, message=issue.message))
    return "\n".join(lines)


def normal_cell(cell: str | None) -> str | None:
    """'d7' / '$D$7' -> 'D7'; anything that is not a single cell address -> None."""
    match = _CELL_RE.match((cell or "").strip().upper())
    return f"{match.group(1)}{match.group(2)}" if match else None


def link_location(sheet: str, cell: str) -> str:
    """An internal hyperlink location: "'TC1'!D7" (quotes in the name doubled)."""
    return "'{}'!{}".format(sheet.replace("'", "''"), cell)


def merge_note(existing: str | None, ours: str) -> str:
    """Our note added below the school's own note text (an old note of ours is replaced)."""
    kept = strip_note(existing)
    return f"{kept}\n\n{ours}" if kept else ours


def strip_note(existing: str | None) -> str | None:
    """The note without our part; None when nothing of the school's own remains."""
    if not existing:
        return None
    text = existing.split(m.CHECK_SHEET["note_marker"], 1)[0].rstrip()
    return text or None


def has_our_note(text: str | None) -> bool:
    return bool(text) and m.CHECK_SHEET["note_marker"] in str(text)


def text_lines(text: str, width: float) -> int:
    """About how many lines `text` wraps to in a column `width` characters wide."""
    per_line = max(int(width * 1.2), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def record_rows(records: Iterable[tuple[str, str, str]]) -> list[list[str]]:
    """The hidden record block: header, then (sheet, cell, original fill) per marked cell."""
    return [list(RECORD_HEADER)] + [list(r) for r in records]


def parse_record(rows: Iterable[Iterable[Any]]) -> list[tuple[str, str, str]]:
    """Read back the record block (rows below its header); bad rows are skipped."""
    found = []
    for row in rows:
        sheet, cell, fill = (list(row) + [None, None, None])[:3]
        cell = normal_cell(str(cell or ""))
        if sheet and cell and str(sheet) not in RECORD_HEADER:
            found.append((str(sheet), cell, "" if fill is None else str(fill)))
    return found


def fill_rgb(code: str) -> str | None:
    """The RGB hex of a recorded fill ('' or unknown -> None), for writers without XML fills."""
    if re.fullmatch(r"[0-9A-Fa-f]{6}", code):
        return code.upper()
    match = re.search(r'fgColor[^>]*rgb="[0-9A-Fa-f]{2}([0-9A-Fa-f]{6})"', code)
    return match.group(1).upper() if match else None


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
        detail = m.EXCEL_CLI["annotate_unreadable"].format(detail=f"{type(exc).__name__}: {exc}"[:300])
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
