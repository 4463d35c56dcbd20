"""Cell styles, protection, dropdowns and print setup shared by the workbook sheet builders."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from qplan_xl import messages as m
from qplan_xl.output import set_cell
from qplan_xl.workbook import layout

PROMPT_TITLE_MAX = 32  # Excel's limits for data-validation messages
PROMPT_TEXT_MAX = 255
TEXT_FORMAT = "@"
DATE_FORMAT = "dd/mm/yyyy"
FONT_NAME = "Calibri"  # the workbook default; named explicitly so LibreOffice does not swap in a serif
LINE_HEIGHT = 15.0  # points per line of 11 pt text
CHARS_PER_WIDTH = 1.2  # Vietnamese text in Calibri 11: characters per unit of column width

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=13, color="1F3864")
HEADER_FONT = Font(name=FONT_NAME, bold=True, size=11)
NOTE_FONT = Font(name=FONT_NAME, italic=True, size=11, color="C00000")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
UNLOCKED = Protection(locked=False)
ERROR_STYLES = {"strict": "stop", "soft": "warning", "owner": "information"}


def cell(ws: Worksheet, row: int, col: int, value: Any, **style: Any) -> Any:
    """Write a formula-safe value and apply style attributes (font=, fill=, ...)."""
    target = set_cell(ws.cell(row, col), value)
    for name, attr in style.items():
        setattr(target, name, attr)
    return target


def input_cell(ws: Worksheet, row: int, col: int, **style: Any) -> Any:
    """An unlocked cell the school fills in."""
    target = ws.cell(row, col)
    target.protection = UNLOCKED
    for name, attr in style.items():
        setattr(target, name, attr)
    return target


def copy_style_down(ws: Worksheet, source: Any, last_row: int) -> None:
    """Give the cells below `source`, down to `last_row`, the same style: the plan sheets prepare
    thousands of input cells, and copying the style array is much faster than styling each one."""
    from copy import copy

    for row in range(source.row + 1, last_row + 1):
        ws.cell(row, source.column)._style = copy(source._style)


def title(ws: Worksheet, text: str, ncols: int, height: float = 24) -> None:
    """The sheet title in TITLE_ROW, merged across the table."""
    cell(ws, layout.TITLE_ROW, 1, text, font=TITLE_FONT, alignment=CENTER)
    if ncols > 1:
        ws.merge_cells(start_row=layout.TITLE_ROW, start_column=1, end_row=layout.TITLE_ROW, end_column=ncols)
    ws.row_dimensions[layout.TITLE_ROW].height = height


def headers(ws: Worksheet, labels: Sequence[str], height: float = 32) -> None:
    for col, label in enumerate(labels, start=1):
        cell(ws, layout.HEADER_ROW, col, label, font=HEADER_FONT, fill=HEADER_FILL, border=BORDER,
             alignment=CENTER)
    ws.row_dimensions[layout.HEADER_ROW].height = height


def widths(ws: Worksheet, values: Sequence[float]) -> None:
    for col, width in enumerate(values, start=1):
        ws.column_dimensions[layout.column_letter(col)].width = width


def note(text: str) -> Comment:
    return Comment(text, m.TEMPLATE["note_author"], width=320, height=90)


def text_lines(text: object, width: float) -> int:
    """Lines a wrapped text takes in a column of `width` (an estimate: no font metrics here)."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def fit_row_height(ws: Worksheet, row: int, col_widths: Sequence[float], max_lines: int = 30) -> None:
    """Set a row's height for its wrapped text: Excel and LibreOffice do not refit rows on open."""
    lines = max(text_lines(ws.cell(row, col).value, w) for col, w in enumerate(col_widths, start=1))
    ws.row_dimensions[row].height = LINE_HEIGHT * min(lines, max_lines) + 3


def runs(letter: str, rows: Sequence[int]) -> str:
    """'C3:C5 C8' for rows 3, 4, 5, 8 of column C."""
    spans: list[list[int]] = []
    for row in sorted(rows):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return " ".join(f"{letter}{a}:{letter}{b}" if a != b else f"{letter}{a}" for a, b in spans)


def validate(ws: Worksheet, ref: str, list_name: str | None, prompt_title: str, prompt: str | None,
             *, error: str = "soft") -> None:
    """One data validation over `ref` (space-separated ranges): a dropdown of a named list
    and/or an input message. `error` is strict (stop), soft (warning) or owner (information)."""
    if not list_name and not prompt:
        return
    prompt_title = prompt_title[:PROMPT_TITLE_MAX]
    error_title, error_text = m.LIST_ERRORS[error]
    for text, limit in ((prompt or "", PROMPT_TEXT_MAX), (error_title, PROMPT_TITLE_MAX),
                        (error_text, PROMPT_TEXT_MAX)):
        assert len(text) <= limit, f"data-validation text over Excel's {limit} characters: {text}"
    dv = DataValidation(
        type="list" if list_name else None, formula1=list_name, allow_blank=True,
        showInputMessage=bool(prompt), promptTitle=prompt_title if prompt else None, prompt=prompt,
        showErrorMessage=bool(list_name), errorStyle=ERROR_STYLES[error],
        errorTitle=error_title, error=error_text,
    )
    for part in ref.split():
        dv.add(part)
    ws.add_data_validation(dv)


def protect(ws: Worksheet) -> None:
    """Lock labels and headers without a password (a guard against slips, not security);
    users may still format, insert or delete rows, sort and filter."""
    p = ws.protection
    p.sheet = True
    p.formatCells = p.formatColumns = p.formatRows = False
    p.insertRows = p.deleteRows = p.sort = p.autoFilter = False


def print_setup(ws: Worksheet, *, landscape: bool, title_rows: bool = True) -> None:
    """A4, fit to page width, title and header repeated on every page, page numbers."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = m.TEMPLATE["print_footer"]
    if title_rows:
        ws.print_title_rows = f"{layout.TITLE_ROW}:{layout.HEADER_ROW}"
