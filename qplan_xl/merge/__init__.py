"""Many schools' files -> one consolidated workbook and report (workers read, one process writes)."""

from qplan_xl.merge.core import MergeError, MergeResult, merge_workbooks

__all__ = ["MergeError", "MergeResult", "merge_workbooks"]
