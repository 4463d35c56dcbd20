"""Read a consolidated workbook back (province level): its schools, actions, criteria and issues."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.merge.files import MAX_UNIT_ROWS, FileResult, SchoolRow, UnitData, failed
from qplan_xl.merge.sheets import TABLES, Col
from qplan_xl.rules.catalog import fold

_STATUS = {fold(label): key for key, label in m.MERGE_SCHOOL_STATUS.items()}
_LEVELS = {fold(label): key for key, label in m.SCHOOL_LEVELS.items()}
_REACHED: dict[str, int | None] = {fold(m.level_label(k)): k for k in range(1, 5)}
_REACHED |= {fold(m.MERGE_REACHED["none"]): 0, fold(m.MERGE_REACHED["open"]): None}
_YES_NO = {fold(m.MERGE_YES): True, fold(m.MERGE_NO): False}


class _Unreadable(Exception):
    """A table of the output is missing or has lost its header."""


def read_unit(path: Path, result: FileResult) -> FileResult:
    """Fill `result` from a merge output given as input; a damaged output becomes one issue."""
    from qplan_xl.workbook.reader import read_workbook

    book = read_workbook(path, max_rows=MAX_UNIT_ROWS)
    meta = _meta(book)
    try:
        tables = {key: _table(book, key) for key in ("schools", "actions", "criteria", "issues")}
    except _Unreadable as exc:
        broken = failed(str(path), "unit-unreadable", "unreadable", sheet=str(exc))
        broken.identity = {"unit": meta.get("unit") or path.stem, "school_year": meta.get("school_year")}
        return broken
    unit = meta.get("unit") or path.stem
    result.kind, result.valid = "unit", True
    result.identity = {"unit": unit, "school_year": meta.get("school_year") or None,
                       "levels": meta.get("levels") or "", "generated": meta.get("generated") or ""}
    result.actions = tables["actions"]
    result.unit = UnitData(
        unit=unit, year=meta.get("school_year") or "", levels=meta.get("levels") or "",
        generated=meta.get("generated") or "",
        schools=[_school(row) for row in tables["schools"]],
        criteria=tables["criteria"], issues=tables["issues"],
    )
    return result


def _meta(book: Any) -> dict[str, str]:
    sheet = book.sheet(m.MERGE_SHEETS["meta"])
    rows = sheet.rows if sheet is not None else []
    return {str(r[0]): "" if r[1] is None else str(r[1]) for r in rows if len(r) > 1 and r[0] is not None}


def _table(book: Any, key: str) -> list[tuple[Any, ...]]:
    """Rows of one table in the column order of TABLES[key] (columns found by their label)."""
    name = m.MERGE_SHEETS[key]
    sheet = book.sheet(name)
    if sheet is None or not sheet.rows:
        raise _Unreadable(name)
    columns: tuple[Col, ...] = TABLES[key]
    found = {fold(str(v)): i for i, v in enumerate(sheet.rows[0]) if v is not None}
    where = [found.get(fold(c.header)) for c in columns]
    if where[0] is None or where[1] is None:
        raise _Unreadable(name)
    return [tuple(_cell(row, i) for i in where) for row in sheet.rows[1:] if any(v is not None for v in row)]


def _cell(row: list[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value


def _school(values: tuple[Any, ...]) -> SchoolRow:
    row = dict(zip((c.key for c in TABLES["schools"]), values, strict=True))
    status = _STATUS.get(fold(str(row["status"] or "")), "invalid")
    return SchoolRow(
        unit=_text(row["unit"]), code=_text(row["school_code"]), name=_text(row["school_name"]),
        level=_LEVELS.get(fold(_text(row["school_level"]))) or _text(row["school_level"]) or None,
        status=status, reason=_text(row["reason"]),
        in_roster=_YES_NO.get(fold(_text(row["in_roster"]))), file=_text(row["file"]),
        revision=_int(row["revision"]), saved=_text(row["saved"]) or None,
        framework=_text(row["framework"]),
        reached=_REACHED.get(fold(_text(row["reached"]))) if status == "valid" else None,
        levels={k: _text(row[f"level_{k}"]) for k in range(1, 5) if row[f"level_{k}"]},
        actions=_int(row["actions"]), budget=_int(row["budget"]), errors=_int(row["errors"]),
        warnings=_int(row["warnings"]), received=_int(row["received"]) or 0,
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
