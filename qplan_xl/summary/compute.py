"""The compliance summary of a validated plan: levels reached, gaps, workload, budget, progress (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Action, Month, Plan, SchoolYear, require_plan
from qplan_xl.rules.catalog import Framework, load_framework
from qplan_xl.rules.levels import (
    Gap,
    LevelCount,
    choose_target,
    gaps,
    level_bounds,
    level_counts,
)
from qplan_xl.summary.labels import funding_label, owner_label
from qplan_xl.summary.progress import Progress, compute_progress
from qplan_xl.validation.coverage import assessed_levels

__all__ = [
    "Gap",
    "LevelCount",
    "OwnerMonth",
    "Progress",
    "StandardSummary",
    "Summary",
    "Tally",
    "summarize",
]

BUSIEST_COUNT = 5  # owner-months listed as the busiest


@dataclass(frozen=True)
class Tally:
    """Actions and budget (đồng) grouped under one label: an owner, a funding source, a sheet."""

    label: str
    actions: int
    budget: int


@dataclass(frozen=True)
class OwnerMonth:
    """How many actions one owner (chủ trì) carries in one month."""

    lead: str
    month: Month
    actions: int


@dataclass(frozen=True)
class StandardSummary:
    """One standard: its criteria per level and the actions planned for it."""

    no: int
    name: str
    criteria: int
    levels: dict[int, LevelCount]
    actions: int
    budget: int

    @property
    def sheet(self) -> str:
        return m.standard_sheet(self.no)


@dataclass(frozen=True)
class Summary:
    """Everything `qplan summary`, the Word plan and the `Tổng hợp` sheet report."""

    framework: Framework
    school: str
    school_code: str
    education_level: str
    year: SchoolYear
    levels: dict[int, LevelCount]
    school_level: int | None
    lowest_level: int
    unassessed: tuple[str, ...]
    by_standard: tuple[StandardSummary, ...]
    target_level: int
    target_source: str
    next_level: int | None
    blocking: tuple[Gap, ...]
    others_needed: int
    uncovered_criteria: tuple[str, ...]
    actions: int
    budget: int
    level4_plan: Tally | None
    by_lead: tuple[Tally, ...]
    by_month: tuple[tuple[Month, int], ...]
    funding: tuple[Tally, ...]
    progress: Progress
    owner_month_load: dict[tuple[str, Month], int] = field(repr=False)
    busiest: tuple[OwnerMonth, ...] = ()

    @property
    def concluded(self) -> bool:
        """False when blank assessments keep the school level open."""
        return self.school_level is not None

    @property
    def current_level(self) -> int:
        """The level reached, or the level surely reached when blanks keep it open."""
        return self.lowest_level if self.school_level is None else self.school_level


# --- summarize ------------------------------------------------------------------------------


def summarize(plan: Plan, framework: Framework | None = None) -> Summary:
    """Compute the summary of a validated plan (no I/O)."""
    require_plan(plan, "summarize")
    framework = framework or load_framework(plan.info.framework)
    levels, met = assessed_levels(plan)
    low, high = level_bounds(framework, levels, met)
    reached = low if low == high else None
    target, source = choose_target(framework, plan.info.target_level, low)
    next_level = low + 1 if low < framework.rule.max_level else None
    blocking, others_needed = _blocking(framework, levels, met, plan.actions, next_level, target)
    load = owner_month_load(plan.actions)
    return Summary(
        framework=framework,
        school=plan.info.name,
        school_code=plan.info.code,
        education_level=plan.info.level,
        year=plan.info.year,
        levels=level_counts(framework, levels, met),
        school_level=reached,
        lowest_level=low,
        unassessed=_unassessed(framework, levels, met),
        by_standard=_by_standard(framework, levels, met, plan.actions),
        target_level=target,
        target_source=source,
        next_level=next_level,
        blocking=tuple(blocking),
        others_needed=others_needed,
        uncovered_criteria=_uncovered(blocking, others_needed),
        actions=len(plan.actions),
        budget=_budget(plan.actions),
        level4_plan=_level4_plan(framework, plan.actions),
        by_lead=by_lead(plan.actions),
        by_month=by_month(plan.actions),
        funding=by_funding(plan.actions),
        progress=compute_progress(plan, framework),
        owner_month_load=load,
        busiest=busiest(load),
    )


def _unassessed(
    framework: Framework, levels: dict[str, int | None], met: dict[str, bool | None]
) -> tuple[str, ...]:
    blank = [c.code for c in framework.criteria if levels.get(c.code) is None]
    return tuple(blank + [i.code for i in framework.level4_items if met.get(i.code) is None])


def _blocking(
    framework: Framework,
    levels: dict[str, int | None],
    met: dict[str, bool | None],
    actions: tuple[Action, ...],
    next_level: int | None,
    target: int,
) -> tuple[list[Gap], int]:
    """Gaps towards the higher of the next level and the target, flagged for each goal."""
    goal = max(next_level or 0, target)
    current = level_bounds(framework, levels, met)[0]
    if goal <= current:
        return [], 0
    found, short = gaps(framework, levels, met, goal)
    to_next = _codes(gaps(framework, levels, met, next_level)[0]) if next_level else set()
    to_target = _codes(gaps(framework, levels, met, target)[0]) if target > current else set()
    planned = {a.criterion for a in actions}
    flagged = [
        Gap(
            g.code,
            g.level,
            g.needed,
            g.required,
            g.code in to_next,
            g.code in to_target,
            g.code in planned,
        )
        for g in found
    ]
    target_short = gaps(framework, levels, met, target)[1] if target > current else 0
    return flagged, target_short


def _codes(found: Iterable[Gap]) -> set[str]:
    return {g.code for g in found}


def _uncovered(blocking: list[Gap], others_needed: int) -> tuple[str, ...]:
    """Gaps towards the target with no action; quota candidates only while too few are planned."""
    toward = [g for g in blocking if g.blocks_target]
    required = [g.code for g in toward if g.required and not g.covered]
    candidates = [g for g in toward if not g.required]
    if sum(g.covered for g in candidates) >= others_needed:
        return tuple(required)
    return tuple(required + [g.code for g in candidates if not g.covered])


# --- plan figures ---------------------------------------------------------------------------


def _by_standard(
    framework: Framework,
    levels: dict[str, int | None],
    met: dict[str, bool | None],
    actions: tuple[Action, ...],
) -> tuple[StandardSummary, ...]:
    rows = []
    for s in framework.standards:
        own = [a for a in actions if a.standard == s.no]
        counts = level_counts(framework, levels, met, criteria=s.criteria)
        rows.append(StandardSummary(s.no, s.name, len(s.criteria), counts, len(own), _budget(own)))
    return tuple(rows)


def _level4_plan(framework: Framework, actions: tuple[Action, ...]) -> Tally | None:
    if not framework.has_level4:
        return None
    own = [a for a in actions if a.standard is None]
    return Tally(m.SHEETS["level4"], len(own), _budget(own))


def _budget(actions: Iterable[Action]) -> int:
    return sum(a.cost or 0 for a in actions)


def by_lead(actions: Iterable[Action]) -> tuple[Tally, ...]:
    """Actions and budget per owner (chủ trì), most loaded first, ties in order of appearance."""
    return _tally(actions, lambda a: owner_label(a.lead))


def by_funding(actions: Iterable[Action]) -> tuple[Tally, ...]:
    """Actions and budget per funding source, largest budget first."""
    found = _tally(actions, funding_label)
    return tuple(sorted(found, key=lambda t: -t.budget))


def _tally(actions: Iterable[Action], label_of: Any) -> tuple[Tally, ...]:
    counts: dict[str, list[int]] = {}
    for a in actions:
        entry = counts.setdefault(label_of(a), [0, 0])
        entry[0] += 1
        entry[1] += a.cost or 0
    tallies = [Tally(label, n, budget) for label, (n, budget) in counts.items()]
    return tuple(sorted(tallies, key=lambda t: -t.actions))


def by_month(actions: Iterable[Action]) -> tuple[tuple[Month, int], ...]:
    """Actions running in each month (an action counts in every month from start to end)."""
    counts: dict[Month, int] = {}
    for a in actions:
        for month in a.months:
            counts[month] = counts.get(month, 0) + 1
    return tuple(sorted(counts.items()))


def owner_month_load(actions: Iterable[Action]) -> dict[tuple[str, Month], int]:
    """Actions per (owner, month), for spotting overloaded people."""
    load: dict[tuple[str, Month], int] = {}
    for a in actions:
        lead = owner_label(a.lead)
        for month in a.months:
            load[(lead, month)] = load.get((lead, month), 0) + 1
    return load


def busiest(
    load: dict[tuple[str, Month], int], count: int = BUSIEST_COUNT
) -> tuple[OwnerMonth, ...]:
    """The `count` heaviest owner-months, heaviest first, then by month and owner."""
    ranked = sorted(load.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))
    return tuple(OwnerMonth(lead, month, n) for (lead, month), n in ranked[:count])
