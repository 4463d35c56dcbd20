"""The law as data: framework files (criteria, levels, rules, plan forms) as frozen objects."""

from qplan_xl.rules.catalog import (
    Criterion,
    Framework,
    Level4Item,
    default_framework,
    find_framework,
    list_frameworks,
    load_framework,
)
from qplan_xl.rules.levels import level_counts, school_level

__all__ = [
    "Criterion", "Framework", "Level4Item", "default_framework", "find_framework",
    "level_counts", "list_frameworks", "load_framework", "school_level",
]
