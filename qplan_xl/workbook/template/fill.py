"""Write the values of a Plan into a workbook built by template.build_template."""

from __future__ import annotations

from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Action, Plan
from qplan_xl.output import set_cell
from qplan_xl.rules.catalog import Framework, find_framework, load_framework
from qplan_xl.workbook import layout
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
    _fill_texts(wb[m.SHEETS["texts"]], plan)


def info_values(plan: Plan, framework: Framework) -> dict[str, Any]:
    """What each `Thông tin` field shows for a plan."""
    info = plan.info
    return {
        "authority": info.authority,
        "school_name": info.name,
        "school_code": info.code,
        "school_level": m.SCHOOL_LEVELS.get(info.level, info.level),
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
    for row, field in enumerate(layout.INFO_FIELDS, start=layout.FIRST_DATA_ROW):
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
    """What each plan column shows for an action (criterion as '1.3 - <name>', months as text)."""
    return {
        "no": no,
        "criterion": criterion_label(framework, action.criterion),
        "result": action.result,
        "tasks": action.tasks,
        "lead": action.lead,
        "partners": action.partners,
        "start": str(action.start),
        "end": str(action.end),
        "funding": action.funding,
        "cost": action.cost,
        "support": action.support,
        "note": action.note,
    }


def _fill_action(ws: Any, row: int, action: Action, framework: Framework, no: int) -> None:
    values = action_values(action, framework, no)
    for col, column in enumerate(layout.PLAN_COLUMNS, start=1):
        value = values.get(column.key)
        set_cell(ws.cell(row, col), value if value != "" else None)
    fit_row_height(ws, row, [c.width for c in layout.PLAN_COLUMNS])


def _fill_texts(ws: Any, plan: Plan) -> None:
    texts = plan.texts.to_dict()
    for row, key in enumerate(layout.TEXT_KEYS, start=layout.FIRST_DATA_ROW):
        set_cell(ws.cell(row, 2), texts.get(key) or None)
        fit_row_height(ws, row, TEXT_WIDTHS)
