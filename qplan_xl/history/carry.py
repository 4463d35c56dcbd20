"""Last year's plan -> this year's workbook: school information, unfinished actions, last year's results."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qplan_xl import messages as m
from qplan_xl.model import Action, FocalIssue, Month, Plan, SchoolInfo, SchoolYear, Texts
from qplan_xl.rules.catalog import Framework, default_framework, fold, load_framework
from qplan_xl.rules.forms import PlanForm, load_form
from qplan_xl.summary.progress import status_at
from qplan_xl.workbook import layout
from qplan_xl.workbook.template.build import build_template, save_workbook
from qplan_xl.workbook.template.fill import fill_workbook, plan_input_rows
from qplan_xl.workbook.template.sheets import default_texts, self_rows

C = m.CARRY
BIEU2_FORM = "TT57-2026-BIEU-2"  # the statuses of a plan whose own framework has none
# 2018 standard -> TT57 standard of the same theme (a placement only: the criterion is left blank).
STANDARD_2018_TO_TT57 = {1: 1, 2: 2, 3: 4, 4: 4, 5: 3, None: 1}
AUTHORITY_ABOLISHED = "phong"  # Phòng GD&ĐT: no longer exists from 2025-2026 (DESIGN 1)
FIRST_TWO_TIER_YEAR = 2025


@dataclass(frozen=True)
class CarriedPlan:
    """This year's plan drafted from last year's, with what the school must know about it."""

    plan: Plan
    framework: Framework
    last_year: SchoolYear
    carried: int
    self_notes: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def carry_forward(last: Plan, year: SchoolYear | None = None) -> CarriedPlan:
    """Draft this year's plan from `last`: actions not completed, last year's levels as notes, results text."""
    year = year or SchoolYear(last.info.year.start + 1)
    old_fw, form = _last_framework(last)
    new_fw = _new_framework(last, old_fw, year)
    kept = [a for a in last.actions if _unfinished(a, form)]
    warnings: list[str] = []
    actions = _place_actions(kept, last, old_fw, new_fw, year, form, warnings)
    info = _new_info(last, new_fw, year, warnings)
    texts = Texts(**default_texts(new_fw, year, info.level))
    if new_fw.form is not None:
        texts = texts.replace(previous_results=previous_results(last, form, len(kept), year))
    plan = Plan(info=info, actions=tuple(actions), texts=texts, focal_issues=_focal(last, actions, new_fw))
    return CarriedPlan(plan, new_fw, last.info.year, len(actions), _self_notes(last, old_fw, new_fw),
                       tuple(warnings))


def _last_framework(last: Plan) -> tuple[Framework | None, PlanForm]:
    try:
        framework: Framework | None = load_framework(last.info.framework)
    except Exception:  # an imported plan may name no known framework
        framework = None
    form = framework.form if framework and framework.form else load_form(BIEU2_FORM)
    return framework, form


def _new_framework(last: Plan, old: Framework | None, year: SchoolYear) -> Framework:
    """The framework of the school level for the new year; the old one while it still applies."""
    if old is not None and (old.last_year is None or year.start <= old.last_year):
        return old
    return default_framework(last.info.level, year.start)


def latest_status(action: Action, form: PlanForm) -> str | None:
    """The status at the last review that gave the action one (None: never reviewed)."""
    statuses = [status_at(action, r) for r in form.reviews]
    return next((s for s in reversed(statuses) if s), None)


def _unfinished(action: Action, form: PlanForm) -> bool:
    """Not closed at the last review: completed and dropped ("Không thực hiện") stay behind."""
    status = form.status(latest_status(action, form) or "")
    return status is None or not status.closed


# --- actions --------------------------------------------------------------------------------


def _place_actions(kept: list[Action], last: Plan, old: Framework | None, new: Framework, year: SchoolYear,
                   form: PlanForm, warnings: list[str]) -> list[Action]:
    shift = (year.start - last.info.year.start) * 12
    across = new.form is not None and (old is None or old.form is None)
    rows: dict[str, int] = {}
    placed = []
    for action in kept:
        moved = _to_bieu2(action, last, warnings) if across else action
        rows[moved.sheet] = rows.get(moved.sheet, layout.FIRST_DATA_ROW - 1) + 1
        note = _carry_note(action, last, form, across)
        placed.append(moved.replace(
            row=rows[moved.sheet], start=_shifted(action.start, shift), end=_shifted(action.end, shift),
            status_hk1=None, status_year_end=None, note="; ".join(x for x in (note, action.note) if x)))
    return placed


def _shifted(month: Month, months: int) -> Month:
    return Month.from_ordinal(month.ordinal + months)


def _carry_note(action: Action, last: Plan, form: PlanForm, across: bool) -> str:
    year = last.info.year
    if across:
        return C["from_2018_note"].format(year=year, criterion=action.criterion or "")
    status = form.status(latest_status(action, form) or "")
    if status is None:
        return C["carried_note_plain"].format(year=year)
    return C["carried_note"].format(year=year, status=status.label)


def _to_bieu2(action: Action, last: Plan, warnings: list[str]) -> Action:
    """A 2018 action in Biểu 2 columns: Kết quả cần đạt -> Mục tiêu; criterion left blank (no 1:1 map)."""
    standard = STANDARD_2018_TO_TT57.get(action.standard, 1)
    sheet = m.standard_sheet(standard)
    warnings.append(C["warning_criterion"].format(
        text=(action.result or action.tasks)[:60], sheet=action.sheet, row=action.row,
        criterion=action.criterion or "", target=sheet))
    return action.replace(sheet=sheet, standard=standard, criterion="", objective=action.result, result="")


# --- school information and texts ------------------------------------------------------------


def _new_info(last: Plan, framework: Framework, year: SchoolYear, warnings: list[str]) -> SchoolInfo:
    info = last.info
    authority = info.authority
    if year.start >= FIRST_TWO_TIER_YEAR and fold(authority).startswith(AUTHORITY_ABOLISHED):
        authority = ""
    target = info.target_level if info.target_level and info.target_level <= framework.rule.max_level else None
    kind = info.kind or (m.SCHOOL_TYPES.get(info.level, m.SCHOOL_TYPES["pho-thong"]) if framework.form else "")
    return info.replace(authority=authority, year=year, framework=framework.id, target_level=target,
                        kind=kind, doc_number="", issue_date=None)


def _focal(last: Plan, actions: list[Action], framework: Framework) -> tuple[FocalIssue, ...]:
    """Last year's focal issues of the standards whose actions are carried (weaknesses not yet fixed)."""
    if framework.form is None or framework.id != last.info.framework:
        return ()
    standards = {a.standard for a in actions}
    kept = [f for f in last.focal_issues if f.standard in standards]
    return tuple(f.replace(row=layout.FIRST_DATA_ROW + i) for i, f in enumerate(kept))


def _self_notes(last: Plan, old: Framework | None, new: Framework) -> dict[str, str]:
    """Last year's level as a note per criterion, when both years use the same criteria."""
    if old is None or old.id != new.id:
        return {}
    notes = {a.code: C["last_level"].format(year=last.info.year, level=_level_word(a.level))
             for a in last.assessments if a.level is not None}
    notes.update({r.code: C["last_level"].format(year=last.info.year, level=m.MET if r.met else m.NOT_MET)
                  for r in last.level4 if r.met is not None})
    return notes


def _level_word(level: int) -> str:
    return m.level_label(level) if level else m.LEVEL_NONE


def previous_results(last: Plan, form: PlanForm, carried: int, year: SchoolYear) -> str:
    """Biểu 2 II.2 drafted from last year's statuses and reviews (the council edits it)."""
    statuses = [latest_status(a, form) for a in last.actions]
    total, done = len(statuses), statuses.count("completed")
    open_line = C["open_line"].format(next_year=year, count=carried)
    if not any(statuses):
        lines = [C["previous_results_no_review"].format(year=last.info.year, total=total, open_line=open_line)]
    else:
        ratio = f"{100 * done / total:.1f}%".replace(".", ",") if total else "0%"
        lines = [C["previous_results"].format(year=last.info.year, total=total, completed=done, ratio=ratio,
                                              open_line=open_line)]
    lines += [C["adjusted"].format(text=r.adjustments) for r in last.reviews if r.adjustments]
    return "\n".join(lines)


def write_carried_workbook(carried: CarriedPlan, path: Path | str) -> None:
    """The drafted plan as a workbook, last year's levels in the Ghi chú column of `Tự đánh giá`."""
    plan, framework = carried.plan, carried.framework
    wb = build_template(framework, level=plan.info.level, year=plan.info.year, school_name=plan.info.name,
                        school_code=plan.info.code, authority=plan.info.authority,
                        input_rows=plan_input_rows(plan, framework))
    fill_workbook(wb, plan, framework)
    sheet = wb[m.SHEETS["self"]]
    column = [c.key for c in layout.self_columns(framework)].index("note") + 1
    for code, row in self_rows(framework).items():
        if code in carried.self_notes:
            sheet.cell(row, column, carried.self_notes[code])
    save_workbook(wb, path)
