"""The sheets only a TT57 Biểu 2 workbook has (Vấn đề trọng tâm, Theo dõi) and its whole-plan checks."""

from __future__ import annotations

import re
from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import FocalIssue, Plan, Review
from qplan_xl.rules.catalog import Framework, fold
from qplan_xl.rules.forms import PlanForm
from qplan_xl.validation.context import Context, check_text, table_header
from qplan_xl.workbook import layout
from qplan_xl.workbook.cells import BadValue, parse_date, text_of
from qplan_xl.workbook.read.reader import RawSheet

_STANDARD_RE = re.compile(r"^(?:tieu\s*chuan\s*)?(\d{1,2})\b")
_CODE_RE = re.compile(r"\d{1,2}\.\d{1,2}")


# --- section IV: Vấn đề trọng tâm -------------------------------------------------------------


def read_focal_issues(ctx: Context, sheet: RawSheet | None) -> tuple[FocalIssue, ...]:
    """Focal issues of section IV; rows with errors are reported and left out."""
    header = table_header(ctx, sheet, layout.FOCAL_COLUMNS) if sheet is not None else None
    if sheet is None or header is None:
        return ()
    row0, cols = header
    issues = []
    for row in range(row0 + 1, sheet.height + 1):
        if all(sheet.get(row, c) is None for key, c in cols.items() if key != "no"):
            continue
        issue = _focal_row(ctx, sheet, row, cols)
        if issue is not None:
            issues.append(issue)
    return tuple(issues)


def _focal_row(ctx: Context, sheet: RawSheet, row: int, cols: dict[str, int]) -> FocalIssue | None:
    errors = ctx.report.errors
    text = {c.key: check_text(ctx, sheet, row, cols[c.key], c.key)
            for c in layout.FOCAL_COLUMNS if c.key in cols and c.kind == "text"}
    for column in layout.FOCAL_COLUMNS:
        if column.required and column.kind == "text" and not text.get(column.key):
            ctx.report.error("focal-field-required", sheet=sheet.name, cell=sheet.address(row, cols[column.key]),
                             field=column.key, row=row, header=column.header)
    standard = _standard(ctx, sheet, row, cols["standard"])
    if standard is not None:
        _check_related(ctx, sheet, row, cols.get("criteria"), text.get("criteria", ""), standard)
    if ctx.report.errors > errors or standard is None:
        return None
    return FocalIssue(sheet=sheet.name, row=row, standard=standard, criteria=text.get("criteria", ""),
                      current_state=text.get("current_state", ""), weakness=text.get("weakness", ""),
                      cause=text.get("cause", ""))


def parse_standard(value: Any, framework: Framework) -> int | None:
    """'1', 1, 'Tiêu chuẩn 1', 'Tiêu chuẩn 1: <name>' -> 1 when the framework has that standard."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = _STANDARD_RE.match(fold(text_of(value)))
    no = int(match[1]) if match else None
    return no if no is not None and framework.standard(no) else None


def _standard(ctx: Context, sheet: RawSheet, row: int, col: int) -> int | None:
    assert ctx.framework is not None
    raw = sheet.get(row, col)
    cell = sheet.address(row, col)
    if raw is None:
        ctx.report.error("focal-field-required", sheet=sheet.name, cell=cell, field="standard", row=row,
                         header=layout.FOCAL_COLUMNS[1].header)
        return None
    found = parse_standard(raw, ctx.framework)
    if found is None:
        ctx.report.error("focal-standard-invalid", sheet=sheet.name, cell=cell, field="standard",
                         value=text_of(raw), count=len(ctx.framework.standards))
    return found


def _check_related(ctx: Context, sheet: RawSheet, row: int, col: int | None, typed: str, standard: int) -> None:
    assert ctx.framework is not None
    for code in _CODE_RE.findall(typed):
        criterion = ctx.framework.criterion(code)
        if criterion is None or criterion.standard != standard:
            ctx.report.warning("focal-criterion-unknown", sheet=sheet.name, cell=sheet.address(row, col or 3),
                               field="criteria", value=code, standard=standard)


def related_criteria(issue: FocalIssue) -> set[str]:
    """Criterion codes a focal issue names ('1.3, 1.4' -> {'1.3', '1.4'})."""
    return set(_CODE_RE.findall(issue.criteria))


# --- section VI: Theo dõi --------------------------------------------------------------------------


def read_reviews(ctx: Context, sheet: RawSheet | None) -> tuple[Review, ...]:
    """The council's two review rows, found by their moment label in column A."""
    form = ctx.framework.form if ctx.framework else None
    header = table_header(ctx, sheet, layout.MONITOR_COLUMNS) if sheet is not None and form else None
    if sheet is None or form is None or header is None:
        return ()
    row0, cols = header
    by_label = {fold(r.label): r.key for r in form.reviews}
    reviews = []
    for row in range(row0 + 1, sheet.height + 1):
        key = by_label.get(fold(text_of(sheet.get(row, cols.get("moment", 1)))))
        if key and any(sheet.get(row, c) is not None for k, c in cols.items() if k != "moment"):
            reviews.append(_review(ctx, sheet, row, cols, key))
    return tuple(reviews)


def _review(ctx: Context, sheet: RawSheet, row: int, cols: dict[str, int], key: str) -> Review:
    text = {c.key: check_text(ctx, sheet, row, cols[c.key], c.key)
            for c in layout.MONITOR_COLUMNS if c.key in cols and c.kind == "text" and c.key != "moment"}
    date = _review_date(ctx, sheet, row, cols["review_date"]) if "review_date" in cols else None
    return Review(key=key, date=date, sheet=sheet.name, row=row, **text)


def _review_date(ctx: Context, sheet: RawSheet, row: int, col: int) -> Any:
    raw = sheet.get(row, col)
    cell = sheet.address(row, col)
    try:
        date = parse_date(raw)
    except BadValue:
        ctx.report.error("review-date-invalid", sheet=sheet.name, cell=cell, field="review_date",
                         value=text_of(raw))
        return None
    year = ctx.year
    if date is not None and year is not None and not (
        year.first_month <= (date.year, date.month) <= year.last_month
    ):
        ctx.report.error("review-date-out-of-year", sheet=sheet.name, cell=cell, field="review_date",
                         value=text_of(raw), year=str(year))
    return date


# --- whole plan ---------------------------------------------------------------------------------


def check_bieu2(ctx: Context, plan: Plan, form: PlanForm, focal_sheet: bool) -> None:
    """Section IV present, every action linked to it or to a weak criterion, statuses consistent."""
    if focal_sheet and not plan.focal_issues:
        ctx.report.error("focal-issues-missing", sheet=m.SHEETS["focal"])
    top = max(ctx.framework.rule.levels) if ctx.framework else 2
    weak = {a.code for a in plan.assessments if a.level is not None and a.level < top}
    for action in plan.actions:
        _check_link(ctx, plan, action, weak)
        _check_regressed(ctx, action, form)


def _cell(key: str, row: int) -> str:
    """Where a Biểu 2 plan column sits in the template (the address a message points at)."""
    keys = [c.key for c in layout.PLAN_COLUMNS_BIEU2]
    return layout.address(row, keys.index(key) + 1)


def _check_link(ctx: Context, plan: Plan, action: Any, weak: set[str]) -> None:
    if not plan.focal_issues or action.criterion in weak:
        return
    linked = any(i.standard == action.standard and (not action.criterion or not related_criteria(i)
                                                    or action.criterion in related_criteria(i))
                 for i in plan.focal_issues)
    if not linked:
        ctx.report.warning("action-unlinked", sheet=action.sheet, cell=_cell("criterion", action.row),
                               field="criterion",
                           value=action.criterion, row=action.row)


def _check_regressed(ctx: Context, action: Any, form: PlanForm) -> None:
    before, after = form.status(action.status_hk1 or ""), form.status(action.status_year_end or "")
    if before and after and before.done and not after.done:
        ctx.report.warning("status-regressed", sheet=action.sheet, cell=_cell("status_year_end", action.row),
                           field="status_year_end",
                           value=after.label, row=action.row, before=before.label)
