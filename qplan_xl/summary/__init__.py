"""Plan -> Summary (levels, gaps, load, budget): pure computation, then its text, JSON and sheet."""

from qplan_xl.summary.compute import Summary, render_summary_text, summarize, write_summary_sheet

__all__ = ["Summary", "render_summary_text", "summarize", "write_summary_sheet"]
