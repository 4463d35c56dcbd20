"""Many schools' files -> one consolidated workbook and report (workers read, one process writes)."""

from qplan_xl.merge.core import MergeError, merge_workbooks
from qplan_xl.merge.records import (
    FileIssue,
    FileKind,
    FileRecord,
    FileResult,
    FileStatus,
    Identity,
    Notice,
    NoticeCode,
    SchoolRow,
    SchoolStatus,
    code_key,
)
from qplan_xl.merge.report import CriterionRow, MergeResult

__all__ = [
    "CriterionRow", "FileIssue", "FileKind", "FileRecord", "FileResult", "FileStatus", "Identity",
    "MergeError", "MergeResult", "Notice", "NoticeCode", "SchoolRow", "SchoolStatus", "code_key",
    "merge_workbooks",
]
