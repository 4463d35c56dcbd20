"""The `Văn bản` sheet: the plan's narrative sections, found by their labels, and how they will print."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Texts
from qplan_xl.rules.catalog import fold
from qplan_xl.validation.context import Context, check_text, required_sheet
from qplan_xl.workbook.cells import text_of
from qplan_xl.workbook.narrative import (
    names_phong,
    placeholder,
    renumbered,
    resolve_authority,
    unsigned_cited,
)
from qplan_xl.workbook.read.reader import RawSheet

REFORM_YEAR = 2025  # no Phòng GD&ĐT from school year 2025-2026 on (DESIGN 1)


def read_texts(ctx: Context, info: dict[str, Any] | None = None) -> Texts:
    """The narrative sections, found by their label in column A; `info` (Thông tin) lets the
    checks warn about what would print badly on the plan's date."""
    sheet = required_sheet(ctx, m.SHEETS["texts"])
    if sheet is None:
        return Texts()
    by_label = {fold(label): key for key, label in m.TEXT_LABELS.items()}
    texts: dict[str, Any] = {}
    for row in range(1, sheet.height + 1):
        key = by_label.get(fold(text_of(sheet.get(row, 1))))
        if key and key not in texts:
            texts[key] = check_text(ctx, sheet, row, 2, key)
            check_printing(ctx, sheet, row, key, texts[key], info or {})
    if ctx.framework is not None and ctx.framework.form is not None:
        texts.setdefault("previous_results", "")  # a Biểu 2 workbook says nothing: the form's default
    return Texts(**texts)


def check_printing(ctx: Context, sheet: RawSheet, row: int, key: str, text: str, info: dict[str, Any]) -> None:
    """Warn, naming the cell, about a text the Word plan would print badly."""
    where = {"sheet": sheet.name, "cell": sheet.address(row, 2), "field": key, "section": m.TEXT_LABELS[key]}
    shown = resolve_authority(text, info.get("authority") or "")
    fragment = placeholder(shown)
    if fragment:
        ctx.report.warning("text-placeholder", value=fragment, **where)
    if ctx.year is not None and ctx.year.start >= REFORM_YEAR and names_phong(text):
        ctx.report.warning("text-names-phong", value=names_phong(text), year=str(ctx.year), **where)
    if key == "basis" and ctx.framework is not None:
        _check_basis(ctx, text, info.get("issue_date"), where)


def _check_basis(ctx: Context, text: str, issued: dt.date | None, where: dict[str, Any]) -> None:
    assert ctx.framework is not None
    for _, basis in unsigned_cited(text, ctx.framework, issued):
        assert basis.signed is not None and issued is not None
        ctx.report.warning("basis-not-yet-signed", value=basis.number, signed=_day(basis.signed),
                           issued=_day(issued), **where)
    if ctx.framework.form is None and renumbered(text):
        ctx.report.warning("text-renumbered", **where)


def _day(date: dt.date) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}"
