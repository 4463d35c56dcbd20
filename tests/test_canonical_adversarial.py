"""Adversarial inputs for the canonical reader: whatever it reads must be what the long way reads.

Each input is a small canonical workbook (shared strings, inline strings, numbers, dates, a formula)
with a few of its bytes edited. `reader._read_canonical` may decline (None); when it reads, the guard
+ calamine must read the same, and `read_workbook` may fail only with UnreadableFile.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hostile import MAIN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_canonical import _same_reading

from qplan_xl.workbook.layout import MAX_ROWS
from qplan_xl.workbook.read import reader
from qplan_xl.workbook.read.reader import UnreadableFile, read_workbook

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
SHEET = "xl/worksheets/sheet1.xml"
SECOND = "xl/worksheets/sheet2.xml"
BOOK, RELS, STYLES, STRINGS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml"


def _sheet(cells: str, dimension: str = "A1:D3") -> str:
    return (f'{DECLARATION}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="{dimension}"/>'
            f"<sheetData>{cells}</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" "
            'header="0.3" footer="0.3"/></worksheet>')


PARTS: dict[str, str] = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'),
    "_rels/.rels": (f'{DECLARATION}<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    BOOK: (f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr defaultThemeVersion="124226"/>'
           '<sheets><sheet name="Thông tin" sheetId="1" r:id="rId1"/>'
           '<sheet name="TC1" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>'),
    RELS: (f'{DECLARATION}<Relationships xmlns="{PKG}">'
           f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
           f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
           f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
           f'<Relationship Id="rId4" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    STYLES: (f'{DECLARATION}<styleSheet xmlns="{MAIN}"><numFmts count="2">'
             '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0"/></numFmts>'
             '<cellXfs count="4"><xf numFmtId="0" fontId="0"/><xf numFmtId="164" fontId="0" applyNumberFormat="1"/>'
             '<xf numFmtId="165" fontId="0"/><xf numFmtId="14" fontId="0"/></cellXfs></styleSheet>'),
    STRINGS: (f'{DECLARATION}<sst xmlns="{MAIN}" count="3" uniqueCount="3"><si><t>Tên trường</t></si>'
              '<si><t xml:space="preserve"> Trường Tiểu học </t></si><si><t>a &amp; b</t></si></sst>'),
    SHEET: _sheet(
        '<row r="1" spans="1:4"><c r="A1" s="0" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" s="2"><v>12500</v></c><c r="D1" s="1"/></row>'
        '<row r="2"><c r="A2" s="1"><v>45000</v></c><c r="B2" t="inlineStr"><is><t>Văn bản</t></is></c>'
        '<c r="C2" t="b"><v>1</v></c><c r="D2" t="str"><f>A1&amp;"x"</f><v>Tên trườngx</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" ref="A3:B3" si="0">C1*2</f><v>25000</v></c><c r="B3" t="s"><v>2</v></c>'
        '<c r="C3" s="3"><v>45001</v></c></row>'),
    SECOND: _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', "A1"),
}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _edited(*edits: tuple[str, str, str]) -> bytes:
    """The base workbook with `old` replaced by `new` (first occurrence) in each named part."""
    parts = {name: text.encode() for name, text in PARTS.items()}
    for name, old, new in edits:
        if name not in parts:
            parts[name] = new.encode()
        elif old == "":  # remove the part
            del parts[name]
        else:
            parts[name] = parts[name].replace(old.encode("utf-8", "surrogatepass"),
                                              new.encode("utf-8", "surrogatepass"), 1)
    return _zip(parts)


def _check(data: bytes, tmp_path: Path) -> bool:
    """The contract: the shortcut reads as the long way does, or not at all; nothing but
    UnreadableFile escapes read_workbook. True when the shortcut read it."""
    read_fast = _same_reading(data)
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(data)
    try:
        read_workbook(path)
    except UnreadableFile:
        assert not read_fast, "the shortcut read a workbook the long way refuses"
    return read_fast


def test_the_base_workbook_is_read_by_the_shortcut(tmp_path: Path) -> None:
    assert _check(_edited(), tmp_path)


# --- the edits ------------------------------------------------------------------------------------

TEXT_EDITS = ["]]>", "&#0;", "&#x41;", "&#57344;", "\ue000", "Tru\u031bo\u0300ng", "a\rb", "a\r\nb", "_x000D_",
              "&#95;x0041_", "a_x0041&#95;", "x  ", "&#13;", "&#xD;&#xA;", "&#xFFFE;", "\x85", "&lt;c r=\"A9\"&gt;",
              "&amp;#57344;", "&nbsp;", "", "   ", "&#9;"]
NUMBER_EDITS = ["1e308", "-0", "1E5", "00012", ".5", "1.", "+1", "1e999", "60", "61", "2958466", "45000.5", " 1",
                "&#52;5000", "NaN", "inf", "1e-400", "12345678901234567890"]
EDITS: list[tuple[str, str, str]] = [
    *((SHEET, "Văn bản", text) for text in TEXT_EDITS),
    *((STRINGS, "Tên trường", text) for text in TEXT_EDITS),
    *((SHEET, "<v>45000</v>", f"<v>{number}</v>") for number in NUMBER_EDITS),
    *((SHEET, "<v>12500</v>", f"<v>{number}</v>") for number in NUMBER_EDITS),
    (SHEET, 't="b"><v>1</v>', 't="b"><v>2</v>'), (SHEET, 't="b"><v>1</v>', 't="b"><v>true</v>'),
    *((SHEET, 'r="B3" t="s"><v>2</v>', f'r="B3" t="s"><v>{i}</v>') for i in ["3", "02", "99999999999999999999", "-1"]),
    *((SHEET, 'r="C2"', f'r="{ref}"') for ref in ["A0", "XFD1048577", "XFD1048576", "AAAA1", "c2", "A1", "BH5000",
                                                     "BI1", "A5001", "C02", "&#67;2"]),
    *((SHEET, 's="2"', f's="{s}"') for s in ["99", "02", "3", "1"]),
    (SHEET, 's="1"><v>45000', 's="01"><v>45000'), (SHEET, '<c r="A2" s="1">', '<c r="A2">'),
    *((SHEET, 't="b"', f't="{t}"') for t in ["d", "e", "n", "s", "str", "inlineStr", "x"]),
    *((SHEET, 't="inlineStr"', t) for t in ['t="s"', 't="n"', "", 't="str"', 't="b"', 't="e"']),
    (SHEET, '<c r="A2" s="1"><v>45000</v>', '<c r="A2" t="inlineStr"><v>45000</v>'),
    (SHEET, '<f>A1&amp;"x"</f>', '<f t="shared" si="0" ref="D2">A1&amp;"&#x41;"</f>'),
    (SHEET, '<f>A1&amp;"x"</f>', "<f/>"), (SHEET, "<v>Tên trườngx</v>", "<v></v>"),
    (SHEET, '<c r="C1" s="2"><v>12500</v></c>', '<x:c xmlns:x="' + MAIN + '" r="C1"><x:v>1</x:v></x:c>'),
    (SHEET, '<c r="C1" s="2"><v>12500</v></c>', '<ô:c xmlns:ô="' + MAIN + '" r="C1"><ô:v>1</ô:v></ô:c>'),
    (SHEET, '<c r="C1" s="2"><v>12500</v></c>', "<c r='C1'><v>1</v></c>"),
    (SHEET, '<c r="C1" s="2"><v>12500</v></c>', '<c r="C1" s="2"><v>12500</v></c><c r="C1"><v>7</v></c>'),
    (SHEET, '<c r="C1" s="2"><v>12500</v></c>', '<!-- <c r="C1"><v>1</v></c> -->'),
    (SHEET, '<c r="C1" s="2"><v>12500</v></c>', "<![CDATA[x]]>"),
    (SHEET, '<row r="3">', '<row r="3" x="&lt;sheetData&gt;">'), (SHEET, "</sheetData>", "</sheetData><sheetData/>"),
    (SHEET, "<sheetData>", '<sheetData><row r="9"><c r="A9" s="1"/></row>'),
    *((SHEET, '<row r="3">', f'<row r="{r}">') for r in ["x", "0", "&#51;", "3 ", "99999999999", "A3"]),
    (SHEET, '<row r="3">', "<x:row xmlns:x=\"urn:x\" r='3'>"),
    *((SHEET, 'ref="A1:D3"', f'ref="{ref}"') for ref in ["A0", "A1:B2:C3", "&#65;1", "a1", "A1:XFD1048576", ""]),
    (SHEET, '<dimension ref="A1:D3"/>', "<dimension/>"), (SHEET, '<dimension ref="A1:D3"/>', ""),
    (SHEET, DECLARATION, "\ufeff" + DECLARATION), (SHEET, DECLARATION, '<?xml version="1.0" encoding="UTF-16"?>'),
    (SHEET, DECLARATION, "<?xml version='1.0' encoding='utf-8'?>"), (SHEET, DECLARATION, "<!DOCTYPE x []>"),
    (SHEET, DECLARATION, '<?xml version="1.0" encoding="ISO-8859-1"?>'),
    # an empty sheet as Excel writes it, and not quite
    (SECOND, '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>', "<sheetData/>"),
    (SECOND, '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
     "<sheetData/><sheetData/>"),
    (SECOND, "</sheetData>", "</sheetData><sheetData/>"), (SECOND, "<sheetData>", "<sheetData/><sheetData>"),
    (SECOND, '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
     "<sheetData />"),
    # rows as office suites write them, and not quite
    (SHEET, '<row r="1" spans="1:4">', '<row r="1" spans="1:4" spans="1:4">'),
    (SHEET, '<row r="1" spans="1:4">', '<row r="1" ht="15" spans="1:4">'),
    (SHEET, '<row r="1" spans="1:4">', '<row r="1" spans="1:4" ht="\x01">'),
    (SHEET, '<row r="1" spans="1:4">', '<row r="1" spans="1:4" hidden="&amp;">'),
    (SHEET, '<row r="1" spans="1:4">', '<row r="1" customFormat="false" ht="24" hidden="false" customHeight="true" '
                                       'outlineLevel="0" collapsed="false">'),
    (SHEET, '<row r="2">', '<row r="2" x14ac:dyDescent="0.25">'),
    (SHEET, "<worksheet xmlns=", '<worksheet xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
                                 'xmlns='),
    (SHEET, "<dimension ref", '<dimension xmlns:x14ac="urn:x" ref'), (SHEET, '<row r="2">', '<row r="2"/><row r="2">'),
    (SHEET, "</row><row r=\"2\">", "</row>\x0c<row r=\"2\">"), (SHEET, "</row><row r=\"2\">", "</row>\n\t<row r=\"2\">"),
    (SHEET, "</row>", "</row></row>"), (SHEET, '<row r="2">', '<row r="2"><row r="9"></row>'),
    (SHEET, "</row>", "</row>x"), (SHEET, '<row r="2">', '<row  r="2">'), (SHEET, '<row r="2">', "<row r='2'>"),
    (BOOK, "<workbookPr ", '<workbookPr date1904="1" '), (BOOK, "<workbookPr ", '<workbookPr date1904="true" '),
    (BOOK, "<workbookPr ", '<workbookPr date1904="false" '),
    *((BOOK, 'state="hidden"', f'state="{state}"') for state in ["veryHidden", "visible", "Hidden", "bogus",
                                                                   "&#104;idden", ""]),
    *((BOOK, 'name="TC1"', f'name="{name}"') for name in ["Thông tin", "Tho\u0302ng tin", " Thông tin", "TC\t1",
                                                            "TC\n1", "TC&#9;1", "", "a &amp; b"]),
    (BOOK, 'r:id="rId1"', 'r:id="rId1" xmlns:q="urn:q" q:id="rId2"'), (BOOK, 'r:id="rId1"', 'r:id="rId&#49;"'),
    (BOOK, 'r:id="rId1"', 'id="rId1"'), (BOOK, 'r:id="rId2"', 'r:id="rId9"'),
    (BOOK, "<sheets>", '<x:workbook xmlns:x="urn:x"/><sheets>'),
    (BOOK, '<sheet name="TC1" sheetId="2" state="hidden" r:id="rId2"/>', ""),
    *((RELS, 'Target="worksheets/sheet1.xml"', f'Target="{t}"') for t in [
        "./worksheets/sheet1.xml", "worksheets/../worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml",
        "WORKSHEETS/SHEET1.XML", "worksheets/sheet2.xml", "styles.xml", "../xl/worksheets/sheet1.xml",
        "worksheets\\sheet1.xml"]),
    *((RELS, f"{REL}/worksheet\" Target=\"worksheets/sheet1.xml", f"{REL}/{kind}\" Target=\"worksheets/sheet1.xml")
      for kind in ["chartsheet", "dialogsheet", "bogus", "macrosheet"]),
    (RELS, '<Relationship Id="rId1"', '<x:Relationships xmlns:x="urn:x"/><Relationship Id="rId1"'),
    (RELS, 'Id="rId1"', 'Id="rId1" TargetMode="External"'),
    ("_rels/.rels", "Target=\"xl/workbook.xml\"", "Target=\"xl2/workbook.xml\""),
    ("xl2/workbook.xml", "", PARTS[BOOK].replace("Thông tin", "Khác")),
    *((STYLES, 'formatCode="dd/mm/yyyy"', f'formatCode="{code}"') for code in [
        "&quot;d&quot;0", "[$-42A]dd/mm/yyyy", "mm:ss", "General;@", "yyyy", "&quot;_&quot;&quot;d&quot;",
        "&quot;\\&quot;&quot;d&quot;", "*d0", "0", "General", "#,##0 &quot;đồng&quot;", "h:mm", "[h]:mm", "0.00E+00"]),
    *((STYLES, 'numFmtId="164" formatCode', f'numFmtId="{i}" formatCode') for i in ["14", "0164", "1", "22", "٤"]),
    *((STYLES, '<xf numFmtId="164"', f'<xf numFmtId="{i}"') for i in ["0164", "14", "١٤", "18", "47", "46", "999"]),
    (STYLES, '<numFmt numFmtId="165" formatCode="#,##0"/>', '<numFmt numFmtId="14" formatCode="0.00"/>'),
    (STYLES, "<cellXfs", '<dxfs><dxf><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></dxf></dxfs><cellXfs'),
    (STYLES, "<cellXfs", '<x:styleSheet xmlns:x="urn:x"/><cellXfs'), (STYLES, "</styleSheet>", "</foo>"),
    (STYLES, "<styleSheet xmlns", "<foo xmlns"), (STYLES, "", ""),
    (STRINGS, "<sst xmlns", "<foo xmlns"), (STRINGS, "</sst>", ""), (STRINGS, "<si>", '<x:sst xmlns:x="urn:x"/><si>'),
    (STRINGS, 'uniqueCount="3"', 'uniqueCount="100000000000"'), (STRINGS, 'count="3"', 'count="3" count="3"'),
    (STRINGS, DECLARATION, '<?xml version="1.0" encoding="ISO-8859-1"?>'), (STRINGS, "<si>", "<si/><si>"),
    (STRINGS, "</sst>", "</sst><!-- x -->"), (STRINGS, "<si><t>a &amp; b</t></si>", "<si><r><t>a</t></r></si>"),
    (STRINGS, "", ""),
    (STRINGS, DECLARATION, '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "x">]>'),
    ("docProps/app.xml", "", '<?xml version="1.0"?><!DOCTYPE x []><Properties/>'),
    ("xl/worksheets/sheet9.xml", "", _sheet('<row r="1"><c r="A1"><v>]]></v></c></row>')),
    ("xl/worksheets/sheet9.xml", "", _sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')),
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.sampled_from(EDITS), max_size=4))
def test_any_edit_of_a_canonical_workbook_reads_the_same_or_goes_the_long_way(
        edits: list[tuple[str, str, str]], tmp_path: Path) -> None:
    _check(_edited(*edits), tmp_path)


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: f"{e[0].rpartition('/')[2]}:{e[2][:30]!r}")
def test_each_edit_alone(edit: tuple[str, str, str], tmp_path: Path) -> None:
    _check(_edited(edit), tmp_path)


# --- the divergences found (each read differently by the two ways before the fix) ---------------


def _declines(*edits: tuple[str, str, str]) -> None:
    assert reader._read_canonical(_edited(*edits), MAX_ROWS) is None


def test_a_format_of_the_workbook_overrides_the_built_in_one_with_its_number() -> None:
    """numFmtId 14 (a built-in date) redefined as "0.00": calamine gives the number."""
    _declines((STYLES, '<numFmt numFmtId="165" formatCode="#,##0"/>', '<numFmt numFmtId="14" formatCode="0.00"/>'))


@pytest.mark.parametrize("edit", [(STYLES, 'numFmtId="164" formatCode', 'numFmtId="0164" formatCode'),
                                  (STYLES, '<xf numFmtId="164"', '<xf numFmtId="0164"'),
                                  (STYLES, '<xf numFmtId="164"', '<xf numFmtId="١٤"')])
def test_format_numbers_are_compared_as_written(edit: tuple[str, str, str]) -> None:
    """calamine looks formats up by the bytes of numFmtId: 0164 is not 164, and ١٤ is not 14."""
    _declines(edit)


@pytest.mark.parametrize("code", ["&quot;_&quot;&quot;d&quot;", "&quot;\\&quot;&quot;d&quot;"])
def test_an_escape_inside_quotes_makes_a_format_uncertain(code: str) -> None:
    """calamine reads `_` and `\\` as escapes inside quotes too: `"_""d"` is a date for it."""
    _declines((STYLES, 'formatCode="dd/mm/yyyy"', f'formatCode="{code}"'))


def test_number_formats_outside_numfmts_are_not_the_cells_formats(tmp_path: Path) -> None:
    """A conditional format's numFmt (in dxfs) gave style 165 a date format; calamine ignores it."""
    edit = (STYLES, "<cellXfs", '<dxfs><dxf><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></dxf></dxfs><cellXfs')
    assert _check(_edited(edit), tmp_path)  # read by the shortcut, as calamine reads it


@pytest.mark.parametrize("value", ["1", "true"])
def test_a_1904_workbook_goes_the_long_way(value: str) -> None:
    _declines((BOOK, "<workbookPr ", f'<workbookPr date1904="{value}" '))


@pytest.mark.parametrize("kind", ['t="s"', 't="n"', "", 't="b"', 't="str"'])
def test_an_inline_string_is_a_text_whatever_the_type_says(kind: str) -> None:
    _declines((SHEET, 't="inlineStr"', kind))


def test_the_value_of_an_inline_string_cell_is_not_its_text() -> None:
    _declines((SHEET, '<c r="A2" s="1"><v>45000</v>', '<c r="A2" t="inlineStr"><v>45000</v>'))


@pytest.mark.parametrize(("part", "old"), [(SHEET, "Văn bản"), (STRINGS, "Tên trường"), (SHEET, "Tên trườngx")])
def test_an_escape_written_with_a_character_reference_is_still_an_escape(part: str, old: str) -> None:
    """`&#95;x0041_` is `_x0041_` once decoded, which calamine unescapes to «A»."""
    _declines((part, old, "&#95;x0041_"))


@pytest.mark.parametrize("name", ["TC\t1", "TC\n1"])
def test_a_sheet_name_with_a_raw_tab_or_line_break(name: str) -> None:
    """expat makes them spaces (attribute normalization), calamine keeps them."""
    _declines((BOOK, 'name="TC1"', f'name="{name}"'))


def test_two_relationship_ids_go_the_long_way() -> None:
    """calamine takes the last `*:id` of a <sheet>, `sheet_entries` (and openpyxl) the r:id."""
    _declines((BOOK, 'r:id="rId1"', 'r:id="rId1" xmlns:q="urn:q" q:id="rId2"'))


@pytest.mark.parametrize("target", ["./worksheets/sheet1.xml", "worksheets/../worksheets/sheet1.xml"])
def test_a_target_calamine_does_not_find_is_not_read(target: str) -> None:
    _declines((RELS, 'Target="worksheets/sheet1.xml"', f'Target="{target}"'))


@pytest.mark.parametrize("kind", ["bogus", "chartsheet"])
def test_only_worksheet_relationships_are_read(kind: str) -> None:
    _declines((RELS, f"{REL}/worksheet\" Target=\"worksheets/sheet1.xml", f"{REL}/{kind}\" Target=\"worksheets/sheet1.xml"))


@pytest.mark.parametrize("edit", [(STYLES, "<styleSheet xmlns", "<foo xmlns"), (STYLES, "</styleSheet>", "</foo>"),
                                  (STYLES, "<cellXfs", '<x:styleSheet xmlns:x="urn:x"/><cellXfs')])
def test_styles_calamine_stops_reading_or_fails_on(edit: tuple[str, str, str]) -> None:
    _declines(edit)


@pytest.mark.parametrize("edit", [(STRINGS, "<sst xmlns", "<foo xmlns"), (STRINGS, "</sst>", ""),
                                  (STRINGS, "<si>", '<x:sst xmlns:x="urn:x"/><si>'),
                                  (STRINGS, 'uniqueCount="3"', 'uniqueCount="100000000000"')])
def test_shared_strings_calamine_fails_on_or_the_guard_refuses(edit: tuple[str, str, str]) -> None:
    _declines(edit)


@pytest.mark.parametrize("edit", [(BOOK, "<sheets>", '<x:workbook xmlns:x="urn:x"/><sheets>'),
                                  (RELS, '<Relationship Id="rId1"', '<x:Relationships xmlns:x="urn:x"/><Relationship Id="rId1"'),
                                  (BOOK, 'state="hidden"', 'state="&#104;idden"'),
                                  (BOOK, 'r:id="rId1"', 'r:id="rId&#49;"')])
def test_workbook_parts_calamine_reads_otherwise(edit: tuple[str, str, str]) -> None:
    """calamine stops at the first end of any element named like the root, and compares states
    and ids as written."""
    _declines(edit)


def test_a_cell_with_a_non_ascii_prefix_is_seen(tmp_path: Path) -> None:
    """`<ô:c>` is a cell for calamine; the shortcut read the sheet without it."""
    edit = (SHEET, '<c r="C1" s="2"><v>12500</v></c>', '<ô:c xmlns:ô="' + MAIN + '" r="C1"><ô:v>1</ô:v></ô:c>')
    _declines(edit)
    _check(_edited(edit), tmp_path)


@pytest.mark.parametrize("edit", [(SHEET, 'ref="A1:D3"', 'ref="A0"'), (SHEET, 'ref="A1:D3"', 'ref="A1:B2:C3"'),
                                  (SHEET, '<dimension ref="A1:D3"/>', "<dimension/>"),
                                  (SHEET, '<row r="3">', '<row r="x">'), (SHEET, '<row r="3">', '<row r="0">'),
                                  (SHEET, '<row r="3">', '<row r="&#51;">')])
def test_dimensions_and_rows_calamine_fails_on(edit: tuple[str, str, str]) -> None:
    _declines(edit)


def test_the_workbook_is_where_the_package_relationships_say() -> None:
    _declines(("_rels/.rels", "Target=\"xl/workbook.xml\"", "Target=\"xl2/workbook.xml\""),
              ("xl2/workbook.xml", "", PARTS[BOOK].replace("Thông tin", "Khác")))


def test_sheets_with_the_same_name_once_normalized() -> None:
    _declines((BOOK, 'name="TC1"', 'name="Tho\u0302ng tin"'))


@pytest.mark.parametrize("edit", [
    (STRINGS, DECLARATION, '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "x">]>'),
    ("docProps/app.xml", "", '<?xml version="1.0"?><!DOCTYPE x []><Properties/>'),
    ("xl/worksheets/sheet9.xml", "", _sheet('<row r="1"><c r="A1"><v>]]></v></c></row>')),
])
def test_a_part_the_shortcut_does_not_read_is_still_guarded(edit: tuple[str, str, str], tmp_path: Path) -> None:
    """A DTD in any part, or a malformed worksheet part no sheet names: the long way refuses the file."""
    data = _edited((SHEET, '<c r="B3" t="s"><v>2</v></c>', ""), (SHEET, 't="s"><v>0</v>', 't="b"><v>0</v>'),
                   (SHEET, 't="s"><v>1</v>', 't="b"><v>1</v>'), edit)  # no shared string is used
    assert reader._read_canonical(data, MAX_ROWS) is None
    _check(data, tmp_path)


def test_shared_strings_announcing_too_many_are_refused_even_unused() -> None:
    _declines((SHEET, '<c r="B3" t="s"><v>2</v></c>', ""), (SHEET, 't="s"><v>0</v>', 't="b"><v>0</v>'),
              (SHEET, 't="s"><v>1</v>', 't="b"><v>1</v>'), (STRINGS, "<si><t>a &amp; b</t></si>", "<si><r><t>a</t></r></si>"),
              (STRINGS, 'uniqueCount="3"', 'uniqueCount="100000000000"'))


def test_shared_strings_calamine_cannot_read_send_the_file_the_long_way_even_when_no_cell_uses_them() -> None:
    """calamine reads xl/sharedStrings.xml on opening: one it refuses fails the file, used or not
    (here the sheet whose cells use it is left unnamed, an orphan)."""
    _declines(("xl/_rels/workbook.xml.rels", 'Target="worksheets/sheet1.xml"', 'Target="worksheets/sheet2.xml"'),
              ("xl/sharedStrings.xml", "<sst xmlns", "<foo xmlns"))


X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"


@pytest.mark.parametrize("edits", [
    [(SHEET, '<row r="1" spans="1:4">', '<row r="1" customFormat="false" ht="24" hidden="false" '
                                        'customHeight="true" outlineLevel="0" collapsed="false">')],
    [(SHEET, "<worksheet xmlns=", f'<worksheet xmlns:x14ac="{X14AC}" xmlns='),
     (SHEET, '<row r="2">', '<row r="2" spans="1:4" x14ac:dyDescent="0.25">')],
    [(SHEET, "</row><row r=\"2\">", "</row>\r\n  <row r=\"2\">")],
    [(SECOND, '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
      "<sheetData/>")],
], ids=["libreoffice", "excel", "indented", "empty-sheet"])
def test_rows_as_office_suites_write_them_take_the_shortcut(edits: list[tuple[str, str, str]], tmp_path: Path) -> None:
    assert _check(_edited(*edits), tmp_path)


@pytest.mark.parametrize("edits", [
    [(SHEET, '<row r="2">', '<row r="2" x14ac:dyDescent="0.25">')],  # the prefix is not declared
    [(SHEET, "<dimension ref", '<dimension xmlns:x14ac="urn:x" ref'),
     (SHEET, '<row r="2">', '<row r="2" x14ac:dyDescent="0.25">')],  # declared where the rows cannot see it
    [(SHEET, '<row r="1" spans="1:4">', '<row r="1" spans="1:4" spans="1:4">')],
    [(SHEET, "</row><row r=\"2\">", "</row>\x0c<row r=\"2\">")],
], ids=["undeclared", "out-of-scope", "repeated", "form-feed"])
def test_rows_that_are_not_xml_are_refused_both_ways(edits: list[tuple[str, str, str]], tmp_path: Path) -> None:
    data = _edited(*edits)
    assert reader._read_canonical(data, MAX_ROWS) is None
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile):
        read_workbook(path)
