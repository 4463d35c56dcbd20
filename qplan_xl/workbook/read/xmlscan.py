"""Streaming, namespace-aware parse of worksheet XML: true extent, formulas, errors, bounded copy."""

# calamine builds the dense rectangle of a sheet before anything can be bounded, so one stray
# value in XFD1048576 asks it for 17 billion cells and the process aborts. The XML is therefore
# parsed here first, as XML (expat, fed in chunks; no DTD, no entity declarations), and a sheet
# goes to calamine unchanged only when every cell that holds something carries an explicit
# address within the bounds; any other sheet is re-written in a canonical, bounded form
# (`rewrite_sheet`). Positions follow XML semantics (what Excel shows): a row without `r` follows
# the previous row, a cell without `r` follows the previous cell; rows may come in any order.

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from qplan_xl.workbook.read.xml import (
    XmlRefused,
    address,
    column_number,
    feed,
    local_name,
    new_parser,
    parse_ref,
    range_size,
)

GRID_ROWS = 1_048_576  # Excel's grid
GRID_COLS = 16_384
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_ROW_RE = re.compile(r"[0-9]{1,10}\Z")
_PLAIN_REFS_RE = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}(?:\n[A-Z]{1,3}[1-9][0-9]{0,6})*")
_DIGITS_RE = re.compile(r"[0-9]+")
_LETTERS_RE = re.compile(r"[A-Z]+")
_KINDS = frozenset(("c", "row", "f", "v", "sheetData", "mergeCell", "hyperlink"))
_STRUCTURE = frozenset(("c", "row", "sheetData"))
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}
)


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
    range_cells: int = 0  # cells of merged ranges and hyperlink ranges (openpyxl makes each one)


# --- safe parsing -------------------------------------------------------------------------------


# --- worksheets ---------------------------------------------------------------------------------


def scan_sheet(stream: IO[bytes] | bytes, bounds: Bounds) -> SheetScan:
    """SheetScan of one worksheet part; XmlRefused when it cannot be parsed within the bounds.

    The quick pass records the addresses of the cells that hold something; a sheet whose
    addresses are all explicit and within the bounds is `plain`. Any other sheet is parsed again,
    following rows and cells, by `rewrite_sheet`, which gives its true extent.
    """
    parser = new_parser()
    parser.ordered_attributes = True  # [name, value, ...]: cheaper to build than a dict
    result = _quick_pass(parser, bounds)
    feed(parser, stream, bounds.max_bytes)
    return result()


def rewrite_sheet(stream: IO[bytes] | bytes, bounds: Bounds) -> tuple[SheetScan, bytes]:
    """The true SheetScan and a copy of the worksheet reduced to its cells within the bounds.

    The copy keeps only the cell data (what calamine reads values from), each cell with an
    explicit address, in the positions the scan computed.
    """
    out: list[str] = [f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN_NS}"><sheetData>']
    reader = _SheetReader(bounds, out)
    parser = new_parser()
    reader.attach(parser)
    feed(parser, stream, bounds.max_bytes)
    scan = reader.finish()
    out.append("</sheetData></worksheet>")
    return scan, "".join(out).encode("utf-8")


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


class _SheetReader:
    """expat handlers that follow rows and cells by XML semantics and write the bounded copy."""

    def __init__(self, bounds: Bounds, out: list[str]) -> None:
        self.bounds = bounds
        self.scan = SheetScan()
        self.out = out
        self.parser: Any = None
        self.locals: dict[str, str] = {}
        self.in_data = 0  # open <sheetData> elements
        self.row = 0  # number of the current row
        self.col = 0  # column of the last cell of the current row
        self.cell: tuple[int, int] | None = None  # position of the open <c>
        self.cell_attrs: dict[str, str] = {}
        self.depth = 0  # elements open inside the current cell
        self.skip = 0  # depth of a nested <c>/<row> left out of the copy (0: none)
        self.content = False  # the current cell holds something
        self.explicit = False  # the current cell has a valid address of its own
        self.keep = False  # the current cell is written to the copy
        self.out_row = 0
        self.far_col = 0
        self.last_pos = (0, 0)
        self.error_text: list[str] | None = None

    def attach(self, parser: Any) -> None:
        self.parser = parser
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text

    def local(self, name: str) -> str:
        found = self.locals.get(name)
        if found is None:
            found = self.locals[name] = local_name(name)
        return found

    # -- events --

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = self.local(name)
        if self.cell is not None:
            self.child_start(local, attrs)
        elif not self.in_data:
            self.in_data = int(local == "sheetData")
        elif local == "c":
            self.cell_start(attrs)
        elif local == "row":
            self.row_start(attrs)
        elif local == "sheetData":
            self.in_data += 1

    def end(self, name: str) -> None:
        if self.cell is not None:
            if self.depth:
                self.child_end(self.local(name))
            else:
                self.cell_end()
        elif self.in_data and self.local(name) == "sheetData":
            self.in_data -= 1

    def text(self, data: str) -> None:
        if self.keep and not self.skip:
            self.out.append(data.translate(_TEXT_ESCAPES))

    # -- rows and cells --

    def row_start(self, attrs: dict[str, str]) -> None:
        given = attrs.get("r")
        if given is not None and _ROW_RE.match(given) and int(given) > 0:
            self.row = int(given)
        else:
            self.row += 1
        self.col = 0

    def cell_start(self, attrs: dict[str, str]) -> None:
        self.scan.elements += 1
        if self.scan.elements > self.bounds.max_cells:
            raise XmlRefused("too-many-cells", str(self.scan.elements))
        given = attrs.get("r")
        pos = parse_ref(given) if given is not None else None
        self.explicit = pos is not None
        if pos is None:
            pos = (max(self.row, 1), self.col + 1)
        self.col = pos[1]
        self.cell, self.cell_attrs = pos, attrs
        self.depth, self.skip, self.content = 0, 0, False

    def cell_end(self) -> None:
        if self.cell_attrs.get("t") == "e" and self.content and self.cell is not None:
            self.scan.errors.setdefault(address(*self.cell), "#ERROR")
        if self.keep:
            self.out.append("</c>")
        self.cell = None
        self.keep = False

    def child_start(self, local: str, attrs: dict[str, str]) -> None:
        if not self.depth:
            self.direct_child(local)
        self.depth += 1
        if not self.keep or self.skip:
            return
        if local in _STRUCTURE:  # a cell inside a cell is not copied (calamine would misread it)
            self.skip = self.depth
        else:
            self.out.append(f"<{local}{_attributes(attrs)}>")

    def child_end(self, local: str) -> None:
        if self.keep:
            if self.skip == self.depth:
                self.skip = 0
            elif not self.skip:
                self.out.append(f"</{local}>")
        self.depth -= 1
        if self.error_text is not None and not self.depth:
            self.error_value()

    def direct_child(self, local: str) -> None:
        assert self.cell is not None
        if not self.content:
            self.content = True
            self.note_content(*self.cell)
        if local == "f":
            self.scan.formulas.add(address(*self.cell))
        elif local == "v" and self.cell_attrs.get("t") == "e":
            self.error_text = []
            self.parser.CharacterDataHandler = self.error_chars

    def error_chars(self, data: str) -> None:
        assert self.error_text is not None
        self.error_text.append(data)
        self.text(data)

    def error_value(self) -> None:
        assert self.cell is not None and self.error_text is not None
        self.scan.errors[address(*self.cell)] = "".join(self.error_text).strip() or "#ERROR"
        self.error_text = None
        self.parser.CharacterDataHandler = self.text

    def note_content(self, row: int, col: int) -> None:
        scan, bounds = self.scan, self.bounds
        scan.cells += 1
        if row > scan.max_row:
            scan.max_row, self.last_pos = row, (row, col)
        scan.max_col = max(scan.max_col, col)
        if col > bounds.cols and col > self.far_col:
            self.far_col = col
            scan.far_cell = address(row, col)
        inside = row <= bounds.rows and col <= bounds.cols
        scan.plain = scan.plain and inside and self.explicit
        if inside:
            self.open_cell(row, col)

    def open_cell(self, row: int, col: int) -> None:
        if row != self.out_row:
            if self.out_row:
                self.out.append("</row>")
            self.out.append(f'<row r="{row}">')
            self.out_row = row
        attrs = {k: v for k, v in self.cell_attrs.items() if k != "r"}
        self.out.append(f'<c r="{address(row, col)}"{_attributes(attrs)}>')
        self.keep = True

    def finish(self) -> SheetScan:
        if self.out_row:
            self.out.append("</row>")
        if self.scan.max_row:
            self.scan.last_cell = address(*self.last_pos)
        return self.scan


def _attributes(attrs: dict[str, str]) -> str:
    """Attributes without a namespace (and xml:space), serialized."""
    parts = []
    for name, value in attrs.items():
        if " " in name:
            if name != f"{XML_NS} space":
                continue
            name = "xml:space"
        parts.append(f' {name}="{value.translate(_ATTR_ESCAPES)}"')
    return "".join(parts)


# --- small parts ---------------------------------------------------------


