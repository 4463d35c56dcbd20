"""Plan -> Summary (levels, gaps, load, budget, progress): pure computation, then text, JSON, sheet."""

from qplan_xl.summary.compute import Summary, summarize
from qplan_xl.summary.lines import result_lines, summary_dict
from qplan_xl.summary.render import render_summary_text, summary_rows
from qplan_xl.summary.sheet import write_summary_sheet

__all__ = [
    "Summary",
    "render_summary_text",
    "result_lines",
    "summarize",
    "summary_dict",
    "summary_rows",
    "write_summary_sheet",
]
