"""Namespace-aware scan of worksheet XML before calamine reads it: true extent, formulas, errors."""

# calamine builds the dense rectangle of a sheet before anything can be bounded, so one stray
# value in XFD1048576 asks it for 17 billion cells and the process aborts. The XML is therefore
# parsed here first, as XML (expat, fed in chunks; no DTD, no entity declarations), and a sheet
# goes to calamine unchanged only when every cell that holds something carries an explicit
# address within the bounds; any other sheet is re-written in a canonical, bounded form
# (`rewrite.rewrite_sheet`). Cells in the shape Excel and openpyxl write are recognized in bulk
# first (`canonical.reduce_sheet`): expat then parses only what is left, which is most of the speed.

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, cast
from xml.parsers import expat

from qplan_xl.workbook.read.canonical import (
    Reduced,
    cell_texts,
    errors_of,
    reduce_sheet,
    rest_of,
)
from qplan_xl.workbook.read.xml import (
    XmlRefused,
    column_number,
    feed,
    local_name,
    new_parser,
    range_size,
)

FAST_BYTES = 8 << 20  # parts up to this size are read whole, for the canonical-cell shortcut
GRID_ROWS = 1_048_576  # Excel's grid
GRID_COLS = 16_384
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_PLAIN_REFS_RE = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}(?:\n[A-Z]{1,3}[1-9][0-9]{0,6})*")
_DIGITS_RE = re.compile(r"[0-9]+")
_LETTERS_RE = re.compile(r"[A-Z]+")
_KINDS = frozenset(("c", "row", "f", "v", "sheetData", "mergeCell", "hyperlink"))


@dataclass(frozen=True)
class Bounds:
    """What one worksheet may hold before it is refused or read in part."""

    rows: int  # rows read; cells below are left out of the copy calamine reads
    cols: int  # columns read; cells to the right are left out
    max_bytes: int  # uncompressed XML bytes parsed per part
    max_cells: int  # <c> elements parsed per part (bounds the time of the scan)


@dataclass
class SheetScan:
    """What the XML of one worksheet says about it (cells that hold something)."""

    max_row: int = 0
    max_col: int = 0
    far_cell: str | None = None  # the farthest cell, when the sheet is wider than the reader reads
    last_cell: str | None = None  # a cell of the last row that holds something
    formulas: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)  # address -> '#REF!'
    plain: bool = True  # calamine may read the part as it is (explicit addresses, within bounds)
    cells: int = 0  # cells that hold something
    elements: int = 0  # every <c>, empty ones included (what openpyxl builds objects for)
    range_cells: int = 0  # cells of merged ranges and hyperlinks (openpyxl makes each); 0 when read the canonical way


# --- safe parsing -------------------------------------------------------------------------------


# --- worksheets ---------------------------------------------------------------------------------


def scan_sheet(stream: IO[bytes] | bytes, bounds: Bounds) -> SheetScan:
    """SheetScan of one worksheet part; XmlRefused when it cannot be parsed within the bounds.

    The quick pass records the addresses of the cells that hold something; a sheet whose
    addresses are all explicit and within the bounds is `plain`. Any other sheet is parsed again,
    following rows and cells, by `rewrite_sheet`, which gives its true extent.
    """
    head = stream if isinstance(stream, bytes) else stream.read(FAST_BYTES + 1)
    if len(head) <= min(FAST_BYTES, bounds.max_bytes):
        scan = _scan_reduced(head, bounds)
        if scan is not None:
            return scan
    return _scan_all(head if isinstance(stream, bytes) else cast(IO[bytes], _Prefixed(head, stream)), bounds)


def _scan_all(stream: IO[bytes] | bytes, bounds: Bounds) -> SheetScan:
    parser = new_parser()
    parser.ordered_attributes = True  # [name, value, ...]: cheaper to build than a dict
    result = _quick_pass(parser, bounds)
    feed(parser, stream, bounds.max_bytes)
    return result()


def _scan_reduced(data: bytes, bounds: Bounds) -> SheetScan | None:
    """The scan of a part whose cells are all canonical (`canonical.reduce_sheet`), else None.

    expat parses what is left once the canonical cells are cut out; whatever is refused or odd is
    left to the full scan, which gives the reason and its detail.
    """
    reduced = reduce_sheet(data)
    if reduced is None or reduced.elements > bounds.max_cells:
        return None
    try:
        rest = _scan_all(rest_of(reduced), bounds)
    except XmlRefused:
        return None
    texts = cell_texts(reduced)  # the texts of the cut-out cells must be XML too
    if rest.elements or texts is None:  # a <c> that is not canonical: the order of cells would be lost
        return None
    scan = _extent([ref.decode("ascii") for ref in reduced.refs], bounds)
    scan.elements = reduced.elements
    scan.range_cells = rest.range_cells
    scan.formulas = set(reduced.formulas)
    scan.errors = errors_of(reduced, texts[0])
    return scan


def odd_cell_data(reduced: Reduced, rows_plain: bool = False) -> bool:
    """Whether anything but well-formed rows is left of the cell data once the canonical cells are
    cut out: a <c> of any prefix, or markup expat refuses (the part up to its cell data is parsed,
    without callbacks; what follows `</sheetData>` is not read). `rows_plain`: what is left is
    known to be rows in the writers' shape (`plain_rows`), and is not parsed again."""
    if not rows_plain and _CELL_TAG.search(reduced.kept):
        return True
    parser = new_parser()
    try:
        parser.Parse(reduced.data[: reduced.span[0]], False)
        if not rows_plain:
            parser.Parse(reduced.kept, False)
        elif b"x14ac:" in reduced.kept:  # Excel's prefix on the rows: bound where the rows are?
            parser.Parse(b'<_ x14ac:a=""/>', False)
        parser.Parse(b"</sheetData>", False)
    except (expat.ExpatError, XmlRefused):
        return True
    return False


# a <c> of any prefix: XML names may hold any letter (`<ô:c>`), which `\w` on bytes does not match
_CELL_TAG = re.compile(rb"<(?:[^\s<>/!?:=]+:)?c[\s/>]")


# --- what is left of the cell data, without a parse: rows as the writers write them ----------------

_ROW_VALUE = rb'="[^"<&\x00-\x1f]*+"'
# A row as Excel, LibreOffice and openpyxl write it, once its cells are cut out: the attributes of
# CT_Row in the schema's order, each at most once (none can be repeated), values without references.
_PLAIN_ROW = re.compile(rb'<row r="[1-9][0-9]{0,6}+"' + b"".join(
    rb"(?: " + name + _ROW_VALUE + rb")?+" for name in (
        b"spans", b"s", b"customFormat", b"ht", b"hidden", b"customHeight", b"outlineLevel", b"collapsed",
        b"thickTop", b"thickBot", b"ph", b"x14ac:dyDescent")) + rb"(?:/>|>(?:<_/>)*+</row>)")
_XML_SPACE = b" \t\r\n"


def plain_rows(reduced: Reduced) -> bool:
    """Whether what is left of the cell data is rows in the writers' shape and XML white space only:
    then it is well-formed and calamine reads it, and neither needs to parse it (`odd_cell_data`,
    `calamine_reads`); whether Excel's `x14ac:` prefix is bound there, expat tells (`odd_cell_data`)."""
    return not _PLAIN_ROW.sub(b"", reduced.kept).translate(None, _XML_SPACE)


def calamine_reads(reduced: Reduced, rows_plain: bool = False) -> bool:
    """Whether calamine reads what is left around the cells without failing, as the long way would.

    The reader does not parse it (see `reader._read_canonical`), but calamine does parse two things
    there: a `<dimension ref>` before the cells, and the `r` of every row; a bad one fails the file.
    """
    head = reduced.data[: reduced.span[0]]
    if head.count(b"dimension") != len(_DIMENSION.findall(head)):
        return False
    kept = reduced.kept
    return rows_plain or not any(odd.search(kept) for odd in _ODD_ROW)


_CELL_REF = rb"[A-Z]{1,3}[1-9][0-9]{0,6}"
_DIMENSION = re.compile(rb'<dimension ref="' + _CELL_REF + rb"(?::" + _CELL_REF + rb')?"/>')
# A row with a prefix, or attributes in another spelling, or an `r` that is not a row number: three
# searches, each starting on a literal (one expression with three branches is twice as slow).
_ODD_ROW = (re.compile(rb'<[^\s<>/!?:=]++:row[\s/>]'),
            re.compile(rb'<row(?!(?: [A-Za-z][\w:.-]*+="[^"<]*+")*+/?>)[\s/>]'),
            re.compile(rb' r="(?![1-9][0-9]{0,6}+")'))


class _Prefixed:
    """A stream whose first bytes were already read."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self.head, self.stream = head, stream

    def read(self, size: int = -1) -> bytes:
        if self.head:
            head, self.head = self.head, b""
            return head
        return self.stream.read(size)


def _quick_pass(parser: Any, bounds: Bounds) -> Callable[[], SheetScan]:
    """Set expat handlers that note each cell's own address; return what gives the SheetScan.

    This runs for every sheet of every file a merge reads: the handlers are closures over local
    variables (a third faster than methods here) and return early inside a cell.
    """
    kinds: dict[str, str] = {}
    refs: list[str | None] = []  # the `r` of every cell that holds something
    formulas: list[str | None] = []
    errors: dict[str | None, str] = {}
    error_text: list[str] = []
    ranges: list[str] = []
    cell: list[str] | None = None
    content = capturing = False
    depth = in_data = elements = 0
    limit = bounds.max_cells

    def kind_of(name: str) -> str:
        local = local_name(name)
        found = kinds[name] = local if local in _KINDS else ""
        return found

    def start(name: str, attrs: list[str]) -> None:
        nonlocal cell, content, capturing, depth, in_data, elements
        if cell is not None:
            if depth:
                depth += 1
                return
            depth = 1
            if not content:
                content = True
                refs.append(_attr(cell, "r"))
            kind = kinds.get(name)
            if kind is None:
                kind = kind_of(name)
            if kind == "f":
                formulas.append(_attr(cell, "r"))
            elif kind == "v" and _attr(cell, "t") == "e":
                error_text.clear()
                capturing = True
                parser.CharacterDataHandler = error_text.append
            return
        kind = kinds.get(name)
        if kind is None:
            kind = kind_of(name)
        if kind == "c":
            if in_data:
                elements += 1
                if elements > limit:
                    raise XmlRefused("too-many-cells", str(elements))
                cell, content = attrs, False
        elif kind == "sheetData":
            in_data += 1
        elif kind in ("mergeCell", "hyperlink"):
            ranges.append(_attr(attrs, "ref") or "")

    def end(name: str) -> None:
        nonlocal cell, capturing, depth, in_data
        if cell is None:
            if in_data and kinds.get(name) == "sheetData":
                in_data -= 1
        elif depth:
            depth -= 1
            if capturing and not depth:
                capturing = False
                parser.CharacterDataHandler = None
                errors[_attr(cell, "r")] = "".join(error_text).strip() or "#ERROR"
        else:
            if content and _attr(cell, "t") == "e":
                errors.setdefault(_attr(cell, "r"), "#ERROR")
            cell = None

    def result() -> SheetScan:
        scan = _extent(refs, bounds)
        scan.elements = elements
        scan.range_cells = sum(range_size(text) for text in ranges)
        scan.formulas = {r for r in formulas if r is not None}
        scan.errors = {r: e for r, e in errors.items() if r is not None}
        return scan

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    return result


def _attr(attrs: list[str], name: str) -> str | None:
    """The value of `name` in expat's ordered attributes [name, value, name, value, ...]."""
    for index in range(0, len(attrs), 2):
        if attrs[index] == name:
            return attrs[index + 1]
    return None


def _extent(refs: list[str | None], bounds: Bounds) -> SheetScan:
    """Extent of cells given by their own addresses; not plain when one is missing or odd."""
    scan = SheetScan(cells=len(refs))
    joined = "\n".join(r if r is not None else "?" for r in refs)
    if refs and not _PLAIN_REFS_RE.fullmatch(joined):
        scan.plain = False
        return scan
    rows = [int(n) for n in _DIGITS_RE.findall(joined)]
    if rows:
        scan.max_row = max(rows)
        scan.last_cell = refs[rows.index(scan.max_row)]
        scan.max_col = max(column_number(letters) for letters in set(_LETTERS_RE.findall(joined)))
    scan.plain = scan.max_row <= bounds.rows and scan.max_col <= bounds.cols
    return scan
