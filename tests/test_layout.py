"""The one column spec: every plan column is a model field, printed by the form, read back by the reader."""

from __future__ import annotations

import dataclasses

import pytest

from qplan_xl.model import Action
from qplan_xl.rules.forms import load_form
from qplan_xl.workbook import layout

POSITION = {"sheet", "row", "standard"}  # where an action was typed, not a column
NOT_PRINTED_BY_BIEU2 = {"no", "note", "result"}  # TT counts rows; Ghi chú stays in the workbook


def _fields() -> set[str]:
    return {f.name for f in dataclasses.fields(Action)} - POSITION


@pytest.mark.parametrize("columns", [layout.PLAN_COLUMNS, layout.PLAN_COLUMNS_BIEU2], ids=["2018", "bieu2"])
def test_every_plan_column_is_an_action_field(columns: tuple[layout.Column, ...]) -> None:
    assert {c.key for c in columns} - {"no"} <= _fields()


def test_every_action_field_has_a_column() -> None:
    declared = {c.key for c in (*layout.PLAN_COLUMNS, *layout.PLAN_COLUMNS_BIEU2)}
    assert _fields() <= declared


def test_the_bieu2_form_prints_every_bieu2_column() -> None:
    form = load_form("TT57-2026-BIEU-2")
    printed = {f for column in form.plan_columns for f in column.fields}
    assert printed <= _fields()
    assert {c.key for c in layout.PLAN_COLUMNS_BIEU2} - NOT_PRINTED_BY_BIEU2 == printed


def test_the_form_numbers_its_ten_columns() -> None:
    form = load_form("TT57-2026-BIEU-2")
    assert [c.number for c in form.plan_columns] == list(range(1, 11))
    assert [s.no for s in form.sections] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert [s.key for s in form.statuses] == ["not_started", "in_progress", "completed", "not_completed", "dropped"]


@pytest.mark.parametrize("columns", [layout.PLAN_COLUMNS, layout.PLAN_COLUMNS_BIEU2], ids=["2018", "bieu2"])
def test_headers_are_unique_and_required_columns_are_not_also_recommended(columns: tuple[layout.Column, ...]) -> None:
    assert len({c.header for c in columns}) == len(columns)
    assert not any(c.required and c.recommended for c in columns)
