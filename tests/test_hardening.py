"""Defects of the adversarial review: validation, build warnings, numbers (one test per class)."""

from __future__ import annotations

from pathlib import Path

import pytest

import qplan_xl.validation.book as book
from qplan_xl.validation import validate_workbook

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "samples" / "thcs-nguyen-du-2024-2025.xlsx"


class PanicException(BaseException):
    """What pyo3 raises for a Rust panic in python-calamine: not an Exception."""


def test_a_parser_panic_is_an_issue_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def panic(*args: object, **kwargs: object) -> None:
        raise PanicException("index out of bounds")

    monkeypatch.setattr(book, "read_workbook", panic)
    report = validate_workbook(VALID).report
    assert [(i.code, i.severity) for i in report.issues] == [("internal-error", "error")]
