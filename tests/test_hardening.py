"""Defects of the adversarial review: validation, build warnings, numbers (one test per class)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- 5. numbers in the merge -----------------------------------------------------------------------


def _with_cost(tmp_path: Path, cost: float) -> Path:
    import openpyxl
    from conftest import make_plan

    from qplan_xl.workbook.template.build import write_workbook

    path = tmp_path / "ke-hoach.xlsx"
    write_workbook(make_plan(), path)
    book = openpyxl.load_workbook(path)
    cell = next(c for ws in book.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, int) and c.value >= 1_000_000)
    cell.value = cost
    book.save(path)
    return path


def test_an_absurd_cost_is_reported_and_left_out_of_the_budgets(tmp_path: Path) -> None:
    from qplan_xl.merge import merge_workbooks

    result = merge_workbooks([_with_cost(tmp_path, 1e308)], tmp_path / "tong-hop.xlsx")
    record = result.files[0]
    assert str(record.status) == "merged"
    assert [i.code for i in record.result.issues][:1] == ["money-not-summed"]
    assert result.schools[0].budget is not None and result.schools[0].budget < 10**15
    assert (tmp_path / "tong-hop.xlsx").is_file()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(min_value=-(10**400), max_value=10**400), st.none()))
def test_any_cost_becomes_a_bounded_sum_and_a_writable_cell(cost: int | None) -> None:
    from openpyxl.compat.strings import safe_string

    from qplan_xl.merge.files import MAX_MERGE_COST, _shown_cost, summed_cost

    assert 0 <= summed_cost(cost) <= MAX_MERGE_COST
    shown = _shown_cost(cost)
    if shown is not None:
        assert len(safe_string(shown)) < 100
