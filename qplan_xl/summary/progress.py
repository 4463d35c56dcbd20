"""Progress of a plan at its latest review (the status column of Biểu 2): counts, ratio, overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from qplan_xl.model import Action, Month, Plan
from qplan_xl.rules.catalog import Framework
from qplan_xl.rules.forms import PlanForm, Review
from qplan_xl.summary.labels import owner_label


@dataclass(frozen=True)
class Tally:
    """Progress of a group of actions (a plan sheet, an owner): total and completed."""

    label: str
    total: int
    completed: int

    @property
    def ratio(self) -> float | None:
        return self.completed / self.total if self.total else None


@dataclass(frozen=True)
class Progress:
    """Where the plan stands at its latest review with statuses (`as_of` None: no review yet)."""

    as_of: str | None
    review_date: dt.date | None
    review_month: Month | None
    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    unreported: int = 0
    overdue: tuple[Action, ...] = ()
    by_standard: tuple[Tally, ...] = ()
    by_lead: tuple[Tally, ...] = ()

    @property
    def completed(self) -> int:
        return self.by_status.get("completed", 0)

    @property
    def ratio(self) -> float | None:
        """Completed / planned actions (criterion 1.4's datum); None before any review."""
        return self.completed / self.total if self.as_of and self.total else None


def status_at(action: Action, review: Review) -> str | None:
    """An action's status key at a review (the field the form names for it)."""
    value = getattr(action, review.status_field, None)
    return value if isinstance(value, str) else None


def latest_review(plan: Plan, form: PlanForm) -> Review | None:
    """The last review of the form at which at least one action has a status."""
    done = [r for r in form.reviews if any(status_at(a, r) for a in plan.actions)]
    return done[-1] if done else None


def compute_progress(plan: Plan, framework: Framework) -> Progress:
    """The progress block of the summary; an empty block for a plan form without statuses."""
    form = framework.form
    review = latest_review(plan, form) if form else None
    if form is None or review is None:
        return _no_review(plan)
    return progress_at(plan, form, review)


def progress_at(plan: Plan, form: PlanForm, review: Review) -> Progress:
    """Where the plan stood at one review of its form; empty when no action has a status for it."""
    statuses = [status_at(a, review) for a in plan.actions]
    if not any(statuses):
        return _no_review(plan)
    date = next((r.date for r in plan.reviews if r.key == review.key and r.date), None)
    month = Month(date.year, date.month) if date else _usual_month(plan, review)
    pairs = zip(plan.actions, statuses, strict=True)
    return Progress(
        as_of=review.key, review_date=date, review_month=month, total=len(plan.actions),
        by_status={s.key: statuses.count(s.key) for s in form.statuses},
        unreported=statuses.count(None),
        overdue=tuple(a for a, s in pairs if _overdue(a, s, month, form)),
        by_standard=_tallies(plan.actions, review, lambda a: a.sheet),
        by_lead=_by_load(_tallies(plan.actions, review, lambda a: owner_label(a.lead))),
    )


def _no_review(plan: Plan) -> Progress:
    return Progress(as_of=None, review_date=None, review_month=None, total=len(plan.actions))


def _usual_month(plan: Plan, review: Review) -> Month:
    """The review's month in the plan's school year (January of term I's end, May of the year's)."""
    year = plan.info.year.start + (1 if review.month < 8 else 0)
    return Month(year, review.month)


def _overdue(action: Action, status: str | None, month: Month, form: PlanForm) -> bool:
    """Past its Hoàn thành month at the review and neither completed nor dropped."""
    found = form.status(status) if status else None
    return action.end < month and not (found and found.closed)


def _tallies(
    actions: tuple[Action, ...], review: Review, key: Callable[[Action], str]
) -> tuple[Tally, ...]:
    """Actions grouped by `key`, in order of first appearance."""
    groups: dict[str, list[Action]] = {}
    for action in actions:
        groups.setdefault(key(action), []).append(action)
    return tuple(
        Tally(label, len(group), sum(status_at(a, review) == "completed" for a in group))
        for label, group in groups.items()
    )


def _by_load(tallies: tuple[Tally, ...]) -> tuple[Tally, ...]:
    """Most actions first; ties keep their order of appearance."""
    return tuple(sorted(tallies, key=lambda t: -t.total))
