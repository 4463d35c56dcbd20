"""Turn raw workbook cells into a validated Plan and a Report of issues (never raises on bad input)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import FocalIssue, Meta, Plan, Review, SchoolInfo, Texts
from qplan_xl.report import Report
from qplan_xl.rules.catalog import Framework
from qplan_xl.validation.actions import read_actions
from qplan_xl.validation.assessment import read_self_assessment
from qplan_xl.validation.bieu2 import check_bieu2, read_focal_issues, read_reviews
from qplan_xl.validation.context import Context, required_sheet
from qplan_xl.validation.coverage import check_plan
from qplan_xl.validation.info import read_info, read_meta
from qplan_xl.validation.texts import read_texts
from qplan_xl.workbook import layout
from qplan_xl.workbook.read.reader import (
    XLSX_EXTENSIONS,
    RawWorkbook,
    UnreadableFile,
    read_workbook,
)
from qplan_xl.workbook.read.xml import column_number


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


def validate_workbook(path: Path | str) -> ValidationResult:
    """Read and validate one workbook file; every problem becomes an issue in the report."""
    report = Report(file=str(path))
    result = ValidationResult(None, report)
    try:
        result = validate_book(read_workbook(path), report)
    except UnreadableFile as exc:
        report.error(exc.code, **exc.params)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException:  # a program bug, or a Rust panic (pyo3's PanicException), as a report
        report.error("internal-error", path=Path(str(path)).name)  # the exception's text is English: not shown
    report.close()
    return result


def validate_book(book: RawWorkbook, report: Report) -> ValidationResult:
    """Validate an already-read workbook."""
    ctx = Context(book, report)
    _check_extension(ctx)
    meta = read_meta(ctx)
    info = read_info(ctx, meta)
    report.framework = ctx.framework.id if ctx.framework else None
    identity = _identity(info, meta, ctx)
    if ctx.framework is None or ctx.year is None:
        return ValidationResult(None, report, ctx.framework, identity)
    _check_extra_sheets(ctx)
    _check_cells(ctx)
    assessments, level4 = read_self_assessment(ctx)
    actions = read_actions(ctx)
    texts = read_texts(ctx, info)
    focal, reviews = _bieu2_sheets(ctx)
    plan = _build_plan(info, meta, assessments, level4, actions, texts)
    if plan is not None:
        plan = plan.replace(focal_issues=focal, reviews=reviews)
        check_plan(ctx, plan)
        if ctx.framework.form is not None and plan.actions:
            check_bieu2(ctx, plan, ctx.framework.form, focal_sheet=not ctx.old_form_reported)
    return ValidationResult(plan, report, ctx.framework, identity)


def _bieu2_sheets(ctx: Context) -> tuple[tuple[FocalIssue, ...], tuple[Review, ...]]:
    """Sections IV and VI; a TT57 workbook still in the 2018 shape (template 1) has neither."""
    assert ctx.framework is not None
    if ctx.framework.form is None or ctx.old_form_reported:
        return (), ()
    focal = read_focal_issues(ctx, required_sheet(ctx, m.SHEETS["focal"]))
    return focal, read_reviews(ctx, required_sheet(ctx, m.SHEETS["monitoring"]))


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
    widths = {m.SHEETS["info"]: 2, m.SHEETS["self"]: 3, m.SHEETS["texts"]: 2,
              m.SHEETS["focal"]: len(layout.FOCAL_COLUMNS), m.SHEETS["monitoring"]: len(layout.MONITOR_COLUMNS)}
    widths |= {p.name: len(layout.plan_columns(framework)) for p in layout.plan_sheets(framework)}
    return widths


def _check_cells(ctx: Context) -> None:
    """Excel error values (#REF!...) where the plan is read, stray far-away cells, unwritable characters."""
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
        if not name.startswith("_"):  # characters no .xlsx/.docx can hold: dropped, and said where
            for cell, chars in sorted(ctx.book.invalid_text(name).items()):
                ctx.report.warning("text-invalid-characters", sheet=name, cell=cell, chars=chars)


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
        "issued_code": (meta.school_code if meta else None) or None,
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
