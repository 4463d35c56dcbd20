"""Cells in the shape Excel and openpyxl write them, recognized in bulk; their values, as calamine gives them."""

# Excel and openpyxl write cells in a few fixed shapes:
#
#     <c r="B7" s="3"/>                                      (empty)
#     <c r="B7" s="3" t="s"><v>12</v></c>                    (value)
#     <c r="B7" t="str"><f>A1&amp;"x"</f><v>ab</v></c>        (formula and cached value)
#     <c r="B7" s="5" t="inlineStr"><is><t>Văn bản</t></is></c>
#
# `reduce_sheet` recognizes them in `<sheetData>` with one regular expression (C speed) and cuts
# them out of the text; a template's plan sheet carries a thousand prepared empty cells, and expat
# calling back into Python for each was most of the cost of reading a file. It is used twice:
# - by the XML guard (`xmlscan.scan_sheet`): expat parses what is left, which proves the whole part
#   well-formed, refuses DTDs and finds any cell that is not canonical; the result is exactly the
#   full scan's (tests/test_canonical.py compares them);
# - by the reader (`reader._read_canonical`): a workbook whose every sheet is canonical is read from
#   the cut-out cells (`cell_values`), without calamine; what is left of the cell data must be
#   well-formed rows and nothing else (see docs/decisions.md, "Reading canonical workbooks without calamine").
# The shortcut is taken only for one `sheetData`, UTF-8, no DTD, comment, CDATA or processing
# instruction in or before it. A removed cell holds only text without markup or control characters,
# so removing it cannot change whether the rest is well-formed; references to characters XML does
# not allow are found when the texts are parsed (`parse_texts`).


from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any, NamedTuple
from xml.parsers import expat

from qplan_xl.workbook.read.xml import column_number

# Texts are matched as anything without markup; they are parsed as XML afterwards (`parse_texts`),
# which refuses bad references, control characters and `]]>` exactly as the full parse would.
_TEXT = rb"[^<]*+"
_VALUE = rb"[^\"<&\x00-\x1f]{0,64}+"
_REF = rb"[A-Z]{1,3}+[1-9][0-9]{0,6}+"
# Possessive quantifiers (`*+`, `?+`): each part is followed by a character it cannot hold, so giving
# back never finds another match, and not keeping the states to give back makes the scan a quarter faster.
EMPTY_CELL = re.compile(rb'<c r="' + _REF + rb'"(?: s="[0-9]{1,6}+")?+(?: t="[a-zA-Z]{1,9}+")?+(?:/>|></c>)')
CONTENT_CELL = re.compile(
    rb'<c r="(([A-Z]{1,3}+)([1-9][0-9]{0,6}+))"(?: s="([0-9]{1,6}+)")?+(?: t="(s|n|b|str|inlineStr|e|d)")?+>'
    rb"(?:(<f(?: [a-zA-Z]{1,16}+=\"" + _VALUE + rb"\")*+(?:/>|>" + _TEXT + rb"</f>))?+<v>(" + _TEXT + rb")</v>"
    rb"|<is><t(?: xml:space=\"preserve\")?+>(" + _TEXT + rb")</t></is>)</c>"
)
GROUPS = 8  # CONTENT_CELL's groups: ref, column, row, style, type, formula, value, inline text
REF, COLUMN, ROW, STYLE, TYPE, FORMULA, VALUE, INLINE = range(GROUPS)
DECLARATION = re.compile(rb'(?:\xef\xbb\xbf)?(?:<\?xml version="1\.0"(?: encoding="(?:UTF|utf)-8")?'
                          rb'(?: standalone="(?:yes|no)")?\s*\?>)?')
_NONCHARACTERS = ("\ufffe", "\uffff")  # not XML characters


# What a cut-out cell leaves: an element of its own, so that a "cell" cut out of the middle of a tag
# (`<row ht="><c r="E3"/>">`) leaves markup no parser accepts, as the whole part was not.
CUT = b"<_/>"


class Reduced(NamedTuple):
    """A worksheet part with its canonical cells cut out, and what those cells were."""

    data: bytes  # the part as read
    kept: bytes  # what is left of its cell data (rows, cells that are not canonical, a CUT per cell)
    span: tuple[int, int]  # where the cell data was in `data` (inside <sheetData>...</sheetData>)
    refs: list[bytes]  # addresses (ASCII) of the cells that hold something, in document order
    formulas: list[str]  # addresses of the cells with a formula
    elements: int  # <c> elements cut out, empty ones included
    cells: list[bytes | None]  # what split() gave: GROUPS entries per cell (REF, COLUMN, ...)


def reduce_sheet(data: bytes) -> Reduced | None:
    """The part with its canonical cells cut out, or None when the shortcut does not apply.

    The texts of the cells are not checked here: `cell_texts` parses them. An empty sheet as Excel
    writes it (`<sheetData/>`) is read as the same XML spelled `<sheetData></sheetData>`.
    """
    if b"<sheetData/>" in data:
        data = data.replace(b"<sheetData/>", b"<sheetData></sheetData>", 1)
    start, end = data.find(b"<sheetData>"), data.find(b"</sheetData>")
    if start < 0 or end < start or data.find(b"sheetData") != start + 1 or data.rfind(b"sheetData") != end + 2:
        return None
    declaration = DECLARATION.match(data)
    head = data[declaration.end() if declaration else 0 : start]
    if b"<!" in head or b"<?" in head or not _characters_allowed(data):
        return None  # a DTD, a declaration of another encoding, a comment: the long way
    span, empties = EMPTY_CELL.subn(CUT, data[start + len(b"<sheetData>") : end])
    pieces = CONTENT_CELL.split(span)
    kept = CUT.join(pieces[:: GROUPS + 1])
    if b"<!" in kept or b"<?" in kept or b"sheetData" in kept:  # comments, CDATA, instructions
        return None
    del pieces[:: GROUPS + 1]
    refs: list[bytes] = pieces[::GROUPS]  # type: ignore[assignment]
    formulas = [r.decode("ascii") for r, f in zip(refs, pieces[FORMULA::GROUPS], strict=True) if f]
    return Reduced(data, kept, (start + len(b"<sheetData>"), end), refs, formulas, empties + len(refs), pieces)


def rest_of(reduced: Reduced) -> bytes:
    """The part with its canonical cells cut out, for the XML scan."""
    start, end = reduced.span
    return b"".join((reduced.data[:start], reduced.kept, reduced.data[end:]))


def cell_texts(reduced: Reduced) -> tuple[list[str | None], list[str | None]] | None:
    """(value text, formula text) of every cut-out cell, parsed as XML; None when one is not XML."""
    cells = reduced.cells
    values = [value if inline is None else inline
              for value, inline in zip(cells[VALUE::GROUPS], cells[INLINE::GROUPS], strict=True)]
    formulas = [_formula_text(f) for f in cells[FORMULA::GROUPS]]
    given = [t for t in values + formulas if t is not None]
    parsed = parse_texts(given)  # type: ignore[arg-type]
    if parsed is None:
        return None
    found = iter(parsed)
    decoded = [None if t is None else next(found) for t in values + formulas]
    return decoded[: len(values)], decoded[len(values) :]


def errors_of(reduced: Reduced, values: list[str | None]) -> dict[str, str]:
    """Address -> error text ('#REF!') of the cells of type 'e' (what the full scan records)."""
    return {ref.decode("ascii"): (text or "").strip() or "#ERROR"
            for ref, kind, text in zip(reduced.refs, reduced.cells[TYPE::GROUPS], values, strict=True) if kind == b"e"}


def _formula_text(element: bytes | None) -> bytes | None:
    """The text of an `<f ...>text</f>` element as matched (None for `<f .../>` or no formula)."""
    if not element or element.endswith(b"/>"):
        return None
    return element[element.index(b">") + 1 : -len(b"</f>")]


def _characters_allowed(data: bytes) -> bool:
    """UTF-8 without U+FFFE/U+FFFF (ASCII, what openpyxl writes, is checked at C speed)."""
    if data.isascii():
        return True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(mark in text for mark in _NONCHARACTERS)


# --- values -------------------------------------------------------------------------------------
# The values of canonical cells, exactly as calamine gives them (`tests/test_canonical.py` compares
# both readers on generated and real workbooks). Whatever is not certain to match — a date that is
# not a whole day, a time or duration format, an error value, `_xHHHH_` escapes, a raw CR, rich
# text — makes the workbook go to calamine.

_NUMBER = re.compile(rb"-?[0-9]{1,20}(?:\.[0-9]{1,20})?(?:[eE][-+]?[0-9]{1,3})?\Z")
_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_SHARED = re.compile(rb"<si><t(?: xml:space=\"preserve\")?>(" + _TEXT + rb")</t></si>")
_SST = re.compile(rb'\s*<sst((?: [A-Za-z][\w:]*="[^"<&]*")*)>')
_ATTRIBUTE_NAME = re.compile(rb' ([\w:]+)=')
_SEPARATOR = "\ue000"  # a private-use character: joins texts to decode them in one parse
_RAW_SEPARATOR = _SEPARATOR.encode("utf-8")
# Bytes XML character data holds as they are: all but the C0 controls (tab and line feed excepted;
# CR is rewritten by any XML parser, so it goes to expat too).
_PLAIN_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in (0x09, 0x0A))
_EPOCH = dt.date(1899, 12, 30)
FIRST_DAY, LAST_DAY = 61, 2_958_465  # 1900-03-01 .. 9999-12-31: whole days calamine gives as dates
NUMBER_FORMATS = frozenset((*range(0, 14), *range(37, 45), 48, 49))  # built-in, never dates
DATE_FORMATS = frozenset((14, 15, 16, 17, 22))  # built-in dates (and date-time)
DATE_CODES = frozenset((
    "dd/mm/yyyy", "d/m/yyyy", "dd/mm/yy", "d/m/yy", "yyyy-mm-dd", "mm-dd-yy", "m/d/yyyy", "m/d/yy",
    "dd-mm-yyyy", "d-mmm-yy", "d-mmm", "mmm-yy", "mm/yyyy", "m/yyyy", "dd/mm/yyyy;@", "d/m/yyyy;@",
    "yyyy-mm-dd h:mm", "dd/mm/yyyy h:mm",
))
_QUOTED = re.compile(r'"[^"]*"')
_FORMAT_ID = re.compile(r"0|[1-9][0-9]{0,4}")  # as calamine compares them: ASCII, no leading zero
NUMBER, DATE = 1, 2  # what a style makes of a number


def parse_texts(texts: list[bytes], *, normalized: bool = False) -> list[str] | None:
    """The XML text of each item (references decoded), in one parse; None when one is not XML text.

    `normalized`: NFC (the reader's normal form), applied once to all of them.
    """
    if not texts:
        return []
    joined = _plain_text(_RAW_SEPARATOR.join(texts))
    if joined is None:  # character references, or something XML refuses: expat decides
        parser = expat.ParserCreate()
        parts: list[str] = []
        parser.buffer_text = True
        parser.CharacterDataHandler = parts.append
        try:
            parser.Parse(b"<x>" + b"&#57344;".join(texts) + b"</x>", True)
        except expat.ExpatError:
            return None
        joined = "".join(parts)
    found = (unicodedata.normalize("NFC", joined) if normalized else joined).split(_SEPARATOR)
    return found if len(found) == len(texts) else None  # a text held the separator itself


def _plain_text(raw: bytes) -> str | None:
    """Character data without references (Excel's numbers and most of its texts), decoded at C
    speed; None when it needs the parser: a reference, a control character, a CR (XML rewrites
    it), `]]>`, bytes that are not UTF-8. (Replacing named references at C speed was measured
    slower than expat, which is fast on text with few references.)"""
    if b"&" in raw or raw.translate(None, _PLAIN_BYTES) or b"]]>" in raw:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _value_texts(texts: list[bytes]) -> list[str] | None:
    """parse_texts for values: a raw CR (calamine keeps it, XML does not) or `_xHHHH_` goes the long way.

    The escape is looked for in the decoded texts: calamine unescapes `_x0041_` after the character
    references, so `&#95;x0041_` is an escape too.
    """
    if b"\r" in b"".join(texts):
        return None
    found = parse_texts(texts, normalized=True)
    if found is None or any("_x" in text and _ESCAPE.search(text) for text in found):
        return None
    return found


def shared_strings(data: bytes) -> list[str | None] | None:
    """The shared strings (NFC, trimmed, None when blank) of a part of plain items, else None.

    The part must be exactly `<sst ...>`, plain items and `</sst>`: calamine stops at the first end
    of any `sst` and fails without one, and counts items wherever they are; nothing else can be
    told apart without parsing the part as it does.
    """
    declaration = DECLARATION.match(data)
    root = _SST.match(data, declaration.end() if declaration else 0)
    if root is None or not _characters_allowed(data) or not _plain_root(root[1], len(data)):
        return None
    items = data[root.end() : len(data.rstrip()) - len(b"</sst>")]
    pieces = _SHARED.split(items)  # between the items (must be nothing), then each item's text
    if not data.rstrip().endswith(b"</sst>") or any(pieces[::2]):
        return None
    texts = _value_texts(pieces[1::2])
    return None if texts is None else [text.strip() or None for text in texts]


def _plain_root(attributes: bytes, size: int) -> bool:
    """Attributes each given once (quick-xml refuses a repeated one), and a `uniqueCount` the part
    can hold: the guard refuses a larger one (calamine reserves room for it), so must this reader."""
    names = _ATTRIBUTE_NAME.findall(attributes)
    if len(set(names)) != len(names):
        return False
    count = re.search(rb' uniqueCount="([^"]*)"', attributes)
    return count is None or not count[1].strip().isdigit() or int(count[1]) <= size // 5 + 1


@functools.lru_cache(maxsize=16)
def number_styles(data: bytes | None) -> list[int] | None:
    """For each cell style (cellXfs), NUMBER, DATE or 0 (anything else); None when unreadable.

    Read as calamine reads the part: number formats only inside `numFmts`, styles only inside
    `cellXfs`, up to the first end of `styleSheet` (without one calamine fails); a format is known by
    its `numFmtId` as written (`014` is not `14`), and a format of the part wins over a built-in one.
    """
    if data is None:
        return []
    codes: dict[str, str] = {}
    styles: list[int] = []
    state = [""]  # "numFmts", "cellXfs", "" (between them) or "done"

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if state[0] == "numFmts" and local == "numFmt" and "numFmtId" in attrs and "formatCode" in attrs:
            codes[attrs["numFmtId"]] = attrs["formatCode"]
        elif state[0] == "cellXfs" and local == "xf":
            number = attrs.get("numFmtId")
            styles.append(NUMBER if number is None else _kind(number, codes))
        elif state[0] == "" and local in ("numFmts", "cellXfs"):
            state[0] = local

    def end(name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == state[0]:
            state[0] = ""
        elif local == "styleSheet" and state[0] == "":
            state[0] = "done"

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _no_dtd
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError):
        return None
    return styles if state[0] == "done" else None


def _no_dtd(*_: object) -> None:
    raise ValueError("dtd")


def _kind(number: str, codes: dict[str, str]) -> int:
    code = codes.get(number)
    if code is None:  # a built-in format, known by its number exactly as calamine spells it
        if not _FORMAT_ID.fullmatch(number):
            return 0
        return DATE if int(number) in DATE_FORMATS else NUMBER if int(number) in NUMBER_FORMATS else 0
    if code in DATE_CODES:
        return DATE
    if code.casefold() == "general":  # LibreOffice writes General as a format of its own
        return NUMBER
    # calamine reads `\\`, `_` and `*` as escapes even inside quotes (`"_"` hides the closing quote):
    # with one anywhere, the quotes cannot be told apart as it does.
    if any(ch in "\\_*" for ch in code):
        return 0
    bare = _QUOTED.sub("", code)
    return 0 if any(ch.isascii() and ch.isalpha() or ch == "[" for ch in bare) else NUMBER


class Grid(NamedTuple):
    """A sheet's values from A1 to its last cell, as the reader's `normalize` gives them."""

    rows: list[list[Any]]
    odd: list[tuple[int, int]]  # (row, col) of texts that are not printable (line breaks, or worse)
    last_cell: str | None  # a cell of the last row, the first in document order


def cell_values(reduced: Reduced, strings: list[str | None] | None, styles: list[int],
                max_rows: int, max_cols: int, budget: list[int] | None = None) -> Grid | None:
    """The values of the canonical cells, as calamine gives them and the reader normalizes them;
    None when one may not be calamine's, a cell lies beyond `max_rows` x `max_cols`, or the
    rectangle would overdraw `budget` ([cells left], shared by the workbook's sheets)."""
    cells = reduced.cells
    texts = [value if inline is None else inline
             for value, inline in zip(cells[VALUE::GROUPS], cells[INLINE::GROUPS], strict=True)]
    if not texts:
        return Grid([], [], None)
    rows = list(map(int, cells[ROW::GROUPS]))  # type: ignore[arg-type]
    columns = _COLUMNS
    cols = [columns.get(c) or _column(c) for c in cells[COLUMN::GROUPS]]  # type: ignore[arg-type]
    height, width = max(rows), max(cols)
    if height > max_rows or width > max_cols or b"" in texts or None in texts:
        return None
    if budget is not None:  # cells of the rectangles of all the workbook's sheets, before any is made
        budget[0] -= height * width
        if budget[0] < 0:
            return None
    if len(set(reduced.refs)) != len(rows):  # the same address twice (a canonical address has one spelling)
        return None
    decoded = _value_texts(texts)  # type: ignore[arg-type]
    if decoded is None:
        return None
    grid: list[list[Any]] = [[None] * width for _ in range(height)]
    odd: list[tuple[int, int]] = []
    inline = cells[INLINE::GROUPS]
    for row, col, style, kind, raw, text, is_inline in zip(rows, cols, cells[STYLE::GROUPS], cells[TYPE::GROUPS],
                                                           texts, decoded, inline, strict=True):
        if (kind == b"inlineStr") != (is_inline is not None):  # calamine: `<is>` is a text whatever
            return None  # the type says, and an inline string's `<v>` is nothing
        if kind == b"inlineStr" or kind == b"str":
            value: Any = text.strip() or None
        else:
            value = _value(kind, style, raw, strings, styles)  # type: ignore[arg-type]
            if value is _UNSURE:
                return None
        if type(value) is str and not value.isprintable():
            odd.append((row, col))
        grid[row - 1][col - 1] = value
    return Grid(grid, odd, reduced.refs[rows.index(height)].decode("ascii"))


_COLUMNS: dict[bytes, int] = {}


def _column(letters: bytes) -> int:
    col = _COLUMNS[letters] = column_number(letters.decode("ascii"))
    return col


_UNSURE = object()


def _value(kind: bytes | None, style: bytes | None, raw: bytes, strings: list[str | None] | None,
           styles: list[int]) -> Any:
    if kind == b"s":
        if strings is None or not raw.isdigit() or int(raw) >= len(strings):
            return _UNSURE
        return strings[int(raw)]
    if kind == b"b":
        return {b"0": False, b"1": True}.get(raw, _UNSURE)
    if kind not in (None, b"n") or not _NUMBER.match(raw):
        return _UNSURE
    if style is None:  # no style: a number (unless the workbook's first style says otherwise)
        how = NUMBER if not styles or styles[0] == NUMBER else 0
    else:
        how = styles[int(style)] if int(style) < len(styles) else 0
    number = float(raw)
    if how == NUMBER:  # as the reader's `normalize`: whole numbers as int
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if how == DATE and number.is_integer() and FIRST_DAY <= number <= LAST_DAY:
        return _EPOCH + dt.timedelta(days=int(number))
    return _UNSURE
