"""Per-sheet readers used by validation: _meta, Thông tin, Tự đánh giá, plan sheets, Văn bản."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Action, Assessment, Level4Result, Meta, Month, Texts, parse_month
from qplan_xl.rules.catalog import (
    Framework,
    fold,
    parse_criterion_ref,
    parse_level4_ref,
    parse_school_level,
)
from qplan_xl.validation.book import (
    Context,
    check_text,
    choose_framework,
    find_header_row,
    header_columns,
    parse_issue_date,
    parse_year,
)
from qplan_xl.workbook import layout
from qplan_xl.workbook.cells import (
    BadValue,
    format_money,
    parse_level,
    parse_met,
    parse_money,
    text_of,
)
from qplan_xl.workbook.reader import RawSheet

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
    sheet = _required_sheet(ctx, m.SHEETS["info"])
    if sheet is None:
        ctx.framework = choose_framework(ctx, "", "", meta)
        return {}
    cells = _info_cells(ctx, sheet)
    values = {key: sheet.get(row, 2) for key, row in cells.items()}
    where = {key: sheet.address(row, 2) for key, row in cells.items()}
    _missing_labels(ctx, cells)
    info = _info_values(ctx, sheet, cells, values, where)
    ctx.framework = choose_framework(ctx, text_of(values.get("framework")), where.get("framework", ""), meta)
    _check_framework(ctx, where)
    _check_meta(ctx, meta, info, where)
    info["framework"] = ctx.framework.id if ctx.framework else ""
    info["target_level"] = _target(ctx, values.get("target_level"), where.get("target_level", ""))
    return info


def _info_cells(ctx: Context, sheet: RawSheet) -> dict[str, int]:
    """Row of each info field, found by its label in column A (rows may be moved)."""
    by_label = {fold(f.label): f.key for f in layout.INFO_FIELDS}
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
    ctx.year = parse_year(ctx, values.get("school_year"), where.get("school_year", ""))
    return {
        "authority": text.get("authority", ""),
        "name": text.get("school_name", ""),
        "code": text.get("school_code", ""),
        "level": ctx.level or "",
        "year": ctx.year,
        "doc_number": text.get("doc_number", ""),
        "place": text.get("place", ""),
        "issue_date": parse_issue_date(ctx, values.get("issue_date"), where.get("issue_date", "")),
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
    if f.provisional:
        ctx.report.warning("framework-provisional", framework=f.label)


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


def _required_sheet(ctx: Context, name: str) -> RawSheet | None:
    sheet = ctx.book.sheet(name)
    if sheet is None:
        ctx.report.error("sheet-missing", sheet=name)
    return sheet


# --- Tự đánh giá ---------------------------------------------------------------------------------


def read_self_assessment(ctx: Context) -> tuple[tuple[Assessment, ...], tuple[Level4Result, ...]]:
    """Levels per criterion and Mức 4 item, in catalog order; blanks and gaps are reported."""
    framework = ctx.framework
    assert framework is not None
    sheet = _required_sheet(ctx, m.SHEETS["self"])
    if sheet is None:
        return (), ()
    header = _table_header(ctx, sheet, layout.self_columns(framework)[:3])
    if header is None:
        return (), ()
    row0, cols = header
    found = _assessment_rows(ctx, sheet, row0, cols, framework)
    return _assessments_in_order(ctx, sheet, found, framework, cols["level"])


def _assessment_rows(
    ctx: Context, sheet: RawSheet, row0: int, cols: dict[str, int], framework: Framework
) -> dict[str, int]:
    """Row of each criterion/Mức 4 code; unknown and duplicate codes are reported."""
    found: dict[str, int] = {}
    for row in range(row0 + 1, sheet.height + 1):
        raw = sheet.get(row, cols["code"])
        if raw is None:
            continue
        code = _assessment_code(raw, framework)
        cell = sheet.address(row, cols["code"])
        if code is None:
            ctx.report.error(
                "assessment-unknown", sheet=sheet.name, cell=cell, field="code", value=text_of(raw),
                row=row, framework=framework.label,
            )
        elif code in found:
            ctx.report.warning("assessment-duplicate", sheet=sheet.name, cell=cell, field="code",
                               value=text_of(raw), criterion=code)
        else:
            found[code] = row
    return found


def _assessment_code(raw: Any, framework: Framework) -> str | None:
    code = parse_criterion_ref(raw)
    if code is not None:
        return code if framework.criterion(code) else None
    text = fold(text_of(raw))
    if framework.has_level4 and (text.startswith("m4") or text.startswith("muc 4")):
        item = parse_level4_ref(raw)
        return item if item and framework.level4_item(item) else None
    return None


def _assessments_in_order(
    ctx: Context, sheet: RawSheet, found: dict[str, int], framework: Framework, level_col: int
) -> tuple[tuple[Assessment, ...], tuple[Level4Result, ...]]:
    assessments = tuple(
        _assessment(ctx, sheet, c.code, found.get(c.code), level_col, c.levels)
        for c in framework.criteria
    )
    level4 = tuple(
        _level4_result(ctx, sheet, i.code, found.get(i.code), level_col) for i in framework.level4_items
    )
    return assessments, level4


def _assessment(
    ctx: Context, sheet: RawSheet, code: str, row: int | None, col: int, levels: tuple[int, ...]
) -> Assessment:
    allowed = (0,) + tuple(range(1, max(levels) + 1))
    cell, level = _assessed(ctx, sheet, code, row, col, lambda raw: parse_level(raw, allowed),
                            layout.level_choices(max(levels)))
    return Assessment(code=code, level=level, sheet=sheet.name, cell=cell)


def _level4_result(ctx: Context, sheet: RawSheet, code: str, row: int | None, col: int) -> Level4Result:
    cell, met = _assessed(ctx, sheet, code, row, col, parse_met, layout.level4_choices())
    return Level4Result(code=code, met=met, sheet=sheet.name, cell=cell)


def _assessed(
    ctx: Context, sheet: RawSheet, code: str, row: int | None, col: int,
    parse: Callable[[Any], Any], choices: tuple[str, ...],
) -> tuple[str | None, Any]:
    """(cell, parsed value) of one `Tự đánh giá` row; missing rows, blanks and bad values reported."""
    if row is None:
        ctx.report.warning("assessment-missing", sheet=sheet.name, field="code", criterion=code)
        return None, None
    cell, raw = sheet.address(row, col), sheet.get(row, col)
    try:
        value = parse(raw)
    except BadValue:
        ctx.report.error("assessment-invalid", sheet=sheet.name, cell=cell, field="level",
                         value=text_of(raw), criterion=code, choices=", ".join(choices))
        return cell, None
    if value is None:
        ctx.report.warning("assessment-blank", sheet=sheet.name, cell=cell, field="level", criterion=code)
    return cell, value


def _table_header(
    ctx: Context, sheet: RawSheet, columns: tuple[layout.Column, ...]
) -> tuple[int, dict[str, int]] | None:
    """Header row and column map; every missing label is reported; None when unusable."""
    required = tuple(c.header for c in columns if c.required)
    row0 = find_header_row(sheet, required[:2]) or layout.HEADER_ROW
    cols = header_columns(sheet, row0, columns)
    for c in columns:
        if c.key not in cols and (c.required or c.key != "no"):
            ctx.report.error("header-missing", sheet=sheet.name, cell=None, field=c.key, header=c.header)
    if any(c.required and c.key not in cols for c in columns):
        return None
    return row0, cols


# --- Văn bản -------------------------------------------------------------------------------------


def read_texts(ctx: Context) -> Texts:
    """The narrative sections, found by their label in column A."""
    sheet = _required_sheet(ctx, m.SHEETS["texts"])
    if sheet is None:
        return Texts()
    by_label = {fold(label): key for key, label in m.TEXT_LABELS.items()}
    texts: dict[str, Any] = {}
    for row in range(1, sheet.height + 1):
        key = by_label.get(fold(text_of(sheet.get(row, 1))))
        if key and key not in texts:
            texts[key] = check_text(ctx, sheet, row, 2, key)
    return Texts(**texts)


# --- plan sheets ---------------------------------------------------------------------------------


def read_actions(ctx: Context) -> tuple[Action, ...]:
    """Every well-formed action row of every plan sheet, in sheet and row order."""
    from qplan_xl.validation.actions import read_plan_sheet

    assert ctx.framework is not None
    owners = _owner_keys(ctx)
    actions: list[Action] = []
    seen: dict[tuple[Any, ...], int] = {}
    for spec in layout.plan_sheets(ctx.framework):
        sheet = _required_sheet(ctx, spec.name)
        if sheet is not None:
            actions.extend(read_plan_sheet(ctx, sheet, spec, owners, seen))
    return tuple(actions)


def _owner_keys(ctx: Context) -> set[str]:
    """Folded owner names: the built-in list plus what the school added on `Danh mục`."""
    names = set(m.OWNERS) | set(m.OWNERS_PRESCHOOL_EXTRA)
    lists = ctx.book.sheet(m.SHEETS["lists"])
    if lists is not None and lists.height:
        header = [fold(text_of(v)) for v in lists.rows[0]]
        col = header.index(fold(m.LIST_HEADERS["owners"])) + 1 if fold(m.LIST_HEADERS["owners"]) in header else 0
        names |= {text_of(lists.get(r, col)) for r in range(2, lists.height + 1)} if col else set()
    return {fold(n) for n in names if n}


def month_or_issue(ctx: Context, sheet: RawSheet, row: int, col: int, field: str) -> Month | None:
    """Parse a month cell; report unparseable and out-of-year months."""
    raw = sheet.get(row, col)
    cell = sheet.address(row, col)
    month = parse_month(raw, fold(raw) if isinstance(raw, str) else None)
    if month is None:
        ctx.report.error("month-invalid", sheet=sheet.name, cell=cell, field=field, value=text_of(raw))
        return None
    year = ctx.year
    if year is not None and not year.contains(month):
        ctx.report.warning(
            "month-out-of-year", sheet=sheet.name, cell=cell, field=field, value=str(month),
            year=str(year), first=str(year.first_month), last=str(year.last_month),
        )
    return month


def money_or_issue(ctx: Context, sheet: RawSheet, row: int, col: int) -> tuple[bool, int | None]:
    """(ok, amount) for the cost cell; reports text that is not money and negative amounts."""
    raw = sheet.get(row, col)
    cell = sheet.address(row, col)
    try:
        amount = parse_money(raw)
    except BadValue:
        ctx.report.error("money-invalid", sheet=sheet.name, cell=cell, field="cost", value=text_of(raw))
        return False, None
    if amount is not None and amount < 0:
        ctx.report.error("money-negative", sheet=sheet.name, cell=cell, field="cost", value=amount,
                         amount=format_money(amount))
        return False, None
    if amount is not None and amount > layout.MAX_PLAUSIBLE_COST:
        ctx.report.warning("money-implausible", sheet=sheet.name, cell=cell, field="cost", value=amount,
                           amount=format_money(amount))
    return True, amount


def table_header(
    ctx: Context, sheet: RawSheet, columns: tuple[layout.Column, ...]
) -> tuple[int, dict[str, int]] | None:
    """Public name of the header finder, for the plan-sheet reader."""
    return _table_header(ctx, sheet, columns)
