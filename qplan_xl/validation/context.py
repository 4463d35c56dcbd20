"""What every sheet check shares: the validation context and the cell and header helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from qplan_xl.model import Month, SchoolYear, parse_month
from qplan_xl.report import ERROR, Report
from qplan_xl.rules.catalog import Framework, fold
from qplan_xl.workbook import layout
from qplan_xl.workbook.cells import BadValue, format_money, legacy_encoding, parse_money, text_of
from qplan_xl.workbook.read.reader import RawSheet, RawWorkbook


@dataclass
class Context:
    """What every sheet check needs: the workbook, the report and the school's frame."""

    book: RawWorkbook
    report: Report
    framework: Framework | None = None
    year: SchoolYear | None = None
    level: str | None = None
    old_form_reported: bool = False
    # Criteria of action rows left out for an error: not "uncovered" (the row's error says it all).
    dropped_criteria: set[str] = field(default_factory=set)
    dropped_rows: int = 0
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # sheet -> merged ranges
    headers: dict[str, list[set[str]]] = field(default_factory=dict)  # sheet -> folded texts of its first rows


def new_errors(ctx: Context, since: int) -> bool:
    """An error among the issues reported after the first `since` (report.errors counts them all)."""
    return any(issue.severity == ERROR for issue in ctx.report.issues[since:])


def required_sheet(ctx: Context, name: str) -> RawSheet | None:
    """The sheet called `name`, or None with a `sheet-missing` error."""
    sheet = ctx.book.sheet(name)
    if sheet is None:
        ctx.report.error("sheet-missing", sheet=name)
    return sheet


# --- headers -------------------------------------------------------------------------------


def find_header_row(sheet: RawSheet, labels: tuple[str, ...], ctx: Context | None = None) -> int | None:
    """1-based row among the first rows that holds all `labels` (accent/case tolerant).

    With `ctx`, the folded texts of the rows searched are kept for the next search in the sheet.
    """
    wanted = {fold(label) for label in labels}
    folded = ctx.headers.setdefault(sheet.name, []) if ctx is not None else []
    for index in range(min(sheet.height, layout.HEADER_SEARCH_ROWS)):
        if index == len(folded):
            folded.append({fold(text_of(v)) for v in sheet.rows[index] if v is not None})
        if wanted <= folded[index]:
            return index + 1
    return None


def header_columns(sheet: RawSheet, row: int, columns: tuple[layout.Column, ...]) -> dict[str, int]:
    """Column index (1-based) of each layout column found in header `row`, by label."""
    by_label: dict[str, int] = {}
    cells = sheet.rows[row - 1] if 1 <= row <= sheet.height else []  # a cleared header row is trimmed away
    for col, value in enumerate(cells, start=1):
        if value is not None:
            by_label.setdefault(fold(text_of(value)), col)
    return {c.key: by_label[fold(c.header)] for c in columns if fold(c.header) in by_label}


def table_header(
    ctx: Context, sheet: RawSheet, columns: tuple[layout.Column, ...]
) -> tuple[int, dict[str, int]] | None:
    """Header row and column map; every missing label is reported; None when unusable."""
    required = tuple(c.header for c in columns if c.required)
    row0 = find_header_row(sheet, required[:2] or tuple(c.header for c in columns[:2]), ctx) or layout.HEADER_ROW
    cols = header_columns(sheet, row0, columns)
    for c in columns:
        if c.key not in cols and (c.required or c.key != "no"):
            ctx.report.error("header-missing", sheet=sheet.name, cell=None, field=c.key, header=c.header)
    if any(c.required and c.key not in cols for c in columns):
        return None
    return row0, cols


# --- cells ---------------------------------------------------------------------------------


def check_text(ctx: Context, sheet: RawSheet, row: int, col: int, field: str) -> str:
    """The cell's text, with warnings for formulas, legacy encodings and excessive length."""
    return checked_text(ctx, sheet, row, col, field, sheet.get(row, col))


def checked_text(ctx: Context, sheet: RawSheet, row: int, col: int, field: str, raw: object) -> str:
    """check_text of `raw`, the value at (row, col); the cell's address is made only for a warning."""
    text = text_of(raw)
    formulas = ctx.book.formula_cells(sheet.name)
    cell = sheet.address(row, col) if formulas else ""
    if cell in formulas:
        ctx.report.warning("formula-in-text", sheet=sheet.name, cell=cell, field=field, value=text)
    encoding = legacy_encoding(text)
    if encoding:
        cell = cell or sheet.address(row, col)
        ctx.report.warning(
            "legacy-encoding", sheet=sheet.name, cell=cell, field=field, value=text, encoding=encoding
        )
    if len(text) > layout.MAX_TEXT:
        ctx.report.warning(
            "text-too-long", sheet=sheet.name, cell=cell or sheet.address(row, col), field=field, value=text[:40],
            length=len(text), limit=layout.MAX_TEXT,
        )
        text = text[: layout.MAX_TEXT]
    return text


def month_or_issue(ctx: Context, sheet: RawSheet, row: int, col: int, field: str, raw: object) -> Month | None:
    """Parse `raw`, the month at (row, col); report unparseable and out-of-year months."""
    month = _month_text(raw) if isinstance(raw, str) else parse_month(raw)
    if month is None:
        ctx.report.error("month-invalid", sheet=sheet.name, cell=sheet.address(row, col), field=field,
                         value=text_of(raw))
        return None
    year = ctx.year
    if year is not None and not _in_year(year, month):
        ctx.report.warning(
            "month-out-of-year", sheet=sheet.name, cell=sheet.address(row, col), field=field, value=str(month),
            year=str(year), first=str(year.first_month), last=str(year.last_month),
        )
    return month


@lru_cache(maxsize=4096)
def _month_text(text: str) -> Month | None:
    """parse_month of a text, kept: a plan's months are a few distinct texts."""
    return parse_month(text, fold(text))


@lru_cache(maxsize=256)
def _in_year(year: SchoolYear, month: Month) -> bool:
    return year.contains(month)


def money_or_issue(ctx: Context, sheet: RawSheet, row: int, col: int, raw: object) -> tuple[bool, int | None]:
    """(ok, amount) for `raw`, the cost at (row, col); reports text that is not money and negative amounts."""
    if raw is None:
        return True, None
    try:
        amount = parse_money(raw)
    except BadValue:
        ctx.report.error("money-invalid", sheet=sheet.name, cell=sheet.address(row, col), field="cost",
                         value=text_of(raw))
        return False, None
    if amount is None or amount == 0 or layout.MIN_PLAUSIBLE_COST <= amount <= layout.MAX_PLAUSIBLE_COST:
        return True, amount
    cell = sheet.address(row, col)
    if amount is not None and amount < 0:
        ctx.report.error("money-negative", sheet=sheet.name, cell=cell, field="cost", value=amount,
                         amount=format_money(amount))
        return False, None
    if amount is not None and amount > layout.MAX_PLAUSIBLE_COST:
        ctx.report.warning("money-implausible", sheet=sheet.name, cell=cell, field="cost", value=amount,
                           amount=format_money(amount))
    if amount is not None and 0 < amount < layout.MIN_PLAUSIBLE_COST:
        ctx.report.warning("money-implausible-small", sheet=sheet.name, cell=cell, field="cost", value=amount,
                           amount=format_money(amount))
    return True, amount
