"""The level engine: which level a school reaches, driven only by the framework's rule data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from qplan_xl.rules.catalog import Criterion, Framework

CUMULATIVE = "cumulative"
MANDATORY_QUOTA = "mandatory-quota"
TARGET_FROM_PLAN = "plan"
TARGET_DEFAULT = "default"

CriterionLevels = Mapping[str, "int | None"]
Level4Met = Mapping[str, "bool | None"]


@dataclass(frozen=True)
class LevelCount:
    """How many criteria (or Mức 4 items) reach one level, out of those that have it."""

    level: int
    achieved: int
    total: int
    unassessed: int = 0

    @property
    def rate(self) -> float | None:
        """achieved / total as a fraction 0..1; None when no criterion has this level."""
        return self.achieved / self.total if self.total else None

    @property
    def not_achieved(self) -> int:
        """Assessed and below the level (blanks are counted in `unassessed`, not here)."""
        return self.total - self.achieved - self.unassessed


@dataclass(frozen=True)
class Gap:
    """A criterion (or Mức 4 item) that keeps the school from a goal level.

    `level` is the current level (None = blank; for a Mức 4 item 0 = not met), `needed` the
    level it must reach (1 = met for a Mức 4 item). `required` is False for a criterion that is
    one of several candidates of a quota ("at least 5 of the other 7"): some of them must rise.
    """

    code: str
    level: int | None
    needed: int
    required: bool = True
    blocks_next: bool = True
    blocks_target: bool = True
    covered: bool = False

    @property
    def is_level4(self) -> bool:
        return self.code.startswith("M4.")


# --- the school level ---------------------------------------------------------------------


def school_level(
    framework: Framework, criterion_levels: CriterionLevels, level4_met: Level4Met
) -> int | None:
    """The level the school reaches (0 = none), or None when blanks could change the answer.

    A missing code counts as blank. Both rules are monotone (raising a criterion never lowers
    the result), so the answer is known exactly when the worst and the best filling of the
    blanks agree.
    """
    low, high = level_bounds(framework, criterion_levels, level4_met)
    return low if low == high else None


def level_bounds(
    framework: Framework, criterion_levels: CriterionLevels, level4_met: Level4Met
) -> tuple[int, int]:
    """(level with every blank at its worst, level with every blank at its best)."""
    return (
        _evaluate(framework, *_filled(framework, criterion_levels, level4_met, optimistic=False)),
        _evaluate(framework, *_filled(framework, criterion_levels, level4_met, optimistic=True)),
    )


def _filled(
    framework: Framework, levels: CriterionLevels, met: Level4Met, optimistic: bool
) -> tuple[dict[str, int], dict[str, bool]]:
    filled = {c.code: _level_or(levels.get(c.code), c, optimistic) for c in framework.criteria}
    items = {
        i.code: optimistic if met.get(i.code) is None else bool(met.get(i.code))
        for i in framework.level4_items
    }
    return filled, items


def _level_or(level: int | None, criterion: Criterion, optimistic: bool) -> int:
    if level is not None:
        return level
    return criterion.max_level if optimistic else 0


def _evaluate(framework: Framework, levels: Mapping[str, int], met: Mapping[str, bool]) -> int:
    reached = 0
    for k in sorted(framework.rule.levels):
        if not reaches(framework, k, levels):
            break
        reached = k
    if reached == max(framework.rule.levels) and _level4_reached(framework, met):
        reached = framework.rule.extra_level or reached
    return reached


def _level4_reached(framework: Framework, met: Mapping[str, bool]) -> bool:
    # Without Mức 4 items in the data there is nothing to meet, and no extra level to claim.
    items = framework.level4_items
    return bool(framework.rule.extra_level and items and all(met[i.code] for i in items))


def reaches(framework: Framework, k: int, levels: Mapping[str, int]) -> bool:
    """Whether every condition of level `k` holds (levels fully filled in)."""
    check = _RULES.get(framework.rule.kind)
    if check is None:
        raise ValueError(f"unknown rule kind {framework.rule.kind!r} in {framework.id}")
    return check(framework, k, levels) and _floor_holds(framework, k, levels)


def _cumulative(framework: Framework, k: int, levels: Mapping[str, int]) -> bool:
    return all(levels[c.code] >= k for c in framework.criteria if c.has_level(k))


def _mandatory_quota(framework: Framework, k: int, levels: Mapping[str, int]) -> bool:
    mandatory, others = _split(framework, k)
    if any(levels[c.code] < k for c in mandatory):
        return False
    return sum(levels[c.code] >= k for c in others) >= framework.rule.min_others


def _floor_holds(framework: Framework, k: int, levels: Mapping[str, int]) -> bool:
    floor = floor_for(framework, k)
    return all(levels[c.code] >= floor for c in framework.criteria)


def floor_for(framework: Framework, k: int) -> int:
    """The level every criterion needs for level `k` ("none below Mức 1" for TT57 Mức 2)."""
    return max((least for lvl, least in framework.rule.all_at_least if lvl == k), default=0)


def _split(framework: Framework, k: int) -> tuple[list[Criterion], list[Criterion]]:
    having = [c for c in framework.criteria if c.has_level(k)]
    return [c for c in having if c.mandatory], [c for c in having if not c.mandatory]


_RULES: dict[str, Callable[[Framework, int, Mapping[str, int]], bool]] = {
    CUMULATIVE: _cumulative,
    MANDATORY_QUOTA: _mandatory_quota,
}


# --- counts per level ---------------------------------------------------------------------


def level_counts(
    framework: Framework,
    criterion_levels: CriterionLevels,
    level4_met: Level4Met,
    criteria: tuple[Criterion, ...] | None = None,
) -> dict[int, LevelCount]:
    """LevelCount per level of the rule (and the extra Mức 4 over its items, when whole)."""
    criteria = framework.criteria if criteria is None else criteria
    counts = {k: _count(k, criteria, criterion_levels) for k in sorted(framework.rule.levels)}
    extra = framework.rule.extra_level
    if extra and framework.level4_items and criteria == framework.criteria:
        counts[extra] = _count_level4(extra, framework, level4_met)
    return counts


def _count(k: int, criteria: tuple[Criterion, ...], levels: CriterionLevels) -> LevelCount:
    having = [levels.get(c.code) for c in criteria if c.has_level(k)]
    achieved = sum(1 for v in having if v is not None and v >= k)
    blank = sum(1 for v in having if v is None)
    return LevelCount(k, achieved, len(having), blank)


def _count_level4(extra: int, framework: Framework, met: Level4Met) -> LevelCount:
    values = [met.get(i.code) for i in framework.level4_items]
    return LevelCount(extra, sum(1 for v in values if v), len(values), values.count(None))


# --- the target -------------------------------------------------------------------------------


def choose_target(framework: Framework, typed: int | None, current: int) -> tuple[int, str]:
    """(target level, TARGET_FROM_PLAN or TARGET_DEFAULT): the typed target, capped at the top.

    Decision: a school that leaves `Mục tiêu mức đạt` empty is taken to aim for the next
    level, as the plan exists to improve; a school at the top level aims to keep it. When
    blanks keep the level open, "current" is the level surely reached.
    """
    top = framework.rule.max_level
    if typed is not None and typed >= 1:
        return min(typed, top), TARGET_FROM_PLAN
    return min(current + 1, top), TARGET_DEFAULT


# --- what blocks a goal -------------------------------------------------------------------


def gaps(
    framework: Framework, criterion_levels: CriterionLevels, level4_met: Level4Met, goal: int
) -> tuple[list[Gap], int]:
    """Criteria (and Mức 4 items) below what level `goal` needs, and the quota shortfall.

    The shortfall is how many more non-mandatory criteria must reach the goal under a quota
    rule (0 for the cumulative rule); the candidates are listed with required=False.
    """
    top = min(goal, max(framework.rule.levels))
    required: dict[str, int] = {}
    candidate: dict[str, int] = {}
    shortfall = 0
    for k in sorted(lvl for lvl in framework.rule.levels if lvl <= top):
        shortfall = max(shortfall, _needs_at(framework, k, criterion_levels, required, candidate))
    found = [_gap(c, criterion_levels.get(c.code), required, candidate) for c in framework.criteria]
    result = [g for g in found if g is not None]
    if goal > top and framework.rule.extra_level == goal:
        unmet = [i.code for i in framework.level4_items if not level4_met.get(i.code)]
        result += [_level4_gap(code, level4_met.get(code)) for code in unmet]
    return result, shortfall


def _needs_at(
    framework: Framework,
    k: int,
    levels: CriterionLevels,
    required: dict[str, int],
    candidate: dict[str, int],
) -> int:
    """Record what level `k` asks of each criterion; return the quota shortfall at `k`."""
    floor = floor_for(framework, k)
    quota = framework.rule.kind == MANDATORY_QUOTA
    for c in framework.criteria:
        need = k if c.has_level(k) and (c.mandatory or not quota) else floor
        required[c.code] = max(required.get(c.code, 0), need)
    if not quota:
        return 0
    _, others = _split(framework, k)
    short = framework.rule.min_others - sum(1 for c in others if (levels.get(c.code) or 0) >= k)
    if short > 0:
        for c in others:
            candidate[c.code] = max(candidate.get(c.code, 0), k)
    return max(short, 0)


def _gap(
    c: Criterion, level: int | None, required: dict[str, int], candidate: dict[str, int]
) -> Gap | None:
    current = level or 0
    must, may = required.get(c.code, 0), candidate.get(c.code, 0)
    needed = max(must, may)
    if level is not None and current >= needed:
        return None
    if level is None and needed == 0:
        return None
    return Gap(c.code, level, needed, required=current < must)


def _level4_gap(code: str, met: bool | None) -> Gap:
    level = None if met is None else int(met)
    return Gap(code, level, 1)
