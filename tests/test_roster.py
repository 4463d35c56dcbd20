"""Tests for the roster reader, roster file names and the `qplan new` command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.rules.catalog import parse_school_level as parse_level
from qplan_xl.workbook.roster import (
    RosterEntry,
    code_key,
    read_roster,
    read_roster_for_issuing,
    roster_file_name,
)

HEADER = ["Mã trường", "Tên trường", "Cấp học", "Cơ quan chủ quản"]


def _xlsx(path: Path, rows: list[list[object]], title_rows: int = 0) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["DANH SÁCH TRƯỜNG"])
    for row in rows:
        ws.append(row)
    for cell in ws["A"]:
        cell.number_format = "@"
    wb.save(path)
    return path


def test_xlsx_roster_with_problems(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "ds.xlsx", [
        HEADER,
        ["01234", "Trường Tiểu học Thanh Hưng", "Tiểu học", "UBND xã Thanh Hưng"],
        ["1234", "Trường trùng mã", "Tiểu học", ""],
        [None, "Trường không mã", "THCS", ""],
        ["0567", "Trường cấp lạ", "Đại học", ""],
        [None, None, None, None],
        [890, "Trường THCS Số", "thcs", ""],
        ["00900", "Trường Mầm non Hoa Sen", "mam-non", ""],
    ], title_rows=1)
    entries, problems = read_roster(path)
    assert [(e.code, e.level, e.row) for e in entries] == [
        ("01234", "tieu-hoc", 3), ("890", "thcs", 8), ("00900", "mam-non", 9)]
    assert entries[0].authority == "UBND xã Thanh Hưng"
    assert problems == [
        m.cli_message("roster_row_skipped", row=4, reason=m.cli_message("roster_duplicate", code="1234", other=3)),
        m.cli_message("roster_row_skipped", row=5, reason=m.CLI["roster_no_code"]),
        m.cli_message("roster_row_skipped", row=6, reason=m.cli_message("roster_bad_level", value="Đại học")),
    ]


@pytest.mark.parametrize(("first", "second"), [("01234", "01234"), ("040123", "40123"), ("0", "000"),
                                               ("TH 01", "th01"), ("０４０１２３", "40123")])
def test_codes_that_name_one_school_refuse_the_roster_to_issue(tmp_path: Path, first: str, second: str) -> None:
    """Leading zeros, spaces, case: issuing and merging must agree on what one school is."""
    path = _xlsx(tmp_path / "ds.xlsx", [HEADER, [first, "Trường A", "Tiểu học", ""], ["0999", "Trường B", "THCS", ""],
                                        [second, "Trường C", "THCS", ""]])
    entries, problems = read_roster_for_issuing(path)
    assert entries == [] and problems == [m.cli_message("roster_code_collision", path=path, row=4, code=second,
                                                        other=2, other_code=first)]
    entries, problems = read_roster(path)  # what the merge reads: the second row is skipped, and said so
    assert [e.row for e in entries] == [2, 3]
    assert problems == [m.cli_message("roster_row_skipped", row=4,
                                      reason=m.cli_message("roster_duplicate", code=second, other=2))]


def test_code_key_is_the_one_matching_key() -> None:
    assert code_key("040123") == code_key("40123") == code_key(40123) == "40123"
    assert code_key("0") == code_key("000") == code_key(" 0 0 ") == "0"
    assert code_key("th-01") == "TH-01" != code_key("TH-1") and code_key(None) == ""
    assert code_key("０１") == "1"


def test_new_from_a_roster_with_colliding_codes_writes_nothing(tmp_path: Path) -> None:
    roster = tmp_path / "ds.csv"
    roster.write_text("Mã trường,Tên trường,Cấp học\n040123,Trường A,THCS\n40123,Trường B,THCS\n", encoding="utf-8")
    out = tmp_path / "so"
    result = CliRunner().invoke(cli, ["new", "--roster", str(roster), "--year", "2024-2025", "--out-dir", str(out)])
    assert result.exit_code == 2 and "dòng 3" in result.stderr and "dòng 2" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []


def _roster_with_far_cell(tmp_path: Path, cell: str) -> Path:
    from hostile import replace_parts

    path = _xlsx(tmp_path / "ds.xlsx", [HEADER, ["01", "Trường A", "THCS", ""]])
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    far = f'<row r="{cell[3:] if cell.startswith("XFD") else cell[1:]}"><c r="{cell}"><v>1</v></c></row>'
    path.write_bytes(replace_parts(path.read_bytes(), {"xl/worksheets/sheet1.xml": xml.replace(
        b"</sheetData>", far.encode() + b"</sheetData>")}))
    return path


@pytest.mark.parametrize("cell", ["XFD1048576", "A20001", "BZ2"])
def test_a_roster_with_a_far_cell_is_refused_naming_the_cell(tmp_path: Path, cell: str) -> None:
    path = _roster_with_far_cell(tmp_path, cell)
    entries, problems = read_roster(path)
    assert entries == [] and problems == [m.cli_message("roster_far_cell", path=path, sheet="Sheet", cell=cell,
                                                        rows=20000, cols=60)]


def test_new_from_a_roster_with_a_far_cell_exits_2_naming_the_cell(tmp_path: Path) -> None:
    path = _roster_with_far_cell(tmp_path, "XFD1048576")
    result = CliRunner().invoke(cli, ["new", "--roster", str(path), "--year", "2024-2025", "--out-dir",
                                      str(tmp_path / "so")])
    assert result.exit_code == 2 and "XFD1048576" in result.stderr and "Traceback" not in result.output


def test_a_roster_whose_date_cell_panics_calamine_is_unreadable(tmp_path: Path) -> None:
    from hostile import with_date_cell

    path = tmp_path / "ds.xlsx"
    path.write_bytes(with_date_cell("-1e300"))
    entries, problems = read_roster(path)
    assert entries == [] and len(problems) == 1 and str(path) in problems[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("name", ["ds.csv", "ds.xlsx"])
def test_a_fifo_roster_does_not_block(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    entries, problems = read_roster(tmp_path / name)
    assert entries == [] and problems == [m.cli_message("roster_unreadable", path=tmp_path / name,
                                                        detail=m.issue_message("file-unreadable", path=name,
                                                                               detail=m.CLI["read_not_regular"]))]


def test_csv_with_bom_and_leading_zeros(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    text = "Mã trường,Tên trường,Cấp học\n00817,Trường Mầm non Hoa Sen,Mầm non\n02145,\"Trường TH, xã A\",Tiểu học\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    entries, problems = read_roster(path)
    assert problems == []
    assert [(e.code, e.name, e.level) for e in entries] == [
        ("00817", "Trường Mầm non Hoa Sen", "mam-non"), ("02145", "Trường TH, xã A", "tieu-hoc")]


def _cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese Windows software writes it: tone marks as combining bytes."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", parts[:-1]).encode("cp1258") + parts[-1].encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258", "utf-8"])
def test_csv_encodings_and_semicolons(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "ds.csv"
    text = "MÃ TRƯỜNG;tên trường;Cấp học\r\n03016;Trường THCS Nguyễn Du;THCS\r\n"
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    entries, problems = read_roster(path)
    assert problems == []
    assert [(e.code, e.name, e.level) for e in entries] == [("03016", "Trường THCS Nguyễn Du", "thcs")]


def test_nfd_headers_and_values_are_matched(tmp_path: Path) -> None:
    import unicodedata

    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    path = _xlsx(tmp_path / "ds.xlsx", [[nfd(h) for h in HEADER], ["1", nfd("Trường Tiểu học Kim Đồng"),
                                                                    nfd("Tiểu học"), ""]])
    entries, _ = read_roster(path)
    assert entries == [RosterEntry("1", "Trường Tiểu học Kim Đồng", "tieu-hoc", "", 2)]


def test_missing_level_column_needs_a_default(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "ds.xlsx", [["Mã trường", "Tên trường"], ["01", "Trường A"]])
    entries, problems = read_roster(path)
    assert entries == [] and problems == [
        m.cli_message("roster_missing_column", path=path, column="Cấp học")]
    entries, problems = read_roster(path, default_level="thpt")
    assert [(e.code, e.level) for e in entries] == [("01", "thpt")] and problems == []


@pytest.mark.parametrize(("name", "content"), [
    ("ds.xlsx", b"not a zip"), ("ds.xls", b"\xd0\xcf\x11\xe0"), ("ds.csv", b"a,b\n1,2\n"),
    ("missing.csv", None),
])
def test_unusable_rosters_give_one_problem(tmp_path: Path, name: str, content: bytes | None) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    entries, problems = read_roster(path)
    assert entries == [] and len(problems) == 1 and str(path) in problems[0]


@pytest.mark.parametrize(("text", "level"), [
    ("Tiểu học", "tieu-hoc"), ("tieu-hoc", "tieu-hoc"), ("THCS", "thcs"), ("Trường THPT", "thpt"),
    ("Phổ thông nhiều cấp học", "pho-thong"), ("TH&THCS", "pho-thong"), ("Mầm non", "mam-non"), ("x", None),
])
def test_parse_level(text: str, level: str | None) -> None:
    assert parse_level(text) == level


def test_file_names_are_ascii_and_unique() -> None:
    taken: set[str] = set()
    a = RosterEntry("01234", "Trường Tiểu học Thành Hưng", "tieu-hoc")
    b = RosterEntry("01234", "Trường Tiểu học Thành Hưng", "tieu-hoc")
    assert roster_file_name(a, taken) == "01234-truong-tieu-hoc-thanh-hung.xlsx"
    assert roster_file_name(b, taken) == "01234-truong-tieu-hoc-thanh-hung-2.xlsx"
    odd = roster_file_name(RosterEntry("A/01", "Đoàn Thị Điểm: TH & THCS?", "pho-thong"))
    assert odd == "a-01-doan-thi-diem-th-thcs.xlsx" and odd.isascii()
    assert roster_file_name(RosterEntry("", "", "thcs")).endswith(".xlsx")


# --- qplan new -----------------------------------------------------------------------------


def _meta(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["_meta"]
    return {r[0].value: r[1].value for r in ws.iter_rows()}


def test_new_writes_one_workbook(tmp_path: Path) -> None:
    out = tmp_path / "ke-hoach.xlsx"
    result = CliRunner().invoke(cli, ["new", "--level", "tieu-hoc", "--year", "2024-2025", "--school",
                                      "Trường Tiểu học Kim Đồng", "--code", "02151", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == m.cli_message("wrote", path=out)
    assert result.stderr == ""
    meta = _meta(out)
    assert (meta["framework"], meta["school_code"], meta["school_year"]) == ("TT17-2018", "02151", "2024-2025")


def test_new_warns_about_provisional_framework(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    result = CliRunner().invoke(cli, ["new", "--level", "thcs", "--year", "2026-2027", "-o", str(out)])
    assert result.exit_code == 0
    assert _meta(out)["framework"] == "TT57-2026-PL-II"
    assert result.stderr.startswith(m.cli_message("provisional", message="")[:8])


def test_new_framework_override(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    args = ["new", "--level", "mam-non", "--year", "2026-2027", "--framework", "TT19-2018", "-o", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert _meta(out)["framework"] == "TT19-2018"


@pytest.mark.parametrize("args", [
    ["--level", "tieu-hoc", "--year", "2024"],
    ["--level", "dai-hoc", "--year", "2024-2025"],
    ["--level", "thcs", "--year", "2024-2025", "--framework", "TT17-2018"],
    ["--level", "thcs", "--year", "2024-2025", "--framework", "TT99"],
    ["--year", "2024-2025"],
    ["--level", "thcs"],
])
def test_new_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "x.xlsx"
    result = CliRunner().invoke(cli, ["new", *args, "-o", str(out)])
    assert result.exit_code == 2 and result.stderr and not out.exists()


@pytest.mark.parametrize("args", [
    ["--level", "thcs", "--year", "2024-2025"],  # no -o
    ["--level", "thcs", "--year", "2024-2025", "-o", "plan.docx"],
    ["--year", "2024-2025", "--roster", "ds.csv"],  # no --out-dir
    ["--year", "2024-2025", "--roster", "ds.csv", "--out-dir", "d", "-o", "x.xlsx"],
])
def test_new_output_usage_errors_exit_2(tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ds.csv").write_text("Mã trường,Tên trường,Cấp học\n01,A,THCS\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", *args])
    assert result.exit_code == 2 and result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds.csv"]


def test_new_from_roster(tmp_path: Path) -> None:
    roster = tmp_path / "ds.csv"
    roster.write_text("Mã trường,Tên trường,Cấp học,Cơ quan chủ quản\n"
                      "00817,Trường Mầm non Hoa Sen,Mầm non,PHÒNG GD&ĐT\n"
                      ",Không mã,Mầm non,\n"
                      "03016,Trường THCS Nguyễn Du,THCS,PHÒNG GD&ĐT\n", encoding="utf-8-sig")
    out = tmp_path / "so"
    result = CliRunner().invoke(cli, ["new", "--roster", str(roster), "--year", "2025-2026", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "00817-truong-mam-non-hoa-sen.xlsx", "03016-truong-thcs-nguyen-du.xlsx"]
    meta = _meta(out / "00817-truong-mam-non-hoa-sen.xlsx")
    assert (meta["framework"], meta["school_code"], meta["school_level"]) == ("TT19-2018", "00817", "mam-non")
    info = openpyxl.load_workbook(out / "03016-truong-thcs-nguyen-du.xlsx")["Thông tin"]
    assert (info["B3"].value, info["B4"].value, info["B6"].value) == (
        "PHÒNG GD&ĐT", "Trường THCS Nguyễn Du", "THCS")
    assert m.CLI["roster_no_code"] in result.stderr  # the skipped row is reported
    assert m.cli_message("wrote_many", count=2, path=out) in result.stdout


def test_new_roster_with_forced_framework_skips_other_levels(tmp_path: Path) -> None:
    roster = tmp_path / "ds.csv"
    roster.write_text("Mã trường,Tên trường,Cấp học\n01,A,Mầm non\n02,B,Tiểu học\n", encoding="utf-8")
    out = tmp_path / "so"
    args = ["new", "--roster", str(roster), "--year", "2025-2026", "--out-dir", str(out), "--framework", "TT17-2018"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert [p.name for p in out.iterdir()] == ["02-b.xlsx"]
    assert "TT17-2018" in result.stderr


def test_new_roster_without_usable_rows_exits_2(tmp_path: Path) -> None:
    roster = tmp_path / "ds.csv"
    roster.write_text("Tên,Địa chỉ\nA,B\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "--roster", str(roster), "--year", "2025-2026",
                                      "--out-dir", str(tmp_path / "so")])
    assert result.exit_code == 2 and str(roster) in result.stderr


def test_new_reports_locked_output(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    out.write_bytes(b"old")
    (tmp_path / "~$x.xlsx").write_bytes(b"")
    result = CliRunner().invoke(cli, ["new", "--level", "thpt", "--year", "2025-2026", "-o", str(out), "--force"])
    assert result.exit_code == 1
    assert result.stderr.strip() == m.cli_message("output_locked", path=out)
    assert out.read_bytes() == b"old"


def test_sample_roster_is_readable() -> None:
    sample = Path(__file__).resolve().parents[1] / "samples" / "danh-sach-truong.csv"
    entries, problems = read_roster(sample)
    assert problems == [] and len(entries) >= 5
    assert all(e.code.startswith("0") for e in entries)
    assert json.dumps([roster_file_name(e) for e in entries]).isascii()


def test_new_never_overwrites_an_existing_workbook_without_force(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from qplan_xl.cli import cli

    target = tmp_path / "so.xlsx"
    target.write_bytes(b"school's filled workbook")
    args = ["new", "--level", "thcs", "--year", "2024-2025", "-o", str(target)]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2 and target.read_bytes() == b"school's filled workbook"
    forced = CliRunner().invoke(cli, [*args, "--force"])
    assert forced.exit_code == 0 and target.read_bytes().startswith(b"PK")


def test_roster_skips_existing_files_unless_forced(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from qplan_xl.cli import cli

    roster = tmp_path / "ds.csv"
    roster.write_text("Mã trường,Tên trường,Cấp học\n01234,Trường THCS A,THCS\n", encoding="utf-8")
    args = ["new", "--roster", str(roster), "--year", "2024-2025", "--out-dir", str(tmp_path / "out")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    written = next((tmp_path / "out").glob("*.xlsx"))
    written.write_bytes(b"filled")
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and written.read_bytes() == b"filled"
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
    assert written.read_bytes().startswith(b"PK")


def test_new_drops_characters_a_workbook_cannot_hold(tmp_path: Path) -> None:
    out = tmp_path / "n.xlsx"
    result = CliRunner().invoke(cli, ["new", "--level", "tieu-hoc", "--year", "2023-2024", "--school", "a\x01b",
                                      "--code", "02\x0251", "--authority", "UBND\x1f xã", "-o", str(out)])
    assert result.exit_code == 0, result.output
    info = openpyxl.load_workbook(out)["Thông tin"]
    assert (info["B3"].value, info["B4"].value, info["B5"].value) == ("UBND xã", "ab", "0251")
    assert _meta(out)["school_code"] == "0251"


def test_roster_row_with_control_characters_still_gets_its_workbook(tmp_path: Path) -> None:
    roster = tmp_path / "ds.csv"
    roster.write_text("Mã trường,Tên trường,Cấp học\n01,Trường A,THCS\n02,Trường\x01 B,THCS\n03,Trường C,THCS\n",
                      encoding="utf-8")
    out = tmp_path / "so"
    result = CliRunner().invoke(cli, ["new", "--roster", str(roster), "--year", "2024-2025", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["01-truong-a.xlsx", "02-truong-b.xlsx", "03-truong-c.xlsx"]
    assert openpyxl.load_workbook(out / "02-truong-b.xlsx")["Thông tin"]["B4"].value == "Trường B"


def test_one_roster_workbook_failing_does_not_stop_the_others(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from qplan_xl.workbook.template import build as template

    roster = tmp_path / "ds.csv"
    roster.write_text("Mã trường,Tên trường,Cấp học\n01,A,THCS\n02,B,THCS\n03,C,THCS\n", encoding="utf-8")
    out = tmp_path / "so"
    out.mkdir()
    (out / "01-a.xlsx").write_bytes(b"open in Excel")
    (out / "~$01-a.xlsx").write_bytes(b"lock")
    real = template.write_template

    def flaky(path: Path, *args: object, **kwargs: object) -> None:
        if Path(path).name == "02-b.xlsx":
            raise RuntimeError("disk on fire")
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(template, "write_template", flaky)
    args = ["new", "--roster", str(roster), "--year", "2024-2025", "--out-dir", str(out), "--force"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (out / "03-c.xlsx").read_bytes().startswith(b"PK")
    assert (out / "01-a.xlsx").read_bytes() == b"open in Excel" and not (out / "02-b.xlsx").exists()
    locked = m.cli_message("output_locked", path=out / "01-a.xlsx")
    assert m.NEW_CLI["roster_write_failed"].format(row=2, detail=locked) in result.stderr
    assert "dòng 3" in result.stderr and "disk on fire" not in result.stderr  # the exception's English stays out
    assert m.cli_message("wrote_many", count=1, path=out) in result.stdout
