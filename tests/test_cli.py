"""The command line's one boundary (QplanError -> message and exit code) and `python -m qplan_xl`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import qplan_xl.merge
from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.errors import QplanError
from qplan_xl.merge import MergeError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "mam-non-hoa-sen-2023-2024.xlsx"


def _python_m(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "qplan_xl", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=120)


def test_python_m_shows_the_help() -> None:
    done = _python_m("--help")
    assert done.returncode == 0 and done.stdout.startswith("Cách dùng: qplan [TÙY_CHỌN] LỆNH")
    assert all(f"  {name} " in done.stdout for name in cli.list_commands(None))  # type: ignore[arg-type]


def test_python_m_explains_a_usage_error_in_vietnamese() -> None:
    done = _python_m("validate")
    assert done.returncode == 2
    assert done.stderr.startswith(m.cli_message("usage_error", detail="", command="")[:10])
    assert "qplan validate --help" in done.stderr


def test_python_m_runs_a_command_like_qplan() -> None:
    done = _python_m("validate", str(SAMPLE), "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["valid"] is True


@pytest.mark.parametrize(("error", "code"), [(MergeError("khong the gop"), 2), (QplanError("hong"), 1)])
def test_a_library_failure_ends_in_its_message_and_exit_code(
    error: QplanError, code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(qplan_xl.merge, "merge_workbooks", fail)
    result = CliRunner().invoke(cli, ["merge", str(SAMPLE), "-o", str(tmp_path / "out.xlsx")])
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", f"{error.message}\n")



@pytest.mark.parametrize(("args", "expected"), [
    (["excel", "bundle"], "thiếu tùy chọn -o / --output"),
    (["validate"], "thiếu FILE"),
    (["validate", "--format", "xml", "x.xlsx"], "chọn một trong: text, json"),
    (["nope"], "không có lệnh «nope»"),
    (["validate", "--bogus", "x"], "không có tùy chọn --bogus"),
    (["merge", "/khong-co-thu-muc-nay", "-o", "x.xlsx"], "không tìm thấy tệp hoặc thư mục «/khong-co-thu-muc-nay»"),
    (["diff", "a", "b", "c"], "thừa giá trị: c"),
])
def test_click_usage_errors_are_said_in_vietnamese(args: list[str], expected: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from qplan_xl.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(args)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and expected in err
    for english in ("Missing", "No such", "Invalid value", "does not exist", "unexpected extra", "Got "):
        assert english not in err


# What click would write in English around a command's help, and the placeholders of its values.
CLICK_ENGLISH = re.compile(r"Usage|Options|Commands|Arguments|Show (this|the)|default|required|deprecated"
                           r"|\b(TEXT|INTEGER|FLOAT|FILE|DIRECTORY|PATH|RANGE|OPTIONS|COMMAND|ARGS|CODE|INPUTS"
                           r"|OLD|NEW|SOURCE|FILES|JOB)\b")


def _every_command(group: click.Group, path: list[str]) -> list[list[str]]:
    found = [path]
    for name, command in group.commands.items():
        args = [*path, name] if not isinstance(command, click.Group) or not command.params else [*path, name, "X"]
        found += _every_command(command, args) if isinstance(command, click.Group) else [args]
    return found


def test_every_help_is_in_vietnamese() -> None:
    runner = CliRunner()
    commands = _every_command(cli, [])
    assert len(commands) > 15
    for args in commands:
        done = runner.invoke(cli, [*args, "--help"])
        assert done.exit_code == 0, (args, done.output)
        english = CLICK_ENGLISH.search(done.output)
        assert english is None, (args, english[0] if english else "", done.output)


X14_VALIDATION = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                  b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
                  b'count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation '
                  b'type="list"><x14:formula1><xm:f>Sheet2!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>Z1</xm:sqref>'
                  b"</x14:dataValidation></x14:dataValidations></ext></extLst>")


def test_library_warnings_never_reach_the_user(tmp_path: Path) -> None:
    """Excel writes list validations that point to another sheet as an extension, which openpyxl
    warns about in English when it loads the workbook (`qplan diff -o` does)."""
    source = ROOT / "samples" / "gdtx-tan-lap-2026-2027.xlsx"
    book = tmp_path / "ke-hoach.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info, data.replace(b"</worksheet>", X14_VALIDATION + b"</worksheet>")
                         if info.filename.startswith("xl/worksheets/") else data)
    done = _python_m("diff", str(book), str(book), "-o", str(tmp_path / "so-sanh.xlsx"))
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "warn(" not in done.stderr, done.stderr


def test_a_program_error_is_a_message_and_a_log_never_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import qplan_xl.cli.school as school
    from qplan_xl.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("an English text nobody should read")

    monkeypatch.setattr(school, "validate_workbook", broken, raising=False)
    monkeypatch.setattr("qplan_xl.validation.validate_workbook", broken)
    monkeypatch.setenv("QPLAN_LOG", str(tmp_path / "qplan.log"))
    with pytest.raises(SystemExit) as ended:
        main(["validate", str(ROOT / "samples" / "gdtx-tan-lap-2026-2027.xlsx")])
    err = capsys.readouterr().err
    assert ended.value.code == 1
    assert err.startswith("Lỗi trong phần mềm qplan") and str(tmp_path / "qplan.log") in err
    assert "Traceback" not in err and "English" not in err
    assert "RuntimeError: an English text" in (tmp_path / "qplan.log").read_text(encoding="utf-8")
