"""A school's plan as the merge shows it: action rows, criteria figures, progress, digests, bounded costs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from operator import attrgetter

from qplan_xl import messages as m
from qplan_xl.merge.records import (
    SHAPE_INFO,
    Cell,
    CriterionFigures,
    FileIssue,
    FileResult,
    PlanProgress,
    PlanShape,
    SchoolFigures,
    SheetRow,
)
from qplan_xl.merge.sheets import PLAN_TABLE_COLUMNS
from qplan_xl.model import Action, Assessment, Month, Plan
from qplan_xl.rules.catalog import Framework, fold
from qplan_xl.rules.levels import level_bounds, level_counts
from qplan_xl.summary.progress import _overdue, _usual_month, latest_review, status_at
from qplan_xl.validation.coverage import target_level

# The plan columns of an action in PLAN_TABLE_COLUMNS order, "no" left out (it is the action's number).
_KEYS = tuple(c.key for c in PLAN_TABLE_COLUMNS)
_NO = _KEYS.index("no")
_VALUES = attrgetter(*(k for k in _KEYS if k != "no"))
_STATUSES = tuple(i for i, c in enumerate(c for c in PLAN_TABLE_COLUMNS if c.key != "no") if c.kind == "status")
_COST = tuple(k for k in _KEYS if k != "no").index("cost")
_MONTHS = tuple(i for i, f in enumerate(k for k in _KEYS if k != "no") if f in ("start", "end"))  # Action's Month fields

MAX_MERGE_COST = 10**15  # đồng per action: beyond, a sum is no longer exact in Excel (2**53 ≈ 9·10**15)
MAX_COST_DIGITS = 30  # a longer amount (1e308 typed) is shown cut, with its number of digits
MIN_FINGERPRINT_TEXT = 25  # shorter task texts ("Bồi dưỡng giáo viên") are too generic to compare


def _plan_figures(result: FileResult, plan: Plan, framework: Framework) -> None:
    """The figures of summary.summarize that the merge shows, without its workload tables."""
    levels = {a.code: a.level for a in plan.assessments}
    met = {r.code: r.met for r in plan.level4}
    low, high = level_bounds(framework, levels, met)
    target = target_level(plan, framework, current=low)
    result.figures = SchoolFigures(
        framework=framework.id,
        reached=low if low == high else None,
        levels={k: (c.achieved, c.total) for k, c in level_counts(framework, levels, met).items()},
        actions=len(plan.actions),
        budget=sum(summed_cost(a.cost) for a in plan.actions),
        criteria=_criterion_figures(plan, framework, target),
        fingerprints=task_fingerprints(plan.actions),
        progress=plan_progress(plan, framework),
    )
    result.actions = [action_row(a, no, framework) for no, a in enumerate(plan.actions, start=1)]
    result.issues = [_not_summed(a) for a in plan.actions if a.cost is not None and a.cost > MAX_MERGE_COST]

def plan_progress(plan: Plan, framework: Framework) -> PlanProgress | None:
    """The plan's latest review with statuses, as the merge shows it; None before any review.

    summary.progress.compute_progress's figures, without its tallies by sheet and by lead.
    """
    form = framework.form
    review = latest_review(plan, form) if form else None
    if form is None or review is None:
        return None
    statuses = [status_at(a, review) for a in plan.actions]
    if not any(statuses) or review.key is None:
        return None
    date = next((r.date for r in plan.reviews if r.key == review.key and r.date), None)
    month = Month(date.year, date.month) if date else _usual_month(plan, review)
    completed = statuses.count("completed") if form.status("completed") else 0
    overdue = sum(_overdue(a, s, month, form) for a, s in zip(plan.actions, statuses, strict=True))
    return PlanProgress(review.key, len(plan.actions), completed, overdue)

def plan_shape(plan: Plan) -> PlanShape:
    """Digests of the plan's content (records.PlanShape), to describe a resubmission's changes.

    Each cell is encoded once: UTF-8 bytes join and sort as their texts do, so the digests are
    those of the texts (_text_shape, which a text with a lone surrogate still takes).
    """
    try:
        rows = [[b"" if v is None else v.encode() if type(v) is str else str(v).encode() for v in _VALUES(a)]
                for a in plan.actions]
    except UnicodeEncodeError:
        return _text_shape(plan)
    for row in rows:
        row.insert(_NO, b"")  # TT is renumbered
    columns = list(zip(*rows, strict=True)) or [()] * len(_KEYS)
    return PlanShape(
        actions=len(plan.actions),
        rows=b"".join(sorted(_blake(b"\x1e".join(r)) for r in rows)),
        columns=tuple(int.from_bytes(_blake(b"\x1e".join(sorted(t for t in column if t))), "big")
                      for column in columns),
        levels=tuple((a.code, a.level) for a in plan.assessments),
        info=tuple(_digest(cell_text(getattr(plan.info, key, None))) for key in SHAPE_INFO),
    )

def _text_shape(plan: Plan) -> PlanShape:
    rows = [[cell_text(v) for v in _VALUES(a)] for a in plan.actions]
    for row in rows:
        row.insert(_NO, "")
    return PlanShape(
        actions=len(plan.actions),
        rows=b"".join(sorted(_digest("\x1e".join(r)).to_bytes(8, "big") for r in rows)),
        columns=tuple(_digest("\x1e".join(sorted(r[i] for r in rows if r[i]))) for i in range(len(_KEYS))),
        levels=tuple((a.code, a.level) for a in plan.assessments),
        info=tuple(_digest(cell_text(getattr(plan.info, key, None))) for key in SHAPE_INFO),
    )

def _digest(text: str) -> int:
    return int.from_bytes(_blake(text.encode("utf-8", "replace")), "big")

def _blake(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8).digest()

def summed_cost(cost: int | None) -> int:
    """The amount a cost adds to the merge's budgets: an amount beyond MAX_MERGE_COST adds nothing."""
    return cost if cost is not None and 0 <= cost <= MAX_MERGE_COST else 0

def _not_summed(action: Action) -> FileIssue:
    text = m.MERGE_ISSUES["money-not-summed"].format(sheet=action.sheet, row=action.row,
                                                      amount=_shown_cost(action.cost))
    return FileIssue("warning", "money-not-summed", action.sheet, None, text)

def _shown_cost(cost: int | None) -> Cell:
    """A cost as a number, or as text when a spreadsheet could not hold it exactly."""
    if cost is None or abs(cost) <= MAX_MERGE_COST:
        return cost
    digits = str(cost)
    if len(digits) <= MAX_COST_DIGITS:
        return digits
    return m.MERGE_COST_DIGITS.format(head=digits[:MAX_COST_DIGITS], digits=len(digits))

def task_fingerprints(actions: Iterable[Action]) -> frozenset[int]:
    """Stable 64-bit hashes of each action's folded tasks text (identical across processes)."""
    texts = {fold(a.tasks) for a in actions}
    return frozenset(
        int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "big")
        for t in texts if len(t) >= MIN_FINGERPRINT_TEXT
    )

def _criterion_figures(plan: Plan, framework: Framework, target: int) -> list[CriterionFigures]:
    """Per criterion (and level-4 item): below the school's target?, its actions and budget."""
    planned: dict[str, list[int]] = {}
    for a in plan.actions:
        entry = planned.setdefault(a.criterion, [0, 0])
        entry[0] += 1
        entry[1] += summed_cost(a.cost)
    below = {a.code for a in plan.assessments if _below(a, framework, target)}
    levels = {a.code: a.level for a in plan.assessments}
    extra = framework.rule.extra_level
    if extra and target >= extra:
        below |= {r.code for r in plan.level4 if r.met is False}
    codes = [c.code for c in framework.criteria] + [i.code for i in framework.level4_items]
    empty = [0, 0]
    return [CriterionFigures(c, c in below, planned.get(c, empty)[0], planned.get(c, empty)[1], levels.get(c))
            for c in codes]

def _below(assessment: Assessment, framework: Framework, target: int) -> bool:
    """Assessed below min(target, the criterion's highest level); blanks are not counted."""
    criterion = framework.criterion(assessment.code)
    if criterion is None or assessment.level is None:
        return False
    return bool(assessment.level < min(target, criterion.max_level))

def action_row(action: Action, no: int, framework: Framework) -> SheetRow:
    """One action: its standard, every plan column of sheets.PLAN_TABLE_COLUMNS, where it was typed.

    Columns of another form than the plan's stay empty; the written sheet keeps the columns of
    the forms of the merged plans (sheets.action_columns).
    """
    standard = action.standard if action.standard is not None else m.MERGE_LEVEL4_STANDARD
    form = framework.form
    values: list[Cell] = [None if v == "" else v for v in _VALUES(action)]
    for i in _MONTHS:
        if isinstance(values[i], Month):
            values[i] = str(values[i])
    for i in _STATUSES:
        label = form.status_label(str(values[i])) if form is not None and values[i] else None
        values[i] = label if label != "" else None
    values[_COST] = _shown_cost(action.cost)
    values.insert(_NO, no)
    return (standard, *values, m.MERGE_SOURCE.format(sheet=action.sheet, row=action.row))


def cell_text(value: Cell) -> str:
    """A cell value as text ('' when blank): what digests and read-back rows compare."""
    return "" if value is None else str(value)
