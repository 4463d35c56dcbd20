"""Table sheets written from their column spec: plan sheets, Vấn đề trọng tâm, Theo dõi."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.worksheet import Worksheet

from qplan_xl import messages as m
from qplan_xl.model import SchoolYear
from qplan_xl.workbook import layout
from qplan_xl.workbook.template import style as st


def prompt_values(year: SchoolYear) -> dict[str, str]:
    """Examples in input messages use the workbook's own school year."""
    return {
        "first_month": m.month_label(year.start, 9),
        "last_month": m.month_label(year.start + 1, 5),
        "example_date": f"15/01/{year.start + 1}",
    }


def table_sheet(
    wb: Workbook, name: str, title: str, columns: Sequence[layout.Column], rows: int, year: SchoolYear,
    *, criteria_list: str | None = None, freeze: str = "C",
) -> Worksheet:
    """A titled table with its header row and `rows` prepared input rows driven by the columns."""
    ws = wb.create_sheet(name)
    st.widths(ws, [c.width for c in columns])
    st.title(ws, title, len(columns))
    st.headers(ws, [c.header for c in columns])
    last = layout.FIRST_DATA_ROW + rows - 1
    examples = prompt_values(year)
    for col, column in enumerate(columns, start=1):
        first = st.input_cell(ws, layout.FIRST_DATA_ROW, col, alignment=st.WRAP)
        first.number_format = column.number_format or "General"
        st.copy_style_down(ws, first, last)
        _validate_column(ws, column, col, last, criteria_list, examples)
    _row_borders(ws, len(columns), last)
    ws.freeze_panes = f"{freeze}{layout.FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{layout.HEADER_ROW}:{layout.column_letter(len(columns))}{last}"
    st.protect(ws)
    st.print_setup(ws, landscape=True)
    return ws


def _validate_column(
    ws: Worksheet, column: layout.Column, col: int, last: int, criteria: str | None, examples: dict[str, str]
) -> None:
    letter = layout.column_letter(col)
    list_name = criteria if column.kind == "criterion" else column.list_name
    prompt = m.fill(column.prompt, **examples) if column.prompt else None
    st.validate(ws, f"{letter}{layout.FIRST_DATA_ROW}:{letter}{last}", list_name,
                m.PROMPT_TITLES.get(column.key, column.header), prompt,
                error="owner" if column.kind == "owner" else "soft")


def _row_borders(ws: Worksheet, ncols: int, last: int) -> None:
    """Borders appear on a row once it has content, so empty prepared rows do not print as a grid."""
    first, end = layout.FIRST_DATA_ROW, layout.column_letter(ncols)
    rule = FormulaRule(formula=[f"COUNTA($A{first}:${end}{first})>0"], border=st.BORDER)
    ws.conditional_formatting.add(f"A{first}:{end}{last}", rule)
