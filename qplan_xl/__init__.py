"""qplan-xl: the school improvement plan as a validated Excel workbook, a Word plan and a district merge."""

__version__ = "0.1.0"
