"""The canonical-cell shortcut gives exactly what the long way gives (full XML scan, calamine)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any
from xml.parsers import expat

import openpyxl
import pytest
from hostile import far_cell_sheets, sheet_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from qplan_xl.workbook.layout import MAX_ROWS
from qplan_xl.workbook.read import canonical, reader, xmlscan
from qplan_xl.workbook.read.xml import XmlRefused

ROOT = Path(__file__).resolve().parents[1]
BOUNDS = xmlscan.Bounds(rows=MAX_ROWS, cols=reader.MAX_COLS, max_bytes=1 << 26, max_cells=100_000)
SAMPLES = sorted((ROOT / "samples").rglob("*.xlsx")) + sorted((ROOT / "workbook_template").glob("*.xlsx"))


def _long_way(data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """Sheets and scans as the guard + calamine read them."""
    package = reader._guard("x.xlsx", data, MAX_ROWS)
    sheets = reader._read_calamine(package.for_calamine(data), package, MAX_ROWS)
    scans = {reader.normalize_text(n) or n: s for n, s in package.scans.items()}
    return sheets, scans


def _same_reading(data: bytes) -> bool:
    """True when the shortcut read the workbook (and then it read it exactly as calamine did)."""
    fast = reader._read_canonical(data, MAX_ROWS)
    if fast is None:
        return False
    sheets, scans = _long_way(data)
    assert list(fast[0]) == list(sheets)
    for name, sheet in sheets.items():
        mine = fast[0][name]
        assert (mine.rows, mine.visibility, mine.total_rows, mine.invalid_text) == (
            sheet.rows, sheet.visibility, sheet.total_rows, sheet.invalid_text), name
        quick, full = asdict(fast[1][name]), asdict(scans[name])
        quick.pop("range_cells"), full.pop("range_cells")  # not counted when only cells are read
        assert quick == full, name
    return True


# --- real workbooks --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_and_template_reads_the_same_both_ways(path: Path) -> None:
    if path.name == "danh-sach-truong.xlsx":  # a roster: read by openpyxl; still the same both ways
        _same_reading(path.read_bytes())
        return
    assert _same_reading(path.read_bytes())  # canonical: the shortcut must take them


# --- generated values --------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF), max_size=40)
VALUES = st.one_of(
    TEXT, st.sampled_from(["Trường Tiểu học", "Tru\u031bo\u0300ng", "a & b < c > d \" '", " x ", "a_x000D_b",
                           "x\ry", "=SUM(A1)", "", "1.10", "#REF!", "\u00a0", "\t"]),
    st.integers(-(10**16), 10**16), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(dt.date(1899, 12, 1), dt.date(9999, 12, 31)), st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
)
FORMATS = st.sampled_from(["General", "0", "#,##0", "0.00", "@", "dd/mm/yyyy", "d/m/yyyy", "mm/yyyy", "yyyy-mm-dd",
                           "h:mm", "[h]:mm", '#,##0 "đồng"', '"m"0', "0%", "mmm-yy", "[$-42A]dd/mm/yyyy", "dd/mm/yyyy;@"])
CELLS = st.lists(st.tuples(st.integers(1, 30), st.integers(1, 20), VALUES, FORMATS), max_size=25)


def _workbook(cells: list[tuple[int, int, Any, str]], hidden: bool) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Thông tin"
    other = wb.create_sheet("TC1")
    if hidden:
        other.sheet_state = "hidden"
    for row, col, value, number_format in cells:
        target = ws if (row + col) % 2 else other
        try:
            cell = target.cell(row, col, value)
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses some: not written
            continue
        cell.number_format = number_format
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=CELLS, hidden=st.booleans())
def test_generated_workbooks_read_the_same_both_ways(cells: list[tuple[int, int, Any, str]], hidden: bool) -> None:
    _same_reading(_workbook(cells, hidden))  # unsure values go the long way; what is read fast must agree


def test_the_shortcut_is_taken_for_what_excel_and_openpyxl_write() -> None:
    cells = [(1, 1, "Trường", "General"), (2, 1, 12.5, "#,##0"), (3, 1, dt.date(2026, 9, 5), "dd/mm/yyyy"),
             (4, 2, True, "General"), (6, 4, "x & y", "@")]
    assert _same_reading(_workbook(cells, hidden=True))
    # openpyxl writes a formula without its value (<v></v>): calamine alone says what that is
    assert reader._read_canonical(_workbook([*cells, (5, 3, "=1+1", "General")], False), MAX_ROWS) is None


@pytest.mark.parametrize(("value", "number_format"), [
    (dt.datetime(2026, 9, 5, 12, 30), "dd/mm/yyyy"),  # not a whole day
    (0.5, "h:mm"), (1.5, "[h]:mm"), ("a_x000D_b", "General"), (dt.date(1900, 1, 1), "dd/mm/yyyy"),
])
def test_values_calamine_alone_knows_go_the_long_way(value: Any, number_format: str) -> None:
    assert reader._read_canonical(_workbook([(1, 2, value, number_format)], False), MAX_ROWS) is None


# --- the guard's shortcut ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(case=far_cell_sheets())
def test_the_guard_shortcut_scans_exactly_as_the_full_scan(case: tuple[str, str, str, tuple[int, int]]) -> None:
    body, prefix, quote, _ = case
    _same_scan(sheet_xml(body, prefix, quote))


CANONICAL_BITS = st.sampled_from([
    '<c r="A1" s="1"/>', '<c r="B2" s="3" t="s"><v>0</v></c>', '<c r="C3" t="inlineStr"><is><t>Tr&#432;&#7901;ng</t></is></c>',
    '<c r="D4"><f>1+1</f><v>2</v></c>', '<c r="E5" t="e"><v>#REF!</v></c>', '<c r="F6" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    '<c r="XFD1048576"><v>1</v></c>', '<c r="A7" t="b"><v>1</v></c>', "<row r=\"9\">", "</row>", '<c r="G9" s="2"></c>',
    "<!-- <c r=\"Z99\"><v>1</v></c> -->", "<c r='H1'><v>1</v></c>", "<c><v>3</v></c>", '<c r="A1"><c r="B2"><v>1</v></c></c>',
    '<c r="I1"><v>&#1;</v></c>', '<c r="J1" t="str"><v>a&amp;b</v></c>', "<x:c r=\"K1\"><x:v>1</x:v></x:c>", "\r\n",
    '<c r="L1" t="inlineStr"><is><t xml:space="preserve"> a </t></is></c>', "<![CDATA[<c r=\"M1\"><v>1</v></c>]]>",
])


@settings(max_examples=300, deadline=None)
@given(bits=st.lists(CANONICAL_BITS, max_size=12))
def test_any_mix_of_cells_scans_the_same_both_ways(bits: list[str]) -> None:
    _same_scan(sheet_xml("".join(bits)).replace(b"'1.0' encoding='UTF-8'", b'"1.0" encoding="UTF-8"'))


def _same_scan(data: bytes) -> None:
    try:
        full: Any = asdict(xmlscan._scan_all(data, BOUNDS))
    except XmlRefused as exc:
        full = exc.reason
    quick = xmlscan._scan_reduced(data, BOUNDS)
    if quick is not None:
        assert asdict(quick) == full
    try:
        via_entry: Any = asdict(xmlscan.scan_sheet(data, BOUNDS))
    except XmlRefused as exc:
        via_entry = exc.reason
    assert via_entry == full


# The expressions as first written, with quantifiers that give back: the possessive ones of
# canonical.py must cut exactly the same cells out of any text.
_TEXT = rb"[^<]*"
_VALUE = rb"[^\"<&\x00-\x1f]{0,64}"
BACKTRACKING_EMPTY = re.compile(rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?: s="[0-9]{1,6}")?(?: t="[a-zA-Z]{1,9}")?(?:/>|></c>)')
BACKTRACKING_CONTENT = re.compile(
    rb'<c r="(([A-Z]{1,3})([1-9][0-9]{0,6}))"(?: s="([0-9]{1,6})")?(?: t="(s|n|b|str|inlineStr|e|d)")?>'
    rb"(?:(<f(?: [a-zA-Z]{1,16}=\"" + _VALUE + rb"\")*(?:/>|>" + _TEXT + rb"</f>))?<v>(" + _TEXT + rb")</v>"
    rb"|<is><t(?: xml:space=\"preserve\")?>(" + _TEXT + rb")</t></is>)</c>"
)
CELL_PIECES = st.sampled_from([
    "<c r=\"", "A", "XFD", "AAAA", "1", "0", "12345678", "\"", " s=\"", " t=\"", "s", "str", "inlineStr", "n", "x",
    "/>", "></c>", ">", "<v>", "</v>", "</c>", "<f>", "</f>", "<f t=\"shared\" si=\"0\"/>", " ref=\"A1:B2\"",
    "<is>", "<t>", "<t xml:space=\"preserve\">", "</t>", "</is>", "text", "&amp;", "<", "<row r=\"1\">", "</row>",
])


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(CELL_PIECES, max_size=40))
def test_possessive_expressions_cut_what_the_backtracking_ones_cut(pieces: list[str]) -> None:
    data = "".join(pieces).encode()
    assert canonical.EMPTY_CELL.subn(b"", data) == BACKTRACKING_EMPTY.subn(b"", data)
    assert canonical.CONTENT_CELL.split(data) == BACKTRACKING_CONTENT.split(data)


def test_possessive_expressions_on_every_sample_sheet() -> None:
    for path in SAMPLES:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    data = archive.read(name)
                    assert canonical.EMPTY_CELL.subn(b"", data) == BACKTRACKING_EMPTY.subn(b"", data)
                    assert canonical.CONTENT_CELL.split(data) == BACKTRACKING_CONTENT.split(data)


def _expat_texts(texts: list[bytes]) -> list[str] | None:
    """parse_texts as expat alone gives it (what the fast decoder must agree with)."""
    parser = expat.ParserCreate()
    parts: list[str] = []
    parser.CharacterDataHandler = parts.append
    try:
        parser.Parse(b"<x>" + b"&#57344;".join(texts) + b"</x>", True)
    except expat.ExpatError:
        return None
    found = "".join(parts).split("\ue000")
    return found if len(found) == len(texts) else None


TEXT_PIECES = st.sampled_from([
    "a", "Trường", "Tru\u031bo\u0300ng", " ", "\t", "\n", "\r", "\r\n", "\x01", "\x1f", "\x7f", "\x85", "&", "&amp;",
    "&lt;", "&gt;", "&quot;", "&apos;", "&amp;lt;", "&#10;", "&#9;", "&#x0A;", "&#010;", "&amp;#10;", "&#65;", "&#x41;", "&#13;", "&#0;", "&nbsp;", "&amp", "]]>", "]]",
    ">", "\"", "'", "\ue000", "&#57344;", "_x0041_", ";", "#", "\ufffd",
])


@settings(max_examples=500, deadline=None)
@given(texts=st.lists(st.lists(TEXT_PIECES, max_size=8).map("".join), min_size=1, max_size=5))
def test_texts_decode_as_expat_decodes_them(texts: list[str]) -> None:
    raw = [t.encode("utf-8") for t in texts]
    assert canonical.parse_texts(raw) == _expat_texts(raw)


def test_reduce_recognizes_the_template_shapes() -> None:
    data = sheet_xml('<row r="1"><c r="A1" s="4" t="inlineStr"><is><t>TT</t></is></c><c r="B1" s="5"/></row>'
                     '<row r="2"><c r="A2" s="1" t="s"><v>3</v></c><c r="B2"><f>A2*2</f><v>6</v></c></row>')
    reduced = canonical.reduce_sheet(data.replace(b"'1.0' encoding='UTF-8'", b'"1.0" encoding="UTF-8"'))
    assert reduced is not None
    assert (reduced.refs, reduced.formulas, reduced.elements) == ([b"A1", b"A2", b"B2"], ["B2"], 4)
    assert b"<c" not in canonical.rest_of(reduced)


def test_shared_strings_with_rich_text_go_the_long_way() -> None:
    plain = b'<sst count="2"><si><t>a &amp; b</t></si><si><t xml:space="preserve"> c</t></si></sst>'
    assert canonical.shared_strings(plain) == ["a & b", "c"]  # as the reader normalizes them
    rich = b'<sst count="1"><si><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></si></sst>'
    assert canonical.shared_strings(rich) is None


def test_a_workbook_saved_by_another_writer_reads_the_same(tmp_path: Path) -> None:
    """LibreOffice saves as Excel does (shared strings, its own number formats): still the shortcut."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is needed (make test installs it)")
    source = tmp_path / "in.xlsx"
    source.write_bytes((ROOT / "samples" / "tieu-hoc-kim-dong-2026-2027.xlsx").read_bytes())
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(source)],
                   check=True, capture_output=True, timeout=180)
    saved = (tmp_path / "out" / "in.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(saved)) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
    assert _same_reading(saved)


@pytest.mark.parametrize("damage", ['<row r="2"><</row>', '<row r="2"></row></row>', '<row r="2">&bogus;</row>',
                                    '<row r="2"><x:c r="B2"><v>1</v></x:c></row>', "<row r=\"2\"><c r='B2'/></row>"])
def test_damaged_markup_among_the_rows_goes_the_long_way(damage: str) -> None:
    from hostile import base_workbook, plain_cells, replace_parts

    sheet = sheet_xml(plain_cells() + damage).replace(b"'1.0' encoding='UTF-8'", b'"1.0" encoding="UTF-8"')
    data = replace_parts(base_workbook(), {"xl/worksheets/sheet1.xml": sheet})
    assert reader._read_canonical(data, MAX_ROWS) is None
