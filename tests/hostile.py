"""Hostile inputs made at zip level, an oracle for what calamine may be given, and their strategies."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from xml.etree import ElementTree

import openpyxl
from hypothesis import strategies as st

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET1 = "xl/worksheets/sheet1.xml"
SHEET_NAME = "Thông tin"
_REF_RE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})\Z")


@cache
def base_workbook() -> bytes:
    """One small workbook (sheet «Thông tin», A1 and B1 filled), made once per run."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    ws["A1"], ws["B1"] = "Tên trường", "Trường Tiểu học"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def replace_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """`data` with members replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, parts.get(name, src.read(name)))
        for name, content in parts.items():
            if name not in src.namelist():
                dst.writestr(name, content)
    return out.getvalue()


def sheet_xml(body: str, prefix: str = "", quote: str = '"') -> bytes:
    """A worksheet whose sheetData holds `body` (elements already spelled with `prefix`)."""
    declare = f"xmlns:{prefix[:-1]}={quote}{MAIN}{quote}" if prefix else f"xmlns={quote}{MAIN}{quote}"
    return (f"<?xml version='1.0' encoding='UTF-8'?>\n<{prefix}worksheet {declare}>"
            f"<{prefix}sheetData>{body}</{prefix}sheetData></{prefix}worksheet>").encode()


def workbook_with_sheet(body: str, prefix: str = "", quote: str = '"') -> bytes:
    return replace_parts(base_workbook(), {SHEET1: sheet_xml(body, prefix, quote)})


def calamine_workbook() -> bytes:
    """`base_workbook`'s values in a spelling that is not canonical: read by calamine, not by the shortcut."""
    return workbook_with_sheet(plain_cells(quote="'"))


def plain_cells(prefix: str = "", quote: str = '"') -> str:
    """A1 and B1 as inline strings, the values `base_workbook` has."""
    q, p = quote, prefix
    return (f"<{p}row r={q}1{q}><{p}c r={q}A1{q} t={q}inlineStr{q}><{p}is><{p}t>Tên trường</{p}t></{p}is></{p}c>"
            f"<{p}c r={q}B1{q} t={q}inlineStr{q}><{p}is><{p}t>Trường Tiểu học</{p}t></{p}is></{p}c></{p}row>")


def column_letters(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def with_shared_strings(unique_count: int) -> bytes:
    """A workbook whose A1 is a shared string, its part announcing `unique_count` strings."""
    rel = (b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    override = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(io.BytesIO(base_workbook())) as z:
        rels = z.read("xl/_rels/workbook.xml.rels").replace(b"</Relationships>", rel)
        types = z.read("[Content_Types].xml").replace(b"</Types>", override)
    sst = f'<sst xmlns="{MAIN}" count="1" uniqueCount="{unique_count}"><si><t>chuỗi</t></si></sst>'
    return replace_parts(base_workbook(), {
        "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types, "xl/sharedStrings.xml": sst.encode(),
        SHEET1: sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
    })


@cache
def _dated_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = SHEET_NAME
    wb.active["A1"] = "Ngày ban hành"
    wb.active["B1"] = 45000
    wb.active["B1"].number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_date_cell(value: str) -> bytes:
    """A workbook whose date-formatted B1 holds the number `value` (as written in the XML)."""
    with zipfile.ZipFile(io.BytesIO(_dated_workbook())) as z:
        xml = z.read(SHEET1)
    return replace_parts(_dated_workbook(), {SHEET1: xml.replace(b"<v>45000</v>", f"<v>{value}</v>".encode())})


# --- the oracle: what calamine may be given ------------------------------------------------------


def assert_bounded_for_calamine(data: bytes, rows: int, cols: int) -> None:
    """Every cell that holds something, in every member with cell data, has its own address in bounds.

    An independent check (ElementTree, whole parts) of the guard's promise: calamine then cannot
    be asked for a rectangle larger than rows x cols.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            part = archive.read(name)
            if b"sheetData" not in part:
                continue
            for element in ElementTree.fromstring(part).iter():
                if element.tag.rpartition("}")[2] == "c" and len(element):
                    ref = _REF_RE.match(element.get("r") or "")
                    assert ref, f"{name}: a cell without its own address"
                    assert int(ref[2]) <= rows, f"{name}: {ref[0]} below row {rows}"
                    assert _column(ref[1]) <= cols, f"{name}: {ref[0]} right of column {cols}"


def _column(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


# --- strategies -----------------------------------------------------------------------------------


def _spell_ref(draw: st.DrawFn, ref: str) -> str:
    """`ref` with character references for some of its characters, or in lower case."""
    style = draw(st.sampled_from(["plain", "decimal", "hex", "lower"]))
    if style == "lower":
        return ref.lower()
    if style == "plain":
        return ref
    index = draw(st.integers(0, len(ref) - 1))
    code = f"&#{ord(ref[index])};" if style == "decimal" else f"&#x{ord(ref[index]):X};"
    return ref[:index] + code + ref[index + 1 :]


@st.composite
def far_cell_sheets(draw: st.DrawFn) -> tuple[str, str, str, tuple[int, int]]:
    """(sheetData body, prefix, quote, far position): A1/B1 kept, one far value in a random spelling.

    Spellings: either quote, a namespace prefix, attribute order, whitespace around '=',
    character references or lower case in the address, a cell placed by its row alone (no
    address), and the far row written before row 1.
    """
    prefix = draw(st.sampled_from(["", "x:", "ns0:"]))
    quote = draw(st.sampled_from(['"', "'"]))
    own_address = draw(st.booleans())
    row = draw(st.one_of(st.integers(5001, 1_048_576), st.just(1_048_576), st.integers(2, 3)))
    col = draw(st.one_of(st.integers(61, 16384), st.just(16384), st.integers(3, 60))) if own_address else 1
    if row <= 5000 and col <= 60:
        row = 1_048_576
    q, p = quote, prefix
    space = draw(st.sampled_from([" ", "\n  ", "\t", "  "]))
    attrs = [f"s={q}0{q}"]
    if own_address:
        ref = _spell_ref(draw, f"{column_letters(col)}{row}")
        attrs.insert(draw(st.integers(0, 1)), f"r{space}={space}{q}{ref}{q}")
    cell = f"<{p}c{space}{space.join(attrs)}><{p}v>7</{p}v></{p}c>"
    far = f"<{p}row{space}r={q}{row}{q}>{cell}</{p}row>"
    near = plain_cells(prefix, quote)
    body = far + near if draw(st.booleans()) else near + far
    return body, prefix, quote, (row, col)


XML_ILLEGAL_CHARS = st.sampled_from(
    ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800", "\udbff", "\udc00",
     "\udfff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
SCHOOL_TEXT = st.text(st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặ &<>\"'=+-@\t\n\r")) | XML_ILLEGAL_CHARS,
                      max_size=40)

NUMERIC_EXTREMES = st.one_of(
    st.sampled_from([1e308, -1e308, float("inf"), float("-inf"), float("nan"), -0.0, 0.0, 5e-324,
                     2**63, -(2**63), 10**20, -(10**20), 10**400, 2**53 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**50), max_value=10**50),
    st.text(st.sampled_from("0123456789.,-e "), max_size=30),
    st.sampled_from(["9" * 5000, "1" + "0" * 4400, "9" * 400 + " triệu", "1e308", "-1e308", "inf", "nan",
                     "1." + "000." * 1500 + "000", "-0", "0" * 5000]),
)


def with_shared_texts(texts: list[str]) -> bytes:
    """A workbook whose column A holds `texts` as shared strings, written raw (C0 as _xHHHH_)."""
    items = "".join(f"<si><t xml:space='preserve'>{_sst_text(t)}</t></si>" for t in texts)
    cells = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>{n - 1}</v></c></row>' for n in range(1, len(texts) + 1))
    data = with_shared_strings(1)
    sst = f'<sst xmlns="{MAIN}" count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'
    return replace_parts(data, {"xl/sharedStrings.xml": sst.encode("utf-8", "surrogatepass"),
                                SHEET1: sheet_xml(cells)})


def _sst_text(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("_x", "_x005F_x")
    return "".join(f"_x{ord(ch):04X}_" if ch < " " and ch not in "\t\n" else ch for ch in escaped)


def decoded(text: str) -> str:
    """What calamine makes of `_sst_text(text)`: the text itself, CR as LF (XML line ends)."""
    return text.replace("\r\n", "\n")
