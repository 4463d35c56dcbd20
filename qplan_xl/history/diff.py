"""Two versions of one school's plan -> a criterion-aware PlanDiff (pure computation, no I/O)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from qplan_xl.model import Action, Month, Plan
from qplan_xl.rules.catalog import Framework, fold, load_framework
from qplan_xl.rules.levels import school_level
from qplan_xl.summary.progress import compute_progress
from qplan_xl.validation.coverage import assessed_levels

# Fields compared per action, in the order of the plan columns (2018 and Biểu 2 together).
ACTION_FIELDS = (
    "criterion", "result", "content", "objective", "tasks", "indicator", "lead", "partners",
    "start", "end", "funding", "cost", "support", "evidence", "status_hk1", "status_year_end", "note",
)
TEXT_FIELDS = ("result", "content", "objective", "tasks")
INFO_SKIP = ("framework",)  # carried by `_meta`; a framework change shows in the totals' framework
SAME_CRITERION_MATCH = 0.5  # text similarity enough to pair two actions of one criterion
MOVED_MATCH = 0.8  # ... and of two different criteria (the criterion itself was changed)
STATUS_ORDER = {None: 0, "not_started": 1, "dropped": 1, "not_completed": 2, "in_progress": 2,
                "completed": 3}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ActionChange:
    old: Action
    new: Action
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class PlanDiff:
    """What changed from `old` to `new`; `same` when nothing did."""

    info: tuple[FieldChange, ...] = ()
    levels: tuple[FieldChange, ...] = ()  # field = criterion code (or Mức 4 item code)
    school_level: tuple[int | None, int | None] = (None, None)
    added: tuple[Action, ...] = ()
    removed: tuple[Action, ...] = ()
    changed: tuple[ActionChange, ...] = ()
    totals: tuple[dict[str, Any], dict[str, Any]] = field(default_factory=lambda: ({}, {}))

    @property
    def same(self) -> bool:
        return not (self.info or self.levels or self.added or self.removed or self.changed
                    or self.school_level[0] != self.school_level[1])

    @property
    def advanced(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self._status_changes() if _rank(c.new) > _rank(c.old))

    @property
    def regressed(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self._status_changes() if _rank(c.new) < _rank(c.old))

    def _status_changes(self) -> list[FieldChange]:
        return [f for c in self.changed for f in c.fields if f.field.startswith("status_")]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of DESIGN 5.1 `diff --format json`."""
        return {
            "same": self.same,
            "info": [_change_dict(c, "field") for c in self.info],
            "levels": [_change_dict(c, "criterion") for c in self.levels],
            "school_level": {"old": self.school_level[0], "new": self.school_level[1]},
            "actions": {
                "added": [action_row(a) for a in self.added],
                "removed": [action_row(a) for a in self.removed],
                "changed": [{"old": action_row(c.old), "new": action_row(c.new),
                             "fields": [_change_dict(f, "field") for f in c.fields]}
                            for c in self.changed],
            },
            "totals": {"old": self.totals[0], "new": self.totals[1]},
        }


def _rank(status: object) -> int:
    return STATUS_ORDER.get(status if isinstance(status, str) else None, 0)


def _change_dict(change: FieldChange, key: str) -> dict[str, Any]:
    return {key: change.field, "old": json_value(change.old), "new": json_value(change.new)}


def json_value(value: object) -> Any:
    """A field value in JSON form: months as '9/2023', dates as ISO text."""
    if isinstance(value, Month):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):  # SchoolYear
        return str(value)
    return value


def action_row(action: Action) -> dict[str, Any]:
    """ROW of the diff JSON: where the action is, then its fields."""
    row: dict[str, Any] = {"sheet": action.sheet, "cell": f"A{action.row}"}
    row.update({name: json_value(getattr(action, name)) for name in ACTION_FIELDS})
    return row


# --- the diff -------------------------------------------------------------------------------


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    """Compare two plans: school information, levels, actions matched by criterion and text, totals."""
    pairs, removed, added = match_actions(old.actions, new.actions)
    changed = [ActionChange(a, b, fields) for a, b in pairs if (fields := action_changes(a, b))]
    return PlanDiff(
        info=_info_changes(old, new),
        levels=_level_changes(old, new),
        school_level=(plan_school_level(old), plan_school_level(new)),
        added=tuple(added), removed=tuple(removed), changed=tuple(changed),
        totals=(plan_totals(old), plan_totals(new)),
    )


def _info_changes(old: Plan, new: Plan) -> tuple[FieldChange, ...]:
    names = [f.name for f in dataclasses.fields(old.info) if f.name not in INFO_SKIP]
    return tuple(FieldChange(n, getattr(old.info, n), getattr(new.info, n)) for n in names
                 if getattr(old.info, n) != getattr(new.info, n))


def _level_changes(old: Plan, new: Plan) -> tuple[FieldChange, ...]:
    before = _all_levels(old)
    after = _all_levels(new)
    codes = list(dict.fromkeys([*before, *after]))
    return tuple(FieldChange(c, before.get(c), after.get(c)) for c in codes
                 if before.get(c) != after.get(c))


def _all_levels(plan: Plan) -> dict[str, object]:
    levels: dict[str, object] = {a.code: a.level for a in plan.assessments}
    levels.update({i.code: i.met for i in plan.level4})
    return levels


def _framework(plan: Plan) -> Framework | None:
    try:
        return load_framework(plan.info.framework)
    except Exception:  # an unknown framework id: no level and no progress, never a crash
        return None


def plan_school_level(plan: Plan) -> int | None:
    framework = _framework(plan)
    if framework is None:
        return None
    levels, met = assessed_levels(plan)
    return school_level(framework, levels, met)


def plan_totals(plan: Plan) -> dict[str, Any]:
    """Actions, budget (đồng), completed actions and completion ratio at the latest review."""
    framework = _framework(plan)
    progress = compute_progress(plan, framework) if framework else None
    ratio = progress.ratio if progress else None
    return {
        "actions": len(plan.actions),
        "budget": sum(a.cost or 0 for a in plan.actions),
        "completed": progress.completed if progress and progress.as_of else None,
        "ratio": round(ratio, 4) if ratio is not None else None,
    }


def action_changes(old: Action, new: Action) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(n, json_value(getattr(old, n)), json_value(getattr(new, n)))
                 for n in ACTION_FIELDS if getattr(old, n) != getattr(new, n))


# --- matching actions -------------------------------------------------------------------------


def match_actions(old: tuple[Action, ...], new: tuple[Action, ...]
                  ) -> tuple[list[tuple[Action, Action]], list[Action], list[Action]]:
    """(pairs, removed, added): identical actions first, then similar text within a criterion, then
    very similar text across criteria; never by row number, so an inserted row changes nothing else."""
    left, right = list(old), list(new)
    pairs: list[tuple[Action, Action]] = []
    for same_place, threshold in ((True, 1.0), (True, SAME_CRITERION_MATCH), (False, MOVED_MATCH)):
        pairs += _greedy(left, right, same_place, threshold)
    pairs.sort(key=lambda p: (p[1].sheet, p[1].row))
    return pairs, left, right


def _greedy(left: list[Action], right: list[Action], same_place: bool, threshold: float
            ) -> list[tuple[Action, Action]]:
    """Pair the best-scoring candidates first; matched actions leave `left` and `right`."""
    # Ties break on the rows in a way that does not depend on which plan is "old" (mirror diffs).
    scored = sorted(
        ((_score(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)
         if not same_place or _place(a) == _place(b)),
        key=lambda t: (-t[0], _tie(left[t[1]], right[t[2]])),
    )
    used_l: set[int] = set()
    used_r: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score >= threshold and i not in used_l and j not in used_r:
            used_l.add(i)
            used_r.add(j)
            pairs.append((left[i], right[j]))
    left[:] = [a for i, a in enumerate(left) if i not in used_l]
    right[:] = [b for j, b in enumerate(right) if j not in used_r]
    return pairs


def _tie(a: Action, b: Action) -> tuple[object, ...]:
    ends = sorted([(a.sheet, a.row), (b.sheet, b.row)])
    return (a.sheet != b.sheet, abs(a.row - b.row), *ends)


def _place(action: Action) -> tuple[object, str]:
    return action.standard, action.criterion


def _score(a: Action, b: Action) -> float:
    """1.0 for identical fields; else the similarity of the actions' texts (accents folded)."""
    if action_changes(a, b) == ():
        return 1.0
    first, second = sorted((_text(a), _text(b)))  # SequenceMatcher is not symmetric; the diff must be
    return min(SequenceMatcher(None, first, second, autojunk=False).ratio(), 0.999)


def _text(action: Action) -> str:
    return fold(" ".join(getattr(action, n) for n in TEXT_FIELDS))
