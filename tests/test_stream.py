"""The streamed sheet XML (workbook.stream): the prepared row writer writes what the first one wrote."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from enum import Enum
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qplan_xl.merge.sheets import project
from qplan_xl.output import MAX_CELL_TEXT
from qplan_xl.workbook.stream import (
    FORMULA_FIRST,
    LINE_POINTS,
    CellStyle,
    escape,
    row_height,
    row_writer,
    row_xml,
    serial,
    splice,
)


class Status(str, Enum):
    DONE = "Hoàn thành"
    EMPTY = ""

    def __format__(self, spec: str) -> str:
        return str(self.value).__format__(spec)


def reference_row_xml(number: int, values: Iterable[object], letters: list[str], styles: list[CellStyle],
                      per_line: list[float] | None = None) -> str:
    """`row_xml` as first written (one cell at a time): the reference of the prepared writer."""
    values = tuple(values)
    cells = []
    for letter, style_of, value in zip(letters, styles, values, strict=False):
        if value is None or value == "":
            continue
        plain, quoted = style_of.get(value, style_of[None]) if isinstance(style_of, dict) else style_of
        if isinstance(value, str):
            style = quoted if value[0] in FORMULA_FIRST else plain
            cells.append(f'<c r="{letter}{number}"{style} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>')
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            cells.append(f'<c r="{letter}{number}"{plain}><v>{value!r}</v></c>')
        elif isinstance(value, (dt.datetime, dt.date)):
            cells.append(f'<c r="{letter}{number}"{plain}><v>{serial(value)}</v></c>')
        else:
            cells.append(f'<c r="{letter}{number}"{plain} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
    height = row_height(values, per_line) if per_line else LINE_POINTS
    if height > LINE_POINTS:
        return f'<row r="{number}" ht="{height:g}" customHeight="1">{"".join(cells)}</row>'
    return f'<row r="{number}">{"".join(cells)}</row>'


LETTERS = ["A", "B", "C", "D", "E", "F", "G"]
STATUS: CellStyle = {None: (' s="1"', ' s="2"'), "Hoàn thành": (' s="7"', ' s="7"'), 3: (' s="8"', ' s="8"')}
STYLES: list[CellStyle] = [(' s="1"', ' s="2"'), ("", ' s="3"'), STATUS, (' s="4"', ' s="5"'),
                           (' s="1"', ' s="2"'), (' s="6"', ' s="6"'), STATUS]
PER_LINE = [0, 8.4, 0, 0.0, 3.9, 25.2, 0]
TEXT = st.text(st.sampled_from("aàbĐ &<>=+-@'\"\n\r\t\x00\x0b\ufffe\U0001f600 ."), max_size=40)
VALUES = st.one_of(
    st.none(), TEXT, st.sampled_from(["Hoàn thành", "", "=SUM(A1)", "a & b", "x" * (MAX_CELL_TEXT + 3)]),
    st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(), st.datetimes(), st.sampled_from([Status.DONE, Status.EMPTY]), st.just(3.0),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(VALUES, max_size=9), min_size=1, max_size=4), st.integers(2, 1_048_576))
def test_the_prepared_writer_writes_what_the_first_writer_wrote(rows: list[list[object]], first: int) -> None:
    write = row_writer(LETTERS, STYLES, PER_LINE)
    plain = row_writer(LETTERS, STYLES)
    for number, values in enumerate(rows, start=first):
        assert write(number, tuple(values)) == reference_row_xml(number, values, LETTERS, STYLES, PER_LINE)
        assert plain(number, values) == reference_row_xml(number, values, LETTERS, STYLES)
        assert row_xml(number, iter(values), LETTERS, STYLES, PER_LINE) == write(number, tuple(values))


def test_wrapped_text_sets_the_height_and_special_text_is_escaped() -> None:
    row = row_writer(LETTERS[:2], STYLES[:2], [0, 8.4])(5, ("=a<b>&c", "x" * 17 + "\n\ny"))
    assert row == ('<row r="5" ht="75" customHeight="1"><c r="A5" s="2" t="inlineStr"><is><t xml:space="preserve">'
                   '=a&lt;b&gt;&amp;c</t></is></c><c r="B5" t="inlineStr"><is><t xml:space="preserve">'
                   + "x" * 17 + "\n\ny</t></is></c></row>")


def test_projection_picks_the_shown_cells_and_pads_short_rows() -> None:
    rows = [(1, 2, 3, 4), (1, 2), [5, 6, 7, 8, 9]]
    assert list(project(rows, [3, 0, 2])) == [(4, 1, 3), (None, 1, None), (8, 5, 7)]
    assert list(project(rows, [1])) == [(2,), (2,), (6,)]
    assert list(project(rows, [])) == [(), (), ()]


def test_splice_inserts_the_rows_before_the_end_of_sheet_data(tmp_path: Path) -> None:
    frame, dest = tmp_path / "frame.zip", tmp_path / "dest.zip"
    with zipfile.ZipFile(frame, "w") as z:
        z.writestr("s.xml", '<sheetData><row r="1"><c/></row></sheetData>')
        z.writestr("o.xml", '<sheetData><row r="3"></row></sheetData>')
    splice(frame, dest, {"s.xml": [b'<row r="2">', b"</row>"]}, {"o.xml": {3: 30.0}})
    with zipfile.ZipFile(dest) as z:
        assert z.read("s.xml") == b'<sheetData><row r="1"><c/></row><row r="2"></row></sheetData>'
        assert z.read("o.xml") == b'<sheetData><row r="3" ht="30" customHeight="1"></row></sheetData>'


def test_write_behind_writes_every_chunk_in_order() -> None:
    from qplan_xl.workbook.stream import write_behind

    written: list[bytes] = []
    write_behind(written.append, (str(i).encode() for i in range(1000)))
    assert written == [str(i).encode() for i in range(1000)]


def test_write_behind_hands_a_write_failure_to_the_caller_without_hanging() -> None:
    from qplan_xl.workbook.stream import write_behind

    def full_disk(chunk: bytes) -> None:
        raise OSError(28, "No space left on device")

    made: list[int] = []

    def chunks():  # type: ignore[no-untyped-def]
        for i in range(10_000):
            made.append(i)
            yield b"x"

    with pytest.raises(OSError, match="No space"):
        write_behind(full_disk, chunks())
    assert len(made) < 10_000  # the rows stop being made once the writer has failed


def test_write_behind_passes_on_an_error_of_the_rows() -> None:
    from qplan_xl.workbook.stream import write_behind

    written: list[bytes] = []

    def chunks():  # type: ignore[no-untyped-def]
        yield b"a"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_behind(written.append, chunks())
    assert written == [b"a"]
