"""The sheets and defaults only a TT57 Biểu 2 workbook has: Vấn đề trọng tâm, Theo dõi, its texts."""

from __future__ import annotations

from openpyxl import Workbook

from qplan_xl import messages as m
from qplan_xl.model import SchoolYear
from qplan_xl.rules.catalog import Framework
from qplan_xl.rules.forms import PlanForm
from qplan_xl.workbook import layout
from qplan_xl.workbook.template import style as st
from qplan_xl.workbook.template.tables import table_sheet

FOCAL_ROWS = 30  # prepared rows of section IV: a handful of focal issues is the rule


def school_type(level: str) -> str:
    """`Loại hình` of a school level: the TT57 appendix it is assessed under."""
    key = level if level in ("mam-non", "gdtx") else "pho-thong"
    return m.SCHOOL_TYPES[key] if level else ""


def standard_label(framework: Framework, no: int) -> str:
    """How a standard appears in the section IV dropdown: 'Tiêu chuẩn 1: <name>'."""
    standard = framework.standard(no)
    return m.TITLES["standard"].format(no=no, name=standard.name if standard else "")


def list_values(framework: Framework) -> list[tuple[str, str, list[str]]]:
    """The Biểu 2 lists on `Danh mục`: statuses, standards, school types."""
    form = framework.form
    assert form is not None
    return [
        (layout.LIST_STATUSES, m.LIST_HEADERS["statuses"], [s.label for s in form.statuses]),
        (layout.LIST_STANDARDS, m.LIST_HEADERS["standards"],
         [standard_label(framework, s.no) for s in framework.standards]),
        (layout.LIST_SCHOOL_TYPES, m.LIST_HEADERS["school_types"], list(m.SCHOOL_TYPES.values())),
    ]


def focal_sheet(wb: Workbook, framework: Framework, year: SchoolYear, rows: int = FOCAL_ROWS) -> None:
    """Section IV: one row per focal issue."""
    table_sheet(wb, m.SHEETS["focal"], m.TITLES["focal"], layout.FOCAL_COLUMNS, min(rows, FOCAL_ROWS), year)


def monitoring_sheet(wb: Workbook, form: PlanForm, year: SchoolYear) -> None:
    """Section VI: the two review rows, their moment written in and locked."""
    ws = table_sheet(wb, m.SHEETS["monitoring"], m.TITLES["monitoring"], layout.MONITOR_COLUMNS,
                     len(form.reviews), year, freeze="B")
    for row, review in enumerate(form.reviews, start=layout.FIRST_DATA_ROW):
        st.cell(ws, row, 1, review.label, font=st.HEADER_FONT, fill=st.LABEL_FILL, border=st.BORDER,
                alignment=st.WRAP)
        ws.row_dimensions[row].height = 60


def default_texts(framework: Framework, year: SchoolYear, level: str = "") -> dict[str, str]:
    """The prefilled narrative of a Biểu 2 plan: sections II, III, VII, VIII and Nơi nhận."""
    form = framework.form
    assert form is not None
    previous = SchoolYear(year.start - 1)
    basis = [m.BASIS_ITEM.format(text=b) for b in framework.legal_basis_for(year.start)]
    basis += [line.format(previous_year=previous, year=year) for line in m.DEFAULT_BASIS_BIEU2]
    authority = m.DEFAULT_AUTHORITY.get(level, m.DEFAULT_AUTHORITY["thpt"])  # TT57: after the reform
    return {
        "basis": "\n".join(basis),
        "previous_results": m.DEFAULT_PREVIOUS_RESULTS.format(previous_year=previous),
        "purpose": "\n".join(form.section("purpose").items),
        "direction": "",
        "organization": m.DEFAULT_ORGANIZATION_BIEU2,
        "evaluation": "\n".join(form.section("evaluation").items),
        "recipients": m.DEFAULT_RECIPIENTS_BIEU2.format(authority=authority),
    }
