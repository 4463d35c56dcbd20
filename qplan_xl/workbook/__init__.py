"""The workbook: one layout spec, the .xlsx reader, the template writer and the write-back."""

from qplan_xl.workbook.annotate import annotate_copy
from qplan_xl.workbook.read.reader import RawSheet, RawWorkbook, UnreadableFile, read_workbook
from qplan_xl.workbook.roster import read_roster

__all__ = ["RawSheet", "RawWorkbook", "UnreadableFile", "annotate_copy", "read_roster", "read_workbook"]
