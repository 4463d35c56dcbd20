"""Turn raw workbook cells into a validated Plan and a Report of issues (never raises on bad input)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Meta, Plan, SchoolInfo, SchoolYear, Texts, parse_school_year
from qplan_xl.report import Report
from qplan_xl.rules.catalog import (
    Framework,
    default_framework,
    find_framework,
    fold,
    list_frameworks,
    load_framework,
)
from qplan_xl.workbook import layout
from qplan_xl.workbook.cells import BadValue, legacy_encoding, parse_date, text_of
from qplan_xl.workbook.reader import (
    XLSX_EXTENSIONS,
    RawSheet,
    RawWorkbook,
    UnreadableFile,
    read_workbook,
)
from qplan_xl.workbook.xmlscan import column_number


@dataclass
class ValidationResult:
    """The plan (None when the school information is unusable), the report and the framework."""

    plan: Plan | None
    report: Report
    framework: Framework | None = None
    identity: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.report.valid


@dataclass
class Context:
    """What every sheet check needs: the workbook, the report and the school's frame."""

    book: RawWorkbook
    report: Report
    framework: Framework | None = None
    year: SchoolYear | None = None
    level: str | None = None
    target_level: int | None = None


def validate_workbook(path: Path | str) -> ValidationResult:
    """Read and validate one workbook file; every problem becomes an issue in the report."""
    report = Report(file=str(path))
    result = ValidationResult(None, report)
    try:
        result = validate_book(read_workbook(path), report)
    except UnreadableFile as exc:
        report.error(exc.code, **exc.params)
    except Exception as exc:  # a program bug must still end as a report, not a traceback
        report.error("internal-error", path=Path(str(path)).name, detail=f"{type(exc).__name__}: {exc}")
    report.close()
    return result


def validate_book(book: RawWorkbook, report: Report) -> ValidationResult:
    """Validate an already-read workbook."""
    from qplan_xl.validation import sheets

    ctx = Context(book, report)
    _check_extension(ctx)
    meta = sheets.read_meta(ctx)
    info = sheets.read_info(ctx, meta)
    report.framework = ctx.framework.id if ctx.framework else None
    identity = _identity(info, meta, ctx)
    if ctx.framework is None or ctx.year is None:
        return ValidationResult(None, report, ctx.framework, identity)
    _check_extra_sheets(ctx)
    _check_cells(ctx)
    assessments, level4 = sheets.read_self_assessment(ctx)
    actions = sheets.read_actions(ctx)
    texts = sheets.read_texts(ctx)
    plan = _build_plan(info, meta, assessments, level4, actions, texts)
    if plan is not None:
        _plan_warnings(ctx, plan)
    return ValidationResult(plan, report, ctx.framework, identity)


def _check_extension(ctx: Context) -> None:
    suffix = ctx.book.path.suffix.lower()
    if suffix not in XLSX_EXTENSIONS:
        ctx.report.warning("file-extension-mismatch", path=ctx.book.path.name, ext=suffix or "?")


def _check_extra_sheets(ctx: Context) -> None:
    """Plan sheets of another framework (TC5 in a TT57 workbook...) are ignored: say so."""
    assert ctx.framework is not None
    expected = {p.name for p in layout.plan_sheets(ctx.framework)}
    plan_like = {m.SHEETS["level4"]} | {m.standard_sheet(n) for n in range(1, 10)}
    for name in ctx.book.sheets:
        if name in plan_like and name not in expected:
            ctx.report.warning("sheet-unexpected", sheet=name, framework=ctx.framework.label)


def _table_widths(framework: Framework) -> dict[str, int]:
    """How many columns of each contract sheet hold data that the plan is made of."""
    widths = {m.SHEETS["info"]: 2, m.SHEETS["self"]: 3, m.SHEETS["texts"]: 2}
    widths |= {p.name: len(layout.PLAN_COLUMNS) for p in layout.plan_sheets(framework)}
    return widths


def _check_cells(ctx: Context) -> None:
    """Excel error values (#REF!...) where the plan is read, and stray far-away cells."""
    assert ctx.framework is not None
    widths = _table_widths(ctx.framework)
    for name in ctx.book.sheets:
        far = ctx.book.far_cell(name)
        if far and not name.startswith("_"):
            ctx.report.warning("sheet-stray-cells", sheet=name, cell=far)
        width = widths.get(name, 0)
        for cell, error in sorted(ctx.book.error_cells(name).items()):
            if column_number("".join(ch for ch in cell if ch.isalpha())) <= width:
                ctx.report.error("cell-error", sheet=name, cell=cell, value=error)


def _identity(info: dict[str, Any], meta: Meta | None, ctx: Context) -> dict[str, Any]:
    """Who sent this file, as far as it can be told even when the workbook is invalid."""
    return {
        "school_code": info.get("code") or (meta.school_code if meta else "") or None,
        "school_name": info.get("name") or None,
        "school_level": ctx.level,
        "school_year": str(ctx.year) if ctx.year else (meta.school_year if meta else None),
        "framework": ctx.framework.id if ctx.framework else None,
        "revision": meta.revision if meta else 0,
        "template_version": meta.template_version if meta else None,
    }


def _build_plan(
    info: dict[str, Any],
    meta: Meta | None,
    assessments: tuple[Any, ...],
    level4: tuple[Any, ...],
    actions: tuple[Any, ...],
    texts: Texts,
) -> Plan | None:
    if not all(info.get(k) for k in ("name", "code", "level", "year", "framework")):
        return None
    # Every field was checked cell by cell above; the records are plain dataclasses, so the
    # one-click path never imports pydantic (see docs/performance.md).
    return Plan(
        info=SchoolInfo(**info),
        meta=meta,
        assessments=assessments,
        level4=level4,
        actions=actions,
        texts=texts,
    )


def _plan_warnings(ctx: Context, plan: Plan) -> None:
    """Whole-plan checks: no actions, weak criteria left without action, every criterion planned."""
    assert ctx.framework is not None
    if not plan.actions:
        ctx.report.error("no-actions")
        return
    _warn_uncovered(ctx, plan)
    planned = {a.criterion for a in plan.actions if a.standard is not None}
    criteria = ctx.framework.criteria
    if len(criteria) > 3 and all(c.code in planned for c in criteria):
        ctx.report.warning("all-criteria-planned", count=len(criteria))


def _warn_uncovered(ctx: Context, plan: Plan) -> None:
    from qplan_xl.summary.compute import uncovered_assessments

    assert ctx.framework is not None
    for assessment, target in uncovered_assessments(plan, ctx.framework):
        criterion = ctx.framework.criterion(assessment.code)
        sheet = m.standard_sheet(criterion.standard) if criterion else m.SHEETS["level4"]
        ctx.report.warning(
            "weak-criterion-uncovered",
            sheet=assessment.sheet or m.SHEETS["self"],
            cell=assessment.cell,
            field="level",
            value=_level_text(assessment.level),
            criterion=assessment.code,
            target=m.level_label(target),
            target_sheet=sheet,
        )


def _level_text(level: int | None) -> str:
    if level is None:
        return ""
    return m.LEVEL_NONE if level == 0 else m.level_label(level)


# --- shared helpers for the sheet readers (sheets.py) -----------------------------------------


def find_header_row(sheet: RawSheet, labels: tuple[str, ...]) -> int | None:
    """1-based row among the first rows that holds all `labels` (accent/case tolerant)."""
    wanted = {fold(label) for label in labels}
    for row in range(1, min(sheet.height, layout.HEADER_SEARCH_ROWS) + 1):
        cells = {fold(text_of(v)) for v in sheet.rows[row - 1] if v is not None}
        if wanted <= cells:
            return row
    return None


def header_columns(sheet: RawSheet, row: int, columns: tuple[layout.Column, ...]) -> dict[str, int]:
    """Column index (1-based) of each layout column found in header `row`, by label."""
    by_label: dict[str, int] = {}
    for col, value in enumerate(sheet.rows[row - 1], start=1):
        if value is not None:
            by_label.setdefault(fold(text_of(value)), col)
    return {c.key: by_label[fold(c.header)] for c in columns if fold(c.header) in by_label}


def check_text(ctx: Context, sheet: RawSheet, row: int, col: int, field: str) -> str:
    """The cell's text, with warnings for formulas, legacy encodings and excessive length."""
    cell = sheet.address(row, col)
    text = text_of(sheet.get(row, col))
    if cell in ctx.book.formula_cells(sheet.name):
        ctx.report.warning("formula-in-text", sheet=sheet.name, cell=cell, field=field, value=text)
    encoding = legacy_encoding(text)
    if encoding:
        ctx.report.warning(
            "legacy-encoding", sheet=sheet.name, cell=cell, field=field, value=text, encoding=encoding
        )
    if len(text) > layout.MAX_TEXT:
        ctx.report.warning(
            "text-too-long", sheet=sheet.name, cell=cell, field=field, value=text[:40],
            length=len(text), limit=layout.MAX_TEXT,
        )
        text = text[: layout.MAX_TEXT]
    return text


def choose_framework(ctx: Context, typed: str, cell: str, meta: Meta | None) -> Framework | None:
    """The framework named in `Thông tin`, else the template's, else the default for level/year."""
    chosen = find_framework(typed) if typed else None
    if typed and chosen is None:
        ctx.report.error(
            "framework-unknown", sheet=m.SHEETS["info"], cell=cell, field="framework", value=typed,
            choices=", ".join(f.label for f in list_frameworks()),
        )
    template = _meta_framework(meta)
    if chosen and template and chosen.id != template.id:
        ctx.report.error(
            "framework-template-mismatch", sheet=m.SHEETS["info"], cell=cell, field="framework",
            value=chosen.label, expected=template.label,
        )
        chosen = template
    chosen = chosen or template
    if chosen is None and ctx.level and ctx.year:
        chosen = default_framework(ctx.level, ctx.year.start)
    return chosen


def _meta_framework(meta: Meta | None) -> Framework | None:
    if meta is None or not meta.framework:
        return None
    try:
        return load_framework(meta.framework)
    except KeyError:
        return None


def parse_year(ctx: Context, value: Any, cell: str) -> SchoolYear | None:
    year = parse_school_year(value) if value is not None else None
    if value is not None and year is None:
        ctx.report.error(
            "year-invalid", sheet=m.SHEETS["info"], cell=cell, field="school_year", value=text_of(value)
        )
    return year


def parse_issue_date(ctx: Context, value: Any, cell: str) -> Any:
    try:
        return parse_date(value)
    except BadValue:
        ctx.report.warning(
            "date-invalid", sheet=m.SHEETS["info"], cell=cell, field="issue_date", value=text_of(value)
        )
        return None
