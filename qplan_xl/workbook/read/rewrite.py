"""The long way for a worksheet that is not plain: follow rows and cells, write a bounded copy."""

# A sheet whose cells lack addresses, or hold something beyond the bounds, is parsed again here
# following rows and cells by XML semantics (what Excel shows): a row without `r` follows the
# previous row, a cell without `r` follows the previous cell; rows may come in any order. The copy
# keeps only the cells within the bounds, each with an explicit address, for calamine to read.

from __future__ import annotations

import re
from typing import IO, Any

from qplan_xl.workbook.read.xml import XmlRefused, address, feed, local_name, new_parser, parse_ref
from qplan_xl.workbook.read.xmlscan import MAIN_NS, XML_NS, Bounds, SheetScan

_ROW_RE = re.compile(r"[0-9]{1,10}\Z")
_STRUCTURE = frozenset(("c", "row", "sheetData"))
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}
)


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
