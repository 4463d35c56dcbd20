"""The Windows scripts qplan writes: install.cmd, uninstall.cmd, the guide, the Explorer launchers."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from qplan_xl import messages as m

# .cmd files are ASCII with CRLF: cmd.exe reads a batch file in the console's OEM code page
# (and `chcp 65001` inside a batch breaks on Windows 7/8.1), so Vietnamese with diacritics is
# printed by Python (Unicode console API) and the batch only says a few lines without them.
GUIDE_NAME = "HUONG-DAN.txt"
UTF8_BOM = b"\xef\xbb\xbf"

INSTALL_CMD = r"""@echo off
rem qplan-xl offline installer, written by "qplan excel bundle".
rem ASCII on purpose: cmd.exe reads this file in the OEM code page (docs/decisions.md).
setlocal EnableExtensions DisableDelayedExpansion
set "QPLAN_DIR=%~dp0"
set "QPLAN_LOG=%TEMP%\qplan-install.log"
set "PYTHONUTF8=1"
> "%QPLAN_LOG%" echo qplan-xl install %DATE% %TIME% from "%QPLAN_DIR%"
echo {start}
py -3 --version >> "%QPLAN_LOG%" 2>&1
if errorlevel 1 goto no_python
set "QPLAN_PY="
for %%V in ({versions}) do if not defined QPLAN_PY py -%%V -c "import sys" >nul 2>&1 && set "QPLAN_PY=%%V"
if not defined QPLAN_PY goto wrong_python
>> "%QPLAN_LOG%" echo Python %QPLAN_PY%
echo {pip}
py -%QPLAN_PY% -m pip install --no-index --find-links "%QPLAN_DIR%wheels" --upgrade "qplan-xl[excel]" >> "%QPLAN_LOG%" 2>&1
if errorlevel 1 goto pip_failed
py -%QPLAN_PY% -m qplan_xl excel install --addin "%QPLAN_DIR%qplan.xlam" --launchers --log "%QPLAN_LOG%"
if errorlevel 1 goto failed
echo.
pause
exit /b 0

:no_python
echo {no_python}
goto end
:wrong_python
echo {wrong_python}
goto end
:pip_failed
echo {pip_failed}
goto end
:failed
echo {failed}
:end
echo {log}
echo "%QPLAN_LOG%"
pause
exit /b 1
"""

UNINSTALL_CMD = r"""@echo off
rem qplan-xl uninstaller, written by "qplan excel bundle" (ASCII, see install.cmd).
setlocal EnableExtensions DisableDelayedExpansion
set "PYTHONUTF8=1"
set "QPLAN_DONE="
for %%V in ({versions}) do if not defined QPLAN_DONE py -%%V -m qplan_xl excel uninstall 2>nul && set "QPLAN_DONE=1"
for %%V in ({versions}) do py -%%V -m pip uninstall -y qplan-xl >nul 2>&1
echo {done}
pause
"""

# Explorer quotes a dropped or sent path only when it has a space: a name like D:\A&B.xlsx
# reaches cmd unquoted and "&" cuts the line. So the launcher hands Python its whole command
# line (delayed expansion keeps "&", "^" and "%" literal) and ends with `exit`, so that
# the rest of a cut line never runs.
LAUNCHER_CMD = r"""@echo off
rem qplan: {job} (Explorer "Send to" and drop target), written by "qplan excel install".
setlocal EnableDelayedExpansion
set "QPLAN_CMDLINE=!cmdcmdline!"
setlocal DisableDelayedExpansion
{python} -m qplan_xl excel run {job} %*
exit
"""


class HasLabel(Protocol):
    @property
    def label(self) -> str: ...

    @property
    def python(self) -> str: ...


def ascii_fold(text: str) -> str:
    """Vietnamese without diacritics, for a .cmd (Kiem tra for the word with its marks)."""
    for fancy, simple in m.ASCII_FOLD.items():
        text = text.replace(fancy, simple)
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.encode("ascii", "replace").decode("ascii")


def cmd_text(template: str, **values: str) -> bytes:
    """A .cmd file: ASCII, CRLF; `echo` lines get their messages folded to ASCII."""
    folded = {key: _echo_safe(ascii_fold(value)) for key, value in values.items()}
    text = template.format(**folded).replace("\r\n", "\n").replace("\n", "\r\n")
    return text.encode("ascii")


def _echo_safe(text: str) -> str:
    """cmd special characters escaped for `echo` (the message text is ours, but keep it safe)."""
    for char in "^&|<>()%":
        text = text.replace(char, "%%" if char == "%" else "^" + char)
    return text


def install_cmd(versions: Sequence[str]) -> bytes:
    texts = {key: m.BUNDLE_CMD[key] for key in
             ("start", "pip", "no_python", "wrong_python", "pip_failed", "failed", "log")}
    texts["wrong_python"] = texts["wrong_python"].format(versions=", ".join(versions))
    return cmd_text(INSTALL_CMD.replace("{versions}", _newest_first(versions)), **texts)


def uninstall_cmd(versions: Sequence[str]) -> bytes:
    return cmd_text(UNINSTALL_CMD.replace("{versions}", _newest_first(versions)),
                    done=m.BUNDLE_CMD["uninstalled"])


def _newest_first(versions: Sequence[str]) -> str:
    return " ".join(sorted(versions, key=lambda v: tuple(int(p) for p in v.split(".")), reverse=True))


def launcher_cmd(job: str, python: str) -> bytes:
    """The Send-to / drop-target script of one job, calling `python` (an ASCII py launcher call)."""
    text = LAUNCHER_CMD.format(job=job, python=python).replace("\n", "\r\n")
    return text.encode("ascii")


def guide_text(targets: Iterable[HasLabel]) -> bytes:
    """HUONG-DAN.txt: UTF-8 with a BOM (Notepad of Windows 7/8.1 needs it to read UTF-8)."""
    labels = ", ".join(t.label for t in targets)
    text = m.BUNDLE["guide"].format(pythons=labels)
    return UTF8_BOM + text.replace("\n", "\r\n").encode("utf-8")


def write_scripts(dest: Path, targets: Sequence[HasLabel]) -> None:
    versions = sorted({t.python for t in targets})
    (dest / "install.cmd").write_bytes(install_cmd(versions))
    (dest / "uninstall.cmd").write_bytes(uninstall_cmd(versions))
    (dest / GUIDE_NAME).write_bytes(guide_text(targets))
