"""A PlanDiff in Vietnamese text, and as an .xlsx report: a copy of the new plan with changes highlighted."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from qplan_xl import messages as m
from qplan_xl.history.diff import FieldChange, PlanDiff, action_row, json_value
from qplan_xl.model import Action, Plan
from qplan_xl.output import atomic_write, safe_text
from qplan_xl.rules.forms import form_ids, load_form
from qplan_xl.workbook import layout

T = m.DIFF_TEXT
CHANGED_FILL = PatternFill("solid", fgColor="FFF2CC")
ADDED_FILL = PatternFill("solid", fgColor="E2EFDA")
REMOVED_FILL = PatternFill("solid", fgColor="F8CBAD")


def _status_labels() -> dict[str, str]:
    return {s.key: s.label for fid in form_ids() for s in load_form(fid).statuses}


def _show(value: object) -> str:
    value = json_value(value)
    if value is None or value == "":
        return T["none"]
    if isinstance(value, bool):
        return m.MET if value else m.NOT_MET
    return str(_status_labels().get(value, value)) if isinstance(value, str) else str(value)


def _field_label(name: str) -> str:
    return m.PLAN_HEADERS_BIEU2.get(name) or m.PLAN_HEADERS.get(name) or name


def _level_text(level: object) -> str:
    if level is None:
        return T["unknown_level"]
    return T["level"].format(level=level) if level else T["no_level"]


def _assessed(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return _show(value)
    return m.level_label(value) if isinstance(value, int) and value else m.LEVEL_NONE


def _action_line(key: str, action: Action) -> str:
    text = action.content or action.result or action.objective or action.tasks
    return T[key].format(where=T["where"].format(sheet=action.sheet, row=action.row),
                         criterion=action.criterion or T["no_criterion"], text=text[:80])


def render_diff_text(diff: PlanDiff, old_name: str = "", new_name: str = "") -> str:
    """The diff in Vietnamese, section by section (only the sections with changes)."""
    if diff.same:
        return T["same"]
    lines = [T["title"].format(old=old_name, new=new_name)]
    if diff.info:
        lines += [T["info"], *(_change(c, m.INFO_FIELD_LABELS.get(c.field, c.field)) for c in diff.info)]
    lines += [T["levels"], *(T["change"].format(label=c.field, old=_assessed(c.old), new=_assessed(c.new))
                             for c in diff.levels)]
    lines.append("  " + T["school_level"].format(old=_level_text(diff.school_level[0]),
                                                 new=_level_text(diff.school_level[1])))
    lines += [T["actions"], *_action_lines(diff)]
    lines.append(T["statuses"].format(advanced=len(diff.advanced), regressed=len(diff.regressed)))
    lines += [T["totals"], *_total_lines(diff)]
    return "\n".join(lines)


def _change(change: FieldChange, label: str, template: str = "change") -> str:
    return T[template].format(label=label, old=_show(change.old), new=_show(change.new))


def _action_lines(diff: PlanDiff) -> list[str]:
    lines = ["  " + _action_line("added", a) for a in diff.added]
    lines += ["  " + _action_line("removed", a) for a in diff.removed]
    for c in diff.changed:
        lines.append("  " + _action_line("changed", c.new))
        lines += [_change(f, _field_label(f.field), "field") for f in c.fields]
    return lines


def _total_lines(diff: PlanDiff) -> list[str]:
    old, new = diff.totals
    return [T["totals_line"].format(label=label, old=_show(old.get(key)), new=_show(new.get(key)))
            for key, label in m.TOTAL_LABELS.items()]


# --- the .xlsx report -----------------------------------------------------------------------


def write_diff_workbook(diff: PlanDiff, new_file: Path, dest: Path, columns: tuple[layout.Column, ...]) -> None:
    """A copy of the new plan, changed cells and added rows highlighted, and a `So sánh` sheet first."""
    try:
        wb = load_workbook(new_file)
    except Exception:  # the listing alone is still a useful report
        wb = Workbook()
        wb.remove(wb.active)
    _highlight(wb, diff, {c.key: i for i, c in enumerate(columns, 1)})
    _listing(wb.create_sheet(m.DIFF_SHEET["title"], 0), diff)
    wb.active = 0
    atomic_write(dest, wb.save)


def _highlight(wb: Any, diff: PlanDiff, cols: dict[str, int]) -> None:
    for action in diff.added:
        if action.sheet in wb.sheetnames:
            for col in cols.values():
                wb[action.sheet].cell(action.row, col).fill = ADDED_FILL
    for change in diff.changed:
        if change.new.sheet in wb.sheetnames:
            for f in change.fields:
                if f.field in cols:
                    wb[change.new.sheet].cell(change.new.row, cols[f.field]).fill = CHANGED_FILL


def _listing(ws: Any, diff: PlanDiff) -> None:
    s = m.DIFF_SHEET
    ws.append([s["legend"]])
    ws.append(list(s["headers"]))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row, fill in _listing_rows(diff):
        ws.append([safe_text(_show(v)) if i >= 5 else safe_text(v) for i, v in enumerate(row)])
        if fill is not None:
            for cell in ws[ws.max_row]:
                cell.fill = fill
    for letter, width in zip("ABCDEFG", (10, 12, 8, 10, 30, 45, 45), strict=True):
        ws.column_dimensions[letter].width = width


def _listing_rows(diff: PlanDiff) -> list[tuple[list[Any], PatternFill | None]]:
    s = m.DIFF_SHEET
    rows: list[tuple[list[Any], PatternFill | None]] = []
    rows += [([s["info"], "", "", "", m.INFO_FIELD_LABELS.get(c.field, c.field), c.old, c.new], CHANGED_FILL)
             for c in diff.info]
    rows += [([s["level"], "", "", c.field, m.SELF_HEADERS["level"], _assessed(c.old), _assessed(c.new)],
              CHANGED_FILL) for c in diff.levels]
    for key, actions, fill in (("added", diff.added, ADDED_FILL), ("removed", diff.removed, REMOVED_FILL)):
        rows += [([s[key], a.sheet, f"A{a.row}", a.criterion, "", "", _summary(a)], fill) for a in actions]
    for c in diff.changed:
        rows += [([s["changed"], c.new.sheet, f"A{c.new.row}", c.new.criterion, _field_label(f.field),
                   f.old, f.new], CHANGED_FILL) for f in c.fields]
    return rows


def _summary(action: Action) -> str:
    row = action_row(action)
    return " | ".join(str(row[k]) for k in ("content", "result", "tasks", "lead") if row.get(k))


# --- which file is newer (DESIGN 5.1) -------------------------------------------------------------

_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>\s*([^<\s]+)\s*<")


def newer_first(old: tuple[Path, Plan], new: tuple[Path, Plan]) -> bool:
    """True when OLD looks newer than NEW: higher revision, else later saved time, else later file time."""
    for key in (_revision, _saved, _mtime):
        before, after = key(*old), key(*new)
        if before is not None and after is not None and before != after:
            return bool(before > after)  # type: ignore[operator]  # both values come from the same key
    return False


def _revision(path: Path, plan: Plan) -> int | None:
    return plan.meta.revision if plan.meta else None


def _saved(path: Path, plan: Plan) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            found = _MODIFIED.search(archive.read("docProps/core.xml"))
    except (KeyError, OSError, ValueError, zipfile.BadZipFile):
        return None
    return found[1].decode("ascii", "replace").replace("Z", "") if found else None


def _mtime(path: Path, plan: Plan) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None
