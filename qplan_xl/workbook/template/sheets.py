"""The sheets of the school workbook (DESIGN 5.2), each built from layout.py and the catalog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from qplan_xl import messages as m
from qplan_xl.model import SchoolYear
from qplan_xl.output import set_cell
from qplan_xl.rules.catalog import Criterion, Framework, Level4Item, list_frameworks
from qplan_xl.workbook import layout
from qplan_xl.workbook.template import bieu2
from qplan_xl.workbook.template import style as st
from qplan_xl.workbook.template.tables import table_sheet

INFO_WIDTHS = (24.0, 60.0)
TEXT_WIDTHS = (24.0, 110.0)
GUIDE_WIDTH = 90.0  # fits an A4 portrait page without scaling
LIST_WIDTH, LIST_WIDE = 24.0, 60.0
INFO_FORMATS = {"code": st.TEXT_FORMAT, "year": st.TEXT_FORMAT, "date": st.DATE_FORMAT}


@dataclass(frozen=True)
class SheetContext:
    """Everything a sheet builder needs to know about the workbook being built."""

    framework: Framework
    level: str
    year: SchoolYear
    school_name: str = ""
    school_code: str = ""
    authority: str = ""
    revision: int = 0
    issued: str = ""
    input_rows: int = layout.INPUT_ROWS


def build_sheets(wb: Workbook, ctx: SheetContext) -> None:
    """Every sheet, in contract order, then the workbook properties."""
    guide_sheet(wb, ctx)
    info_sheet(wb, ctx)
    self_sheet(wb, ctx)
    if ctx.framework.form is not None:
        bieu2.focal_sheet(wb, ctx.framework, ctx.year, ctx.input_rows)
    for plan in layout.plan_sheets(ctx.framework):
        plan_sheet(wb, ctx, plan)
    if ctx.framework.form is not None:
        bieu2.monitoring_sheet(wb, ctx.framework.form, ctx.year)
    texts_sheet(wb, ctx)
    lists_sheet(wb, ctx)
    meta_sheet(wb, ctx)
    set_properties(wb, ctx)


# --- what the sheets show ------------------------------------------------------------------


def criterion_label(framework: Framework, code: str) -> str:
    """How a criterion appears in dropdowns and filled cells: '1.3 - <name>'."""
    item = framework.criterion(code) or framework.level4_item(code)
    return f"{code} - {item.name}" if item else code


def self_rows(framework: Framework) -> dict[str, int]:
    """Row of each criterion and Mức 4 item on `Tự đánh giá` (code -> row)."""
    codes = [c.code for c in framework.criteria] + [i.code for i in framework.level4_items]
    return {code: layout.FIRST_DATA_ROW + i for i, code in enumerate(codes)}


def confidence_label(framework: Framework) -> str:
    """Vietnamese grade of the framework data's confidence ('high (...)' -> 'cao')."""
    return m.CONFIDENCE.get(framework.confidence_grade, framework.confidence_grade)


REFORM_YEAR = 2025  # two-tier local government from 01/7/2025: no Phòng GD&ĐT from 2025-2026 on


def default_texts(framework: Framework, year: SchoolYear, level: str = "") -> dict[str, str]:
    """The prefilled narrative sections for a framework and school year (one item per line)."""
    if framework.form is not None:
        return bieu2.default_texts(framework, year, level)
    cited = [*framework.legal_basis_for(year.start), *([framework.guidance] if framework.guidance else [])]
    basis = [
        m.DEFAULT_BASIS_REPORT.format(previous_year=SchoolYear(year.start - 1)),
        *(m.BASIS_ITEM.format(text=text) for text in cited),
    ]
    return {
        "purpose": m.DEFAULT_PURPOSE.format(year=year),
        "basis": "\n".join(basis),
        "direction": m.DEFAULT_DIRECTION.format(year=year),
        "organization": m.DEFAULT_ORGANIZATION,
        "recipients": m.DEFAULT_RECIPIENTS.format(authority=default_authority(year, level)),
        "previous_results": "",
        "evaluation": "",
    }


def default_authority(year: SchoolYear, level: str) -> str:
    """Who the plan reports to: the Phòng GD&ĐT up to 2024-2025, then the xã/phường or the Sở."""
    if year.start < REFORM_YEAR:
        return m.DEFAULT_AUTHORITY_BEFORE_2025
    return m.DEFAULT_AUTHORITY.get(level, m.DEFAULT_AUTHORITY["thpt"])


def owner_values(level: str) -> list[str]:
    """The prefilled owners (Chủ trì) list for a school level (a GDTX centre has a Giám đốc)."""
    if level == "gdtx":
        return list(m.OWNERS_GDTX)
    extra = m.OWNERS_PRESCHOOL_EXTRA if level == "mam-non" else ()
    return [*m.OWNERS, *extra]


def list_values(framework: Framework, level: str, year: SchoolYear) -> list[tuple[str, str, list[str]]]:
    """(defined name, header, values) of the fixed lists on `Danh mục`, from column B on.

    Owners (column A) are apart: they have room for the school's own names.
    """
    top = max(framework.rule.levels)
    frameworks = [f.label for f in list_frameworks() if f.applies_to(level)] or [framework.label]
    lists = [
        (layout.LIST_MONTHS, m.LIST_HEADERS["months"], [str(mo) for mo in year.months()]),
        (layout.LIST_FUNDING, m.LIST_HEADERS["funding"], list(m.FUNDING)),
        (layout.LIST_LEVELS_FULL, m.LIST_HEADERS["levels_full"], list(layout.level_choices(top))),
        (layout.LIST_LEVELS_SHORT, m.LIST_HEADERS["levels_short"], list(layout.level_choices(top - 1))),
        (layout.LIST_MET, m.LIST_HEADERS["met"], list(layout.level4_choices())),
        (layout.LIST_SCHOOL_LEVELS, m.LIST_HEADERS["school_levels"], list(m.SCHOOL_LEVELS.values())),
        (layout.LIST_FRAMEWORKS, m.LIST_HEADERS["frameworks"], frameworks),
        (layout.LIST_TARGETS, m.LIST_HEADERS["targets"], list(layout.target_choices(framework))),
    ]
    for s in framework.standards:
        lists.append((layout.criteria_list_name(s.no), m.LIST_HEADERS["criteria"].format(no=s.no),
                      [criterion_label(framework, c.code) for c in s.criteria]))
    if framework.has_level4:
        lists.append((layout.LIST_LEVEL4, m.LIST_HEADERS["level4_items"],
                      [criterion_label(framework, i.code) for i in framework.level4_items]))
    if framework.form is not None:
        lists += bieu2.list_values(framework)
    return lists


def meta_values(ctx: SheetContext) -> dict[str, Any]:
    """The workbook identity written to `_meta`."""
    return {
        "template_id": layout.TEMPLATE_ID,
        "template_version": layout.TEMPLATE_VERSION,
        "framework": ctx.framework.id,
        "school_code": ctx.school_code,
        "school_year": str(ctx.year),
        "school_level": ctx.level,
        "revision": ctx.revision,
        "issued": ctx.issued,
    }


# --- Hướng dẫn, Thông tin, Văn bản ---------------------------------------------------------


def guide_sheet(wb: Workbook, ctx: SheetContext) -> None:
    ws = wb.create_sheet(m.SHEETS["guide"])
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    st.cell(ws, layout.TITLE_ROW, 1, m.GUIDE_TITLE, font=st.TITLE_FONT)
    ws.row_dimensions[layout.TITLE_ROW].height = 24
    provisional = m.PROVISIONAL_NOTE.format(framework=ctx.framework.short_name)
    for row, line in enumerate([*_guide_head(ctx), "", *guide_lines(ctx)], start=layout.FIRST_DATA_ROW):
        font = st.NOTE_FONT if line == provisional else None
        st.cell(ws, row, 1, line or None, alignment=st.WRAP, **({"font": font} if font else {}))
        st.fit_row_height(ws, row, [GUIDE_WIDTH])
    st.protect(ws)
    st.print_setup(ws, landscape=False, title_rows=False)


def guide_lines(ctx: SheetContext) -> list[str]:
    """The filling guide, worded for the framework (levels, Mức 4) and the school year."""
    fw = ctx.framework
    sheets = [p.name for p in layout.plan_sheets(fw) if p.standard is not None]
    level4 = (m.GUIDE_LEVEL4_STEP if fw.has_level4
              else m.GUIDE_NO_LEVEL4_STEP.format(framework=fw.short_name))
    top = max(fw.rule.levels)
    levels = ", ".join(layout.level_choices(top))
    if any(c.max_level < top for c in fw.criteria):
        levels += m.GUIDE_TOP_LEVEL_NOTE.format(top=m.level_label(top))
    values = {
        "levels": levels,
        "plan_sheets": f"{sheets[0]} \u2026 {sheets[-1]}",
        "month": m.month_label(ctx.year.start, 9),
        "level4_step": level4,
    }
    lines = m.GUIDE_LINES if fw.form is None else m.GUIDE_LINES_BIEU2
    return [line.format(**values) for line in lines]


def _guide_head(ctx: SheetContext) -> list[str]:
    fw = ctx.framework
    school = (m.TEMPLATE["guide_school"].format(school=ctx.school_name, year=ctx.year) if ctx.school_name
              else m.TEMPLATE["guide_school_blank"].format(year=ctx.year))
    lines = [school, m.TEMPLATE["guide_framework"].format(label=fw.label, id=fw.id,
                                                          confidence=confidence_label(fw))]
    if fw.provisional:
        lines.append(m.PROVISIONAL_NOTE.format(framework=fw.short_name))
    lines.append(m.TEMPLATE["guide_template"].format(template_id=layout.TEMPLATE_ID,
                                                     version=layout.TEMPLATE_VERSION))
    return lines


def info_sheet(wb: Workbook, ctx: SheetContext) -> None:
    ws = wb.create_sheet(m.SHEETS["info"])
    st.widths(ws, INFO_WIDTHS)
    st.title(ws, m.TITLES["info"], 2)
    st.headers(ws, m.INFO_HEADER, height=22)
    values = {
        "authority": ctx.authority,
        "school_name": ctx.school_name,
        "school_code": ctx.school_code,
        "school_level": m.SCHOOL_LEVELS.get(ctx.level, ""),
        "kind": bieu2.school_type(ctx.level),
        "school_year": str(ctx.year),
        "framework": ctx.framework.label,
    }
    for row, field in enumerate(layout.info_fields(ctx.framework), start=layout.FIRST_DATA_ROW):
        st.cell(ws, row, 1, field.label, font=st.HEADER_FONT, fill=st.LABEL_FILL, border=st.BORDER,
                alignment=st.WRAP)
        value = st.input_cell(ws, row, 2, border=st.BORDER, alignment=st.WRAP)
        value.number_format = INFO_FORMATS.get(field.kind, "General")
        set_cell(value, values.get(field.key) or None)
        ws.row_dimensions[row].height = 20
        # The framework may legitimately be typed as an id; other lists are closed.
        error = "soft" if field.kind == "framework" else "strict"
        st.validate(ws, f"B{row}", field.list_name, field.label, field.prompt, error=error)
    st.protect(ws)
    st.print_setup(ws, landscape=False)


def texts_sheet(wb: Workbook, ctx: SheetContext) -> None:
    ws = wb.create_sheet(m.SHEETS["texts"])
    st.widths(ws, TEXT_WIDTHS)
    st.title(ws, m.TITLES["texts"], 2)
    st.headers(ws, m.TEXT_HEADER, height=22)
    texts = default_texts(ctx.framework, ctx.year, ctx.level)
    for row, key in enumerate(layout.text_keys(ctx.framework), start=layout.FIRST_DATA_ROW):
        st.cell(ws, row, 1, m.TEXT_LABELS[key], font=st.HEADER_FONT, fill=st.LABEL_FILL,
                border=st.BORDER, alignment=st.WRAP)
        set_cell(st.input_cell(ws, row, 2, border=st.BORDER, alignment=st.WRAP), texts[key])
        st.fit_row_height(ws, row, TEXT_WIDTHS)
    st.protect(ws)
    st.print_setup(ws, landscape=False)


# --- Tự đánh giá ---------------------------------------------------------------------------


def self_sheet(wb: Workbook, ctx: SheetContext) -> None:
    ws = wb.create_sheet(m.SHEETS["self"])
    fw = ctx.framework
    columns = layout.self_columns(fw)
    col_widths = [c.width for c in columns]
    st.widths(ws, col_widths)
    st.title(ws, m.TITLES["self"].format(framework=fw.short_name), len(columns))
    st.headers(ws, [c.header for c in columns])
    rows = [_criterion_row(fw, c) for c in fw.criteria] + [_level4_row(i) for i in fw.level4_items]
    by_list: dict[str, list[int]] = {}
    for row, values in enumerate(rows, start=layout.FIRST_DATA_ROW):
        _self_row(ws, row, columns, values)
        st.fit_row_height(ws, row, col_widths)
        by_list.setdefault(values["list"], []).append(row)
    letter = layout.column_letter([c.key for c in columns].index("level") + 1)
    for list_name, list_rows in by_list.items():
        prompt = m.SELF_PROMPTS["level4" if list_name == layout.LIST_MET else "level"]
        st.validate(ws, st.runs(letter, list_rows), list_name, m.SELF_HEADERS["level"], prompt,
                    error="strict")
    ws.freeze_panes = f"A{layout.FIRST_DATA_ROW}"
    st.protect(ws)
    st.print_setup(ws, landscape=True)


def _criterion_row(fw: Framework, criterion: Criterion) -> dict[str, Any]:
    return {
        "code": criterion.code,
        "name": criterion.name,
        "max_level": m.level_label(criterion.max_level),
        "mandatory": m.YES if criterion.mandatory else m.NO,
        "list": layout.framework_level_list(fw, criterion.max_level),
        "warning": None if criterion.name_verified else m.TEMPLATE["note_unverified_name"],
    }


def _level4_row(item: Level4Item) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "max_level": m.TEMPLATE["level4_max"],
        "mandatory": m.NO,
        "list": layout.LIST_MET,
        "warning": None if item.verified else m.TEMPLATE["note_unverified_level4"],
    }


def _self_row(ws: Worksheet, row: int, columns: Sequence[layout.Column], values: dict[str, Any]) -> None:
    for col, column in enumerate(columns, start=1):
        align = st.CENTER if column.key in ("level", "max_level", "mandatory") else st.WRAP
        if column.key in ("level", "note"):
            st.input_cell(ws, row, col, border=st.BORDER, alignment=align)
            continue
        target = st.cell(ws, row, col, values.get(column.key) or None, border=st.BORDER, alignment=align)
        if column.key == "name" and values["warning"]:
            target.comment = st.note(values["warning"])


# --- TC1..TCn, Mức 4 -----------------------------------------------------------------------


def plan_sheet(wb: Workbook, ctx: SheetContext, plan: layout.PlanSheet) -> None:
    table_sheet(wb, plan.name, _plan_title(ctx.framework, plan), layout.plan_columns(ctx.framework),
                ctx.input_rows, ctx.year, criteria_list=plan.list_name)


def _plan_title(fw: Framework, plan: layout.PlanSheet) -> str:
    if plan.standard is None:
        return m.TITLES["level4"]
    standard = fw.standard(plan.standard)
    key = "standard" if fw.form is None else "standard_bieu2"
    return m.TITLES[key].format(no=plan.standard, name=standard.name if standard else "")


# --- Danh mục, _meta, properties -----------------------------------------------------------


def lists_sheet(wb: Workbook, ctx: SheetContext) -> None:
    ws = wb.create_sheet(m.SHEETS["lists"])
    ws.sheet_state = "hidden"
    st.cell(ws, layout.TITLE_ROW, 1, m.TITLES["lists"], font=st.TITLE_FONT)
    _owners_list(wb, ws, ctx.level)
    for col, (name, header, values) in enumerate(list_values(ctx.framework, ctx.level, ctx.year), start=2):
        wide = name.startswith(layout.criteria_list_name(0)[:-1]) or name == layout.LIST_LEVEL4
        _list_column(ws, col, header, values, LIST_WIDE if wide else LIST_WIDTH)
        _define(wb, name, f"{quote_sheetname(ws.title)}!{_column_ref(col, len(values))}")
    st.protect(ws)


def _owners_list(wb: Workbook, ws: Worksheet, level: str) -> None:
    """Owners fill column A with empty unlocked slots after them; the name covers what is typed."""
    values = owner_values(level)
    _list_column(ws, 1, m.LIST_HEADERS["owners"], values, LIST_WIDTH + 10)
    first = layout.FIRST_DATA_ROW
    last = first + max(layout.OWNER_SLOTS, len(values)) - 1
    for row in range(first, last + 1):
        st.input_cell(ws, row, 1).number_format = st.TEXT_FORMAT
    sheet = quote_sheetname(ws.title)
    _define(wb, layout.LIST_OWNERS,
            f"OFFSET({sheet}!$A${first},0,0,MAX(1,COUNTA({sheet}!$A${first}:$A${last})),1)")


def _list_column(ws: Worksheet, col: int, header: str, values: Iterable[str], width: float) -> None:
    ws.column_dimensions[layout.column_letter(col)].width = width
    st.cell(ws, layout.HEADER_ROW, col, header, font=st.HEADER_FONT, fill=st.HEADER_FILL)
    for row, value in enumerate(values, start=layout.FIRST_DATA_ROW):
        set_cell(ws.cell(row, col), value).number_format = st.TEXT_FORMAT


def _column_ref(col: int, count: int) -> str:
    letter = layout.column_letter(col)
    return f"${letter}${layout.FIRST_DATA_ROW}:${letter}${layout.FIRST_DATA_ROW + max(count, 1) - 1}"


def _define(wb: Workbook, name: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def meta_sheet(wb: Workbook, ctx: SheetContext) -> None:
    ws = wb.create_sheet(m.SHEETS["meta"])
    ws.sheet_state = "veryHidden"
    values = meta_values(ctx)
    for row, key in enumerate(layout.META_KEYS, start=1):
        ws.cell(row, 1, key)
        value = set_cell(ws.cell(row, 2), values.get(key, ""))
        if isinstance(value.value, str):
            value.number_format = st.TEXT_FORMAT
    st.protect(ws)


def set_properties(wb: Workbook, ctx: SheetContext) -> None:
    """Fixed dates (start of the school year), so regenerating a template gives the same file."""
    stamp = dt.datetime(ctx.year.start, 8, 1)
    props = wb.properties
    props.created = props.modified = stamp
    props.creator = props.lastModifiedBy = m.TEMPLATE["note_author"]
    props.title = m.TEMPLATE["doc_title"].format(year=ctx.year)
    props.subject = m.TEMPLATE["doc_subject"].format(school=ctx.school_name, framework=ctx.framework.label)
    props.identifier = f"{layout.TEMPLATE_ID}/{layout.TEMPLATE_VERSION}"
    wb.active = 0
