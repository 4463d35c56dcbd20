"""`qplan excel bundle`: the offline installer folder resolves for Windows, its scripts are sound."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.excel import addin, bundle, scripts

# One Python per platform here (the download needs the registry; CI has it). The command's
# default serves 3.10-3.13 on both platforms.
TEST_PYTHON = "3.12"


def _clean_pip_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """pip without this machine's own config (local wheel folders would hide a missing wheel)."""
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    for key in ("PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_NO_INDEX", "PIP_INDEX_URL"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "qplan cài đặt"
    result = CliRunner().invoke(cli, ["excel", "bundle", "-o", str(out), "--python", TEST_PYTHON])
    assert result.exit_code == 0, result.output
    return out


def test_bundle_holds_the_wheels_the_addin_and_the_scripts(folder: Path) -> None:
    names = {p.name for p in folder.iterdir()}
    assert {"wheels", "qplan.xlam", "install.cmd", "uninstall.cmd", "HUONG-DAN.txt"} <= names
    assert addin.check_addin(folder / "qplan.xlam") == []
    wheels = {w.name for w in bundle.wheels_in(folder / "wheels")}
    assert {"qplan-xl", "xlwings", "pywin32", "python-calamine", "lxml", "pydantic-core"} <= wheels


@pytest.mark.parametrize("platform", bundle.PLATFORMS)
def test_every_requirement_has_a_windows_wheel(folder: Path, platform: str) -> None:
    # pip evaluates markers for this Linux machine; this walk uses Windows' (pywin32 is needed).
    target = bundle.Target(platform, TEST_PYTHON)
    assert bundle.unmet_requirements(folder / "wheels", target) == []


@pytest.mark.parametrize("platform", bundle.PLATFORMS)
def test_pip_resolves_the_folder_offline(folder: Path, platform: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_pip_env(monkeypatch)
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--find-links",
               str(folder / "wheels"), *bundle.Target(platform, TEST_PYTHON).pip_options(),
               "--target", str(tmp_path / "t"), "--report", str(report), "-q", "qplan-xl[excel]"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    installed = {i["metadata"]["name"].lower() for i in json.loads(report.read_text())["install"]}
    assert {"qplan-xl", "xlwings", "python-calamine", "openpyxl", "python-docx", "pydantic"} <= installed


def test_offline_is_a_vietnamese_error_exit_1(folder: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_pip_env(monkeypatch)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")  # nothing listens there
    wheel = bundle.newest_project_wheel(folder / "wheels")
    out = tmp_path / "offline"
    result = CliRunner().invoke(cli, ["excel", "bundle", "-o", str(out), "--python", TEST_PYTHON,
                                      "--platform", "win32", "--wheel", str(wheel)])
    assert result.exit_code == 1
    assert m.BUNDLE["offline"].split(":")[0] in result.output


def test_bundle_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x")
    result = CliRunner().invoke(cli, ["excel", "bundle", "-o", str(tmp_path)])
    assert result.exit_code == 2


# --- the closure walk and the failure classes, without the registry ----------------------------


def _wheel(folder: Path, name: str, tag: str, requires: list[str], python: str = "") -> None:
    dist = name.replace("-", "_")
    with zipfile.ZipFile(folder / f"{dist}-1.0-{tag}.whl", "w") as whl:
        meta = "".join(f"Requires-Dist: {r}\n" for r in requires) + (f"Requires-Python: {python}\n" if python else "")
        whl.writestr(f"{dist}-1.0.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n{meta}")


def test_closure_uses_windows_markers_extras_and_tags(tmp_path: Path) -> None:
    _wheel(tmp_path, "qplan-xl", "py3-none-any", ["tool; extra == 'excel'", "mac-only; sys_platform == 'darwin'"])
    _wheel(tmp_path, "tool", "cp312-cp312-win_amd64", ["pywin32; platform_system == 'Windows'"])
    amd64, x86 = bundle.Target("win_amd64", "3.12"), bundle.Target("win32", "3.12")
    assert bundle.unmet_requirements(tmp_path, amd64) == ["pywin32"]
    assert bundle.unmet_requirements(tmp_path, x86) == ["tool"]
    _wheel(tmp_path, "pywin32", "cp312-cp312-win_amd64", [])
    assert bundle.unmet_requirements(tmp_path, amd64) == []


def test_closure_checks_requires_python(tmp_path: Path) -> None:
    _wheel(tmp_path, "qplan-xl", "py3-none-any", ["tool"])
    _wheel(tmp_path, "tool", "py3-none-any", [], python=">=3.11")
    assert bundle.unmet_requirements(tmp_path, bundle.Target("win32", "3.10")) == ["tool"]
    assert bundle.unmet_requirements(tmp_path, bundle.Target("win32", "3.11")) == []


def test_download_failures_are_told_apart() -> None:
    offline = "WARNING: Retrying ... NewConnectionError('Failed to establish a new connection')\nERROR: No matching distribution"
    assert bundle.is_network_failure(offline)
    assert not bundle.is_network_failure("ERROR: No matching distribution found for lxml")
    with pytest.raises(bundle.BundleError):
        bundle._download_problem(offline)
    problem = bundle._download_problem("x\nERROR: No matching distribution found for lxml\n")
    assert problem == m.PIP_PACKAGE.format(reason=m.PIP_ERRORS[0][1], name="lxml")  # Vietnamese, not pip's text


def test_a_target_without_wheels_is_skipped_not_fatal(tmp_path: Path) -> None:
    def runner(command: list[str]) -> subprocess.CompletedProcess[str]:
        failed = "3.10" in command
        return subprocess.CompletedProcess(command, int(failed), "", "ERROR: No matching distribution" if failed else "")

    _wheel(tmp_path, "qplan-xl", "py3-none-any", [])
    targets = [bundle.Target("win32", "3.10"), bundle.Target("win32", "3.12")]
    result = bundle.build_bundle(tmp_path / "out", targets, wheel=next(tmp_path.glob("*.whl")), runner=runner)
    assert result.served == [targets[1]] and [t for t, _ in result.skipped] == [targets[0]]
    assert b"for %%V in (3.12) do" in (tmp_path / "out" / "install.cmd").read_bytes()


# --- the scripts --------------------------------------------------------------------------------


def test_cmd_scripts_are_ascii_crlf_and_install_offline() -> None:
    text = scripts.install_cmd(["3.11", "3.13", "3.10"])
    assert text.isascii() and b"\n" not in text.replace(b"\r\n", b"")
    assert b'--no-index --find-links "%QPLAN_DIR%wheels"' in text
    assert b"for %%V in (3.13 3.11 3.10) do" in text
    assert b"py -3 --version" in text and b"XLSTART" not in text  # Python installs the add-in
    assert b"--launchers --log" in text
    assert b"dang cai cac goi" in text  # the Vietnamese line, without diacritics
    uninstall = scripts.uninstall_cmd(["3.12", "3.10"])
    assert uninstall.isascii() and b"for %%V in (3.12 3.10) do py -%%V -m pip uninstall -y qplan-xl" in uninstall


def test_echo_lines_escape_cmd_characters() -> None:
    assert scripts._echo_safe("a (b) & c > d 100%") == "a ^(b^) ^& c ^> d 100%%"


def test_ascii_fold_keeps_vietnamese_readable() -> None:
    assert scripts.ascii_fold("Đang cài đặt «qplan» – Kiểm tra") == 'Dang cai dat "qplan" - Kiem tra'


def test_guide_is_utf8_with_bom_and_crlf(folder: Path) -> None:
    data = (folder / "HUONG-DAN.txt").read_bytes()
    assert data.startswith(scripts.UTF8_BOM)
    text = data[3:].decode("utf-8")
    assert "HƯỚNG DẪN" in text and "\r\n" in text and "Python 3.12 64-bit" in text


def test_python_m_qplan_xl_reaches_the_commands_install_cmd_uses() -> None:
    # install.cmd and the launchers call `py -3.X -m qplan_xl …` (qplan may not be on the PATH).
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for args in (["--help"], ["excel", "install", "--help"], ["excel", "bundle", "--help"]):
        done = subprocess.run([sys.executable, "-m", "qplan_xl", *args], capture_output=True, text=True,
                              encoding="utf-8", env=env, check=False)
        assert done.returncode == 0, done.stderr
    install = subprocess.run([sys.executable, "-m", "qplan_xl", "excel", "install", "--help"],
                             capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    assert "--launchers" in install.stdout and "--log" in install.stdout
