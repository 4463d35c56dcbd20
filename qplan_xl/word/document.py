"""The formal Word plan (Nghị định 30/2020 layout) of a validated plan, and its PDF via LibreOffice."""

# The modules of this package that write .docx go through the OOXML helpers of docx_xml.py;
# what the 2018 document says is decided in content.py, Biểu 2's in bieu2_content.py.

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from docx.shared import Pt

from qplan_xl import messages as m
from qplan_xl.model import Plan, SchoolInfo, Texts, require_plan
from qplan_xl.output import atomic_write
from qplan_xl.rules.catalog import Framework, load_framework
from qplan_xl.summary import Summary, result_lines, summarize
from qplan_xl.word import blocks
from qplan_xl.word import content as wl
from qplan_xl.word import docx_xml as h
from qplan_xl.word.bieu2 import build_bieu2
from qplan_xl.word.pdf import PdfError, convert_to_pdf, find_soffice

__all__ = ["PdfError", "build_document", "convert_to_pdf", "find_soffice", "write_plan_docx"]

PLAN_CELL_MARGIN_MM = 1.2  # narrower than Word's 1.9 mm: nine columns share 252 mm


# --- public API -------------------------------------------------------------------------------


def write_plan_docx(
    plan: Plan,
    path: Path | str,
    *,
    framework: Framework | None = None,
    summary: Summary | None = None,
) -> None:
    """Write the formal plan of a validated `plan` to `path` (atomically)."""
    require_plan(plan, "write_plan_docx")
    framework = framework or load_framework(plan.info.framework)
    results: list[str] = []
    if framework.form is None:  # Biểu 2 does not print the self-assessment result lines
        results = result_lines(summary if summary is not None else summarize(plan, framework))
    document = build_document(plan, framework, results)
    atomic_write(Path(path), lambda tmp: document.save(str(tmp)))


def build_document(plan: Plan, framework: Framework, results: list[str]) -> Any:
    """The python-docx Document of the plan; `results` are the self-assessment result lines
    (a framework with a plan form, TT57's Biểu 2, has its own document and ignores them)."""
    if framework.form is not None:
        return build_bieu2(plan, framework)
    document = blocks.reference_document()
    texts = wl.plan_texts(plan, framework)
    h.set_page(document.sections[0], landscape=False)
    blocks.header_block(document, plan.info, wl.doc_number_line(plan.info))
    _title(document, plan.info)
    _purpose_and_basis(document, plan.info, texts, results)
    h.add_section(document, landscape=True)
    _plan_table(document, plan, framework)
    h.add_section(document, landscape=False)
    _organization(document, plan.info, texts)
    blocks.signature(document, plan.info, texts)
    blocks.page_numbers(document)
    blocks.properties(document, plan, framework)
    return document


def _title(document: Any, info: SchoolInfo) -> None:
    blocks.title(document, [m.WORD["title"], m.WORD["subtitle"], m.WORD["year_line"].format(year=info.year)])


# --- sections I and II ------------------------------------------------------------------------


def _heading(document: Any, text: str) -> Any:
    return h.add_paragraph(document, text, h.SECTION_HEADING, bold=True)  # Word's Heading 1: Navigation pane, TOC


def _subheading(document: Any, text: str) -> None:
    blocks.body(document, [text], keep=True)


def _purpose_and_basis(document: Any, info: SchoolInfo, texts: Texts, results: list[str]) -> None:
    _heading(document, m.WORD["purpose"])
    blocks.body(document, wl.text_lines(texts.purpose))
    _heading(document, m.WORD["basis"])
    report, documents = wl.split_basis(texts.basis, info.year.start)
    blocks.body(document, [m.WORD["basis_report"].format(text=report)])
    _subheading(document, m.WORD["basis_docs"])
    blocks.body(document, documents)
    previous = m.school_year_label(info.year.start - 1)
    _subheading(document, m.WORD["basis_results"].format(previous_year=previous))
    blocks.body(document, wl.list_items("\n".join(results)))
    _subheading(document, m.WORD["basis_direction"])
    blocks.body(document, wl.text_lines(texts.direction))


# --- section III: the plan table (landscape) --------------------------------------------------


def _plan_table(document: Any, plan: Plan, framework: Framework) -> None:
    _heading(document, m.WORD["content"]).paragraph_format.space_after = Pt(6)
    columns = wl.table_columns(h.LANDSCAPE_TEXT_MM)
    rows = wl.plan_rows(plan, framework, columns)
    columns = _fitted(columns, rows)
    table = h.new_table(document, [c.width_mm for c in columns], h.TABLE_GRID)
    h.set_cell_margins(table, PLAN_CELL_MARGIN_MM, PLAN_CELL_MARGIN_MM)
    for cell, column in zip(h.add_row(table, header=True).cells, columns, strict=True):
        h.fill_cell(cell, [column.header], h.HEAD_CELL)
        h.middle(cell)
    for row in rows:
        if row.kind == wl.ACTION:
            _action_row(h.add_row(table, cant_split=False).cells, row, columns)  # long rows run on
        else:
            _group_row(h.add_row(table).cells, row)
    blocks.close_table(table, wl.totals_line(plan.actions))


def _fitted(columns: tuple[wl.TableColumn, ...], rows: list[wl.TableRow]) -> tuple[wl.TableColumn, ...]:
    """The columns with the cost column wide enough for its widest amount on one line."""
    index = [c.key for c in columns].index("cost")
    lines = [line for r in rows if r.kind == wl.ACTION for line in wl.unbroken_lines(r.cells[index])]
    needed = blocks.unbroken_width_mm(lines, PLAN_CELL_MARGIN_MM)
    widths = blocks.widen([c.width_mm for c in columns], index, needed, fixed=(0,))
    return tuple(replace(c, width_mm=w) for c, w in zip(columns, widths, strict=True))


def _group_row(cells: tuple[Any, ...], row: wl.TableRow) -> None:
    filled: tuple[Any, ...]
    if row.kind == wl.STANDARD:
        h.fill_cell(cells[0], [row.cells[0]], h.HEAD_CELL)
        filled = (cells[0], cells[1].merge(cells[-1]))
        h.fill_cell(filled[1], [row.cells[1]], h.CELL, bold=True)
    else:
        filled = (cells[0].merge(cells[-1]),)
        h.fill_cell(filled[0], [row.cells[0]], h.CELL, bold=True)
    blocks.keep_with_next_row(filled)  # a group or standard title never ends a page


def _action_row(cells: tuple[Any, ...], row: wl.TableRow, columns: tuple[wl.TableColumn, ...]) -> None:
    for cell, text, column in zip(cells, row.cells, columns, strict=True):
        h.fill_cell(cell, text.split("\n") if text else [], h.CELL)
        if column.align != "left":
            for paragraph in cell.paragraphs:
                paragraph.alignment = h.ALIGN[column.align]


# --- section IV, closing and signature (portrait) ---------------------------------------------


def _organization(document: Any, info: SchoolInfo, texts: Texts) -> None:
    _heading(document, m.WORD["organization"])
    lines = wl.text_lines(texts.organization)
    if wl.has_closing(lines):
        blocks.body(document, lines[:-1])
        blocks.body(document, lines[-1:], keep=True)
    else:
        blocks.body(document, lines)
        blocks.body(document, [wl.closing_line(info)], keep=True)
