"""Year after year: compare two plans, carry last year's plan forward, import Word plans."""

from qplan_xl.history.diff import PlanDiff, diff_plans

__all__ = ["PlanDiff", "diff_plans"]
