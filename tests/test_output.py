"""Tests for atomic output writes and formula-safe cell values."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from qplan_xl import messages, output
from qplan_xl.output import OutputError, OutputLocked, atomic_write, set_cell, text_cell


def _write(text: str):
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write


def test_atomic_write_creates_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.xlsx"
    atomic_write(target, _write("new"))
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in target.parent.iterdir()] == ["out.xlsx"]


def test_atomic_write_temp_is_in_destination_folder(tmp_path: Path) -> None:
    seen: list[Path] = []
    atomic_write(tmp_path / "out.docx", lambda tmp: (seen.append(tmp), tmp.write_text("x")))
    assert seen[0].parent == tmp_path
    assert not seen[0].exists()


def test_a_killed_writes_leftover_is_recognisable(tmp_path: Path) -> None:
    """A temp file has a fixed prefix (and the suffix writers may need): it is never taken for a school's."""
    seen: list[Path] = []
    atomic_write(tmp_path / "Trường Kim Đồng.xlsx", lambda tmp: (seen.append(tmp), tmp.write_text("x")))
    assert seen[0].name.startswith(output.TEMP_PREFIX) and seen[0].suffix == ".xlsx"
    assert output.is_temp_file(seen[0]) and not output.is_temp_file(tmp_path / "Trường Kim Đồng.xlsx")


def test_failing_writer_keeps_old_file_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_text("old")

    def broken(tmp: Path) -> None:
        tmp.write_text("half")
        raise ValueError("boom")

    with pytest.raises(ValueError):
        atomic_write(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_os_error_in_writer_becomes_output_error(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"

    def full_disk(tmp: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError) as info:
        atomic_write(target, full_disk)
    assert not isinstance(info.value, OutputLocked)
    assert info.value.path == target
    assert info.value.detail == messages.OUTPUT_ERRORS["ENOSPC"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lock_name", ["~$out.xlsx", ".~lock.out.xlsx#"])
def test_lock_file_next_to_destination_means_locked(tmp_path: Path, lock_name: str) -> None:
    target = tmp_path / "out.xlsx"
    target.write_text("old")
    (tmp_path / lock_name).write_text("")
    with pytest.raises(OutputLocked) as info:
        atomic_write(target, _write("new"))
    assert target.read_text() == "old"
    assert "out.xlsx" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.xlsx", lock_name])


def test_word_shortened_lock_name_is_detected(tmp_path: Path) -> None:
    (tmp_path / "~$-hoach-2025.docx").write_text("")
    (tmp_path / "ke-hoach-2025.docx").write_text("open in Word")
    assert output.lock_file(tmp_path / "ke-hoach-2025.docx") is not None
    assert output.lock_file(tmp_path / "other.docx") is None


@pytest.mark.parametrize(("lock_name", "name"), [("~$out.docx", "out.docx"), (".~lock.out.docx#", "out.docx"),
                                                  ("~$-hoach-2025.docx", "ke-hoach-2025.docx")])
def test_stale_lock_file_does_not_block_a_new_output(tmp_path: Path, lock_name: str, name: str) -> None:
    (tmp_path / lock_name).write_text("left by a crash")
    target = tmp_path / name
    assert output.lock_file(target) is None
    atomic_write(target, _write("new"))
    assert target.read_text(encoding="utf-8") == "new"


def test_locked_message_names_every_office_program(tmp_path: Path) -> None:
    text = str(OutputLocked(tmp_path / "ke-hoach.docx"))
    assert all(program in text for program in ("Excel", "Word", "LibreOffice"))


def test_permission_error_on_replace_means_locked(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.xlsx"
    target.write_text("old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "in use")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputLocked):
        atomic_write(target, _write("new"))
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_directory_as_destination_is_output_error(tmp_path: Path) -> None:
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "dir.xlsx", _write("x"))
    assert not isinstance(info.value, OutputLocked)
    assert [p.name for p in tmp_path.iterdir()] == ["dir.xlsx"]


def test_directory_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "dir.xlsx").mkdir()
    called: list[Path] = []
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "dir.xlsx", called.append)
    assert called == [] and info.value.detail == messages.OUTPUT_ERRORS["EISDIR"]


def test_a_vietnamese_name_over_255_bytes_is_an_output_error(tmp_path: Path) -> None:
    name = "Kế hoạch cải tiến chất lượng trường Tiểu học Nguyễn Văn Trỗi " * 3 + ".xlsx"
    assert len(name) < 255 < len(name.encode("utf-8"))
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / name, _write("x"))
    assert "255" in info.value.detail and str(len(name.encode("utf-8"))) in info.value.detail
    assert list(tmp_path.iterdir()) == []


def test_a_path_through_a_file_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "ke-hoach.xlsx").write_text("a school's file")
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "ke-hoach.xlsx" / "sub" / "out.xlsx", _write("x"))
    assert "ke-hoach.xlsx" in info.value.detail
    assert (tmp_path / "ke-hoach.xlsx").read_text() == "a school's file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_never_replaced(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.xlsx")
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "pipe.xlsx", _write("x"))
    assert info.value.detail == messages.CLI["output_not_regular"]
    assert (tmp_path / "pipe.xlsx").is_fifo()


_PATH_PART = st.text(st.characters(codec="utf-8", exclude_characters="/")
                     | st.sampled_from(["ễ", ".", "\x00", "\udc80", "\ud800"]),
                     min_size=1, max_size=120).filter(lambda part: part not in (".", ".."))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_PATH_PART, min_size=1, max_size=3), repeat=st.integers(1, 4))
def test_any_path_shape_is_written_or_an_output_error(tmp_path: Path, parts: list[str], repeat: int) -> None:
    target = tmp_path.joinpath("out", *[p * repeat for p in parts])
    assert tmp_path in target.parents
    try:
        atomic_write(target, _write("x"))
    except OutputError as exc:
        assert str(exc)
    leftovers = [p for p in tmp_path.rglob("*") if output.is_temp_file(p)] if (tmp_path / "out").exists() else []
    assert leftovers == []


def test_result_has_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    atomic_write(target, _write("x"))
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_os_error_detail_is_vietnamese_for_known_errors() -> None:
    assert output.os_error_detail(OSError(errno.ENOSPC, "x")) == messages.OUTPUT_ERRORS["ENOSPC"]
    assert output.os_error_detail(OSError(errno.EIO, "I/O error")) == messages.OS_ERRORS["EIO"]
    assert output.os_error_detail(OSError(errno.EACCES, "Permission denied"), reading=True) == messages.OS_ERRORS["EACCES"]
    assert output.os_error_detail(OSError(errno.ENOTSUP, "Operation not supported")) == f"lỗi hệ thống (mã {errno.ENOTSUP})"
    assert output.os_error_detail(OSError("no errno")) == messages.OS_ERROR_UNKNOWN


# --- formula-safe values ---------------------------------------------------------------


FORMULA_LIKE = ["=SUM(A1:A3)", "+84 912", "-giảm 10%", "@mention", "=HYPERLINK(\"http://x\")"]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_set_cell_stores_formula_like_text_as_text(tmp_path: Path, text: str) -> None:
    wb = Workbook()
    set_cell(wb.active["A1"], text)
    wb.save(tmp_path / "x.xlsx")
    cell = load_workbook(tmp_path / "x.xlsx").active["A1"]
    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix


def test_set_cell_keeps_plain_values(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for col, value in enumerate(["Tổ văn phòng", 15000000, None, 2.5], start=1):
        set_cell(ws.cell(1, col), value)
    assert [c.data_type for c in ws[1]] == ["s", "n", "n", "n"]
    assert not ws["A1"].quotePrefix


def test_set_cell_turns_word_breaks_into_newlines_and_drops_control_chars() -> None:
    ws = Workbook().active
    set_cell(ws["A1"], "dòng 1\x0bdòng 2\x07\r\ndòng 3\rdòng 4")
    assert ws["A1"].value == "dòng 1\ndòng 2\ndòng 3\ndòng 4"


XML_ILLEGAL = ["\x00", "\x01", "\x1f", "\ufffe", "\uffff", "\ud800", "\udfff", "\udc80", "\ufdd0",
               "\U0001fffe", "\U0010ffff"]


@pytest.mark.parametrize("char", XML_ILLEGAL)
def test_clean_text_drops_what_xml_cannot_hold(char: str) -> None:
    assert output.clean_text(f"Trường{char}A") == "TrườngA"
    assert output.illegal_characters(f"a{char}b{char}") == f"U+{ord(char):04X}"


def test_clean_text_counts_excel_length_in_utf16_units() -> None:
    emoji = "\U0001f600" * 20000  # 40,000 UTF-16 units
    cleaned = output.clean_text(emoji)
    assert len(cleaned.encode("utf-16-le")) // 2 <= output.MAX_CELL_TEXT and cleaned == emoji[: len(cleaned)]


def test_set_cell_writes_infinite_floats_as_text() -> None:
    ws = Workbook().active
    set_cell(ws["A1"], float("inf"))
    set_cell(ws["A2"], float("nan"))
    assert (ws["A1"].value, ws["A2"].value) == ("inf", "nan")


_ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=60) | st.text(
    st.sampled_from(["\x00", "\x0b", "\r", "\n", "\t", "\ud800", "\udc80", "\ufffe", "\uffff", "a", "ệ", "=", "&", "<"]),
    max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_ANY_TEXT, min_size=1, max_size=8))
def test_openpyxl_and_calamine_accept_whatever_set_cell_writes(tmp_path: Path, texts: list[str]) -> None:
    from python_calamine import CalamineWorkbook

    wb = Workbook()
    for row, text in enumerate(texts, start=1):
        set_cell(wb.active.cell(row, 1), text)
    wb.save(tmp_path / "x.xlsx")
    back = [c.value for c in load_workbook(tmp_path / "x.xlsx").active["A"]][: len(texts)]
    expected = [output.clean_text(t) or None for t in texts]
    assert back + [None] * (len(texts) - len(back)) == expected
    rows = CalamineWorkbook.from_path(str(tmp_path / "x.xlsx")).get_sheet_by_index(0).to_python(skip_empty_area=False)
    assert [r[0] if r else "" for r in rows] + [""] * (len(texts) - len(rows)) == [e or "" for e in expected]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ANY_TEXT)
def test_python_docx_accepts_clean_text(tmp_path: Path, text: str) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(output.clean_text(text))
    document.save(str(tmp_path / "x.docx"))


def test_text_cell_in_write_only_mode(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    bold = openpyxl.styles.Font(bold=True)
    ws.append([text_cell(ws, "=1+1", font=bold), text_cell(ws, 5), text_cell(ws, "ok")])
    wb.save(tmp_path / "w.xlsx")
    row = next(load_workbook(tmp_path / "w.xlsx")["x"].iter_rows())
    assert [(c.value, c.data_type) for c in row] == [("=1+1", "s"), (5, "n"), ("ok", "s")]
    assert row[0].font.bold


def test_calamine_reads_formula_like_text_back(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    wb = Workbook()
    set_cell(wb.active["B2"], "=A1*2")
    wb.save(tmp_path / "x.xlsx")
    rows = CalamineWorkbook.from_path(str(tmp_path / "x.xlsx")).get_sheet_by_index(0).to_python(
        skip_empty_area=False
    )
    assert rows[1][1] == "=A1*2"


def test_safe_text_for_value_only_sinks() -> None:
    assert output.safe_text("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert output.safe_text("Tổ văn phòng") == "Tổ văn phòng"
    assert output.safe_text(12) == 12
    assert output.is_formula_like("-5") and not output.is_formula_like("5-")
