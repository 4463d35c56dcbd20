"""The workbook: one layout spec, the .xlsx reader, the template writer and the write-back."""

# Kept light: `qplan validate` imports this package on its way to the reader; the roster, the
# template writer and the write-back (openpyxl) are imported from their modules by those who need them.
from qplan_xl.workbook.read.reader import RawSheet, RawWorkbook, UnreadableFile, read_workbook

__all__ = ["RawSheet", "RawWorkbook", "UnreadableFile", "read_workbook"]
