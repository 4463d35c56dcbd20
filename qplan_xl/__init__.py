"""qplan-xl: the school improvement plan as a validated Excel workbook, a Word plan and a district merge."""

# The library API (docs/api.md): read and validate a workbook, summarize it, write the Word plan,
# merge many schools' files, build a blank template.

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from qplan_xl.errors import QplanError
from qplan_xl.version import __version__

if TYPE_CHECKING:
    from qplan_xl.history import diff_plans
    from qplan_xl.merge import merge_workbooks
    from qplan_xl.model import Plan
    from qplan_xl.report import Report
    from qplan_xl.rules import load_framework
    from qplan_xl.summary import summarize, summary_dict
    from qplan_xl.validation import validate_workbook
    from qplan_xl.word import write_plan_docx
    from qplan_xl.workbook import read_workbook
    from qplan_xl.workbook.template.build import build_template

# lazy: `import qplan_xl` (which every `qplan` command does first) must not load openpyxl,
# python-docx or the merge; each name is imported from its module on first use (PEP 562).
_LAZY = {
    "validate_workbook": "qplan_xl.validation",
    "summarize": "qplan_xl.summary",
    "summary_dict": "qplan_xl.summary",
    "write_plan_docx": "qplan_xl.word",
    "merge_workbooks": "qplan_xl.merge",
    "build_template": "qplan_xl.workbook.template.build",
    "read_workbook": "qplan_xl.workbook",
    "load_framework": "qplan_xl.rules",
    "Report": "qplan_xl.report",
    "Plan": "qplan_xl.model",
    "diff_plans": "qplan_xl.history",
}

__all__ = [
    "Plan", "QplanError", "Report", "__version__", "build_template", "diff_plans", "load_framework",
    "merge_workbooks", "read_workbook", "summarize", "summary_dict", "validate_workbook", "write_plan_docx",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)  # lazy: start-up time, see _LAZY
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
