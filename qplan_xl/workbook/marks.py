"""What a check writes back into a workbook, as plain data: marks, notes, the «Kiểm tra» rows (no openpyxl)."""

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
from qplan_xl.report import ERROR, Issue, Report
from qplan_xl.version import __version__

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
