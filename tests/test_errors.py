"""One exception base: every failure the user is told about is a QplanError carrying its exit code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qplan_xl.errors import EXIT_INVALID, EXIT_USAGE, QplanError
from qplan_xl.excel.addin import AddinError
from qplan_xl.merge import MergeError
from qplan_xl.output import OutputError, OutputLocked
from qplan_xl.word import PdfError
from qplan_xl.workbook.annotate import AnnotateError
from qplan_xl.workbook.read.reader import UnreadableFile
from qplan_xl.workbook.roster import RosterError
from qplan_xl.workbook.template.build import NewUsageError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("error", "code"), [
    (OutputError("x.xlsx"), EXIT_INVALID),
    (OutputLocked("x.xlsx"), EXIT_INVALID),
    (PdfError("pdf"), EXIT_INVALID),
    (AnnotateError("annotate"), EXIT_INVALID),
    (AddinError("addin"), EXIT_INVALID),
    (RosterError("roster"), EXIT_INVALID),
    (UnreadableFile("file-empty", path="x.xlsx"), EXIT_INVALID),
    (NewUsageError("new"), EXIT_USAGE),
    (MergeError("merge"), EXIT_USAGE),
])
def test_each_failure_carries_its_exit_code(error: QplanError, code: int) -> None:
    assert isinstance(error, QplanError) and error.exit_code == code
    assert error.message == str(error) and error.message


def test_an_unreadable_file_says_why_in_vietnamese() -> None:
    error = UnreadableFile("file-empty", path="x.xlsx")
    assert (error.code, error.params) == ("file-empty", {"path": "x.xlsx"})
    assert "x.xlsx" in error.message and not error.message.isascii()


def test_the_version_is_the_one_of_the_package() -> None:
    from qplan_xl import __version__

    declared = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert declared and declared[1] == __version__
