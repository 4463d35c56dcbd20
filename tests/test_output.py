"""Tests for atomic output writes and formula-safe cell values."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import openpyxl
import pytest
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
    assert seen[0].suffix == ".docx"
    assert not seen[0].exists()


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


def test_result_has_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    atomic_write(target, _write("x"))
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_os_error_detail_is_vietnamese_for_known_errors() -> None:
    assert output.os_error_detail(OSError(errno.ENOSPC, "x")) == messages.OUTPUT_ERRORS["ENOSPC"]
    assert output.os_error_detail(OSError(errno.EIO, "I/O error")) == "I/O error"


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
    set_cell(ws["A1"], "dòng 1\x0bdòng 2\x07")
    assert ws["A1"].value == "dòng 1\ndòng 2"


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
