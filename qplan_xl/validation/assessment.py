"""The `Tự đánh giá` sheet: the level of every criterion and Mức 4 item, in catalog order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Assessment, Level4Result
from qplan_xl.rules.catalog import Framework, fold, parse_criterion_ref, parse_level4_ref
from qplan_xl.validation.context import Context, required_sheet, table_header
from qplan_xl.workbook import layout
from qplan_xl.workbook.cells import BadValue, parse_level, parse_met, text_of
from qplan_xl.workbook.read.reader import RawSheet


def read_self_assessment(ctx: Context) -> tuple[tuple[Assessment, ...], tuple[Level4Result, ...]]:
    """Levels per criterion and Mức 4 item, in catalog order; blanks and gaps are reported."""
    framework = ctx.framework
    assert framework is not None
    sheet = required_sheet(ctx, m.SHEETS["self"])
    if sheet is None:
        return (), ()
    header = table_header(ctx, sheet, layout.self_columns(framework)[:3])
    if header is None:
        return (), ()
    row0, cols = header
    found = _assessment_rows(ctx, sheet, row0, cols, framework)
    return _assessments_in_order(ctx, sheet, found, framework, cols["level"])


def _assessment_rows(
    ctx: Context, sheet: RawSheet, row0: int, cols: dict[str, int], framework: Framework
) -> dict[str, int]:
    """Row of each criterion/Mức 4 code; unknown and duplicate codes are reported."""
    found: dict[str, int] = {}
    for row in range(row0 + 1, sheet.height + 1):
        raw = sheet.get(row, cols["code"])
        if raw is None:
            continue
        code = _assessment_code(raw, framework)
        cell = sheet.address(row, cols["code"])
        if code is None:
            ctx.report.error(
                "assessment-unknown", sheet=sheet.name, cell=cell, field="code", value=text_of(raw),
                row=row, framework=framework.label,
            )
        elif code in found:
            ctx.report.warning("assessment-duplicate", sheet=sheet.name, cell=cell, field="code",
                               value=text_of(raw), criterion=code)
        else:
            found[code] = row
    return found


def _assessment_code(raw: Any, framework: Framework) -> str | None:
    code = parse_criterion_ref(raw)
    if code is not None:
        return code if framework.criterion(code) else None
    text = fold(text_of(raw))
    if framework.has_level4 and (text.startswith("m4") or text.startswith("muc 4")):
        item = parse_level4_ref(raw)
        return item if item and framework.level4_item(item) else None
    return None


def _assessments_in_order(
    ctx: Context, sheet: RawSheet, found: dict[str, int], framework: Framework, level_col: int
) -> tuple[tuple[Assessment, ...], tuple[Level4Result, ...]]:
    assessments = tuple(
        _assessment(ctx, sheet, c.code, found.get(c.code), level_col, c.levels)
        for c in framework.criteria
    )
    level4 = tuple(
        _level4_result(ctx, sheet, i.code, found.get(i.code), level_col) for i in framework.level4_items
    )
    return assessments, level4


def _assessment(
    ctx: Context, sheet: RawSheet, code: str, row: int | None, col: int, levels: tuple[int, ...]
) -> Assessment:
    top = max(levels)
    allowed = (0,) + tuple(range(1, top + 1))
    cell, level = _assessed(ctx, sheet, code, row, col, lambda raw: parse_level(raw, allowed),
                            lambda: layout.level_choices(top))
    return Assessment(code=code, level=level, sheet=sheet.name, cell=cell)


def _level4_result(ctx: Context, sheet: RawSheet, code: str, row: int | None, col: int) -> Level4Result:
    cell, met = _assessed(ctx, sheet, code, row, col, parse_met, layout.level4_choices)
    return Level4Result(code=code, met=met, sheet=sheet.name, cell=cell)


def _assessed(
    ctx: Context, sheet: RawSheet, code: str, row: int | None, col: int,
    parse: Callable[[Any], Any], choices: Callable[[], tuple[str, ...]],
) -> tuple[str | None, Any]:
    """(cell, parsed value) of one `Tự đánh giá` row; missing rows, blanks and bad values reported."""
    if row is None:
        ctx.report.warning("assessment-missing", sheet=sheet.name, field="code", criterion=code)
        return None, None
    cell, raw = sheet.address(row, col), sheet.get(row, col)
    try:
        value = parse(raw)
    except BadValue:
        ctx.report.error("assessment-invalid", sheet=sheet.name, cell=cell, field="level",
                         value=text_of(raw), criterion=code, choices=", ".join(choices()))
        return cell, None
    if value is None:
        ctx.report.warning("assessment-blank", sheet=sheet.name, cell=cell, field="level", criterion=code)
    return cell, value
