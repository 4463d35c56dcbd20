"""The `_meta` and `Thông tin` sheets: the workbook's identity, the school and its framework."""

from __future__ import annotations

from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Meta, SchoolYear, parse_school_year
from qplan_xl.rules.catalog import (
    Framework,
    default_framework,
    find_framework,
    fold,
    list_frameworks,
    load_framework,
    parse_school_level,
)
from qplan_xl.validation.context import Context, check_text, required_sheet
from qplan_xl.workbook import layout
from qplan_xl.workbook.cells import BadValue, parse_date, parse_level, text_of
from qplan_xl.workbook.read.reader import RawSheet

# --- _meta -------------------------------------------------------------------------------------


def read_meta(ctx: Context) -> Meta | None:
    """The identity sheet, or None (with a warning) when it is missing or unknown."""
    sheet = ctx.book.sheet(m.SHEETS["meta"])
    if sheet is None:
        ctx.report.warning("meta-missing")
        return None
    pairs = {text_of(r[0]): r[1] for r in sheet.rows if r and r[0] is not None and len(r) > 1}
    version = text_of(pairs.get("template_version"))
    if text_of(pairs.get("template_id")) != layout.TEMPLATE_ID or (
        version not in layout.KNOWN_TEMPLATE_VERSIONS
    ):
        shown = " ".join(filter(None, (text_of(pairs.get("template_id")), version))) or "?"
        ctx.report.warning("meta-unknown-version", sheet=m.SHEETS["meta"], value=shown)
        return None
    revision = pairs.get("revision")
    if revision is not None and not (type(revision) is int and revision >= 0):
        ctx.report.warning("meta-invalid", sheet=m.SHEETS["meta"], field="revision",
                           value=text_of(revision))
    return _meta_from_pairs(pairs)


def _meta_from_pairs(pairs: dict[str, Any]) -> Meta:
    revision = pairs.get("revision")
    return Meta(
        template_id=text_of(pairs.get("template_id")),
        template_version=text_of(pairs.get("template_version")),
        framework=text_of(pairs.get("framework")),
        school_code=text_of(pairs.get("school_code")),
        school_year=text_of(pairs.get("school_year")),
        revision=revision if type(revision) is int and revision >= 0 else 0,
        issued=text_of(pairs.get("issued")),
    )


# --- Thông tin -----------------------------------------------------------------------------------


def read_info(ctx: Context, meta: Meta | None) -> dict[str, Any]:
    """School information as SchoolInfo keyword arguments; sets ctx.level/year/framework."""
    sheet = required_sheet(ctx, m.SHEETS["info"])
    if sheet is None:
        ctx.framework = _choose_framework(ctx, "", "", meta)
        return {}
    cells = _info_cells(ctx, sheet)
    values = {key: sheet.get(row, 2) for key, row in cells.items()}
    where = {key: sheet.address(row, 2) for key, row in cells.items()}
    _missing_labels(ctx, cells)
    info = _info_values(ctx, sheet, cells, values, where)
    ctx.framework = _choose_framework(ctx, text_of(values.get("framework")), where.get("framework", ""), meta)
    _check_framework(ctx, where)
    _check_meta(ctx, meta, info, where)
    info["framework"] = ctx.framework.id if ctx.framework else ""
    info["target_level"] = _target(ctx, values.get("target_level"), where.get("target_level", ""))
    return info


def _info_cells(ctx: Context, sheet: RawSheet) -> dict[str, int]:
    """Row of each info field, found by its label in column A (rows may be moved)."""
    # Both forms' labels are accepted (Cơ quan chủ quản / Cơ quan quản lý), wherever the row is.
    by_label = {fold(f.label): f.key for f in (*layout.INFO_FIELDS, *layout.INFO_FIELDS_BIEU2)}
    rows: dict[str, int] = {}
    for row in range(1, sheet.height + 1):
        key = by_label.get(fold(text_of(sheet.get(row, 1))))
        if key and key in rows:
            ctx.report.warning("info-label-duplicate", sheet=sheet.name, cell=sheet.address(row, 1),
                               field=key, label=m.INFO_LABELS[key], other=sheet.address(rows[key], 2))
        elif key:
            rows[key] = row
    return rows


def _missing_labels(ctx: Context, cells: dict[str, int]) -> None:
    for f in layout.INFO_FIELDS:
        if f.required and f.key not in cells:
            ctx.report.error("info-label-missing", sheet=m.SHEETS["info"], field=f.key, label=f.label)


def _info_values(
    ctx: Context, sheet: RawSheet, cells: dict[str, int], values: dict[str, Any], where: dict[str, str]
) -> dict[str, Any]:
    text = {k: check_text(ctx, sheet, row, 2, k) for k, row in cells.items() if k not in ("issue_date",)}
    for f in layout.INFO_FIELDS:
        if f.required and f.key in cells and not text.get(f.key):
            ctx.report.error(
                "info-required", sheet=m.SHEETS["info"], cell=where[f.key], field=f.key, label=f.label
            )
    ctx.level = _level(ctx, text.get("school_level", ""), where.get("school_level", ""))
    ctx.year = _parse_year(ctx, values.get("school_year"), where.get("school_year", ""))
    return {
        "authority": text.get("authority", ""),
        "name": text.get("school_name", ""),
        "code": text.get("school_code", ""),
        "level": ctx.level or "",
        "kind": text.get("kind", ""),
        "address": text.get("address", ""),
        "year": ctx.year,
        "doc_number": text.get("doc_number", ""),
        "place": text.get("place", ""),
        "issue_date": _parse_issue_date(ctx, values.get("issue_date"), where.get("issue_date", "")),
        "signer": text.get("signer", ""),
        "signer_title": text.get("signer_title", ""),
    }


def _level(ctx: Context, typed: str, cell: str) -> str | None:
    if not typed:
        return None
    level = parse_school_level(typed)
    if level is None:
        ctx.report.error(
            "level-unknown", sheet=m.SHEETS["info"], cell=cell, field="school_level", value=typed,
            choices=", ".join(m.SCHOOL_LEVELS.values()),
        )
    return level


def _check_framework(ctx: Context, where: dict[str, str]) -> None:
    f = ctx.framework
    if f is None:
        return
    if ctx.level and not f.applies_to(ctx.level):
        ctx.report.error(
            "framework-level-mismatch", sheet=m.SHEETS["info"], cell=where.get("school_level"),
            field="school_level", value=m.SCHOOL_LEVELS[ctx.level], framework=f.label,
            level=m.SCHOOL_LEVELS[ctx.level],
        )


def _check_meta(ctx: Context, meta: Meta | None, info: dict[str, Any], where: dict[str, str]) -> None:
    """The school changed what the district issued: flag it for the clerk."""
    if meta is None:
        return
    pairs = (("school_code", info.get("code"), meta.school_code),
             ("school_year", str(info["year"]) if info.get("year") else "", meta.school_year))
    for key, typed, issued in pairs:
        if typed and issued and fold(typed) != fold(issued):
            ctx.report.warning(
                "meta-mismatch", sheet=m.SHEETS["info"], cell=where.get(key), field=key,
                value=typed, expected=issued, label=m.INFO_LABELS[key],
            )


def _target(ctx: Context, value: Any, cell: str) -> int | None:
    if value is None or ctx.framework is None:
        return None
    allowed = tuple(range(1, ctx.framework.rule.max_level + 1))
    try:
        return parse_level(value, allowed)
    except BadValue:
        ctx.report.error(
            "target-invalid", sheet=m.SHEETS["info"], cell=cell, field="target_level",
            value=text_of(value), choices=", ".join(layout.target_choices(ctx.framework)),
        )
        return None



# --- the framework, the year and the date ---------------------------------------------------


def _choose_framework(ctx: Context, typed: str, cell: str, meta: Meta | None) -> Framework | None:
    """The framework named in `Thông tin`, else the template's, else the default for level/year."""
    chosen = find_framework(typed) if typed else None
    if typed and chosen is None:
        ctx.report.error(
            "framework-unknown", sheet=m.SHEETS["info"], cell=cell, field="framework", value=typed,
            choices=", ".join(f.label for f in list_frameworks()),
        )
    template = _meta_framework(meta)
    if chosen and template and chosen.id != template.id:
        ctx.report.error(
            "framework-template-mismatch", sheet=m.SHEETS["info"], cell=cell, field="framework",
            value=chosen.label, expected=template.label,
        )
        chosen = template
    chosen = chosen or template
    if chosen is None and ctx.level and ctx.year:
        chosen = default_framework(ctx.level, ctx.year.start)
    return chosen


def _meta_framework(meta: Meta | None) -> Framework | None:
    if meta is None or not meta.framework:
        return None
    try:
        return load_framework(meta.framework)
    except KeyError:
        return None


def _parse_year(ctx: Context, value: Any, cell: str) -> SchoolYear | None:
    year = parse_school_year(value) if value is not None else None
    if value is not None and year is None:
        ctx.report.error(
            "year-invalid", sheet=m.SHEETS["info"], cell=cell, field="school_year", value=text_of(value)
        )
    return year


def _parse_issue_date(ctx: Context, value: Any, cell: str) -> Any:
    try:
        return parse_date(value)
    except BadValue:
        ctx.report.warning(
            "date-invalid", sheet=m.SHEETS["info"], cell=cell, field="issue_date", value=text_of(value)
        )
        return None
