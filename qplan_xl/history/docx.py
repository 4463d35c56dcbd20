"""The one layer that reads Word files: body lines and tables as a grid, legacy fonts converted per run."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from qplan_xl.history.legacy import to_unicode

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MAX_DOCX_BYTES = 50_000_000
MAX_XML_BYTES = 200_000_000
MAX_ROWS = 5000
LIBREOFFICE_SECONDS = 120


class WordUnreadable(Exception):
    """The file is not a Word document that can be read (the message key says why)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Cell:
    text: str
    merged: bool = False  # the continuation of a cell merged down from the row above


@dataclass
class WordDocument:
    """Body paragraphs (outside the plan tables too) in order, and every table as rows of grid cells."""

    lines: list[str] = field(default_factory=list)
    tables: list[list[list[Cell]]] = field(default_factory=list)


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def read_word(path: Path) -> WordDocument:
    """Read a .docx (or a .doc through LibreOffice); WordUnreadable for anything else."""
    if path.suffix.lower() == ".doc":
        with tempfile.TemporaryDirectory() as tmp:
            return _read_docx(_doc_to_docx(path, Path(tmp)))
    return _read_docx(path)


def _read_docx(path: Path) -> WordDocument:
    try:
        if path.stat().st_size > MAX_DOCX_BYTES:
            raise WordUnreadable("unreadable")
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise WordUnreadable("unreadable")
            body_xml = archive.read(info)
            styles_xml = archive.read("word/styles.xml") if "word/styles.xml" in archive.namelist() else b""
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(body_xml, parser)
        fonts = _StyleFonts(etree.fromstring(styles_xml, parser) if styles_xml else None)
    except WordUnreadable:
        raise
    except Exception as exc:  # zip, XML or OS error: the file cannot be read
        raise WordUnreadable("unreadable") from exc
    body = root.find(_q("body"))
    if body is None:
        raise WordUnreadable("unreadable")
    return _Walker(fonts).document(body)


def _doc_to_docx(path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise WordUnreadable("doc_needs_lo")
    profile = (out_dir / "profile").as_uri()
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                        "--outdir", str(out_dir), str(path)], capture_output=True, timeout=LIBREOFFICE_SECONDS,
                       check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise WordUnreadable("unreadable") from exc
    converted = out_dir / (path.stem + ".docx")
    if not converted.is_file():
        raise WordUnreadable("unreadable")
    return converted


class _StyleFonts:
    """The font of each paragraph/character style (following basedOn) and the document default."""

    def __init__(self, styles: etree._Element | None) -> None:
        self.by_id: dict[str, tuple[str | None, str | None]] = {}
        self.default: str | None = None
        self.default_paragraph: str | None = None  # the style of a paragraph naming none ("Normal")
        if styles is None:
            return
        default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
        self.default = _font_of(default)
        for style in styles.findall("w:style", NS):
            based = style.find("w:basedOn", NS)
            style_id = style.get(_q("styleId"), "")
            self.by_id[style_id] = (
                _font_of(style.find("w:rPr/w:rFonts", NS)), based.get(_q("val")) if based is not None else None)
            if style.get(_q("type")) == "paragraph" and style.get(_q("default")) in ("1", "true", "on"):
                self.default_paragraph = style_id

    def font(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            font, style_id = self.by_id[style_id]
            if font:
                return font
        return None


def _font_of(fonts: etree._Element | None) -> str | None:
    if fonts is None:
        return None
    return fonts.get(_q("ascii")) or fonts.get(_q("hAnsi")) or fonts.get(_q("cs"))


class _Walker:
    """Walks the body: paragraphs and tables, through content controls, hyperlinks and tracked insertions."""

    def __init__(self, fonts: _StyleFonts) -> None:
        self.fonts = fonts

    def document(self, body: etree._Element) -> WordDocument:
        doc = WordDocument()
        for element in _blocks(body):
            if element.tag == _q("p"):
                doc.lines.append(self.paragraph(element))
            elif element.tag == _q("tbl"):
                rows = self.table(element)
                doc.tables.append(rows)
                doc.lines += [c.text for row in rows for c in row if c.text and not c.merged]
        return doc

    def paragraph(self, p: etree._Element) -> str:
        style = p.find("w:pPr/w:pStyle", NS)
        para_font = self.fonts.font(style.get(_q("val")) if style is not None else self.fonts.default_paragraph)
        parts = []
        for run in p.iter(_q("r")):
            if _deleted(run):
                continue
            parts.append(to_unicode(_run_text(run), self._run_font(run) or para_font or self.fonts.default))
        return "".join(parts).strip()

    def _run_font(self, run: etree._Element) -> str | None:
        font = _font_of(run.find("w:rPr/w:rFonts", NS))
        if font:
            return font
        style = run.find("w:rPr/w:rStyle", NS)
        return self.fonts.font(style.get(_q("val")) if style is not None else None)

    def table(self, tbl: etree._Element) -> list[list[Cell]]:
        rows: list[list[Cell]] = []
        above: dict[int, str] = {}
        for tr in _children(tbl, "tr")[:MAX_ROWS]:
            rows.append(self.row(tr, above))
        return rows

    def row(self, tr: etree._Element, above: dict[int, str]) -> list[Cell]:
        """Cells by grid column: a horizontally merged cell once, a vertically merged one flagged."""
        before = tr.find("w:trPr/w:gridBefore", NS)
        col = _int(before.get(_q("val")) if before is not None else None, 0)
        cells = [Cell("")] * col
        for tc in _children(tr, "tc"):
            span = _int(_prop(tc, "gridSpan"), 1)
            merge = tc.find("w:tcPr/w:vMerge", NS)
            if merge is not None and merge.get(_q("val"), "continue") == "continue":
                cells.append(Cell(above.get(col, ""), merged=True))
            else:
                text = "\n".join(t for t in (self.paragraph(p) for p in _cell_paragraphs(tc)) if t)
                above[col] = text
                cells.append(Cell(text))
            cells += [Cell("")] * (min(span, 60) - 1)
            col += min(span, 60)
        return cells


def _blocks(parent: etree._Element) -> list[etree._Element]:
    """Paragraphs and tables of the body, looking through block-level content controls."""
    found: list[etree._Element] = []
    for child in parent:
        if child.tag in (_q("p"), _q("tbl")):
            found.append(child)
        elif child.tag in (_q("sdt"), _q("customXml")):
            content = child.find("w:sdtContent", NS) if child.tag == _q("sdt") else child
            if content is not None:
                found += _blocks(content)
    return found


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """Rows of a table / cells of a row, also when wrapped in content controls or custom XML."""
    found: list[etree._Element] = []
    for child in parent:
        if child.tag == _q(tag):
            found.append(child)
        elif child.tag in (_q("sdt"), _q("customXml")):
            content = child.find("w:sdtContent", NS) if child.tag == _q("sdt") else child
            if content is not None:
                found += _children(content, tag)
    return found


def _cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    return [p for p in tc.iter(_q("p"))]


def _prop(tc: etree._Element, name: str) -> str | None:
    found = tc.find(f"w:tcPr/w:{name}", NS)
    return found.get(_q("val")) if found is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value or default), 0)
    except ValueError:
        return default


def _deleted(run: etree._Element) -> bool:
    parent = run.getparent()
    return parent is not None and parent.tag in (_q("del"), _q("moveFrom"))


def _run_text(run: etree._Element) -> str:
    parts = []
    for child in run:
        if child.tag == _q("t"):
            parts.append(child.text or "")
        elif child.tag == _q("tab"):
            parts.append(" ")
        elif child.tag in (_q("br"), _q("cr")):
            parts.append("\n")
    return "".join(parts)
