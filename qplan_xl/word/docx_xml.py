"""Small python-docx/OOXML helpers for the Word plan: fonts, rules, page setup, table details."""

from __future__ import annotations

import copy
import unicodedata
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.run import Run

from qplan_xl.output import strip_illegal

FONT = "Times New Roman"

# Nghị định 30/2020/NĐ-CP: A4, margins top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
A4_SHORT_MM, A4_LONG_MM = 210, 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_DISTANCE_MM = 10
PORTRAIT_TEXT_MM = A4_SHORT_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
LANDSCAPE_TEXT_MM = A4_LONG_MM - MARGINS_MM["left"] - MARGINS_MM["right"]

# Paragraph styles defined in data/reference.docx (made by scripts/make_reference_docx.py).
BODY = "QP Body"
HEADING = "QP Heading"
SECTION_HEADING = "Heading 1"  # Biểu 2's section titles: Word's outline level 1 (Navigation pane)
BLOCK = "QP Block"
TITLE = "QP Title"
CELL = "QP Cell"
HEAD_CELL = "QP Header Cell"
RECIPIENTS = "QP Recipients"
PAGE_NUMBER = "Header"
TABLE_GRID = "Table Grid"

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}

# Advance widths (1/1000 em) of ' '..'~' in Times New Roman, regular and bold (the metrics of
# the metric-compatible Liberation Serif). Used to size the short rules of the header block.
_WIDTHS = {
    False: (
        "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 "
        "500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 "
        "611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444 "
        "500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 "
        "500 500 444 480 200 480 541"
    ),
    True: (
        "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 "
        "500 500 500 500 333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 "
        "667 944 722 778 611 778 722 556 667 722 722 1000 722 722 667 333 278 333 581 500 333 500 "
        "556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 500 722 "
        "500 500 444 394 220 394 520"
    ),
}
_ADVANCE = {bold: [int(w) for w in spec.split()] for bold, spec in _WIDTHS.items()}


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Approximate printed width of one line of text (accents do not change a letter's width)."""
    advance = _ADVANCE[bold]
    base = unicodedata.normalize("NFD", text.replace("\u0110", "D").replace("\u0111", "d").replace("\u00a0", " "))
    units = sum(advance[ord(c) - 32] if " " <= c <= "~" else 500 for c in base if not unicodedata.combining(c))
    return units / 1000 * size_pt * 25.4 / 72


# Child order the OOXML schema imposes (Word rejects a file whose elements are out of order).
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)
_TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
)


def _insert(parent: Any, element: Any, order: tuple[str, ...]) -> None:
    """Insert `element` where the schema wants it, replacing an existing one of its kind."""
    tag = element.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    successors = order[order.index(tag) + 1 :]
    parent.insert_element_before(element, *(f"w:{name}" for name in successors))


# --- runs and paragraphs ----------------------------------------------------------------------


def set_run_font(run: Any, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    """Times New Roman in every font slot (Word picks the slot per character), plus size/style."""
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic


def add_text(paragraph: Any, text: str, **font: Any) -> Any:
    """A new run of `text` with the fonts of set_run_font (its rPr copied from a cached one).

    Every text reaches the document here, through the one sanitizer of the outputs.
    """
    run = paragraph.add_run(strip_illegal(text))
    run._r.insert(0, copy.deepcopy(_run_properties(tuple(sorted(font.items())))))
    return run


@lru_cache(maxsize=64)
def _run_properties(font: tuple[tuple[str, Any], ...]) -> Any:
    # Building each run's rPr through python-docx costs more than the rest of a table cell;
    # the few distinct ones are built once and copied.
    run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]
    set_run_font(run, **dict(font))
    return run._r.rPr


def style_id(name: str) -> str:
    """The id Word gives a style: its name without spaces ('QP Body' -> 'QPBody')."""
    return name.replace(" ", "")


def set_style(paragraph: Any, name: str) -> Any:
    # Writing the id directly: python-docx's lookup by name costs ~0.3 ms per paragraph,
    # most of the build time of a long table (reference.docx has these ids, tested).
    paragraph._p.style = style_id(name)
    return paragraph


def add_paragraph(container: Any, text: str, style: str, **font: Any) -> Any:
    """A paragraph of one run in `style`; `font` sets size/bold/italic on the run."""
    paragraph = set_style(container.add_paragraph(), style)
    if text:
        add_text(paragraph, text, **font)
    return paragraph


def fill_cell(cell: Any, lines: list[str], style: str, **font: Any) -> None:
    """Add one paragraph per line to a cell, using up the empty paragraph a new cell has."""
    paragraphs = cell.paragraphs
    fresh = len(paragraphs) == 1 and not paragraphs[0].runs
    if fresh:
        set_style(paragraphs[0], style)
    for i, line in enumerate(lines):
        paragraph = paragraphs[0] if fresh and i == 0 else set_style(cell.add_paragraph(), style)
        add_text(paragraph, line, **font)


def keep_with_next(paragraph: Any) -> Any:
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def add_rule(container: Any, width_mm: float, available_mm: float, space_after_pt: float = 0) -> Any:
    """A solid horizontal rule `width_mm` long, centred: an empty paragraph's bottom border."""
    paragraph = set_style(container.add_paragraph(), BLOCK)
    fmt = paragraph.paragraph_format
    indent = Mm(max(0.0, (available_mm - width_mm) / 2))
    fmt.left_indent = fmt.right_indent = indent
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    # Tall enough that the border clears the descenders of the line above (Word and LibreOffice
    # both draw it at the bottom of this paragraph).
    fmt.line_spacing = Pt(5)
    ppr = paragraph._p.get_or_add_pPr()
    _insert(ppr, _border_xml(), _PPR_ORDER)
    _insert(ppr, _mark_size_xml(2), _PPR_ORDER)
    return paragraph


def _border_xml() -> Any:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    return borders


def _mark_size_xml(points: int) -> Any:
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(points * 2))
    rpr.append(size)
    return rpr


# --- sections ---------------------------------------------------------------------------------


def add_section(document: Any, landscape: bool) -> Any:
    """A new A4 section on a new page, its break carried by the last paragraph of the text before.

    python-docx puts each section break in an extra empty paragraph; when the text before it fills
    its last page, that paragraph alone spills onto a blank page. Word itself keeps the break in
    the section's last paragraph, so the break is moved there (a table must keep the paragraph).
    """
    from docx.enum.section import WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    carrier = document.element.body.findall(qn("w:p"))[-1]
    before = carrier.getprevious()
    if before is not None and before.tag == qn("w:p") and (before.pPr is None or before.pPr.sectPr is None):
        _insert(before.get_or_add_pPr(), carrier.pPr.sectPr, _PPR_ORDER)
        carrier.getparent().remove(carrier)
    set_page(section, landscape)
    return section


def set_page(section: Any, landscape: bool) -> None:
    """A4 in the given orientation with the Nghị định 30 margins (sizes set explicitly:
    changing the orientation does not swap them, and the default template is US Letter)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long = Mm(A4_SHORT_MM), Mm(A4_LONG_MM)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM)
    section.gutter = Mm(0)


def add_page_numbers(section: Any, size: float) -> None:
    """A centred PAGE field in the top margin from page 2 (page 1 gets the empty first-page
    header); later sections inherit the header through is_linked_to_previous."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = set_style(header.paragraphs[0], PAGE_NUMBER)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        set_run_font(run, size=size)
        run._r.append(_field_char(kind) if kind else _field_text(text or "", instr=text == " PAGE "))
    section.first_page_header.is_linked_to_previous = False


def _field_char(kind: str) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _field_text(text: str, instr: bool) -> Any:
    element = OxmlElement("w:instrText" if instr else "w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    return element


# --- tables -----------------------------------------------------------------------------------


def new_table(container: Any, widths_mm: list[float], style: str | None = None) -> Any:
    """A fixed-layout table with explicit column widths (gridCol and, per row, tcW)."""
    table = container.add_table(rows=0, cols=len(widths_mm))
    if style:
        table.style = style
    table.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def add_row(table: Any, cant_split: bool = True, header: bool = False) -> Any:
    """A new row; rows do not break across pages; a header row repeats on every page."""
    row = table.add_row()
    trpr = row._tr.get_or_add_trPr()
    if cant_split:
        trpr.append(OxmlElement("w:cantSplit"))
    if header:
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        trpr.append(flag)
    return row


def set_company(document: Any, company: str) -> None:
    """docProps/app.xml's Company (reference.docx leaves it empty for the document to fill)."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            xml = part.blob.decode("utf-8")
            part._blob = xml.replace("<Company></Company>", f"<Company>{escape(company)}</Company>").encode("utf-8")


def set_table_indent(table: Any, indent_mm: float) -> None:
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(round(indent_mm * 1440 / 25.4)))
    indent.set(qn("w:type"), "dxa")
    _insert(table._tbl.tblPr, indent, _TBLPR_ORDER)


def set_cell_margins(table: Any, left_mm: float, right_mm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("w:left", left_mm), ("w:right", right_mm)):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(round(value * 1440 / 25.4)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _insert(table._tbl.tblPr, margins, _TBLPR_ORDER)


def no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    _insert(table._tbl.tblPr, borders, _TBLPR_ORDER)


def middle(cell: Any) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
