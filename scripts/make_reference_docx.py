"""Make qplan_xl/data/reference.docx: the styles every generated Word plan starts from.

Run from the repository root: python scripts/make_reference_docx.py [OUT.docx]
The file is derived from python-docx's default template: unused parts and styles are
dropped, Times New Roman is set in every font slot, the page is A4 with the Nghị định
30/2020 margins, and the paragraph styles the plan uses ("QP ...") are defined. The zip
entries get a fixed date so that running the script twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qplan_xl.word import docx_xml as h  # noqa: E402

OUT = ROOT / "qplan_xl" / "word" / "reference.docx"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
LANGUAGE = "vi-VN"

KEEP_STYLES = {
    "Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid",
    "Header", "Header Char", "Footer", "Footer Char",
    "Heading 1", "Heading 2", "Heading 3", "Heading 1 Char", "Heading 2 Char", "Heading 3 Char",
}
DROP_DOCUMENT_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)
DROP_PACKAGE_RELS = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",)

# name: (base, size pt, bold, italic, alignment, first-line indent cm, space before pt, keep with next)
PARAGRAPH_STYLES = {
    h.BODY: ("Normal", 14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27, 6, False),
    h.HEADING: (h.BODY, 14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27, 6, True),
    h.BLOCK: ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, False),
    h.TITLE: ("Normal", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, True),
    h.CELL: ("Normal", 12, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 1, False),
    h.HEAD_CELL: (h.CELL, 12, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 1, False),
    h.RECIPIENTS: ("Normal", 11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, False),
}


def make_reference(out: Path = OUT) -> None:
    document = docx.Document()
    _drop_extras(document)
    _prune_styles(document)
    _set_defaults(document)
    for name, spec in PARAGRAPH_STYLES.items():
        _add_paragraph_style(document, name, *spec)
    _fix_builtin_styles(document)
    h.set_page(document.sections[0], landscape=False)
    _fix_settings(document)
    _set_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    out.write_bytes(_fixed_zip(buffer.getvalue()))


def _drop_extras(document: docx.document.Document) -> None:
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in DROP_DOCUMENT_RELS:
            del part.rels[rid]
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype in DROP_PACKAGE_RELS:
            del package_rels[rid]


def _prune_styles(document: docx.document.Document) -> None:
    root = document.styles.element
    keep = {n.lower() for n in KEEP_STYLES}  # built-in styles are stored with lower-case names
    for style in root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")).lower() not in keep:
            root.remove(style)


def _set_defaults(document: docx.document.Document) -> None:
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), h.FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), "28")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    ppr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def _style_font(style: Any, size: float, bold: bool, italic: bool) -> None:
    font = style.font
    font.name, font.size, font.bold, font.italic = h.FONT, Pt(size), bold, italic
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), h.FONT)


def _add_paragraph_style(
    document: docx.document.Document,
    name: str,
    base: str,
    size: float,
    bold: bool,
    italic: bool,
    align: WD_ALIGN_PARAGRAPH,
    indent_cm: float,
    before_pt: float,
    keep_next: bool,
) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.quick_style = True
    _style_font(style, size, bold, italic)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(indent_cm)
    fmt.space_before, fmt.space_after = Pt(before_pt), Pt(1 if name in (h.CELL, h.HEAD_CELL) else 0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = keep_next
    fmt.widow_control = True


def _fix_builtin_styles(document: docx.document.Document) -> None:
    _style_font(document.styles["Normal"], 14, False, False)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        _style_font(document.styles[name], 14, True, False)
        _style_font(document.styles[f"{name} Char"], 14, True, False)
        _like_qp_heading(document.styles[name].paragraph_format)
    header = document.styles["Header"]
    _style_font(header, 13, False, False)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _like_qp_heading(fmt: Any) -> None:
    """Word's headings (Biểu 2's section titles, in the Navigation pane) laid out as QP Heading."""
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before, fmt.space_after = Pt(6), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = True


def _fix_settings(document: docx.document.Document) -> None:
    """Word 2013+ layout (compatibility mode 15), Vietnamese, no claim that spelling was checked."""
    settings = document.settings.element
    for tag in ("w:proofState", "w:rsids"):
        for found in settings.findall(qn(tag)):
            settings.remove(found)
    for setting in settings.find(qn("w:compat")).findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), LANGUAGE)


# docProps/app.xml without the template's "Microsoft Macintosh Word" and Normal.dotm claims; the
# document fills in Company (the school's cơ quan quản lý) when it is built.
APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>qplan-xl</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _set_properties(document: docx.document.Document) -> None:
    props = document.core_properties
    props.author = props.last_modified_by = "qplan"
    props.title = props.subject = props.keywords = props.comments = ""
    props.language = LANGUAGE
    props.created = props.modified = dt.datetime(*FIXED_TIME)
    props.revision = 1


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated FIXED_TIME (reproducible bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = APP_XML.encode("utf-8") if info.filename == "docProps/app.xml" else source.read(info.filename)
            target.writestr(entry, data)
    return out.getvalue()


if __name__ == "__main__":
    make_reference(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"wrote {sys.argv[1] if len(sys.argv) > 1 else OUT}")
