"""The TT57 Biểu 2 Word plan: sections I-VIII with the focal-issue, plan and monitoring tables."""

from __future__ import annotations

from typing import Any

from docx.shared import Pt

from qplan_xl.model import Plan, SchoolInfo, Texts
from qplan_xl.rules.catalog import Framework
from qplan_xl.rules.forms import FormColumn, PlanForm
from qplan_xl.word import bieu2_content as bc
from qplan_xl.word import blocks
from qplan_xl.word import content as wl
from qplan_xl.word import docx_xml as h

__all__ = ["build_bieu2"]

CELL_MARGIN_MM = 1.2  # narrower than Word's 1.9 mm: ten columns share 252 mm


def build_bieu2(plan: Plan, framework: Framework) -> Any:
    """The python-docx Document of a plan under a framework whose plan form is Biểu 2."""
    form = framework.form
    if form is None:
        raise ValueError(f"{framework.id} has no plan form")
    document = blocks.reference_document()
    texts = wl.plan_texts(plan, framework)
    h.set_page(document.sections[0], landscape=False)
    blocks.header_block(document, plan.info, bc.doc_number_line(plan.info, form))
    blocks.title(document, bc.title_lines(form, plan.info))
    _opening_sections(document, form, plan.info, texts)
    h.add_section(document, landscape=True)
    _focal_issues(document, plan, framework, form)
    _plan_table(document, plan, framework, form)
    _monitoring(document, plan, form)
    h.add_section(document, landscape=False)
    _closing_sections(document, form, texts)
    blocks.signature(document, plan.info, texts)
    blocks.page_numbers(document)
    blocks.properties(document, plan, framework)
    return document


# --- text sections (portrait) -----------------------------------------------------------------


def _heading(document: Any, form: PlanForm, key: str) -> Any:
    return h.add_paragraph(document, bc.heading(form.section(key)), h.SECTION_HEADING, bold=True)


def _opening_sections(document: Any, form: PlanForm, info: SchoolInfo, texts: Texts) -> None:
    """I general information, II basis, III purpose and requirements."""
    _heading(document, form, "general")
    blocks.body(document, bc.general_lines(form.section("general"), info))
    _heading(document, form, "basis")
    blocks.body(document, bc.basis_lines(texts))
    _heading(document, form, "purpose")
    blocks.body(document, wl.text_lines(texts.purpose))


def _closing_sections(document: Any, form: PlanForm, texts: Texts) -> None:
    """VII organization, VIII evaluation and reporting."""
    _heading(document, form, "organization")
    blocks.body(document, wl.text_lines(texts.organization))
    _heading(document, form, "evaluation")
    blocks.body(document, wl.text_lines(texts.evaluation))


# --- tables (landscape) -----------------------------------------------------------------------


def _focal_issues(document: Any, plan: Plan, framework: Framework, form: PlanForm) -> None:
    """IV: the focal issues, then the form's note in italics."""
    section = form.section("focal")
    _table_heading(document, form, "focal")
    columns = form.focal_columns
    table = _table(document, columns, [tuple(c.label for c in columns)])
    rows = bc.focal_rows(plan, framework, columns) or [("",) * len(columns)]  # one to fill by hand
    for row in rows:
        _data_row(table, row, columns)
    if section.note:
        blocks.body(document, [section.note], italic=True)


def _plan_table(document: Any, plan: Plan, framework: Framework, form: PlanForm) -> None:
    """V: the ten numbered columns; labels and numbers repeat on every page."""
    _table_heading(document, form, "plan")
    columns = form.plan_columns
    rows = bc.plan_rows(plan, framework, form)
    table = _table(document, columns, [tuple(c.label for c in columns), bc.numbers_row(columns)],
                   _fitted_widths(columns, rows))
    for row in rows:
        if row.kind == bc.GROUP:
            _group_row(table, row.cells[0])
        else:
            _data_row(table, row.cells, columns)
    blocks.close_table(table, wl.totals_line(plan.actions))


def _monitoring(document: Any, plan: Plan, form: PlanForm) -> None:
    """VI: one row per review, with the figures computed from the statuses."""
    _table_heading(document, form, "monitoring")
    columns = form.monitoring_columns
    table = _table(document, columns, [tuple(c.label for c in columns)])
    for row in bc.monitoring_rows(plan, form):
        _data_row(table, row, columns)


def _table_heading(document: Any, form: PlanForm, key: str) -> None:
    paragraph = _heading(document, form, key)
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(6)


def _fitted_widths(columns: tuple[FormColumn, ...], rows: list[bc.Row]) -> list[float]:
    """The plan table's widths, the resources column wide enough for its widest amount."""
    index = [c.key for c in columns].index("resources")
    lines = [line for r in rows if r.kind == bc.ACTION for line in wl.unbroken_lines(r.cells[index])]
    needed = blocks.unbroken_width_mm(lines, CELL_MARGIN_MM)
    return blocks.widen(bc.widths_mm(columns, h.LANDSCAPE_TEXT_MM), index, needed, fixed=(0,))


def _table(document: Any, columns: tuple[FormColumn, ...], headers: list[tuple[str, ...]],
           widths: list[float] | None = None) -> Any:
    """A full-width grid table whose header rows repeat on every page."""
    widths = widths or bc.widths_mm(columns, h.LANDSCAPE_TEXT_MM)
    table = h.new_table(document, widths, h.TABLE_GRID)
    h.set_cell_margins(table, CELL_MARGIN_MM, CELL_MARGIN_MM)
    for texts in headers:
        for cell, text in zip(h.add_row(table, header=True).cells, texts, strict=True):
            h.fill_cell(cell, [text], h.HEAD_CELL)
            h.middle(cell)
    return table


def _group_row(table: Any, text: str) -> None:
    cells = h.add_row(table).cells
    merged = cells[0].merge(cells[-1])
    h.fill_cell(merged, [text], h.CELL, bold=True)
    blocks.keep_with_next_row((merged,))  # a standard's title never ends a page


def _data_row(table: Any, texts: tuple[str, ...], columns: tuple[FormColumn, ...]) -> None:
    """A row that may run onto the next page (the header rows repeat there)."""
    for cell, text, column in zip(h.add_row(table, cant_split=False).cells, texts, columns, strict=True):
        h.fill_cell(cell, text.split("\n") if text else [], h.CELL)
        if column.align != "left":
            for paragraph in cell.paragraphs:
                paragraph.alignment = h.ALIGN[column.align]
