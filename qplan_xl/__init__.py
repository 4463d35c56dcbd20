"""qplan-xl: the school improvement plan as a validated Excel workbook, a Word plan and a district merge."""

from qplan_xl.version import __version__

__all__ = ["__version__"]
