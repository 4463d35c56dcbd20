"""Whole-plan checks: a plan without actions, weak criteria left without one, every criterion planned."""

from __future__ import annotations

from qplan_xl import messages as m
from qplan_xl.model import Assessment, Plan
from qplan_xl.rules.catalog import Framework
from qplan_xl.rules.levels import choose_target, level_bounds
from qplan_xl.validation.context import Context


def assessed_levels(plan: Plan) -> tuple[dict[str, int | None], dict[str, bool | None]]:
    """(level per criterion, met per Mức 4 item) as the level engine takes them."""
    levels = {a.code: a.level for a in plan.assessments}
    met = {r.code: r.met for r in plan.level4}
    return levels, met


def target_level(plan: Plan, framework: Framework, current: int | None = None) -> int:
    """The level `plan` aims for: its typed target, else the next level (see choose_target).

    `current` is the level surely reached (level_bounds' low), when the caller has it.
    """
    if current is None:
        current = level_bounds(framework, *assessed_levels(plan))[0]
    return choose_target(framework, plan.info.target_level, current)[0]


def uncovered_assessments(plan: Plan, framework: Framework) -> list[tuple[Assessment, int]]:
    """Weak criteria with no action, each with the level it should reach.

    Weak: assessed below min(target, the criterion's highest level). Blank assessments are
    left out (validation reports them on their own).
    """
    target = target_level(plan, framework)
    planned = {a.criterion for a in plan.actions}
    found = []
    for assessment in plan.assessments:
        criterion = framework.criterion(assessment.code)
        if criterion is None or assessment.level is None or assessment.code in planned:
            continue
        wanted = min(target, criterion.max_level)
        if assessment.level < wanted:
            found.append((assessment, wanted))
    return found


def check_plan(ctx: Context, plan: Plan) -> None:
    """No actions, weak criteria left without action, every criterion planned."""
    assert ctx.framework is not None
    if not plan.actions:
        if not ctx.dropped_rows:  # rows left out for their errors are reported already
            ctx.report.error("no-actions")
        return
    _warn_uncovered(ctx, plan)
    planned = {a.criterion for a in plan.actions if a.standard is not None}
    criteria = ctx.framework.criteria
    if len(criteria) > 3 and all(c.code in planned for c in criteria):
        ctx.report.warning("all-criteria-planned", count=len(criteria))


def _warn_uncovered(ctx: Context, plan: Plan) -> None:
    assert ctx.framework is not None
    for assessment, target in uncovered_assessments(plan, ctx.framework):
        if assessment.code in ctx.dropped_criteria:
            continue
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
