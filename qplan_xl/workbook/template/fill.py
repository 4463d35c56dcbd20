"""Write the values of a Plan into a workbook built by template.build_template."""

from __future__ import annotations

from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Action, Plan
from qplan_xl.output import set_cell
from qplan_xl.rules.catalog import Framework, find_framework, load_framework
from qplan_xl.workbook import layout
from qplan_xl.workbook.template.bieu2 import standard_label
from qplan_xl.workbook.template.sheets import TEXT_WIDTHS, criterion_label, self_rows
from qplan_xl.workbook.template.style import fit_row_height


def plan_framework(plan: Plan) -> Framework:
    """The framework a plan names (id or label); KeyError when it is unknown."""
    try:
        return load_framework(plan.info.framework)
    except KeyError:
        found = find_framework(plan.info.framework)
        if found is None:
            raise
        return found


def plan_input_rows(plan: Plan, framework: Framework) -> int:
    """Prepared rows per plan sheet: the default, or more when the plan needs them."""
    rows = [r for _, r, _ in action_positions(plan, framework)]
    return max([layout.INPUT_ROWS, *(r - layout.FIRST_DATA_ROW + 1 for r in rows)])


def action_positions(plan: Plan, framework: Framework) -> list[tuple[str, int, Action]]:
    """(sheet, row, action) for every action: its own row when free, else the next free row."""
    names = {p.name for p in layout.plan_sheets(framework)}
    taken: dict[str, set[int]] = {}
    placed: list[tuple[str, int | None, Action]] = []
    for action in plan.actions:
        sheet = action.sheet if action.sheet in names else _sheet_of(action)
        rows = taken.setdefault(sheet, set())
        row = action.row if action.row >= layout.FIRST_DATA_ROW and action.row not in rows else None
        if row is not None:
            rows.add(row)
        placed.append((sheet, row, action))
    return [(sheet, row or _next_free(taken[sheet]), action) for sheet, row, action in placed]


def _sheet_of(action: Action) -> str:
    return m.SHEETS["level4"] if action.standard is None else m.standard_sheet(action.standard)


def _next_free(rows: set[int]) -> int:
    row = max(rows, default=layout.FIRST_DATA_ROW - 1) + 1
    rows.add(row)
    return row


def fill_workbook(wb: Any, plan: Plan, framework: Framework) -> None:
    """Write info, self-assessment, actions and texts of `plan` into the workbook `wb`."""
    _fill_info(wb[m.SHEETS["info"]], plan, framework)
    _fill_self(wb[m.SHEETS["self"]], plan, framework)
    positions = sorted(action_positions(plan, framework), key=lambda p: (p[0], p[1]))
    numbers: dict[str, int] = {}
    for sheet, row, action in positions:
        numbers[sheet] = numbers.get(sheet, 0) + 1
        _fill_action(wb[sheet], row, action, framework, numbers[sheet])
    _fill_texts(wb[m.SHEETS["texts"]], plan, framework)
    if framework.form is not None:
        _fill_focal(wb[m.SHEETS["focal"]], plan, framework)
        _fill_reviews(wb[m.SHEETS["monitoring"]], plan, framework)


def info_values(plan: Plan, framework: Framework) -> dict[str, Any]:
    """What each `Thông tin` field shows for a plan."""
    info = plan.info
    return {
        "authority": info.authority,
        "school_name": info.name,
        "school_code": info.code,
        "school_level": m.SCHOOL_LEVELS.get(info.level, info.level),
        "kind": info.kind,
        "address": info.address,
        "school_year": str(info.year),
        "framework": framework.label,
        "target_level": m.level_label(info.target_level) if info.target_level else None,
        "doc_number": info.doc_number,
        "place": info.place,
        "issue_date": info.issue_date,
        "signer": info.signer,
        "signer_title": info.signer_title,
    }


def _fill_info(ws: Any, plan: Plan, framework: Framework) -> None:
    values = info_values(plan, framework)
    for row, field in enumerate(layout.info_fields(framework), start=layout.FIRST_DATA_ROW):
        set_cell(ws.cell(row, 2), values.get(field.key) or None)


def level_text(level: int | None) -> str | None:
    """Assessment level as shown: 0 -> 'Không đạt', 2 -> 'Mức 2', None -> blank."""
    if level is None:
        return None
    return m.LEVEL_NONE if level == 0 else m.level_label(level)


def met_text(met: bool | None) -> str | None:
    """Mức 4 result as shown: True -> 'Đạt', False -> 'Không đạt', None -> blank."""
    return None if met is None else (m.MET if met else m.NOT_MET)


def _fill_self(ws: Any, plan: Plan, framework: Framework) -> None:
    rows = self_rows(framework)
    level_col = _self_col(framework, "level")
    for a in plan.assessments:
        if a.code in rows:
            set_cell(ws.cell(rows[a.code], level_col), level_text(a.level))
    for r in plan.level4:
        if r.code in rows:
            set_cell(ws.cell(rows[r.code], level_col), met_text(r.met))


def _self_col(framework: Framework, key: str) -> int:
    keys = [c.key for c in layout.self_columns(framework)]
    return keys.index(key) + 1


def action_values(action: Action, framework: Framework, no: int | None = None) -> dict[str, Any]:
    """What each plan column shows for an action: the field, or its display form for months,
    criteria ('1.3 - <name>') and statuses (their label)."""
    form = framework.form
    values: dict[str, Any] = {"no": no}
    for column in layout.plan_columns(framework):
        if column.key == "no":
            continue
        value = getattr(action, column.key)
        if column.kind == "criterion":
            value = criterion_label(framework, value) if value else ""
        elif column.kind == "month":
            value = str(value)
        elif column.kind == "status":
            value = form.status_label(value) if form else ""
        values[column.key] = value
    return values


def _fill_action(ws: Any, row: int, action: Action, framework: Framework, no: int) -> None:
    values = action_values(action, framework, no)
    columns = layout.plan_columns(framework)
    for col, column in enumerate(columns, start=1):
        value = values.get(column.key)
        set_cell(ws.cell(row, col), value if value != "" else None)
    fit_row_height(ws, row, [c.width for c in columns])


def _fill_texts(ws: Any, plan: Plan, framework: Framework) -> None:
    texts = plan.texts.to_dict()
    for row, key in enumerate(layout.text_keys(framework), start=layout.FIRST_DATA_ROW):
        set_cell(ws.cell(row, 2), texts.get(key) or None)
        fit_row_height(ws, row, TEXT_WIDTHS)


def _fill_focal(ws: Any, plan: Plan, framework: Framework) -> None:
    widths = [c.width for c in layout.FOCAL_COLUMNS]
    for no, issue in enumerate(plan.focal_issues, start=1):
        row = layout.FIRST_DATA_ROW + no - 1
        values = {"no": no, "standard": standard_label(framework, issue.standard), "criteria": issue.criteria,
                  "current_state": issue.current_state, "weakness": issue.weakness, "cause": issue.cause}
        for col, column in enumerate(layout.FOCAL_COLUMNS, start=1):
            set_cell(ws.cell(row, col), values.get(column.key) or None)
        fit_row_height(ws, row, widths)


def _fill_reviews(ws: Any, plan: Plan, framework: Framework) -> None:
    assert framework.form is not None
    keys = [r.key for r in framework.form.reviews]
    for review in plan.reviews:
        if review.key not in keys:
            continue
        row = layout.FIRST_DATA_ROW + keys.index(review.key)
        for col, column in enumerate(layout.MONITOR_COLUMNS[1:], start=2):
            set_cell(ws.cell(row, col), getattr(review, "date" if column.key == "review_date" else column.key) or None)
