"""Hostile workbooks: far cells in any XML spelling, announced counts, parser panics, special files."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    SCHOOL_TEXT,
    SHEET1,
    SHEET_NAME,
    assert_bounded_for_calamine,
    base_workbook,
    calamine_workbook,
    far_cell_sheets,
    plain_cells,
    replace_parts,
    sheet_xml,
    with_date_cell,
    with_shared_strings,
    workbook_with_sheet,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qplan_xl.workbook.read import package, reader
from qplan_xl.workbook.read.reader import MAX_COLS, UnreadableFile, is_lock_file, read_workbook
from qplan_xl.workbook.read.rewrite import rewrite_sheet
from qplan_xl.workbook.read.xmlscan import Bounds, scan_sheet

ROOT = Path(__file__).resolve().parents[1]
MAX_ROWS = 5000
BOUNDS = Bounds(rows=MAX_ROWS, cols=MAX_COLS, max_bytes=1 << 26, max_cells=100_000)


@pytest.fixture
def guarded_calamine(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """calamine, behind an independent check that what it is given is bounded (the oracle)."""
    import python_calamine

    real = python_calamine.CalamineWorkbook
    seen: list[bytes] = []

    class Checked:
        @staticmethod
        def from_filelike(handle: Any) -> Any:
            data = handle.read()
            assert_bounded_for_calamine(data, MAX_ROWS, MAX_COLS)
            seen.append(data)
            return real.from_filelike(io.BytesIO(data))

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Checked)
    return seen


def _write(tmp_path: Path, data: bytes, name: str = "ke-hoach.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _code(path: Path) -> str:
    with pytest.raises(UnreadableFile) as info:
        read_workbook(path)
    return info.value.code


# --- class 1: the extent guard reads XML as XML ---------------------------------------------------


FAR_SPELLINGS = {
    # name: (sheetData body, prefix, quote, far position)
    "single-quotes-row-20-million": ("<row r='20000000'><c r='A20000000'><v>7</v></c></row>", "", "'", (20_000_000, 1)),
    "xfd1048576": ('<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>', "", '"', (1_048_576, 16384)),
    "namespace-prefix": ('<x:row r="1"><x:c r="XFD1"><x:v>7</x:v></x:c></x:row>', "x:", '"', (1, 16384)),
    "character-reference": ('<row r="1"><c r="&#88;&#x46;D1"><v>7</v></c></row>', "", '"', (1, 16384)),
    "attribute-order-and-whitespace": ('<row r="9"><c s="0"\n   r = "XFD9" ><v>7</v></c></row>', "", '"', (9, 16384)),
    "lower-case": ('<row r="1"><c r="xfd1"><v>7</v></c></row>', "", '"', (1, 16384)),
    "row-alone": ('<row r="1048576"><c><v>7</v></c></row>', "", '"', (1_048_576, 1)),
}


@pytest.mark.parametrize("name", FAR_SPELLINGS)
def test_a_far_cell_in_any_spelling_is_read_bounded(tmp_path: Path, guarded_calamine: list[bytes], name: str) -> None:
    body, prefix, quote, (row, col) = FAR_SPELLINGS[name]
    book = read_workbook(_write(tmp_path, workbook_with_sheet(plain_cells(prefix, quote) + body, prefix, quote)))
    _assert_far_cell_found(book, row, col)


def _assert_far_cell_found(book: reader.RawWorkbook, row: int, col: int) -> None:
    sheet = book.sheet(SHEET_NAME)
    assert sheet is not None
    assert sheet.height <= MAX_ROWS and all(len(r) <= MAX_COLS for r in sheet.rows)
    assert (sheet.get(1, 1), sheet.get(1, 2)) == ("Tên trường", "Trường Tiểu học")  # nothing lost
    assert sheet.total_rows == max(row, 1)
    if col > MAX_COLS:
        assert book.far_cell(SHEET_NAME) == f"{reader.address(1, col)[:-1]}{row}"
    elif row <= MAX_ROWS:
        assert sheet.get(row, col) == 7
    assert book.last_cell(SHEET_NAME) is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=far_cell_sheets())
def test_far_cells_in_random_xml_spellings_never_reach_calamine(
    tmp_path: Path, guarded_calamine: list[bytes], case: tuple[str, str, str, tuple[int, int]]
) -> None:
    body, prefix, quote, (row, col) = case
    book = read_workbook(_write(tmp_path, workbook_with_sheet(body, prefix, quote)))
    _assert_far_cell_found(book, row, col)


def test_rows_out_of_order_give_the_true_last_row(tmp_path: Path, guarded_calamine: list[bytes]) -> None:
    body = ('<row r="7000"><c r="A7000"><v>1</v></c></row>' + plain_cells()
            + '<row r="3"><c r="C3"><v>3</v></c></row>')
    book = read_workbook(_write(tmp_path, workbook_with_sheet(body)))
    sheet = book.sheet(SHEET_NAME)
    assert sheet is not None and sheet.total_rows == 7000 and sheet.get(3, 3) == 3
    assert book.last_cell(SHEET_NAME) == "A7000"


def test_a_plain_sheet_goes_to_calamine_unchanged(tmp_path: Path, guarded_calamine: list[bytes]) -> None:
    data = calamine_workbook()  # plain, but not in the canonical shape
    book = read_workbook(_write(tmp_path, data))
    assert guarded_calamine == [data]
    assert book.sheet(SHEET_NAME).get(1, 2) == "Trường Tiểu học"  # type: ignore[union-attr]


def test_a_canonical_workbook_is_read_without_calamine(tmp_path: Path, guarded_calamine: list[bytes]) -> None:
    book = read_workbook(_write(tmp_path, base_workbook()))
    assert guarded_calamine == []
    assert book.sheet(SHEET_NAME).rows == [["Tên trường", "Trường Tiểu học"]]  # type: ignore[union-attr]


def test_cells_without_address_follow_xml_semantics() -> None:
    body = ('<row><c><v>1</v></c><c/><c><v>3</v></c></row><row r="5"><c r="B5"><v>5</v></c><c><v>6</v></c></row>'
            '<row><c><f>1+1</f><v>2</v></c><c t="e"><v>#REF!</v></c></row>')
    scan, copy = rewrite_sheet(sheet_xml(body), BOUNDS)
    assert (scan.max_row, scan.max_col, scan.cells) == (6, 3, 6)
    assert scan.formulas == {"A6"} and scan.errors == {"B6": "#REF!"}
    assert b'<c r="C1"><v>3</v></c>' in copy and b'<c r="C5"><v>6</v></c>' in copy


def test_a_dtd_or_entity_declaration_is_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')
    xxe = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet/>')
    for part in (bomb, xxe):
        path = _write(tmp_path, replace_parts(base_workbook(), {SHEET1: part.encode()}))
        with pytest.raises(UnreadableFile) as info:
            read_workbook(path)
        assert info.value.code == "file-corrupt" and SHEET_NAME in info.value.params["detail"]


def test_a_dtd_in_any_other_part_is_refused(tmp_path: Path) -> None:
    styles = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "x">]><styleSheet/>'
    assert _code(_write(tmp_path, replace_parts(base_workbook(), {"xl/styles.xml": styles}))) == "file-corrupt"


def test_an_orphan_part_with_far_cells_is_bounded_too(tmp_path: Path, guarded_calamine: list[bytes]) -> None:
    """A worksheet part no sheet points to (as we resolve them) is guarded all the same."""
    orphan = sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    base = calamine_workbook()  # read by calamine, behind the guard
    read_workbook(_write(tmp_path, replace_parts(base, {"xl/worksheets/sheet9.xml": orphan})))
    assert guarded_calamine  # the oracle saw a bounded copy
    guarded_calamine.clear()
    book = read_workbook(_write(tmp_path, replace_parts(base_workbook(), {"xl/worksheets/sheet9.xml": orphan})))
    assert guarded_calamine == [] and book.sheet(SHEET_NAME).get(1, 1) == "Tên trường"  # type: ignore[union-attr]


def test_parts_that_differ_only_by_case_are_refused(tmp_path: Path) -> None:
    twin = sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    data = replace_parts(base_workbook(), {"xl/worksheets/Sheet1.xml": twin})
    assert _code(_write(tmp_path, data)) == "file-corrupt"


@pytest.mark.parametrize("part", ["xl/workbook.bin", "content.xml", "Content.XML"])
def test_parts_of_formats_calamine_falls_back_to_are_refused(tmp_path: Path, part: str) -> None:
    """calamine tries .xlsb and .ods when .xlsx fails: their entry parts are not guarded here."""
    data = replace_parts(base_workbook(), {part: b"<x/>"})
    assert _code(_write(tmp_path, data)) == "file-corrupt"


def test_too_many_cells_is_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_BOOK_CELLS", 50)
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 80))
    path = _write(tmp_path, workbook_with_sheet(body))
    with pytest.raises(UnreadableFile) as info:
        read_workbook(path)
    assert info.value.code == "file-too-large" and SHEET_NAME in info.value.params["size"]


def test_too_much_xml_in_one_sheet_is_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_SHEET_XML_BYTES", 4096)
    body = plain_cells() + f'<row r="2"><c r="A2" t="inlineStr"><is><t>{"x" * 8000}</t></is></c></row>'
    assert _code(_write(tmp_path, workbook_with_sheet(body))) == "file-too-large"


def test_the_quick_scan_of_a_plain_sheet_is_exact() -> None:
    body = plain_cells() + '<row r="4"><c r="C4"><f>SUM(A1:A3)</f><v>0</v></c><c r="D4" t="e"><v>#N/A</v></c></row>'
    scan = scan_sheet(sheet_xml(body), BOUNDS)
    assert scan.plain and (scan.max_row, scan.max_col, scan.last_cell) == (4, 4, "C4")
    assert scan.formulas == {"C4"} and scan.errors == {"D4": "#N/A"}


# --- shared strings announcing more than they hold -------------------------------------------------


def test_shared_strings_count_is_bounded_by_the_part(tmp_path: Path) -> None:
    assert read_workbook(_write(tmp_path, with_shared_strings(1))).sheet(SHEET_NAME).get(1, 1) == "chuỗi"
    with pytest.raises(UnreadableFile) as info:
        read_workbook(_write(tmp_path, with_shared_strings(100_000_000_000)))
    assert info.value.code == "file-corrupt" and "100000000000" in info.value.params["detail"]


# --- class 3: calamine's panics ---------------------------------------------------------------------


def test_a_date_cell_holding_a_huge_negative_number_is_unreadable_not_a_panic(tmp_path: Path) -> None:
    """calamine panics (pyo3 PanicException, a BaseException) converting -1e300 to a date."""
    assert _code(_write(tmp_path, with_date_cell("-1e300"))) == "file-unreadable"
    assert read_workbook(_write(tmp_path, with_date_cell("45000"))).sheet(SHEET_NAME).get(1, 2) is not None


class _FakePanic(BaseException):
    """What pyo3 raises for a Rust panic: not an Exception."""


@pytest.mark.parametrize(("raised", "expected"), [(_FakePanic("boom"), "file-unreadable"),
                                                  (ValueError("bad xml"), "file-corrupt")])
def test_any_calamine_failure_is_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     raised: BaseException, expected: str) -> None:
    _fail_calamine(monkeypatch, raised)
    assert _code(_write(tmp_path, calamine_workbook())) == expected


@pytest.mark.parametrize("raised", [KeyboardInterrupt(), SystemExit(3)])
def test_interrupts_are_never_swallowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raised: BaseException) -> None:
    _fail_calamine(monkeypatch, raised)
    with pytest.raises(type(raised)):
        read_workbook(_write(tmp_path, calamine_workbook()))


def _fail_calamine(monkeypatch: pytest.MonkeyPatch, raised: BaseException) -> None:
    import python_calamine

    class Failing:
        @staticmethod
        def from_filelike(handle: Any) -> Any:
            raise raised

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Failing)


# --- the real thing, in a process that would die: no abort, bounded memory and time -----------------


_CHILD = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
    from qplan_xl.workbook.read.reader import UnreadableFile, read_workbook
    out = {}
    for path in sys.argv[1:]:
        try:
            book = read_workbook(path)
            out[path] = ["ok", max(s.height for s in book.sheets.values())]
        except UnreadableFile as exc:
            out[path] = [exc.code]
    print(json.dumps(out))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
def test_hostile_files_never_abort_the_process(tmp_path: Path) -> None:
    files = {name: workbook_with_sheet(plain_cells(p, q) + body, p, q)
             for name, (body, p, q, _) in FAR_SPELLINGS.items()}
    files |= {"shared-strings": with_shared_strings(10**11), "date-panic": with_date_cell("-1e300"),
              "shared-strings-overflow": with_shared_strings(10**19)}
    paths = [str(_write(tmp_path, data, f"{name}.xlsx")) for name, data in files.items()]
    env = dict(os.environ, PYTHONPATH=str(ROOT), RUST_BACKTRACE="0")
    done = subprocess.run([sys.executable, "-c", _CHILD, *paths], capture_output=True, text=True, timeout=120,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = {Path(k).stem: v for k, v in json.loads(done.stdout).items()}
    assert all(result[name] == ["ok", 1] or result[name][0] == "ok" for name in FAR_SPELLINGS)
    assert result["shared-strings"] == result["shared-strings-overflow"] == ["file-corrupt"]
    assert result["date-panic"] == ["file-unreadable"]


# --- class 7: special files -----------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_given_as_workbook_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.xlsx")
    with pytest.raises(UnreadableFile) as info:
        read_workbook(tmp_path / "pipe.xlsx")  # opening it for reading would wait for a writer
    assert info.value.code == "file-unreadable"


def test_a_device_given_as_workbook_is_unreadable() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(UnreadableFile) as info:
        read_workbook("/dev/zero")  # would otherwise be read forever
    assert info.value.code == "file-unreadable"


# --- class 9: lock files ------------------------------------------------------------------------


def test_lock_files_are_recognised(tmp_path: Path) -> None:
    (tmp_path / ".~lock.ke-hoach.xlsx#").write_text("Lan,MAY-1,lan,27.05.2025 10:12,file:///home/lan;")
    (tmp_path / "~$ke-hoach.xlsx").write_bytes(b"\x04Lan" + b"\0" * 160)
    real = _write(tmp_path, base_workbook(), "~$ten-la.xlsx")
    assert is_lock_file(tmp_path / ".~lock.ke-hoach.xlsx#") and is_lock_file(tmp_path / "~$ke-hoach.xlsx")
    assert not is_lock_file(real) and not is_lock_file(tmp_path / "ke-hoach.xlsx")
    assert is_lock_file(tmp_path / "~$gone.xlsx")  # vanished: not a workbook either


def test_package_guard_is_importable_for_other_readers() -> None:
    with zipfile.ZipFile(io.BytesIO(base_workbook())) as archive:
        guarded = package.guard_package(archive, BOUNDS, 10_000)
    assert set(guarded.scans) == {SHEET_NAME} and not guarded.rewritten


# --- class 4: numbers a cell can hold but no plan has ----------------------------------------------


@pytest.mark.parametrize("raw", ["1e308", "-1e308", "1.7976931348623157e308", "-0", "99999999999999999999"])
def test_extreme_costs_in_a_real_workbook_are_a_clear_issue(write_plan: Any, plan: Any, raw: str) -> None:
    from qplan_xl.validation.book import validate_workbook

    path = write_plan(plan)
    with zipfile.ZipFile(path) as z:
        names = {n for n in z.namelist() if n.startswith("xl/worksheets/")}
        tc1 = next(n for n in sorted(names) if b"<v>15000000</v>" in z.read(n))
        xml = z.read(tc1)
    path.write_bytes(replace_parts(path.read_bytes(), {tc1: xml.replace(b"<v>15000000</v>", f"<v>{raw}</v>".encode(), 1)}))
    report = validate_workbook(path).report
    codes = {i.code for i in report.issues}
    assert "internal-error" not in codes
    assert ("money-invalid" in codes) == (raw != "-0")


# --- class 5: characters XML cannot hold ---------------------------------------------------------


def test_control_characters_are_dropped_and_reported_with_their_cell(tmp_path: Path) -> None:
    from hostile import with_shared_texts

    book = read_workbook(_write(tmp_path, with_shared_texts(["Trường\x01 A", "bình thường", "B\ufffe\x1fC"])))
    sheet = book.sheet(SHEET_NAME)
    assert sheet is not None and [sheet.get(r, 1) for r in (1, 2, 3)] == ["Trường A", "bình thường", "BC"]
    assert book.invalid_text(SHEET_NAME) == {"A1": "U+0001", "A3": "U+FFFE U+001F"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(texts=["a\x0ba", "\x1f", "B\ufffe\x1fC", "x\r\ny"])
@given(texts=st.lists(SCHOOL_TEXT.filter(lambda t: not any("\ud800" <= ch <= "\udfff" for ch in t)),
                      min_size=1, max_size=5))
def test_school_text_read_back_is_always_writable(tmp_path: Path, texts: list[str]) -> None:
    """What the reader gives is what every writer can store: validate and outputs agree."""
    import openpyxl
    from hostile import decoded, with_shared_texts

    from qplan_xl.output import illegal_characters, set_cell, strip_illegal

    book = read_workbook(_write(tmp_path, with_shared_texts(texts)))
    sheet = book.sheet(SHEET_NAME)
    assert sheet is not None
    wb = openpyxl.Workbook()
    for row, text in enumerate(texts, start=1):
        value, trimmed = sheet.get(row, 1), reader.normalize_text(decoded(text)) or ""
        assert value == reader.normalize_text(strip_illegal(trimmed))
        assert (f"A{row}" in book.invalid_text(SHEET_NAME)) == bool(illegal_characters(trimmed))
        set_cell(wb.active.cell(row, 1), value)
    wb.save(tmp_path / "out.xlsx")


# --- the bounded copy loses nothing inside the bounds -----------------------------------------------


_VALUES = st.one_of(st.integers(-10**6, 10**6).map(lambda n: ("n", str(n))),
                    st.text(st.sampled_from(list("aăđế &<>'\"=\n\t")), min_size=1, max_size=12).map(lambda t: ("s", t)),
                    st.sampled_from([("e", "#REF!"), ("b", "1"), ("f", "1+1")]))


def _cell_xml(ref: str | None, kind: str, text: str) -> str:
    from xml.sax.saxutils import escape

    address = f' r="{ref}"' if ref else ""
    if kind == "s":
        return f'<c{address} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    if kind == "f":
        return f"<c{address}><f>{text}</f><v>2</v></c>"
    return f'<c{address}{"" if kind == "n" else f" t={chr(34)}{kind}{chr(34)}"}><v>{escape(text)}</v></c>'


@settings(max_examples=50, deadline=None)
@given(cells=st.dictionaries(st.tuples(st.integers(1, 40), st.integers(1, 12)), _VALUES, min_size=1, max_size=40),
       shuffle=st.randoms(use_true_random=False))
def test_the_bounded_copy_reads_like_the_original(cells: dict[tuple[int, int], tuple[str, str]], shuffle: Any) -> None:
    """Rows in any order, every kind of value: calamine reads the rewrite exactly as the original."""
    from python_calamine import CalamineWorkbook

    by_row: dict[int, list[str]] = {}
    for (row, col), (kind, text) in sorted(cells.items()):
        by_row.setdefault(row, []).append(_cell_xml(f"{reader.address(1, col)[:-1]}{row}", kind, text))
    rows = [f'<row r="{r}">{"".join(c)}</row>' for r, c in by_row.items()]
    shuffle.shuffle(rows)
    original = sheet_xml("".join(rows))
    quick = scan_sheet(original, BOUNDS)
    scan, copy = rewrite_sheet(original, BOUNDS)
    assert quick.plain and (quick.max_row, quick.max_col, quick.formulas, quick.errors) == (
        scan.max_row, scan.max_col, scan.formulas, scan.errors)

    def values(part: bytes) -> list[list[Any]]:
        data = replace_parts(base_workbook(), {SHEET1: part})
        return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(skip_empty_area=False)

    assert values(copy) == values(original)


def test_many_sheets_each_with_one_far_cell_are_refused_not_built(tmp_path: Path) -> None:
    """A small file of many sheets, each with one value in BH5000: read, they would take gigabytes."""
    import openpyxl

    wb = openpyxl.Workbook()
    for index in range(20):
        ws = wb.active if index == 0 else wb.create_sheet(f"S{index}")
        ws["BH5000"] = 1
    wb.save(tmp_path / "nhieu-sheet.xlsx")
    with pytest.raises(UnreadableFile) as caught:
        read_workbook(tmp_path / "nhieu-sheet.xlsx", max_rows=5000)
    assert caught.value.code == "file-too-large"
    assert "«Sheet», tới ô BH5000" in str(caught.value)  # where to look: the sheet and its farthest cell
