"""Explorer launchers (Send to, desktop drop target): the command lines they run, on real files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qplan_xl import messages as m
from qplan_xl.excel import launchers, scripts

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "samples" / "tieu-hoc-thanh-hung-2023-2024.xlsx"
BROKEN = ROOT / "samples" / "loi-mau-tieu-hoc-2023-2024.xlsx"
SENDTO = r"C:\Users\Nguyễn Lan\AppData\Roaming\Microsoft\Windows\SendTo"
CHECK = m.LAUNCH_JOBS["check"] + ".cmd"


def explorer_line(launcher: str, *args: str) -> str:
    """What cmd.exe's %cmdcmdline% holds when Explorer starts a .cmd with files: only paths
    with a space are quoted."""
    shown = [f'"{a}"' if " " in a else a for a in args]
    return f'C:\\WINDOWS\\system32\\cmd.exe /c ""{SENDTO}\\{launcher}" {" ".join(shown)}"'


# --- reading the files from cmd's command line --------------------------------------------------


def test_paths_with_spaces_ampersand_and_vietnamese_survive() -> None:
    files = [r"D:\Kế hoạch & Báo cáo\Trường A.xlsx", r"D:\KeHoach\A&B.xlsx", r"D:\x^y%TEMP%!z!.xlsx"]
    assert launchers.files_from_cmdline(explorer_line(CHECK, *files), CHECK) == files


def test_a_renamed_launcher_still_reads_the_whole_line() -> None:
    line = explorer_line("Kiem tra so.cmd", r"D:\KeHoach\A&B.xlsx")
    assert launchers.files_from_cmdline(line, CHECK) == [r"D:\KeHoach\A&B.xlsx"]


def test_a_console_call_falls_back_to_argv() -> None:
    env = {launchers.CMDLINE_VAR: r'"C:\WINDOWS\system32\cmd.exe"'}
    assert launchers.chosen_files(["a.xlsx"], CHECK, env) == [Path("a.xlsx")]
    assert launchers.files_from_cmdline(explorer_line(CHECK), CHECK) == []


def test_lock_files_and_other_files_are_skipped() -> None:
    good, skipped = launchers.workbooks([Path("a.xlsx"), Path("~$a.xlsx"), Path("b.docx")])
    assert good == [Path("a.xlsx")] and skipped == [Path("~$a.xlsx"), Path("b.docx")]


# --- the command lines ------------------------------------------------------------------------


def test_steps_name_their_outputs_beside_the_workbook(tmp_path: Path) -> None:
    book = tmp_path / "Kế hoạch & Báo cáo" / "Trường A&B.xlsx"
    check, = launchers.steps("check", [book], python="py")
    assert check.command == ["py", "-m", "qplan_xl", "validate", str(book), "--annotate", str(check.result)]
    assert check.result == book.with_name("Trường A&B - Kiểm tra.xlsx")
    build, = launchers.steps("build", [book], python="py")
    assert build.command[3:5] == ["build", str(book)] and build.result.suffix == ".docx"
    merge, = launchers.steps("merge", [book, book], python="py")
    assert merge.command[3:6] == ["merge", str(book), str(book)] and merge.result.parent == book.parent


def test_an_output_open_in_excel_gets_the_next_number(tmp_path: Path) -> None:
    book = tmp_path / "Trường A.xlsx"
    first = launchers.steps("check", [book])[0].result
    first.write_bytes(b"x")
    (tmp_path / f"~${first.name}").write_bytes(b"lock")
    assert launchers.steps("check", [book])[0].result.name == "Trường A - Kiểm tra (2).xlsx"


def _run_like_explorer(job: str, files: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m qplan_xl excel run JOB` as the launcher starts it: argv cut at "&", the whole
    line in QPLAN_CMDLINE."""
    launcher = m.LAUNCH_JOBS[job] + ".cmd"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUTF8": "1",
           launchers.CMDLINE_VAR: explorer_line(launcher, *map(str, files))}
    cut = [str(files[0]).split("&")[0]]
    return subprocess.run([sys.executable, "-m", "qplan_xl", "excel", "run", job, *cut], env=env, cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL, check=False)


@pytest.fixture
def school(tmp_path: Path) -> Path:
    folder = tmp_path / "Kế hoạch & Báo cáo"
    folder.mkdir()
    return folder


def test_check_runs_on_a_workbook_open_in_excel(school: Path) -> None:
    book = school / "Trường A&B.xlsx"
    shutil.copy(BROKEN, book)
    (school / "~$Trường A&B.xlsx").write_bytes(b"Excel's owner file")  # the workbook is open
    done = _run_like_explorer("check", [book], school)
    assert done.returncode == 1, done.stderr  # invalid: errors listed, the copy written
    assert (school / "Trường A&B - Kiểm tra.xlsx").is_file()
    assert book.read_bytes() == BROKEN.read_bytes()


def test_build_and_merge_run_on_vietnamese_paths(school: Path) -> None:
    book = school / "Trường Tiểu học Thanh Hưng.xlsx"
    other = school / "A&B.xlsx"
    shutil.copy(VALID, book)
    shutil.copy(VALID, other)
    assert _run_like_explorer("build", [book], school).returncode == 0
    assert (school / "Trường Tiểu học Thanh Hưng - Kế hoạch.docx").is_file()
    done = _run_like_explorer("merge", [book, other], school)
    assert done.returncode == 0, done.stderr
    assert (school / "Tổng hợp.xlsx").is_file()


def test_no_workbook_is_a_usage_message(tmp_path: Path) -> None:
    done = _run_like_explorer("check", [tmp_path / "ghi chú.txt"], tmp_path)
    assert done.returncode == 2 and m.LAUNCH["no_files"] in done.stderr


# --- the launcher scripts ------------------------------------------------------------------


def test_launcher_script_is_ascii_and_hands_python_the_whole_line() -> None:
    text = scripts.launcher_cmd("check", launchers.py_call((3, 12), 64)).decode("ascii")
    lines = text.split("\r\n")
    assert 'set "QPLAN_CMDLINE=!cmdcmdline!"' in lines
    assert "py -3.12 -m qplan_xl excel run check %*" in lines
    assert lines.index("setlocal DisableDelayedExpansion") < lines.index("py -3.12 -m qplan_xl excel run check %*")
    assert "exit" in lines  # the rest of a line cut at "&" never runs
    assert launchers.py_call((3, 11), 32) == "py -3.11-32"


def test_launchers_go_to_send_to_and_the_desktop(tmp_path: Path) -> None:
    env = {"APPDATA": str(tmp_path / "Roaming"), "USERPROFILE": str(tmp_path / "Nguyễn Lan")}
    written = launchers.write_launchers(env, python="py -3.12")
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert "Roaming/Microsoft/Windows/SendTo/qplan - Kiểm tra.cmd" in names
    assert "Nguyễn Lan/Desktop/qplan (thả sổ vào đây).cmd" in names
    assert len(written) == 4 and all(p.read_bytes().isascii() for p in written)


def test_a_folder_is_merged_and_the_result_written_beside_it(school: Path) -> None:
    shutil.copy(VALID, school / "Trường A.xlsx")
    good, skipped = launchers.workbooks([school])
    assert good == [school] and skipped == []
    merge, = launchers.steps("merge", good, python="py")
    assert merge.command[3:5] == ["merge", str(school)] and merge.result.parent == school.parent
    assert launchers.steps("check", good) == []


def test_the_desktop_drop_target_asks_which_job(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from qplan_xl.cli import cli

    book = school / "Trường A.xlsx"
    shutil.copy(VALID, book)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv(launchers.CMDLINE_VAR, explorer_line(m.LAUNCH_JOBS["menu"] + ".cmd", str(book)))
    result = CliRunner().invoke(cli, ["excel", "run", "menu"], input="1\n")
    assert result.exit_code == 0, result.output
    assert (school / "Trường A - Kiểm tra.xlsx").is_file()


def test_uninstall_removes_what_install_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from qplan_xl.cli import cli

    env = {"APPDATA": str(tmp_path / "Roaming"), "USERPROFILE": str(tmp_path / "Nguyễn Lan")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    made = launchers.write_launchers(env, python="py -3.12")
    conf = tmp_path / "Nguyễn Lan" / ".qplan" / "qplan.conf"
    conf.parent.mkdir()
    conf.write_text("x")
    result = CliRunner().invoke(cli, ["excel", "uninstall"])
    assert result.exit_code == 0, result.output
    assert not conf.exists() and not any(p.exists() for p in made)
