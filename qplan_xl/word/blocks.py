"""Parts every Word plan shares: reference styles, header block, title, body text, signature, properties."""

from __future__ import annotations

import datetime as dt
import io
from importlib import resources
from typing import Any

from docx import Document
from docx.shared import Pt

from qplan_xl import messages as m
from qplan_xl.model import Plan, SchoolInfo, Texts
from qplan_xl.rules.catalog import Framework
from qplan_xl.word import content as wl
from qplan_xl.word import docx_xml as h

# Header block: a borderless 2-column table exactly as wide as the text (inside the 30 mm left
# margin); the right column just holds the 12 pt Quốc hiệu, the left one takes the rest.
HEADER_COLUMNS_MM = (72.0, 93.0)
HEADER_INDENT_MM = 0.0
HEADER_CELL_MARGIN_MM = 0.5
SIGNATURE_COLUMNS_MM = (78.0, 87.0)
SIGNATURE_SPACE_LINES = 4  # empty lines left for the signature and the seal
SIZES = {"agency": 13, "nation": 12, "motto": 13, "date": 13, "title": 14, "page": 13, "signer": 14}
LANGUAGE = "vi-VN"
MAX_PROPERTY_CHARS = 255  # python-docx (and Word) limit of a core property; the body keeps the full text


def reference_document() -> Any:
    """A new Document on the packaged reference.docx (its styles, A4 page)."""
    data = (resources.files("qplan_xl.word") / "reference.docx").read_bytes()
    return Document(io.BytesIO(data))


# --- first page: header block and title -------------------------------------------------------


def header_block(document: Any, info: SchoolInfo, number_line: str) -> None:
    """Agency and school | Quốc hiệu and Tiêu ngữ; then Số/ký hiệu | place and date."""
    table = h.new_table(document, list(HEADER_COLUMNS_MM))
    h.no_borders(table)
    h.set_table_indent(table, HEADER_INDENT_MM)
    h.set_cell_margins(table, HEADER_CELL_MARGIN_MM, HEADER_CELL_MARGIN_MM)
    agency, nation = h.add_row(table).cells
    number, date = h.add_row(table).cells
    _agency(agency, info, _usable(HEADER_COLUMNS_MM[0]))
    _nation(nation, _usable(HEADER_COLUMNS_MM[1]))
    h.fill_cell(number, [number_line], h.BLOCK, size=SIZES["agency"])
    h.fill_cell(date, [wl.date_line(info)], h.BLOCK, size=SIZES["date"], italic=True)
    for cell in (number, date):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _usable(width_mm: float) -> float:
    return width_mm - 2 * HEADER_CELL_MARGIN_MM


def _agency(cell: Any, info: SchoolInfo, usable_mm: float) -> None:
    authority, school = wl.upper_line(info.authority), wl.upper_line(info.name)
    if authority:
        lines, size = _fitted(authority, usable_mm, bold=False)
        h.fill_cell(cell, lines, h.BLOCK, size=size)
    names, size = _fitted(school, usable_mm, bold=True)
    h.fill_cell(cell, names, h.BLOCK, size=size, bold=True)
    width = max(h.text_width_mm(name, size, bold=True) for name in names)
    # Nghị định 30: a rule 1/3 to 1/2 as long as the name, centred under it.
    h.add_rule(cell, max(min(width, usable_mm) * 0.4, 20.0), usable_mm)


def _fitted(text: str, usable_mm: float, bold: bool) -> tuple[list[str], int]:
    """One line at 13 pt, else at 12 pt (Nghị định 30 allows 12-13), else two balanced lines
    (as a principal would break 'TRƯỜNG TIỂU HỌC / XÃ THANH HƯNG' rather than leave one word)."""
    limit = usable_mm * 0.96  # headroom: Word and LibreOffice measure a little differently
    big, small = SIZES["agency"], SIZES["agency"] - 1
    for size in (big, small):
        if h.text_width_mm(text, size, bold) <= limit:
            return [text], size
    words = text.split()
    for size, at_place in ((big, True), (small, True), (big, False), (small, False)):
        halves = _balanced_halves(words, size, bold, limit, at_place)
        if halves:
            return halves, size
    return _wrapped(words, small, bold, limit), small  # a very long name: our own breaks, never Word's


def _wrapped(words: list[str], size: int, bold: bool, limit: float) -> list[str]:
    """Lines that fit, packed from the name's sensible parts (a part wider than a line is
    filled word by word)."""
    parts: list[list[str]] = [[]]
    for i, word in enumerate(words):
        if i and _sensible_cut(words, i):
            parts.append([])
        parts[-1].append(word)
    lines: list[list[str]] = [[]]
    for part in parts:
        pieces = [part] if h.text_width_mm(" ".join(part), size, bold) <= limit else [[w] for w in part]
        for piece in pieces:
            if lines[-1] and h.text_width_mm(" ".join(lines[-1] + piece), size, bold) > limit:
                lines.append([])
            lines[-1].extend(piece)
    return [" ".join(line) for line in lines]


def _balanced_halves(words: list[str], size: int, bold: bool, limit: float, at_place: bool) -> list[str] | None:
    """Two lines that fit, cut at a sensible point (before HUYỆN, XÃ..., after TRƯỜNG TIỂU HỌC) when
    `at_place`, else at the most even point; None when no such cut fits."""
    def widest(i: int) -> float:
        return max(h.text_width_mm(" ".join(part), size, bold) for part in (words[:i], words[i:]))

    cuts = [i for i in range(1, len(words)) if widest(i) <= limit]
    if at_place:
        cuts = [i for i in cuts if _sensible_cut(words, i)]
    if not cuts:
        return None
    best = min(cuts, key=widest)
    return [" ".join(words[:best]), " ".join(words[best:])]


def _sensible_cut(words: list[str], i: int) -> bool:
    """A break before a place word (HUYỆN, XÃ...) or after the kind of school (TRƯỜNG TIỂU HỌC)."""
    return (words[i] in m.WORD_BREAK_BEFORE or words[i - 1] in ("-", "\u2013")
            or " ".join(words[:i]) in m.WORD_KIND_PREFIXES)


def _nation(cell: Any, usable_mm: float) -> None:
    h.fill_cell(cell, [m.WORD["nation"]], h.BLOCK, size=SIZES["nation"], bold=True)
    h.add_paragraph(cell, m.WORD["motto"], h.BLOCK, size=SIZES["motto"], bold=True)
    h.add_rule(cell, h.text_width_mm(m.WORD["motto"], SIZES["motto"], bold=True), usable_mm)


def title(document: Any, lines: list[str]) -> None:
    """The centred bold title lines, then a short rule under them (as long as 45% of line 2)."""
    first = h.add_paragraph(document, lines[0], h.TITLE, size=SIZES["title"], bold=True)
    first.paragraph_format.space_before = Pt(18)
    for line in lines[1:]:
        h.add_paragraph(document, line, h.TITLE, size=SIZES["title"], bold=True)
    width = h.text_width_mm((lines[1:] or lines)[0], SIZES["title"], bold=True) * 0.45
    h.add_rule(document, width, h.PORTRAIT_TEXT_MM, space_after_pt=12)


# --- body text --------------------------------------------------------------------------------


def body(document: Any, lines: list[str], keep: bool = False, **font: Any) -> None:
    """One justified paragraph per line; numbered sub-headings keep with the text after them."""
    for line in lines:
        paragraph = h.add_paragraph(document, line, h.BODY, **font)
        if keep or wl.is_subheading(line):
            h.keep_with_next(paragraph)


CELL_SIZE = 12  # pt, the QP Cell style of reference.docx
FIT_HEADROOM = 1.1  # Word and LibreOffice measure a little wider than the metrics table


def unbroken_width_mm(lines: list[str], margin_mm: float) -> float:
    """The column width that prints the widest of `lines` (amounts: never split) on one line."""
    widest = max((h.text_width_mm(line, CELL_SIZE) for line in lines), default=0.0)
    return widest * FIT_HEADROOM + 2 * margin_mm


def widen(widths: list[float], index: int, needed_mm: float, fixed: tuple[int, ...] = ()) -> list[float]:
    """`widths` with column `index` at least `needed_mm`, the others (but `fixed`) narrowed in proportion."""
    extra = needed_mm - widths[index]
    if extra <= 0:
        return widths
    flexible = [i for i in range(len(widths)) if i != index and i not in fixed]
    pool = sum(widths[i] for i in flexible)
    return [round(needed_mm, 2) if i == index else round(w - extra * w / pool, 2) if i in flexible else w
            for i, w in enumerate(widths)]


def close_table(table: Any, line: str) -> None:
    """The table's totals in a last row across it: a line under the table could be left alone
    on a new page (LibreOffice does not keep a table with the paragraph after it)."""
    keep_with_next_row(tuple(table.rows[-1].cells))  # Word: never the totals row alone
    cells = h.add_row(table).cells
    merged = cells[0].merge(cells[-1])
    h.fill_cell(merged, [line], h.CELL, italic=True)


def keep_with_next_row(cells: tuple[Any, ...]) -> None:
    """Keep a table row on the page of the next one (every paragraph of the row keeps with next)."""
    for cell in cells:
        for paragraph in cell.paragraphs:
            h.keep_with_next(paragraph)


# --- Nơi nhận and signature -------------------------------------------------------------------


def signature(document: Any, info: SchoolInfo, texts: Texts) -> None:
    """Nơi nhận on the left, the signer's title, room to sign and name on the right."""
    spacer = h.add_paragraph(document, "", h.BODY)
    h.keep_with_next(spacer).paragraph_format.space_before = Pt(0)
    table = h.new_table(document, list(SIGNATURE_COLUMNS_MM))
    h.no_borders(table)
    h.set_cell_margins(table, 0.5, 0.5)
    recipients, signer = h.add_row(table).cells
    h.fill_cell(recipients, [m.WORD["recipients"]], h.RECIPIENTS, size=12, bold=True, italic=True)
    for line in wl.list_items(texts.recipients):
        h.add_paragraph(recipients, line, h.RECIPIENTS, size=11)
    titles = wl.signer_title_lines(info.signer_title)
    h.fill_cell(signer, titles, h.BLOCK, size=SIZES["signer"], bold=True)
    for _ in range(SIGNATURE_SPACE_LINES):
        h.add_paragraph(signer, "", h.BLOCK, size=SIZES["signer"])
    name = wl.signer_name(info)
    if name:
        h.add_paragraph(signer, name, h.BLOCK, size=SIZES["signer"], bold=True)


# --- whole document ---------------------------------------------------------------------------


def page_numbers(document: Any) -> None:
    """Page numbers from page 2 on, once every section exists."""
    # python-docx's add_section moves a section's header references to the following section,
    # and copies "different first page" to all of them.
    first, *others = document.sections
    h.add_page_numbers(first, SIZES["page"])
    for section in others:
        section.different_first_page_header_footer = False


def properties(document: Any, plan: Plan, framework: Framework) -> None:
    """Title, subject, author and fixed dates of the .docx."""
    props = document.core_properties
    props.title = _property(m.WORD["doc_title"].format(year=plan.info.year))
    props.subject = _property(framework.label)
    props.author = props.last_modified_by = _property(wl.clean(plan.info.name))
    props.language = LANGUAGE
    h.set_company(document, _property(wl.clean(plan.info.authority)))
    # Fixed dates (the issue date, else the start of the school year): rebuilding the same
    # workbook gives the same document.
    day = plan.info.issue_date or dt.date(plan.info.year.start, 9, 1)
    props.created = props.modified = dt.datetime(day.year, day.month, day.day)


def _property(text: str) -> str:
    """One line of at most MAX_PROPERTY_CHARS characters for a document property."""
    line = " ".join(text.split())
    return line if len(line) <= MAX_PROPERTY_CHARS else line[: MAX_PROPERTY_CHARS - 1].rstrip() + "\u2026"
