"""The formal Word plan (Nghị định 30/2020 layout) of a validated plan, and its PDF via LibreOffice."""

# This is the only layer that writes .docx (with its OOXML helpers in docx_xml.py);
# what the document says is decided in content.py, which knows nothing of docx.

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Pt

from qplan_xl import messages as m
from qplan_xl.errors import QplanError
from qplan_xl.model import Plan, SchoolInfo, Texts, require_plan
from qplan_xl.output import atomic_write
from qplan_xl.rules.catalog import Framework, load_framework
from qplan_xl.summary import Summary, result_lines, summarize
from qplan_xl.word import content as wl
from qplan_xl.word import docx_xml as h

__all__ = ["PdfError", "build_document", "convert_to_pdf", "find_soffice", "write_plan_docx"]

# Header block: a borderless 2-column table a little wider than the text (as in the Nghị định
# 30 samples) so that the Quốc hiệu and most school names fit on one line.
HEADER_COLUMNS_MM = (77.0, 96.0)
HEADER_INDENT_MM = -6.0
HEADER_CELL_MARGIN_MM = 0.5
SIGNATURE_COLUMNS_MM = (78.0, 87.0)
SIGNATURE_SPACE_LINES = 4  # empty lines left for the signature and the seal
PLAN_CELL_MARGIN_MM = 1.2  # narrower than Word's 1.9 mm: nine columns share 252 mm
SIZES = {"agency": 13, "nation": 12, "motto": 13, "date": 13, "title": 14, "page": 13, "signer": 14}


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
    summary = summary if summary is not None else summarize(plan, framework)
    document = build_document(plan, framework, result_lines(summary))
    atomic_write(Path(path), lambda tmp: document.save(str(tmp)))


def build_document(plan: Plan, framework: Framework, results: list[str]) -> Any:
    """The python-docx Document of the plan; `results` are the self-assessment result lines."""
    document = _reference_document()
    texts = wl.plan_texts(plan, framework)
    h.set_page(document.sections[0], landscape=False)
    _header_block(document, plan.info)
    _title(document, plan.info)
    _purpose_and_basis(document, plan.info, texts, results)
    h.add_section(document, landscape=True)
    _plan_table(document, plan, framework)
    h.add_section(document, landscape=False)
    _organization(document, plan.info, texts)
    _signature(document, plan.info, texts)
    _page_numbers(document)
    _properties(document, plan, framework)
    return document


def _reference_document() -> Any:
    data = (resources.files("qplan_xl.word") / "reference.docx").read_bytes()
    return Document(io.BytesIO(data))


# --- first page: header block and title -------------------------------------------------------


def _header_block(document: Any, info: SchoolInfo) -> None:
    table = h.new_table(document, list(HEADER_COLUMNS_MM))
    h.no_borders(table)
    h.set_table_indent(table, HEADER_INDENT_MM)
    h.set_cell_margins(table, HEADER_CELL_MARGIN_MM, HEADER_CELL_MARGIN_MM)
    agency, nation = h.add_row(table).cells
    number, date = h.add_row(table).cells
    _agency(agency, info, _usable(HEADER_COLUMNS_MM[0]))
    _nation(nation, _usable(HEADER_COLUMNS_MM[1]))
    h.fill_cell(number, [wl.doc_number_line(info)], h.BLOCK, size=SIZES["agency"])
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
    for size in (big, small):
        halves = _balanced_halves(words, size, bold, limit)
        if halves:
            return halves, size
    return [text], small  # a very long name: Word wraps it


def _balanced_halves(words: list[str], size: int, bold: bool, limit: float) -> list[str] | None:
    """Two lines that fit, cut before a place word (HUYỆN, XÃ...) when possible, else at the
    most even point; None when no cut fits."""
    def widest(i: int) -> float:
        return max(h.text_width_mm(" ".join(part), size, bold) for part in (words[:i], words[i:]))

    cuts = [i for i in range(1, len(words)) if widest(i) <= limit]
    places = [i for i in cuts if words[i] in m.WORD_BREAK_BEFORE]
    if not cuts:
        return None
    best = min(places or cuts, key=widest)
    return [" ".join(words[:best]), " ".join(words[best:])]


def _nation(cell: Any, usable_mm: float) -> None:
    h.fill_cell(cell, [m.WORD["nation"]], h.BLOCK, size=SIZES["nation"], bold=True)
    h.add_paragraph(cell, m.WORD["motto"], h.BLOCK, size=SIZES["motto"], bold=True)
    h.add_rule(cell, h.text_width_mm(m.WORD["motto"], SIZES["motto"], bold=True), usable_mm)


def _title(document: Any, info: SchoolInfo) -> None:
    lines = [m.WORD["title"], m.WORD["subtitle"], m.WORD["year_line"].format(year=info.year)]
    first = h.add_paragraph(document, lines[0], h.TITLE, size=SIZES["title"], bold=True)
    first.paragraph_format.space_before = Pt(18)
    for line in lines[1:]:
        h.add_paragraph(document, line, h.TITLE, size=SIZES["title"], bold=True)
    width = h.text_width_mm(lines[1], SIZES["title"], bold=True) * 0.45
    h.add_rule(document, width, h.PORTRAIT_TEXT_MM, space_after_pt=12)


# --- sections I and II ------------------------------------------------------------------------


def _heading(document: Any, text: str) -> Any:
    return h.add_paragraph(document, text, h.HEADING, bold=True)


def _body(document: Any, lines: list[str], keep: bool = False, **font: Any) -> None:
    for line in lines:
        paragraph = h.add_paragraph(document, line, h.BODY, **font)
        if keep or wl.is_subheading(line):
            h.keep_with_next(paragraph)


def _subheading(document: Any, text: str) -> None:
    _body(document, [text], keep=True)


def _purpose_and_basis(document: Any, info: SchoolInfo, texts: Texts, results: list[str]) -> None:
    _heading(document, m.WORD["purpose"])
    _body(document, wl.text_lines(texts.purpose))
    _heading(document, m.WORD["basis"])
    report, documents = wl.split_basis(texts.basis, info.year.start)
    _body(document, [m.WORD["basis_report"].format(text=report)])
    _subheading(document, m.WORD["basis_docs"])
    _body(document, documents)
    previous = m.school_year_label(info.year.start - 1)
    _subheading(document, m.WORD["basis_results"].format(previous_year=previous))
    _body(document, wl.list_items("\n".join(results)))
    _subheading(document, m.WORD["basis_direction"])
    _body(document, wl.text_lines(texts.direction))


# --- section III: the plan table (landscape) --------------------------------------------------


def _plan_table(document: Any, plan: Plan, framework: Framework) -> None:
    _heading(document, m.WORD["content"]).paragraph_format.space_after = Pt(6)
    columns = wl.table_columns(framework, h.LANDSCAPE_TEXT_MM)
    table = h.new_table(document, [c.width_mm for c in columns], h.TABLE_GRID)
    h.set_cell_margins(table, PLAN_CELL_MARGIN_MM, PLAN_CELL_MARGIN_MM)
    for cell, column in zip(h.add_row(table, header=True).cells, columns, strict=True):
        h.fill_cell(cell, [column.header], h.HEAD_CELL)
        h.middle(cell)
    action_rows = []
    for row in wl.plan_rows(plan, framework, columns):
        cells = h.add_row(table).cells
        if row.kind == wl.ACTION:
            _action_row(cells, row, columns)
            action_rows.append((cells, row.span))
        else:
            _group_row(cells, row)
    _merge_criteria(action_rows)
    _body(document, [wl.totals_line(plan.actions)], italic=True)


def _group_row(cells: tuple[Any, ...], row: wl.TableRow) -> None:
    filled: tuple[Any, ...]
    if row.kind == wl.STANDARD:
        h.fill_cell(cells[0], [row.cells[0]], h.HEAD_CELL)
        filled = (cells[0], cells[1].merge(cells[-1]))
        h.fill_cell(filled[1], [row.cells[1]], h.CELL, bold=True)
    else:
        filled = (cells[0].merge(cells[-1]),)
        h.fill_cell(filled[0], [row.cells[0]], h.CELL, bold=True)
    _keep_with_next_row(filled)  # a group or standard title never ends a page


def _keep_with_next_row(cells: tuple[Any, ...]) -> None:
    """Keep a table row on the page of the next one (every paragraph of the row keeps with next)."""
    for cell in cells:
        for paragraph in cell.paragraphs:
            h.keep_with_next(paragraph)


def _action_row(cells: tuple[Any, ...], row: wl.TableRow, columns: tuple[wl.TableColumn, ...]) -> None:
    for cell, text, column in zip(cells, row.cells, columns, strict=True):
        if column.key == "criterion" and row.span == 0:
            continue  # covered by the merged criterion cell above
        h.fill_cell(cell, text.split("\n") if text else [], h.CELL)
        if column.align != "left":
            for paragraph in cell.paragraphs:
                paragraph.alignment = h.ALIGN[column.align]


def _merge_criteria(rows: list[tuple[tuple[Any, ...], int]]) -> None:
    """Merge each criterion cell down over the other actions of the same criterion, and keep
    those rows on one page when they fit: a merged cell continued on a new page prints blank."""
    for i, (cells, span) in enumerate(rows):
        if span > 1:
            for kept, _ in rows[i : i + span - 1]:
                _keep_with_next_row(kept)
            cells[1].merge(rows[i + span - 1][0][1])


# --- section IV, closing and signature (portrait) ---------------------------------------------


def _organization(document: Any, info: SchoolInfo, texts: Texts) -> None:
    _heading(document, m.WORD["organization"])
    lines = wl.text_lines(texts.organization)
    if wl.has_closing(lines):
        _body(document, lines[:-1])
        _body(document, lines[-1:], keep=True)
    else:
        _body(document, lines)
        _body(document, [wl.closing_line(info)], keep=True)


def _signature(document: Any, info: SchoolInfo, texts: Texts) -> None:
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


def _page_numbers(document: Any) -> None:
    # Set once every section exists: python-docx's add_section moves a section's header
    # references to the following section, and copies "different first page" to all of them.
    first, *others = document.sections
    h.add_page_numbers(first, SIZES["page"])
    for section in others:
        section.different_first_page_header_footer = False


MAX_PROPERTY_CHARS = 255  # python-docx (and Word) limit of a core property; the body keeps the full text


def _properties(document: Any, plan: Plan, framework: Framework) -> None:
    props = document.core_properties
    props.title = _property(m.WORD["doc_title"].format(year=plan.info.year))
    props.subject = _property(framework.label)
    props.author = props.last_modified_by = _property(wl.clean(plan.info.name))
    # Fixed dates (the issue date, else the start of the school year): rebuilding the same
    # workbook gives the same document.
    day = plan.info.issue_date or dt.date(plan.info.year.start, 9, 1)
    props.created = props.modified = dt.datetime(day.year, day.month, day.day)


def _property(text: str) -> str:
    """One line of at most MAX_PROPERTY_CHARS characters for a document property."""
    line = " ".join(text.split())
    return line if len(line) <= MAX_PROPERTY_CHARS else line[: MAX_PROPERTY_CHARS - 1].rstrip() + "\u2026"


# --- PDF through LibreOffice ------------------------------------------------------------------


class PdfError(QplanError):
    """The PDF could not be made; the message is Vietnamese and says what to do instead."""


_SOFFICE_NAMES = ("soffice", "libreoffice")
_SOFFICE_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def find_soffice() -> str | None:
    """LibreOffice's soffice: $QPLAN_SOFFICE, then PATH, then the usual install folders."""
    configured = os.environ.get("QPLAN_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    found = next((p for p in map(shutil.which, _SOFFICE_NAMES) if p), None)
    return found or next((p for p in _SOFFICE_PATHS if Path(p).is_file()), None)


def convert_to_pdf(docx: Path | str, pdf: Path | str, *, timeout: float = 120) -> None:
    """Render `docx` to `pdf` with LibreOffice headless (private profile, time limit)."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(m.PDF_ERRORS["missing"])
    with tempfile.TemporaryDirectory(prefix="qplan-pdf-") as tmp:
        work = Path(tmp)
        # A plain ASCII copy: LibreOffice names its output after the input, and some builds
        # mishandle non-ASCII paths on Windows.
        source = work / "plan.docx"
        shutil.copyfile(docx, source)
        _run_soffice(soffice, source, work, timeout, Path(docx))
        produced = work / "out" / "plan.pdf"
        if not produced.is_file():
            raise PdfError(m.PDF_ERRORS["failed"].format(path=docx, detail=m.PDF_ERRORS["no_output"]))
        atomic_write(Path(pdf), lambda target: shutil.copyfile(produced, target))


def _run_soffice(soffice: str, source: Path, work: Path, timeout: float, shown: Path) -> None:
    # A private profile per run: two soffice processes sharing one profile silently produce
    # no PDF, and a LibreOffice window the user has open would swallow the request.
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless", "--invisible", "--norestore", "--nologo", "--nolockcheck",
        "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work / "out"), str(source),
    ]
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **_new_process_group()
        )
    except OSError as exc:
        raise PdfError(m.PDF_ERRORS["failed"].format(path=shown, detail=exc.strerror or exc)) from exc
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(process)
        raise PdfError(m.PDF_ERRORS["timeout"].format(seconds=int(timeout))) from exc
    if process.returncode != 0:
        detail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [str(process.returncode)]
        raise PdfError(m.PDF_ERRORS["failed"].format(path=shown, detail=detail[0]))


def _new_process_group() -> dict[str, Any]:
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
    return {"start_new_session": True}


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop soffice and the soffice.bin it started (they share the new process group)."""
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.communicate()
