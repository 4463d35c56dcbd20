"""The `Văn bản` sheet: the plan's narrative sections, found by their labels."""

from __future__ import annotations

from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Texts
from qplan_xl.rules.catalog import fold
from qplan_xl.validation.context import Context, check_text, required_sheet
from qplan_xl.workbook.cells import text_of


def read_texts(ctx: Context) -> Texts:
    """The narrative sections, found by their label in column A."""
    sheet = required_sheet(ctx, m.SHEETS["texts"])
    if sheet is None:
        return Texts()
    by_label = {fold(label): key for key, label in m.TEXT_LABELS.items()}
    texts: dict[str, Any] = {}
    for row in range(1, sheet.height + 1):
        key = by_label.get(fold(text_of(sheet.get(row, 1))))
        if key and key not in texts:
            texts[key] = check_text(ctx, sheet, row, 2, key)
    if ctx.framework is not None and ctx.framework.form is not None:
        texts.setdefault("previous_results", "")  # a Biểu 2 workbook says nothing: the form's default
    return Texts(**texts)
