"""Excel front end: the ribbon buttons' entry points (xlwings glue) and the add-in build/install."""

# The add-in calls `RunPython "import qplan_xl.excel as e; e.<entry>()"`: these names are that
# contract, so add-ins already installed on school PCs keep working.

from qplan_xl.excel.buttons import (
    check,
    clear_marks,
    generate_pdf,
    generate_plan,
    show_help,
    summarize,
)

__all__ = ["check", "clear_marks", "generate_pdf", "generate_plan", "show_help", "summarize"]
