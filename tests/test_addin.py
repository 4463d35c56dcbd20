"""The .xlam builder: VBA inspected with olevba, ribbon wiring, reproducible bytes, install plan."""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from pyopenvba import ExcelFile

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.excel import addin


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("addin") / "qplan.xlam"
    addin.build_addin(path)
    return path


def _macros(path: Path) -> dict[str, str]:
    """Module name -> source as olevba (an independent VBA reader) extracts it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # olevba uses old pyparsing names
        from oletools.olevba import VBA_Parser

        parser = VBA_Parser(str(path))
        try:
            return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
        finally:
            parser.close()


def _subs(code: str) -> set[str]:
    return set(re.findall(r"^\s*(?:Public\s+|Private\s+)?Sub\s+(\w+)", code, re.MULTILINE | re.IGNORECASE))


def test_olevba_lists_our_modules_in_ascii(built: Path) -> None:
    macros = _macros(built)
    assert {"xlwings", "QPlan", "ThisWorkbook"} <= set(macros)
    assert "Module1" not in macros
    assert all(code.isascii() for code in macros.values())


def test_buttons_call_runpython_into_qplan_xl_excel(built: Path) -> None:
    code = _macros(built)["QPlan"]
    assert 'RunPython "import qplan_xl.excel as e; e." & entry & "()"' in code
    entries = set(re.findall(r'RunEntry "(\w+)"', code))
    import qplan_xl.excel as excel

    assert entries == {"check", "summarize", "generate_plan", "generate_pdf", "clear_marks", "show_help"}
    assert all(callable(getattr(excel, name)) for name in entries)


def test_xlwings_module_is_the_custom_addin_variant(built: Path) -> None:
    code = _macros(built)["xlwings"]
    assert 'Public Const PROJECT_NAME As String = "qplan"' in code
    assert '" --wb=" & """" & ActiveWorkbook.Name' in code  # Book.caller() is the user's workbook


def test_ribbon_buttons_call_subs_that_exist(built: Path) -> None:
    with zipfile.ZipFile(built) as package:
        ribbon = package.read(addin.RIBBON_PART)
        rels = ElementTree.fromstring(package.read(addin.PACKAGE_RELS))
        types = package.read(addin.CONTENT_TYPES).decode()
    actions = addin.ribbon_actions(ribbon)
    assert len(actions) >= 5
    assert set(actions) <= _subs(_macros(built)["QPlan"])
    labels = [b.get("label") for b in ElementTree.fromstring(ribbon).iter(f"{{{addin.RIBBON_NS}}}button")]
    assert {"Kiểm tra", "Tổng hợp", "Tạo kế hoạch (Word)", "Tạo PDF", "Hướng dẫn"} <= set(labels)
    targets = {r.get("Target"): r.get("Type") for r in rels}
    assert targets[addin.RIBBON_PART] == addin.RIBBON_REL_TYPE
    assert addin.ADDIN_CONTENT_TYPE in types


def test_pyopenvba_finds_no_problem(built: Path) -> None:
    with ExcelFile(built) as book:
        assert book.validate() == []
        assert "Office" in [r.name for r in book.references()]  # IRibbonControl lives there
    assert addin.check_addin(built) == []


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlam"
    addin.build_addin(again)
    assert again.read_bytes() == built.read_bytes()


def test_vietnamese_text_reaches_vba_as_escapes_that_decode_back() -> None:
    rendered = addin.vba_sources()["QPlan"]
    assert "{{" not in rendered and rendered.isascii()
    literal = re.search(r'TEXT_NO_WORKBOOK As String = "(.*)"\r\n', rendered).group(1)
    assert addin.decode_vba_text(literal) == m.EXCEL["vba_no_workbook"].replace("\n", "\r\n")


def test_escape_handles_quotes_and_backslashes() -> None:
    text = 'a "b" C:\\x\nđ'
    assert addin.decode_vba_text(addin.escape_vba_text(text)) == text.replace("\n", "\r\n")


def test_unknown_placeholder_or_non_ascii_source_is_refused(tmp_path: Path) -> None:
    with pytest.raises(addin.AddinError):
        addin.render_vba('Const X = "{{no_such_key}}"')
    with pytest.raises(addin.AddinError):
        addin.render_vba('MsgBox "Tạo"')


def test_cli_build_addin(tmp_path: Path) -> None:
    out = tmp_path / "Thư mục" / "qplan.xlam"
    result = CliRunner().invoke(cli, ["excel", "build-addin", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert addin.check_addin(out) == []


def test_cli_build_addin_wants_xlam(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["excel", "build-addin", "-o", str(tmp_path / "x.xlsm")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.xlsm").exists()


def test_missing_pyopenvba_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyopenvba", None)
    with pytest.raises(addin.AddinError) as caught:
        addin.build_addin(tmp_path / "q.xlam")
    assert "pyOpenVBA" in str(caught.value)
    assert not (tmp_path / "q.xlam").exists()


# --- install ---------------------------------------------------------------------------------

ENV = {"APPDATA": r"C:\Users\Lan\AppData\Roaming", "USERPROFILE": r"C:\Users\Lan"}


def test_install_plan_uses_xlstart_and_the_qplan_conf() -> None:
    plan = addin.install_plan(python=r"C:\Python311\pythonw.exe", env=ENV)
    assert str(plan.target) == r"C:\Users\Lan\AppData\Roaming\Microsoft\Excel\XLSTART\qplan.xlam"
    assert str(plan.config) == r"C:\Users\Lan\.qplan\qplan.conf"
    assert plan.config_text().splitlines() == [
        '"INTERPRETER_WIN","C:\\Python311\\pythonw.exe"',
        '"ADD_WORKBOOK_TO_PYTHONPATH","false"',
    ]


def test_config_keeps_other_settings_and_replaces_ours() -> None:
    existing = '"interpreter_win","C:\\old\\python.exe"\r\n"SHOW CONSOLE","True"\r\n'
    text = addin.merge_config(existing, [("INTERPRETER_WIN", "C:\\new\\pythonw.exe")])
    assert text.splitlines() == ['"SHOW CONSOLE","True"', '"INTERPRETER_WIN","C:\\new\\pythonw.exe"']
    assert text.endswith("\r\n")


def test_interpreter_prefers_pythonw(tmp_path: Path) -> None:
    (tmp_path / "python.exe").write_bytes(b"")
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert addin.default_interpreter(str(tmp_path / "python.exe")) == str(tmp_path / "pythonw.exe")
    assert addin.default_interpreter("/usr/bin/python3") == "/usr/bin/python3"


def test_install_warns_about_missing_or_accented_interpreter() -> None:
    plan = addin.install_plan(python=r"C:\Người dùng\python\pythonw.exe", env=ENV)
    assert len(addin.install_warnings(plan)) == 2


def test_cli_install_dry_run_prints_the_plan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    existing = tmp_path / "qplan.xlam"
    existing.write_bytes(b"x")
    result = CliRunner().invoke(
        cli, ["excel", "install", "--dry-run", "--python", r"C:\Python311\pythonw.exe", "--addin", str(existing)]
    )
    assert result.exit_code == 0, result.output
    assert r"C:\Users\Lan\AppData\Roaming\Microsoft\Excel\XLSTART\qplan.xlam" in result.output
    assert str(existing) in result.output
    assert '"INTERPRETER_WIN","C:\\Python311\\pythonw.exe"' in result.output


def test_cli_install_without_dry_run_is_windows_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.name", "posix")
    result = CliRunner().invoke(cli, ["excel", "install", "--python", "/usr/bin/python3"])
    assert result.exit_code == 2
    assert m.EXCEL_CLI["windows_only"] in result.output


def test_cli_install_missing_addin_is_usage(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["excel", "install", "--dry-run", "--addin", str(tmp_path / "no.xlam")])
    assert result.exit_code == 2


def test_run_install_builds_the_addin_and_merges_the_config(tmp_path: Path) -> None:
    config = tmp_path / "profile" / ".qplan" / "qplan.conf"
    config.parent.mkdir(parents=True)
    config.write_text('"SHOW CONSOLE","True"\r\n', encoding="utf-8")
    plan = addin.InstallPlan(None, tmp_path / "XLSTART" / "qplan.xlam", config, "C:\\Python311\\pythonw.exe",
                             (("INTERPRETER_WIN", "C:\\Python311\\pythonw.exe"),) + addin.FIXED_CONFIG)
    addin.run_install(plan)
    assert addin.check_addin(tmp_path / "XLSTART" / "qplan.xlam") == []
    lines = config.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '"SHOW CONSOLE","True"' and '"ADD_WORKBOOK_TO_PYTHONPATH","false"' in lines


def test_run_install_copies_a_given_addin(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "XLSTART" / "qplan.xlam"
    plan = addin.InstallPlan(built, target, tmp_path / "qplan.conf", "python", (("INTERPRETER_WIN", "python"),))
    addin.run_install(plan)
    assert target.read_bytes() == built.read_bytes()


# --- Windows details: Vietnamese user names, the conf file's code page ----------------------

VI_ENV = {"APPDATA": r"C:\Users\Nguyễn Lan\AppData\Roaming", "USERPROFILE": r"C:\Users\Nguyễn Lan",
          "LOCALAPPDATA": r"C:\Users\Nguyễn Lan\AppData\Local"}
VI_PYTHON = r"C:\Users\Nguyễn Lan\AppData\Local\Programs\Python\Python312\pythonw.exe"


def test_a_python_under_a_vietnamese_profile_is_written_with_a_variable() -> None:
    plan = addin.install_plan(python=VI_PYTHON, env=VI_ENV)
    assert dict(plan.settings)["INTERPRETER_WIN"] == r"%LOCALAPPDATA%\Programs\Python\Python312\pythonw.exe"
    assert plan.interpreter == VI_PYTHON  # checked for existence as it really is
    assert m.EXCEL_CLI["python_non_ascii"].split("«")[0] not in "".join(addin.install_warnings(plan))
    assert addin.portable_path(r"C:\Python311\pythonw.exe", VI_ENV) == r"C:\Python311\pythonw.exe"
    assert addin.portable_path(r"D:\Phần mềm\pythonw.exe", VI_ENV) == r"D:\Phần mềm\pythonw.exe"


def test_conf_file_is_written_in_the_ansi_code_page_so_it_must_stay_ascii() -> None:
    # VBA's `Line Input #` decodes the file in the ANSI code page (cp1258 on Vietnamese
    # Windows); "mbcs" is that code page for Python on Windows.
    assert ("mbcs" if os.name == "nt" else "utf-8") == addin.CONF_ENCODING
    plan = addin.install_plan(python=VI_PYTHON, env=VI_ENV)
    text = plan.config_text()
    for codepage in ("cp1258", "cp1252", "utf-8"):
        assert addin.config_bytes(text, codepage) == text.encode("ascii")
    raw = addin.config_bytes(f'"INTERPRETER_WIN","{VI_PYTHON}"\r\n', "cp1258")
    assert b"?" in raw  # what an accented path would become: Excel could not find Python


def test_run_install_under_a_vietnamese_profile_writes_an_ascii_conf(tmp_path: Path) -> None:
    env = {**VI_ENV, "USERPROFILE": str(tmp_path / "Nguyễn Lan"), "APPDATA": str(tmp_path / "Roaming")}
    plan = addin.install_plan(python=VI_PYTHON, env=VI_ENV)
    plan = addin.InstallPlan(None, Path(env["APPDATA"]) / "XLSTART" / "qplan.xlam",
                             Path(env["USERPROFILE"]) / ".qplan" / "qplan.conf", plan.interpreter, plan.settings)
    addin.run_install(plan)
    assert Path(str(plan.config)).read_bytes().isascii()
