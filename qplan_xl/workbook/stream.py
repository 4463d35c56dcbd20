"""Rows streamed as SpreadsheetML into the sheet parts of an .xlsx that openpyxl wrote (big tables)."""

# openpyxl's write-only cells cost ~23 us each; a 3,500-school merge has ~140,000 action rows of ~20
# cells. Rows written here are inline strings (never formulas: text stays text; text that Excel would
# take for a formula gets the quote-prefixed style) and plain numbers and dates.

from __future__ import annotations

import datetime as dt
import queue
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeAlias

from qplan_xl.output import FORMULA_PREFIXES, MAX_CELL_TEXT, clean_text

FORMULA_FIRST = "".join(FORMULA_PREFIXES)  # text starting so is marked as text (quotePrefix)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
CellStyle: TypeAlias = "tuple[str, str] | dict[object, tuple[str, str]]"  # ' s="n"' plain and quoted, or by value


LINE_POINTS = 15.0  # height of one line of 11-pt Calibri
MAX_ROW_POINTS = 409.0  # Excel's limit
CHARS_PER_WIDTH = 1.4  # characters of Vietnamese prose per unit of column width (a '0' is one unit)
# Deflate level of the streamed parts: 3 writes the 105 MB of XML of a 1,000-school merge in 0.43 s
# (13.8 MB), the default 6 in 1.0 s (11.2 MB); see docs/performance.md.
STREAM_LEVEL = 3
WRITE_AHEAD = 4  # chunks made ahead of the thread that deflates them


def row_height(values: Iterable[object], per_line: list[float]) -> float:
    """Points a row needs for its wrapped text (per_line: characters per line, 0 where not wrapped).

    LibreOffice's PDF export, and Excel for rows it does not re-measure, keep the default height,
    which hides every line but the first: the writer states the height.
    """
    lines = 1
    for value, width in zip(values, per_line, strict=False):
        if width and isinstance(value, str) and value:
            lines = max(lines, sum(-(-max(len(part), 1) // int(width)) for part in value.split("\n")))
    return min(MAX_ROW_POINTS, lines * LINE_POINTS)


def row_xml(number: int, values: Iterable[object], letters: list[str], styles: list[CellStyle],
            per_line: list[float] | None = None) -> str:
    """One `<row>`: each cell with its column's style attribute (by value for a dict: status colours).

    With `per_line`, the row's height is set for its wrapped text (`row_height`). Many rows of the
    same columns: `row_writer`, which prepares the columns once.
    """
    return row_writer(letters, styles, per_line)(number, tuple(values))


RowWriter: TypeAlias = "Callable[[int, Sequence[object]], str]"
_Marks: TypeAlias = "tuple[str, str, str]"  # after a cell's number: text, quoted text, number


def row_writer(letters: list[str], styles: list[CellStyle], per_line: list[float] | None = None) -> RowWriter:
    """`row_xml` for rows of these columns: the markup around each cell's value is built once.

    Text without characters to clean or escape (most of it) and plain ints and floats take a
    short path; any other value is written by `_cell`, as before.
    """
    columns: list[tuple[str, _Marks, dict[object, _Marks], CellStyle]] = [
        (f'<c r="{letter}', _marks(style), {}, style) if isinstance(style, tuple) else
        (f'<c r="{letter}', _marks(style[None]), {value: _marks(pair) for value, pair in style.items()}, style)
        for letter, style in zip(letters, styles, strict=False)]
    wrapped = [(i, int(width)) for i, width in enumerate(per_line or ()) if width]
    first, longest = FORMULA_FIRST, MAX_CELL_TEXT

    def write(number: int, values: Sequence[Any]) -> str:
        row = str(number)
        cells = []
        for (head, marks, by_value, style), value in zip(columns, values, strict=False):
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                text, quoted, _ = by_value.get(value, marks) if by_value else marks
                if "&" in value or "<" in value or ">" in value or not value.isprintable() or len(value) > longest:
                    cells.append(f"{head}{row}{quoted if value[0] in first else text}{escape(value)}</t></is></c>")
                else:
                    cells.append(f"{head}{row}{quoted if value[0] in first else text}{value}</t></is></c>")
            elif kind is int or kind is float:
                mark = (by_value.get(value, marks) if by_value else marks)[2]
                cells.append(f"{head}{row}{mark}{value!r}</v></c>")
            elif not (value is None or value == ""):
                cells.append(_cell(head, row, style, value))
        height = _height(values, wrapped)
        if height > LINE_POINTS:
            return f'<row r="{row}" ht="{height:g}" customHeight="1">{"".join(cells)}</row>'
        return f'<row r="{row}">{"".join(cells)}</row>'

    return write


def _marks(style: tuple[str, str]) -> _Marks:
    plain, quoted = style
    text = ' t="inlineStr"><is><t xml:space="preserve">'
    return f'"{plain}{text}', f'"{quoted}{text}', f'"{plain}><v>'


def _cell(head: str, row: str, style_of: CellStyle, value: object) -> str:
    """A cell of any other value (a str or number subclass, a date, a bool...), as `row_xml` always wrote it."""
    plain, quoted = style_of.get(value, style_of[None]) if isinstance(style_of, dict) else style_of
    if isinstance(value, str):
        style = quoted if value[0] in FORMULA_FIRST else plain
        return f'{head}{row}"{style} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'{head}{row}"{plain}><v>{value!r}</v></c>'
    if isinstance(value, (dt.datetime, dt.date)):
        return f'{head}{row}"{plain}><v>{serial(value)}</v></c>'
    return f'{head}{row}"{plain} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _height(values: Sequence[Any], wrapped: list[tuple[int, int]]) -> float:
    """`row_height` with the wrapped columns' indexes and characters per line prepared."""
    lines = 1
    count = len(values)
    for i, width in wrapped:
        value = values[i] if i < count else None
        if isinstance(value, str) and (len(value) > width or "\n" in value):  # else one line
            if "\n" in value:
                need = sum(-(-max(len(part), 1) // width) for part in value.split("\n"))
            else:
                need = -(-len(value) // width)
            if need > lines:
                lines = need
    return min(MAX_ROW_POINTS, lines * LINE_POINTS)


def escape(text: str) -> str:
    """Text a cell can hold (no XML-illegal characters, Excel's length), escaped for XML."""
    if not text.isprintable() or len(text) > MAX_CELL_TEXT:
        text = clean_text(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def serial(value: dt.date) -> float:
    moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    return round((moment - EXCEL_EPOCH).total_seconds() / 86400, 6)


def splice(frame: Path, dest: Path, streams: dict[str, Iterable[bytes]],
           heights: dict[str, dict[int, float]] | None = None) -> None:
    """Copy the zip `frame` to `dest`, inserting each stream before `</sheetData>` of its part.

    `heights`: part -> row -> points, for rows openpyxl wrote (its write-only sheets cannot size them).
    """
    heights = heights or {}
    with zipfile.ZipFile(frame) as source, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = _sized(source.read(info.filename), heights.get(info.filename, {}))
            stream = streams.get(info.filename)
            if stream is None:
                target.writestr(info.filename, data)
                continue
            head, marker, tail = data.partition(b"</sheetData>")
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry._compresslevel = STREAM_LEVEL  # type: ignore[attr-defined]  # public as compress_level in 3.13
            with target.open(entry, "w") as out:
                out.write(head)
                write_behind(out.write, stream)
                out.write(marker + tail)


def write_behind(write: Callable[[bytes], object], chunks: Iterable[bytes]) -> None:
    """`write` each chunk from a second thread: deflate releases the GIL, so compressing one chunk
    overlaps making the next (the merge's last step, on a machine with two cores or more)."""
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=WRITE_AHEAD)
    failure: list[BaseException] = []

    def drain() -> None:
        try:
            while (chunk := pending.get()) is not None:
                write(chunk)
        except BaseException as exc:  # handed to the caller's thread below
            failure.append(exc)

    writer = threading.Thread(target=drain, name="qplan-write-behind", daemon=True)
    writer.start()
    try:
        for chunk in chunks:
            if not _hand_over(pending, chunk, writer):
                break
    finally:
        _hand_over(pending, None, writer)
        writer.join()
    if failure:
        raise failure[0]


def _hand_over(pending: queue.Queue[bytes | None], item: bytes | None, writer: threading.Thread) -> bool:
    """Put `item` for the writer; False when the writer has stopped (it failed)."""
    while writer.is_alive():
        try:
            pending.put(item, timeout=0.25)
            return True
        except queue.Full:
            continue
    return False


def _sized(data: bytes, rows: dict[int, float]) -> bytes:
    for number, height in rows.items():
        data = data.replace(f'<row r="{number}">'.encode(), f'<row r="{number}" ht="{height:g}" customHeight="1">'.encode(), 1)
    return data
